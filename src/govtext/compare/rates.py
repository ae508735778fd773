"""Dimension rates by place (or article, or any group): hits per 10,000 clean characters with
percentile bootstrap intervals (:func:`dimension_rates`), their display (:func:`rate_table`,
:func:`rate_leaders`) and the checks that a place's profile does not rest on one document or article
(:func:`leave_one_out`, :func:`leave_one_out_summary`, :func:`article_contributions`).

The sentence bootstrap is descriptive, not a test. It resamples sentences within a group, but sentences
are not independent draws (the article is the unit of inference), so its intervals show how much a rate
rests on particular sentences; whether two places' intervals overlap (``rate_leaders``' ``separated``)
is a description too, not evidence that the places differ.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from govtext.common import RATE_SCALE
from govtext.compare._shared import NO_EVIDENCE, _article_key, _require, _select_parts
from govtext.compare.dimensions import DimensionCodebook, DimensionsLike, _dimension_matches, _term_map
from govtext.compare.scores import DEFAULT_PARTS, count_dimension_terms

DEFAULT_SEED = 20201
RATE_COLUMNS = ["dimension", "n_sentences", "n_chars", "hits", "rate", "ci_low", "ci_high"]


def attach_locality(frame: pd.DataFrame, documents: pd.DataFrame, column: str = "locality") -> pd.DataFrame:
    """``frame`` with the documents' ``column`` (default locality) joined on doc_id; row order kept."""
    _require(frame, ["doc_id"], "frame")
    _require(documents, ["doc_id", column], "documents")
    if documents["doc_id"].duplicated().any():
        dupes = sorted(documents.loc[documents["doc_id"].duplicated(), "doc_id"].astype(str).unique())
        raise ValueError(f"documents: duplicate doc_id(s) {', '.join(dupes)}")
    lookup = dict(zip(documents["doc_id"], documents[column], strict=True))
    missing = sorted({str(d) for d in frame["doc_id"].unique() if d not in lookup})
    if missing:
        raise ValueError(f"doc_id(s) not in documents: {', '.join(missing[:5])}")
    out = frame.copy()
    out[column] = frame["doc_id"].map(lookup)
    return out


def _hit_matrix(sentences: pd.DataFrame, term_map: Mapping[str, Sequence[str]]) -> np.ndarray:
    texts = sentences["text"].tolist()
    matrix = np.zeros((len(texts), len(term_map)), dtype=np.int64)
    for i, matches in enumerate(_dimension_matches(texts, term_map)):
        matrix[i] = [len(found) for found in matches]
    return matrix


def _group_rng(seed: int, group: Any) -> np.random.Generator:
    """A generator that depends only on the seed and the group's name (stable across runs)."""
    return np.random.default_rng([int(seed), zlib.crc32(str(group).encode("utf-8"))])


def _bootstrap_rates(
    hits: np.ndarray, chars: np.ndarray, n_boot: int, rng: np.random.Generator, ci: float
) -> tuple[np.ndarray, np.ndarray]:
    """Percentile interval of sum(hits)/sum(chars) over sentences resampled with replacement."""
    n, n_dims = hits.shape
    rates = np.empty((n_boot, n_dims))
    chunk = max(1, 2_000_000 // max(n, 1))
    for lo in range(0, n_boot, chunk):
        size = min(chunk, n_boot - lo)
        idx = rng.integers(0, n, size=(size, n))
        boot_chars = chars[idx].sum(axis=1).astype(float)
        for j in range(n_dims):
            with np.errstate(divide="ignore", invalid="ignore"):
                rates[lo : lo + size, j] = hits[:, j][idx].sum(axis=1) / boot_chars * RATE_SCALE
    tail = (1.0 - ci) / 2.0
    low, high = np.nanquantile(rates, [tail, 1.0 - tail], axis=0)
    return low, high


def dimension_rates(
    sentences: pd.DataFrame,
    dimensions: DimensionsLike,
    by: str = "locality",
    n_boot: int = 1000,
    seed: int = DEFAULT_SEED,
    parts: Sequence[str] | None = DEFAULT_PARTS,
    ci: float = 0.95,
    carry: Sequence[str] = (),
) -> pd.DataFrame:
    """Hits per 10,000 clean characters for each group x dimension, with percentile bootstrap CIs.

    Only sentences whose ``part`` is in ``parts`` count (body text by default; ``None`` = all). The
    bootstrap resamples sentences with replacement within each group ``n_boot`` times; each group's
    numpy Generator is seeded from ``seed`` and the group's name, so results are deterministic and a
    group's interval does not change when other groups are added. ``n_boot=0`` leaves the CIs NaN.
    ``carry`` names columns that are constant within a group and are copied after <by> (e.g.
    ``carry=["locality"]`` with ``by="article_id"``). Columns: <by>, [carry], dimension, n_sentences,
    n_chars, hits, rate, ci_low, ci_high.
    """
    _require(sentences, ["text", *carry], "sentences")
    if by not in sentences.columns:
        hint = " (join it with attach_locality(sentences, documents))" if by == "locality" else ""
        raise ValueError(f"sentences: no column {by!r} to group by{hint}")
    if n_boot < 0 or not 0 < ci < 1:
        raise ValueError("n_boot must be >= 0 and ci in (0, 1)")
    term_map = _term_map(dimensions)
    selected = _select_parts(sentences, parts)
    rows = []
    for group in sorted(selected[by].dropna().unique(), key=str):
        members = selected[selected[by] == group]
        carried = []
        for column in carry:
            values = members[column].dropna().unique()
            if len(values) != 1:
                raise ValueError(f"sentences: column {column!r} is not constant within {by} {group!r}")
            carried.append(values[0])
        hits = _hit_matrix(members, term_map)
        chars = members["text"].str.len().to_numpy(dtype=np.int64)
        total_chars = int(chars.sum())
        total_hits = hits.sum(axis=0)
        with np.errstate(divide="ignore", invalid="ignore"):
            point = total_hits / total_chars * RATE_SCALE if total_chars else np.full(len(term_map), np.nan)
        if n_boot and len(members):
            low, high = _bootstrap_rates(hits, chars, n_boot, _group_rng(seed, group), ci)
        else:
            low = high = np.full(len(term_map), np.nan)
        for j, dim in enumerate(term_map):
            rows.append(
                (
                    group,
                    *carried,
                    dim,
                    len(members),
                    total_chars,
                    int(total_hits[j]),
                    point[j],
                    low[j],
                    high[j],
                )
            )
    return pd.DataFrame(rows, columns=[by, *carry, *RATE_COLUMNS])


def combine_rates(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Rates tables of different groupings stacked into one, for export: ``level`` (the mapping's key,
    e.g. place or article), ``group`` (the value of the table's first column), the other columns
    (``locality`` when present), then ``RATE_COLUMNS``.
    """
    blocks = []
    for level, table in tables.items():
        _require(table, RATE_COLUMNS, f"rates table {level!r}")
        block = table.copy()
        block.insert(0, "group", block[block.columns[0]].astype(str))
        block.insert(0, "level", level)
        blocks.append(block)
    combined = pd.concat(blocks, ignore_index=True)
    middle = [c for c in ("locality",) if c in combined.columns]
    return combined[["level", "group", *middle, *RATE_COLUMNS]]


def leave_one_out(
    sentences: pd.DataFrame,
    dimensions: DimensionsLike,
    documents: pd.DataFrame,
    group: str,
    n_boot: int = 0,
    seed: int = DEFAULT_SEED,
    parts: Sequence[str] | None = DEFAULT_PARTS,
) -> pd.DataFrame:
    """Rates by locality with each document of ``group`` left out in turn (``left_out`` = its doc_id).

    The first block (``left_out == "none"``) is the full corpus, for comparison. A place with several
    documents (in the seed corpus, Gongyi: three) should not owe its profile to one of them.
    """
    _require(documents, ["doc_id", "locality"], "documents")
    doc_ids = sorted(documents.loc[documents["locality"] == group, "doc_id"].astype(str))
    if not doc_ids:
        raise ValueError(f"documents: no document with locality {group!r}")
    located = attach_locality(sentences, documents)
    blocks = []
    for left_out in ["none", *doc_ids]:
        subset = located if left_out == "none" else located[located["doc_id"] != left_out]
        rates = dimension_rates(subset, dimensions, by="locality", n_boot=n_boot, seed=seed, parts=parts)
        rates.insert(0, "left_out", left_out)
        blocks.append(rates)
    return pd.concat(blocks, ignore_index=True)


def rate_table(
    rates: pd.DataFrame,
    dimensions: DimensionCodebook | None = None,
    by: str = "locality",
    columns: Sequence[str] | None = None,
    digits: int = 0,
) -> pd.DataFrame:
    """Rates as a wide display table: one row per dimension, one column per group, ``rate [low–high]``.

    Rows follow the order of ``rates`` and are labelled with ``name_en`` when a codebook is given;
    ``columns`` fixes the order of groups (default: sorted).
    """
    _require(rates, [by, "dimension", "rate", "ci_low", "ci_high"], "rates")
    groups = list(columns) if columns is not None else sorted(rates[by].astype(str).unique())
    dims = list(dict.fromkeys(rates["dimension"]))
    names = _dimension_names(dimensions)

    def cell(row: pd.Series) -> str:
        if pd.isna(row["rate"]):
            return NO_EVIDENCE
        if pd.isna(row["ci_low"]):
            return f"{row['rate']:.{digits}f}"
        return f"{row['rate']:.{digits}f} [{row['ci_low']:.{digits}f}–{row['ci_high']:.{digits}f}]"

    cells = {(r["dimension"], str(r[by])): cell(r) for _, r in rates.iterrows()}
    table = pd.DataFrame(
        [[cells.get((dim, group), NO_EVIDENCE) for group in groups] for dim in dims],
        index=pd.Index([names.get(dim, dim) for dim in dims], name="dimension"),
        columns=pd.Index(groups, name=by),
    )
    return table


def _dimension_names(dimensions: DimensionCodebook | None) -> dict[str, str]:
    if dimensions is None:
        return {}
    return dict(zip(dimensions.dimensions["id"], dimensions.dimensions["name_en"], strict=True))


def rate_leaders(rates: pd.DataFrame, by: str = "locality") -> pd.DataFrame:
    """For each dimension, the group with the highest rate and the runner-up.

    ``separated`` is True when the leader's lower CI bound lies above the runner-up's upper bound (the
    percentile intervals do not overlap). Columns: dimension, leader, leader_rate, leader_ci_low,
    runner_up, runner_up_rate, runner_up_ci_high, ratio (leader / runner-up rate), separated. Dimensions
    keep their order in ``rates``; ties in rate go to the group that sorts first.
    """
    _require(rates, [by, "dimension", "rate", "ci_low", "ci_high"], "rates")
    rows = []
    for dim in dict.fromkeys(rates["dimension"]):
        group = rates[rates["dimension"] == dim].copy()
        group["_name"] = group[by].astype(str)
        group = group.sort_values(["rate", "_name"], ascending=[False, True], kind="mergesort")
        first = group.iloc[0]
        second = group.iloc[1] if len(group) > 1 else None
        runner_rate = float(second["rate"]) if second is not None else np.nan
        runner_high = float(second["ci_high"]) if second is not None else np.nan
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = float(first["rate"]) / runner_rate if runner_rate else np.nan
        rows.append(
            (
                dim,
                first[by],
                float(first["rate"]),
                float(first["ci_low"]),
                second[by] if second is not None else None,
                runner_rate,
                runner_high,
                ratio,
                bool(first["ci_low"] > runner_high) if second is not None else False,
            )
        )
    columns = [
        "dimension",
        "leader",
        "leader_rate",
        "leader_ci_low",
        "runner_up",
        "runner_up_rate",
        "runner_up_ci_high",
        "ratio",
        "separated",
    ]
    return pd.DataFrame(rows, columns=columns)


def article_contributions(
    sentences: pd.DataFrame,
    dimensions: DimensionsLike,
    by: str = "locality",
    parts: Sequence[str] | None = DEFAULT_PARTS,
) -> pd.DataFrame:
    """How much of each group's dimension hits comes from its single most contributing article.

    Columns: <by>, dimension, n_articles, hits, rate, top_article (most hits; ties: first article),
    top_hit_share (its share of the group's hits), top_char_share (its share of the group's characters),
    rate_without_top (the group's rate with that article left out; NaN for a one-article group). A
    top_hit_share far above top_char_share means one article drives the group's rate.
    """
    _require(sentences, ["doc_id", "article_id", "sentence_id", "text", by], "sentences")
    counts = count_dimension_terms(_select_parts(sentences, parts), dimensions)
    columns = [by, "dimension", "n_articles", "hits", "rate", "top_article"]
    columns += ["top_hit_share", "top_char_share", "rate_without_top"]
    if counts.empty:
        return pd.DataFrame(columns=columns)
    dim_order = {d: i for i, d in enumerate(_term_map(dimensions))}
    per_article = counts.groupby([by, "dimension", "article_id"], sort=False, as_index=False).agg(
        hits=("hits", "sum"), n_chars=("n_chars", "sum")
    )
    rows = []
    for (group, dim), block in per_article.groupby([by, "dimension"], sort=False):
        block = block.assign(_key=block["article_id"].map(_article_key))
        block = block.sort_values(["hits", "_key"], ascending=[False, True], kind="mergesort")
        hits, chars = int(block["hits"].sum()), int(block["n_chars"].sum())
        top = block.iloc[0]
        rest_chars = chars - int(top["n_chars"])
        rate_without = (hits - int(top["hits"])) / rest_chars * RATE_SCALE if rest_chars else np.nan
        rows.append(
            (
                group,
                dim,
                len(block),
                hits,
                hits / chars * RATE_SCALE if chars else np.nan,
                top["article_id"],
                int(top["hits"]) / hits if hits else np.nan,
                int(top["n_chars"]) / chars if chars else np.nan,
                rate_without,
            )
        )
    table = pd.DataFrame(rows, columns=columns)
    table["_dim"] = table["dimension"].map(dim_order)
    table["_group"] = table[by].astype(str)
    table = table.sort_values(["_group", "_dim"], kind="mergesort").drop(columns=["_dim", "_group"])
    return table.reset_index(drop=True)


def leave_one_out_summary(loo: pd.DataFrame, group: str, by: str = "locality") -> pd.DataFrame:
    """Summarise :func:`leave_one_out`: per dimension, how far ``group``'s rate moves and whether the
    leading place changes.

    Columns: dimension, rate_full (``group``, nothing left out), rate_min, rate_max (over the leave-outs),
    leader_full (the highest-rate place with nothing left out), leader_changes (number of leave-outs in
    which another place leads), leaders (every leader seen, '; '-joined in order of first appearance).
    """
    _require(loo, ["left_out", by, "dimension", "rate"], "leave_one_out table")
    rows = []
    for dim in dict.fromkeys(loo["dimension"]):
        block = loo[loo["dimension"] == dim]
        full = block[block["left_out"] == "none"]
        if full.empty:
            raise ValueError("leave_one_out table: no block with left_out == 'none'")
        own = block[(block[by] == group) & (block["left_out"] != "none")]["rate"]
        leaders = []
        for left_out in dict.fromkeys(block["left_out"]):
            sub = block[block["left_out"] == left_out].assign(_name=lambda f: f[by].astype(str))
            sub = sub.sort_values(["rate", "_name"], ascending=[False, True], kind="mergesort")
            leaders.append(str(sub.iloc[0][by]))
        rows.append(
            (
                dim,
                float(full.loc[full[by] == group, "rate"].iloc[0]),
                float(own.min()),
                float(own.max()),
                leaders[0],
                sum(leader != leaders[0] for leader in leaders[1:]),
                "; ".join(dict.fromkeys(leaders)),
            )
        )
    columns = ["dimension", "rate_full", "rate_min", "rate_max", "leader_full", "leader_changes", "leaders"]
    return pd.DataFrame(rows, columns=columns)
