"""Build the intake folder of a new development set from its gatherers' and coders' folders (issue 15).

A round gathers a fresh set with helpers working apart, each in a folder of its own, and has it coded blind.
This script does the bookkeeping between those folders and ``scripts/add_devset.py``, which checks and adds
the intake; the maintainer still writes the prose (the set's ``SECTION.md`` and the header of its query log).

    .venv/bin/python scripts/make_intake.py gatherers /tmp/g --cities "Luoyang 洛阳" "Nanyang 南阳"
    #   ... each gatherer works in /tmp/g/g<n> with its BRIEF.md and /tmp/g/avoid.tsv ...
    .venv/bin/python scripts/make_intake.py texts henan_u /tmp/intake_u --gatherers /tmp/g/g1 /tmp/g/g2
    .venv/bin/python scripts/make_intake.py coders /tmp/intake_u --out-a /tmp/ca --out-b /tmp/cb
    #   ... the coders code apart ...
    .venv/bin/python scripts/make_intake.py adjudicator /tmp/intake_u --coder-a /tmp/ca/coder_A \\
        --coder-b /tmp/cb/coder_B --out /tmp/adj
    #   ... the adjudicator settles their codings ...
    .venv/bin/python scripts/make_intake.py codings /tmp/intake_u --coder-a /tmp/ca/coder_A \\
        --coder-b /tmp/cb/coder_B --adjudicator /tmp/adj \\
        --briefs /tmp/ca/BRIEF.md /tmp/cb/BRIEF.md /tmp/adj/BRIEF.md
    .venv/bin/python scripts/add_devset.py henan_u /tmp/intake_u

``gatherers`` makes a folder per gatherer with its brief (``data/devset/briefs/BRIEF_gatherer.md``: its
cities, its search limit, the avoid list) and the avoid list (``rebuild_devset.write_avoid``).
``coders`` and ``adjudicator`` make the folders of the two blind coders (texts, manual, brief; coder B in
reverse order) and of the adjudicator (texts, manual, both codings, every earlier adjudication record in the
order written, brief), from the templates in ``data/devset/briefs/``. ``texts`` reads each gatherer folder
(``texts/<gatherer id>.txt``, ``sources.tsv`` with a ``doc_id`` column of those ids, ``QUERIES.md``) in the
order given, numbers the texts ``<key>01``, ``<key>02`` … in that order (``--drop`` leaves ids out before
numbering), writes each in the saved form (`rebuild_devset.saved_form`) under its new id, writes
``sources.tsv`` with the new ids and the checksum of the saved form (a gatherer's own ``sha256`` must agree
with it), ``map.tsv`` (gatherer id, doc id) and ``QUERIES.md`` with each gatherer's log under "## Gatherer
<n>" after a header the maintainer replaces. ``codings`` copies the three coding tables and notes of each
coder and of the adjudicator (with ``rejected.csv`` and ``adjudication.md``) and the three briefs into the
intake. Bad input gets one error naming the file and the problem, and nothing is written.
"""

from __future__ import annotations

import argparse
import csv
import shutil
import sys
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from add_devset import BRIEFS, SOURCE_COLUMNS  # noqa: E402  (the intake's layout)
from rebuild_devset import listed_texts, saved_form, sha256_of, write_avoid  # noqa: E402  (shared with the rebuild)

from govtext.evaluate import devset  # noqa: E402

TEMPLATES = ROOT / "data" / "devset" / "briefs"
"""The briefs of gatherers, coders and adjudicators, with ``{placeholders}`` (``str.format``)."""
MANUAL = ROOT / "data" / "annotations" / "blind" / "MANUAL.md"
SEED_RECORD = ROOT / "data" / "annotations" / "blind" / "adjudicated" / "adjudication.md"
ANNOTATIONS = ROOT / "data" / "devset" / "annotations"

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
    key: str, gatherers: list[Path], drop: set[str], known: Mapping[str, str] | None = None
) -> tuple[list[tuple[str, str, str]], list[dict[str, str]]]:
    """``(gatherer id, doc id, saved text)`` per kept text, in order, and the ``sources.tsv`` rows (new ids,
    checksums of the saved form); IntakeBuildError on a text without a row, a row without a text, a
    gatherer's checksum that disagrees, or a text that is already a development text (``known``: checksum →
    doc id, default the manifest's, :func:`rebuild_devset.listed_texts`) or is saved twice: the avoid list
    holds addresses, and the same page may stand at two (round 37's first numbering held a copy of
    ``henan_l13``)."""
    known = {text.sha256: text.doc_id for text in listed_texts()} if known is None else dict(known)
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
            if checksum in known:
                raise IntakeBuildError(
                    f"{path}: the same text as {known[checksum]} (sha256 {checksum[:12]}…); drop it (--drop)"
                )
            known[checksum] = path.stem
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


def _brief(name: str, **values: object) -> str:
    return (TEMPLATES / name).read_text(encoding="utf-8").format(**values)


def stage_gatherers(out: Path, cities: list[str], max_searches: int) -> None:
    """A folder per gatherer (``g1``, ``g2`` …, one per entry of ``cities``) with its brief, and the avoid
    list (``rebuild_devset.avoid_addresses``) beside them. ``out`` must not exist yet."""
    if out.exists():
        raise IntakeBuildError(f"{out}: already exists; gatherers start in a new folder")
    out.mkdir(parents=True)
    avoid = out / "avoid.tsv"
    write_avoid(avoid)
    for n, city_list in enumerate(cities, start=1):
        folder = out / f"g{n}"
        folder.mkdir()
        brief = _brief(
            "BRIEF_gatherer.md", folder=folder, n=n, cities=city_list, max_searches=max_searches, avoid=avoid
        )
        (folder / "BRIEF.md").write_text(brief, encoding="utf-8")


def _doc_ids(intake: Path) -> tuple[str, list[str]]:
    ids = sorted(path.stem for path in (intake / "texts").glob("*.txt"))
    keys = {doc_id.rstrip("0123456789") for doc_id in ids}
    if not ids or len(keys) != 1:
        raise IntakeBuildError(
            f"{intake / 'texts'}: no texts, or ids of more than one set ({', '.join(sorted(keys))})"
        )
    return keys.pop(), ids


def stage_coders(intake: Path, out_a: Path, out_b: Path) -> None:
    """Each coder's folder: the intake's texts, the manual, the brief (coder B in reverse order) and an empty
    hand-in folder (``coder_A``, ``coder_B``). The folders must not exist yet."""
    _key, ids = _doc_ids(intake)
    for folder in (out_a, out_b):
        if folder.exists():
            raise IntakeBuildError(f"{folder}: already exists; a coder starts in a new folder")
    for folder, who in ((out_a, "a"), (out_b, "b")):
        shutil.copytree(intake / "texts", folder / "texts")
        shutil.copyfile(MANUAL, folder / "MANUAL.md")
        (folder / f"coder_{who.upper()}").mkdir()
        brief = _brief(f"BRIEF_coder_{who}.md", n_texts=len(ids), last_id=ids[-1])
        (folder / "BRIEF.md").write_text(brief, encoding="utf-8")


def earlier_records() -> list[Path]:
    """The adjudication records an adjudicator applies, in the order they were written: the seeds', the
    first development sets' and each later set's (``devset.DEVELOPMENT_SETS``)."""
    records = [SEED_RECORD, ANNOTATIONS / "adjudicated" / "adjudication.md"]
    records += [
        ANNOTATIONS / s.key / "adjudicated" / "adjudication.md"
        for s in devset.DEVELOPMENT_SETS
        if s.own_folder
    ]
    return [record for record in records if record.is_file()]


def stage_adjudicator(intake: Path, coder_a: Path, coder_b: Path, out: Path) -> None:
    """The adjudicator's folder: texts, manual, both codings (``coder_1`` = A, ``coder_2`` = B), every earlier
    record (``EARLIER_ADJUDICATION.md``, ``_2`` …), the brief and an empty ``adjudicated/``."""
    key, ids = _doc_ids(intake)
    if out.exists():
        raise IntakeBuildError(f"{out}: already exists; the adjudicator starts in a new folder")
    for coder in (coder_a, coder_b):
        for name in CODING_TABLES:
            if not (coder / name).is_file():
                raise IntakeBuildError(f"{coder / name}: missing")
    records = earlier_records()
    shutil.copytree(intake / "texts", out / "texts")
    shutil.copyfile(MANUAL, out / "MANUAL.md")
    for coder, name in ((coder_a, "coder_1"), (coder_b, "coder_2")):
        (out / name).mkdir()
        for table in CODING_TABLES:
            shutil.copyfile(coder / table, out / name / table)
    for number, record in enumerate(records, start=1):
        shutil.copyfile(
            record, out / ("EARLIER_ADJUDICATION.md" if number == 1 else f"EARLIER_ADJUDICATION_{number}.md")
        )
    (out / "adjudicated").mkdir()
    brief = _brief("BRIEF_adjudicator.md", n_texts=len(ids), key=key, n_records=len(records))
    (out / "BRIEF.md").write_text(brief, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Command line: ``gatherers``, ``texts``, ``coders``, ``adjudicator`` or ``codings``."""
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
    gatherers = commands.add_parser("gatherers", help="a folder and brief per gatherer, and the avoid list")
    gatherers.add_argument("out", type=Path)
    gatherers.add_argument(
        "--cities", nargs="+", required=True, help="one quoted list of cities per gatherer"
    )
    gatherers.add_argument("--max-searches", type=int, default=35)
    coders = commands.add_parser("coders", help="the two blind coders' folders")
    coders.add_argument("intake", type=Path)
    coders.add_argument("--out-a", type=Path, required=True)
    coders.add_argument("--out-b", type=Path, required=True)
    adjudicator = commands.add_parser("adjudicator", help="the adjudicator's folder")
    adjudicator.add_argument("intake", type=Path)
    adjudicator.add_argument("--coder-a", type=Path, required=True)
    adjudicator.add_argument("--coder-b", type=Path, required=True)
    adjudicator.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    try:
        if args.command == "gatherers":
            stage_gatherers(args.out, args.cities, args.max_searches)
            print(f"wrote {len(args.cities)} gatherer folders and avoid.tsv to {args.out}")
        elif args.command == "coders":
            stage_coders(args.intake, args.out_a, args.out_b)
            print(f"staged the coders' folders {args.out_a} and {args.out_b}")
        elif args.command == "adjudicator":
            stage_adjudicator(args.intake, args.coder_a, args.coder_b, args.out)
            print(f"staged the adjudicator's folder {args.out}")
        elif args.command == "texts":
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
