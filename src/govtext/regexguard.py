"""A cheap first test for regexes that Python's engine tries at every position of a text.

Before it tries a pattern at a position, Python's ``re`` checks the pattern's literal prefix or the set
of characters a match can start with, but only when the pattern opens with a literal, a character class
or alternatives that each open with a literal. A pattern that opens otherwise (an optional group, a
lookbehind, alternatives that open with a class: the quantity pattern, some page-furniture patterns) is
tried in full at every position. :func:`guarded` gives such a pattern a lookahead for the characters its
matches can start with (read from the parsed pattern), which the engine tests cheaply. The guarded
pattern finds exactly the same matches, with the same groups: it is only made for a pattern that cannot
match the empty string, so every match starts with one of those characters.
"""

from __future__ import annotations

import functools
import importlib
import re
from typing import Any

_sre_compiler: Any = None
_sre: Any = None
_sre_parser: Any = None
try:  # the parser and compiler of Python's re (private: without them patterns stay as they are)
    _sre_compiler = importlib.import_module("re._compiler")
    _sre = importlib.import_module("re._constants")
    _sre_parser = importlib.import_module("re._parser")
except ImportError:  # pragma: no cover - another Python
    _sre_compiler = _sre = _sre_parser = None

_CATEGORY_ESCAPES: dict[Any, str] = (
    {}
    if _sre is None
    else {
        _sre.CATEGORY_DIGIT: r"\d",
        _sre.CATEGORY_NOT_DIGIT: r"\D",
        _sre.CATEGORY_SPACE: r"\s",
        _sre.CATEGORY_NOT_SPACE: r"\S",
        _sre.CATEGORY_WORD: r"\w",
        _sre.CATEGORY_NOT_WORD: r"\W",
    }
)

_Items = list[str] | None
"""Pieces of a character class (escaped characters, ranges, ``\\d`` …), or None: not known."""


def guarded(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern``, or when the engine has no first test of its own for it, an equivalent pattern
    ``(?=[first characters])(?:pattern)`` (same matches, same groups). Patterns with flags other than
    the default, that can match the empty string, or whose first characters are not known, are returned
    as they are."""
    return _guarded(pattern.pattern, pattern.flags) or pattern


@functools.lru_cache(maxsize=256)
def _guarded(source: str, flags: int) -> re.Pattern[str] | None:
    if _sre_parser is None or flags != re.UNICODE or not isinstance(source, str):
        return None
    try:
        parsed = _sre_parser.parse(source, flags)
        prefix, _skip, _all = _sre_compiler._get_literal_prefix(parsed, flags)
        if prefix or _sre_compiler._get_charset_prefix(parsed, flags) or _fails_fast(parsed.data):
            return None  # the engine tests a prefix itself, or rejects a position at its first step
        items, nullable = _first_of_sequence(parsed.data)
        if not items or nullable:
            return None
        return re.compile(f"(?=[{''.join(dict.fromkeys(items))}])(?:{source})", flags)
    except (re.error, AttributeError, TypeError, ValueError):  # pragma: no cover - another Python
        return None


def _fails_fast(sequence: Any) -> bool:
    """Does the pattern open with a repeat of one character class (``\\d{4}``, ``[a-z]+``) that needs at
    least one character? The engine rejects a position at that first step, faster than a lookahead."""
    if not len(sequence):
        return False
    op, av = sequence[0]
    while op is _sre.SUBPATTERN and not av[1] and len(av[3]):
        op, av = av[3][0]
    if op not in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, getattr(_sre, "POSSESSIVE_REPEAT", None)):
        return False
    low, _high, inner = av
    return bool(low >= 1 and len(inner) == 1 and inner[0][0] in (_sre.LITERAL, _sre.IN))


def first_characters(pattern: re.Pattern[str]) -> str | None:
    """The character class (regex source) that every non-empty match of ``pattern`` starts with, or None
    when it is not known (for tests and for :func:`guarded`)."""
    if _sre_parser is None or pattern.flags != re.UNICODE:
        return None
    items, _nullable = _first_of_sequence(_sre_parser.parse(pattern.pattern, pattern.flags).data)
    return f"[{''.join(dict.fromkeys(items))}]" if items else None


def _first_of_sequence(sequence: Any) -> tuple[_Items, bool]:
    """First characters of a sequence of items, and whether it may match the empty string (True when not
    known to be impossible)."""
    items: list[str] = []
    for op, av in sequence:
        first, nullable = _first_of_item(op, av)
        if first is None:
            return None, False
        items += first
        if not nullable:
            return items, False
    return items, True


def _first_of_item(op: Any, av: Any) -> tuple[_Items, bool]:
    if op is _sre.LITERAL:
        return [re.escape(chr(av))], False
    if op is _sre.IN:
        return _class_items(av), False
    if op is _sre.BRANCH:
        items: list[str] = []
        nullable = False
        for alternative in av[1]:
            first, empty = _first_of_sequence(alternative)
            if first is None:
                return None, False
            items += first
            nullable = nullable or empty
        return items, nullable
    if op is _sre.SUBPATTERN:
        _group, add_flags, _del_flags, inner = av
        if add_flags:
            return None, False
        return _first_of_sequence(inner)
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, getattr(_sre, "POSSESSIVE_REPEAT", None)):
        low, _high, inner = av
        first, nullable = _first_of_sequence(inner)
        return first, nullable or low == 0
    if op is getattr(_sre, "ATOMIC_GROUP", None):
        return _first_of_sequence(av)
    if op is _sre.GROUPREF_EXISTS:
        _group, yes, no = av
        first_yes, empty_yes = _first_of_sequence(yes)
        first_no, empty_no = ([], True) if no is None else _first_of_sequence(no)
        if first_yes is None or first_no is None:
            return None, False
        return first_yes + first_no, empty_yes or empty_no
    if op is _sre.ASSERT_NOT and not av[1]:
        return [], False  # (?!): never matches, so what follows it cannot start a match
    if op in (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT):
        return [], True  # zero width: the characters come from what follows
    return None, False  # any character, a back reference …: not known


def _class_items(av: Any) -> _Items:
    items: list[str] = []
    for op, value in av:
        if op is _sre.LITERAL:
            items.append(re.escape(chr(value)))
        elif op is _sre.RANGE:
            items.append(f"{re.escape(chr(value[0]))}-{re.escape(chr(value[1]))}")
        elif op is _sre.CATEGORY and value in _CATEGORY_ESCAPES:
            items.append(_CATEGORY_ESCAPES[value])
        else:
            return None  # a negated class, or another category
    return items
