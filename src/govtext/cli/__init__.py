"""Command line: ``govtext run CORPUS_DIR --out OUT_DIR`` and friends. The only part that writes files.

``govtext run`` streams a folder of ``.txt`` files through the per-document pipeline
(:func:`govtext.pipeline.run_pipeline`: load_document → clean → articles → sentences → tokens →
programme mentions → metrics → dimension scores) and writes one table per step (CSV, or Parquet parts)
into ``OUT_DIR``, in two passes: a cheap pass over the files that makes the corpus-level checks before any
expensive work, then the pipeline a batch of documents at a time, in this process, a ``fork`` pool or on
a dask cluster, the results appended as they arrive, in file order. Output appears only when the run
succeeded (a staging folder moved into place, removed on any failure, Ctrl-C or SIGTERM). One submodule
per concern:

* :mod:`govtext.cli.main`: the argument parser (``make_parser``), the commands (``run``, ``kwic``,
  ``codebook check``), ``main`` (the console script) and the exit codes ``EXIT_*``;
* :mod:`govtext.cli.runner`: pass 1 (``scan_corpus``, ``FileTask``, ``FileProblem``, ``CorpusScan``,
  ``documents_frame``) and pass 2 (``RunSettings``, ``process_batch``, ``batches``, the fork pool in
  ``local_outcomes``, dask in ``iter_outcomes_dask``);
* :mod:`govtext.cli.staging`: the output folder (``check_out_dir``, ``staged_output``,
  ``clear_stale_staging``), staged and moved into place only when the run succeeded;
* :mod:`govtext.cli.writer`: ``csv_rows``, ``excel_safe``, the spool files of ``--jobs N``,
  ``TableWriter``, ``errors.csv`` and ``run.json``.

Exit codes: 0 ok, 1 bad input (corpus, codebook, a file with ``--on-error fail``, an output folder that is
not empty), 2 usage (unknown or missing options, an unknown encoding), 130 Ctrl-C, 128 + N signal N.
"""

from govtext.cli.main import (
    CODEBOOK_EXAMPLES,
    EXIT_BAD_INPUT,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    KWIC_EXAMPLES,
    MAX_MESSAGE_CHARS,
    MAX_MESSAGE_LINES,
    RUN_EXAMPLES,
    Stopped,
    bounded,
    main,
    make_parser,
    signals_as_exceptions,
)
from govtext.cli.runner import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_DASK_WORKERS,
    BatchOutcome,
    CorpusScan,
    DocumentOutcome,
    FileProblem,
    FileTask,
    RunSettings,
    batches,
    document_frame,
    documents_frame,
    iter_outcomes_dask,
    local_outcomes,
    process_batch,
    process_task,
    scan_corpus,
)
from govtext.cli.staging import (
    LOCK_FILE,
    check_out_dir,
    clear_stale_staging,
    staged_output,
    staging_folders,
)
from govtext.cli.writer import (
    ERROR_COLUMNS,
    EXCEL_FORMULA_START,
    TableWriter,
    csv_header,
    csv_rows,
    excel_safe,
    excel_safe_text,
    write_errors,
    write_run_info,
)

# From govtext.pipeline; reachable here as they were from the single-module cli.
from govtext.pipeline import (
    PIPELINE_RESOURCES,
    TABLES,
    TAGGERS,
    ResourcePaths,
    load_resources,
    run_pipeline,
)

__all__ = [
    "CODEBOOK_EXAMPLES",
    "DEFAULT_BATCH_SIZE",
    "DEFAULT_DASK_WORKERS",
    "ERROR_COLUMNS",
    "EXCEL_FORMULA_START",
    "EXIT_BAD_INPUT",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_USAGE",
    "KWIC_EXAMPLES",
    "LOCK_FILE",
    "MAX_MESSAGE_CHARS",
    "MAX_MESSAGE_LINES",
    "PIPELINE_RESOURCES",
    "RUN_EXAMPLES",
    "TABLES",
    "TAGGERS",
    "BatchOutcome",
    "CorpusScan",
    "DocumentOutcome",
    "FileProblem",
    "FileTask",
    "ResourcePaths",
    "RunSettings",
    "Stopped",
    "TableWriter",
    "batches",
    "bounded",
    "check_out_dir",
    "clear_stale_staging",
    "csv_header",
    "csv_rows",
    "document_frame",
    "documents_frame",
    "excel_safe",
    "excel_safe_text",
    "iter_outcomes_dask",
    "load_resources",
    "local_outcomes",
    "main",
    "make_parser",
    "process_batch",
    "process_task",
    "run_pipeline",
    "scan_corpus",
    "signals_as_exceptions",
    "staged_output",
    "staging_folders",
    "write_errors",
    "write_run_info",
]
