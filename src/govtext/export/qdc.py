"""``govtext export qdc``: a programme codebook alone, as a REFI-QDA codebook (``.qdc``).

The file is ``<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="govtext …">`` with ``Codes`` (the
``programmes`` group, one code per kind, one per programme under its kind; the definitions as
descriptions) and ``Sets`` (the programmes of each level of government), in the order of Codebook.xsd.
Codes have the same GUIDs as in a ``.qdpx`` export, so a QDA tool that imports both sees one codebook.
Entries whose ``status`` is ``proposed`` are not exported (``load_codebook`` leaves them out).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pandas as pd

from govtext import __version__, programmes
from govtext.export.refi import (
    CODEBOOK_NS,
    atomic_write,
    code_element,
    level_sets,
    programme_codes,
    qname,
    sets_element,
    xml_bytes,
)


@dataclass(frozen=True)
class CodebookSummary:
    """What ``export_qdc`` wrote."""

    path: Path
    kinds: int
    programmes: int
    sets: int


def codebook_document(codebook: pd.DataFrame) -> bytes:
    """The ``.qdc`` XML of a loaded codebook (:func:`govtext.programmes.load_codebook`)."""
    ns = CODEBOOK_NS
    root = ET.Element(qname(ns, "CodeBook"), {"origin": f"govtext {__version__}"})
    codes = ET.SubElement(root, qname(ns, "Codes"))
    code_element(codes, programme_codes(codebook), ns)
    sets = level_sets(codebook)
    sets_element(root, sets, ns, "guid")
    return xml_bytes(root, ns)


def export_qdc(codebook_path: str | Path, to: str | Path) -> CodebookSummary:
    """Write the codebook file ``codebook_path`` as the REFI-QDA codebook ``to`` (atomically). An invalid
    codebook raises ``CodebookError`` listing its problems, and nothing is written."""
    codebook = programmes.load_codebook(codebook_path)
    data = codebook_document(codebook)

    def write(handle: IO[bytes]) -> None:
        handle.write(data)

    atomic_write(to, write)
    return CodebookSummary(
        Path(to), len(codebook.attrs.get("kinds", {})), len(codebook), len(level_sets(codebook))
    )
