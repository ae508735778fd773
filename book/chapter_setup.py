"""The set-up every chapter shares, in one place (``from chapter_setup import *`` in a chapter's first cell).

It quiets jieba, fixes pandas' display options, applies the figure theme with the book's places
(``places.yml``: order and colours) and names what chapters use: the ``govtext`` modules, ``pd``, ``plt``,
``glue``, ``display``, the paths of the corpus and of the downloadable tables, and the book's place order.
Nothing here computes a result; the chapters do that in their visible cells.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import display
from myst_nb import glue

import govtext as gt
from govtext import compare, corpus, metrics, plots, programmes, segment
from govtext.yamlfile import read_yaml

BOOK_DIR = Path(__file__).resolve().parent
CORPUS_DIR = BOOK_DIR.parent / "data" / "raw"
"""The seed corpus (five files and their manifest)."""
ANNOTATIONS_DIR = BOOK_DIR.parent / "data" / "annotations"
TABLES_DIR = BOOK_DIR / "tables"
"""Where chapters save the tables readers download."""


def _place_style(path: Path) -> plots.PlaceStyle:
    entries = read_yaml(path)["places"]
    return plots.PlaceStyle(
        order=tuple(entry["id"] for entry in entries),
        colours={entry["id"]: entry["colour"] for entry in entries},
    )


PLACES = _place_style(BOOK_DIR / "places.yml")
PLACE_ORDER = list(PLACES.order)
"""Gongyi, Zhongyuan, Xingyang: the order of places in every table and figure."""

plots.setup_notebook(PLACES)
pd.set_option("display.max_colwidth", None)  # definitions, quotes and evidence are shown in full

__all__ = [
    "ANNOTATIONS_DIR",
    "CORPUS_DIR",
    "PLACES",
    "PLACE_ORDER",
    "TABLES_DIR",
    "compare",
    "corpus",
    "display",
    "glue",
    "gt",
    "metrics",
    "pd",
    "plots",
    "plt",
    "programmes",
    "segment",
]
