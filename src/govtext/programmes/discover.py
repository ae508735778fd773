"""Discovery: spans of the texts that look like programme names, and how much of them the codebook covers.

``discover_candidates`` searches each document's clean text for four shapes (``PATTERNS``: quoted spans,
numbered formulas such as 三会一课, digit names such as 13710督办平台, and names ending in a suffix such as
…制 or …工作法, with the rules in the codebook's ``discovery`` section) and marks the spans the codebook
already covers. ``coverage`` counts distinct candidates by status and ``uncoded_candidates`` lists the ones
neither coded nor set aside as ``not_programmes``: the names a coder should look at next.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from govtext.common import SPAN_COLUMNS
from govtext.programmes.codebook import load_discovery_rules
from govtext.programmes.match import (
    CleanTextLike,
    _codebook_names,
    _locate,
    _sentence_locator,
    build_matcher,
    find_names,
)
from govtext.programmes.names import _DOTS, QUOTES, fold_char, name_key

CANDIDATE_COLUMNS = [
    *SPAN_COLUMNS,
    "candidate",
    "pattern",
    "in_codebook",
]
PATTERNS = ("quoted", "numbered_formula", "digit_name", "suffix")

_CN_NUMERALS = "一二三四五六七八九十两双万"
_HAN = "[\u4e00-\u9fff]"
_NOT_NUMERAL_HAN = f"(?:(?![{_CN_NUMERALS}]){_HAN})"
_FORMULA_PART = f"[{_CN_NUMERALS}](?:[项大场步方])?{_NOT_NUMERAL_HAN}{{1,2}}"
# two or more numeral-led parts, optionally separated by 、: 三会一课, 四议两公开, 一抓、二学、三建
_FORMULA_RE = re.compile(
    f"(?<![{_CN_NUMERALS}第周\\d]){_FORMULA_PART}(?:、?{_FORMULA_PART}){{1,6}}(?![{_CN_NUMERALS}])"
)
_QUOTED_RE = re.compile(r"“([^“”\n]{2,15})”|「([^「」\n]{2,15})」|『([^『』\n]{2,15})』|\"([^\"\n]{2,15})\"")
_DIGITS = "0-9０-９"
_DIGIT_RUN = f"[{_DIGITS}]+(?:[+＋{_DOTS}][{_DIGITS}]+)*"


def _digit_suffix_re(suffixes: Sequence[str]) -> re.Pattern[str]:
    alternation = "|".join(re.escape(s) for s in sorted(suffixes, key=lambda s: (-len(s), s)))
    return re.compile(f"[{re.escape(QUOTES)}]?(?:{alternation})")


def _quoted_spans(text: str, digit_suffix: re.Pattern[str]) -> list[tuple[int, int, str]]:
    """``(start, end, pattern)`` for quoted spans, classified as digit_name, numbered_formula or quoted."""
    spans = []
    for match in _QUOTED_RE.finditer(text):
        group = next(g for g in range(1, 5) if match.group(g) is not None)
        start, end = match.span(group)
        inner = match.group(group)
        if not name_key(inner):
            continue
        first = fold_char(inner.lstrip(QUOTES)[:1])
        if first.isdigit():
            tail = digit_suffix.match(text, end + 1)
            if tail is not None:
                end = tail.end()
            if len(name_key(text[start:end])) >= 2:
                spans.append((start, end, "digit_name"))
        elif first in _CN_NUMERALS:
            spans.append((start, end, "numbered_formula"))
        else:
            spans.append((start, end, "quoted"))
    return spans


def _is_false_friend(text: str, at: int, suffix: str, false_friends: Sequence[str]) -> bool:
    """Is the suffix found at ``at`` part of an ordinary word such as 制度, 控制 or 行动起来?"""
    for friend in false_friends:
        offset = friend.find(suffix)
        if offset >= 0 and at - offset >= 0 and text.startswith(friend, at - offset):
            return True
    return False


def _suffix_spans(text: str, rules: Mapping[str, Any]) -> list[tuple[int, int, str]]:
    """``(start, end, "suffix")`` for names ending in a suffix (…制, …工作法 …), cut at a left boundary."""
    suffixes = sorted(rules["suffixes"], key=lambda s: (-len(s), s))
    suffix_re = re.compile("|".join(re.escape(s) for s in suffixes))
    boundary = tuple(sorted(rules["left_boundary_words"], key=lambda w: (-len(w), w)))
    min_stem, max_stem = int(rules["min_stem_chars"]), int(rules["max_stem_chars"])
    false_friends = list(rules["suffix_false_friends"])
    skip_after = tuple(rules["skip_after_words"])
    spans = []
    for match in suffix_re.finditer(text):
        s, e = match.span()
        if _is_false_friend(text, s, match.group(), false_friends):
            continue
        left = s
        while left > 0 and s - left < max_stem and re.match(_HAN, text[left - 1]):
            left -= 1
        stem = text[left:s]
        if stem.endswith(skip_after):  # 提供平台, 以…为平台: the suffix is a plain noun here
            continue
        # cut after the rightmost boundary word that still leaves a stem of min_stem characters
        cut = 0
        for i in range(len(stem) - min_stem, -1, -1):
            if stem.endswith(boundary, 0, i):  # a boundary word ends at i
                cut = i
                break
        stem = stem[cut:]
        if len(stem) >= min_stem:
            spans.append((s - len(stem), e, "suffix"))
    return spans


def _candidate_spans(text: str, rules: Mapping[str, Any]) -> list[tuple[int, int, str]]:
    """Every candidate span of one clean text; one row per span, keeping the most specific pattern."""
    digit_suffix = _digit_suffix_re(rules["digit_name_suffixes"])
    spans = _quoted_spans(text, digit_suffix)
    spans += [(m.start(), m.end(), "numbered_formula") for m in _FORMULA_RE.finditer(text)]
    digit_name_re = re.compile(f"(?<![{_DIGITS}.]){_DIGIT_RUN}{digit_suffix.pattern}")
    spans += [(m.start(), m.end(), "digit_name") for m in digit_name_re.finditer(text)]
    spans += _suffix_spans(text, rules)
    priority = {"digit_name": 0, "numbered_formula": 1, "suffix": 2, "quoted": 3}
    best: dict[tuple[int, int], str] = {}
    for start, end, pattern in spans:
        if (start, end) not in best or priority[pattern] < priority[best[(start, end)]]:
            best[(start, end)] = pattern
    return sorted((start, end, pattern) for (start, end), pattern in best.items())


def discover_candidates(
    sentences: pd.DataFrame,
    cleaned: Mapping[str, CleanTextLike],
    codebook: pd.DataFrame,
    rules: Mapping[str, Any] | None = None,
) -> pd.DataFrame:
    """Spans that look like programme names, one row per span (``CANDIDATE_COLUMNS``).

    Patterns, searched in each document's clean text:

    * ``quoted``: a span in quotation marks, 2-15 characters (most are slogans, not programmes);
    * ``numbered_formula``: two or more numeral-led parts (三会一课, 一征三议两公开, 一抓、二学、三建),
      or a quoted span that starts with a Chinese numeral (五个一, 三大攻坚战);
    * ``digit_name``: digits used as a name, quoted or followed by a name suffix (13710督办平台,
      “12834”行动计划, 1+3+4, 7·24);
    * ``suffix``: a run of Han characters ending in a suffix such as 制, 工作法, 行动, 工程, 平台, 支部,
      模式, cut after the rightmost boundary word (建立, 实施, 的 …) that leaves at least
      ``min_stem_chars`` characters.

    The same span found by several patterns is reported once (digit_name > numbered_formula > suffix >
    quoted). ``candidate`` is the span's text without quotation marks and whitespace. ``in_codebook`` is
    True if the span overlaps a codebook mention (``match_programmes`` rules) or its key equals a codebook
    name or alias. ``rules`` is the codebook's ``discovery`` section (default: ``load_discovery_rules()``).
    """
    rules = load_discovery_rules() if rules is None else rules
    pattern, owners = build_matcher(_codebook_names(codebook))
    keys = set(owners)
    locator = _sentence_locator(sentences)
    rows = []
    for doc_id in sorted(locator):
        clean = cleaned[doc_id]
        coded = bytearray(len(clean.text))
        for start, end, _owner in find_names(clean.text, pattern, owners):
            coded[start:end] = b"\x01" * (end - start)
        for clean_start, clean_end, kind in _candidate_spans(clean.text, rules):
            place = _locate(locator[doc_id], clean_start)
            if place is None:
                continue
            piece = clean.text[clean_start:clean_end]
            candidate = "".join(c for c in piece if not c.isspace() and c not in QUOTES)
            in_codebook = any(coded[clean_start:clean_end]) or name_key(piece) in keys
            start, end = clean.raw_span(clean_start, clean_end)
            rows.append(
                (doc_id, place[0], place[1], start, end, clean.raw[start:end], candidate, kind, in_codebook)
            )
    table = pd.DataFrame(rows, columns=CANDIDATE_COLUMNS)
    table = table.astype({"start": "int64", "end": "int64", "in_codebook": "bool"})
    return table.sort_values(["doc_id", "start", "end", "pattern"], kind="stable").reset_index(drop=True)


def _distinct_candidates(
    candidates: pd.DataFrame, codebook: pd.DataFrame, not_programmes: pd.DataFrame | None
) -> pd.DataFrame:
    """One row per distinct candidate key with its status: in_codebook, not_programme, uncoded."""
    keys = {name_key(text) for text, _owner in _codebook_names(codebook)}
    excluded = set() if not_programmes is None else {name_key(s) for s in not_programmes["surface"]}
    table = candidates.assign(key=candidates["candidate"].map(name_key))
    grouped = (
        table.groupby("key", sort=True)
        .agg(
            candidate=("candidate", "first"),
            pattern=("pattern", lambda p: min(p, key=PATTERNS.index)),
            n_mentions=("candidate", "size"),
            n_docs=("doc_id", "nunique"),
            in_codebook=("in_codebook", "any"),
            first_doc=("doc_id", "min"),
        )
        .reset_index()
    )
    grouped["in_codebook"] = grouped["in_codebook"] | grouped["key"].isin(keys)
    grouped["not_programme"] = ~grouped["in_codebook"] & grouped["key"].isin(excluded)
    return grouped


def coverage(
    candidates: pd.DataFrame, codebook: pd.DataFrame, not_programmes: pd.DataFrame | None = None
) -> pd.DataFrame:
    """How much of what discovery finds the codebook covers, by pattern and for ``all``.

    Counts distinct candidates (by ``name_key``): ``n_in_codebook`` (overlapping a codebook mention or equal
    to a name/alias), ``n_not_programme`` (listed in ``not_programmes``), ``n_uncoded`` (neither).
    ``share_in_codebook`` = in_codebook / distinct; ``share_of_programme_like`` = in_codebook /
    (distinct - not_programme), i.e. coverage once listed slogans are set aside.
    """
    distinct = _distinct_candidates(candidates, codebook, not_programmes)
    per_pattern = (
        candidates.assign(key=candidates["candidate"].map(name_key))[["key", "pattern"]]
        .drop_duplicates()
        .merge(distinct.drop(columns=["pattern"]), on="key")
    )
    rows = []
    for pattern in (*PATTERNS, "all"):
        part = distinct if pattern == "all" else per_pattern[per_pattern["pattern"] == pattern]
        n = len(part)
        n_in = int(part["in_codebook"].sum())
        n_not = int(part["not_programme"].sum())
        rows.append(
            {
                "pattern": pattern,
                "n_distinct": n,
                "n_in_codebook": n_in,
                "n_not_programme": n_not,
                "n_uncoded": n - n_in - n_not,
                "share_in_codebook": n_in / n if n else float("nan"),
                "share_of_programme_like": n_in / (n - n_not) if n - n_not else float("nan"),
            }
        )
    return pd.DataFrame(rows)


def uncoded_candidates(
    candidates: pd.DataFrame, codebook: pd.DataFrame, not_programmes: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Distinct candidates neither in the codebook nor listed as not programmes, most frequent first.

    Columns: candidate, pattern, n_mentions, n_docs, first_doc; sorted by n_mentions (desc), candidate.
    """
    distinct = _distinct_candidates(candidates, codebook, not_programmes)
    table = distinct[~distinct["in_codebook"] & ~distinct["not_programme"]]
    table = table.sort_values(["n_mentions", "candidate"], ascending=[False, True], kind="stable")
    return table[["candidate", "pattern", "n_mentions", "n_docs", "first_doc"]].reset_index(drop=True)
