"""Helpers of the REFI-QDA tests: read a .qdpx, write an edited copy (as a QDA tool would change it)."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable
from pathlib import Path

from govtext.export import PROJECT_NS

from .conftest import RAW_DIR

NS = {"q": PROJECT_NS}


def read_project(path: Path) -> tuple[ET.Element, dict[str, bytes]]:
    """The parsed ``project.qde`` and every other member of a ``.qdpx``."""
    with zipfile.ZipFile(path) as archive:
        root = ET.fromstring(archive.read("project.qde"))
        members = {n: archive.read(n) for n in archive.namelist() if n != "project.qde"}
    return root, members


def write_project(path: Path, qde: bytes | str, members: dict[str, bytes]) -> Path:
    """A ``.qdpx`` with this ``project.qde`` and members."""
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.qde", qde if isinstance(qde, bytes) else qde.encode("utf-8"))
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def edited(source: Path, target: Path, edit: Callable[[str], str]) -> Path:
    """A copy of ``source`` whose ``project.qde`` text went through ``edit``."""
    with zipfile.ZipFile(source) as archive:
        qde = archive.read("project.qde").decode("utf-8")
        members = {n: archive.read(n) for n in archive.namelist() if n != "project.qde"}
    return write_project(target, edit(qde), members)


def tree_edited(source: Path, target: Path, edit: Callable[[ET.Element], None]) -> Path:
    """A copy of ``source`` whose parsed ``project.qde`` went through ``edit`` (in place)."""
    root, members = read_project(source)
    edit(root)
    ET.register_namespace("", PROJECT_NS)
    return write_project(target, ET.tostring(root, encoding="utf-8", xml_declaration=True), members)


def small_corpus(folder: Path, names: list[str]) -> Path:
    """A corpus folder with these seed files (and no manifest)."""
    folder.mkdir(parents=True)
    for name in names:
        shutil.copy(RAW_DIR / name, folder / name)
    return folder
