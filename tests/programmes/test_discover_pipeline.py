"""The pipeline's candidates table: scored, per batch independent of the other documents, raw offsets."""

from __future__ import annotations

import pandas as pd
import pytest

import govtext as gt
from govtext.programmes import discover
from govtext.programmes.names import name_key


@pytest.fixture(scope="module")
def seed_documents(seeds) -> pd.DataFrame:
    documents, _cleaned, _sentences = seeds
    return documents.iloc[:3].reset_index(drop=True)


@pytest.fixture(scope="module")
def together(seed_documents) -> pd.DataFrame:
    return gt.run_pipeline(seed_documents, gt.Resources.default()).candidates


def test_pipeline_candidates_are_scored_and_cite_the_raw_text(seed_documents, together) -> None:
    assert list(together.columns) == discover.PIPELINE_CANDIDATE_COLUMNS
    assert len(together) and together["selected"].any() and not together["selected"].all()
    raw = dict(zip(seed_documents["doc_id"], seed_documents["raw_text"], strict=True))
    for row in together.itertuples():
        assert raw[row.doc_id][row.start : row.end] == row.surface
    threshold = gt.Resources.default().candidate_rules.threshold
    assert together["selected"].tolist() == (together["score"] >= threshold).tolist()


def test_codebook_not_programmes_are_flagged_and_never_selected(together) -> None:
    listed = {name_key(s) for s in gt.programmes.load_not_programmes(gt.resource_path("codebook"))["surface"]}
    flagged = together["candidate"].map(name_key).isin(listed)
    assert flagged.any()
    assert together["not_programme"].eq(flagged).all()
    assert not together.loc[flagged, "selected"].any()


def test_a_batch_gives_the_rows_of_its_documents_run_alone(seed_documents, together) -> None:
    alone = pd.concat(
        [
            gt.run_pipeline(
                seed_documents.iloc[[i]].reset_index(drop=True), gt.Resources.default()
            ).candidates
            for i in range(len(seed_documents))
        ],
        ignore_index=True,
    )
    pd.testing.assert_frame_equal(alone, together.reset_index(drop=True))


def test_page_furniture_is_not_coded(tmp_path) -> None:
    """A codebook name in a list of other headlines (相关新闻) is page furniture: no mention, no candidate."""
    (tmp_path / "page.txt").write_text(
        "巩义市推进基层治理\n\n街道党工委落实“三会一课”制度，全年开展活动120次。\n\n相关新闻：\n"
        "“三会一课”制度在全市推开 2022-05-01\n“邻里微网格”工作法推广 2022-05-02\n",
        encoding="utf-8",
    )
    tables = gt.run_pipeline(gt.load_corpus(tmp_path), gt.Resources.default())
    furniture = set(tables.sentences.loc[tables.sentences["part"] == "furniture", "sentence_id"])
    assert furniture  # the headline list was recognised
    assert tables.programmes["surface"].tolist() == ["三会一课"]
    assert not set(tables.programmes["sentence_id"]) & furniture
    assert not set(tables.candidates["sentence_id"]) & furniture
