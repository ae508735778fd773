"""govtext.evaluate.blind: the blind coding files are consistent with the raw texts and with each other."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from govtext.evaluate import blind

ANNOTATIONS = Path(__file__).resolve().parents[2] / "data" / "annotations"
BLIND = ANNOTATIONS / "blind"


@pytest.fixture(scope="module")
def raw_texts(seeds) -> dict[str, str]:
    documents, _cleaned, _sentences = seeds
    return dict(zip(documents["doc_id"], documents["raw_text"], strict=True))


@pytest.mark.parametrize("folder", ["coder_a", "coder_b", "adjudicated"])
def test_every_coded_span_is_its_raw_text(folder, raw_texts) -> None:
    assert blind.check_spans(blind.load_coding(BLIND / folder), raw_texts) == []


def test_check_spans_finds_a_shifted_span(raw_texts) -> None:
    tables = blind.load_coding(BLIND / "adjudicated")
    shifted = {**tables, "metrics": tables["metrics"].assign(start=tables["metrics"]["start"] + 1)}
    assert len(blind.check_spans(shifted, raw_texts)) == len(tables["metrics"])


def test_adjudicated_rows_say_how_they_were_decided() -> None:
    gold = blind.load_coding(BLIND / "adjudicated")
    allowed = {"both", "coder_1_only_kept", "coder_2_only_kept", "resolved"}
    for part, table in gold.items():
        assert set(table["decision"]) <= allowed, part


def test_agreement_table_counts_each_coders_items() -> None:
    a, b = blind.load_coding(BLIND / "coder_a"), blind.load_coding(BLIND / "coder_b")
    table = blind.coder_agreement(a, b).set_index("part")
    for part in blind.PARTS:
        assert table.at[part, "coder_a"] == len(a[part]) and table.at[part, "coder_b"] == len(b[part])
        assert 0 < table.at[part, "positive_agreement"] <= 1


def test_dimension_judgements_on_a_toy_sample() -> None:
    key = pd.DataFrame({"item": ["d1", "d2", "d3", "d4"], "dimension": ["x", "x", "y", "y"]})
    judge_a = pd.DataFrame(
        {"item": ["d1", "d2", "d3", "d4"], "judgement": ["correct", "incorrect", "correct", "correct"]}
    )
    judge_b = pd.DataFrame(
        {"item": ["d1", "d2", "d3", "d4"], "judgement": ["correct", "correct", "correct", "correct"]}
    )
    table = blind.dimension_judgements(key, judge_a, judge_b).set_index("dimension")
    assert table.at["x", "precision_a"] == 0.5 and table.at["x", "precision_b"] == 1.0
    assert table.at["x", "precision_both"] == 0.5 and table.at["x", "percent_agreement"] == 0.5
    assert table.at["all", "n_hits"] == 4 and table.at["all", "percent_agreement"] == 0.75


def test_a_missing_judgement_is_an_error() -> None:
    key = pd.DataFrame({"item": ["d1", "d2"], "dimension": ["x", "x"]})
    judged = pd.DataFrame({"item": ["d1"], "judgement": ["correct"]})
    with pytest.raises(ValueError, match="every sampled item"):
        blind.dimension_judgements(key, judged, judged)


def test_misses_list_each_unfound_gold_item_once() -> None:
    gold = {
        "programmes": pd.DataFrame(
            {
                "doc_id": ["d", "d"],
                "start": [0, 10],
                "end": [4, 14],
                "surface": ["甲乙丙丁", "戊己庚辛"],
                "kind": ["mechanism", "campaign"],
            }
        ),
        "metrics": pd.DataFrame(
            {
                "doc_id": ["d", "d"],
                "start": [20, 30],
                "end": [23, 33],
                "surface": ["88个", "5万元"],
                "value": [88.0, 5e4],
                "metric_class": ["count", "money"],
            }
        ),
    }
    mentions = pd.DataFrame({"doc_id": ["d"], "start": [1], "end": [3], "name_zh": ["乙丙"], "kind": ["x"]})
    quantities = pd.DataFrame(
        {"doc_id": ["d", "d"], "start": [20, 30], "end": [23, 33], "value": [88.0, 5.0]}
    )
    table = blind.misses(mentions, quantities, gold)
    # the second quantity overlaps but has the wrong value: still a miss
    assert table[["instrument", "surface"]].values.tolist() == [
        ["extractor", "5万元"],
        ["matcher", "戊己庚辛"],
    ]
    extra = blind.unmatched_by_name(
        pd.concat([mentions, mentions.assign(start=40, end=42)], ignore_index=True), gold["programmes"]
    )
    assert extra[["name_zh", "mentions", "documents"]].values.tolist() == [["乙丙", 1, 1]]


def _write_round(folder, suffix: str, items: list[str], dims: list[str], verdicts: list[str]) -> None:
    pd.DataFrame({"item": items, "dimension": dims}).to_csv(folder / f"sample_key{suffix}.csv", index=False)
    for judge in ("a", "b"):
        pd.DataFrame({"item": items, "judgement": verdicts, "note": ""}).to_csv(
            folder / f"judge_{judge}{suffix}.csv", index=False
        )


def test_dimension_rounds_are_joined_and_retired_dimensions_left_out(tmp_path) -> None:
    _write_round(tmp_path, "", ["d1", "d2", "d3"], ["x", "old", "old"], ["correct", "incorrect", "correct"])
    _write_round(tmp_path, "_round2", ["e1", "e2"], ["new", "new"], ["correct", "incorrect"])
    key, judge_a, judge_b = blind.load_dimension_judgements(tmp_path, ["x", "new"])
    assert key["item"].tolist() == ["d1", "e1", "e2"] and key["round"].tolist() == [1, 2, 2]
    assert judge_a["item"].tolist() == judge_b["item"].tolist() == ["d1", "e1", "e2"]
    table = blind.dimension_judgements(key, judge_a, judge_b).set_index("dimension")
    assert table.at["new", "precision_both"] == 0.5 and "old" not in table.index
    with pytest.raises(ValueError, match=r"no judged hits for dimension\(s\) other"):
        blind.load_dimension_judgements(tmp_path, ["x", "other"])


def test_dimension_rounds_refuse_repeated_items_and_odd_names(tmp_path) -> None:
    _write_round(tmp_path, "", ["d1"], ["x"], ["correct"])
    _write_round(tmp_path, "_round2", ["d1"], ["x"], ["correct"])
    with pytest.raises(ValueError, match="item 'd1' appears in two rounds"):
        blind.load_dimension_judgements(tmp_path, ["x"])
    (tmp_path / "sample_key_round2.csv").rename(tmp_path / "sample_key_copy.csv")
    with pytest.raises(ValueError, match=r"sample_key_copy\.csv: not a sampling round"):
        blind.load_dimension_judgements(tmp_path, ["x"])
    (tmp_path / "sample_key_copy.csv").unlink()
    (tmp_path / "judge_b.csv").unlink()
    with pytest.raises(ValueError, match=r"judge_b\.csv: cannot read"):
        blind.load_dimension_judgements(tmp_path, ["x"])


def test_the_committed_dimension_rounds_cover_every_current_dimension() -> None:
    from govtext import compare
    from govtext.resources import resource_path

    ids = compare.load_dimensions(resource_path("dimensions")).dimensions["id"]
    folder = Path(__file__).resolve().parents[2] / "data" / "annotations" / "dimensions"
    key, judge_a, judge_b = blind.load_dimension_judgements(folder, ids)
    assert judge_a["item"].tolist() == judge_b["item"].tolist() == key["item"].tolist()
    sizes = key.groupby("dimension").size()
    assert set(sizes.index) == set(ids)
    assert (sizes >= 22).all()  # 30 per dimension, all 22 hits of grid_management (it has no more)
    assert set(key.loc[key["dimension"].isin(["digital_platforms", "grid_management"]), "round"]) == {2}


def test_no_current_term_had_every_sampled_hit_rejected_by_both_judges() -> None:
    """dimensions.yml's revision rule: a term whose sampled hits both judges all rejected is dropped."""
    from govtext import compare
    from govtext.resources import resource_path

    codebook = compare.load_dimensions(resource_path("dimensions"))
    folder = Path(__file__).resolve().parents[2] / "data" / "annotations" / "dimensions"
    key, judge_a, judge_b = blind.load_dimension_judgements(folder, codebook.dimensions["id"])
    judged = key.merge(judge_a[["item", "judgement"]], on="item").merge(
        judge_b[["item", "judgement"]], on="item", suffixes=("_a", "_b")
    )
    rejected = judged["judgement_a"].eq("incorrect") & judged["judgement_b"].eq("incorrect")
    all_rejected = rejected.groupby([judged["dimension"], judged["term"]]).all()
    current = {(dim, term) for dim, terms in codebook.terms.items() for term in terms}
    offending = sorted(pair for pair, flag in all_rejected.items() if flag and pair in current)
    assert offending == []
    dropped = {term for row in codebook.dimensions["excluded_terms"] for term, _reason in row}
    assert {"云课堂", "云端", "宣传员"} <= dropped


def test_dimension_validation_facts_on_a_toy_sample() -> None:
    key = pd.DataFrame({"item": ["d1", "d2", "d3", "d4"], "dimension": ["x", "x", "y", "y"]})
    judge = pd.DataFrame(
        {"item": ["d1", "d2", "d3", "d4"], "judgement": ["correct", "incorrect", "correct", "correct"]}
    )
    validity = blind.dimension_judgements(key, judge, judge)
    round_1 = pd.DataFrame({"item": ["r1", "r2", "r3"], "dimension": ["old", "old", "x"]})
    sorted_by = pd.DataFrame(
        {"item": ["r1", "r2", "r3"], "subtype": ["organisational_grid", "digital_platform", "n/a"]}
    )
    excluded = [(("网格", "counted elsewhere"), ("云端", "dropped in 0.2.0: rejected")), ()]
    facts = blind.dimension_validation_facts(validity, round_1, sorted_by, excluded, retired="old")
    assert facts["dim_n_hits"] == 4 and facts["dim_precision_both"] == "0.750"
    assert facts["dim_worst"] == "x" and facts["dim_worst_precision"] == "0.500"
    assert facts["dim_sample_size"] == 2
    assert (facts["n_digital_grid"], facts["n_digital_platform"], facts["n_digital_judged"]) == (1, 1, 2)
    assert facts["dim_dropped_terms"] == "云端" and facts["n_dim_dropped"] == 1
