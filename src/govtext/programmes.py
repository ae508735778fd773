"""Programmes: the codebook of named governance programmes, a matcher, discovery of new names, evaluation.

The codebook is data (``data/codebook/programmes.yml``): one entry per programme with its Chinese name,
aliases, kind and level. This module

- loads and validates it (``load_codebook``, ``validate_codebook``, ``check_codebook_file``),
- finds every mention of a codebook entry in the clean text of each document (``match_programmes``),
- proposes names the codebook may be missing (``discover_candidates``, ``coverage``, ``uncoded_candidates``),
- scores mentions against hand-coded gold (``load_gold_mentions``, ``evaluate_mentions``),
- summarises codebook and mentions for the book (``codebook_header_table``, ``codebook_table``,
  ``not_programme_summary``, ``glossary``, ``inventory``, ``mention_examples``, ``sharing_by_level``,
  ``top_programmes_by_level``).

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
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

import pandas as pd

from govtext.common import ID_PATTERN, RATE_SCALE
from govtext.resources import resource_path
from govtext.yamlfile import ResourceError, read_yaml

# ----------------------------------------------------------------------------------------------------
# Constants: column layouts and character classes
# ----------------------------------------------------------------------------------------------------

CODEBOOK_COLUMNS = [
    "id",
    "name_zh",
    "aliases",
    "name_en",
    "kind",
    "level",
    "level_evidence",
    "level_evidence_doc",
    "definition",
    "example",
    "example_doc",
    "note",
]
MENTION_COLUMNS = [
    "doc_id",
    "article_id",
    "sentence_id",
    "start",
    "end",
    "surface",
    "programme_id",
    "name_zh",
    "kind",
    "source",
]
CANDIDATE_COLUMNS = [
    "doc_id",
    "article_id",
    "sentence_id",
    "start",
    "end",
    "surface",
    "candidate",
    "pattern",
    "in_codebook",
]
GOLD_COLUMNS = ["doc_id", "start", "end", "surface", "programme_id", "note"]
NOT_PROGRAMME_COLUMNS = ["surface", "reason"]
PATTERNS = ("quoted", "numbered_formula", "digit_name", "suffix")

HEADER_FIELDS = {"name": str, "description": str, "version": str, "kinds": dict, "levels": dict}
OPTIONAL_HEADER_FIELDS = {"reference": str, "not_programmes": list, "discovery": dict}
ENTRY_FIELDS = {
    "id": str,
    "name_zh": str,
    "aliases": list,
    "name_en": str,
    "kind": str,
    "level": str,
    "definition": str,
    "example": str,
    "example_doc": str,
}
OPTIONAL_ENTRY_FIELDS = {"level_evidence": str, "level_evidence_doc": str, "note": str}
DISCOVERY_FIELDS = {
    "suffixes": list,
    "digit_name_suffixes": list,
    "left_boundary_words": list,
    "suffix_false_friends": list,
    "skip_after_words": list,
    "min_stem_chars": int,
    "max_stem_chars": int,
}
UNKNOWN_LEVEL = "unknown"

QUOTES = "“”\"'‘’「」『』〝〞"
SEPARATORS = "、,"  # after width folding: ， -> ,
_DOTS = "·•・‧∙"
_GAP = "[\\s" + re.escape(QUOTES) + "]*"
_SEP = "[\\s" + re.escape(QUOTES) + "、，,]*"
# jieba's default word characters: only names made of these can become one jieba token
_JIEBA_WORD_RE = re.compile(r"^[\u4e00-\u9fd5a-zA-Z0-9+#&._%\-]+$")

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


class CodebookError(ResourceError):
    """A codebook file is missing, unreadable or invalid; the message lists every problem."""


class CleanTextLike(Protocol):
    """What the matcher needs from ``govtext.corpus.CleanText``."""

    raw: str
    text: str
    raw_index: tuple[int, ...]

    def raw_span(self, start: int, end: int) -> tuple[int, int]: ...


# ----------------------------------------------------------------------------------------------------
# Normalising names
# ----------------------------------------------------------------------------------------------------


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
    out = []
    for char in text:
        folded = fold_char(char)
        if folded.isspace() or folded in QUOTES or folded in SEPARATORS:
            continue
        out.append(folded)
    return "".join(out)


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


# ----------------------------------------------------------------------------------------------------
# Reading and validating the codebook
# ----------------------------------------------------------------------------------------------------


def default_codebook_path() -> Path:
    """The packaged programme codebook (``govtext/resources/programmes.yml``)."""
    return resource_path("codebook")


def read_codebook_yaml(path: str | Path) -> Any:
    """The parsed YAML of a codebook file; unreadable files and YAML syntax errors raise ``CodebookError``."""
    try:
        return read_yaml(path)
    except ResourceError as exc:
        raise CodebookError(str(exc)) from None


def _type_name(kind: type) -> str:
    return {str: "a string", list: "a list", dict: "a mapping", int: "an integer"}[kind]


def _check_type(value: Any, kind: type) -> str | None:
    """A problem text if ``value`` is not of ``kind`` (bool is not an int here), else None."""
    if kind is int and isinstance(value, bool):
        return f"must be {_type_name(kind)}, got {type(value).__name__}"
    if not isinstance(value, kind):
        return f"must be {_type_name(kind)}, got {type(value).__name__}"
    if kind is str and not value.strip():
        return "is empty"
    return None


def _header_problems(obj: Mapping[str, Any], source: str) -> list[str]:
    problems = []
    for field, kind in HEADER_FIELDS.items():
        if field not in obj:
            problems.append(f"{source}: header: field '{field}': missing")
            continue
        problem = _check_type(obj[field], kind)
        if problem:
            problems.append(f"{source}: header: field '{field}': {problem}")
        elif kind is dict:
            if not obj[field]:
                problems.append(f"{source}: header: field '{field}': is empty")
            for key, text in obj[field].items():
                if not isinstance(key, str) or not isinstance(text, str) or not text.strip():
                    problems.append(
                        f"{source}: header: field '{field}': '{key}' needs a definition (a non-empty string)"
                    )
    for field, kind in OPTIONAL_HEADER_FIELDS.items():
        if field in obj and obj[field] is not None:
            problem = _check_type(obj[field], kind)
            if problem:
                problems.append(f"{source}: header: field '{field}': {problem}")
    known = {*HEADER_FIELDS, *OPTIONAL_HEADER_FIELDS, "programmes"}
    for field in obj:
        if field not in known:
            problems.append(f"{source}: header: field '{field}': unknown field")
    return problems


def _entry_problems(
    entry: Any, label: str, source: str, kinds: set[str] | None, levels: set[str] | None
) -> list[str]:
    where = f"{source}: entry {label}"
    if not isinstance(entry, dict):
        return [f"{where}: must be a mapping of fields, got {type(entry).__name__}"]
    problems = []
    for field, kind in ENTRY_FIELDS.items():
        if field not in entry or entry[field] is None:
            problems.append(f"{where}: field '{field}': missing")
            continue
        problem = _check_type(entry[field], kind)
        if problem == "is empty" and field == "name_zh":
            problem = "empty name"
        if problem:
            problems.append(f"{where}: field '{field}': {problem}")
    for field, kind in OPTIONAL_ENTRY_FIELDS.items():
        if field in entry:
            problem = _check_type(entry[field], kind)
            if problem:
                problems.append(f"{where}: field '{field}': {problem}")
    for field in entry:
        if field not in ENTRY_FIELDS and field not in OPTIONAL_ENTRY_FIELDS:
            problems.append(f"{where}: field '{field}': unknown field")
    if isinstance(entry.get("id"), str) and not ID_PATTERN.match(entry["id"]):
        problems.append(
            f"{where}: field 'id': '{entry['id']}' is not snake_case ASCII "
            "(a-z, 0-9, _, starting with a letter)"
        )
    if isinstance(entry.get("aliases"), list):
        for n, alias in enumerate(entry["aliases"], start=1):
            if not isinstance(alias, str) or not name_key(alias):
                problems.append(
                    f"{where}: field 'aliases': alias #{n} must be a non-empty string, got {alias!r}"
                )
    kind = entry.get("kind")
    if kinds is not None and isinstance(kind, str) and kind not in kinds:
        problems.append(f"{where}: field 'kind': unknown kind '{kind}' (known: {', '.join(sorted(kinds))})")
    level = entry.get("level")
    if levels is not None and isinstance(level, str) and level not in levels:
        problems.append(
            f"{where}: field 'level': unknown level '{level}' (known: {', '.join(sorted(levels))})"
        )
    if isinstance(level, str) and level != UNKNOWN_LEVEL and not entry.get("level_evidence"):
        problems.append(f"{where}: field 'level_evidence': required when level is not '{UNKNOWN_LEVEL}'")
    return problems


def _entry_names(entry: Mapping[str, Any]) -> list[tuple[str, str]]:
    """``(field, name)`` for the Chinese name and every string alias of an entry."""
    names = []
    if isinstance(entry.get("name_zh"), str):
        names.append(("name_zh", entry["name_zh"]))
    if isinstance(entry.get("aliases"), list):
        names.extend(("aliases", a) for a in entry["aliases"] if isinstance(a, str))
    return names


def _discovery_problems(section: Mapping[str, Any], source: str) -> list[str]:
    problems = []
    for field, kind in DISCOVERY_FIELDS.items():
        if field not in section:
            problems.append(f"{source}: discovery: field '{field}': missing")
            continue
        problem = _check_type(section[field], kind)
        if problem:
            problems.append(f"{source}: discovery: field '{field}': {problem}")
        elif kind is list and not all(isinstance(w, str) and w.strip() for w in section[field]):
            problems.append(f"{source}: discovery: field '{field}': every item must be a non-empty string")
    for field in section:
        if field not in DISCOVERY_FIELDS:
            problems.append(f"{source}: discovery: field '{field}': unknown field")
    return problems


def validate_codebook(raw_yaml_obj: Any, source: str | Path) -> list[str]:
    """Every problem of a parsed codebook, as ``"FILE: entry <id or #n>: field '<field>': <problem>"``.

    Checks the header (name, description, version, kinds, levels), each entry's fields and types, unknown
    kinds and levels, snake_case ids, duplicate ids, names or aliases shared by two entries (compared by
    ``name_key``), and the optional ``not_programmes`` and ``discovery`` sections. An empty list means valid.
    """
    source = str(source)
    if not isinstance(raw_yaml_obj, dict):
        return [
            f"{source}: top level: must be a mapping with a header and 'programmes', got "
            f"{type(raw_yaml_obj).__name__}"
        ]
    problems = _header_problems(raw_yaml_obj, source)
    kinds = set(raw_yaml_obj["kinds"]) if isinstance(raw_yaml_obj.get("kinds"), dict) else None
    levels = set(raw_yaml_obj["levels"]) if isinstance(raw_yaml_obj.get("levels"), dict) else None
    entries = raw_yaml_obj.get("programmes")
    if entries is None:
        problems.append(f"{source}: header: field 'programmes': missing")
        entries = []
    elif not isinstance(entries, list):
        problems.append(f"{source}: header: field 'programmes': must be a list, got {type(entries).__name__}")
        entries = []
    elif not entries:
        problems.append(f"{source}: header: field 'programmes': is empty")

    seen_ids: dict[str, str] = {}
    seen_keys: dict[str, str] = {}
    for n, entry in enumerate(entries, start=1):
        entry_id = entry.get("id") if isinstance(entry, dict) else None
        label = entry_id if isinstance(entry_id, str) and entry_id.strip() else f"#{n}"
        problems.extend(_entry_problems(entry, label, source, kinds, levels))
        if not isinstance(entry, dict):
            continue
        if isinstance(entry_id, str) and entry_id.strip():
            if entry_id in seen_ids:
                problems.append(
                    f"{source}: entry {label}: field 'id': duplicate id (also entry {seen_ids[entry_id]})"
                )
            else:
                seen_ids[entry_id] = f"#{n}"
        own: set[str] = set()
        for field, name in _entry_names(entry):
            key = name_key(name)
            if not key:
                continue
            if key in own:
                problems.append(
                    f"{source}: entry {label}: field '{field}': '{name}' repeats the name or another alias "
                    "(quotes, spaces and enumeration commas are ignored)"
                )
            elif key in seen_keys:
                problems.append(
                    f"{source}: entry {label}: field '{field}': duplicate alias '{name}' "
                    f"(also a name or alias of entry {seen_keys[key]})"
                )
            own.add(key)
        for key in own:
            seen_keys.setdefault(key, label)

    not_programmes = raw_yaml_obj.get("not_programmes") or []
    if isinstance(not_programmes, list):
        seen_surfaces: set[str] = set()
        for n, item in enumerate(not_programmes, start=1):
            where = f"{source}: not_programmes #{n}"
            if not isinstance(item, dict):
                problems.append(f"{where}: must be a mapping with 'surface' and 'reason'")
                continue
            for field in NOT_PROGRAMME_COLUMNS:
                problem = "missing" if field not in item else _check_type(item[field], str)
                if problem:
                    problems.append(f"{where}: field '{field}': {problem}")
            for field in item:
                if field not in NOT_PROGRAMME_COLUMNS:
                    problems.append(f"{where}: field '{field}': unknown field")
            surface = item.get("surface")
            if isinstance(surface, str) and name_key(surface):
                key = name_key(surface)
                if key in seen_keys:
                    problems.append(
                        f"{where}: field 'surface': '{surface}' is a name or alias of entry {seen_keys[key]}"
                    )
                if key in seen_surfaces:
                    problems.append(f"{where}: field 'surface': '{surface}' is listed twice")
                seen_surfaces.add(key)
    if isinstance(raw_yaml_obj.get("discovery"), dict):
        problems.extend(_discovery_problems(raw_yaml_obj["discovery"], source))
    return problems


def check_codebook_file(path: str | Path) -> list[str]:
    """Every problem of a codebook file (unreadable, bad YAML, or ``validate_codebook``); [] if valid.

    This is what ``govtext codebook check FILE`` prints, one problem per line.
    """
    try:
        obj = read_codebook_yaml(path)
    except CodebookError as exc:
        return [str(exc)]
    return validate_codebook(obj, path)


def _load_valid(path: str | Path) -> dict[str, Any]:
    obj = read_codebook_yaml(path)
    problems = validate_codebook(obj, path)
    if problems:
        raise CodebookError(f"{path}: {len(problems)} problem(s) in the codebook:\n" + "\n".join(problems))
    return obj


def load_codebook(path: str | Path) -> pd.DataFrame:
    """The codebook's programmes, one row per entry (``CODEBOOK_COLUMNS``; ``aliases`` is a tuple).

    Raises ``CodebookError`` listing every problem if the file is unreadable or invalid. Rows keep file
    order; ``attrs`` carry the header (``source``, ``name``, ``version``, ``kinds``, ``levels``).
    """
    obj = _load_valid(path)
    rows = []
    for entry in obj["programmes"]:
        rows.append(
            {
                "id": entry["id"],
                "name_zh": entry["name_zh"].strip(),
                "aliases": tuple(a.strip() for a in entry["aliases"]),
                "name_en": entry["name_en"].strip(),
                "kind": entry["kind"],
                "level": entry["level"],
                "level_evidence": entry.get("level_evidence", ""),
                "level_evidence_doc": entry.get("level_evidence_doc", entry["example_doc"]),
                "definition": " ".join(entry["definition"].split()),
                "example": entry["example"],
                "example_doc": entry["example_doc"],
                "note": entry.get("note", ""),
            }
        )
    table = pd.DataFrame(rows, columns=CODEBOOK_COLUMNS)
    table.attrs.update(
        source=str(path),
        name=obj["name"],
        version=str(obj["version"]),
        kinds=dict(obj["kinds"]),
        levels=dict(obj["levels"]),
    )
    return table


def load_not_programmes(path: str | Path) -> pd.DataFrame:
    """The ``not_programmes`` section (surface, reason): spans discovery finds that are slogans, honours …"""
    obj = _load_valid(path)
    items = obj.get("not_programmes") or []
    return pd.DataFrame([(item["surface"], item["reason"]) for item in items], columns=NOT_PROGRAMME_COLUMNS)


def load_discovery_rules(path: str | Path | None = None) -> dict[str, Any]:
    """The ``discovery`` section of a codebook (default: the project's) as a plain dict."""
    path = default_codebook_path() if path is None else Path(path)
    obj = _load_valid(path)
    section = obj.get("discovery")
    if not isinstance(section, dict):
        raise CodebookError(f"{path}: header: field 'discovery': missing (needed for discover_candidates)")
    return {field: section[field] for field in DISCOVERY_FIELDS}


def check_examples(codebook: pd.DataFrame, documents: pd.DataFrame) -> list[str]:
    """Problems with quotes: each ``example`` (and ``level_evidence``) must occur verbatim in the raw text of
    its document. ``documents`` needs ``doc_id`` and ``raw_text``. Documents not loaded are skipped."""
    raw = dict(zip(documents["doc_id"], documents["raw_text"], strict=True))
    source = codebook.attrs.get("source", "codebook")
    problems = []
    for row in codebook.itertuples(index=False):
        checks = [("example", row.example, row.example_doc)]
        if row.level_evidence:
            checks.append(("level_evidence", row.level_evidence, row.level_evidence_doc))
        for field, quote, doc_id in checks:
            if doc_id not in raw:
                continue
            if quote not in raw[doc_id]:
                problems.append(f"{source}: entry {row.id}: field '{field}': not found verbatim in {doc_id}")
    return problems


def programme_names(codebook: pd.DataFrame) -> list[str]:
    """Every programme name and alias as written (``name_zh`` and ``aliases`` of :func:`load_codebook`),
    sorted without duplicates: the names the metric extractor masks so that their numerals are not read
    as quantities.

    Use these rather than :func:`codebook_terms`, which leaves out names jieba cannot hold as one word
    (``扛、立、强三起来``), so that their numerals would be read as quantities (三起).
    """
    for column in ("name_zh", "aliases"):
        if column not in codebook.columns:
            raise ValueError(f"codebook: missing column {column!r}")
    names = set()
    for name, aliases in zip(codebook["name_zh"], codebook["aliases"], strict=True):
        for text in (name, *aliases):
            if isinstance(text, str) and text.strip():
                names.add(text.strip())
    return sorted(names)


def codebook_terms(codebook: pd.DataFrame) -> list[str]:
    """Names and aliases for jieba's user dictionary: keys (``name_key``) made only of characters jieba
    keeps in one word; sorted, without duplicates. ``逐社区（村）观摩`` or ``7·24微笑服务`` cannot be one
    jieba token and are left out."""
    terms = set()
    for name, aliases in zip(codebook["name_zh"], codebook["aliases"], strict=True):
        for text in (name, *aliases):
            key = name_key(text)
            if len(key) >= 2 and _JIEBA_WORD_RE.match(key):
                terms.add(key)
    return sorted(terms)


# ----------------------------------------------------------------------------------------------------
# The matcher
# ----------------------------------------------------------------------------------------------------


class _Node:
    __slots__ = ("children", "key")

    def __init__(self) -> None:
        self.children: dict[str, tuple[bool, _Node]] = {}
        self.key: str | None = None


def _trie_regex(node: _Node, first: bool) -> str:
    """The regex of a trie node. At the root every alternative starts with one literal character (width
    variants get their own branch), so that ``re`` can skip quickly to possible first characters."""
    alternatives = []
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


def _codebook_names(codebook: pd.DataFrame) -> list[tuple[str, str]]:
    pairs = []
    for entry_id, name, aliases in zip(codebook["id"], codebook["name_zh"], codebook["aliases"], strict=True):
        pairs.extend((text, entry_id) for text in (name, *aliases))
    return pairs


def find_names(text: str, pattern: re.Pattern[str], owners: Mapping[str, str]) -> list[tuple[int, int, str]]:
    """Non-overlapping ``(start, end, owner)`` in ``text`` under the longest-match rule, sorted by start."""
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


def _sentence_locator(
    sentences: pd.DataFrame,
) -> dict[str, tuple[list[int], list[int], list[str], list[str]]]:
    """Per document: sentence clean starts, ends, sentence ids and article ids, sorted by clean start."""
    table = sentences.sort_values(["doc_id", "clean_start", "sentence_id"], kind="stable")
    locator = {}
    for doc_id, group in table.groupby("doc_id", sort=True):
        locator[str(doc_id)] = (
            group["clean_start"].astype(int).tolist(),
            group["clean_end"].astype(int).tolist(),
            group["sentence_id"].astype(str).tolist(),
            group["article_id"].astype(str).tolist(),
        )
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
        for clean_start, clean_end, programme_id in find_names(clean.text, pattern, owners):
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


# ----------------------------------------------------------------------------------------------------
# Discovery of candidate names
# ----------------------------------------------------------------------------------------------------


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
    boundary = sorted(rules["left_boundary_words"], key=lambda w: (-len(w), w))
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
            if any(stem.startswith(word, i - len(word)) and i - len(word) >= 0 for word in boundary):
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


# ----------------------------------------------------------------------------------------------------
# Gold mentions and evaluation
# ----------------------------------------------------------------------------------------------------


def load_gold_mentions(path: str | Path) -> pd.DataFrame:
    """Hand-coded programme mentions (``GOLD_COLUMNS``); raises ValueError naming the file and problem."""
    path = Path(path)
    try:
        table = pd.read_csv(
            path,
            dtype={"doc_id": str, "surface": str, "programme_id": str, "note": str},
            keep_default_na=False,
            encoding="utf-8",
        )
    except (OSError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise ValueError(f"{path}: cannot read gold mentions: {exc}") from exc
    missing = [c for c in GOLD_COLUMNS if c not in table.columns]
    if missing:
        raise ValueError(f"{path}: missing column(s) {', '.join(missing)}")
    for column in ("start", "end"):
        numbers = pd.to_numeric(table[column], errors="coerce")
        bad = numbers.isna() | (numbers % 1 != 0)
        if bad.any():
            raise ValueError(f"{path}: row {int(bad.idxmax()) + 2}: column '{column}' must be an integer")
        table[column] = numbers.astype("int64")
    bad = table["end"] <= table["start"]
    if bad.any():
        raise ValueError(f"{path}: row {int(bad.idxmax()) + 2}: end must be greater than start")
    return (
        table[GOLD_COLUMNS]
        .sort_values(["doc_id", "start", "end", "programme_id"], kind="stable")
        .reset_index(drop=True)
    )


def _matched(left: pd.DataFrame, right: pd.DataFrame, by_programme: bool) -> pd.Series:
    """For each row of ``left``: is there a row of ``right`` in the same doc whose span overlaps it
    (and, if ``by_programme``, with the same programme_id)?"""
    keys = ["doc_id", "programme_id"] if by_programme else ["doc_id"]
    spans: dict[tuple, list[tuple[int, int]]] = {}
    for row in right[[*keys, "start", "end"]].itertuples(index=False):
        spans.setdefault(tuple(row[: len(keys)]), []).append((row[-2], row[-1]))
    flags = []
    for row in left[[*keys, "start", "end"]].itertuples(index=False):
        start, end = row[-2], row[-1]
        candidates = spans.get(tuple(row[: len(keys)]), [])
        flags.append(any(s < end and start < e for s, e in candidates))
    return pd.Series(flags, index=left.index, dtype=bool)


def evaluate_mentions(
    predicted: pd.DataFrame, gold: pd.DataFrame, by_programme: bool = True
) -> dict[str, float | int]:
    """Precision, recall and F1 of predicted spans against gold spans.

    A predicted row is a true positive if a gold row of the same document overlaps its raw span (and has
    the same ``programme_id`` when ``by_programme``; use ``by_programme=False`` for discovery candidates).
    ``tp`` and ``fp`` count predicted rows; ``fn`` counts gold rows that no predicted row matches; recall
    = (gold rows matched) / (gold rows).
    """
    tp = int(_matched(predicted, gold, by_programme).sum()) if len(predicted) else 0
    gold_hit = int(_matched(gold, predicted, by_programme).sum()) if len(gold) and len(predicted) else 0
    fp = len(predicted) - tp
    fn = len(gold) - gold_hit
    precision = tp / len(predicted) if len(predicted) else float("nan")
    recall = gold_hit / len(gold) if len(gold) else float("nan")
    f1 = 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "tp": tp, "fp": fp, "fn": fn}


# ----------------------------------------------------------------------------------------------------
# Summaries for the book: codebook tables, glossary, inventory per place, examples in context
# ----------------------------------------------------------------------------------------------------

DEFAULT_PARTS: tuple[str, ...] = ("body",)
HEADER_TABLES = {"kinds": "kind", "levels": "level"}
CODEBOOK_TABLE_COLUMNS = ["id", "name_zh", "name_en", "level", "definition", "aliases"]
GLOSSARY_COLUMNS = ["name_zh", "name_en", "kind", "definition", "aliases"]
EXAMPLE_COLUMNS = [
    "programme_id",
    "name_zh",
    "locality",
    "sentence_id",
    "start",
    "end",
    "sentence_start",
    "sentence_end",
    "surface",
    "quote",
]
ALIAS_JOINER = "; "


def _require_columns(frame: pd.DataFrame, columns: Iterable[str], name: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{name}: missing column(s) {', '.join(missing)}")


def codebook_header_table(codebook: pd.DataFrame, field: str) -> pd.DataFrame:
    """The codebook header's ``kinds`` or ``levels`` as a table: name, definition and number of entries.

    Rows keep the order of the file; the header comes from ``codebook.attrs`` (set by ``load_codebook``).
    Columns: ``kind`` (or ``level``), ``definition``, ``n_entries``.
    """
    if field not in HEADER_TABLES:
        raise ValueError(f"field must be one of {', '.join(HEADER_TABLES)}, got {field!r}")
    definitions = codebook.attrs.get(field)
    if not definitions:
        raise ValueError(f"codebook has no '{field}' header in attrs: load it with load_codebook")
    column = HEADER_TABLES[field]
    counts = codebook[column].value_counts()
    rows = [
        (name, " ".join(str(text).split()), int(counts.get(name, 0))) for name, text in definitions.items()
    ]
    return pd.DataFrame(rows, columns=[column, "definition", "n_entries"])


def codebook_table(codebook: pd.DataFrame, kind: str | None = None) -> pd.DataFrame:
    """Codebook entries for display (``CODEBOOK_TABLE_COLUMNS``), aliases joined by ``; ``, file order.

    With ``kind``, only the entries of that kind (an unknown kind raises ValueError).
    """
    table = codebook
    if kind is not None:
        known = codebook.attrs.get("kinds") or sorted(codebook["kind"].unique())
        if kind not in known:
            raise ValueError(f"unknown kind {kind!r} (known: {', '.join(known)})")
        table = codebook[codebook["kind"] == kind]
    table = table.assign(aliases=table["aliases"].map(ALIAS_JOINER.join))
    return table[CODEBOOK_TABLE_COLUMNS].reset_index(drop=True)


def glossary(codebook: pd.DataFrame) -> pd.DataFrame:
    """A Chinese-English glossary of the codebook (``GLOSSARY_COLUMNS``), one row per programme.

    Sorted by ``name_zh`` in Unicode code-point order, ties by ``id``: the same order on every machine
    and locale (for Han characters, code-point order roughly follows radical and stroke count; digits and
    Latin letters come first). No pinyin: the codebook does not record it.
    """
    _require_columns(codebook, ["id", "name_zh", "name_en", "kind", "definition", "aliases"], "codebook")
    order = sorted(range(len(codebook)), key=lambda i: (codebook["name_zh"].iat[i], codebook["id"].iat[i]))
    table = codebook.iloc[order]
    table = table.assign(aliases=table["aliases"].map(ALIAS_JOINER.join))
    return table[GLOSSARY_COLUMNS].reset_index(drop=True)


def _mentions_in_parts(
    mentions: pd.DataFrame, sentences: pd.DataFrame, parts: Sequence[str] | None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Sentences whose ``part`` is in ``parts`` (all if None) and the mentions that lie in them."""
    if parts is not None:
        _require_columns(sentences, ["part"], "sentences")
        sentences = sentences[sentences["part"].isin(list(parts))]
    kept = mentions[mentions["sentence_id"].isin(sentences["sentence_id"])]
    return kept, sentences


def inventory(
    mentions: pd.DataFrame,
    sentences: pd.DataFrame,
    documents: pd.DataFrame,
    by: str = "locality",
    parts: Sequence[str] | None = DEFAULT_PARTS,
    places: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Programme mentions and distinct programmes per place (``by="locality"``) or article
    (``by="article_id"``), counted in the sentences of ``parts`` (default: body text; None = all).

    Columns: locality, [article_id], n_articles, n_chars (clean characters of those sentences),
    n_mentions, n_programmes (distinct programme ids), mentions_per_10k and programmes_per_10k (per
    10,000 clean characters). Distinct programmes do not grow in proportion to text length, so
    ``programmes_per_10k`` favours short texts; read it with ``n_chars``. Rows follow ``places`` (default:
    localities sorted), then article_id.
    """
    if by not in ("locality", "article_id"):
        raise ValueError(f"by must be 'locality' or 'article_id', got {by!r}")
    _require_columns(mentions, ["doc_id", "sentence_id", "programme_id"], "mentions")
    _require_columns(sentences, ["doc_id", "article_id", "sentence_id", "text"], "sentences")
    _require_columns(documents, ["doc_id", "locality"], "documents")
    kept, selected = _mentions_in_parts(mentions, sentences, parts)
    locality = documents.set_index("doc_id")["locality"]
    keys = ["locality"] if by == "locality" else ["locality", "article_id"]
    selected = selected.assign(locality=selected["doc_id"].map(locality), n_chars=selected["text"].str.len())
    place_of = selected.set_index("sentence_id")[["article_id", "locality"]]
    kept = kept[["sentence_id", "programme_id"]].join(place_of, on="sentence_id")
    sizes = selected.groupby(keys, sort=True).agg(
        n_articles=("article_id", "nunique"), n_chars=("n_chars", "sum")
    )
    counts = kept.groupby(keys, sort=True).agg(
        n_mentions=("programme_id", "size"), n_programmes=("programme_id", "nunique")
    )
    table = sizes.join(counts, how="left").fillna({"n_mentions": 0, "n_programmes": 0}).reset_index()
    table = table.astype({"n_articles": "int64", "n_chars": "int64", "n_mentions": "int64"})
    table = table.astype({"n_programmes": "int64"})
    chars = table["n_chars"].where(table["n_chars"] > 0)
    table["mentions_per_10k"] = table["n_mentions"] / chars * RATE_SCALE
    table["programmes_per_10k"] = table["n_programmes"] / chars * RATE_SCALE
    order = list(places) if places is not None else sorted(table["locality"].unique())
    missing = [p for p in table["locality"].unique() if p not in order]
    if missing:
        raise ValueError(f"places: missing {', '.join(map(str, missing))}")
    rank = table["locality"].map({p: i for i, p in enumerate(order)})
    table = table.assign(_rank=rank).sort_values(["_rank", *keys[1:]], kind="mergesort")
    return table.drop(columns="_rank").reset_index(drop=True)


def _excerpt(text: str, start: int, end: int, width: int) -> str:
    """``text`` cut to ``width`` characters either side of ``[start, end)``; ``…`` marks a cut."""
    left, right = max(0, start - width), min(len(text), end + width)
    return ("…" if left > 0 else "") + text[left:right] + ("…" if right < len(text) else "")


def mention_examples(
    mentions: pd.DataFrame,
    sentences: pd.DataFrame,
    cleaned: Mapping[str, CleanTextLike],
    documents: pd.DataFrame,
    programme_ids: Sequence[str] | None = None,
    per_place: bool = False,
    width: int = 25,
) -> pd.DataFrame:
    """An example in context for each programme: its first mention in corpus order (doc_id, start), or
    with ``per_place`` its first mention in each place that names it.

    Columns (``EXAMPLE_COLUMNS``): programme_id, name_zh, locality, sentence_id, start, end (raw offsets
    of the mention, ``raw[start:end] == surface``), sentence_start, sentence_end (raw offsets of the
    whole sentence), surface, quote (the sentence's clean text, cut to ``width`` characters either side
    of the mention). Rows follow ``programme_ids`` (default: sorted ids), then locality.
    """
    _require_columns(
        mentions, ["doc_id", "sentence_id", "start", "end", "surface", "programme_id"], "mentions"
    )
    _require_columns(sentences, ["sentence_id", "text", "clean_start", "start", "end"], "sentences")
    ids = sorted(mentions["programme_id"].unique()) if programme_ids is None else list(programme_ids)
    unknown = [p for p in ids if p not in set(mentions["programme_id"])]
    if unknown:
        raise ValueError(f"programme_ids: no mention of {', '.join(unknown)}")
    locality = documents.set_index("doc_id")["locality"]
    table = mentions[mentions["programme_id"].isin(ids)]
    table = table.assign(locality=table["doc_id"].map(locality))
    table = table.sort_values(["doc_id", "start", "end", "programme_id"], kind="mergesort")
    keys = ["programme_id", "locality"] if per_place else ["programme_id"]
    first = table.drop_duplicates(keys, keep="first")
    by_sentence = sentences.set_index("sentence_id")
    rows = []
    for row in first.itertuples(index=False):
        sentence = by_sentence.loc[row.sentence_id]
        raw_index = cleaned[row.doc_id].raw_index
        clean_start = bisect.bisect_left(raw_index, int(row.start)) - int(sentence["clean_start"])
        clean_end = bisect.bisect_left(raw_index, int(row.end) - 1) + 1 - int(sentence["clean_start"])
        name = row.name_zh if "name_zh" in first.columns else row.programme_id
        rows.append(
            (
                row.programme_id,
                name,
                row.locality,
                row.sentence_id,
                int(row.start),
                int(row.end),
                int(sentence["start"]),
                int(sentence["end"]),
                row.surface,
                _excerpt(str(sentence["text"]), clean_start, clean_end, width),
            )
        )
    examples = pd.DataFrame(rows, columns=EXAMPLE_COLUMNS)
    rank = {p: i for i, p in enumerate(ids)}
    examples = examples.assign(_rank=examples["programme_id"].map(rank))
    examples = examples.sort_values(["_rank", "locality"], kind="mergesort").drop(columns="_rank")
    return examples.reset_index(drop=True)


def sharing_by_level(shared: pd.DataFrame, codebook: pd.DataFrame) -> pd.DataFrame:
    """Programmes counted by sharing category (``compare.shared_programmes``) and codebook level.

    Rows: the categories, most places first (then by name); columns: the levels in the codebook header's
    order, then ``total``. A cell is a number of distinct programmes.
    """
    _require_columns(shared, ["programme_id", "n_places", "category"], "shared")
    levels = list(codebook.attrs.get("levels") or sorted(codebook["level"].unique()))
    table = shared.merge(codebook[["id", "level"]], left_on="programme_id", right_on="id", how="left")
    if table["level"].isna().any():
        missing = table.loc[table["level"].isna(), "programme_id"].tolist()
        raise ValueError(f"shared: programme(s) not in the codebook: {', '.join(missing)}")
    counts = table.groupby(["category", "level"], sort=True).size().unstack(fill_value=0)
    counts = counts.reindex(columns=levels, fill_value=0)
    places = table.groupby("category", sort=True)["n_places"].first()
    order = sorted(counts.index, key=lambda c: (-int(places[c]), c))
    counts = counts.loc[order].astype("int64")
    counts["total"] = counts.sum(axis=1)
    counts.index.name = "category"
    counts.columns.name = "level"
    return counts


def top_programmes_by_level(
    shared: pd.DataFrame,
    codebook: pd.DataFrame,
    level: str = "local",
    n: int = 3,
    places: Sequence[str] | None = None,
) -> pd.DataFrame:
    """The ``n`` most mentioned programmes of a codebook ``level`` for each set of places that names them
    (``compare.shared_programmes``), with the quote that justifies the level.

    Columns: places, programme_id, name_zh, name_en, n_mentions, level_evidence. Rows follow ``places``
    (the order of single places; other place sets come after them, sorted), then n_mentions (descending)
    and programme_id.
    """
    _require_columns(shared, ["programme_id", "places", "n_mentions"], "shared")
    levels = codebook.attrs.get("levels") or sorted(codebook["level"].unique())
    if level not in levels:
        raise ValueError(f"unknown level {level!r} (known: {', '.join(levels)})")
    info = codebook.set_index("id")[["name_zh", "name_en", "level", "level_evidence"]]
    table = shared[["programme_id", "places", "n_mentions"]].join(info, on="programme_id")
    table = table[table["level"] == level]
    order = list(places) if places is not None else []
    rank = {p: i for i, p in enumerate(order)}
    table = table.assign(
        _rank=table["places"].map(lambda p: rank.get(p, len(order))), _mentions=-table["n_mentions"]
    )
    table = table.sort_values(["_rank", "places", "_mentions", "programme_id"], kind="mergesort")
    table = table.groupby("places", sort=False).head(n)
    columns = ["places", "programme_id", "name_zh", "name_en", "n_mentions", "level_evidence"]
    return table[columns].reset_index(drop=True)


def not_programme_summary(not_programmes: pd.DataFrame, n_examples: int = 3) -> pd.DataFrame:
    """The codebook's ``not_programmes`` list grouped by reason: how many surfaces and the first few.

    Columns: reason, n_surfaces, examples (the first ``n_examples`` surfaces in file order, joined by
    ``; ``). Sorted by n_surfaces (descending), then reason.
    """
    _require_columns(not_programmes, NOT_PROGRAMME_COLUMNS, "not_programmes")
    rows = []
    for reason, group in not_programmes.groupby("reason", sort=True):
        rows.append((reason, len(group), ALIAS_JOINER.join(group["surface"].head(n_examples))))
    table = pd.DataFrame(rows, columns=["reason", "n_surfaces", "examples"])
    table = table.sort_values(["n_surfaces", "reason"], ascending=[False, True], kind="mergesort")
    return table.reset_index(drop=True)
