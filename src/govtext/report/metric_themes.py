"""Metric themes: which quantities are claims on a theme, their stated shares, and the headline table.

``load_metric_themes`` reads the ``themes``, ``share_cues`` and ``part_whole_cues`` of the units
codebook; ``stated_shares`` adds a share only where the text itself gives the denominator;
``theme_claims`` ranks the claims on each theme within each place, and ``indicator_table`` shows the
headline claim (``claim_text``) per theme and place. Nothing is normalised with outside data.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from govtext.metrics.extract import _CLAUSE_RE
from govtext.metrics.units import DEFAULT_UNITS_PATH, KINDS, _fail, _read_units_yaml, _str_list
from govtext.report.metrics import _format_value, _in_parts, _locality_map, _place_order, _short_id

NO_CLAIM = "—"
LEVELS = ("subject", "clause", "sentence", "kind")
BASIS_STATED = "stated share"
BASIS_PERCENT = "stated percentage"
BASIS_PART = "part of a stated whole"
BASIS_WHOLE = "whole"
_CLAUSE_BREAKS = "，。；！？,;!?：:\n"
THEME_COLUMNS = ["id", "label", "label_zh", "terms", "kinds", "exclude_if", "note"]
CLAIM_COLUMNS = [
    "theme",
    "label",
    "locality",
    "rank",
    "doc_id",
    "sentence_id",
    "start",
    "end",
    "surface",
    "value",
    "unit",
    "kind",
    "subject",
    "level",
    "term",
    "share",
    "denominator",
    "basis",
    "per",
    "quote",
]


@dataclass(frozen=True, eq=False)
class MetricThemes:
    """The ``themes``, ``share_cues`` and ``part_whole_cues`` of the units codebook."""

    themes: pd.DataFrame
    share_cues: tuple[str, ...]
    part_whole_cues: tuple[str, ...]
    source: str = ""


def load_metric_themes(path: str | Path = DEFAULT_UNITS_PATH) -> MetricThemes:
    """Read and validate the themes of the units codebook (format in its header).

    Errors name the file, the theme (``themes[2] (money)``) and the field.
    """
    path = Path(path)
    data = _read_units_yaml(path)
    if not isinstance(data, dict) or "themes" not in data:
        raise _fail(path, "top level", "missing field 'themes'")
    entries = data["themes"]
    if not isinstance(entries, list) or not entries:
        raise _fail(path, "themes", "must be a non-empty list of themes")
    known = set(THEME_COLUMNS)
    kinds = (*KINDS, "rate")
    rows: list[dict[str, Any]] = []
    for i, spec in enumerate(entries):
        if not isinstance(spec, dict):
            raise _fail(path, f"themes[{i}]", f"must be a mapping, got {spec!r}")
        where = f"themes[{i}] ({spec.get('id')})"
        unknown = sorted(set(spec) - known)
        if unknown:
            raise _fail(path, where, f"unknown field(s) {', '.join(map(str, unknown))}")
        for name in ("id", "label", "label_zh"):
            if not isinstance(spec.get(name), str) or not spec[name].strip():
                raise _fail(path, where, f"field '{name}' is missing or empty")
        if not re.fullmatch(r"[a-z][a-z0-9_]*", spec["id"]):
            raise _fail(path, where, f"field 'id' must be snake_case, got {spec['id']!r}")
        if any(r["id"] == spec["id"] for r in rows):
            raise _fail(path, where, "field 'id': duplicate id")
        row = {name: spec[name].strip() for name in ("id", "label", "label_zh")}
        for name in ("terms", "kinds", "exclude_if"):
            row[name] = _str_list(spec.get(name), path, where, name)
        bad = [k for k in row["kinds"] if k not in kinds]
        if bad:
            raise _fail(path, where, f"field 'kinds': {bad[0]!r} is not one of {', '.join(kinds)}")
        if not row["terms"] and not row["kinds"]:
            raise _fail(path, where, "needs 'terms' or 'kinds'")
        row["note"] = str(spec.get("note", ""))
        rows.append(row)
    return MetricThemes(
        themes=pd.DataFrame(rows, columns=THEME_COLUMNS),
        share_cues=_str_list(data.get("share_cues"), path, "share_cues", "share_cues"),
        part_whole_cues=_str_list(data.get("part_whole_cues"), path, "part_whole_cues", "part_whole_cues"),
        source=str(path),
    )


def _breaks(text: str) -> int:
    return sum(text.count(ch) for ch in _CLAUSE_BREAKS)


def stated_shares(
    metrics: pd.DataFrame,
    sentences: pd.DataFrame,
    share_cues: Sequence[str] = ("占",),
    part_whole_cues: Sequence[str] = (),
    max_gap: int = 12,
) -> pd.DataFrame:
    """``metrics`` with ``share``, ``denominator`` and ``basis`` where the text itself gives a denominator.

    Within one sentence, in order of position:

    * **stated share**: a count followed by a percentage in the next clause that opens with a share cue
      (``88个，占全市总任务量的80%``): share 0.80 of the whole named between cue and number (全市总任务量);
    * **whole and parts**: a count followed, within ``max_gap`` characters and one clause break, by a
      part-whole cue and then by counts of the same unit whose sum is at most the whole, or by one
      percentage (``488个老旧小区已完工468个``; ``53个楼院中，8个已完工，28个正在施工``;
      ``222个居民小区中老旧楼院占比96.8%``): each part gets share part/whole (a percentage its own value)
      and the whole as written (its surface and the words up to the cue or 中) as denominator; the whole
      gets basis ``whole``;
    * any other percentage: share value/100, basis ``stated percentage``, no denominator.

    Everything else keeps share NaN: no figure is normalised with outside data.
    """
    out = metrics.reset_index(drop=True).copy()
    share = [math.nan] * len(out)
    denominator = [""] * len(out)
    basis = [""] * len(out)
    texts = _sentence_texts(sentences)
    order = out.sort_values(["sentence_id", "clean_start"], kind="mergesort")
    for sentence_id, block in order.groupby("sentence_id", sort=False):
        if sentence_id not in texts:
            continue
        text, base = texts[str(sentence_id)][0], int(texts[str(sentence_id)][1])
        # itertuples rows are untyped namedtuples (pandas-stubs types every field as any scalar)
        items: list[Any] = list(
            block[["kind", "value", "unit", "clean_start", "clean_end", "surface", "subject"]].itertuples()
        )
        for k, q in enumerate(items):
            if q.kind != "count" or basis[q.Index]:
                continue
            rest = items[k + 1 :]
            if not rest:
                continue
            nxt = rest[0]
            gap = text[q.clean_end - base : nxt.clean_start - base]
            opener = gap.lstrip("，,")
            cue = next((c for c in share_cues if opener.startswith(c)), None)
            if nxt.kind == "percent" and cue and _breaks(gap) <= 1 and _breaks(opener) == 0:
                whole = opener[len(cue) :].rstrip("的达为约近")
                share[q.Index], denominator[q.Index], basis[q.Index] = nxt.value / 100, whole, BASIS_STATED
                continue
            if not (len(gap) <= max_gap and _breaks(gap) <= 1 and any(c in gap for c in part_whole_cues)):
                continue
            first_cue = min(gap.find(c) for c in part_whole_cues if c in gap)
            noun = gap[:first_cue].split("中", 1)[0].strip("，, ")  # 53个楼院中， → 楼院
            whole_text = f"{q.surface}{noun or q.subject}"
            if nxt.kind == "percent":
                share[nxt.Index], denominator[nxt.Index], basis[nxt.Index] = (
                    nxt.value / 100,
                    whole_text,
                    BASIS_PART,
                )
                basis[q.Index] = BASIS_WHOLE
                continue
            parts: list[Any] = []
            total, end = 0.0, q.clean_end
            for p in rest:
                between = text[end - base : p.clean_start - base]
                if (
                    p.kind != "count"
                    or p.unit != q.unit
                    or (parts and (len(between) > max_gap or "。" in between))
                ):
                    break
                if total + p.value > q.value or q.value <= 0:
                    break
                parts.append(p)
                total += p.value
                end = p.clean_end
            if not parts:
                continue
            basis[q.Index] = BASIS_WHOLE
            for p in parts:
                share[p.Index], denominator[p.Index], basis[p.Index] = (
                    p.value / q.value,
                    whole_text,
                    BASIS_PART,
                )
    for i, (kind, value) in enumerate(zip(out["kind"], out["value"], strict=True)):
        if kind == "percent" and not basis[i]:
            share[i], basis[i] = float(value) / 100, BASIS_PERCENT
    return out.assign(share=share, denominator=denominator, basis=basis)


def _sentence_texts(sentences: pd.DataFrame) -> dict[str, tuple[str, int]]:
    """sentence_id → (clean text, clean_start)."""
    ids, texts, starts = sentences["sentence_id"], sentences["text"], sentences["clean_start"]
    return {i: (t, int(c)) for i, t, c in zip(ids, texts, starts, strict=True)}


def _clause_at(text: str, offset: int) -> str:
    for m in _CLAUSE_RE.finditer(text):
        if m.start() <= offset < m.end():
            return m.group()
    return ""


def _quote(text: str, start: int, end: int, width: int) -> str:
    """The clause(s) around ``text[start:end]``, cut to ``width`` characters either side with ``…``."""
    left = max(0, start - width)
    right = min(len(text), end + width)
    return ("…" if left > 0 else "") + text[left:right] + ("…" if right < len(text) else "")


def theme_claims(
    metrics: pd.DataFrame,
    sentences: pd.DataFrame,
    documents: pd.DataFrame,
    themes: MetricThemes,
    parts: Sequence[str] | None = ("body",),
    places: Sequence[str] | None = None,
    width: int = 12,
) -> pd.DataFrame:
    """Every quantity that is a claim on a theme, ranked within (theme, place); columns ``CLAIM_COLUMNS``.

    ``metrics`` should carry ``share/denominator/basis`` from :func:`stated_shares`. A quantity is a claim
    when its sentence holds no ``exclude_if`` word, its kind is allowed (``kinds``) and a theme term occurs
    in its subject (level ``subject``), its clause (``clause``) or its sentence (``sentence``); with
    ``kinds`` a quantity of that kind without any term is still a claim (level ``kind``). A part of a
    stated whole takes its whole's level when that is stronger. Rank 1, the headline, is the claim with
    (1) the strongest level, (2) a share the text states (counts before percentages), (3) the first term
    in the theme's order, (4) the largest value, (5) the earliest position. ``quote`` is the clean text
    around the quantity (``width`` characters either side).
    """
    place = _locality_map(documents)
    kept, kept_sentences = _in_parts(metrics, sentences, parts)
    texts = _sentence_texts(kept_sentences)
    order = _place_order(set(place.values()), places)
    frame = kept.reset_index(drop=True)
    for column, default in (("share", math.nan), ("denominator", ""), ("basis", ""), ("per", "")):
        if column not in frame.columns:
            frame[column] = default
    rows = []
    # rows of itertuples and iloc are untyped (pandas-stubs types every field as any scalar)
    theme: Any
    q: Any
    for theme in themes.themes.itertuples(index=False):
        levels: dict[int, tuple[int, int, str]] = {}
        for i, q in enumerate(frame.itertuples(index=False)):
            if q.sentence_id not in texts or (theme.kinds and q.kind not in theme.kinds):
                continue
            text, base = texts[q.sentence_id]
            if any(w in text for w in theme.exclude_if):
                continue
            clause = _clause_at(text, int(q.clean_start) - int(base))
            found = None
            for level, where in enumerate((str(q.subject), clause, text)):
                term = next((t for t in theme.terms if t in where), None)
                if term is not None:
                    found = (level, theme.terms.index(term), term)
                    break
            if found is None and theme.kinds:
                found = (LEVELS.index("kind"), len(theme.terms), "")
            if found is not None:
                levels[i] = found
        # parts of a stated whole inherit the whole's level
        # (the ignores: pandas-stubs types DataFrame.at as any scalar; clean_start/clean_end are int64)
        for i, q in enumerate(frame.itertuples(index=False)):
            if q.basis != BASIS_PART:
                continue
            whole = [
                j
                for j in levels
                if frame.at[j, "sentence_id"] == q.sentence_id
                and frame.at[j, "basis"] == BASIS_WHOLE
                and int(frame.at[j, "clean_end"]) <= int(q.clean_start)  # type: ignore[arg-type]
            ]
            if whole:
                j = max(whole, key=lambda j: int(frame.at[j, "clean_start"]))  # type: ignore[arg-type]
                if i not in levels or levels[j][0] < levels[i][0]:
                    levels[i] = levels[j]
        for i, (level, term_rank, term) in levels.items():
            q = frame.iloc[i]
            text, base = texts[q["sentence_id"]]
            s, e = int(q["clean_start"]) - int(base), int(q["clean_end"]) - int(base)
            has_share = not math.isnan(float(q["share"]))
            normalised = 0 if has_share and q["kind"] != "percent" else (1 if has_share else 2)
            rows.append(
                {
                    "theme": theme.id,
                    "label": theme.label,
                    "locality": place[str(q["doc_id"])],
                    "_key": (level, normalised, term_rank, -float(q["value"]), str(q["doc_id"]), s),
                    "doc_id": q["doc_id"],
                    "sentence_id": q["sentence_id"],
                    "start": int(q["start"]),
                    "end": int(q["end"]),
                    "surface": q["surface"],
                    "value": float(q["value"]),
                    "unit": q["unit"],
                    "kind": q["kind"],
                    "subject": q["subject"],
                    "level": LEVELS[level],
                    "term": term,
                    "share": float(q["share"]),
                    "denominator": q["denominator"],
                    "basis": q["basis"],
                    "per": q["per"],
                    "quote": _quote(text, s, e, width),
                }
            )
    if not rows:
        return pd.DataFrame(columns=CLAIM_COLUMNS)
    table = pd.DataFrame(rows)
    theme_rank = {t: k for k, t in enumerate(themes.themes["id"])}
    place_rank = {p: k for k, p in enumerate(order)}
    table["_t"] = table["theme"].map(theme_rank)
    table["_p"] = table["locality"].map(place_rank)
    table = table.sort_values(["_t", "_p", "_key"], kind="mergesort").reset_index(drop=True)
    table["rank"] = table.groupby(["_t", "_p"]).cumcount() + 1
    return table[CLAIM_COLUMNS]


def claim_text(claim: Mapping[str, Any] | pd.Series) -> str:
    """One claim in words: value and unit, the printed surface, subject, share or rate, sentence, quote."""
    value = f"{_format_value(float(claim['value']))} {claim['unit']}".strip()
    if "".join(str(claim["surface"]).split()) != value.replace(",", "").replace(" ", ""):
        value += f" ({''.join(str(claim['surface']).split())})"
    parts = [value]
    if claim["subject"]:
        parts[0] += f" {claim['subject']}"
    share = float(claim["share"])
    if claim["basis"] in (BASIS_STATED, BASIS_PART) and not math.isnan(share):
        parts.append(f"= {share:.0%} of {claim['denominator']}")
    elif claim["per"]:
        parts.append(f"per {claim['per']}")
    parts.append(f"[{_short_id(claim['sentence_id'])}] “{claim['quote']}”")
    return "; ".join(parts)


def indicator_table(claims: pd.DataFrame, themes: MetricThemes, places: Sequence[str]) -> pd.DataFrame:
    """The side-by-side table: one row per theme, one column per place, each cell the headline claim
    (rank 1 of :func:`theme_claims`) in words (:func:`claim_text`) and how many claims stand behind it;
    ``—`` where a place makes no claim on the theme. Nothing is summed across claims.
    """
    rows = []
    for theme in themes.themes.itertuples(index=False):
        row = {"theme": f"{theme.label} ({theme.label_zh})"}
        for locality in places:
            block = claims[(claims["theme"] == theme.id) & (claims["locality"] == locality)]
            if block.empty:
                row[locality] = NO_CLAIM
                continue
            head = block.sort_values("rank", kind="mergesort").iloc[0]
            more = len(block) - 1
            row[locality] = claim_text(head) + (f" (+{more} more)" if more else "")
        rows.append(row)
    return pd.DataFrame(rows, columns=["theme", *places])
