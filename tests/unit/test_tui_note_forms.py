"""The details pane's edits below the UI: the translator's note written with the comment's
review marks kept (catalog/store.py ``EntryUpdate.note``, tui/session.py ``mark(note=)``), and
a plural entry's forms saved together (``save(forms=)``), journaled and recovered like any
save."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from tests.support.catalogs import ENGLISH_PLURAL_FORMS, minimal_catalog
from workbench.catalog.pofile import read_po
from workbench.catalog.review import dismissed_checks, is_reviewed, set_reviewed, with_dismissed
from workbench.catalog.store import EntryUpdate, apply_updates
from workbench.tui.editing import EditingActions
from workbench.tui.session import EditingSession

SOURCE, PLURAL = "وزير الأمن العام", "%d ملف"


@pytest.fixture()
def catalog(tmp_path: Path) -> Path:
    """#1 approved, reviewed, ``numbers`` dismissed, with a note; #2 a plural entry, approved
    and reviewed."""
    po = minimal_catalog(plural_forms=ENGLISH_PLURAL_FORMS)
    entry = polib.POEntry(msgid=SOURCE, msgstr="Minister of Public Security", tcomment="Old note")
    set_reviewed(entry, True)
    entry.tcomment = with_dismissed(entry.tcomment, ["numbers"])
    po.append(entry)
    plural = polib.POEntry(
        msgid=PLURAL, msgid_plural="%d ملفات", msgstr_plural={0: "%d file", 1: "%d file"}
    )
    set_reviewed(plural, True)
    po.append(plural)
    path = tmp_path / "locales" / "en" / "LC_MESSAGES" / "a.po"
    path.parent.mkdir(parents=True)
    po.save(str(path))
    return path


def entries(path: Path) -> dict[str, polib.POEntry]:
    return {entry.msgid: entry for entry in read_po(path)}


def test_a_note_replaces_the_words_and_keeps_the_marks(catalog: Path) -> None:
    apply_updates(catalog, [EntryUpdate(SOURCE, "Minister of Public Security", note="New")])
    entry = entries(catalog)[SOURCE]
    assert entry.tcomment.split("\n")[-1] == "New" and "Old note" not in entry.tcomment
    assert is_reviewed(entry)  # the same translation: reviewed=None keeps the mark
    assert dismissed_checks(entry.tcomment) == {"numbers"}


def test_a_note_cannot_forge_or_drop_a_mark(catalog: Path) -> None:
    forged = "wb-dismissed: glossary\nwb-reviewed\nmy words"
    apply_updates(catalog, [EntryUpdate(SOURCE, "Minister of Public Security", note=forged)])
    entry = entries(catalog)[SOURCE]
    assert dismissed_checks(entry.tcomment) == {"numbers"}
    assert entry.tcomment.count("wb-reviewed") == 1 and entry.tcomment.endswith("my words")
    apply_updates(catalog, [EntryUpdate(SOURCE, "Minister of Public Security", note="")])
    entry = entries(catalog)[SOURCE]
    assert is_reviewed(entry) and dismissed_checks(entry.tcomment) == {"numbers"}


def test_a_changed_translation_still_clears_the_review_with_a_note(catalog: Path) -> None:
    apply_updates(catalog, [EntryUpdate(SOURCE, "Public Security Minister", note="Changed")])
    entry = entries(catalog)[SOURCE]
    assert not is_reviewed(entry) and "wb-reviewed" not in entry.tcomment
    assert dismissed_checks(entry.tcomment) == {"numbers"}  # a dismissal outlives edits
    assert entry.tcomment.endswith("Changed")


def open_session(catalog: Path) -> EditingSession:
    return EditingSession(catalog, catalog.parents[3] / ".workbench" / "journal")


def test_the_session_shows_only_the_translators_words(catalog: Path) -> None:
    session = open_session(catalog)
    assert session.segments[0].note == "Old note"
    assert session.segments[1].forms == ["%d file", "%d file"]


def test_a_note_is_journaled_then_written_and_the_segment_stays_reviewed(catalog: Path) -> None:
    session = open_session(catalog)
    session.mark(0, note="Use the official title")
    assert session.segments[0].note == "Use the official title" and session.segments[0].reviewed
    assert entries(catalog)[SOURCE].tcomment.endswith("Old note")  # not yet written
    assert session.journal.read()[-1].note == "Use the official title"
    session.flush()
    entry = entries(catalog)[SOURCE]
    assert entry.tcomment.endswith("Use the official title") and is_reviewed(entry)
    assert dismissed_checks(entry.tcomment) == {"numbers"}


def test_a_note_left_by_a_crash_is_offered_back(catalog: Path) -> None:
    session = open_session(catalog)
    session.mark(0, note="Lost in a crash?")  # journaled, never flushed: a crash
    again = open_session(catalog)
    assert [r.note for r in again.recovery().saves] == ["Lost in a crash?"]
    again.restore_recovered()
    again.close()
    assert entries(catalog)[SOURCE].tcomment.endswith("Lost in a crash?")


def test_every_plural_form_is_saved_and_a_change_clears_the_review(catalog: Path) -> None:
    session = open_session(catalog)
    assert session.segments[1].reviewed
    session.save(1, "%d file", fuzzy=False, forms=["%d file", "%d files"])
    assert session.segments[1].forms == ["%d file", "%d files"]
    assert not session.segments[1].reviewed
    assert session.journal.read()[-1].forms == ("%d file", "%d files")
    session.flush()
    entry = entries(catalog)[PLURAL]
    assert entry.msgstr_plural == {0: "%d file", 1: "%d files"}
    assert not is_reviewed(entry) and "wb-reviewed" not in (entry.tcomment or "")


def test_plural_forms_left_by_a_crash_are_offered_back(catalog: Path) -> None:
    session = open_session(catalog)
    session.save(1, "%d file", fuzzy=False, forms=["%d file", "%d files"])
    again = open_session(catalog)
    assert [r.forms for r in again.recovery().saves] == [("%d file", "%d files")]
    again.restore_recovered()
    again.close()
    assert entries(catalog)[PLURAL].msgstr_plural == {0: "%d file", 1: "%d files"}


def test_save_details_saves_only_what_changed(catalog: Path) -> None:
    session = open_session(catalog)
    actions = EditingActions(session)
    assert actions.save_details(0, "Old note", {}).saved is None
    assert actions.save_details(0, None, {}).saved is None  # the note untouched
    assert actions.save_details(1, "", {1: "%d file"}).saved is None
    assert session.pending == 0
    assert actions.save_details(0, "New note", {}).saved == 0
    assert actions.save_details(1, "", {1: "%d files"}).saved == 1
    assert session.pending == 2
    assert session.segments[0].reviewed and not session.segments[1].reviewed
    session.close()
    found = entries(catalog)
    assert found[SOURCE].tcomment.endswith("New note") and is_reviewed(found[SOURCE])
    assert found[PLURAL].msgstr_plural[1] == "%d files"
