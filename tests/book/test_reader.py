"""The book's reader-facing helpers: chapter_setup's tables and ids, the source pages, the reference labels,
the kernel transport and the search page's digit rule (book/_ext, book/chapter_setup.py, scripts/)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from conftest import load_module

ROOT = Path(__file__).resolve().parents[2]


PANDAS_OPTIONS = ["display.max_colwidth", "display.max_rows", "display.width", "display.precision"]


@pytest.fixture(scope="module")
def setup_module_():
    """book/chapter_setup.py, imported as a chapter does; matplotlib's and pandas' settings restored after."""
    import matplotlib

    rc = matplotlib.rcParams.copy()
    options = {name: pd.get_option(name) for name in PANDAS_OPTIONS}
    yield load_module(ROOT / "book" / "chapter_setup.py")
    matplotlib.rcParams.update(rc)
    for name, value in options.items():
        pd.set_option(name, value)


@pytest.mark.parametrize(
    ("evidence_id", "short", "url"),
    [
        (
            "001_1f5be98b5adc7a5e-1-61",
            "001_…-1-61",
            "sources/001_1f5be98b5adc7a5e-1.html#001_1f5be98b5adc7a5e-1-61",
        ),
        ("002_b2f53911b68c468c-2", "002_…-2", "sources/002_b2f53911b68c468c-2.html"),
        ("003_3994295fa6c43e31", "003", "sources/003_3994295fa6c43e31-1.html"),
        ("not an id", "not an id", None),
    ],
)
def test_ids_shorten_and_link_to_their_sentence(setup_module_, evidence_id, short, url) -> None:
    assert setup_module_.short_id(evidence_id) == short
    assert setup_module_.source_url(evidence_id) == url


def test_show_curates_links_and_pages(setup_module_) -> None:
    frame = pd.DataFrame(
        {
            "sentence_id": [f"001_1f5be98b5adc7a5e-1-{i}" for i in range(1, 15)],
            "recall": [0.995] * 14,
            "quote": [
                "加强支部共建、责任分包，统筹利用好“三个清单”“双报到”优质资源，开展特色志愿服务\n第二行"
            ]
            * 14,
            "hidden": range(14),
        },
        index=range(100, 114),  # not 0, 1, 2 …: shown as a column, never as pandas' index
    )
    table = setup_module_.show(frame, {"sentence_id": "Sentence", "recall": "Recall", "quote": "Quote (zh)"})
    html = table._repr_html_()
    assert "<th" in html and "Recall" in html and "hidden" not in html
    assert "0.995" in html and "1.00<" not in html  # no rounding that hides a miss
    assert 'href="sources/001_1f5be98b5adc7a5e-1.html#001_1f5be98b5adc7a5e-1-3"' in html
    assert 'data-paged="1"' in html  # more than PAGED_ROWS rows
    assert 'class="t-long" lang="zh"' in html and "↵" in html
    assert "index_0" not in html and ">100<" not in html
    short = setup_module_.show(frame.head(3), ["recall"])
    assert "data-paged" not in short._repr_html_()
    with pytest.raises(KeyError, match="no column"):
        setup_module_.show(frame, ["missing"])


def test_save_csv_writes_utf8_with_bom_and_full_headers(setup_module_, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(setup_module_, "TABLES_DIR", tmp_path)
    frame = pd.DataFrame({"n": [1, 2]}, index=pd.Index(["巩义", "荥阳"], name="place"))
    setup_module_.save_csv(frame, "places")
    raw = (tmp_path / "places.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.decode("utf-8-sig").splitlines()[0] == "place,n"
    with pytest.raises(ValueError, match="no name"):
        setup_module_.save_csv(pd.DataFrame({"": [1]}), "bad")


def test_source_pages_are_up_to_date() -> None:
    pages = load_module(ROOT / "scripts" / "write_source_pages.py")
    assert pages.main(["--check"]) == 0, "run: python scripts/write_source_pages.py"


def test_reference_labels_are_author_year_for_english_and_chinese() -> None:
    from pybtex.database import parse_string

    bib = load_module(ROOT / "book" / "_ext" / "govtext_bibtex.py")
    entries = parse_string(
        "@article{a, author={Birney, Mayling}, year={2014}, title={T}}\n"
        "@article{b, author={周雪光 and 练宏}, year={2012}, title={T}}\n"
        "@article{c, author={Liu, N. and Lo, C. and Zhan, X.}, year={2015}, title={T}}\n"
        "@misc{d, author={{国务院办公厅}}, year={2020}, title={T}}\n"
        "@misc{e, author={{国务院办公厅}}, year={2020}, title={U}}\n",
        "bibtex",
    ).entries
    labels = list(bib.AuthorYearLabelStyle().format_labels(entries.values()))
    assert labels == [
        "Birney, 2014",
        "周雪光 and 练宏, 2012",
        "Liu et al., 2015",
        "国务院办公厅, 2020a",
        "国务院办公厅, 2020b",
    ]


def test_kernels_start_over_ipc(tmp_path) -> None:
    kernel = load_module(ROOT / "book" / "_ext" / "govtext_kernel.py")
    assert kernel.use_ipc_transport()
    from jupyter_client.manager import AsyncKernelManager, KernelManager

    for manager in (KernelManager(), AsyncKernelManager()):
        assert manager.transport == "ipc"
        assert Path(manager.ip).is_absolute()  # kernel and build agree whatever their working folders


def test_search_index_check_keeps_all_digit_words() -> None:
    csi = load_module(ROOT / "scripts" / "check_search_index.py")
    index = csi.parse_search_index(
        'Search.setIndex({"docnames": ["a", "b"], "terms": {"13710": 1, "督办": [0, 1]}, "titleterms": {}})'
    )
    assert csi.search(index, "13710") == ["b"]
    assert csi.search(index, "13710督办") == ["b"]
