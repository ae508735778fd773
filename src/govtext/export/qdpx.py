"""``govtext export qdpx``: the coding of a ``govtext run`` as a REFI-QDA 1.5 project (``.qdpx``).

A ``.qdpx`` file is a zip of ``project.qde`` (XML, namespace ``urn:QDA-XML:project:1.0``) and a
``sources/`` folder. Every document of the run is one ``TextSource`` whose plain text
(``sources/<guid>.txt``, UTF-8) is exactly the raw text of its corpus file, so that a selection's
``startPosition``/``endPosition`` are govtext's raw offsets (Python string indices: ``raw[start:end]``
is the surface, the end exclusive). The codes are those of :mod:`govtext.export.refi` (programmes by
kind, metric unit classes, governance dimensions); each programme mention, metric and dimension hit is
one ``PlainTextSelection`` with one ``Coding``; the manifest's columns (place, date, outlet …) are
document variables. Elements follow the order of Project.xsd: ``Users, CodeBook, Variables, Sources,
Sets, Description`` in ``Project``; ``Description, PlainTextSelection*, VariableValue*`` in a
``TextSource``; ``Description, Coding`` in a selection. GUIDs are stable (:func:`~govtext.export.refi.
stable_guid`) and nothing carries a date, so exporting the same run twice gives the same bytes.

``read_run`` reads the output folder (CSV or Parquet, undoing ``--excel-safe``), ``check_resources``
proves that the codebooks given are the ones the run used (sha256 in ``run.json``), ``run_selections``
makes the selections (dimension hits found again with :func:`govtext.compare.find_dimension_terms` and
checked against ``dimension_scores``), ``build_project`` the XML and ``export_qdpx`` all of it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import pandas as pd

from govtext import __version__, compare, corpus, metrics, programmes
from govtext.export.refi import (
    INTERNAL_PREFIX,
    PROJECT_FILE,
    PROJECT_NS,
    SOURCES_FOLDER,
    Code,
    CodeSet,
    QdaError,
    atomic_write,
    code_element,
    dimension_codes,
    level_sets,
    programme_codes,
    qname,
    sets_element,
    stable_guid,
    unit_class_codes,
    xml_bytes,
)
from govtext.resources import resource_path
from govtext.runfolder import RunTableError, read_run_table

EXPORT_RESOURCES = ("codebook", "dimensions", "units")
"""The resources whose codes a project holds (checked against the run's ``run.json``)."""
INSTRUMENTS = ("programme", "unit_class", "dimension")
"""What a selection codes, in the order selections on the same span are written."""
NOT_VARIABLES = ("sha256", "n_chars")
"""Columns of ``documents.csv`` that are not document variables."""
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
"""The date of every zip member (the earliest a zip can hold): the archive does not change between runs."""
USER_NAME = "govtext"


@dataclass(frozen=True)
class RunOutput:
    """The tables of a ``govtext run`` output folder that an export needs, and its ``run.json``."""

    folder: Path
    info: dict[str, Any]
    documents: pd.DataFrame
    programmes: pd.DataFrame
    metrics: pd.DataFrame
    dimension_scores: pd.DataFrame


@dataclass(frozen=True)
class Selection:
    """One coded span of a source: raw ``[start, end)`` of ``doc_id`` and the code's key."""

    doc_id: str
    start: int
    end: int
    code: tuple[str, str]
    description: str = ""

    @property
    def guid(self) -> str:
        """The stable GUID of the selection (document, span and code)."""
        return stable_guid("selection", self.doc_id, self.start, self.end, *self.code)


@dataclass(frozen=True)
class ExportSummary:
    """What ``export_qdpx`` wrote."""

    path: Path
    sources: int
    codes: int
    selections: dict[str, int]


def _read_table(folder: Path, name: str, fmt: str, bom: bool, excel_safe: bool) -> pd.DataFrame:
    try:
        return read_run_table(folder, name, fmt, bom=bom, excel_safe=excel_safe)
    except RunTableError as exc:
        raise QdaError(str(exc)) from None


def _int_column(table: pd.DataFrame, column: str, where: str) -> pd.Series:
    numbers = pd.to_numeric(table[column], errors="coerce")
    bad = numbers.isna() | (numbers % 1 != 0)
    if bad.any():
        raise QdaError(
            f"{where}: row {int(bad.to_numpy().argmax()) + 2}: column '{column}' must be an integer"
        )
    return numbers.astype("int64")


def _require(table: pd.DataFrame, columns: Sequence[str], where: str) -> None:
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise QdaError(f"{where}: missing column(s) {', '.join(missing)}")


def read_run(out_dir: str | Path) -> RunOutput:
    """The documents, programme mentions, metrics and dimension scores of a ``govtext run`` folder (CSV or
    Parquet, as ``run.json`` says; ``--bom`` and ``--excel-safe`` undone), offsets as integers."""
    folder = Path(out_dir)
    info_path = folder / "run.json"
    if not folder.is_dir():
        raise QdaError(f"{folder}: not a folder (give the output folder of govtext run)")
    try:
        info = json.loads(info_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise QdaError(f"{info_path}: missing (not the output folder of govtext run?)") from None
    except (OSError, ValueError) as exc:
        raise QdaError(f"{info_path}: cannot read: {' '.join(str(exc).split())}") from None
    if (
        not isinstance(info, dict)
        or info.get("command") != "run"
        or not isinstance(info.get("resources"), dict)
    ):
        raise QdaError(f"{info_path}: not the run.json of govtext run (no 'command': 'run' and 'resources')")
    fmt = str(info.get("format", "csv"))
    bom = bool(info.get("bom", False))
    safe = bool(info.get("excel_safe"))
    tables = {
        name: _read_table(folder, name, fmt, bom, safe)
        for name in ("documents", "programmes", "metrics", "dimension_scores")
    }
    for name, columns in {
        "documents": ["doc_id", "source_file", "sha256"],
        "programmes": ["doc_id", "start", "end", "surface", "programme_id"],
        "metrics": ["doc_id", "start", "end", "surface", "unit_class"],
        "dimension_scores": ["doc_id", "dimension", "hits"],
    }.items():
        where = str(folder / (name if fmt == "parquet" else f"{name}.csv"))
        _require(tables[name], columns, where)
        for column in ("start", "end", "hits"):
            if column in columns:
                tables[name][column] = _int_column(tables[name], column, where)
        for column in tables[name].columns:
            if tables[name][column].dtype == object:
                tables[name][column] = tables[name][column].fillna("").astype(str)
    return RunOutput(folder, info, **tables)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def resource_files(**given: str | Path | None) -> dict[str, Path]:
    """The codebook, dimensions and units files: those given, else the packaged ones."""
    out = {}
    for name in EXPORT_RESOURCES:
        value = given.get(name)
        path = Path(value) if value is not None else resource_path(name)
        if not path.is_file():
            raise QdaError(f"--{name} {path}: file not found")
        out[name] = path
    return out


def check_resources(run: RunOutput, files: Mapping[str, Path]) -> None:
    """Each file must be the one the run coded with (same sha256 as in ``run.json``); else a
    ``QdaError`` naming run.json, the resource and the option to give."""
    recorded = run.info["resources"]
    for name, path in files.items():
        entry = recorded.get(name)
        if not isinstance(entry, dict) or "sha256" not in entry:
            raise QdaError(f"{run.folder / 'run.json'}: resources.{name}: missing")
        if _sha256(path) != entry["sha256"]:
            raise QdaError(
                f"{run.folder / 'run.json'}: resources.{name}: the run used {entry.get('file', '?')} with "
                f"sha256 {str(entry['sha256'])[:12]}…, not {path}; give the file the run used with --{name}"
            )


def corpus_documents(run: RunOutput, corpus_dir: str | Path) -> pd.DataFrame:
    """The run's documents with their raw text, read again from ``corpus_dir`` (the run's encoding and
    ``--recursive``); every file must be the one the run read (same sha256)."""
    loaded = corpus.load_corpus(
        corpus_dir, encoding=str(run.info.get("encoding", "utf-8")), recursive=bool(run.info.get("recursive"))
    )
    sha_of = dict(zip(loaded["doc_id"], loaded["sha256"], strict=True))
    row: Any  # an itertuples row
    for row in run.documents.itertuples(index=False):
        doc_id = str(row.doc_id)
        if doc_id not in sha_of:
            raise QdaError(
                f"{corpus_dir}: no file for document {doc_id} ({row.source_file}) of {run.folder}/documents"
            )
        if sha_of[doc_id] != row.sha256:
            raise QdaError(
                f"{Path(corpus_dir) / str(row.source_file)}: not the file the run read (sha256 differs from "
                f"{run.folder}/documents)"
            )
    keep = loaded["doc_id"].isin(run.documents["doc_id"])
    return loaded[keep].reset_index(drop=True)


def dimension_hits(documents: pd.DataFrame, dimensions: compare.DimensionCodebook) -> pd.DataFrame:
    """Every hit of a dimension term in the body sentences (``compare.SCORED_PARTS``, as the run scores
    them), with raw offsets: doc_id, sentence_id, dimension, term, start, end, surface."""
    cleaned = corpus.clean_documents(documents)
    articles = corpus.split_articles(documents, cleaned)
    sentences = corpus.split_sentences(documents, cleaned, articles)
    hits = compare.find_dimension_terms(sentences, dimensions, parts=compare.SCORED_PARTS)
    raw = dict(zip(documents["doc_id"], documents["raw_text"], strict=True))
    spans = [
        cleaned[doc_id].raw_span(int(start), int(end))
        for doc_id, start, end in zip(hits["doc_id"], hits["clean_start"], hits["clean_end"], strict=True)
    ]
    hits["start"] = [s for s, _ in spans]
    hits["end"] = [e for _, e in spans]
    hits["surface"] = [raw[d][s:e] for d, (s, e) in zip(hits["doc_id"], spans, strict=True)]
    return hits[["doc_id", "sentence_id", "dimension", "term", "start", "end", "surface"]]


def _check_surfaces(table: pd.DataFrame, raw: Mapping[str, str], where: str) -> None:
    for number, (doc_id, start, end, surface) in enumerate(
        zip(table["doc_id"], table["start"], table["end"], table["surface"], strict=True), start=2
    ):
        text = raw.get(doc_id)
        if text is None:
            raise QdaError(f"{where}: row {number}: unknown document {doc_id}")
        if text[start:end] != surface:
            raise QdaError(
                f"{where}: row {number}: raw[{start}:{end}] of {doc_id} is {text[start:end]!r}, not "
                f"{surface!r} (a corpus other than the run's?)"
            )


def _metric_description(row: Mapping[str, Any]) -> str:
    parts = [f"govtext metric: {row.get('value', '')} {row.get('unit', '')}".rstrip()]
    for column in ("kind", "subject", "bound"):
        value = str(row.get(column, "") or "")
        if value and value.lower() != "nan":
            parts.append(f"{column} {value}")
    return "; ".join(parts)


def run_selections(
    run: RunOutput, documents: pd.DataFrame, dimensions: compare.DimensionCodebook
) -> list[Selection]:
    """One selection per programme mention, metric and dimension hit of the run; surfaces are proven
    against the raw texts and the hits against ``dimension_scores``."""
    raw = dict(zip(documents["doc_id"], documents["raw_text"], strict=True))
    parquet = run.info.get("format", "csv") == "parquet"

    def name(table: str) -> str:
        return str(run.folder / (table if parquet else f"{table}.csv"))

    _check_surfaces(run.programmes, raw, name("programmes"))
    _check_surfaces(run.metrics, raw, name("metrics"))
    selections = [
        Selection(d, s, e, ("programme", p), f"govtext programme mention: {p}")
        for d, s, e, p in zip(
            run.programmes["doc_id"],
            run.programmes["start"],
            run.programmes["end"],
            run.programmes["programme_id"],
            strict=True,
        )
    ]
    for record in run.metrics.to_dict("records"):
        row = {str(k): v for k, v in record.items()}
        unit_class = str(row["unit_class"]) or "unspecified"
        selections.append(
            Selection(
                str(row["doc_id"]),
                int(row["start"]),
                int(row["end"]),
                ("unit_class", unit_class),
                _metric_description(row),
            )
        )
    hits = dimension_hits(documents, dimensions)
    counted = hits.groupby(["doc_id", "dimension"]).size()
    scores = run.dimension_scores.set_index(["doc_id", "dimension"])["hits"]
    scores = scores[scores > 0]
    if not counted.sort_index().equals(scores.sort_index().astype(counted.dtype)):
        raise QdaError(
            f"{name('dimension_scores')}: the hits found again do not add up to the run's (another "
            "dimensions file or corpus?)"
        )
    selections += [
        Selection(d, int(s), int(e), ("dimension", dim), f"govtext dimension hit: term {term}")
        for d, s, e, dim, term in zip(
            hits["doc_id"], hits["start"], hits["end"], hits["dimension"], hits["term"], strict=True
        )
    ]
    return selections


def _variable_types(documents: pd.DataFrame, columns: Sequence[str]) -> dict[str, str]:
    types = {}
    for column in columns:
        values = [v for v in documents[column].astype(str) if v.strip()]
        kind = "Text"
        if column == "date" and values:
            try:
                for value in values:
                    dt.date.fromisoformat(value)
                kind = "Date"
            except ValueError:
                kind = "Text"
        types[column] = kind
    return types


def build_project(
    documents: pd.DataFrame,
    codes: Sequence[Code],
    selections: Sequence[Selection],
    *,
    name: str,
    description: str = "",
    sets: Sequence[CodeSet] = (),
    variables: Sequence[str] | None = None,
) -> tuple[bytes, dict[str, bytes]]:
    """``project.qde`` and the source files (``{"sources/<guid>.txt": utf-8 bytes}``) of a project.

    ``documents`` needs ``doc_id`` and ``raw_text``; ``variables`` are its columns to write as document
    variables (default: every column but raw_text, sha256 and n_chars). A selection's code must be one
    of ``codes`` and its span inside its document, else ``QdaError``.
    """
    ns = PROJECT_NS
    user = stable_guid("user", USER_NAME)
    root = ET.Element(
        qname(ns, "Project"), {"name": name, "origin": f"govtext {__version__}", "creatingUserGUID": user}
    )
    users = ET.SubElement(root, qname(ns, "Users"))
    ET.SubElement(users, qname(ns, "User"), {"guid": user, "name": USER_NAME, "id": USER_NAME})
    code_guids = {code.key: code.guid for group in codes for code in group.walk()}
    codebook = ET.SubElement(root, qname(ns, "CodeBook"))
    code_list = ET.SubElement(codebook, qname(ns, "Codes"))
    for group in codes:
        code_element(code_list, group, ns)

    if variables is None:
        variables = [c for c in documents.columns if c not in ("raw_text", *NOT_VARIABLES)]
    types = _variable_types(documents, variables)
    if variables:
        variable_list = ET.SubElement(root, qname(ns, "Variables"))
        for column in variables:
            ET.SubElement(
                variable_list,
                qname(ns, "Variable"),
                {"guid": stable_guid("variable", column), "name": column, "typeOfVariable": types[column]},
            )

    by_doc: dict[str, list[Selection]] = {}
    for selection in selections:
        by_doc.setdefault(selection.doc_id, []).append(selection)
    sources = ET.SubElement(root, qname(ns, "Sources"))
    members: dict[str, bytes] = {}
    order = {instrument: n for n, instrument in enumerate(INSTRUMENTS)}
    for record in documents.to_dict("records"):
        doc_id, text = str(record["doc_id"]), str(record["raw_text"])
        guid = stable_guid("source", doc_id)
        file_name = f"{guid}.txt"
        members[f"{SOURCES_FOLDER}/{file_name}"] = text.encode("utf-8")
        source = ET.SubElement(
            sources,
            qname(ns, "TextSource"),
            {
                "guid": guid,
                "name": doc_id,
                "plainTextPath": f"{INTERNAL_PREFIX}{file_name}",
                "creatingUser": user,
            },
        )
        title = str(record.get("title", "") or "").strip()
        if title:
            ET.SubElement(source, qname(ns, "Description")).text = title
        seen: dict[str, int] = {}
        for selection in sorted(
            by_doc.pop(doc_id, []), key=lambda s: (s.start, s.end, order.get(s.code[0], 9), s.code[1])
        ):
            if not 0 <= selection.start < selection.end <= len(text):
                raise QdaError(
                    f"selection [{selection.start}:{selection.end}] of {doc_id}: outside the text "
                    f"(0–{len(text)})"
                )
            if selection.code not in code_guids:
                raise QdaError(
                    f"selection [{selection.start}:{selection.end}] of {doc_id}: unknown code "
                    f"{':'.join(selection.code)}"
                )
            guid = selection.guid
            repeat = seen.get(guid, 0)
            seen[guid] = repeat + 1
            if repeat:  # the same code on the same span twice (two rows of a table)
                guid = stable_guid(
                    "selection", doc_id, selection.start, selection.end, *selection.code, repeat
                )
            surface = " ".join(text[selection.start : selection.end].split())
            element = ET.SubElement(
                source,
                qname(ns, "PlainTextSelection"),
                {
                    "guid": guid,
                    "name": surface if len(surface) <= 60 else surface[:59] + "…",
                    "startPosition": str(selection.start),
                    "endPosition": str(selection.end),
                    "creatingUser": user,
                },
            )
            if selection.description:
                ET.SubElement(element, qname(ns, "Description")).text = selection.description
            coding = ET.SubElement(
                element, qname(ns, "Coding"), {"guid": stable_guid("coding", guid), "creatingUser": user}
            )
            ET.SubElement(coding, qname(ns, "CodeRef"), {"targetGUID": code_guids[selection.code]})
        for column in variables:
            value = str(record.get(column, "") or "").strip()
            if not value or value.lower() == "nan":
                continue
            variable_value = ET.SubElement(source, qname(ns, "VariableValue"))
            ET.SubElement(
                variable_value, qname(ns, "VariableRef"), {"targetGUID": stable_guid("variable", column)}
            )
            tag = "DateValue" if types[column] == "Date" else "TextValue"
            ET.SubElement(variable_value, qname(ns, tag)).text = value
    if by_doc:
        doc_id = sorted(by_doc)[0]
        raise QdaError(f"selection of document {doc_id}: the document is not among the sources")

    sets_element(root, sets, ns, "targetGUID")
    if description:
        ET.SubElement(root, qname(ns, "Description")).text = description
    return xml_bytes(root, ns), members


def write_qdpx(path: str | Path, qde: bytes, members: Mapping[str, bytes]) -> None:
    """Write the ``.qdpx`` zip (``project.qde`` first, then the sources in name order) atomically, every
    member dated :data:`ZIP_DATE` so that the same project gives the same bytes."""

    def write(handle: IO[bytes]) -> None:
        with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for member, data in [(PROJECT_FILE, qde), *sorted(members.items())]:
                info = zipfile.ZipInfo(member, date_time=ZIP_DATE)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archive.writestr(info, data)

    atomic_write(path, write)


def _project_description(run: RunOutput, files: Mapping[str, Path]) -> str:
    resources = "; ".join(
        f"{name} {entry.get('file', '?')} sha256 {entry.get('sha256', '?')}"
        for name, entry in run.info["resources"].items()
        if name in files
    )
    return (
        f"Exported by govtext {__version__} from a govtext run (govtext {run.info.get('govtext', '?')}, "
        f"tagger {run.info.get('tagger', '?')}). Sources are the raw texts of the corpus files; positions "
        f"are character offsets into them (end exclusive). Codes: programme mentions by kind, metrics by "
        f"unit class, governance dimension hits. Resources: {resources}."
    )


def export_qdpx(
    out_dir: str | Path,
    corpus_dir: str | Path,
    to: str | Path,
    *,
    codebook: str | Path | None = None,
    dimensions: str | Path | None = None,
    units: str | Path | None = None,
    name: str | None = None,
) -> ExportSummary:
    """Write the coding of the ``govtext run`` output ``out_dir`` (on the files of ``corpus_dir``) as the
    REFI-QDA project ``to``. The codebook, dimensions and units files default to the packaged ones and
    must be those of the run. Raises ``QdaError`` (or ``CorpusError``) naming the file; ``to`` is written
    only when everything succeeded."""
    run = read_run(out_dir)
    files = resource_files(codebook=codebook, dimensions=dimensions, units=units)
    check_resources(run, files)
    codes_table = programmes.load_codebook(files["codebook"])
    dims = compare.load_dimensions(files["dimensions"])
    unit_book = metrics.load_units(files["units"])
    documents = corpus_documents(run, corpus_dir)
    metadata = run.documents.drop(columns=[c for c in NOT_VARIABLES if c in run.documents.columns])
    documents = metadata.merge(documents[["doc_id", "raw_text"]], on="doc_id", how="left", validate="1:1")
    selections = run_selections(run, documents, dims)
    codes = [programme_codes(codes_table), unit_class_codes(unit_book), dimension_codes(dims)]
    project_name = name or f"govtext: {Path(corpus_dir).resolve().name}"
    qde, members = build_project(
        documents,
        codes,
        selections,
        name=project_name,
        description=_project_description(run, files),
        sets=level_sets(codes_table),
    )
    write_qdpx(to, qde, members)
    counts = {instrument: sum(s.code[0] == instrument for s in selections) for instrument in INSTRUMENTS}
    return ExportSummary(Path(to), len(documents), sum(1 for g in codes for _ in g.walk()), counts)
