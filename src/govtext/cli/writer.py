"""Writing: the tables as CSV (or Parquet parts) in a staging folder, renamed into place at the end.

``staged_output`` gives a hidden folder next to ``OUT_DIR`` that is renamed to ``OUT_DIR`` when the run
succeeded and removed on any failure, so ``OUT_DIR`` never holds a partial result (``check_out_dir``
refuses one that is not empty). ``TableWriter`` appends each batch's rows as they arrive, in file order;
``csv_rows`` formats a table's rows exactly as ``DataFrame.to_csv`` would, faster. ``write_errors``
writes ``errors.csv`` (the skipped files) and ``write_run_info`` writes ``run.json`` (version, options,
resource digests, row counts).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import numpy as np
import pandas as pd

from govtext import __version__, compare
from govtext.common import RATE_SCALE
from govtext.pipeline import TABLES, ResourcePaths

if TYPE_CHECKING:  # types only: the runner imports csv_rows from here
    from govtext.cli.runner import BatchOutcome, CorpusScan, FileProblem

ERROR_COLUMNS = ["source_file", "doc_id", "stage", "error"]


# ----------------------------------------------------------------------------------------------------
# CSV rows: the bytes of DataFrame.to_csv, formatted column by column
# ----------------------------------------------------------------------------------------------------


def csv_rows(frame: pd.DataFrame) -> str:
    """The rows of ``frame`` as CSV text without header: exactly
    ``frame.to_csv(index=False, header=False, lineterminator="\\n")``.

    Tables whose columns are all integers, booleans or strings (missing: empty) are formatted column by
    column with pyarrow, several times faster for the token table than pandas, which formats row by row
    in Python; a string is quoted, its quotes doubled, when it holds a comma, a quote or a line feed, as
    the ``csv`` module does. Other tables go to pandas.
    """
    texts: list[Any] = [None]  # one column stays with pandas (it writes a lone empty field as "")
    if frame.shape[1] >= 2 and len(frame):
        texts = [_csv_column(frame.iloc[:, number]) for number in range(frame.shape[1])]
    if any(text is None for text in texts):
        return frame.to_csv(index=False, header=False, lineterminator="\n")
    import pyarrow as pa
    import pyarrow.compute as pc

    lines = pc.binary_join_element_wise(*texts, _large(","))
    joined = pc.binary_join_element_wise(lines, _large(""), _large("\n"))  # each line and its line feed
    if isinstance(joined, pa.ChunkedArray):
        joined = joined.combine_chunks()
    offsets = np.frombuffer(joined.buffers()[1], dtype=np.int64)
    first, last = offsets[joined.offset], offsets[joined.offset + len(joined)]
    data = joined.buffers()[2]
    text: str = data.to_pybytes()[first:last].decode("utf-8")
    return text


def _csv_column(column: pd.Series) -> Any:
    """One column as a pyarrow array of CSV fields (``large_string``), or None if pandas must do it."""
    import pyarrow as pa
    import pyarrow.compute as pc

    dtype = column.dtype
    if pd.api.types.is_bool_dtype(dtype) and not isinstance(dtype, pd.CategoricalDtype):
        if column.hasnans:
            return None
        values = pa.array(column.to_numpy(dtype=bool))
        return pc.if_else(values, _large("True"), _large("False"))
    if pd.api.types.is_integer_dtype(dtype) and isinstance(dtype, np.dtype):
        return pc.cast(pa.array(column.to_numpy()), pa.large_string())
    if isinstance(dtype, pd.StringDtype) or dtype is np.dtype(object):
        try:
            values = pa.array(column, type=pa.large_string(), from_pandas=True)
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            return None
        if isinstance(values, pa.ChunkedArray):
            values = values.combine_chunks()
        data = values.buffers()[2]
        raw = data.to_pybytes() if data is not None else b""
        if b"," in raw or b'"' in raw or b"\n" in raw:  # else no field needs quotes
            quote, doubled = _large('"'), pc.replace_substring(values, '"', '""')
            quoted = pc.binary_join_element_wise(quote, doubled, quote, _large(""))
            values = pc.if_else(pc.match_substring_regex(values, r'[,"\n]'), quoted, values)
        return pc.fill_null(values, _large(""))
    return None


def _large(text: str) -> Any:
    import pyarrow as pa

    return pa.scalar(text, pa.large_string())


# ----------------------------------------------------------------------------------------------------
# Writing: a staging folder, renamed into place at the end
# ----------------------------------------------------------------------------------------------------


def check_out_dir(out_dir: Path) -> None:
    """Refuse an output folder that exists and is not empty (``FileExistsError``)."""
    if out_dir.exists() and (not out_dir.is_dir() or any(out_dir.iterdir())):
        raise FileExistsError(f"{out_dir}: output folder exists and is not empty; choose another or empty it")


@contextlib.contextmanager
def staged_output(out_dir: Path) -> Iterator[Path]:
    """A hidden folder next to ``out_dir`` to write into; renamed to ``out_dir`` when the block ends
    normally, removed on any exception (so ``out_dir`` never holds a partial result)."""
    out_dir = Path(out_dir)
    check_out_dir(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", suffix=".partial", dir=out_dir.parent))
    try:
        yield staging
        check_out_dir(out_dir)
        if out_dir.exists():
            out_dir.rmdir()
        staging.rename(out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


class TableWriter:
    """Appends batch outcomes to the tables in ``folder``: CSV files (one header, then each batch's rows)
    or Parquet parts (``<table>/part-NNNNN.parquet``, part N = batch N)."""

    def __init__(self, folder: Path, fmt: str = "csv", bom: bool = False) -> None:
        self.folder = folder
        self.fmt = fmt
        self.encoding = "utf-8-sig" if bom else "utf-8"
        self.rows: Counter[str] = Counter()
        self.documents = 0
        self.problems: list[FileProblem] = []
        self._files: dict[str, TextIO] = {}
        self._columns: dict[str, list[str]] = {}
        self._parts_written: Counter[str] = Counter()
        self._empty: dict[str, pd.DataFrame] = {}

    def add(self, part: int, outcome: BatchOutcome) -> None:
        """Record one batch and write its rows (CSV: appended; Parquet: part number ``part``)."""
        self.problems.extend(outcome.problems)
        if not outcome.documents:
            return
        self.documents += outcome.documents
        self.rows.update(outcome.rows)
        for name in TABLES:
            columns = self._columns.setdefault(name, outcome.columns[name])
            if columns != outcome.columns[name]:
                raise RuntimeError(
                    f"batch {part} ({outcome.tasks[0].path} …): table {name} has columns "
                    f"{outcome.columns[name]}, earlier documents {columns}"
                )
            table = outcome.tables[name]
            if self.fmt == "csv":
                handle = self._file(name)
                if table:
                    handle.write(table)
            elif len(table):
                table.to_parquet(self._part_path(name, part), index=False)
                self._parts_written[name] += 1
            else:
                self._empty.setdefault(name, table)

    def finish(self) -> None:
        """Write empty tables and close the files."""
        for name in TABLES:
            if name not in self._columns:  # no document was processed
                continue
            if self.fmt == "csv":
                self._file(name)
            elif not self._parts_written[name]:
                table = self._empty.get(name, pd.DataFrame(columns=self._columns[name]))
                table.to_parquet(self._part_path(name, 0), index=False)
        self.close()

    def close(self) -> None:
        for handle in self._files.values():
            handle.close()

    def _file(self, name: str) -> TextIO:
        handle = self._files.get(name)
        if handle is None:
            handle = open(self.folder / f"{name}.csv", "w", encoding=self.encoding, newline="")  # noqa: SIM115
            handle.write(pd.DataFrame(columns=self._columns[name]).to_csv(index=False, lineterminator="\n"))
            self._files[name] = handle
        return handle

    def _part_path(self, name: str, part: int) -> Path:
        folder = self.folder / name
        folder.mkdir(exist_ok=True)
        return folder / f"part-{part:05d}.parquet"


def write_errors(problems: Sequence[FileProblem], path: Path, *, bom: bool = False) -> None:
    """``errors.csv``: one row per skipped file (``ERROR_COLUMNS``), sorted by file name."""
    rows = sorted(
        ((p.source_file, p.doc_id, p.stage, p.error) for p in problems), key=lambda row: (row[0], row[2])
    )
    table = pd.DataFrame(rows, columns=ERROR_COLUMNS)
    table.to_csv(path, index=False, encoding="utf-8-sig" if bom else "utf-8", lineterminator="\n")


def write_run_info(
    path: Path,
    args: argparse.Namespace,
    fmt: str,
    paths: ResourcePaths,
    scan: CorpusScan,
    writer: TableWriter,
) -> None:
    """``run.json``: the govtext version, the options, files and row counts, the resources' sha256."""
    info = {
        "govtext": __version__,
        "command": "run",
        "format": fmt,
        "encoding": args.encoding,
        "bom": bool(args.bom),
        "on_error": args.on_error,
        "tagger": args.tagger,
        "batch_size": args.batch_size,
        "files": len(scan.tasks) + len(scan.problems),
        "documents": writer.documents,
        "skipped": len(writer.problems),
        "rows": {name: int(writer.rows[name]) for name in TABLES},
        "resources": paths.digests(),
        "dimension_scores": f"document x dimension over parts {', '.join(compare.SCORED_PARTS)}; rate per "
        f"{RATE_SCALE:,} clean characters",
    }
    path.write_text(json.dumps(info, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
