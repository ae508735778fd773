"""Cleaning: the analysis text of a raw document, with a map back to raw offsets (``CleanText``).

``clean_text`` turns a raw document into paragraphs separated by a single ``"\\n"``; cleaning only
deletes characters or replaces one character by one character, so ``CleanText.raw_index`` maps every
clean character back to its raw character. ``classify_paragraph`` gives the kind of a paragraph
(``body``, ``heading``, ``byline``, ``furniture``). The heuristics are generic; none is keyed to a document:

* Paragraphs. A line ends at LF, CRLF or a lone CR (old Mac exports): every convention gives the same
  paragraphs. In a document that uses blank lines, blank lines separate paragraphs and a single line
  break is a hard wrap (deleted); byline and furniture lines stay separate. Otherwise each line is a
  paragraph. Running text that does not end a sentence is joined to the next paragraph when that one
  starts with a CJK character or an opening quote/bracket and is running text too (column breaks leave
  blank lines mid-sentence: ``开`` / ``展特色志愿服务``); after a final colon it is joined even to a
  heading-like line (``巩义市杜甫路街道：`` / ``推进重点工作谋发展``). The lines after an e-paper page
  header (``第05版：要闻 上一版 下一版``, ``page_header`` in furniture.yml) up to the next blank line or
  furniture line are the page's headlines and stay one per line.
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
  quotes become “ and ” alternately within a paragraph that contains CJK, straight single quotes ‘ and ’
  alternately where the nearest letter is CJK (an apostrophe in ``it's`` stays). A traditional character
  that simplified writing never uses becomes its simplified form (``traditional_characters.txt``,
  :mod:`govtext.corpus.chinese_script`: 個 → 个, 萬 → 万), so a page in traditional characters is coded like
  any other; the layout heuristics read the raw characters.

Paragraph kinds (``classify_paragraph``) are the same for a raw paragraph and its clean form, and a split
is only made at a space that cleaning would otherwise delete, so a second pass rarely changes anything;
``clean_text`` repeats the pass until the text is stable, which makes it idempotent.

Known limits: a line that looks like a heading (short, unpunctuated) but is a paragraph cut mid-word is
kept apart (``在改进城市精细化管理工`` / ``作中，…``); a truncated paragraph is joined to the next one
(``…并通报会格案`` + ``抓制度落实，…``); a sentence whose full stop was lost runs on
(``…受到群众点赞桐柏路…``).
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass

import pandas as pd

from govtext.corpus.chinese_script import to_simplified
from govtext.corpus.furniture import is_furniture_line, is_menu_line, is_page_code, is_page_header

FULLWIDTH = {
    ",": "，",
    ";": "；",
    ":": "：",
    "(": "（",
    ")": "）",
    "?": "？",
    "!": "！",
    '"': "“”",
    "'": "‘’",
}
"""ASCII punctuation and the full-width character(s) cleaning may put in its place."""

MAX_HEADING_CHARS = 60  # a heading has at most this many non-space characters
MAX_RUN_IN_HEADING_CHARS = 14  # each phrase of a run-in heading (``打牢基层基础 …``)
MIN_PROSE_CHARS = 10  # the prose after a run-in heading opens with at least this many characters
MAX_CAPTION_CHARS = 12  # a caption split off the end of a paragraph
MAX_CLEAN_PASSES = 4  # cleaning is repeated until the text is stable, at most this often

_SENTENCE_END = frozenset("。！？…")  # a space after these starts a new paragraph
_SENTENCE_PUNCT = frozenset("。！？；…!?;")  # none of these in a heading
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
_LINE_BREAK_RE = re.compile(r"\r\n?|\n")  # LF, CRLF and CR (old Mac exports) all end a line
_HAN_RE = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]")
_CONVERTIBLE_RE = re.compile(r"[,;:()?!\"']")
_CONTEXT_SKIP_RE = re.compile(r"[\s,;:()?!\"'，；：（）？！“”‘’0-9０-９%.+\-~]+")

_ROLE = r"(?:责任编辑|编辑|美编|校对|记者|通讯员|摄影|摄|撰稿|作者|实习生)"
_BYLINE_START_RE = re.compile(
    rf"^(?:本报讯|(?:本报|本台|特约|见习|实习)?{_ROLE}|[\u4e00-\u9fff]{{1,6}}(?:记者|通讯员)"
    rf"|{_ROLE}[:：][\u4e00-\u9fff·]{{0,4}}(?:[A-Z]{{1,2}}\d{{1,3}}(?:-\d{{1,3}})?)?|文/图|图/文)$"
)
_BYLINE_TOKEN_RE = re.compile(r"^(?:[\u4e00-\u9fff·]{2,4}|文/图|图/文|文图|图文|文|图|摄)$")
_DATE_RE = re.compile(
    r"^\d{4}\s*[年./-]\s*\d{1,2}\s*[月./-]\s*\d{1,2}\s*日?(?:\s*(?:星期|周)[一二三四五六日天])?$"
)
_FOOTER_RE = re.compile(r"版权声明|版权所有|copyright|©|all rights reserved", re.IGNORECASE)


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
        if not _has_line_break(run.group()):
            tokens.append((token_start, run.start()))
            token_start = run.end()
    tokens.append((token_start, end))
    return tokens


def _has_line_break(text: str) -> bool:
    return "\n" in text or "\r" in text


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

    Furniture: rules of separator characters, a date line, a page code, a short copyright footer, a
    line of page furniture by the patterns of ``furniture.yml`` (navigation, counters, timestamps, record
    and phone numbers, a run of link texts: :func:`govtext.corpus.furniture.is_furniture_line`) or,
    when it is not a byline, a menu of many short link words (``is_menu_line``: 首页 要闻 政情 …).
    The same answer for a raw paragraph and for its cleaned form (spaces and punctuation width ignored).
    """
    words = _words(text)
    compact = "".join(words)
    if not compact:
        return "furniture"
    if (
        all(char in _RULE_CHARS for char in compact)
        or _DATE_RE.match(" ".join(words))
        or is_page_code(compact)
        or (len(compact) <= 100 and _FOOTER_RE.search(compact))
        or is_furniture_line(" ".join(words))
    ):
        return "furniture"
    if len(compact) <= 80 and _is_byline_text(words):
        return "byline"
    if is_menu_line(words):
        return "furniture"
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
    """The stripped span of every line; a line ends at LF, CRLF or CR, so every convention gives the
    same lines (the offsets stay those of ``raw``)."""
    spans = []
    start = 0
    for match in _LINE_BREAK_RE.finditer(raw):
        spans.append(_strip_span(raw, start, match.start()))
        start = match.end()
    spans.append(_strip_span(raw, start, len(raw)))
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
    listing = False  # after an e-paper page header: the page's headlines, one per line
    for (start, end), has_text in zip(lines, filled, strict=True):
        if not has_text or not blank_separated:
            block += 1
            current = None
            listing = listing and blank_separated and has_text
            if not has_text:
                continue
        special = _span_kind(raw, start, end) in ("byline", "furniture")
        header = is_page_header(raw[start:end])
        if current is None or special or listing or header:
            current = _Piece(start, end, block)
            pieces.append(current)
            if special or header:
                current = None
        else:
            current.end = end
        if header:
            listing = True
        elif special:
            listing = listing and is_page_code(raw[start:end])
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
    """A phrase of a run-in heading: short, with CJK, unpunctuated, no bracket left open (a bracketed
    byline ``本报讯（记者 张三）…`` is not a heading)."""
    return (
        2 <= len(word) <= MAX_RUN_IN_HEADING_CHARS
        and any(is_han(char) for char in word)
        and not any(char in _HEADING_TOKEN_PUNCT for char in word)
        and word.count("（") + word.count("(") <= word.count("）") + word.count(")")
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
    if newline < 0:
        newline = raw.find("\r", previous_end, next_start)
    if newline >= 0:
        return newline
    for position in range(previous_end, next_start):
        if is_layout_space(raw[position]):
            return position
    raise AssertionError(f"no whitespace between paragraphs at raw offset {previous_end}")


def _normalise_piece(raw: str, piece: _Piece, chars: list[str], index: list[int]) -> None:
    """Append the clean text of one paragraph (in pieces) and its raw offsets to ``chars``/``index``."""
    kind = _span_kind(raw, piece.start, piece.end)
    converted = to_simplified(_convert_punctuation(raw, piece.start, piece.end))
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
    quote_open = single_open = True
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
            elif char == "'":
                if chinese:  # an apostrophe between Latin letters (it's) stays
                    out[i] = "‘" if single_open else "’"
                    single_open = not single_open
            elif char in FULLWIDTH and chinese:
                between_digits = 0 < i < len(text) - 1 and text[i - 1] in _DIGITS and text[i + 1] in _DIGITS
                if not (char in ",:" and between_digits):
                    out[i] = FULLWIDTH[char]
    return "".join(out)
