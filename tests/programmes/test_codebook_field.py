"""govtext.programmes.codebook: the source of every entry, and the evidence of field entries.

Field entries (programmes that recur in public news beyond the seeds) carry pages, short quotes and a level
from a page or a reference; ``validate_codebook`` checks them inside the file and ``check_field_evidence``
against the sources list, the bibliography and the saved page texts. Synthetic cases show that each rule
can fail; the last tests check the project's own codebook and evidence files.
"""

from __future__ import annotations

import copy
import csv
import hashlib
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from govtext.programmes import codebook as cb
from govtext.programmes import evidence as ev
from programmes.helpers import CODEBOOK, ROOT

PAGE_A = "https://news.example.cn/a/1.html"
PAGE_B = "http://www.other.example.com/b?id=2&x=y"
PAGE_LEVEL = "https://gov.example.org/level.html"
TEXTS = {
    PAGE_A: "某县推行“吹哨报到”机制,部门30分钟内报到。\n",
    PAGE_B: "第二页:街乡吹哨、部门报到在多地推开。\n",
    PAGE_LEVEL: "这种新兴机制,起源于某区,后在全市推广。\n",
}


def field_entry() -> dict:
    return {
        "id": "whistle",
        "source": "field",
        "name_zh": "街乡吹哨、部门报到",
        "aliases": ["吹哨报到"],
        "name_en": "Whistle and report",
        "kind": "organisational",
        "level": "local",
        "level_evidence": "这种新兴机制,起源于某区",
        "level_evidence_doc": PAGE_LEVEL,
        "definition": "Departments come when a street office calls them.",
        "example": "推行“吹哨报到”机制",
        "example_doc": PAGE_A,
        "pages": [PAGE_A, PAGE_B],
    }


def codebook_with(*entries: dict, sources: bool = True) -> dict:
    obj = {
        "name": "test",
        "description": "a test codebook",
        "version": "0.1",
        "kinds": {"organisational": "structures", "campaign": "drives"},
        "levels": {"national": "central", "local": "set locally", "unknown": "not said"},
        "programmes": [
            {
                "id": "seed_one",
                "source": "seeds",
                "name_zh": "三宜",
                "aliases": [],
                "name_en": "Three suitables",
                "kind": "campaign",
                "level": "unknown",
                "definition": "A slogan of a drive.",
                "example": "三宜",
                "example_doc": "000",
            },
            *entries,
        ],
    }
    if sources:
        obj["sources"] = {"seeds": "from the corpus", "field": "from public pages"}
    return obj


def problems_of(obj: dict) -> list[str]:
    return cb.validate_codebook(obj, "cb.yml")


def only_problem(obj: dict) -> str:
    problems = problems_of(obj)
    assert len(problems) == 1, problems
    return problems[0]


# ----------------------------------------------------------------------------------------------------
# Inside the file: source and field evidence
# ----------------------------------------------------------------------------------------------------


def test_a_good_field_entry_has_no_problems() -> None:
    assert problems_of(codebook_with(field_entry())) == []


def test_source_defaults_to_seeds() -> None:
    obj = codebook_with(field_entry())
    del obj["programmes"][0]["source"]  # e.g. an entry drafted by `govtext codebook suggest`
    assert problems_of(obj) == []
    entry = field_entry()
    del entry["source"]  # then it is a seed entry, which has no pages
    problems = problems_of(codebook_with(entry))
    assert "cb.yml: entry whistle: field 'pages': only field entries (source: field) have it" in problems


def test_unknown_source_and_bad_sources_header() -> None:
    obj = codebook_with()
    obj["programmes"][0]["source"] = "memory"
    assert "field 'source': unknown source 'memory' (known: seeds, field)" in only_problem(obj)
    obj = codebook_with()
    obj["sources"] = {"seeds": "corpus"}
    assert "header: field 'sources': must define exactly seeds, field" in only_problem(obj)


def test_seed_entries_have_no_pages_or_reference() -> None:
    obj = codebook_with()
    obj["programmes"][0]["pages"] = [PAGE_A, PAGE_B]
    assert "entry seed_one: field 'pages': only field entries (source: field) have it" in only_problem(obj)


@pytest.mark.parametrize(
    ("pages", "expected"),
    [
        ([PAGE_A], "needs at least 2 pages on different sites, got 1 page(s) on 1 site(s)"),
        (
            [PAGE_A, "https://www.example.cn/c.html"],
            "got 2 page(s) on 1 site(s)",
        ),  # news. and www. are one site
        ([PAGE_A, PAGE_A, PAGE_B], "an address is listed twice"),
        ([PAGE_A, PAGE_B, "ftp://x.example.net/f"], "page #3 is not an http(s) address"),
    ],
)
def test_pages_must_be_two_sites(pages: list[str], expected: str) -> None:
    entry = field_entry()
    entry["pages"] = pages
    assert expected in only_problem(codebook_with(entry))


def test_missing_pages_and_example_doc_outside_pages() -> None:
    entry = field_entry()
    del entry["pages"]
    problems = problems_of(codebook_with(entry))
    assert any("field 'pages': missing" in p for p in problems)
    entry = field_entry()
    entry["example_doc"] = PAGE_LEVEL
    assert "field 'example_doc': must be one of the entry's pages" in only_problem(codebook_with(entry))


@pytest.mark.parametrize("field", ["example", "level_evidence"])
def test_quotes_are_at_most_40_characters(field: str) -> None:
    entry = field_entry()
    entry[field] = "吹哨报到" + "很" * 37  # 41 characters
    assert (
        f"field '{field}': a quote from a third-party page is at most 40 characters, got 41"
        in only_problem(codebook_with(entry))
    )
    entry[field] = "吹哨报到" + "很" * 36  # 40 characters
    assert problems_of(codebook_with(entry)) == []


def test_example_must_contain_the_name_or_an_alias() -> None:
    entry = field_entry()
    entry["example"] = "部门30分钟内报到"
    assert "field 'example': does not contain the name or an alias" in only_problem(codebook_with(entry))
    entry["example"] = "“街乡吹哨”、“部门报到”"  # quotes and enumeration commas do not matter
    assert problems_of(codebook_with(entry)) == []


def test_a_known_level_comes_from_exactly_one_page_or_reference() -> None:
    entry = field_entry()
    del entry["level_evidence_doc"]
    assert "exactly one of them" in only_problem(codebook_with(entry))
    entry["level_reference"] = {"key": "tang2020grid", "locator": "p. 45"}
    assert problems_of(codebook_with(entry)) == []
    entry["level_evidence_doc"] = PAGE_LEVEL
    assert "exactly one of them" in only_problem(codebook_with(entry))
    entry = field_entry()
    entry["level_evidence_doc"] = "a newspaper"
    assert "field 'level_evidence_doc': must be an http(s) address" in only_problem(codebook_with(entry))
    entry = field_entry()
    del entry["level_evidence"]
    assert "field 'level_evidence': required when level is not 'unknown'" in only_problem(
        codebook_with(entry)
    )


def test_bad_level_reference_fields() -> None:
    entry = field_entry()
    del entry["level_evidence_doc"]
    entry["level_reference"] = {"key": "", "page": 3}
    problems = problems_of(codebook_with(entry))
    assert any("'key' must be a non-empty string" in p for p in problems)
    assert any("'locator' must be a non-empty string" in p for p in problems)
    assert any("level_reference': unknown field 'page'" in p for p in problems)
    entry["level_reference"] = "tang2020grid"
    assert any("field 'level_reference': must be a mapping" in p for p in problems_of(codebook_with(entry)))


def test_an_unknown_level_has_no_evidence() -> None:
    entry = field_entry()
    entry["level"] = "unknown"
    problems = problems_of(codebook_with(entry))
    assert problems == [
        f"cb.yml: entry whistle: field '{field}': the level is 'unknown', so there is no level evidence"
        for field in ("level_evidence", "level_evidence_doc")
    ]
    del entry["level_evidence"], entry["level_evidence_doc"]
    assert problems_of(codebook_with(entry)) == []


def test_site_of() -> None:
    assert (
        cb.site_of("https://news.hebei.com.cn/a")
        == cb.site_of("https://qhd.hebei.com.cn/b")
        == "hebei.com.cn"
    )
    assert cb.site_of("https://c.m.163.com/x") == "163.com"
    assert cb.site_of("https://www.zaobao.com.sg/x") == "zaobao.com.sg"
    assert cb.site_of("http://1.203.103.66/ps/x") == "1.203.103.66"
    assert cb.site_of("https://www.beijing.gov.cn/x") != cb.site_of("http://zt.bjcc.gov.cn/y")


# ----------------------------------------------------------------------------------------------------
# Against the evidence files
# ----------------------------------------------------------------------------------------------------

BIB = """@misc{gov2020x,
  author = {{国务院办公厅}},
  title  = {国务院办公厅关于某项工作的指导意见（国办发〔2020〕1号）},
  year   = {2020}
}

@article{tang2020grid,
  title = {Grid Governance in {China's} Neighbourhoods},
  year  = {2020}
}
"""


def write_evidence(
    folder: Path, texts: dict[str, str] = TEXTS, listed: list[str] | None = None
) -> ev.EvidenceFiles:
    """A sources list of ``listed`` (default: every page of ``texts``), their saved texts, a bibliography."""
    (folder / "texts").mkdir(parents=True, exist_ok=True)
    rows = ["# Sources", "", "| address | title | date | sha256 |", "| --- | --- | --- | --- |"]
    for address in listed if listed is not None else list(texts):
        data = texts[address].encode("utf-8")
        (folder / "texts" / ev.saved_text_name(address)).write_bytes(data)
        rows.append(f"| {address} | 标题 \\| 副标题 |  | {hashlib.sha256(data).hexdigest()} |")
    (folder / "SOURCES.md").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (folder / "references.bib").write_text(BIB, encoding="utf-8")
    return ev.EvidenceFiles(folder / "SOURCES.md", folder / "references.bib", folder / "texts")


def test_evidence_of_a_good_entry(tmp_path: Path) -> None:
    evidence = write_evidence(tmp_path)
    assert ev.check_field_evidence(codebook_with(field_entry()), evidence, "cb.yml") == []
    pages, problems = ev.read_sources_list(evidence.sources)
    assert problems == [] and set(pages) == set(TEXTS)
    assert pages[PAGE_A]["title"] == "标题 | 副标题" and pages[PAGE_A]["date"] == ""


def test_addresses_must_be_listed_and_listed_pages_used(tmp_path: Path) -> None:
    evidence = write_evidence(tmp_path, listed=[PAGE_A, PAGE_LEVEL])
    problems = ev.check_field_evidence(codebook_with(field_entry()), evidence, "cb.yml")
    assert problems == [f"cb.yml: entry whistle: {PAGE_B} is not listed in {evidence.sources}"]
    evidence = write_evidence(tmp_path)
    entry = field_entry()
    entry["level"] = "unknown"
    del entry["level_evidence"], entry["level_evidence_doc"]
    problems = ev.check_field_evidence(codebook_with(entry), evidence, "cb.yml")
    assert problems == [f"{evidence.sources}: {PAGE_LEVEL} is listed but no field entry uses it"]


def test_reference_key_must_be_in_the_bibliography(tmp_path: Path) -> None:
    evidence = write_evidence(tmp_path, listed=[PAGE_A, PAGE_B])
    entry = field_entry()
    del entry["level_evidence_doc"]
    entry["level_reference"] = {"key": "nobody2021", "locator": "p. 3"}
    problems = ev.check_field_evidence(codebook_with(entry), evidence, "cb.yml")
    assert problems == [
        f"cb.yml: entry whistle: field 'level_reference': key 'nobody2021' is not in {evidence.bibliography}"
    ]
    entry["level_reference"] = {"key": "gov2020x", "locator": "title"}
    entry["level_evidence"] = "国务院办公厅关于某项工作的指导意见"
    assert ev.check_field_evidence(codebook_with(entry), evidence, "cb.yml") == []
    entry["level_evidence"] = "省政府关于某项工作的意见"
    problems = ev.check_field_evidence(codebook_with(entry), evidence, "cb.yml")
    assert problems == [
        "cb.yml: entry whistle: field 'level_evidence': not found in the title of 'gov2020x' (locator: title)"
    ]


def test_saved_texts_hashes_quotes_and_names(tmp_path: Path) -> None:
    evidence = write_evidence(tmp_path)
    entry = field_entry()
    entry["example"] = "推行吹哨报到机制"  # the page has “吹哨报到”: not verbatim
    entry["level_evidence"] = "起源于某区"  # verbatim: fine
    problems = ev.check_field_evidence(codebook_with(entry), evidence, "cb.yml")
    assert problems == [
        f"cb.yml: entry whistle: field 'example': not found verbatim in the saved text of {PAGE_A}"
    ]

    texts = dict(TEXTS)
    texts[PAGE_B] = "第二页没有这个名字。\n"
    evidence = write_evidence(tmp_path, texts)
    problems = ev.check_field_evidence(codebook_with(field_entry()), evidence, "cb.yml")
    assert problems == [
        f"cb.yml: entry whistle: field 'pages': the saved text of {PAGE_B} has neither the name nor an alias"
    ]

    evidence = write_evidence(tmp_path)
    (evidence.texts / ev.saved_text_name(PAGE_B)).write_text("changed\n", encoding="utf-8")
    problems = ev.check_field_evidence(codebook_with(field_entry()), evidence, "cb.yml")
    saved_b = evidence.texts / ev.saved_text_name(PAGE_B)
    assert f"{evidence.sources}: {PAGE_B}: sha256 of {saved_b} is not the one listed" in problems
    (evidence.texts / ev.saved_text_name(PAGE_B)).unlink()
    problems = ev.check_field_evidence(codebook_with(field_entry()), evidence, "cb.yml")
    assert any(p.endswith("is missing") and PAGE_B in p for p in problems)


def test_without_the_saved_texts_only_the_lists_are_checked(tmp_path: Path) -> None:
    evidence = write_evidence(tmp_path)
    for file in evidence.texts.iterdir():
        file.unlink()
    evidence.texts.rmdir()
    entry = field_entry()
    entry["example"] = "推行吹哨报到机制"  # not verbatim, but no text to check it against
    assert ev.check_field_evidence(codebook_with(entry), evidence, "cb.yml") == []


def test_bad_sources_lists(tmp_path: Path) -> None:
    path = tmp_path / "SOURCES.md"
    path.write_text("# no table here\n", encoding="utf-8")
    assert ev.read_sources_list(path) == (
        {},
        [f"{path}: no table with the columns address | title | date | sha256"],
    )
    path.write_text(
        "| address | title | date | sha256 |\n|---|---|---|---|\n"
        f"| {PAGE_A} | t |  | {'a' * 64} |\n"
        f"| {PAGE_A} |  |  | {'A' * 64} |\n"
        "| www.example.cn | t |  | x |\n"
        "| only | two |\n",
        encoding="utf-8",
    )
    _pages, problems = ev.read_sources_list(path)
    assert problems == [
        f"{path}: line 4: address {PAGE_A} is listed twice",
        f"{path}: line 4: the title is empty",
        f"{path}: line 4: sha256 {'A' * 64!r} is not 64 lower-case hex digits",
        f"{path}: line 5: address 'www.example.cn' is not an http(s) address",
        f"{path}: line 6: needs 4 cells (address, title, date, sha256), got 2",
    ]


_cell = (
    st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=12)
    .map(str.strip)
    .filter(lambda t: t and not t.startswith("-"))
)


@settings(max_examples=60, deadline=None)
@given(
    st.dictionaries(
        st.from_regex(r"https?://[a-z]{1,8}\.(cn|com)/[a-z0-9]{0,6}", fullmatch=True),
        st.tuples(
            _cell, st.from_regex(r"(20[0-9]{2}-[01][0-9]-[0-3][0-9])?", fullmatch=True), st.binary(min_size=1)
        ),
        max_size=5,
    )
)
def test_sources_list_round_trip(tmp_path_factory, rows) -> None:
    path = tmp_path_factory.mktemp("sources") / "SOURCES.md"
    lines = ["Some prose first.", "", "| address | title | date | sha256 |", "| --- | --- | --- | --- |"]
    expected = {}
    for address, (title, date, data) in rows.items():
        sha = hashlib.sha256(data).hexdigest()
        lines.append(f"| {address} | {title.replace('|', chr(92) + '|')} | {date} | {sha} |")
        expected[address] = {"title": title, "date": date, "sha256": sha}
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert ev.read_sources_list(path) == (expected, [])


def test_check_codebook_file_finds_the_evidence_of_a_checkout(tmp_path: Path) -> None:
    (tmp_path / "data" / "codebook_sources").mkdir(parents=True)
    (tmp_path / "book").mkdir()
    evidence = write_evidence(tmp_path / "data" / "codebook_sources")
    (tmp_path / "book" / "references.bib").write_text(BIB, encoding="utf-8")
    path = tmp_path / "src" / "programmes.yml"
    path.parent.mkdir()
    entry = field_entry()
    entry["pages"] = [PAGE_A, PAGE_B, "https://third.example.net/c"]  # not listed
    path.write_text(yaml.safe_dump(codebook_with(entry), allow_unicode=True), encoding="utf-8")
    found = ev.find_evidence_files(path)
    assert found == ev.EvidenceFiles(evidence.sources, tmp_path / "book" / "references.bib", evidence.texts)
    assert ev.check_codebook_file(path) == [
        f"{path}: entry whistle: https://third.example.net/c is not listed in {evidence.sources}"
    ]
    elsewhere = tmp_path.parent / f"{tmp_path.name}-alone.yml"
    elsewhere.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    assert ev.find_evidence_files(elsewhere) is None and ev.check_codebook_file(elsewhere) == []


def test_load_codebook_columns_of_field_entries(tmp_path: Path) -> None:
    entry = field_entry()
    other = copy.deepcopy(entry)
    other.update(id="grid", name_zh="网格化管理", aliases=[], example="网格化管理", level="national")
    del other["level_evidence_doc"]
    other["level_evidence"] = "网格化管理"
    other["level_reference"] = {"key": "tang2020grid", "locator": "p. 45"}
    path = tmp_path / "cb.yml"
    path.write_text(yaml.safe_dump(codebook_with(entry, other), allow_unicode=True), encoding="utf-8")
    table = cb.load_codebook(path).set_index("id")
    assert list(table.reset_index().columns) == cb.CODEBOOK_COLUMNS
    assert table.at["seed_one", "source"] == "seeds" and table.at["seed_one", "pages"] == ()
    assert table.at["seed_one", "level_evidence_doc"] == "000"
    assert table.at["whistle", "pages"] == (PAGE_A, PAGE_B)
    assert (
        table.at["whistle", "level_evidence_doc"] == PAGE_LEVEL
        and table.at["whistle", "level_reference"] == ""
    )
    assert (
        table.at["grid", "level_reference"] == "tang2020grid, p. 45"
        and table.at["grid", "level_evidence_doc"] == ""
    )


# ----------------------------------------------------------------------------------------------------
# The project's codebook and evidence
# ----------------------------------------------------------------------------------------------------

PROJECT = ev.EvidenceFiles(ROOT / ev.PROJECT_SOURCES, ROOT / ev.PROJECT_BIBLIOGRAPHY, ROOT / ev.PROJECT_TEXTS)


def test_every_project_entry_says_where_it_comes_from() -> None:
    obj = cb.read_codebook_yaml(CODEBOOK)
    assert set(obj["sources"]) == set(cb.ENTRY_SOURCES)
    missing = [entry["id"] for entry in obj["programmes"] if entry.get("source") not in cb.ENTRY_SOURCES]
    assert missing == []
    sources = [entry["source"] for entry in obj["programmes"]]
    assert sources == sorted(sources, key=cb.ENTRY_SOURCES.index)  # the seeds first, then the field section


def test_the_project_codebook_knows_the_field(codebook) -> None:
    field = codebook[codebook["source"] == "field"]
    assert 30 <= len(field) <= 150  # a field section, not a second dictionary of everything
    assert field["pages"].map(lambda pages: len({cb.site_of(p) for p in pages})).ge(2).all()
    assert field["definition"].str.len().gt(40).all()
    known = field[field["level"] != "unknown"]
    assert known.apply(lambda row: bool(row.level_evidence_doc) != bool(row.level_reference), axis=1).all()
    assert set(field["kind"]) >= {"participation", "party-building", "supervision", "digital", "campaign"}


def test_the_project_evidence_files_hold_every_field_page() -> None:
    obj = cb.read_codebook_yaml(CODEBOOK)
    assert ev.find_evidence_files(CODEBOOK) in (PROJECT, None)  # None only for an installed package
    assert ev.check_field_evidence(obj, PROJECT, CODEBOOK) == []
    if not PROJECT.texts.is_dir():
        pytest.skip("the saved page texts (third-party, not committed) are not present; lists checked only")


def test_no_field_page_is_a_development_set_page() -> None:
    """The held-out development set stays held out: none of its addresses is a codebook source."""
    with (ROOT / "data" / "devset" / "manifest.csv").open(encoding="utf-8", newline="") as handle:
        devset = {row["address"].strip() for row in csv.DictReader(handle)}
    pages, problems = ev.read_sources_list(PROJECT.sources)
    assert problems == [] and len(pages) >= 60
    assert not set(pages) & devset
