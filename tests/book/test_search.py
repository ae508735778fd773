"""The book's Chinese search: the index checker (scripts/check_search_index.py) on a tiny fake index,
and the Sphinx extension (book/_ext/govtext_search.py) on a one-page Sphinx project.

The built book itself is checked by `python scripts/check_search_index.py` after `make book`
(see `make test-browser`); nothing here needs `_build/`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import load_module

ROOT = Path(__file__).resolve().parents[2]


csi = load_module(ROOT / "scripts" / "check_search_index.py")
ext = load_module(ROOT / "book" / "_ext" / "govtext_search.py")

FAKE = (
    'Search.setIndex({"alltitles": {}, "docnames": ["book/intro", "book/02_programmes"], '
    '"envversion": {}, "filenames": ["book/intro.md", "book/02_programmes.ipynb"], "indexentries": {}, '
    '"objects": {}, "objnames": {}, "objtypes": {}, '
    '"terms": {"老旧小区": 1, "小区": [0, 1], "网格": [0, 1], "网格化": 0, "管理": 1, "campaign": [0, 1], '
    '"propaganda": 0}, '
    '"titles": ["Intro", "Programmes"], "titleterms": {"programm": 1, "grid": 0}})'
)


@pytest.fixture
def index() -> dict:
    return csi.parse_search_index(FAKE)


def test_parse_reads_the_json_inside_set_index(index) -> None:
    assert index["docnames"] == ["book/intro", "book/02_programmes"]
    assert index["terms"]["小区"] == [0, 1]


@pytest.mark.parametrize(
    "text", ["", "var x = 1", "Search.setIndex({not json})", 'Search.setIndex({"docnames": []})']
)
def test_parse_rejects_what_is_not_an_index(text) -> None:
    with pytest.raises(csi.SearchIndexError):
        csi.parse_search_index(text)


@pytest.mark.parametrize(
    ("query", "terms", "found"),
    [
        ("老旧小区", ["老旧小区"], ["book/02_programmes"]),
        ("网格", ["网格"], ["book/intro", "book/02_programmes"]),
        # a compound nobody indexed is cut into the longest indexed terms; every term must match
        ("网格管理", ["网格", "管理"], ["book/02_programmes"]),
        ("网格化管理", ["网格化", "管理"], []),
        ("Campaigns", ["campaign"], ["book/intro", "book/02_programmes"]),  # lower-cased, stemmed
        ("the propaganda", ["propaganda"], ["book/intro"]),  # stopword dropped
        ("grid 小区", ["grid", "小区"], ["book/intro"]),  # title terms count
        ("programmes", ["programm"], ["book/02_programmes"]),
        ("无关词语", ["无关词语"], []),  # nothing indexed: kept whole
    ],
)
def test_search_emulates_the_search_page(index, query, terms, found) -> None:
    assert csi.query_terms(query, index) == terms
    assert csi.search(index, query) == found


def test_check_reports_each_failure(index) -> None:
    assert csi.check(index, [("老旧小区", "book/02_programmes"), ("grid", "book/intro")]) == []
    failures = csi.check(index, [("老旧小区", "book/intro"), ("网格", "book/99_missing")])
    assert len(failures) == 2
    assert "finds ['book/02_programmes'], not 'book/intro'" in failures[0]
    assert "not in the index" in failures[1]


def test_cli_exit_status(tmp_path, capsys) -> None:
    path = tmp_path / "searchindex.js"
    assert csi.main(["--index", str(path)]) == 2  # no index: build the book first
    path.write_text(FAKE, encoding="utf-8")
    assert csi.main(["--index", str(path), "--expect", "老旧小区=book/02_programmes"]) == 0
    assert csi.main(["--index", str(path), "--expect", "老旧小区=book/intro"]) == 1
    assert "FAIL '老旧小区'" in capsys.readouterr().err


def test_user_dictionary_from_lexicon_and_codebook(tmp_path) -> None:
    assert ext.user_dictionary_words(tmp_path) == []  # both files are optional
    (tmp_path / ext.LEXICON).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / ext.PROGRAMMES).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / ext.LEXICON).write_text(
        "# governance terms\n老旧小区\n网格员 20 n  # with jieba frequency and tag\n\nEnglish\n老旧小区\n",
        encoding="utf-8",
    )
    (tmp_path / ext.PROGRAMMES).write_text(
        "programmes:\n"
        "  - id: tent\n    name_zh: 帐篷支部\n    aliases: [帐篷党支部, 帐篷 支部]\n"
        "  - id: five\n    name_zh: 五个一\n    aliases: 五个一工作法\n"
        "  - id: none\n",
        encoding="utf-8",
    )
    words = ext.user_dictionary_words(tmp_path)
    assert words == ["老旧小区", "网格员", "帐篷支部", "帐篷党支部", "五个一", "五个一工作法"]
    out = tmp_path / "d" / "userdict.txt"
    digest = ext.write_user_dictionary(words, out)
    assert out.read_text(encoding="utf-8").splitlines() == words
    assert digest == ext.write_user_dictionary(words, out) != ext.write_user_dictionary(words[:2], out)


def test_splitter_keeps_latin_words_and_stems_like_the_browser() -> None:
    lang = ext.SearchChineseGovtext({})
    words = lang.split("荥阳市推进网格化管理 (grid governance) in Xíngyáng, fairly")
    assert {"网格", "网格化", "grid", "governance", "Xíngyáng", "fairly"} <= set(words)
    # Sphinx's zh.py stems with Porter2 but its JavaScript stems with Porter: "fairly" was unfindable.
    assert lang.stem("fairly") == "fairli"
    assert lang.stem("news") == "new"
    assert lang.stem("age") == "ag"  # zh.py kept "age", which the browser searches as "ag"
    assert lang.word_filter("网格")
    assert not lang.word_filter("网")


def test_extension_builds_a_chinese_index(tmp_path, monkeypatch) -> None:
    """A one-page Sphinx project: the user dictionary keeps 老旧小区 whole; English words are indexed."""
    from sphinx.application import Sphinx

    monkeypatch.setenv("GOVTEXT_CACHE_DIR", str(ROOT / ".cache" / "jieba"))
    src = tmp_path / "src"
    (src / ext.LEXICON).parent.mkdir(parents=True, exist_ok=True)
    (src / ext.LEXICON).write_text("老旧小区\n", encoding="utf-8")
    (src / "conf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT / 'book' / '_ext')!r})\n"
        "extensions = ['govtext_search']\nhtml_search_language = 'zh'\n",
        encoding="utf-8",
    )
    (src / "index.rst").write_text(
        "Page\n====\n\n杜甫路街道改造老旧小区，推进网格化管理。Local news, fairly reported.\n",
        encoding="utf-8",
    )
    app = Sphinx(src, src, tmp_path / "html", tmp_path / "doctrees", "html", status=None, warning=None)
    app.build()
    index = csi.load_search_index(tmp_path / "html" / "searchindex.js")
    for query in ["老旧小区", "小区", "网格", "网格化管理", "news", "fairly", "Local"]:
        assert csi.search(index, query) == ["index"], query
    assert app.config.html_search_options["dict"] == str(tmp_path / "doctrees" / ext.USERDICT_NAME)
