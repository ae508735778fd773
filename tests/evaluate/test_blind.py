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
