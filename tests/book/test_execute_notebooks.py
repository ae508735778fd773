"""scripts/execute_notebooks.py: notebooks re-executed in place over IPC, without ipykernel's TCP warning."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest
from conftest import load_module

ROOT = Path(__file__).resolve().parents[2]
posix_only = pytest.mark.skipif(os.name != "posix", reason="IPC sockets need a POSIX system")


def _load_script():
    return load_module(ROOT / "scripts" / "execute_notebooks.py")


@posix_only
def test_kernel_managers_use_ipc_with_an_absolute_prefix(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path / "runtime"))
    from jupyter_client.manager import AsyncKernelManager

    manager = AsyncKernelManager(config=_load_script().kernel_config())
    assert manager.transport == "ipc"
    assert Path(manager.ip).is_absolute()
    assert Path(manager.ip).parent == tmp_path / "runtime"
    assert (tmp_path / "runtime").stat().st_mode & 0o077 == 0  # the user's only


@posix_only
@pytest.mark.slow
def test_execute_writes_outputs_without_the_tcp_warning(tmp_path, monkeypatch, capfd) -> None:
    runtime = tmp_path / "runtime"
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(runtime))
    notebook = tmp_path / "tiny.ipynb"
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("import os\nprint(os.path.basename(os.getcwd()), 6 * 7)")]
    nbformat.write(nb, notebook)

    _load_script().execute(notebook)

    outputs = nbformat.read(notebook, as_version=4).cells[0].outputs
    assert outputs[0]["text"] == f"{tmp_path.name} 42\n"  # run in the notebook's folder
    captured = capfd.readouterr()
    assert "without encryption" not in captured.err
    assert "WARNING" not in captured.err
    assert not list(runtime.glob("kernel-*-ipc*"))  # the kernel was shut down and its sockets removed
