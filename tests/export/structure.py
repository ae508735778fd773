"""The structure of REFI-QDA 1.5 files, from its schemas, for tests that need no network or lxml.

Project.xsd (``urn:QDA-XML:project:1.0``, QDA-XML 1.0 of 18 March 2019) and Codebook.xsd
(``urn:QDA-XML:codebook:1.0``): for each element govtext writes, the children in the order of its
``xsd:sequence``, the required attributes, and the attributes typed ``GUIDType``. ``problems`` walks a
parsed document and lists every element out of order, unknown, or missing a required attribute, and
every malformed GUID.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from govtext.export import CODEBOOK_NS, GUID_RE, PROJECT_NS

PROJECT_CHILDREN = {
    "Project": [
        "Users",
        "CodeBook",
        "Variables",
        "Cases",
        "Sources",
        "Notes",
        "Links",
        "Sets",
        "Graphs",
        "Description",
        "NoteRef",
    ],
    "Users": ["User"],
    "User": [],
    "CodeBook": ["Codes"],
    "Codes": ["Code"],
    "Code": ["Description", "NoteRef", "Code"],
    "Variables": ["Variable"],
    "Variable": ["Description"],
    "Sources": ["TextSource", "PictureSource", "PDFSource", "AudioSource", "VideoSource"],
    "TextSource": [
        "Description",
        "PlainTextContent",
        "PlainTextSelection",
        "Coding",
        "NoteRef",
        "VariableValue",
    ],
    "PlainTextSelection": ["Description", "Coding", "NoteRef"],
    "Coding": ["CodeRef", "NoteRef"],
    "CodeRef": [],
    "VariableValue": [
        "VariableRef",
        "TextValue",
        "BooleanValue",
        "IntegerValue",
        "FloatValue",
        "DateValue",
        "DateTimeValue",
    ],
    "VariableRef": [],
    "Sets": ["Set"],
    "Set": ["Description", "MemberCode", "MemberSource", "MemberNote"],
    "MemberCode": [],
    "Description": [],
    "PlainTextContent": [],
    "TextValue": [],
    "DateValue": [],
}
"""Children of each project element, in schema order (``Sources`` is a choice: any order)."""
PROJECT_REQUIRED = {
    "Project": ["name"],
    "User": ["guid"],
    "Code": ["guid", "name", "isCodable"],
    "Variable": ["guid", "name", "typeOfVariable"],
    "TextSource": ["guid"],
    "PlainTextSelection": ["guid", "startPosition", "endPosition"],
    "Coding": ["guid"],
    "CodeRef": ["targetGUID"],
    "VariableRef": ["targetGUID"],
    "Set": ["guid", "name"],
    "MemberCode": ["targetGUID"],
}
CODEBOOK_CHILDREN = {
    "CodeBook": ["Codes", "Sets"],
    "Codes": ["Code"],
    "Code": ["Description", "Code"],
    "Sets": ["Set"],
    "Set": ["Description", "MemberCode"],
    "MemberCode": [],
    "Description": [],
}
CODEBOOK_REQUIRED = {"Code": ["guid", "name", "isCodable"], "Set": ["guid", "name"], "MemberCode": ["guid"]}
GUID_ATTRIBUTES = {"guid", "targetGUID", "creatingUser", "creatingUserGUID", "modifyingUser"}
UNORDERED = {"Sources"}
DATE_TYPES = {"Text", "Boolean", "Integer", "Float", "Date", "DateTime"}


def _local(tag: str) -> tuple[str, str]:
    namespace, _, name = tag[1:].partition("}")
    return namespace, name


def problems(root: ET.Element, kind: str = "project") -> list[str]:
    """Every structural problem of a parsed ``project.qde`` (``kind="project"``) or ``.qdc``."""
    namespace = PROJECT_NS if kind == "project" else CODEBOOK_NS
    children = PROJECT_CHILDREN if kind == "project" else CODEBOOK_CHILDREN
    required = PROJECT_REQUIRED if kind == "project" else CODEBOOK_REQUIRED
    found: list[str] = []
    top = "Project" if kind == "project" else "CodeBook"
    if root.tag != f"{{{namespace}}}{top}":
        return [f"root is {root.tag}, not {{{namespace}}}{top}"]

    def walk(element: ET.Element, path: str) -> None:
        ns, name = _local(element.tag)
        if ns != namespace:
            found.append(f"{path}: namespace {ns!r}")
        for attribute in required.get(name, []):
            if attribute not in element.attrib:
                found.append(f"{path}: required attribute {attribute!r} missing")
        for attribute, value in element.attrib.items():
            if attribute in GUID_ATTRIBUTES and not GUID_RE.match(value):
                found.append(f"{path}: {attribute}={value!r} is not a GUID")
        if name == "Code" and element.attrib.get("isCodable") not in ("true", "false", "1", "0"):
            found.append(f"{path}: isCodable is not a boolean")
        if name == "Variable" and element.attrib.get("typeOfVariable") not in DATE_TYPES:
            found.append(f"{path}: typeOfVariable {element.attrib.get('typeOfVariable')!r}")
        if name == "PlainTextSelection":
            for attribute in ("startPosition", "endPosition"):
                if not element.attrib.get(attribute, "x").isdigit():
                    found.append(f"{path}: {attribute} is not a non-negative integer")
        allowed = children.get(name)
        if allowed is None:
            found.append(f"{path}: element {name} is not one govtext may write")
            return
        last = -1
        for n, child in enumerate(element):
            child_name = _local(child.tag)[1]
            if child_name not in allowed:
                found.append(f"{path}/{child_name}[{n}]: not allowed in {name}")
                continue
            index = allowed.index(child_name)
            if name not in UNORDERED and index < last:
                found.append(f"{path}/{child_name}[{n}]: out of order (schema order {', '.join(allowed)})")
            last = max(last, index)
            walk(child, f"{path}/{child_name}[{n}]")
        if name == "VariableValue" and len(element) not in (1, 2):
            found.append(f"{path}: VariableRef and at most one value")

    walk(root, top)
    return found
