"""Build the intake folder of a new development set from its gatherers' and coders' folders (issue 15).

A round gathers a fresh set with helpers working apart, each in a folder of its own, and has it coded blind.
This script does the bookkeeping between those folders and ``scripts/add_devset.py``, which checks and adds
the intake; the maintainer still writes the prose (the set's ``SECTION.md`` and the header of its query log).

    .venv/bin/python scripts/make_intake.py texts henan_u /tmp/intake_u --gatherers /tmp/g/g1 /tmp/g/g2
    #   ... the coders code /tmp/intake_u/texts, the adjudicator settles their codings ...
    .venv/bin/python scripts/make_intake.py codings /tmp/intake_u --coder-a /tmp/ca/coder_A \\
        --coder-b /tmp/cb/coder_B --adjudicator /tmp/adj \\
        --briefs /tmp/ca/BRIEF.md /tmp/cb/BRIEF.md /tmp/adj/BRIEF.md
    .venv/bin/python scripts/add_devset.py henan_u /tmp/intake_u

``texts`` reads each gatherer folder (``texts/<gatherer id>.txt``, ``sources.tsv`` with a ``doc_id`` column of
those ids, ``QUERIES.md``) in the order given, numbers the texts ``<key>01``, ``<key>02`` … in that order
(``--drop`` leaves ids out before numbering), writes each in the saved form (`rebuild_devset.saved_form`)
under its new id, writes ``sources.tsv`` with the new ids and the checksum of the saved form (a gatherer's
own ``sha256`` must agree with it), ``map.tsv`` (gatherer id, doc id) and ``QUERIES.md`` with each gatherer's
log under "## Gatherer <n>" after a header the maintainer replaces. ``codings`` copies the three coding
tables and notes of each coder and of the adjudicator (with ``rejected.csv`` and ``adjudication.md``) and the
three briefs into the intake. Bad input gets one error naming the file and the problem, and nothing is
written.
"""

from __future__ import annotations

import argparse
import csv
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from add_devset import BRIEFS, SOURCE_COLUMNS  # noqa: E402  (the intake's layout)
from rebuild_devset import saved_form, sha256_of  # noqa: E402  (the saved form and checksum of a text)

QUERIES_HEADER = (
    "# Queries (search tool, corpus `pages`), by gatherer, in order\n\n"
    "(The maintainer writes here who the gatherers were, their cities, limits and brief, which texts were\n"
    "kept and how they were numbered, and any query that named a programme.)\n"
)
CODING_TABLES = ("programmes.csv", "metrics.csv", "stages.csv", "notes.md")
ADJUDICATION_FILES = ("programmes.csv", "metrics.csv", "stages.csv", "rejected.csv", "adjudication.md")


class IntakeBuildError(ValueError):
    """A gatherer's or coder's folder that cannot go into an intake; the message names the file."""


def _gatherer_rows(folder: Path) -> list[dict[str, str]]:
    path = folder / "sources.tsv"
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle, delimiter="\t"))
    except OSError as exc:
        raise IntakeBuildError(f"{path}: cannot read: {exc.strerror}") from None
    missing = [column for column in SOURCE_COLUMNS if rows and column not in rows[0]]
    if not rows or missing:
        raise IntakeBuildError(f"{path}: no rows, or missing column(s) {', '.join(missing)}")
    return rows


def plan_texts(
    key: str, gatherers: list[Path], drop: set[str]
) -> tuple[list[tuple[str, str, str]], list[dict[str, str]]]:
    """``(gatherer id, doc id, saved text)`` per kept text, in order, and the ``sources.tsv`` rows (new ids,
    checksums of the saved form); IntakeBuildError on a text without a row, a row without a text or a
    gatherer's checksum that disagrees."""
    texts: list[tuple[str, str, str]] = []
    rows: list[dict[str, str]] = []
    for folder in gatherers:
        by_id = {row["doc_id"]: row for row in _gatherer_rows(folder)}
        files = sorted((folder / "texts").glob("*.txt"))
        unlisted = sorted({path.stem for path in files} ^ set(by_id))
        if unlisted:
            raise IntakeBuildError(
                f"{folder}: text(s) and sources.tsv rows do not match: {', '.join(unlisted)}"
            )
        for path in files:
            if path.stem in drop:
                continue
            text = saved_form(path.read_bytes().decode("utf-8"))
            row = by_id[path.stem]
            checksum = sha256_of(text)
            if row.get("sha256") and row["sha256"] != checksum:
                raise IntakeBuildError(f"{path}: checksum differs from sources.tsv ({row['sha256'][:12]}…)")
            doc_id = f"{key}{len(texts) + 1:02d}"
            texts.append((path.stem, doc_id, text))
            rows.append({**{c: row.get(c, "") for c in SOURCE_COLUMNS}, "doc_id": doc_id, "sha256": checksum})
    if not texts:
        raise IntakeBuildError("no texts to number: every gatherer folder is empty or dropped")
    return texts, rows


def write_texts(key: str, out: Path, gatherers: list[Path], drop: set[str]) -> int:
    """The ``texts`` step (module docstring); returns the number of texts. ``out`` must not exist yet."""
    if out.exists():
        raise IntakeBuildError(f"{out}: already exists; an intake is built into a new folder")
    texts, rows = plan_texts(key, gatherers, drop)
    logs = []
    for number, folder in enumerate(gatherers, start=1):
        path = folder / "QUERIES.md"
        if not path.is_file():
            raise IntakeBuildError(f"{path}: no query log")
        body = path.read_text(encoding="utf-8").splitlines()
        body = body[1:] if body and body[0].startswith("#") else body
        logs.append(f"## Gatherer {number}\n\n" + "\n".join(body).strip() + "\n")
    (out / "texts").mkdir(parents=True)
    for _gatherer_id, doc_id, text in texts:
        (out / "texts" / f"{doc_id}.txt").write_bytes(text.encode("utf-8"))
    with (out / "sources.tsv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(
            handle, fieldnames=[*SOURCE_COLUMNS, "sha256"], delimiter="\t", lineterminator="\n"
        )
        writer.writeheader()
        writer.writerows(rows)
    (out / "map.tsv").write_text(
        "gatherer_id\tdoc_id\n" + "".join(f"{g}\t{d}\n" for g, d, _ in texts), encoding="utf-8"
    )
    (out / "QUERIES.md").write_text(QUERIES_HEADER + "\n" + "\n".join(logs), encoding="utf-8")
    return len(texts)


def copy_codings(out: Path, coder_a: Path, coder_b: Path, adjudicator: Path, briefs: list[Path]) -> None:
    """The ``codings`` step (module docstring): every file is checked before any is copied."""
    plan = [(coder_a / name, out / "coder_a" / name) for name in CODING_TABLES]
    plan += [(coder_b / name, out / "coder_b" / name) for name in CODING_TABLES]
    plan += [(adjudicator / "adjudicated" / name, out / "adjudicated" / name) for name in ADJUDICATION_FILES]
    plan += [(brief, out / name) for brief, name in zip(briefs, BRIEFS, strict=True)]
    if not (out / "texts").is_dir():
        raise IntakeBuildError(f"{out}: no texts/ folder; run the texts step first")
    for source, _target in plan:
        if not source.is_file():
            raise IntakeBuildError(f"{source}: missing")
    for source, target in plan:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)


def main(argv: list[str] | None = None) -> int:
    """Command line: ``texts`` or ``codings``."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    texts = commands.add_parser("texts", help="number the gathered texts into a new intake folder")
    texts.add_argument("key")
    texts.add_argument("out", type=Path)
    texts.add_argument("--gatherers", type=Path, nargs="+", required=True)
    texts.add_argument("--drop", nargs="*", default=[], metavar="GATHERER_ID")
    codings = commands.add_parser("codings", help="copy the coders' and the adjudicator's files in")
    codings.add_argument("out", type=Path)
    codings.add_argument("--coder-a", type=Path, required=True)
    codings.add_argument("--coder-b", type=Path, required=True)
    codings.add_argument("--adjudicator", type=Path, required=True)
    codings.add_argument("--briefs", type=Path, nargs=3, required=True, metavar=("CODER_A", "CODER_B", "ADJ"))
    args = parser.parse_args(argv)
    try:
        if args.command == "texts":
            count = write_texts(args.key, args.out, args.gatherers, set(args.drop))
            print(f"wrote {count} texts, sources.tsv, map.tsv and QUERIES.md to {args.out}")
        else:
            copy_codings(args.out, args.coder_a, args.coder_b, args.adjudicator, args.briefs)
            print(f"copied the codings and briefs into {args.out}")
    except IntakeBuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
