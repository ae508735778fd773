"""Programmes by place: programme mentions (govtext.programmes) joined to their documents' locality
and counted per place (:func:`programme_matrix`), shared or unique to a place (:func:`shared_programmes`),
by kind (:func:`kind_profile`) and overlapping between pairs of places (:func:`programme_overlap`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from govtext.compare._shared import _require
from govtext.compare.rates import attach_locality


def _located_mentions(mentions: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    _require(mentions, ["doc_id", "programme_id"], "programme_mentions")
    located = attach_locality(mentions, documents)
    if located["programme_id"].isna().any():
        raise ValueError("programme_mentions: programme_id is missing in some rows")
    return located


def _places(documents: pd.DataFrame) -> list[str]:
    _require(documents, ["locality"], "documents")
    return sorted(documents["locality"].dropna().astype(str).unique())


def programme_matrix(
    mentions: pd.DataFrame, documents: pd.DataFrame, label: str = "programme_id"
) -> pd.DataFrame:
    """Mentions per place (rows, every locality in documents) x programme (columns, most mentioned first).

    ``label`` picks the column naming programmes (programme_id or name_zh).
    """
    located = _located_mentions(mentions, documents)
    _require(located, [label], "programme_mentions")
    places = _places(documents)
    counts = located.groupby(["locality", label], sort=True).size().unstack(fill_value=0)
    counts = counts.reindex(index=places, fill_value=0)
    totals = counts.sum(axis=0)
    order = sorted(counts.columns, key=lambda c: (-int(totals[c]), str(c)))
    matrix = counts[order].astype(int)
    matrix.index.name = "locality"
    matrix.columns.name = "programme" if label == "programme_id" else label
    return matrix


def shared_programmes(mentions: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Each programme with the places that mention it and whether it is shared or unique.

    Columns: programme_id, [name_zh], [kind], places ('; '-joined, sorted), n_places, n_mentions,
    category ("shared by 3", "shared by 2", "unique to Gongyi"). Sorted by n_places, n_mentions
    (descending) and programme_id.
    """
    located = _located_mentions(mentions, documents)
    rows = []
    for programme_id, group in located.groupby("programme_id", sort=True):
        places = sorted(group["locality"].astype(str).unique())
        row = {"programme_id": programme_id}
        for column in ("name_zh", "kind"):
            if column in group.columns:
                row[column] = (
                    group[column].dropna().astype(str).iloc[0] if group[column].notna().any() else ""
                )
        category = f"unique to {places[0]}" if len(places) == 1 else f"shared by {len(places)}"
        row.update(places="; ".join(places), n_places=len(places), n_mentions=len(group), category=category)
        rows.append(row)
    columns = ["programme_id", *[c for c in ("name_zh", "kind") if c in located.columns]]
    columns += ["places", "n_places", "n_mentions", "category"]
    table = pd.DataFrame(rows, columns=columns)
    table = table.sort_values(
        ["n_places", "n_mentions", "programme_id"], ascending=[False, False, True], kind="mergesort"
    )
    return table.reset_index(drop=True)


def kind_profile(mentions: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Share of each place's programme mentions by programme kind (rows sum to 1; NaN with no mentions)."""
    located = _located_mentions(mentions, documents)
    _require(located, ["kind"], "programme_mentions")
    counts = located.groupby(["locality", "kind"], sort=True).size().unstack(fill_value=0)
    counts = counts.reindex(index=_places(documents), fill_value=0).sort_index(axis=1)
    totals = counts.sum(axis=1)
    shares = counts.astype(float).div(totals.where(totals > 0), axis=0)
    shares.index.name = "locality"
    shares.columns.name = "kind"
    return shares


def programme_overlap(mentions: pd.DataFrame, documents: pd.DataFrame, jaccard: bool = False) -> pd.DataFrame:
    """Distinct programmes named by both places of each pair (diagonal: named by the place at all).

    With ``jaccard=True`` each cell is shared / named by either (diagonal 1; NaN for a place with no
    programmes). Square DataFrame, every locality of ``documents`` on both axes, sorted.
    """
    located = _located_mentions(mentions, documents)
    places = _places(documents)
    named = {p: set(located.loc[located["locality"] == p, "programme_id"].astype(str)) for p in places}
    values = np.zeros((len(places), len(places)), dtype=float)
    for i, a in enumerate(places):
        for j, b in enumerate(places):
            both = len(named[a] & named[b])
            if jaccard:
                either = len(named[a] | named[b])
                values[i, j] = both / either if either else np.nan
            else:
                values[i, j] = both
    frame = pd.DataFrame(
        values, index=pd.Index(places, name="locality"), columns=pd.Index(places, name="locality")
    )
    return frame if jaccard else frame.astype("int64")
