"""Writing: the tables as CSV (or Parquet parts) into the run's staging folder
(:mod:`govtext.cli.staging`, moved into place at the end).

``TableWriter`` appends
each batch's rows as they arrive, in file order; ``csv_rows`` formats a table's rows as
``DataFrame.to_csv`` would (a field holding ``\\r`` quoted too), faster; ``excel_safe`` neutralises cells
a spreadsheet would run as formulas (``--excel-safe``, implied by ``--bom``). ``write_errors``
writes ``errors.csv`` (the skipped files) and ``write_run_info`` writes ``run.json`` (version, options,
resource digests, row counts).
"""

from __future__ import annotations

import argparse
import errno
import json
import os
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import numpy as np
import pandas as pd

from govtext import __version__, compare
from govtext.common import RATE_SCALE
from govtext.corpus import shown
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
    data = _arrow_csv_rows(frame)
    return _pandas_csv(frame) if data is None else data.decode("utf-8")


def csv_row_bytes(frame: pd.DataFrame) -> bytes:
    """:func:`csv_rows` encoded as UTF-8 (the pyarrow path never decodes: what a run writes)."""
    data = _arrow_csv_rows(frame)
    return _pandas_csv(frame).encode("utf-8") if data is None else data


def _arrow_csv_rows(frame: pd.DataFrame) -> bytes | None:
    """The UTF-8 bytes of :func:`csv_rows` formatted with pyarrow, or None if pandas must do it."""
    texts: list[Any] = [None]  # one column stays with pandas (it writes a lone empty field as "")
    if frame.shape[1] >= 2 and len(frame):
        texts = [_csv_column(frame.iloc[:, number]) for number in range(frame.shape[1])]
    if any(text is None for text in texts):
        return None
    import pyarrow as pa
    import pyarrow.compute as pc

    lines = pc.binary_join_element_wise(*texts, _large(","))
    joined = pc.binary_join_element_wise(lines, _large(""), _large("\n"))  # each line and its line feed
    if isinstance(joined, pa.ChunkedArray):
        joined = joined.combine_chunks()
    offsets = np.frombuffer(joined.buffers()[1], dtype=np.int64)
    first, last = offsets[joined.offset], offsets[joined.offset + len(joined)]
    data: bytes = joined.buffers()[2].to_pybytes()[first:last]
    return data


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
        if b"," in raw or b'"' in raw or b"\n" in raw or b"\r" in raw:  # else no field needs quotes
            quote, doubled = _large('"'), pc.replace_substring(values, '"', '""')
            quoted = pc.binary_join_element_wise(quote, doubled, quote, _large(""))
            values = pc.if_else(pc.match_substring_regex(values, '[,"\r\n]'), quoted, values)
        return pc.fill_null(values, _large(""))
    return None


_PANDAS_CSV: dict[str, Any] = {"index": False, "lineterminator": "\n"}
_PRIVATE_USE = [chr(code) for code in range(0xE000, 0xF900)]


def _pandas_csv(frame: pd.DataFrame, header: bool = False) -> str:
    """``frame.to_csv`` with every field that holds a ``"\\r"`` quoted. The ``csv`` module quotes a field
    only for the characters of its line terminator (``"\\n"`` here); each ``"\\r"`` is written as a line
    feed and a private-use mark absent from the table, which makes its field quoted, then put back."""
    text: str = frame.to_csv(header=header, **_PANDAS_CSV)
    if "\r" not in text:
        return text
    mark = "\n" + next(char for char in _PRIVATE_USE if char not in text)
    marked = frame.copy()
    marked.columns = [str(c).replace("\r", mark) for c in frame.columns]
    for number in range(frame.shape[1]):
        column = frame.iloc[:, number]
        if not (pd.api.types.is_numeric_dtype(column.dtype) or pd.api.types.is_bool_dtype(column.dtype)):
            marked.isetitem(number, column.astype(object).map(partial(_mark_cr, mark=mark)).tolist())
    out: str = marked.to_csv(header=header, **_PANDAS_CSV)
    return out.replace(mark, "\r")


def _mark_cr(value: object, mark: str) -> object:
    return value.replace("\r", mark) if isinstance(value, str) else value


def csv_header(columns: Sequence[str]) -> str:
    """The header line of a CSV table with these columns (quoted as :func:`csv_rows` quotes)."""
    return _pandas_csv(pd.DataFrame(columns=list(columns)), header=True)


EXCEL_FORMULA_START = frozenset("=+-@\t\r'")
"""First characters that make a spreadsheet read a cell as a formula (OWASP: ``= + - @``, tab, carriage
return); ``'`` is included so that dropping one leading ``'`` always gives the value back."""


def excel_safe_text(value: str) -> str:
    """``value`` with a leading ``'`` when it starts with one of :data:`EXCEL_FORMULA_START`."""
    return "'" + value if value[:1] in EXCEL_FORMULA_START else value


def excel_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with every text cell that a spreadsheet would run as a formula (see
    :data:`EXCEL_FORMULA_START`) prefixed with ``'``, as OWASP recommends against CSV injection. Numeric
    and boolean columns are left alone (``-3.5`` is a number, not a formula)."""
    safe = frame
    for number in range(frame.shape[1]):
        column = frame.iloc[:, number]
        if pd.api.types.is_numeric_dtype(column.dtype) or pd.api.types.is_bool_dtype(column.dtype):
            continue
        values = column.astype(object)
        first = values.map(lambda value: value[:1] if isinstance(value, str) else "")
        risky = first.isin(EXCEL_FORMULA_START)
        if risky.any():
            if safe is frame:
                safe = frame.copy()
            fixed = values.where(~risky, "'" + values[risky].astype(str))
            safe.isetitem(number, fixed.astype(column.dtype).array)
    return safe


def _large(text: str) -> Any:
    import pyarrow as pa

    return pa.scalar(text, pa.large_string())


SPOOL_COPY_CHUNK = 1 << 20
"""Bytes read at a time where spooled rows are copied without ``os.sendfile``."""


@dataclass(frozen=True)
class SpooledRows:
    """A table's CSV rows of one batch (UTF-8, no header) that a worker wrote into a spool file:
    ``length`` bytes at ``offset`` of the file ``path`` (:func:`spool_rows`)."""

    path: str
    offset: int
    length: int


def spool_rows(folder: Path, number: int, rows: dict[str, bytes]) -> dict[str, SpooledRows]:
    """Write each table's rows of batch ``number`` one after the other into one spool file in ``folder``
    (``NNNNNNNN.rows``), for the parent to append to the tables with :func:`append_spooled`: a worker
    hands over a small record instead of the text, and the parent neither decodes nor encodes it. A
    failure removes the file."""
    path = Path(folder) / f"{number:08d}.rows"
    spooled: dict[str, SpooledRows] = {}
    try:
        with open(path, "wb", buffering=0) as handle:
            offset = 0
            for name, data in rows.items():
                _write_all(handle, data)
                spooled[name] = SpooledRows(str(path), offset, len(data))
                offset += len(data)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return spooled


def append_spooled(handle: BinaryIO, rows: SpooledRows) -> None:
    """Append the spooled ``rows`` to the open file ``handle`` (unbuffered, at its end): with
    ``os.sendfile`` (the kernel copies, Linux), else (macOS and Windows, where it does not copy between
    files) with reads and writes."""
    if not rows.length:
        return
    handle.flush()
    with open(rows.path, "rb") as source:
        copied = 0
        if hasattr(os, "sendfile"):
            try:
                while copied < rows.length:
                    sent = os.sendfile(
                        handle.fileno(), source.fileno(), rows.offset + copied, rows.length - copied
                    )
                    if sent == 0:
                        raise OSError(errno.EIO, f"{shown(rows.path)}: spool file ended early")
                    copied += sent
                return
            except OSError as err:
                if err.errno not in _NO_SENDFILE or copied:
                    raise
        source.seek(rows.offset + copied)
        while copied < rows.length:
            data = source.read(min(SPOOL_COPY_CHUNK, rows.length - copied))
            if not data:
                raise OSError(errno.EIO, f"{shown(rows.path)}: spool file ended early")
            _write_all(handle, data)
            copied += len(data)


_NO_SENDFILE = frozenset(
    getattr(errno, name)
    for name in ("EINVAL", "ENOSYS", "ENOTSOCK", "ENOTSUP", "EOPNOTSUPP")
    if hasattr(errno, name)
)
"""Errors of ``os.sendfile`` that mean it cannot copy between these files (then the rows are copied)."""


def _write_all(handle: BinaryIO, data: bytes) -> None:
    """Write every byte of ``data`` (an unbuffered file may take only part of it at a time)."""
    view = memoryview(data)
    while view:
        written = handle.write(view)
        if written is None:  # pragma: no cover - a non-blocking file
            raise OSError(errno.EAGAIN, "the output file would block")
        view = view[written:]


@dataclass
class CandidateCounts:
    """What the corpus-wide candidate counts need from a batch's ``candidates`` rows as written:
    the name key of each candidate text, the documents and the number of spans per key. A worker builds
    them with its batch, and the parent merges them while it waits, so that it need not read
    ``candidates.csv`` back to count (it still reads it once to add the counts)."""

    key_of: dict[str, str]
    docs_of: dict[str, set[str]]
    spans_of: Counter[str]

    @classmethod
    def of_rows(cls, doc_ids: Sequence[str], names: Sequence[str]) -> CandidateCounts:
        """The counts of rows ``(doc_id, candidate)``, the texts as the CSV file holds them."""
        from govtext.programmes.names import name_key

        counts = cls({}, {}, Counter())
        for doc_id, name in zip(doc_ids, names, strict=True):
            key = counts.key_of.get(name)
            if key is None:
                key = counts.key_of[name] = name_key(name)
            counts.docs_of.setdefault(key, set()).add(doc_id)
            counts.spans_of[key] += 1
        return counts

    def merge(self, other: CandidateCounts) -> None:
        """Add ``other``'s rows to these counts."""
        self.key_of.update(other.key_of)
        for key, docs in other.docs_of.items():
            self.docs_of.setdefault(key, set()).update(docs)
        self.spans_of.update(other.spans_of)


CANDIDATE_CHUNK_ROWS = 50_000
"""Rows of ``candidates.csv`` read at a time when the corpus-wide counts are added."""


class TableWriter:
    """Appends batch outcomes to the tables in ``folder``: CSV files (one header, then each batch's rows)
    or Parquet parts (``<table>/part-NNNNN.parquet``, part N = batch N)."""

    def __init__(self, folder: Path, fmt: str = "csv", bom: bool = False, excel_safe: bool = False) -> None:
        self.folder = folder
        self.fmt = fmt
        self.encoding = "utf-8-sig" if bom else "utf-8"
        self.excel_safe = excel_safe
        self.rows: Counter[str] = Counter()
        self.documents = 0
        self.problems: list[FileProblem] = []
        self._files: dict[str, BinaryIO] = {}
        self._columns: dict[str, list[str]] = {}
        self._parts_written: Counter[str] = Counter()
        self._empty: dict[str, pd.DataFrame] = {}
        self._counts: CandidateCounts | None = None
        """The candidate counts merged from the batches (None before the first)."""
        self._counts_missing = False
        """True once a batch came without its counts: they are then counted from the file."""

    def add(self, part: int, outcome: BatchOutcome) -> None:
        """Record one batch and write its rows (CSV: appended; Parquet: part number ``part``)."""
        self.problems.extend(outcome.problems)
        if not outcome.documents:
            return
        self.documents += outcome.documents
        self.rows.update(outcome.rows)
        if outcome.candidate_counts is None:
            self._counts_missing = True
        else:
            self._counts = self._counts or CandidateCounts({}, {}, Counter())
            self._counts.merge(outcome.candidate_counts)
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
                if isinstance(table, SpooledRows):
                    append_spooled(handle, table)
                elif table:
                    _write_all(handle, table.encode("utf-8") if isinstance(table, str) else table)
            elif len(table):
                table.to_parquet(self._part_path(name, part), index=False)
                self._parts_written[name] += 1
            else:
                self._empty.setdefault(name, table)
        for spool in sorted({t.path for t in outcome.tables.values() if isinstance(t, SpooledRows)}):
            Path(spool).unlink(missing_ok=True)  # copied: the batch's spool file is no longer needed

    def finish(self) -> None:
        """Write empty tables, close the files, then add the corpus-wide counts to the candidates."""
        for name in TABLES:
            if name not in self._columns:  # no document was processed
                continue
            if self.fmt == "csv":
                self._file(name)
            elif not self._parts_written[name]:
                table = self._empty.get(name, pd.DataFrame(columns=self._columns[name]))
                table.to_parquet(self._part_path(name, 0), index=False)
        self.close()
        if "candidates" in self._columns:
            self._add_corpus_counts()

    def _add_corpus_counts(self) -> None:
        """``n_docs`` (documents of the run in which the name is a candidate) and ``n_corpus`` (its spans
        in the run) appended to ``candidates``: they depend on every batch, so they are added once all are
        written. The other columns are rewritten byte for byte (read back as text)."""
        from govtext.programmes.discover import CORPUS_COLUMNS
        from govtext.programmes.scoring import add_recurrence

        if self.fmt == "csv":
            self._add_corpus_counts_csv(list(CORPUS_COLUMNS))
            return
        parts = sorted((self.folder / "candidates").glob("part-*.parquet"))
        frames = [pd.read_parquet(part) for part in parts]
        whole = add_recurrence(pd.concat(frames, ignore_index=True))
        at = 0
        for part, frame in zip(parts, frames, strict=True):
            counts = whole.iloc[at : at + len(frame)][list(CORPUS_COLUMNS)].reset_index(drop=True)
            pd.concat([frame, counts], axis=1).to_parquet(part, index=False)
            at += len(frame)

    def _add_corpus_counts_csv(self, extra: list[str]) -> None:
        """``candidates.csv`` read back ``CANDIDATE_CHUNK_ROWS`` rows at a time and rewritten with the
        counts, so that memory holds a chunk and the counts, not the corpus's candidates: the values of
        ``scoring.add_recurrence`` over the whole table. The counts are those the batches brought
        (:class:`CandidateCounts`), or, when one came without them, counted from the file first."""
        path = self.folder / "candidates.csv"
        columns = self._columns["candidates"]
        counts = None if self._counts_missing else self._counts
        header, chunks = self._candidate_chunks(path, None if counts is not None else ["doc_id", "candidate"])
        if counts is None:  # a batch came without its counts: count the file
            counts = CandidateCounts({}, {}, Counter())
            for chunk in chunks:
                counts.merge(CandidateCounts.of_rows(chunk["doc_id"].tolist(), chunk["candidate"].tolist()))
        key_of, docs_of, spans_of = counts.key_of, counts.docs_of, counts.spans_of
        counted = path.with_name(f".{path.name}.counted")
        try:
            with open(counted, "wb") as out:
                out.write((header.rstrip("\n") + "," + ",".join(extra) + "\n").encode(self.encoding))
                _, chunks = self._candidate_chunks(path, None)
                for chunk in chunks:
                    keys = [key_of[name] for name in chunk["candidate"].tolist()]
                    added = pd.DataFrame(
                        {
                            "n_docs": np.array([len(docs_of[key]) for key in keys], dtype="int64"),
                            "n_corpus": np.array([spans_of[key] for key in keys], dtype="int64"),
                        },
                        index=chunk.index,
                    )
                    out.write(csv_row_bytes(pd.concat([chunk, added[extra]], axis=1)))
            os.replace(counted, path)
        except BaseException:
            counted.unlink(missing_ok=True)
            raise
        self._columns["candidates"] = [*columns, *extra]

    def _candidate_chunks(self, path: Path, usecols: list[str] | None) -> tuple[str, Iterator[pd.DataFrame]]:
        """The header line of ``candidates.csv`` and its rows as text, ``CANDIDATE_CHUNK_ROWS`` at a time."""
        with open(path, encoding=self.encoding, newline="") as handle:
            header = handle.readline()

        def chunks() -> Iterator[pd.DataFrame]:
            with open(path, encoding=self.encoding, newline="") as handle:
                handle.readline()
                yield from pd.read_csv(
                    handle,
                    names=self._columns["candidates"],
                    header=None,
                    dtype=str,
                    keep_default_na=False,
                    usecols=usecols,
                    chunksize=CANDIDATE_CHUNK_ROWS,
                )

        return header, chunks()

    def close(self) -> None:
        for handle in self._files.values():
            handle.close()

    def _file(self, name: str) -> BinaryIO:
        """The open CSV file of table ``name`` (unbuffered: rows arrive as whole batches, and spooled rows
        are copied by the kernel straight into the file), its header written when it is opened."""
        handle = self._files.get(name)
        if handle is None:
            handle = open(self.folder / f"{name}.csv", "wb", buffering=0)  # noqa: SIM115
            columns = self._columns[name]
            header = csv_header([excel_safe_text(c) for c in columns] if self.excel_safe else columns)
            _write_all(handle, header.encode(self.encoding))  # utf-8-sig: the byte-order mark first
            self._files[name] = handle
        return handle

    def _part_path(self, name: str, part: int) -> Path:
        folder = self.folder / name
        folder.mkdir(exist_ok=True)
        return folder / f"part-{part:05d}.parquet"


def write_errors(
    problems: Sequence[FileProblem], path: Path, *, bom: bool = False, safe: bool = False
) -> None:
    """``errors.csv``: one row per skipped file (``ERROR_COLUMNS``), sorted by file name."""
    rows = sorted(
        ((p.source_file, p.doc_id, p.stage, p.error) for p in problems), key=lambda row: (row[0], row[2])
    )
    table = pd.DataFrame(rows, columns=ERROR_COLUMNS, dtype=object)
    if safe:
        table = excel_safe(table)
    text = csv_header(ERROR_COLUMNS) + (csv_rows(table) if len(table) else "")
    with open(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        handle.write(text)


def write_run_info(
    path: Path,
    args: argparse.Namespace,
    fmt: str,
    paths: ResourcePaths,
    scan: CorpusScan,
    writer: TableWriter,
    pos_backend: str = "",
) -> None:
    """``run.json``: the govtext version, the options, files and row counts, what was not read on
    purpose (``not_read``), the resources' sha256, and which POS tagger ran (``pos_backend``: the compiled
    kernel or jieba.posseg itself; both give the same tags)."""
    info = {
        "govtext": __version__,
        "command": "run",
        "format": fmt,
        "encoding": args.encoding,
        "bom": bool(args.bom),
        "excel_safe": bool(getattr(args, "excel_safe", False) or args.bom),
        "recursive": bool(getattr(args, "recursive", False)),
        "on_error": args.on_error,
        "tagger": args.tagger,
        "pos_backend": pos_backend,
        "batch_size": args.batch_size,
        "files": len(scan.tasks) + len(scan.problems),
        "documents": writer.documents,
        "skipped": len(writer.problems),
        "not_read": dict(scan.not_read),
        "rows": {name: int(writer.rows[name]) for name in TABLES},
        "resources": paths.digests(),
        "dimension_scores": f"document x dimension over parts {', '.join(compare.SCORED_PARTS)}; rate per "
        f"{RATE_SCALE:,} clean characters",
    }
    path.write_text(json.dumps(info, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
