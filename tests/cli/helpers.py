"""Helpers of the command-line tests: run ``govtext`` in this process, read its tables."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

from govtext import cli

ROOT = Path(__file__).resolve().parents[2]
RAW_DIR = ROOT / "data" / "raw"
SEEDS = sorted(RAW_DIR.glob("*.txt"))


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    """``govtext ARGV`` in this process: exit code, stdout, stderr."""
    code = cli.main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def read_tables(folder: Path, fmt: str = "csv") -> dict[str, pd.DataFrame]:
    if fmt == "csv":
        return {
            name: pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False) for name in cli.TABLES
        }
    return {name: pd.read_parquet(folder / name) for name in cli.TABLES}


def leftovers(parent: Path) -> list[str]:
    """Hidden staging folders left next to an output folder."""
    return sorted(p.name for p in parent.iterdir() if p.name.startswith(".") and p.name.endswith(".partial"))


def small_corpus(folder: Path, n: int = 2) -> Path:
    """The first ``n`` seed files, without the manifest."""
    folder.mkdir(parents=True)
    for path in SEEDS[:n]:
        shutil.copy(path, folder / path.name)
    return folder
