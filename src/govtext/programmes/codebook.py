"""The programme codebook: reading and validating the YAML file, and the tables made from it.

The codebook is data (``govtext/resources/programmes.yml``): a header (name, description, version, kinds,
levels, optional ``not_programmes`` and ``discovery`` sections) and one entry per programme with its
Chinese name, aliases, kind and level (and an optional ``status``: ``proposed`` entries, drafted by
``govtext codebook suggest``, are validated but not loaded). ``validate_codebook`` lists every problem of a
parsed file at once (file, entry, field); ``check_codebook_file`` is what ``govtext codebook check`` prints;
``load_codebook``, ``load_not_programmes`` and ``load_discovery_rules`` refuse an invalid file with
``CodebookError``.

Every entry says where it comes from (``source``): ``seeds``, coded from the texts of the corpus (its
``example`` and ``level_evidence`` quote a document, ``example_doc``), or ``field``, a programme that
recurs in public Chinese local-governance news beyond the corpus. A field entry lists the public
``pages`` it occurs in (at least two, on different sites), quotes one of them (``example``, at most 40
characters), and, when its level is known, quotes the page that states the origin (``level_evidence``
and ``level_evidence_doc``) or names a verified reference of the bibliography (``level_reference``:
``key`` and ``locator``). ``validate_codebook`` checks all of this inside the file;
``evidence.check_field_evidence`` checks it against the evidence files (every address listed in the
sources list, every reference key in the bibliography and, when the saved page texts are present, their
sha256 and the quotes verbatim in them).
``check_examples`` checks that the quoted examples occur verbatim in the texts, and ``programme_names`` /
``codebook_terms`` give the names other steps need (the metric extractor's mask, jieba's user dictionary).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

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
    "source",
    "pages",
    "level_reference",
]
NOT_PROGRAMME_COLUMNS = ["surface", "reason"]
NOT_PROGRAMME_OPTIONAL = ["former_entry"]
"""``former_entry``: the id of the programme entry the surface was a name or alias of, before a codebook
review took it out; its numerals stay masked from the metric extractor, as they were."""

HEADER_FIELDS = {"name": str, "description": str, "version": str, "kinds": dict, "levels": dict}
OPTIONAL_HEADER_FIELDS = {
    "reference": str,
    "history": str,
    "sources": dict,
    "not_programmes": list,
    "discovery": dict,
}
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
OPTIONAL_ENTRY_FIELDS = {
    "level_evidence": str,
    "level_evidence_doc": str,
    "note": str,
    "status": str,
    "source": str,
    "pages": list,
    "level_reference": dict,
}
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
ENTRY_SOURCES = ("seeds", "field")
"""Values of an entry's ``source``: ``seeds`` (coded from the corpus texts; the default, so that entries
drafted by ``govtext codebook suggest`` and codebooks written before sources existed stay valid) and
``field`` (recurring in public news beyond the corpus, with the evidence described in the module
docstring). An optional header section ``sources`` defines both; the project's codebook has one and gives
every entry its ``source`` (its tests check that)."""
SEEDS, FIELD = ENTRY_SOURCES
FIELD_QUOTE_MAX_CHARS = 40
"""The longest ``example`` or ``level_evidence`` a field entry may quote from a third-party page."""
MIN_FIELD_PAGES = 2
"""A field entry occurs in at least this many public pages, on as many different sites."""
LEVEL_REFERENCE_FIELDS = ("key", "locator")
"""The fields of a ``level_reference``: a key of the bibliography and where in the work (page, title …)."""
TITLE_LOCATOR = "title"
"""A ``level_reference`` whose locator is ``title`` quotes the work's title: the quote is checked against the
bibliography's ``title`` field."""

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
    sources = obj.get("sources")
    if isinstance(sources, dict):
        if set(sources) != set(ENTRY_SOURCES):
            problems.append(
                f"{source}: header: field 'sources': must define exactly {', '.join(ENTRY_SOURCES)}, "
                f"got {', '.join(map(str, sources)) or 'nothing'}"
            )
        for key, text in sources.items():
            if not isinstance(text, str) or not text.strip():
                problems.append(
                    f"{source}: header: field 'sources': '{key}' needs a definition (a non-empty string)"
                )
    known = {*HEADER_FIELDS, *OPTIONAL_HEADER_FIELDS, "programmes"}
    for field in obj:
        if field not in known:
            problems.append(f"{source}: header: field '{field}': unknown field")
    return problems


def _entry_problems(
    entry: Any,
    label: str,
    source: str,
    kinds: set[str] | None,
    levels: set[str] | None,
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
    problems.extend(_source_problems(entry, where))
    return problems


def _source_problems(entry: Mapping[str, Any], where: str) -> list[str]:
    """Problems with an entry's ``source`` (default ``seeds``) and, for a field entry, with its evidence."""
    entry_source = entry.get("source", SEEDS)
    if not isinstance(entry_source, str):
        return []  # the type problem is reported with the other optional fields
    if entry_source not in ENTRY_SOURCES:
        return [
            f"{where}: field 'source': unknown source '{entry_source}' (known: {', '.join(ENTRY_SOURCES)})"
        ]
    if entry_source == SEEDS:
        return [
            f"{where}: field '{field}': only field entries (source: {FIELD}) have it"
            for field in ("pages", "level_reference")
            if field in entry
        ]
    return _field_entry_problems(entry, where)


def is_address(text: object) -> bool:
    """Whether ``text`` is an http(s) address with a host (how field pages are named)."""
    if not isinstance(text, str) or text != text.strip() or any(c.isspace() for c in text):
        return False
    parts = urlsplit(text)
    return parts.scheme in ("http", "https") and bool(parts.hostname)


_SECOND_LEVEL_LABELS = {"com", "net", "org", "gov", "edu", "ac", "co"}
_IPV4_RE = re.compile(r"^\d{1,3}(\.\d{1,3}){3}$")


def site_of(address: str) -> str:
    """The site of a page address: its registrable domain, by a simple rule (the last two labels of the
    host, or three when the last is a country code and the one before it is com, net, org, gov, edu, ac
    or co: ``news.hebei.com.cn`` and ``qhd.hebei.com.cn`` are one site, ``hebei.com.cn``; an IP address
    is its own site). Two pages on one site do not count as independent."""
    host = (urlsplit(address).hostname or "").lower().rstrip(".")
    if _IPV4_RE.match(host) or ":" in host:
        return host  # an IP address is its own site
    labels = host.split(".")
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL_LABELS:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def _own_keys(entry: Mapping[str, Any]) -> list[str]:
    """``name_key`` of the entry's name and aliases (the forms a page or quote must contain)."""
    return [key for _field, name in _entry_names(entry) if (key := name_key(name))]


def _quote_problems(entry: Mapping[str, Any], field: str, where: str) -> list[str]:
    quote = entry.get(field)
    if isinstance(quote, str) and len(quote) > FIELD_QUOTE_MAX_CHARS:
        return [
            f"{where}: field '{field}': a quote from a third-party page is at most {FIELD_QUOTE_MAX_CHARS} "
            f"characters, got {len(quote)}"
        ]
    return []


def _field_entry_problems(entry: Mapping[str, Any], where: str) -> list[str]:
    """The evidence a field entry needs inside the codebook file (see the module docstring)."""
    problems: list[str] = []
    pages = entry.get("pages")
    if pages is None:
        problems.append(f"{where}: field 'pages': missing (a field entry lists the pages it occurs in)")
        pages = []
    elif not isinstance(pages, list):
        pages = []  # the type problem is reported with the other optional fields
    addresses = [page for page in pages if is_address(page)]
    for n, page in enumerate(pages, start=1):
        if not is_address(page):
            problems.append(f"{where}: field 'pages': page #{n} is not an http(s) address: {page!r}")
    if len(set(addresses)) != len(addresses):
        problems.append(f"{where}: field 'pages': an address is listed twice")
    sites = {site_of(address) for address in addresses}
    if len(sites) < MIN_FIELD_PAGES:
        problems.append(
            f"{where}: field 'pages': needs at least {MIN_FIELD_PAGES} pages on different sites, got "
            f"{len(addresses)} page(s) on {len(sites)} site(s)"
        )
    example_doc = entry.get("example_doc")
    if isinstance(example_doc, str) and example_doc.strip() and example_doc not in addresses:
        problems.append(f"{where}: field 'example_doc': must be one of the entry's pages")
    problems.extend(_quote_problems(entry, "example", where))
    example = entry.get("example")
    keys = _own_keys(entry)
    if isinstance(example, str) and keys and not any(key in name_key(example) for key in keys):
        problems.append(f"{where}: field 'example': does not contain the name or an alias")
    problems.extend(_level_evidence_problems(entry, where))
    return problems


def _level_evidence_problems(entry: Mapping[str, Any], where: str) -> list[str]:
    """A field entry's level: unknown without evidence, or a short quote from a page or a reference."""
    evidence = ("level_evidence", "level_evidence_doc", "level_reference")
    if entry.get("level") == UNKNOWN_LEVEL:
        return [
            f"{where}: field '{field}': the level is '{UNKNOWN_LEVEL}', so there is no level evidence"
            for field in evidence
            if field in entry
        ]
    problems = _quote_problems(entry, "level_evidence", where)
    has_page, has_reference = "level_evidence_doc" in entry, "level_reference" in entry
    if has_page == has_reference:
        problems.append(
            f"{where}: field 'level_evidence_doc': a field entry's level comes from a page "
            "(level_evidence_doc) or from a reference (level_reference), exactly one of them"
        )
    if (
        has_page
        and isinstance(entry["level_evidence_doc"], str)
        and not is_address(entry["level_evidence_doc"])
    ):
        problems.append(f"{where}: field 'level_evidence_doc': must be an http(s) address")
    reference = entry.get("level_reference")
    if isinstance(reference, dict):
        for field in LEVEL_REFERENCE_FIELDS:
            if not isinstance(reference.get(field), str) or not reference[field].strip():
                problems.append(f"{where}: field 'level_reference': '{field}' must be a non-empty string")
        for field in reference:
            if field not in LEVEL_REFERENCE_FIELDS:
                problems.append(f"{where}: field 'level_reference': unknown field '{field}'")
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

    Checks the header (name, description, version, kinds, levels, optional sources), each entry's fields
    and types, unknown kinds and levels, snake_case ids, duplicate ids, names or aliases shared by two
    entries (compared by ``name_key``), each entry's ``source`` and a field entry's evidence (at least two
    pages on different sites, short quotes, the example containing the name, a level from a page or a
    reference), and the optional ``not_programmes`` and ``discovery`` sections. An empty list means valid.
    The evidence files themselves are checked by :func:`check_field_evidence`.
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
                if field not in NOT_PROGRAMME_COLUMNS and field not in NOT_PROGRAMME_OPTIONAL:
                    problems.append(f"{where}: field '{field}': unknown field")
                elif field in NOT_PROGRAMME_OPTIONAL and _check_type(item[field], str):
                    problems.append(f"{where}: field '{field}': {_check_type(item[field], str)}")
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


def _load_valid(path: str | Path) -> dict[str, Any]:
    obj = read_codebook_yaml(path)
    problems = validate_codebook(obj, path)
    if problems:
        raise CodebookError(f"{path}: {len(problems)} problem(s) in the codebook:\n" + "\n".join(problems))
    valid: dict[str, Any] = obj  # validate_codebook found no problem: a mapping with a header
    return valid


def load_codebook(path: str | Path) -> pd.DataFrame:
    """The codebook's accepted programmes, one row per entry (``CODEBOOK_COLUMNS``; ``aliases`` and
    ``pages`` are tuples; ``source`` is ``seeds`` or ``field``; ``level_reference`` is ``"key, locator"`` or
    empty; a field entry's ``level_evidence_doc`` is the address of the page that states its level, or
    empty).

    Raises ``CodebookError`` listing every problem if the file is unreadable or invalid. Rows keep file
    order; ``attrs`` carry the header (``source``, ``name``, ``version``, ``kinds``, ``levels``) and the ids
    of the entries left out because their ``status`` is ``proposed`` (``proposed``, a tuple), and the
    ``not_programmes`` surfaces that were programme names before a review (``former_names``, a tuple).
    """
    obj = _load_valid(path)
    rows = []
    proposed = []
    for entry in obj["programmes"]:
        if entry.get("status", ACCEPTED) == PROPOSED:
            proposed.append(entry["id"])
            continue
        entry_source = entry.get("source", SEEDS)
        reference = entry.get("level_reference")
        default_level_doc = entry["example_doc"] if entry_source == SEEDS else ""
        rows.append(
            {
                "id": entry["id"],
                "name_zh": entry["name_zh"].strip(),
                "aliases": tuple(a.strip() for a in entry["aliases"]),
                "name_en": entry["name_en"].strip(),
                "kind": entry["kind"],
                "level": entry["level"],
                "level_evidence": entry.get("level_evidence", ""),
                "level_evidence_doc": entry.get("level_evidence_doc", default_level_doc),
                "definition": " ".join(entry["definition"].split()),
                "example": entry["example"],
                "example_doc": entry["example_doc"],
                "note": entry.get("note", ""),
                "source": entry_source,
                "pages": tuple(entry.get("pages") or ()),
                "level_reference": f"{reference['key']}, {reference['locator']}" if reference else "",
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
        former_names=tuple(
            str(item["surface"]) for item in obj.get("not_programmes") or [] if "former_entry" in item
        ),
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
    and the former programme names a codebook review moved to ``not_programmes`` (``attrs["former_names"]``),
    sorted without duplicates: the names the metric extractor masks so that their numerals are not read
    as quantities (a review changes what counts as a programme, not what counts as a quantity).

    Use these rather than :func:`codebook_terms`, which leaves out names jieba cannot hold as one word
    (``扛、立、强三起来``), so that their numerals would be read as quantities (三起).
    """
    for column in ("name_zh", "aliases"):
        if column not in codebook.columns:
            raise ValueError(f"codebook: missing column {column!r}")
    names = {str(text).strip() for text in codebook.attrs.get("former_names", ())}
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
