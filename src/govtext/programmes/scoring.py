"""The candidates' score: the rules a scholar reads a programme name by, and the score made of them.

:class:`CandidateRules` holds the name clues (``name_clues.yml``: strong and weak name suffixes,
introducing verbs, false friends, words that mark posts and bodies), the generic policy nouns
(``generic_policy_nouns.txt``) and the weights and threshold (``candidate_scoring.yml``), read and checked by
:func:`load_candidate_rules`. :func:`score_candidates` sums the weights of the features a candidate has
(:func:`feature_flags`) and marks those at or above the threshold ``selected``; :func:`add_recurrence`
counts a name's spans in its document and across the table. :mod:`govtext.programmes.discover` finds the
candidates and computes their features.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pandas as pd

from govtext.programmes.names import name_key
from govtext.resources import resource_path
from govtext.yamlfile import ResourceError, read_yaml_mapping, resource_problem

FLAG_COLUMNS = (
    "generic",
    "introduced",
    "after_de",
    "explained",
    "post_or_body",
    "clause_punctuation",
    "enumeration",
    "verb_before_suffix",
    "contrast",
    "dictionary_word",
    "domain_word",
)
"""The 0/1 columns of the candidates table that are features of the score as they stand, in column order
(with ``quoted`` and ``not_programme``, which stand apart in the table)."""

WEIGHT_NAMES = (
    "quoted",
    "suffix_strong",
    "suffix_weak",
    "numerals_formula",
    "numerals_count",
    *FLAG_COLUMNS,
    "short",
    "short_quoted",
    "not_programme",
    "repeated_in_document",
    "quoted_repeated",
    "repeated_across_documents",
)
"""The weights of ``candidate_scoring.yml``, one per binary feature (see :func:`score_candidates`)."""

LATER_FLAGS = frozenset({"verb_before_suffix", "contrast", "dictionary_word", "domain_word"})
"""Flags a candidates table written before they existed lacks (read as False there); any other missing
column is an error."""

CLUES_FILE = "name_clues.yml"
GENERIC_NOUNS_FILE = "generic_policy_nouns.txt"
SCORING_FILE = "candidate_scoring.yml"

SHORT_CHARS = 2
"""A candidate of at most this many characters is ``short`` (扫描, 接单: words, seldom names)."""
SHORT_QUOTED_CHARS = 3
"""A quoted candidate without numerals of at most this many characters is ``short_quoted`` (“电梯梦”,
“主心骨”: coined names are seldom under four characters; figures of speech often are)."""


# --------------------------------------------------------------------------------------------- rules


@dataclass(frozen=True)
class CandidateRules:
    """The data behind the features and the score: name suffixes by strength, words in which a suffix is
    not one, generic policy nouns, the part-of-speech tags a name does not start with and those of place
    names (used when discovery has a tagger), the ``not_programmes`` keys of the codebook, weights and
    threshold."""

    strong_suffixes: tuple[str, ...]
    weak_suffixes: tuple[str, ...]
    false_friends: tuple[str, ...]
    introducers: tuple[str, ...]
    post_or_body_endings: tuple[str, ...]
    name_starts_after: tuple[str, ...]
    generic_nouns: frozenset[str]
    weights: Mapping[str, float]
    threshold: float
    after_quote_suffixes: tuple[str, ...] = ()
    tags_not_starting_names: frozenset[str] = field(default_factory=frozenset)
    verb_tags: frozenset[str] = field(default_factory=frozenset)
    place_tags: frozenset[str] = field(default_factory=frozenset)
    not_programmes: frozenset[str] = field(default_factory=frozenset)
    contrast_openers: tuple[str, ...] = ()
    contrast_links: tuple[str, ...] = ()
    domain_words: tuple[str, ...] = ()

    def with_not_programmes(self, surfaces: Iterable[str]) -> CandidateRules:
        """These rules with the ``not_programmes`` surfaces of a codebook (compared by ``name_key``)."""
        return replace(self, not_programmes=frozenset(name_key(s) for s in surfaces) - {""})

    @property
    def suffixes(self) -> tuple[str, ...]:
        """Every name suffix, strong and weak."""
        return (*self.strong_suffixes, *self.weak_suffixes)


def _packaged(name: str) -> Path:
    return resource_path(name)


def _string_list(path: Path, data: Mapping[str, Any], key: str) -> tuple[str, ...]:
    value = data.get(key)
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ResourceError(resource_problem(path, f"field '{key}'", "must be a list of non-empty strings"))
    return tuple(v.strip() for v in value)


OPTIONAL_CLUE_FIELDS = (
    "tags_not_starting_names",
    "verb_tags",
    "place_tags",
    "contrast_openers",
    "contrast_links",
    "domain_words",
)
"""Lists that a clues file may leave out (the rules that use them are then off): the part-of-speech tags,
and the lists added in round 7 (an older custom file still loads)."""

CLUE_FIELDS = (
    "strong_suffixes",
    "weak_suffixes",
    "false_friends",
    "introducers",
    "post_or_body_endings",
    "name_starts_after",
    "after_quote_suffixes",
    *OPTIONAL_CLUE_FIELDS,
)
"""The lists of ``name_clues.yml``: the required ones, then ``OPTIONAL_CLUE_FIELDS``."""


def _read_clues(path: Path) -> dict[str, tuple[str, ...]]:
    data = read_yaml_mapping(path, set(CLUE_FIELDS), what=", ".join(CLUE_FIELDS))
    clues = {
        name: () if name in OPTIONAL_CLUE_FIELDS and name not in data else _string_list(path, data, name)
        for name in CLUE_FIELDS
    }
    both = sorted(set(clues["strong_suffixes"]) & set(clues["weak_suffixes"]))
    if both:
        message = f"suffix(es) both strong and weak: {', '.join(both)}"
        raise ResourceError(resource_problem(path, None, message))
    return clues


def _read_scoring(path: Path) -> tuple[dict[str, float], float]:
    data = read_yaml_mapping(path, {"threshold", "weights"}, what="threshold and weights")
    threshold, weights = data.get("threshold"), data.get("weights")
    if isinstance(threshold, bool) or not isinstance(threshold, int | float):
        raise ResourceError(resource_problem(path, "field 'threshold'", "must be a number"))
    if not isinstance(weights, dict):
        raise ResourceError(resource_problem(path, "field 'weights'", "must be a mapping of feature: weight"))
    unknown = sorted(set(map(str, weights)) - set(WEIGHT_NAMES))
    if unknown:
        raise ResourceError(
            resource_problem(path, "field 'weights'", f"unknown feature(s): {', '.join(unknown)}")
        )
    out = {}
    for name in WEIGHT_NAMES:
        value = weights.get(name, 0)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ResourceError(resource_problem(path, f"weights: field '{name}'", "must be a number"))
        out[name] = float(value)
    return out, float(threshold)


def load_candidate_rules(
    clues: str | Path | None = None,
    generic_nouns: str | Path | None = None,
    scoring: str | Path | None = None,
) -> CandidateRules:
    """The candidate rules from the three files (default: the packaged ``name_clues.yml``,
    ``generic_policy_nouns.txt`` and ``candidate_scoring.yml``). Errors are ``ResourceError`` naming the
    file. The codebook's ``not_programmes`` are added with :meth:`CandidateRules.with_not_programmes`."""
    from govtext.segment import load_wordlist

    clues_path = _packaged(CLUES_FILE) if clues is None else Path(clues)
    nouns_path = _packaged(GENERIC_NOUNS_FILE) if generic_nouns is None else Path(generic_nouns)
    scoring_path = _packaged(SCORING_FILE) if scoring is None else Path(scoring)
    weights, threshold = _read_scoring(scoring_path)
    nouns = frozenset(load_wordlist(nouns_path))
    clue = _read_clues(clues_path)
    return CandidateRules(
        strong_suffixes=clue["strong_suffixes"],
        weak_suffixes=clue["weak_suffixes"],
        false_friends=clue["false_friends"],
        introducers=clue["introducers"],
        post_or_body_endings=clue["post_or_body_endings"],
        name_starts_after=clue["name_starts_after"],
        after_quote_suffixes=clue["after_quote_suffixes"],
        tags_not_starting_names=frozenset(clue["tags_not_starting_names"]),
        verb_tags=frozenset(clue["verb_tags"]),
        place_tags=frozenset(clue["place_tags"]),
        contrast_openers=clue["contrast_openers"],
        contrast_links=clue["contrast_links"],
        domain_words=clue["domain_words"],
        generic_nouns=nouns,
        weights=weights,
        threshold=threshold,
    )


@functools.lru_cache(maxsize=1)
def default_candidate_rules() -> CandidateRules:
    """:func:`load_candidate_rules` of the packaged files (read once per process)."""
    return load_candidate_rules()


# --------------------------------------------------------------------------------------------- spans


def feature_flags(table: pd.DataFrame) -> dict[str, pd.Series]:
    """The 0/1 feature behind each weight of the score (``WEIGHT_NAMES``), from the feature columns."""
    absent = pd.Series(False, index=table.index)
    return {
        "quoted": table["quoted"].astype(bool),
        "suffix_strong": table["suffix_strength"].eq("strong"),
        "suffix_weak": table["suffix_strength"].eq("weak"),
        "numerals_formula": table["numerals"].eq("formula"),
        "numerals_count": table["numerals"].eq("count"),
        **{
            name: table[name].astype(bool) if name in table.columns or name not in LATER_FLAGS else absent
            for name in FLAG_COLUMNS
        },
        "short": table["n_chars"].astype(int).le(SHORT_CHARS),
        "short_quoted": table["quoted"].astype(bool)
        & table["n_chars"].astype(int).le(SHORT_QUOTED_CHARS)
        & table["numerals"].eq(""),
        "not_programme": table["not_programme"].astype(bool),
        "repeated_in_document": table["n_in_doc"].astype(int).ge(2),
        "quoted_repeated": table["quoted"].astype(bool) & table["n_in_doc"].astype(int).ge(2),
        "repeated_across_documents": table["n_docs"].astype(int).ge(2)
        if "n_docs" in table.columns
        else absent,
    }


def score_candidates(candidates: pd.DataFrame, crules: CandidateRules | None = None) -> pd.DataFrame:
    """``candidates`` with ``score`` and ``selected`` (re)computed from its feature columns.

    The score is a weighted sum of 0/1 features; the weights and the threshold are those of
    ``candidate_scoring.yml`` (or of ``crules``, to re-rank):

    * ``quoted``: the name (or its core: “四定”工作法) stands in quotation marks, full-width or ASCII;
    * ``suffix_strong`` / ``suffix_weak``: it ends in a strong or a weak name suffix (``name_clues.yml``:
      …制, …工作法, …驿站 are strong; …机制, …模式, …平台, …工程 weak);
    * ``numerals_formula`` / ``numerals_count``: it is a numeral formula (two or more numeral-led parts,
      digits used as a name, or a ``+`` formula: 三管一服, 13710, 1+N, 党建+) or starts with a single
      count (三零, 五大功能);
    * ``generic``: it is made of generic policy nouns only, a leading count aside
      (``generic_policy_nouns.txt``: 工作机制, 治理模式, 四支队伍, “党建引领”);
    * ``introduced``: an introducing verb stands right before it (推行, 实施, 构建, 设立 …);
    * ``after_de``: 的 stands right before it (治理的“神经末梢”: a figure of speech more often than a name);
    * ``explained``: a bracket or 即 follows it (“三零”(零上访、零事故…)): a coined name being explained;
    * ``post_or_body``: it ends like a post or an ordinary body (…员, …者, …党委, …小组);
    * ``clause_punctuation``: it holds ，。！？；： or a dash chain (a quoted sentence
      or a process, not a name);
    * ``enumeration``: it holds 、 (parallel phrases: 组团连片、市场运作、完善服务);
    * ``verb_before_suffix``: unquoted, it ends in a weak suffix right after a verb or verbal noun
      (综合改造工程, 评选活动: an activity described, not a coined name; needs discovery's tagger);
    * ``contrast``: quoted, it is one side of a contrast of two quoted phrases (从“治理洼地”到“五星高地”,
      变“单兵作战”为“集中兵力”: ``contrast_openers`` and ``contrast_links``): a figure of speech for a change;
    * ``dictionary_word``: quoted, it is one word of the segmenter's dictionary (“主心骨”, “合伙人”: an
      ordinary word in scare quotes; coined names seldom are; needs discovery's tagger);
    * ``domain_word``: it holds a word of the field (``domain_words``: 网格, 党建, 志愿, 议事 …);
    * ``short``: at most ``SHORT_CHARS`` characters;
    * ``short_quoted``: quoted, without numerals, at most ``SHORT_QUOTED_CHARS`` characters (“电梯梦”);
    * ``not_programme``: the codebook lists it under ``not_programmes`` (a researcher's decision; its
      weight keeps such spans below any threshold);
    * ``repeated_in_document``: the same name (``name_key``) is a candidate twice or more in its document;
    * ``quoted_repeated``: both quoted and repeated in its document (a headline's figure of speech echoed in
      the text is repeated too, so the two clues together count apart from each alone);
    * ``repeated_across_documents``: it is a candidate in two or more documents (needs ``n_docs``; False
      where the table has no such column, as in the pipeline's per-batch table).

    ``selected`` is ``score >= threshold``.
    """
    crules = default_candidate_rules() if crules is None else crules
    table = candidates.copy()
    features = feature_flags(table)
    score = pd.Series(0.0, index=table.index)
    for name, flag in features.items():
        score = score + crules.weights.get(name, 0.0) * flag.astype(float)
    table["score"] = score.round(6)
    table["selected"] = table["score"] >= crules.threshold
    return table


def add_recurrence(candidates: pd.DataFrame) -> pd.DataFrame:
    """``candidates`` with ``n_in_doc`` (spans with the same ``name_key`` in the document), ``n_docs``
    (documents of the table in which the name is a candidate) and ``n_corpus`` (its spans in the table)."""
    table = candidates.copy()
    names = table["candidate"]
    keys = names.map({name: name_key(name) for name in set(names.tolist())})  # each name keyed once
    table["n_in_doc"] = keys.groupby([table["doc_id"], keys]).transform("size").astype("int64")
    table["n_docs"] = table["doc_id"].groupby(keys).transform("nunique").astype("int64")
    table["n_corpus"] = keys.groupby(keys).transform("size").astype("int64")
    return table
