"""Book-only summaries of the corpus step: articles per place, corpus size, cleaning examples, dates.

Small tables the book shows about the corpus (``article_summary``, ``corpus_summary``,
``cleaning_examples``, ``date_coverage``); the pipeline and the command line do not use them. Each takes
the tables of :mod:`govtext.corpus` (documents, ``CleanText`` per document, articles, sentences).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:  # a type only: govtext.corpus re-exports these summaries, so no import at run time
    from govtext.corpus.clean import CleanText


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
