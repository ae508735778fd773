"""Subjects: the noun phrase a quantity counts, read from jieba POS tags around it.

``find_subject`` looks right of the unit (45个重点项目), then left in the same clause (充实网格员6513名),
then right past a light word (86%为民生类项目); percentages look left first. Tokens are
``(word, pos, start, end)`` tuples with offsets into the string the quantities were found in.
"""

from __future__ import annotations

from collections.abc import Sequence

from govtext.metrics.quantities import Quantity
from govtext.metrics.units import Units, _default_units

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
