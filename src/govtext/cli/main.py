"""Commands: the argument parser (``make_parser``), ``govtext run``, ``kwic``, ``codebook check``, ``main``.

``main`` parses the arguments and calls the command's handler; every handler returns an exit code:
``EXIT_OK`` (0) ok, ``EXIT_BAD_INPUT`` (1) bad input (corpus, codebook, a file with ``--on-error fail``,
an output folder that is not empty), ``EXIT_USAGE`` (2) usage (unknown or missing options, an unknown
encoding), ``EXIT_INTERRUPTED`` (130) Ctrl-C; SIGTERM and SIGHUP end a command with 128 + the signal
number. Every message is one line per problem (file names with control characters escaped), at most
``MAX_MESSAGE_CHARS`` long, at most ``MAX_MESSAGE_LINES`` lines. ``govtext run`` only wires the two
passes of :mod:`govtext.cli.runner` to :mod:`govtext.cli.writer`; the pipeline itself is
:func:`govtext.pipeline.run_pipeline`.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from types import FrameType

from tqdm import tqdm

from govtext import __version__, compare, corpus, programmes
from govtext.cli import qda
from govtext.cli.runner import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_DASK_WORKERS,
    FileProblem,
    RunSettings,
    document_frame,
    iter_outcomes_dask,
    local_outcomes,
    scan_corpus,
)
from govtext.cli.staging import check_out_dir, staged_output
from govtext.cli.writer import TableWriter, write_errors, write_run_info
from govtext.pipeline import PIPELINE_RESOURCES, TABLES, TAGGERS, ResourcePaths, load_resources
from govtext.yamlfile import ResourceError, resource_problem

EXIT_OK, EXIT_BAD_INPUT, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
MAX_MESSAGE_CHARS = 400
"""Longest line of a message (longer ones are cut with …)."""
MAX_MESSAGE_LINES = 21
"""Most lines of one message: a headline and 20 problems, then a count of the others."""
MAX_KWIC_WIDTH = 1000
DASK_SCRATCH = ".dask-scratch"
"""Folder inside the staging folder where a ``--dask local`` cluster keeps its scratch space."""
SPOOL_FOLDER = ".spool"
"""Folder inside the staging folder where the workers of ``--jobs N`` spool their CSV rows (removed
before the tables are moved into place)."""

NOT_READ_HELP = """\
what is read: every file directly in CORPUS_DIR whose name ends in .txt (any case), one document each;
  with --recursive also those in sub-folders (source_file is then the path below CORPUS_DIR, e.g.
  2021/a.txt). Not read, on purpose, and counted in run.json ("not_read") and on stderr: hidden
  entries (names starting with "."), sub-folders (without --recursive), other files (manifest.csv
  aside). A .txt entry that cannot be read (a broken link, a FIFO, no permission) is a failing file.
"""

RUN_EXAMPLES = (
    """\
output (in OUT_DIR; one row per ...):
  documents.csv         document: doc_id, source_file, sha256, manifest metadata, n_chars
  articles.csv          article: title, byline, sub_units, raw offsets start/end
  sentences.csv         sentence, heading, caption, byline or furniture line: part, text, offsets
  tokens.csv            jieba token: pos, is_stopword, clean and raw offsets
  programmes.csv        mention of a codebook programme: surface, programme_id, raw offsets
  candidates.csv        span that looks like a programme name but is not in the codebook: pattern, raw offsets
  metrics.csv           quantity: value, unit, kind, subject, raw offsets
  dimension_scores.csv  document x dimension: hits of the dimension's terms in the body sentences,
                        n_chars of those sentences, rate per 10,000 characters, terms found (term×k)
  errors.csv            (--on-error skip) files that were skipped and why
  run.json              govtext version, options and the sha256 of every coding resource
  Offsets start/end index the raw decoded text of the file: raw[start:end] is the surface as printed.
  LF, CRLF and CR line endings give the same rows; a cell holding a line break is quoted.
  With --format parquet (or --dask) each table is a folder of Parquet parts: pd.read_parquet(OUT_DIR/tokens).

spreadsheets:
  --excel-safe (implied by --bom) puts a ' before every text cell that starts with = + - @, a tab, a
  carriage return or ' so that Excel or LibreOffice shows it as text instead of running it as a formula
  (CSV injection); drop one leading ' to get the value back. Programs should read the default output.

"""
    + NOT_READ_HELP
    + """
examples:
  govtext run data/raw --out results/
  govtext run my_articles/ --out results/ --encoding gb18030 --bom
  govtext run my_articles/ --out results/ --jobs 2 --on-error skip
  govtext run my_articles/ --out results/ --tagger dictionary --jobs 2    # large corpora: ~5x faster
  govtext run my_articles/ --out results/ --format parquet --codebook my_programmes.yml
  govtext run my_articles/ --out results/ --dask local
"""
)

KWIC_EXAMPLES = (
    """\
Each line: doc_id, raw start and end of the term (raw[start:end] is the term as printed), then the
term in context (clean text, at most WIDTH characters each side, within its sentence). The files are
checked as by govtext run (manifest, checksums, duplicates, encoding); a failing file stops the command
(--on-error fail) or is named on stderr and left out (--on-error skip).

"""
    + NOT_READ_HELP
    + """
examples:
  govtext kwic 网格员 data/raw
  govtext kwic 党建引领 my_articles/ --width 10 --encoding gb18030
  govtext kwic 网格员 my_articles/ --recursive --on-error skip
"""
)

CODEBOOK_EXAMPLES = """\
examples:
  govtext codebook check my_codebook.yml
"""


# ----------------------------------------------------------------------------------------------------
# Commands
# ----------------------------------------------------------------------------------------------------


def _resource_paths(args: argparse.Namespace) -> ResourcePaths:
    """The packaged resources, with any given by ``--codebook``, ``--dimensions`` … in their place;
    a given file that does not exist is named with its option."""
    chosen = {name: getattr(args, name) for name in PIPELINE_RESOURCES}
    for name, value in chosen.items():
        if value is not None and not Path(value).is_file():
            problem = "file not found" if not Path(value).exists() else "not a file"
            raise ResourceError(resource_problem(f"--{name} {corpus.shown(value)}", None, problem))
    paths = ResourcePaths.default().replace(**chosen)
    return ResourcePaths(**{name: Path(value).resolve() for name, value in vars(paths).items()})


def _say(message: str) -> None:
    """A message on stderr, ``govtext: `` first, bounded (see :func:`bounded`)."""
    print(bounded(f"govtext: {message}"), file=sys.stderr)


def bounded(message: str) -> str:
    """``message`` with control characters escaped in each line, every line at most
    ``MAX_MESSAGE_CHARS`` long and at most ``MAX_MESSAGE_LINES`` lines (then a count of the rest)."""
    lines = [corpus.shown(line) for line in message.split("\n")]
    lines = [
        line if len(line) <= MAX_MESSAGE_CHARS else line[: MAX_MESSAGE_CHARS - 1] + "…" for line in lines
    ]
    if len(lines) > MAX_MESSAGE_LINES:
        rest = len(lines) - MAX_MESSAGE_LINES + 1
        lines = [*lines[: MAX_MESSAGE_LINES - 1], f"  … and {rest} more line(s)"]
    return "\n".join(lines)


def _check_encoding_option(args: argparse.Namespace, parser: argparse.ArgumentParser) -> None:
    try:
        corpus.check_encoding(args.encoding)
    except corpus.CorpusError as err:
        parser.error(f"--encoding: {err}")


def _capped_jobs(jobs: int) -> int:
    cpus = os.cpu_count() or 1
    if jobs > cpus:
        _say(f"warning: --jobs {jobs} is more than the {cpus} CPU(s) of this machine; using {cpus}")
        return cpus
    return jobs


def _note_not_read(listing_note: str) -> None:
    if listing_note:
        _say(f"not read: {listing_note}")


def _not_read_note(not_read: dict[str, int], recursive: bool) -> str:
    listing = corpus.CorpusListing(Path("."), (), (), not_read, recursive)
    return listing.describe_not_read()


def _problem_report(headline: str, problems: Sequence[FileProblem]) -> str:
    lines = "\n".join(f"  - {problem.describe()}" for problem in sorted(problems, key=_problem_key))
    return f"{headline}:\n{lines}"


def _run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """``govtext run``: pass 1, then the pipeline over every file, into a staging folder."""
    if args.jobs < 1:
        parser.error("--jobs must be at least 1")
    if args.batch_size < 1:
        parser.error("--batch-size must be at least 1")
    fmt = args.format or ("parquet" if args.dask else "csv")
    if args.dask and fmt != "parquet":
        parser.error("--dask writes Parquet: drop --format csv")
    if fmt != "csv" and (args.bom or args.excel_safe):
        parser.error("--bom and --excel-safe are for CSV output: drop them, or --format parquet/--dask")
    _check_encoding_option(args, parser)
    if args.dask:
        try:
            import dask.bag  # noqa: F401
            import distributed  # noqa: F401
        except ImportError:
            parser.error("--dask needs the dask extra: pip install 'govtext[dask]'")
    args.excel_safe = bool(args.excel_safe or args.bom)
    jobs = _capped_jobs(args.jobs)
    paths = _resource_paths(args)
    out_dir = Path(args.out)
    check_out_dir(out_dir)

    scan = scan_corpus(args.corpus_dir, args.manifest, args.encoding, recursive=args.recursive)
    _note_not_read(_not_read_note(scan.not_read, args.recursive))
    if scan.problems and args.on_error == "fail":
        headline = f"corpus {corpus.shown(args.corpus_dir)}: {len(scan.problems)} problem(s)"
        raise corpus.CorpusError(_problem_report(headline, scan.problems))
    resources = load_resources(
        paths, args.tagger
    )  # validates the codebooks before any work; workers inherit it
    settings = RunSettings(resources.paths, args.encoding, fmt, args.tagger, args.excel_safe)
    show_progress = sys.stderr.isatty()

    with contextlib.ExitStack() as stack:
        staging = stack.enter_context(staged_output(out_dir, notify=_say))
        # The pool is forked before the progress bar starts its monitor thread.
        outcomes = (
            None
            if args.dask
            else stack.enter_context(
                local_outcomes(scan.tasks, settings, jobs, args.batch_size, spool_dir=staging / SPOOL_FOLDER)
            )
        )
        writer = TableWriter(staging, fmt, args.bom, args.excel_safe)
        writer.problems.extend(scan.problems)
        try:
            with tqdm(
                total=len(scan.tasks), unit="file", disable=not show_progress, file=sys.stderr
            ) as progress:
                if outcomes is None:  # --dask
                    n_workers = jobs if jobs > 1 else DEFAULT_DASK_WORKERS
                    # Workers of a remote cluster must see the files at the same (absolute) path.
                    tasks = [replace(task, path=str(Path(task.path).resolve())) for task in scan.tasks]
                    parts = iter_outcomes_dask(
                        tasks, settings, args.dask, args.batch_size, n_workers, staging / DASK_SCRATCH
                    )
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
            headline = f"no document could be processed ({len(writer.problems)} failed)"
            raise corpus.CorpusError(_problem_report(headline, writer.problems))
        if args.on_error == "skip":
            write_errors(writer.problems, staging / "errors.csv", bom=args.bom, safe=args.excel_safe)
        write_run_info(staging / "run.json", args, fmt, paths, scan, writer, resources.tokenizer.pos_backend)

    sizes = ", ".join(f"{writer.rows[name]} {name}" for name in TABLES)
    print(f"wrote {out_dir}: {sizes}")
    if writer.problems:
        _say(f"skipped {len(writer.problems)} file(s); see {corpus.shown(out_dir / 'errors.csv')}")
    return EXIT_OK


def _problem_key(problem: FileProblem) -> tuple[str, str]:
    return problem.source_file, problem.stage


def _stop_on_failure(problems: Sequence[FileProblem], on_error: str) -> None:
    if on_error != "fail":
        return
    failed = sorted(problems, key=_problem_key)
    if failed:
        raise corpus.CorpusError(f"{failed[0].describe()} (use --on-error skip to skip failing files)")


def _kwic(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """``govtext kwic``: the files checked as ``run`` checks them, then every occurrence of the term."""
    if not 0 <= args.width <= MAX_KWIC_WIDTH:
        parser.error(f"--width must be between 0 and {MAX_KWIC_WIDTH}")
    if not args.term.strip():
        parser.error("TERM is empty")
    _check_encoding_option(args, parser)
    scan = scan_corpus(args.corpus_dir, args.manifest, args.encoding, recursive=args.recursive)
    _note_not_read(_not_read_note(scan.not_read, args.recursive))
    problems = list(scan.problems)
    if problems and args.on_error == "fail":
        headline = f"corpus {corpus.shown(args.corpus_dir)}: {len(problems)} problem(s)"
        raise corpus.CorpusError(_problem_report(headline, problems) + "\n(use --on-error skip to skip them)")
    hits = documents_with_hits = documents = 0
    for task in scan.tasks:
        try:
            record = corpus.load_document(task.path, args.encoding, source_file=task.name)
            frame = document_frame(record, task.metadata)
            cleaned = corpus.clean_documents(frame)
            articles = corpus.split_articles(frame, cleaned)
            sentences = corpus.split_sentences(frame, cleaned, articles)
            lines = compare.kwic(sentences, args.term, width=args.width, cleaned=cleaned)
        except Exception as err:  # one file must not stop the others with --on-error skip
            problem = FileProblem(
                task.name, task.doc_id, "kwic", " ".join(f"{type(err).__name__}: {err}".split())
            )
            if args.on_error == "fail":
                raise corpus.CorpusError(
                    f"{problem.describe()} (use --on-error skip to skip failing files)"
                ) from None
            problems.append(problem)
            continue
        documents += 1
        for row in lines.itertuples(index=False):
            left = str(row.left).rjust(args.width, "\u3000")
            doc_id = corpus.shown(row.doc_id)
            print(f"{doc_id}\t{row.start}\t{row.end}\t{left}【{row.term!s}】{row.right!s}")
        hits += len(lines)
        documents_with_hits += bool(len(lines))
    if problems:
        _say(_problem_report(f"skipped {len(problems)} file(s)", problems))
    print(
        f"{hits} occurrence(s) of {corpus.shown(args.term)} in {documents_with_hits} of {documents} "
        "document(s)" + (f"; skipped {len(problems)} file(s)" if problems else ""),
        file=sys.stderr,
    )
    return EXIT_OK


def _codebook_check(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    problems = programmes.check_codebook_file(args.file)
    for problem in problems:
        print(bounded(" ".join(problem.split("\n"))))
    if problems:
        print(bounded(f"{corpus.shown(args.file)}: {len(problems)} problem(s)"), file=sys.stderr)
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
        "succeeded: it is written to a hidden staging folder beside it (inside an existing empty\n"
        "OUT_DIR, which is filled in place, keeping its mode and group), removed on any failure,\n"
        "Ctrl-C or SIGTERM; one left by a killed run is removed by the next run. The codebooks and\n"
        "word lists default to the ones packaged with govtext.\n\n"
        "Exit codes: 0 ok, 1 bad input (corpus, manifest, codebook, a failing file with --on-error\n"
        "fail, an output folder that is not empty, or no document processed), 2 usage (also an\n"
        "unknown --encoding), 130 Ctrl-C, 143 SIGTERM.",
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
    run.add_argument(
        "--recursive", action="store_true", help="also read the .txt files in sub-folders (see below)"
    )
    run.add_argument(
        "--jobs",
        type=int,
        default=1,
        metavar="N",
        help="worker processes (default 1; at most the number of CPUs, more is capped with a warning)",
    )
    run.add_argument(
        "--format",
        choices=["csv", "parquet"],
        default=None,
        help="table format (default csv; parquet with --dask)",
    )
    run.add_argument(
        "--bom",
        action="store_true",
        help="write CSV as UTF-8 with a byte-order mark, for Excel (implies --excel-safe)",
    )
    run.add_argument(
        "--excel-safe",
        action="store_true",
        help="put ' before text cells starting with = + - @ (see spreadsheets below)",
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
        "nothing is found), 1 bad input, 2 usage, 130 Ctrl-C.",
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
    kwic.add_argument(
        "--manifest",
        type=Path,
        default=None,
        metavar="FILE",
        help="manifest CSV (default: CORPUS_DIR/manifest.csv if present)",
    )
    kwic.add_argument("--recursive", action="store_true", help="also read the .txt files in sub-folders")
    kwic.add_argument(
        "--on-error",
        choices=["skip", "fail"],
        default="fail",
        help="a file that cannot be read stops the command (fail, default) or is named and left out (skip)",
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
    qda.add_commands(commands)  # export qdpx/qdc, import qdpx, codebook suggest (govtext.cli.qda)
    return parser


class Stopped(BaseException):
    """Raised in the main thread by SIGTERM or SIGHUP, so that ``with`` blocks clean up (the staging
    folder is removed) as they do for Ctrl-C."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@contextlib.contextmanager
def signals_as_exceptions() -> Iterator[None]:
    """Within the block, SIGINT raises ``KeyboardInterrupt`` and SIGTERM/SIGHUP raise :class:`Stopped`;
    after the first signal the others are ignored until the block ends, so that cleaning up is not cut
    short. The previous handlers are restored afterwards (only the main thread can set them)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    numbers = [getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)]

    def stop(signum: int, frame: FrameType | None) -> None:
        for number in numbers:
            signal.signal(number, signal.SIG_IGN)
        if signum == signal.SIGINT:
            raise KeyboardInterrupt
        raise Stopped(signum)

    previous = {number: signal.signal(number, stop) for number in numbers}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


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
    after = " (nothing was written)" if args.command == "run" else ""
    try:
        with signals_as_exceptions():
            return handler(args, args.parser)
    except SystemExit as exit_:  # parser.error inside a handler
        return int(exit_.code or 0)
    except KeyboardInterrupt:
        _say(f"interrupted{after}")
        return EXIT_INTERRUPTED
    except Stopped as stop:
        _say(f"stopped by {signal.Signals(stop.signum).name}{after}")
        return 128 + stop.signum
    except BrokenPipeError:  # `govtext kwic ... | head`
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except (ValueError, OSError) as exc:
        _say(f"error: {exc}")
        return EXIT_BAD_INPUT


if __name__ == "__main__":  # python -m govtext.cli.main
    raise SystemExit(main())
