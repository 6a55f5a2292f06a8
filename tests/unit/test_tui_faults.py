"""Write errors in the TUI's save path (issue 13, item 3): ``ENOSPC`` and ``EIO`` injected at
each write, fsync and rename of the journal and of the catalog. The editing actions never
raise, say plainly what happened, keep the text, and nothing approved is lost once the disk
works again."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import polib
import pytest

from tests.support.catalogs import minimal_catalog
from workbench.tui.editing import EditingActions, describe_write_error
from workbench.tui.journal import Journal, JournalRecord
from workbench.tui.session import EditingSession

SOURCES = ["وزير الأمن العام", "اتفاقية هانوي", "الأمم المتحدة"]
POINTS = ("write", "fsync", "rename")
ERRNOS = (errno.ENOSPC, errno.EIO)
PLAIN = {errno.ENOSPC: "the disk is full", errno.EIO: "input/output error"}


class Faults:
    """Makes every write, fsync or rename (``point``) fail with ``code`` while armed."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.armed: tuple[str, int] | None = None
        self.injected = 0
        real_write, real_fsync, real_replace, real_fdopen = (
            os.write,
            os.fsync,
            os.replace,
            os.fdopen,
        )

        def fail(point: str) -> None:
            if self.armed is not None and self.armed[0] == point:
                self.injected += 1
                raise OSError(self.armed[1], os.strerror(self.armed[1]))

        def write(fd: int, data: bytes) -> int:
            fail("write")
            return real_write(fd, data)

        def fsync(fd: int) -> None:
            fail("fsync")
            real_fsync(fd)

        def replace(src, dst, **kw) -> None:
            fail("rename")
            real_replace(src, dst, **kw)

        def fdopen(fd: int, *args, **kw):
            handle = real_fdopen(fd, *args, **kw)
            real_handle_write = handle.write

            def handle_write(data):
                fail("write")
                return real_handle_write(data)

            handle.write = handle_write
            return handle

        monkeypatch.setattr(os, "write", write)
        monkeypatch.setattr(os, "fsync", fsync)
        monkeypatch.setattr(os, "replace", replace)
        monkeypatch.setattr(os, "fdopen", fdopen)

    def arm(self, point: str, code: int) -> None:
        self.armed = (point, code)

    def disarm(self) -> None:
        self.armed = None


@pytest.fixture()
def faults(monkeypatch: pytest.MonkeyPatch) -> Iterator[Faults]:
    yield Faults(monkeypatch)


@pytest.fixture()
def catalog(tmp_path: Path) -> Path:
    po = minimal_catalog()
    for number, source in enumerate(SOURCES, 1):
        po.append(polib.POEntry(msgid=source, msgstr="", occurrences=[("a.ar.txt", str(number))]))
    po[1].msgstr = "Hanoi Convention"
    path = tmp_path / "locales" / "en" / "LC_MESSAGES" / "a.po"
    path.parent.mkdir(parents=True)
    po.save(str(path))
    return path


def open_actions(catalog: Path) -> EditingActions:
    actions = EditingActions(EditingSession(catalog, catalog.parents[3] / ".workbench" / "journal"))
    actions.shown(0, "")
    return actions


def on_disk(catalog: Path) -> dict[str, tuple[str, bool]]:
    return {e.msgid: (e.msgstr, "fuzzy" in e.flags) for e in polib.pofile(str(catalog))}


@pytest.mark.parametrize("code", ERRNOS, ids=errno.errorcode.get)
@pytest.mark.parametrize("point", POINTS)
def test_a_failing_write_loses_no_approval(
    catalog: Path, faults: Faults, point: str, code: int
) -> None:
    actions = open_actions(catalog)
    before = catalog.read_bytes()
    faults.arm(point, code)
    outcome = actions.approve("Minister of Public Security")
    if outcome.write_failed:  # the journal could not be written: nothing done, said plainly
        assert outcome.show is None and outcome.saved is None
        assert outcome.notice is not None and outcome.notice.severity == "error"
        assert outcome.notice.text.startswith("Not approved: could not write the journal")
        assert PLAIN[code] in outcome.notice.text
        assert "Your text is still in the editor" in outcome.notice.text
        assert actions.session.segments[0].status == "untranslated"
        assert actions.current == 0
    else:  # journaled (the fault is in a later step): durable before the catalog write
        assert point == "rename" and outcome.saved == 0
    flushed = actions.session.flush()
    if actions.session.pending:
        assert flushed.error is not None and PLAIN[code] in describe_write_error(flushed.error)
    assert faults.injected > 0
    assert catalog.read_bytes() == before  # the catalog as it was, never half-written

    faults.disarm()  # space is back: the translator approves again, or the retry writes
    if outcome.write_failed:
        outcome = actions.approve("Minister of Public Security")
        assert outcome.saved == 0 and outcome.show == 2
    assert actions.session.flush().error is None
    assert actions.session.close().error is None
    assert on_disk(catalog)[SOURCES[0]] == ("Minister of Public Security", False)
    assert not actions.session.journal.path.exists()


@pytest.mark.parametrize("code", ERRNOS, ids=errno.errorcode.get)
@pytest.mark.parametrize("point", ("write", "fsync"))
def test_leaving_a_segment_that_cannot_be_journaled_stays_on_it(
    catalog: Path, faults: Faults, point: str, code: int
) -> None:
    actions = open_actions(catalog)
    faults.arm(point, code)
    outcome = actions.next_todo("Minister, typed")
    assert outcome.write_failed and outcome.show is None  # the text is only in the editor
    assert outcome.notice is not None and PLAIN[code] in outcome.notice.text
    assert actions.toggle_fuzzy("Minister, typed").write_failed
    assert actions.save_as_typed("Minister, typed").write_failed
    faults.disarm()
    outcome = actions.next_todo("Minister, typed")
    assert (outcome.saved, outcome.show) == (0, 2)
    actions.session.close()
    assert on_disk(catalog)[SOURCES[0]] == ("Minister, typed", True)


@pytest.mark.parametrize("code", ERRNOS, ids=errno.errorcode.get)
def test_a_draft_that_cannot_be_journaled_is_kept_in_memory_and_said_once(
    catalog: Path, faults: Faults, code: int
) -> None:
    actions = open_actions(catalog)
    faults.arm("write", code)
    first = actions.typing_paused("Mini")
    assert first.write_failed and first.notice is not None
    assert "kept in memory" in first.notice.text and PLAIN[code] in first.notice.text
    assert actions.typing_paused("Minister").notice is None  # not on every pause
    assert actions.session.segments[0].draft == "Minister"
    # an approved segment left with an edit: the draft stays in memory, the segment on screen
    actions.shown(1, "Hanoi Convention")
    outcome = actions.leave("Hanoi Convention, edited")
    assert outcome.write_failed
    assert actions.session.segments[1].draft == "Hanoi Convention, edited"
    faults.disarm()
    assert actions.leave("Hanoi Convention, edited").show is None
    actions.session.close()  # the drafts are kept for next time
    again = EditingSession(catalog, catalog.parents[3] / ".workbench" / "journal")
    assert again.segments[1].draft == "Hanoi Convention, edited"


def test_a_failed_append_leaves_no_torn_line_to_glue_the_next_record_to(
    tmp_path: Path, faults: Faults
) -> None:
    journal = Journal(tmp_path / "j.jsonl")

    def record(seq: int) -> JournalRecord:
        return JournalRecord(seq=seq, op="save", msgid=f"m{seq}", msgctxt=None, msgstr="t")

    journal.append(record(1))
    faults.arm("fsync", errno.EIO)
    with pytest.raises(OSError):
        journal.append(record(2))
    faults.disarm()
    journal.append(record(3))
    assert [r.seq for r in journal.read()] == [1, 3]
    # a line torn by a crash: the next record still starts on a line of its own
    with open(journal.path, "a", encoding="utf-8") as handle:
        handle.write('{"seq": 4, "op": "sa')
    journal.append(record(5))
    assert [r.seq for r in journal.read()] == [1, 3, 5]


def test_write_errors_are_said_plainly() -> None:
    assert describe_write_error(OSError(errno.ENOSPC, "No space", "/x/a.po")) == (
        "the disk is full: /x/a.po"
    )
    assert describe_write_error(OSError(errno.EROFS, "ro")) == "the file system is read-only"
    wrapped = RuntimeError("catalog not written")
    wrapped.__cause__ = OSError(errno.EIO, "I/O")
    assert describe_write_error(wrapped).startswith("an input/output error")
    assert describe_write_error(ValueError("odd\nsecond line")) == "odd"


@pytest.fixture()
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 256 KiB tmpfs (mounting one needs root: skipped without the privilege)."""
    mount = shutil.which("mount")
    if mount is None or os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs the mount tool and root")
    folder = tmp_path / "small"
    folder.mkdir()
    done = subprocess.run(
        [mount, "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(folder)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def fill(disk: Path) -> Path:
    """Fill ``disk`` until a write fails with ENOSPC; the filler file, to delete later."""
    filler = disk / "filler"
    with open(filler, "wb", buffering=0) as handle:
        chunk = b"x" * 4096
        with pytest.raises(OSError) as raised:
            while True:
                handle.write(chunk)
    assert raised.value.errno == errno.ENOSPC
    return filler


def test_approving_on_a_real_full_disk_keeps_the_text_until_space_returns(
    small_disk: Path,
) -> None:
    po = minimal_catalog()
    for source in SOURCES:
        po.append(polib.POEntry(msgid=source, msgstr=""))
    catalog = small_disk / "locales" / "en" / "LC_MESSAGES" / "a.po"
    catalog.parent.mkdir(parents=True)
    po.save(str(catalog))
    actions = EditingActions(EditingSession(catalog, small_disk / ".workbench" / "journal"))
    actions.shown(0, "")
    before = catalog.read_bytes()
    filler = fill(small_disk)

    outcome = actions.approve("Minister of Public Security")
    assert outcome.write_failed and outcome.notice is not None
    assert "the disk is full" in outcome.notice.text
    assert actions.session.close().error is None  # nothing pending: nothing to write
    assert catalog.read_bytes() == before

    filler.unlink()  # space is back: approving again works
    actions = EditingActions(EditingSession(catalog, small_disk / ".workbench" / "journal"))
    actions.shown(0, "")
    assert actions.approve("Minister of Public Security").saved == 0
    filler = fill(small_disk)  # full again before the catalog is written: kept, retried
    result = actions.session.flush()
    assert result.error is not None and "the disk is full" in describe_write_error(result.error)
    assert catalog.read_bytes() == before
    filler.unlink()
    assert actions.session.close().error is None
    assert on_disk(catalog)[SOURCES[0]] == ("Minister of Public Security", False)
