"""Validation of the metrics extractor against hand-coded gold: loaders, precision and recall, ablations.

``load_metrics_gold`` reads the gold CSV (``GOLD_COLUMNS``) and ``check_gold_spans`` proves its spans
against the raw text; ``evaluate_metrics`` matches predictions to gold one-to-one (overlapping raw
spans, same value); ``evaluation_table`` scores all documents and each place, ``ablation_table`` the
extractor with its name-based filters switched off one after another.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from govtext.evaluate.agreement import precision_recall
from govtext.metrics.extract import _Cleaned, extract_metrics
from govtext.metrics.units import Units
from govtext.report.metrics import _locality_map, _place_order

GOLD_COLUMNS = ["doc_id", "start", "end", "surface", "value", "unit", "note"]


def load_metrics_gold(path: str | Path) -> pd.DataFrame:
    """Read the hand-coded metrics gold CSV (``GOLD_COLUMNS``), checking columns and spans."""
    path = Path(path)
    df = pd.read_csv(
        path, dtype={"doc_id": str, "surface": str, "unit": str, "note": str}, keep_default_na=False
    )
    missing = [c for c in GOLD_COLUMNS if c not in df.columns]
    if missing:
        raise ValueError(f"{path}: missing column(s) {', '.join(missing)}")
    for col in ("start", "end"):
        df[col] = pd.to_numeric(df[col], errors="raise").astype("int64")
    df["value"] = pd.to_numeric(df["value"], errors="raise").astype("float64")
    bad = df[df["end"] <= df["start"]]
    if len(bad):
        raise ValueError(f"{path}: row {int(bad.index[0]) + 2}: end must be greater than start")
    return df


def check_gold_spans(gold: pd.DataFrame, raw_texts: Mapping[str, str]) -> list[str]:
    """Problems where ``raw[start:end] != surface`` in a gold table (empty list when all spans agree)."""
    problems = []
    row: Any  # an itertuples row: pandas-stubs types every field as any scalar
    for row in gold.itertuples(index=False):
        raw = raw_texts.get(row.doc_id)
        if raw is None:
            problems.append(f"{row.doc_id}: unknown document")
        elif raw[row.start : row.end] != row.surface:
            problems.append(
                f"{row.doc_id} [{row.start}:{row.end}]: {raw[row.start : row.end]!r} != {row.surface!r}"
            )
    return problems


def _decimals(value: float) -> int:
    """How many decimals ``value`` is written with (``33.33`` -> 2, ``40.0`` -> 0)."""
    text = repr(float(value))
    return 0 if "e" in text or text.endswith(".0") else len(text.partition(".")[2])


def _same_value(predicted: float, gold: float) -> bool:
    """True when the two values agree within 1e-6 (relative), or when the gold value is written with two or
    more decimals and the prediction rounds to it there (a coder writes 不到三分之一 as 33.33; the
    extractor's 33.333… is the same reading)."""
    if math.isclose(predicted, gold, rel_tol=1e-6, abs_tol=1e-9):
        return True
    places = _decimals(gold)
    return places >= 2 and math.isclose(round(predicted, places), gold, rel_tol=0.0, abs_tol=1e-9)


def evaluate_metrics(predicted: pd.DataFrame, gold: pd.DataFrame) -> dict[str, float]:
    """Precision, recall and F1 of predicted metrics against gold, with value and unit accuracy.

    A predicted row matches a gold row when both have the same ``doc_id``, their raw spans
    ``[start, end)`` overlap and their values agree within 1e-6 (relative). Matching is one-to-one:
    each gold row, in order of position, takes the first unused overlapping prediction with the same value,
    otherwise the first unused overlapping prediction (a *span match* with a wrong value, counted as one
    false positive and one false negative). ``value_accuracy`` = matches / span matches;
    ``unit_accuracy`` = matches with the same unit / matches (when both tables have ``unit``).
    """
    for name, df in (("predicted", predicted), ("gold", gold)):
        missing = [c for c in ("doc_id", "start", "end", "value") if c not in df.columns]
        if missing:
            raise ValueError(f"{name}: missing column(s) {', '.join(missing)}")
    with_unit = "unit" in predicted.columns and "unit" in gold.columns
    pred_by_doc: dict[str, list[tuple[int, int, float, str]]] = {}
    row: Any  # an itertuples row: pandas-stubs types every field as any scalar
    for row in predicted.sort_values(["doc_id", "start", "end"], kind="mergesort").itertuples(index=False):
        unit = str(row.unit) if with_unit else ""
        pred_by_doc.setdefault(str(row.doc_id), []).append(
            (int(row.start), int(row.end), float(row.value), unit)
        )
    tp = span_matches = unit_ok = 0
    used: set[tuple[str, int]] = set()
    for row in gold.sort_values(["doc_id", "start", "end"], kind="mergesort").itertuples(index=False):
        doc = str(row.doc_id)
        candidates = [
            (k, p)
            for k, p in enumerate(pred_by_doc.get(doc, []))
            if (doc, k) not in used and p[0] < int(row.end) and int(row.start) < p[1]
        ]
        if not candidates:
            continue
        same = [c for c in candidates if _same_value(c[1][2], float(row.value))]
        k, p = (same or candidates)[0]
        used.add((doc, k))
        span_matches += 1
        if same:
            tp += 1
            if with_unit and p[3] == str(row.unit):
                unit_ok += 1
    n_pred, n_gold = len(predicted), len(gold)
    return {
        **precision_recall(tp, n_pred, n_gold),
        "tp": tp,
        "fp": n_pred - tp,
        "fn": n_gold - tp,
        "value_accuracy": tp / span_matches if span_matches else 0.0,
        "unit_accuracy": unit_ok / tp if (tp and with_unit) else math.nan,
        "span_matches": span_matches,
    }


# --------------------------------------------------------------------------------------------------


def evaluation_table(
    predicted: pd.DataFrame, gold: pd.DataFrame, documents: pd.DataFrame, places: Sequence[str] | None = None
) -> pd.DataFrame:
    """``evaluate_metrics`` over all documents and for each place, one row each, with n_gold, n_predicted."""
    place = _locality_map(documents)
    order = _place_order({place[str(d)] for d in gold["doc_id"]}, places)
    rows = []
    for name in ["all", *order]:
        if name == "all":
            p, g = predicted, gold
        else:
            p = predicted[predicted["doc_id"].astype(str).map(place) == name]
            g = gold[gold["doc_id"].astype(str).map(place) == name]
        score = evaluate_metrics(p, g)
        rows.append({"scope": name, "n_gold": len(g), "n_predicted": len(p), **score})
    columns = ["scope", "n_gold", "n_predicted", "tp", "fp", "fn", "precision", "recall", "f1"]
    return pd.DataFrame(rows)[[*columns, "value_accuracy", "unit_accuracy"]]


def ablation_table(
    sentences: pd.DataFrame,
    cleaned: Mapping[str, _Cleaned],
    gold: pd.DataFrame,
    tokenizer: Any,
    programme_names: Sequence[str],
    units: Units,
) -> pd.DataFrame:
    """Precision, recall and F1 with the name-based filters switched off one after another.

    Settings: the full extractor; without programme names; without the ``not_quantities`` list; without
    both; without both and without masking short quoted names and book titles.
    """
    from dataclasses import replace

    settings = [
        ("full extractor", programme_names, units),
        ("without programme names", (), units),
        ("without the not_quantities list", programme_names, replace(units, not_quantities=())),
        ("without the list and the names", (), replace(units, not_quantities=())),
        (
            "without the list, the names and quoted names",
            (),
            replace(units, not_quantities=(), mask_quoted_names=False),
        ),
    ]
    rows = []
    for name, names, variant in settings:
        found = extract_metrics(sentences, cleaned, tokenizer, names, variant)
        score = evaluate_metrics(found, gold)
        rows.append(
            {"setting": name, **{k: score[k] for k in ("precision", "recall", "f1", "tp", "fp", "fn")}}
        )
    return pd.DataFrame(rows)
