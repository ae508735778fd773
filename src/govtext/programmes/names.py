"""Folding and name keys: how two spellings of a programme name are recognised as the same name.

Width folding (``fold_char``: full-width ASCII to ASCII, middle-dot variants to ``·``), the comparison key
of a name (``name_key``: folded, without whitespace, quotation marks and enumeration commas), and the
pieces the matcher builds its regex from: the width variants of a character (``_variants``,
``_char_class``) and the key characters of an alias with the places a separator may stand
(``_alias_tokens``). ``QUOTES`` and ``SEPARATORS`` are the characters a name may carry around or between
its parts.
"""

from __future__ import annotations

import re

QUOTES = "“”\"'‘’「」『』〝〞"
SEPARATORS = "、,"  # after width folding: ， -> ,
_DOTS = "·•・‧∙"


def fold_char(char: str) -> str:
    """Fold full-width ASCII to ASCII and middle-dot variants to ``·``; other characters unchanged."""
    code = ord(char)
    if 0xFF01 <= code <= 0xFF5E:
        return chr(code - 0xFEE0)
    if char == "\u3000":
        return " "
    if char in _DOTS:
        return "·"
    return char


def name_key(text: str) -> str:
    """The comparison key of a name: width-folded, without whitespace, quotation marks and ``、`` / ``，``.

    ``亮承诺、赛实绩、比干劲`` and ``亮承诺赛实绩比干劲`` share a key; so do ``“982”工程`` and ``982工程``.
    """
    return _NOT_IN_KEY.sub("", text.translate(_FOLD_TABLE))


_FOLD_TABLE: dict[int, str] = {
    **{code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)},
    0x3000: " ",
    **{ord(dot): "·" for dot in _DOTS},
}
"""``str.translate`` table of :func:`fold_char` (every character it changes)."""
_NOT_IN_KEY = re.compile(f"[\\s{re.escape(QUOTES + SEPARATORS)}]")
"""What :func:`name_key` drops once folded: whitespace (``\\s`` is ``str.isspace``), quotes, separators."""


def _variants(folded: str) -> list[str]:
    """``folded`` and the characters that fold to it (full-width forms, middle-dot variants)."""
    variants = {folded}
    if "!" <= folded <= "~":
        variants.add(chr(ord(folded) + 0xFEE0))
    if folded == "·":
        variants.update(_DOTS)
    return sorted(variants)


def _char_class(folded: str) -> str:
    """A regex matching ``folded`` and its width variants."""
    variants = _variants(folded)
    if len(variants) == 1:
        return re.escape(folded)
    return "[" + "".join(re.escape(v) for v in variants) + "]"


def _alias_tokens(alias: str) -> list[tuple[str, bool]]:
    """``(folded char, separator allowed before it)`` for each key character of an alias."""
    tokens: list[tuple[str, bool]] = []
    pending_sep = False
    for char in alias:
        folded = fold_char(char)
        if folded.isspace() or folded in SEPARATORS:
            pending_sep = bool(tokens)
            continue
        if folded in QUOTES:
            continue
        tokens.append((folded, pending_sep))
        pending_sep = False
    return tokens
