"""govtext.compare.programmes: programme mentions by place, shared programmes, kinds and overlap."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from compare.helpers import DIMENSIONS_FILE
from govtext import compare
from govtext.resources import resource_path

DOCUMENTS = pd.DataFrame(
    {"doc_id": ["g1", "g2", "x1", "z1"], "locality": ["Gongyi", "Gongyi", "Xingyang", "Zhongyuan"]}
)


def _mentions() -> pd.DataFrame:
    rows = [
        ("g1", "p_all", "老旧小区改造", "project"),
        ("g2", "p_all", "老旧小区改造", "project"),
        ("x1", "p_all", "老旧小区改造", "project"),
        ("z1", "p_all", "老旧小区改造", "project"),
        ("g1", "p_two", "挂图作战", "method"),
        ("x1", "p_two", "挂图作战", "method"),
        ("g2", "p_gy", "摘星夺旗", "campaign"),
    ]
    frame = pd.DataFrame(rows, columns=["doc_id", "programme_id", "name_zh", "kind"])
    frame["sentence_id"] = frame["doc_id"] + "-1-1"
    return frame


def test_programme_matrix_counts_by_place() -> None:
    matrix = compare.programme_matrix(_mentions(), DOCUMENTS)
    assert list(matrix.index) == ["Gongyi", "Xingyang", "Zhongyuan"]
    assert list(matrix.columns) == ["p_all", "p_two", "p_gy"]
    assert matrix.loc["Gongyi"].tolist() == [2, 1, 1]
    assert matrix.loc["Zhongyuan"].tolist() == [1, 0, 0]
    by_name = compare.programme_matrix(_mentions(), DOCUMENTS, label="name_zh")
    assert by_name.columns[0] == "老旧小区改造"


def test_shared_programmes_categories() -> None:
    shared = compare.shared_programmes(_mentions(), DOCUMENTS).set_index("programme_id")
    assert shared.loc["p_all", "category"] == "shared by 3"
    assert shared.loc["p_all", "places"] == "Gongyi; Xingyang; Zhongyuan"
    assert shared.loc["p_two", "category"] == "shared by 2"
    assert shared.loc["p_two", "places"] == "Gongyi; Xingyang"
    assert shared.loc["p_gy", "category"] == "unique to Gongyi"
    assert shared["n_places"].tolist() == [3, 2, 1]
    assert shared.loc["p_all", "n_mentions"] == 4


def test_kind_profile_shares_sum_to_one() -> None:
    documents = pd.concat(
        [DOCUMENTS, pd.DataFrame({"doc_id": ["q1"], "locality": ["Quiet"]})], ignore_index=True
    )
    profile = compare.kind_profile(_mentions(), documents)
    assert profile.loc["Gongyi", "project"] == pytest.approx(0.5)
    np.testing.assert_allclose(profile.drop(index="Quiet").sum(axis=1), 1.0)
    assert profile.loc["Quiet"].isna().all()
    assert list(profile.columns) == ["campaign", "method", "project"]


def test_programme_overlap_counts_and_jaccard() -> None:
    documents = pd.concat(
        [DOCUMENTS, pd.DataFrame({"doc_id": ["q1"], "locality": ["Quiet"]})], ignore_index=True
    )
    overlap = compare.programme_overlap(_mentions(), documents)
    assert list(overlap.index) == ["Gongyi", "Quiet", "Xingyang", "Zhongyuan"]
    assert overlap.loc["Gongyi", "Gongyi"] == 3 and overlap.loc["Gongyi", "Xingyang"] == 2
    assert overlap.loc["Xingyang", "Zhongyuan"] == 1 and overlap.loc["Quiet", "Gongyi"] == 0
    assert (overlap.to_numpy() == overlap.to_numpy().T).all()
    jaccard = compare.programme_overlap(_mentions(), documents, jaccard=True)
    assert jaccard.loc["Gongyi", "Xingyang"] == pytest.approx(2 / 3)
    assert jaccard.loc["Gongyi", "Zhongyuan"] == pytest.approx(1 / 3)
    assert math.isnan(jaccard.loc["Quiet", "Quiet"])


def test_programmes_by_place_on_the_seeds(seed_tables) -> None:
    programmes = pytest.importorskip("govtext.programmes")
    if not all(hasattr(programmes, f) for f in ("load_codebook", "match_programmes")):
        pytest.skip("govtext.programmes is not complete yet")
    documents, cleaned, sentences = seed_tables
    codebook = programmes.load_codebook(resource_path("codebook"))
    mentions = programmes.match_programmes(sentences, cleaned, codebook)
    matrix = compare.programme_matrix(mentions, documents)
    assert list(matrix.index) == ["Gongyi", "Xingyang", "Zhongyuan"]
    assert matrix.to_numpy().sum() == len(mentions)
    shared = compare.shared_programmes(mentions, documents)
    assert set(shared["n_places"]) <= {1, 2, 3}
    assert shared["places"].str.split("; ").map(lambda p: p == sorted(p)).all()
    profile = compare.kind_profile(mentions, documents)
    np.testing.assert_allclose(profile.sum(axis=1), 1.0)
    assert compare.cosine_similarity_profiles(profile).shape == (3, 3)
    dims = compare.load_dimensions(DIMENSIONS_FILE)
    evidence = compare.typology_evidence(sentences, mentions, dims, dims)
    table = compare.typology_table(evidence, places=["Gongyi", "Xingyang", "Zhongyuan"])
    assert list(table.index) == dims.typology["label"].tolist()
    assert (evidence.groupby(["locality", "row_id"]).size() <= 3).all()
