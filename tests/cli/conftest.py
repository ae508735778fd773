"""Fixtures of the command-line tests: the seed corpus run once as CSV and once as Parquet."""

from __future__ import annotations

from pathlib import Path

import pytest

from govtext import cli

from .helpers import RAW_DIR


@pytest.fixture(scope="session")
def seed_run(tmp_path_factory) -> Path:
    """``govtext run data/raw --out OUT`` (CSV, one job), once for the session."""
    out = tmp_path_factory.mktemp("run") / "out"
    assert cli.main(["run", str(RAW_DIR), "--out", str(out)]) == cli.EXIT_OK
    return out


@pytest.fixture(scope="session")
def seed_parquet(tmp_path_factory) -> Path:
    """The same run as Parquet, two documents per part."""
    out = tmp_path_factory.mktemp("parquet") / "out"
    argv = ["run", str(RAW_DIR), "--out", str(out), "--format", "parquet", "--batch-size", "2"]
    assert cli.main(argv) == cli.EXIT_OK
    return out
