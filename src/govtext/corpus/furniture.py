"""Page furniture: navigation, counters, timestamps, footers and record numbers around an article.

The patterns are data (``govtext/resources/furniture.yml``, read by :func:`load_furniture`). Two uses:

* :func:`is_furniture_line` tells cleaning (``classify_paragraph``) that a whole line is furniture: a
  line made of furniture matches (at most ``max_remaining_han`` CJK characters left outside them, and no
  more than the matches cover), a long run of link texts without clause punctuation, or a marker that
  opens a list of other articles (相关新闻). Such a line becomes a paragraph of its own with part
  ``furniture``, so sentences, metrics and dimension counts can leave it out, and its raw offsets stay.
* :func:`furniture_spans` gives the ``inline`` matches inside any text (timestamps, counters, record and
  phone numbers, navigation words); the metric extractor masks them, so a counter glued to article text
  (阅读：1.2万) or a navigation word (下一篇) is never a quantity.

Every test is the same for a raw line and its cleaned form: matches allow either punctuation width and
any spacing, and counts ignore whitespace.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from govtext.regexguard import guarded
from govtext.resources import resource_path
from govtext.yamlfile import ResourceError, read_yaml, resource_problem

FURNITURE_PATH = resource_path("furniture")
"""The packaged furniture patterns."""

_HAN_RE = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CLAUSE_PUNCT = frozenset("，。；：！？、,.;:!?")
_SENTENCE_ENDS = frozenset("。！？；")  # no furniture line holds one (footers with 。 are caught as footers)
_TITLE_MARKS = (
    "【",
    "】",
    "——",
    "《",
)  # a long line with these is a headline with its kicker, not link texts
_SPACE_RE = re.compile(r"\s+")
_MAX_LINE_CHARS = 120  # longer lines are not tested against the patterns (no furniture line is this long)
_TRAILING_DATE_RE = re.compile(
    r"[(（\[【]?\s*(?:\d{4}\s*[-/.年]\s*)?\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?(?:\s*\d{1,2}[:：]\d{2})?\s*[)）\]】]?$"
)


@dataclass(frozen=True)
class FurniturePattern:
    """One pattern of ``furniture.yml``: the compiled regex, the characters one of which a text must hold
    for it to be tried (``needs``: a cheap test that keeps costly patterns off most text) and whether it is
    filler (counted with other matches, never furniture alone)."""

    regex: re.Pattern[str]
    needs_re: re.Pattern[str] | None = None
    filler: bool = False
    name: str = ""

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Non-empty match spans in ``text`` (none when the text has none of the ``needs`` characters)."""
        if self.needs_re is not None and self.needs_re.search(text) is None:
            return []
        return [m.span() for m in self.regex.finditer(text) if m.end() > m.start()]


@dataclass(frozen=True)
class FurnitureRules:
    """The furniture patterns and thresholds (see ``furniture.yml``)."""

    inline: tuple[FurniturePattern, ...]
    line_only: tuple[FurniturePattern, ...]
    markers: frozenset[str]
    max_remaining_han: int
    min_headline_run_chars: int
    dated_list_min_lines: int
    menu_min_items: int = 6
    menu_max_item_chars: int = 4
    page_header: re.Pattern[str] | None = None
    source: str = ""
    list_openers: tuple[FurniturePattern, ...] = ()
    """Entries whose match on a furniture line opens a list like a marker does (``list_openers``: a footer's
    copyright notice, a prompt to follow an account), so the heading-like lines after it are furniture."""


def _union(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted spans, overlapping ones merged (touching ones stay apart)."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _patterns(data: dict[str, Any], key: str, path: Path) -> tuple[FurniturePattern, ...]:
    """The patterns of section ``key``, validated."""
    entries = data.get(key) or []
    if not isinstance(entries, list):
        raise ResourceError(resource_problem(path, key, "must be a list of {name, pattern, note}"))
    patterns = []
    for i, entry in enumerate(entries):
        where = f"{key}[{i}]"
        if not isinstance(entry, dict) or not isinstance(entry.get("pattern"), str):
            raise ResourceError(resource_problem(path, where, "needs a 'pattern' string"))
        if not isinstance(entry.get("name"), str) or not entry["name"].strip():
            raise ResourceError(resource_problem(path, where, "field 'name' is missing or empty"))
        where = f"{where} ({entry['name']})"
        unknown = sorted(set(entry) - {"name", "pattern", "note", "filler", "needs"})
        if unknown:
            raise ResourceError(resource_problem(path, where, f"unknown field(s) {', '.join(unknown)}"))
        try:
            re.compile(entry["pattern"])
        except re.error as exc:
            raise ResourceError(resource_problem(path, where, f"bad pattern: {exc}")) from None
        filler, needs = entry.get("filler", False), entry.get("needs", "")
        if not isinstance(filler, bool):
            raise ResourceError(resource_problem(path, where, "field 'filler' must be true or false"))
        if not isinstance(needs, str):
            raise ResourceError(resource_problem(path, where, "field 'needs' must be a string of characters"))
        needs_re = re.compile(f"[{re.escape(needs)}]") if needs else None
        patterns.append(
            FurniturePattern(guarded(re.compile(entry["pattern"])), needs_re, filler, entry["name"].strip())
        )
    return tuple(patterns)


def _count(data: dict[str, Any], key: str, path: Path, default: int) -> int:
    value = data.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ResourceError(resource_problem(path, key, f"must be a non-negative integer, got {value!r}"))
    return value


def load_furniture(path: str | Path = FURNITURE_PATH) -> FurnitureRules:
    """Read and validate a furniture file (format in its header); errors name the file and the entry."""
    path = Path(path)
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise ResourceError(resource_problem(path, None, "expected a mapping at the top level"))
    known = {"name", "version", "description", "inline", "line_only", "markers", "list_openers"}
    known |= {"max_remaining_han", "min_headline_run_chars", "dated_list_min_lines"}
    known |= {"menu_min_items", "menu_max_item_chars", "page_header"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ResourceError(resource_problem(path, "top level", f"unknown field(s) {', '.join(unknown)}"))
    inline = _patterns(data, "inline", path)
    if not any(not entry.filler for entry in inline):
        raise ResourceError(resource_problem(path, "inline", "needs at least one pattern"))
    page_header = data.get("page_header")
    if page_header is not None:
        if not isinstance(page_header, str) or not page_header.strip():
            raise ResourceError(resource_problem(path, "page_header", "must be a non-empty pattern string"))
        try:
            re.compile(page_header)
        except re.error as exc:
            raise ResourceError(resource_problem(path, "page_header", f"bad pattern: {exc}")) from None
    markers = data.get("markers") or []
    if not isinstance(markers, list) or not all(isinstance(m, str) and m.strip() for m in markers):
        raise ResourceError(resource_problem(path, "markers", "must be a list of non-empty strings"))
    line_only = _patterns(data, "line_only", path)
    by_name = {entry.name: entry for entry in (*inline, *line_only)}
    openers = data.get("list_openers") or []
    if not isinstance(openers, list) or not all(isinstance(n, str) for n in openers):
        raise ResourceError(resource_problem(path, "list_openers", "must be a list of entry names"))
    unknown_openers = sorted(set(openers) - set(by_name))
    if unknown_openers:
        raise ResourceError(
            resource_problem(
                path, "list_openers", f"no inline or line_only entry named {', '.join(unknown_openers)}"
            )
        )
    return FurnitureRules(
        inline=tuple(entry for entry in inline if not entry.filler),
        line_only=line_only + tuple(entry for entry in inline if entry.filler),
        markers=frozenset(m.strip() for m in markers),
        max_remaining_han=_count(data, "max_remaining_han", path, 8),
        min_headline_run_chars=_count(data, "min_headline_run_chars", path, 61),
        dated_list_min_lines=_count(data, "dated_list_min_lines", path, 2),
        menu_min_items=_count(data, "menu_min_items", path, 6),
        menu_max_item_chars=_count(data, "menu_max_item_chars", path, 4),
        page_header=guarded(re.compile(page_header)) if page_header is not None else None,
        source=str(path),
        list_openers=tuple(by_name[name] for name in openers),
    )


@lru_cache(maxsize=1)
def default_furniture() -> FurnitureRules:
    """The packaged rules, read once."""
    return load_furniture(FURNITURE_PATH)


def furniture_spans(text: str, rules: FurnitureRules | None = None) -> list[tuple[int, int]]:
    """``(start, end)`` of every inline furniture match in ``text`` (never empty spans)."""
    rules = rules if rules is not None else default_furniture()
    return _union([span for entry in rules.inline for span in entry.spans(text)])


def _compact(text: str) -> str:
    return _SPACE_RE.sub("", text)


def is_list_marker(text: str, rules: FurnitureRules | None = None) -> bool:
    """The line is a heading that opens a list of other articles (相关新闻, 推荐阅读：, 热点推荐>>)."""
    rules = rules if rules is not None else default_furniture()
    compact = _compact(text).rstrip("：:>»更多+")
    return compact in rules.markers


def opens_list(text: str, rules: FurnitureRules | None = None) -> bool:
    """The (furniture) line holds a ``list_openers`` match: a footer's copyright notice (未经授权不得转载) or
    a prompt to follow an account (欢迎关注新乡日报视频号), after which a page prints only its own links
    (周口24小时) and the account's other posts."""
    rules = rules if rules is not None else default_furniture()
    return any(entry.spans(text) for entry in rules.list_openers)


_PAGE_CODE_RE = re.compile(r"^(?:第\s*\d+\s*版|[A-Z]{1,2}\d{1,3}(?:-\d{1,3})?)$")
"""A page code alone on a line (第5版, AA03, A1-2): always furniture."""
_MAX_PAGE_HEADER_CHARS = 80


def is_page_header(text: str, rules: FurnitureRules | None = None) -> bool:
    """The line is an e-paper page header: it starts with a page label (第AA03版：要闻 上一版 下一版; the
    ``page_header`` pattern of furniture.yml) and is no longer than a heading, without a sentence end.
    An e-paper prints the page's list of headlines after it."""
    rules = rules if rules is not None else default_furniture()
    compact = _compact(text)
    return (
        rules.page_header is not None
        and len(compact) <= _MAX_PAGE_HEADER_CHARS
        and _SENTENCE_ENDS.isdisjoint(compact)
        and rules.page_header.match(compact) is not None
    )


def is_page_code(text: str) -> bool:
    """The line is a page code alone (AA03, 第5版)."""
    return _PAGE_CODE_RE.match(_compact(text)) is not None


def is_furniture_line(text: str, rules: FurnitureRules | None = None) -> bool:
    """The whole line is page furniture (see the module doc); whitespace and punctuation width ignored."""
    if rules is None:
        return _is_default_furniture_line(text)
    return _is_furniture_line(text, rules)


@lru_cache(maxsize=16384)
def _is_default_furniture_line(text: str) -> bool:
    """``is_furniture_line`` with the packaged rules, remembered (cleaning and splitting ask each line)."""
    return _is_furniture_line(text, default_furniture())


def _is_furniture_line(text: str, rules: FurnitureRules) -> bool:
    compact = _compact(text)
    if not compact:
        return False
    if is_list_marker(text, rules):
        return True
    if (
        len(compact) >= rules.min_headline_run_chars
        and _HAN_RE.search(compact) is not None
        and _CLAUSE_PUNCT.isdisjoint(compact)
        and not any(mark in compact for mark in _TITLE_MARKS)
    ):
        return True
    if len(compact) > _MAX_LINE_CHARS or not _SENTENCE_ENDS.isdisjoint(compact):
        return False  # running text: longer than furniture, or a sentence ends in it
    found = [(entry, entry.spans(text)) for entry in (*rules.inline, *rules.line_only)]
    if not any(spans for entry, spans in found if not entry.filler):
        return False  # filler alone (separators | • -) never makes a line furniture
    covered = _union([span for _, spans in found for span in spans])
    matched = sum(len(_compact(text[a:b])) for a, b in covered)
    gaps = zip([0, *(end for _, end in covered)], [*(start for start, _ in covered), len(text)], strict=True)
    rest = "".join(text[a:b] for a, b in gaps)
    remaining = len(_HAN_RE.findall(rest))
    return remaining <= rules.max_remaining_han and matched >= remaining


def is_menu_line(words: list[str], rules: FurnitureRules | None = None) -> bool:
    """Words of a line (split at whitespace) that are a site menu: at least ``menu_min_items`` words of at
    most ``menu_max_item_chars`` characters, with CJK and without clause punctuation (首页 要闻 政情 产经 …).
    A byline looks the same (记者 张三 通讯员 李四 …): the caller asks this only of a line that is not one."""
    rules = rules if rules is not None else default_furniture()
    if not rules.menu_min_items or len(words) < rules.menu_min_items:
        return False
    return all(
        len(word) <= rules.menu_max_item_chars
        and _HAN_RE.search(word) is not None
        and _CLAUSE_PUNCT.isdisjoint(word)
        for word in words
    )


def ends_with_date(text: str) -> bool:
    """The line ends with a date, as the items of a list of other articles do (标题 2025-06-12)."""
    return _TRAILING_DATE_RE.search(_compact(text)) is not None
