"""Exact permutation tests over articles: a hand-computed toy case, the attainable minimum, ties,
determinism, the multiplicity adjustment and a property (min_p_value <= p <= 1)."""

from __future__ import annotations

import math
import random

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govtext.compare import inference
from govtext.compare.dimensions import load_dimensions
from govtext.compare.inference import (
    article_dimension_rates,
    assignments,
    bonferroni,
    holm,
    min_p_value,
    n_assignments,
    permutation_table,
    permutation_test,
)
from govtext.compare.scores import SCORED_PARTS, count_dimension_terms
from govtext.resources import resource_path

TOY_SCORES = {"u1": 1.0, "u2": 2.0, "u3": 4.0, "u4": 8.0}


def test_toy_case_computed_by_hand():
    """Four units scored 1, 2, 4, 8; place A holds u3 and u4, place B u1 and u2 (sizes 2/2).

    The C(4, 2) = 6 assignments, by the set of scores A holds, and the mean difference A − B:

    ========  =========  =========  ======
    A holds   mean A     mean B     d
    ========  =========  =========  ======
    {1, 2}    1.5        6.0        −4.5
    {1, 4}    2.5        5.0        −2.5
    {1, 8}    4.5        3.0        +1.5
    {2, 4}    3.0        4.5        −1.5
    {2, 8}    5.0        2.5        +2.5
    {4, 8}    6.0        1.5        +4.5   (observed)
    ========  =========  =========  ======

    greater: only the observed has d ≥ 4.5, p = 1/6. two-sided: |d| ≥ 4.5 for {1, 2} and {4, 8},
    p = 2/6. less: every d ≤ 4.5, p = 1. If A held u2 and u4 instead (d = 2.5), greater: {2, 8} and
    {4, 8}, p = 2/6.
    """
    places = {"u1": "B", "u2": "B", "u3": "A", "u4": "A"}
    greater = permutation_test(TOY_SCORES, places, "A", alternative="greater")
    assert (greater.observed, greater.n_assignments, greater.n_as_extreme) == (4.5, 6, 1)
    assert greater.p_value == pytest.approx(1 / 6)
    assert (greater.place_mean, greater.other_mean) == (6.0, 1.5)
    assert permutation_test(TOY_SCORES, places, "A", alternative="two-sided").p_value == pytest.approx(2 / 6)
    assert permutation_test(TOY_SCORES, places, "A", alternative="less").p_value == 1.0
    other = {"u1": "B", "u2": "A", "u3": "B", "u4": "A"}
    result = permutation_test(TOY_SCORES, other, "A")
    assert result.observed == 2.5
    assert result.p_value == pytest.approx(2 / 6)


def test_toy_minimum_two_of_four():
    """Two-sided with two of four, a set and its complement tie: the floor is 2/6, and it is reached."""
    assert min_p_value(2, 4, alternative="two-sided") == pytest.approx(1 / 3)
    assert min_p_value(2, 4) == pytest.approx(1 / 6)


def test_ties_count_as_extreme():
    """Scores 1, 2, 2, 3 with A holding u2 (2) and u4 (3): d = +1. The sets {2, 3} and {2', 3} both give
    d = +1 (a tie with the observed), every other set less: p = 2/6, not 1/6."""
    scores = {"u1": 1.0, "u2": 2.0, "u3": 2.0, "u4": 3.0}
    places = {"u1": "B", "u2": "A", "u3": "B", "u4": "A"}
    result = permutation_test(scores, places, "A")
    assert result.n_as_extreme == 2
    assert result.p_value == pytest.approx(1 / 3)
    # all scores equal: every assignment ties, p = 1
    flat = permutation_test(dict.fromkeys(scores, 5.0), places, "A")
    assert flat.p_value == 1.0


def test_ties_within_float_rounding():
    """0.1 + 0.2 and 0.3 differ in floating point: they are the same score, a tie."""
    scores = {"a": 0.1 + 0.2, "b": 0.3, "c": 0.0}
    places = {"a": "X", "b": "Y", "c": "Y"}
    assert permutation_test(scores, places, "X").n_as_extreme == 2


SEVEN = {"Gongyi": 4, "Zhongyuan": 2, "Xingyang": 1}


def _seven(order: list[str]) -> tuple[dict[str, float], dict[str, str]]:
    """Seven articles scored 2**i (every subset sum distinct); the places in ``order`` hold the top."""
    labels = [place for place in reversed(order) for _ in range(SEVEN[place])]
    scores = {f"a{i}": float(2**i) for i in range(7)}
    return scores, {f"a{i}": label for i, label in enumerate(labels)}


@pytest.mark.parametrize(
    ("place", "expected"),
    [("Xingyang", 1 / 7), ("Zhongyuan", 1 / math.comb(7, 2)), ("Gongyi", 1 / math.comb(7, 4))],
)
def test_attainable_minimum_of_seven(place, expected):
    """With 4, 2 and 1 articles: 105 assignments; the floor is 1/C(7, k), and a place holding the top k
    of scores with distinct subset sums reaches it exactly."""
    assert n_assignments(list(SEVEN.values())) == 105
    assert min_p_value(SEVEN[place], 7) == pytest.approx(expected)
    others = [p for p in SEVEN if p != place]
    scores, places = _seven([place, *others])
    result = permutation_test(scores, places, place)
    assert result.n_assignments == 105
    assert result.p_value == pytest.approx(expected) == pytest.approx(result.min_p_value)


def test_xingyang_highest_never_rarer_than_one_in_seven():
    """'Xingyang has the highest mean' when its one article is the top one: p = 1/7 exactly, the floor."""
    scores = {f"a{i}": v for i, v in enumerate([1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 100.0])}
    places = {f"a{i}": p for i, p in enumerate(["Gongyi"] * 4 + ["Zhongyuan"] * 2 + ["Xingyang"])}
    result = permutation_test(scores, places, "Xingyang", statistic="highest")
    assert result.observed == 1.0
    assert result.p_value == pytest.approx(1 / 7) == pytest.approx(result.min_p_value)
    lowest = permutation_test(scores, places, "Xingyang", statistic="lowest")
    assert lowest.observed == 0.0 and lowest.p_value == 1.0


def test_assignments_are_every_rearrangement_once():
    labels = ["G", "G", "G", "G", "Z", "Z", "X"]
    rows = list(assignments(labels))
    assert len(rows) == len(set(rows)) == 105
    assert all(sorted(row) == sorted(labels) for row in rows)
    assert tuple(labels) in rows


def test_deterministic_and_order_free():
    scores, places = _seven(["Zhongyuan", "Gongyi", "Xingyang"])
    first = permutation_test(scores, places, "Gongyi", alternative="two-sided")
    assert permutation_test(scores, places, "Gongyi", alternative="two-sided") == first
    keys = list(scores)
    random.Random(7).shuffle(keys)
    shuffled = permutation_test(
        {k: scores[k] for k in keys},
        {k: places[k] for k in reversed(keys)},
        "Gongyi",
        alternative="two-sided",
    )
    assert shuffled == first


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="same articles"):
        permutation_test({"a": 1.0}, {"b": "X"}, "X")
    with pytest.raises(ValueError, match="no article of place"):
        permutation_test({"a": 1.0, "b": 2.0}, {"a": "X", "b": "Y"}, "Z")
    with pytest.raises(ValueError, match="nothing to compare"):
        permutation_test({"a": 1.0, "b": 2.0}, {"a": "X", "b": "X"}, "X")
    with pytest.raises(ValueError, match="finite"):
        permutation_test({"a": float("nan"), "b": 2.0}, {"a": "X", "b": "Y"}, "X")
    with pytest.raises(ValueError, match="indicator"):
        permutation_test(
            {"a": 1.0, "b": 2.0}, {"a": "X", "b": "Y"}, "X", statistic="highest", alternative="less"
        )
    with pytest.raises(ValueError, match="too many"):
        inference._label_matrix(["a"] * 12 + ["b"] * 12)


@settings(max_examples=150, deadline=None)
@given(
    sizes=st.lists(st.integers(min_value=1, max_value=3), min_size=2, max_size=3),
    data=st.data(),
    statistic=st.sampled_from(["mean_difference", "highest", "lowest"]),
    alternative=st.sampled_from(["greater", "less", "two-sided"]),
)
def test_p_value_between_floor_and_one(sizes, data, statistic, alternative):
    if statistic != "mean_difference":
        alternative = "greater"
    n = sum(sizes)
    values = data.draw(
        st.lists(
            st.one_of(st.integers(-3, 3).map(float), st.floats(-1e3, 1e3, allow_nan=False)),
            min_size=n,
            max_size=n,
        )
    )
    labels = [f"p{g}" for g, size in enumerate(sizes) for _ in range(size)]
    scores = {f"a{i}": v for i, v in enumerate(values)}
    places = {f"a{i}": label for i, label in enumerate(labels)}
    place = data.draw(st.sampled_from(sorted(set(labels))))
    result = permutation_test(scores, places, place, statistic, alternative)
    assert result.min_p_value - 1e-12 <= result.p_value <= 1.0
    assert result.n_assignments == n_assignments(sizes)


def test_holm_and_bonferroni():
    """p = .01, .04, .03, .005: sorted .005×4 = .02, .01×3 = .03, .03×2 = .06, .04×1 = .04 → .06."""
    assert holm([0.01, 0.04, 0.03, 0.005]) == pytest.approx([0.03, 0.06, 0.06, 0.02])
    assert holm([0.5, 0.9]) == pytest.approx([1.0, 1.0])
    assert bonferroni([0.01, 0.2]) == pytest.approx([0.02, 0.4])
    assert holm([]) == []


def test_permutation_table_reports_floor_and_adjustment():
    scores, places = _seven(["Zhongyuan", "Gongyi", "Xingyang"])
    long = pd.DataFrame(
        [(a, dim, v * (1 if dim == "up" else -1)) for a, v in scores.items() for dim in ("up", "down")],
        columns=["article_id", "dimension", "rate"],
    )
    table = permutation_table(long, places)
    assert list(table.columns) == ["dimension", *inference.PERMUTATION_COLUMNS]
    assert len(table) == 6
    up = table[(table["dimension"] == "up") & (table["place"] == "Zhongyuan")].iloc[0]
    assert up["p_value"] == pytest.approx(1 / 21) and up["min_p_value"] == pytest.approx(1 / 21)
    assert up["p_adjusted"] == pytest.approx(6 / 21)  # the smallest of six: Holm multiplies it by six
    assert (table["p_adjusted"] >= table["p_value"]).all()
    xingyang = table[table["place"] == "Xingyang"]
    assert not xingyang["reachable"].any() and table[table["place"] != "Xingyang"]["reachable"].all()
    bonf = permutation_table(long, places, adjust="bonferroni")
    assert (bonf["p_adjusted"] >= table["p_adjusted"] - 1e-12).all()


def test_article_dimension_rates_sum_the_sentence_hits(seed_corpus):
    _documents, _cleaned, articles, sentences = seed_corpus
    dimensions = load_dimensions(resource_path("dimensions"))
    rates = article_dimension_rates(sentences, dimensions)
    counts = count_dimension_terms(sentences, dimensions, parts=SCORED_PARTS)
    assert rates["hits"].sum() == counts["hits"].sum()
    assert set(rates["article_id"]) == set(articles["article_id"])
    one = rates.iloc[0]
    assert one["rate"] == pytest.approx(one["hits"] / one["n_chars"] * 10_000)
