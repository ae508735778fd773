"""Loading: read a folder of ``.txt`` files, check it against its manifest, one row per document.

The only part of ``govtext.corpus`` that reads files. ``load_corpus`` reads and checks every file before
it returns anything (``validate_corpus_dir`` checks the folder against the manifest without reading the
texts; ``load_document`` reads one file): every problem is collected into one ``CorpusError`` naming the
file and the problem. A UTF-8 byte-order mark is removed on loading, so offsets never count it. The
column constants of the corpus tables (documents, articles, sentences) are defined here.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import os
import re
import stat
from collections.abc import Mapping
from dataclasses import dataclass
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


NOT_READ_KINDS = ("hidden", "subfolders", "other_files")
"""What a corpus listing leaves out on purpose, and counts: hidden entries (names starting with ``.``),
sub-folders (unless ``recursive``) and files whose name does not end in ``.txt`` (the manifest aside)."""

UTF_ENCODINGS = frozenset(
    {"utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"}
)
_WIDE_ENCODINGS = UTF_ENCODINGS - {"utf-8", "utf-8-sig"}  # NUL bytes are part of their text
_GB_ENCODINGS = frozenset({"gb2312", "gbk", "gb18030"})
_SUGGESTED_ENCODINGS = ("utf-8", "gb18030", "big5")
_LINE_BREAK_RE = re.compile(r"\r\n?|\n")
_CONTROL_RE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# UTF-8 read as cp1252/Latin-1 and saved again: a lead byte Â..ô followed by continuation bytes.
_MOJIBAKE_RE = re.compile("[\u00c2-\u00f4][\u0080-\u00bf\u0152-\u0192\u02c6-\u02dc\u2013-\u2122]{1,3}")
_HAN_RE = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]")


def shown(value: object) -> str:
    """``value`` as text for a one-line message: control characters (a newline in a file name) escaped."""
    return _CONTROL_RE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), str(value))


@dataclass(frozen=True)
class CorpusListing:
    """The ``.txt`` files of a corpus folder (``files``, with their names relative to the folder in
    ``names``: the ``source_file`` of each document) and what was left out on purpose (``not_read``:
    a count for each of :data:`NOT_READ_KINDS`)."""

    folder: Path
    files: tuple[Path, ...]
    names: tuple[str, ...]
    not_read: dict[str, int]
    recursive: bool = False

    def describe_not_read(self) -> str:
        """``2 sub-folder(s) (use --recursive), 1 hidden entry`` or ``""``."""
        labels = {
            "hidden": "hidden file(s) or folder(s) (names starting with '.')",
            "subfolders": "sub-folder(s)" + ("" if self.recursive else " (use --recursive to read them)"),
            "other_files": "file(s) not ending in .txt",
        }
        return ", ".join(f"{n} {labels[kind]}" for kind, n in self.not_read.items() if n)


def list_corpus(corpus_dir: str | Path, recursive: bool = False) -> CorpusListing:
    """Every ``.txt`` entry of ``corpus_dir`` (also in sub-folders with ``recursive``; links to folders
    are followed once), sorted by relative name, and a count of what is left out on purpose (see
    :data:`NOT_READ_KINDS`; ``manifest.csv`` at the top is not counted). A ``.txt`` entry that is not a
    readable file (a broken link, a FIFO) is listed, so that loading it names the problem."""
    folder = Path(corpus_dir)
    if not folder.is_dir():
        raise CorpusError(f"{shown(folder)}: not a folder")
    counts = dict.fromkeys(NOT_READ_KINDS, 0)
    found: list[tuple[str, Path]] = []
    seen: set[tuple[int, int]] = set()
    pending: list[tuple[Path, str]] = [(folder, "")]
    while pending:
        current, prefix = pending.pop()
        try:
            info = current.stat()
            entries = sorted(current.iterdir(), key=lambda path: path.name)
        except OSError as err:
            raise CorpusError(f"{shown(current)}: cannot list the folder: {err.strerror}") from None
        if (info.st_dev, info.st_ino) in seen:  # a link back to a folder already read
            continue
        seen.add((info.st_dev, info.st_ino))
        for entry in entries:
            name = prefix + entry.name
            if entry.name.startswith("."):
                counts["hidden"] += 1
            elif _is_folder(entry):
                if recursive:
                    pending.append((entry, name + "/"))
                else:
                    counts["subfolders"] += 1
            elif entry.suffix.lower() == ".txt":
                found.append((name, entry))
            elif name != MANIFEST_FILENAME:
                counts["other_files"] += 1
    found.sort(key=lambda item: item[0])
    return CorpusListing(
        folder, tuple(path for _, path in found), tuple(name for name, _ in found), counts, recursive
    )


def _is_folder(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:  # a link that cannot be followed: listed, and named when it is loaded
        return False


def iter_corpus_files(corpus_dir: str | Path, recursive: bool = False) -> list[Path]:
    """The ``.txt`` files directly inside ``corpus_dir`` (also in sub-folders with ``recursive``),
    sorted by name; hidden entries are skipped (:func:`list_corpus` counts what is left out)."""
    return list(list_corpus(corpus_dir, recursive).files)


def check_encoding(encoding: str) -> str:
    """The canonical name of a text encoding (``utf8`` → ``utf-8``); ``CorpusError`` if unknown or not
    a text encoding (``base64``)."""
    try:
        info = codecs.lookup(encoding)
    except (LookupError, TypeError, ValueError):
        raise CorpusError(f"unknown encoding {shown(encoding)!r} (e.g. utf-8, gb18030, big5)") from None
    if not getattr(info, "_is_text_encoding", True):
        raise CorpusError(f"{shown(encoding)!r} is not a text encoding (e.g. utf-8, gb18030, big5)")
    return info.name


def text_digest(text: str) -> str:
    """sha256 of a decoded text with its line endings made LF and trailing whitespace dropped: two files
    with the same digest hold the same document (whatever their byte-order mark and line endings)."""
    normal = _LINE_BREAK_RE.sub("\n", text.removeprefix("\ufeff")).rstrip()
    return hashlib.sha256(normal.encode("utf-8", "surrogatepass")).hexdigest()


def load_document(
    path: str | Path, encoding: str = "utf-8", *, source_file: str | None = None
) -> dict[str, object]:
    """Read one text file: ``doc_id`` (file stem), ``source_file`` (default: the file name), ``sha256``
    (of the bytes), ``raw_text``, ``n_chars``.

    A byte-order mark is removed, so offsets index the decoded text without it. Raises ``CorpusError``
    naming the file for a file that cannot be read (a broken link, not a regular file, no permission),
    an empty or whitespace-only file, NUL bytes (binary or UTF-16 file), bytes that are not valid in
    ``encoding`` (suggesting one they are valid in), and a decode that gives mojibake (a UTF-8 file read
    as ``gb18030``; UTF-8 text once read as cp1252 and saved again).
    """
    path = Path(path)
    codec = check_encoding(encoding)
    data = _read_bytes(path)
    if not data:
        raise CorpusError(f"{shown(path)}: the file is empty")
    text = _decode(data, codec, encoding, shown(path))
    if not text.strip():
        raise CorpusError(f"{shown(path)}: the file holds only whitespace")
    return {
        "doc_id": path.stem,
        "source_file": path.name if source_file is None else source_file,
        "sha256": hashlib.sha256(data).hexdigest(),
        "raw_text": text,
        "n_chars": len(text),
    }


def _read_bytes(path: Path) -> bytes:
    where = shown(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            target = shown(os.readlink(path))
            raise CorpusError(f"{where}: a broken link (to {target}); fix the link or remove it") from None
        raise CorpusError(f"{where}: the file is gone (removed while the folder was read?)") from None
    except OSError as err:
        raise CorpusError(f"{where}: cannot read the file: {err.strerror}") from None
    if not stat.S_ISREG(info.st_mode):
        kind = "not a regular file (a FIFO, socket or device)"
        raise CorpusError(f"{where}: {kind}; remove it from the folder")
    try:
        return path.read_bytes()
    except OSError as err:
        raise CorpusError(f"{where}: cannot read the file: {err.strerror}; check its permissions") from None


def _decode(data: bytes, codec: str, encoding: str, where: str) -> str:
    if codec not in _WIDE_ENCODINGS:
        nul = data.find(b"\x00")
        if nul >= 0:
            utf16 = data[:2] in (b"\xff\xfe", b"\xfe\xff") or _looks_utf16(data)
            hint = (
                'text in UTF-16: load it with encoding="utf-16" (command line: --encoding utf-16)'
                if utf16
                else "a binary file, or text in UTF-16; save it as UTF-8 text or remove it from the folder"
            )
            raise CorpusError(f"{where}: NUL byte at byte offset {nul}: {hint}")
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as err:
        bad = data[err.start : err.start + 4].hex(" ")
        raise CorpusError(
            f"{where}: bytes at byte offset {err.start} ({bad}) are not valid {shown(encoding)}; "
            + _encoding_hint(data, codec, err.start)
        ) from None
    text = text.removeprefix("\ufeff")
    if "\x00" in text:
        raise CorpusError(f"{where}: NUL character at offset {text.index(chr(0))}: not text in {encoding}")
    problem = _mojibake(data, text, codec, encoding)
    if problem:
        raise CorpusError(f"{where}: {problem}")
    return text


def _looks_utf16(data: bytes) -> bool:
    """UTF-16 without a byte-order mark: it decodes as UTF-16 into printable text."""
    for candidate in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(candidate)
        except UnicodeDecodeError:
            continue
        if text and all(char.isprintable() or char in "\n\r\t" for char in text):
            return True
    return False


def _advice(candidate: str) -> str:
    return f'load it with encoding="{candidate}" (command line: --encoding {candidate})'


def _encoding_hint(data: bytes, codec: str, offset: int) -> str:
    """What to do about bytes that are not valid in ``codec``: the encoding they are valid in, if any."""
    if codec in ("utf-8", "utf-8-sig") and offset > 0 and max(data[:offset]) >= 0x80:
        return (
            f"the {offset} bytes before are valid UTF-8 text, so the file mixes encodings (a passage in "
            "a legacy encoding pasted into UTF-8?); save it again in one encoding"
        )
    for candidate in _SUGGESTED_ENCODINGS:
        if candidate == codec or (candidate == "gb18030" and codec in _GB_ENCODINGS):
            continue
        try:
            data.decode(candidate)
        except UnicodeDecodeError:
            continue
        return f"the file is valid {candidate}: {_advice(candidate)}"
    return (
        "nor is it valid utf-8, gb18030 or big5: the file is damaged or in another encoding (give it "
        "with --encoding)"
    )


def _mojibake(data: bytes, text: str, codec: str, encoding: str) -> str | None:
    """A problem if the decoded text is implausible: mojibake rather than the text of the file."""
    if codec in _WIDE_ENCODINGS and b"\x00" not in data and _is_utf8(data):
        return f"the bytes are UTF-8 (no NUL byte: not {shown(encoding)}); {_advice('utf-8')}"
    if codec not in UTF_ENCODINGS and max(data) >= 0x80:
        if _is_utf8(data):
            sample = shown(text[_first_non_ascii(text) :][:8])
            return (
                f"the bytes are valid UTF-8, and read as {shown(encoding)} they give mojibake "
                f"({sample}…): the file is UTF-8; {_advice('utf-8')}"
            )
        if codec not in _GB_ENCODINGS and not _HAN_RE.search(text):
            chinese = _as_chinese(data)
            if chinese is not None:
                return (
                    f"read as {shown(encoding)} the file holds no Chinese, but as gb18030 it is Chinese "
                    f"({shown(chinese.strip()[:8])}…); {_advice('gb18030')}"
                )
    return _double_encoded(text)


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _as_chinese(data: bytes) -> str | None:
    """``data`` decoded as gb18030 if that gives text that is mostly Chinese characters, else None."""
    try:
        chinese = data.decode("gb18030")
    except UnicodeDecodeError:
        return None
    letters = [char for char in chinese if not char.isspace()]
    han = sum(bool(_HAN_RE.match(char)) for char in letters)
    return chinese if letters and han * 10 >= 3 * len(letters) else None


def _double_encoded(text: str) -> str | None:
    """A problem if ``text`` is UTF-8 that was once read as cp1252 (or Latin-1) and saved again: most of
    its runs like ``å·©`` are the UTF-8 bytes of a Chinese character (``巩``)."""
    matches = decoded = 0
    first: tuple[str, str, str] | None = None
    for match in _MOJIBAKE_RE.finditer(text):
        matches += 1
        run = match.group()
        for legacy in ("cp1252", "latin-1"):
            try:
                fixed = run.encode(legacy).decode("utf-8")
            except UnicodeError:
                continue
            if _HAN_RE.fullmatch(fixed):
                decoded += 1
                first = first or (run, fixed, legacy)
            break
    if first is None or decoded < min(2, matches) or decoded * 2 < matches:
        return None
    run, fixed, legacy = first
    return (
        f"the text holds mojibake ({shown(run)!r} for {fixed!r}: UTF-8 once read as {legacy} and saved "
        "again); repair the file (for example with ftfy) and run again"
    )


def _first_non_ascii(text: str) -> int:
    return next((i for i, char in enumerate(text) if ord(char) >= 0x80), 0)


def read_manifest(path: str | Path) -> pd.DataFrame:
    """Read a manifest CSV as strings (blank cells stay ``""``); checks the required columns, that no
    column name repeats and that every row has as many fields as the header."""
    path = Path(path)
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            text = handle.read()
    except UnicodeDecodeError as err:
        message = f"not UTF-8 text (byte offset {err.start}); save the manifest as UTF-8"
        raise CorpusError(f"{shown(path)}: cannot read the manifest: {message}") from None
    except OSError as err:
        raise CorpusError(f"{shown(path)}: cannot read the manifest: {err.strerror}") from None
    problems = _manifest_shape_problems(text)
    table = pd.DataFrame()
    if not problems:
        try:
            table = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, index_col=False)
        except (pd.errors.ParserError, pd.errors.EmptyDataError) as err:
            message = shown(" ".join(str(err).split()))
            raise CorpusError(f"{shown(path)}: cannot read the manifest: {message}") from None
        missing = [column for column in MANIFEST_REQUIRED_COLUMNS if column not in table.columns]
        if missing:
            problems.append(
                f"manifest lacks required column(s) {', '.join(missing)} "
                f"(required: {', '.join(MANIFEST_REQUIRED_COLUMNS)})"
            )
    if problems:
        if len(problems) == 1:
            raise CorpusError(f"{shown(path)}: {problems[0]}")
        raise CorpusError(_problem_report(path, problems, what="manifest"))
    return table


def _manifest_shape_problems(text: str) -> list[str]:
    """Repeated column names (pandas would rename the second ``title`` to ``title.1``) and rows whose
    number of fields is not the header's (pandas would shift them into an index)."""
    rows = csv.reader(io.StringIO(text))
    try:
        header = next(rows, [])
        problems = [
            f"column {shown(name)!r} appears more than once in the header"
            for name in sorted({name for name in header if header.count(name) > 1})
        ]
        bad = []
        for row in rows:
            if row and len(row) != len(header):
                bad.append(f"line {rows.line_num}: {len(row)} field(s), the header has {len(header)}")
    except csv.Error as err:
        return [f"not a valid CSV file: {err}"]
    return problems + bad[:5] + ([f"… and {len(bad) - 5} more such line(s)"] if len(bad) > 5 else [])


def validate_corpus_dir(
    corpus_dir: str | Path,
    manifest: str | Path | pd.DataFrame | None = None,
    *,
    recursive: bool = False,
) -> tuple[list[Path], pd.DataFrame | None]:
    """Check a corpus folder against its manifest without reading the texts; returns (files, manifest).

    Uses ``corpus_dir/manifest.csv`` when ``manifest`` is None and that file exists. Raises one
    ``CorpusError`` listing every problem: no ``.txt`` files, manifest rows naming no file, files with no
    manifest row, blank or duplicate ids, a ``doc_id`` that is not its file's stem, a blank or malformed
    ``sha256`` (every file's checksum is checked: a blank one is not skipped).
    """
    listing, table = check_corpus_dir(corpus_dir, manifest, recursive=recursive)
    return list(listing.files), table


def check_corpus_dir(
    corpus_dir: str | Path,
    manifest: str | Path | pd.DataFrame | None = None,
    *,
    recursive: bool = False,
) -> tuple[CorpusListing, pd.DataFrame | None]:
    """:func:`validate_corpus_dir` returning the whole :class:`CorpusListing` (what was not read, the
    ``source_file`` name of each file)."""
    folder = Path(corpus_dir)
    listing = list_corpus(folder, recursive)
    if not listing.files:
        left_out = listing.describe_not_read()
        note = f" ({left_out})" if left_out else ""
        raise CorpusError(f"{shown(folder)}: no .txt files in the folder{note}")
    table, manifest_name = _resolve_manifest(folder, manifest)
    if table is None:
        return listing, None
    problems = _manifest_problems(table, manifest_name, list(listing.names))
    if problems:
        raise CorpusError(_problem_report(folder, problems))
    return listing, table


def load_corpus(
    corpus_dir: str | Path,
    manifest: str | Path | pd.DataFrame | None = None,
    encoding: str = "utf-8",
    *,
    recursive: bool = False,
) -> pd.DataFrame:
    """Load every ``.txt`` file of ``corpus_dir`` (and of its sub-folders with ``recursive``): one row
    per document, sorted by ``doc_id``.

    Columns: ``DOCUMENT_COLUMNS`` (extra manifest columns kept before ``raw_text``). Without a manifest
    the metadata columns are blank and ``doc_id`` is the file stem. Every file is read and checked before
    anything is returned (see ``validate_corpus_dir`` and ``load_document``); a manifest checksum that
    does not match, or two files with the same text (after decoding, whatever their byte-order mark and
    line endings), raise ``CorpusError`` naming the files. Offsets into ``raw_text`` exclude a byte-order
    mark.
    """
    folder = Path(corpus_dir)
    check_encoding(encoding)  # once, not once per file
    listing, table = check_corpus_dir(folder, manifest, recursive=recursive)
    problems = _stem_clashes(listing)
    records: list[dict[str, object]] = []
    for path, name in zip(listing.files, listing.names, strict=True):
        try:
            records.append(load_document(path, encoding, source_file=name))
        except CorpusError as err:
            problems.append(str(err))
    expected = {} if table is None else dict(zip(table["source_file"], table["sha256"], strict=True))
    problems += _checksum_problems(records, expected) + _duplicate_problems(records)
    if problems:
        raise CorpusError(_problem_report(folder, problems))
    return _documents_table(records, table)


def _stem_clashes(listing: CorpusListing) -> list[str]:
    """Files that would get the same ``doc_id`` (their stem): ``a.txt`` and ``a.TXT``, or ``x/a.txt``
    and ``y/a.txt`` with ``recursive``."""
    by_stem: dict[str, list[str]] = {}
    for path, name in zip(listing.files, listing.names, strict=True):
        by_stem.setdefault(path.stem, []).append(name)
    return [
        f"files with the same doc_id (file stem) {shown(stem)!r}: {', '.join(shown(n) for n in names)}"
        for stem, names in sorted(by_stem.items())
        if len(names) > 1
    ]


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
        raise CorpusError(f"{shown(path)}: manifest not found")
    return read_manifest(path), shown(path.name)


_SHA256_RE = re.compile(r"[0-9a-fA-F]{64}")


def _manifest_problems(table: pd.DataFrame, name: str, file_names: list[str]) -> list[str]:
    problems: list[str] = []
    present = set(file_names)
    rows = zip(table["doc_id"], table["source_file"], table["sha256"], strict=True)
    for row_no, (doc_id, source_file, digest) in enumerate(rows):
        where = f"{name} line {row_no + 2}"
        if not doc_id.strip() or not source_file.strip():
            problems.append(f"{where}: blank doc_id or source_file")
            continue
        if source_file not in present:
            problems.append(
                f"{where}: names {shown(source_file)}, but there is no such .txt file in the folder"
            )
        elif Path(source_file).stem != doc_id:
            problems.append(f"{where}: doc_id {shown(doc_id)!r} is not the file stem of {shown(source_file)}")
        if not digest.strip():
            problems.append(
                f"{where}: blank sha256 for {shown(source_file)}: every file is checked; fill it in "
                f"(sha256sum prints it) or leave the file out of the folder"
            )
        elif not _SHA256_RE.fullmatch(digest.strip()):
            problems.append(f"{where}: sha256 {shown(digest)[:80]!r} is not 64 hexadecimal digits")
    for column in ("doc_id", "source_file"):
        for value in sorted(set(table[column][table[column].duplicated()])):
            problems.append(f"{name}: {column} {shown(value)!r} appears in more than one row")
    listed = set(table["source_file"])
    problems += [f"{shown(file)}: no row in {name}" for file in file_names if file not in listed]
    return problems


def _checksum_problems(records: list[dict[str, object]], expected: Mapping[str, str]) -> list[str]:
    problems = []
    for record in records:
        want = str(expected.get(str(record["source_file"]), "")).strip().lower()
        if want and want != record["sha256"]:
            problems.append(
                f"{shown(record['source_file'])}: sha256 mismatch: the manifest says {shown(want)}, the "
                f"file has {record['sha256']} (the file changed after the manifest was written)"
            )
    return problems


def duplicate_of(
    first_by_bytes: dict[str, str], first_by_text: dict[str, str], record: Mapping[str, object]
) -> str | None:
    """Why ``record`` repeats an earlier document (``None`` if it does not), and remember it: the same
    bytes, or the same text once decoded (another byte-order mark or other line endings)."""
    name = str(record["source_file"])
    digest = str(record["sha256"])
    text_key = text_digest(str(record["raw_text"]))
    if digest in first_by_bytes:
        return f"identical content to {shown(first_by_bytes[digest])} (sha256 {digest})"
    if text_key in first_by_text:
        return (
            f"the same text as {shown(first_by_text[text_key])} once decoded (the files differ only in "
            "byte-order mark, line endings or trailing whitespace)"
        )
    first_by_bytes[digest] = name
    first_by_text[text_key] = name
    return None


def _duplicate_problems(records: list[dict[str, object]]) -> list[str]:
    by_bytes: dict[str, str] = {}
    by_text: dict[str, str] = {}
    problems = []
    for record in records:
        why = duplicate_of(by_bytes, by_text, record)
        if why is not None:
            first = by_bytes.get(str(record["sha256"])) or by_text[text_digest(str(record["raw_text"]))]
            problems.append(f"{shown(first)} and {shown(record['source_file'])}: duplicate documents ({why})")
    return problems


def _problem_report(folder: Path, problems: list[str], what: str = "corpus") -> str:
    lines = "\n".join(f"  - {problem}" for problem in problems)
    return f"{what} {shown(folder)}: {len(problems)} problem(s):\n{lines}"


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
