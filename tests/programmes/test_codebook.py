"""govtext.programmes.codebook: the project codebook, and validation that names file, entry and field."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from govtext import programmes
from programmes.helpers import CODEBOOK, ROOT

# ----------------------------------------------------------------------------------------------------
# The codebook file
# ----------------------------------------------------------------------------------------------------


def test_project_codebook_is_valid_and_complete(codebook) -> None:
    assert programmes.check_codebook_file(CODEBOOK) == []
    assert list(codebook.columns) == programmes.CODEBOOK_COLUMNS
    assert len(codebook) >= 100
    assert codebook["id"].is_unique
    assert all(isinstance(a, tuple) for a in codebook["aliases"])
    assert set(codebook["kind"]) <= set(codebook.attrs["kinds"])
    assert set(codebook.attrs["kinds"]) == {
        "organisational",
        "supervision",
        "incentive",
        "participation",
        "digital",
        "campaign",
        "party-building",
        "service",
        "other",
    }
    assert set(codebook.attrs["levels"]) == {
        "national",
        "provincial",
        "Zhengzhou-wide",
        "municipal",
        "local",
        "unknown",
    }
    assert set(codebook["source"]) == {"seeds", "field"}
    seeds = codebook[codebook["source"] == "seeds"]
    assert len(seeds) >= 80 and set(seeds["level"]) <= {"national", "Zhengzhou-wide", "local", "unknown"}
    by_name = codebook.set_index("name_zh")
    assert "摘夺创" in by_name.at["摘星夺旗创三宜", "aliases"]
    assert by_name.at["亮赛比", "aliases"] == ()  # its list alias left in the codebook review


def test_codebook_follows_its_review() -> None:
    """Codebook 1.2.0 applies the review of data/annotations/codebook_review: no entry both blind
    reviewers rejected (and the development set did not restore) is a programme, and each such entry's
    names are in not_programmes with the entry they came from."""
    from govtext.evaluate import review

    folder = ROOT / "data" / "annotations" / "codebook_review"
    table = review.load_review(folder)
    obj = yaml.safe_load(CODEBOOK.read_text(encoding="utf-8"))
    names = review.reviewed_names(folder)
    listed = {item["surface"]: item.get("former_entry") for item in obj["not_programmes"]}
    ids = [entry["id"] for entry in obj["programmes"]]
    assert review.review_problems(table, ids, listed, names) == []
    out, restored = review.review_decisions(table)
    assert all(listed[name] == entry for entry in out for name in names[entry])
    assert set(restored) <= set(ids) and len(out) > 0
    kept = review.restored_aliases(folder)
    rejected = review.aliases_both_rejected(folder)
    by_id = {entry["id"]: entry for entry in obj["programmes"]}
    for entry, aliases in rejected.items():
        for alias in aliases:
            if entry in by_id:
                assert (alias in (by_id[entry].get("aliases") or [])) == (alias in kept.get(entry, [])), alias
    # the rule can fail: an entry both rejected put back into the programme list breaks it
    assert review.review_problems(table, [*ids, out[0]], listed, names)
    # the drop rule (1.17.0): the entries of dropped.csv are gone, their names in not_programmes
    dropped = review.load_dropped(folder)
    programme_names = {e["id"]: [e["name_zh"], *(e.get("aliases") or [])] for e in obj["programmes"]}
    assert review.dropped_problems(dropped, programme_names, listed) == []
    assert all(
        listed[name] == entry
        for entry, joined in zip(dropped["entry"], dropped["names"], strict=True)
        for name in joined.split(" | ")
    )


def test_examples_and_level_evidence_are_verbatim_quotes(seeds, codebook) -> None:
    documents, _cleaned, _sentences = seeds
    seed_entries = codebook[codebook["source"] == "seeds"]
    assert set(seed_entries["example_doc"]) <= set(documents["doc_id"])
    assert set(seed_entries["level_evidence_doc"]) <= set(documents["doc_id"])
    assert programmes.check_examples(codebook, documents) == []
    broken = codebook.copy()
    broken.loc[0, "example"] = "这句话不在文中"
    problems = programmes.check_examples(broken, documents)
    assert len(problems) == 1 and f"entry {broken.loc[0, 'id']}" in problems[0] and "'example'" in problems[0]


def test_every_seed_entry_has_a_gold_mention(codebook, gold) -> None:
    assert set(gold["programme_id"]) <= set(codebook.loc[codebook["source"] == "seeds", "id"])
    assert set(codebook.loc[codebook["source"] == "seeds", "id"]) <= set(gold["programme_id"])


def test_not_programmes_and_discovery_rules_load() -> None:
    excluded = programmes.load_not_programmes(CODEBOOK)
    assert list(excluded.columns) == programmes.NOT_PROGRAMME_COLUMNS
    assert {"双胜利", "十三五"} <= set(excluded["surface"])
    rules = programmes.load_discovery_rules(CODEBOOK)
    assert "工作法" in rules["suffixes"] and rules["min_stem_chars"] >= 1


def test_codebook_terms_for_jieba(codebook) -> None:
    terms = programmes.codebook_terms(codebook)
    assert terms == sorted(set(terms))
    assert {"三会一课", "13710督办平台", "四议两公开", "党建+"} <= set(terms)
    assert not any("·" in t or "(" in t or "、" in t for t in terms)


# ----------------------------------------------------------------------------------------------------
# Validation: every problem, each naming file, entry and field
# ----------------------------------------------------------------------------------------------------


def good_codebook() -> dict:
    return {
        "name": "test",
        "description": "a test codebook",
        "version": "0.1",
        "kinds": {"campaign": "a drive", "party-building": "Party routines"},
        "levels": {"local": "set locally", "unknown": "not said"},
        "programmes": [
            {
                "id": "three_meetings",
                "name_zh": "三会一课",
                "aliases": [],
                "name_en": "Three meetings one lesson",
                "kind": "party-building",
                "level": "unknown",
                "definition": "Branch routine.",
                "example": "“三会一课”",
                "example_doc": "000",
            },
            {
                "id": "stars",
                "name_zh": "摘星夺旗创三宜",
                "aliases": ["摘夺创"],
                "name_en": "Stars and flags",
                "kind": "campaign",
                "level": "local",
                "level_evidence": "巩义",
                "definition": "A competition.",
                "example": "摘夺创",
                "example_doc": "000",
            },
        ],
    }


def test_good_codebook_has_no_problems() -> None:
    assert programmes.validate_codebook(good_codebook(), "cb.yml") == []


@pytest.mark.parametrize("field", list(programmes.ENTRY_FIELDS))
def test_missing_field_is_named(field: str) -> None:
    obj = good_codebook()
    del obj["programmes"][1][field]
    problems = programmes.validate_codebook(obj, "cb.yml")
    label = "#2" if field == "id" else "stars"
    assert f"cb.yml: entry {label}: field '{field}': missing" in problems


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("aliases", "摘夺创", "field 'aliases': must be a list, got str"),
        ("kind", "parade", "field 'kind': unknown kind 'parade'"),
        ("level", "galactic", "field 'level': unknown level 'galactic'"),
        ("name_zh", "  ", "field 'name_zh': empty name"),
        ("id", "Stars-1", "field 'id': 'Stars-1' is not snake_case ASCII"),
        ("definition", 3, "field 'definition': must be a string, got int"),
        ("colour", "red", "field 'colour': unknown field"),
        ("aliases", ["摘夺创", ""], "field 'aliases': alias #2 must be a non-empty string"),
    ],
)
def test_bad_field_is_named(field: str, value: object, expected: str) -> None:
    obj = good_codebook()
    obj["programmes"][1][field] = value
    problems = programmes.validate_codebook(obj, "cb.yml")
    assert any(p.startswith("cb.yml: entry ") and expected in p for p in problems), problems


def test_level_needs_evidence() -> None:
    obj = good_codebook()
    del obj["programmes"][1]["level_evidence"]
    assert programmes.validate_codebook(obj, "cb.yml") == [
        "cb.yml: entry stars: field 'level_evidence': required when level is not 'unknown'"
    ]


def test_duplicate_id_and_alias_across_entries() -> None:
    obj = good_codebook()
    twin = copy.deepcopy(obj["programmes"][0])
    twin["name_zh"] = "三会 一课"  # the same name once spaces are ignored
    obj["programmes"].append(twin)
    obj["programmes"][0]["aliases"] = ["摘夺创"]  # also an alias of entry 'stars'
    problems = programmes.validate_codebook(obj, "cb.yml")
    assert "cb.yml: entry three_meetings: field 'id': duplicate id (also entry #1)" in problems
    assert any("entry stars: field 'aliases': duplicate alias '摘夺创'" in p for p in problems)
    assert any("entry three_meetings: field 'name_zh': duplicate alias '三会 一课'" in p for p in problems)


def test_all_problems_are_reported_together() -> None:
    obj = good_codebook()
    obj["version"] = 1.0
    del obj["kinds"]
    obj["programmes"][0]["level"] = "cosmic"
    obj["programmes"][1]["name_en"] = ""
    obj["programmes"].append("not a mapping")
    obj["not_programmes"] = [{"surface": "摘夺创", "reason": "oops"}, {"surface": "口号"}]
    problems = programmes.validate_codebook(obj, "cb.yml")
    expected = [
        "cb.yml: header: field 'version': must be a string, got float",
        "cb.yml: header: field 'kinds': missing",
        "cb.yml: entry three_meetings: field 'level': unknown level 'cosmic'",
        "cb.yml: entry stars: field 'name_en': is empty",
        "cb.yml: entry #3: must be a mapping of fields, got str",
        "cb.yml: not_programmes #1: field 'surface': '摘夺创' is a name or alias of entry stars",
        "cb.yml: not_programmes #2: field 'reason': missing",
    ]
    for line in expected:
        assert any(p.startswith(line) for p in problems), (line, problems)
    assert programmes.validate_codebook(["a", "list"], "cb.yml")[0].startswith("cb.yml: top level:")


def test_load_codebook_raises_with_every_problem(tmp_path: Path) -> None:
    obj = good_codebook()
    obj["programmes"][0]["kind"] = "parade"
    obj["programmes"][1]["aliases"] = "摘夺创"
    path = tmp_path / "bad.yml"
    path.write_text(yaml.safe_dump(obj, allow_unicode=True), encoding="utf-8")
    with pytest.raises(programmes.CodebookError) as info:
        programmes.load_codebook(path)
    message = str(info.value)
    assert str(path) in message and "2 problem(s)" in message
    assert "entry three_meetings: field 'kind'" in message and "entry stars: field 'aliases'" in message
    assert programmes.check_codebook_file(path) == programmes.validate_codebook(obj, path)


def test_broken_yaml_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.yml"
    path.write_text("name: x\nprogrammes:\n  - {id: a, name_zh: “a, b\n", encoding="utf-8")
    with pytest.raises(programmes.CodebookError, match=r"broken\.yml: not valid YAML"):
        programmes.load_codebook(path)
    (problem,) = programmes.check_codebook_file(path)
    assert problem.startswith(f"{path}: not valid YAML")
    missing = tmp_path / "missing.yml"
    with pytest.raises(programmes.CodebookError, match=r"missing\.yml: file not found"):
        programmes.load_codebook(missing)
