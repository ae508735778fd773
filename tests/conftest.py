"""Shared fixtures: the seed corpus, loaded and split once per test session; the figure theme."""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest

from govtext import plots
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


@pytest.fixture
def plot_theme() -> Iterator[None]:
    """The project's figure theme (CJK font registered); every figure closed afterwards."""
    plots.set_theme()
    yield
    plt.close("all")


def render_strict(fig) -> None:
    """Draw ``fig`` with every warning (a missing glyph included) turned into an error."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig.savefig(io.BytesIO(), format="png")
