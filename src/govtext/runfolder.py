"""Reading back the tables of a ``govtext run`` output folder: CSV (with or without ``--bom``) or Parquet,
``--excel-safe`` undone. Used by the REFI-QDA export and by ``govtext codebook suggest``."""

from __future__ import annotations

from pathlib import Path

import pandas as pd


class RunTableError(ValueError):
    """A table of a run folder is missing or unreadable; the message names the file."""


def undo_excel_safe(table: pd.DataFrame) -> pd.DataFrame:
    """``--excel-safe`` put one ``'`` before every text cell starting with ``= + - @ '``…: drop it."""
    out = table.copy()
    for column in out.columns:
        if pd.api.types.is_object_dtype(out[column]) or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(lambda v: v[1:] if isinstance(v, str) and v.startswith("'") else v)
    return out


def read_run_table(
    folder: str | Path,
    name: str,
    fmt: str = "csv",
    *,
    bom: bool = False,
    excel_safe: bool = False,
    missing_hint: str = "not the output folder of a complete govtext run?",
) -> pd.DataFrame:
    """Table ``name`` of a run folder (``name.csv``, text cells as strings, or the Parquet folder ``name``).
    Raises :class:`RunTableError` naming the file when it is missing (with ``missing_hint``) or unreadable."""
    path = Path(folder) / (name if fmt == "parquet" else f"{name}.csv")
    if not path.exists():
        raise RunTableError(f"{path}: missing ({missing_hint})")
    try:
        if fmt == "parquet":
            table = pd.read_parquet(path)
        else:
            encoding = "utf-8-sig" if bom else "utf-8"
            table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding=encoding)
    except (OSError, ValueError) as exc:
        raise RunTableError(f"{path}: cannot read: {' '.join(str(exc).split())}") from None
    return undo_excel_safe(table) if excel_safe else table
