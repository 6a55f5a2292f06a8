"""Atomic writes and per-file locks: nothing already saved is ever lost or half-written."""

from __future__ import annotations

import contextlib
import os
import pwd
import re
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

from filelock import FileLock, Timeout

from workbench.errors import CatalogLocked, WorkbenchError

#: The temporary file of a save of ``NAME`` is ``.NAME.XXXXXXXX.tmp`` beside it, where
#: ``XXXXXXXX`` is what :func:`tempfile.mkstemp` puts between prefix and suffix: 8 characters
#: of ``[a-z0-9_]`` (its ``_RandomNameSequence``).
_TEMPORARY_SUFFIX = ".tmp"
_MKSTEMP_RANDOM = "[a-z0-9_]{8}"


def _temporary_prefix(path: Path) -> str:
    return f".{path.name}."


def is_stale_temporary_of(path: str | Path, name: str) -> bool:
    """Whether the file ``name`` beside ``path`` is a temporary of a save of ``path`` (one that
    outlived its writer when found with the lock of ``path`` held)."""
    pattern = re.escape(_temporary_prefix(Path(path))) + _MKSTEMP_RANDOM
    return re.fullmatch(pattern + re.escape(_TEMPORARY_SUFFIX), name) is not None


def remove_stale_temporaries(path: str | Path) -> list[Path]:
    """Remove what saves of ``path`` killed between write and rename left (``kill -9``, a power
    cut); returns what was removed. Call it with the lock of ``path`` held: every writer of
    ``path`` saves under that lock, so no temporary of ``path`` can then be a live one. Other
    files' temporaries are never touched. Best effort: a file that cannot be removed stays."""
    path = Path(path)
    if path.is_symlink():  # saves write beside the link's target
        path = Path(os.path.realpath(path))
    folder = path.parent if str(path.parent) else Path(".")
    prefix = _temporary_prefix(path)
    removed: list[Path] = []
    try:
        names = [n for n in os.listdir(folder) if n.startswith(prefix)]
    except OSError:
        return removed
    for name in names:
        if is_stale_temporary_of(path, name):
            with contextlib.suppress(OSError):
                os.unlink(folder / name)
                removed.append(folder / name)
    return removed


def atomic_write_bytes(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same folder, fsync, rename.

    The file's mode is kept when it exists (a symlink's target is written, the link kept); a
    read-only file is refused, not replaced. Readers see the old or the new content, never a
    mix. On any failure the temporary file
    is removed and the old content stays; OS errors become :class:`WorkbenchError`.
    """
    path = Path(path)
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    folder = path.parent if str(path.parent) else Path(".")
    try:
        mode = path.stat().st_mode & 0o7777
        if not os.access(path, os.W_OK):
            raise WorkbenchError(
                "file is read-only", path, hint="make it writable (chmod u+w) to save changes"
            )
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    except OSError as exc:
        raise WorkbenchError(f"cannot write: {exc.strerror}", path) from None
    try:
        fd, tmp_name = tempfile.mkstemp(
            prefix=_temporary_prefix(path), suffix=_TEMPORARY_SUFFIX, dir=folder
        )
    except FileNotFoundError:
        raise WorkbenchError("folder does not exist", folder, hint="create it first") from None
    except PermissionError:
        raise WorkbenchError(
            "cannot write here (permission denied)", folder, hint="check the folder's permissions"
        ) from None
    except OSError as exc:
        raise WorkbenchError(f"cannot write here: {exc.strerror}", folder) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, path)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        if isinstance(exc, OSError):
            reason = exc.strerror or str(exc)
            raise WorkbenchError(
                f"cannot write: {reason}", path, hint="the previous content is unchanged"
            ) from exc
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


_locks: dict[str, FileLock] = {}
_locks_guard = threading.Lock()


def _lock_for(path: str | Path) -> FileLock:
    """One FileLock per lock file in this process: re-entrant in a thread, exclusive between
    threads (filelock keeps its state per thread) and between processes (flock)."""
    key = os.path.abspath(lock_path_for(path))
    with _locks_guard:
        lock = _locks.get(key)
        if lock is None:
            lock = _locks[key] = FileLock(key)
        return lock


def _owner_name(path: Path) -> str | None:
    """The user owning ``path`` (their uid when the system has no name for it); None when
    ``path`` does not exist."""
    try:
        uid = path.stat().st_uid
    except OSError:
        return None
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"uid {uid}"


def _lock_refused(path: str | Path) -> WorkbenchError:
    """Why the lock of ``path`` could not be taken when the system said "permission denied":
    an existing lock file of another user (created by their run), else a folder this user may
    not create files in."""
    lock_file = lock_path_for(path)
    owner = _owner_name(lock_file)
    if owner is not None and lock_file.stat().st_uid != os.geteuid():
        return WorkbenchError(
            f"cannot take the lock: the lock file belongs to {owner} and you may not write it",
            lock_file,
            hint=f"when no workbench run of {owner}'s uses this catalog, remove the lock file "
            "(it holds no data), or work on the catalog as that user",
        )
    if owner is not None:
        return WorkbenchError(
            "cannot take the lock: the lock file is not writable",
            lock_file,
            hint="make it writable (chmod u+w), or remove it when no workbench run uses this "
            "catalog (it holds no data)",
        )
    return WorkbenchError(
        "cannot create the lock file (permission denied)",
        path,
        hint="make the catalog's folder writable",
    )


@contextlib.contextmanager
def file_lock(path: str | Path, timeout: float = 10.0) -> Iterator[None]:
    """Hold the inter-process lock of ``path`` (re-entrant within one thread). Taking it
    removes temporaries that killed saves of ``path`` left (:func:`remove_stale_temporaries`)."""
    lock = _lock_for(path)
    try:
        lock.acquire(timeout=timeout)
    except Timeout:
        raise CatalogLocked(
            f"locked by another process for more than {timeout:g} s",
            path,
            hint="another workbench process (a batch run or the TUI) is writing it: try again "
            "when it has finished",
        ) from None
    except PermissionError:
        raise _lock_refused(path) from None
    except FileNotFoundError:
        raise WorkbenchError("folder does not exist", Path(path).parent) from None
    try:
        remove_stale_temporaries(path)
        yield
    finally:
        lock.release()


# --- reading: OSError -> WorkbenchError, written once -------------------------------------


def read_error(
    exc: OSError,
    path: str | Path,
    what: str = "file",
    *,
    missing: str | None = None,
    folder: str | None = None,
) -> WorkbenchError:
    """The one-line error for ``exc``, met reading ``path`` (a ``what``: "glossary file"...):
    it names the file and says what went wrong (missing, a folder, permission denied, an I/O
    error) and what to do. ``missing`` and ``folder`` replace the first two messages where a
    reader has its own words for them (kept as the tests and scripts know them)."""
    if isinstance(exc, FileNotFoundError):
        return WorkbenchError(missing or f"no such {what}", path)
    if isinstance(exc, IsADirectoryError):
        return WorkbenchError(
            folder or f"is a folder, not a {what}", path, hint="give the path of a file in it"
        )
    if isinstance(exc, PermissionError):
        return WorkbenchError(
            f"cannot read {what} (permission denied)",
            path,
            hint="check the file's permissions",
        )
    return WorkbenchError(
        f"cannot read {what}: {exc.strerror or exc}", path, hint="check the disk and try again"
    )


@contextlib.contextmanager
def reading(
    path: str | Path,
    what: str = "file",
    *,
    missing: str | None = None,
    folder: str | None = None,
) -> Iterator[None]:
    """Turn an ``OSError`` raised inside the block into :func:`read_error`'s WorkbenchError,
    for readers that stream a file (a SAX parser) rather than take its bytes at once."""
    try:
        yield
    except OSError as exc:
        raise read_error(exc, path, what, missing=missing, folder=folder) from None


def read_bytes(
    path: str | Path,
    what: str = "file",
    *,
    missing: str | None = None,
    folder: str | None = None,
) -> bytes:
    """The bytes of ``path``; an ``OSError`` becomes a WorkbenchError naming it
    (:func:`read_error`)."""
    with reading(path, what, missing=missing, folder=folder):
        return Path(path).read_bytes()


def read_text(
    path: str | Path,
    what: str = "file",
    *,
    missing: str | None = None,
    folder: str | None = None,
) -> str:
    """The UTF-8 text of ``path`` (a ``UnicodeDecodeError`` is the caller's to report, with
    its own advice); an ``OSError`` becomes a WorkbenchError naming it (:func:`read_error`)."""
    return read_bytes(path, what, missing=missing, folder=folder).decode("utf-8")
