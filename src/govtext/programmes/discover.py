"""Discovery: spans of the texts that look like programme names, with the features they are scored by.

``discover_candidates`` searches each document's clean text for four shapes (``PATTERNS``: quoted
spans, numbered formulas such as 三会一课, digit names such as 13710督办平台, and names ending in a suffix
such as …制 or …工作法), marks the spans the codebook already covers, describes each span by the
features a scholar reads a name by (``FEATURE_COLUMNS``: quotation marks, numerals, a name suffix,
generic policy nouns, clause punctuation, a verb right before a weak suffix, the codebook's
``not_programmes`` list, recurrence in the document and across documents; with a part-of-speech
tagger, the words a name does not start with are cut off suffix names first) and combines them into
a ``score`` (:func:`score_candidates`); ``selected`` marks the spans at or above the threshold. The
rules are data: the codebook's ``discovery`` section (patterns and boundaries) and three packaged
files read by :func:`load_candidate_rules`, ``name_clues.yml``, ``generic_policy_nouns.txt`` and
``candidate_scoring.yml`` (weights and threshold). The rules and the score are
:mod:`govtext.programmes.scoring`.

How much the codebook covers of what it finds (``coverage``, ``uncoded_candidates``) is
:mod:`govtext.programmes.codebook_coverage`.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from govtext.common import SPAN_COLUMNS
from govtext.corpus.furniture import furniture_spans
from govtext.programmes.codebook import load_discovery_rules
from govtext.programmes.match import (
    CleanTextLike,
    _codebook_names,
    _locate,
    _sentence_locator,
    build_matcher,
    find_mentions,
)
from govtext.programmes.names import _DOTS, QUOTES, fold_char, name_key
from govtext.programmes.scoring import (
    FLAG_COLUMNS,
    CandidateRules,
    add_recurrence,
    default_candidate_rules,
    score_candidates,
)
from govtext.regexguard import guarded

PATTERNS = ("quoted", "numbered_formula", "digit_name", "suffix")

FEATURE_COLUMNS = [
    "quoted",
    "name_suffix",
    "suffix_strength",
    "numerals",
    *FLAG_COLUMNS,
    "not_programme",
    "n_chars",
    "n_in_doc",
    "n_docs",
    "n_corpus",
]
"""What the score is made of, one column each (see :func:`score_candidates`)."""

CORPUS_COLUMNS = ("n_docs", "n_corpus")
"""Counts over a whole corpus: left out of the pipeline's per-batch table (see :func:`add_recurrence`)."""

CANDIDATE_COLUMNS = [
    *SPAN_COLUMNS,
    "candidate",
    "pattern",
    "in_codebook",
    *FEATURE_COLUMNS,
    "score",
    "selected",
]
"""The columns of :func:`discover_candidates` (``in_codebook`` rows included)."""

PIPELINE_CANDIDATE_COLUMNS = [c for c in CANDIDATE_COLUMNS if c not in ("in_codebook", *CORPUS_COLUMNS)]
"""The columns of ``candidates.csv`` written by ``govtext run`` (``Tables.candidates``): spans not in the
codebook, with the features that do not depend on which other documents are in the batch."""


_CN_NUMERALS = "一二三四五六七八九十两双万"
_HAN = "[\u4e00-\u9fff]"
_NOT_NUMERAL_HAN = f"(?:(?![{_CN_NUMERALS}]){_HAN})"
_FORMULA_PART = f"[{_CN_NUMERALS}](?:[项大场步方])?{_NOT_NUMERAL_HAN}{{1,2}}"
# two or more numeral-led parts, optionally separated by 、: 三会一课, 四议两公开, 一抓、二学、三建
_FORMULA_RE = guarded(
    re.compile(
        f"(?<![{_CN_NUMERALS}第周\\d]){_FORMULA_PART}(?:、?{_FORMULA_PART}){{1,6}}(?![{_CN_NUMERALS}])"
    )
)
# 一 and a part, then 多 and a part: 一核多元, 一格多员, 一核统多元 (one core, many actors); not a duration or
# an approximate count (一年多来, 一个多月, 一倍多)
_ONE_MANY_RE = guarded(
    re.compile(
        f"(?<![{_CN_NUMERALS}第周\\d])一(?![个年月天日周次时点倍百千亿])(?:{_NOT_NUMERAL_HAN}){{1,2}}"
        f"多(?![来月天年日周次时倍万亿余个少])(?:{_NOT_NUMERAL_HAN}){{1,2}}"
    )
)
MAX_QUOTED_CHARS = 24
"""Longest quoted span read as a candidate (long enough for four 4-character phrases with commas)."""
_QUOTE_PAIRS = (("“", "”"), ("「", "」"), ("『", "』"), ("‘", "’"), ('"', '"'))
"""The quotation marks a quoted candidate stands in, opening and closing."""
_QUOTED_RE = re.compile(
    "|".join(
        f"{re.escape(open_)}([^{re.escape(open_ + close)}\\n]{{2,{MAX_QUOTED_CHARS}}}){re.escape(close)}"
        for open_, close in _QUOTE_PAIRS
    )
)
_DIGITS = "0-9０-９"
_DIGIT_RUN = f"[{_DIGITS}]+(?:[+＋{_DOTS}][{_DIGITS}]+)*"
MAX_TAIL_CHARS = 6
"""Characters that may stand between a closing quotation mark and the name suffix that ends the name
(“432”就业帮扶体系)."""
# characters that end a name's tail after a closing quote (a function word starts a new phrase)
_TAIL_STOP = "的了和与及等在是为把将以对从向于之并或被让使给到即也都还再又已"
_CLAUSE_MARKS = frozenset("，。！？；：,.!?;:—→")
_NUMERAL_RUN = re.compile(f"[{_DIGITS}]+|[{_CN_NUMERALS}]+")
_COUNT_PREFIX = re.compile(f"^(?:[{_DIGITS}]+|[{_CN_NUMERALS}]+)[个项支大类种条级张把批件场步方名套]?")


def _longest_first(words: Iterable[str]) -> list[str]:
    return sorted(set(words), key=lambda s: (-len(s), s))


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(s) for s in _longest_first(words))


@dataclass(frozen=True)
class _Compiled:
    """The regexes of one set of rules (built once per rules, see :func:`_compiled`)."""

    tail: re.Pattern[str]
    tail_stops: tuple[str, ...]
    digit_name: re.Pattern[str]
    suffix: re.Pattern[str]
    suffixes: tuple[str, ...]
    false_friends: tuple[str, ...]
    boundary: tuple[str, ...]
    starts_after: tuple[str, ...]
    skip_after: tuple[str, ...]
    min_stem: int
    max_stem: int
    strong_suffixes: frozenset[str] = frozenset()


def _compiled(rules: Mapping[str, Any], candidate_rules: CandidateRules) -> _Compiled:
    name_suffixes = [*rules["suffixes"], *candidate_rules.suffixes]
    tail_suffixes = [
        *name_suffixes,
        *rules["digit_name_suffixes"],
        *candidate_rules.after_quote_suffixes,
    ]
    stop = re.escape(_TAIL_STOP)
    tail = re.compile(
        f"(?:(?![{stop}])[\u4e00-\u9fffA-Za-z0-9]){{0,{MAX_TAIL_CHARS}}}?"
        f"(?P<suffix>{_alternation(tail_suffixes)})"
    )
    digit_suffix = f"[{re.escape(QUOTES)}]?(?:{_alternation(rules['digit_name_suffixes'])})"
    return _Compiled(
        tail=tail,
        tail_stops=tuple(_longest_first([*rules["left_boundary_words"], *candidate_rules.introducers])),
        digit_name=guarded(re.compile(f"(?<![{_DIGITS}.]){_DIGIT_RUN}{digit_suffix}")),
        suffix=re.compile(_alternation(name_suffixes)),
        suffixes=tuple(_longest_first(name_suffixes)),
        false_friends=tuple(_longest_first([*rules["suffix_false_friends"], *candidate_rules.false_friends])),
        boundary=tuple(_longest_first(rules["left_boundary_words"])),
        starts_after=tuple(
            _longest_first(
                [
                    *rules["left_boundary_words"],
                    *candidate_rules.name_starts_after,
                    *candidate_rules.introducers,
                ]
            )
        ),
        skip_after=tuple(rules["skip_after_words"]),
        min_stem=int(rules["min_stem_chars"]),
        max_stem=int(rules["max_stem_chars"]),
        strong_suffixes=frozenset(candidate_rules.strong_suffixes),
    )


def _quoted_regions(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of the text inside each pair of quotation marks (2 to ``MAX_QUOTED_CHARS``)."""
    regions = []
    for match in _QUOTED_RE.finditer(text):
        group = next(g for g in range(1, match.re.groups + 1) if match.group(g) is not None)
        regions.append(match.span(group))
    return regions


def _quoted_spans(text: str, compiled: _Compiled) -> list[tuple[int, int, str]]:
    """``(start, end, pattern)`` for quoted spans, classified as digit_name, numbered_formula or quoted,
    each extended over a name suffix that follows the closing quotation mark (“四定”工作法)."""
    spans = []
    for start, end in _quoted_regions(text):
        inner = text[start:end]
        if not name_key(inner):
            continue
        stop = _tail_end(text, end + 1, compiled) or end
        first = fold_char(inner.lstrip(QUOTES)[:1])
        if first.isdigit():
            if len(name_key(text[start:stop])) >= 2:
                spans.append((start, stop, "digit_name"))
        elif first in _CN_NUMERALS:
            spans.append((start, stop, "numbered_formula"))
        else:
            spans.append((start, stop, "quoted"))
    return spans


def _tail_end(text: str, at: int, compiled: _Compiled) -> int | None:
    """End of the name suffix that closes a name right after a closing quotation mark at ``at``
    (“432”就业帮扶体系 ends after 体系), or None: no suffix within ``MAX_TAIL_CHARS``, a boundary word or
    introducer on the way (“杜甫速度”建立专班推进制), or a suffix inside an ordinary word."""
    match = compiled.tail.match(text, at)
    if match is None:
        return None
    suffix_at = match.start("suffix")
    if any(word in text[at:suffix_at] for word in compiled.tail_stops):
        return None
    if _is_false_friend(text, suffix_at, match.group("suffix"), compiled.false_friends):
        return None
    return match.end()


def _is_false_friend(text: str, at: int, suffix: str, false_friends: Sequence[str]) -> bool:
    """Is the suffix found at ``at`` part of an ordinary word such as 制度, 控制 or 行动起来?"""
    return any(
        at >= offset and text.startswith(friend, at - offset)
        for friend, offset in _friend_offsets(suffix, tuple(false_friends))
    )


@functools.lru_cache(maxsize=1024)
def _friend_offsets(suffix: str, false_friends: tuple[str, ...]) -> tuple[tuple[str, int], ...]:
    """``(word, offset)`` for every place ``suffix`` stands in one of the longer ``false_friends``."""
    places = []
    for friend in false_friends:
        if len(friend) <= len(suffix):
            continue
        offset = friend.find(suffix)
        while offset >= 0:
            places.append((friend, offset))
            offset = friend.find(suffix, offset + 1)
    return tuple(places)


TagWords = Callable[[str], list[tuple[str, str]]]
"""A part-of-speech tagger: ``text -> [(word, tag), ...]`` covering the text (``Segmenter.pos_pairs``)."""


class _LeadStripper:
    """Cuts the words a name does not start with (by their tags) off the start of a stem, remembering
    each stem's answer (stems recur across a batch)."""

    def __init__(self, tag_words: TagWords, tags: frozenset[str]) -> None:
        self.tag_words, self.tags = tag_words, tags
        self._done: dict[str, str] = {}

    def __call__(self, stem: str) -> str:
        found = self._done.get(stem)
        if found is None:
            at = 0
            for word, tag in self.tag_words(stem):
                if tag not in self.tags:
                    break
                at += len(word)
            found = self._done[stem] = stem[at:]
        return found


def _suffix_spans(
    text: str, compiled: _Compiled, strip_lead: Callable[[str], str] | None = None
) -> list[tuple[int, int, str]]:
    """``(start, end, "suffix")`` for names ending in a suffix (…制, …工作法 …), cut at a left boundary
    and, with ``strip_lead``, after the words at its start that a name does not start with (unless
    nothing would be left of a stem before a strong suffix)."""
    spans = []
    for match in compiled.suffix.finditer(text):
        s, e = match.span()
        if _is_false_friend(text, s, match.group(), compiled.false_friends):
            continue
        left = s
        while left > 0 and s - left < compiled.max_stem and "\u4e00" <= text[left - 1] <= "\u9fff":  # _HAN
            left -= 1
        stem = text[left:s]
        if stem.endswith(compiled.skip_after):  # 提供平台, 以…为平台: the suffix is a plain noun here
            continue
        # cut after the rightmost boundary word (or place, quantity word) that leaves min_stem characters
        cut = 0
        for i in range(len(stem) - compiled.min_stem, -1, -1):
            if stem.endswith(compiled.starts_after, 0, i):  # a boundary word ends at i
                cut = i
                break
        if any(
            stem.endswith(compiled.boundary, 0, i)
            for i in range(len(stem) - compiled.min_stem + 1, len(stem) + 1)
        ):
            continue
        stem = stem[cut:]
        if strip_lead is not None and len(stem) >= compiled.min_stem:
            rest = strip_lead(stem)
            # a verb and a weak suffix is a verb and its object (开始行动); before a strong one the verb
            # qualifies the name (共享食堂)
            if len(rest) >= compiled.min_stem or match.group() not in compiled.strong_suffixes:
                stem = rest
        if len(stem) >= compiled.min_stem:
            spans.append((s - len(stem), e, "suffix"))
    return spans


def _candidate_spans(
    text: str, compiled: _Compiled, strip_lead: Callable[[str], str] | None = None
) -> list[tuple[int, int, str]]:
    """Every candidate span of one clean text; one row per span, keeping the most specific pattern."""
    spans = _quoted_spans(text, compiled)
    spans += [(m.start(), m.end(), "numbered_formula") for m in _FORMULA_RE.finditer(text)]
    spans += [(m.start(), m.end(), "numbered_formula") for m in _ONE_MANY_RE.finditer(text)]
    spans += [(m.start(), m.end(), "digit_name") for m in compiled.digit_name.finditer(text)]
    spans += _suffix_spans(text, compiled, strip_lead)
    priority = {"digit_name": 0, "numbered_formula": 1, "suffix": 2, "quoted": 3}
    best: dict[tuple[int, int], str] = {}
    for start, end, pattern in spans:
        if (start, end) not in best or priority[pattern] < priority[best[(start, end)]]:
            best[(start, end)] = pattern
    return sorted((start, end, pattern) for (start, end), pattern in best.items())


# ------------------------------------------------------------------------------------------ features


def _made_of(text: str, words: frozenset[str]) -> bool:
    """Can ``text`` be cut into a sequence of ``words`` (an empty text cannot)?"""
    if not text:
        return False
    longest = _longest_word(words)
    reachable = [True] + [False] * len(text)
    for i in range(len(text)):
        if reachable[i]:
            for j in range(i + 1, min(len(text), i + longest) + 1):
                if text[i:j] in words:
                    reachable[j] = True
    return reachable[len(text)]


@functools.lru_cache(maxsize=16)
def _longest_word(words: frozenset[str]) -> int:
    """Length of the longest of ``words`` (0 if none); a frozenset keeps its hash, so this is cheap."""
    return max((len(w) for w in words), default=0)


def _name_suffix(key: str, suffixes: Sequence[str]) -> str:
    """The longest name suffix ``key`` ends in ('' if none)."""
    return next((s for s in suffixes if key.endswith(s)), "")


def _numerals(key: str, pattern: str) -> str:
    """``formula`` (two or more numeral-led parts, digits used as a name, or a ``+`` formula: 三管一服,
    13710, 1+1+N, 党建+), ``count`` (one numeral-led part: 三零, 五大功能) or ''."""
    folded = "".join(fold_char(c) for c in key)
    if "+" in folded:
        return "formula"
    if not folded or not (folded[0].isdigit() or folded[0] in _CN_NUMERALS):
        return ""
    runs = _NUMERAL_RUN.findall(folded)
    if len(runs) >= 2 or any(len(r) >= 3 and r.isdigit() for r in runs):
        return "formula"
    if pattern == "numbered_formula" and ("、" in key or "多" in key[2:]):
        return "formula"  # 一抓、二学; 一核多元
    return "count"


def _generic(key: str, nouns: frozenset[str]) -> bool:
    """Is the name made of generic policy nouns only (a leading count such as 四支, 五大 set aside)?
    工作机制, 治理模式, 五大功能, 两委 are; 河长制, 三管一服, 共享食堂 (食堂 is not a policy noun) are not."""
    count = _COUNT_PREFIX.match(key)
    core = key[count.end() :] if count is not None and count.end() < len(key) else key
    return _made_of(core, nouns)


def _span_features(
    text: str,
    start: int,
    end: int,
    pattern: str,
    quoted_regions: Sequence[tuple[int, int]],
    crules: CandidateRules,
) -> dict[str, Any]:
    """The features of the span ``text[start:end]`` (see :class:`_FeatureReader`, which caches)."""
    return _FeatureReader(crules)(text, start, end, pattern, quoted_regions)


_AROUND_NAME = frozenset(QUOTES + " \u3000")
"""Characters skipped before and after a span to read what stands around it (introducer, 的, bracket)."""
_OPENING_QUOTES = frozenset(open_ for open_, _close in _QUOTE_PAIRS)
_CLOSING_QUOTES = frozenset(close for _open, close in _QUOTE_PAIRS)
"""The marks of ``_QUOTE_PAIRS`` that open and close a quotation (ASCII ``"`` does both)."""


class _FeatureReader:
    """Reads the features of candidate spans with one set of rules. What depends only on the span's text
    (its key, suffix, numerals, generic nouns, punctuation) is computed once per distinct span text and
    pattern in the reader's lifetime (one ``discover_candidates`` call: bounded by the batch)."""

    def __init__(self, crules: CandidateRules, tag_words: TagWords | None = None) -> None:
        self.crules = crules
        self.tag_words = tag_words
        self._suffixes = {
            False: tuple(_longest_first(crules.suffixes)),
            True: tuple(_longest_first((*crules.suffixes, *crules.after_quote_suffixes))),
        }
        self._of_text: dict[tuple[str, str, bool], dict[str, Any]] = {}
        self._candidates: dict[str, str] = {}
        self._keys: dict[str, str] = {}
        self._regions: Sequence[tuple[int, int]] | None = None
        self._region_bounds: tuple[list[int], list[int]] | None = None

    def _quoted(self, start: int, end: int, regions: Sequence[tuple[int, int]]) -> bool:
        """Does the span hold a quoted region, or stand inside one? The regions of a text
        (:func:`_quoted_regions`) are in order, apart and not empty, so their ends are in order too and a
        binary search finds the only two regions to look at; other regions are all looked at."""
        if regions is not self._regions:
            self._regions, self._region_bounds = regions, None
            starts, ends = [s for s, _ in regions], [e for _, e in regions]
            if all(s < e for s, e in regions) and all(e <= s for e, s in zip(ends, starts[1:], strict=False)):
                self._region_bounds = starts, ends
        if self._region_bounds is None:
            return any((start <= s and e <= end) or (s <= start and end <= e) for s, e in regions)
        starts, ends = self._region_bounds
        around = bisect.bisect_right(starts, start) - 1  # the last region starting at or before the span
        inside = bisect.bisect_left(starts, start)  # the first region starting at or after it
        return (around >= 0 and end <= ends[around]) or (inside < len(starts) and ends[inside] <= end)

    def __call__(
        self, text: str, start: int, end: int, pattern: str, quoted_regions: Sequence[tuple[int, int]]
    ) -> dict[str, Any]:
        """The features of ``text[start:end]`` found by ``pattern``; ``quoted_regions`` are
        :func:`_quoted_regions` of ``text``."""
        piece = text[start:end]
        quoted = self._quoted(start, end, quoted_regions)
        own = self._text_features(piece, pattern, quoted)
        crules = self.crules
        lead_end = start  # the text before the span without the quotes and spaces that end it
        while lead_end > 0 and text[lead_end - 1] in _AROUND_NAME:
            lead_end -= 1
        trail_start = end  # the text after the span without the quotes and spaces that start it
        while trail_start < len(text) and text[trail_start] in _AROUND_NAME:
            trail_start += 1
        return {
            "quoted": quoted,
            "name_suffix": own["name_suffix"],
            "suffix_strength": own["suffix_strength"],
            "numerals": own["numerals"],
            "generic": own["generic"],
            "introduced": text.endswith(crules.introducers, 0, lead_end),
            "after_de": text.endswith("的", 0, lead_end),
            "explained": text[trail_start : trail_start + 1] in ("(", "（")
            or text.startswith("即", trail_start),
            "post_or_body": own["post_or_body"],
            "clause_punctuation": own["clause_punctuation"],
            "enumeration": own["enumeration"],
            "verb_before_suffix": own["verb_before_suffix"] and not quoted,
            "contrast": quoted and self._in_contrast(text, lead_end, trail_start),
            "dictionary_word": own["one_word"],
            "domain_word": own["domain_word"],
            "not_programme": own["not_programme"],
            "n_chars": own["n_chars"],
        }

    def _in_contrast(self, text: str, lead_end: int, trail_start: int) -> bool:
        """Is the quoted span between ``lead_end`` and ``trail_start`` one side of a contrast of two quoted
        phrases: an opener before it and a link and a quotation mark after it (从“A”到“B”), or a quotation
        mark and a link before it (…”到“B”)?"""
        openers, links = self.crules.contrast_openers, self.crules.contrast_links
        if not links:
            return False
        if openers and text.endswith(openers, 0, lead_end):
            for link in links:
                after = trail_start + len(link)
                if text.startswith(link, trail_start) and text[after : after + 1] in _OPENING_QUOTES:
                    return True
        for link in links:
            if text.endswith(link, 0, lead_end):
                before = lead_end - len(link)
                if before > 0 and text[before - 1] in _CLOSING_QUOTES:
                    return True
        return False

    def candidate(self, piece: str) -> str:
        """The span's text without quotation marks and whitespace (remembered per text)."""
        found = self._candidates.get(piece)
        if found is None:
            found = self._candidates[piece] = "".join(c for c in piece if not c.isspace() and c not in QUOTES)
        return found

    def key(self, piece: str) -> str:
        """``name_key`` of the span's text (remembered per text)."""
        found = self._keys.get(piece)
        if found is None:
            found = self._keys[piece] = name_key(piece)
        return found

    def _generic_after_place(self, key: str) -> bool:
        """Is ``key`` a place name (by its first word's tag) followed by generic policy nouns only?"""
        if self.tag_words is None or not self.crules.place_tags:
            return False
        words = self.tag_words(key)
        if len(words) < 2 or words[0][1] not in self.crules.place_tags:
            return False
        first = words[0][0]
        # 四治 (in 四治融合) is a count and what it counts, which the tagger reads as a place
        numeral_led = len(first) <= 2 and first[0] in _CN_NUMERALS
        return not numeral_led and _generic(key[len(first) :], self.crules.generic_nouns)

    def _one_word(self, key: str) -> bool:
        """Is ``key`` a single word of the tagger's dictionary (False without a tagger)?"""
        return self.tag_words is not None and len(self.tag_words(key)) == 1

    def _verb_before(self, key: str, suffix: str) -> bool:
        """Is the word right before ``suffix`` a verb or verbal noun (综合改造|工程, 评选|活动)?"""
        stem = key[: len(key) - len(suffix)]
        if self.tag_words is None or not stem:
            return False
        words = self.tag_words(stem)
        return bool(words) and words[-1][1] in self.crules.verb_tags

    def _text_features(self, piece: str, pattern: str, quoted: bool) -> dict[str, Any]:
        found = self._of_text.get((piece, pattern, quoted))
        if found is not None:
            return found
        crules = self.crules
        key = self.key(piece)
        suffix = _name_suffix(key, self._suffixes[quoted])
        found = {
            "name_suffix": suffix,
            "suffix_strength": "strong" if suffix in crules.strong_suffixes else "weak" if suffix else "",
            "numerals": _numerals(key, pattern),
            "generic": _generic(key, crules.generic_nouns) or self._generic_after_place(key),
            "post_or_body": key.endswith(crules.post_or_body_endings),
            "clause_punctuation": any(fold_char(c) in _CLAUSE_MARKS for c in piece),
            "enumeration": "、" in piece,
            "verb_before_suffix": suffix in crules.weak_suffixes and self._verb_before(key, suffix),
            "not_programme": key in crules.not_programmes,
            "n_chars": len(key),
            "one_word": quoted and len(key) >= 2 and self._one_word(key),
            "domain_word": any(word in key for word in crules.domain_words),
        }
        self._of_text[piece, pattern, quoted] = found
        return found


def discover_candidates(
    sentences: pd.DataFrame,
    cleaned: Mapping[str, CleanTextLike],
    codebook: pd.DataFrame,
    rules: Mapping[str, Any] | None = None,
    candidate_rules: CandidateRules | None = None,
    corpus_counts: bool = True,
    tag_words: TagWords | None = None,
) -> pd.DataFrame:
    """Spans that look like programme names, one row per span (``CANDIDATE_COLUMNS``), scored.

    Patterns, searched in each document's clean text:

    * ``quoted``: a span in quotation marks (“”, 「」, 『』, ‘’ or ASCII ""), 2-``MAX_QUOTED_CHARS``
      characters, extended over a name suffix right after the closing mark (“邻里微网格”治理模式);
    * ``numbered_formula``: two or more numeral-led parts (三会一课, 一征三议两公开, 一抓、二学、三建),
      一 and a part then 多 and a part (一核多元, not 一年多来), or a quoted span that starts with a Chinese
      numeral (五个一, 三大攻坚战);
    * ``digit_name``: digits used as a name, quoted or followed by a name suffix (13710督办平台,
      “12834”行动计划, 1+3+4, 7·24);
    * ``suffix``: a run of Han characters ending in a name suffix (the codebook's ``discovery.suffixes``
      and ``name_clues.yml``: 制, 工作法, 行动, 工程, 平台, 驿站 …), cut after the rightmost boundary
      word (建立, 实施, 的 …, and the places, quantity words and introducers of ``name_clues.yml``) that
      leaves at least ``min_stem_chars`` characters; a suffix right after a boundary word (的热线,
      建立机制) is a plain noun, not the end of a name.

    A span that overlaps inline page furniture (a phone label 新闻热线：…, a counter, a timestamp:
    :func:`govtext.corpus.furniture.furniture_spans`) is not a candidate. The same span found by several
    patterns is reported once (digit_name > numbered_formula > suffix >
    quoted); overlapping spans are resolved to the one with the higher score (then the longer). ``candidate``
    is the span's text without quotation marks and whitespace. ``in_codebook`` is True if the span overlaps a
    codebook mention (``match_programmes`` rules) or its key equals a codebook name or alias. The feature
    columns and ``score`` are explained in :func:`score_candidates`; ``n_docs`` and ``n_corpus`` count over
    the documents of this call, and are left out with ``corpus_counts=False`` (the pipeline, which runs
    a batch of documents at a time, so that its rows do not depend on the batch).
    ``rules`` is the codebook's ``discovery`` section (default:
    ``load_discovery_rules()``), ``candidate_rules`` the suffixes, generic nouns, weights and threshold
    (default: the packaged files, without ``not_programmes``). ``tag_words``, a part-of-speech tagger
    (the pipeline passes its segmenter's ``pos_pairs``), lets the ``suffix`` pattern cut the words a name
    does not start with (``name_clues.yml``: ``tags_not_starting_names``; 做活议事机制 -> 议事机制) and
    counts a place name followed by generic nouns as ``generic`` (``place_tags``); without it neither is
    done.
    """
    rules = load_discovery_rules() if rules is None else rules
    crules = default_candidate_rules() if candidate_rules is None else candidate_rules
    compiled = _compiled(rules, crules)
    pattern, owners = build_matcher(_codebook_names(codebook))
    keys = set(owners)
    locator = _sentence_locator(sentences)
    read_features = _FeatureReader(crules, tag_words)
    strip_lead = (
        _LeadStripper(tag_words, crules.tags_not_starting_names)
        if tag_words is not None and crules.tags_not_starting_names
        else None
    )
    rows = []
    for doc_id in sorted(locator):
        clean = cleaned[doc_id]
        coded = bytearray(len(clean.text))
        for start, end, _owner in find_mentions(clean.text, pattern, owners):
            coded[start:end] = b"\x01" * (end - start)
        regions = _quoted_regions(clean.text)
        furniture = furniture_spans(clean.text)
        for clean_start, clean_end, kind in _candidate_spans(clean.text, compiled, strip_lead):
            place = _locate(locator[doc_id], clean_start)
            if place is None or any(a < clean_end and clean_start < b for a, b in furniture):
                continue  # outside the sentences given, or inside page furniture (新闻热线：1589…)
            piece = clean.text[clean_start:clean_end]
            start, end = clean.raw_span(clean_start, clean_end)
            rows.append(
                {
                    "doc_id": doc_id,
                    "article_id": place[0],
                    "sentence_id": place[1],
                    "start": start,
                    "end": end,
                    "surface": clean.raw[start:end],
                    "candidate": read_features.candidate(piece),
                    "pattern": kind,
                    "in_codebook": any(coded[clean_start:clean_end]) or read_features.key(piece) in keys,
                    **read_features(clean.text, clean_start, clean_end, kind, regions),
                    "n_in_doc": 1,
                    "n_docs": 1,
                    "n_corpus": 1,
                }
            )
    table = pd.DataFrame(rows, columns=CANDIDATE_COLUMNS[:-2])
    if len(table):  # spans never overlap (coding manual A4): by span score, then length, then position
        # (the clues decide, not the not_programmes list: a listed span is kept, then not selected,
        # rather than giving way to a piece of itself that the list does not name)
        clues_only = replace(crules, weights={**crules.weights, "not_programme": 0.0})
        table = score_candidates(table, clues_only)
        table = table.assign(_length=table["end"] - table["start"])
        table = table.sort_values(
            ["doc_id", "score", "_length", "start"], ascending=[True, False, False, True]
        )
        keep = []
        for _doc, group in table.groupby("doc_id", sort=False):
            keep += _without_overlaps(group.index.tolist(), group["start"].tolist(), group["end"].tolist())
        table = table.loc[keep].drop(columns=["_length"])
    table = add_recurrence(table)
    columns = CANDIDATE_COLUMNS
    if not corpus_counts:
        columns = [c for c in CANDIDATE_COLUMNS if c not in CORPUS_COLUMNS]
        table = table.drop(columns=list(CORPUS_COLUMNS))
    table = score_candidates(table, crules)
    table = table[columns].astype({k: v for k, v in _DTYPES.items() if k in columns})
    return table.sort_values(["doc_id", "start", "end", "pattern"], kind="stable").reset_index(drop=True)


def _without_overlaps(indices: list[Any], starts: list[int], ends: list[int]) -> list[Any]:
    """The indices of the spans kept in this order, each kept when it overlaps none kept before it.

    The spans kept so far are held sorted: as none overlaps another (an empty span is kept only where no
    kept span holds its position inside), their ends are in the order of their starts, so one binary search
    finds the only kept span that may overlap a new one.
    """
    kept_starts: list[int] = []
    kept_ends: list[int] = []
    out = []
    for index, start, end in zip(indices, starts, ends, strict=True):
        at = bisect.bisect_left(kept_starts, end)  # the kept spans before ``at`` start before this one ends
        if at == 0 or kept_ends[at - 1] <= start:
            kept_starts.insert(at, start)
            kept_ends.insert(at, end)
            out.append(index)
    return out


_DTYPES = {
    "start": "int64",
    "end": "int64",
    "in_codebook": "bool",
    "quoted": "bool",
    **dict.fromkeys(FLAG_COLUMNS, "bool"),
    "not_programme": "bool",
    "n_chars": "int64",
    "n_in_doc": "int64",
    "n_docs": "int64",
    "n_corpus": "int64",
    "score": "float64",
    "selected": "bool",
}


# ------------------------------------------------------------------------------------------ coverage
