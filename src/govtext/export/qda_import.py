"""``govtext import qdpx``: a REFI-QDA project coded in a QDA tool, back as govtext annotations.

``import_qdpx`` reads a ``.qdpx`` (a zip of ``project.qde`` and ``sources/``) and the corpus it was made
from. Each ``TextSource`` is matched to a corpus document — by the GUID a govtext export gave it, else by
a ``doc_id`` document variable, else by its name (``doc_id`` or the file name) — and its text must be
exactly the document's raw text, so that positions are raw offsets (a tool that changed line endings or
dropped characters would shift every position: that is an error naming the source). Each coded
``PlainTextSelection`` becomes a row; its code is mapped, by the GUID of a govtext export or else by name
(within its group when it sits under one), to a programme (id, Chinese name or alias, as the matcher
compares names), a kind (a programme the codebook does not have), a metric unit class or a governance
dimension.

The result (:class:`ImportedCoding`, written by ``write_import``) has the project's annotation format:
``programmes.csv`` starts with the columns of the gold files (``GOLD_COLUMNS``: doc_id, start, end,
surface, programme_id, note, so :func:`govtext.evaluate.programmes.load_gold_mentions` reads it;
programme_id is empty for a kind code), then kind, code, coder, selection_guid; ``metrics.csv`` and
``dimensions.csv`` the same with unit_class or dimension; ``import.json`` what was read and left out.
``score_run`` scores a run's tables against it with :func:`govtext.evaluate.programmes.evaluate_mentions`.

Bad input raises :class:`~govtext.export.refi.QdaError` with one line naming the file and element: not a
zip, no ``project.qde``, XML that is not well formed or not a REFI-QDA project, a source whose file is
missing, external or not UTF-8, a source not in the corpus or whose text differs, a position outside a
source, a code reference to no code, a code that is neither a programme, a kind, a unit class nor a
dimension.
"""

from __future__ import annotations

import hashlib
import json
import xml.etree.ElementTree as ET
import zipfile
import zlib
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from govtext import __version__, compare, corpus, metrics, programmes
from govtext.evaluate.programmes import GOLD_COLUMNS, evaluate_mentions
from govtext.export.qdpx import (
    EXPORT_RESOURCES,
    check_resources,
    dimension_hits,
    read_run,
    resource_files,
)
from govtext.export.refi import (
    GROUPS,
    INTERNAL_PREFIX,
    PROJECT_FILE,
    PROJECT_NS,
    SOURCES_FOLDER,
    QdaError,
    normal_guid,
    qname,
    stable_guid,
)
from govtext.programmes.names import name_key
from govtext.runfolder import read_run_table

PROGRAMME_COLUMNS = [*GOLD_COLUMNS, "kind", "code", "coder", "selection_guid"]
"""Columns of the imported ``programmes.csv``: the gold columns first (programme_id empty for a kind)."""
METRIC_COLUMNS = [
    "doc_id",
    "start",
    "end",
    "surface",
    "unit_class",
    "note",
    "code",
    "coder",
    "selection_guid",
]
DIMENSION_COLUMNS = [
    "doc_id",
    "start",
    "end",
    "surface",
    "dimension",
    "note",
    "code",
    "coder",
    "selection_guid",
]
KIND_NOTE = "coded with a kind: a programme the codebook does not have"
SCORE_COLUMNS = ["instrument", "compared", "gold", "predicted", "precision", "recall", "f1", "tp", "fp", "fn"]


@dataclass(frozen=True)
class ImportedCoding:
    """The codings of a project as govtext annotation tables, and what was read (``info``)."""

    project: Path
    programmes: pd.DataFrame
    metrics: pd.DataFrame
    dimensions: pd.DataFrame
    documents: pd.DataFrame
    """The corpus documents the project's sources are (doc_id, source_file, raw_text …)."""
    info: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class _ProjectCode:
    guid: str
    name: str
    parent: str | None
    where: str


class CodeMap:
    """Maps the codes of a project to govtext's: ``(namespace, value)`` with namespace ``group``,
    ``programme``, ``kind``, ``unit_class`` or ``dimension`` (see :meth:`resolve`)."""

    def __init__(
        self, codebook: pd.DataFrame, units: metrics.Units, dimensions: compare.DimensionCodebook
    ) -> None:
        self.kind_of = dict(zip(codebook["id"], codebook["kind"], strict=True))
        keys: list[tuple[str, str]] = [("group", g) for g in GROUPS]
        names: dict[str, dict[str, str]] = {"group": {g: g for g in GROUPS}}
        programme_names: dict[str, str] = {}
        for pid, name_zh, aliases in zip(
            codebook["id"], codebook["name_zh"], codebook["aliases"], strict=True
        ):
            keys.append(("programme", pid))
            for text in (pid, name_zh, *aliases):
                programme_names.setdefault(name_key(text), pid)
        names["programme"] = programme_names
        kinds = list(codebook.attrs.get("kinds") or dict.fromkeys(codebook["kind"]))
        keys += [("kind", k) for k in kinds]
        names["kind"] = {k.lower(): k for k in kinds}
        keys += [("unit_class", c) for c in units.classes]
        names["unit_class"] = {c.lower(): c for c in units.classes}
        dimension_names: dict[str, str] = {}
        for did, name_en, name_zh in zip(
            dimensions.dimensions["id"],
            dimensions.dimensions["name_en"],
            dimensions.dimensions["name_zh"],
            strict=True,
        ):
            keys.append(("dimension", did))
            for text in (did, name_en, name_zh):
                dimension_names.setdefault(str(text).strip().lower(), did)
        names["dimension"] = dimension_names
        self.names = names
        self.by_guid = {stable_guid("code", *key): key for key in keys}

    def _by_name(self, name: str, namespaces: Sequence[str]) -> list[tuple[str, str]]:
        found = []
        for namespace in namespaces:
            key = name_key(name) if namespace == "programme" else " ".join(name.split()).lower()
            if key in self.names[namespace]:
                found.append((namespace, self.names[namespace][key]))
        return found

    def resolve(self, code: _ProjectCode, codes: Mapping[str, _ProjectCode]) -> tuple[str, str] | None:
        """The govtext code a project code stands for: by the GUID govtext gave it, else by name (a
        programme's id, name or alias; a kind; a unit class; a dimension's id or name), looked up in its
        group if an ancestor is a govtext group, kind or code. None if it is none of these; a name that
        fits two namespaces outside any group raises ``QdaError``."""
        if code.guid in self.by_guid:
            return self.by_guid[code.guid]
        group = None
        parent = codes.get(code.parent) if code.parent else None
        if parent is not None:
            above = self.resolve(parent, codes)
            if above is not None:
                group = above[1] if above[0] == "group" else _GROUP_OF[above[0]]
        if group is None:
            found = self._by_name(code.name, ["group", "programme", "kind", "unit_class", "dimension"])
            if len(found) > 1:
                options = ", ".join(f"{ns} {value}" for ns, value in found)
                raise QdaError(
                    f"{code.where}: name {code.name!r} is ambiguous ({options}); put the code under the "
                    "programmes, metrics or dimensions group"
                )
            return found[0] if found else None
        found = self._by_name(code.name, _NAMESPACES_OF[group])
        return found[0] if found else None


_GROUP_OF = {
    "programme": "programmes",
    "kind": "programmes",
    "unit_class": "metrics",
    "dimension": "dimensions",
}
_NAMESPACES_OF = {
    "programmes": ["programme", "kind"],
    "metrics": ["unit_class"],
    "dimensions": ["dimension"],
}


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _namespace(tag: str) -> str:
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


def _label(element: ET.Element) -> str:
    """``<TextSource name='…' guid='…'>``: how a message names an element."""
    parts = [_local(element.tag)]
    for attribute in ("name", "guid"):
        if attribute in element.attrib:
            value = " ".join(element.attrib[attribute].split())
            parts.append(f"{attribute}={value[:60]!r}")
    return "<" + " ".join(parts) + ">"


def _open_archive(path: Path) -> tuple[zipfile.ZipFile, str, bytes]:
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise QdaError(f"{path}: file not found") from None
    except IsADirectoryError:
        raise QdaError(f"{path}: is a folder, not a .qdpx file") from None
    except (zipfile.BadZipFile, EOFError, ValueError):
        raise QdaError(
            f"{path}: not a zip archive (a .qdpx project is a zip of {PROJECT_FILE} and {SOURCES_FOLDER}/); "
            "corrupt or not a .qdpx file"
        ) from None
    except OSError as exc:
        raise QdaError(f"{path}: cannot read: {exc.strerror or exc}") from None
    members = [n for n in archive.namelist() if n.lower().endswith(".qde")]
    top = [n for n in members if "/" not in n.strip("/")]
    chosen = top or members
    if not chosen:
        archive.close()
        raise QdaError(f"{path}: no {PROJECT_FILE} in the archive (not a REFI-QDA project)")
    if len(chosen) > 1:
        archive.close()
        raise QdaError(f"{path}: several .qde files in the archive ({', '.join(sorted(chosen)[:3])})")
    return archive, chosen[0], _read_member(archive, path, chosen[0])


def _read_member(archive: zipfile.ZipFile, path: Path, member: str) -> bytes:
    try:
        return archive.read(member)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError) as exc:
        raise QdaError(f"{path}: {member}: cannot be read from the archive (corrupt zip: {exc})") from None


def _parse(path: Path, member: str, data: bytes) -> ET.Element:
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise QdaError(f"{path}: {member}: not well-formed XML ({exc})") from None
    if root.tag != qname(PROJECT_NS, "Project"):
        namespace = _namespace(root.tag) or "none"
        hint = " (a REFI-QDA codebook, not a project)" if _local(root.tag) == "CodeBook" else ""
        raise QdaError(
            f"{path}: {member}: root element <{_local(root.tag)}> in namespace {namespace} is not a REFI-QDA "
            f'project <Project xmlns="{PROJECT_NS}">{hint}'
        )
    return root


def _children(element: ET.Element | None, tag: str) -> list[ET.Element]:
    return [] if element is None else element.findall(qname(PROJECT_NS, tag))


def _project_codes(root: ET.Element, where: str) -> dict[str, _ProjectCode]:
    codes: dict[str, _ProjectCode] = {}
    codebook = root.find(qname(PROJECT_NS, "CodeBook"))
    top = codebook.find(qname(PROJECT_NS, "Codes")) if codebook is not None else None

    def walk(element: ET.Element, parent: str | None, number: int) -> None:
        label = f"{where}: {_label(element)}" if "name" in element.attrib else f"{where}: <Code> #{number}"
        if "guid" not in element.attrib:
            raise QdaError(f"{label}: attribute 'guid' missing")
        if "name" not in element.attrib:
            raise QdaError(f"{label}: attribute 'name' missing")
        guid = normal_guid(element.attrib["guid"])
        codes[guid] = _ProjectCode(guid, element.attrib["name"], parent, f"{where}: {_label(element)}")
        for n, child in enumerate(_children(element, "Code"), start=1):
            walk(child, guid, n)

    for n, element in enumerate(_children(top, "Code"), start=1):
        walk(element, None, n)
    return codes


def _position(selection: ET.Element, attribute: str, where: str) -> int:
    value = selection.attrib.get(attribute)
    if value is None:
        raise QdaError(f"{where}: attribute '{attribute}' missing")
    try:
        return int(value.strip())
    except ValueError:
        raise QdaError(f"{where}: {attribute} {value!r} is not an integer") from None


def _first_difference(a: str, b: str) -> int:
    for n, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            return n
    return min(len(a), len(b))


class _Sources:
    """Matches the project's sources to corpus documents."""

    def __init__(self, documents: pd.DataFrame) -> None:
        self.raw = dict(zip(documents["doc_id"], documents["raw_text"], strict=True))
        self.file_of = dict(zip(documents["doc_id"], documents["source_file"], strict=True))
        self.by_guid = {stable_guid("source", d): d for d in self.raw}
        by_name: dict[str, str] = {}
        for doc_id, source_file in self.file_of.items():
            for name in (doc_id, str(source_file), Path(str(source_file)).name, Path(str(source_file)).stem):
                by_name.setdefault(name, doc_id)
        self.by_name = by_name

    def match(self, guid: str, name: str, doc_id_variable: str | None) -> str | None:
        for found in (self.by_guid.get(guid), doc_id_variable if doc_id_variable in self.raw else None):
            if found is not None:
                return found
        return self.by_name.get(name.strip())


def _variable_names(root: ET.Element) -> dict[str, str]:
    variables = root.find(qname(PROJECT_NS, "Variables"))
    return {
        normal_guid(v.attrib["guid"]): v.attrib.get("name", "")
        for v in _children(variables, "Variable")
        if "guid" in v.attrib
    }


def _doc_id_variable(source: ET.Element, variable_names: Mapping[str, str]) -> str | None:
    for value in _children(source, "VariableValue"):
        ref = value.find(qname(PROJECT_NS, "VariableRef"))
        if ref is None or variable_names.get(normal_guid(ref.attrib.get("targetGUID", ""))) != "doc_id":
            continue
        text = value.find(qname(PROJECT_NS, "TextValue"))
        if text is not None and text.text:
            return text.text.strip()
    return None


def _source_text(
    archive: zipfile.ZipFile, path: Path, source: ET.Element, where: str, members: Mapping[str, str]
) -> tuple[str, str]:
    """The plain text of a TextSource and where it was (member name, or 'PlainTextContent')."""
    content = source.find(qname(PROJECT_NS, "PlainTextContent"))
    if content is not None:
        return content.text or "", "PlainTextContent"
    plain = source.attrib.get("plainTextPath")
    if not plain:
        raise QdaError(f"{where}: neither plainTextPath nor PlainTextContent (no plain text to check)")
    if not plain.lower().startswith(INTERNAL_PREFIX):
        raise QdaError(
            f"{where}: plainTextPath {plain!r} is outside the archive; only internal:// sources can be "
            "checked"
        )
    relative = plain[len(INTERNAL_PREFIX) :].lstrip("/")
    member = members.get(f"{SOURCES_FOLDER}/{relative}".lower()) or members.get(relative.lower())
    if member is None:
        raise QdaError(f"{path}: {where}: plainTextPath {plain!r}: no such file in the archive")
    data = _read_member(archive, path, member)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise QdaError(f"{path}: {member} ({where}): not UTF-8 text (byte {exc.start})") from None
    return text.removeprefix("\ufeff"), member


def _user_names(root: ET.Element) -> dict[str, str]:
    users = root.find(qname(PROJECT_NS, "Users"))
    return {
        normal_guid(u.attrib["guid"]): u.attrib.get("name") or u.attrib.get("id") or u.attrib["guid"]
        for u in _children(users, "User")
        if "guid" in u.attrib
    }


def _frame(rows: list[dict[str, Any]], columns: Sequence[str], value: str) -> pd.DataFrame:
    table = pd.DataFrame(rows, columns=list(columns))
    table["start"] = table["start"].astype("int64")
    table["end"] = table["end"].astype("int64")
    return table.sort_values(["doc_id", "start", "end", value, "code"], kind="stable").reset_index(drop=True)


class _ProjectReader:
    """Reads the sources of a parsed project into rows, one source at a time."""

    def __init__(
        self,
        path: Path,
        archive: zipfile.ZipFile,
        root: ET.Element,
        where: str,
        code_map: CodeMap,
        sources: _Sources,
    ) -> None:
        self.path, self.archive, self.where, self.code_map, self.sources = (
            path,
            archive,
            where,
            code_map,
            sources,
        )
        self.codes = _project_codes(root, where)
        self.resolved: dict[str, tuple[str, str] | None] = {}
        self.variable_names = _variable_names(root)
        self.users = _user_names(root)
        self.members = {name.lower(): name for name in archive.namelist() if not name.endswith("/")}
        self.rows: dict[str, list[dict[str, Any]]] = {"programme": [], "unit_class": [], "dimension": []}
        self.ignored: Counter[str] = Counter()
        self.seen_docs: dict[str, str] = {}

    def read_source(self, source: ET.Element, corpus_dir: str | Path) -> None:
        """Match a source to its corpus document, check its text, read its coded selections."""
        if _local(source.tag) != "TextSource":
            self.ignored[f"{_local(source.tag)} (not a text source)"] += 1
            return
        where = f"{self.where}: {_label(source)}"
        if "guid" not in source.attrib:
            raise QdaError(f"{where}: attribute 'guid' missing")
        name = source.attrib.get("name", "")
        doc_id = self.sources.match(
            normal_guid(source.attrib["guid"]), name, _doc_id_variable(source, self.variable_names)
        )
        if doc_id is None:
            raise QdaError(
                f"{where}: no document of {corpus_dir} has this GUID, doc_id variable or name "
                "(doc_id or file name)"
            )
        if doc_id in self.seen_docs:
            raise QdaError(f"{where}: document {doc_id} is also the source {self.seen_docs[doc_id]}")
        self.seen_docs[doc_id] = _label(source)
        text, text_from = _source_text(self.archive, self.path, source, _label(source), self.members)
        raw = self.sources.raw[doc_id]
        if text != raw:
            at = _first_difference(text, raw)
            corpus_file = Path(corpus_dir) / str(self.sources.file_of[doc_id])
            raise QdaError(
                f"{where} ({text_from}): text differs from the corpus file {corpus_file} at character "
                f"{at} (line {raw.count(chr(10), 0, at) + 1}; project {text[at : at + 12]!r}, corpus "
                f"{raw[at : at + 12]!r}; lengths {len(text)} and {len(raw)}): positions would not be raw "
                "offsets"
            )
        self.ignored["codings of a whole source"] += len(_children(source, "Coding"))
        for selection in _children(source, "PlainTextSelection"):
            self.read_selection(selection, f"{where}: {_label(selection)}", doc_id, raw)

    def read_selection(self, selection: ET.Element, where: str, doc_id: str, raw: str) -> None:
        """One row per coding of a selection (positions checked, codes mapped)."""
        start = _position(selection, "startPosition", where)
        end = _position(selection, "endPosition", where)
        if not 0 <= start < end <= len(raw):
            raise QdaError(
                f"{where}: positions {start}–{end} are outside the source (0–{len(raw)} characters) or empty"
            )
        codings = _children(selection, "Coding")
        if not codings:
            self.ignored["selections without a coding"] += 1
        for coding in codings:
            code, key = self.code_of(coding, where)
            creator = normal_guid(
                coding.attrib.get("creatingUser") or selection.attrib.get("creatingUser", "")
            )
            row: dict[str, Any] = {
                "doc_id": doc_id,
                "start": start,
                "end": end,
                "surface": raw[start:end],
                "note": "",
                "code": code.name,
                "coder": self.users.get(creator, creator),
                "selection_guid": normal_guid(selection.attrib.get("guid", "")),
            }
            namespace, value = key
            if namespace == "programme":
                kind = self.code_map.kind_of[value]
                self.rows["programme"].append({**row, "programme_id": value, "kind": kind})
            elif namespace == "kind":
                self.rows["programme"].append({**row, "programme_id": "", "kind": value, "note": KIND_NOTE})
            else:
                self.rows[namespace].append({**row, namespace: value})

    def code_of(self, coding: ET.Element, where: str) -> tuple[_ProjectCode, tuple[str, str]]:
        """The project code of a coding and the govtext code it stands for."""
        ref = coding.find(qname(PROJECT_NS, "CodeRef"))
        if ref is None or "targetGUID" not in ref.attrib:
            raise QdaError(f"{where}: <Coding> without <CodeRef targetGUID>")
        target = normal_guid(ref.attrib["targetGUID"])
        code = self.codes.get(target)
        if code is None:
            raise QdaError(f"{where}: <CodeRef targetGUID={target!r}>: no code of the project has this GUID")
        if target not in self.resolved:
            self.resolved[target] = self.code_map.resolve(code, self.codes)
        key = self.resolved[target]
        if key is None:
            raise QdaError(
                f"{code.where}: unknown code {code.name!r} (used by {where.rsplit(': ', 1)[-1]}): not a "
                "programme id, name or alias, a kind, a unit class or a dimension of the codebooks; rename "
                "it or remove its codings"
            )
        if key[0] == "group":
            raise QdaError(
                f"{code.where}: {code.name!r} is the {key[1]} group (used by {where.rsplit(': ', 1)[-1]}); "
                "code with a programme, kind, unit class or dimension below it"
            )
        return code, key


def import_qdpx(
    project: str | Path,
    corpus_dir: str | Path,
    *,
    codebook: str | Path | None = None,
    dimensions: str | Path | None = None,
    units: str | Path | None = None,
    encoding: str = "utf-8",
    recursive: bool = False,
) -> ImportedCoding:
    """The codings of the REFI-QDA project ``project`` (a ``.qdpx`` file) on the corpus ``corpus_dir``,
    codes mapped with the codebook, units and dimensions files (default: the packaged ones). Raises
    ``QdaError`` naming the file and the element at the first problem (see the module docstring)."""
    path = Path(project)
    files = resource_files(codebook=codebook, dimensions=dimensions, units=units)
    code_map = CodeMap(
        programmes.load_codebook(files["codebook"]),
        metrics.load_units(files["units"]),
        compare.load_dimensions(files["dimensions"]),
    )
    documents = corpus.load_corpus(corpus_dir, encoding=encoding, recursive=recursive)
    archive, qde_name, data = _open_archive(path)
    with archive:
        root = _parse(path, qde_name, data)
        reader = _ProjectReader(path, archive, root, f"{path}: {qde_name}", code_map, _Sources(documents))
        source_list = root.find(qname(PROJECT_NS, "Sources"))
        for source in [] if source_list is None else list(source_list):
            reader.read_source(source, corpus_dir)
    rows, ignored, seen_docs = reader.rows, reader.ignored, reader.seen_docs
    docs = documents[documents["doc_id"].isin(seen_docs)].reset_index(drop=True)
    info = {
        "govtext": __version__,
        "command": "import qdpx",
        "project": str(path),
        "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "project_name": root.attrib.get("name", ""),
        "origin": root.attrib.get("origin", ""),
        "corpus": str(corpus_dir),
        "documents": sorted(seen_docs),
        "rows": {
            "programmes": len(rows["programme"]),
            "metrics": len(rows["unit_class"]),
            "dimensions": len(rows["dimension"]),
        },
        "left_out": dict(sorted((k, v) for k, v in ignored.items() if v)),
        "resources": {
            name: {"file": p.name, "sha256": hashlib.sha256(p.read_bytes()).hexdigest()}
            for name, p in files.items()
        },
    }
    return ImportedCoding(
        path,
        _frame(rows["programme"], PROGRAMME_COLUMNS, "programme_id"),
        _frame(rows["unit_class"], METRIC_COLUMNS, "unit_class"),
        _frame(rows["dimension"], DIMENSION_COLUMNS, "dimension"),
        docs,
        info,
    )


def write_import(coding: ImportedCoding, folder: str | Path) -> None:
    """``programmes.csv``, ``metrics.csv``, ``dimensions.csv`` and ``import.json`` in ``folder`` (which
    the caller stages: see ``govtext.cli.staging.staged_output``)."""
    folder = Path(folder)
    for name, table in (
        ("programmes", coding.programmes),
        ("metrics", coding.metrics),
        ("dimensions", coding.dimensions),
    ):
        table.to_csv(folder / f"{name}.csv", index=False, encoding="utf-8", lineterminator="\n")
    text = json.dumps(coding.info, ensure_ascii=False, indent=2) + "\n"
    (folder / "import.json").write_text(text, encoding="utf-8")


def _score(
    instrument: str, compared: str, predicted: pd.DataFrame, gold: pd.DataFrame, by: bool
) -> dict[str, Any]:
    result = evaluate_mentions(predicted, gold, by_programme=by)
    return {
        "instrument": instrument,
        "compared": compared,
        "gold": len(gold),
        "predicted": len(predicted),
        **result,
    }


def score_run(coding: ImportedCoding, run_dir: str | Path, **resources: str | Path | None) -> pd.DataFrame:
    """Precision, recall and F1 of the run ``run_dir`` against the imported coding, on the documents of
    the project (``SCORE_COLUMNS``; :func:`~govtext.evaluate.programmes.evaluate_mentions`, spans matched
    by overlap): programme mentions (same programme), mentions and the selected discovery candidates (any
    span coded as a programme or kind), metrics (same unit class) and dimension hits (same dimension)."""
    run = read_run(run_dir)
    files = resource_files(**{name: resources.get(name) for name in EXPORT_RESOURCES})
    check_resources(run, files)
    docs = set(coding.info.get("documents", []))
    mentions = run.programmes[run.programmes["doc_id"].isin(docs)]
    gold_programmes = coding.programmes
    named = gold_programmes[gold_programmes["programme_id"] != ""]
    rows = [_score("programmes", "mentions, same programme", mentions, named, True)]
    spans = mentions[["doc_id", "start", "end"]]
    fmt = str(run.info.get("format", "csv"))
    if (Path(run_dir) / ("candidates" if fmt == "parquet" else "candidates.csv")).exists():
        candidates = read_run_table(
            run_dir,
            "candidates",
            fmt,
            bom=bool(run.info.get("bom")),
            excel_safe=bool(run.info.get("excel_safe")),
        )
        keep = candidates["doc_id"].astype(str).isin(docs)
        if "selected" in candidates.columns:  # runs since 0.2: only the candidates the score selects
            keep &= candidates["selected"].astype(str).isin(["True", "true", "1"])
        chosen = candidates.loc[keep, ["doc_id", "start", "end"]]
        spans = pd.concat([spans, chosen.astype({"start": "int64", "end": "int64"})])
    spans = spans.assign(programme_id="")
    rows.append(_score("programmes", "spans: mentions and candidates", spans, gold_programmes, False))
    predicted_metrics = run.metrics[run.metrics["doc_id"].isin(docs)].rename(
        columns={"unit_class": "programme_id"}
    )
    gold_metrics = coding.metrics.rename(columns={"unit_class": "programme_id"})
    rows.append(_score("metrics", "spans, same unit class", predicted_metrics, gold_metrics, True))
    hits = dimension_hits(coding.documents, compare.load_dimensions(files["dimensions"]))
    gold_hits = coding.dimensions.rename(columns={"dimension": "programme_id"})
    rows.append(
        _score(
            "dimensions",
            "hits, same dimension",
            hits.rename(columns={"dimension": "programme_id"}),
            gold_hits,
            True,
        )
    )
    return pd.DataFrame(rows, columns=SCORE_COLUMNS)
