"""Rebuild the development texts (issue 15): lists for the people who look them up, and a checksum gate.

The development texts are third-party and not in the repository; a new checkout has none. They come back
from the same store they were taken from (the search tool's stored pages), looked up by hand or by helpers
with each page's address, title and place. This script does the two mechanical steps around that search:

    .venv/bin/python scripts/rebuild_devset.py lists --parts 5 --out /tmp/rebuild  # part_<n>.tsv
    .venv/bin/python scripts/rebuild_devset.py check /tmp/rebuild/found  # file the matches

`lists` writes the texts not yet in `data/devset/texts/` (id, address, title as printed, place, sub-units,
length and SHA-256 from `manifest.csv` and `SOURCES.md`, and `queries_file`: the set's log of the searches
that first found it), split into parts of about equal size in manifest order. The original query is the
surest way back to a page, above all one whose excerpt prints no headline (the fourth rebuild, 2026-12-04:
the title and place found 368 of 521 texts; the logged queries then found 137 of the 140 rest that had a
log). `check` reads `<id>.txt` files from a folder, puts each in the form the texts were saved in (UTF-8,
LF line ends, leading and trailing whitespace removed) and copies it into `data/devset/texts/` only when its
SHA-256 equals the listed one; the others are reported with their length beside the listed length and are
not copied. Nothing is ever edited to make a checksum agree: a text that does not match is not used.
Helpers log the query that returned each page they saved (`FOUND_BY_part_<n>.tsv` in the found folder:
`doc_id`, tab, `query`); `check` keeps those of the matched texts in `data/devset/rebuild/found_by.tsv`,
and `lists` gives them as the column `query`, the first search to try in the next rebuild.

    .venv/bin/python scripts/rebuild_devset.py avoid /tmp/gather/avoid.tsv  # for a new set's gatherers

`avoid` writes the addresses a new set's gatherers must not save (every development text, every page the
codebook's field surveys read, every address a set's query log names), with and without the scheme. The
briefs the helpers of the 2026-12-04 rebuild had are in `data/devset/rebuild/`; the gatherers' briefs are
beside each later set's query log (`<set>/BRIEF_gatherer_<n>.md`, from the nineteenth Henan set on).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
DEVSET = ROOT / "data" / "devset"
CODEBOOK_NOTES = ROOT / "data" / "codebook_sources"
"""The notes of the codebook's field surveys: ``SOURCES.md`` (the pages of its field entries) and
``PENDING.md`` (names surveyed, not yet added)."""
URL = re.compile(r"https?://[^\s|)`>\]]+")
TABLE_ROW = re.compile(
    r"^\| (?P<id>[a-z_]+\d+) \| [^|]* \| (?P<address>\S+) \| .*? \| (?P<n_chars>\d+) \| "
    r"`(?P<sha>[0-9a-f]{64})`"
)


@dataclass(frozen=True)
class ListedText:
    """One development text as the manifest and SOURCES.md list it."""

    doc_id: str
    address: str
    title: str
    place: str
    sub_units: str
    n_chars: int | None
    sha256: str
    queries_file: str = ""
    """The log of the searches that first found the text (``<set>/QUERIES.md``, relative to the
    development-set folder), or "" where its set has none."""
    query: str = ""
    """The query that last returned the page, as a rebuild recorded it (``rebuild/found_by.tsv``), or ""."""


HELPER_NOTES = ("MISSING_", "NOTES_")
"""Beginnings of the names of the helpers' own notes in a found folder, which ``check`` passes over."""
FOUND_BY = Path("rebuild") / "found_by.tsv"
"""Where, under the development-set folder, the query that returned each page in a rebuild is kept."""
FOUND_BY_COLUMNS = ("doc_id", "query")


def read_found_by(path: Path) -> dict[str, str]:
    """``doc_id -> query`` from a tab-separated file with the columns :data:`FOUND_BY_COLUMNS` (a header
    line is optional; blank lines and rows without both cells are skipped); {} when it is absent."""
    if not path.is_file():
        return {}
    found: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.split("\t")]
        if len(cells) < 2 or not cells[0] or not cells[1] or tuple(cells[:2]) == FOUND_BY_COLUMNS:
            continue
        found[cells[0]] = cells[1]
    return found


def record_found_by(found: Path, matched: list[str], devset: Path = DEVSET) -> int:
    """Merge the queries the helpers logged (``found/FOUND_BY*.tsv``) for the ``matched`` texts into
    :data:`FOUND_BY`, in manifest order; a text's newer query replaces its older one. Return how many were
    recorded now."""
    logged: dict[str, str] = {}
    for path in sorted(found.glob("FOUND_BY*.tsv")):
        logged.update(read_found_by(path))
    filed = set(matched)
    new = {doc: query for doc, query in logged.items() if doc in filed}
    if not new:
        return 0
    record = read_found_by(devset / FOUND_BY) | new
    order = [text.doc_id for text in listed_texts(devset)]
    rows = [f"{doc}\t{record[doc]}\n" for doc in order if doc in record]
    (devset / FOUND_BY).parent.mkdir(parents=True, exist_ok=True)
    (devset / FOUND_BY).write_text("\t".join(FOUND_BY_COLUMNS) + "\n" + "".join(rows), encoding="utf-8")
    return len(new)


def listed_texts(devset: Path = DEVSET) -> list[ListedText]:
    """Every text of `manifest.csv`, with its length from `SOURCES.md` where the table gives one and the
    query a rebuild recorded for it (:data:`FOUND_BY`)."""
    with (devset / "manifest.csv").open(encoding="utf-8", newline="") as handle:
        manifest = list(csv.DictReader(handle))
    lengths: dict[str, int] = {}
    for line in (devset / "SOURCES.md").read_text(encoding="utf-8").splitlines():
        row = TABLE_ROW.match(line)
        if row:
            lengths[row["id"]] = int(row["n_chars"])
    queries = read_found_by(devset / FOUND_BY)
    return [
        ListedText(
            doc_id=record["doc_id"],
            address=record["address"],
            title=record["title"],
            place=record["place_zh"],
            sub_units=record["sub_units"],
            n_chars=lengths.get(record["doc_id"]),
            sha256=record["sha256"],
            queries_file=_queries_file(devset, record["doc_id"]),
            query=queries.get(record["doc_id"], ""),
        )
        for record in manifest
    ]


def _queries_file(devset: Path, doc_id: str) -> str:
    """``<set>/QUERIES.md`` for a text of a set with its own folder (``henan_r08`` -> ``henan_r``), if it
    exists; the first sets' texts (``luoyang_01``, ``zhengzhou_04``) have none."""
    key = doc_id.rstrip("0123456789")
    log = devset / key / "QUERIES.md"
    return log.relative_to(devset).as_posix() if key and log.is_file() else ""


def saved_form(text: str) -> str:
    """The form the texts were saved in: LF line ends, leading and trailing whitespace removed."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def sha256_of(text: str) -> str:
    """SHA-256 of the UTF-8 bytes of ``text``."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def addresses_in(path: Path) -> set[str]:
    """The web addresses a text file names (trailing punctuation left out); none when it is absent."""
    if not path.is_file():
        return set()
    return {address.rstrip(".,;") for address in URL.findall(path.read_text(encoding="utf-8"))}


def codebook_read_addresses(codebook_notes: Path = CODEBOOK_NOTES) -> set[str]:
    """The pages the codebook's field surveys read: every address the notes ``codebook_notes/*.md`` name
    (:data:`CODEBOOK_NOTES`); none when the folder is absent."""
    return {address for note in sorted(codebook_notes.glob("*.md")) for address in addresses_in(note)}


def avoid_addresses(devset: Path = DEVSET, codebook_notes: Path = CODEBOOK_NOTES) -> list[str]:
    """The addresses a gatherer of a new set must not save, each with and without its scheme, sorted: every
    development text's (``manifest.csv``), every page the codebook's field surveys read
    (:func:`codebook_read_addresses`) and every address the sets' query logs and other notes name
    (``<devset>/**/*.md``: pages seen and passed over)."""
    with (devset / "manifest.csv").open(encoding="utf-8", newline="") as handle:
        found = {record["address"] for record in csv.DictReader(handle)}
    found |= codebook_read_addresses(codebook_notes)
    for note in sorted(devset.rglob("*.md")):
        found |= addresses_in(note)
    return sorted(found | {re.sub(r"^https?://", "", address) for address in found})


def write_avoid(path: Path) -> int:
    """Write :func:`avoid_addresses` to ``path``, one per line under the header ``address``; return how
    many."""
    addresses = avoid_addresses()
    path.write_text("address\n" + "".join(f"{a}\n" for a in addresses), encoding="utf-8")
    return len(addresses)


def write_lists(parts: int, out: Path, texts_dir: Path, devset: Path = DEVSET) -> list[Path]:
    """Write the texts missing from ``texts_dir`` as ``part_<n>.tsv`` files; return their paths."""
    missing = [text for text in listed_texts(devset) if not (texts_dir / f"{text.doc_id}.txt").is_file()]
    out.mkdir(parents=True, exist_ok=True)
    size = -(-len(missing) // parts) if missing else 0
    written = []
    for part in range(parts):
        chunk = missing[part * size : (part + 1) * size]
        if not chunk:
            continue
        table = pd.DataFrame([vars(text) for text in chunk])
        path = out / f"part_{part + 1}.tsv"
        table.to_csv(path, sep="\t", index=False)
        written.append(path)
    return written


def check_found(found: Path, texts_dir: Path, devset: Path = DEVSET) -> tuple[list[str], list[str]]:
    """Copy the found texts whose checksum matches into ``texts_dir``; return (matched, mismatched) lines."""
    listed = {text.doc_id: text for text in listed_texts(devset)}
    matched: list[str] = []
    mismatched: list[str] = []
    texts_dir.mkdir(parents=True, exist_ok=True)
    for path in sorted(found.glob("*.txt")):
        if path.name.startswith(HELPER_NOTES):
            continue  # a helper's list of rows not found, or its notes
        text = listed.get(path.stem)
        if text is None:
            mismatched.append(f"{path.name}: not a listed development text")
            continue
        body = saved_form(path.read_text(encoding="utf-8"))
        if sha256_of(body) == text.sha256:
            (texts_dir / path.name).write_text(body, encoding="utf-8", newline="\n")
            matched.append(path.stem)
        else:
            mismatched.append(f"{path.name}: checksum differs (length {len(body)}, listed {text.n_chars})")
    return matched, mismatched


def main(argv: list[str] | None = None) -> int:
    """Command line: ``lists`` or ``check``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=Path, default=DEVSET / "texts", help="the texts folder")
    commands = parser.add_subparsers(dest="command", required=True)
    lists = commands.add_parser("lists", help="write the missing texts as part_<n>.tsv")
    lists.add_argument("--parts", type=int, default=1)
    lists.add_argument("--out", type=Path, required=True)
    check = commands.add_parser("check", help="file the found texts whose checksum matches")
    check.add_argument("found", type=Path)
    avoid = commands.add_parser("avoid", help="write the addresses a new set's gatherers must not save")
    avoid.add_argument("out", type=Path)
    args = parser.parse_args(argv)
    if args.command == "avoid":
        print(f"wrote {args.out} ({write_avoid(args.out)} addresses, with and without the scheme)")
        return 0
    if args.command == "lists":
        if args.parts < 1:
            parser.error("--parts must be at least 1")
        for path in write_lists(args.parts, args.out, args.texts):
            print(f"wrote {path} ({sum(1 for _ in path.open(encoding='utf-8')) - 1} texts)")
        return 0
    if not args.found.is_dir():
        print(f"error: {args.found}: no such folder", file=sys.stderr)
        return 2
    matched, mismatched = check_found(args.found, args.texts)
    print(f"{len(matched)} texts matched their checksum and were filed in {args.texts}")
    recorded = record_found_by(args.found, matched)
    if recorded:
        print(f"{recorded} queries that returned them recorded in {DEVSET / FOUND_BY}")
    for line in mismatched:
        print(f"  not filed: {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
