"""Fixtures of the programme tests: the project codebook, and its mentions and candidates in the seeds."""

from __future__ import annotations

import pandas as pd
import pytest

from govtext import programmes
from govtext.evaluate import programmes as evaluate
from programmes.helpers import CODEBOOK, GOLD


@pytest.fixture(scope="module")
def seeds(seed_corpus):
    """``(documents, cleaned, sentences)`` of the seed corpus."""
    documents, cleaned, _articles, sentences = seed_corpus
    return documents, cleaned, sentences


@pytest.fixture(scope="module")
def codebook() -> pd.DataFrame:
    return programmes.load_codebook(CODEBOOK)


@pytest.fixture(scope="module")
def mentions(seeds, codebook) -> pd.DataFrame:
    _documents, cleaned, sentences = seeds
    return programmes.match_programmes(sentences, cleaned, codebook)


@pytest.fixture(scope="module")
def candidates(seeds, codebook) -> pd.DataFrame:
    _documents, cleaned, sentences = seeds
    return programmes.discover_candidates(
        sentences, cleaned, codebook, programmes.load_discovery_rules(CODEBOOK)
    )


@pytest.fixture(scope="module")
def gold() -> pd.DataFrame:
    return evaluate.load_gold_mentions(GOLD)
