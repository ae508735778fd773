"""Themes: the figures the places report on shared themes, side by side, normalised only by denominators
the text states. This is the one theme implementation of the package, used by the metrics chapter (the
headline of each theme and place) and by the comparison chapter (what each place's figures allow).

:func:`load_themes` reads the themes file (``resources/themes.yml``: terms, kinds and exclusions per
theme, and the share and part-whole cues); :func:`stated_shares` adds to each quantity the share,
denominator and basis the text itself supports; :func:`theme_claims` ties quantities to themes and ranks
them within each theme and place; :func:`indicator_table` shows each cell's headline claim
(:func:`claim_text`), :func:`denominator_table` each cell's figures with their denominators, and
:func:`quote_figure` cuts the clause that holds a figure.

Bases (column ``basis``), one meaning each:

* :data:`BASIS_SHARE` ``stated share``: a count whose share of a named whole the text states
  (88个，占全市总任务量的80%: share 0.80 of 全市总任务量);
* :data:`BASIS_PART` ``part of a stated whole``: a count or percentage the same sentence gives as part
  of a whole it states (488个老旧小区已完工468个: 468/488 of 488个老旧小区);
* :data:`BASIS_WHOLE` ``whole``: the whole of such a pair (its parts carry the share);
* :data:`BASIS_PERCENT` ``stated percentage``: any other percentage (share = its value, no denominator);
* :data:`BASIS_RATE` ``stated rate``: a rate with the base the text states (每万人配备40个: denominator
  每万人, no share).

Every other quantity has share NaN and an empty basis: nothing is divided by outside data, nothing summed.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from govtext.compare._shared import (
    CLAUSE_BREAKS,
    CLAUSE_PATTERN,
    NO_EVIDENCE,
    Row,
    _check_text_entry,
    _entry_name,
    _read_yaml,
    _require,
    _select_parts,
    _string_list,
)
from govtext.compare.typology import short_sentence_id
from govtext.metrics.units import KINDS
from govtext.resources import resource_path
from govtext.yamlfile import ResourceError

THEME_REQUIRED = ("id", "label", "label_zh", "note")
THEME_OPTIONAL = ("terms", "kinds", "exclude_if", "exclude_if_theme")
THEME_COLUMNS = ["id", "label", "label_zh", "terms", "kinds", "exclude_if", "exclude_if_theme", "note"]
THEME_KINDS = (*KINDS, "rate")
"""Metric kinds a theme may name in ``kinds``."""

BASIS_SHARE = "stated share"
BASIS_PART = "part of a stated whole"
BASIS_WHOLE = "whole"
BASIS_PERCENT = "stated percentage"
BASIS_RATE = "stated rate"
BASES = (BASIS_SHARE, BASIS_PART, BASIS_WHOLE, BASIS_PERCENT, BASIS_RATE)
"""Every basis :func:`stated_shares` sets (an empty basis: the text gives no denominator)."""
DENOMINATOR_BASES = (BASIS_SHARE, BASIS_PART, BASIS_RATE)
"""Bases whose denominator the text names (a whole, a named total or a rate's base)."""

LEVELS = ("subject", "clause", "sentence", "kind")
"""Where a theme term ties a quantity to the theme, strongest first (``kind``: by its kind alone)."""
NO_CLAIM = NO_EVIDENCE
NONE_OF_THEME = "no figure of the theme"
CLAIM_COLUMNS = [
    "theme",
    "label",
    "locality",
    "rank",
    "of_theme",
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
    "quote",
]


class ThemesError(ResourceError):
    """A themes file is missing, unreadable or malformed (the message names file, theme and field)."""


@dataclass(frozen=True, eq=False)
class ThemeCodebook:
    """A validated themes file: one row per theme (columns ``THEME_COLUMNS``, lists as tuples) and the
    share and part-whole cues."""

    name: str
    description: str
    version: str
    themes: pd.DataFrame
    share_cues: tuple[str, ...]
    part_whole_cues: tuple[str, ...]
    source: str = ""

    @property
    def labels(self) -> list[str]:
        """``Label (label_zh)`` per theme, in file order: the row names of the tables."""
        return [f"{en} ({zh})" for en, zh in zip(self.themes["label"], self.themes["label_zh"], strict=True)]


# --------------------------------------------------------------------------------------------------
# The themes file


def load_themes(path: str | Path | None = None) -> ThemeCodebook:
    """Read and validate a themes YAML file (the packaged ``themes.yml`` by default; format in its header).

    Top level: name, description, version, themes, share_cues, part_whole_cues. Each theme needs id
    (snake_case), label, label_zh, note and at least one of ``terms`` or ``kinds``; ``exclude_if`` and
    ``exclude_if_theme`` (ids of other themes) are optional. Raises :class:`ThemesError` naming the file,
    the theme and the field.
    """
    path = resource_path("themes") if path is None else Path(path)
    data = _read_yaml(path, ThemesError)
    if not isinstance(data, dict):
        raise ThemesError(f"{path}: top level must be a mapping with name, description, version, themes")
    top = {"name", "description", "version", "themes", "share_cues", "part_whole_cues"}
    unknown = sorted(set(data) - top, key=str)
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
    with_terms = {row["id"] for row in rows if row["terms"]}
    for row in rows:
        for other in row["exclude_if_theme"]:
            if other == row["id"] or other not in with_terms:
                raise ThemesError(
                    f"{path}: theme '{row['id']}': field 'exclude_if_theme': {other!r} is not another "
                    "theme with terms"
                )
    cues = {
        field: _string_list(path, "top level", field, data.get(field), allow_empty=True, error=ThemesError)
        for field in ("share_cues", "part_whole_cues")
    }
    return ThemeCodebook(
        name=meta["name"],
        description=meta["description"],
        version=meta["version"],
        themes=pd.DataFrame(rows, columns=THEME_COLUMNS),
        share_cues=cues["share_cues"],
        part_whole_cues=cues["part_whole_cues"],
        source=path.name,
    )


def _validate_theme(path: Path, index: int, entry: Any) -> dict[str, Any]:
    where = _entry_name("theme", index, entry)
    _check_text_entry(path, where, entry, THEME_REQUIRED, THEME_OPTIONAL, ThemesError)
    row: dict[str, Any] = {field: " ".join(entry[field].split()) for field in THEME_REQUIRED}
    for field in THEME_OPTIONAL:
        row[field] = _string_list(path, where, field, entry.get(field), allow_empty=True, error=ThemesError)
    if not (row["terms"] or row["kinds"]):
        raise ThemesError(f"{path}: {where}: needs at least one of terms, kinds")
    bad = [kind for kind in row["kinds"] if kind not in THEME_KINDS]
    if bad:
        raise ThemesError(
            f"{path}: {where}: field 'kinds': {bad[0]!r} is not one of {', '.join(THEME_KINDS)}"
        )
    return row


# --------------------------------------------------------------------------------------------------
# Denominators the text states


def _breaks(text: str) -> int:
    return sum(text.count(ch) for ch in CLAUSE_BREAKS)


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
      and the whole as written (its surface and the words up to the cue or 中) as denominator, basis
      ``part of a stated whole``; the whole gets basis ``whole``;
    * any other percentage: share value/100, basis ``stated percentage``, no denominator;
    * a rate (kind ``rate``, 每万人配备40个): basis ``stated rate``, its base (``per``) as denominator.

    Everything else keeps share NaN and an empty basis. Needs metrics columns sentence_id, kind, value,
    unit, clean_start, clean_end, surface, subject (``per`` for rates) and sentences columns
    sentence_id, text, clean_start.
    """
    needed = ["sentence_id", "kind", "value", "unit", "clean_start", "clean_end", "surface", "subject"]
    _require(metrics, needed, "metrics")
    _require(sentences, ["sentence_id", "text", "clean_start"], "sentences")
    out = metrics.reset_index(drop=True).copy()
    share = [math.nan] * len(out)
    denominator = [""] * len(out)
    basis = [""] * len(out)
    texts = _sentence_texts(sentences)
    order = out.sort_values(["sentence_id", "clean_start"], kind="mergesort")
    for sentence_id, block in order.groupby("sentence_id", sort=False):
        if str(sentence_id) not in texts:
            continue
        text, base = texts[str(sentence_id)]
        items: list[Row] = list(block[needed[1:]].itertuples())
        for k, q in enumerate(items):
            if q.kind != "count" or basis[q.Index] or k + 1 == len(items):
                continue
            rest = items[k + 1 :]
            nxt = rest[0]
            gap = text[q.clean_end - base : nxt.clean_start - base]
            opener = gap.lstrip("，")
            cue = next((c for c in share_cues if opener.startswith(c)), None)
            if nxt.kind == "percent" and cue and _breaks(gap) <= 1 and _breaks(opener) == 0:
                whole = opener[len(cue) :].rstrip("的达为约近")
                share[q.Index], denominator[q.Index], basis[q.Index] = nxt.value / 100, whole, BASIS_SHARE
                continue
            if not (len(gap) <= max_gap and _breaks(gap) <= 1 and any(c in gap for c in part_whole_cues)):
                continue
            first_cue = min(gap.find(c) for c in part_whole_cues if c in gap)
            noun = gap[:first_cue].split("中", 1)[0].strip("， ")  # 53个楼院中， → 楼院
            whole_text = _whole_as_written(q, noun, text, base)
            parts = [nxt] if nxt.kind == "percent" else _parts_of(q, rest, text, base, max_gap)
            if not parts:
                continue
            basis[q.Index] = BASIS_WHOLE
            for p in parts:
                value = p.value / 100 if p.kind == "percent" else p.value / q.value
                share[p.Index], denominator[p.Index], basis[p.Index] = value, whole_text, BASIS_PART
    per = out["per"] if "per" in out.columns else pd.Series([""] * len(out))
    for i, (kind, value, base_text) in enumerate(zip(out["kind"], out["value"], per, strict=True)):
        if kind == "percent" and not basis[i]:
            share[i], basis[i] = float(value) / 100, BASIS_PERCENT
        elif kind == "rate":
            basis[i], denominator[i] = BASIS_RATE, str(base_text or "")
    return out.assign(share=share, denominator=denominator, basis=basis)


def _whole_as_written(whole: Row, noun: str, text: str, base: int) -> str:
    """The whole as the sentence writes it: with the noun after it (488个老旧小区), else with its subject
    when that stands right before it (立项工作699项 → 工作699项), else its surface alone."""
    start, end = whole.clean_start - base, whole.clean_end - base
    if noun:
        return text[start:end] + noun
    subject = str(whole.subject or "")
    if subject and text[max(0, start - len(subject)) : start] == subject:
        return subject + text[start:end]
    return text[start:end]


def _parts_of(whole: Row, rest: Sequence[Row], text: str, base: int, max_gap: int) -> list[Row]:
    """Counts after ``whole`` of its unit, each close to the previous one, summing to at most the whole."""
    parts: list[Row] = []
    total, end = 0.0, whole.clean_end
    for p in rest:
        between = text[end - base : p.clean_start - base]
        if (
            p.kind != "count"
            or p.unit != whole.unit
            or (parts and (len(between) > max_gap or "。" in between))
        ):
            break
        if total + p.value > whole.value or whole.value <= 0:
            break
        parts.append(p)
        total += p.value
        end = p.clean_end
    return parts


def _sentence_texts(sentences: pd.DataFrame) -> dict[str, tuple[str, int]]:
    """sentence_id → (clean text, clean_start)."""
    ids, texts, starts = sentences["sentence_id"], sentences["text"], sentences["clean_start"]
    return {str(i): (str(t), int(c)) for i, t, c in zip(ids, texts, starts, strict=True)}


# --------------------------------------------------------------------------------------------------
# Claims on themes


def _clause_at(text: str, offset: int) -> str:
    """The clause of ``text`` (ending at one of ``CLAUSE_BREAKS``) that holds ``offset``."""
    for m in CLAUSE_PATTERN.finditer(text):
        if m.start() <= offset < m.end():
            return m.group()
    return ""


def _quote(text: str, start: int, end: int, width: int) -> str:
    """``text[start:end]`` with ``width`` characters either side, a cut marked ``…``."""
    left = max(0, start - width)
    right = min(len(text), end + width)
    return ("…" if left > 0 else "") + text[left:right] + ("…" if right < len(text) else "")


def _theme_levels(
    frame: pd.DataFrame, texts: Mapping[str, tuple[str, int]], theme: Row, excluded: Sequence[str]
) -> dict[int, tuple[int, int, str, bool]]:
    """Row index → (level, term rank, term, of the theme) for the claims of one theme."""
    found: dict[int, tuple[int, int, str, bool]] = {}
    q: Row
    for i, q in enumerate(frame.itertuples(index=False)):
        if q.sentence_id not in texts or (theme.kinds and q.kind not in theme.kinds):
            continue
        text, base = texts[q.sentence_id]
        if any(w in text for w in (*theme.exclude_if, *excluded)):
            continue
        clause = _clause_at(text, int(q.clean_start) - base)
        counted = str(q.subject or "")
        if q.basis in (BASIS_SHARE, BASIS_PART):  # a share of a whole counts what the whole counts
            counted += f" {q.denominator}"
        for level, where in enumerate((counted, clause, text)):
            term = next((t for t in theme.terms if t in where), None)
            if term is not None:
                found[i] = (level, theme.terms.index(term), term, level == 0 or bool(theme.kinds))
                break
        else:
            if theme.kinds:
                found[i] = (LEVELS.index("kind"), len(theme.terms), "", True)
    # a part of a stated whole takes its whole's level when that is stronger (468个 of 488个老旧小区)
    for i, q in enumerate(frame.itertuples(index=False)):
        if q.basis != BASIS_PART:
            continue
        wholes = [
            j
            for j in found
            if frame.at[j, "sentence_id"] == q.sentence_id
            and frame.at[j, "basis"] == BASIS_WHOLE
            and int(frame.at[j, "clean_end"]) <= int(q.clean_start)  # type: ignore[arg-type]
        ]
        if wholes:
            j = max(wholes, key=lambda j: int(frame.at[j, "clean_start"]))  # type: ignore[arg-type]
            if i not in found or found[j][0] < found[i][0]:
                found[i] = found[j]
    return found


def theme_claims(
    metrics: pd.DataFrame,
    sentences: pd.DataFrame,
    documents: pd.DataFrame,
    themes: ThemeCodebook,
    parts: Sequence[str] | None = ("body",),
    places: Sequence[str] | None = None,
    width: int = 12,
) -> pd.DataFrame:
    """Every quantity that is a claim on a theme, ranked within (theme, place); columns ``CLAIM_COLUMNS``.

    ``metrics`` should carry ``share/denominator/basis`` from :func:`stated_shares` (otherwise they are
    left empty). A quantity is a claim when its sentence holds no ``exclude_if`` word and no term of an
    ``exclude_if_theme`` theme, its kind is allowed (``kinds``) and a theme term occurs in its subject
    (level ``subject``), its clause (``clause``) or its sentence (``sentence``); with ``kinds`` a quantity
    of that kind without any term is still a claim (level ``kind``). A part of a stated whole takes its
    whole's level when that is stronger.

    ``of_theme`` marks the figures *of* the theme: level ``subject`` (the noun phrase counted names the
    theme; for a stated share or a part of a stated whole, the subject or the whole as written, 8个 of
    53个楼院), or any claim of a theme with ``kinds``. Rank 1, the headline, is a figure of the theme when
    the place reports one, ranked by (1) being of the theme, (2) the strongest level, (3) a share the
    text states (counts before percentages), (4) the first term in the theme's order, (5) the largest
    value, (6) the earliest position. Only sentences whose part is in ``parts`` count (body by default);
    places in the order of ``places``. ``quote`` is the clean text around the quantity (``width``
    characters either side).
    """
    needed = ["doc_id", "sentence_id", "start", "end", "surface", "value", "unit", "kind", "clean_start"]
    _require(metrics, needed, "metrics")
    _require(documents, ["doc_id", "locality"], "documents")
    place = dict(zip(documents["doc_id"].astype(str), documents["locality"].astype(str), strict=True))
    kept = _select_parts(sentences, parts)
    texts = _sentence_texts(kept)
    frame = metrics[metrics["sentence_id"].astype(str).isin(list(texts))].reset_index(drop=True)
    for column, default in (("subject", ""), ("share", math.nan), ("denominator", ""), ("basis", "")):
        if column not in frame.columns:
            frame[column] = default
    terms_of = dict(zip(themes.themes["id"], themes.themes["terms"], strict=True))
    rows = []
    theme: Row
    for theme in themes.themes.itertuples(index=False):
        excluded = [t for other in theme.exclude_if_theme for t in terms_of[other]]
        for i, (level, term_rank, term, of_theme) in _theme_levels(frame, texts, theme, excluded).items():
            q = frame.iloc[i]
            text, base = texts[str(q["sentence_id"])]
            s, e = int(q["clean_start"]) - base, int(q["clean_end"]) - base
            has_share = not math.isnan(float(q["share"]))
            normalised = 0 if has_share and q["kind"] != "percent" else (1 if has_share else 2)
            rows.append(
                {
                    "theme": theme.id,
                    "label": theme.label,
                    "locality": place[str(q["doc_id"])],
                    "_key": (
                        not of_theme,
                        level,
                        normalised,
                        term_rank,
                        -float(q["value"]),
                        str(q["doc_id"]),
                        s,
                    ),
                    "of_theme": of_theme,
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
                    "quote": _quote(text, s, e, width),
                }
            )
    if not rows:
        return pd.DataFrame(columns=CLAIM_COLUMNS)
    table = pd.DataFrame(rows)
    found_places = sorted(set(table["locality"]))
    if places is not None:
        missing = [p for p in found_places if p not in places]
        if missing:
            raise ValueError(f"places: missing {', '.join(missing)}")
    order = list(places) if places is not None else found_places
    theme_rank = {t: k for k, t in enumerate(themes.themes["id"])}
    place_rank = {p: k for k, p in enumerate(order)}
    table["_t"] = table["theme"].map(theme_rank)
    table["_p"] = table["locality"].map(place_rank)
    table = table.sort_values(["_t", "_p", "_key"], kind="mergesort").reset_index(drop=True)
    table["rank"] = table.groupby(["_t", "_p"]).cumcount() + 1
    return table[CLAIM_COLUMNS]


def headlines(claims: pd.DataFrame) -> pd.DataFrame:
    """The claims that head a cell of :func:`indicator_table`: rank 1 and a figure of the theme."""
    _require(claims, ["rank", "of_theme"], "claims")
    return claims[(claims["rank"] == 1) & claims["of_theme"].astype(bool)]


# --------------------------------------------------------------------------------------------------
# Tables


def _format_number(value: float) -> str:
    """88630000.0 → ``88,630,000``; 0.5 → ``0.5``."""
    return f"{value:,.0f}" if float(value).is_integer() and abs(value) < 1e15 else f"{value:,.6g}"


def claim_text(claim: Mapping[str, Any] | pd.Series) -> str:
    """One claim in words: value and unit, the printed surface, subject, share or rate, sentence, quote."""
    surface = _squeeze(claim["surface"])
    value = f"{_format_number(float(claim['value']))} {claim['unit']}".strip()
    if surface != value.replace(",", "").replace(" ", ""):
        value += f" ({surface})"
    parts = [value + (f" {claim['subject']}" if claim["subject"] else "")]
    share = float(claim["share"])
    if claim["basis"] in (BASIS_SHARE, BASIS_PART) and not math.isnan(share):
        parts.append(f"= {share:.0%} of {claim['denominator']}")
    elif claim["basis"] == BASIS_RATE and claim["denominator"]:
        parts.append(f"per {claim['denominator']}")
    parts.append(f"[{short_sentence_id(str(claim['sentence_id']))}] “{claim['quote']}”")
    return "; ".join(parts)


def _empty_table(themes: ThemeCodebook, places: Sequence[str]) -> pd.DataFrame:
    return pd.DataFrame(
        NO_CLAIM,
        index=pd.Index(themes.labels, name="theme"),
        columns=pd.Index(list(places), name="locality"),
    )


def _cells(claims: pd.DataFrame, themes: ThemeCodebook, places: Sequence[str]) -> Any:
    """(row label, place, the claims of that theme and place, by rank) for every non-empty cell."""
    _require(claims, ["theme", "locality", "rank"], "claims")
    for theme_id, label in zip(themes.themes["id"], themes.labels, strict=True):
        for place in places:
            block = claims[(claims["theme"] == theme_id) & (claims["locality"] == place)]
            if not block.empty:
                yield label, place, block.sort_values("rank", kind="mergesort")


def indicator_table(claims: pd.DataFrame, themes: ThemeCodebook, places: Sequence[str]) -> pd.DataFrame:
    """The headline table: one row per theme (``Label (label_zh)``), one column per place; each cell is
    the headline (rank 1 of :func:`theme_claims`) in words (:func:`claim_text`) and how many claims stand
    behind it. Where the place's sentences on the theme give figures but none of the theme, the cell
    says so (``no figure of the theme (1 figure in its sentences)``); ``—`` where there are none.
    Nothing is summed across claims.
    """
    table = _empty_table(themes, places)
    for label, place, block in _cells(claims, themes, places):
        head, more = block.iloc[0], len(block) - 1
        if bool(head["of_theme"]):
            table.loc[label, place] = claim_text(head) + (f" (+{more} more)" if more else "")
        else:
            table.loc[label, place] = f"{NONE_OF_THEME} ({_n(len(block), 'figure')} in its sentences)"
    return table


def denominator_table(
    claims: pd.DataFrame, themes: ThemeCodebook, places: Sequence[str], n_examples: int = 2
) -> pd.DataFrame:
    """What each place's figures on a theme allow: one row per theme, one column per place.

    A cell reads ``14 figures in 3 sentences (5 of the theme); stated share: 88个 = 80% of 全市总任务量;
    part of a stated whole: 8个 = 15% of 53个楼院, 96.8% of 222个居民小区; stated rate: 每个楼院1名;
    stated percentage: 80%``:
    counts, then every figure with a denominator the text states, by basis. Without any, it says so and
    gives ``n_examples`` figures in rank order (``no denominator; e.g. 1400余名 (党员)``). ``—`` where
    the place has no claim on the theme.
    """
    table = _empty_table(themes, places)
    for label, place, block in _cells(claims, themes, places):
        table.loc[label, place] = _denominator_cell(block, n_examples)
    return table


def _denominator_cell(block: pd.DataFrame, n_examples: int) -> str:
    n, k, of = len(block), block["sentence_id"].nunique(), int(block["of_theme"].astype(bool).sum())
    parts = [f"{_n(n, 'figure')} in {_n(k, 'sentence')} ({of} of the theme)"]
    listed: dict[str, list[str]] = {BASIS_SHARE: [], BASIS_PART: [], BASIS_RATE: [], BASIS_PERCENT: []}
    r: Row
    for r in block.sort_values(["sentence_id", "start"], kind="mergesort").itertuples(index=False):
        surface = _squeeze(r.surface)
        if r.basis == BASIS_SHARE or (r.basis == BASIS_PART and r.kind != "percent"):
            listed[r.basis].append(f"{surface} = {r.share:.0%} of {_squeeze(r.denominator)}")
        elif r.basis == BASIS_PART:
            listed[r.basis].append(f"{surface} of {_squeeze(r.denominator)}")
        elif r.basis == BASIS_RATE:
            listed[r.basis].append(f"{r.denominator}{surface}")
        elif r.basis == BASIS_PERCENT:
            listed[r.basis].append(surface)
    for basis, items in listed.items():
        if items:
            parts.append(f"{basis}: " + ", ".join(_counted(items)))
    if not any(listed.values()):
        examples = [
            f"{_squeeze(r.surface)} ({r.subject})"
            if isinstance(r.subject, str) and r.subject
            else _squeeze(r.surface)
            for r in block.head(n_examples).itertuples(index=False)
        ]
        parts.append("no denominator; e.g. " + ", ".join(examples))
    return "; ".join(parts)


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


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _squeeze(text: Any) -> str:
    """Layout whitespace removed (raw surfaces may hold a line break or a space: 320 名)."""
    return re.sub(r"\s+", "", str(text))


def _counted(items: Sequence[str]) -> list[str]:
    """Repeated items once, with ``×k``, in order of first appearance."""
    counts = Counter(items)
    return [item if counts[item] == 1 else f"{item} ×{counts[item]}" for item in dict.fromkeys(items)]
