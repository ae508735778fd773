"""Articles and sentences: split a clean text into articles, and articles into sentences and other units.

``paragraph_spans`` lists the paragraphs of a clean text with their kinds; ``split_articles`` groups them
into articles (a document is one article unless a second headline leads to a second byline), with a
title, byline and sub-units (``find_sub_units``); ``split_sentences`` cuts running text into sentences
(``split_running_text``) and keeps every other paragraph as one unit with its ``part`` (heading, caption,
byline, furniture). Every unit has clean offsets and raw offsets (through ``CleanText.raw_span``).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping

import pandas as pd

from govtext.corpus.clean import _CLOSERS, MAX_HEADING_CHARS, CleanText, _words, classify_paragraph, is_han
from govtext.corpus.furniture import (
    default_furniture,
    ends_with_date,
    is_list_marker,
    is_page_code,
    is_page_header,
    opens_list,
)
from govtext.corpus.load import ARTICLE_COLUMNS, SENTENCE_COLUMNS

MAX_TITLE_PARAGRAPHS = 2  # headline lines before a byline that open a new article
MAX_LEAD_PARAGRAPHS = 3  # paragraphs of lead text allowed between a new headline and its byline
MAX_KICKER_CHARS = 6  # a headline this short is a column label (``书记访谈录``); the real one follows
N_SUB_UNIT_PARAGRAPHS = 2  # body paragraphs searched for sub-units (after the title)

_TERMINATORS = frozenset("。！？；…")  # sentences end here
_ASCII_TERMINATORS = frozenset("!?;")  # end a sentence too, unless a letter or digit follows (a URL's ?)
_SUB_UNIT_SUFFIX_RE = re.compile("街道办事处|街道|区委组织部|市委市政府|社区|镇|乡|村")
_NAME_BREAK = frozenset("在的和与及对是为把将由从向了到于等各该本全个每市区县省")
_PLACE_RE = re.compile(r"(?:^|(?<=[\s，。：、—]))([\u4e00-\u9fff]{2,3}?[市县区])")


Paragraph = tuple[int, int, str]
"""``(clean_start, clean_end, kind)`` of one paragraph of a clean text."""

_ArticleRow = tuple[str, str, int, str, str, str, int, int, int, int]  # ARTICLE_COLUMNS
_SentenceRow = tuple[str, str, str, int, str, str, int, int, int, int]  # SENTENCE_COLUMNS


def paragraph_spans(text: str) -> list[Paragraph]:
    """Every paragraph (line) of a clean text with its kind (see ``classify_paragraph``).

    Lists of other articles are furniture (``_mark_listed_headlines``): the heading-like lines after a
    list marker (相关新闻, 推荐阅读), the heading-like lines after an e-paper page header that a furniture
    line ends (the page's headlines: ``page_header`` in furniture.yml), and runs of heading-like lines
    that each end with a date.
    """
    spans = []
    start = 0
    for line in text.split("\n"):
        if line.strip():
            spans.append((start, start + len(line), classify_paragraph(line)))
        start += len(line) + 1
    return _mark_listed_headlines(text, spans)


def _mark_listed_headlines(text: str, spans: list[Paragraph]) -> list[Paragraph]:
    """``spans`` with the headlines of lists of other articles made furniture (see ``paragraph_spans``)."""
    lines = [text[start:end] for start, end, _ in spans]
    kinds = [kind for _, _, kind in spans]
    _mark_after_markers(lines, kinds)
    _mark_page_headlines(lines, kinds)
    _mark_dated_runs(lines, kinds)
    return [(start, end, kind) for (start, end, _), kind in zip(spans, kinds, strict=True)]


def _mark_after_markers(lines: list[str], kinds: list[str]) -> None:
    """The heading-like lines after a list marker (相关新闻) up to running text become furniture; so do
    those after a list opener (a copyright notice, a prompt to follow an account) once the article's
    running text has begun: at the top of a page such a prompt can stand right before the title."""
    in_list = after_body = False
    for number, (line, kind) in enumerate(zip(lines, list(kinds), strict=True)):
        if kind == "furniture" and (is_list_marker(line) or (after_body and opens_list(line))):
            in_list = True
        elif in_list and (kind == "heading" or (kind == "body" and _exclaimed_headline(line))):
            kinds[number] = "furniture"
        elif kind != "furniture":
            in_list = False
        after_body = after_body or kind == "body"


def _mark_page_headlines(lines: list[str], kinds: list[str]) -> None:
    """An e-paper page header, the page codes and navigation lines after it and the headlines after those
    become furniture when a furniture line ends the headlines (lines without CJK between them, codes or ads
    like wx25220, too)."""
    number = 0
    while number < len(lines):
        stop = number + 1
        if kinds[number] != "body" and is_page_header(lines[number]):
            while stop < len(lines) and (is_page_code(lines[stop]) or kinds[stop] == "furniture"):
                stop += 1  # page codes and navigation (3上一版 下一版4) between the header and the headlines
            first = stop
            while stop < len(lines) and (kinds[stop] == "heading" or not any(map(is_han, lines[stop]))):
                stop += 1
            if first < stop < len(lines) and kinds[stop] == "furniture":
                kinds[number] = "furniture"
                kinds[first:stop] = ["furniture"] * (stop - first)
        number = stop


def _mark_dated_runs(lines: list[str], kinds: list[str]) -> None:
    """Runs of at least ``dated_list_min_lines`` heading-like lines that each end with a date become
    furniture."""
    min_lines = default_furniture().dated_list_min_lines
    number = 0
    while number < len(lines):
        stop = number
        while stop < len(lines) and kinds[stop] == "heading" and ends_with_date(lines[stop]):
            stop += 1
        if min_lines and stop - number >= min_lines:
            kinds[number:stop] = ["furniture"] * (stop - number)
        number = max(stop, number + 1)


_RUNNING_TEXT_MARKS = frozenset("，。；：,;:")


def _exclaimed_headline(line: str) -> bool:
    """A headline that ends a clause with ！ or ？ (别再乱停车了!交警已在这个路段治理了…): short, and without
    the commas, colons, semicolons and full stops of running text."""
    compact = "".join(line.split())
    return 0 < len(compact) <= MAX_HEADING_CHARS and _RUNNING_TEXT_MARKS.isdisjoint(compact)


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
    rows: list[_ArticleRow] = []
    for doc_id in documents["doc_id"]:
        rows += _document_articles(str(doc_id), cleaned[str(doc_id)], lexicon)
    return pd.DataFrame(rows, columns=ARTICLE_COLUMNS)


def _document_articles(doc_id: str, clean: CleanText, lexicon: list[str] | None) -> list[_ArticleRow]:
    paragraphs = paragraph_spans(clean.text)
    starts = _article_starts([kind for _, _, kind in paragraphs]) if paragraphs else []
    rows: list[_ArticleRow] = []
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
    rows: list[_SentenceRow] = []
    for doc_id in documents["doc_id"]:
        if doc_id not in by_doc:
            continue
        clean = cleaned[str(doc_id)]
        paragraphs = paragraph_spans(clean.text)
        starts = [start for start, _, _ in paragraphs]
        group = by_doc[doc_id]
        columns = (group["article_id"].tolist(), group["clean_start"].tolist(), group["clean_end"].tolist())
        spans = zip(*columns, strict=True)
        for article_id, clean_start, clean_end in spans:
            first = bisect.bisect_left(starts, int(clean_start))
            stop = bisect.bisect_left(starts, int(clean_end))
            rows += _article_sentences(str(doc_id), str(article_id), clean, paragraphs[first:stop])
    return pd.DataFrame(rows, columns=SENTENCE_COLUMNS)


def _article_sentences(
    doc_id: str, article_id: str, clean: CleanText, paragraphs: list[Paragraph]
) -> list[_SentenceRow]:
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
    rows: list[_SentenceRow] = []
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
    """Sentence spans of ``text[start:end]``: after 。！？；… runs plus closing quotes/brackets; stripped.

    ASCII ``! ? ;`` end a sentence like their full-width forms (cleaning leaves them ASCII next to Latin
    text), unless a letter or digit follows directly (``?`` in a web address).
    """
    end = len(text) if end is None else end
    spans = []
    sentence_start = start
    pos = start
    while pos < end:
        if _ends_here(text, pos, end):
            while pos < end and _ends_here(text, pos, end):
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


def _ends_here(text: str, pos: int, end: int) -> bool:
    char = text[pos]
    if char in _TERMINATORS:
        return True
    return char in _ASCII_TERMINATORS and not (
        pos + 1 < end and text[pos + 1].isascii() and text[pos + 1].isalnum()
    )


def _strip_text_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
