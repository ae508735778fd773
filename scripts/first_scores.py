"""Each later development set's scores the one time it was unseen, read from the project's history.

A set gathered after a round of rules was frozen was scored once at those rules (``scores.csv`` of the commit
that added it) and was part of the development data from then on, so its later rows in ``scores.csv`` are
in-sample. This script reads each set's first rows back from git and writes ``data/devset/first_scores.csv``
(``govtext.evaluate.devset.read_first_scores``), which the book reads.

    .venv/bin/python scripts/first_scores.py      # needs a clone with the project's history
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd

from govtext.evaluate import devset

ROOT = Path(__file__).resolve().parents[1]
SCORES = "data/devset/scores.csv"
OUT = ROOT / "data" / "devset" / "first_scores.csv"

FIRST_SCORINGS = (
    # set key (devset.SET_NAMES), round, commit the round's rules were frozen at, commit whose scores.csv
    # first scored the set
    ("zhengzhou_b", 4, "5e88282", "da277ee"),
    ("zhengzhou_c", 5, "e3f4d4d", "12ff4af"),
    ("zhengzhou_d", 6, "416ff7f", "1f07cda"),
    ("zhengzhou_e", 7, "4fed037", "8dca9bf"),
    ("zhengzhou_f", 8, "5a4009f", "8c15a70"),
    ("zhengzhou_g", 9, "34b6c3a", "5cf40eb"),
    ("zhengzhou_h", 10, "6efa88c", "0516e08"),
    ("zhengzhou_i", 11, "aba865c", "5fa13a4"),
    ("zhengzhou_j", 12, "ae6cb88", "44e6209"),
    ("zhengzhou_k", 13, "b19bdf5", "9905c75"),
    ("zhengzhou_l", 14, "20eba8b", "bddc748"),
    ("henan_b", 14, "20eba8b", "bddc748"),
    ("henan_c", 15, "7388291", "423912f"),
    ("henan_d", 16, "f74ba84", "19d438a"),
    ("henan_e", 17, "2e59489", "5026afa"),
    ("henan_f", 18, "2ad3f1a", "7c25841"),
    ("henan_g", 19, "baa8439", "be07eb6"),
    ("henan_h", 20, "4c80ecf", "10ed508"),
    ("henan_i", 21, "bf7dc3b", "f319507"),
    ("henan_j", 22, "f3247ef", "5dd91c9"),
    ("henan_k", 23, "9415796", "615b665"),
    ("henan_l", 24, "4424340", "91ed418"),
    ("henan_m", 25, "8f8d1f6", "0196d20"),
    ("henan_n", 26, "1f3bcde", "123f22b"),
    ("henan_o", 26, "1f3bcde", "0eec278"),
    ("henan_p", 27, "4404d05", "5a25d66"),  # 0433b1e scored it with henan_p18, a codebook source (SOURCES.md)
    ("henan_q", 28, "d6e9b76", "dcf211a"),
    ("henan_r", 29, "2b8477b", "a1e8c4c"),
    ("henan_s", 30, "2b0e625", "456bf8e"),
    ("henan_t", 31, "4ca49af", "afa14b5"),
    ("henan_u", 32, "8b0643e", "4d92dd4"),
    ("henan_v", 33, "86f3962", "29ef6fa"),
    ("henan_w", 34, "4337a93", "ab27f43"),
    ("henan_x", 35, "11c891a", "ce62dc7"),
    ("henan_y", 36, "d822e3b", "49a64a2"),
    ("henan_z", 37, "0453565", "bda9cab"),
)
"""When each set was first scored (the first Zhengzhou set was held out of the fit but looked at while the
rules were revised, so it has no clean scoring of its own)."""


def scores_at(commit: str) -> pd.DataFrame:
    """``scores.csv`` as committed at ``commit`` (checked by ``devset.read_scores``)."""
    text = subprocess.run(
        ["git", "show", f"{commit}:{SCORES}"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"scores_{commit}.csv"
        path.write_text(text, encoding="utf-8")
        return devset.read_scores(path)


def main() -> int:
    rows = []
    committed: dict[str, pd.DataFrame] = {}  # scores.csv by commit: sets scored together are read once
    try:
        for key, round_, rules, commit in FIRST_SCORINGS:
            name = devset.SET_NAMES[key]
            if commit not in committed:
                committed[commit] = scores_at(commit)
            table = committed[commit]
            table = table[table["set"] == name]
            if table.empty:
                print(f"first_scores: {SCORES} at {commit} has no rows for '{name}'", file=sys.stderr)
                return 1
            rows.append(table.assign(round=round_, rules_commit=rules, scores_commit=commit))
    except (OSError, subprocess.CalledProcessError):
        print(
            "first_scores: cannot read the scores' history from git; run it in a clone with the project's"
            " history. Skipped (first_scores.csv is committed)."
        )
        return 0
    out = pd.concat(rows, ignore_index=True)[list(devset.FIRST_SCORE_COLUMNS)].round(6)
    partial = OUT.with_name(OUT.name + ".partial")
    out.to_csv(partial, index=False, lineterminator="\n")
    partial.replace(OUT)
    print(out.to_string(index=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
