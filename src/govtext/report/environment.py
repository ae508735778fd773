"""The pinned stack: the one reader of a requirements lock file (``requirements/lock.txt``).

``pinned_packages`` reads the ``name==version`` lines (the appendix's table, ``scripts/write_environment.py``
and the environment tests use it); ``book_stack`` is the appendix's table of the packages the book rests on.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import pandas as pd

BOOK_STACK = (
    "jupyter-book",
    "Sphinx",
    "myst-nb",
    "nbval",
    "pandas",
    "numpy",
    "jieba",
    "matplotlib",
    "seaborn",
    "mplfonts",
)
"""The packages whose versions the reproducibility appendix shows."""


def pinned_packages(lines: Iterable[str]) -> list[tuple[str, str]]:
    """``(name, version)`` of each requirement line, as written; blank lines, comments and options
    (``-e .``) are skipped. ``ValueError`` names a line that is not pinned with ``==``."""
    pins = []
    for raw in lines:
        line = raw.strip()
        if not line or line.startswith(("#", "-")):
            continue
        name, sep, version = line.partition("==")
        if not sep:
            raise ValueError(f"not pinned with ==: {line!r}")
        pins.append((name, version))
    return pins


def book_stack(lock: str | Path, packages: Sequence[str] = BOOK_STACK) -> pd.DataFrame:
    """``package``, ``version`` of ``packages`` in the lock file ``lock``, sorted by name (case aside)."""
    pins = pd.DataFrame(
        pinned_packages(Path(lock).read_text(encoding="utf-8").splitlines()), columns=["package", "version"]
    )
    chosen = pins[pins["package"].isin(list(packages))]
    return chosen.sort_values("package", key=lambda s: s.str.lower()).reset_index(drop=True)
