"""The reviewer's editing rules, without a terminal: f4 marks reviewed, review mode (f5)
steps through approved segments not yet reviewed, an edit clears the mark, shift+f4 dismisses a
QA finding; all journaled, then written to the catalog as GNU-readable comments."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from tests.support.catalogs import minimal_catalog
from workbench.catalog.pofile import read_po
from workbench.catalog.review import dismissed_checks, has_review_mark, is_reviewed
from workbench.diagnostic import Diagnostic
from workbench.tui.editing import EditingActions
from workbench.tui.journal import MARK
from workbench.tui.session import EditingSession

SOURCES = ["وزير الأمن العام", "اتفاقية هانوي", "الأمم المتحدة", "فيتنام", "حضر 2500 مندوب"]
NUMBERS = Diagnostic("number(s) 2500 missing", "numbers", "error")
STOP = Diagnostic("the full stop is missing", "end-punctuation", "warning")
PLACEHOLDER = Diagnostic("%d missing", "c-format", "error")


@pytest.fixture()
def catalog(tmp_path: Path) -> Path:
    """#1 untranslated, #2 approved, #3 fuzzy, #4 approved and reviewed, #5 approved."""
    po = minimal_catalog()
    for number, source in enumerate(SOURCES, 1):
        po.append(polib.POEntry(msgid=source, msgstr="", occurrences=[("a.ar.txt", str(number))]))
    po[1].msgstr = "Hanoi Convention"
    po[2].msgstr, po[2].flags = "UN", ["fuzzy"]
    po[3].msgstr, po[3].tcomment = "Viet Nam", "wb-reviewed"
    po[4].msgstr = "Many delegates attended"
    path = tmp_path / "locales" / "en" / "LC_MESSAGES" / "a.po"
    path.parent.mkdir(parents=True)
    po.save(str(path))
    return path


def journal_dir(catalog: Path) -> Path:
    return catalog.parents[3] / ".workbench" / "journal"


def open_actions(catalog: Path, index: int = 0) -> EditingActions:
    actions = EditingActions(EditingSession(catalog, journal_dir(catalog)))
    show(actions, index)
    return actions


def show(actions: EditingActions, index: int) -> str:
    target = actions.session.segments[index].target
    draft = actions.shown(index, target)
    return draft if draft is not None else target


def entries(catalog: Path) -> dict[str, polib.POEntry]:
    return {entry.msgid: entry for entry in read_po(catalog)}


def test_the_session_reads_the_marks_and_counts_the_reviewed(catalog: Path) -> None:
    session = EditingSession(catalog, journal_dir(catalog))
    assert [s.reviewed for s in session.segments] == [False, False, False, True, False]
    assert session.progress().reviewed == 1
    session.close()


def test_ctrl_e_marks_an_approved_segment_reviewed_and_back(catalog: Path) -> None:
    actions = open_actions(catalog, 1)
    outcome = actions.toggle_reviewed("Hanoi Convention")
    assert outcome.saved == 1 and outcome.show is None and outcome.notice is None
    assert actions.session.segments[1].reviewed and actions.session.progress().reviewed == 2
    actions.session.flush()
    assert is_reviewed(entries(catalog)["اتفاقية هانوي"])
    outcome = actions.toggle_reviewed("Hanoi Convention")
    assert outcome.notice is not None and "no longer reviewed" in outcome.notice.text
    actions.session.close()
    assert not has_review_mark(entries(catalog)["اتفاقية هانوي"].tcomment)


@pytest.mark.parametrize(("index", "status"), [(0, "untranslated"), (2, "fuzzy")])
def test_only_an_approved_segment_can_be_reviewed(catalog: Path, index: int, status: str) -> None:
    before = catalog.read_bytes()
    actions = open_actions(catalog, index)
    outcome = actions.toggle_reviewed(actions.loaded_text)
    assert outcome.saved is None and outcome.notice is not None
    assert f"is {status}: only an approved translation can be reviewed" in outcome.notice.text
    actions.session.close()
    assert catalog.read_bytes() == before


def test_an_edit_not_yet_approved_is_not_marked(catalog: Path) -> None:
    actions = open_actions(catalog, 1)
    outcome = actions.toggle_reviewed("Hanoi Convention, edited")
    assert outcome.saved is None and "enter approves it" in outcome.notice.text
    assert not actions.session.segments[1].reviewed
    actions.session.close()


def test_approving_a_changed_text_clears_the_review(catalog: Path) -> None:
    actions = open_actions(catalog, 3)
    outcome = actions.approve("Vietnam")
    assert outcome.saved == 3 and not actions.session.segments[3].reviewed
    assert actions.session.progress().reviewed == 0
    actions.session.close()
    assert not has_review_mark(entries(catalog)["فيتنام"].tcomment)


def test_making_a_reviewed_segment_fuzzy_clears_the_review(catalog: Path) -> None:
    actions = open_actions(catalog, 3)
    actions.toggle_fuzzy("Viet Nam")
    assert not actions.session.segments[3].reviewed
    actions.session.close()
    entry = entries(catalog)["فيتنام"]
    assert entry.fuzzy and not has_review_mark(entry.tcomment)


def test_review_mode_steps_through_approved_segments_not_reviewed(catalog: Path) -> None:
    actions = open_actions(catalog, 0)
    notice = actions.toggle_review_mode()
    assert actions.review_mode and "Review mode" in notice.text
    assert actions.next_todo("").show == 1  # #2: approved, not reviewed (#1, #3 skipped)
    show(actions, 1)
    assert actions.next_todo("Hanoi Convention").show == 4  # #4 is reviewed: skipped
    show(actions, 4)
    assert actions.prev_todo("Many delegates attended").show == 1
    show(actions, 1)
    # marking reviewed goes on to the next to review
    assert actions.toggle_reviewed("Hanoi Convention").show == 4
    show(actions, 4)
    # enter approves an edit and marks it reviewed; then nothing is left to review
    outcome = actions.approve("More than 2,500 delegates attended.")
    assert outcome.saved == 4 and actions.session.segments[4].reviewed
    assert outcome.notice is not None and outcome.notice.text == "Every segment is reviewed"
    assert actions.next_todo("More than 2,500 delegates attended.").notice.text.startswith(
        "Nothing left to review"
    )
    actions.toggle_review_mode()
    assert not actions.review_mode and actions.next_todo("x").show in (0, 2)
    actions.session.close()
    on_disk = entries(catalog)
    assert [is_reviewed(on_disk[source]) for source in SOURCES] == [
        False, True, False, True, True,
    ]  # fmt: skip
    assert on_disk["حضر 2500 مندوب"].msgstr == "More than 2,500 delegates attended."


def test_enter_in_review_mode_on_an_unchanged_text_marks_it_reviewed(catalog: Path) -> None:
    actions = open_actions(catalog, 1)
    actions.toggle_review_mode()
    outcome = actions.approve("Hanoi Convention")
    assert outcome.saved == 1 and outcome.approved is None  # nothing new for the memory
    assert actions.session.segments[1].reviewed and outcome.show == 4
    actions.session.close()
    assert is_reviewed(entries(catalog)["اتفاقية هانوي"])


def test_ctrl_d_dismisses_the_first_dismissable_finding_errors_first(catalog: Path) -> None:
    actions = open_actions(catalog, 4)
    outcome = actions.dismiss([STOP, PLACEHOLDER, NUMBERS])
    assert outcome.saved == 4 and "[numbers] dismissed" in outcome.notice.text
    assert actions.session.segments[4].dismissed == {"numbers"}
    outcome = actions.dismiss([STOP, PLACEHOLDER])  # again: the next
    assert actions.session.segments[4].dismissed == {"numbers", "end-punctuation"}
    actions.session.close()
    entry = entries(catalog)["حضر 2500 مندوب"]
    assert dismissed_checks(entry.tcomment) == {"numbers", "end-punctuation"}
    assert entry.tcomment == "wb-dismissed: end-punctuation, numbers"


def test_ctrl_d_says_why_nothing_was_dismissed(catalog: Path) -> None:
    actions = open_actions(catalog, 4)
    outcome = actions.dismiss([PLACEHOLDER])
    assert outcome.saved is None and "c-format cannot be dismissed" in outcome.notice.text
    assert actions.dismiss([]).notice.text == "No QA finding to dismiss here"
    actions.session.close()


def test_a_dismissal_keeps_the_draft_typed_over_the_segment(catalog: Path) -> None:
    actions = open_actions(catalog, 4)
    actions.typing_paused("Delegates attended")  # a draft over the approved text
    actions.dismiss([NUMBERS])
    segment = actions.session.segments[4]
    assert segment.draft == "Delegates attended" and segment.target == "Many delegates attended"
    actions.session.close()
    assert entries(catalog)["حضر 2500 مندوب"].msgstr == "Many delegates attended"


def test_marks_are_journaled_and_offered_back_after_a_crash(catalog: Path) -> None:
    crashed = EditingActions(EditingSession(catalog, journal_dir(catalog)))
    show(crashed, 1)
    crashed.toggle_reviewed("Hanoi Convention")
    show(crashed, 4)
    crashed.dismiss([NUMBERS])
    assert [r.op for r in crashed.session.journal.read()] == [MARK, MARK]
    del crashed  # died before writing the catalog
    session = EditingSession(catalog, journal_dir(catalog))
    recovery = session.recovery()
    assert len(recovery.saves) == 2
    session.restore_recovered()
    session.close()
    on_disk = entries(catalog)
    assert is_reviewed(on_disk["اتفاقية هانوي"])
    assert dismissed_checks(on_disk["حضر 2500 مندوب"].tcomment) == {"numbers"}


def test_a_mark_on_a_text_another_editor_changed_is_dropped_and_said(catalog: Path) -> None:
    from workbench.catalog.store import EntryUpdate, apply_updates

    actions = open_actions(catalog, 1)
    actions.toggle_reviewed("Hanoi Convention")
    apply_updates(catalog, [EntryUpdate("اتفاقية هانوي", "The Hanoi Convention")])
    result = actions.session.flush()
    assert result.marks_dropped == [(None, "اتفاقية هانوي")] and not result.conflicts
    actions.session.close()
    entry = entries(catalog)["اتفاقية هانوي"]
    assert entry.msgstr == "The Hanoi Convention" and not has_review_mark(entry.tcomment)


def test_the_qa_line_says_first_how_many_findings_are_dismissed() -> None:
    from workbench.tui.components.info_panes import QALine

    line = QALine()
    line.show_findings([STOP, NUMBERS], empty_target=False, dismissed=1)
    assert line.render().plain.startswith("QA (2, 1 dismissed): number(s) 2500 missing")
    line.show_findings([STOP], empty_target=False, dismissed=2)
    assert line.render().plain.startswith("QA (2 dismissed): the full stop is missing")
    line.show_findings([STOP], empty_target=False)
    assert line.render().plain.startswith("QA: the full stop")
    line.show_findings([], empty_target=False, dismissed=1)
    assert line.render().plain == "QA: ✓ no problems found  (1 dismissed)"
