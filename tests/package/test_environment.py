"""The pinned stack cannot drift: environment.yml, the lock file and pyproject agree."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from govtext.report.environment import BOOK_STACK, book_stack, pinned_packages

ROOT = Path(__file__).resolve().parents[2]


def _pins(lines: list[str]) -> dict[str, str]:
    """Normalised name -> version (``pinned_packages`` raises on a line not pinned with ==)."""
    return {re.sub(r"[-_.]+", "-", name).lower(): version for name, version in pinned_packages(lines)}


def lock_pins() -> dict[str, str]:
    return _pins((ROOT / "requirements" / "lock.txt").read_text(encoding="utf-8").splitlines())


def environment_pins() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    pip_sections = [d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d]
    assert len(pip_sections) == 1, "environment.yml must have exactly one pip: section"
    return _pins(pip_sections[0])


def test_environment_yml_matches_lock_file() -> None:
    assert environment_pins() == lock_pins()


def test_environment_yml_installs_the_package_and_python_311() -> None:
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    assert "conda-forge" in env["channels"]
    assert "python=3.11" in env["dependencies"]
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert "-e ." in pip


def test_every_declared_dependency_is_pinned() -> None:
    data = __import__("tomllib").loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    declared = list(data["project"]["dependencies"])
    for extra in data["project"]["optional-dependencies"].values():
        declared += extra
    pins = lock_pins()
    for requirement in declared:
        name = re.split(r"[<>=!\[ ;]", requirement, maxsplit=1)[0]
        assert re.sub(r"[-_.]+", "-", name).lower() in pins, f"{name} is declared but not pinned"


def test_core_stack_versions() -> None:
    pins = lock_pins()
    assert pins["jupyter-book"].startswith("1."), "classic Jupyter Book 1.x (Sphinx) is required"
    for name in ["sphinx", "myst-nb", "pandas", "jieba", "seaborn", "matplotlib", "nbval", "mplfonts"]:
        assert name in pins


def test_pinned_packages_refuse_an_unpinned_line_and_the_book_stack_is_in_the_lock() -> None:
    assert pinned_packages(["# c", "", "-e .", "a_b==1.0"]) == [("a_b", "1.0")]
    with pytest.raises(ValueError, match="not pinned with ==: 'pandas>=2'"):
        pinned_packages(["pandas>=2"])
    stack = book_stack(ROOT / "requirements" / "lock.txt")
    assert sorted(stack["package"]) == sorted(BOOK_STACK)
    assert stack["package"].str.lower().is_monotonic_increasing
    assert dict(zip(stack["package"], stack["version"], strict=True))["jieba"] == lock_pins()["jieba"]
