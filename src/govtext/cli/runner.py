"""Running: pass 1 checks the corpus as a whole, pass 2 runs the pipeline a batch of files at a time.

Pass 1 (``scan_corpus``) is cheap: it reads, decodes and hashes every file and makes the corpus-level
checks that need every file at once (manifest rows without files and files without rows, duplicate ids,
checksum mismatches, duplicate documents) before any expensive work; each file becomes a ``FileTask``,
each failing file a ``FileProblem``. Pass 2 runs :func:`govtext.pipeline.run_pipeline` on a batch of
tasks at a time (``process_batch``; a failing batch is rerun file by file to name the failing files), in
this process, in a ``fork`` pool of worker processes that each hold one set of resources
(``local_outcomes``), or on a dask cluster (``iter_outcomes_dask``). Every mode gives the same rows.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import multiprocessing
import shutil
import signal
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pandas as pd

from govtext import corpus
from govtext.cli.writer import CandidateCounts, csv_row_bytes, excel_safe, spool_rows
from govtext.pipeline import TABLES, ResourcePaths, load_resources, run_pipeline

DEFAULT_BATCH_SIZE = 100
DEFAULT_DASK_WORKERS = 2


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
    source_file: str = ""
    """The file's name relative to the corpus folder (``sub/a.txt`` with ``--recursive``); default the
    name of ``path``."""

    @property
    def name(self) -> str:
        return self.source_file or Path(self.path).name


@dataclass(frozen=True)
class FileProblem:
    """A file that could not be processed: which step failed and why (a row of ``errors.csv``)."""

    source_file: str
    doc_id: str
    stage: str
    error: str

    def describe(self) -> str:
        return f"{corpus.shown(self.source_file)}: {self.stage}: {self.error}"


@dataclass
class CorpusScan:
    """Result of pass 1: files to process (sorted by doc_id), files that fail a check, and what was not
    read on purpose (``corpus.NOT_READ_KINDS``: hidden entries, sub-folders, other files)."""

    tasks: list[FileTask]
    problems: list[FileProblem]
    metadata_columns: list[str]
    not_read: dict[str, int] = field(default_factory=dict)


def scan_corpus(
    corpus_dir: str | Path,
    manifest: str | Path | None = None,
    encoding: str = "utf-8",
    *,
    recursive: bool = False,
) -> CorpusScan:
    """Pass 1: check the folder against its manifest (``corpus.check_corpus_dir``: a problem there
    raises ``CorpusError``), then read, decode and hash every file. Files that cannot be loaded, do not
    match their manifest checksum, or repeat an earlier file's text (same bytes, or the same text once
    decoded: another byte-order mark or other line endings) become ``FileProblem``s.
    """
    folder = Path(corpus_dir)
    corpus.check_encoding(encoding)
    listing, table = corpus.check_corpus_dir(folder, manifest, recursive=recursive)
    named = sorted(zip(listing.files, listing.names, strict=True), key=lambda f: (f[0].stem, f[1]))
    stems = Counter(path.stem for path, _ in named)
    clashes = sorted(stem for stem, n in stems.items() if n > 1)
    if clashes:
        names = "; ".join(", ".join(n for p, n in named if p.stem == stem) for stem in clashes)
        raise corpus.CorpusError(
            f"corpus {corpus.shown(folder)}: files with the same doc_id (file stem): {corpus.shown(names)}"
        )
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
    by_bytes: dict[str, str] = {}
    by_text: dict[str, str] = {}
    for path, name in named:
        try:
            record = corpus.load_document(path, encoding, source_file=name)
        except corpus.CorpusError as err:
            problems.append(FileProblem(name, path.stem, "load", str(err)))
            continue
        digest = str(record["sha256"])
        row = rows.get(name, {})
        expected = expected_sha.get(name, "").strip().lower()
        if expected and expected != digest:
            problems.append(
                FileProblem(
                    name,
                    path.stem,
                    "checksum",
                    f"sha256 mismatch: the manifest says {corpus.shown(expected)}, the file has {digest} "
                    "(the file changed after the manifest was written)",
                )
            )
            continue
        why = corpus.duplicate_of(by_bytes, by_text, record)
        if why is not None:
            problems.append(FileProblem(name, path.stem, "duplicate", why))
            continue
        metadata = tuple((c, row.get(c, "")) for c in metadata_columns)
        source = "" if name == path.name else name
        tasks.append(FileTask(len(tasks), str(path), path.stem, digest, metadata, source))
    return CorpusScan(tasks, problems, metadata_columns, dict(listing.not_read))


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
    excel_safe: bool = False
    spool_dir: str = ""
    """With CSV, a folder where the worker writes each batch's rows (``writer.spool_rows``) instead of
    returning them; empty: the rows come back as bytes (this process, dask)."""


@dataclass
class DocumentOutcome:
    """One processed file: its tables (DataFrames) or the problem."""

    task: FileTask
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    problem: FileProblem | None = None


@dataclass
class BatchOutcome:
    """A processed batch of files: the tables of the documents that worked (CSV rows without header as
    UTF-8 bytes or, with ``RunSettings.spool_dir``, where they were spooled; or DataFrames), their column
    names and row counts, and a problem for each file that failed."""

    tasks: list[FileTask]
    documents: int = 0
    tables: dict[str, Any] = field(default_factory=dict)
    columns: dict[str, list[str]] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    problems: list[FileProblem] = field(default_factory=list)
    candidate_counts: CandidateCounts | None = None
    """With CSV, the counts of the ``candidates`` rows as written, for the corpus-wide counts."""


def _load_task(task: FileTask, settings: RunSettings) -> dict[str, Any]:
    record = corpus.load_document(task.path, settings.encoding, source_file=task.name)
    if record["sha256"] != task.sha256:
        raise corpus.CorpusError(f"{corpus.shown(task.path)}: the file changed during the run")
    return record


MAX_ERROR_CHARS = 500
"""Longest error message kept for a file (``errors.csv``, the terminal): one line, bounded."""


def _problem(task: FileTask, stage: str, err: Exception) -> FileProblem:
    message = corpus.shown(" ".join(f"{type(err).__name__}: {err}".split()))
    if len(message) > MAX_ERROR_CHARS:
        message = message[: MAX_ERROR_CHARS - 1] + "…"
    return FileProblem(task.name, task.doc_id, stage, message)


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
            written = excel_safe(frame) if settings.excel_safe else frame
            outcome.tables[name] = csv_row_bytes(written)
            if name == "candidates":
                outcome.candidate_counts = CandidateCounts.of_rows(
                    written["doc_id"].tolist(), written["candidate"].tolist()
                )
        else:
            outcome.tables[name] = frame
    if settings.fmt == "csv" and settings.spool_dir:
        outcome.tables = dict(spool_rows(Path(settings.spool_dir), tasks[0].index, outcome.tables))
    return outcome


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    full = [frame for frame in frames if len(frame)]
    if not full:
        return frames[0]
    return pd.concat(full, ignore_index=True) if len(full) > 1 else full[0]


def batches(tasks: Sequence[FileTask], batch_size: int) -> list[list[FileTask]]:
    """``tasks`` in consecutive batches of ``batch_size`` (batch N is Parquet part N)."""
    return [list(tasks[i : i + batch_size]) for i in range(0, len(tasks), batch_size)]


def _init_worker(settings: RunSettings) -> None:
    """Pool initializer: Ctrl-C is the parent's business, SIGTERM (the pool stopping) ends the worker at
    once (a forked worker would inherit the parent's handler); build the resources once per worker (with
    ``fork`` they are inherited from the parent, already built)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):  # blocked by the parent while it forked (see local_outcomes)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)
    load_resources(settings.paths, settings.tagger)


_STOP_SIGNALS = {getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)}
"""Signals held back while the pool forks: a worker that received one before its initializer ran would
raise the parent's exception inside the pool's machinery instead of ending."""


@contextlib.contextmanager
def local_outcomes(
    tasks: Sequence[FileTask],
    settings: RunSettings,
    jobs: int = 1,
    batch_size: int = DEFAULT_BATCH_SIZE,
    spool_dir: Path | None = None,
) -> Iterator[Iterator[BatchOutcome]]:
    """Batch outcomes in task order: in this process, or in a ``fork`` pool of ``jobs`` workers (started
    when the block is entered, stopped when it is left, also on failure). With ``spool_dir`` and CSV, the
    pool's workers write their rows into spool files in that folder (made here, removed when the block is
    left; ``govtext run`` puts it inside the staging folder) for ``TableWriter`` to append."""
    work = batches(tasks, batch_size)
    if jobs <= 1 or len(work) <= 1:
        yield (process_batch(batch, settings) for batch in work)
        return
    if spool_dir is not None and settings.fmt == "csv":
        Path(spool_dir).mkdir()
        settings = replace(settings, spool_dir=str(spool_dir))
    try:
        with _pool_outcomes(work, settings, jobs) as outcomes:
            yield outcomes
    finally:
        if settings.spool_dir:  # after the pool has stopped: no worker writes there any more
            shutil.rmtree(settings.spool_dir, ignore_errors=True)


@contextlib.contextmanager
def _pool_outcomes(
    work: list[list[FileTask]], settings: RunSettings, jobs: int
) -> Iterator[Iterator[BatchOutcome]]:
    """Batch outcomes in task order from a ``fork`` pool of ``jobs`` workers."""
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    masking = hasattr(signal, "pthread_sigmask")
    if masking:  # the pool's threads and forked workers start with the stop signals blocked
        signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
    # The resources built so far (jieba's dictionary, the codebooks) go to the permanent generation: the
    # workers' garbage collector then never walks them, which would copy their pages (copy-on-write).
    gc.freeze()
    try:
        pool = context.Pool(min(jobs, len(work)), initializer=_init_worker, initargs=(settings,))
    except BaseException:
        gc.unfreeze()
        if masking:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)
        raise
    try:
        with pool:  # a signal that arrived meanwhile is delivered here: leaving the block stops the pool
            if masking:
                signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)
            yield pool.imap(_process_batch_star, [(batch, settings) for batch in work], chunksize=1)
    finally:
        gc.unfreeze()


def _process_batch_star(args: tuple[list[FileTask], RunSettings]) -> BatchOutcome:
    return process_batch(*args)


def iter_outcomes_dask(
    tasks: Sequence[FileTask],
    settings: RunSettings,
    address: str,
    batch_size: int,
    n_workers: int,
    scratch: Path | None = None,
) -> Iterator[tuple[int, BatchOutcome]]:
    """``(partition number, outcome)`` of a dask.bag of files (``batch_size`` per partition, each processed
    as one batch), as the partitions finish. ``address`` is a scheduler address or ``local`` (a
    LocalCluster of ``n_workers`` worker processes, its scratch space in the folder ``scratch``, removed
    when the cluster stops; ``govtext run`` puts it inside the staging folder)."""
    # dask and distributed are not annotated: they are used untyped (Any), not silenced call by call.
    dask: Any = importlib.import_module("dask")
    db: Any = importlib.import_module("dask.bag")
    distributed: Any = importlib.import_module("distributed")

    with contextlib.ExitStack() as stack:
        if address == "local":
            folder = Path(scratch) if scratch is not None else None
            if folder is not None:
                folder.mkdir(parents=True, exist_ok=True)
                stack.callback(shutil.rmtree, folder, True)  # after the cluster has stopped
                stack.enter_context(dask.config.set({"temporary-directory": str(folder)}))
            cluster = stack.enter_context(
                distributed.LocalCluster(
                    n_workers=n_workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    local_directory=None if folder is None else str(folder),
                )
            )
            client = stack.enter_context(distributed.Client(cluster))
        else:
            client = stack.enter_context(distributed.Client(address))
        bag = db.from_sequence(list(tasks), partition_size=batch_size)
        partitions = bag.map_partitions(_process_partition, settings).to_delayed()
        futures = client.compute(partitions)
        number = {future.key: n for n, future in enumerate(futures)}
        for future, outcomes in distributed.as_completed(futures, with_results=True):
            yield number[future.key], outcomes[0]
            future.release()


def _process_partition(tasks: Sequence[FileTask], settings: RunSettings) -> list[BatchOutcome]:
    return [process_batch(list(tasks), settings)]
