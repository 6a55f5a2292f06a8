"""The reviewer's keys driven by Textual's Pilot: f4 marks reviewed, f5 review mode,
shift+f4 dismisses the QA line's finding; the catalog gets GNU-readable marks."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.functional.test_tui_app import SIZE, settle, wait_saved
from tests.functional.tui_helpers import FakeEngine, make_app, sample_paragraphs, write_catalog
from workbench.catalog.pofile import read_po
from workbench.catalog.review import dismissed_checks, is_reviewed
from workbench.catalog.store import EntryUpdate, apply_updates
from workbench.qa import qa_report
from workbench.tui.components.info_panes import QALine
from workbench.tui.components.segment_list import REVIEWED_MARK, status_mark


@pytest.fixture()
def catalog(project: Path) -> Path:
    """Five sample paragraphs; #2 and #4 approved, #3 approved and reviewed."""
    path = write_catalog(project, sample_paragraphs(5))
    sources = [entry.msgid for entry in read_po(path)]
    apply_updates(
        path,
        [
            EntryUpdate(sources[1], "Second, approved."),
            EntryUpdate(sources[2], "Third, approved.", reviewed=True),
            EntryUpdate(sources[3], "Fourth, approved."),
        ],
    )
    return path


def msgfmt_check(path: Path) -> None:
    """msgfmt -c accepts the catalog and says nothing of its entries (the test catalog's
    minimal header lacks fields it warns about: those are not ours)."""
    result = subprocess.run(
        ["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True
    )
    said = [line for line in result.stderr.splitlines() if "missing in header" not in line]
    assert (result.returncode, said) == (0, []), result.stderr


async def test_f4_marks_reviewed_and_the_screen_shows_it(catalog: Path) -> None:
    app = make_app(catalog, fake_engine=FakeEngine())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert app.current == 0
        assert "· 1 reviewed" in app.segment_list.border_subtitle
        await pilot.press("alt+down")
        assert app.current == 1
        await pilot.press("f4")
        assert app.session.segments[1].reviewed
        assert "#2 · approved, reviewed" in str(app.query_one("#source").border_title)
        assert status_mark(app.session.segments[1]) == REVIEWED_MARK
        assert "· 2 reviewed" in app.segment_list.border_subtitle
        await wait_saved(pilot, app)
        assert is_reviewed(read_po(catalog)[1])
        await pilot.press("f4")  # and back
        assert not app.session.segments[1].reviewed
        await pilot.press("ctrl+down")  # a segment to translate, not one to review
        assert app.current == 4
        await pilot.press("ctrl+q")
    po = read_po(catalog)
    assert [is_reviewed(entry) for entry in po] == [False, False, True, False, False]
    msgfmt_check(catalog)


async def test_review_mode_steps_through_what_is_left_to_review(catalog: Path) -> None:
    app = make_app(catalog, fake_engine=FakeEngine())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("f5")
        assert app.actions.review_mode and "REVIEW MODE" in app.sub_title
        assert app.segment_list.border_subtitle.startswith("1/3 reviewed · 3/5 approved")
        await pilot.press("ctrl+down")
        assert app.current == 1  # approved, not reviewed
        await pilot.press("f4")  # reviewed: on to the next to review, #3 is done
        assert app.current == 3
        await pilot.press(*" Edited.")
        await pilot.press("enter")  # approves the edit and marks it reviewed
        assert app.session.segments[3].reviewed
        assert app.session.segments[3].target == "Fourth, approved. Edited."
        await pilot.press("f5")
        assert not app.actions.review_mode and "REVIEW MODE" not in app.sub_title
        await pilot.press("ctrl+q")
    po = read_po(catalog)
    assert [is_reviewed(entry) for entry in po] == [False, True, True, True, False]
    msgfmt_check(catalog)


async def test_shift_f4_dismisses_the_qa_lines_finding(project: Path) -> None:
    catalog = write_catalog(project, ["قال وزير الأمن العام إن 72 دولة وقعت."])
    apply_updates(catalog, [EntryUpdate(read_po(catalog)[0].msgid, "Many countries signed.")])
    assert [f.code for f in qa_report([catalog]).findings] != []
    app = make_app(catalog, fake_engine=FakeEngine())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        before = str(app.query_one(QALine).render())
        assert "72" in before
        codes = {f.code for f in app.qa.check(app.session.segments[0], app.editor.text)}
        assert "numbers" in codes
        for _ in codes:
            await pilot.press("shift+f4")
        after = str(app.query_one(QALine).render())
        assert "no problems found" in after and f"({len(codes)} dismissed)" in after
        assert str(app.query_one(QALine).render()).startswith("QA: ✓")
        assert not app.session.segments[0].qa_warning
        await pilot.press("ctrl+q")
    entry = read_po(catalog)[0]
    assert dismissed_checks(entry.tcomment) == codes
    report = qa_report([catalog], project / "corpus" / "official-titles.tsv")  # the TUI's
    assert report.findings == [] and {f.code for f in report.dismissed} == codes
    msgfmt_check(catalog)


def test_review_mode_snapshot(project: Path, snap_compare) -> None:
    """Review mode on screen: REVIEW MODE in the title, ✔ for the reviewed segment, the count
    beside the progress, the QA line saying one finding is dismissed."""
    paragraphs = sample_paragraphs(6)
    paragraphs.sort(key=lambda p: "وزير الأمن العام" not in p)
    catalog = write_catalog(project, paragraphs)

    async def work(pilot) -> None:
        app = pilot.app
        app.editor.cursor_blink = False
        await settle(pilot, app)
        await pilot.press(*"Minister of Public Security", "enter")
        await pilot.press(*"The delegates attended", "enter")
        await pilot.press("f5", "ctrl+up")  # review mode: #2, the previous to review
        await pilot.press("f4")  # reviewed (✔): on to #1, the next to review
        await pilot.press("shift+f4")  # its first finding (numbers) dismissed
        await pilot.pause(0.5)
        await settle(pilot, app)
        app.saver.wait_idle(10)
        app.clear_notifications()
        await pilot.pause()

    app = make_app(catalog, fake_engine=FakeEngine(), bidi="app")
    assert snap_compare(app, terminal_size=(130, 36), run_before=work)
