"""The whole method in one call: :class:`Resources`, :class:`Tables` and :func:`run_pipeline`.

``govtext run``, the book and a researcher's notebook all call :func:`run_pipeline`; the command line
only adds scanning, batching, processes and writing around it. Per document the steps are

    clean → articles → sentences → tokens → programme mentions → candidates → metrics → dimension scores

each a function of the step's module (``govtext.corpus``, ``govtext.segment``, ``govtext.programmes``,
``govtext.metrics``, ``govtext.compare``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import pandas as pd

from govtext import compare, corpus, metrics, programmes, segment
from govtext.programmes.discover import PIPELINE_CANDIDATE_COLUMNS
from govtext.programmes.scoring import CandidateRules, default_candidate_rules
from govtext.resources import resource_path

PIPELINE_RESOURCES = ("codebook", "dimensions", "units", "lexicon", "stopwords")
"""The resources :func:`run_pipeline` codes with (``themes`` is read by the book's summaries only)."""
PACKAGED_ONLY_RESOURCES = ("furniture", "name_clues", "generic_policy_nouns", "candidate_scoring")
"""Packaged files the pipeline also reads and a run cannot replace (page furniture, candidate scoring):
``run.json`` records their digests too."""
TAGGERS = segment.TAGGERS


@dataclass(frozen=True)
class ResourcePaths:
    """The files the pipeline codes with."""

    codebook: Path
    dimensions: Path
    units: Path
    lexicon: Path
    stopwords: Path

    @classmethod
    def default(cls) -> ResourcePaths:
        """The project's resources, shipped inside the package (:mod:`govtext.resources`)."""
        return cls(**{name: resource_path(name) for name in PIPELINE_RESOURCES})

    def replace(self, **paths: str | Path | None) -> ResourcePaths:
        """These paths with some replaced (``None`` keeps the current one)."""
        unknown = sorted(set(paths) - set(PIPELINE_RESOURCES))
        if unknown:
            raise TypeError(f"unknown resource(s): {', '.join(unknown)}")
        chosen = {name: Path(value) for name, value in paths.items() if value is not None}
        return ResourcePaths(**{**vars(self), **chosen})

    def digests(self) -> dict[str, dict[str, str]]:
        """File name and sha256 of each resource, the packaged-only ones included (``run.json`` says which
        codebook, word lists and scoring rules made the tables)."""
        out = {}
        paths = [(name, Path(getattr(self, name))) for name in PIPELINE_RESOURCES]
        paths += [(name, resource_path(name)) for name in PACKAGED_ONLY_RESOURCES]
        for name, path in paths:
            out[name] = {"file": path.name, "sha256": hashlib.sha256(path.read_bytes()).hexdigest()}
        return out


@dataclass(frozen=True, eq=False)
class Resources:
    """Everything the pipeline builds once: codebooks, word lists and the jieba tokenizer (about 2 s).

    ``Resources.default()`` reads the packaged resources; ``Resources.from_files(codebook=...)`` a
    researcher's own files (any file not given is the packaged one).
    """

    paths: ResourcePaths
    codebook: pd.DataFrame
    programme_names: tuple[str, ...]
    """Names whose numerals are not metrics (``govtext.programmes.programme_names``): the codebook's
    programme names and aliases, and its former programme names."""
    dimensions: compare.DimensionCodebook
    units: metrics.Units
    stopwords: frozenset[str]
    tokenizer: segment.Segmenter
    tagger: str = "hmm"
    discovery: dict[str, Any] = field(default_factory=dict)
    """The codebook's ``discovery`` rules (a codebook without that section uses the packaged one's)."""
    candidate_rules: CandidateRules = field(default_factory=default_candidate_rules)
    """Name clues, generic policy nouns, weights and threshold of the candidate score, with the codebook's
    ``not_programmes`` (``govtext.programmes.scoring.load_candidate_rules``)."""

    @classmethod
    def default(cls, tagger: str = "hmm") -> Resources:
        """The project's packaged resources, with the ``tagger`` (``hmm`` or ``dictionary``)."""
        return load_resources(ResourcePaths.default(), tagger)

    @classmethod
    def from_files(
        cls,
        *,
        codebook: str | Path | None = None,
        dimensions: str | Path | None = None,
        units: str | Path | None = None,
        lexicon: str | Path | None = None,
        stopwords: str | Path | None = None,
        tagger: str = "hmm",
    ) -> Resources:
        """Resources read from these files; a file not given is the packaged default."""
        paths = ResourcePaths.default().replace(
            codebook=codebook, dimensions=dimensions, units=units, lexicon=lexicon, stopwords=stopwords
        )
        return load_resources(paths, tagger)


_RESOURCE_CACHE: dict[tuple[Any, ...], Resources] = {}


def _version(path: Path) -> tuple[int, int]:
    try:
        stat = Path(path).stat()
    except OSError:
        return (-1, -1)
    return stat.st_mtime_ns, stat.st_size


def load_resources(paths: ResourcePaths, tagger: str = "hmm") -> Resources:
    """Load and validate the coding resources and build the tokenizer; cached per process (and file
    version), so that each worker builds them once, or inherits them from its parent under ``fork``.

    Raises ``govtext.yamlfile.ResourceError`` (a ``ValueError``) or ``OSError`` naming the bad file.
    """
    key = (tagger, *((name, str(path), *_version(path)) for name, path in vars(paths).items()))
    if key in _RESOURCE_CACHE:
        return _RESOURCE_CACHE[key]
    codebook = programmes.load_codebook(paths.codebook)
    # numbers inside a programme's name, or inside a former programme name that a codebook review moved
    # to not_programmes (a numbered slogan or strategy such as 六稳), are not metrics
    names = programmes.programme_names(codebook)
    codebook.attrs = {}  # pandas deep-copies attrs on every operation: 20 % of match_programmes
    dimensions = compare.load_dimensions(paths.dimensions)
    units = metrics.load_units(paths.units)
    lexicon = segment.load_wordlist(paths.lexicon)
    stopwords = frozenset(segment.load_wordlist(paths.stopwords))
    discovery, not_programmes = _discovery_rules(paths.codebook)
    tokenizer = segment.make_tokenizer([*programmes.codebook_terms(codebook), *lexicon], tagger=tagger)
    # Compile the programme matcher now (it is cached), so that forked workers inherit it.
    programmes.match_programmes(pd.DataFrame(columns=corpus.SENTENCE_COLUMNS), {}, codebook)
    candidate_rules = default_candidate_rules().with_not_programmes(not_programmes)
    resources = Resources(
        paths,
        codebook,
        tuple(names),
        dimensions,
        units,
        stopwords,
        tokenizer,
        tagger,
        discovery,
        candidate_rules,
    )
    _RESOURCE_CACHE[key] = resources
    return resources


def _discovery_rules(codebook: Path) -> tuple[dict[str, Any], list[str]]:
    """The ``discovery`` section of ``codebook`` (or the packaged codebook's when it has none) and the
    surfaces of its ``not_programmes``. The file is read once here (``load_codebook`` has validated it)."""
    obj = programmes.read_codebook_yaml(codebook)
    obj = obj if isinstance(obj, dict) else {}
    section = obj.get("discovery")
    if isinstance(section, dict):
        rules = {name: section[name] for name in programmes.DISCOVERY_FIELDS}
    else:
        rules = programmes.load_discovery_rules(resource_path("codebook"))
    items = obj.get("not_programmes") or []
    surfaces = [str(item["surface"]) for item in items if isinstance(item, dict) and "surface" in item]
    return rules, surfaces


@dataclass(frozen=True)
class Tables:
    """Every table ``govtext run`` writes, in pipeline order (one row per ...)."""

    documents: pd.DataFrame
    """document: id, file, checksum, manifest metadata, size (no raw text)"""
    articles: pd.DataFrame
    """article within a document, with its raw offsets"""
    sentences: pd.DataFrame
    """sentence, with its part (body, heading, caption, …) and raw offsets"""
    tokens: pd.DataFrame
    """token: word, POS tag, stopword flag, clean and raw offsets"""
    programmes: pd.DataFrame
    """mention of a codebook programme, with raw offsets"""
    candidates: pd.DataFrame
    """span that looks like a programme name and is not in the codebook: pattern, raw offsets, the
    features of its score, score and selected (``PIPELINE_CANDIDATE_COLUMNS``)"""
    metrics: pd.DataFrame
    """reported quantity: value, unit, class, subject, raw offsets"""
    dimension_scores: pd.DataFrame
    """document x governance dimension: hits, rate per 10,000 characters, terms"""

    @classmethod
    def names(cls) -> tuple[str, ...]:
        """The table names, in pipeline order."""
        return tuple(f.name for f in fields(cls))

    def as_dict(self) -> dict[str, pd.DataFrame]:
        """``{name: table}`` in pipeline order."""
        return {name: getattr(self, name) for name in self.names()}

    def __iter__(self) -> Iterator[tuple[str, pd.DataFrame]]:
        return iter(self.as_dict().items())


TABLES = Tables.names()
"""Output tables in pipeline order: each is ``<name>.csv`` or a folder ``<name>/`` of Parquet parts."""


def run_pipeline(
    documents: pd.DataFrame,
    resources: Resources | None = None,
    on_step: Callable[[str], None] | None = None,
) -> Tables:
    """Every output table for loaded documents (the columns of :func:`govtext.corpus.load_corpus`).

    ``resources`` defaults to :meth:`Resources.default`. ``on_step``, when given, is called with the name
    of each step as it starts (to report where a document failed, or to time the steps).
    """
    resources = Resources.default() if resources is None else resources

    def step(name: str) -> None:
        if on_step is not None:
            on_step(name)

    step("clean")
    cleaned = corpus.clean_documents(documents)
    step("articles")
    articles = corpus.split_articles(documents, cleaned)
    step("sentences")
    sentences = corpus.split_sentences(documents, cleaned, articles)
    step("tokens")
    cuts = segment.cut_sentences(sentences, resources.tokenizer)
    tokens = segment.tokenize(sentences, resources.tokenizer, resources.stopwords, cuts=cuts)
    tokens = segment.with_raw_offsets(tokens, cleaned)
    step("programmes")
    text = sentences[~sentences["part"].isin(metrics.SKIPPED_PARTS)]  # page furniture is not coded
    mentions = programmes.match_programmes(text, cleaned, resources.codebook)
    step("candidates")
    found = programmes.discover_candidates(
        text,
        cleaned,
        resources.codebook,
        resources.discovery,
        resources.candidate_rules,
        corpus_counts=False,  # a batch's rows must not depend on the other documents of the batch
        tag_words=resources.tokenizer.pos_pairs,
    )
    candidates = found.loc[~found["in_codebook"], PIPELINE_CANDIDATE_COLUMNS]
    candidates = candidates.reset_index(drop=True)
    step("metrics")
    quantities = metrics.extract_metrics(
        sentences, cleaned, resources.tokenizer, resources.programme_names, resources.units, cuts=cuts
    )
    step("dimension_scores")
    doc_ids = documents["doc_id"].astype(str).tolist()
    scores = compare.document_dimension_scores(
        sentences, resources.dimensions, doc_ids, parts=compare.SCORED_PARTS
    )
    return Tables(
        documents=documents.drop(columns=["raw_text"]),
        articles=articles,
        sentences=sentences,
        tokens=tokens,
        programmes=mentions,
        candidates=candidates,
        metrics=quantities,
        dimension_scores=scores,
    )
