"""Book-only summaries of the metrics table: chosen examples, exclusions, profiles and hedging by place.

``metric_examples`` and ``exclusion_examples`` show what the extractor read (raw offsets, context);
``place_sizes``, ``class_profile`` and ``class_labels`` give counts and rates per unit class and place;
``approximator_of``, ``wilson_interval`` and ``hedging_by_place`` describe how places hedge their
figures. Small shared helpers (short ids, place order, value format) live here too.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from govtext.common import RATE_SCALE
from govtext.metrics.extract import _Cleaned
from govtext.metrics.numerals import _VAGUE_RE
from govtext.metrics.units import Units, _default_units


def _short_id(identifier: str) -> str:
    """``000_e68ce179375f246f-1-22`` → ``000-1-22`` (the file number and the article/sentence numbers)."""
    doc, sep, rest = str(identifier).partition("-")
    return doc.split("_", 1)[0] + sep + rest


def _show_breaks(text: str) -> str:
    """Line breaks made visible (``⏎``) for display in one table cell."""
    return text.replace("\r", "").replace("\n", "⏎")


def _locality_map(documents: pd.DataFrame) -> dict[str, str]:
    for column in ("doc_id", "locality"):
        if column not in documents.columns:
            raise ValueError(f"documents: missing column {column!r}")
    return dict(zip(documents["doc_id"].astype(str), documents["locality"].astype(str), strict=True))


def _place_order(found: Iterable[str], places: Sequence[str] | None) -> list[str]:
    found = sorted(set(found))
    if places is None:
        return found
    missing = [p for p in found if p not in places]
    if missing:
        raise ValueError(f"places: missing {', '.join(missing)}")
    return list(places)


def metric_examples(
    metrics: pd.DataFrame,
    picks: Sequence[str],
    raw_texts: Mapping[str, str],
    units: Units | None = None,
    width: int = 8,
) -> pd.DataFrame:
    """Chosen rows of ``metrics`` as the extractor read them, with raw surface, offsets and context.

    A pick is a surface as printed (``8863万元``) or ``doc:surface`` where ``doc`` starts the doc_id
    (``002:1.5 万名``); the first match in text order is taken, and rows follow the order of ``picks``.
    Columns: sentence (short id), start, end (raw offsets), raw_surface (``raw[start:end]``, line breaks
    as ⏎), context (``width`` raw characters either side, the span in 【】), value (formatted, multipliers
    applied), unit, kind, hedge (the hedging word and bound, ``approximator_of``), extra (range end, rate
    base or ranked field), subject. Raises ``KeyError`` naming a pick that matches nothing.
    """
    units = units if units is not None else _default_units()
    ordered = metrics.sort_values(["doc_id", "start", "end"], kind="mergesort")
    rows = []
    for pick in picks:
        doc, sep, surface = pick.partition(":")
        if not sep:
            doc, surface = "", pick
        hit = ordered[(ordered["surface"] == surface) & ordered["doc_id"].astype(str).str.startswith(doc)]
        if hit.empty:
            raise KeyError(f"metric_examples: no metric with surface {surface!r} in doc {doc or '*'}")
        row = hit.iloc[0]
        raw = raw_texts[row["doc_id"]]
        start, end = int(row["start"]), int(row["end"])
        before, after = raw[max(0, start - width) : start], raw[end : end + width]
        high, rank_of = float(row["value_high"]), float(row["rank_of"])
        hedge = approximator_of(str(row["surface"]), units, high) if bool(row["approx"]) else ""
        extra = []
        if not math.isnan(high):
            extra.append(f"up to {_format_value(high)}")
        if row["per"]:
            extra.append(f"per {row['per']}")
        if not math.isnan(rank_of):
            extra.append(f"among {_format_value(rank_of)}")
        rows.append(
            {
                "sentence": _short_id(row["sentence_id"]),
                "start": start,
                "end": end,
                "raw_surface": _show_breaks(raw[start:end]),
                "context": _show_breaks(f"{before}【{raw[start:end]}】{after}"),
                "value": _format_value(float(row["value"])),
                "unit": row["unit"],
                "kind": row["kind"],
                "hedge": f"{hedge} ({row['bound']})" if hedge else "",
                "extra": "; ".join(extra),
                "subject": row["subject"],
            }
        )
    return pd.DataFrame(rows)


def exclusion_examples(
    phrases: Mapping[str, str],
    sentences: pd.DataFrame,
    cleaned: Mapping[str, _Cleaned],
    metrics: pd.DataFrame,
) -> pd.DataFrame:
    """Where each phrase (a number that is not a metric) first occurs, and what the extractor read there.

    ``phrases`` maps a phrase as it stands in the clean text (``“982”工程``) to the reason it is not a
    metric. For each, in the given order: the first sentence (by doc_id and position) whose text holds it,
    the phrase's raw offsets and raw surface, ``n_read`` (metrics overlapping the phrase: 0 when it is
    correctly left out) and ``read_nearby`` (the other metrics of that sentence, or ``none``).
    Raises ``KeyError`` for a phrase found in no sentence.
    """
    order = sentences.sort_values(["doc_id", "clean_start"], kind="mergesort")
    rows = []
    for phrase, reason in phrases.items():
        hit = order[order["text"].str.contains(phrase, regex=False)]
        if hit.empty:
            raise KeyError(f"exclusion_examples: phrase {phrase!r} occurs in no sentence")
        sent = hit.iloc[0]
        doc = cleaned[sent["doc_id"]]
        offset = int(sent["clean_start"]) + sent["text"].index(phrase)
        start, end = doc.raw_span(offset, offset + len(phrase))
        in_sentence = metrics[metrics["sentence_id"] == sent["sentence_id"]]
        overlapping = (in_sentence["start"] < end) & (in_sentence["end"] > start)
        others = in_sentence.loc[~overlapping, "surface"].map(_show_breaks).tolist()
        rows.append(
            {
                "phrase": phrase,
                "why_not_a_metric": reason,
                "sentence": _short_id(sent["sentence_id"]),
                "part": sent["part"] if "part" in sent.index else "",
                "start": int(start),
                "end": int(end),
                "raw_surface": _show_breaks(doc.raw[start:end]),
                "n_read": int(overlapping.sum()),
                "read_nearby": "、".join(others) if others else "none",
            }
        )
    return pd.DataFrame(rows)


def _in_parts(
    metrics: pd.DataFrame, sentences: pd.DataFrame, parts: Sequence[str] | None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Metrics and sentences restricted to sentences whose ``part`` is in ``parts`` (None: all)."""
    if parts is None or "part" not in sentences.columns:
        return metrics, sentences
    kept = sentences[sentences["part"].isin(list(parts))]
    return metrics[metrics["sentence_id"].isin(kept["sentence_id"])], kept


def place_sizes(
    sentences: pd.DataFrame, documents: pd.DataFrame, parts: Sequence[str] | None = ("body",)
) -> pd.Series:
    """Clean characters of the sentences of ``parts`` per locality (the denominator of every rate)."""
    place = _locality_map(documents)
    _, kept = _in_parts(pd.DataFrame(columns=["sentence_id"]), sentences, parts)
    sizes = kept["text"].str.len().groupby(kept["doc_id"].map(place)).sum()
    return sizes.astype("int64").rename("n_chars").rename_axis("locality")


def class_profile(
    metrics: pd.DataFrame,
    sentences: pd.DataFrame,
    documents: pd.DataFrame,
    parts: Sequence[str] | None = ("body",),
    places: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Metrics per place and unit class: counts and rates per 10,000 clean characters of ``parts``.

    One row per (unit_class, locality) for every class found anywhere (absent ones count 0), with columns
    unit_class, locality, n_metrics, n_chars, per_10k. Classes are ordered by their total count (largest
    first, then by name), places by ``places`` (default: sorted).
    """
    place = _locality_map(documents)
    kept, _ = _in_parts(metrics, sentences, parts)
    sizes = place_sizes(sentences, documents, parts)
    order = _place_order(sizes.index, places)
    located = kept.assign(locality=kept["doc_id"].map(place))
    counts = located.groupby(["unit_class", "locality"]).size()
    totals = located.groupby("unit_class").size()
    classes = sorted(totals.index, key=lambda c: (-int(totals[c]), str(c)))
    rows = []
    for unit_class in classes:
        for locality in order:
            n = int(counts.get((unit_class, locality), 0))
            chars = int(sizes.get(locality, 0))
            rows.append((unit_class, locality, n, chars, n / chars * RATE_SCALE if chars else math.nan))
    return pd.DataFrame(rows, columns=["unit_class", "locality", "n_metrics", "n_chars", "per_10k"])


def class_labels(units: Units, max_units: int = 3) -> dict[str, str]:
    """A label per unit class naming its first units as written: ``items (个 项 条)``, ``money (元 美元)``."""
    labels = {}
    for name in units.classes:
        written = list(dict.fromkeys(e.unit for e in units.entries if e.unit_class == name))
        shown = " ".join(written[:max_units]) + (" …" if len(written) > max_units else "")
        labels[name] = f"{name} ({shown})" if written else name
    return labels


def approximator_of(surface: str, units: Units, value_high: float = math.nan) -> str:
    """The word that hedges a quantity as printed: a prefix (近, 约 …), an inner word (多, 余), a suffix
    (以上, 左右 …); ``range`` for a range (``value_high`` given), ``vague`` for 数十, 上百 …; "" if exact.
    """
    text = "".join(surface.split())
    if not math.isnan(value_high):
        return "range"
    for word in sorted(units.prefix_approx, key=lambda w: (-len(w), w)):
        if text.startswith(word):
            return word
    for word in sorted(units.suffix_approx, key=lambda w: (-len(w), w)):
        if text.endswith(word):
            return word
    for word in sorted(units.inner_approx, key=lambda w: (-len(w), w)):
        if word in text:
            return word
    if _VAGUE_RE.match(text.rstrip("".join(units.by_form) + "%％")) or re.match(r"^[数几上成]", text):
        return "vague"
    return ""


def wilson_interval(k: int, n: int, z: float = 1.959963984540054) -> tuple[float, float]:
    """Wilson score interval (95 % by default) for a share of ``k`` in ``n``; (nan, nan) when n is 0."""
    if n <= 0:
        return math.nan, math.nan
    if not 0 <= k <= n:
        raise ValueError(f"wilson_interval: need 0 <= k <= n, got k={k}, n={n}")
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def hedging_by_place(
    metrics: pd.DataFrame,
    sentences: pd.DataFrame,
    documents: pd.DataFrame,
    units: Units,
    parts: Sequence[str] | None = ("body",),
    places: Sequence[str] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """How often each place hedges its figures, and with which words.

    Returns ``(summary, words)``. ``summary``: one row per place with n_metrics, n_approx (``approx``
    true), share_approx with its 95 % Wilson interval (ci_low, ci_high), and the bounds of the hedged
    ones: n_lower (多, 余, 以上: "more than"), n_upper (近, 以下: "nearly, under"), n_about (约, 左右
    and ranges). ``words``: counts of each hedging word (``approximator_of``) by place, plus ``total``;
    rows by total (largest first), then word.
    """
    place = _locality_map(documents)
    kept, _ = _in_parts(metrics, sentences, parts)
    sizes = place_sizes(sentences, documents, parts)
    order = _place_order(sizes.index, places)
    located = kept.assign(locality=kept["doc_id"].map(place))
    words = [
        approximator_of(s, units, h) if a else ""
        for s, h, a in zip(located["surface"], located["value_high"], located["approx"], strict=True)
    ]
    located = located.assign(word=words)
    rows = []
    for locality in order:
        block = located[located["locality"] == locality]
        hedged = block[block["approx"]]
        n = len(block)
        low, high = wilson_interval(len(hedged), n)
        rows.append(
            {
                "locality": locality,
                "n_metrics": n,
                "n_approx": len(hedged),
                "share_approx": len(hedged) / n if n else math.nan,
                "ci_low": low,
                "ci_high": high,
                "n_lower": int((hedged["bound"] == "lower").sum()),
                "n_upper": int((hedged["bound"] == "upper").sum()),
                "n_about": int((hedged["bound"] == "exact").sum()),
            }
        )
    summary = pd.DataFrame(rows)
    hedged = located[located["approx"]]
    table = pd.crosstab(hedged["word"], hedged["locality"]).reindex(columns=order, fill_value=0)
    table = table.astype("int64")
    table["total"] = table.sum(axis=1)
    table = table.reset_index().rename(columns={"word": "hedge"})
    table = table.sort_values(["total", "hedge"], ascending=[False, True], kind="mergesort")
    table.columns.name = None
    return summary, table.reset_index(drop=True)


# --- themes -------------------------------------------------------------------------------------
def _format_value(value: float) -> str:
    """88630000.0 → ``88,630,000``; 0.5 → ``0.5``; 96.8 → ``96.8``."""
    if value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:,.6g}"
