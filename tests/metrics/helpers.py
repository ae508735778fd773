"""Shared helpers of the metrics tests (tests/metrics, tests/evaluate, tests/report): built once."""

from __future__ import annotations

import functools
from pathlib import Path

import pandas as pd

from govtext.corpus import clean_text
from govtext.metrics import DEFAULT_UNITS_PATH, Units, load_units
from govtext.programmes import load_codebook
from govtext.resources import resource_path
from govtext.segment import Segmenter, make_tokenizer

ROOT = Path(__file__).resolve().parents[2]
GOLD_PATH = ROOT / "data" / "annotations" / "metrics_gold.csv"
PROGRAMMES_PATH = resource_path("codebook")


@functools.cache
def programme_names() -> tuple[str, ...]:
    """The names whose numerals are not metrics, as the pipeline passes them to extract_metrics: the
    codebook's names and aliases and its former programme names."""
    from govtext.programmes import programme_names as names_not_metrics

    return tuple(names_not_metrics(load_codebook(PROGRAMMES_PATH)))


def single_document(raw: str, doc_id: str = "doc"):
    """A one-sentence document: sentences frame and cleaned mapping, built with the corpus cleaner."""
    clean = clean_text(raw)
    sentences = pd.DataFrame(
        {
            "doc_id": [doc_id],
            "article_id": [f"{doc_id}-1"],
            "sentence_id": [f"{doc_id}-1-1"],
            "part": ["body"],
            "text": [clean.text],
            "clean_start": [0],
        }
    )
    return sentences, {doc_id: clean}


@functools.cache
def codebook_frame() -> pd.DataFrame:
    return load_codebook(PROGRAMMES_PATH)


@functools.cache
def default_units() -> Units:
    """The package's units codebook."""
    return load_units(DEFAULT_UNITS_PATH)


@functools.cache
def default_tokenizer(tagger: str = "hmm") -> Segmenter:
    """A tokenizer with the programme names as user words (about 0.6 s to build, so built once)."""
    return make_tokenizer(programme_names(), tagger=tagger)
