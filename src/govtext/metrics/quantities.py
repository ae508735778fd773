"""Quantities in one clean string: masking, reading, keeping, describing (steps 1–4 of the package doc).

``mask_non_quantities`` hides idioms, programme names, short quoted names, book titles, a formula's
numbered parts (一核带动、二元融合、三维一体), "one after another" (一起接一起) and page
furniture (timestamps, counters, record numbers: :mod:`govtext.corpus.furniture`) behind ``□`` (offsets
unchanged); ``find_quantities`` reads every number with the codebook's compiled pattern, keeps the ones
that are quantities and returns them as :class:`Quantity` records, with rate and frequency bases
(每万人, 每周) and ranked fields (104个县（市）第2位) linked. Ranks without a rank unit, tiers, N大X and
enumerated counts and 每X一Y frequencies are decided by :mod:`govtext.metrics.constructions`. The subject
of step 4 needs a tokenizer and is :mod:`govtext.metrics.subjects`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from govtext.corpus.furniture import furniture_spans
from govtext.metrics import constructions as cx
from govtext.metrics.numerals import (
    _AR_DIGITS,
    _CN_ALL,
    _CN_BIG_UNITS,
    _MULTIPLIER_VALUES,
    _VAGUE_RE,
    _parse_adjacent_range,
    _scale,
    parse_number,
)
from govtext.metrics.units import UnitEntry, Units, _default_units

MASK_CHAR = "□"

_NUMERAL_CHAR_RE = re.compile(rf"[{_AR_DIGITS}{_CN_ALL}%％半俩]")
_QUOTE_CHARS = "“”\"'‘’「」『』"
_QUOTE_SET = frozenset(_QUOTE_CHARS)
_NO_QUOTES = dict.fromkeys(map(ord, _QUOTE_CHARS))
"""``str.translate`` table that deletes the quotation marks."""
_CLAUSE_END = frozenset("，。；！？、,;!?：:\n")
_BARE_MULTIPLES_RE = re.compile("[百千][万亿]")
"""Two multipliers alone after a prefix approximator (超千万, 近百万): their product."""
_AND_A_HALF_CLASSES = frozenset({"duration", "length", "area"})
"""Classes of unit a 半 right after adds a half to (三米半, 一年半, 两亩半)."""
_ONE_ENDS = frozenset("，。；、！？,;!?）)」”：:\n")
_CLASSIFIER = "个"
"""The classifier a unit of time may carry (个月, 个小时): in 两个半小时 it belongs to the unit after 半."""


def _split_unit(after_half: str, units: Units) -> tuple[UnitEntry, str] | None:
    """The unit of duration, length or area whose form is 个 + the start of ``after_half`` (个小时 for
    小时…, 个月 for 月…), with that rest of the form (the longest that fits); None when there is none."""
    fits = [
        (rest, entry)
        for form, entry in units.by_form.items()
        if (rest := form.removeprefix(_CLASSIFIER)) not in ("", form)
        and entry.unit_class in _AND_A_HALF_CLASSES
        and not any(ch in rest for ch in units.inner_approx)
        and after_half.startswith(rest)
    ]
    if not fits:
        return None
    rest, entry = max(fits, key=lambda fit: len(fit[0]))
    return entry, rest


@dataclass(frozen=True)
class Quantity:
    """One quantity found in a string; ``start``/``end`` are offsets into that string.

    ``per_start``/``per_end`` locate the rate base (每万人) of a rate or the period (每周) of a frequency,
    -1 otherwise. ``subject`` is set when the construction names what is counted (6大片区 → 片区).
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
    subject: str = ""


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
    spans = [m.span() for m in names_re.finditer(text.translate(_NO_QUOTES)) if m.end() > m.start()]
    if not spans:  # the usual case: no name, no need to map the offsets back
        return []
    keep = [k for k, ch in enumerate(text) if ch not in _QUOTE_CHARS]
    return [(keep[start], keep[end - 1] + 1) for start, end in spans]


def mask_non_quantities(text: str, units: Units, programme_names: Sequence[str] = ()) -> str:
    """``text`` with idioms, programme names, short quoted names and book titles masked by ``□``.

    Only spans that contain a numeral are masked; the result has the same length as ``text``.
    """
    return _mask(text, units, _names_regex(tuple(programme_names)), furniture=units.mask_furniture)


def _mask(text: str, units: Units, names_re: re.Pattern[str] | None, furniture: bool = False) -> str:
    """``text`` with the masked spans replaced by ``□``; page furniture only with ``furniture`` (the
    finder drops a quantity overlapping furniture instead: cheaper, as few sentences hold a quantity)."""
    spans: list[tuple[int, int]] = []
    if units.stop_re is not None:
        spans.extend(m.span() for m in units.stop_re.finditer(text))
    if names_re is not None:
        spans.extend(_name_spans(text, names_re))
    if units.mask_quoted_names:
        spans.extend(m.span() for m in units.quoted_re.finditer(text) if _NUMERAL_CHAR_RE.search(m.group()))
    spans.extend(m.span() for m in _ENUMERATED_FORMULA_RE.finditer(text))
    spans.extend(m.span() for m in _ONE_AFTER_ANOTHER_RE.finditer(text))
    if furniture:
        spans.extend(furniture_spans(text))
    if not spans:
        return text
    chars = list(text)
    for s, e in spans:
        chars[s:e] = MASK_CHAR * (e - s)
    return "".join(chars)


_ENUMERATED_FORMULA_RE = re.compile(
    r"(?<![\u4e00-\u9fff])一[\u4e00-\u9fff]{1,4}[、，,][二两][\u4e00-\u9fff]{1,4}[、，,]三[\u4e00-\u9fff]{1,4}"
)
"""A formula's numbered parts (一核带动、二元融合、三维一体; 一环、两带、三区): a list whose items start with
一, 二 or 两 and 三 in turn numbers the parts of one arrangement, and its numerals are no counts."""

_ONE_AFTER_ANOTHER_RE = re.compile(r"一([\u4e00-\u9fff])[接又连]一\1")
"""一X接一X, 一X又一X: "one after another" (一起接一起的上访, 一批又一批), no count."""

_PHRASE_AFTER_UNIT_RE = re.compile(r"[”’」』\"）)]?([\u4e00-\u9fff]{0,8})")
"""The run of CJK characters right after a unit (past a closing quote or bracket: 一刻钟(15分钟)生活圈),
where a phrase it heads may end."""


def _ends_phrase(after: str, endings: tuple[str, ...]) -> bool:
    """The run of at most eight CJK characters right after the unit holds one of ``endings``, so the
    number heads a phrase that ends there (10分钟政务便民服务圈: a service radius, not a length of time)."""
    match = _PHRASE_AFTER_UNIT_RE.match(after)
    run = match.group(1) if match else ""
    return any(ending in run for ending in endings)


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
    bases = [m for m in units.per_re.finditer(masked) if cx.is_frequency_base(m, masked, units)]
    per_spans = [m.span() for m in bases]
    period_ends = [m.end() for m in bases if cx.is_period(m, units)]
    found: list[Quantity] = []
    for m in units.quantity_re.finditer(masked):
        after_period = bool(period_ends) and any(
            e <= m.start() and not cx.clause_break(masked[e : m.start()]) for e in period_ends
        )
        q = _read_match(m, masked, units, after_period)
        if q is None:
            continue
        if found and q.start < found[-1].end:
            continue  # inside the one before, which reached past its match (两个半小时 holds 半小时)
        if per_spans and _overlaps(q, per_spans):
            continue  # the base of a rate (每万人) is not a metric itself
        found.append(q)
    if bases:
        formulas = [_formula(m, masked, units) for m in bases]
        taken = [(q.start, q.end) for q in found]
        extra = [q for q in formulas if q is not None and not _overlaps(q, taken)]
        if extra:
            found = sorted([*found, *extra], key=lambda q: (q.start, q.end))
    if found and units.mask_furniture:
        furniture = furniture_spans(text)  # page furniture (阅读：1.2万, 下一篇) is never a quantity
        if furniture:
            found = [q for q in found if not _overlaps(q, furniture)]
    if bases and found:
        found = _link_rates(found, bases, masked, units)
    if any(q.kind == "rank" for q in found):
        found = _link_ranks(found, masked)
    if any(q.unit == "分" for q in found):
        found = _join_mu_and_fen(found)
    return found


def _join_mu_and_fen(found: list[Quantity]) -> list[Quantity]:
    """An area written in mu and fen (1亩4分地 = 1.4 mu; a fen is a tenth of a mu) as one quantity in mu: a
    count of 分 right after a count of 亩 joins it."""
    out: list[Quantity] = []
    for q in found:
        prev = out[-1] if out else None
        if prev is not None and q.unit == "分" and prev.unit == "亩" and prev.end == q.start and q.value < 10:
            value = float(Decimal(repr(prev.value)) + Decimal(repr(q.value)) / 10)
            out[-1] = _replace(prev, end=q.end, text=prev.text + q.text, value=value)
        else:
            out.append(q)
    return out


def _overlaps(q: Quantity, spans: list[tuple[int, int]]) -> bool:
    return any(s < q.end and q.start < e for s, e in spans)


def _formula(base: re.Match[str], text: str, units: Units) -> Quantity | None:
    """每X一Y (每两月一主题): a frequency of one Y per period (``constructions.formula_frequency``)."""
    span = cx.formula_frequency(base, text, units)
    if span is None:
        return None
    start, end, noun = span
    return Quantity(
        start=start,
        end=end,
        text=text[start:end],
        value=1.0,
        unit=noun,
        unit_class=units.sets.unit_class,
        kind=units.kind_of(units.sets.unit_class),
        subject=noun,
    )


_DIGIT_BY_DIGIT_RE = re.compile("[一二三四五六七八九]{3,}")
"""Three or more Chinese digits with no zero and no 十/百/千 between them: a number read digit by digit."""


_LIST_CHARS = frozenset(_CN_ALL) | frozenset("、第")
"""Characters before ``X、`` that make it part of a longer list, number or ordinal (第一、二批): no
range."""


def _paused_range(text: str, num_start: int, num: str) -> tuple[float, float] | None:
    """The range of ``X、num`` when X is the Chinese digit one below ``num``'s first and ``num`` is that
    digit and multipliers only (七、八百 → (700, 800), 三、四 → (3, 4)), X not ending a list (一、二、三)."""
    if num_start < 2 or text[num_start - 1] != "、" or (num_start > 2 and text[num_start - 3] in _LIST_CHARS):
        return None
    return _parse_adjacent_range(text[num_start - 2] + num)


def _is_date_unit(units: Units, unit_form: str | None) -> bool:
    """The unit (年) reads a whole number in its date range as a calendar year (一九九八年)."""
    entry = units.by_form.get(unit_form) if unit_form is not None else None
    return entry is not None and entry.date_between is not None


def _read_match(m: re.Match[str], text: str, units: Units, after_period: bool = False) -> Quantity | None:
    """Turn one regex match into a Quantity, or None when it is not a quantity (rules in the module doc).

    ``after_period``: a frequency base (每周, 每半月) stands before the match in the same clause, so a
    Chinese 一 + unit there is a count (每半月进行一次).
    """
    start = m.start()
    prefix = m.group("prefix")
    if m.group("pct") is not None:
        num, num2, unit_form, ordinal = m.group("pct"), None, "%", False
        num_start = m.start("pct")
    else:
        num, num2, unit_form, ordinal = m.group("num"), m.group("num2"), m.group("unit"), bool(m.group("ord"))
        num_start = m.start("num")
    end = m.end()
    if m.group("unit0") and m.group("num2") is not None and m.group("unit0") != unit_form:
        return None  # 3个至5天: two quantities written as one range, left out
    low_high: tuple[float, float] | None = None
    bare_multiples = bool(prefix) and _BARE_MULTIPLES_RE.fullmatch(num) is not None
    if (
        not bare_multiples
        and unit_form is not None
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
        value = math.prod(_MULTIPLIER_VALUES[char] for char in num) if bare_multiples else parse_number(num)
    except ValueError:
        if not _is_chinese(num):
            return None
        low_high = _parse_adjacent_range(num)
        if low_high is None:
            # a run like 五一两 (五一两个): keep the longest readable tail that starts with the counting 两,
            # drop what stood before it; a run read digit by digit is a name (the 七 of 二七区 is no count)
            for k in (k for k, char in enumerate(num) if k and char == "两"):
                tail = num[k:]
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
    if (
        low_high is None
        and num2 is None
        and _DIGIT_BY_DIGIT_RE.fullmatch(num)
        and not _is_date_unit(units, unit_form)
    ):
        # 二七三区, 一二三级: no count is written digit by digit (only years and codes are: 一九九八年),
        # so the run is a name or a list of levels before a count of its last digit
        k = len(num) - 1
        num, num_start, start, prefix, ordinal = num[k:], num_start + k, num_start + k, None, False
        value = parse_number(num)
    if low_high is None and num2 is None and not prefix and unit_form != units.tiers.unit:
        paused = _paused_range(text, num_start, num)
        if paused is not None:  # 七、八百件, 三、四个: two adjacent digits with a pause mark, a rough range
            low_high, start = paused, num_start - 2
    if num2 is not None and low_high is None:
        try:
            low_high = (value, parse_number(num2))
        except ValueError:
            return None
        if low_high[1] < low_high[0]:
            return None

    inner_multiplier = m.group("imult")
    if inner_multiplier:  # 70多万, 50多万斤: 万 or 亿 after the approximator multiplies the number
        factor = _MULTIPLIER_VALUES[inner_multiplier]
        value = value * factor
        if low_high is not None:
            low_high = (low_high[0] * factor, low_high[1] * factor)
    approx, bounds = False, []
    if prefix:
        approx = True
        bounds.append(units.prefix_approx[prefix])
    inner = m.group("inner")
    if inner:
        approx = True
        bounds.append(units.inner_approx[inner])
    vague = bool(_VAGUE_RE.match(num)) and num not in _MULTIPLIER_VALUES
    if num.startswith("几"):
        return None  # 几十, 几百, 几万 ("some tens, hundreds …") give no figure; 十几 (ten-odd) does
    if vague:
        approx = True
        bounds.append("lower")

    num_end = m.end("num") if m.group("num") is not None else m.end()
    top = _top_rank(m, text, units, unit_form, ordinal, prefix, low_high)
    if top is not None:
        start = top
        unit = unit_form if unit_form in units.rank_units else ""
        if unit_form not in units.rank_units:
            end = num_end
        return _rank(text, start, end, value, unit, units, approx=True, bound="upper")

    entry: UnitEntry | None = None
    rank = False
    construction_unit, subject = "", ""
    if unit_form is None:
        if ordinal:
            ranked = cx.rank_before(text, start, units) and cx.rank_ends_well(text, num_end, units)
            return _rank(text, start, num_end, value, "", units) if ranked and low_high is None else None
        plain = not (prefix or inner) and low_high is None
        noun = _set_or_list_noun(text, num_end, value, units, num_start) if plain else None
        if noun is not None:
            # N大X spans 大 and X (6大片区); an enumerated count spans X only (6心)
            end = num_end + 1 + len(noun) if text[num_end] == "大" else num_end + 1
            unit, unit_class, multiplier = noun, units.sets.unit_class, 1.0
            construction_unit, subject = noun, noun
        else:
            if not (_has_multiplier(num) or inner_multiplier):
                return None
            unit, unit_class, multiplier = "", "unspecified", 1.0
            end = m.end("num2") if m.group("num2") else m.end("num")
            if inner:
                end = m.end("imult") if inner_multiplier else m.end("inner")
    elif ordinal:
        if unit_form not in units.rank_units or low_high is not None:
            return None
        rank = True
        unit, unit_class, multiplier = unit_form, "rank", 1.0
    elif unit_form == units.tiers.unit and unit_form not in units.by_form:
        if low_high is not None or not cx.is_tier_count(text, num_start, value, end, units):
            return None
        unit, unit_class, multiplier = unit_form, units.tiers.unit_class, 1.0
        construction_unit = unit_form
    else:
        entry = units.by_form.get(unit_form)
        if (
            entry is None
            and unit_form in units.ranks.top_units
            and _top_n(text, end, value, prefix, low_high)
        ):
            return _rank(text, start, end, value, unit_form, units, approx=True, bound="upper")  # 20强
        if entry is None:  # a rank unit without 第 that is not also an ordinary unit
            return None
        unit, unit_class, multiplier = entry.unit, entry.unit_class, entry.multiplier
        if any(ch in unit_form for ch in units.inner_approx):
            approx = True
            bounds.append(units.inner_approx[next(ch for ch in unit_form if ch in units.inner_approx)])

    after = text[end:]
    and_a_half = False
    if entry is not None:
        if entry.arabic_only and _is_chinese(num):
            return None  # 看两眼, 正反两面: after a Chinese numeral the form is a word, not a unit
        if entry.chinese_is_ordinal and _is_chinese(num) and num != "两":
            return None  # 二期 names a phase, 两期 counts two (两 never numbers an item in a series)
        if entry.not_before and after.startswith(entry.not_before):
            return None
        if entry.not_before_phrase_ending and _ends_phrase(after, entry.not_before_phrase_ending):
            return None
        if entry.not_after and text[:start].endswith(entry.not_after):
            return None
        if entry.not_after_chinese and _is_chinese(num) and text[:start].endswith(entry.not_after_chinese):
            return None
        if entry.only_after_numbers and num not in entry.only_after_numbers:
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
        if (
            unit_class in _AND_A_HALF_CLASSES
            and after.startswith("半")
            and not after.startswith(units.words_starting_with_half)
        ):
            value, end, and_a_half = value + 0.5, end + 1, True  # 三米半, 一年半: and a half
            after = text[end:]
        elif unit_form == _CLASSIFIER and after.startswith("半"):
            split = _split_unit(after[1:], units)
            if split is not None:  # 两个半小时 = 2.5 小时: the classifier belongs to the unit after the half
                entry, rest = split
                unit, unit_class, multiplier = entry.unit, entry.unit_class, entry.multiplier
                value, end, and_a_half = value + 0.5, end + 1 + len(rest), True
                after = text[end:]
        if unit_class in _DEICTIC_CLASSES and text[:start].endswith(_DEMONSTRATIVES):
            return None  # 这两天, 这两年, 这一次: a time reference, not a count
        if unit_class == "duration" and after.startswith("前") and not after.startswith(_NOT_AGO):
            return None  # 两天前, 半个月前: "… ago", a point in time, not a length
    if unit_form is not None or m.group("pct") is not None:
        for suffix in sorted(units.suffix_approx, key=lambda s: (-len(s), s)):
            if after.startswith(suffix) and suffix not in units.inner_approx:
                approx = True
                bounds.append(units.suffix_approx[suffix])
                end += len(suffix)
                break

    if num in ("一", "壹") and low_high is None and not rank and not construction_unit:
        if _indefinite_one(text, start):
            return None  # 美好的一天, 每一次, 不落一户: an article or an emphatic negation
        if any(text.endswith(word, 0, start + 1) for word in units.words_ending_in_one):
            return None  # 统一分类, 逐一排查: the 一 ends a word, it counts nothing
        # a bare Chinese 一 + unit is the indefinite article unless it ends its clause (公厕一座。), carries
        # an approximator (一年以上), follows "only" (仅一个月) or counts a frequency (每周一次)
        counted = any(text.endswith(word, 0, start) for word in units.one_counts_after)  # 仅一个月
        # 一周后, 一个月内, 用一周时间: a length of time that a word of time frame follows
        counted = counted or (unit_class == "duration" and text.startswith(units.one_length_before, end))
        counted = counted or and_a_half  # 一年半: one and a half is no article
        if not (approx or after_period or counted) and end < len(text) and text[end] not in _ONE_ENDS:
            return None
        if not approx and (_together(text, start, unit_form) or _parallel_one(text, start, end)):
            return None  # 和群众一起: "together"; 发现一处、规范一处: a parallel slogan, not a count

    if num == "二" and unit_class in _TWO_IS_ORDINAL_CLASSES and low_high is None and not (rank or approx):
        return (
            None  # 交警二支队, 西头村二组: a count before a classifier takes 两; a bare 二 there is ordinal
        )

    value_high = math.nan
    if low_high is not None:
        value, value_high = _scale(low_high[0], multiplier), _scale(low_high[1], multiplier)
        approx = True
    else:
        value = _scale(value, multiplier)
    denominator = m.group("den")
    if denominator not in (None, "百"):  # 五分之二 = 2/5 = 40 %, 千分之三 = 0.3 %
        value = round(value * 100 / parse_number(denominator), 2)  # 三分之一 → 33.33 %, as coders write it
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
        subject=subject,
    )


_DEICTIC_CLASSES = frozenset({"duration", "events"})
_NOT_AGO = ("前期", "前列", "前沿", "前端", "前线", "前置")
"""Words that start with 前 after a duration without meaning "ago" (三年前期 is rare, 前列 is a word)."""
_TWO_IS_ORDINAL_CLASSES = frozenset({"organisations", "facilities", "items"})
"""Classes of classifiers (家, 支, 所, 组, 张 …) before which a count says 两, so that a bare 二 is an ordinal
or part of a name (二支队, 二组); measures (二亩) and people (二人, formal for two persons) are not here."""
_DEMONSTRATIVES = ("这", "那")
_ARTICLE_BEFORE = frozenset("的这那某哪每同另唯无")
_NEGATION_RE = re.compile(r"[不没未][\u4e00-\u9fff]$")


def _indefinite_one(text: str, start: int) -> bool:
    """一 at ``start`` follows 的, a demonstrative, 每, 同, 另, 唯, 无, 其中 ("one of them") or a negated verb
    (不落一户)."""
    return start > 0 and (
        text[start - 1] in _ARTICLE_BEFORE
        or text.endswith("其中", 0, start)
        or _NEGATION_RE.search(text[:start]) is not None
    )


_TOGETHER_RE = re.compile(r"[和与同跟][^，。；！？,;!?、\n]*$")
"""和/与/同/跟 earlier in the clause: a clause-final 一起 is "together" (和市民群众一起), not one incident."""
_PARALLEL_ONE_RE = re.compile(
    r"[\u4e00-\u9fff]{1,2}一(?P<first>[\u4e00-\u9fff])[、，,][\u4e00-\u9fff]{1,4}一(?P<second>[\u4e00-\u9fff])"
    r"(?=[，。；！？、,;!?”’\n]|$)"
)
"""Two clauses that each end in 一 + a classifier after a verb, the classifiers the same or the second
一片 (发现一处、规范一处; 整治一个，影响一片; 调解一件、普法教育一片; 建一个、成一个、用一个): a parallel
slogan (对举), not two counts of one. Limit: two counts of one with the same classifier after two-character
nouns (公厕一座、游园一座) look the same and are dropped too."""


_PARALLEL_REACH = 12
"""Characters searched on either side of a 一 + classifier for the slogan it may belong to."""


def _together(text: str, start: int, unit_form: str | None) -> bool:
    """一起 at ``start`` after 和/与/同/跟 in its clause."""
    return unit_form == "起" and _TOGETHER_RE.search(text, 0, start) is not None


def _parallel_one(text: str, start: int, end: int) -> bool:
    """The 一 + classifier at ``start:end`` is one half of a parallel slogan (``_PARALLEL_ONE_RE``)."""
    stop = min(len(text), end + _PARALLEL_REACH)
    for pos in range(max(0, start - _PARALLEL_REACH), start + 1):  # overlapping: the last of three halves too
        match = _PARALLEL_ONE_RE.match(text, pos, stop)
        if match is None or match.end() < end:
            continue
        if match.group("first") == match.group("second") or match.group("second") == "片":
            return True
    return False


def _top_n(
    text: str, end: int, value: float, prefix: str | None, low_high: tuple[float, float] | None
) -> bool:
    """N强 is a top-N rank (全市20强, 十强): N at least 3, no qualifier or range, and no numeral after it
    (一强三带 is a formula)."""
    return value >= 3 and not prefix and low_high is None and not _NUMERAL_CHAR_RE.match(text[end : end + 1])


def _set_or_list_noun(
    text: str, num_end: int, value: float, units: Units, num_start: int | None = None
) -> str | None:
    """The counted noun of an N大X count (6大片区), of an enumerated count (6心护航(热心、…)) or of a count
    that sums up the list before it (中原、金水、二七三区; from ``num_start``)."""
    if num_end >= len(text):
        return None
    if text[num_end] == "大":
        return cx.set_noun(text, num_end, value, units, arabic=not _is_chinese(text[num_end - 1]))
    noun = cx.enumerated_noun(text, num_end, value, units)
    if noun is None and num_start is not None and _is_chinese(text[num_start:num_end]):
        noun = cx.summed_noun(text, num_start, num_end, value, units)
    return noun


def _top_rank(
    m: re.Match[str],
    text: str,
    units: Units,
    unit_form: str | None,
    ordinal: bool,
    prefix: str | None,
    low_high: tuple[float, float] | None,
) -> int | None:
    """Where a top-N rank opened by 前 starts (前三名, 前10强, 进入前三), or None.

    With a rank unit 前 needs only not to end a word (目前, 提前); without one a ranking verb, scope or place
    must stand before 前 and the number must not run on into a word (前三季度).
    """
    top_at = m.start() - 1
    if ordinal or prefix or low_high is not None or top_at < 0 or text[top_at] != "前":
        return None
    if not cx.top_rank_allowed(text, top_at, units):
        return None
    if unit_form in units.rank_units:
        return top_at
    num_end = m.end("num")
    if unit_form is None and cx.rank_before(text, top_at, units) and cx.rank_ends_well(text, num_end, units):
        return top_at
    return None


def _rank(
    text: str,
    start: int,
    end: int,
    value: float,
    unit: str,
    units: Units,
    approx: bool = False,
    bound: str = "exact",
) -> Quantity | None:
    """A rank quantity (value = position); a position must be a whole number of at least 1."""
    if value != int(value) or value < 1:
        return None
    return Quantity(
        start=start,
        end=end,
        text=text[start:end],
        value=float(value),
        unit=unit,
        unit_class="rank",
        kind="rank",
        approx=approx,
        bound=bound,
    )


def _clause_break(text: str) -> bool:
    return any(ch in _CLAUSE_END for ch in text)


def _link_rates(found: list[Quantity], pers: list[re.Match[str]], text: str, units: Units) -> list[Quantity]:
    """Mark the first quantity after a 每… base in the same clause as a rate of that base; after a time
    period (每周, 每半月) a count is a frequency (每周2次, 每半月进行一次)."""
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
        period = cx.is_period(m, units)
        for i, q in enumerate(out):
            if q.start < m.end() or q.kind in ("rate", "frequency"):
                continue
            if _clause_break(text[m.end() : q.start]):
                break
            if q.kind == "rank":
                break
            kind = "frequency" if period and q.kind == "count" else "rate"
            out[i] = _replace(
                q, kind=kind, per=m.group(), per_value=per_value, per_start=m.start(), per_end=m.end()
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
