"""The version is defined once (pyproject.toml); the installed metadata and CITATION.cff follow it."""

from __future__ import annotations

import tomllib
from pathlib import Path

import yaml

import govtext

ROOT = Path(__file__).resolve().parents[2]


def test_package_version_is_the_pyproject_version() -> None:
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert govtext.__version__ == declared, "reinstall (make venv) after changing the version"


def test_citation_names_the_same_version() -> None:
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert str(citation["version"]) == govtext.__version__


def test_changelog_has_an_entry_for_this_version() -> None:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## {govtext.__version__} " in text
