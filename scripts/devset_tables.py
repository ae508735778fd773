"""The README's two development-set tables, from the files chapter 2 reads: the current rules on every set
(``data/devset/scores.csv``) and each later set the one time it was unseen (``data/devset/first_scores.csv``).
Prints Markdown, or with ``--readme`` rewrites the two tables of a README in place (each found by its header
line); ``tests/evaluate/test_devset_tables.py`` checks that the README holds exactly these tables.

    .venv/bin/python scripts/devset_tables.py                      # print them
    .venv/bin/python scripts/devset_tables.py --readme README.md   # after a scores file changed
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from govtext.evaluate import devset

DEVSET = Path(__file__).resolve().parents[1] / "data" / "devset"
CURRENT = (
    "matcher",
    "matcher_and_candidates",
    "matcher_and_all_candidates",
    "matcher_and_candidates_by_name",
    "extractor",
)
FIRST = ("matcher", "matcher_and_candidates", "matcher_and_all_candidates", "extractor")


def _cells(rows: pd.DataFrame, instruments: tuple[str, ...]) -> str:
    precision = rows["precision"].astype(float).to_dict()
    recall = rows["recall"].astype(float).to_dict()
    return " | ".join(f"{precision[i]:.3f} / {recall[i]:.3f}" if i in precision else "–" for i in instruments)


def current_table(scores: pd.DataFrame) -> str:
    """Every set (fitted, clean or the seeds' blind gold) with the current rules, precision / recall."""
    lines = [
        "| set | texts | codebook matcher | matcher + selected candidates | matcher + every candidate |"
        " names per text | metric extractor |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name in [*devset.SETS, devset.SEED_SET]:
        rows = scores[scores["set"] == name].set_index("instrument")
        if rows.empty:
            continue
        if name == devset.SEED_SET:
            tag = "blind gold"
        else:
            tag = "fitted" if name in devset.FITTING_SETS else "clean"
        lines.append(f"| {name} ({tag}) | {int(rows['n_texts'].iloc[0])} | {_cells(rows, CURRENT)} |")
    return "\n".join(lines)


def first_table(first: pd.DataFrame) -> str:
    """Each later Zhengzhou set at the rules of the round it was gathered for."""
    lines = [
        "| set | texts | round | rules frozen at | codebook matcher | matcher + selected candidates |"
        " matcher + every candidate | metric extractor |",
        "|---|---:|---:|---|---:|---:|---:|---:|",
    ]
    for name in devset.SETS:
        rows = first[first["set"] == name].set_index("instrument")
        if rows.empty:
            continue
        head = f"| {name} | {int(rows['n_texts'].iloc[0])} | {int(rows['round'].iloc[0])}"
        lines.append(f"{head} | `{rows['rules_commit'].iloc[0]}` | {_cells(rows, FIRST)} |")
    return "\n".join(lines)


def tables(folder: Path = DEVSET) -> list[str]:
    """Both tables, read from ``folder``'s scores files (checked by their readers)."""
    scores = devset.read_scores(folder / "scores.csv")
    first = devset.read_first_scores(folder / "first_scores.csv")
    return [current_table(scores), first_table(first)]


def replace_tables(readme: str, new_tables: list[str]) -> str:
    """``readme`` with each table (the run of ``|`` lines from the table's header line) replaced by the
    table of ``new_tables`` with the same header; ValueError naming the header when the README lacks it."""
    lines = readme.split("\n")
    for table in new_tables:
        header = table.split("\n")[0]
        if header not in lines:
            raise ValueError(f"no table with the header {header!r}")
        start = end = lines.index(header)
        while end < len(lines) and lines[end].startswith("|"):
            end += 1
        lines[start:end] = table.split("\n")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--readme", type=Path, help="rewrite the two tables of this README in place")
    args = parser.parse_args(argv)
    if args.readme is None:
        print("\n\n".join(tables()))
        return 0
    try:
        text = replace_tables(args.readme.read_text(encoding="utf-8"), tables())
    except (OSError, ValueError) as problem:
        print(f"devset_tables: {args.readme}: {problem}", file=sys.stderr)
        return 1
    args.readme.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
