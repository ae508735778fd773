"""Fixtures of the REFI-QDA tests: the seed corpus run once with ``govtext run``, and exported once."""

from __future__ import annotations

from pathlib import Path

import pytest

from govtext import cli
from govtext.export import export_qdpx

ROOT = Path(__file__).resolve().parents[2]
RAW_DIR = ROOT / "data" / "raw"


@pytest.fixture(scope="session")
def run_dir(tmp_path_factory) -> Path:
    """``govtext run data/raw --out OUT`` (CSV), once for the session."""
    out = tmp_path_factory.mktemp("qda-run") / "out"
    assert cli.main(["run", str(RAW_DIR), "--out", str(out)]) == cli.EXIT_OK
    return out


@pytest.fixture(scope="session")
def project_file(run_dir, tmp_path_factory) -> Path:
    """The seed run exported as ``seeds.qdpx``."""
    path = tmp_path_factory.mktemp("qda-project") / "seeds.qdpx"
    export_qdpx(run_dir, RAW_DIR, path)
    return path
