"""Evidence of the codebook's field entries: the sources list, the saved page texts, the bibliography.

Field entries (``source: field``) cite public pages and bibliography keys. ``validate_codebook`` checks them
inside the file; :func:`check_field_evidence` checks them against the evidence files (every address listed in
the sources list, every key in the bibliography, and, when the saved texts are present, every hash and quote),
and :func:`check_codebook_file` runs both (``govtext codebook check``).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from govtext.bibtex import bibliography_keys, bibliography_titles
from govtext.programmes.codebook import (
    FIELD,
    TITLE_LOCATOR,
    CodebookError,
    _own_keys,
    is_address,
    read_codebook_yaml,
    validate_codebook,
)
from govtext.programmes.names import name_key


@dataclass(frozen=True)
class EvidenceFiles:
    """Where the evidence of field entries is kept: the sources list (a Markdown table of the pages:
    address, title, date, sha256), the bibliography (BibTeX) and the folder of saved page texts (one file
    per page, named by :func:`saved_text_name`; third-party text, not committed, so it may be absent)."""

    sources: Path
    bibliography: Path
    texts: Path


PROJECT_SOURCES = Path("data") / "codebook_sources" / "SOURCES.md"
PROJECT_TEXTS = Path("data") / "codebook_sources" / "texts"
PROJECT_BIBLIOGRAPHY = Path("book") / "references.bib"
SOURCES_COLUMNS = ("address", "title", "date", "sha256")
"""Columns of the sources list's table, in this order (``date`` may be empty when the page states none)."""

_SHA256_RE = re.compile(r"^[0-9a-f]{64}$")


def find_evidence_files(codebook_path: str | Path) -> EvidenceFiles | None:
    """The project's evidence files, if ``codebook_path`` lies in a checkout of the project: the nearest
    parent folder holding ``data/codebook_sources/SOURCES.md`` and ``book/references.bib``; None otherwise
    (an installed package, or a researcher's own codebook elsewhere)."""
    for folder in Path(codebook_path).resolve().parents:
        if (folder / PROJECT_SOURCES).is_file() and (folder / PROJECT_BIBLIOGRAPHY).is_file():
            return EvidenceFiles(
                folder / PROJECT_SOURCES, folder / PROJECT_BIBLIOGRAPHY, folder / PROJECT_TEXTS
            )
    return None


def check_codebook_file(path: str | Path, evidence: EvidenceFiles | None = None) -> list[str]:
    """Every problem of a codebook file (unreadable, bad YAML, ``validate_codebook`` and, for a valid file,
    ``check_field_evidence``); [] if valid.

    The evidence files are ``evidence`` or, by default, those of the project checkout the file lies in
    (:func:`find_evidence_files`); without any, field entries are checked inside the file only. This is
    what ``govtext codebook check FILE`` prints, one problem per line.
    """
    try:
        obj = read_codebook_yaml(path)
    except CodebookError as exc:
        return [str(exc)]
    problems = validate_codebook(obj, path)
    if problems:
        return problems
    evidence = evidence if evidence is not None else find_evidence_files(path)
    if evidence is None:
        return []
    return check_field_evidence(obj, evidence, path)


def saved_text_name(address: str) -> str:
    """The file name of a page's saved text: the first 16 hex digits of the sha256 of its address, .txt."""
    return hashlib.sha256(address.encode("utf-8")).hexdigest()[:16] + ".txt"


def text_sha256(path: str | Path) -> str:
    """The sha256 of a file's bytes (the saved text of a page: UTF-8, LF line ends)."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _table_cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def read_sources_list(path: str | Path) -> tuple[dict[str, dict[str, str]], list[str]]:
    """The pages of a sources list, ``{address: {"title", "date", "sha256"}}``, and its problems.

    The file is Markdown; its one table has the columns ``SOURCES_COLUMNS`` (a ``|`` inside a title is
    written ``\\|``). Problems: no table, a row with the wrong number of cells, an address that is not http(s)
    or is listed twice, an empty title, a sha256 that is not 64 lower-case hex digits.
    """
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        return {}, [f"{path}: cannot be read: {exc}"]
    pages: dict[str, dict[str, str]] = {}
    problems: list[str] = []
    rows = [(n, line) for n, line in enumerate(lines, start=1) if line.strip().startswith("|")]
    header = [
        (n, line) for n, line in rows if [c.lower() for c in _table_cells(line)] == list(SOURCES_COLUMNS)
    ]
    if not header:
        return {}, [f"{path}: no table with the columns {' | '.join(SOURCES_COLUMNS)}"]
    start = header[0][0]
    for n, line in rows:
        if n <= start or set(line.replace("|", "").strip()) <= set("-: "):
            continue
        cells = _table_cells(line.replace("\\|", "\x00"))
        cells = [cell.replace("\x00", "|") for cell in cells]
        where = f"{path}: line {n}"
        if len(cells) != len(SOURCES_COLUMNS):
            problems.append(
                f"{where}: needs {len(SOURCES_COLUMNS)} cells ({', '.join(SOURCES_COLUMNS)}), "
                f"got {len(cells)}"
            )
            continue
        address, title, date, sha256 = (cell.strip("<>") if i == 0 else cell for i, cell in enumerate(cells))
        if not is_address(address):
            problems.append(f"{where}: address {address!r} is not an http(s) address")
            continue
        if address in pages:
            problems.append(f"{where}: address {address} is listed twice")
        if not title:
            problems.append(f"{where}: the title is empty")
        if not _SHA256_RE.match(sha256):
            problems.append(f"{where}: sha256 {sha256!r} is not 64 lower-case hex digits")
        pages[address] = {"title": title, "date": date, "sha256": sha256}
    return pages, problems


def _field_entries(obj: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [
        entry
        for entry in obj.get("programmes") or []
        if isinstance(entry, dict) and entry.get("source") == FIELD
    ]


def check_field_evidence(
    obj: Mapping[str, Any], evidence: EvidenceFiles, source: str | Path = "codebook"
) -> list[str]:
    """Problems of a valid codebook's field entries against the evidence files; [] if none.

    Every page and ``level_evidence_doc`` address must be listed in the sources list, every
    ``level_reference`` key must be a key of the bibliography (a quote located in the ``title`` must occur
    in that entry's title), and every listed page must be used by some entry. When the folder of saved
    texts exists, every listed page must have its text there with the sha256 of the list, each ``example``
    and ``level_evidence`` must occur verbatim in the text of its page, and each page's text must contain
    the entry's name or an alias (compared by ``name_key``).
    """
    source = str(source)
    pages, problems = read_sources_list(evidence.sources)
    try:
        keys = bibliography_keys(evidence.bibliography)
        titles = bibliography_titles(evidence.bibliography)
    except (OSError, UnicodeDecodeError) as exc:
        return [*problems, f"{evidence.bibliography}: cannot be read: {exc}"]
    texts: dict[str, str] | None = None
    if evidence.texts.is_dir():
        texts = {}
        for address, page in pages.items():
            file = evidence.texts / saved_text_name(address)
            if not file.is_file():
                problems.append(f"{evidence.sources}: {address}: saved text {file} is missing")
                continue
            if text_sha256(file) != page["sha256"]:
                problems.append(f"{evidence.sources}: {address}: sha256 of {file} is not the one listed")
            texts[address] = file.read_text(encoding="utf-8")
    used: set[str] = set()
    for entry in _field_entries(obj):
        where = f"{source}: entry {entry.get('id')}"
        addresses = list(entry.get("pages") or [])
        if "level_evidence_doc" in entry:
            addresses.append(entry["level_evidence_doc"])
        for address in addresses:
            used.add(address)
            if address not in pages:
                problems.append(f"{where}: {address} is not listed in {evidence.sources}")
        reference = entry.get("level_reference")
        if isinstance(reference, dict) and reference.get("key") not in keys:
            problems.append(
                f"{where}: field 'level_reference': key '{reference.get('key')}' is not in "
                f"{evidence.bibliography}"
            )
        elif isinstance(reference, dict) and reference.get("locator") == TITLE_LOCATOR:
            title = " ".join(titles.get(str(reference["key"]), "").split())
            if str(entry.get("level_evidence")) not in title:
                problems.append(
                    f"{where}: field 'level_evidence': not found in the title of '{reference['key']}' "
                    f"(locator: {TITLE_LOCATOR})"
                )
        if texts is not None:
            problems.extend(_text_problems(entry, where, texts))
    for address in pages:
        if address not in used:
            problems.append(f"{evidence.sources}: {address} is listed but no field entry uses it")
    return problems


def _text_problems(entry: Mapping[str, Any], where: str, texts: Mapping[str, str]) -> list[str]:
    """A field entry's quotes verbatim in its saved pages, and its name or an alias in every page."""
    problems = []
    quotes = [("example", str(entry.get("example_doc")))]
    if "level_evidence_doc" in entry:
        quotes.append(("level_evidence", str(entry["level_evidence_doc"])))
    for field, address in quotes:
        if address in texts and str(entry.get(field)) not in texts[address]:
            problems.append(f"{where}: field '{field}': not found verbatim in the saved text of {address}")
    keys = _own_keys(entry)
    for address in entry.get("pages") or []:
        if address in texts and not any(key in name_key(texts[address]) for key in keys):
            problems.append(
                f"{where}: field 'pages': the saved text of {address} has neither the name nor an alias"
            )
    return problems
