"""Re-execute notebooks in place (cwd = the notebook's folder), with deterministic metadata.

Usage: python scripts/execute_notebooks.py book [more paths...]
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def execute(path: Path) -> None:
    """Execute one notebook and write it back with outputs, no timing metadata."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        record_timing=False,
    )
    client.execute()
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    nb.metadata.pop("widgets", None)
    nbformat.write(nb, path)


def main(argv: list[str]) -> int:
    targets = argv or ["book"]
    notebooks: list[Path] = []
    for target in map(Path, targets):
        notebooks += sorted(target.rglob("*.ipynb")) if target.is_dir() else [target]
    notebooks = [nb for nb in notebooks if "_build" not in nb.parts and ".ipynb_checkpoints" not in nb.parts]
    for nb_path in notebooks:
        print(f"executing {nb_path}", flush=True)
        execute(nb_path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
