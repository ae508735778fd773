"""Command line: ``govtext run CORPUS_DIR --out OUT_DIR`` and friends. The only module that writes files."""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd

from govtext import __version__, corpus

EXIT_OK, EXIT_BAD_INPUT, EXIT_USAGE = 0, 1, 2

RUN_EXAMPLES = """examples:
  govtext run data/raw --out results/
  govtext run my_articles/ --out results/ --encoding gb18030 --bom
"""


def build_tables(documents: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Every output table for a loaded corpus, keyed by file stem."""
    cleaned = corpus.clean_documents(documents)
    articles = corpus.split_articles(documents, cleaned)
    sentences = corpus.split_sentences(documents, cleaned, articles)
    return {
        "documents": documents.drop(columns=["raw_text"]),
        "articles": articles,
        "sentences": sentences,
    }


def write_tables(tables: dict[str, pd.DataFrame], out_dir: Path, *, bom: bool = False) -> None:
    """Write every table as CSV into a temporary sibling folder, then move it into place whole."""
    out_dir = Path(out_dir)
    if out_dir.exists() and any(out_dir.iterdir()):
        raise FileExistsError(f"{out_dir}: output folder exists and is not empty; choose another or empty it")
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
    try:
        for name, table in tables.items():
            table.to_csv(staging / f"{name}.csv", index=False, encoding="utf-8-sig" if bom else "utf-8")
        if out_dir.exists():
            out_dir.rmdir()
        staging.rename(out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _run(args: argparse.Namespace) -> int:
    documents = corpus.load_corpus(args.corpus_dir, manifest=args.manifest, encoding=args.encoding)
    tables = build_tables(documents)
    write_tables(tables, args.out, bom=args.bom)
    sizes = ", ".join(f"{len(t)} {name}" for name, t in tables.items())
    print(f"wrote {args.out}: {sizes}")
    return EXIT_OK


def make_parser() -> argparse.ArgumentParser:
    """The argument parser with every sub-command."""
    parser = argparse.ArgumentParser(
        prog="govtext",
        description="Code governance programmes and metrics in Chinese news articles.",
        epilog="Run `govtext COMMAND --help` for a command's options and examples.",
    )
    parser.add_argument("--version", action="version", version=f"govtext {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    run = commands.add_parser(
        "run",
        help="write every table for a folder of .txt articles",
        description="Load every .txt file in CORPUS_DIR (checked against manifest.csv if present), "
        "clean, split and code it, and write the tables as CSV into OUT_DIR. "
        "OUT_DIR appears only when everything succeeded.",
        epilog=RUN_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    run.add_argument("corpus_dir", type=Path, metavar="CORPUS_DIR")
    run.add_argument("--out", type=Path, required=True, metavar="OUT_DIR", help="new or empty output folder")
    run.add_argument("--manifest", type=Path, default=None, help="manifest CSV (default: CORPUS_DIR/manifest.csv)")
    run.add_argument("--encoding", default="utf-8", help="text encoding of the files (e.g. gb18030)")
    run.add_argument("--bom", action="store_true", help="write CSV as UTF-8 with BOM, for Excel")
    run.set_defaults(handler=_run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``govtext`` console script; returns the exit code."""
    parser = make_parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace], int] | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return handler(args)
    except (ValueError, OSError) as exc:
        print(f"govtext: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    raise SystemExit(main())
