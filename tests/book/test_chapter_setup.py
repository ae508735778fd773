"""book/chapter_setup.py for chapters 4-6: evidence ids inside table text, short ids, figures for the
column, one call to glue a chapter's numbers."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[2]
PANDAS_OPTIONS = ["display.max_colwidth", "display.max_rows", "display.width", "display.precision"]


@pytest.fixture(scope="module")
def setup():
    """book/chapter_setup.py imported as a chapter does; matplotlib's and pandas' settings restored."""
    import matplotlib

    rc = matplotlib.rcParams.copy()
    options = {name: pd.get_option(name) for name in PANDAS_OPTIONS}
    spec = importlib.util.spec_from_file_location("chapter_setup", ROOT / "book" / "chapter_setup.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["chapter_setup"] = module
    spec.loader.exec_module(module)
    yield module
    matplotlib.rcParams.update(rc)
    for name, value in options.items():
        pd.set_option(name, value)


def test_short_ids_of_the_corpus_resolve_to_full_ids(setup) -> None:
    assert setup.full_id("001-1-25") == "001_1f5be98b5adc7a5e-1-25"
    assert setup.full_id("002-2") == "002_b2f53911b68c468c-2"
    assert setup.full_id("999-1-2") == "999-1-2"  # no such document: unchanged
    assert setup.full_id("2020-05-14") == "2020-05-14"
    link = setup.evidence_link("001-1-25")
    assert 'href="sources/001_1f5be98b5adc7a5e-1.html#001_1f5be98b5adc7a5e-1-25"' in link
    assert ">001_…-1-25</a>" in link


def test_ids_inside_table_text_link_to_their_sentence(setup) -> None:
    frame = pd.DataFrame(
        {
            "cell": [
                "Task forces were set up. [003_3994295fa6c43e31-1-30] / more [001-1-25]",
                "file 000_e68ce179375f246f.txt, 2020-05-14, [999-1-2], snake_case",
            ],
            "n": [1, 2],
        }
    )
    html = setup.show(frame)._repr_html_()
    assert html.count('class="evidence"') == 2
    assert 'href="sources/003_3994295fa6c43e31-1.html#003_3994295fa6c43e31-1-30"' in html
    assert "[<a " in html and ">003_…-1-30</a>]" in html and ">001_…-1-25</a>]" in html
    assert "000_<wbr>e68ce179375f246f.txt" in html  # a file name is not a link
    assert "[999-1-2]" in html and "snake_<wbr>case" in html
    plain = repr(setup.show(frame))
    assert "003_3994295fa6c43e31-1-30" in plain  # the text itself is unchanged


def test_an_evidence_column_of_short_ids_links(setup) -> None:
    html = setup.show(pd.DataFrame({"sentence": ["002-2-16"]}), evidence=["sentence"])._repr_html_()
    assert 'href="sources/002_b2f53911b68c468c-2.html#002_b2f53911b68c468c-2-16"' in html


def test_figure_is_made_for_the_column_with_panels(setup) -> None:
    fig, _ax = setup.figure(height=2.0)
    assert tuple(fig.get_size_inches()) == (setup.FIGURE_WIDTH, 2.0)
    assert type(fig.get_layout_engine()).__name__ == "ConstrainedLayoutEngine"
    fig, axes = setup.figure(height=3.0, ncols=2, sharey=True)
    assert len(axes) == 2 and axes[0].get_shared_y_axes().joined(axes[0], axes[1])
    fig, _ = setup.figure(layout=None)
    assert fig.get_layout_engine() is None


def test_glue_values_glues_each_without_display(setup, monkeypatch) -> None:
    calls = []
    monkeypatch.setattr(setup, "glue", lambda name, value, display=True: calls.append((name, value, display)))
    setup.glue_values({"n_a": 1, "share_b": "12%"})
    assert calls == [("n_a", 1, False), ("share_b", "12%", False)]
