"""The codebook matcher: every mention of a codebook name in the clean text, with raw offsets.

``build_matcher`` compiles many names into one regex (a character trie, cached), ``find_names`` applies
it under the longest-match rule, and ``match_programmes`` runs it over each document's clean text, maps
each hit back to raw offsets and to the sentence that holds it. ``CleanTextLike`` states what the matcher
needs from ``govtext.corpus.CleanText``.

Matching rules (``match_programmes``)
-------------------------------------
* Text is compared after width folding (``（`` = ``(``, ``＋`` = ``+``, ``１`` = ``1``, ``・`` = ``·``).
* Quotation marks and whitespace may appear between any two characters of a name (``“982”工程`` matches
  ``982工程``; ``党员 攻坚班`` matches ``党员攻坚班``); where an alias is written with an enumeration comma,
  space or comma between parts, any run of ``、``, ``，``, ``,``, whitespace and quotation marks, or
  nothing, may stand there (``亮承诺、赛实绩、比干劲`` matches ``亮承诺赛实绩比干劲``).
* A match never starts or ends with a quotation mark or a space: surrounding quotes are not part of it.
* Longest match wins: at each position the longest alias is taken; overlapping matches are then resolved
  by keeping the one with more name characters (ties: the earlier, then the smaller programme id) and
  dropping every match that overlaps a kept one, whatever its entry. ``摘星夺旗创三宜`` is therefore one
  mention, not also one of ``三宜``.
* Every occurrence counts, also inside a compound (``创文`` in ``市创文办``).
* A campaign to win a title is also found in its other word order (:func:`campaign_forms`):
  ``五星支部创建`` as ``创建五星支部`` or ``争创五星支部``, ``创建X`` as ``X创建``.
* A name ending in 化 that stands in a run of …化 qualities is a quality, not a mention
  (:func:`in_quality_run`: 信息化网格化精细化, 网格化、智能化、法治化; round 34): 网格化 in 网格化治理 is
  found, in 以网格化、数智化为抓手 it is not.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Iterable, Mapping
from typing import Protocol

import pandas as pd

from govtext.common import SPAN_COLUMNS
from govtext.programmes.names import QUOTES, _alias_tokens, _char_class, _variants, name_key

MENTION_COLUMNS = [
    *SPAN_COLUMNS,
    "programme_id",
    "name_zh",
    "kind",
    "source",
]

_GAP = "[\\s" + re.escape(QUOTES) + "]*"
_SEP = "[\\s" + re.escape(QUOTES) + "、，,]*"
_QUALITY_AFTER = re.compile(_SEP + "[\u4e00-\u9fff]{1,3}化")
_QUALITY_BEFORE = re.compile(_GAP.join(["[\u4e00-\u9fff]化", "[、，,]", "$"]))


class CleanTextLike(Protocol):
    """What the matcher needs from ``govtext.corpus.CleanText`` (read-only, so a frozen dataclass fits)."""

    @property
    def raw(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def raw_index(self) -> tuple[int, ...]: ...

    def raw_span(self, start: int, end: int) -> tuple[int, int]: ...


class _Node:
    __slots__ = ("children", "key")

    def __init__(self) -> None:
        self.children: dict[str, tuple[bool, _Node]] = {}
        self.key: str | None = None


def _trie_regex(node: _Node, first: bool) -> str:
    """The regex of a trie node. At the root every alternative starts with one literal character (width
    variants get their own branch), so that ``re`` can skip quickly to possible first characters."""
    alternatives: list[str] = []
    for char in sorted(node.children):
        sep, child = node.children[char]
        rest = _trie_regex(child, first=False)
        if first:
            alternatives.extend(re.escape(variant) + rest for variant in _variants(char))
        else:
            alternatives.append((_SEP if sep else _GAP) + _char_class(char) + rest)
    if not alternatives:
        return ""
    body = alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"
    return f"(?:{body})?" if node.key is not None else body


def build_matcher(
    names: Mapping[str, str] | Iterable[tuple[str, str]],
) -> tuple[re.Pattern[str], dict[str, str]]:
    """One compiled regex for many names, and the map from ``name_key`` to the owner of each name.

    ``names`` maps (or lists pairs of) name -> owner (e.g. programme id). The regex is a character trie:
    at a given start it matches the longest name, allowing quotation marks and whitespace between any two
    characters and enumeration commas where a name has them (see the module docstring).
    """
    pairs = tuple(names.items() if isinstance(names, Mapping) else names)
    pattern, owners = _build_matcher(pairs)
    return pattern, dict(owners)  # a copy: the cached map must not be changed by callers


@functools.lru_cache(maxsize=8)
def _build_matcher(pairs: tuple[tuple[str, str], ...]) -> tuple[re.Pattern[str], dict[str, str]]:
    root = _Node()
    owners: dict[str, str] = {}
    for name, owner in pairs:
        tokens = _alias_tokens(name)
        if not tokens:
            continue
        key = "".join(char for char, _ in tokens)
        if owners.setdefault(key, owner) != owner:
            raise ValueError(f"name {name!r} belongs to both {owners[key]!r} and {owner!r}")
        node = root
        for char, sep in tokens:
            old_sep, child = node.children.get(char, (False, None))
            if child is None:
                child = _Node()
            node.children[char] = (old_sep or sep, child)
            node = child
        node.key = key
    pattern = _trie_regex(root, first=True) or "(?!)"
    return re.compile(pattern), owners


_CAMPAIGN_VERBS = {"创建": ("创建", "争创")}
"""The verb of a campaign to win a title (X创建) and the verb-first forms it takes (创建X, 争创X). 建设 is not
here: 建设美丽乡村 is as often a goal stated as the name of the campaign 美丽乡村建设 (the development coders
code it once in four)."""
_MIN_STEM_CHARS = 2


def campaign_forms(name: str) -> list[str]:
    """The other word order of a campaign name (``X创建`` ↔ ``创建X``, ``争创X``): 五星支部创建 →
    创建五星支部, 争创五星支部; 创建枫桥式公安派出所 → 枫桥式公安派出所创建. Names whose X has fewer than two
    characters, or that are neither, have none."""
    for verb, fronts in _CAMPAIGN_VERBS.items():
        if name.endswith(verb) and len(name) - len(verb) >= _MIN_STEM_CHARS:
            stem = name[: -len(verb)]
            return [front + stem for front in fronts]
        for front in fronts:
            if name.startswith(front) and len(name) - len(front) >= _MIN_STEM_CHARS:
                return [name[len(front) :] + verb]
    return []


def _codebook_names(codebook: pd.DataFrame) -> list[tuple[str, str]]:
    """``(name, entry id)`` for every name and alias of the codebook and their campaign forms
    (:func:`campaign_forms`)."""
    pairs: list[tuple[str, str]] = []
    for entry_id, name, aliases in zip(codebook["id"], codebook["name_zh"], codebook["aliases"], strict=True):
        texts = [name, *aliases]
        texts += [form for text in texts for form in campaign_forms(text)]
        pairs.extend((text, entry_id) for text in dict.fromkeys(texts))
    return pairs


REMEMBERED_TEXTS = 256
"""How many texts :func:`find_names` remembers its answer for (the pipeline asks twice about each document:
programme mentions, then the candidates the codebook covers; a batch has 100 by default)."""
_FOUND_NAMES: dict[tuple[str, re.Pattern[str]], tuple[dict[str, str], list[tuple[int, int, str]]]] = {}


def find_names(text: str, pattern: re.Pattern[str], owners: Mapping[str, str]) -> list[tuple[int, int, str]]:
    """Non-overlapping ``(start, end, owner)`` in ``text`` under the longest-match rule, sorted by start.

    The answers for the last ``REMEMBERED_TEXTS`` texts are remembered (with the same pattern and owners)."""
    key = (text, pattern)
    remembered = _FOUND_NAMES.get(key)
    if remembered is not None and remembered[0] == owners:
        return list(remembered[1])
    kept = _find_names(text, pattern, owners)
    while len(_FOUND_NAMES) >= REMEMBERED_TEXTS:
        _FOUND_NAMES.pop(next(iter(_FOUND_NAMES)))
    _FOUND_NAMES[key] = (dict(owners), kept)
    return list(kept)


def _find_names(text: str, pattern: re.Pattern[str], owners: Mapping[str, str]) -> list[tuple[int, int, str]]:
    found: list[tuple[int, int, int, str]] = []  # (key length, start, end, owner)
    pos = 0
    while True:
        match = pattern.search(text, pos)
        if match is None:
            break
        start, end = match.span()
        key = name_key(text[start:end])
        found.append((len(key), start, end, owners[key]))
        pos = start + 1
    found.sort(key=lambda f: (-f[0], f[1], f[3]))
    taken = bytearray(len(text))
    kept = []
    for _length, start, end, owner in found:
        if any(taken[start:end]):
            continue
        taken[start:end] = b"\x01" * (end - start)
        kept.append((start, end, owner))
    return sorted(kept)


def in_quality_run(text: str, start: int, end: int) -> bool:
    """Does the name ``text[start:end]``, ending in 化, stand in a run of …化 qualities: another …化 word
    of two to four characters right after it (信息化网格化|精细化, 网格化、|智能化), or one before it and an
    enumeration comma between (数字化、|网格化)? A verb right before it does not count (细化网格化服务)."""
    if not text[start:end].endswith("化"):
        return False
    before = text[max(0, start - 8) : start]
    return bool(_QUALITY_AFTER.match(text, end)) or bool(_QUALITY_BEFORE.search(before))


def find_mentions(
    text: str, pattern: re.Pattern[str], owners: Mapping[str, str]
) -> list[tuple[int, int, str]]:
    """:func:`find_names` without the names that stand in a run of qualities (:func:`in_quality_run`): the
    codebook mentions in ``text``, as the matcher reports them and discovery's ``in_codebook`` reads them."""
    return [
        (start, end, owner)
        for start, end, owner in find_names(text, pattern, owners)
        if not in_quality_run(text, start, end)
    ]


def _sentence_locator(
    sentences: pd.DataFrame,
) -> dict[str, tuple[list[int], list[int], list[str], list[str]]]:
    """Per document: sentence clean starts, ends, sentence ids and article ids, sorted by clean start."""
    table = sentences.sort_values(["doc_id", "clean_start", "sentence_id"], kind="stable")
    table = table[table["doc_id"].notna()]  # as groupby drops them
    doc_ids = table["doc_id"].tolist()
    starts: list[int] = table["clean_start"].astype(int).tolist()
    ends: list[int] = table["clean_end"].astype(int).tolist()
    sentence_ids: list[str] = table["sentence_id"].astype(str).tolist()
    article_ids: list[str] = table["article_id"].astype(str).tolist()
    locator = {}
    first = 0
    for doc_id, rows in itertools.groupby(doc_ids):  # sorted: each document's rows are consecutive
        last = first + sum(1 for _ in rows)
        part = slice(first, last)
        locator[str(doc_id)] = (starts[part], ends[part], sentence_ids[part], article_ids[part])
        first = last
    return locator


def _locate(
    locator: tuple[list[int], list[int], list[str], list[str]], clean_start: int
) -> tuple[str, str] | None:
    starts, ends, sentence_ids, article_ids = locator
    i = bisect.bisect_right(starts, clean_start) - 1
    if i < 0 or clean_start >= ends[i]:
        return None
    return article_ids[i], sentence_ids[i]


def match_programmes(
    sentences: pd.DataFrame, cleaned: Mapping[str, CleanTextLike], codebook: pd.DataFrame
) -> pd.DataFrame:
    """Every mention of a codebook programme, one row per mention (``MENTION_COLUMNS``).

    Searches the clean text of each document in ``sentences`` (tolerant of quotes, layout spaces and
    enumeration commas, see the module docstring), maps each hit to raw offsets with
    ``CleanText.raw_span`` (``surface == raw[start:end]``; the raw surface may contain a line break) and
    assigns it to the sentence whose clean span contains its start. Hits outside the given sentences are
    dropped. Sorted by doc_id, start, end, programme_id.
    """
    pattern, owners = build_matcher(_codebook_names(codebook))
    names = dict(zip(codebook["id"], codebook["name_zh"], strict=True))
    kinds = dict(zip(codebook["id"], codebook["kind"], strict=True))
    locator = _sentence_locator(sentences)
    rows = []
    for doc_id in sorted(locator):
        clean = cleaned[doc_id]
        for clean_start, clean_end, programme_id in find_mentions(clean.text, pattern, owners):
            place = _locate(locator[doc_id], clean_start)
            if place is None:
                continue
            start, end = clean.raw_span(clean_start, clean_end)
            rows.append(
                (
                    doc_id,
                    place[0],
                    place[1],
                    start,
                    end,
                    clean.raw[start:end],
                    programme_id,
                    names[programme_id],
                    kinds[programme_id],
                    "codebook",
                )
            )
    table = pd.DataFrame(rows, columns=MENTION_COLUMNS)
    table = table.astype({"start": "int64", "end": "int64"})
    return table.sort_values(["doc_id", "start", "end", "programme_id"], kind="stable").reset_index(drop=True)
