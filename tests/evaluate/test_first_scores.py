"""scripts/first_scores.py: data/devset/first_scores.csv holds exactly what scores.csv said when each later
development set was first scored (read back from git, where the history is there)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pandas as pd
import pytest
from conftest import load_module

from govtext.evaluate import devset

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def script():
    return load_module(ROOT / "scripts" / "first_scores.py")


def has_commit(commit: str) -> bool:
    found = subprocess.run(["git", "cat-file", "-e", f"{commit}^{{commit}}"], cwd=ROOT, capture_output=True)
    return found.returncode == 0


def test_every_scoring_is_in_the_file_once(script) -> None:
    first = devset.read_first_scores(ROOT / "data" / "devset" / "first_scores.csv")
    expected = [
        (devset.SET_NAMES[key], round_, rules, commit) for key, round_, rules, commit in script.FIRST_SCORINGS
    ]
    found = first[["set", "round", "rules_commit", "scores_commit"]].drop_duplicates()
    assert list(found.itertuples(index=False, name=None)) == expected
    assert found["round"].is_monotonic_increasing


def test_the_file_matches_the_history(script) -> None:
    commits = [commit for *_rest, commit in script.FIRST_SCORINGS]
    if not all(has_commit(c) for c in commits):
        pytest.skip("no git history here (first_scores.csv is committed)")
    first = devset.read_first_scores(ROOT / "data" / "devset" / "first_scores.csv")
    for key, _round, _rules, commit in script.FIRST_SCORINGS:
        name = devset.SET_NAMES[key]
        then = script.scores_at(commit)
        then = then[then["set"] == name].reset_index(drop=True)
        now = first[first["set"] == name].reset_index(drop=True)
        columns = list(devset.SCORE_COLUMNS)
        pd.testing.assert_frame_equal(now[columns], then[columns].round(6), check_dtype=False)
