"""Distinctive vocabulary and similarity of places over tokens (govtext.segment): the token filter
(``_content_tokens``), weighted log-odds with an informative Dirichlet prior (Monroe, Colaresi & Quinn
2008; :func:`weighted_log_odds`, :func:`top_terms`), cosine similarity of profiles and of tf-idf vectors,
the place names to leave out of the vocabulary (:func:`place_name_terms`), and comparisons of two
log-odds tables (:func:`compare_top_terms`, :func:`top_terms_overlap`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from govtext.compare._shared import _require

WORD_PATTERN = re.compile(r"[A-Za-z\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def _content_tokens(
    tokens: pd.DataFrame,
    group_col: str,
    drop_pos: Sequence[str],
    exclude_stopwords: bool,
    exclude_terms: Iterable[str] = (),
    min_chars: int = 1,
) -> pd.DataFrame:
    """Tokens that count as vocabulary: a letter or CJK character, not a stopword, POS not dropped."""
    _require(tokens, ["token", group_col], "tokens")
    words = tokens["token"].astype(str)
    keep = words.str.contains(WORD_PATTERN) & (words.str.len() >= min_chars)
    excluded = list(exclude_terms)
    if excluded:
        keep &= ~words.isin(excluded)
    if drop_pos and "pos" in tokens.columns:
        keep &= ~tokens["pos"].isin(list(drop_pos))
    if exclude_stopwords and "is_stopword" in tokens.columns:
        keep &= ~tokens["is_stopword"].astype(bool)
    return tokens.loc[keep & tokens[group_col].notna(), [group_col, "token"]]


def _count_matrix(content: pd.DataFrame, group_col: str) -> pd.DataFrame:
    """Groups x terms count matrix, both axes sorted."""
    counts = content.groupby([group_col, "token"], sort=True).size().unstack(fill_value=0)
    return counts.sort_index(axis=0).sort_index(axis=1)


def weighted_log_odds(
    tokens: pd.DataFrame,
    group_col: str = "locality",
    prior: pd.Series | None = None,
    alpha0: float | None = 1000.0,
    min_count: int = 3,
    drop_pos: Sequence[str] = ("x", "m"),
    exclude_stopwords: bool = True,
    exclude_terms: Iterable[str] = (),
    min_chars: int = 1,
) -> pd.DataFrame:
    """Weighted log-odds ratio with an informative Dirichlet prior, each group against all the rest.

    Following Monroe, Colaresi & Quinn (2008), for term w, group i and the rest j with counts y, totals
    n and prior pseudo-counts a_w summing to alpha0::

        delta = log((y_iw + a_w) / (n_i + alpha0 - y_iw - a_w))
              - log((y_jw + a_w) / (n_j + alpha0 - y_jw - a_w))
        var   = 1 / (y_iw + a_w) + 1 / (y_jw + a_w)
        z     = delta / sqrt(var)

    Positive z: the term is more typical of group i than of the rest.

    The prior is informative: ``prior`` (background counts by term; default the pooled counts of the
    corpus itself) rescaled to a total of ``alpha0`` pseudo-counts: a_w = alpha0 * prior_w / sum(prior).
    alpha0 sets the prior's weight against the data. The default 1000 is about a seventh of the ~6,900
    counted body tokens of the seed corpus (moderate shrinkage of rare terms). ``alpha0=None`` keeps
    the prior at its own size (with the default prior, as heavy as the data itself: strong shrinkage,
    rankings close to raw frequency). Terms missing from a given ``prior`` get its smallest positive
    count.
    Tokens that are stopwords, have POS in ``drop_pos`` (punctuation, numerals), no letter/CJK
    character, fewer than ``min_chars`` characters or are in ``exclude_terms`` (e.g. place names) are
    not counted. Only terms with at least ``min_count`` occurrences are reported.

    Columns: <group_col>, term, count, count_rest, total, log_odds, se, z; sorted by group, z
    descending, term.
    """
    content = _content_tokens(tokens, group_col, drop_pos, exclude_stopwords, exclude_terms, min_chars)
    columns = [group_col, "term", "count", "count_rest", "total", "log_odds", "se", "z"]
    if content.empty:
        return pd.DataFrame(columns=columns)
    counts = _count_matrix(content, group_col)
    y = counts.to_numpy(dtype=float)
    total = y.sum(axis=0)
    if prior is None:
        prior_counts = total.copy()
    else:
        aligned = pd.Series(prior, dtype=float).reindex(counts.columns)
        positive = aligned[aligned > 0]
        if positive.empty:
            raise ValueError("prior: no positive count for any term in the corpus")
        prior_counts = aligned.fillna(positive.min()).clip(lower=positive.min()).to_numpy()
    scale = 1.0 if alpha0 is None else float(alpha0) / prior_counts.sum()
    if alpha0 is not None and alpha0 <= 0:
        raise ValueError("alpha0 must be positive")
    a = prior_counts * scale
    a0 = a.sum()
    n = y.sum(axis=1, keepdims=True)
    y_rest = total - y
    n_rest = n.sum() - n
    delta = np.log((y + a) / (n + a0 - y - a)) - np.log((y_rest + a) / (n_rest + a0 - y_rest - a))
    se = np.sqrt(1.0 / (y + a) + 1.0 / (y_rest + a))
    frame = pd.DataFrame(
        {
            group_col: np.repeat(counts.index.to_numpy(), counts.shape[1]),
            "term": np.tile(counts.columns.to_numpy(), counts.shape[0]),
            "count": y.ravel().astype(int),
            "count_rest": y_rest.ravel().astype(int),
            "total": np.tile(total, counts.shape[0]).astype(int),
            "log_odds": delta.ravel(),
            "se": se.ravel(),
            "z": (delta / se).ravel(),
        }
    )
    frame = frame[frame["total"] >= min_count]
    frame = frame.sort_values([group_col, "z", "term"], ascending=[True, False, True], kind="mergesort")
    return frame.reset_index(drop=True)


def top_terms(log_odds: pd.DataFrame, n: int = 15, group_col: str | None = None) -> pd.DataFrame:
    """The ``n`` terms with the highest z for each group (group column: the first column by default)."""
    group_col = group_col or str(log_odds.columns[0])
    ordered = log_odds.sort_values([group_col, "z", "term"], ascending=[True, False, True], kind="mergesort")
    top = ordered.groupby(group_col, sort=True).head(n).copy()
    top.insert(1, "rank", top.groupby(group_col, sort=True).cumcount() + 1)
    return top.reset_index(drop=True)


def cosine_similarity_profiles(profile: pd.DataFrame) -> pd.DataFrame:
    """Cosine similarity between the rows of a numeric profile (rows = units, columns = features).

    Missing values count as 0; a row of zeros has NaN similarity to everything. Square DataFrame with
    the profile's index on both axes; the diagonal is 1 for non-zero rows.
    """
    matrix = profile.astype(float).fillna(0.0).to_numpy()
    norms = np.linalg.norm(matrix, axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        unit = matrix / norms[:, None]
    sim = np.clip(unit @ unit.T, -1.0, 1.0)
    zero = norms == 0
    sim[zero, :] = np.nan
    sim[:, zero] = np.nan
    diag = np.where(zero, np.nan, 1.0)
    np.fill_diagonal(sim, diag)
    return pd.DataFrame(sim, index=profile.index.copy(), columns=profile.index.copy())


def cosine_similarity_tfidf(
    tokens: pd.DataFrame,
    group_col: str = "locality",
    drop_pos: Sequence[str] = ("x", "m"),
    exclude_stopwords: bool = True,
    exclude_terms: Iterable[str] = (),
) -> pd.DataFrame:
    """Cosine similarity of groups' tf-idf vectors (each group's tokens pooled into one document).

    tf = raw counts; idf = ln((1 + G) / (1 + df)) + 1 over the G groups (smoothed, so a term used by
    every group keeps weight 1 instead of vanishing). Same token filter as :func:`weighted_log_odds`.
    """
    content = _content_tokens(tokens, group_col, drop_pos, exclude_stopwords, exclude_terms)
    counts = _count_matrix(content, group_col)
    tf = counts.to_numpy(dtype=float)
    df = (tf > 0).sum(axis=0)
    idf = np.log((1.0 + tf.shape[0]) / (1.0 + df)) + 1.0
    weights = pd.DataFrame(tf * idf, index=counts.index, columns=counts.columns)
    return cosine_similarity_profiles(weights)


# --------------------------------------------------------------------------------------------------
# Place names


ADMIN_SUFFIX_PATTERN = re.compile(r"(?:街道办事处|街道|办事处|市政府|区政府|政府|路|市|区|县|镇|乡|村|委)+")
NAME_STEM_PATTERN = re.compile(r"([\u4e00-\u9fff]{2,}?)(?:街道办事处|街道|办事处|路|市|区|县|镇|乡|村)")


def place_name_stems(documents: pd.DataFrame) -> list[str]:
    """Name stems of the places and sub-units in ``documents`` (``place_zh`` and ``sub_units``).

    A stem is the part of a name before an administrative suffix (市, 区, 县, 镇, 乡, 村, 街道, 办事处)
    or a road (路, since sub-districts are named after roads): 巩义市 -> 巩义, 杜甫路街道 -> 杜甫,
    汜水镇西邢村 -> 汜水, 西邢. Sorted, without duplicates.
    """
    columns = [c for c in ("place_zh", "sub_units") if c in documents.columns]
    if not columns:
        raise ValueError("documents: needs a place_zh or sub_units column")
    stems: set[str] = set()
    for column in columns:
        for value in documents[column].dropna().astype(str):
            for name in re.split(r"[;；]\s*", value):
                stems.update(m.group(1) for m in NAME_STEM_PATTERN.finditer(name.strip()))
    return sorted(stems)


def place_name_terms(vocabulary: Iterable[str], documents: pd.DataFrame) -> list[str]:
    """Words of ``vocabulary`` that only name a place of ``documents``: a stem from
    :func:`place_name_stems` alone or followed by administrative suffixes (巩义, 巩义市, 巩义市委,
    汝河路街道, 荥阳市委市政府). Names of things in a place (汝河小区, 荥阳模式) are not place names.
    Sorted, without duplicates; pass them as ``exclude_terms`` to the vocabulary statistics.
    """
    stems = place_name_stems(documents)
    found = set()
    for word in vocabulary:
        word = str(word)
        for stem in stems:
            if word.startswith(stem) and (
                len(word) == len(stem) or ADMIN_SUFFIX_PATTERN.fullmatch(word[len(stem) :])
            ):
                found.add(word)
                break
    return sorted(found)


# --------------------------------------------------------------------------------------------------
# Summaries and comparisons of vocabulary tables


def token_summary(
    tokens: pd.DataFrame,
    group_col: str = "locality",
    drop_pos: Sequence[str] = ("x", "m"),
    exclude_stopwords: bool = True,
    exclude_terms: Iterable[str] = (),
) -> pd.DataFrame:
    """Tokens per group: all tokens, the tokens the vocabulary statistics count, and their distinct types.

    Columns: <group_col>, n_tokens, n_counted, n_types, mean_chars (mean length of counted tokens).
    Counted = the filter of :func:`weighted_log_odds` (no stopwords, punctuation, numerals, excluded terms).
    """
    _require(tokens, ["token", group_col], "tokens")
    content = _content_tokens(tokens, group_col, drop_pos, exclude_stopwords, exclude_terms)
    totals = tokens.groupby(group_col, sort=True).size().rename("n_tokens")
    counted = content.groupby(group_col, sort=True)["token"]
    table = pd.concat(
        [
            totals,
            counted.size().rename("n_counted"),
            counted.nunique().rename("n_types"),
            counted.apply(lambda words: float(words.str.len().mean())).rename("mean_chars"),
        ],
        axis=1,
    )
    table[["n_counted", "n_types"]] = table[["n_counted", "n_types"]].fillna(0).astype("int64")
    table.index.name = group_col
    return table.reset_index()


def compare_top_terms(
    first: pd.DataFrame,
    second: pd.DataFrame,
    n: int = 10,
    names: tuple[str, str] = ("first", "second"),
    group_col: str | None = None,
) -> pd.DataFrame:
    """Two log-odds tables side by side: for each group and rank 1..n, the term of each table.

    Columns: <group>, rank, <names[0]>, <names[1]>, in_both (the first table's term is also among the
    second table's top n for that group).
    """
    group_col = group_col or str(first.columns[0])
    top_first = top_terms(first, n, group_col)
    top_second = top_terms(second, n, group_col)
    merged = top_first[[group_col, "rank", "term"]].merge(
        top_second[[group_col, "rank", "term"]], on=[group_col, "rank"], how="outer", suffixes=("_a", "_b")
    )
    merged = merged.sort_values([group_col, "rank"], kind="mergesort").reset_index(drop=True)
    second_sets = {g: set(block["term"]) for g, block in top_second.groupby(group_col, sort=True)}
    merged["in_both"] = [
        isinstance(t, str) and t in second_sets.get(g, set())
        for g, t in zip(merged[group_col], merged["term_a"], strict=True)
    ]
    return merged.rename(columns={"term_a": names[0], "term_b": names[1]})


def top_terms_overlap(
    first: pd.DataFrame, second: pd.DataFrame, n: int = 10, group_col: str | None = None
) -> pd.DataFrame:
    """Per group, how many of the top ``n`` terms of two log-odds tables coincide (order ignored).

    Columns: <group>, n, shared, share (shared / n).
    """
    pairs = compare_top_terms(first, second, n, ("a", "b"), group_col)
    group_col = str(pairs.columns[0])
    table = (
        pairs.groupby(group_col, sort=True)["in_both"].sum().astype("int64").rename("shared").reset_index()
    )
    table.insert(1, "n", n)
    table["share"] = table["shared"] / n
    return table
