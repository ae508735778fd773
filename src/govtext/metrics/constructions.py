"""Quantities the unit pattern alone does not decide: ranks, tiers, sets, enumerations and frequencies.

Each function answers one question about a number found by the units codebook's pattern, from the
text around it and the rules of the codebook (``ranks``, ``tiers``, ``sets``, ``frequency``):

* ``rank_before`` / ``rank_ends_well``: is 第N (or 前N) without a rank unit a position in a ranking
  (排名第1, 全国第九, 河南第一, 位居全市第3, 进入前三) rather than an ordinal (全省第一家, 第一书记)?
* ``is_tier_count``: is N级 a count of tiers (三级网格体系, 县、乡、村三级联动), not a grade (一级网格)?
* ``set_noun``: the X of an N大X count (6大片区, 十大工程), or None (一大批, 十八大以来).
* ``enumerated_noun``: the X of an enumerated count whose list follows (6心护航(热心、爱心、…)).
* ``is_frequency_base`` / ``formula_frequency``: is a 每… base a period of a frequency (每周, 每半月,
  每两个月; not 每周一 = Mondays, 每月1日 = a date), and the 每X一Y formula (每两月一主题).

Nothing here reads numbers: the caller passes values read by :mod:`govtext.metrics.numerals`.
"""

from __future__ import annotations

import re

from govtext.metrics.numerals import _AR_DIGITS, _CN_ALL, _CN_DIGITS
from govtext.metrics.units import Units

_CLAUSE_STOPS = frozenset("，。；！？：,;!?:\n")
_BREAKS = _CLAUSE_STOPS | {"、"}
_WEEKDAYS = frozenset("一二三四五六日天七")
_HAN_RE = re.compile(r"[\u4e00-\u9fff]")
_LIST_OPENERS = frozenset("（(：:")
_LIST_CLOSERS = frozenset("）)")
_LIST_ENDS = frozenset("。；;！？!?\n")
_ITEM_STRIP = " “”\"'‘’「」『』"
_SET_PARTICLES = frozenset("的了和与及等为是在中")
_DATE_AFTER_BASE_RE = re.compile(r"[0-9０-９一二三四五六七八九十两]+(?:[日号]|月份?|时|点)")
_MAX_ARABIC_SET = 999  # N大X in Arabic digits (12大项) is a count at any size up to this
_RANK_LOOKBACK = 14  # characters before 第/前 searched for a ranking verb, scope or place


def is_han(char: str) -> bool:
    """True for a CJK ideograph of the basic block (all the cue characters here are)."""
    return bool(char) and _HAN_RE.match(char) is not None


def rank_before(text: str, start: int, units: Units) -> bool:
    """A ranking verb, scope or place (or a verb and a scope) ends right before ``start``."""
    if units.rank_before_re is None:
        return False
    return units.rank_before_re.search(text[max(0, start - _RANK_LOOKBACK) : start]) is not None


def rank_ends_well(text: str, end: int, units: Units) -> bool:
    """The character after a rank does not go on into a word (全省第一家, 第一书记, 前三季度)."""
    if end >= len(text):
        return True
    nxt = text[end]
    return not is_han(nxt) or nxt in units.ranks.next_allowed


def top_rank_allowed(text: str, top_at: int, units: Units) -> bool:
    """前 at ``top_at`` can open a top-N rank: it does not end a word such as 目前, 提前, 之前."""
    return top_at == 0 or text[top_at - 1] not in units.ranks.not_before_top


_AFTER_A_COUNT_RE = re.compile(f"[{_AR_DIGITS}{_CN_ALL}]个$")
"""A count and its classifier right before a number (65个|三级网格)."""


def is_tier_count(text: str, num_start: int, value: float, unit_end: int, units: Units) -> bool:
    """N级 is a count of tiers: N from 2 to the codebook's maximum (two written 两 or 2: 二级 is a grade)
    and either a tier noun right after (三级联动, 四级组织体系) or a list of exactly N levels right before,
    in the same clause (县、乡、村三级; “社区党委—网格党支部—楼栋党小组”三级) or a run of exactly N
    one-character level names (市县两级, 镇村两级)."""
    rules = units.tiers
    if value != int(value) or not 2 <= value <= rules.max_value or text[num_start] in "二贰":
        return False  # 一级, 二级: grades (two tiers are 两级)
    if _AFTER_A_COUNT_RE.search(text, 0, num_start):
        return False  # 65个三级网格: a count of units at one level, the level a grade
    if listed_grades(text, num_start, unit_end):
        return False  # 二级路长、三级路长: grades named side by side
    if units.tier_noun_re is not None and units.tier_noun_re.match(text, unit_end):
        return True
    if listed_levels(text, num_start, rules.list_separators) == int(value):
        return True
    return level_run(text, num_start, rules.level_characters) == int(value)


_GRADE_NUMERALS = f"{_CN_DIGITS}十{_AR_DIGITS}"
_LIST_LINKS = "、，,和及与"


def listed_grades(text: str, num_start: int, unit_end: int) -> bool:
    """N级X stands next to M级X in a list (二级路长、三级路长; 一级网格、二级网格和三级网格): the levels
    name grades of X, not a count of tiers. X is the two characters after 级."""
    noun = text[unit_end : unit_end + 2]
    if len(noun) < 2 or not all(is_han(char) for char in noun):
        return False
    item = f"[{_GRADE_NUMERALS}]级{re.escape(noun)}"
    before = re.search(f"{item}[{_LIST_LINKS}]$", text[max(0, num_start - 8) : num_start])
    after = re.match(f"[{_LIST_LINKS}]{item}", text[unit_end + 2 : unit_end + 10])
    return before is not None or after is not None


_GLOSS_CLOSE = {")": "(", "）": "（"}
_GLOSS_MAX = 12
"""A bracketed gloss after a level name (乡(镇、街道), 村（社区）) is at most this many characters."""


def level_run(text: str, num_start: int, level_characters: str) -> int:
    """Length of the run of one-character level names right before ``num_start`` (市县两级, 镇村两级,
    省市县三级), 0 for none; a run of one is no list. A bracketed gloss after a level name is looked
    through (县乡(镇、街道)村(社区)三级: three levels)."""
    if not level_characters:
        return 0
    run, at = 0, num_start
    while at > 0:
        opener = _GLOSS_CLOSE.get(text[at - 1])
        if opener is not None:
            gloss_start = text.rfind(opener, max(0, at - 1 - _GLOSS_MAX), at - 1)
            if gloss_start <= 0 or text[gloss_start - 1] not in level_characters:
                break
            at = gloss_start
        elif text[at - 1] in level_characters:
            run += 1
            at -= 1
        else:
            break
    return run if run >= 2 else 0


def listed_levels(text: str, num_start: int, separators: str) -> int:
    """Items of the list that ends right before ``num_start`` (back to the clause start), 0 for none.

    Quotation marks and 的 between the list and the number are looked through; a run of separators
    (——) counts once; a list needs at least one separator.
    """
    return len(list_items(text, num_start, separators))


def list_items(text: str, num_start: int, separators: str) -> list[str]:
    """The items of the list that ends right before ``num_start`` (:func:`listed_levels`), [] for none."""
    end = num_start
    while end > 0 and text[end - 1] in "“”\"'的 ":
        end -= 1
    start = end
    while start > 0 and text[start - 1] not in _CLAUSE_STOPS:
        start -= 1
    stretch = text[start:end]
    if not stretch or not separators:
        return []
    pattern = f"[{re.escape(separators)}]+"
    if not re.search(pattern, stretch) or stretch[-1] in separators:
        return []
    return re.split(pattern, stretch)


def set_noun(text: str, num_end: int, value: float, units: Units, arabic: bool = False) -> str | None:
    """The X of an N大X count starting at ``num_end`` (at 大): one or two characters, or None.

    A number in Chinese numerals is at most the codebook's ``max_value`` (十八大 is a party congress);
    one in Arabic digits may be larger (12大项).
    """
    rules = units.sets
    if value != int(value) or not 2 <= value <= (_MAX_ARABIC_SET if arabic else rules.max_value):
        return None
    if text[num_end : num_end + 1] != "大":
        return None
    noun = ""
    for char in text[num_end + 1 : num_end + 3]:
        if not is_han(char) or (noun and char in _SET_PARTICLES):
            break
        noun += char
    if not noun or noun[0] in rules.not_first:
        return None
    return noun


_MAX_SUMMED_ITEM_CHARS = 4


def summed_noun(text: str, num_start: int, num_end: int, value: float, units: Units) -> str | None:
    """The X of a count in Chinese numerals that sums up the list right before it, of exactly N items
    separated by 、 in the same clause (中原、金水、二七三区; 人民、行政、司法三调解): one character, or None.
    A list in quotation marks is the name of a formula (“街区、社区、小区”三区融合), not counted, and each
    item after the first (which may carry the verb before it) is at most four characters: a name, not a phrase
    (各类会议、“周四消夏晚会”、…、每周四镇集会 is no list of four)."""
    if value != int(value) or not 2 <= value <= units.sets.max_value or num_end >= len(text):
        return None
    noun = text[num_end]
    if not is_han(noun) or noun in _SET_PARTICLES or noun in units.sets.not_first:
        return None
    if num_start > 0 and text[num_start - 1] in "”’\"'":
        return None  # “街区、社区、小区”三区融合: a quoted list is the name of a formula
    items = list_items(text, num_start, "、")
    if len(items) != int(value) or any(
        len(item.strip(_ITEM_STRIP)) > _MAX_SUMMED_ITEM_CHARS for item in items[1:]
    ):
        return None  # short names are summed up (中原、金水、二七), not phrases
    return noun


def enumerated_noun(text: str, num_end: int, value: float, units: Units) -> str | None:
    """The X of ``N`` + X whose list follows, in brackets or after a colon, with exactly N items that
    each end in X (6心护航(热心、爱心、恒心、暖心、贴心、同心)); None otherwise."""
    if value != int(value) or not 2 <= value <= 2 * units.sets.max_value:
        return None
    noun = text[num_end : num_end + 1]
    if not is_han(noun):
        return None
    pos = num_end + 1
    gap = 0
    while pos < len(text) and is_han(text[pos]) and gap < units.sets.max_list_gap:
        pos, gap = pos + 1, gap + 1
    if pos >= len(text) or text[pos] not in _LIST_OPENERS:
        return None
    close = pos + 1
    while close < len(text) and text[close] not in _LIST_CLOSERS and text[close] not in _LIST_ENDS:
        close += 1
    items = [item.strip(_ITEM_STRIP) for item in text[pos + 1 : close].split("、")]
    if len(items) != int(value) or not all(item.endswith(noun) and len(item) > 1 for item in items):
        return None
    return noun


def is_frequency_base(base: re.Match[str], text: str, units: Units) -> bool:
    """A 每… base that is a date or a weekday is not a base: 每周一 (Mondays, unless a unit follows:
    每周一次), 每月1日, 每月15号, 每年3月, 每天8时."""
    unit = base.group("punit")
    after = base.end()
    if unit in ("周", "星期", "个星期") and not base.group("pnum") and text[after : after + 1] in _WEEKDAYS:
        following = units.quantity_re.match(text, after)
        return following is not None and bool(following.group("unit"))
    return not (unit in units.frequency.periods and _DATE_AFTER_BASE_RE.match(text, after))


def is_period(base: re.Match[str], units: Units) -> bool:
    """The base is a time period (每周, 每两个月), so a count after it is a frequency."""
    return base.group("punit") in units.frequency.periods


def formula_frequency(base: re.Match[str], text: str, units: Units) -> tuple[int, int, str] | None:
    """每X一Y right after a period base: ``(start, end, Y)`` of 一Y, or None.

    Y is one or two characters, not starting with a character of ``formula_not_first`` (每年一月,
    每月一日 are dates); after a bare 每周/每星期 the 一 may be a Monday and is not read.
    """
    if not is_period(base, units):
        return None
    if base.group("punit") in ("周", "星期", "个星期") and not base.group("pnum"):
        return None
    at = base.end()
    if text[at : at + 1] != "一":
        return None
    noun = ""
    for char in text[at + 1 : at + 3]:
        if not is_han(char) or (noun and char in _SET_PARTICLES):
            break
        noun += char
    if not noun or noun[0] in units.frequency.formula_not_first or noun[0] in units.by_form:
        return None
    return at, at + 1 + len(noun), noun


def clause_break(text: str) -> bool:
    """``text`` holds a clause boundary (comma, full stop, colon, line break …)."""
    return not _BREAKS.isdisjoint(text)
