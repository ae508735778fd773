"""Exact permutation (randomisation) tests with the article as the unit of inference.

Sentences of one article are not independent draws, so a contrast between places is tested over
articles: :func:`permutation_test` enumerates every assignment of the articles to the places that keeps
the observed group sizes (seven articles in groups of 4, 2 and 1 have 7!/(4!·2!·1!) = 105 assignments),
computes the statistic for each, and reports the exact p-value, the share of assignments whose statistic
is at least as extreme as the observed one (the observed assignment included, ties counted as extreme).
It also reports the smallest p-value the group sizes allow (:func:`min_p_value`): however strong the
difference, a place with one article out of seven holds the top score in one assignment in seven, so
"Xingyang is highest" can never be rarer than 1 in 7 (p ≥ 0.143), and no test of it can reach 0.05.

:func:`permutation_table` runs the test for many dimensions and places and adds a Holm (or Bonferroni)
adjusted p-value over the whole table, so that no comparison is read without its multiplicity.
:func:`article_dimension_rates` gives the per-article dimension rates to test.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from govtext.common import RATE_SCALE
from govtext.compare._shared import _require
from govtext.compare.dimensions import DimensionsLike
from govtext.compare.scores import SCORED_PARTS, count_dimension_terms

Statistic = Literal["mean_difference", "highest", "lowest"]
Alternative = Literal["greater", "less", "two-sided"]
Adjustment = Literal["holm", "bonferroni"]

STATISTICS: tuple[str, ...] = ("mean_difference", "highest", "lowest")
"""``mean_difference``: the place's mean article score minus the mean of all other articles;
``highest`` (``lowest``): 1 when the place's mean is the highest (lowest) of the places' means, ties
included, else 0."""
ALTERNATIVES: tuple[str, ...] = ("greater", "less", "two-sided")
MAX_ASSIGNMENTS = 2_000_000
"""Largest number of assignments enumerated (beyond it, exact enumeration is refused)."""
TOLERANCE = 1e-9
"""Relative tolerance within which two statistics are equal (a tie, counted as extreme)."""

PERMUTATION_COLUMNS = [
    "place",
    "statistic",
    "alternative",
    "n_place",
    "n_other",
    "place_mean",
    "other_mean",
    "observed",
    "n_assignments",
    "n_as_extreme",
    "p_value",
    "min_p_value",
    "reachable",
    "p_adjusted",
]
"""Columns of :func:`permutation_table` (after the ``by`` column): ``reachable`` says whether the group
sizes allow a p-value at or below ``alpha`` at all; ``p_adjusted`` is adjusted over the whole table."""

ARTICLE_RATE_COLUMNS = ["doc_id", "article_id", "dimension", "n_sentences", "n_chars", "hits", "rate"]


@dataclass(frozen=True)
class PermutationResult:
    """An exact permutation test of one place against the others.

    ``p_value = n_as_extreme / n_assignments``; ``min_p_value`` is the smallest p-value any data could
    give with these group sizes (see :func:`min_p_value`).
    """

    place: str
    statistic: str
    alternative: str
    n_place: int
    n_other: int
    place_mean: float
    other_mean: float
    observed: float
    n_assignments: int
    n_as_extreme: int
    p_value: float
    min_p_value: float


def n_assignments(sizes: Sequence[int]) -> int:
    """How many assignments of ``sum(sizes)`` units to groups of these sizes there are (a multinomial
    coefficient: ``n! / (n1!·n2!·…)``; 105 for sizes 4, 2, 1)."""
    total = math.factorial(sum(sizes))
    for size in sizes:
        total //= math.factorial(size)
    return total


def assignments(labels: Sequence[str]) -> Iterator[tuple[str, ...]]:
    """Every distinct rearrangement of ``labels`` (each a tuple as long as ``labels``), in a fixed order:
    the assignments of the units to groups that keep the group sizes. The first is not necessarily
    ``labels`` itself; every rearrangement appears exactly once."""
    counts = sorted(((label, labels.count(label)) for label in dict.fromkeys(labels)), key=lambda kv: kv[0])
    n = len(labels)

    def fill(free: tuple[int, ...], position: int, current: dict[int, str]) -> Iterator[tuple[str, ...]]:
        if position == len(counts):
            yield tuple(current[i] for i in range(n))
            return
        label, size = counts[position]
        for chosen in itertools.combinations(free, size):
            rest = tuple(i for i in free if i not in chosen)
            yield from fill(rest, position + 1, {**current, **dict.fromkeys(chosen, label)})

    yield from fill(tuple(range(n)), 0, {})


def min_p_value(
    n_place: int, n_total: int, statistic: Statistic = "mean_difference", alternative: Alternative = "greater"
) -> float:
    """The smallest p-value that any data can give for a place with ``n_place`` of ``n_total`` articles.

    The place holds its observed set of articles in ``1 / C(n_total, n_place)`` of the assignments, and
    every one of them gives the same mean difference, so no p-value of ``mean_difference`` can be smaller;
    one-sided this floor is also reached (by scores whose most extreme set is unique): 1/7 for one article
    of seven, 1/C(7, 2) = 1/21 for two, 1/C(7, 4) = 1/35 for four. Two-sided, when the place holds exactly
    half of the articles, a set and its complement give the same absolute difference, so the floor
    doubles (2/C(4, 2) = 1/3 for two of four). For ``highest`` (``lowest``) the place is highest
    (lowest) in at least every assignment that gives it the top (bottom) ``n_place`` articles, again
    ``1 / C(n_total, n_place)`` of them. With one article this floor is reached: "Xingyang is highest" can
    never be rarer than 1 in 7; with more articles it is a floor that no data may reach.
    """
    if not 0 < n_place < n_total:
        raise ValueError(f"a place needs between 1 and n_total - 1 articles (got {n_place} of {n_total})")
    _check_test(statistic, alternative)
    subsets = math.comb(n_total, n_place)
    if statistic == "mean_difference" and alternative == "two-sided" and 2 * n_place == n_total:
        return 2 / subsets
    return 1 / subsets


def _check_test(statistic: str, alternative: str) -> None:
    if statistic not in STATISTICS:
        raise ValueError(f"unknown statistic {statistic!r} (known: {', '.join(STATISTICS)})")
    if alternative not in ALTERNATIVES:
        raise ValueError(f"unknown alternative {alternative!r} (known: {', '.join(ALTERNATIVES)})")
    if statistic != "mean_difference" and alternative != "greater":
        raise ValueError(f"statistic {statistic!r} is an indicator: only alternative 'greater' applies")


def _label_matrix(labels: Sequence[str]) -> tuple[np.ndarray, list[str]]:
    """Every assignment of ``labels`` as rows of group codes (codes index the sorted group names)."""
    groups = sorted(set(labels))
    total = n_assignments([labels.count(group) for group in groups])
    if total > MAX_ASSIGNMENTS:
        raise ValueError(f"{total:,} assignments: more than {MAX_ASSIGNMENTS:,} (too many to enumerate)")
    code = {group: number for number, group in enumerate(groups)}
    matrix = np.array([[code[label] for label in row] for row in assignments(list(labels))], dtype=np.int64)
    return matrix, groups


def _statistics(
    values: np.ndarray, matrix: np.ndarray, groups: list[str], place: str, statistic: str
) -> np.ndarray:
    """The statistic of every assignment (rows of ``matrix``)."""
    target = groups.index(place)
    in_place = matrix == target
    n_place = int(in_place[0].sum())
    n_total = len(values)
    place_sum = in_place.astype(float) @ values
    result: np.ndarray
    if statistic == "mean_difference":
        result = place_sum / n_place - (values.sum() - place_sum) / (n_total - n_place)
        return result
    means = np.stack(
        [(matrix == g).astype(float) @ values / int((matrix[0] == g).sum()) for g in range(len(groups))]
    )
    place_mean = means[target]
    others = np.delete(means, target, axis=0)
    tol = TOLERANCE * np.maximum(1.0, np.abs(means).max(axis=0))
    if statistic == "highest":
        result = (place_mean >= others.max(axis=0) - tol).astype(float)
    else:
        result = (place_mean <= others.min(axis=0) + tol).astype(float)
    return result


def _as_extreme(stats: np.ndarray, observed: float, alternative: str) -> int:
    tol = TOLERANCE * max(1.0, abs(observed), float(np.abs(stats).max()))
    if alternative == "greater":
        hits = stats >= observed - tol
    elif alternative == "less":
        hits = stats <= observed + tol
    else:
        hits = np.abs(stats) >= abs(observed) - tol
    return int(hits.sum())


def permutation_test(
    scores: Mapping[str, float] | pd.Series,
    places: Mapping[str, str] | pd.Series,
    place: str,
    statistic: Statistic = "mean_difference",
    alternative: Alternative = "greater",
) -> PermutationResult:
    """Exact permutation test of ``place`` against the other places, over articles.

    ``scores`` maps each article id to its score (for example its dimension rate), ``places`` each article
    id to its place; both must cover the same articles. Every assignment of the articles to the places
    with the observed group sizes is enumerated (the result does not depend on the order of the
    articles, and nothing is random). The p-value is the share of assignments whose statistic is at least
    as extreme as the observed one, the observed included; equal statistics (within
    :data:`TOLERANCE`) count as extreme. ``greater`` asks whether the place scores higher, ``less`` lower,
    ``two-sided`` either (by the absolute difference). ``min_p_value`` is the smallest p-value the group
    sizes allow (:func:`min_p_value`): a p-value equal to it is the strongest evidence this design can
    give, and when it exceeds 0.05 no result of the test can be "significant".
    """
    _check_test(statistic, alternative)
    score_map = {str(k): float(v) for k, v in dict(scores).items()}
    place_map = {str(k): str(v) for k, v in dict(places).items()}
    if set(score_map) != set(place_map):
        only = sorted(set(score_map) ^ set(place_map))
        raise ValueError(f"scores and places must cover the same articles (differ in: {', '.join(only)})")
    articles = sorted(score_map)
    values = np.array([score_map[a] for a in articles], dtype=float)
    if not np.isfinite(values).all():
        raise ValueError("every article needs a finite score")
    labels = [place_map[a] for a in articles]
    if place not in labels:
        raise ValueError(f"no article of place {place!r}")
    n_place = labels.count(place)
    if n_place == len(labels):
        raise ValueError(f"every article is of place {place!r}: nothing to compare with")
    matrix, groups = _label_matrix(labels)
    stats = _statistics(values, matrix, groups, place, statistic)
    observed_row = np.array([groups.index(label) for label in labels], dtype=np.int64)
    observed = float(_statistics(values, observed_row[None, :], groups, place, statistic)[0])
    extreme = _as_extreme(stats, observed, alternative)
    in_place = np.array([label == place for label in labels])
    return PermutationResult(
        place=place,
        statistic=statistic,
        alternative=alternative,
        n_place=n_place,
        n_other=len(labels) - n_place,
        place_mean=float(values[in_place].mean()),
        other_mean=float(values[~in_place].mean()),
        observed=observed,
        n_assignments=len(stats),
        n_as_extreme=extreme,
        p_value=extreme / len(stats),
        min_p_value=min_p_value(n_place, len(labels), statistic, alternative),
    )


def holm(p_values: Sequence[float]) -> list[float]:
    """Holm's step-down adjusted p-values (in input order): the k-th smallest of m is multiplied by
    ``m − k + 1``, made non-decreasing in that order and capped at 1. Controls the family-wise error
    rate without assuming independence (Holm 1979)."""
    m = len(p_values)
    order = sorted(range(m), key=lambda i: (p_values[i], i))
    adjusted = [0.0] * m
    running = 0.0
    for rank, index in enumerate(order):
        running = max(running, min(1.0, (m - rank) * float(p_values[index])))
        adjusted[index] = running
    return adjusted


def bonferroni(p_values: Sequence[float]) -> list[float]:
    """Bonferroni adjusted p-values: each multiplied by their number, capped at 1."""
    return [min(1.0, len(p_values) * float(p)) for p in p_values]


def permutation_table(
    scores: pd.DataFrame,
    places: Mapping[str, str] | pd.Series,
    by: str = "dimension",
    value: str = "rate",
    contrasts: Sequence[str] | None = None,
    statistic: Statistic = "mean_difference",
    alternative: Alternative = "greater",
    adjust: Adjustment = "holm",
    alpha: float = 0.05,
) -> pd.DataFrame:
    """:func:`permutation_test` for every ``by`` value (dimension) and contrast place, one row each.

    ``scores`` is long: one row per article and ``by`` value, with ``article_id`` and the ``value``
    column. ``contrasts`` are the places tested against the others (default: every place, in the order
    they first appear in ``places``). Columns: ``by`` then :data:`PERMUTATION_COLUMNS`. ``p_adjusted``
    is the Holm (or Bonferroni) adjustment over all rows of the table, the whole family of comparisons
    made; read it, not ``p_value``, when asking whether any contrast stands. ``reachable`` is False
    where the group sizes alone put ``min_p_value`` above ``alpha``.
    """
    _require(scores, ["article_id", by, value], "scores")
    place_map = {str(k): str(v) for k, v in dict(places).items()}
    chosen = list(contrasts) if contrasts is not None else list(dict.fromkeys(place_map.values()))
    rows = []
    for key, group in scores.groupby(by, sort=False):
        article_scores = dict(zip(group["article_id"].astype(str), group[value].astype(float), strict=True))
        if len(article_scores) != len(group):
            raise ValueError(f"scores: {by} {key!r}: an article appears more than once")
        for place in chosen:
            result = permutation_test(article_scores, place_map, place, statistic, alternative)
            record = {by: key, **vars(result)}
            record["reachable"] = result.min_p_value <= alpha
            rows.append(record)
    table = pd.DataFrame(rows, columns=[by, *PERMUTATION_COLUMNS])
    adjusted = holm if adjust == "holm" else bonferroni
    if adjust not in ("holm", "bonferroni"):
        raise ValueError(f"unknown adjustment {adjust!r} (holm or bonferroni)")
    table["p_adjusted"] = adjusted(table["p_value"].tolist())
    return table


def article_dimension_rates(
    sentences: pd.DataFrame, dimensions: DimensionsLike, parts: Sequence[str] | None = SCORED_PARTS
) -> pd.DataFrame:
    """One row per article × dimension (``ARTICLE_RATE_COLUMNS``): sentences, clean characters, dimension
    hits and the rate per 10,000 characters, the scores to compare over articles. Articles in sentence
    order, dimensions in codebook order; the same hits as :func:`~govtext.compare.count_dimension_terms`."""
    counts = count_dimension_terms(sentences, dimensions, parts=parts)
    grouped = counts.groupby(["doc_id", "article_id", "dimension"], sort=False)
    table = grouped.agg(n_sentences=("sentence_id", "size"), n_chars=("n_chars", "sum"), hits=("hits", "sum"))
    table = table.reset_index()
    table["rate"] = np.where(
        table["n_chars"] > 0, table["hits"] / table["n_chars"].clip(lower=1) * RATE_SCALE, 0.0
    )
    return table[ARTICLE_RATE_COLUMNS]
