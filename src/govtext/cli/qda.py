"""Commands for QDA software: ``export qdpx``, ``export qdc``, ``import qdpx`` and ``codebook suggest``.

``add_commands`` adds them to the parser of :func:`govtext.cli.main.make_parser`; the work is done by
:mod:`govtext.export` and :mod:`govtext.programmes.suggest`. Like every command, bad input is exit 1 with
one message naming the file and the element, usage exit 2, and nothing is written unless the command
succeeds: a file is written beside its destination and renamed into place, an output folder is staged
(:func:`govtext.cli.staging.staged_output`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from govtext import corpus
from govtext.cli.staging import check_out_dir, staged_output
from govtext.export import export_qdc, export_qdpx, import_qdpx, score_run, write_import
from govtext.export.refi import atomic_write
from govtext.programmes.suggest import DEFAULT_MAX_EXAMPLES, DEFAULT_MIN_DOCS, suggest_from_run
from govtext.resources import resource_path

EXIT_OK, EXIT_BAD_INPUT = 0, 1

EXPORT_EXAMPLES = """\
examples:
  govtext run data/raw --out results/
  govtext export qdpx results/ --corpus data/raw --to seeds.qdpx
  govtext export qdc src/govtext/resources/programmes.yml --to programmes.qdc
"""

QDPX_EXAMPLES = """\
what the project holds:
  sources        every document of the run, its plain text exactly the raw text of the corpus file
                 (sources/<guid>.txt, UTF-8): startPosition/endPosition are the raw offsets of the tables
  codes          programmes (one code per kind, one per programme under it, the codebook's definition
                 as description), metrics (one code per unit class), dimensions (one per dimension)
  selections     one coded plain-text selection per programme mention, metric and dimension hit
  variables      the manifest's columns (place_zh, locality, date, outlet_as_stated, title …)
  sets           the programmes of each level of government
  GUIDs are derived from ids (programme id, doc_id, span), so exporting the same run twice gives the
  same file, and govtext import qdpx recognises its own codes and sources.

examples:
  govtext export qdpx results/ --corpus data/raw --to seeds.qdpx
  govtext export qdpx results/ --corpus my_articles/ --to project.qdpx --codebook my_programmes.yml
"""

IMPORT_EXAMPLES = """\
how a project is read:
  sources        matched to corpus files by the GUID of a govtext export, a doc_id variable or the
                 name (doc_id or file name); the text must be exactly the corpus file's raw text
  codes          by the GUID of a govtext export, else by name: a programme (id, name or alias), a kind
                 (a programme the codebook does not have), a unit class or a dimension (id or name);
                 a code used in a coding that is none of these is an error
output (in OUT_DIR):
  programmes.csv doc_id, start, end, surface, programme_id, note (the gold-file columns), kind, code,
                 coder, selection_guid; programme_id is empty for a code that is a kind
  metrics.csv    the same with unit_class;  dimensions.csv  the same with dimension
  import.json    what was read and what was left out;  scores.csv  with --score

examples:
  govtext import qdpx coded.qdpx --corpus data/raw --out annotations/
  govtext import qdpx coded.qdpx --corpus data/raw --out annotations/ --score results/
"""

SUGGEST_EXAMPLES = """\
The output is the codebook (as it was, comments included) with one entry per candidate name found in
at least --min-docs documents of OUT_DIR/candidates.csv that is not yet an entry or a not_programmes
surface: name_zh, a quote from the text as example, kind other, level unknown and status: proposed, with
the counts, documents, patterns and example sentences (with their ids) in a comment above it. It passes
govtext codebook check as it is; the matcher ignores proposed entries until their status is accepted.

examples:
  govtext codebook suggest results/ --min-docs 2 --to my_programmes.yml
  govtext codebook suggest results/ --min-docs 1 --corpus data/raw       # quotes with context, to stdout
"""


def _say(message: str) -> None:
    from govtext.cli.main import bounded  # here: main imports this module

    print(bounded(f"govtext: {message}"), file=sys.stderr)


def _failed(exc: Exception) -> int:
    _say(f"error: {' '.join(str(exc).split())} (nothing was written)")
    return EXIT_BAD_INPUT


def _resources(args: argparse.Namespace) -> dict[str, Any]:
    return {"codebook": args.codebook, "dimensions": args.dimensions, "units": args.units}


def _export_qdpx(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    try:
        summary = export_qdpx(args.out_dir, args.corpus, args.to, name=args.name, **_resources(args))
    except (ValueError, OSError) as exc:
        return _failed(exc)
    counts = ", ".join(f"{n} {what}" for what, n in summary.selections.items())
    print(
        f"wrote {corpus.shown(summary.path)}: {summary.sources} sources, {summary.codes} codes, "
        f"selections: {counts}"
    )
    return EXIT_OK


def _export_qdc(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    try:
        summary = export_qdc(args.codebook_file, args.to)
    except (ValueError, OSError) as exc:
        return _failed(exc)
    print(
        f"wrote {corpus.shown(summary.path)}: {summary.kinds} kinds, {summary.programmes} programmes, "
        f"{summary.sets} level sets"
    )
    return EXIT_OK


def _import_qdpx(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    out_dir = Path(args.out)
    try:
        check_out_dir(out_dir)
        coding = import_qdpx(
            args.project, args.corpus, encoding=args.encoding, recursive=args.recursive, **_resources(args)
        )
        scores = score_run(coding, args.score, **_resources(args)) if args.score is not None else None
        with staged_output(out_dir, notify=_say) as staging:
            write_import(coding, staging)
            if scores is not None:
                scores.to_csv(staging / "scores.csv", index=False, lineterminator="\n")
    except (ValueError, OSError) as exc:
        return _failed(exc)
    rows = coding.info["rows"]
    print(
        f"wrote {corpus.shown(out_dir)}: {len(coding.info['documents'])} sources, {rows['programmes']} "
        f"programme codings, {rows['metrics']} metric codings, {rows['dimensions']} dimension codings"
    )
    for what, n in coding.info["left_out"].items():
        _say(f"left out: {n} {what}")
    if scores is not None:
        for row in scores.itertuples(index=False):
            print(
                f"  {row.instrument:<11} {row.compared:<32} precision {row.precision:.3f}  recall "
                f"{row.recall:.3f}  F1 {row.f1:.3f}  (gold {row.gold}, predicted {row.predicted})"
            )
    return EXIT_OK


def _codebook_suggest(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    if args.min_docs < 1:
        parser.error("--min-docs must be at least 1")
    if args.max_examples < 0:
        parser.error("--max-examples must be at least 0")
    codebook = args.codebook if args.codebook is not None else resource_path("codebook")
    try:
        raw_texts = None
        if args.corpus is not None:
            documents = corpus.load_corpus(args.corpus, encoding=args.encoding)
            raw_texts = dict(zip(documents["doc_id"], documents["raw_text"], strict=True))
        text, proposals = suggest_from_run(
            args.out_dir,
            codebook,
            min_docs=args.min_docs,
            max_examples=args.max_examples,
            raw_texts=raw_texts,
        )
        if args.to is not None:
            atomic_write(args.to, lambda handle: handle.write(text.encode("utf-8")))
    except (ValueError, OSError) as exc:
        return _failed(exc)
    if args.to is None:
        sys.stdout.write(text)
    where = corpus.shown(args.to) if args.to is not None else "stdout"
    _say(
        f"{len(proposals)} entr{'y' if len(proposals) == 1 else 'ies'} proposed (candidates in at least "
        f"{args.min_docs} document(s)), written with the codebook to {where}"
    )
    return EXIT_OK


def _add_resource_options(command: argparse.ArgumentParser) -> None:
    group = command.add_argument_group("coding resources (default: the ones packaged with govtext)")
    group.add_argument("--codebook", type=Path, metavar="FILE", help="programme codebook YAML the run used")
    group.add_argument("--dimensions", type=Path, metavar="FILE", help="dimensions YAML the run used")
    group.add_argument("--units", type=Path, metavar="FILE", help="units codebook YAML the run used")


def _subcommands(parser: argparse.ArgumentParser) -> Any:
    """The sub-command action of ``parser`` (to add commands to an existing group)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action
    raise LookupError(f"{parser.prog}: no sub-commands")


def add_commands(subparsers: Any) -> None:
    """Add ``export`` (``qdpx``, ``qdc``) and ``import`` (``qdpx``) to the top-level ``subparsers`` of
    ``govtext``, and ``suggest`` to its existing ``codebook`` group."""
    from govtext.cli.main import _Formatter  # here: main imports this module

    export = subparsers.add_parser(
        "export",
        help="write a run's coding or a codebook for QDA software (REFI-QDA)",
        description="Write for NVivo, ATLAS.ti, MAXQDA, QualCoder …: a run's coding as a REFI-QDA 1.5\n"
        "project (.qdpx) or a programme codebook as a REFI-QDA codebook (.qdc). Exit codes: 0 ok, 1 bad\n"
        "input (nothing written), 2 usage.",
        epilog=EXPORT_EXAMPLES,
        formatter_class=_Formatter,
    )
    export_commands = export.add_subparsers(dest="export_command", metavar="COMMAND")
    qdpx = export_commands.add_parser(
        "qdpx",
        help="a run's coding as a REFI-QDA project",
        description="Write the coding of the govtext run OUT_DIR on the files of --corpus as a REFI-QDA 1.5\n"
        "project: every document a source, every programme mention, metric and dimension hit a coded\n"
        "selection. The corpus files must be those the run read (sha256) and the codebooks those it used.\n"
        "The file appears only when everything succeeded. Exit codes: 0 ok, 1 bad input, 2 usage.",
        epilog=QDPX_EXAMPLES,
        formatter_class=_Formatter,
    )
    qdpx.add_argument("out_dir", type=Path, metavar="OUT_DIR", help="output folder of govtext run")
    qdpx.add_argument(
        "--corpus", type=Path, required=True, metavar="CORPUS_DIR", help="the folder the run read"
    )
    qdpx.add_argument("--to", type=Path, required=True, metavar="FILE", help="the .qdpx file to write")
    qdpx.add_argument("--name", metavar="NAME", help="project name (default: govtext: CORPUS_DIR's name)")
    _add_resource_options(qdpx)
    qdpx.set_defaults(handler=_export_qdpx, parser=qdpx)

    qdc = export_commands.add_parser(
        "qdc",
        help="a programme codebook as a REFI-QDA codebook",
        description="Write a programme codebook as a REFI-QDA codebook (.qdc): one code per kind, one per\n"
        "programme under it (the definition as description), a set per level of government; the same\n"
        "GUIDs as in a .qdpx export. Proposed entries are left out. Exit codes: 0 ok, 1 bad input, 2 usage.",
        epilog=EXPORT_EXAMPLES,
        formatter_class=_Formatter,
    )
    qdc.add_argument("codebook_file", type=Path, metavar="CODEBOOK", help="programme codebook YAML")
    qdc.add_argument("--to", type=Path, required=True, metavar="FILE", help="the .qdc file to write")
    qdc.set_defaults(handler=_export_qdc, parser=qdc)
    export.set_defaults(handler=None, parser=export)

    import_ = subparsers.add_parser(
        "import",
        help="read a project coded in QDA software (REFI-QDA) back as annotations",
        description="Read a REFI-QDA project coded elsewhere back into govtext's annotation format.\n"
        "Exit codes: 0 ok, 1 bad input (nothing written), 2 usage.",
        epilog=IMPORT_EXAMPLES,
        formatter_class=_Formatter,
    )
    import_commands = import_.add_subparsers(dest="import_command", metavar="COMMAND")
    project = import_commands.add_parser(
        "qdpx",
        help="a REFI-QDA project as annotation tables",
        description="Read the coded selections of a .qdpx project on the files of --corpus into OUT_DIR\n"
        "(new or empty; it appears only when everything succeeded): positions as raw offsets, codes as\n"
        "programme ids, kinds, unit classes or dimensions. With --score RUN_DIR, also score that run\n"
        "against the coding (precision, recall, F1; scores.csv). Exit codes: 0 ok, 1 bad input (a corrupt\n"
        "zip, XML that is not REFI-QDA, a source whose text differs from its corpus file, a position\n"
        "outside a source, an unknown code), 2 usage.",
        epilog=IMPORT_EXAMPLES,
        formatter_class=_Formatter,
    )
    project.add_argument("project", type=Path, metavar="PROJECT", help="the .qdpx file")
    project.add_argument(
        "--corpus", type=Path, required=True, metavar="CORPUS_DIR", help="the folder of the corpus files"
    )
    project.add_argument(
        "--out", type=Path, required=True, metavar="OUT_DIR", help="new or empty output folder"
    )
    project.add_argument("--score", type=Path, metavar="RUN_DIR", help="a govtext run output to score")
    project.add_argument("--encoding", default="utf-8", metavar="ENC", help="encoding of the corpus files")
    project.add_argument(
        "--recursive", action="store_true", help="the corpus has sub-folders (as run --recursive)"
    )
    _add_resource_options(project)
    project.set_defaults(handler=_import_qdpx, parser=project)
    import_.set_defaults(handler=None, parser=import_)

    codebook = subparsers.choices["codebook"]
    codebook.epilog = (
        codebook.epilog or ""
    ) + "  govtext codebook suggest results/ --min-docs 2 --to my_codebook.yml\n"
    suggest = _subcommands(codebook).add_parser(
        "suggest",
        help="draft entries (status: proposed) from a run's candidates.csv",
        description="Draft codebook entries from the candidates of the govtext run OUT_DIR, for review, and\n"
        "write them with the codebook the run used (--to FILE, or stdout). Exit codes: 0 ok, 1 bad input\n"
        "(nothing written), 2 usage.",
        epilog=SUGGEST_EXAMPLES,
        formatter_class=_Formatter,
    )
    suggest.add_argument("out_dir", type=Path, metavar="OUT_DIR", help="output folder of govtext run")
    suggest.add_argument(
        "--min-docs",
        type=int,
        default=DEFAULT_MIN_DOCS,
        metavar="N",
        help=f"propose names found in at least N documents (default {DEFAULT_MIN_DOCS})",
    )
    suggest.add_argument(
        "--max-examples",
        type=int,
        default=DEFAULT_MAX_EXAMPLES,
        metavar="N",
        help=f"example sentences in each entry's comment (default {DEFAULT_MAX_EXAMPLES})",
    )
    suggest.add_argument(
        "--codebook", type=Path, metavar="FILE", help="the codebook the run used (default: packaged)"
    )
    suggest.add_argument(
        "--corpus", type=Path, metavar="CORPUS_DIR", help="the corpus, to quote each example with its context"
    )
    suggest.add_argument("--encoding", default="utf-8", metavar="ENC", help="encoding of the corpus files")
    suggest.add_argument("--to", type=Path, metavar="FILE", help="write the codebook here (default: stdout)")
    suggest.set_defaults(handler=_codebook_suggest, parser=suggest)
