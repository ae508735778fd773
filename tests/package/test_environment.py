"""The pinned stack cannot drift: environment.yml, the lock file and pyproject agree."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def _pins(lines: list[str]) -> dict[str, str]:
    pins: dict[str, str] = {}
    for line in lines:
        line = line.strip()
        if not line or line.startswith(("#", "-")):
            continue
        name, sep, version = line.partition("==")
        assert sep, f"not pinned with ==: {line!r}"
        pins[re.sub(r"[-_.]+", "-", name).lower()] = version
    return pins


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
