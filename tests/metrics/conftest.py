"""Fixtures of the tests of govtext.metrics (the builders are cached in ``metrics.helpers``)."""

from __future__ import annotations

import pytest

from metrics.helpers import default_tokenizer, default_units


@pytest.fixture(scope="module")
def units():
    return default_units()


@pytest.fixture(scope="module")
def tokenizer():
    return default_tokenizer()


@pytest.fixture(scope="module")
def dictionary_tokenizer():
    return default_tokenizer("dictionary")


@pytest.fixture(scope="module")
def seeds(seed_corpus):
    """``(documents, cleaned, sentences)`` of the seed corpus (``conftest.seed_corpus``)."""
    documents, cleaned, _, sentences = seed_corpus
    return documents, cleaned, sentences
