"""Fixtures of the compare tests: the seed corpus with each sentence's locality."""

from __future__ import annotations

import pandas as pd
import pytest

from govtext import compare


@pytest.fixture(scope="session")
def seed_tables(seed_corpus) -> tuple[pd.DataFrame, dict, pd.DataFrame]:
    """documents, cleaned texts and located sentences of the seeds (from the session's ``seed_corpus``)."""
    documents, cleaned, _articles, sentences = seed_corpus
    return documents, cleaned, compare.attach_locality(sentences, documents)
