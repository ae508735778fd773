"""Corpus: load raw documents, clean them with a map back to raw offsets, split articles and sentences.

The only module (with ``cli``) that reads files. Everything after loading is a pure function:
``load_corpus`` → documents (one row per file) → ``clean_documents`` → a ``CleanText`` per document →
``split_articles`` → articles → ``split_sentences`` → sentences (one row per sentence, heading, caption,
byline or piece of page furniture).

Offsets. ``start``/``end`` are Python ``str`` indices into the raw decoded text; a UTF-8 byte-order mark
is removed on loading, so offsets never count it. ``clean_start``/``clean_end`` index the clean text, and
``CleanText.raw_index`` maps every clean character back to its raw character: cleaning only deletes
characters or replaces one character by one character.

Cleaning heuristics (generic; none is keyed to a document):

* Paragraphs. In a document that uses blank lines, blank lines separate paragraphs and a single line
  break is a hard wrap (deleted); byline and furniture lines stay separate. Otherwise each line is a
  paragraph. Running text that does not end a sentence is joined to the next paragraph when that one
  starts with a CJK character or an opening quote/bracket and is running text too (column breaks leave
  blank lines mid-sentence: ``开`` / ``展特色志愿服务``); after a final colon it is joined even to a
  heading-like line (``巩义市杜甫路街道：`` / ``推进重点工作谋发展``).
* Units inside a paragraph, each split replacing one whitespace character by ``"\\n"``: a space after
  。！？… starts a new paragraph (documents printed as one line); a rule of ``|`` is furniture; a run-in
  byline is split off (``本报记者 史治国 … 文/图 6月24日上午，…``), then a run-in heading of one or two
  short unpunctuated phrases (``打牢基层基础 树立大抓基层基础的…``), then, from running text that does not
  end a sentence, a short CJK phrase after its last space, as a caption (``…奋斗目标 汝河小区游园``).
* Characters. In running text whitespace next to a CJK character or full-width punctuation is layout
  damage and deleted (``全 区`` → ``全区``, ``1.5 万名`` → ``1.5万名``); other runs become one space.
  Headings keep one space between phrases (``坚持党建引领 筑牢发展基础``) but lose it between a digit and
  a CJK character; bylines and furniture keep single spaces. ASCII ``, ; : ( ) ? !`` become full-width
  when the nearest letter on either side (digits and ``%.+-~`` looked through) is CJK, except ``,`` and
  ``:`` between two digits (``1.5``, ``7·24``, ``1+3+4``, ``LED``, ``5G`` are untouched); straight double
  quotes become “ and ” alternately within a paragraph that contains CJK.

Paragraph kinds (``classify_paragraph``) are the same for a raw paragraph and its clean form, and a split
is only made at a space that cleaning would otherwise delete, so a second pass rarely changes anything;
``clean_text`` repeats the pass until the text is stable, which makes it idempotent.

Known limits: a line that looks like a heading (short, unpunctuated) but is a paragraph cut mid-word is
kept apart (``在改进城市精细化管理工`` / ``作中，…``); a truncated paragraph is joined to the next one
(``…并通报会格案`` + ``抓制度落实，…``); a sentence whose full stop was lost runs on
(``…受到群众点赞桐柏路…``).
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import itertools
import re
from collections.abc import Iterable, Mapping
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

FULLWIDTH = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "?": "？", "!": "！", '"': "“”"}
"""ASCII punctuation and the full-width character(s) cleaning may put in its place."""

MAX_HEADING_CHARS = 60  # a heading has at most this many non-space characters
MAX_RUN_IN_HEADING_CHARS = 14  # each phrase of a run-in heading (``打牢基层基础 …``)
MIN_PROSE_CHARS = 10  # the prose after a run-in heading opens with at least this many characters
MAX_CAPTION_CHARS = 12  # a caption split off the end of a paragraph
MAX_TITLE_PARAGRAPHS = 2  # headline lines before a byline that open a new article
MAX_LEAD_PARAGRAPHS = 3  # paragraphs of lead text allowed between a new headline and its byline
MAX_KICKER_CHARS = 6  # a headline this short is a column label (``书记访谈录``); the real one follows
MAX_CLEAN_PASSES = 4  # cleaning is repeated until the text is stable, at most this often
N_SUB_UNIT_PARAGRAPHS = 2  # body paragraphs searched for sub-units (after the title)

_SENTENCE_END = frozenset("。！？…")  # a space after these starts a new paragraph
_SENTENCE_PUNCT = frozenset("。！？；…!?;")  # none of these in a heading
_TERMINATORS = frozenset("。！？；…")  # sentences end here
_CLOSERS = frozenset("”’」』）》】〉)]\"'")  # stay with the sentence they close
_TRAILERS = "".join(sorted(_CLOSERS | set("“‘")))  # looked through when asking how a paragraph ends
_OPENERS = frozenset("“”‘\"'（(《〈「『【[")
_CONTINUATION = frozenset("，,、：:")
_CLAUSE_FW = frozenset("，、：；。！？")
_COLONS = frozenset("：:")
_RULE_CHARS = frozenset("|｜¦_=-—–─━*~～#+")
_PIPES = frozenset("|｜¦")
_HEADING_TOKEN_PUNCT = frozenset("，。、；：！？,.;:!?…")
_DIGITS = frozenset("0123456789０１２３４５６７８９")
_SPACE_RUN_RE = re.compile(r"\s+")
_HAN_RE = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]")
_CONVERTIBLE_RE = re.compile(r'[,;:()?!"]')
_CONTEXT_SKIP_RE = re.compile(r'[\s,;:()?!"，；：（）？！“”0-9０-９%.+\-~]+')

_ROLE = r"(?:责任编辑|编辑|美编|校对|记者|通讯员|摄影|摄|撰稿|作者|实习生)"
_BYLINE_START_RE = re.compile(
    rf"^(?:本报讯|(?:本报|本台|特约|见习|实习)?{_ROLE}|[\u4e00-\u9fff]{{1,6}}(?:记者|通讯员)"
    rf"|{_ROLE}[:：][\u4e00-\u9fff·]{{0,4}}(?:[A-Z]{{1,2}}\d{{1,3}}(?:-\d{{1,3}})?)?|文/图|图/文)$"
)
_BYLINE_TOKEN_RE = re.compile(r"^(?:[\u4e00-\u9fff·]{2,4}|文/图|图/文|文图|图文|文|图|摄)$")
_DATE_RE = re.compile(
    r"^\d{4}\s*[年./-]\s*\d{1,2}\s*[月./-]\s*\d{1,2}\s*日?(?:\s*(?:星期|周)[一二三四五六日天])?$"
)
_PAGE_CODE_RE = re.compile(r"^(?:第\s*\d+\s*版|[A-Z]{1,2}\d{1,3}(?:-\d{1,3})?)$")
_FOOTER_RE = re.compile(r"版权声明|版权所有|copyright|©|all rights reserved", re.IGNORECASE)
_SUB_UNIT_SUFFIX_RE = re.compile("街道办事处|街道|区委组织部|市委市政府|社区|镇|乡|村")
_NAME_BREAK = frozenset("在的和与及对是为把将由从向了到于等各该本全个每市区县省")
_PLACE_RE = re.compile(r"(?:^|(?<=[\s，。：、—]))([\u4e00-\u9fff]{2,3}?[市县区])")


class CorpusError(ValueError):
    """A corpus folder, manifest or file that cannot be loaded; the message names the file and problem."""


# ----------------------------------------------------------------------------------------------------
# Loading
# ----------------------------------------------------------------------------------------------------


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


# ----------------------------------------------------------------------------------------------------
# Cleaning
# ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CleanText:
    """A document's analysis text and the map back to its raw text.

    ``text[k]`` comes from ``raw[raw_index[k]]``: the same character, its full-width form (see
    ``FULLWIDTH``), or, for a raw whitespace character, ``" "`` or ``"\\n"`` (paragraph break).
    ``raw_index`` is strictly increasing.
    """

    raw: str
    text: str
    raw_index: tuple[int, ...]

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw ``[start, end)`` of clean ``[start, end)``; an empty span maps to an empty raw span."""
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"clean span [{start}, {end}) outside the text (length {len(self.text)})")
        if start == end:
            at = self.raw_index[start] if start < len(self.text) else len(self.raw)
            return at, at
        return self.raw_index[start], self.raw_index[end - 1] + 1


@dataclass
class _Piece:
    """A paragraph under construction: raw ``[start, end)``, both ends non-space."""

    start: int
    end: int
    block: int


def is_han(char: str) -> bool:
    """True for a CJK ideograph (basic block, extension A, compatibility, supplementary planes)."""
    code = ord(char)
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0xF900 <= code <= 0xFAFF
        or 0x20000 <= code <= 0x3FFFF
    )


def is_layout_space(char: str) -> bool:
    """Whitespace (``str.isspace``): what cleaning may delete or turn into ``" "`` or ``"\\n"``."""
    return char.isspace()


def _is_cjk_punct(char: str) -> bool:
    code = ord(char)
    return 0x3000 < code <= 0x303F or 0xFF00 <= code <= 0xFFEF or 0x2018 <= code <= 0x201F or char in "…—·"


def _is_cjkish(char: str) -> bool:
    return bool(char) and (is_han(char) or _is_cjk_punct(char))


def _words(text: str) -> list[str]:
    """``text`` split at whitespace."""
    return text.split()


def _strip_span(raw: str, start: int, end: int) -> tuple[int, int]:
    while start < end and is_layout_space(raw[start]):
        start += 1
    while end > start and is_layout_space(raw[end - 1]):
        end -= 1
    return start, end


def _tokens(raw: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of ``raw[start:end]`` separated by whitespace that holds no line break.

    A run of whitespace with a line break is a hard wrap inside a paragraph: it glues, not separates.
    """
    tokens: list[tuple[int, int]] = []
    token_start = start
    for run in _SPACE_RUN_RE.finditer(raw, start, end):
        if "\n" not in run.group():
            tokens.append((token_start, run.start()))
            token_start = run.end()
    tokens.append((token_start, end))
    return tokens


def _last_non_closer(text: str) -> str:
    stripped = text.rstrip().rstrip(_TRAILERS)
    return stripped[-1] if stripped else ""


def _ends_sentence(text: str) -> bool:
    """Ends with a sentence-final mark (closing quotes/brackets after it allowed)."""
    return _last_non_closer(text) in _SENTENCE_PUNCT


def _strong_end(converted: str, start: int, end: int) -> bool:
    """``converted[start:end]`` ends with 。！？… (trailing quotes/brackets looked through).

    ``converted`` is the text after punctuation conversion, so ``?`` in Chinese context counts.
    """
    pos = end - 1
    while pos >= start and converted[pos] in _TRAILERS:
        pos -= 1
    return pos >= start and converted[pos] in _SENTENCE_END


def _is_rule_token(token: str) -> bool:
    return all(char in _RULE_CHARS for char in token) and (len(token) >= 3 or any(c in _PIPES for c in token))


def _is_byline_text(words: list[str]) -> bool:
    if not words or not _BYLINE_START_RE.match(words[0]):
        return False
    return all(_BYLINE_START_RE.match(word) or _BYLINE_TOKEN_RE.match(word) for word in words[1:])


def classify_paragraph(text: str) -> str:
    """``furniture``, ``byline``, ``heading`` (heading-like: may turn out a caption) or ``body``.

    The same answer for a raw paragraph and for its cleaned form (spaces and punctuation width ignored).
    """
    words = _words(text)
    compact = "".join(words)
    if not compact:
        return "furniture"
    if (
        all(char in _RULE_CHARS for char in compact)
        or _DATE_RE.match(" ".join(words))
        or _PAGE_CODE_RE.match(compact)
        or (len(compact) <= 100 and _FOOTER_RE.search(compact))
    ):
        return "furniture"
    if len(compact) <= 80 and _is_byline_text(words):
        return "byline"
    if (
        len(compact) <= MAX_HEADING_CHARS
        and _HAN_RE.search(compact) is not None
        and _SENTENCE_PUNCT.isdisjoint(compact)
        and compact.count("，") + compact.count(",") <= 1
        and compact[-1] not in _CONTINUATION
    ):
        return "heading"
    return "body"


@functools.lru_cache(maxsize=8192)
def _span_kind(raw: str, start: int, end: int) -> str:
    """``classify_paragraph(raw[start:end])``, remembered: a cleaning pass asks about each paragraph several
    times. The key holds the whole text, so one document's answers never serve another."""
    return classify_paragraph(raw[start:end])


def clean_text(raw: str) -> CleanText:
    """Analysis text for one raw document, with ``raw_index`` back to the raw text (see module doc).

    Paragraphs are separated by a single ``"\\n"``. The rules are applied until the text no longer
    changes (one extra pass confirms it; a second is rare: a hard wrap that glued a rule to a short
    line becomes a space, and the rule then stands alone), at most ``MAX_CLEAN_PASSES`` times, so that
    cleaning is idempotent: ``clean_text(clean_text(x).text).text == clean_text(x).text``. Each pass is
    linear in the length of the text.
    """
    text, index = _clean_pass(raw)
    for _ in range(MAX_CLEAN_PASSES - 1):
        again, again_index = _clean_pass(text)
        if again == text:
            break
        text, index = again, [index[k] for k in again_index]
    return CleanText(raw=raw, text=text, raw_index=tuple(index))


def _clean_pass(raw: str) -> tuple[str, list[int]]:
    """One application of the cleaning rules: the clean text and the raw offset of each character."""
    pieces = _initial_pieces(raw)
    pieces = [part for piece in pieces for part in _split_inline(raw, piece)]
    pieces = _join_across_blocks(raw, pieces)
    pieces = [part for piece in pieces for part in _split_run_in_heading(raw, piece)]
    pieces = [part for piece in pieces for part in _split_caption(raw, piece)]
    chars: list[str] = []
    index: list[int] = []
    previous_end = -1
    for piece in pieces:
        if previous_end >= 0:
            chars.append("\n")
            index.append(_separator_index(raw, previous_end, piece.start))
        _normalise_piece(raw, piece, chars, index)
        previous_end = piece.end
    return "".join(chars), index


def clean_documents(documents: pd.DataFrame) -> dict[str, CleanText]:
    """``clean_text`` of every document's ``raw_text``, keyed by ``doc_id``."""
    return {
        str(doc_id): clean_text(str(raw))
        for doc_id, raw in zip(documents["doc_id"], documents["raw_text"], strict=True)
    }


def _line_spans(raw: str) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for line in raw.split("\n"):
        spans.append(_strip_span(raw, start, start + len(line)))
        start += len(line) + 1
    return spans


def _initial_pieces(raw: str) -> list[_Piece]:
    """Paragraph candidates: blank-line blocks split at byline/furniture lines (or one per line)."""
    lines = _line_spans(raw)
    filled = [start < end for start, end in lines]
    first = filled.index(True) if any(filled) else len(filled)
    last = len(filled) - 1 - filled[::-1].index(True) if any(filled) else -1
    blank_separated = any(not flag for flag in filled[first : last + 1])
    pieces: list[_Piece] = []
    block = 0
    current: _Piece | None = None
    for (start, end), has_text in zip(lines, filled, strict=True):
        if not has_text or not blank_separated:
            block += 1
            current = None
            if not has_text:
                continue
        special = _span_kind(raw, start, end) in ("byline", "furniture")
        if current is None or special:
            current = _Piece(start, end, block)
            pieces.append(current)
            if special:
                current = None
        else:
            current.end = end
    return pieces


def _split_inline(raw: str, piece: _Piece) -> list[_Piece]:
    """Split one candidate at sentence ends followed by a space, at rules and after a run-in byline."""
    if _span_kind(raw, piece.start, piece.end) in ("byline", "furniture"):
        return [piece]
    parts: list[tuple[int, int]] = []
    tokens = _tokens(raw, piece.start, piece.end)
    converted = _convert_punctuation(raw, piece.start, piece.end)
    group_start = tokens[0][0]
    for position, (start, end) in enumerate(tokens):
        token = raw[start:end]
        if _is_rule_token(token):
            if start > group_start:
                parts.append((group_start, tokens[position - 1][1]))
            parts.append((start, end))
            group_start = tokens[position + 1][0] if position + 1 < len(tokens) else end
        elif position + 1 < len(tokens) and _strong_end(converted, start - piece.start, end - piece.start):
            parts.append((group_start, end))
            group_start = tokens[position + 1][0]
    if group_start < piece.end:
        parts.append((group_start, piece.end))
    out: list[_Piece] = []
    for start, end in parts:
        out += [_Piece(a, b, piece.block) for a, b in _split_run_in_byline(raw, start, end)]
    return out


def _split_run_in_byline(raw: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a byline that opens a running-text paragraph (``本报记者 史治国 … 文/图 6月24日上午，…``)."""
    if _span_kind(raw, start, end) != "body":
        return [(start, end)]
    tokens = _tokens(raw, start, end)
    n_byline = _run_in_byline_length([raw[a:b] for a, b in tokens])
    if n_byline:
        return [(start, tokens[n_byline - 1][1]), (tokens[n_byline][0], end)]
    return [(start, end)]


def _split_run_in_heading(raw: str, piece: _Piece) -> list[_Piece]:
    """Split one or two short unpunctuated phrases opening a running-text paragraph.

    The prose after them must open with a long punctuated stretch, so wrap spaces of a narrow column
    (``等楼宇资源大力发 展服务业项 目,积极 …``) are not taken for a heading.
    """
    if _span_kind(raw, piece.start, piece.end) != "body":
        return [piece]
    tokens = _tokens(raw, piece.start, piece.end)
    words = [raw[a:b] for a, b in tokens]
    n_heading = 0
    while n_heading < min(2, len(words) - 1) and _is_heading_token(words[n_heading]):
        n_heading += 1
    if not n_heading:
        return [piece]
    rest = words[n_heading]
    if len(rest) < MIN_PROSE_CHARS or not any(char in _HEADING_TOKEN_PUNCT for char in rest):
        return [piece]
    converted = _convert_punctuation(raw, piece.start, piece.end)
    for (_, before_end), (after_start, _) in itertools.pairwise(tokens[: n_heading + 1]):
        before = converted[before_end - 1 - piece.start]
        after = converted[after_start - piece.start]
        if not (_is_cjkish(before) or _is_cjkish(after)):  # a space kept in running text: not a break
            return [piece]
    return [
        _Piece(piece.start, tokens[n_heading - 1][1], piece.block),
        _Piece(tokens[n_heading][0], piece.end, piece.block),
    ]


def _run_in_byline_length(words: list[str]) -> int:
    if len(words) < 2 or not _BYLINE_START_RE.match(words[0]):
        return 0
    count = 1
    while count < len(words) - 1 and (
        _BYLINE_START_RE.match(words[count]) or _BYLINE_TOKEN_RE.match(words[count])
    ):
        count += 1
    prefix = words[:count]
    named = any(_BYLINE_TOKEN_RE.match(word) for word in prefix[1:]) or any(
        ":" in word or "：" in word for word in prefix
    )
    return count if named or prefix == ["本报讯"] else 0


def _is_heading_token(word: str) -> bool:
    return (
        2 <= len(word) <= MAX_RUN_IN_HEADING_CHARS
        and any(is_han(char) for char in word)
        and not any(char in _HEADING_TOKEN_PUNCT for char in word)
    )


def _join_across_blocks(raw: str, pieces: list[_Piece]) -> list[_Piece]:
    """Join a paragraph that breaks off mid-sentence with the next block's first paragraph."""
    out: list[_Piece] = []
    kinds: list[str] = []
    for piece in pieces:
        kind = _span_kind(raw, piece.start, piece.end)
        if out and out[-1].block != piece.block and _continues(raw, out[-1], kinds[-1], piece, kind):
            out[-1] = _Piece(out[-1].start, piece.end, piece.block)
            kinds[-1] = _joined_kind(raw, out[-1])
            continue
        out.append(_Piece(piece.start, piece.end, piece.block))
        kinds.append(kind)
    return out


def _joined_kind(raw: str, piece: _Piece) -> str:
    """``classify_paragraph`` of a joined paragraph; a long one is running text (keeps joining linear)."""
    if piece.end - piece.start > 4 * MAX_HEADING_CHARS:
        return "body"
    return _span_kind(raw, piece.start, piece.end)


def _continues(raw: str, before: _Piece, before_kind: str, after: _Piece, after_kind: str) -> bool:
    last = raw[before.end - 1]
    first = raw[after.start]
    if before_kind != "body" or _ends_sentence(raw[max(before.start, before.end - 8) : before.end]):
        return False
    if not (is_han(first) or first in _OPENERS):
        return False
    return after_kind == "body" or (after_kind == "heading" and last in _COLONS)


def _split_caption(raw: str, piece: _Piece) -> list[_Piece]:
    """Split a short unpunctuated phrase after the last space off a paragraph left unfinished."""
    text = raw[piece.start : piece.end]
    if _span_kind(raw, piece.start, piece.end) != "body" or _ends_sentence(text):
        return [piece]
    tokens = _tokens(raw, piece.start, piece.end)
    if len(tokens) < 2:
        return [piece]
    start, end = tokens[-1]
    word = raw[start:end]
    before_end = tokens[-2][1]
    fits = 2 <= len(word) <= MAX_CAPTION_CHARS and all(is_han(char) or char in _DIGITS for char in word)
    if not fits or raw[before_end - 1] in _CONTINUATION or not is_han(word[0]):
        return [piece]
    return [_Piece(piece.start, before_end, piece.block), _Piece(start, end, piece.block)]


def _separator_index(raw: str, previous_end: int, next_start: int) -> int:
    newline = raw.find("\n", previous_end, next_start)
    if newline >= 0:
        return newline
    for position in range(previous_end, next_start):
        if is_layout_space(raw[position]):
            return position
    raise AssertionError(f"no whitespace between paragraphs at raw offset {previous_end}")


def _normalise_piece(raw: str, piece: _Piece, chars: list[str], index: list[int]) -> None:
    """Append the clean text of one paragraph (in pieces) and its raw offsets to ``chars``/``index``."""
    kind = _span_kind(raw, piece.start, piece.end)
    converted = _convert_punctuation(raw, piece.start, piece.end)
    kept_start = piece.start
    for run in _SPACE_RUN_RE.finditer(raw, piece.start, piece.end):
        chars.append(converted[kept_start - piece.start : run.start() - piece.start])
        index.extend(range(kept_start, run.start()))
        before = converted[run.start() - 1 - piece.start]
        after = converted[run.end() - piece.start]
        if _keep_space(kind, before, after):
            chars.append(" ")
            index.append(run.start())
        kept_start = run.end()
    chars.append(converted[kept_start - piece.start :])
    index.extend(range(kept_start, piece.end))


def _keep_space(kind: str, before: str, after: str) -> bool:
    if kind == "body":
        return not (_is_cjkish(before) or _is_cjkish(after))
    if kind == "heading":
        digit_han = (before in _DIGITS and is_han(after)) or (is_han(before) and after in _DIGITS)
        return not (digit_han or before in _CLAUSE_FW or after in _CLAUSE_FW)
    return True


@functools.lru_cache(maxsize=8192)
def _convert_punctuation(raw: str, start: int, end: int) -> str:
    """``raw[start:end]`` with ASCII punctuation in Chinese context made full-width (same length).

    The context of a punctuation mark is the nearest character on each side that is not whitespace,
    punctuation of ``FULLWIDTH`` (either width), a digit or one of ``%.+-~``: one regex pass finds the
    runs of such characters, so the cost is linear. Remembered like ``_span_kind`` (keyed by the text).
    """
    text = raw[start:end]
    if not _CONVERTIBLE_RE.search(text):
        return text
    out = list(text)
    has_han = _HAN_RE.search(text) is not None
    quote_open = True
    for run in _CONTEXT_SKIP_RE.finditer(text):
        if not _CONVERTIBLE_RE.search(run.group()):
            continue
        left = text[run.start() - 1] if run.start() > 0 else ""
        right = text[run.end()] if run.end() < len(text) else ""
        chinese = _is_cjkish(left) or _is_cjkish(right)
        for i in range(run.start(), run.end()):
            char = text[i]
            if char == '"':
                if has_han:
                    out[i] = "“" if quote_open else "”"
                    quote_open = not quote_open
            elif char in FULLWIDTH and chinese:
                between_digits = 0 < i < len(text) - 1 and text[i - 1] in _DIGITS and text[i + 1] in _DIGITS
                if not (char in ",:" and between_digits):
                    out[i] = FULLWIDTH[char]
    return "".join(out)


# ----------------------------------------------------------------------------------------------------
# Articles and sentences
# ----------------------------------------------------------------------------------------------------


Paragraph = tuple[int, int, str]
"""``(clean_start, clean_end, kind)`` of one paragraph of a clean text."""


def paragraph_spans(text: str) -> list[Paragraph]:
    """Every paragraph (line) of a clean text with its kind (see ``classify_paragraph``)."""
    spans = []
    start = 0
    for line in text.split("\n"):
        if line.strip():
            spans.append((start, start + len(line), classify_paragraph(line)))
        start += len(line) + 1
    return spans


def _article_starts(kinds: list[str]) -> list[int]:
    """Paragraph numbers that open an article: 0, and each headline that leads to a new byline.

    Once the current article has running text and a byline, a run of at most ``MAX_TITLE_PARAGRAPHS``
    headline paragraphs followed (after at most ``MAX_LEAD_PARAGRAPHS`` paragraphs of lead) by a byline
    opens the next article.
    """
    starts = [0]
    has_body = has_byline = False
    for number, kind in enumerate(kinds):
        if kind == "heading" and has_body and has_byline and _leads_to_byline(kinds, number):
            starts.append(number)
            has_body = has_byline = False
        has_body = has_body or kind == "body"
        has_byline = has_byline or kind == "byline"
    return starts


def _leads_to_byline(kinds: list[str], number: int) -> bool:
    position = number
    while position < len(kinds) and kinds[position] == "heading":
        position += 1
    if position - number > MAX_TITLE_PARAGRAPHS:
        return False
    lead = 0
    while position < len(kinds) and kinds[position] in ("body", "furniture"):
        lead += kinds[position] == "body"
        if lead > MAX_LEAD_PARAGRAPHS:
            return False
        position += 1
    return position < len(kinds) and kinds[position] == "byline"


def _article_title(text: str, paragraphs: list[Paragraph]) -> str:
    """Headline paragraphs at the article's start (furniture skipped), joined with a space.

    A lone column label of ``MAX_KICKER_CHARS`` or fewer (``书记访谈录``) is followed by the headline placed
    right after the article's first byline, as interviews print it (``紫荆路街道党工委书记韩润峰：…``).
    """
    kinds = [kind for _, _, kind in paragraphs]
    title: list[str] = []
    for start, end, kind in paragraphs:
        if kind == "furniture":
            continue
        if kind != "heading":
            break
        title.append(text[start:end])
    if len(title) == 1 and len("".join(_words(title[0]))) <= MAX_KICKER_CHARS and "byline" in kinds:
        after = kinds.index("byline")
        while after < len(kinds) and kinds[after] == "byline":
            after += 1
        if after < len(kinds) and kinds[after] == "heading":
            title.append(text[paragraphs[after][0] : paragraphs[after][1]])
    return " ".join(title)


def find_sub_units(text: str, lexicon: Iterable[str] | None = None) -> list[str]:
    """Sub-unit names in ``text``, in order of first appearance.

    With a ``lexicon``: its entries found in ``text``. Without: names ending in 街道 (街道办事处 is
    reported as 街道), 区委组织部, 市委市政府, 社区, 镇, 乡 or 村. The name before the suffix runs back to
    punctuation, to 市/区/县/省 (the city above it) or to a function character (在, 的, 和, 对, 各 …), at
    most 5 characters (3 before 区委组织部/市委市政府); when no such boundary is found it is taken to be
    two characters (``寄托着荥阳市委市政府`` gives 荥阳市委市政府). Adjacent units merge (汜水镇西邢村);
    a unit inside a longer one found is dropped.
    """
    if lexicon is not None:
        found = sorted(
            (text.find(entry), entry) for entry in dict.fromkeys(lexicon) if entry and entry in text
        )
        return [entry for _, entry in found]
    units: list[tuple[int, int]] = []
    for match in _SUB_UNIT_SUFFIX_RE.finditer(text):
        floor = units[-1][1] if units else 0
        name_start = _name_start(text, match.start(), floor, 3 if match.group().endswith(("部", "府")) else 5)
        if units and name_start == units[-1][1]:
            units[-1] = (units[-1][0], match.end())
        elif match.start() - name_start >= 2:
            units.append((name_start, match.end()))
    names = list(dict.fromkeys(text[a:b].replace("街道办事处", "街道") for a, b in units))
    return [name for name in names if not any(name != other and name in other for other in names)]


def _name_start(text: str, suffix_start: int, floor: int, longest: int) -> int:
    """Where the proper name before a sub-unit suffix starts (see ``find_sub_units``)."""
    start = suffix_start
    while start > floor and is_han(text[start - 1]) and text[start - 1] not in _NAME_BREAK:
        if suffix_start - start == longest:
            return suffix_start - 2
        start -= 1
    return start


def _article_sub_units(text: str, title: str, paragraphs: list[Paragraph], lexicon: list[str] | None) -> str:
    """Sub-units named in the title, else in the first body paragraphs, else (no lexicon) the title's place.

    The place is a 2–3 character name ending in 市/县/区 opening the title or a phrase of it (巩义市).
    Most frequent in the article first (ties: first mention), joined with ``"; "``.
    """
    body = [text[start:end] for start, end, kind in paragraphs if kind == "body"][:N_SUB_UNIT_PARAGRAPHS]
    units = find_sub_units(title, lexicon) or find_sub_units("\n".join(body), lexicon)
    if not units and lexicon is None:
        place = _PLACE_RE.search(title) or _PLACE_RE.search(body[0] if body else "")
        units = [place.group(1)] if place else []
    article_text = text[paragraphs[0][0] : paragraphs[-1][1]]
    ranked = sorted(units, key=lambda unit: (-article_text.count(unit), article_text.find(unit), unit))
    return "; ".join(ranked)


def split_articles(
    documents: pd.DataFrame,
    cleaned: Mapping[str, CleanText],
    sub_unit_lexicon: Iterable[str] | None = None,
) -> pd.DataFrame:
    """One row per article (``ARTICLE_COLUMNS``), documents in ``documents`` order.

    A document is one article unless a second headline leads to a second byline (``_article_starts``).
    ``title``: headline paragraphs at the start (``_article_title``), blank when there are none.
    ``byline``: the article's byline paragraphs as written, joined with a space. ``sub_units``: entries
    of ``sub_unit_lexicon`` or names found by ``find_sub_units`` (``_article_sub_units``). Article spans
    run from their first to their last paragraph and together cover every paragraph of the document.
    """
    lexicon = list(sub_unit_lexicon) if sub_unit_lexicon is not None else None
    rows: list[tuple] = []
    for doc_id in documents["doc_id"]:
        rows += _document_articles(str(doc_id), cleaned[str(doc_id)], lexicon)
    return pd.DataFrame(rows, columns=ARTICLE_COLUMNS)


def _document_articles(doc_id: str, clean: CleanText, lexicon: list[str] | None) -> list[tuple]:
    paragraphs = paragraph_spans(clean.text)
    starts = _article_starts([kind for _, _, kind in paragraphs]) if paragraphs else []
    rows = []
    for article_no, (first, stop) in enumerate(zip(starts, [*starts[1:], len(paragraphs)], strict=True), 1):
        own = paragraphs[first:stop]
        title = _article_title(clean.text, own)
        byline = " ".join(clean.text[a:b] for a, b, kind in own if kind == "byline")
        sub_units = _article_sub_units(clean.text, title, own, lexicon)
        clean_start, clean_end = own[0][0], own[-1][1]
        start, end = clean.raw_span(clean_start, clean_end)
        article_id = f"{doc_id}-{article_no}"
        rows.append(
            (doc_id, article_id, article_no, title, byline, sub_units, start, end, clean_start, clean_end)
        )
    return rows


def split_sentences(
    documents: pd.DataFrame, cleaned: Mapping[str, CleanText], articles: pd.DataFrame
) -> pd.DataFrame:
    """One row per sentence or other unit (``SENTENCE_COLUMNS``), in text order; nothing is dropped.

    Running text is split after runs of 。！？；… (closing quotes and brackets stay with their sentence).
    Every other paragraph is one unit with its ``part``: ``heading`` (a heading-like line followed by
    running text in its article, or a pair of 4–8 character phrases like ``坚持党建引领 筑牢发展基础``),
    ``caption`` (other heading-like lines, and lines starting 图为 or ending 摄/供图), ``byline`` or
    ``furniture``.
    """
    by_doc = {doc_id: group for doc_id, group in articles.groupby("doc_id", sort=False)}
    rows: list[tuple] = []
    for doc_id in documents["doc_id"]:
        if doc_id not in by_doc:
            continue
        clean = cleaned[str(doc_id)]
        paragraphs = paragraph_spans(clean.text)
        starts = [start for start, _, _ in paragraphs]
        for article in by_doc[doc_id].itertuples(index=False):
            first = bisect.bisect_left(starts, article.clean_start)
            stop = bisect.bisect_left(starts, article.clean_end)
            rows += _article_sentences(str(doc_id), article.article_id, clean, paragraphs[first:stop])
    return pd.DataFrame(rows, columns=SENTENCE_COLUMNS)


def _article_sentences(doc_id: str, article_id: str, clean: CleanText, paragraphs: list[Paragraph]) -> list:
    body_after = [False] * len(paragraphs)
    seen_body = False
    for number in range(len(paragraphs) - 1, -1, -1):
        body_after[number] = seen_body
        seen_body = seen_body or paragraphs[number][2] == "body"
    units: list[tuple[str, int, int]] = []
    for number, (start, end, kind) in enumerate(paragraphs):
        if kind == "body":
            units += [("body", a, b) for a, b in split_running_text(clean.text, start, end)]
        elif kind == "heading":
            units.append((_heading_part(clean.text[start:end], body_after[number]), start, end))
        else:
            units.append((kind, start, end))
    rows = []
    for sentence_no, (part, start, end) in enumerate(units, start=1):
        raw_start, raw_end = clean.raw_span(start, end)
        sentence_id = f"{article_id}-{sentence_no}"
        text = clean.text[start:end]
        rows.append(
            (doc_id, article_id, sentence_id, sentence_no, part, text, start, end, raw_start, raw_end)
        )
    return rows


def _heading_part(text: str, before_body: bool) -> str:
    """``heading`` or ``caption`` for a heading-like paragraph (see ``split_sentences``)."""
    if text.startswith("图为") or text.endswith(("摄", "供图")):
        return "caption"
    words = text.split()
    paired = len(words) == 2 and all(
        4 <= len(word) <= 8 and all(is_han(char) or char in "“”" for char in word) for word in words
    )
    return "heading" if before_body or paired else "caption"


def split_running_text(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans of ``text[start:end]``: after 。！？；… runs plus closing quotes/brackets; stripped."""
    end = len(text) if end is None else end
    spans = []
    sentence_start = start
    pos = start
    while pos < end:
        if text[pos] in _TERMINATORS:
            while pos < end and text[pos] in _TERMINATORS:
                pos += 1
            while pos < end and text[pos] in _CLOSERS:
                pos += 1
            spans.append((sentence_start, pos))
            sentence_start = pos
        else:
            pos += 1
    spans.append((sentence_start, end))
    stripped = (_strip_text_span(text, a, b) for a, b in spans)
    return [(a, b) for a, b in stripped if a < b]


def _strip_text_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# --- summaries for the book and the CLI ------------------------------------------------------------


def article_summary(documents: pd.DataFrame, articles: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """One row per article: place, sub-units, title, and its body sentences and clean characters."""
    body = sentences[sentences["part"] == "body"]
    sizes = (
        body.assign(n_chars=body["text"].str.len())
        .groupby("article_id", sort=True)
        .agg(n_sentences=("sentence_id", "size"), n_chars=("n_chars", "sum"))
    )
    table = articles.merge(documents[["doc_id", "locality", "place_zh", "admin_level"]], on="doc_id")
    table = table.merge(sizes, left_on="article_id", right_index=True, how="left")
    table[["n_sentences", "n_chars"]] = table[["n_sentences", "n_chars"]].fillna(0).astype(int)
    table["label"] = (
        table["article_id"].str[:3] + "-" + table["article_no"].astype(str) + " " + table["sub_units"]
    )
    columns = ["article_id", "locality", "place_zh", "admin_level", "sub_units", "title", "label"]
    return table[[*columns, "n_sentences", "n_chars"]].sort_values("article_id").reset_index(drop=True)


def corpus_summary(article_table: pd.DataFrame, by: str = "locality") -> pd.DataFrame:
    """Documents, articles, body sentences and characters per ``by`` group, and its share of characters."""
    table = article_table.assign(doc_id=article_table["article_id"].str.rsplit("-", n=1).str[0])
    summary = table.groupby(by, sort=True).agg(
        n_documents=("doc_id", "nunique"),
        n_articles=("article_id", "size"),
        n_sentences=("n_sentences", "sum"),
        n_chars=("n_chars", "sum"),
    )
    summary["share_of_chars"] = (summary["n_chars"] / summary["n_chars"].sum()).round(3)
    return summary.reset_index()


def cleaning_examples(cleaned: Mapping[str, CleanText], width: int = 40) -> pd.DataFrame:
    """For each document, the stretch where cleaning changed most: raw vs clean, with raw offsets."""
    rows = []
    for doc_id in sorted(cleaned):
        ct = cleaned[doc_id]
        n = len(ct.text)
        edits = [0] * n
        for i in range(1, n):
            gap = ct.raw_index[i] - ct.raw_index[i - 1] - 1
            edits[i] = gap + (ct.raw[ct.raw_index[i]] != ct.text[i])
        window = [sum(edits[i : i + width]) for i in range(max(1, n - width + 1))]
        lo = window.index(max(window))
        hi = min(n, lo + width)
        start, end = ct.raw_span(lo, hi)
        rows.append(
            {"doc_id": doc_id, "start": start, "end": end, "raw": ct.raw[start:end], "clean": ct.text[lo:hi]}
        )
    return pd.DataFrame(rows)


def date_coverage(documents: pd.DataFrame) -> dict[str, int]:
    """How many documents state a full date, only a partial one, none; and how many name their outlet."""

    def filled(column: str) -> pd.Series:
        if column not in documents:
            return pd.Series(False, index=documents.index)
        return documents[column].fillna("").astype(str).str.strip() != ""

    full = filled("date")
    partial = filled("date_as_stated") & ~full
    return {
        "n_full_date": int(full.sum()),
        "n_partial_date": int(partial.sum()),
        "n_no_date": int((~full & ~partial).sum()),
        "n_outlet_stated": int(filled("outlet_as_stated").sum()),
    }
