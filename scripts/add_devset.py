"""Add a newly gathered and blind-coded development set to the project (issue 15), all or nothing.

A new set arrives as an intake folder::

    INTAKE/texts/<id>.txt              the gathered texts, already given their ids (e.g. henan_p01.txt)
    INTAKE/sources.tsv                 one row per text: doc_id, address, title, date, city, place_zh,
                                       admin_level, sub_units, ends, notes, optionally
                                       sha256 (the gatherer's; tab-separated, with a header)
    INTAKE/QUERIES.md                  every query the gatherers ran, in order, with its outcome
    INTAKE/SECTION.md                  first line: the SOURCES.md heading; the rest: the paragraph saying why
                                       and how the set was gathered and coded
    INTAKE/coder_a/  INTAKE/coder_b/   each coder's programmes.csv, metrics.csv, stages.csv, notes.md
    INTAKE/adjudicated/                the adjudicated gold: the three tables, rejected.csv, adjudication.md
    INTAKE/BRIEF_coder_a.md  BRIEF_coder_b.md  BRIEF_adjudicator.md

    .venv/bin/python scripts/add_devset.py henan_p /tmp/intake_p

The script checks everything first: every id starts with the set's key and is listed once; every text's
SHA-256 and length are what `sources.tsv` will record; every coded span's `raw[start:end]` is its surface;
the set is not there yet; no page is one the codebook's field surveys read (`data/codebook_sources/*.md`:
its sources list and the names surveyed but not yet added; such a text is not unseen). Only then does it
write: the texts to
`data/devset/texts/` (git-ignored), the codings to `data/devset/annotations/<key>/` (the `sentence` column
of the stage tables and the sentence text of rejected stage rows are left out: the texts are third-party, so
only offsets are committed), the queries to `data/devset/<key>/QUERIES.md`, the rows to `manifest.csv` and
a section to `SOURCES.md` (before "Pages considered and not used"). Registering the set in
`govtext.evaluate.devset` and describing the coders in `data/devset/annotations/README.md` are left to the
maintainer, who must read and write them.
"""

from __future__ import annotations

import argparse
import csv
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from govtext.evaluate import blind

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from rebuild_devset import (  # noqa: E402  (shared with the rebuild)
    CODEBOOK_NOTES,
    codebook_read_addresses,
    saved_form,
    sha256_of,
)

DEVSET = ROOT / "data" / "devset"
"""The pages the codebook's field surveys read: a development text must not be one of them."""
SOURCE_COLUMNS = (
    "doc_id",
    "address",
    "title",
    "date",
    "city",
    "place_zh",
    "admin_level",
    "sub_units",
    "ends",
    "notes",
)
MANIFEST_COLUMNS = (
    "doc_id",
    "source_file",
    "sha256",
    "locality",
    "place_zh",
    "admin_level",
    "sub_units",
    "title",
    "date",
    "address",
)
CODINGS = ("coder_a", "coder_b", "adjudicated")
BRIEFS = ("BRIEF_coder_a.md", "BRIEF_coder_b.md", "BRIEF_adjudicator.md")
NOT_USED_HEADING = "## Pages considered and not used"


class IntakeError(ValueError):
    """An intake folder that cannot be added; the message names the file and the problem."""


@dataclass(frozen=True)
class Intake:
    """A checked intake folder, ready to be written."""

    key: str
    folder: Path
    sources: list[dict[str, str]]
    texts: dict[str, str]
    heading: str
    why: str


def read_sources(path: Path) -> list[dict[str, str]]:
    """The rows of ``sources.tsv``; IntakeError when a column is missing."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle, delimiter="\t"))
    except OSError as exc:
        raise IntakeError(f"{path}: cannot read: {exc.strerror}") from None
    columns = set(rows[0]) if rows else set()
    missing = [c for c in SOURCE_COLUMNS if c not in columns]
    if missing:
        raise IntakeError(f"{path}: missing column(s) {', '.join(missing)}")
    return rows


def check_intake(
    key: str, folder: Path, devset: Path = DEVSET, codebook_notes: Path = CODEBOOK_NOTES
) -> Intake:
    """Every check of the module docstring; the checked intake, or IntakeError naming the first problem."""
    if not key.replace("_", "").isalnum() or not key.islower():
        raise IntakeError(f"{key}: a set key is lower-case letters, digits and '_' (e.g. henan_p)")
    if (devset / "annotations" / key).exists() or (devset / key).exists():
        raise IntakeError(f"{devset / 'annotations' / key}: the set {key} is already in the project")
    sources = read_sources(folder / "sources.tsv")
    ids = [row["doc_id"] for row in sources]
    if len(set(ids)) != len(ids):
        raise IntakeError(f"{folder / 'sources.tsv'}: an id is listed twice")
    wrong = [doc for doc in ids if not doc.startswith(key) or not doc[len(key) :].isdigit()]
    if wrong:
        raise IntakeError(f"{folder / 'sources.tsv'}: ids not of the form {key}NN: {', '.join(wrong)}")
    with (devset / "manifest.csv").open(encoding="utf-8", newline="") as handle:
        listed = {row["doc_id"]: row for row in csv.DictReader(handle)}
        addresses = {row["address"]: doc for doc, row in listed.items()}
    for row in sources:
        if row["doc_id"] in listed:
            raise IntakeError(f"{folder / 'sources.tsv'}: {row['doc_id']} is already in manifest.csv")
        if row["address"] in addresses:
            earlier = addresses[row["address"]]
            raise IntakeError(
                f"{folder / 'sources.tsv'}: {row['doc_id']}'s address is already listed ({earlier})"
            )
    read_by_codebook = codebook_read_addresses(codebook_notes)
    for row in sources:
        if row["address"] in read_by_codebook:
            raise IntakeError(
                f"{folder / 'sources.tsv'}: {row['doc_id']}'s page is a source of the codebook"
                f" ({codebook_notes}), so it is not unseen"
            )
    texts: dict[str, str] = {}
    for row in sources:
        path = folder / "texts" / f"{row['doc_id']}.txt"
        try:
            text = path.read_bytes().decode("utf-8")  # bytes: a read in text mode would hide CRLF
        except (OSError, UnicodeDecodeError) as exc:
            raise IntakeError(f"{path}: cannot read the text: {exc}") from None
        if text != saved_form(text):
            raise IntakeError(f"{path}: not in saved form (LF line ends, no leading or trailing whitespace)")
        if row.get("sha256") and row["sha256"] != sha256_of(text):
            raise IntakeError(f"{path}: SHA-256 differs from the one sources.tsv lists (the gatherer's)")
        texts[row["doc_id"]] = text
    extra = sorted(p.stem for p in (folder / "texts").glob("*.txt") if p.stem not in texts)
    if extra:
        raise IntakeError(f"{folder / 'texts'}: texts not in sources.tsv: {', '.join(extra)}")
    for coding in CODINGS:
        try:
            tables = blind.load_coding(folder / coding)
        except ValueError as exc:
            raise IntakeError(str(exc)) from None
        for part, table in tables.items():
            strays = sorted(set(table["doc_id"]) - set(texts))
            if strays:
                raise IntakeError(
                    f"{folder / coding / part}.csv: documents not in the set: {', '.join(strays)}"
                )
        problems = blind.check_spans(tables, texts)
        if problems:
            raise IntakeError(
                f"{folder / coding}: {len(problems)} span(s) off the raw text, first: {problems[0]}"
            )
    for name in (*BRIEFS, "QUERIES.md", "adjudicated/rejected.csv", "adjudicated/adjudication.md"):
        if not (folder / name).is_file():
            raise IntakeError(f"{folder / name}: missing")
    section = (
        (folder / "SECTION.md").read_text(encoding="utf-8").strip()
        if (folder / "SECTION.md").is_file()
        else ""
    )
    heading, _, why = section.partition("\n")
    if not heading.startswith("## ") or not why.strip():
        raise IntakeError(f"{folder / 'SECTION.md'}: needs a '## ' heading line and a paragraph after it")
    if NOT_USED_HEADING not in (devset / "SOURCES.md").read_text(encoding="utf-8"):
        raise IntakeError(f"{devset / 'SOURCES.md'}: no '{NOT_USED_HEADING}' section to insert before")
    return Intake(key, folder, sources, texts, heading, why.strip())


def _cell(value: str) -> str:
    """A table cell: '|' would end the cell, so it is written '¦' (as in the earlier sets' titles)."""
    return " ".join(value.replace("|", "¦").split())


def sources_section(intake: Intake) -> str:
    """The SOURCES.md section of the set: heading, paragraph and one table row per text."""
    lines = [
        intake.heading,
        "",
        intake.why,
        "",
        "| id | city | address | title (as printed) | date (as printed) | n_chars | sha256 "
        "| how the stored text ends | notes |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for row in intake.sources:
        text = intake.texts[row["doc_id"]]
        cells = [
            row["doc_id"],
            f"{row['city']} ({row['place_zh']})",
            row["address"],
            row["title"],
            row["date"],
            str(len(text)),
            f"`{sha256_of(text)}`",
            row["ends"],
            row["notes"],
        ]
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return "\n".join(lines) + "\n"


def manifest_rows(intake: Intake) -> pd.DataFrame:
    """The set's rows of manifest.csv."""
    return pd.DataFrame(
        [
            {
                "doc_id": row["doc_id"],
                "source_file": f"texts/{row['doc_id']}.txt",
                "sha256": sha256_of(intake.texts[row["doc_id"]]),
                "locality": row["city"],
                "place_zh": row["place_zh"],
                "admin_level": row["admin_level"],
                "sub_units": row["sub_units"],
                "title": row["title"],
                "date": row["date"],
                "address": row["address"],
            }
            for row in intake.sources
        ],
        columns=list(MANIFEST_COLUMNS),
    )


def _copy_coding(source: Path, target: Path) -> None:
    """Copy one coding folder; stage sentences (third-party text) are left out, offsets kept."""
    target.mkdir(parents=True)
    for path in sorted(source.iterdir()):
        if path.suffix not in {".csv", ".md"}:
            continue
        if path.name == "stages.csv":
            table = pd.read_csv(path, dtype=str, keep_default_na=False)
            table.drop(columns=[c for c in ("sentence",) if c in table.columns]).to_csv(
                target / path.name, index=False
            )
        elif path.name == "rejected.csv":
            table = pd.read_csv(path, dtype=str, keep_default_na=False)
            table.loc[table["part"] == "stages", "surface"] = ""
            table.to_csv(target / path.name, index=False)
        else:
            shutil.copyfile(path, target / path.name)


def write_intake(intake: Intake, devset: Path = DEVSET) -> None:
    """Write a checked intake into the project (see the module docstring)."""
    texts_dir = devset / "texts"
    texts_dir.mkdir(exist_ok=True)
    for doc, text in intake.texts.items():
        (texts_dir / f"{doc}.txt").write_text(text, encoding="utf-8", newline="\n")
    annotations = devset / "annotations" / intake.key
    for coding in CODINGS:
        _copy_coding(intake.folder / coding, annotations / coding)
    for brief in BRIEFS:
        shutil.copyfile(intake.folder / brief, annotations / brief)
    (devset / intake.key).mkdir()
    shutil.copyfile(intake.folder / "QUERIES.md", devset / intake.key / "QUERIES.md")
    manifest = pd.read_csv(devset / "manifest.csv", dtype=str, keep_default_na=False)
    pd.concat([manifest, manifest_rows(intake)], ignore_index=True).to_csv(
        devset / "manifest.csv", index=False
    )
    sources = (devset / "SOURCES.md").read_text(encoding="utf-8")
    before, _, after = sources.partition(NOT_USED_HEADING)
    (devset / "SOURCES.md").write_text(
        before + sources_section(intake) + "\n" + NOT_USED_HEADING + after, encoding="utf-8"
    )


def main(argv: list[str] | None = None) -> int:
    """Command line: ``add_devset.py KEY INTAKE``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("key", help="the set's key, the prefix of its ids (e.g. henan_p)")
    parser.add_argument("intake", type=Path, help="the intake folder")
    args = parser.parse_args(argv)
    try:
        intake = check_intake(args.key, args.intake)
    except IntakeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    write_intake(intake)
    print(
        f"added {args.key}: {len(intake.texts)} texts, codings in data/devset/annotations/{args.key}/; "
        f"now register it in govtext.evaluate.devset and describe it in data/devset/annotations/README.md"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
