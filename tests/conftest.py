"""Shared fixtures: the seed corpus, loaded and split once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from govtext.corpus import clean_documents, load_corpus, split_articles, split_sentences

RAW_DIR = Path(__file__).resolve().parents[1] / "data" / "raw"


@pytest.fixture(scope="session")
def seed_corpus():
    """``(documents, cleaned, articles, sentences)`` for ``data/raw``."""
    documents = load_corpus(RAW_DIR)
    cleaned = clean_documents(documents)
    articles = split_articles(documents, cleaned)
    sentences = split_sentences(documents, cleaned, articles)
    return documents, cleaned, articles, sentences
