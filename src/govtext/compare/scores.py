"""Counting dimension terms: every occurrence (:func:`find_dimension_terms`), hits per sentence
(:func:`count_dimension_terms`), per document (:func:`document_dimension_scores`, the table ``govtext
run`` writes; body sentences only, ``SCORED_PARTS``) and per group and term (:func:`term_counts`, to see
which terms drive a rate). Rates are hits per 10,000 clean characters.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

import pandas as pd

from govtext.common import RATE_SCALE
from govtext.compare._shared import _require, _select_parts
from govtext.compare.dimensions import (
    DimensionsLike,
    _dimension_matches,
    _format_counts,
    _ordered_counts,
    _term_map,
    format_terms,
)

DOCUMENT_SCORE_COLUMNS = ["doc_id", "dimension", "n_sentences", "n_chars", "hits", "rate", "terms"]
DEFAULT_PARTS: tuple[str, ...] = ("body",)
SCORED_PARTS = DEFAULT_PARTS
"""Dimension scores count terms in body sentences only."""


def find_dimension_terms(
    sentences: pd.DataFrame, dimensions: DimensionsLike, parts: Sequence[str] | None = None
) -> pd.DataFrame:
    """Every counted term occurrence: one row per match, for retrieving coded segments in context.

    Columns: doc_id, article_id, sentence_id, dimension, term, offset (into the sentence text),
    clean_start, clean_end (into the document's clean text; needs the sentences' ``clean_start``).
    """
    _require(sentences, ["doc_id", "article_id", "sentence_id", "text", "clean_start"], "sentences")
    term_map = _term_map(dimensions)
    selected = _select_parts(sentences, parts)
    keys = selected[["doc_id", "article_id", "sentence_id", "clean_start"]].itertuples(index=False, name=None)
    texts = selected["text"].tolist()
    rows = []
    for (doc_id, article_id, sentence_id, clean_start), matches in zip(
        keys, _dimension_matches(texts, term_map), strict=True
    ):
        for dim, found in zip(term_map, matches, strict=True):
            for start, end, term in found:
                base = int(clean_start)
                rows.append((doc_id, article_id, sentence_id, dim, term, start, base + start, base + end))
    columns = [
        "doc_id",
        "article_id",
        "sentence_id",
        "dimension",
        "term",
        "offset",
        "clean_start",
        "clean_end",
    ]
    return pd.DataFrame(rows, columns=columns)


def count_dimension_terms(
    sentences: pd.DataFrame, dimensions: DimensionsLike, parts: Sequence[str] | None = None
) -> pd.DataFrame:
    """One row per sentence x dimension: hits, the sentence's clean length and the terms found.

    Columns: doc_id, article_id, sentence_id, [part], [locality], dimension, hits, n_chars, terms
    (``term×k; term`` string). Sentences keep their input order, dimensions their codebook order.
    """
    _require(sentences, ["doc_id", "article_id", "sentence_id", "text"], "sentences")
    term_map = _term_map(dimensions)
    carry = [c for c in ("doc_id", "article_id", "sentence_id", "part", "locality") if c in sentences.columns]
    selected = _select_parts(sentences, parts)
    texts = selected["text"].tolist()
    rows = []
    for base, text, matches in zip(
        selected[carry].itertuples(index=False, name=None),
        texts,
        _dimension_matches(texts, term_map),
        strict=True,
    ):
        for dim, found in zip(term_map, matches, strict=True):
            rows.append((*base, dim, len(found), len(text), format_terms(term for _, _, term in found)))
    return pd.DataFrame(rows, columns=[*carry, "dimension", "hits", "n_chars", "terms"])


def document_dimension_scores(
    sentences: pd.DataFrame,
    dimensions: DimensionsLike,
    doc_ids: Sequence[str] | None = None,
    parts: Sequence[str] | None = DEFAULT_PARTS,
) -> pd.DataFrame:
    """One row per document x dimension, the sum of ``count_dimension_terms`` over a document's sentences.

    Documents in the order of ``doc_ids`` (default: of the sentences; a document without sentences gets
    zeros), dimensions in codebook order. Columns: doc_id, dimension, n_sentences, n_chars (clean
    characters), hits, rate (hits per 10,000 characters; NaN without text), terms (``term×k; term``:
    most frequent first, ties by first listing, as ``merge_term_lists`` of the sentences' lists).
    """
    _require(sentences, ["doc_id", "text"], "sentences")
    term_map = _term_map(dimensions)
    selected = _select_parts(sentences, parts)
    texts = selected["text"].tolist()
    totals: dict[str, list[Any]] = {}
    for doc_id, text, matches in zip(
        selected["doc_id"].astype(str).tolist(), texts, _dimension_matches(texts, term_map), strict=True
    ):
        total = totals.get(doc_id)
        if total is None:
            total = totals[doc_id] = [0, 0, [Counter() for _ in term_map]]
        total[0] += 1
        total[1] += len(text)
        for found, counts in zip(matches, total[2], strict=True):
            if found:
                counts.update(dict(_ordered_counts(term for _, _, term in found)))
    if doc_ids is None:
        doc_ids = list(dict.fromkeys(sentences["doc_id"].astype(str)))
    rows = []
    for doc_id in doc_ids:
        n_sentences, n_chars, counters = totals.get(str(doc_id), (0, 0, [Counter() for _ in term_map]))
        for dim, counts in zip(term_map, counters, strict=True):
            hits = sum(counts.values())
            rate = hits / n_chars * RATE_SCALE if n_chars else float("nan")
            terms = _format_counts(_ordered_counts(counts.elements()))
            rows.append((str(doc_id), dim, n_sentences, n_chars, hits, rate, terms))
    table = pd.DataFrame(rows, columns=DOCUMENT_SCORE_COLUMNS)
    return table.astype({"n_sentences": "int64", "n_chars": "int64", "hits": "int64", "rate": "float64"})


def term_counts(
    sentences: pd.DataFrame,
    dimensions: DimensionsLike,
    by: str = "locality",
    parts: Sequence[str] | None = DEFAULT_PARTS,
) -> pd.DataFrame:
    """Hits per group x dimension x term (only terms that occur), to see which terms drive a rate.

    Sorted by group, dimension (codebook order), hits descending, term.
    """
    _require(sentences, [by], "sentences")
    term_map = _term_map(dimensions)
    dim_order = {d: i for i, d in enumerate(term_map)}
    counts: Counter[tuple[str, str, str]] = Counter()
    selected = _select_parts(sentences, parts)
    texts = selected["text"].tolist()
    for group, matches in zip(selected[by].tolist(), _dimension_matches(texts, term_map), strict=True):
        for dim, found in zip(term_map, matches, strict=True):
            for _, _, term in found:
                counts[(group, dim, term)] += 1
    rows = sorted(
        ((g, d, t, n) for (g, d, t), n in counts.items()),
        key=lambda r: (str(r[0]), dim_order[r[1]], -r[3], r[2]),
    )
    return pd.DataFrame(rows, columns=[by, "dimension", "term", "hits"])
