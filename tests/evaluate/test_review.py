"""govtext.evaluate.review: the codebook review's files, the rule, and the figures chapter 2 states."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from govtext.evaluate import review

FOLDER = Path(__file__).resolve().parents[2] / "data" / "annotations" / "codebook_review"


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "review"
    shutil.copytree(FOLDER, target)
    return target


def test_review_facts_add_up() -> None:
    table = review.load_review(FOLDER)
    facts = review.review_facts(table)
    assert facts["n_entries"] == len(table) == len(pd.read_csv(FOLDER / "entries.csv"))
    assert facts["n_both_rejected"] == facts["n_out"] + facts["n_restored"]
    assert facts["n_both_rejected"] <= min(facts["n_rejected_a"], facts["n_rejected_b"])
    assert 0.0 < facts["alpha"] <= 1.0 and 0.5 < facts["share_same"] <= 1.0
    grounds = review.rejected_by_category(table)
    assert grounds["entries"].sum() == facts["n_both_rejected"]
    assert grounds["entries"].is_monotonic_decreasing


def test_alpha_is_one_for_identical_reviewers_and_lower_otherwise(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    shutil.copy(folder / "reviewer_a.csv", folder / "reviewer_b.csv")
    same = review.load_review(folder)
    assert review.review_facts(same)["alpha"] == pytest.approx(1.0)
    assert review.review_facts(review.load_review(FOLDER))["alpha"] < 1.0


@pytest.mark.parametrize(
    ("file", "change", "message"),
    [
        (
            "reviewer_a.csv",
            lambda f: f.assign(decision=f["decision"].replace("programme", "maybe")),
            "unknown decision",
        ),
        ("reviewer_b.csv", lambda f: f.iloc[1:], "different entries"),
        ("reviewer_a.csv", lambda f: pd.concat([f, f.iloc[:1]]), "judged twice"),
        ("restored.csv", lambda f: f.assign(share_coded="0.2"), "share_coded"),
        ("restored.csv", lambda f: f.assign(entry="three_meetings_one_lesson", alias=""), "not entries both"),
        ("reviewer_a.csv", lambda f: f.drop(columns=["note"]), "missing column"),
    ],
)
def test_bad_files_name_the_file_and_problem(tmp_path: Path, file, change, message) -> None:
    folder = _copy(tmp_path)
    frame = pd.read_csv(folder / file, dtype=str, keep_default_na=False)
    change(frame).to_csv(folder / file, index=False)
    with pytest.raises(review.ReviewError, match=message) as error:
        review.load_review(folder)
    assert str(folder) in str(error.value)


def test_compact_sequences_are_not_taken_out(tmp_path: Path) -> None:
    rejected = review.aliases_both_rejected(FOLDER)
    assert all(not review.COMPACT_SEQUENCE.match(a) for aliases in rejected.values() for a in aliases)
    assert review.COMPACT_SEQUENCE.match("一进二看三访四报五办六核")
    assert not review.COMPACT_SEQUENCE.match("一抓、二学、三建")


def test_without_restored_csv_nothing_is_restored_and_names_come_from_the_review(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    (folder / "restored.csv").unlink()
    table = review.load_review(folder)
    assert not table["restored"].any()
    out, back = review.review_decisions(table)
    assert back == [] and len(out) == int(table["both_rejected"].sum())
    names = review.reviewed_names(FOLDER)
    assert set(names) == set(table["entry"])
    aliases = pd.read_csv(FOLDER / "aliases.csv", dtype=str)
    assert sum(len(n) - 1 for n in names.values()) == len(aliases)
    aliases.iloc[:1].assign(entry="no_such_entry").to_csv(folder / "aliases.csv", index=False)
    with pytest.raises(review.ReviewError, match="no_such_entry"):
        review.reviewed_names(folder)


def test_the_restore_share_weighs_each_text_once() -> None:
    # one council named nine times in a text whose coders code it, and once in each of four texts whose
    # coders do not: 9 of 13 occurrences are coded, but only one text of five
    rows = [("council", "", "t1", True)] * 9 + [("council", "", f"t{i}", False) for i in range(2, 6)]
    rows += [("post", "", "t1", True), ("post", "", "t2", True), ("post", "", "t3", False)]
    found = pd.DataFrame(rows, columns=["programme_id", "alias", "doc_id", "coded"])
    counts = review.restore_counts(found)
    council = counts.loc[("council", "")]
    assert (council["occurrences"], council["coded"], council["texts"]) == (13, 9, 5)
    assert council["share"] == pytest.approx(0.2)
    assert council["share"] < review.RESTORE_SHARE  # stays out, though 9 of 13 occurrences are coded
    assert counts.loc[("post", ""), "share"] == pytest.approx(2 / 3)  # restored
    rows = review.restored_rows(counts)
    assert rows.columns.tolist() == list(review.RESTORED_COLUMNS)
    assert rows[["entry", "texts", "share_coded"]].values.tolist() == [["post", 3, "0.667"]]


def test_the_drop_rule_needs_a_low_share_over_enough_texts() -> None:
    # a centre matched in four texts and coded in none; a station coded in one text of four (0.25, kept);
    # a hall never coded but in two texts only (too few to judge)
    rows = [("centre", f"t{i}", False) for i in range(4)] * 2
    rows += [("station", "t0", True)] + [("station", f"t{i}", False) for i in range(1, 4)]
    rows += [("hall", "t0", False), ("hall", "t1", False)]
    found = pd.DataFrame(rows, columns=["programme_id", "doc_id", "coded"])
    counts = review.drop_counts(found)
    assert counts.loc["centre"].tolist() == [8, 0, 4, 0.0]
    assert counts.loc["station", "share"] == pytest.approx(0.25)
    names = {"centre": ["中心", "简称"], "station": ["站"], "hall": ["馆"]}
    out = review.dropped_rows(counts, names)
    assert out.columns.tolist() == list(review.DROPPED_COLUMNS)
    assert out[["entry", "names", "texts", "share_coded"]].values.tolist() == [
        ["centre", "中心 | 简称", 4, "0.000"]
    ]


def test_dropped_csv_is_checked_and_a_codebook_that_keeps_a_dropped_entry_fails(tmp_path: Path) -> None:
    dropped = review.load_dropped(FOLDER)
    assert len(dropped) > 0
    entry, joined = dropped["entry"].iloc[0], dropped["names"].iloc[0]
    names = joined.split(" | ")
    listed = [name for row in dropped["names"] for name in row.split(" | ")]
    assert review.dropped_problems(dropped, {"other": ["别的"]}, listed) == []
    assert any("still a programme" in p for p in review.dropped_problems(dropped, {entry: names}, listed))
    assert any("still matched" in p for p in review.dropped_problems(dropped, {"other": names[:1]}, listed))
    assert any("not listed" in p for p in review.dropped_problems(dropped, {}, listed[1:]))
    folder = _copy(tmp_path)
    frame = pd.read_csv(folder / "dropped.csv", dtype=str, keep_default_na=False)
    frame.loc[0, "share_coded"] = "0.400"
    frame.to_csv(folder / "dropped.csv", index=False)
    with pytest.raises(review.ReviewError, match=r"dropped\.csv"):
        review.load_dropped(folder)
    (folder / "dropped.csv").unlink()
    assert review.load_dropped(folder).empty
    facts = review.review_text_facts(FOLDER)
    assert facts["review_n_dropped"] == len(dropped) > 0
    assert facts["review_n_dropped_occurrences"] == int(dropped["occurrences"].astype(int).sum())
