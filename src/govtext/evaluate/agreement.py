"""Agreement between coders, and any span table scored against another: matching, α, positive agreement.

Two tables of spans (one row per coded item: ``doc_id``, raw ``start``/``end``) are paired one to one by
overlap: in each document, in order of position, a span of the first table takes the first unused span of
the second that overlaps it. From the pairs:

* **positive agreement** (specific agreement on presence) ``2·pairs / (n_a + n_b)``: for unitised coding
  with no fixed set of units there are no agreed negatives, so this, not κ or α, is the agreement on
  *which* spans were coded (it equals F1 with either coder taken as the reference);
* **Krippendorff's α** (nominal) on a categorical attribute of the paired spans (a programme's kind, a
  metric's class, a stage): agreement on *what* each jointly found span is, beyond chance. α comes from the
  ``krippendorff`` package.

:func:`score_spans` scores predictions against a gold table the same way (precision, recall, F1) and
lists the misses and false finds, so that the book can show them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

SPAN_KEYS = ("doc_id", "start", "end")


def _require(frame: pd.DataFrame, columns: Sequence[str], name: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{name}: missing column(s) {', '.join(missing)}")


def _spans_in_order(
    frame: pd.DataFrame, same: Sequence[str]
) -> list[tuple[int, str, int, int, tuple[Any, ...]]]:
    """``(row position, doc_id, start, end, same-values)`` of every span, in order of position."""
    ordered = frame.reset_index(drop=True).sort_values(["doc_id", "start", "end"], kind="mergesort")
    columns = [ordered[c] for c in ("doc_id", "start", "end", *same)]
    return [
        (int(pos), str(doc), int(start), int(end), tuple(rest))
        for pos, doc, start, end, *rest in zip(ordered.index, *columns, strict=True)
    ]


def pair_spans(first: pd.DataFrame, second: pd.DataFrame, same: Sequence[str] = ()) -> pd.DataFrame:
    """One-to-one pairs of overlapping spans of ``first`` and ``second`` (same ``doc_id``, and equal values
    in the ``same`` columns when given): columns ``first`` and ``second`` hold the row positions (``iloc``)
    in each table, in order of the first table's spans."""
    for name, frame in (("first", first), ("second", second)):
        _require(frame, [*SPAN_KEYS, *same], name)
    by_doc: dict[str, list[tuple[int, int, int, tuple[Any, ...]]]] = {}
    for pos, doc, start, end, rest in _spans_in_order(second, same):
        by_doc.setdefault(doc, []).append((pos, start, end, rest))
    used: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for pos, doc, start, end, rest in _spans_in_order(first, same):
        for pos_b, start_b, end_b, rest_b in by_doc.get(doc, []):
            if pos_b not in used and start_b < end and start < end_b and rest_b == rest:
                used.add(pos_b)
                pairs.append((pos, pos_b))
                break
    return pd.DataFrame(pairs, columns=["first", "second"], dtype="int64")


def precision_recall(tp: int, n_predicted: int, n_gold: int) -> dict[str, float]:
    """Precision, recall and F1 from the true positives and the two table sizes (0.0 where undefined)."""
    precision = tp / n_predicted if n_predicted else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


@dataclass(frozen=True)
class SpanAgreement:
    """How far two coders found the same spans."""

    n_first: int
    n_second: int
    paired: int

    @property
    def positive_agreement(self) -> float:
        """``2·paired / (n_first + n_second)`` (1.0 when neither coded anything)."""
        total = self.n_first + self.n_second
        return 2 * self.paired / total if total else 1.0


def span_agreement(first: pd.DataFrame, second: pd.DataFrame) -> SpanAgreement:
    """Positive agreement of two coders' span tables (paired by overlap, :func:`pair_spans`)."""
    return SpanAgreement(len(first), len(second), len(pair_spans(first, second)))


Level = Literal["nominal", "ordinal", "interval", "ratio"]


def krippendorff_alpha(codes: Sequence[Sequence[Any]], level: Level = "nominal") -> float:
    """Krippendorff's α for coders × units: ``codes[c][u]`` is coder c's value for unit u (None or NaN:
    not coded). Values are mapped to integers in sorted order of their text, so any labels work.
    NaN when fewer than two values are pairable or every value is the same (α is undefined there)."""
    import krippendorff

    labels = sorted({str(v) for row in codes for v in row if not _missing(v)})
    if len(labels) < 2:
        return float("nan")
    index = {label: k for k, label in enumerate(labels)}
    matrix = np.array(
        [[np.nan if _missing(v) else float(index[str(v)]) for v in row] for row in codes], dtype=float
    )
    return float(krippendorff.alpha(reliability_data=matrix, level_of_measurement=level))


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and np.isnan(value))


def paired_alpha(first: pd.DataFrame, second: pd.DataFrame, column: str) -> tuple[float, int]:
    """α (nominal) on ``column`` over the spans both coders found (paired by overlap), and the number
    of pairs it rests on."""
    pairs = pair_spans(first, second)
    a = first.reset_index(drop=True)[column].iloc[pairs["first"]].tolist()
    b = second.reset_index(drop=True)[column].iloc[pairs["second"]].tolist()
    return krippendorff_alpha([a, b]), len(pairs)


def score_spans(
    predicted: pd.DataFrame, gold: pd.DataFrame, same: Sequence[str] = ()
) -> tuple[dict[str, float], pd.DataFrame, pd.DataFrame]:
    """Precision, recall and F1 of ``predicted`` spans against ``gold`` (paired by overlap, and equal
    ``same`` columns), with the gold rows missed and the predicted rows that match no gold row."""
    pairs = pair_spans(gold, predicted, same)
    n_pred, n_gold, tp = len(predicted), len(gold), len(pairs)
    gold_rows = gold.reset_index(drop=True)
    pred_rows = predicted.reset_index(drop=True)
    missed = gold_rows.drop(index=pairs["first"].tolist())
    false = pred_rows.drop(index=pairs["second"].tolist())
    scores = {
        **precision_recall(tp, n_pred, n_gold),
        "tp": tp,
        "fp": n_pred - tp,
        "fn": n_gold - tp,
    }
    return scores, missed.reset_index(drop=True), false.reset_index(drop=True)
