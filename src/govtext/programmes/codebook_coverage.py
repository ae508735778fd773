"""How much of what discovery finds the codebook already covers, and the names a coder should look at next.

``coverage`` counts distinct candidates (of :func:`govtext.programmes.discover.discover_candidates`) by
status and ``uncoded_candidates`` lists the ones neither coded nor set aside as ``not_programmes``.
"""

from __future__ import annotations

import pandas as pd

from govtext.programmes.discover import PATTERNS
from govtext.programmes.match import _codebook_names
from govtext.programmes.names import name_key


def _distinct_candidates(
    candidates: pd.DataFrame, codebook: pd.DataFrame, not_programmes: pd.DataFrame | None
) -> pd.DataFrame:
    """One row per distinct candidate key with its status: in_codebook, not_programme, uncoded."""
    keys = {name_key(text) for text, _owner in _codebook_names(codebook)}
    excluded = set() if not_programmes is None else {name_key(s) for s in not_programmes["surface"]}
    table = candidates.assign(key=candidates["candidate"].map(name_key))
    grouped = (
        table.groupby("key", sort=True)
        .agg(
            candidate=("candidate", "first"),
            pattern=("pattern", lambda p: min(p, key=PATTERNS.index)),
            n_mentions=("candidate", "size"),
            n_docs=("doc_id", "nunique"),
            in_codebook=("in_codebook", "any"),
            first_doc=("doc_id", "min"),
        )
        .reset_index()
    )
    grouped["in_codebook"] = grouped["in_codebook"] | grouped["key"].isin(keys)
    grouped["not_programme"] = ~grouped["in_codebook"] & grouped["key"].isin(excluded)
    return grouped


def coverage(
    candidates: pd.DataFrame, codebook: pd.DataFrame, not_programmes: pd.DataFrame | None = None
) -> pd.DataFrame:
    """How much of what discovery finds the codebook covers, by pattern and for ``all``.

    Counts distinct candidates (by ``name_key``): ``n_in_codebook`` (overlapping a codebook mention or equal
    to a name/alias), ``n_not_programme`` (listed in ``not_programmes``), ``n_uncoded`` (neither).
    ``share_in_codebook`` = in_codebook / distinct; ``share_of_programme_like`` = in_codebook /
    (distinct - not_programme), i.e. coverage once listed slogans are set aside.
    """
    distinct = _distinct_candidates(candidates, codebook, not_programmes)
    per_pattern = (
        candidates.assign(key=candidates["candidate"].map(name_key))[["key", "pattern"]]
        .drop_duplicates()
        .merge(distinct.drop(columns=["pattern"]), on="key")
    )
    rows = []
    for pattern in (*PATTERNS, "all"):
        part = distinct if pattern == "all" else per_pattern[per_pattern["pattern"] == pattern]
        n = len(part)
        n_in = int(part["in_codebook"].sum())
        n_not = int(part["not_programme"].sum())
        rows.append(
            {
                "pattern": pattern,
                "n_distinct": n,
                "n_in_codebook": n_in,
                "n_not_programme": n_not,
                "n_uncoded": n - n_in - n_not,
                "share_in_codebook": n_in / n if n else float("nan"),
                "share_of_programme_like": n_in / (n - n_not) if n - n_not else float("nan"),
            }
        )
    return pd.DataFrame(rows)


def uncoded_candidates(
    candidates: pd.DataFrame, codebook: pd.DataFrame, not_programmes: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Distinct candidates neither in the codebook nor listed as not programmes, most frequent first.

    Columns: candidate, pattern, n_mentions, n_docs, first_doc; sorted by n_mentions (desc), candidate.
    """
    distinct = _distinct_candidates(candidates, codebook, not_programmes)
    table = distinct[~distinct["in_codebook"] & ~distinct["not_programme"]]
    table = table.sort_values(["n_mentions", "candidate"], ascending=[False, True], kind="stable")
    return table[["candidate", "pattern", "n_mentions", "n_docs", "first_doc"]].reset_index(drop=True)
