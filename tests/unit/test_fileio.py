"""Atomic writes keep old content on failure and leave no litter; locks time out clearly."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from workbench import fileio
from workbench.errors import CatalogLocked, WorkbenchError
from workbench.fileio import atomic_write_bytes, atomic_write_text, file_lock


def test_write_replaces_content_and_keeps_mode(tmp_path: Path) -> None:
    path = tmp_path / "x.po"
    path.write_text("old", encoding="utf-8")
    path.chmod(0o640)
    atomic_write_text(path, "new ✓")
    assert path.read_text(encoding="utf-8") == "new ✓"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.po"]


def test_new_file_gets_umask_mode(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        atomic_write_bytes(tmp_path / "n.po", b"x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "n.po").stat().st_mode) == 0o640


def test_symlink_is_kept_and_its_target_written(tmp_path: Path) -> None:
    target = tmp_path / "real.po"
    target.write_bytes(b"old")
    link = tmp_path / "link.po"
    link.symlink_to(target)
    atomic_write_bytes(link, b"new")
    assert link.is_symlink() and target.read_bytes() == b"new"


def test_failed_rename_keeps_old_content_and_removes_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "x.po"
    path.write_bytes(b"precious")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(WorkbenchError, match="No space left on device") as caught:
        atomic_write_bytes(path, b"half")
    assert caught.value.path == path
    assert path.read_bytes() == b"precious"
    assert [p.name for p in tmp_path.iterdir()] == ["x.po"]


def test_interrupted_write_removes_temp_and_reraises(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "x.po"
    path.write_bytes(b"precious")

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        atomic_write_bytes(path, b"new")
    assert path.read_bytes() == b"precious"
    assert [p.name for p in tmp_path.iterdir()] == ["x.po"]


def test_unwritable_folder_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    if os.geteuid() == 0:  # root may write anywhere: fail mkstemp as it would for a user

        def denied(*args: object, **kwargs: object) -> tuple[int, str]:
            raise PermissionError(13, "Permission denied")

        monkeypatch.setattr(fileio.tempfile, "mkstemp", denied)
    try:
        with pytest.raises(WorkbenchError) as caught:
            atomic_write_bytes(folder / "x.po", b"x")
    finally:
        folder.chmod(0o755)
    assert "permission denied" in str(caught.value)
    assert caught.value.path == folder
    assert list(folder.iterdir()) == []


def test_read_only_file_is_not_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "x.po"
    path.write_bytes(b"keep")
    path.chmod(0o444)
    if os.geteuid() == 0:  # root may write anything: answer as the kernel would for a user
        real_access = os.access
        monkeypatch.setattr(
            fileio.os, "access", lambda p, m: False if Path(p) == path else real_access(p, m)
        )
    with pytest.raises(WorkbenchError, match="read-only") as caught:
        atomic_write_bytes(path, b"new")
    assert caught.value.path == path and path.read_bytes() == b"keep"


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(WorkbenchError, match="folder does not exist"):
        atomic_write_bytes(tmp_path / "nope" / "x.po", b"x")


HOLD_LOCK = (
    "import sys, time\n"
    "from workbench.fileio import file_lock\n"
    "with file_lock(sys.argv[1]):\n"
    "    print('held', flush=True)\n"
    "    time.sleep(float(sys.argv[2]))\n"
)


def hold_lock_in_other_process(path: Path, seconds: float) -> subprocess.Popen[str]:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(path), str(seconds)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline() == "held\n"
    return holder


def test_lock_timeout_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "x.po"
    holder = hold_lock_in_other_process(path, 5)
    try:
        started = time.monotonic()
        with pytest.raises(CatalogLocked) as caught, file_lock(path, timeout=0.3):
            pass
        assert time.monotonic() - started < 3
    finally:
        holder.kill()
        holder.wait()
    assert caught.value.path == path
    assert str(caught.value).startswith(f"{path}: locked by another process")
    assert "another workbench process" in str(caught.value)


def test_lock_is_reentrant_in_a_thread_and_exclusive_between_threads(tmp_path: Path) -> None:
    path = tmp_path / "x.po"
    other_got_it = threading.Event()

    def other() -> None:
        with file_lock(path, timeout=5):
            other_got_it.set()

    with file_lock(path, timeout=1), file_lock(path, timeout=1):
        thread = threading.Thread(target=other)
        thread.start()
        assert not other_got_it.wait(0.3)
    thread.join(5)
    assert other_got_it.is_set()


def test_lock_released_after_holder_exits(tmp_path: Path) -> None:
    path = tmp_path / "x.po"
    holder = hold_lock_in_other_process(path, 0.2)
    holder.wait()
    with file_lock(path, timeout=2):
        pass
