"""Where programmes come from, as the texts say: origin level and local invention or implementation.

The origins file (``data/design/programme_origins.yml``; its header gives the rules) codes, for each
programme of the codebook, the level of government it comes from (national, provincial, municipal, local or
unknown) only from what a text states or from a verified reference of the bibliography, and, per text,
whether the text presents it as a local invention or as the local implementation of a programme set
elsewhere, with claims to be the first at some scope. :func:`load_origins` reads it, checks every quote
against the raw text at its offsets (an error names the file, the programme and the field), checks the ids
against the codebook and the reference keys against the bibliography, and returns one row per programme;
:func:`origin_evidence` lists every quote. :func:`origin_summary` counts programmes by origin level and
presentation, the basis of any claim about "local inventions".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from govtext.compare._shared import _require
from govtext.compare.design import check_quote
from govtext.yamlfile import ResourceError, read_yaml_mapping

ORIGIN_LEVELS = ("national", "provincial", "municipal", "local", "unknown")
PRESENTATIONS = ("invention", "implementation")
SCOPES = ("national", "provincial", "municipal", "local")
ORIGIN_COLUMNS = [
    "programme_id",
    "name_zh",
    "kind",
    "origin_level",
    "origin_doc",
    "origin_quote",
    "origin_start",
    "origin_end",
    "reference",
    "presentation",
    "first_claim",
    "note",
]
"""Columns of :func:`load_origins`. ``origin_*`` hold the first origin quote (empty when the level is
unknown); ``presentation`` summarises the texts: ``invention``, ``implementation``, ``mixed`` (texts, or
one text, say both) or ``unknown`` (no text says either); ``first_claim`` is the widest scope of a claim to
be the first (empty when there is none)."""
EVIDENCE_COLUMNS = ["programme_id", "role", "value", "doc_id", "quote", "start", "end"]
"""Columns of :func:`origin_evidence`: ``role`` is origin, presentation or first_claim; ``value`` the level,
the presentation or the scope."""


class OriginsError(ResourceError):
    """An origins file that cannot be used: the message names the file, the programme and the field."""


def load_origins(
    path: str | Path,
    documents: pd.DataFrame,
    codebook: pd.DataFrame,
    references: Iterable[str] | None = None,
    mentioned: Iterable[str] | None = None,
) -> pd.DataFrame:
    """One row per programme of the origins file (``ORIGIN_COLUMNS``), in the file's order.

    ``documents`` are loaded documents (ids and raw text), ``codebook`` the programme codebook
    (``govtext.programmes.load_codebook``). ``references``, when given, are the keys of the bibliography a
    ``reference`` must be one of (:func:`bibliography_keys`); ``mentioned``, when given, are programme ids
    that must each have an entry (those the matcher finds in the corpus). Raises :class:`OriginsError`
    naming the file, the programme and the field: a quote that is not the raw text at its offsets, a
    level, presentation or scope outside its list, a known level without evidence, an unknown level with
    origin evidence, an id not in the codebook or listed twice, a reference not in the bibliography.
    """
    rows, _evidence = _read(Path(path), documents, codebook, references, mentioned)
    return pd.DataFrame(rows, columns=ORIGIN_COLUMNS)


def origin_evidence(
    path: str | Path,
    documents: pd.DataFrame,
    codebook: pd.DataFrame,
    references: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Every quote of the origins file (``EVIDENCE_COLUMNS``), checked as by :func:`load_origins`."""
    _rows, evidence = _read(Path(path), documents, codebook, references, None)
    return pd.DataFrame(evidence, columns=EVIDENCE_COLUMNS)


def origin_summary(origins: pd.DataFrame) -> pd.DataFrame:
    """Programmes by origin level (rows, in ``ORIGIN_LEVELS`` order) and presentation (columns:
    invention, implementation, mixed, unknown), with a total column."""
    _require(origins, ["origin_level", "presentation"], "origins")
    table = pd.crosstab(origins["origin_level"], origins["presentation"])
    table = table.reindex(
        index=list(ORIGIN_LEVELS), columns=[*PRESENTATIONS, "mixed", "unknown"], fill_value=0
    )
    table = table.fillna(0).astype("int64")
    table["total"] = table.sum(axis=1)
    table.index.name = "origin_level"
    table.columns.name = None
    return table


def _read(
    path: Path,
    documents: pd.DataFrame,
    codebook: pd.DataFrame,
    references: Iterable[str] | None,
    mentioned: Iterable[str] | None,
) -> tuple[list[dict[str, Any]], list[tuple[Any, ...]]]:
    _require(documents, ["doc_id", "raw_text"], "documents")
    _require(codebook, ["id", "name_zh", "kind"], "codebook")
    fields = {"name", "description", "version", "programmes"}
    data = read_yaml_mapping(path, fields, error=OriginsError, what="a 'programmes' list")
    if not isinstance(data.get("programmes"), list):
        raise OriginsError(f"{path}: top level must be a mapping with a 'programmes' list")
    raw = dict(zip(documents["doc_id"].astype(str), documents["raw_text"].astype(str), strict=True))
    names = dict(zip(codebook["id"].astype(str), codebook["name_zh"].astype(str), strict=True))
    kinds = dict(zip(codebook["id"].astype(str), codebook["kind"].astype(str), strict=True))
    keys = frozenset(references) if references is not None else None
    rows: list[dict[str, Any]] = []
    evidence: list[tuple[Any, ...]] = []
    seen: set[str] = set()
    for index, entry in enumerate(data["programmes"]):
        row, quotes = _entry(path, index, entry, raw, names, kinds, keys)
        if row["programme_id"] in seen:
            raise OriginsError(f"{path}: programme '{row['programme_id']}': field 'id': listed twice")
        seen.add(row["programme_id"])
        rows.append(row)
        evidence += quotes
    if mentioned is not None:
        missing = sorted(set(map(str, mentioned)) - seen)
        if missing:
            raise OriginsError(f"{path}: no entry for mentioned programme(s) {', '.join(missing)}")
    return rows, evidence


def _entry(
    path: Path,
    index: int,
    entry: Any,
    raw: dict[str, str],
    names: dict[str, str],
    kinds: dict[str, str],
    keys: frozenset[str] | None,
) -> tuple[dict[str, Any], list[tuple[Any, ...]]]:
    if not isinstance(entry, dict):
        raise OriginsError(f"{path}: programme #{index + 1}: must be a mapping of fields")
    programme_id = entry.get("id")
    if not isinstance(programme_id, str) or not programme_id:
        raise OriginsError(f"{path}: programme #{index + 1}: field 'id': missing")
    where = f"{path}: programme '{programme_id}'"
    if programme_id not in names:
        raise OriginsError(f"{where}: field 'id': not a programme of the codebook")
    allowed = {"id", "origin_level", "origin_evidence", "reference", "presentation", "first_claims", "note"}
    extra = sorted(set(entry) - allowed, key=str)
    if extra:
        raise OriginsError(f"{where}: unknown field(s): {', '.join(map(str, extra))}")
    level = entry.get("origin_level")
    if level not in ORIGIN_LEVELS:
        raise OriginsError(f"{where}: field 'origin_level': must be one of {', '.join(ORIGIN_LEVELS)}")
    origin = _located(f"{where}: field 'origin_evidence'", entry.get("origin_evidence"), raw, None)
    reference = entry.get("reference")
    if reference is not None:
        if not isinstance(reference, str) or not reference:
            raise OriginsError(f"{where}: field 'reference': must be a bibliography key")
        if keys is not None and reference not in keys:
            raise OriginsError(f"{where}: field 'reference': {reference!r} is not in the bibliography")
    if level == "unknown" and (origin or reference):
        raise OriginsError(f"{where}: field 'origin_level': unknown, yet origin evidence is given")
    if level != "unknown" and not origin:
        raise OriginsError(f"{where}: field 'origin_evidence': level {level!r} needs a quote")
    presentation = _located(f"{where}: field 'presentation'", entry.get("presentation"), raw, "value")
    for item in presentation:
        if item[0] not in PRESENTATIONS:
            raise OriginsError(
                f"{where}: field 'presentation': value must be one of {', '.join(PRESENTATIONS)}"
            )
    firsts = _located(f"{where}: field 'first_claims'", entry.get("first_claims"), raw, "scope")
    for item in firsts:
        if item[0] not in SCOPES:
            raise OriginsError(f"{where}: field 'first_claims': scope must be one of {', '.join(SCOPES)}")
    note = entry.get("note")
    if not isinstance(note, str) or not note.strip():
        raise OriginsError(f"{where}: field 'note': missing")
    values = {value for value, *_ in presentation}
    summary = "unknown" if not values else values.pop() if len(values) == 1 else "mixed"
    widest = [scope for scope in SCOPES if any(f[0] == scope for f in firsts)]
    first = origin[0] if origin else ("", "", "", -1, -1)
    row = {
        "programme_id": programme_id,
        "name_zh": names[programme_id],
        "kind": kinds[programme_id],
        "origin_level": level,
        "origin_doc": first[1],
        "origin_quote": first[2],
        "origin_start": first[3],
        "origin_end": first[4],
        "reference": reference or "",
        "presentation": summary,
        "first_claim": widest[0] if widest else "",
        "note": " ".join(note.split()),
    }
    quotes = [(programme_id, "origin", level, *item[1:]) for item in origin]
    quotes += [(programme_id, "presentation", *item) for item in presentation]
    quotes += [(programme_id, "first_claim", *item) for item in firsts]
    return row, quotes


def _located(
    where: str, value: Any, raw: dict[str, str], key: str | None
) -> list[tuple[str, str, str, int, int]]:
    """``[(value, doc_id, quote, start, end), ...]`` of a list of quotes with ``doc_id`` (and ``key``),
    each checked against the raw text of its document."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise OriginsError(f"{where}: must be a list of {{doc_id, quote, start, end}}")
    out: list[tuple[str, str, str, int, int]] = []
    for number, item in enumerate(value):
        at = f"{where} #{number + 1}"
        fields: Sequence[str] = ("doc_id", *([key] if key else []))
        if not isinstance(item, dict) or any(f not in item for f in fields):
            raise OriginsError(f"{at}: needs {', '.join(fields)}, quote, start and end")
        doc_id = str(item["doc_id"])
        if doc_id not in raw:
            raise OriginsError(f"{at}: doc_id {doc_id!r} is not a document of the corpus")
        rest = {k: v for k, v in item.items() if k not in fields}
        quote, start, end = check_quote(at, rest, raw[doc_id], None, OriginsError)
        out.append((str(item[key]) if key else "", doc_id, quote, start, end))
    return out
