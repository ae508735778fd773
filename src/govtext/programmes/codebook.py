"""The programme codebook: reading and validating the YAML file, and the tables made from it.

The codebook is data (``govtext/resources/programmes.yml``): a header (name, description, version, kinds,
levels, optional ``not_programmes`` and ``discovery`` sections) and one entry per programme with its
Chinese name, aliases, kind and level (and an optional ``status``: ``proposed`` entries, drafted by
``govtext codebook suggest``, are validated but not loaded). ``validate_codebook`` lists every problem of a
parsed file at once (file, entry, field); ``check_codebook_file`` is what ``govtext codebook check`` prints;
``load_codebook``, ``load_not_programmes`` and ``load_discovery_rules`` refuse an invalid file with
``CodebookError``.
``check_examples`` checks that the quoted examples occur verbatim in the texts, and ``programme_names`` /
``codebook_terms`` give the names other steps need (the metric extractor's mask, jieba's user dictionary).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from govtext.common import ID_PATTERN
from govtext.programmes.names import name_key
from govtext.resources import resource_path
from govtext.yamlfile import ResourceError, read_yaml

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
NOT_PROGRAMME_COLUMNS = ["surface", "reason"]

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
OPTIONAL_ENTRY_FIELDS = {"level_evidence": str, "level_evidence_doc": str, "note": str, "status": str}
STATUSES = ("accepted", "proposed")
"""Values of an entry's optional ``status``: ``accepted`` (the default) entries are coded; ``proposed`` ones
(drafted by ``govtext codebook suggest`` for review) are validated like any entry but left out by
:func:`load_codebook`, so that neither the matcher nor jieba's user dictionary sees them."""
ACCEPTED, PROPOSED = STATUSES
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

# jieba's default word characters: only names made of these can become one jieba token
_JIEBA_WORD_RE = re.compile(r"^[\u4e00-\u9fd5a-zA-Z0-9+#&._%\-]+$")


class CodebookError(ResourceError):
    """A codebook file is missing, unreadable or invalid; the message lists every problem."""


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
    if kind is str and isinstance(value, str) and not value.strip():
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
    entry_kind = entry.get("kind")
    if kinds is not None and isinstance(entry_kind, str) and entry_kind not in kinds:
        problems.append(
            f"{where}: field 'kind': unknown kind '{entry_kind}' (known: {', '.join(sorted(kinds))})"
        )
    status = entry.get("status")
    if isinstance(status, str) and status.strip() and status not in STATUSES:
        problems.append(f"{where}: field 'status': unknown status '{status}' (known: {', '.join(STATUSES)})")
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
    valid: dict[str, Any] = obj  # validate_codebook found no problem: a mapping with a header
    return valid


def load_codebook(path: str | Path) -> pd.DataFrame:
    """The codebook's accepted programmes, one row per entry (``CODEBOOK_COLUMNS``; ``aliases`` is a tuple).

    Raises ``CodebookError`` listing every problem if the file is unreadable or invalid. Rows keep file
    order; ``attrs`` carry the header (``source``, ``name``, ``version``, ``kinds``, ``levels``) and the ids
    of the entries left out because their ``status`` is ``proposed`` (``proposed``, a tuple).
    """
    obj = _load_valid(path)
    rows = []
    proposed = []
    for entry in obj["programmes"]:
        if entry.get("status", ACCEPTED) == PROPOSED:
            proposed.append(entry["id"])
            continue
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
        proposed=tuple(proposed),
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
