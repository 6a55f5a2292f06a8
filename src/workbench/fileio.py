"""Atomic writes and per-file locks: nothing already saved is ever lost or half-written."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from filelock import FileLock, Timeout

from workbench.errors import CatalogLocked, WorkbenchError


def atomic_write_bytes(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same folder, fsync, rename.

    The file's mode is kept when it exists; readers see the old or the new content, never a mix.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except FileNotFoundError:
        raise WorkbenchError("folder does not exist", folder) from None
    except PermissionError:
        raise WorkbenchError(
            "cannot write here (permission denied)", folder, hint="check the folder's permissions"
        ) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise
    with contextlib.suppress(OSError):
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def atomic_write_text(path: str | Path, text: str, encoding: str = "utf-8") -> None:
    """Text flavour of :func:`atomic_write_bytes`."""
    atomic_write_bytes(path, text.encode(encoding))


def lock_path_for(path: str | Path) -> Path:
    """The sidecar lock file of ``path``: hidden, beside it (``.name.po.lock``)."""
    path = Path(path)
    return path.with_name(f".{path.name}.lock")


@contextlib.contextmanager
def file_lock(path: str | Path, timeout: float = 10.0) -> Iterator[None]:
    """Hold the inter-process lock of ``path`` (re-entrant within one process)."""
    lock = FileLock(str(lock_path_for(path)), timeout=timeout)
    try:
        lock.acquire()
    except Timeout:
        raise CatalogLocked(
            f"locked by another process for more than {timeout:g} s",
            path,
            hint=f"wait for it to finish, or remove {lock_path_for(path).name} if none is running",
        ) from None
    except PermissionError:
        raise WorkbenchError(
            "cannot create the lock file (permission denied)",
            path,
            hint="make the catalog's folder writable",
        ) from None
    try:
        yield
    finally:
        lock.release()
