"""govtext.compare.scores: dimension hits per sentence, document and term."""

from __future__ import annotations

import pytest

from compare.helpers import TERMS, make_sentences
from govtext import compare


def test_count_dimension_terms_one_row_per_sentence_and_dimension() -> None:
    sentences = make_sentences([("d1", "A", "攻坚攻坚专班，疫情防控"), ("d1", "A", "无")])
    counts = compare.count_dimension_terms(sentences, TERMS)
    assert len(counts) == 2 * 2
    first = counts[counts["sentence_id"] == "d1-1-1"].set_index("dimension")
    assert first.loc["campaign", "hits"] == 3
    assert first.loc["campaign", "terms"] == "攻坚×2; 专班"
    assert first.loc["crisis", "hits"] == 1  # 疫情防控 once, not 疫情 + 防控
    assert first.loc["campaign", "n_chars"] == len("攻坚攻坚专班，疫情防控")
    assert counts["hits"].sum() == 4


def test_document_dimension_scores_sum_the_sentence_counts() -> None:
    sentences = make_sentences(
        [("d1", "A", "专班攻坚。"), ("d1", "A", "攻坚攻坚，疫情防控"), ("d2", "B", "无"), ("d1", "A", "防控")]
    )
    sentences.loc[3, "part"] = "heading"  # not counted: body text only
    scores = compare.document_dimension_scores(sentences, TERMS, doc_ids=["d2", "d1", "d3"])
    assert list(scores.columns) == compare.DOCUMENT_SCORE_COLUMNS
    assert list(zip(scores["doc_id"], scores["dimension"], strict=True)) == [
        (doc, dim) for doc in ("d2", "d1", "d3") for dim in ("campaign", "crisis")
    ]
    d1 = scores[scores["doc_id"] == "d1"].set_index("dimension")
    assert d1.loc["campaign", "n_sentences"] == 2
    assert d1.loc["campaign", "n_chars"] == len("专班攻坚。") + len("攻坚攻坚，疫情防控")
    assert d1.loc["campaign", "hits"] == 4
    # the sentences' lists merged: 攻坚 three times, then 专班 (listed first in the first sentence)
    assert d1.loc["campaign", "terms"] == "攻坚×3; 专班"
    assert d1.loc["campaign", "rate"] == pytest.approx(4 / d1.loc["campaign", "n_chars"] * 10_000)
    counts = compare.count_dimension_terms(sentences, TERMS, parts=["body"])
    assert scores["hits"].sum() == counts["hits"].sum()
    d3 = scores[scores["doc_id"] == "d3"]  # no sentences at all: zeros and no rate
    assert d3["hits"].tolist() == [0, 0] and d3["rate"].isna().all() and d3["terms"].tolist() == ["", ""]


def test_find_dimension_terms_offsets_point_into_clean_text() -> None:
    sentences = make_sentences([("d1", "A", "前言。"), ("d1", "A", "全力攻坚")])
    matches = compare.find_dimension_terms(sentences, TERMS)
    row = matches.iloc[0]
    clean_text = "".join(sentences["text"])
    assert clean_text[row["clean_start"] : row["clean_end"]] == "攻坚"
    assert row["offset"] == 2


def test_term_counts_show_which_terms_drive_a_rate() -> None:
    sentences = make_sentences([("d1", "A", "攻坚攻坚专班"), ("d2", "B", "疫情")])
    counts = compare.term_counts(sentences, TERMS)
    assert counts.values.tolist() == [
        ["A", "campaign", "攻坚", 2],
        ["A", "campaign", "专班", 1],
        ["B", "crisis", "疫情", 1],
    ]
