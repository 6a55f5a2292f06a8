"""What a killed save leaves behind is cleaned when the catalog's lock is next taken, and a
lock file of another user is named with its owner."""

from __future__ import annotations

import os
import pwd
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from workbench import fileio
from workbench.errors import WorkbenchError
from workbench.fileio import atomic_write_bytes, file_lock, lock_path_for

KILLED_MID_SAVE = """
import os, signal, sys
from workbench import fileio
def die(fd):  # SIGKILL once the new content is written, before the rename
    os.kill(os.getpid(), signal.SIGKILL)
fileio.os.fsync = die
fileio.atomic_write_bytes(sys.argv[1], b"new content")
"""


def _kill_during_save(path: Path) -> None:
    """A real save of ``path`` killed with SIGKILL between write and rename."""
    done = subprocess.run(
        [sys.executable, "-c", KILLED_MID_SAVE, str(path)],
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
        capture_output=True,
        timeout=60,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr


def test_a_save_killed_mid_write_leaves_a_temporary_the_next_lock_removes(
    tmp_path: Path,
) -> None:
    catalog = tmp_path / "news.po"
    catalog.write_bytes(b"old content")
    _kill_during_save(catalog)
    _kill_during_save(catalog)
    leftovers = sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp"))
    assert len(leftovers) == 2 and all(n.startswith(".news.po.") for n in leftovers)
    assert catalog.read_bytes() == b"old content"
    with file_lock(catalog, timeout=5):
        pass
    assert sorted(p.name for p in tmp_path.iterdir()) == [".news.po.lock", "news.po"]


def test_only_this_catalogs_temporaries_are_removed(tmp_path: Path) -> None:
    catalog = tmp_path / "news.po"
    catalog.write_bytes(b"x")
    kept = [
        ".other.po.abcd1234.tmp",  # another catalog's save, maybe live
        ".news.po.journal",  # the TUI's draft journal
        ".news.po.journal.ab_cd123.tmp",  # its save in progress
        ".news.po.abc.tmp",  # not a name mkstemp makes
        "news.po.abcd1234.tmp",  # not hidden
        ".news.po.abcd1234.tmp.bak",
        ".news.po.ABCD1234.tmp",  # mkstemp's names are lower case
    ]
    for name in kept:
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / ".news.po.a_b9z0yq.tmp").write_bytes(b"stale")
    with file_lock(catalog, timeout=5):
        pass
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*kept, "news.po", ".news.po.lock"])


def test_the_pattern_matches_what_atomic_write_creates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cleanup's pattern is checked against the temporaries a real write creates."""
    catalog = tmp_path / "x.y.po"
    seen: list[str] = []
    real_fsync = os.fsync

    def spy(fd: int) -> None:
        seen.extend(p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp"))
        real_fsync(fd)

    monkeypatch.setattr(fileio.os, "fsync", spy)
    for _ in range(20):
        atomic_write_bytes(catalog, b"x")
    assert len(seen) == 20
    assert all(fileio.is_stale_temporary_of(catalog, name) for name in seen)


def test_a_symlinked_catalogs_temporaries_are_removed_beside_its_target(
    tmp_path: Path,
) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (real / "news.po").write_bytes(b"x")
    link = tmp_path / "news.po"
    link.symlink_to(real / "news.po")
    (real / ".news.po.abcdefgh.tmp").write_bytes(b"stale")
    with file_lock(link, timeout=5):
        pass
    assert not (real / ".news.po.abcdefgh.tmp").exists()


def test_a_lock_file_of_another_user_is_named_with_its_owner(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalog = tmp_path / "news.po"
    catalog.write_bytes(b"x")
    lock = lock_path_for(catalog)
    lock.write_bytes(b"")
    nobody = pwd.getpwnam("nobody")
    os.chown(lock, nobody.pw_uid, nobody.pw_gid)
    lock.chmod(0o644)

    def denied(*args: object, **kwargs: object) -> None:  # as the kernel would for a user
        raise PermissionError(13, "Permission denied", str(lock))

    monkeypatch.setattr(fileio._lock_for(catalog), "acquire", denied)
    with pytest.raises(WorkbenchError) as caught, file_lock(catalog, timeout=1):
        pass
    message = str(caught.value)
    assert caught.value.path == lock
    assert "belongs to nobody" in message
    assert "folder writable" not in message
    assert "\n" not in message


def test_an_unwritable_folder_without_a_lock_file_still_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalog = tmp_path / "news.po"

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(lock_path_for(catalog)))

    monkeypatch.setattr(fileio._lock_for(catalog), "acquire", denied)
    with pytest.raises(WorkbenchError, match="make the catalog's folder writable"):
        with file_lock(catalog, timeout=1):
            pass
