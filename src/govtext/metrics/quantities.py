"""Quantities in one clean string: masking, reading, keeping, describing (steps 1–4 of the package doc).

``mask_non_quantities`` hides idioms, programme names, short quoted names and book titles behind ``□``
(offsets unchanged); ``find_quantities`` reads every number with the codebook's compiled pattern,
keeps the ones that are quantities and returns them as :class:`Quantity` records, with rate bases
(每万人) and ranked fields (104个县（市）第2位) linked. The subject of step 4 needs a tokenizer and is
:mod:`govtext.metrics.subjects`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from govtext.metrics.numerals import (
    _AR_DIGITS,
    _CN_ALL,
    _CN_BIG_UNITS,
    _CN_DIGITS,
    _MULTIPLIER_VALUES,
    _VAGUE_RE,
    _parse_adjacent_range,
    _scale,
    parse_number,
)
from govtext.metrics.units import UnitEntry, Units, _default_units

MASK_CHAR = "□"

_NUMERAL_CHAR_RE = re.compile(rf"[{_AR_DIGITS}{_CN_ALL}%％半]")
_QUOTE_CHARS = "“”\"'‘’「」『』"
_QUOTE_SET = frozenset(_QUOTE_CHARS)
_CLAUSE_END = frozenset("，。；！？、,;!?：:\n")
_ONE_ENDS = frozenset("，。；、！？,;!?）)」”：:\n")


@dataclass(frozen=True)
class Quantity:
    """One quantity found in a string; ``start``/``end`` are offsets into that string.

    ``per_start``/``per_end`` locate the rate base (每万人) of a rate, -1 otherwise.
    """

    start: int
    end: int
    text: str
    value: float
    unit: str
    unit_class: str
    kind: str
    approx: bool = False
    bound: str = "exact"
    value_high: float = math.nan
    per: str = ""
    per_value: float = math.nan
    rank_of: float = math.nan
    per_start: int = -1
    per_end: int = -1


@lru_cache(maxsize=64)
def _names_regex(names: tuple[str, ...]) -> re.Pattern[str] | None:
    """One alternation of the names that contain a numeral, with quotation marks removed from them."""
    stripped = {"".join(ch for ch in n if ch not in _QUOTE_CHARS).strip() for n in names if n}
    with_numerals = sorted(
        (n for n in stripped if n and _NUMERAL_CHAR_RE.search(n)), key=lambda n: (-len(n), n)
    )
    if not with_numerals:
        return None
    return re.compile("|".join(re.escape(n) for n in with_numerals))


def _name_spans(text: str, names_re: re.Pattern[str]) -> list[tuple[int, int]]:
    """Spans of programme names in ``text``, ignoring quotation marks inside the text (“982”工程)."""
    if _QUOTE_SET.isdisjoint(text):
        return [m.span() for m in names_re.finditer(text)]
    keep = [k for k, ch in enumerate(text) if ch not in _QUOTE_CHARS]
    bare = "".join(text[k] for k in keep)
    return [(keep[m.start()], keep[m.end() - 1] + 1) for m in names_re.finditer(bare) if m.end() > m.start()]


def mask_non_quantities(text: str, units: Units, programme_names: Sequence[str] = ()) -> str:
    """``text`` with idioms, programme names, short quoted names and book titles masked by ``□``.

    Only spans that contain a numeral are masked; the result has the same length as ``text``.
    """
    return _mask(text, units, _names_regex(tuple(programme_names)))


def _mask(text: str, units: Units, names_re: re.Pattern[str] | None) -> str:
    spans: list[tuple[int, int]] = []
    if units.stop_re is not None:
        spans.extend(m.span() for m in units.stop_re.finditer(text))
    if names_re is not None:
        spans.extend(_name_spans(text, names_re))
    if units.mask_quoted_names:
        spans.extend(m.span() for m in units.quoted_re.finditer(text) if _NUMERAL_CHAR_RE.search(m.group()))
    if not spans:
        return text
    chars = list(text)
    for s, e in spans:
        chars[s:e] = MASK_CHAR * (e - s)
    return "".join(chars)


def _is_chinese(num: str) -> bool:
    return not any(ch.isdigit() for ch in num)


def _has_multiplier(num: str) -> bool:
    return any(ch in "万亿" for ch in num)


def find_quantities(
    text: str,
    units: Units | None = None,
    programme_names: Sequence[str] = (),
) -> list[Quantity]:
    """All quantities in one clean string, in order of position (no subjects; see ``extract_metrics``)."""
    units = units if units is not None else _default_units()
    return _find_quantities(text, units, _names_regex(tuple(programme_names)))


def _find_quantities(text: str, units: Units, names_re: re.Pattern[str] | None) -> list[Quantity]:
    if not _NUMERAL_CHAR_RE.search(text):
        return []
    masked = _mask(text, units, names_re)
    pers = list(units.per_re.finditer(masked))
    per_spans = [m.span() for m in pers]
    found: list[Quantity] = []
    for m in units.quantity_re.finditer(masked):
        q = _read_match(m, masked, units)
        if q is None:
            continue
        if any(s < q.end and q.start < e for s, e in per_spans):
            continue  # the base of a rate (每万人) is not a metric itself
        found.append(q)
    if pers and found:
        found = _link_rates(found, pers, masked)
    if any(q.kind == "rank" for q in found):
        found = _link_ranks(found, masked)
    return found


def _read_match(m: re.Match[str], text: str, units: Units) -> Quantity | None:
    """Turn one regex match into a Quantity, or None when it is not a quantity (rules in the module doc)."""
    start = m.start()
    prefix = m.group("prefix")
    if m.group("pct") is not None:
        num, num2, unit_form, ordinal = m.group("pct"), None, "%", False
        num_start = m.start("pct")
    else:
        num, num2, unit_form, ordinal = m.group("num"), m.group("num2"), m.group("unit"), bool(m.group("ord"))
        num_start = m.start("num")
    end = m.end()
    low_high: tuple[float, float] | None = None
    if (
        unit_form is not None
        and _is_chinese(num)
        and len(num) > 1
        and num[-1] in _CN_BIG_UNITS
        and num[-1] + unit_form in units.by_form
    ):
        try:
            parse_number(num)
        except ValueError:  # 一万万元: the last 万 belongs to the unit 万元
            num, unit_form = num[:-1], num[-1] + unit_form
    try:
        value = parse_number(num)
    except ValueError:
        if not _is_chinese(num):
            return None
        low_high = _parse_adjacent_range(num)
        if low_high is None:
            # a run like 五一两 (五一两个): keep the longest readable tail, drop what stood before it
            for k in range(1, len(num)):
                tail = num[k:]
                if tail[0] not in _CN_DIGITS + "十":
                    continue
                try:
                    value = parse_number(tail)
                except ValueError:
                    continue
                num, num_start, start, prefix, ordinal = tail, num_start + k, num_start + k, None, False
                break
            else:
                return None
        else:
            value = low_high[0]
    if num2 is not None and low_high is None:
        try:
            low_high = (value, parse_number(num2))
        except ValueError:
            return None
        if low_high[1] < low_high[0]:
            return None

    approx, bounds = False, []
    if prefix:
        approx = True
        bounds.append(units.prefix_approx[prefix])
    inner = m.group("inner")
    if inner:
        approx = True
        bounds.append(units.inner_approx[inner])
    vague = bool(_VAGUE_RE.match(num)) and num not in _MULTIPLIER_VALUES
    if vague:
        approx = True
        bounds.append("lower")

    entry: UnitEntry | None = None
    rank = False
    if unit_form is None:
        if ordinal or not _has_multiplier(num):
            return None
        unit, unit_class, multiplier = "", "unspecified", 1.0
        end = m.end("num2") if m.group("num2") else m.end("num")
        if inner:
            end = m.end("inner")
    elif ordinal:
        if unit_form not in units.rank_units or low_high is not None:
            return None
        rank = True
        unit, unit_class, multiplier = unit_form, "rank", 1.0
    else:
        entry = units.by_form.get(unit_form)
        if entry is None:  # a rank unit without 第 that is not also an ordinary unit
            return None
        unit, unit_class, multiplier = entry.unit, entry.unit_class, entry.multiplier
        if any(ch in unit_form for ch in units.inner_approx):
            approx = True
            bounds.append(units.inner_approx[next(ch for ch in unit_form if ch in units.inner_approx)])

    after = text[end:]
    if entry is not None:
        if entry.chinese_is_ordinal and _is_chinese(num):
            return None
        if entry.not_before and after.startswith(entry.not_before):
            return None
        if (
            entry.date_between is not None
            and value == int(value)
            and entry.date_between[0] <= value <= entry.date_between[1]
        ):
            return None
        if entry.approx_after and after[:1] in units.inner_approx:
            approx = True
            bounds.append(units.inner_approx[after[:1]])
            end += 1
            after = text[end:]
    if unit_form is not None or m.group("pct") is not None:
        for suffix in sorted(units.suffix_approx, key=lambda s: (-len(s), s)):
            if after.startswith(suffix) and suffix not in units.inner_approx:
                approx = True
                bounds.append(units.suffix_approx[suffix])
                end += len(suffix)
                break

    # a bare Chinese 一 + unit is the indefinite article unless it ends its clause (公厕一座。)
    if (
        num in ("一", "壹")
        and low_high is None
        and not rank
        and end < len(text)
        and text[end] not in _ONE_ENDS
    ):
        return None

    value_high = math.nan
    if low_high is not None:
        value, value_high = _scale(low_high[0], multiplier), _scale(low_high[1], multiplier)
        approx = True
    else:
        value = _scale(value, multiplier)
    bound = "exact"
    for b in bounds:
        if b != "exact":
            bound = b
    kind = "rank" if rank else units.kind_of(unit_class)
    return Quantity(
        start=start,
        end=end,
        text=text[start:end],
        value=float(value),
        unit=unit,
        unit_class=unit_class,
        kind=kind,
        approx=approx,
        bound=bound,
        value_high=float(value_high),
    )


def _clause_break(text: str) -> bool:
    return any(ch in _CLAUSE_END for ch in text)


def _link_rates(found: list[Quantity], pers: list[re.Match[str]], text: str) -> list[Quantity]:
    """Mark the first quantity after a 每… base in the same clause as a rate of that base."""
    out = list(found)
    for m in pers:
        if m.group("pnum"):
            try:
                per_value = parse_number(m.group("pnum"))
            except ValueError:
                continue
        elif m.group("pmult"):
            per_value = float(_MULTIPLIER_VALUES[m.group("pmult")])
        else:
            per_value = 1.0
        for i, q in enumerate(out):
            if q.start < m.end() or q.kind == "rate":
                continue
            if _clause_break(text[m.end() : q.start]):
                break
            out[i] = _replace(
                q, kind="rate", per=m.group(), per_value=per_value, per_start=m.start(), per_end=m.end()
            )
            break
    return out


def _link_ranks(found: list[Quantity], text: str) -> list[Quantity]:
    """A rank right after a count in the same clause is a rank among that count (104个县（市）第2位)."""
    out = list(found)
    for i, q in enumerate(out):
        if q.kind != "rank" or i == 0:
            continue
        prev = out[i - 1]
        gap = text[prev.end : q.start]
        if prev.kind in ("count",) and len(gap) <= 8 and not _clause_break(gap):
            out[i] = _replace(q, rank_of=prev.value)
    return out


def _replace(q: Quantity, **changes: Any) -> Quantity:
    values = {name: getattr(q, name) for name in q.__dataclass_fields__}
    values.update(changes)
    return Quantity(**values)
