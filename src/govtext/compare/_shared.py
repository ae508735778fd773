"""Private helpers shared by the compare submodules, each defined once: the column check
(:func:`_require`), the selection of sentence parts, sort keys for article and sentence ids, spec cells
as tuples, the field checks of the YAML codebooks (dimensions and themes raise their own error types
through the ``error`` argument), the clause breaks used to cut quotes, and the cell shown where a place
has no evidence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from govtext.common import ID_PATTERN
from govtext.yamlfile import ResourceError, read_yaml

CLAUSE_BREAKS = "，；：、。！？"
CLAUSE_PATTERN = re.compile(f"[^{CLAUSE_BREAKS}]*(?:[{CLAUSE_BREAKS}]+|$)")
NO_EVIDENCE = "—"

Row = Any
"""A row of ``DataFrame.itertuples``, fields by column name. pandas-stubs types every field as the union
of all scalars, too wide for code that reads a text column as ``str`` and an offset as ``int``."""


def _require(frame: pd.DataFrame, columns: Iterable[str], name: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(
            f"{name}: missing column(s) {', '.join(missing)} (has {', '.join(map(str, frame.columns))})"
        )


def _select_parts(sentences: pd.DataFrame, parts: Sequence[str] | None) -> pd.DataFrame:
    """Keep sentences whose ``part`` is in ``parts`` (all sentences when parts is None or no column)."""
    if parts is None or "part" not in sentences.columns:
        return sentences
    return sentences[sentences["part"].isin(list(parts))]


def _sentence_key(sentence_id: str) -> tuple[str, int, int]:
    """Sort key for ``<doc_id>-<article n>-<sentence n>``: numeric on the two counters."""
    parts = str(sentence_id).rsplit("-", 2)
    if len(parts) == 3 and parts[1].isdigit() and parts[2].isdigit():
        return (parts[0], int(parts[1]), int(parts[2]))
    return (str(sentence_id), 0, 0)


def _article_key(article_id: str) -> tuple[str, int]:
    doc, _, number = str(article_id).rpartition("-")
    return (doc, int(number)) if number.isdigit() else (str(article_id), 0)


def _as_tuple(value: Any) -> tuple[str, ...]:
    """A spec cell as a tuple of strings: lists and tuples pass, a string is one item, missing is empty."""
    if isinstance(value, str):
        return (value,) if value else ()
    if isinstance(value, list | tuple | np.ndarray):
        return tuple(str(v) for v in value)
    return ()


# --------------------------------------------------------------------------------------------------
# Field checks of the YAML codebooks


def _read_yaml(path: Path, error: type[ResourceError]) -> Any:
    """The parsed YAML file (:func:`govtext.yamlfile.read_yaml`), its error re-raised as ``error``."""
    try:
        return read_yaml(path)
    except ResourceError as exc:
        raise error(str(exc)) from None


def _entry_name(kind: str, index: int, entry: Any) -> str:
    if isinstance(entry, dict) and isinstance(entry.get("id"), str) and entry["id"].strip():
        return f"{kind} '{entry['id'].strip()}'"
    return f"{kind} #{index + 1}"


def _check_text_entry(
    path: Path,
    where: str,
    entry: Any,
    required: Sequence[str],
    optional: Sequence[str],
    error: type[ValueError],
) -> None:
    """Raise ``error`` naming the entry and field unless ``entry`` is a mapping with every ``required``
    field a non-empty string, no field outside ``required`` and ``optional``, and a snake_case ``id``."""
    if not isinstance(entry, dict):
        raise error(f"{path}: {where}: must be a mapping of fields")
    for field in required:
        if not isinstance(entry.get(field), str) or not entry[field].strip():
            raise error(f"{path}: {where}: field '{field}': missing")
    unknown = sorted(set(entry) - set(required) - set(optional))
    if unknown:
        raise error(f"{path}: {where}: unknown field(s): {', '.join(map(str, unknown))}")
    if not ID_PATTERN.match(entry["id"]):
        raise error(f"{path}: {where}: field 'id': must be snake_case ASCII, got {entry['id']!r}")


def _string_list(
    path: Path,
    where: str,
    field: str,
    value: Any,
    *,
    allow_empty: bool,
    error: type[ValueError],
) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if value is None:
        value = []
    if not isinstance(value, list):
        raise error(f"{path}: {where}: field '{field}': must be a list of strings")
    out: list[str] = []
    for item in value:
        if not isinstance(item, str | int) or not str(item).strip():
            raise error(f"{path}: {where}: field '{field}': entry {item!r} is not a non-empty string")
        text = str(item).strip()
        if text in out:
            raise error(f"{path}: {where}: field '{field}': duplicate entry {text!r}")
        out.append(text)
    if not out and not allow_empty:
        raise error(f"{path}: {where}: field '{field}': must not be empty")
    return tuple(out)
