"""govtext.evaluate.agreement: pairing by overlap, positive agreement, Krippendorff's α, span scores."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from govtext.evaluate import agreement as ag


def spans(*rows: tuple[str, int, int], **extra: list[object]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["doc_id", "start", "end"])
    for name, values in extra.items():
        frame[name] = values
    return frame


def test_pairs_are_one_to_one_by_overlap() -> None:
    first = spans(("d", 0, 2), ("d", 3, 5), ("e", 0, 2))
    second = spans(("d", 1, 4), ("e", 2, 4))  # touches (2 == 2) is not overlap
    pairs = ag.pair_spans(first, second)
    assert pairs.values.tolist() == [[0, 0]]
    result = ag.span_agreement(first, second)
    assert (result.paired, result.positive_agreement) == (1, pytest.approx(2 / 5))


def test_pairs_can_require_equal_values() -> None:
    first = spans(("d", 0, 4), kind=["a"])
    second = spans(("d", 1, 3), ("d", 2, 5), kind=["b", "a"])
    assert ag.pair_spans(first, second, same=["kind"]).values.tolist() == [[0, 1]]


def test_alpha_matches_krippendorffs_published_example() -> None:
    """Krippendorff's worked example (4 coders, 12 units, missing values): nominal α = 0.743."""
    nan = None
    codes = [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
        [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan],
    ]
    assert ag.krippendorff_alpha(codes) == pytest.approx(0.743, abs=5e-4)


def test_alpha_of_labels_is_one_when_coders_agree_and_undefined_without_variation() -> None:
    assert ag.krippendorff_alpha([["x", "y", "x"], ["x", "y", "x"]]) == pytest.approx(1.0)
    assert math.isnan(ag.krippendorff_alpha([["x", "x"], ["x", "x"]]))
    assert ag.krippendorff_alpha([["x", "y", "x", "y"], ["y", "x", "y", "x"]]) < 0


def test_score_spans_lists_misses_and_false_finds() -> None:
    gold = spans(("d", 0, 2), ("d", 5, 7), surface=["甲乙", "丙丁"])
    predicted = spans(("d", 1, 2), ("d", 9, 10), surface=["乙", "戊"])
    scores, missed, false = ag.score_spans(predicted, gold)
    assert (scores["tp"], scores["fp"], scores["fn"]) == (1, 1, 1)
    assert missed["surface"].tolist() == ["丙丁"] and false["surface"].tolist() == ["戊"]


@given(st.lists(st.tuples(st.integers(0, 40), st.integers(1, 6)), max_size=12))
def test_a_table_agrees_perfectly_with_itself(items: list[tuple[int, int]]) -> None:
    table = spans(*[("d", start, start + length) for start, length in items])
    result = ag.span_agreement(table, table)
    assert result.positive_agreement == 1.0 or len(table) == 0
