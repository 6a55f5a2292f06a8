"""The translator's actions (approve, leave, drafts, fuzzy, next to do, save retry), without a
terminal: no Textual is imported here (checked by the last test)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import polib
import pytest

from tests.support.catalogs import minimal_catalog
from workbench.tui.editing import SAVE_RETRY_FIRST, EditingActions, SaveRetry
from workbench.tui.session import EditingSession

SOURCES = ["وزير الأمن العام", "اتفاقية هانوي", "الأمم المتحدة", "فيتنام"]


@pytest.fixture()
def catalog(tmp_path: Path) -> Path:
    """#1 untranslated, #2 approved, #3 fuzzy, #4 untranslated."""
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


def open_actions(catalog: Path) -> EditingActions:
    actions = EditingActions(EditingSession(catalog, catalog.parents[3] / ".workbench" / "journal"))
    show(actions, actions.first_todo())
    return actions


def show(actions: EditingActions, index: int) -> str:
    """Put ``index`` on screen as the app does; the editor's text (the draft if any)."""
    target = actions.session.segments[index].target
    draft = actions.shown(index, target)
    return draft if draft is not None else target


def on_disk(catalog: Path) -> dict[str, tuple[str, bool]]:
    return {e.msgid: (e.msgstr, "fuzzy" in e.flags) for e in polib.pofile(str(catalog))}


def test_approve_saves_the_text_and_goes_to_the_next_todo(catalog: Path) -> None:
    actions = open_actions(catalog)
    assert actions.current == 0
    outcome = actions.approve("Minister of Public Security")
    assert outcome.saved == 0 and outcome.approved == "Minister of Public Security"
    assert outcome.show == 2  # #2 is approved: skipped
    segment = actions.session.segments[0]
    assert (segment.target, segment.status) == ("Minister of Public Security", "approved")
    actions.session.close()
    assert on_disk(catalog)[SOURCES[0]] == ("Minister of Public Security", False)


def test_approve_refuses_an_empty_text_and_says_how_to_clear_one(catalog: Path) -> None:
    actions = open_actions(catalog)
    outcome = actions.approve("   ")
    assert outcome.saved is None and outcome.show is None
    assert outcome.notice is not None and outcome.notice.severity == "warning"
    assert outcome.notice.text == "Nothing to approve: the translation is empty"
    show(actions, 1)
    outcome = actions.approve("")
    assert outcome.notice is not None
    assert outcome.notice.text.endswith("(ctrl+s saves it empty: untranslated)")
    assert actions.session.segments[1].target == "Hanoi Convention"


def test_approving_the_last_todo_says_everything_is_approved(catalog: Path) -> None:
    actions = open_actions(catalog)
    for index, text in ((0, "A"), (2, "B"), (3, "C")):
        assert actions.current == index
        outcome = actions.approve(text)
        if index != 3:
            assert outcome.notice is None
            show(actions, outcome.show or 0)
    assert outcome.notice is not None and outcome.notice.text == "Every segment is approved"
    assert outcome.show == 3  # stays on the last one
    assert actions.session.progress().approved == 4


def test_approving_an_approved_text_unchanged_writes_nothing(catalog: Path) -> None:
    actions = open_actions(catalog)
    show(actions, 1)
    outcome = actions.approve("Hanoi Convention")
    assert outcome.saved is None and outcome.approved is None
    assert actions.session.pending == 0
    assert outcome.show == 2


def test_leaving_an_approved_segment_never_demotes_it(catalog: Path) -> None:
    actions = open_actions(catalog)
    show(actions, 1)
    outcome = actions.leave("Hanoi Convention, edited")
    assert outcome.saved is None and outcome.redraw == 1
    assert outcome.notice is not None and "approved translation kept" in outcome.notice.text
    segment = actions.session.segments[1]
    assert (segment.target, segment.status) == ("Hanoi Convention", "approved")
    assert segment.draft == "Hanoi Convention, edited" and segment.needs_work
    # shown again: the draft is put over the approved text
    assert show(actions, 1) == "Hanoi Convention, edited"
    # ...and enter approves it
    outcome = actions.approve("Hanoi Convention, edited")
    assert outcome.saved == 1
    assert (segment.target, segment.draft) == ("Hanoi Convention, edited", None)


def test_an_undone_edit_drops_the_draft(catalog: Path) -> None:
    actions = open_actions(catalog)
    show(actions, 1)
    actions.leave("Hanoi Convention, edited")
    show(actions, 1)
    outcome = actions.leave("Hanoi Convention")
    assert outcome.redraw == 1 and outcome.saved is None
    assert actions.session.segments[1].draft is None
    assert actions.session.drafts == 0


def test_ctrl_s_writes_an_approved_edit_keeping_it_approved(catalog: Path) -> None:
    actions = open_actions(catalog)
    show(actions, 1)
    outcome = actions.save_as_typed("Hanoi Convention, edited")
    assert outcome.saved == 1
    segment = actions.session.segments[1]
    assert (segment.target, segment.status, segment.draft) == (
        "Hanoi Convention, edited",
        "approved",
        None,
    )
    assert actions.save_as_typed("").saved == 1  # ctrl+s on an empty text: untranslated
    assert segment.status == "untranslated"


def test_leaving_an_untranslated_or_fuzzy_segment_saves_it_fuzzy(catalog: Path) -> None:
    actions = open_actions(catalog)
    outcome = actions.leave("Minister")
    assert outcome.saved == 0
    assert actions.session.segments[0].status == "fuzzy"
    show(actions, 2)
    assert actions.leave("United Nations").saved == 2
    assert actions.session.segments[2].status == "fuzzy"
    # moving through without typing writes nothing
    show(actions, 3)
    assert actions.leave("") == type(outcome)()
    assert actions.session.pending == 2


def test_toggle_fuzzy(catalog: Path) -> None:
    actions = open_actions(catalog)
    outcome = actions.toggle_fuzzy("")
    assert outcome.saved is None
    assert outcome.notice is not None and outcome.notice.text.startswith("An empty translation")
    show(actions, 1)
    assert actions.toggle_fuzzy("Hanoi Convention").saved == 1
    assert actions.session.segments[1].status == "fuzzy"
    assert actions.toggle_fuzzy("Hanoi Convention").saved == 1  # the fuzzy text: approved
    assert actions.session.segments[1].status == "approved"
    actions.toggle_fuzzy("Hanoi Convention")
    actions.toggle_fuzzy("Hanoi Convention (new)")  # an edited fuzzy text stays fuzzy
    assert actions.session.segments[1].status == "fuzzy"


def test_next_and_previous_todo_wrap_and_stay_inside_a_filter(catalog: Path) -> None:
    actions = open_actions(catalog)
    outcome = actions.next_todo("")
    assert outcome.show == 2 and outcome.saved is None
    show(actions, 2)
    assert actions.next_todo("UN").show == 3
    show(actions, 3)
    assert actions.next_todo("").show == 0  # wraps
    assert actions.prev_todo("").show == 2
    # a filter showing #2 and #4 only
    show(actions, 1)
    assert actions.next_todo("Hanoi Convention", rows=[1, 3]).show == 3
    assert actions.prev_todo("Hanoi Convention", rows=[1, 3]).show == 3


def test_going_on_leaves_the_segment_with_what_was_typed(catalog: Path) -> None:
    actions = open_actions(catalog)
    outcome = actions.next_todo("Minister, typed")
    assert (outcome.saved, outcome.show) == (0, 2)
    assert actions.session.segments[0].status == "fuzzy"


def test_nothing_left_to_do_is_said(catalog: Path) -> None:
    actions = open_actions(catalog)
    for index in (0, 2, 3):
        show(actions, index)
        actions.approve("done")
    show(actions, 1)
    outcome = actions.next_todo("Hanoi Convention")
    assert outcome.show is None
    assert outcome.notice is not None and outcome.notice.text.startswith("Nothing left to do")


def test_a_pause_in_typing_keeps_a_draft(catalog: Path) -> None:
    actions = open_actions(catalog)
    assert actions.typing_paused("") == type(actions.typing_paused(""))()
    outcome = actions.typing_paused("Minis")
    assert outcome.redraw == 0
    assert actions.session.segments[0].draft == "Minis"
    assert actions.session.journal.path.exists()


def test_save_retry_says_a_failure_once_and_backs_off() -> None:
    retry = SaveRetry()
    assert retry.title_note(0) is None
    notice, delay = retry.failed("disk full")
    assert notice is not None and notice.severity == "error" and "disk full" in notice.text
    assert delay == SAVE_RETRY_FIRST
    notice, delay = retry.failed("disk full")
    assert notice is None and delay == 2 * SAVE_RETRY_FIRST
    for _ in range(10):
        _, delay = retry.failed("disk full")
    assert delay == 30.0
    assert retry.title_note(3) == "⚠ NOT WRITTEN to the catalog: 3 save(s) in the journal"
    notice = retry.succeeded()
    assert notice is not None and notice.text == "The catalog is written again: nothing lost"
    assert retry.succeeded() is None
    assert retry.title_note(0) is None
    assert retry.failed("disk full")[1] == SAVE_RETRY_FIRST


def test_the_editing_rules_import_no_textual() -> None:
    code = (
        "import sys, workbench.tui.editing, workbench.tui.session;"
        "print('textual' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout
    assert out.strip() == "False"


def journal_dir(catalog: Path) -> Path:
    return catalog.parents[3] / ".workbench" / "journal"


def test_two_editors_saving_one_segment_is_a_conflict_never_a_merge(
    catalog: Path, tmp_path: Path
) -> None:
    mine = open_actions(catalog)  # B, on #1
    theirs = EditingActions(EditingSession(catalog, tmp_path / "other-journal"))  # A
    show(theirs, 0)
    theirs.approve("Theirs")
    assert theirs.session.flush().error is None
    # B approves before noticing A's write: not written over A's text
    assert mine.approve("Mine").saved == 0
    result = mine.session.flush()
    assert result.conflicts == [mine.session.segments[0].key] and result.external_change
    assert on_disk(catalog)[SOURCES[0]] == ("Theirs", False)
    mine.session.reload()
    segment = mine.session.segments[0]
    assert (segment.target, segment.draft) == ("Theirs", "Mine")  # both kept
    show(mine, 0)
    conflict = mine.pending_conflict()
    assert conflict is not None and (conflict.theirs, conflict.mine) == ("Theirs", "Mine")
    assert mine.resolve(conflict, True, "Theirs") == "Mine"
    assert mine.pending_conflict() is None
    assert mine.approve("Mine").saved == 0  # chosen knowingly: written over theirs
    assert mine.session.flush().conflicts == []
    assert on_disk(catalog)[SOURCES[0]] == ("Mine", False)
    mine.session.close()
    theirs.session.close()


def test_taking_their_text_drops_mine(catalog: Path, tmp_path: Path) -> None:
    mine = open_actions(catalog)
    theirs = EditingActions(EditingSession(catalog, tmp_path / "other-journal"))
    show(theirs, 0)
    theirs.approve("Theirs")
    theirs.session.close()
    mine.approve("Mine")
    mine.session.flush()
    mine.session.reload()
    show(mine, 0)
    conflict = mine.pending_conflict()
    assert conflict is not None
    assert mine.resolve(conflict, False, "Theirs") == "Theirs"
    assert mine.session.segments[0].draft is None and mine.session.drafts == 0
    mine.session.close()
    assert on_disk(catalog)[SOURCES[0]] == ("Theirs", False)


def test_saves_of_one_editor_and_batch_output_are_no_conflict(catalog: Path) -> None:
    from workbench.catalog.marks import mt_note
    from workbench.catalog.store import EntryUpdate, apply_updates

    actions = open_actions(catalog)
    actions.approve("First")  # two saves of #1 in one batch: measured from the first base
    show(actions, 0)
    actions.approve("Second")
    # a batch run fills #4 with machine output meanwhile: a human's save replaces it
    note = mt_note("fake-ar-en")
    apply_updates(
        catalog,
        [EntryUpdate(msgid=SOURCES[3], msgstr="MT", fuzzy=True, translator_comment=note)],
    )
    show(actions, 3)
    actions.approve("Human")
    result = actions.session.flush()
    assert result.error is None and result.conflicts == []
    assert on_disk(catalog)[SOURCES[0]] == ("Second", False)
    assert on_disk(catalog)[SOURCES[3]] == ("Human", False)
    actions.session.close()


def test_an_unedited_segment_changed_elsewhere_is_shown_and_said(
    catalog: Path, tmp_path: Path
) -> None:
    mine = open_actions(catalog)
    other = EditingSession(catalog, tmp_path / "other-journal")
    other.save(0, "Theirs", fuzzy=False)
    other.close()
    mine.session.reload()
    change = mine.changed_elsewhere("")
    assert change is not None and not isinstance(change, type(mine.pending_conflict()))
    assert "changed in the catalog by another editor" in getattr(change, "text", "")
    conflict = mine.changed_elsewhere("Mine, typed")
    assert conflict is not None and getattr(conflict, "theirs", None) == "Theirs"
