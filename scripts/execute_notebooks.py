"""Re-execute notebooks in place (cwd = the notebook's folder), with deterministic metadata.

Usage: python scripts/execute_notebooks.py book [more paths...]

Each kernel talks to this script over IPC sockets in the user's Jupyter runtime folder, as in the book build
(``book/_ext/govtext_kernel.py``): over TCP, ipykernel 7 prints "Kernel is running over TCP without
encryption" for every notebook, a warning nobody running the script can act on.
"""

from __future__ import annotations

import os
import sys
import uuid
from pathlib import Path

import nbformat
from jupyter_core.paths import jupyter_runtime_dir
from nbclient import NotebookClient
from traitlets.config import Config

KERNEL_NAME = "python3"


def kernel_config() -> Config:
    """Configuration for the kernel managers nbclient creates: IPC sockets where the system has them.

    The socket prefix is an absolute path in the runtime folder (mode 0700): the kernel runs in the
    notebook's folder, so jupyter_client's relative default would point the two sides at different files.
    nbclient still creates (and so shuts down and cleans up) the kernel itself.
    """
    config = Config()
    if os.name == "posix":
        folder = Path(jupyter_runtime_dir())
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        config.KernelManager.transport = "ipc"
        config.KernelManager.ip = str(folder / f"kernel-{uuid.uuid4().hex[:12]}-ipc")
    return config


def execute(path: Path) -> None:
    """Execute one notebook and write it back with outputs, no timing metadata."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        config=kernel_config(),
        timeout=600,
        kernel_name=KERNEL_NAME,
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
