"""Fixtures of the corpus tests: a toy folder of two documents without a manifest."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def two_docs(tmp_path: Path) -> Path:
    (tmp_path / "b.txt").write_bytes("第二篇文章。".encode())
    (tmp_path / "a.txt").write_bytes("第一篇文章。".encode())
    return tmp_path
