"""The package outside the checkout: a built wheel carries its resources, and the README's example runs.

``test_wheel_runs_outside_the_checkout`` builds a wheel, installs it into a fresh virtual environment in a
temporary folder (reusing this environment's packages, so no network is needed) and runs ``govtext run``
there with the packaged resources, from a working folder that has no ``data/``.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"


def readme_example() -> str:
    """The Python block under the README's "The library in five lines" heading."""
    text = README.read_text(encoding="utf-8")
    section = text.split("## The library in five lines", 1)[1]
    match = re.search(r"```python\n(.*?)```", section, flags=re.S)
    assert match, "README: no python block under 'The library in five lines'"
    return match.group(1)


def test_readme_example_runs_and_is_five_lines(monkeypatch) -> None:
    code = readme_example()
    lines = [line for line in code.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    assert len(lines) <= 5, lines
    monkeypatch.chdir(ROOT)
    namespace: dict[str, object] = {}
    exec(compile(code, "README.md", "exec"), namespace)
    tables = namespace["tables"]
    assert len(tables.programmes) > 0  # type: ignore[attr-defined]
    raw = dict(zip(namespace["documents"]["doc_id"], namespace["documents"]["raw_text"], strict=True))  # type: ignore[index]
    for row in tables.programmes.itertuples():  # type: ignore[attr-defined]
        assert raw[row.doc_id][row.start : row.end] == row.surface


@pytest.mark.slow
def test_wheel_runs_outside_the_checkout(tmp_path) -> None:
    dist = tmp_path / "dist"
    source = tmp_path / "source"  # a copy, so that the build leaves nothing in the checkout
    shutil.copytree(ROOT / "src", source / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(ROOT / name, source / name)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", dist, source],
        check=True,
        cwd=tmp_path,
    )
    (wheel,) = dist.glob("govtext-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    for resource in (
        "programmes.yml",
        "dimensions.yml",
        "units.yml",
        "governance_terms.txt",
        "stopwords.txt",
    ):
        assert f"govtext/resources/{resource}" in names, resource
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(system_site_packages=True, with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    # This environment's packages (pandas, jieba, ...) without its editable govtext.
    parent_site = Path(__import__("pandas").__file__).resolve().parents[1]
    (Path(site) / "parent.pth").write_text(f"{parent_site}\n", encoding="utf-8")
    # pip comes from the parent environment too; it installs into the new one (console script included).
    subprocess.run([python, "-m", "pip", "install", "--no-deps", "-q", wheel], check=True, cwd=tmp_path)
    work = tmp_path / "elsewhere"
    texts = work / "texts"
    texts.mkdir(parents=True)
    for path in sorted((ROOT / "data" / "raw").glob("*.txt"))[:2]:
        (texts / path.name).write_bytes(path.read_bytes())
    located = subprocess.run(
        [python, "-c", "import govtext, sys; print(govtext.__file__)"],
        check=True,
        capture_output=True,
        text=True,
        cwd=work,
    ).stdout.strip()
    assert str(ROOT) not in located, located  # the wheel, not the checkout
    result = subprocess.run(
        [env_dir / "bin" / "govtext", "run", "texts", "--out", "out"],
        capture_output=True,
        text=True,
        cwd=work,
    )
    assert result.returncode == 0, result.stderr
    assert (work / "out" / "programmes.csv").stat().st_size > 100
    assert "2 documents" in result.stdout
