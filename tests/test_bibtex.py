"""govtext.bibtex: keys, entries and field values of a BibTeX file."""

from __future__ import annotations

from pathlib import Path

from govtext import bibtex

BIB = """% a comment
@article{zhou2012campaign,
  title = {Campaign {Governance} in {China}},
  year  = {2012}
}

@techreport{henan2022, title = {x}, note = {2022年1月21日}
}
"""


def test_entries_keys_and_fields(tmp_path: Path) -> None:
    found = bibtex.entries(BIB)
    assert list(found) == ["zhou2012campaign", "henan2022"]
    assert found["henan2022"].startswith("@techreport{henan2022")
    assert bibtex.entry_field(found["zhou2012campaign"], "title") == "Campaign Governance in China"
    assert bibtex.entry_field(found["zhou2012campaign"], "author") is None
    path = tmp_path / "refs.bib"
    path.write_text(BIB, encoding="utf-8")
    assert bibtex.bibliography_keys(path) == {"zhou2012campaign", "henan2022"}
    assert bibtex.bibliography_titles(path) == {"zhou2012campaign": "Campaign Governance in China"}


def test_the_project_bibliography_has_the_keys_the_book_cites() -> None:
    keys = bibtex.bibliography_keys(Path(__file__).resolve().parents[1] / "book" / "references.bib")
    assert {"zhou2012campaign", "statecouncil2022flood", "du2020technology"} <= keys
