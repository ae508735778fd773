"""Numerals: Chinese and Arabic numbers read to values, and the regex source of one written number.

``parse_number`` reads 1,234.5, 8863万, 一万零一十, 二〇二〇, 三百五, 数十 …; ``_number_pattern`` is the
regular expression the units codebook (:mod:`govtext.metrics.units`) builds its quantity pattern from.
Nothing here knows about units or text: one string in, one number out.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from decimal import Decimal

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
_CN_FINANCIAL = "壹贰叁肆伍陆柒捌玖拾"
"""The financial (大写) numerals, written in runs on cheques and contracts (伍佰元); alone they are
characters of ordinary words (队伍, 拾起)."""
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
    - a bare multiplier ``万`` / ``千`` / ``百`` (as in 每万人), half ``半`` → 0.5 and colloquial ``俩`` → 2;
    - vague round numbers: ``数十`` / ``几十`` → 10, ``上百`` → 100, ``十几`` → 10, ``二十几`` → 20,
      ``百余`` → 100 (the approximation itself is reported by the extractor, not here).

    Raises ``ValueError`` naming the text for anything else (``十三五``, ``一一``, ``abc``).
    """
    if not isinstance(text, str):
        return _checked_number(text)
    found = _remembered_number(text)
    if isinstance(found, str):
        raise ValueError(found)
    return found


def _checked_number(text: str) -> float:
    value = _parse_number(text)
    if not math.isfinite(value):
        raise ValueError(f"not a number: {text!r} (too large)")
    return value


@functools.lru_cache(maxsize=8192)
def _remembered_number(text: str) -> float | str:
    """``parse_number(text)``, or the message of its ``ValueError``, remembered (the same few numbers
    recur in every document)."""
    try:
        return _checked_number(text)
    except ValueError as err:
        return str(err)


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
    if s == "俩":
        return sign * 2.0
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
    """Chinese ranges of adjacent digits: 一两 → (1, 2), 三四十 → (30, 40), 七八百 → (700, 800); after a
    leading number that ends in a multiplier, the pair is the next place: 十五六万 → (150000, 160000),
    五十六七 → (56, 57), 一百二三十 → (120, 130). 十四五 alone is the plan's name (“十四五”规划), no range."""
    if len(text) < 2:
        return None
    if text[0] not in _CN_NONZERO_DIGITS or text[1] not in _CN_NONZERO_DIGITS:
        return _parse_led_adjacent_range(text)
    low, high = _CN_DIGIT_VALUES[text[0]], _CN_DIGIT_VALUES[text[1]]
    if high != low + 1:
        return None
    rest = text[2:]
    if rest and any(ch not in _MULTIPLIER_VALUES for ch in rest):
        return None
    mult = _multiplier(rest) if rest else 1.0
    return low * mult, high * mult


_LED_ADJACENT_RE = re.compile(
    rf"(?P<lead>[{_CN_ALL}]*[十百千万亿])(?P<low>[{_CN_NONZERO_DIGITS}])(?P<high>[{_CN_NONZERO_DIGITS}])(?P<rest>[十百千万亿]*)"
)


def _parse_led_adjacent_range(text: str) -> tuple[float, float] | None:
    """The range of a leading number ending in a multiplier and two adjacent digits (十五六, 五十六七万)."""
    m = _LED_ADJACENT_RE.fullmatch(text)
    if m is None or text == "十四五":
        return None
    low_digit, high_digit = m.group("low"), m.group("high")
    if _CN_DIGIT_VALUES[high_digit] != _CN_DIGIT_VALUES[low_digit] + 1:
        return None
    lead, rest = m.group("lead"), m.group("rest")
    try:
        low, high = parse_number(lead + low_digit + rest), parse_number(lead + high_digit + rest)
    except ValueError:
        return None
    return (low, high) if high > low else None


# --------------------------------------------------------------------------------------------------


def _number_pattern() -> str:
    """Regex source of one number: Arabic (+multiplier), vague Chinese, Chinese numerals, 半 (before a
    duration, a length or an area, or 半数 = half), 百 before 岁 and 俩 before 人."""
    ar = rf"[{_AR_DIGITS}]+(?:[,，][{_AR_DIGITS}]{{3}}(?![{_AR_DIGITS}]))*(?:[.．][{_AR_DIGITS}]+)?"
    ar_mult = r"(?:[百千]?万亿?|[百千]?亿|千(?![米克瓦])|百(?![分米]))"
    arabic = rf"{ar}(?:[ \u3000]?{ar_mult})?"
    vague = r"(?:[数几上][十百千万亿]+|[一二两三四五六七八九]?十几|[百千万](?=[余多]))"
    digits = _CN_DIGITS
    # a financial numeral alone (队伍, 拾起) is a character of a word: it counts only in a run (伍佰, 叁拾)
    lone_financial = rf"(?![{_CN_FINANCIAL}](?![{_CN_ALL}拾佰仟]))"
    chinese = rf"(?:{lone_financial}[{digits}十拾][{_CN_ALL}拾佰仟]*(?:点[{digits}]+)?)"
    half = r"(?:(?<![上下前后多每])半(?=个?(?:年|天|小时|钟头|世纪)|个月|数|米|亩|公里))"
    # 百岁 (a hundred years of age: 百岁老人, centenarians) and 俩人 (colloquial 两个人, two people): a bare
    # 百 or 俩 is a number only before these units (百姓, 咱俩 are words)
    colloquial = rf"(?:(?<![{_CN_ALL}数几上])百(?=岁)|俩(?=人))"
    return rf"(?:{arabic}|{vague}|{chinese}|{half}|{colloquial})"
