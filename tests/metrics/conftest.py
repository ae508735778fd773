"""Fixtures of the tests of govtext.metrics (the builders are cached in ``metrics.helpers``)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def seeds(seed_corpus):
    """``(documents, cleaned, sentences)`` of the seed corpus (``conftest.seed_corpus``)."""
    documents, cleaned, _, sentences = seed_corpus
    return documents, cleaned, sentences
