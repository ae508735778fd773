"""Loading: read a folder of ``.txt`` files, check it against its manifest, one row per document.

The only part of ``govtext.corpus`` that reads files. ``load_corpus`` reads and checks every file before
it returns anything (``validate_corpus_dir`` checks the folder against the manifest without reading the
texts; ``load_document`` reads one file): every problem is collected into one ``CorpusError`` naming the
file and the problem. A UTF-8 byte-order mark is removed on loading, so offsets never count it. The
column constants of the corpus tables (documents, articles, sentences) are defined here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

MANIFEST_FILENAME = "manifest.csv"
MANIFEST_REQUIRED_COLUMNS = ["doc_id", "source_file", "sha256"]
METADATA_COLUMNS = ["locality", "place_zh", "admin_level", "sub_units", "title", "date"]
DOCUMENT_COLUMNS = ["doc_id", "source_file", "sha256", *METADATA_COLUMNS, "raw_text", "n_chars"]
"""Columns of ``load_corpus``; extra manifest columns are kept between ``date`` and ``raw_text``."""
ARTICLE_COLUMNS = [
    "doc_id",
    "article_id",
    "article_no",
    "title",
    "byline",
    "sub_units",
    "start",
    "end",
    "clean_start",
    "clean_end",
]
SENTENCE_COLUMNS = [
    "doc_id",
    "article_id",
    "sentence_id",
    "sentence_no",
    "part",
    "text",
    "clean_start",
    "clean_end",
    "start",
    "end",
]
PARTS = ("body", "heading", "caption", "byline", "furniture")


class CorpusError(ValueError):
    """A corpus folder, manifest or file that cannot be loaded; the message names the file and problem."""


def iter_corpus_files(corpus_dir: str | Path) -> list[Path]:
    """The ``.txt`` files directly inside ``corpus_dir`` (hidden files skipped), sorted by name."""
    folder = Path(corpus_dir)
    if not folder.is_dir():
        raise CorpusError(f"{folder}: not a folder")
    files = [
        path
        for path in folder.iterdir()
        if path.is_file() and path.suffix.lower() == ".txt" and not path.name.startswith(".")
    ]
    return sorted(files, key=lambda path: path.name)


def load_document(path: str | Path, encoding: str = "utf-8") -> dict[str, object]:
    """Read one text file: ``doc_id`` (file stem), ``source_file``, ``sha256`` (of the bytes), ``raw_text``.

    A UTF-8 byte-order mark is removed, so offsets index the decoded text without it. Raises
    ``CorpusError`` for an empty or whitespace-only file, NUL bytes (binary or UTF-16 file) and bytes that
    are not valid in ``encoding``.
    """
    path = Path(path)
    data = path.read_bytes()
    if not data:
        raise CorpusError(f"{path}: the file is empty")
    nul = data.find(b"\x00")
    if nul >= 0:
        raise CorpusError(
            f"{path}: NUL byte at byte offset {nul}: a binary file, or text in UTF-16; "
            "save it as UTF-8 text or remove it from the folder"
        )
    try:
        text = data.decode(encoding)
    except LookupError as err:
        raise CorpusError(f"{path}: unknown encoding {encoding!r}") from err
    except UnicodeDecodeError as err:
        bad = data[err.start : err.start + 4].hex(" ")
        raise CorpusError(
            f"{path}: bytes at byte offset {err.start} ({bad}) are not valid {encoding}; if the file is in "
            'a Chinese legacy encoding, load it with encoding="gb18030" (command line: --encoding gb18030)'
        ) from err
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise CorpusError(f"{path}: the file holds only whitespace")
    return {
        "doc_id": path.stem,
        "source_file": path.name,
        "sha256": hashlib.sha256(data).hexdigest(),
        "raw_text": text,
        "n_chars": len(text),
    }


def read_manifest(path: str | Path) -> pd.DataFrame:
    """Read a manifest CSV as strings (blank cells stay ``""``); checks the required columns."""
    path = Path(path)
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        raise CorpusError(f"{path}: cannot read the manifest: {err}") from err
    missing = [column for column in MANIFEST_REQUIRED_COLUMNS if column not in table.columns]
    if missing:
        raise CorpusError(
            f"{path}: manifest lacks required column(s) {', '.join(missing)} "
            f"(required: {', '.join(MANIFEST_REQUIRED_COLUMNS)})"
        )
    return table


def validate_corpus_dir(
    corpus_dir: str | Path, manifest: str | Path | pd.DataFrame | None = None
) -> tuple[list[Path], pd.DataFrame | None]:
    """Check a corpus folder against its manifest without reading the texts; returns (files, manifest).

    Uses ``corpus_dir/manifest.csv`` when ``manifest`` is None and that file exists. Raises one
    ``CorpusError`` listing every problem: no ``.txt`` files, manifest rows naming no file, files with no
    manifest row, blank or duplicate ids, a ``doc_id`` that is not its file's stem.
    """
    folder = Path(corpus_dir)
    files = iter_corpus_files(folder)
    if not files:
        raise CorpusError(f"{folder}: no .txt files in the folder")
    table, manifest_name = _resolve_manifest(folder, manifest)
    if table is None:
        return files, None
    problems = _manifest_problems(table, manifest_name, [path.name for path in files])
    if problems:
        raise CorpusError(_problem_report(folder, problems))
    return files, table


def load_corpus(
    corpus_dir: str | Path,
    manifest: str | Path | pd.DataFrame | None = None,
    encoding: str = "utf-8",
) -> pd.DataFrame:
    """Load every ``.txt`` file of ``corpus_dir``: one row per document, sorted by ``doc_id``.

    Columns: ``DOCUMENT_COLUMNS`` (extra manifest columns kept before ``raw_text``). Without a manifest
    the metadata columns are blank and ``doc_id`` is the file stem. Every file is read and checked before
    anything is returned (see ``validate_corpus_dir`` and ``load_document``); a manifest checksum that
    does not match, or two files with the same content, raise ``CorpusError`` naming the files. Offsets
    into ``raw_text`` exclude a UTF-8 byte-order mark.
    """
    folder = Path(corpus_dir)
    files, table = validate_corpus_dir(folder, manifest)
    records: list[dict[str, object]] = []
    problems: list[str] = []
    for path in files:
        try:
            records.append(load_document(path, encoding))
        except CorpusError as err:
            problems.append(str(err))
    expected = {} if table is None else dict(zip(table["source_file"], table["sha256"], strict=True))
    problems += _checksum_problems(records, expected) + _duplicate_problems(records)
    if problems:
        raise CorpusError(_problem_report(folder, problems))
    return _documents_table(records, table)


def _resolve_manifest(
    folder: Path, manifest: str | Path | pd.DataFrame | None
) -> tuple[pd.DataFrame | None, str]:
    if isinstance(manifest, pd.DataFrame):
        missing = [column for column in MANIFEST_REQUIRED_COLUMNS if column not in manifest.columns]
        if missing:
            raise CorpusError(f"manifest table lacks required column(s) {', '.join(missing)}")
        return manifest.fillna("").astype(str), "manifest"
    path = Path(manifest) if manifest is not None else folder / MANIFEST_FILENAME
    if manifest is None and not path.is_file():
        return None, ""
    if not path.is_file():
        raise CorpusError(f"{path}: manifest not found")
    return read_manifest(path), path.name


def _manifest_problems(table: pd.DataFrame, name: str, file_names: list[str]) -> list[str]:
    problems: list[str] = []
    present = set(file_names)
    for row_no, (doc_id, source_file) in enumerate(zip(table["doc_id"], table["source_file"], strict=True)):
        where = f"{name} line {row_no + 2}"
        if not doc_id.strip() or not source_file.strip():
            problems.append(f"{where}: blank doc_id or source_file")
        elif source_file not in present:
            problems.append(f"{where}: names {source_file}, but there is no such .txt file in the folder")
        elif Path(source_file).stem != doc_id:
            problems.append(f"{where}: doc_id {doc_id!r} is not the file stem of {source_file}")
    for column in ("doc_id", "source_file"):
        for value in sorted(set(table[column][table[column].duplicated()])):
            problems.append(f"{name}: {column} {value!r} appears in more than one row")
    listed = set(table["source_file"])
    problems += [f"{file}: no row in {name}" for file in file_names if file not in listed]
    return problems


def _checksum_problems(records: list[dict[str, object]], expected: Mapping[str, str]) -> list[str]:
    problems = []
    for record in records:
        want = str(expected.get(str(record["source_file"]), "")).strip().lower()
        if want and want != record["sha256"]:
            problems.append(
                f"{record['source_file']}: sha256 mismatch: the manifest says {want}, the file has "
                f"{record['sha256']} (the file changed after the manifest was written)"
            )
    return problems


def _duplicate_problems(records: list[dict[str, object]]) -> list[str]:
    first_with_hash: dict[object, object] = {}
    problems = []
    for record in records:
        digest = record["sha256"]
        if digest in first_with_hash:
            problems.append(
                f"{first_with_hash[digest]} and {record['source_file']}: duplicate documents "
                f"(identical content, sha256 {digest})"
            )
        else:
            first_with_hash[digest] = record["source_file"]
    return problems


def _problem_report(folder: Path, problems: list[str]) -> str:
    lines = "\n".join(f"  - {problem}" for problem in problems)
    return f"corpus {folder}: {len(problems)} problem(s):\n{lines}"


def _documents_table(records: list[dict[str, object]], table: pd.DataFrame | None) -> pd.DataFrame:
    documents = pd.DataFrame(records, columns=["doc_id", "source_file", "sha256", "raw_text", "n_chars"])
    extra: list[str] = []
    if table is not None:
        extra = [column for column in table.columns if column not in DOCUMENT_COLUMNS]
        metadata = table.drop(columns=["doc_id", "sha256"]).copy()
        documents = documents.merge(metadata, on="source_file", how="left", validate="one_to_one")
    for column in METADATA_COLUMNS:
        if column not in documents.columns:
            documents[column] = ""
    columns = [*DOCUMENT_COLUMNS[:-2], *extra, "raw_text", "n_chars"]
    documents = documents[columns].sort_values("doc_id", kind="stable").reset_index(drop=True)
    return documents.astype({"n_chars": "int64"})
