"""Keyword in context: every occurrence of a term as a substring of the sentences' clean text
(:func:`kwic`) or as a token (:func:`token_kwic`), with context from its sentence and offsets into the
clean text or, given the documents' ``CleanText``, into the raw text for citing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from govtext.compare._shared import Row, _require, _select_parts

KWIC_COLUMNS = ["doc_id", "article_id", "sentence_id", "left", "term", "right", "start", "end"]


def kwic(
    sentences: pd.DataFrame,
    term: str,
    width: int = 20,
    cleaned: Mapping[str, Any] | None = None,
    parts: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Every occurrence of ``term`` in the sentences' clean text, with ``width`` characters each side.

    Context stays within the sentence. ``start``/``end`` are RAW offsets into the document when
    ``cleaned`` (doc_id -> govtext.corpus.CleanText) is given, so that ``raw[start:end]`` is the
    passage as printed (it may hold a line break); otherwise they are CLEAN offsets into the
    document's clean text (sentence clean_start + position). Occurrences do not overlap.
    """
    if not term:
        raise ValueError("kwic: empty term")
    _require(sentences, ["doc_id", "article_id", "sentence_id", "text", "clean_start"], "sentences")
    rows = []
    sent: Row
    for sent in _select_parts(sentences, parts).itertuples(index=False):
        text = sent.text
        pos = text.find(term)
        while pos >= 0:
            end = pos + len(term)
            clean_start = int(sent.clean_start) + pos
            clean_end = int(sent.clean_start) + end
            if cleaned is not None:
                if sent.doc_id not in cleaned:
                    raise ValueError(f"kwic: cleaned has no document {sent.doc_id!r}")
                start_out, end_out = cleaned[sent.doc_id].raw_span(clean_start, clean_end)
            else:
                start_out, end_out = clean_start, clean_end
            rows.append(
                (
                    sent.doc_id,
                    sent.article_id,
                    sent.sentence_id,
                    text[max(0, pos - width) : pos],
                    term,
                    text[end : end + width],
                    int(start_out),
                    int(end_out),
                )
            )
            pos = text.find(term, end)
    return pd.DataFrame(rows, columns=KWIC_COLUMNS)


def token_kwic(
    tokens: pd.DataFrame,
    sentences: pd.DataFrame,
    term: str,
    width: int = 20,
    cleaned: Mapping[str, Any] | None = None,
) -> pd.DataFrame:
    """Keyword in context for a *token*: every token equal to ``term`` (as the vocabulary statistics
    count it), with ``width`` characters of its sentence each side.

    Unlike :func:`kwic`, which finds substrings, 要 here does not match inside 重要 or 要求. ``tokens``
    need doc_id, sentence_id, token, clean_start, clean_end (offsets into the document's clean text, as
    govtext.segment.tokenize gives them). ``start``/``end`` are raw offsets when ``cleaned`` is given,
    clean offsets otherwise. Columns ``KWIC_COLUMNS``, in token order.
    """
    if not term:
        raise ValueError("token_kwic: empty term")
    _require(tokens, ["doc_id", "sentence_id", "token", "clean_start", "clean_end"], "tokens")
    _require(sentences, ["doc_id", "article_id", "sentence_id", "text", "clean_start"], "sentences")
    records = sentences[["sentence_id", "article_id", "text", "clean_start"]].itertuples(
        index=False, name=None
    )
    lookup = {sentence_id: (article_id, text, int(start)) for sentence_id, article_id, text, start in records}
    rows = []
    tok: Row
    for tok in tokens[tokens["token"] == term].itertuples(index=False):
        if tok.sentence_id not in lookup:
            raise ValueError(f"token_kwic: sentence {tok.sentence_id!r} of a token is not in sentences")
        article_id, text, base = lookup[tok.sentence_id]
        pos, end = int(tok.clean_start) - base, int(tok.clean_end) - base
        start_out, end_out = int(tok.clean_start), int(tok.clean_end)
        if cleaned is not None:
            start_out, end_out = cleaned[tok.doc_id].raw_span(start_out, end_out)
        rows.append(
            (
                tok.doc_id,
                article_id,
                tok.sentence_id,
                text[max(0, pos - width) : pos],
                text[pos:end],
                text[end : end + width],
                int(start_out),
                int(end_out),
            )
        )
    return pd.DataFrame(rows, columns=KWIC_COLUMNS)
