"""The output folder of a run: staged in a hidden folder, moved into place only when the run succeeded.

``staged_output`` gives a hidden staging folder next to a new ``OUT_DIR`` (inside an existing empty
one) whose content becomes ``OUT_DIR`` when the run succeeded; it is removed on any failure, so
``OUT_DIR`` never holds a partial result (``check_out_dir`` refuses one that is not empty), and the next
run removes one left by a killed run (each is locked by the process writing it: ``LOCK_FILE``).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: a staging folder's owner is found by its pid
    fcntl = None  # type: ignore[assignment]

from govtext.corpus import shown

# ----------------------------------------------------------------------------------------------------
# Writing: a staging folder, renamed into place at the end
# ----------------------------------------------------------------------------------------------------


STAGING_SUFFIX = ".partial"
IN_PLACE_PREFIX = ".govtext-run."
"""Prefix of the staging folder made inside an existing empty ``OUT_DIR`` (beside it: ``.OUT_DIR.``)."""
LOCK_FILE = ".govtext-run.lock"
"""In a staging folder: locked (``fcntl.lockf``) by the run writing it, with its pid and host."""

Notify = Callable[[str], None]


def check_out_dir(out_dir: Path) -> None:
    """Refuse an output folder that exists and is not empty, a file, or a broken link
    (``FileExistsError``)."""
    out_dir = Path(out_dir)
    if out_dir.is_symlink() and not out_dir.exists():
        raise FileExistsError(
            f"{shown(out_dir)}: a broken link (to {shown(os.readlink(out_dir))}); create the folder it "
            "points to or choose another --out"
        )
    if out_dir.exists() and not out_dir.is_dir():
        raise FileExistsError(f"{shown(out_dir)}: exists and is a file, not a folder; choose another --out")
    if out_dir.exists() and any(out_dir.iterdir()):
        raise FileExistsError(
            f"{shown(out_dir)}: output folder exists and is not empty; choose another or empty it"
        )


def staging_folders(out_dir: Path) -> list[Path]:
    """Staging folders of runs into ``out_dir``: beside it (``.OUT_DIR.*.partial``) and, if it exists,
    inside it (``.govtext-run.*.partial``)."""
    out_dir = Path(out_dir)
    found: list[Path] = []
    places = [(out_dir.parent, f".{out_dir.name}.")]
    if out_dir.is_dir():
        places.append((out_dir, IN_PLACE_PREFIX))
    for folder, prefix in places:
        with contextlib.suppress(OSError):
            found += [
                path
                for path in folder.iterdir()
                if path.name.startswith(prefix) and path.name.endswith(STAGING_SUFFIX) and path.is_dir()
            ]
    return sorted(found)


def _lock_owner(staging: Path) -> tuple[bool | None, str]:
    """``(live, who)``: True if a running process holds the staging folder's lock, False if its lock is
    free (the run was killed), None if it has no lock file (not made by a run of this version)."""
    lock = staging / LOCK_FILE
    try:
        who = lock.read_text(encoding="utf-8").strip() or "unknown pid"
    except OSError:
        return None, ""
    pid_text, _, host = who.partition(" ")
    if pid_text == str(os.getpid()) and host == socket.gethostname():
        return True, who  # this process's own (a POSIX lock would not stop us)
    if fcntl is None:  # pragma: no cover - Windows
        try:
            os.kill(int(pid_text), 0)
        except (OSError, ValueError):
            return False, who
        return True, who
    try:
        fd = os.open(lock, os.O_RDWR)
    except OSError:
        return None, who
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True, who
    finally:
        os.close(fd)  # releases the probe's lock
    return False, who


def clear_stale_staging(out_dir: Path, notify: Notify | None = None) -> None:
    """Remove the staging folders that runs into ``out_dir`` left when they were killed (SIGKILL, power
    loss), saying so through ``notify``; refuse (``FileExistsError``) while another run writes there."""
    for staging in staging_folders(out_dir):
        live, who = _lock_owner(staging)
        if live:
            raise FileExistsError(
                f"{shown(out_dir)}: another govtext run (pid {shown(who)}) is writing it (staging folder "
                f"{shown(staging)}); wait for it to end or choose another --out"
            )
        if live is False:
            shutil.rmtree(staging, ignore_errors=True)
            if notify is not None:
                notify(f"removed {shown(staging)}, left by a run that was killed (pid {shown(who)})")
        elif notify is not None:
            notify(f"found {shown(staging)}, not made by a running govtext: remove it if no run writes there")


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _make_parents(folder: Path) -> list[Path]:
    """Create ``folder`` and its missing parents; returns the folders created, outermost first."""
    missing: list[Path] = []
    current = folder
    while not current.exists() and not current.is_symlink() and current != current.parent:
        missing.append(current)
        current = current.parent
    created: list[Path] = []
    try:
        for path in reversed(missing):
            path.mkdir()
            created.append(path)
    except OSError as err:
        _remove_folders(created)
        raise OSError(f"{shown(folder)}: cannot create the folder: {err.strerror}") from None
    return created


def _remove_folders(created: Sequence[Path]) -> None:
    """Remove folders a failed run created (innermost first), as long as they are empty."""
    for path in reversed(created):
        try:
            path.rmdir()
        except OSError:
            return


def _make_staging(where: Path, prefix: str) -> tuple[Path, int]:
    """A new staging folder in ``where`` (mode as ``mkdir`` would give it under the umask, set-group-id
    kept) and the open, locked descriptor of its lock file."""
    try:
        staging = Path(tempfile.mkdtemp(prefix=prefix, suffix=STAGING_SUFFIX, dir=where))
    except OSError as err:
        raise OSError(f"{shown(where)}: cannot write a staging folder there: {err.strerror}") from None
    try:
        inherited = staging.stat().st_mode & 0o7000
        os.chmod(staging, (0o777 & ~_umask()) | inherited)
        fd = os.open(staging / LOCK_FILE, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o600)
        if fcntl is not None:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # released when this process ends, however
        os.write(fd, f"{os.getpid()} {socket.gethostname()}\n".encode())
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return staging, fd


def _move_entries(staging: Path, out_dir: Path) -> None:
    """Move every entry of ``staging`` into ``out_dir`` (same file system: renames); all or none."""
    moved: list[Path] = []
    try:
        for entry in sorted(staging.iterdir()):
            target = out_dir / entry.name
            entry.rename(target)
            moved.append(target)
    except BaseException:
        for target in moved:
            if target.is_dir():
                shutil.rmtree(target, ignore_errors=True)
            else:
                target.unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def staged_output(out_dir: Path, notify: Notify | None = None) -> Iterator[Path]:
    """A staging folder to write into; its content becomes ``out_dir`` when the block ends normally, and
    it is removed on any exception (``KeyboardInterrupt`` and the signals ``govtext run`` turns into
    exceptions included), so ``out_dir`` never holds a partial result.

    A new ``out_dir`` is staged beside it (``.OUT_DIR.XXXX.partial``) and renamed into place; folders
    made for it are removed again if the block fails. An existing empty ``out_dir`` (a mount point, a
    link to a folder, a shared folder) is filled in place, keeping its mode, owner and group: the staging
    folder is made inside it (on its file system) and its entries moved up at the end. Staging folders
    left by killed runs are removed first (see :func:`clear_stale_staging`). Files follow the umask.
    """
    out_dir = Path(out_dir)
    clear_stale_staging(out_dir, notify)
    check_out_dir(out_dir)
    in_place = out_dir.is_dir()
    created = [] if in_place else _make_parents(out_dir.parent)
    try:
        staging, fd = _make_staging(
            out_dir if in_place else out_dir.parent, IN_PLACE_PREFIX if in_place else f".{out_dir.name}."
        )
    except BaseException:
        _remove_folders(created)
        raise
    try:
        try:
            yield staging
        finally:
            (staging / LOCK_FILE).unlink(missing_ok=True)
            os.close(fd)
        if not in_place:
            check_out_dir(out_dir)  # nothing may have appeared there meanwhile
            in_place = out_dir.is_dir()
        if in_place:
            _move_entries(staging, out_dir)
            staging.rmdir()
        else:
            staging.rename(out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        _remove_folders(created)
        raise
