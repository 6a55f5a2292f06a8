"""The editing session: journaled saves, background writes, crash recovery, external writes."""

from __future__ import annotations

import subprocess
from pathlib import Path

import polib
import pytest

from tests.support.catalogs import minimal_catalog
from workbench.catalog.store import EntryUpdate, apply_updates
from workbench.tui.saver import BackgroundSaver
from workbench.tui.session import EditingSession

SOURCES = ["وزير الأمن العام", "اتفاقية هانوي", "الأمم المتحدة", "فيتنام"]


@pytest.fixture()
def catalog(tmp_path: Path) -> Path:
    po = minimal_catalog()
    for number, source in enumerate(SOURCES, 1):
        po.append(polib.POEntry(msgid=source, msgstr="", occurrences=[("a.ar.txt", str(number))]))
    po[1].msgstr = "Hanoi Convention"
    po[2].msgstr = "UN"
    po[2].flags.append("fuzzy")
    path = tmp_path / "locales" / "en" / "LC_MESSAGES" / "a.po"
    path.parent.mkdir(parents=True)
    po.save(str(path))
    return path


def open_session(catalog: Path) -> EditingSession:
    return EditingSession(catalog, catalog.parents[3] / ".workbench" / "journal")


def on_disk(catalog: Path) -> dict[str, tuple[str, bool]]:
    return {e.msgid: (e.msgstr, "fuzzy" in e.flags) for e in polib.pofile(str(catalog))}


def test_segments_and_progress(catalog: Path) -> None:
    session = open_session(catalog)
    assert [s.status for s in session.segments] == [
        "untranslated",
        "approved",
        "fuzzy",
        "untranslated",
    ]
    progress = session.progress()
    assert (progress.total, progress.approved, progress.fuzzy, progress.untranslated) == (
        4,
        1,
        1,
        2,
    )


def test_save_is_journaled_before_the_catalog_is_written(catalog: Path) -> None:
    session = open_session(catalog)
    session.save(0, "Minister of Public Security", fuzzy=False)
    assert on_disk(catalog)["وزير الأمن العام"] == ("", False)  # not yet written...
    assert "Minister of Public Security" in session.journal.path.read_text(encoding="utf-8")
    result = session.flush()
    assert result.written == 1 and result.error is None
    assert on_disk(catalog)["وزير الأمن العام"] == ("Minister of Public Security", False)
    assert not session.journal.path.exists()  # nothing left to recover
    subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(catalog)], check=True)


def test_approving_clears_fuzzy_and_fuzzy_save_sets_it(catalog: Path) -> None:
    session = open_session(catalog)
    session.save(2, "United Nations", fuzzy=False)
    session.save(3, "Viet Nam", fuzzy=True)
    session.flush()
    assert on_disk(catalog)["الأمم المتحدة"] == ("United Nations", False)
    assert on_disk(catalog)["فيتنام"] == ("Viet Nam", True)


def test_crash_leftovers_are_offered_back(catalog: Path) -> None:
    crashed = open_session(catalog)
    crashed.save(0, "Minister of Public Security", fuzzy=False)
    crashed.note_draft(3, "Viet Na")
    del crashed  # no flush, no close: the process died

    session = open_session(catalog)
    recovery = session.recovery()
    assert [r.msgstr for r in recovery.saves] == ["Minister of Public Security"]
    assert [r.msgstr for r in recovery.drafts] == ["Viet Na"]
    assert "1 saved translation" in recovery.describe()
    described = recovery.describe(session.index_of)  # where to look, by segment number
    assert "1 saved translation(s) not yet written to the catalog (#1)" in described
    assert "1 unsaved edit(s) (#4)" in described
    touched = session.restore_recovered()
    assert sorted(touched) == [0, 3]
    assert session.segments[3].draft == "Viet Na"
    session.close()
    assert on_disk(catalog)["وزير الأمن العام"] == ("Minister of Public Security", False)
    assert on_disk(catalog)["فيتنام"] == ("", False)  # a draft is never written unasked


def test_discarded_recovery_is_gone_for_good(catalog: Path) -> None:
    crashed = open_session(catalog)
    crashed.save(0, "Minister", fuzzy=False)
    session = open_session(catalog)
    assert session.recovery()
    session.discard_recovered()
    session.close()
    assert not open_session(catalog).recovery()
    assert on_disk(catalog)["وزير الأمن العام"] == ("", False)


def test_torn_journal_line_is_ignored(catalog: Path) -> None:
    crashed = open_session(catalog)
    crashed.save(0, "Minister", fuzzy=False)
    with open(crashed.journal.path, "a", encoding="utf-8") as handle:
        handle.write('{"seq": 9, "op": "sa')
    assert [r.msgstr for r in open_session(catalog).recovery().saves] == ["Minister"]


def test_external_write_is_detected_and_merged_not_overwritten(catalog: Path) -> None:
    session = open_session(catalog)
    assert not session.disk_changed()
    # a batch run fills an untranslated entry while the translator approves another
    apply_updates(catalog, [EntryUpdate(msgid="فيتنام", msgstr="Vietnam (MT)", fuzzy=True)])
    session.save(0, "Minister of Public Security", fuzzy=False)
    assert session.disk_changed()
    result = session.flush()
    assert result.external_change
    assert on_disk(catalog)["فيتنام"] == ("Vietnam (MT)", True)
    assert on_disk(catalog)["وزير الأمن العام"] == ("Minister of Public Security", False)
    session.reload()
    assert session.segments[3].target == "Vietnam (MT)" and session.segments[3].fuzzy
    assert not session.disk_changed()


def test_reload_keeps_saves_not_yet_written(catalog: Path) -> None:
    session = open_session(catalog)
    session.save(1, "The Hanoi Convention", fuzzy=False)
    apply_updates(catalog, [EntryUpdate(msgid="فيتنام", msgstr="Viet Nam")])
    session.reload()
    assert session.segments[1].target == "The Hanoi Convention"
    assert session.segments[3].target == "Viet Nam"


@pytest.mark.parametrize("use_process", [True, False], ids=["process", "thread"])
def test_background_saver_coalesces_and_reports(catalog: Path, use_process: bool) -> None:
    session = open_session(catalog)
    results = []
    saver = BackgroundSaver(session, on_done=results.append, use_process=use_process)
    for text in ("M", "Mi", "Minister"):
        session.save(0, text, fuzzy=False)
        saver.request()
    assert saver.wait_idle(10)
    saver.stop()
    assert session.pending == 0
    assert on_disk(catalog)["وزير الأمن العام"] == ("Minister", False)
    assert sum(r.written for r in results) >= 1
    assert all(r.error is None for r in results)
    assert session.close().error is None  # after stop, the session writes in-process


def test_progress_counts_follow_every_change(catalog: Path) -> None:
    session = open_session(catalog)
    session.save(0, "Minister", fuzzy=True)
    session.save(2, "United Nations", fuzzy=False)
    session.save(1, "", fuzzy=False)
    progress = session.progress()
    assert (progress.approved, progress.fuzzy, progress.untranslated) == (1, 1, 2)
    session.flush()
    session.reload()
    again = session.progress()
    assert (again.approved, again.fuzzy, again.untranslated) == (1, 1, 2)


def test_drafts_outlive_a_clean_close_and_come_back_without_a_crash_dialog(
    catalog: Path,
) -> None:
    session = open_session(catalog)
    session.note_draft(1, "Hanoi Convention, edited", sync=True)  # #2 is approved
    session.close()
    assert on_disk(catalog)["اتفاقية هانوي"] == ("Hanoi Convention", False)

    again = open_session(catalog)
    assert not again.recovery()  # a clean close: nothing to offer back
    assert again.kept_drafts == 1
    assert again.segments[1].draft == "Hanoi Convention, edited"
    assert again.segments[1].needs_work
    again.save(1, "Hanoi Convention, edited", fuzzy=False)
    again.close()
    assert on_disk(catalog)["اتفاقية هانوي"] == ("Hanoi Convention, edited", False)
    assert not again.journal.path.exists()


def test_the_same_draft_is_journaled_once(catalog: Path) -> None:
    session = open_session(catalog)
    session.note_draft(0, "Minister")
    session.note_draft(0, "Minister")  # shown again, no new typing
    session.note_draft(0, "Minister", sync=True)  # leaving: made durable
    assert [r.op for r in session.journal.read()] == ["draft", "draft"]
    session.close()


def test_an_empty_msgctxt_is_its_own_segment(tmp_path: Path) -> None:
    """``msgctxt ""`` and no msgctxt are two messages for GNU tools: two segments here, each
    approval landing on its own entry, after a crash too."""
    po = minimal_catalog()
    po.append(polib.POEntry(msgctxt="", msgid="نص", msgstr=""))
    po.append(polib.POEntry(msgid="نص", msgstr=""))
    path = tmp_path / "locales" / "en" / "LC_MESSAGES" / "c.po"
    path.parent.mkdir(parents=True)
    po.save(str(path))
    session = open_session(path)
    assert len(session.segments) == 2
    assert session.segments[0].key != session.segments[1].key
    session.save(0, "with empty context", fuzzy=False)
    session.save(1, "without context", fuzzy=False)
    assert session.flush().written == 2
    assert {(e.msgctxt, e.msgstr) for e in polib.pofile(str(path))} == {
        ("", "with empty context"), (None, "without context")
    }
