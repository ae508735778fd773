"""Themes: reported figures side by side, normalised only by denominators the text states. The themes
file (:func:`load_themes`) names terms and metric kinds per theme; :func:`metric_denominators` adds the
share a percentage, a rate or a part-whole pair in the same sentence supports; :func:`theme_metrics`
assigns quantities to themes and :func:`theme_indicator_table` summarises them per place;
:func:`quote_figure` cuts the clause that holds a figure.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from govtext.compare._shared import (
    CLAUSE_BREAKS,
    CLAUSE_PATTERN,
    NO_EVIDENCE,
    Row,
    _as_tuple,
    _check_text_entry,
    _entry_name,
    _read_yaml,
    _require,
    _select_parts,
    _sentence_key,
    _string_list,
)
from govtext.compare.scores import DEFAULT_PARTS
from govtext.yamlfile import ResourceError

THEME_REQUIRED = ("id", "label", "label_zh")
THEME_OPTIONAL = ("terms", "exclude_if", "metric_kinds", "note")
THEME_COLUMNS = ["id", "label", "label_zh", "terms", "exclude_if", "metric_kinds", "note"]
THEME_METRIC_COLUMNS = [
    "theme",
    "label",
    "locality",
    "doc_id",
    "sentence_id",
    "start",
    "end",
    "surface",
    "value",
    "unit",
    "kind",
    "subject",
    "share",
    "basis",
    "denominator",
]
BASIS_STATED = "stated percentage"
BASIS_RATE = "stated rate"
BASIS_PART = "computed part of whole"
BASIS_WHOLE = "whole"


class ThemesError(ResourceError):
    """A themes file is missing, unreadable or malformed (the message names file, theme and field)."""


@dataclass(frozen=True, eq=False)
class ThemeCodebook:
    """A validated themes file: one row per theme (columns ``THEME_COLUMNS``) and the part-whole cues."""

    name: str
    description: str
    version: str
    themes: pd.DataFrame
    part_whole_cues: tuple[str, ...]
    source: str = ""


def load_themes(path: str | Path) -> ThemeCodebook:
    """Read and validate a themes YAML file (name, description, version, themes, part_whole_cues).

    Each theme needs id (snake_case), label, label_zh and at least one of ``terms`` or ``metric_kinds``;
    ``exclude_if`` and ``note`` are optional. Raises :class:`ThemesError` naming file, theme and field.
    """
    path = Path(path)
    data = _read_yaml(path, ThemesError)
    if not isinstance(data, dict):
        raise ThemesError(f"{path}: top level must be a mapping with name, description, version, themes")
    unknown = sorted(set(data) - {"name", "description", "version", "themes", "part_whole_cues"})
    if unknown:
        raise ThemesError(f"{path}: unknown top-level field(s): {', '.join(map(str, unknown))}")
    meta = {}
    for field in ("name", "description", "version"):
        value = data.get(field)
        if not isinstance(value, str | int | float) or not str(value).strip():
            raise ThemesError(f"{path}: field '{field}': missing or empty")
        meta[field] = str(value).strip()
    entries = data.get("themes")
    if not isinstance(entries, list) or not entries:
        raise ThemesError(f"{path}: field 'themes': must be a non-empty list")
    rows: list[dict[str, Any]] = []
    for index, entry in enumerate(entries):
        row = _validate_theme(path, index, entry)
        if any(r["id"] == row["id"] for r in rows):
            raise ThemesError(f"{path}: theme '{row['id']}': field 'id': duplicate id")
        rows.append(row)
    cues = _string_list(
        path, "top level", "part_whole_cues", data.get("part_whole_cues"), allow_empty=True, error=ThemesError
    )
    return ThemeCodebook(
        name=meta["name"],
        description=meta["description"],
        version=meta["version"],
        themes=pd.DataFrame(rows, columns=THEME_COLUMNS),
        part_whole_cues=cues,
        source=path.name,
    )


def _validate_theme(path: Path, index: int, entry: Any) -> dict[str, Any]:
    where = _entry_name("theme", index, entry)
    _check_text_entry(path, where, entry, THEME_REQUIRED, THEME_OPTIONAL, ThemesError)
    row: dict[str, Any] = {field: " ".join(entry[field].split()) for field in THEME_REQUIRED}
    for field in ("terms", "exclude_if", "metric_kinds"):
        row[field] = _string_list(path, where, field, entry.get(field), allow_empty=True, error=ThemesError)
    if not (row["terms"] or row["metric_kinds"]):
        raise ThemesError(f"{path}: {where}: needs at least one of terms, metric_kinds")
    row["note"] = " ".join(str(entry.get("note") or "").split())
    return row


def metric_denominators(
    metrics: pd.DataFrame,
    sentences: pd.DataFrame,
    cues: Sequence[str],
    max_gap: int = 15,
) -> pd.DataFrame:
    """``metrics`` with the normalisation the text itself supports: columns share, basis, denominator.

    * a percentage (kind ``percent``): share = value / 100, basis ``stated percentage``, denominator =
      its subject (占全市总任务量的80% → 全市总任务量);
    * a rate (kind ``rate``, 每万人配备40个): basis ``stated rate``, denominator = its base (``per``);
    * a part-whole pair: in one sentence, a count (the whole) followed within ``max_gap`` characters,
      with at most one clause break and one of ``cues`` in between, by counts of the same unit no larger
      than it, each within ``max_gap`` characters of the previous one (488个老旧小区已完工468个;
      53个楼院中，8个已完工，28个正在施工). Parts get share = part / whole, basis ``computed part of
      whole`` and the whole's surface as denominator; the whole gets basis ``whole``.

    Every other quantity keeps share NaN and an empty basis: nothing is normalised by outside data.
    Needs metrics columns doc_id, sentence_id, surface, value, unit, kind, subject, clean_start,
    clean_end and sentences columns sentence_id, text, clean_start.
    """
    needed = [
        "doc_id",
        "sentence_id",
        "surface",
        "value",
        "unit",
        "kind",
        "subject",
        "clean_start",
        "clean_end",
    ]
    _require(metrics, needed, "metrics")
    _require(sentences, ["sentence_id", "text", "clean_start"], "sentences")
    out = metrics.reset_index(drop=True).copy()
    share = np.full(len(out), np.nan)
    basis = [""] * len(out)
    denominator = [""] * len(out)
    row: Row
    for i, row in enumerate(out.itertuples(index=False)):
        if row.kind == "percent":
            share[i], basis[i], denominator[i] = (
                float(row.value) / 100.0,
                BASIS_STATED,
                str(row.subject or ""),
            )
        elif row.kind == "rate":
            per = getattr(row, "per", "") or ""
            basis[i], denominator[i] = BASIS_RATE, str(per)
    lookup = {
        s: (t, int(c))
        for s, t, c in sentences[["sentence_id", "text", "clean_start"]].itertuples(index=False)
    }
    counts = out[out["kind"] == "count"]
    for sentence_id, block in counts.groupby("sentence_id", sort=False):
        if sentence_id not in lookup:
            continue
        text, base = lookup[sentence_id]
        block = block.sort_values(["clean_start", "clean_end"], kind="mergesort")
        items = list(block[["value", "unit", "clean_start", "clean_end", "surface"]].itertuples(name=None))
        k = 0
        while k < len(items):
            idx, value, unit, _start, end, surface = items[k]
            parts: list[int] = []
            previous_end = end
            for j in range(k + 1, len(items)):
                p_idx, p_value, p_unit, p_start, p_end, _ = items[j]
                if p_unit != unit:
                    continue
                gap = text[previous_end - base : p_start - base]
                if not parts and not _cued_gap(gap, cues, max_gap):
                    break
                if parts and len(gap) > max_gap:
                    break
                if float(p_value) > float(value) or float(value) <= 0:
                    break
                parts.append(j)
                previous_end = p_end
            if not parts:
                k += 1
                continue
            basis[idx] = BASIS_WHOLE
            for j in parts:
                p_idx, p_value = items[j][0], items[j][1]
                share[p_idx] = float(p_value) / float(value)
                basis[p_idx] = BASIS_PART
                denominator[p_idx] = str(surface)
            k = parts[-1] + 1
    out["share"] = share
    out["basis"] = basis
    out["denominator"] = denominator
    return out


def quote_figure(
    sentences: pd.DataFrame, sentence_id: str, surface: str, clauses_before: int = 1, clauses_after: int = 0
) -> str:
    """The clause of a figure's sentence that holds the figure, with ``clauses_before`` clauses before it
    and ``clauses_after`` after it (clauses end at ，；：、。！？), trailing punctuation dropped; … marks
    a cut. ``surface`` may be the raw surface: layout whitespace is ignored when it is looked up.
    """
    _require(sentences, ["sentence_id", "text"], "sentences")
    match = sentences.loc[sentences["sentence_id"] == sentence_id, "text"]
    if match.empty:
        raise ValueError(f"quote_figure: no sentence {sentence_id!r}")
    text = str(match.iloc[0])
    position = text.find(_squeeze(surface))
    if position < 0:
        raise ValueError(f"quote_figure: {surface!r} not in sentence {sentence_id!r}")
    clauses = [m.span() for m in CLAUSE_PATTERN.finditer(text) if m.end() > m.start()]
    own = next(i for i, (a, b) in enumerate(clauses) if a <= position < b)
    first, last = max(0, own - clauses_before), min(len(clauses) - 1, own + clauses_after)
    quote = text[clauses[first][0] : clauses[last][1]].rstrip(CLAUSE_BREAKS)
    return ("…" if first > 0 else "") + quote + ("…" if last < len(clauses) - 1 else "")


def _cued_gap(gap: str, cues: Sequence[str], max_gap: int) -> bool:
    """A short stretch between two counts, within one clause break, holding a part-whole cue."""
    if len(gap) > max_gap or "。" in gap or sum(gap.count(ch) for ch in "，；：") > 1:
        return False
    return any(cue in gap for cue in cues)


def theme_metrics(
    metrics: pd.DataFrame,
    sentences: pd.DataFrame,
    themes: ThemeCodebook | pd.DataFrame,
    parts: Sequence[str] | None = DEFAULT_PARTS,
) -> pd.DataFrame:
    """Quantities assigned to themes: one row per (theme, quantity), columns ``THEME_METRIC_COLUMNS``.

    A quantity belongs to a theme when its sentence contains one of the theme's terms and none of its
    exclude_if terms, or when its kind is one of the theme's metric_kinds. ``metrics`` should carry
    share/basis/denominator from :func:`metric_denominators` (otherwise they are left empty); sentences
    need a ``locality`` column. Only sentences whose part is in ``parts`` count (body text by default).
    Sorted by theme (file order), locality, sentence order and position.
    """
    _require(metrics, ["doc_id", "sentence_id", "surface", "value", "unit", "kind", "clean_start"], "metrics")
    _require(sentences, ["sentence_id", "text", "locality"], "sentences")
    spec = themes.themes if isinstance(themes, ThemeCodebook) else themes
    _require(spec, ["id", "label", "terms"], "themes")
    selected = _select_parts(sentences, parts)
    info = dict(
        zip(selected["sentence_id"], zip(selected["text"], selected["locality"], strict=True), strict=True)
    )
    frame = metrics[metrics["sentence_id"].isin(list(info))].copy()
    for column, default in (("subject", ""), ("start", -1), ("end", -1), ("basis", ""), ("denominator", "")):
        if column not in frame.columns:
            frame[column] = default
    if "share" not in frame.columns:
        frame["share"] = np.nan
    blocks = []
    theme: Row
    for order, theme in enumerate(spec.itertuples(index=False)):
        terms = _as_tuple(theme.terms)
        excluded = _as_tuple(getattr(theme, "exclude_if", ()))
        kinds = set(_as_tuple(getattr(theme, "metric_kinds", ())))

        def belongs(
            sentence_id: str,
            kind: str,
            terms: tuple[str, ...] = terms,
            excluded: tuple[str, ...] = excluded,
            kinds: set[str] = kinds,
        ) -> bool:
            text = info[sentence_id][0]
            if kind in kinds:
                return True
            return any(t in text for t in terms) and not any(t in text for t in excluded)

        mask = [belongs(s, k) for s, k in zip(frame["sentence_id"], frame["kind"], strict=True)]
        block = frame[mask].copy()
        block["theme"], block["label"], block["_order"] = theme.id, theme.label, order
        block["locality"] = block["sentence_id"].map(lambda s: info[s][1])
        blocks.append(block)
    if not blocks or all(b.empty for b in blocks):
        return pd.DataFrame(columns=THEME_METRIC_COLUMNS)
    table = pd.concat([b for b in blocks if not b.empty], ignore_index=True)
    table["_sentence"] = table["sentence_id"].map(_sentence_key)
    table["_locality"] = table["locality"].astype(str)
    table = table.sort_values(["_order", "_locality", "_sentence", "clean_start"], kind="mergesort")
    return table[THEME_METRIC_COLUMNS].reset_index(drop=True)


def theme_indicator_table(
    theme_rows: pd.DataFrame,
    themes: ThemeCodebook | pd.DataFrame,
    places: Sequence[str] | None = None,
    n_examples: int = 2,
) -> pd.DataFrame:
    """One row per theme (label), one column per place; a cell summarises the figures of that theme.

    A cell reads ``5 figures in 3 sentences; stated: 80% (全市总任务量); computed: 8个/53个 = 15%``:
    stated percentages with their subject, stated rates with their base, and shares computed from a
    denominator the same sentence gives. Without any, it says so and gives ``n_examples`` figures in text
    order (``no denominator; e.g. 1400余名 (党员)``). A place without figures gets ``—``.
    """
    _require(theme_rows, ["theme", "locality", "sentence_id", "surface", "basis"], "theme_rows")
    spec = themes.themes if isinstance(themes, ThemeCodebook) else themes
    places = list(places) if places is not None else sorted(theme_rows["locality"].astype(str).unique())
    table = pd.DataFrame(
        NO_EVIDENCE,
        index=pd.Index(list(spec["label"]), name="theme"),
        columns=pd.Index(places, name="locality"),
    )
    for theme_id, label in zip(spec["id"], spec["label"], strict=True):
        for place in places:
            block = theme_rows[(theme_rows["theme"] == theme_id) & (theme_rows["locality"] == place)]
            if not block.empty:
                table.loc[label, place] = _indicator_cell(block, n_examples)
    return table


def _indicator_cell(block: pd.DataFrame, n_examples: int) -> str:
    n, k = len(block), block["sentence_id"].nunique()
    parts = [f"{n} figure{'s' if n != 1 else ''} in {k} sentence{'s' if k != 1 else ''}"]
    stated, rates, computed = [], [], []
    r: Row
    for r in block.itertuples(index=False):
        surface = _squeeze(r.surface)
        if r.basis == BASIS_STATED:
            stated.append(f"{surface} ({r.denominator})" if r.denominator else surface)
        elif r.basis == BASIS_RATE:
            rates.append(f"{r.denominator}{surface}")
        elif r.basis == BASIS_PART:
            computed.append(f"{surface}/{_squeeze(r.denominator)} = {r.share:.0%}")
    for label, items in (("stated", stated), ("stated rate", rates), ("computed", computed)):
        if items:
            parts.append(f"{label}: " + ", ".join(_counted(items)))
    if not (stated or rates or computed):
        examples = [
            f"{_squeeze(r.surface)} ({r.subject})"
            if isinstance(r.subject, str) and r.subject
            else _squeeze(r.surface)
            for r in block.head(n_examples).itertuples(index=False)
        ]
        parts.append("no denominator; e.g. " + ", ".join(examples))
    return "; ".join(parts)


def _squeeze(text: Any) -> str:
    """Layout whitespace removed (raw surfaces may hold a line break or a space: 320 名)."""
    return re.sub(r"\s+", "", str(text))


def _counted(items: Sequence[str]) -> list[str]:
    """Repeated items once, with ``×k``, in order of first appearance."""
    counts = Counter(items)
    return [item if counts[item] == 1 else f"{item} ×{counts[item]}" for item in dict.fromkeys(items)]
