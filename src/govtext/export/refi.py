"""What the REFI-QDA files share: namespaces, stable GUIDs, the code tree made from govtext's codebooks.

REFI-QDA 1.5 (the exchange standard of NVivo, ATLAS.ti, MAXQDA, QualCoder …) has two XML schemas: the
project (``urn:QDA-XML:project:1.0``, ``project.qde`` inside a ``.qdpx`` zip) and the codebook
(``urn:QDA-XML:codebook:1.0``, a ``.qdc`` file). Both nest ``Code`` elements (``guid``, ``name``,
``isCodable`` required; an optional ``Description`` first). Every GUID govtext writes is a UUID 5 of
what the element stands for (:func:`stable_guid`: a programme id, a document id and span …), so that
two exports of the same run are byte for byte the same and diff cleanly, and so that an import can
recognise govtext's own codes and sources whatever a QDA tool renamed.

The code tree (:func:`programme_codes`, :func:`unit_class_codes`, :func:`dimension_codes`) has three
groups, each a code that cannot be coded itself: ``programmes`` (one code per kind of the programme
codebook, each holding one code per programme, with the codebook's definition as description),
``metrics`` (one code per unit class) and ``dimensions`` (one code per governance dimension).
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from govtext.compare.dimensions import DimensionCodebook
from govtext.metrics.units import Units

PROJECT_NS = "urn:QDA-XML:project:1.0"
"""Namespace of ``project.qde`` (REFI-QDA Project.xsd, QDA-XML 1.0 of 18 March 2019)."""
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
"""Namespace of a ``.qdc`` codebook (REFI-QDA Codebook.xsd)."""
PROJECT_FILE = "project.qde"
"""The XML member of a ``.qdpx`` archive."""
SOURCES_FOLDER = "sources"
"""The folder of a ``.qdpx`` archive that holds the source files (``internal://NAME`` is ``sources/NAME``)."""
INTERNAL_PREFIX = "internal://"

GUID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "govtext:refi-qda")
"""The UUID 5 namespace of every GUID govtext writes (a constant: GUIDs must not change between runs)."""
GUID_RE = re.compile(
    r"^(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
    r"|\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\})$"
)
"""The GUIDType pattern of both schemas (with or without braces)."""

GROUPS = ("programmes", "metrics", "dimensions")
"""The top-level codes: what each instrument codes."""
INSTRUMENT_OF_GROUP = {"programmes": "programme", "metrics": "unit_class", "dimensions": "dimension"}


class QdaError(ValueError):
    """A REFI-QDA file that cannot be read, or an export that cannot be made: one line naming the file
    and the element (or table and row)."""


def stable_guid(*parts: object) -> str:
    """The GUID of what ``parts`` name (``("code", "programme", "three_meetings_one_lesson")``): a UUID 5,
    lower case, the same on every run."""
    return str(uuid.uuid5(GUID_NAMESPACE, "\x1f".join(str(part) for part in parts)))


def normal_guid(value: str) -> str:
    """A GUID as compared on import: lower case, without braces or surrounding spaces."""
    return value.strip().strip("{}").lower()


def qname(namespace: str, tag: str) -> str:
    """``{namespace}tag``: an ElementTree qualified name."""
    return f"{{{namespace}}}{tag}"


@dataclass(frozen=True)
class Code:
    """A code of the tree: ``key`` is ``(namespace, id)`` — ``("group", "programmes")``, ``("kind",
    "campaign")``, ``("programme", id)``, ``("unit_class", name)`` or ``("dimension", id)``."""

    key: tuple[str, str]
    name: str
    description: str
    codable: bool = True
    children: tuple[Code, ...] = ()

    @property
    def guid(self) -> str:
        """The stable GUID of the code (from its key alone, so renaming a code keeps its GUID)."""
        return stable_guid("code", *self.key)

    def walk(self) -> Iterator[Code]:
        """This code and every code below it, depth first."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class CodeSet:
    """A set of codes (REFI ``Set``): the programmes of one level of government."""

    key: str
    name: str
    description: str
    members: tuple[str, ...] = field(default=())
    """GUIDs of the member codes."""

    @property
    def guid(self) -> str:
        """The stable GUID of the set."""
        return stable_guid("set", self.key)


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


def programme_codes(codebook: pd.DataFrame) -> Code:
    """The ``programmes`` group: one code per kind (``codebook.attrs["kinds"]``, in file order, with its
    definition), holding one code per programme named by ``name_zh``; its description is the codebook's
    definition, then the id, English name, level and aliases."""
    kinds: Mapping[str, str] = codebook.attrs.get("kinds") or {k: "" for k in dict.fromkeys(codebook["kind"])}
    kind_codes = []
    for kind, definition in kinds.items():
        rows = codebook[codebook["kind"] == kind]
        children = []
        row: Any
        for row in rows.itertuples(index=False):
            aliases = "、".join(row.aliases) if len(row.aliases) else "none"
            description = (
                f"{_one_line(row.definition)}\n\nid: {row.id}; English: {_one_line(row.name_en)}; "
                f"level: {row.level}; aliases: {aliases}"
            )
            children.append(Code(("programme", row.id), row.name_zh, description))
        kind_codes.append(Code(("kind", kind), kind, _one_line(definition), True, tuple(children)))
    name = codebook.attrs.get("name", "programme codebook")
    version = codebook.attrs.get("version", "")
    description = (
        f"Programme codebook '{name}' {version}: one code per kind, holding one code per programme. Code a "
        "mention of a programme with its code; a programme the codebook does not have with its kind."
    )
    return Code(("group", "programmes"), "programmes", description, False, tuple(kind_codes))


def level_sets(codebook: pd.DataFrame) -> list[CodeSet]:
    """One set per level of government (``codebook.attrs["levels"]``) with the programmes at that level;
    levels without programmes are left out."""
    levels: Mapping[str, str] = codebook.attrs.get("levels") or {
        k: "" for k in dict.fromkeys(codebook["level"])
    }
    sets = []
    for level, definition in levels.items():
        ids = codebook.loc[codebook["level"] == level, "id"].tolist()
        if ids:
            members = tuple(stable_guid("code", "programme", pid) for pid in ids)
            sets.append(CodeSet(f"level:{level}", f"level: {level}", _one_line(definition), members))
    return sets


def unit_class_codes(units: Units) -> Code:
    """The ``metrics`` group: one code per unit class of the units codebook."""
    children = tuple(
        Code(
            ("unit_class", name),
            name,
            f"{_one_line(unit_class.description)} (metric kind: {unit_class.kind})",
        )
        for name, unit_class in units.classes.items()
    )
    description = "Quantities the texts report (govtext metrics): one code per unit class."
    return Code(("group", "metrics"), "metrics", description, False, children)


def dimension_codes(dimensions: DimensionCodebook) -> Code:
    """The ``dimensions`` group: one code per governance dimension, named by its Chinese name."""
    children = []
    row: Any
    for row in dimensions.dimensions.itertuples(index=False):
        description = f"{_one_line(row.definition)}\n\nid: {row.id}; English: {_one_line(row.name_en)}"
        children.append(Code(("dimension", row.id), row.name_zh, description))
    description = (
        f"Governance dimensions '{dimensions.name}' {dimensions.version}: one code per dimension; a hit is "
        "an occurrence of one of its terms in a body sentence."
    )
    return Code(("group", "dimensions"), "dimensions", description, False, tuple(children))


def code_element(parent: ET.Element, code: Code, namespace: str) -> ET.Element:
    """Append ``<Code guid name isCodable><Description/><Code …/>…</Code>`` (schema order) to ``parent``."""
    element = ET.SubElement(
        parent,
        qname(namespace, "Code"),
        {"guid": code.guid, "name": code.name, "isCodable": "true" if code.codable else "false"},
    )
    if code.description:
        ET.SubElement(element, qname(namespace, "Description")).text = code.description
    for child in code.children:
        code_element(element, child, namespace)
    return element


def sets_element(parent: ET.Element, sets: Sequence[CodeSet], namespace: str, member_attribute: str) -> None:
    """Append ``<Sets><Set guid name><Description/><MemberCode …/>…</Set>…</Sets>`` to ``parent`` when there
    are sets. The member's attribute is ``targetGUID`` in a project and ``guid`` in a codebook (the two
    REFI-QDA schemas differ there)."""
    if not sets:
        return
    set_list = ET.SubElement(parent, qname(namespace, "Sets"))
    for code_set in sets:
        element = ET.SubElement(
            set_list, qname(namespace, "Set"), {"guid": code_set.guid, "name": code_set.name}
        )
        if code_set.description:
            ET.SubElement(element, qname(namespace, "Description")).text = code_set.description
        for member in code_set.members:
            ET.SubElement(element, qname(namespace, "MemberCode"), {member_attribute: member})


def xml_bytes(root: ET.Element, namespace: str) -> bytes:
    """The document as UTF-8 bytes with an XML declaration, indented, ``namespace`` the default one
    (declared on the root; ``root`` is changed in place to hold it)."""
    prefix = f"{{{namespace}}}"
    for element in root.iter():
        element.tag = element.tag.removeprefix(prefix)
    root.attrib = {"xmlns": namespace, **root.attrib}
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + body + "\n").encode("utf-8")


def atomic_write(path: str | Path, write: Any) -> None:
    """Call ``write(file)`` on a temporary file beside ``path``, then rename it to ``path``: ``path`` is
    either the complete new file or untouched (the temporary file is removed on any failure)."""
    path = Path(path)
    if path.is_dir():
        raise QdaError(f"{path}: is a folder; give a file name")
    parent = path.parent
    if not parent.is_dir():
        raise QdaError(f"{path}: folder {parent} does not exist")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
