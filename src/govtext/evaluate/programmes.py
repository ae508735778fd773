"""Programme mentions against hand-coded gold: loading the gold file, precision, recall and F1.

``load_gold_mentions`` reads and checks a gold CSV (``GOLD_COLUMNS``, raw offsets); ``evaluate_mentions``
scores predicted spans (codebook mentions, or discovery candidates with ``by_programme=False``) against it
by span overlap within a document.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

GOLD_COLUMNS = ["doc_id", "start", "end", "surface", "programme_id", "note"]


def load_gold_mentions(path: str | Path) -> pd.DataFrame:
    """Hand-coded programme mentions (``GOLD_COLUMNS``); raises ValueError naming the file and problem."""
    path = Path(path)
    try:
        table = pd.read_csv(
            path,
            dtype={"doc_id": str, "surface": str, "programme_id": str, "note": str},
            keep_default_na=False,
            encoding="utf-8",
        )
    except (OSError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise ValueError(f"{path}: cannot read gold mentions: {exc}") from exc
    missing = [c for c in GOLD_COLUMNS if c not in table.columns]
    if missing:
        raise ValueError(f"{path}: missing column(s) {', '.join(missing)}")
    for column in ("start", "end"):
        numbers = pd.to_numeric(table[column], errors="coerce")
        bad = numbers.isna() | (numbers % 1 != 0)
        if bad.any():
            raise ValueError(f"{path}: row {int(bad.argmax()) + 2}: column '{column}' must be an integer")
        table[column] = numbers.astype("int64")
    bad = table["end"] <= table["start"]
    if bad.any():
        raise ValueError(f"{path}: row {int(bad.argmax()) + 2}: end must be greater than start")
    return (
        table[GOLD_COLUMNS]
        .sort_values(["doc_id", "start", "end", "programme_id"], kind="stable")
        .reset_index(drop=True)
    )


def _matched(left: pd.DataFrame, right: pd.DataFrame, by_programme: bool) -> pd.Series:
    """For each row of ``left``: is there a row of ``right`` in the same doc whose span overlaps it
    (and, if ``by_programme``, with the same programme_id)?"""
    keys = ["doc_id", "programme_id"] if by_programme else ["doc_id"]
    spans: dict[tuple[Any, ...], list[tuple[int, int]]] = {}
    for row in right[[*keys, "start", "end"]].itertuples(index=False):
        spans.setdefault(tuple(row[: len(keys)]), []).append((row[-2], row[-1]))
    flags = []
    for row in left[[*keys, "start", "end"]].itertuples(index=False):
        start, end = row[-2], row[-1]
        candidates = spans.get(tuple(row[: len(keys)]), [])
        flags.append(any(s < end and start < e for s, e in candidates))
    return pd.Series(flags, index=left.index, dtype=bool)


def evaluate_mentions(
    predicted: pd.DataFrame, gold: pd.DataFrame, by_programme: bool = True
) -> dict[str, float | int]:
    """Precision, recall and F1 of predicted spans against gold spans.

    A predicted row is a true positive if a gold row of the same document overlaps its raw span (and has
    the same ``programme_id`` when ``by_programme``; use ``by_programme=False`` for discovery candidates).
    ``tp`` and ``fp`` count predicted rows; ``fn`` counts gold rows that no predicted row matches; recall
    = (gold rows matched) / (gold rows).
    """
    tp = int(_matched(predicted, gold, by_programme).sum()) if len(predicted) else 0
    gold_hit = int(_matched(gold, predicted, by_programme).sum()) if len(gold) and len(predicted) else 0
    fp = len(predicted) - tp
    fn = len(gold) - gold_hit
    precision = tp / len(predicted) if len(predicted) else float("nan")
    recall = gold_hit / len(gold) if len(gold) else float("nan")
    f1 = 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "tp": tp, "fp": fp, "fn": fn}
