"""govtext.evaluate.devset: the scores file on texts the instruments were not built from, and targets."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import govtext as gt
from govtext.evaluate import blind, devset

ROWS = [
    ("other Henan cities", 36, "matcher_and_candidates", 0.86, 0.87, 0.86, 183, 30, 27),
    ("Zhengzhou", 10, "matcher_and_candidates", 0.66, 0.71, 0.68, 27, 14, 11),
    ("Zhengzhou", 10, "extractor", 0.976, 1.0, 0.988, 40, 1, 0),
    ("seeds", 5, "matcher_and_candidates", 0.87, 0.805, 0.84, 161, 24, 39),
    ("seeds", 5, "matcher", 0.92, 0.79, 0.85, 158, 13, 42),
]


def write(path: Path, rows=ROWS, columns=devset.SCORE_COLUMNS) -> Path:
    pd.DataFrame(rows, columns=list(columns)).to_csv(path, index=False)
    return path


def test_scores_are_read_and_held_to_their_targets(tmp_path: Path) -> None:
    table = devset.with_targets(devset.read_scores(write(tmp_path / "scores.csv")))
    assert table["met"].tolist() == [True, False, True, False, None]
    seeds = table.iloc[3]
    assert (seeds["target_precision"], seeds["target_recall"]) == (0.90, 0.90)  # the seeds' own targets
    assert pd.isna(table.iloc[4]["target_precision"])  # the matcher alone has none
    assert table["tp"].dtype == "int64"


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda rows: [(*r[:3], 1.2, *r[4:]) for r in rows], "column 'precision'"),
        (lambda rows: [(*r[:6], -1, *r[7:]) for r in rows], "column 'tp'"),
        (lambda rows: rows + rows[:1], "appear twice"),
    ],
)
def test_bad_scores_name_the_file_and_the_problem(tmp_path: Path, change, problem) -> None:
    path = write(tmp_path / "bad.csv", change(ROWS))
    with pytest.raises(ValueError, match=rf"bad\.csv: .*{problem}"):
        devset.read_scores(path)


def test_a_missing_column_or_file_is_named(tmp_path: Path) -> None:
    path = write(tmp_path / "short.csv", [r[:-1] for r in ROWS], devset.SCORE_COLUMNS[:-1])
    with pytest.raises(ValueError, match=r"short\.csv: missing column"):
        devset.read_scores(path)
    with pytest.raises(ValueError, match=r"absent\.csv: cannot read"):
        devset.read_scores(tmp_path / "absent.csv")


@given(
    precision=st.floats(0, 1),
    recall=st.floats(0, 1),
    kind=st.sampled_from(["seeds", "Zhengzhou"]),
    instrument=st.sampled_from(["matcher_and_candidates", "extractor"]),
)
def test_met_means_both_minimums_reached(precision: float, recall: float, kind: str, instrument: str) -> None:
    scores = pd.DataFrame(
        [(kind, 1, instrument, precision, recall, 0.5, 1, 1, 1)], columns=list(devset.SCORE_COLUMNS)
    )
    row = devset.with_targets(scores).iloc[0]
    low_p, low_r = devset.TARGETS["seeds" if kind == "seeds" else "texts", instrument]
    assert row["met"] == (precision >= low_p and recall >= low_r)


DEVSET = Path(__file__).resolve().parents[2] / "data" / "devset"


def test_agreement_is_per_set_of_the_committed_codings() -> None:
    sets = devset.set_of_documents(gt.corpus.read_manifest(DEVSET / "manifest.csv"))
    table = devset.agreement_by_set([DEVSET / "annotations"], sets)
    assert devset.DEVELOPMENT_SET in set(table["set"]) and devset.HELD_OUT_SET in set(table["set"])
    zhengzhou = {doc for doc, name in sets.items() if name == devset.HELD_OUT_SET}
    a, b = (blind.load_coding(DEVSET / "annotations" / c) for c in ("coder_a", "coder_b"))
    direct = blind.coder_agreement(
        {k: v[v["doc_id"].isin(zhengzhou)] for k, v in a.items()},
        {k: v[v["doc_id"].isin(zhengzhou)] for k, v in b.items()},
    )
    mine = table[table["set"] == devset.HELD_OUT_SET].reset_index(drop=True)
    assert mine["both"].tolist() == direct["both"].tolist()
    assert mine["n_texts"].unique().tolist() == [len(zhengzhou)]
    with pytest.raises(ValueError, match="not in the manifest"):
        devset.agreement_by_set([DEVSET / "annotations"], {"luoyang_01": devset.DEVELOPMENT_SET})


def test_score_facts_name_the_sets_where_targets_are_met(tmp_path: Path) -> None:
    facts = devset.score_facts(devset.read_scores(write(tmp_path / "scores.csv")))
    assert facts["devset_dev_matcher_and_candidates_precision"] == "0.860"
    assert facts["devset_dev_matcher_and_candidates_n_gold"] == 183 + 27  # found and missed gold items
    assert facts["devset_zhengzhou_extractor_met"] == "met"
    assert facts["devset_seeds_matcher_and_candidates_met"] == "not met"
    assert "devset_seeds_matcher_met" not in facts  # no target for the matcher alone
    assert facts["devset_programmes_met_on"] == "the other Henan cities"
    assert facts["devset_programmes_not_met_on"] == "the first Zhengzhou set"  # the seeds have their own
    assert facts["devset_n_sets"] == 2  # the other Henan cities and the first Zhengzhou set; not the seeds
    three = pd.DataFrame([ROWS[1], ROWS[1], ROWS[1]], columns=list(devset.SCORE_COLUMNS))
    three["set"] = [devset.DEVELOPMENT_SET, devset.HELD_OUT_SET, devset.SET_NAMES["zhengzhou_b"]]
    facts = devset.score_facts(three)
    assert facts["devset_programmes_met_on"] == "none of the sets"
    assert facts["devset_programmes_not_met_on"] == (
        "the other Henan cities, the first Zhengzhou set and the second Zhengzhou set"
    )


def test_targets_table_reads_plainly(tmp_path: Path) -> None:
    table = devset.targets_table(devset.read_scores(write(tmp_path / "scores.csv")))
    assert table["met"].tolist() == ["yes", "no", "yes", "no", ""]
    assert table["target"].iloc[0] == "P ≥ 0.70, R ≥ 0.85" and table["target"].iloc[4] == ""
    assert table["instrument"].iloc[4] == "codebook matcher"
    assert table["n_gold"].iloc[0] == 183 + 27


def test_names_per_text_count_a_repeated_name_once() -> None:
    gold = pd.DataFrame(
        {
            "doc_id": ["a", "a", "a", "a", "b"],
            "start": [0, 10, 20, 40, 0],
            "end": [4, 14, 24, 44, 4],
            "canonical_name": ["网格", "网格", "网格", "联盟", "网格"],
        }
    )
    found = pd.DataFrame(
        {
            "doc_id": ["a", "a", "b", "b"],
            "start": [10, 30, 0, 2],
            "end": [14, 34, 4, 6],
            "name": ["g", "x", "g", "g"],
        }
    )
    scores = devset.name_scores(found, gold)
    # gold names: (a, 网格) found, (a, 联盟) missed, (b, 网格) found; found names: (a, g) right,
    # (a, x) wrong, (b, g) right (two spans, one name)
    assert (scores["tp"], scores["fn"], scores["fp"]) == (2, 1, 1)
    assert scores["recall"] == pytest.approx(2 / 3) and scores["precision"] == pytest.approx(2 / 3)
    assert devset.name_scores(found.iloc[:0], gold)["recall"] == 0.0


def test_agreement_facts_per_set_and_over_the_sets() -> None:
    sets = devset.set_of_documents(gt.corpus.read_manifest(DEVSET / "manifest.csv"))
    table = devset.agreement_by_set(devset.annotation_folders(DEVSET / "annotations"), sets)
    facts = devset.agreement_facts(table)
    programmes = table[table["part"] == "programmes"]
    assert facts["devset_pa_dev_programmes"] == f"{programmes['positive_agreement'].iloc[0]:.3f}"
    assert facts["devset_pa_programmes_min"] == f"{programmes['positive_agreement'].min():.3f}"
    assert facts["devset_alpha_programmes_max"] == f"{programmes['alpha'].max():.3f}"
    assert set(table["set"]) == set(devset.SETS)  # every set has its coders' files


FIRST_ROWS = [
    (
        "Zhengzhou, second set",
        4,
        "5e88282",
        "da277ee",
        19,
        "matcher_and_candidates",
        0.79,
        0.75,
        0.77,
        81,
        22,
        27,
    ),
    ("Zhengzhou, second set", 4, "5e88282", "da277ee", 19, "matcher", 0.96, 0.59, 0.73, 64, 3, 44),
    ("Zhengzhou, second set", 4, "5e88282", "da277ee", 19, "extractor", 0.958, 0.958, 0.958, 69, 3, 3),
    (
        "Zhengzhou, fourth set",
        6,
        "416ff7f",
        "1f07cda",
        20,
        "matcher_and_candidates",
        0.61,
        0.49,
        0.54,
        37,
        24,
        39,
    ),
]


def test_first_scores_are_read_with_their_round_and_commits(tmp_path: Path) -> None:
    path = write(tmp_path / "first.csv", FIRST_ROWS, devset.FIRST_SCORE_COLUMNS)
    first = devset.read_first_scores(path)
    assert first["round"].tolist() == [4, 4, 4, 6] and first["rules_commit"].iloc[0] == "5e88282"
    table = devset.first_scores_table(first)  # the instruments with targets only, round after the set
    assert list(table.columns[:3]) == ["set", "round", "n_texts"]
    assert table["instrument"].tolist() == [
        "matcher + selected candidates",
        "metric extractor",
        "matcher + selected candidates",
    ]
    assert table["met"].tolist() == ["no", "yes", "no"]
    facts = devset.first_score_facts(first)
    assert facts["devset_first_zhengzhou_d_matcher_and_candidates_recall"] == "0.490"
    assert facts["devset_first_zhengzhou_b_round"] == 4
    # which sets met each target when first scored, counted and named from the rows
    assert facts["devset_first_n_sets"] == 2
    assert (facts["devset_first_programmes_n_met"], facts["devset_first_programmes_met_on"]) == (
        0,
        "none of the sets",
    )
    assert facts["devset_first_extractor_n_met"] == 1
    assert facts["devset_first_extractor_met_on"] == "the second Zhengzhou set"


def test_bad_first_scores_name_the_file_and_the_problem(tmp_path: Path) -> None:
    unknown = [("Zhengzhou, no such set", *FIRST_ROWS[0][1:])]
    with pytest.raises(ValueError, match=r"first\.csv: unknown set"):
        devset.read_first_scores(write(tmp_path / "first.csv", unknown, devset.FIRST_SCORE_COLUMNS))
    twice = FIRST_ROWS + FIRST_ROWS[:1]
    with pytest.raises(ValueError, match=r"twice\.csv: .*appear twice"):
        devset.read_first_scores(write(tmp_path / "twice.csv", twice, devset.FIRST_SCORE_COLUMNS))
    with pytest.raises(ValueError, match=r"plain\.csv: missing column"):
        devset.read_first_scores(write(tmp_path / "plain.csv"))


def test_later_sets_are_named_from_their_key() -> None:
    from govtext.evaluate.devset import _later_set

    third = _later_set("zhengzhou_c")
    assert (third.name, third.phrase, third.own_folder) == (
        "Zhengzhou, third set",
        "the third Zhengzhou set",
        True,
    )
    second = _later_set("henan_b", for_fitting=False)
    assert (second.name, second.phrase, second.for_fitting) == (
        "other Henan cities, second set",
        "the second set of other Henan cities",
        False,
    )
    with pytest.raises(ValueError, match="zhengzhou_X or henan_X"):
        _later_set("luoyang_b")


LOSO_ROWS = [
    ("other Henan cities", 36, 3.0, 0.80, 0.88, 185, 46, 25),
    ("Zhengzhou", 10, 3.25, 0.71, 0.71, 27, 11, 11),
    ("Zhengzhou, second set", 19, 3.0, 0.62, 0.90, 95, 58, 11),
    (devset.POOLED_LOSO, 65, float("nan"), 307 / 422, 307 / 354, 307, 115, 47),
]


def test_leave_one_set_out_scores_are_read_and_summed_up(tmp_path: Path) -> None:
    table = devset.read_loso_scores(write(tmp_path / "loso.csv", LOSO_ROWS, devset.LOSO_COLUMNS))
    assert table["threshold"].iloc[:3].tolist() == [3.0, 3.25, 3.0]
    facts = devset.loso_facts(table)
    assert facts["devset_loso_precision"] == f"{307 / 422:.3f}" and facts["devset_loso_n_sets"] == 3
    assert facts["devset_loso_recall_min"] == "0.710" and facts["devset_loso_precision_max"] == "0.800"
    assert facts["devset_loso_n_met"] == 1  # only the first meets P >= 0.70 and R >= 0.85
    assert facts["devset_loso_thresholds"] == "3.0 to 3.25"
    same = devset.loso_facts(table[table["threshold"].ne(3.25)])
    assert same["devset_loso_thresholds"] == "3.0"


def test_bad_leave_one_set_out_scores_name_the_file_and_the_problem(tmp_path: Path) -> None:
    columns = devset.LOSO_COLUMNS
    wrong_sum = [*LOSO_ROWS[:3], (devset.POOLED_LOSO, 65, float("nan"), 0.7, 0.8, 300, 115, 47)]
    with pytest.raises(ValueError, match=r"sum\.csv: needs one row"):
        devset.read_loso_scores(write(tmp_path / "sum.csv", wrong_sum, columns))
    with pytest.raises(ValueError, match=r"none\.csv: needs one row"):
        devset.read_loso_scores(write(tmp_path / "none.csv", LOSO_ROWS[:3], columns))
    no_threshold = [(*LOSO_ROWS[0][:2], float("nan"), *LOSO_ROWS[0][3:]), *LOSO_ROWS[1:]]
    with pytest.raises(ValueError, match=r"blank\.csv: column 'threshold'"):
        devset.read_loso_scores(write(tmp_path / "blank.csv", no_threshold, columns))
    unknown = [("Zhengzhou, no such set", *LOSO_ROWS[0][1:]), *LOSO_ROWS[1:]]
    with pytest.raises(ValueError, match=r"unknown\.csv: unknown set"):
        devset.read_loso_scores(write(tmp_path / "unknown.csv", unknown, columns))


def test_coverage_facts_count_the_texts_scored(tmp_path: Path) -> None:
    scores = devset.read_scores(write(tmp_path / "scores.csv"))
    manifest = pd.DataFrame({"doc_id": [f"d{i}" for i in range(50)]})
    facts = devset.coverage_facts(manifest, scores)
    # the matcher rows of the development sets: none in ROWS but the seeds' (left out)
    assert facts == {"devset_n_listed": 50, "devset_n_scored": 0, "devset_n_not_scored": 50}
    matcher = pd.DataFrame(
        [("Zhengzhou", 10, "matcher", 0.9, 0.5, 0.6, 5, 1, 5)], columns=list(devset.SCORE_COLUMNS)
    )
    facts = devset.coverage_facts(manifest, pd.concat([scores, matcher], ignore_index=True))
    assert facts["devset_n_scored"] == 10 and facts["devset_n_not_scored"] == 40
    with pytest.raises(ValueError, match="the manifest lists 5"):
        devset.coverage_facts(manifest.head(5), pd.concat([scores, matcher], ignore_index=True))


def test_the_committed_scores_count_no_more_texts_than_the_manifest() -> None:
    manifest = gt.corpus.read_manifest(DEVSET / "manifest.csv")
    facts = devset.coverage_facts(manifest, devset.read_scores(DEVSET / "scores.csv"))
    assert 0 <= facts["devset_n_not_scored"] < facts["devset_n_listed"]


def first_rows(counts: list[tuple[int, int, int]]) -> pd.DataFrame:
    rows = []
    for i, (tp, fp, fn) in enumerate(counts):
        rows.append(
            {
                "set": devset.SETS[2 + i],
                "round": 4 + i,
                "rules_commit": "abc1234",
                "scores_commit": "def5678",
                "n_texts": 10,
                "instrument": "matcher_and_candidates",
                "precision": tp / (tp + fp),
                "recall": tp / (tp + fn),
                "f1": 0.5,
                "tp": tp,
                "fp": fp,
                "fn": fn,
            }
        )
    return pd.DataFrame(rows)


def test_first_scores_pooled_sums_the_sets_and_resamples_sets() -> None:
    first = first_rows([(30, 10, 10), (10, 10, 30), (20, 0, 5)])
    pooled = devset.first_scores_pooled(first).iloc[0]
    assert (pooled["tp"], pooled["fp"], pooled["fn"], pooled["n_sets"], pooled["n_texts"]) == (
        60,
        20,
        45,
        3,
        30,
    )
    assert pooled["precision"] == pytest.approx(60 / 80) and pooled["recall"] == pytest.approx(60 / 105)
    assert pooled["precision_low"] <= pooled["precision"] <= pooled["precision_high"]
    assert (
        pooled["recall_low"] < pooled["recall"] < pooled["recall_high"]
    )  # the sets differ, so the interval is wide
    again = devset.first_scores_pooled(first).iloc[0]
    assert again.equals(pooled)  # fixed seed
    one = devset.first_scores_pooled(first.iloc[:1]).iloc[0]
    assert one["recall_low"] == one["recall_high"] == pytest.approx(0.75)  # one set: nothing to resample


def test_first_pooled_facts_are_glue_ready() -> None:
    facts = devset.first_pooled_facts(first_rows([(30, 10, 10), (10, 10, 30)]))
    assert facts["devset_first_pooled_matcher_and_candidates_precision"] == "0.667"
    assert facts["devset_first_pooled_matcher_and_candidates_n_sets"] == 2
    assert set(facts) >= {"devset_first_pooled_matcher_and_candidates_recall_low"}


def test_first_halves_split_the_sets_by_round_and_pool_each_half() -> None:
    first = first_rows([(30, 10, 10), (10, 10, 30), (20, 0, 5)])  # rounds 4, 5, 6
    early, late = devset.first_halves(first)
    assert early["round"].tolist() == [4, 5] and late["round"].tolist() == [6]  # the odd set goes early
    facts = devset.first_halves_facts(first)
    assert facts["devset_first_early_rounds"] == "4–5" and facts["devset_first_late_rounds"] == "6–6"
    assert facts["devset_first_early_n_sets"] == 2 and facts["devset_first_late_n_sets"] == 1
    assert facts["devset_first_early_matcher_and_candidates_recall"] == f"{40 / 80:.3f}"
    assert facts["devset_first_late_matcher_and_candidates_precision"] == "1.000"
    assert set(devset.first_pooled_facts(first)) >= set(facts)
