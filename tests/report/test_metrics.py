"""Tests of govtext.report.metrics: examples, exclusions, class profiles and hedging by place."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from metrics.helpers import programme_names

from govtext import metrics as gm
from govtext.metrics import extract_metrics
from govtext.report import metrics as rm


def test_metric_examples_raw_surface_offsets_and_order(seeds, tokenizer):
    _, cleaned, sentences = seeds
    found = extract_metrics(sentences, cleaned, tokenizer, programme_names())
    raw = {d: c.raw for d, c in cleaned.items()}
    table = rm.metric_examples(found, ["003:第2位", "002:1.5 万名", "8863万元", "003:1~2个", "003:40个"], raw)
    assert list(table["raw_surface"]) == ["第2位", "1.5 万名", "8863万元", "1~2个", "40个"]
    first = table.iloc[0]
    assert raw["003_3994295fa6c43e31"][first["start"] : first["end"]] == "第2位"
    assert first["extra"] == "among 104" and first["context"].count("【第2位】") == 1
    assert table.iloc[2]["value"] == "88,630,000" and table.iloc[2]["unit"] == "元"
    assert table.iloc[3]["extra"] == "up to 2" and table.iloc[3]["hedge"] == "range (exact)"
    assert table.iloc[4]["extra"] == "per 每万人" and table.iloc[4]["kind"] == "rate"
    with pytest.raises(KeyError, match="999个"):
        rm.metric_examples(found, ["999个"], raw)


def test_exclusion_examples_on_seeds(seeds, tokenizer):
    _, cleaned, sentences = seeds
    found = extract_metrics(sentences, cleaned, tokenizer, programme_names())
    phrases = {"13710": "programme", "“982”工程": "programme", "191号院": "address", "V10-11": "page code"}
    table = rm.exclusion_examples(phrases, sentences, cleaned, found)
    assert list(table["phrase"]) == list(phrases) and (table["n_read"] == 0).all()
    for row in table.itertuples():
        doc = next(d for d in cleaned if d.startswith(row.sentence[:3]))
        assert cleaned[doc].raw[row.start : row.end] == row.raw_surface
    assert table.set_index("phrase").loc["191号院", "read_nearby"] == "488个、468个"
    with pytest.raises(KeyError, match="没有"):
        rm.exclusion_examples({"没有这个词组": "x"}, sentences, cleaned, found)


def toy_tables():
    """Two places, three body sentences and one heading, metrics typed like extract_metrics output."""
    documents = pd.DataFrame({"doc_id": ["a", "b"], "locality": ["Pa", "Pb"]})
    sentences = pd.DataFrame(
        {
            "doc_id": ["a", "a", "b", "b"],
            "sentence_id": ["a-1-1", "a-1-2", "b-1-1", "b-1-2"],
            "part": ["body", "body", "body", "heading"],
            "text": ["x" * 4000, "y" * 1000, "z" * 2000, "标题"],
            "clean_start": [0, 4000, 0, 2000],
        }
    )
    metrics = pd.DataFrame(
        {
            "doc_id": ["a", "a", "a", "b", "b"],
            "sentence_id": ["a-1-1", "a-1-1", "a-1-2", "b-1-1", "b-1-2"],
            "surface": ["近5个", "3名", "10%以上", "2000余名", "1个"],
            "unit_class": ["items", "people", "percent", "people", "items"],
            "approx": [True, False, True, True, False],
            "bound": ["upper", "exact", "lower", "lower", "exact"],
            "value_high": [math.nan] * 5,
        }
    )
    return documents, sentences, metrics


def test_class_profile_counts_rates_zero_fill_and_order():
    documents, sentences, metrics = toy_tables()
    table = rm.class_profile(metrics, sentences, documents, places=["Pb", "Pa"])
    assert list(table.columns) == ["unit_class", "locality", "n_metrics", "n_chars", "per_10k"]
    assert list(table["unit_class"]) == ["people", "people", "items", "items", "percent", "percent"]
    assert list(table["locality"]) == ["Pb", "Pa"] * 3
    pa_items = table[(table["unit_class"] == "items") & (table["locality"] == "Pa")].iloc[0]
    assert pa_items["n_metrics"] == 1 and pa_items["n_chars"] == 5000 and pa_items["per_10k"] == 2.0
    pb_items = table[(table["unit_class"] == "items") & (table["locality"] == "Pb")].iloc[0]
    assert pb_items["n_metrics"] == 0  # the heading's 1个 is not body text
    with pytest.raises(ValueError, match="places: missing Pa"):
        rm.class_profile(metrics, sentences, documents, places=["Pb"])


@pytest.mark.parametrize(
    ("surface", "high", "word"),
    [
        ("近1300万人次", math.nan, "近"),
        ("3760余名", math.nan, "余"),
        ("2000余 人", math.nan, "余"),
        ("10%以上", math.nan, "以上"),
        ("32岁以下", math.nan, "以下"),
        ("约21个亿", math.nan, "约"),
        ("1个多月", math.nan, "多"),
        ("半年多", math.nan, "多"),
        ("1~2个", 2.0, "range"),
        ("数十个", math.nan, "vague"),
        ("上百人", math.nan, "vague"),
        ("45个", math.nan, ""),
    ],
)
def test_approximator_of(units, surface, high, word):
    assert rm.approximator_of(surface, units, high) == word


def test_wilson_interval():
    low, high = rm.wilson_interval(0, 10)
    assert low == 0.0 and high == pytest.approx(0.2775, abs=1e-4)
    low, high = rm.wilson_interval(5, 10)
    assert (low, high) == (pytest.approx(0.2366, abs=1e-4), pytest.approx(0.7634, abs=1e-4))
    assert all(math.isnan(v) for v in rm.wilson_interval(0, 0))
    with pytest.raises(ValueError, match="k=11"):
        rm.wilson_interval(11, 10)


def test_hedging_by_place(units):
    documents, sentences, metrics = toy_tables()
    summary, words = rm.hedging_by_place(metrics, sentences, documents, units, places=["Pa", "Pb"])
    pa = summary.set_index("locality").loc["Pa"]
    assert (pa["n_metrics"], pa["n_approx"], pa["n_lower"], pa["n_upper"], pa["n_about"]) == (3, 2, 1, 1, 0)
    assert pa["share_approx"] == pytest.approx(2 / 3) and pa["ci_low"] < 2 / 3 < pa["ci_high"]
    assert summary.set_index("locality").loc["Pb", "n_approx"] == 1  # the heading does not count
    assert list(words.columns) == ["hedge", "Pa", "Pb", "total"]
    assert list(words["hedge"]) == ["以上", "余", "近"] and list(words["total"]) == [1, 1, 1]


def test_class_labels(units):
    labels = rm.class_labels(units)
    assert labels["items"] == "items (个 项 条 …)" and labels["money"] == "money (元 美元)"
    assert labels["rank"] == "rank" and set(labels) == set(units.classes)


def test_old_names_reach_the_moved_functions():
    """``govtext.metrics`` re-exports what moved here, for the book, until its cells are updated."""
    names = ["metric_examples", "exclusion_examples", "place_sizes", "class_profile", "class_labels"]
    names += ["approximator_of", "wilson_interval", "hedging_by_place"]
    for name in names:
        assert getattr(gm, name) is getattr(rm, name), name
