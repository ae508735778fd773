"""scripts/evaluate_devset.py: the pipeline's own candidates, the package's threshold, figures per set."""

from __future__ import annotations

import dataclasses
import importlib.util
from pathlib import Path

import pandas as pd
import pytest

import govtext as gt
from govtext.evaluate import blind
from govtext.evaluate.agreement import score_spans

ROOT = Path(__file__).resolve().parents[2]
SEED_GOLD = ROOT / "data" / "annotations" / "blind" / "adjudicated"


@pytest.fixture(scope="module")
def script():
    spec = importlib.util.spec_from_file_location("evaluate_devset", ROOT / "scripts" / "evaluate_devset.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def seed_run(seeds):
    documents, _cleaned, _sentences = seeds
    return documents, gt.run_pipeline(documents, gt.Resources.default())


def test_without_texts_it_says_so_and_exits_0(script, tmp_path, capsys) -> None:
    assert script.main(["--texts", str(tmp_path)]) == 0
    assert "no texts" in capsys.readouterr().out


def test_matcher_and_candidates_uses_the_selected_pipeline_candidates(script, seed_run) -> None:
    documents, tables = seed_run
    gold = blind.load_coding(SEED_GOLD)
    rows, _missed = script.score_set("seeds", tables, gold, set(documents["doc_id"]))
    by_instrument = {row["instrument"]: row for row in rows}
    assert list(by_instrument) == list(script.INSTRUMENTS)
    selected = tables.candidates[tables.candidates["selected"]]
    expected = score_spans(pd.concat([tables.programmes, selected]), gold["programmes"])[0]
    assert by_instrument["matcher_and_candidates"]["fp"] == expected["fp"]
    every = score_spans(pd.concat([tables.programmes, tables.candidates]), gold["programmes"])[0]
    assert by_instrument["matcher_and_all_candidates"]["fp"] == every["fp"]
    assert every["fp"] > expected["fp"]  # the threshold leaves candidates out


def test_sets_split_zhengzhou_from_the_other_cities(script, seed_run) -> None:
    documents, tables = seed_run
    localities = ["Zhengzhou", "Luoyang", "Luoyang", "Xuchang", "Zhengzhou"]
    fake = documents.assign(locality=localities)
    gold = blind.load_coding(SEED_GOLD)
    scores, _missed = script.score(fake, gold, tables)
    assert scores["set"].unique().tolist() == [script.DEVELOPMENT_SET, script.HELD_OUT_SET]
    zhengzhou = set(fake.loc[fake["locality"] == "Zhengzhou", "doc_id"])
    matcher = scores.query("set == @script.HELD_OUT_SET and instrument == 'matcher'").iloc[0]
    part = score_spans(
        tables.programmes[tables.programmes["doc_id"].isin(zhengzhou)],
        gold["programmes"][gold["programmes"]["doc_id"].isin(zhengzhou)],
    )[0]
    assert matcher["tp"] == part["tp"] and matcher["fp"] == part["fp"]


def test_fit_weights_learns_the_sign_of_a_clue(script, seed_run) -> None:
    _documents, tables = seed_run
    candidates = tables.candidates.reset_index(drop=True)
    labels = candidates["suffix_strength"].eq("strong") | candidates["numerals"].eq("formula")
    weights = script.fit_weights(candidates, labels)
    assert weights["suffix_strong"] > 0 and weights["numerals_formula"] > 0
    assert weights["not_programme"] == gt.Resources.default().candidate_rules.weights["not_programme"]
    assert dataclasses.is_dataclass(gt.Resources.default().candidate_rules)
