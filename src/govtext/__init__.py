"""govtext: governance programmes, metrics and models in Chinese local news.

The front door. The method runs in one direction, one module per step::

    import govtext as gt
    documents = gt.load_corpus("data/raw")          # corpus: load and verify
    tables = gt.run_pipeline(documents, gt.Resources.default())
    tables.programmes                               # one row per programme mention, raw offsets

Steps: :mod:`govtext.corpus` (load, clean, split) → :mod:`govtext.segment` (jieba) →
:mod:`govtext.programmes` (codebook matcher, discovery) → :mod:`govtext.metrics` (quantities) →
:mod:`govtext.compare` (dimensions, vocabulary, places) → :mod:`govtext.plots`; the command line
(:mod:`govtext.cli`) runs the same :func:`run_pipeline` over folders of files. Beside the flow:
:mod:`govtext.evaluate` (gold standards, precision and recall) and :mod:`govtext.report` (the book's
summary tables).
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("govtext")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

from govtext import compare, corpus, metrics, programmes, segment
from govtext.compare import dimension_rates, document_dimension_scores, load_dimensions
from govtext.corpus import (
    clean_documents,
    load_corpus,
    split_articles,
    split_sentences,
)
from govtext.metrics import extract_metrics, load_units
from govtext.pipeline import ResourcePaths, Resources, Tables, load_resources, run_pipeline
from govtext.programmes import (
    discover_candidates,
    load_codebook,
    match_programmes,
    programme_names,
)
from govtext.resources import resource_path
from govtext.segment import cut_sentences, make_tokenizer, tokenize, with_raw_offsets
from govtext.yamlfile import ResourceError, read_yaml

__all__ = [
    "ResourceError",
    "ResourcePaths",
    "Resources",
    "Tables",
    "__version__",
    "clean_documents",
    "compare",
    "corpus",
    "cut_sentences",
    "dimension_rates",
    "discover_candidates",
    "document_dimension_scores",
    "evaluate",
    "extract_metrics",
    "load_codebook",
    "load_corpus",
    "load_dimensions",
    "load_resources",
    "load_units",
    "make_tokenizer",
    "match_programmes",
    "metrics",
    "programme_names",
    "programmes",
    "read_yaml",
    "report",
    "resource_path",
    "run_pipeline",
    "segment",
    "split_articles",
    "split_sentences",
    "tokenize",
    "with_raw_offsets",
]
