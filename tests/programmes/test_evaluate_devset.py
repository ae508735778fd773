"""scripts/evaluate_devset.py: the pipeline's own candidates, the package's threshold, figures per set."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd
import pytest
from conftest import load_module

import govtext as gt
from govtext.evaluate import blind, devset
from govtext.evaluate.agreement import score_spans

ROOT = Path(__file__).resolve().parents[2]
SEED_GOLD = ROOT / "data" / "annotations" / "blind" / "adjudicated"


@pytest.fixture(scope="module")
def script():
    return load_module(ROOT / "scripts" / "evaluate_devset.py")


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
    assert scores["set"].unique().tolist() == [devset.DEVELOPMENT_SET, devset.HELD_OUT_SET]
    zhengzhou = set(fake.loc[fake["locality"] == "Zhengzhou", "doc_id"])
    matcher = scores.query("set == @devset.HELD_OUT_SET and instrument == 'matcher'").iloc[0]
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


def test_the_later_zhengzhou_sets_are_sets_of_their_own(script) -> None:
    ids = ["luoyang_01", "zhengzhou_01", "zhengzhou_b01", "zhengzhou_b02", "zhengzhou_c01", "zhengzhou_d01"]
    documents = pd.DataFrame({"doc_id": ids, "locality": ["Luoyang", *["Zhengzhou"] * 5]})
    assert devset.set_of_documents(documents) == {
        "luoyang_01": devset.DEVELOPMENT_SET,
        "zhengzhou_01": devset.HELD_OUT_SET,
        "zhengzhou_b01": devset.SET_NAMES["zhengzhou_b"],
        "zhengzhou_b02": devset.SET_NAMES["zhengzhou_b"],
        "zhengzhou_c01": devset.SET_NAMES["zhengzhou_c"],
        "zhengzhou_d01": devset.SET_NAMES["zhengzhou_d"],
    }
    assert set(devset.SET_KEYS) == {*devset.SETS, devset.SEED_SET} == set(devset.SET_PHRASES)


def test_gold_folders_are_read_together_and_missing_ones_skipped(script, tmp_path) -> None:
    seeds = blind.load_coding(SEED_GOLD)
    both = devset.read_codings([SEED_GOLD, tmp_path / "absent", SEED_GOLD], skip_missing=True)
    assert len(both["programmes"]) == 2 * len(seeds["programmes"])
    assert len(both["stages"]) == 2 * len(seeds["stages"])
    with pytest.raises(ValueError, match="no coding in"):
        devset.read_codings([tmp_path / "absent"], skip_missing=True)
    with pytest.raises(ValueError, match="absent"):  # without skip_missing a missing folder is an error
        devset.read_codings([SEED_GOLD, tmp_path / "absent"])
    assert [f.parent.name for f in script.GOLD_FOLDERS[1:]] == [
        s.key for s in devset.DEVELOPMENT_SETS if s.own_folder
    ]


def test_a_set_without_gold_is_not_scored(script, seed_run, capsys) -> None:
    documents, tables = seed_run
    fake = documents.assign(locality=["Zhengzhou", "Luoyang", "Luoyang", "Xuchang", "Zhengzhou"])
    gold = blind.load_coding(SEED_GOLD)
    gold = {
        part: table[~table["doc_id"].isin(fake.loc[fake["locality"] == "Zhengzhou", "doc_id"])]
        for part, table in gold.items()
    }
    scores, _missed = script.score(fake, gold, tables)
    assert scores["set"].unique().tolist() == [devset.DEVELOPMENT_SET]
    assert "no gold for the 2 texts of 'Zhengzhou'" in capsys.readouterr().out


def test_skip_does_not_mix_with_write(script, tmp_path, capsys) -> None:
    with pytest.raises(SystemExit) as stopped:
        script.main(["--texts", str(tmp_path), "--skip", "henan_c09", "--write", str(tmp_path / "s.csv")])
    assert stopped.value.code == 2
    assert "do not mix" in capsys.readouterr().err
    assert not (tmp_path / "s.csv").exists()


def test_leave_one_set_out_never_fits_on_the_set_it_scores(script, seed_run, monkeypatch) -> None:
    documents, tables = seed_run
    gold = blind.load_coding(SEED_GOLD)
    ids = sorted(documents["doc_id"])
    fake_sets = {doc: f"set {i % 3}" for i, doc in enumerate(ids)}  # three sets of the five seeds
    monkeypatch.setattr(script.devset, "set_of_documents", lambda _documents: fake_sets)
    monkeypatch.setattr(script.devset, "FITTING_SETS", ("set 0", "set 1", "set 2"))
    fitted_on: list[set[str]] = []
    real_fit = script._fitted_weights

    def recording_fit(tables_, gold_, fit_ids):
        fitted_on.append(set(fit_ids))
        return real_fit(tables_, gold_, fit_ids)

    monkeypatch.setattr(script, "_fitted_weights", recording_fit)
    table = script.leave_one_set_out(documents, gold, tables)
    complements = [
        set(ids) - {doc for doc, chosen in fake_sets.items() if chosen == name}
        for name in ("set 0", "set 1", "set 2")
    ]
    # each held-out fit refits to a fixed point (one fit or more), always on the other sets, never on
    # the one scored
    assert len(fitted_on) >= 3 and all(fit_ids in complements for fit_ids in fitted_on)
    assert all(complement in fitted_on for complement in complements)
    scored = table[table["set"] != script.POOLED_LOSO]
    pooled = table[table["set"] == script.POOLED_LOSO].iloc[0]
    assert set(scored["threshold"]) <= set(script.THRESHOLDS)
    for key in ("tp", "fp", "fn", "n_texts"):
        assert pooled[key] == scored[key].sum()
    assert pooled["precision"] == pytest.approx(pooled["tp"] / (pooled["tp"] + pooled["fp"]))
    assert list(table.columns) == list(script.LOSO_COLUMNS)


def test_skip_does_not_mix_with_loso(script, tmp_path, capsys) -> None:
    with pytest.raises(SystemExit):
        script.main(["--skip", "henan_c09", "--loso", str(tmp_path / "loso.csv")])
    assert "--loso" in capsys.readouterr().err
    assert not (tmp_path / "loso.csv").exists()


def test_incomplete_sets_counts_the_missing_texts_of_each_set(script) -> None:
    manifest = pd.DataFrame(
        {
            "doc_id": ["henan_b01", "henan_b02", "henan_k01", "zhengzhou_b01"],
            "locality": ["Luoyang", "Luoyang", "Zhoukou", "Zhengzhou"],
        }
    )
    present = pd.Series([True, False, True, False])
    assert script.incomplete_sets(manifest, present) == {
        "Zhengzhou, second set": 1,
        "other Henan cities, second set": 1,
    }
    assert script.incomplete_sets(manifest, pd.Series([True] * 4)) == {}


def test_merge_complete_sets_replaces_only_the_complete_sets_rows(script) -> None:
    def rows(names: list[str], value: float) -> pd.DataFrame:
        return pd.DataFrame({"set": names, "instrument": "extractor", "precision": value})

    old = rows(["other Henan cities, second set", "other Henan cities, tenth set", "seeds"], 0.5)
    new = rows(["other Henan cities, second set", "other Henan cities, eleventh set", "seeds"], 0.9)
    merged = script.merge_complete_sets(new, old, {"other Henan cities, eleventh set", "seeds"})
    assert merged["set"].tolist() == [
        "other Henan cities, second set",
        "other Henan cities, tenth set",
        "other Henan cities, eleventh set",
        "seeds",
    ]
    assert merged["precision"].tolist() == [0.5, 0.5, 0.9, 0.9]


def test_allow_missing_scores_the_texts_present(script, tmp_path, capsys) -> None:
    manifest = gt.corpus.read_manifest(script.DEVSET / "manifest.csv")
    texts = tmp_path / "texts"
    texts.mkdir()
    first = manifest.iloc[0]
    (texts / Path(first["source_file"]).name).write_text("与清单不符的文本", encoding="utf-8")
    with pytest.raises(gt.corpus.CorpusError):
        script.load_devset(texts)
    with pytest.raises(gt.corpus.CorpusError, match=r"sha256|checksum"):
        script.load_devset(texts, allow_missing=True)


def test_only_complete_goes_with_allow_missing_and_write(script, tmp_path, capsys) -> None:
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "x.txt").write_text("文本", encoding="utf-8")
    with pytest.raises(SystemExit):
        script.main(["--texts", str(texts), "--only-complete", "--write", str(tmp_path / "s.csv")])
    assert "--only-complete goes with --allow-missing and --write" in capsys.readouterr().err


def test_write_rules_keeps_the_header_and_order(script, tmp_path) -> None:
    packaged = ROOT / "src" / "govtext" / "resources" / "candidate_scoring.yml"
    copy = tmp_path / "candidate_scoring.yml"
    copy.write_bytes(packaged.read_bytes())
    rules = gt.Resources.default().candidate_rules
    script.write_rules(copy, rules.weights, rules.threshold)
    assert copy.read_bytes() == packaged.read_bytes()  # the packaged numbers give back the packaged file
    changed = {**rules.weights, "quoted": 9.04}
    script.write_rules(copy, changed, 2.75)
    text = copy.read_text(encoding="utf-8")
    assert "  quoted: 9.0\n" in text and "threshold: 2.75\n" in text
    assert text.split("threshold:")[0] == packaged.read_text(encoding="utf-8").split("threshold:")[0]
    reread = gt.programmes.scoring.load_candidate_rules(scoring=copy)
    assert reread.threshold == 2.75 and reread.weights["quoted"] == 9.0


def test_write_rules_needs_fit(script, tmp_path, capsys) -> None:
    with pytest.raises(SystemExit):
        script.main(["--texts", str(tmp_path), "--write-rules", str(tmp_path / "x.yml")])
    assert "--write-rules goes with --fit" in capsys.readouterr().err


def test_the_threshold_rule_takes_the_highest_recall_at_enough_precision(script) -> None:
    pooled = {
        2.5: {"precision": 0.65, "recall": 0.90},  # recall high, precision under the rule's floor
        2.75: {"precision": 0.71, "recall": 0.80},
        3.0: {"precision": 0.74, "recall": 0.80},  # a tie on recall: the higher threshold
        3.25: {"precision": 0.80, "recall": 0.70},
    }
    assert script._threshold_by_rule(pooled) == 3.0
    assert script._threshold_by_rule({2.5: pooled[2.5]}) is None


def test_the_refit_ends_at_weights_that_reproduce_themselves(script, seed_run, monkeypatch, capsys) -> None:
    documents, _tables = seed_run
    gold = blind.load_coding(SEED_GOLD)
    ids = set(documents["doc_id"])
    resources = gt.Resources.default()
    flat = {name: 0.0 for name in resources.candidate_rules.weights}  # far from any fit
    start = dataclasses.replace(
        resources, candidate_rules=dataclasses.replace(resources.candidate_rules, weights=flat, threshold=1.0)
    )
    monkeypatch.setattr(script, "FIT_PRECISION", 0.0)  # the five seeds: any precision will do
    first = gt.run_pipeline(documents, start)
    fitted, weights, threshold, steps = script.refit_to_fixed_point(documents, gold, first, start, ids)
    assert capsys.readouterr().out.count("refit ") == steps  # one line per refit
    assert steps >= 2 and threshold is not None  # the flat weights were not a fixed point
    again = dataclasses.replace(
        start,
        candidate_rules=dataclasses.replace(start.candidate_rules, weights=weights, threshold=threshold),
    )
    rerun = script._counted(gt.run_pipeline(documents, again), devset.set_of_documents(documents))
    assert script._fitted_weights(rerun, gold, ids) == weights  # the weights reproduce themselves
    assert script._rule_threshold(rerun, gold, weights, ids) == threshold
    assert fitted.candidates.equals(rerun.candidates)
    with pytest.raises(RuntimeError, match="fixed point"):
        script.refit_to_fixed_point(documents, gold, first, start, ids, max_rounds=1, verbose=False)
    assert capsys.readouterr().out == ""  # quiet when asked (each held-out fit of --loso)


def test_suffix_evidence_moves_a_suffix_only_on_enough_documents(script, monkeypatch) -> None:
    monkeypatch.setattr(script, "TIER_DOCUMENTS", 3)
    rows = []
    for k in range(4):  # 创建: in four documents, on gold in one of them
        rows.append((f"d{k}", 0, 4, "suffix", "创建", "strong"))
    for k in range(2):  # 驿站: in two documents, never on gold: too few to judge
        rows.append((f"e{k}", 0, 4, "suffix", "驿站", "strong"))
    rows.append(("d0", 10, 14, "quoted", "", ""))  # not the suffix pattern
    columns = ["doc_id", "start", "end", "pattern", "name_suffix", "suffix_strength"]
    candidates = pd.DataFrame(rows, columns=columns)
    gold = pd.DataFrame({"doc_id": ["d0", "d0"], "start": [1, 10], "end": [3, 14]})
    table = script.suffix_evidence(candidates, gold).set_index("name_suffix")
    assert table.loc["创建", ["n", "documents"]].tolist() == [4, 4]
    assert table.loc["创建", "share_gold"] == 0.25
    assert table.loc["创建", "tier_by_rule"] == "weak"
    assert table.loc["驿站", "tier_by_rule"] == "strong"
    assert "" not in table.index
