"""Metrics: quantities in clean text, with value, unit, class, subject and raw offsets.

A *metric* is a number that counts or measures something the article reports: ``45个重点项目``,
``8863万元``, ``近1300万人次``, ``96.8%``, ``第2位``. The pipeline, per sentence of clean text:

1. **Mask** what only looks like a quantity: idioms and fixed names from the units codebook
   (``not_quantities``: 千万市民, 十三五, 三大攻坚战 …), programme names and aliases passed by the caller
   (三会一课, 13710, 五个一 …), short quoted names (“8个100%”, “三人小组”) and book titles 《…》. Masking
   replaces characters by ``□`` so offsets do not move; a number overlapping a masked name is never a metric.
2. **Read** numbers with one compiled regular expression built from the codebook: Arabic numbers (decimals,
   thousands separators, 万/亿 multipliers, layout spaces), Chinese numerals (两, 十, 百, 千, 万, 亿, 点),
   vague forms (数十, 上百, 十几), 百分之…, ranges (1~2个), approximators (近, 约, 多, 余, 左右, 以上 …),
   the unit (longest written form wins) and a rank prefix 第.
3. **Keep** a number only if it is a quantity: it has a unit, a percent sign or a 万/亿 multiplier; it is not
   a calendar year (2020年) or a time frame (五年来); a Chinese 一 + unit ends its clause (公厕一座。),
   otherwise it is the indefinite article (一批, 一处, 一次); 第N… is kept only as a rank (第2位, 第一方阵);
   a Chinese numeral before a phase unit (一期, 二期) is a name. Dates never match because 月/日/号/时 are
   not units, and addresses or line numbers (191号院, 6号线) have no unit.
4. **Describe**: value (multipliers applied: 8863万元 → 88,630,000 元; 21个亿 → 2.1e9 元), ``value_high``
   for ranges, ``approx``/``bound``, ``kind`` (count, money, measure, percent, rank, rate), the rate base
   (每万人 → ``per_value`` 10000), ``rank_of`` (the size of the ranked field: 104个县（市）第2位 → 104), and
   the ``subject`` (the noun phrase counted) from the jieba POS tags around the quantity.

Value conventions: percentages keep the written number (86% → 86, unit ``%``); a range has
``value`` = low end, ``value_high`` = high end, ``approx`` true; a rank has ``value`` = position; vague
forms (数十, 上百) take the round number with ``bound`` lower. ``value_high`` is NaN except for ranges.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import pandas as pd

from govtext.common import RATE_SCALE
from govtext.programmes import programme_names as codebook_names  # noqa: F401  (the book's old name)
from govtext.resources import resource_path
from govtext.segment import cut_with_offsets, make_tokenizer, slice_cut
from govtext.yamlfile import ResourceError, read_yaml

METRIC_COLUMNS = [
    "doc_id",
    "article_id",
    "sentence_id",
    "start",
    "end",
    "surface",
    "value",
    "unit",
    "unit_class",
    "approx",
    "bound",
    "subject",
    "value_high",
    "kind",
    "per",
    "per_value",
    "rank_of",
    "part",
    "clean_start",
    "clean_end",
]
GOLD_COLUMNS = ["doc_id", "start", "end", "surface", "value", "unit", "note"]
BOUNDS = ("exact", "lower", "upper")
KINDS = ("count", "money", "measure", "percent", "rank")
MASK_CHAR = "□"

DEFAULT_UNITS_PATH = resource_path("units")

# --------------------------------------------------------------------------------------------------
# Numerals
# --------------------------------------------------------------------------------------------------

_CN_DIGIT_VALUES = {
    "零": 0,
    "〇": 0,
    "○": 0,
    "一": 1,
    "壹": 1,
    "二": 2,
    "贰": 2,
    "两": 2,
    "三": 3,
    "叁": 3,
    "四": 4,
    "肆": 4,
    "五": 5,
    "伍": 5,
    "六": 6,
    "陆": 6,
    "七": 7,
    "柒": 7,
    "八": 8,
    "捌": 8,
    "九": 9,
    "玖": 9,
}
_CN_SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_CN_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
_CN_DIGITS = "".join(_CN_DIGIT_VALUES)
_CN_NONZERO_DIGITS = "".join(ch for ch, v in _CN_DIGIT_VALUES.items() if v)
_CN_ALL = _CN_DIGITS + "".join(_CN_SMALL_UNITS) + "".join(_CN_BIG_UNITS)
_AR_DIGITS = "0-9０-９"
_ARABIC_RE = re.compile(
    rf"^([+\-－]?)([{_AR_DIGITS}]+(?:[,，][{_AR_DIGITS}]{{3}})*(?:[.．][{_AR_DIGITS}]+)?)"
    r"\s*([百千]?万亿?|[百千]?亿|[百千])?$"
)
_VAGUE_RE = re.compile(r"^(?:[数几上成]([十百千万亿]+)|([一二两三四五六七八九]?)十几|([百千万])[余多]?)$")
_MULTIPLIER_VALUES = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}


def _scale(value: float, multiplier: float) -> float:
    """``value * multiplier`` without binary noise (320.9 x 1e8 = 32090000000.0, not …999.996)."""
    if multiplier == 1:
        return float(value)
    return float(Decimal(repr(float(value))) * Decimal(repr(float(multiplier))))


def _multiplier(text: str) -> float:
    """Value of a run of multiplier characters, e.g. 千万 → 1e7, 万亿 → 1e12."""
    out = 1.0
    for ch in text:
        out *= _MULTIPLIER_VALUES[ch]
    return out


def _parse_cn_integer(text: str) -> int:
    """Chinese integer: 一亿二千三百四十五万六千七百八十九, 两千, 十二, 一万零一十, 三百五 (= 350)."""
    if not text:
        raise ValueError("empty numeral")
    if all(ch in _CN_DIGIT_VALUES for ch in text):
        # digit-by-digit (二〇二〇): accepted when unambiguous (a zero, or at least three digits)
        if len(text) == 1 or any(_CN_DIGIT_VALUES[ch] == 0 for ch in text) or len(text) >= 3:
            return int("".join(str(_CN_DIGIT_VALUES[ch]) for ch in text))
        raise ValueError(f"ambiguous digit sequence {text!r}")
    total = 0  # completed 亿 blocks
    wan_part = 0  # completed 万 block inside the current 亿 block
    section = 0  # current section below 万
    pending: int | None = None  # digit waiting for its unit
    last_small = 10_000  # small units must decrease within a section
    prev = ""  # kind of the previous character: digit, zero, small, big
    last_small_value = 0
    wan_seen = False
    for ch in text:
        if ch in _CN_DIGIT_VALUES:
            value = _CN_DIGIT_VALUES[ch]
            if value == 0:
                if pending is not None:
                    raise ValueError(f"zero after a digit in {text!r}")
                prev = "zero"
                continue
            if prev == "digit":
                raise ValueError(f"two digits without a unit in {text!r}")
            pending = value
            prev = "digit"
        elif ch in _CN_SMALL_UNITS:
            unit = _CN_SMALL_UNITS[ch]
            if unit >= last_small:
                raise ValueError(f"units out of order in {text!r}")
            if pending is None:
                if unit == 10 and prev in ("", "big", "zero"):
                    pending = 1  # 十二, 一万零十
                else:
                    raise ValueError(f"unit without a digit in {text!r}")
            section += pending * unit
            pending = None
            last_small = unit
            last_small_value = unit
            prev = "small"
        else:  # 万 or 亿
            block = section + (pending or 0)
            if ch == "万":
                if block == 0:
                    raise ValueError(f"万 without a number in {text!r}")
                if wan_seen:
                    raise ValueError(f"repeated 万 in {text!r}")
                wan_part = block * 10_000
                wan_seen = True
            else:
                amount = wan_part + block
                if amount == 0:
                    if total == 0:
                        raise ValueError(f"亿 without a number in {text!r}")
                    total *= 100_000_000  # 万亿-style stacking is not expected after a full 亿 block
                else:
                    total = (total + amount) * 100_000_000
                wan_part = 0
                wan_seen = False
            section = 0
            pending = None
            last_small = 10_000
            last_small_value = 0
            prev = "big"
    if pending is not None and prev == "digit":
        # abbreviated trailing digit: 三百五 = 350, 一万五 = 15000, 两千五 = 2500
        if len(text) >= 2 and text[-2] in _CN_SMALL_UNITS and last_small_value >= 100:
            pending *= last_small_value // 10
        elif len(text) >= 2 and text[-2] in _CN_BIG_UNITS:
            pending *= _CN_BIG_UNITS[text[-2]] // 10
    return total + wan_part + section + (pending or 0)


def parse_number(text: str) -> float:
    """Read a number written in Arabic digits, Chinese numerals or a mix, and return its value.

    Accepted forms (surrounding whitespace ignored):

    - Arabic, optionally signed, with thousands separators and decimals: ``1,234.5``, ``72500``, ``１２``
      (full-width digits are fine);
    - Arabic with Chinese multipliers: ``1.5万`` → 15000, ``8863万`` → 88,630,000, ``13.5亿`` → 1.35e9,
      ``2千万`` → 2e7;
    - Chinese numerals as written by ``cn2an.an2cn``: ``两``, ``十二``, ``一百零五``, ``一万零一十``,
      ``一亿二千三百四十五万六千七百八十九``, decimals ``三点一四``, negatives ``负五``; financial
      numerals (壹贰叁 … 拾佰仟); abbreviated tails ``三百五`` (350), ``一万五`` (15000);
    - digit-by-digit Chinese with a zero or at least three digits: ``二〇二〇`` → 2020;
    - a bare multiplier ``万`` / ``千`` / ``百`` (as in 每万人) and half ``半`` → 0.5;
    - vague round numbers: ``数十`` / ``几十`` → 10, ``上百`` → 100, ``十几`` → 10, ``二十几`` → 20,
      ``百余`` → 100 (the approximation itself is reported by the extractor, not here).

    Raises ``ValueError`` naming the text for anything else (``十三五``, ``一一``, ``abc``).
    """
    value = _parse_number(text)
    if not math.isfinite(value):
        raise ValueError(f"not a number: {text!r} (too large)")
    return value


def _parse_number(text: str) -> float:
    if not isinstance(text, str):
        raise ValueError(f"not a number: {text!r} (expected a string)")
    s = unicodedata.normalize("NFKC", text).strip().replace(" ", "")
    s = s.replace("\u3000", "")
    if not s:
        raise ValueError(f"not a number: {text!r}")
    m = _ARABIC_RE.match(s)
    if m:
        sign = -1.0 if m.group(1) else 1.0
        digits = m.group(2).replace(",", "").replace("，", "").replace("．", ".")
        if m.group(3):
            return sign * _scale(float(digits), _multiplier(m.group(3)))
        return sign * float(digits)
    negative = s[0] in "负-"
    if negative:
        s = s[1:]
        if not s:
            raise ValueError(f"not a number: {text!r}")
    sign = -1.0 if negative else 1.0
    if s == "半":
        return sign * 0.5
    if s in _MULTIPLIER_VALUES:
        return sign * float(_MULTIPLIER_VALUES[s])
    vague = _VAGUE_RE.match(s)
    if vague:
        if vague.group(1):
            return sign * _multiplier(vague.group(1))
        if vague.group(3):
            return sign * float(_MULTIPLIER_VALUES[vague.group(3)])
        tens = _CN_DIGIT_VALUES[vague.group(2)] if vague.group(2) else 1
        return sign * float(tens * 10)
    if any(ch not in _CN_ALL and ch != "点" for ch in s):
        raise ValueError(f"not a number: {text!r}")
    integer_part, point, decimals = s.partition("点")
    if "点" in decimals or (point and not decimals):
        raise ValueError(f"not a number: {text!r}")
    try:
        value = float(_parse_cn_integer(integer_part)) if integer_part else 0.0
    except ValueError as err:
        raise ValueError(f"not a number: {text!r} ({err})") from None
    if decimals:
        if any(ch not in _CN_DIGIT_VALUES for ch in decimals):
            raise ValueError(f"not a number: {text!r} (decimals must be digits)")
        value = float(f"{int(value)}." + "".join(str(_CN_DIGIT_VALUES[ch]) for ch in decimals))
    return sign * value


def _parse_adjacent_range(text: str) -> tuple[float, float] | None:
    """Chinese ranges of adjacent digits: 一两 → (1, 2), 三四十 → (30, 40), 七八百 → (700, 800)."""
    if len(text) < 2 or text[0] not in _CN_NONZERO_DIGITS or text[1] not in _CN_NONZERO_DIGITS:
        return None
    low, high = _CN_DIGIT_VALUES[text[0]], _CN_DIGIT_VALUES[text[1]]
    if high != low + 1:
        return None
    rest = text[2:]
    if rest and any(ch not in _MULTIPLIER_VALUES for ch in rest):
        return None
    mult = _multiplier(rest) if rest else 1.0
    return low * mult, high * mult


# --------------------------------------------------------------------------------------------------
# Units codebook
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitClass:
    """A class of units (area, money, people …) and the kind of metric it yields."""

    name: str
    kind: str
    description: str = ""


@dataclass(frozen=True)
class UnitEntry:
    """One unit of the codebook with its written forms."""

    unit: str
    unit_class: str
    forms: tuple[str, ...]
    multiplier: float = 1.0
    approx_after: bool = False
    chinese_is_ordinal: bool = False
    not_before: tuple[str, ...] = ()
    date_between: tuple[float, float] | None = None
    note: str = ""


@dataclass(frozen=True)
class Units:
    """The units codebook (see ``data/codebook/units.yml``) with its compiled patterns."""

    classes: Mapping[str, UnitClass]
    entries: tuple[UnitEntry, ...]
    rank_units: tuple[str, ...]
    prefix_approx: Mapping[str, str]
    inner_approx: Mapping[str, str]
    suffix_approx: Mapping[str, str]
    range_separators: str
    quoted_name_max_chars: int
    not_quantities: tuple[tuple[str, str], ...]
    subject_light_words: frozenset[str] = frozenset()
    source: str = ""
    mask_quoted_names: bool = True
    by_form: Mapping[str, UnitEntry] = field(init=False, repr=False)
    quantity_re: re.Pattern[str] = field(init=False, repr=False)
    per_re: re.Pattern[str] = field(init=False, repr=False)
    stop_re: re.Pattern[str] | None = field(init=False, repr=False)
    quoted_re: re.Pattern[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        by_form = {form: entry for entry in self.entries for form in entry.forms}
        object.__setattr__(self, "by_form", by_form)
        forms = sorted(set(by_form) | set(self.rank_units), key=lambda f: (-len(f), f))
        unit_alt = "|".join(re.escape(f) for f in forms) or "(?!)"
        prefix_alt = "|".join(re.escape(p) for p in sorted(self.prefix_approx, key=lambda p: (-len(p), p)))
        inner_alt = "|".join(re.escape(p) for p in sorted(self.inner_approx, key=lambda p: (-len(p), p)))
        seps = re.escape(self.range_separators) if self.range_separators else "~"
        number = _number_pattern()
        sp = r"[ \u3000\t]?"
        prefix = rf"(?:(?P<prefix>{prefix_alt or '(?!)'}){sp})?"
        inner = rf"(?:{sp}(?P<inner>{inner_alt or '(?!)'}))?"
        pattern = (
            rf"{prefix}"
            rf"(?:百分之(?P<pct>{number})"
            rf"|(?P<ord>第)?(?<![A-Za-z{_AR_DIGITS}.．])(?P<num>{number})"
            rf"(?:{sp}(?P<sep>[{seps}]){sp}(?P<num2>{number}))?"
            rf"{inner}"
            rf"(?:{sp}(?P<unit>{unit_alt}))?)"
        )
        object.__setattr__(self, "quantity_re", re.compile(pattern))
        per = rf"每(?:(?P<pnum>{number})|(?P<pmult>[万千百]))?{sp}(?P<punit>{unit_alt})"
        object.__setattr__(self, "per_re", re.compile(per))
        stops = sorted({p for p, _ in self.not_quantities}, key=lambda p: (-len(p), p))
        stop_re = re.compile("|".join(re.escape(p) for p in stops)) if stops else None
        object.__setattr__(self, "stop_re", stop_re)
        n = int(self.quoted_name_max_chars)
        quoted = "|".join(
            [
                rf"“[^“”\n]{{1,{n}}}”",
                rf'"[^"“”\n]{{1,{n}}}"',
                rf"「[^「」\n]{{1,{n}}}」",
                rf"『[^『』\n]{{1,{n}}}』",
                r"《[^《》\n]*》",
            ]
        )
        object.__setattr__(self, "quoted_re", re.compile(quoted))

    def kind_of(self, unit_class: str) -> str:
        """The metric kind of a unit class (count, money, measure, percent, rank)."""
        return self.classes[unit_class].kind if unit_class in self.classes else "count"


def _number_pattern() -> str:
    """Regex source of one number: Arabic (+multiplier), vague Chinese, Chinese numerals or 半."""
    ar = rf"[{_AR_DIGITS}]+(?:[,，][{_AR_DIGITS}]{{3}}(?![{_AR_DIGITS}]))*(?:[.．][{_AR_DIGITS}]+)?"
    ar_mult = r"(?:[百千]?万亿?|[百千]?亿|千(?![米克瓦])|百(?![分米]))"
    arabic = rf"{ar}(?:[ \u3000]?{ar_mult})?"
    vague = r"(?:[数几上][十百千万]+|[一二两三四五六七八九]?十几|[百千万](?=[余多]))"
    digits = _CN_DIGITS
    chinese = rf"(?:[{digits}十拾][{_CN_ALL}拾佰仟]*(?:点[{digits}]+)?)"
    half = r"(?:(?<![上下前后多每])半(?=个?(?:年|天|小时|钟头)|个月))"
    return rf"(?:{arabic}|{vague}|{chinese}|{half})"


class UnitsError(ResourceError):
    """A units codebook is missing, unreadable or malformed (the message names file, entry, field)."""


def _fail(path: Path | str, where: str, message: str) -> UnitsError:
    return UnitsError(f"{path}: {where}: {message}")


def _str_list(value: Any, path: Path | str, where: str, name: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str) or not isinstance(value, list):
        raise _fail(path, where, f"field '{name}' must be a list of strings, got {value!r}")
    out = []
    for item in value:
        if not isinstance(item, str) or not item.strip():
            raise _fail(path, where, f"field '{name}' holds a non-string or empty item {item!r}")
        out.append(item.strip())
    return tuple(out)


def _bound_map(value: Any, path: Path | str, where: str) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _fail(path, where, f"must be a mapping word -> bound, got {value!r}")
    out = {}
    for word, bound in value.items():
        if not isinstance(word, str) or not word:
            raise _fail(path, where, f"approximator {word!r} must be a non-empty string")
        if bound not in BOUNDS:
            raise _fail(path, f"{where}.{word}", f"bound {bound!r} is not one of {', '.join(BOUNDS)}")
        out[word] = bound
    return out


def _read_units_yaml(path: Path) -> Any:
    """The parsed units codebook (:func:`govtext.yamlfile.read_yaml`); errors are ``UnitsError``."""
    try:
        return read_yaml(path)
    except ResourceError as exc:
        raise UnitsError(str(exc)) from None


def load_units(path: str | Path = DEFAULT_UNITS_PATH) -> Units:
    """Read and validate the units codebook (YAML, format documented in its header).

    Errors name the file, the entry (``units[3] (亩)``) and the field.
    """
    path = Path(path)
    data = _read_units_yaml(path)
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping at the top level")
    for key in ("classes", "units"):
        if key not in data:
            raise _fail(path, "top level", f"missing field '{key}'")

    raw_classes = data["classes"]
    if not isinstance(raw_classes, dict) or not raw_classes:
        raise _fail(path, "classes", "must be a non-empty mapping class -> {kind, description}")
    classes: dict[str, UnitClass] = {}
    for name, spec in raw_classes.items():
        where = f"classes.{name}"
        if not isinstance(spec, dict):
            raise _fail(path, where, "must be a mapping with 'kind' and 'description'")
        kind = spec.get("kind")
        if kind not in KINDS:
            raise _fail(path, where, f"field 'kind': {kind!r} is not one of {', '.join(KINDS)}")
        classes[str(name)] = UnitClass(str(name), kind, str(spec.get("description", "")))

    raw_units = data["units"]
    if not isinstance(raw_units, list) or not raw_units:
        raise _fail(path, "units", "must be a non-empty list of entries")
    known = {"unit", "class", "forms", "multiplier", "approx_after", "chinese_is_ordinal"}
    known |= {"not_before", "date_between", "note"}
    entries: list[UnitEntry] = []
    seen_forms: dict[str, str] = {}
    for i, spec in enumerate(raw_units):
        if not isinstance(spec, dict):
            raise _fail(path, f"units[{i}]", f"must be a mapping, got {spec!r}")
        unit = spec.get("unit")
        where = f"units[{i}] ({unit})"
        if not isinstance(unit, str) or not unit.strip():
            raise _fail(path, f"units[{i}]", "field 'unit' is missing or empty")
        unknown = sorted(set(spec) - known)
        if unknown:
            raise _fail(path, where, f"unknown field(s) {', '.join(unknown)}")
        unit_class = spec.get("class")
        if unit_class not in classes:
            raise _fail(path, where, f"field 'class': {unit_class!r} is not one of the declared classes")
        forms = _str_list(spec.get("forms", [unit]), path, where, "forms") or (unit,)
        multiplier = spec.get("multiplier", 1)
        if isinstance(multiplier, bool) or not isinstance(multiplier, int | float) or multiplier <= 0:
            raise _fail(path, where, f"field 'multiplier' must be a positive number, got {multiplier!r}")
        flags = {}
        for flag in ("approx_after", "chinese_is_ordinal"):
            value = spec.get(flag, False)
            if not isinstance(value, bool):
                raise _fail(path, where, f"field '{flag}' must be true or false, got {value!r}")
            flags[flag] = value
        date_between = spec.get("date_between")
        if date_between is not None:
            if (
                not isinstance(date_between, list)
                or len(date_between) != 2
                or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in date_between)
                or date_between[0] > date_between[1]
            ):
                raise _fail(path, where, f"field 'date_between' must be [low, high], got {date_between!r}")
            date_between = (float(date_between[0]), float(date_between[1]))
        for form in forms:
            if form in seen_forms:
                raise _fail(path, where, f"field 'forms': {form!r} is already a form of {seen_forms[form]}")
            seen_forms[form] = where
        entries.append(
            UnitEntry(
                unit=unit.strip(),
                unit_class=unit_class,
                forms=forms,
                multiplier=float(multiplier),
                approx_after=flags["approx_after"],
                chinese_is_ordinal=flags["chinese_is_ordinal"],
                not_before=_str_list(spec.get("not_before"), path, where, "not_before"),
                date_between=date_between,
                note=str(spec.get("note", "")),
            )
        )

    rank_units = _str_list(data.get("rank_units", []), path, "rank_units", "rank_units")
    approximators = data.get("approximators") or {}
    if not isinstance(approximators, dict):
        raise _fail(path, "approximators", "must be a mapping with prefix, inner, suffix")
    unknown = sorted(set(approximators) - {"prefix", "inner", "suffix"})
    if unknown:
        raise _fail(path, "approximators", f"unknown field(s) {', '.join(unknown)}")
    separators = data.get("range_separators", "~")
    if not isinstance(separators, str):
        raise _fail(path, "range_separators", f"must be a string of characters, got {separators!r}")
    max_chars = data.get("quoted_name_max_chars", 10)
    if isinstance(max_chars, bool) or not isinstance(max_chars, int) or max_chars < 1:
        raise _fail(path, "quoted_name_max_chars", f"must be a positive integer, got {max_chars!r}")
    stops: list[tuple[str, str]] = []
    for i, spec in enumerate(data.get("not_quantities") or []):
        where = f"not_quantities[{i}]"
        if not isinstance(spec, dict):
            raise _fail(path, where, f"must be a mapping with 'phrase' and 'reason', got {spec!r}")
        phrase, reason = spec.get("phrase"), spec.get("reason")
        if not isinstance(phrase, str) or not phrase.strip():
            raise _fail(path, where, "field 'phrase' is missing or empty")
        if not isinstance(reason, str) or not reason.strip():
            raise _fail(path, f"{where} ({phrase})", "field 'reason' is missing or empty")
        stops.append((phrase.strip(), reason.strip()))
    light = _str_list(data.get("subject_light_words", []), path, "subject_light_words", "subject_light_words")
    return Units(
        classes=classes,
        entries=tuple(entries),
        rank_units=rank_units,
        prefix_approx=_bound_map(approximators.get("prefix"), path, "approximators.prefix"),
        inner_approx=_bound_map(approximators.get("inner"), path, "approximators.inner"),
        suffix_approx=_bound_map(approximators.get("suffix"), path, "approximators.suffix"),
        range_separators=separators,
        quoted_name_max_chars=max_chars,
        not_quantities=tuple(stops),
        subject_light_words=frozenset(light),
        source=str(path),
    )


# --------------------------------------------------------------------------------------------------
# Finding quantities in one clean string
# --------------------------------------------------------------------------------------------------

_NUMERAL_CHAR_RE = re.compile(rf"[{_AR_DIGITS}{_CN_ALL}%％半]")
_QUOTE_CHARS = "“”\"'‘’「」『』"
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
    if not any(ch in _QUOTE_CHARS for ch in text):
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


# --------------------------------------------------------------------------------------------------
# Subjects: the noun phrase a quantity counts
# --------------------------------------------------------------------------------------------------

_SUBJECT_STRIP = "“”\"'‘’「」『』（）()《》、，。 □"
_LEFT_DROP_POS = ("v", "d", "p", "c", "t", "r", "u", "m", "q", "x", "ad", "y", "e", "o")
_Token = tuple[str, str, int, int]


def _nounish(pos: str) -> bool:
    return pos.startswith("n") or pos in ("vn", "j", "an", "l", "eng")


def _right_phrase(tokens: list[_Token], i: int, blocked: set[int], light: frozenset[str]) -> tuple[int, int]:
    """Noun phrase starting at token ``i``: up to two modifiers, then up to four noun tokens."""
    j = i
    if j < len(tokens) and tokens[j][0] in ("“", '"', "「"):
        j += 1
    first, n_mod = j, 0
    while j < len(tokens) and not _nounish(tokens[j][1]) and n_mod < 2:
        word, pos = tokens[j][0], tokens[j][1]
        if j in blocked or word in light or pos not in ("a", "b", "v", "d", "z", "h", "f"):
            return -1, -1
        n_mod += 1
        j += 1
    last, run = -1, 0
    while j < len(tokens) and _nounish(tokens[j][1]) and j not in blocked and run < 4:
        if tokens[j][0] in light or (run >= 2 and len(tokens[j][0]) == 1):
            break
        last, run = j, run + 1
        j += 1
    if last < 0:
        return -1, -1
    return tokens[first][2], tokens[last][3]


def _left_phrase(tokens: list[_Token], i: int, blocked: set[int], light: frozenset[str]) -> tuple[int, int]:
    """Noun phrase ending at token ``i``: the clause before the quantity, trimmed of verbs and light words.

    Trailing light words, verbs, adverbs and numbers (累计完成, 达到, 较2016年增长了) are skipped; the phrase
    then extends left over nouns, adjectives and noun-like words up to six tokens, stopping at punctuation,
    verbs, prepositions, localisers, 的 or another quantity; leading number and time words are dropped.
    """
    last = i
    while last >= 0 and (
        tokens[last][0] in light or tokens[last][1][:1] in ("d", "p", "u", "c", "m", "t", "v")
    ):
        if last in blocked or tokens[last][1] == "x":
            break
        if _nounish(tokens[last][1]) and tokens[last][0] not in light:
            break
        last -= 1
    if last < 0 or last in blocked or tokens[last][1] == "x":
        return -1, -1
    first = last
    while first - 1 >= 0 and last - first < 5:
        word, pos = tokens[first - 1][0], tokens[first - 1][1]
        if first - 1 in blocked or (pos[:1] in ("x", "v", "p", "f", "c", "u") and not _nounish(pos)):
            break
        if word in _SUBJECT_STRIP or word in light or not word.strip():
            break
        first -= 1
    while first <= last and (
        tokens[first][0] in light
        or (not _nounish(tokens[first][1]) and tokens[first][1].startswith(_LEFT_DROP_POS))
    ):
        first += 1
    if last < 0 or first > last or last in blocked:
        return -1, -1
    if not any(_nounish(tokens[k][1]) for k in range(first, last + 1)):
        return -1, -1
    return tokens[first][2], tokens[last][3]


def find_subject(
    text: str,
    quantity: Quantity,
    tokens: list[_Token],
    others: Sequence[Quantity] = (),
    units: Units | None = None,
) -> str:
    """The noun phrase a quantity counts, from ``(token, pos, start, end)`` tokens of ``text``.

    Rule: look right of the unit for a noun phrase (up to two modifiers, then up to four noun tokens:
    ``45个重点项目``); else left for the nearest noun phrase in the same clause, dropping leading verbs and
    light words (``充实网格员6513名`` → 网格员, ``核酸日总检测能力72500管``); else right after skipping a
    light word (``86%为民生类项目``). Percentages look left first (``办结率达99%``). Tokens overlapping this
    or another quantity never join a subject. Light words are ``subject_light_words`` of the units
    codebook. Returns "" when nothing qualifies.
    """
    light = (units if units is not None else _default_units()).subject_light_words
    blocked = _blocked_tokens(tokens, [quantity, *others])
    return _find_subject(text, quantity, tokens, blocked, light)


def _blocked_tokens(tokens: list[_Token], quantities: Sequence[Quantity]) -> set[int]:
    """Indices of the tokens that overlap one of ``quantities`` (they never join a subject)."""
    spans = [(q.start, q.end) for q in quantities]
    return {k for k, (_, _, s, e, *_) in enumerate(tokens) if any(s < qe and qs < e for qs, qe in spans)}


def _find_subject(
    text: str, quantity: Quantity, tokens: list[_Token], blocked: set[int], light: frozenset[str]
) -> str:
    """``find_subject`` with the blocked tokens computed once per sentence (see there for the rule)."""
    right_i = next((k for k, t in enumerate(tokens) if t[2] >= quantity.end), len(tokens))
    while right_i < len(tokens) and (right_i in blocked or tokens[right_i][0] in ("以上", "以下", "左右")):
        right_i += 1
    left_i = max((k for k, t in enumerate(tokens) if t[3] <= quantity.start), default=-1)

    def right() -> tuple[int, int]:
        return _right_phrase(tokens, right_i, blocked, light) if right_i < len(tokens) else (-1, -1)

    def left() -> tuple[int, int]:
        return (
            _left_phrase(tokens, left_i, blocked, light)
            if left_i >= 0 and left_i not in blocked
            else (-1, -1)
        )

    def right_after_light() -> tuple[int, int]:
        k = right_i
        if k < len(tokens) and (tokens[k][0] in light or tokens[k][1][:1] in ("p", "v")):
            return _right_phrase(tokens, k + 1, blocked, light) if k + 1 < len(tokens) else (-1, -1)
        return -1, -1

    order = (
        (left, right, right_after_light) if quantity.kind == "percent" else (right, left, right_after_light)
    )
    for finder in order:
        s, e = finder()
        if s >= 0:
            subject = text[s:e].strip(_SUBJECT_STRIP)
            if subject:
                return subject
    return ""


# --------------------------------------------------------------------------------------------------
# Extraction over sentences
# --------------------------------------------------------------------------------------------------


class _Cleaned(Protocol):
    raw: str

    def raw_span(self, start: int, end: int) -> tuple[int, int]: ...


@lru_cache(maxsize=1)
def _default_units() -> Units:
    return load_units(DEFAULT_UNITS_PATH)


def extract_metrics(
    sentences: pd.DataFrame,
    cleaned: Mapping[str, _Cleaned],
    tokenizer: Any = None,
    programme_names: Iterable[str] = (),
    units: Units | None = None,
    cuts: Sequence[Sequence[tuple[str, str, int, int]]] | None = None,
) -> pd.DataFrame:
    """One row per quantity in ``sentences``, with raw offsets, value, unit, class and subject.

    ``sentences`` needs ``doc_id, article_id, sentence_id, text, clean_start`` (``part`` is copied when
    present); ``cleaned`` maps doc_id to the document's CleanText (``raw`` and ``raw_span``).
    ``tokenizer`` is a ``Segmenter`` from ``govtext.segment.make_tokenizer``; when None one is built
    (about 2 s) with the programme names as user words. ``programme_names`` are names and aliases from the
    programme codebook: numbers inside a match are not metrics. ``units`` defaults to
    ``load_units(DEFAULT_UNITS_PATH)``. ``cuts``, when given, are the sentences' cuts by ``tokenizer``
    (``segment.cut_sentences``, in row order): a clause whose cut is a slice of its sentence's cut is not
    cut again. Columns: ``METRIC_COLUMNS``; sorted by doc_id, start, end.
    """
    names = tuple(sorted({str(n) for n in programme_names if isinstance(n, str) and n.strip()}))
    units = units if units is not None else _default_units()
    needed = {"doc_id", "article_id", "sentence_id", "text", "clean_start"}
    missing = sorted(needed - set(sentences.columns))
    if missing:
        raise ValueError(f"sentences: missing column(s) {', '.join(missing)}")
    if cuts is not None and len(cuts) != len(sentences):
        raise ValueError(f"cuts: {len(cuts)} cuts for {len(sentences)} sentences")
    has_part = "part" in sentences.columns
    names_re = _names_regex(names)
    light = units.subject_light_words
    rows: list[tuple] = []
    cut = None
    doc_ids, article_ids, sentence_ids, texts, clean_starts = (
        sentences[column].tolist()
        for column in ("doc_id", "article_id", "sentence_id", "text", "clean_start")
    )
    parts = sentences["part"].tolist() if has_part else [""] * len(sentences)
    for number, text in enumerate(texts):
        if not isinstance(text, str) or not text:
            continue
        found = _find_quantities(text, units, names_re)
        if not found:
            continue
        if cut is None:
            cut = _Cutter(tokenizer, names)
        tokens = _clause_tokens(text, found, cut, cuts[number] if cuts is not None else None)
        blocked = _blocked_tokens(tokens, found)
        doc = cleaned.get(doc_ids[number])
        if doc is None:
            raise KeyError(f"cleaned: no CleanText for doc_id {doc_ids[number]!r}")
        base = int(clean_starts[number])
        for q in found:
            start, end = doc.raw_span(base + q.start, base + q.end)
            rows.append(
                (
                    doc_ids[number],
                    article_ids[number],
                    sentence_ids[number],
                    int(start),
                    int(end),
                    doc.raw[start:end],
                    q.value,
                    q.unit,
                    q.unit_class,
                    q.approx,
                    q.bound,
                    _find_subject(text, q, tokens, blocked, light),
                    q.value_high,
                    q.kind,
                    _per_phrase(text, q, tokens),
                    q.per_value,
                    q.rank_of,
                    parts[number],
                    base + q.start,
                    base + q.end,
                )
            )
    return _metrics_frame(rows)


_CLAUSE_RE = re.compile(r"[^，。；！？,;!?：:\n]+[，。；！？,;!?：:\n]?")


def _clause_tokens(
    text: str, found: Sequence[Quantity], cut, sentence_cut: Sequence[_Token] | None = None
) -> list[_Token]:
    """Tokens of the clauses of ``text`` that hold a quantity or a rate base, with offsets into ``text``.

    Subjects never cross clause punctuation, and jieba segments the stretches between punctuation marks
    independently (a mark is always a token of its own), so cutting only these clauses gives the same
    tokens there as cutting the whole sentence, faster. With ``sentence_cut`` (the cut of ``text``), a
    clause that starts and ends where jieba cuts whatever the context is taken from it
    (``segment.slice_cut``) instead of being cut again.
    """
    tokens: list[_Token] = []
    for m in _CLAUSE_RE.finditer(text):
        a, b = m.span()
        if not any(
            (q.start < b and a < q.end) or (q.per_start >= 0 and q.per_start < b and a < q.per_end)
            for q in found
        ):
            continue
        if sentence_cut is not None:
            sliced = slice_cut(text, sentence_cut, a, b, cut.tokenizer.block_re)
            if sliced is not None:
                tokens.extend(sliced)
                continue
        tokens.extend((w, pos, a + s, a + e) for w, pos, s, e in cut(text[a:b]))
    return tokens


def _per_phrase(text: str, q: Quantity, tokens: list[_Token]) -> str:
    """The rate base as written, extended by a noun right after it (每个 + 楼院 → 每个楼院)."""
    if q.per_end < 0:
        return q.per
    after = next((t for t in tokens if t[2] == q.per_end), None)
    if after is not None and _nounish(after[1]) and after[3] <= q.start:
        return text[q.per_start : after[3]]
    return q.per


class _Cutter:
    """``cut_with_offsets`` with one tokenizer (built with the programme names when none is given)."""

    def __init__(self, tokenizer: Any, names: tuple[str, ...]) -> None:
        self.tokenizer = tokenizer if tokenizer is not None else make_tokenizer(names)

    def __call__(self, text: str) -> list[_Token]:
        return cut_with_offsets(text, self.tokenizer)


_INT_COLUMNS = frozenset({"start", "end", "clean_start", "clean_end"})
_FLOAT_COLUMNS = frozenset({"value", "value_high", "per_value", "rank_of"})
_STR_COLUMNS = frozenset({"doc_id", "article_id", "sentence_id", "surface", "unit", "unit_class", "bound"})


def _metrics_frame(rows: list[tuple]) -> pd.DataFrame:
    """The metrics table from row tuples (``METRIC_COLUMNS``), typed, sorted by doc_id, start, end.

    Columns are built directly with their dtypes (a per-document call costs well under a millisecond);
    rows already in order, the usual case, are not re-sorted.
    """
    if not rows:
        empty = pd.DataFrame(columns=METRIC_COLUMNS)
        empty = empty.astype({c: "int64" for c in _INT_COLUMNS} | {c: "float64" for c in _FLOAT_COLUMNS})
        return empty.astype({"approx": "bool"} | {c: str for c in _STR_COLUMNS})
    columns = list(zip(*rows, strict=True))
    data: dict[str, Any] = {}
    for name, values in zip(METRIC_COLUMNS, columns, strict=True):
        if name in _INT_COLUMNS:
            data[name] = np.array(values, dtype="int64")
        elif name in _FLOAT_COLUMNS:
            data[name] = np.array(values, dtype="float64")
        elif name == "approx":
            data[name] = np.array(values, dtype="bool")
        elif name in _STR_COLUMNS:
            data[name] = [str(v) for v in values]
        else:
            data[name] = list(values)
    df = pd.DataFrame(data, columns=METRIC_COLUMNS)
    keys = list(zip(data["doc_id"], data["start"], data["end"], data["sentence_id"], strict=True))
    if all(a <= b for a, b in pairwise(keys)):
        return df
    return df.sort_values(["doc_id", "start", "end", "sentence_id"], kind="mergesort").reset_index(drop=True)


# --------------------------------------------------------------------------------------------------
# Gold standard and evaluation
# --------------------------------------------------------------------------------------------------


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
    for row in gold.itertuples(index=False):
        raw = raw_texts.get(row.doc_id)
        if raw is None:
            problems.append(f"{row.doc_id}: unknown document")
        elif raw[row.start : row.end] != row.surface:
            problems.append(
                f"{row.doc_id} [{row.start}:{row.end}]: {raw[row.start : row.end]!r} != {row.surface!r}"
            )
    return problems


def _same_value(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


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
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "tp": tp,
        "fp": n_pred - tp,
        "fn": n_gold - tp,
        "value_accuracy": tp / span_matches if span_matches else 0.0,
        "unit_accuracy": unit_ok / tp if (tp and with_unit) else math.nan,
        "span_matches": span_matches,
    }


# --------------------------------------------------------------------------------------------------
# Summaries for the book: examples, exclusions, profiles by place, hedging, themes, validation
# --------------------------------------------------------------------------------------------------

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
    rows = []
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
        text, base = texts[sentence_id][0], int(texts[sentence_id][1])
        items = list(
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
            parts, total, end = [], 0.0, q.clean_end
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
        for i, q in enumerate(frame.itertuples(index=False)):
            if q.basis != BASIS_PART:
                continue
            whole = [
                j
                for j in levels
                if frame.at[j, "sentence_id"] == q.sentence_id
                and frame.at[j, "basis"] == BASIS_WHOLE
                and int(frame.at[j, "clean_end"]) <= int(q.clean_start)
            ]
            if whole:
                j = max(whole, key=lambda j: int(frame.at[j, "clean_start"]))
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


def _format_value(value: float) -> str:
    """88630000.0 → ``88,630,000``; 0.5 → ``0.5``; 96.8 → ``96.8``."""
    if value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:,.6g}"


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


# --- validation ---------------------------------------------------------------------------------


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
