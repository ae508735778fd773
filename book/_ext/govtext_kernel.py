"""Sphinx extension: the notebooks' kernels talk to the build over local (IPC) sockets, not TCP.

Registered in ``_config.yml`` (``sphinx: local_extensions: {govtext_kernel: book/_ext}``). ipykernel 7
warns "Kernel is running over TCP without encryption" on every kernel started over TCP without CurveZMQ
keys, so ``make book`` printed that warning once per notebook: a warning no reader of the build can act
on. myst-nb executes the notebooks in this process (jupyter-cache → nbclient → jupyter_client), and gives
the kernel manager no configuration of ours, so the default of jupyter_client's ``transport`` setting is
made ``"ipc"`` here: the kernel's sockets are then files in Jupyter's runtime folder, readable by the
user only (the transport the warning recommends), and the warning is not printed because it does not
apply. A kernel started by anything else in the process is unaffected unless it uses the default.
"""

from __future__ import annotations

import os
import sys
import uuid
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

__version__ = "1.0"


def use_ipc_transport() -> bool:
    """Make IPC the default transport of jupyter_client's kernel managers; False where IPC is unavailable."""
    if os.name != "posix" or sys.platform == "emscripten":
        return False
    from jupyter_client.connect import ConnectionFileMixin
    from jupyter_client.manager import AsyncKernelManager, KernelManager
    from jupyter_core.paths import jupyter_runtime_dir

    def ipc_prefix(self: Any) -> str:
        # jupyter_client's default, "kernel-ipc", is relative: the kernel (cwd book/) and the build (cwd
        # the project) would each look for the sockets in their own folder. An absolute path in the
        # user's runtime folder (mode 0700), short enough for a socket name.
        folder = Path(jupyter_runtime_dir())
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        return str(folder / f"kernel-{uuid.uuid4().hex[:12]}-ipc")

    ConnectionFileMixin.class_traits()["transport"].default_value = "ipc"
    # traitlets looks a dynamic default up in the instance's own class first (then in a table made when
    # the class was defined), so it is set on the two manager classes nbclient uses.
    for manager in (KernelManager, AsyncKernelManager):
        manager._ip_default = ipc_prefix  # type: ignore[method-assign]
    return True


def setup(app: Sphinx) -> dict[str, Any]:
    use_ipc_transport()
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
