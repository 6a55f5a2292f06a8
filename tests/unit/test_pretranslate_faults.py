"""A batch run's checkpoints on a failing disk: ``ENOSPC``, ``EIO`` and ``EACCES`` injected at
each write, fsync and rename of a ``workbench pretranslate`` run (a fake engine, so it is fast).

Afterwards the run has said so in one line naming the catalog (exit 2, no traceback), nothing
approved is lost, the catalog on disk is a complete one (read by the workbench and by
``msgfmt -c``), and a re-run completes it.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import workbench.mt
from tests.unit.test_pretranslate_runner import FakeEngine, write_catalog
from workbench.catalog.pofile import read_po
from workbench.cli.main import main
from workbench.pretranslate import runner as runner_module
from workbench.pretranslate.checkpoint import Checkpointer

ERRNOS = (errno.ENOSPC, errno.EIO, errno.EACCES)
OPERATIONS = ("write", "fsync", "rename")
SOURCES = [f"جملة رقم {i}" for i in range(7)]
APPROVED = {"نص معتمد": "Approved text", "نص آخر": "Another approved"}


class Faults:
    """Counts the writes, fsyncs and renames of a run; raises ``OSError(code)`` at call
    number ``at`` of ``operation`` (a write fails half-way: half the bytes reach the disk)."""

    def __init__(self, operation: str | None = None, at: int = 0, code: int = 0) -> None:
        self.operation, self.at, self.code = operation, at, code
        self.calls = dict.fromkeys(OPERATIONS, 0)
        self.injected_on_folder = False
        self.injected = False

    def hit(self, operation: str) -> bool:
        self.calls[operation] += 1
        if operation == self.operation and self.calls[operation] == self.at:
            self.injected = True
            return True
        return False

    def error(self) -> OSError:
        return OSError(self.code, os.strerror(self.code))


@pytest.fixture()
def injected(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[Faults], None]]:
    """Installs a :class:`Faults` in the system calls a save makes."""
    real_fsync, real_replace, real_fdopen = os.fsync, os.replace, os.fdopen

    def install(faults: Faults) -> None:
        def fsync(fd: int) -> None:
            if faults.hit("fsync"):
                faults.injected_on_folder = stat.S_ISDIR(os.fstat(fd).st_mode)
                raise faults.error()
            real_fsync(fd)

        def replace(src: Any, dst: Any, **kw: Any) -> None:
            if faults.hit("rename"):
                raise faults.error()
            real_replace(src, dst, **kw)

        def fdopen(fd: int, *args: Any, **kw: Any) -> Any:
            handle = real_fdopen(fd, *args, **kw)
            real_write = handle.write

            def write(data: bytes) -> int:
                if faults.hit("write"):
                    real_write(data[: len(data) // 2])
                    handle.flush()
                    raise faults.error()
                return int(real_write(data))

            handle.write = write
            return handle

        monkeypatch.setattr(os, "fsync", fsync)
        monkeypatch.setattr(os, "replace", replace)
        monkeypatch.setattr(os, "fdopen", fdopen)

    yield install


@pytest.fixture()
def fake_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fake engine for every language; a checkpoint every 2 segments, so a run saves
    several times."""
    monkeypatch.setattr(
        workbench.mt, "load_engine", lambda config, **kw: FakeEngine(), raising=False
    )
    monkeypatch.setattr(
        runner_module,
        "Checkpointer",
        lambda **kw: Checkpointer(**{**kw, "every_segments": 2}),
    )


def catalog_in(project: Path) -> Path:
    entries = [{"msgid": s, "msgstr": t} for s, t in APPROVED.items()]
    entries[1:1] = [{"msgid": s, "msgstr": ""} for s in SOURCES]
    return write_catalog(project / "locales/en/LC_MESSAGES/faults.po", entries)


def run(catalog: Path) -> int:
    return main(["pretranslate", str(catalog), "--no-glossary", "--json", "--batch-tokens", "3"])


def assert_complete_and_approved_kept(catalog: Path) -> int:
    """The catalog is whole (both readers take it) and holds every approved translation;
    returns how many entries the run has filled so far."""
    po = read_po(catalog)
    for source, target in APPROVED.items():
        entry = po.find(source)
        assert entry is not None and entry.msgstr == target and "fuzzy" not in entry.flags
    assert {e.msgid for e in po if e.msgid} == {*SOURCES, *APPROVED}
    if shutil.which("msgfmt"):
        checked = subprocess.run(
            ["msgfmt", "-c", "-o", os.devnull, str(catalog)], capture_output=True, text=True
        )
        assert checked.returncode == 0, checked.stderr
    return sum(1 for e in po if e.msgid in SOURCES and e.msgstr == f"EN<{e.msgid}>")


def count_calls(project: Path, injected: Callable[[Faults], None]) -> dict[str, int]:
    catalog = catalog_in(project)
    faults = Faults()
    injected(faults)
    assert run(catalog) == 0
    return faults.calls


def test_a_clean_run_saves_several_times(
    project: Path, fake_engine: None, injected: Callable[[Faults], None]
) -> None:
    calls = count_calls(project, injected)
    assert calls["write"] >= 4 and calls["rename"] == calls["write"]
    assert calls["fsync"] == 2 * calls["write"]  # the file, then its folder


@pytest.mark.parametrize("code", ERRNOS, ids=errno.errorcode.get)
@pytest.mark.parametrize("operation", OPERATIONS)
def test_a_fault_at_each_save_step_is_reported_and_loses_nothing(
    project: Path,
    fake_engine: None,
    injected: Callable[[Faults], None],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    operation: str,
    code: int,
) -> None:
    calls = count_calls(project, injected)[operation]
    assert calls >= 4
    for at in range(1, calls + 1):
        catalog = catalog_in(project)
        capsys.readouterr()
        faults = Faults(operation, at, code)
        injected(faults)
        exit_code = run(catalog)
        assert faults.injected
        err = capsys.readouterr().err
        filled = assert_complete_and_approved_kept(catalog)
        if faults.injected_on_folder:
            # the folder's fsync, after the rename: the new catalog is in place; a
            # file system that cannot sync a folder is not an error
            assert exit_code == 0 and filled == len(SOURCES)
            continue
        assert exit_code == 2, (operation, at, err)
        lines = err.strip().splitlines()
        assert len(lines) == 1 and "Traceback" not in err, err
        assert str(catalog) in lines[0] or catalog.name in lines[0], lines[0]
        assert os.strerror(code) in lines[0], lines[0]
        assert not [p for p in catalog.parent.iterdir() if p.name.endswith(".tmp")]
        injected(Faults())
        assert run(catalog) == 0
        assert assert_complete_and_approved_kept(catalog) == len(SOURCES)
