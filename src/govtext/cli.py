"""Command line: ``govtext run CORPUS_DIR --out OUT_DIR`` and friends. The only module that writes files.

``govtext run`` streams a folder of ``.txt`` files through the per-document pipeline

    load_document → clean → articles → sentences → tokens → programme mentions → metrics → dimension scores

and writes one table per step (CSV, or Parquet parts) into ``OUT_DIR``. It works in two passes:

1. a cheap pass over the files (read, decode, sha256): corpus-level checks that need every file at once
   (manifest rows without files and files without rows, duplicate ids, checksum mismatches, duplicate
   documents) happen here, before any expensive work;
2. the pipeline, a batch of documents at a time (``--batch-size``), in this process (``--jobs 1``), in a
   ``fork`` pool of worker processes that each hold one tokenizer and one set of matchers (``--jobs N``),
   or on a dask cluster (``--dask local|ADDRESS``). Results are appended to the output files as they
   arrive, in file order, so memory is bounded by the batches in flight, not by the corpus, and every mode
   writes the same rows.

Output appears only when the run succeeded: tables are written into a hidden staging folder next to
``OUT_DIR``, which is renamed to ``OUT_DIR`` at the end and removed on any failure.

Exit codes: 0 ok, 1 bad input (corpus, codebook, a file with ``--on-error fail``, an output folder that is
not empty), 2 usage (unknown or missing options).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import multiprocessing
import os
import shutil
import signal
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TextIO

import numpy as np
import pandas as pd
from tqdm import tqdm

from govtext import __version__, compare, corpus, programmes
from govtext.pipeline import (
    PIPELINE_RESOURCES,
    TABLES,
    TAGGERS,
    ResourcePaths,
    load_resources,
    run_pipeline,
)

EXIT_OK, EXIT_BAD_INPUT, EXIT_USAGE = 0, 1, 2

ERROR_COLUMNS = ["source_file", "doc_id", "stage", "error"]
DEFAULT_BATCH_SIZE = 100
DEFAULT_DASK_WORKERS = 2

RUN_EXAMPLES = """\
output (in OUT_DIR; one row per ...):
  documents.csv         document: doc_id, source_file, sha256, manifest metadata, n_chars
  articles.csv          article: title, byline, sub_units, raw offsets start/end
  sentences.csv         sentence, heading, caption, byline or furniture line: part, text, offsets
  tokens.csv            jieba token: pos, is_stopword, clean and raw offsets
  programmes.csv        mention of a codebook programme: surface, programme_id, raw offsets
  metrics.csv           quantity: value, unit, kind, subject, raw offsets
  dimension_scores.csv  document x dimension: hits of the dimension's terms in the body sentences,
                        n_chars of those sentences, rate per 10,000 characters, terms found (term×k)
  errors.csv            (--on-error skip) files that were skipped and why
  run.json              govtext version, options and the sha256 of every coding resource
  Offsets start/end index the raw decoded text of the file: raw[start:end] is the surface as printed.
  With --format parquet (or --dask) each table is a folder of Parquet parts: pd.read_parquet(OUT_DIR/tokens).

examples:
  govtext run data/raw --out results/
  govtext run my_articles/ --out results/ --encoding gb18030 --bom
  govtext run my_articles/ --out results/ --jobs 2 --on-error skip
  govtext run my_articles/ --out results/ --tagger dictionary --jobs 2    # large corpora: ~5x faster
  govtext run my_articles/ --out results/ --format parquet --codebook my_programmes.yml
  govtext run my_articles/ --out results/ --dask local
"""

KWIC_EXAMPLES = """\
Each line: doc_id, raw start and end of the term (raw[start:end] is the term as printed), then the
term in context (clean text, at most WIDTH characters each side, within its sentence).

examples:
  govtext kwic 网格员 data/raw
  govtext kwic 党建引领 my_articles/ --width 10 --encoding gb18030
"""

CODEBOOK_EXAMPLES = """\
examples:
  govtext codebook check my_codebook.yml
"""


# ----------------------------------------------------------------------------------------------------
# Pass 1: the corpus as a whole
# ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FileTask:
    """One file to process, with what pass 1 learnt about it."""

    index: int
    path: str
    doc_id: str
    sha256: str
    metadata: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class FileProblem:
    """A file that could not be processed: which step failed and why (a row of ``errors.csv``)."""

    source_file: str
    doc_id: str
    stage: str
    error: str

    def describe(self) -> str:
        return f"{self.source_file}: {self.stage}: {self.error}"


@dataclass
class CorpusScan:
    """Result of pass 1: files to process (sorted by doc_id) and files that fail a check."""

    tasks: list[FileTask]
    problems: list[FileProblem]
    metadata_columns: list[str]


def scan_corpus(
    corpus_dir: str | Path, manifest: str | Path | None = None, encoding: str = "utf-8"
) -> CorpusScan:
    """Pass 1: check the folder against its manifest (``corpus.validate_corpus_dir``: a problem there
    raises ``CorpusError``), then read, decode and hash every file. Files that cannot be loaded, do not
    match their manifest checksum, or repeat an earlier file's content become ``FileProblem``s.
    """
    folder = Path(corpus_dir)
    files, table = corpus.validate_corpus_dir(folder, manifest)
    files = sorted(files, key=lambda path: (path.stem, path.name))
    stems = Counter(path.stem for path in files)
    clashes = sorted(stem for stem, n in stems.items() if n > 1)
    if clashes:
        names = "; ".join(", ".join(p.name for p in files if p.stem == stem) for stem in clashes)
        raise corpus.CorpusError(f"corpus {folder}: files with the same doc_id (file stem): {names}")
    rows: dict[str, dict[str, str]] = {}
    expected_sha: dict[str, str] = {}
    metadata_columns = list(corpus.METADATA_COLUMNS)
    if table is not None:
        expected_sha = dict(zip(table["source_file"].astype(str), table["sha256"].astype(str), strict=True))
        extra = [c for c in table.columns if c not in corpus.DOCUMENT_COLUMNS]
        metadata_columns += extra
        kept = [c for c in table.columns if c in metadata_columns]
        rows = {str(r["source_file"]): {c: str(r[c]) for c in kept} for r in table.to_dict("records")}
    tasks: list[FileTask] = []
    problems: list[FileProblem] = []
    first_with_hash: dict[str, str] = {}
    for path in files:
        try:
            digest = str(corpus.load_document(path, encoding)["sha256"])
        except corpus.CorpusError as err:
            problems.append(FileProblem(path.name, path.stem, "load", str(err)))
            continue
        row = rows.get(path.name, {})
        expected = expected_sha.get(path.name, "").strip().lower()
        if expected and expected != digest:
            problems.append(
                FileProblem(
                    path.name,
                    path.stem,
                    "checksum",
                    f"sha256 mismatch: the manifest says {expected}, the file has {digest} "
                    "(the file changed after the manifest was written)",
                )
            )
            continue
        if digest in first_with_hash:
            problems.append(
                FileProblem(
                    path.name,
                    path.stem,
                    "duplicate",
                    f"identical content to {first_with_hash[digest]} (sha256 {digest})",
                )
            )
            continue
        first_with_hash[digest] = path.name
        metadata = tuple((c, row.get(c, "")) for c in metadata_columns)
        tasks.append(FileTask(len(tasks), str(path), path.stem, digest, metadata))
    return CorpusScan(tasks, problems, metadata_columns)


def document_frame(record: dict[str, Any], metadata: Sequence[tuple[str, str]]) -> pd.DataFrame:
    """A one-row documents table (columns and dtypes of ``corpus.load_corpus``) for one loaded file."""
    return documents_frame([record], [metadata])


def documents_frame(
    records: Sequence[dict[str, Any]], metadata: Sequence[Sequence[tuple[str, str]]]
) -> pd.DataFrame:
    """The documents table (columns and dtypes of ``corpus.load_corpus``) for loaded files, one row each
    (every file has the same metadata columns)."""
    columns = ["doc_id", "source_file", "sha256", *(c for c, _ in metadata[0]), "raw_text", "n_chars"]
    rows = [
        [{**record, **dict(meta)}[c] for c in columns] for record, meta in zip(records, metadata, strict=True)
    ]
    return pd.DataFrame(rows, columns=columns).astype({"n_chars": "int64"})


# ----------------------------------------------------------------------------------------------------
# Pass 2: a batch of documents at a time, in this process, a fork pool or dask
# ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RunSettings:
    """What a worker needs to process a file (small and picklable)."""

    paths: ResourcePaths
    encoding: str = "utf-8"
    fmt: str = "csv"
    tagger: str = "hmm"


@dataclass
class DocumentOutcome:
    """One processed file: its tables (DataFrames) or the problem."""

    task: FileTask
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    problem: FileProblem | None = None


@dataclass
class BatchOutcome:
    """A processed batch of files: the tables of the documents that worked (CSV text without header, or
    DataFrames), their column names and row counts, and a problem for each file that failed."""

    tasks: list[FileTask]
    documents: int = 0
    tables: dict[str, Any] = field(default_factory=dict)
    columns: dict[str, list[str]] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    problems: list[FileProblem] = field(default_factory=list)


def _load_task(task: FileTask, settings: RunSettings) -> dict[str, Any]:
    record = corpus.load_document(task.path, settings.encoding)
    if record["sha256"] != task.sha256:
        raise corpus.CorpusError(f"{task.path}: the file changed during the run")
    return record


def _problem(task: FileTask, stage: str, err: Exception) -> FileProblem:
    message = " ".join(f"{type(err).__name__}: {err}".split())
    return FileProblem(Path(task.path).name, task.doc_id, stage, message)


def process_task(task: FileTask, settings: RunSettings) -> DocumentOutcome:
    """Run the pipeline on one file; any failure becomes ``outcome.problem`` (the stage and the error)."""
    stages = ["load"]
    try:
        documents = document_frame(_load_task(task, settings), task.metadata)
        resources = load_resources(settings.paths, settings.tagger)
        return DocumentOutcome(task, run_pipeline(documents, resources, stages.append).as_dict())
    except Exception as err:  # a file must never stop the others: report where and why it failed
        return DocumentOutcome(task, problem=_problem(task, stages[-1], err))


def process_batch(tasks: Sequence[FileTask], settings: RunSettings) -> BatchOutcome:
    """Run the pipeline on a batch of files at once (each table is built by one call for the batch, which
    gives the same rows as one call per document). If the batch fails, each file is run alone, so that
    the failing ones are named with their stage and the others still count."""
    outcome = BatchOutcome(list(tasks))
    records: list[dict[str, Any]] = []
    loaded: list[FileTask] = []
    for task in tasks:
        try:
            records.append(_load_task(task, settings))
            loaded.append(task)
        except Exception as err:
            outcome.problems.append(_problem(task, "load", err))
    if not loaded:
        return outcome
    try:
        resources = load_resources(settings.paths, settings.tagger)
        documents = documents_frame(records, [task.metadata for task in loaded])
        tables = run_pipeline(documents, resources).as_dict()
        outcome.documents = len(loaded)
    except Exception:  # find the failing file(s)
        alone = [process_task(task, settings) for task in loaded]
        outcome.problems.extend(o.problem for o in alone if o.problem is not None)
        done = [o.tables for o in alone if o.problem is None]
        outcome.documents = len(done)
        if not done:
            return outcome
        tables = {name: _concat([t[name] for t in done]) for name in TABLES}
    for name in TABLES:
        frame = tables[name]
        outcome.columns[name] = [str(c) for c in frame.columns]
        outcome.rows[name] = len(frame)
        if settings.fmt == "csv":
            outcome.tables[name] = csv_rows(frame)
        else:
            outcome.tables[name] = frame
    return outcome


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
    return data.to_pybytes()[first:last].decode("utf-8")


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


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    full = [frame for frame in frames if len(frame)]
    if not full:
        return frames[0]
    return pd.concat(full, ignore_index=True) if len(full) > 1 else full[0]


def batches(tasks: Sequence[FileTask], batch_size: int) -> list[list[FileTask]]:
    """``tasks`` in consecutive batches of ``batch_size`` (batch N is Parquet part N)."""
    return [list(tasks[i : i + batch_size]) for i in range(0, len(tasks), batch_size)]


def _init_worker(settings: RunSettings) -> None:
    """Pool initializer: Ctrl-C is the parent's business; build the resources once per worker (with
    ``fork`` they are inherited from the parent, already built)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    load_resources(settings.paths, settings.tagger)


@contextlib.contextmanager
def local_outcomes(
    tasks: Sequence[FileTask], settings: RunSettings, jobs: int = 1, batch_size: int = DEFAULT_BATCH_SIZE
) -> Iterator[Iterator[BatchOutcome]]:
    """Batch outcomes in task order: in this process, or in a ``fork`` pool of ``jobs`` workers (started
    when the block is entered, stopped when it is left, also on failure)."""
    work = batches(tasks, batch_size)
    if jobs <= 1 or len(work) <= 1:
        yield (process_batch(batch, settings) for batch in work)
        return
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    with context.Pool(min(jobs, len(work)), initializer=_init_worker, initargs=(settings,)) as pool:
        yield pool.imap(_process_batch_star, [(batch, settings) for batch in work], chunksize=1)


def _process_batch_star(args: tuple[list[FileTask], RunSettings]) -> BatchOutcome:
    return process_batch(*args)


def iter_outcomes_dask(
    tasks: Sequence[FileTask], settings: RunSettings, address: str, batch_size: int, n_workers: int
) -> Iterator[tuple[int, BatchOutcome]]:
    """``(partition number, outcome)`` of a dask.bag of files (``batch_size`` per partition, each processed
    as one batch), as the partitions finish. ``address`` is a scheduler address or ``local`` (a
    LocalCluster of ``n_workers`` worker processes)."""
    import dask.bag as db
    from distributed import Client, LocalCluster, as_completed

    with contextlib.ExitStack() as stack:
        if address == "local":
            cluster = stack.enter_context(
                LocalCluster(
                    n_workers=n_workers, threads_per_worker=1, processes=True, dashboard_address=None
                )
            )
            client = stack.enter_context(Client(cluster))
        else:
            client = stack.enter_context(Client(address))
        bag = db.from_sequence(list(tasks), partition_size=batch_size)
        partitions = bag.map_partitions(_process_partition, settings).to_delayed()
        futures = client.compute(partitions)
        number = {future.key: n for n, future in enumerate(futures)}
        for future, outcomes in as_completed(futures, with_results=True):
            yield number[future.key], outcomes[0]
            future.release()


def _process_partition(tasks: Sequence[FileTask], settings: RunSettings) -> list[BatchOutcome]:
    return [process_batch(list(tasks), settings)]


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


# ----------------------------------------------------------------------------------------------------
# Commands
# ----------------------------------------------------------------------------------------------------


def _resource_paths(args: argparse.Namespace) -> ResourcePaths:
    """The packaged resources, with any given by ``--codebook``, ``--dimensions`` … in their place."""
    chosen = {name: getattr(args, name) for name in PIPELINE_RESOURCES}
    paths = ResourcePaths.default().replace(**chosen)
    return ResourcePaths(**{name: Path(value).resolve() for name, value in vars(paths).items()})


def _run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """``govtext run``: pass 1, then the pipeline over every file, into a staging folder."""
    if args.jobs < 1:
        parser.error("--jobs must be at least 1")
    if args.batch_size < 1:
        parser.error("--batch-size must be at least 1")
    fmt = args.format or ("parquet" if args.dask else "csv")
    if args.dask and fmt != "parquet":
        parser.error("--dask writes Parquet: drop --format csv")
    if args.dask:
        try:
            import dask.bag  # noqa: F401
            import distributed  # noqa: F401
        except ImportError:
            parser.error("--dask needs the dask extra: pip install 'govtext[dask]'")
    paths = _resource_paths(args)
    out_dir = Path(args.out)
    check_out_dir(out_dir)

    scan = scan_corpus(args.corpus_dir, args.manifest, args.encoding)
    if scan.problems and args.on_error == "fail":
        lines = "\n".join(f"  - {problem.describe()}" for problem in scan.problems)
        raise corpus.CorpusError(f"corpus {args.corpus_dir}: {len(scan.problems)} problem(s):\n{lines}")
    resources = load_resources(
        paths, args.tagger
    )  # validates the codebooks before any work; workers inherit it
    settings = RunSettings(resources.paths, args.encoding, fmt, args.tagger)
    show_progress = sys.stderr.isatty()

    with contextlib.ExitStack() as stack:
        staging = stack.enter_context(staged_output(out_dir))
        # The pool is forked before the progress bar starts its monitor thread.
        outcomes = (
            None
            if args.dask
            else stack.enter_context(local_outcomes(scan.tasks, settings, args.jobs, args.batch_size))
        )
        writer = TableWriter(staging, fmt, args.bom)
        writer.problems.extend(scan.problems)
        try:
            with tqdm(
                total=len(scan.tasks), unit="file", disable=not show_progress, file=sys.stderr
            ) as progress:
                if args.dask:
                    n_workers = args.jobs if args.jobs > 1 else DEFAULT_DASK_WORKERS
                    # Workers of a remote cluster must see the files at the same (absolute) path.
                    tasks = [replace(task, path=str(Path(task.path).resolve())) for task in scan.tasks]
                    parts = iter_outcomes_dask(tasks, settings, args.dask, args.batch_size, n_workers)
                else:
                    parts = enumerate(outcomes)
                for part, outcome in parts:
                    _stop_on_failure(outcome.problems, args.on_error)
                    writer.add(part, outcome)
                    progress.update(len(outcome.tasks))
            writer.finish()
        finally:
            writer.close()
        if writer.documents == 0:
            lines = "\n".join(f"  - {p.describe()}" for p in sorted(writer.problems, key=_problem_key)[:10])
            raise corpus.CorpusError(
                f"no document could be processed ({len(writer.problems)} failed):\n{lines}"
            )
        if args.on_error == "skip":
            write_errors(writer.problems, staging / "errors.csv", bom=args.bom)
        _write_run_info(staging / "run.json", args, fmt, paths, scan, writer)

    sizes = ", ".join(f"{writer.rows[name]} {name}" for name in TABLES)
    print(f"wrote {out_dir}: {sizes}")
    if writer.problems:
        print(
            f"govtext: skipped {len(writer.problems)} file(s); see {out_dir / 'errors.csv'}", file=sys.stderr
        )
    return EXIT_OK


def _problem_key(problem: FileProblem) -> tuple[str, str]:
    return problem.source_file, problem.stage


def _stop_on_failure(problems: Sequence[FileProblem], on_error: str) -> None:
    if on_error != "fail":
        return
    failed = sorted(problems, key=_problem_key)
    if failed:
        raise corpus.CorpusError(f"{failed[0].describe()} (use --on-error skip to skip failing files)")


def _write_run_info(
    path: Path,
    args: argparse.Namespace,
    fmt: str,
    paths: ResourcePaths,
    scan: CorpusScan,
    writer: TableWriter,
) -> None:
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
        f"{compare.RATE_SCALE:,} clean characters",
    }
    path.write_text(json.dumps(info, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _kwic(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    if args.width < 0:
        parser.error("--width must be at least 0")
    if not args.term.strip():
        parser.error("TERM is empty")
    files = sorted(corpus.iter_corpus_files(args.corpus_dir), key=lambda path: (path.stem, path.name))
    if not files:
        raise corpus.CorpusError(f"{args.corpus_dir}: no .txt files in the folder")
    hits = documents_with_hits = 0
    for path in files:
        record = corpus.load_document(path, args.encoding)
        documents = document_frame(record, [])
        cleaned = corpus.clean_documents(documents)
        articles = corpus.split_articles(documents, cleaned)
        sentences = corpus.split_sentences(documents, cleaned, articles)
        lines = compare.kwic(sentences, args.term, width=args.width, cleaned=cleaned)
        for row in lines.itertuples(index=False):
            left = row.left.rjust(args.width, "\u3000")
            print(f"{row.doc_id}\t{row.start}\t{row.end}\t{left}【{row.term}】{row.right}")
        hits += len(lines)
        documents_with_hits += bool(len(lines))
    print(
        f"{hits} occurrence(s) of {args.term} in {documents_with_hits} of {len(files)} document(s)",
        file=sys.stderr,
    )
    return EXIT_OK


def _codebook_check(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    problems = programmes.check_codebook_file(args.file)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{args.file}: {len(problems)} problem(s)", file=sys.stderr)
        return EXIT_BAD_INPUT
    print("ok")
    return EXIT_OK


# ----------------------------------------------------------------------------------------------------
# Parser and entry point
# ----------------------------------------------------------------------------------------------------


class _Formatter(argparse.RawDescriptionHelpFormatter):
    def __init__(self, prog: str) -> None:
        super().__init__(prog, max_help_position=32, width=110)


def make_parser() -> argparse.ArgumentParser:
    """The argument parser with every sub-command."""
    parser = argparse.ArgumentParser(
        prog="govtext",
        description="Code governance programmes, metrics and dimensions in Chinese news articles.",
        epilog="examples:\n  govtext run data/raw --out results/\n  govtext kwic 网格员 data/raw\n"
        "  govtext codebook check my_codebook.yml\n\n"
        "Run `govtext COMMAND --help` for a command's options and examples.",
        formatter_class=_Formatter,
    )
    parser.add_argument("--version", action="version", version=f"govtext {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    run = commands.add_parser(
        "run",
        help="write every table for a folder of .txt articles",
        description="Load every .txt file in CORPUS_DIR (checked against its manifest if there is one),\n"
        "clean it, split it into articles and sentences, segment it, code programme mentions, metrics and\n"
        "governance dimensions, and write the tables into OUT_DIR. OUT_DIR appears only when the run\n"
        "succeeded. The codebooks and word lists default to the project's data/ folder.\n\n"
        "Exit codes: 0 ok, 1 bad input (corpus, codebook, a failing file with --on-error fail, an\n"
        "output folder that is not empty, or no document processed), 2 usage.",
        epilog=RUN_EXAMPLES,
        formatter_class=_Formatter,
    )
    run.add_argument(
        "corpus_dir", type=Path, metavar="CORPUS_DIR", help="folder of .txt files (one document each)"
    )
    run.add_argument("--out", type=Path, required=True, metavar="OUT_DIR", help="new or empty output folder")
    run.add_argument(
        "--manifest",
        type=Path,
        default=None,
        metavar="FILE",
        help="manifest CSV (default: CORPUS_DIR/manifest.csv if present)",
    )
    run.add_argument(
        "--encoding",
        default="utf-8",
        metavar="ENC",
        help="encoding of the files (default utf-8; e.g. gb18030)",
    )
    run.add_argument("--jobs", type=int, default=1, metavar="N", help="worker processes (default 1)")
    run.add_argument(
        "--format",
        choices=["csv", "parquet"],
        default=None,
        help="table format (default csv; parquet with --dask)",
    )
    run.add_argument(
        "--bom", action="store_true", help="write CSV as UTF-8 with a byte-order mark (for Excel)"
    )
    run.add_argument(
        "--on-error",
        choices=["skip", "fail"],
        default="fail",
        help="a file that cannot be processed stops the run (fail, default) or goes to errors.csv (skip)",
    )
    run.add_argument(
        "--dask",
        metavar="ADDRESS",
        default=None,
        help="run on dask: 'local' (a LocalCluster of 2 worker processes, or --jobs) or a scheduler address",
    )
    run.add_argument(
        "--batch-size",
        type=int,
        default=DEFAULT_BATCH_SIZE,
        metavar="N",
        help=f"documents processed together: a batch, a Parquet part, a dask partition (default "
        f"{DEFAULT_BATCH_SIZE})",
    )
    run.add_argument(
        "--tagger",
        choices=list(TAGGERS),
        default="hmm",
        help="segmentation and POS tags: hmm (default; jieba.posseg, as in the book) or dictionary "
        "(the tokens of jieba.lcut with the dictionary's tags: about 5 times faster, see the README)",
    )
    resources = run.add_argument_group("coding resources (default: the ones packaged with govtext)")
    resources.add_argument(
        "--codebook",
        type=Path,
        metavar="FILE",
        help="programme codebook YAML (default: packaged)",
    )
    resources.add_argument(
        "--dimensions",
        type=Path,
        metavar="FILE",
        help="dimensions YAML (default: packaged)",
    )
    resources.add_argument(
        "--units", type=Path, metavar="FILE", help="units codebook YAML (default: packaged)"
    )
    resources.add_argument(
        "--lexicon",
        type=Path,
        metavar="FILE",
        help="jieba user words (default: packaged)",
    )
    resources.add_argument("--stopwords", type=Path, metavar="FILE", help="stopword list (default: packaged)")
    run.set_defaults(handler=_run, parser=run)

    kwic = commands.add_parser(
        "kwic",
        help="print every occurrence of a term in context",
        description="Print every occurrence of TERM in the clean text of the .txt files in CORPUS_DIR,\n"
        "with the document id and the raw offsets of the occurrence. Exit codes: 0 ok (also when\n"
        "nothing is found), 1 bad input, 2 usage.",
        epilog=KWIC_EXAMPLES,
        formatter_class=_Formatter,
    )
    kwic.add_argument("term", metavar="TERM", help="the word or phrase to find (matched in the clean text)")
    kwic.add_argument("corpus_dir", type=Path, metavar="CORPUS_DIR", help="folder of .txt files")
    kwic.add_argument(
        "--width", type=int, default=20, metavar="N", help="characters of context each side (default 20)"
    )
    kwic.add_argument(
        "--encoding", default="utf-8", metavar="ENC", help="encoding of the files (default utf-8)"
    )
    kwic.set_defaults(handler=_kwic, parser=kwic)

    codebook = commands.add_parser(
        "codebook",
        help="work with a programme codebook",
        description="Commands for programme codebooks (YAML, like govtext/resources/programmes.yml).",
        epilog=CODEBOOK_EXAMPLES,
        formatter_class=_Formatter,
    )
    codebook_commands = codebook.add_subparsers(dest="codebook_command", metavar="COMMAND")
    check = codebook_commands.add_parser(
        "check",
        help="validate a codebook file",
        description="Validate a programme codebook: print each problem (file: entry: field: problem)\n"
        "and exit 1, or print ok and exit 0.",
        epilog=CODEBOOK_EXAMPLES,
        formatter_class=_Formatter,
    )
    check.add_argument("file", type=Path, metavar="FILE", help="codebook YAML file")
    check.set_defaults(handler=_codebook_check, parser=check)
    codebook.set_defaults(handler=None, parser=codebook)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``govtext`` console script; returns the exit code."""
    parser = make_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # --help, --version (0) and usage errors (2)
        return int(exit_.code or 0)
    handler: Callable[[argparse.Namespace, argparse.ArgumentParser], int] | None = getattr(
        args, "handler", None
    )
    if handler is None:
        getattr(args, "parser", parser).print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return handler(args, args.parser)
    except SystemExit as exit_:  # parser.error inside a handler
        return int(exit_.code or 0)
    except BrokenPipeError:  # `govtext kwic ... | head`
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except (ValueError, OSError) as exc:
        print(f"govtext: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    raise SystemExit(main())
