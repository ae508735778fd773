"""govtext.compare.dimensions: term matching, the dimensions codebook and its validation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from compare.helpers import DIMENSIONS_FILE, RAW_DIR, ROOT, TERMS
from govtext import compare
from govtext.bibtex import bibliography_keys
from govtext.resources import resource_path


def test_match_terms_longest_first_without_double_counting() -> None:
    assert compare.match_terms("做好疫情防控", ["疫情", "防控", "疫情防控"]) == [(2, 6, "疫情防控")]
    assert [t for *_, t in compare.match_terms("打赢攻坚战，攻坚", TERMS["campaign"])] == ["攻坚战", "攻坚"]
    # overlapping terms of equal length: the first in code-point order wins, once
    assert len(compare.match_terms("党建引领", ["党建", "建引"])) == 1
    assert compare.match_terms("没有", ["攻坚"]) == []


BIB_FILES = [ROOT / "book" / "references.bib", ROOT.parent / "shared" / "references.bib"]


def bib_keys() -> set[str]:
    keys: set[str] = set()
    for path in BIB_FILES:
        if path.is_file():
            keys |= bibliography_keys(path)
    return keys


def test_dimensions_file_loads_and_cites_existing_references() -> None:
    keys = bib_keys()
    assert keys, "no references.bib found"
    codebook = compare.load_dimensions(DIMENSIONS_FILE, known_references=keys)
    ids = codebook.dimensions["id"].tolist()
    for required in [
        "mobilisation_campaign",
        "party_leadership",
        "hierarchical_supervision",
        "incentives_competition",
        "participation",
        "digital_platforms",
        "grid_management",
        "speed_deadlines",
        "services_livelihood",
        "crisis_response",
    ]:
        assert required in ids
    assert codebook.version and codebook.name and codebook.source == "dimensions.yml"
    assert {"lead_actor", "role_of_residents", "crisis_context"} <= set(codebook.typology["id"])
    sizes = compare.dimension_terms(codebook).groupby("dimension").size()
    assert sizes.drop("grid_management").min() >= 10
    assert sizes["grid_management"] == 3  # 网格, 台账, 闭环: all the seeds have (see its excluded_terms)
    assert "digital_technocratic" not in ids  # split in version 0.2.0: grids are not digital tools
    assert "网格" not in codebook.terms["digital_platforms"]
    history = codebook.dimensions.set_index("id")["history"]
    assert "digital_technocratic" in history["digital_platforms"]
    assert history["speed_deadlines"] == ""


def test_every_indicator_term_is_counted_in_the_seeds() -> None:
    """Each term was chosen from the seeds: it must be counted at least once under the matching rules
    (layout whitespace removed, as in clean text), i.e. occur and not always be shadowed by a longer term."""
    seeds = [re.sub(r"\s+", "", p.read_text(encoding="utf-8")) for p in sorted(RAW_DIR.glob("*.txt"))]
    if not seeds:
        pytest.skip("seed files not present")
    codebook = compare.load_dimensions(DIMENSIONS_FILE)
    never = []
    for dim, terms in codebook.terms.items():
        counted = {term for text in seeds for *_, term in compare.match_terms(text, terms)}
        never += [(dim, term) for term in terms if term not in counted]
    assert never == []
    # the documented traps: bare forms that would match unrelated words
    joined = "\n".join(seeds)
    assert "繁重建设" in joined and "白云" in joined


def test_typology_programme_kinds_exist_in_the_programme_codebook() -> None:
    programmes_file = resource_path("codebook")
    if not programmes_file.is_file():
        pytest.skip("programmes.yml not present")
    kinds = set(yaml.safe_load(programmes_file.read_text(encoding="utf-8")).get("kinds") or {})
    codebook = compare.load_dimensions(DIMENSIONS_FILE)
    used = {kind for row in codebook.typology["programme_kinds"] for kind in row}
    assert used and used <= kinds, used - kinds


def write_yaml(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "bad_dimensions.yml"
    path.write_text("name: test\ndescription: test\nversion: '1'\n" + body, encoding="utf-8")
    return path


PARTY = "dimensions:\n  - {id: party, name_en: P, name_zh: 党, concept: c, definition: d, "


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (PARTY + "reference: k}\n", r"bad_dimensions\.yml: dimension 'party': field 'terms': missing"),
        (
            PARTY + "reference: k, terms: [党员, 党员]}\n",
            r"dimension 'party': field 'terms': duplicate entry '党员'",
        ),
        (
            PARTY + "reference: nope, terms: [党员]}\n",
            r"dimension 'party': field 'reference': unknown BibTeX key\(s\) nope",
        ),
        (
            PARTY + "reference: k, terms: [党员], history: [split]}\n",
            r"dimension 'party': field 'history': must be a string",
        ),
        (
            PARTY + "reference: k, terms: [党员], colour: red}\n",
            r"dimension 'party': unknown field\(s\): colour",
        ),
        (
            PARTY
            + "reference: k, terms: [党员]}\ntypology:\n  - {id: lead, label: Lead, dimensions: [parti]}\n",
            r"typology row 'lead': field 'dimensions': unknown dimension\(s\) parti",
        ),
        (
            PARTY
            + "reference: k, terms: [党员]}\n"
            + PARTY[len("dimensions:\n") :]
            + "reference: k, terms: [党组织]}\n",
            r"dimension 'party': field 'id': duplicate id",
        ),
        (
            PARTY
            + "reference: k, terms: [党员]}\ntypology:\n"
            + "  - {id: lead, label: Lead, terms: [党员]}\n  - {id: lead, label: Again, terms: [书记]}\n",
            r"typology row 'lead': field 'id': duplicate id",
        ),
        ("dimensions:\n  - {id: party, name_en: P}\n", r"dimension 'party': field 'name_zh': missing"),
        ("dimensions: []\n", r"field 'dimensions': must be a non-empty list"),
        ("dimensions: [\n", r"not valid YAML"),
    ],
)
def test_malformed_dimensions_file_names_file_entry_and_field(
    tmp_path: Path, body: str, expected: str
) -> None:
    path = write_yaml(tmp_path, body)
    with pytest.raises(compare.DimensionsError, match=expected):
        compare.load_dimensions(path, known_references={"k"})


def test_missing_dimensions_file() -> None:
    with pytest.raises(ValueError, match=r"no_such\.yml: file not found"):
        compare.load_dimensions("no_such.yml")
