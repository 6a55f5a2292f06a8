"""The workbench driven by Textual's Pilot: approvals reach the .po, navigation, suggestions,
the no-model state, crash recovery, external writes merged, quitting flushes."""

from __future__ import annotations

import errno
import os
import subprocess
from pathlib import Path

import polib
import pytest
from textual import events

from tests.functional.tui_helpers import (
    CopyingFakeEngine,
    FakeEngine,
    make_app,
    read_entries,
    sample_paragraphs,
)
from tests.functional.tui_helpers import write_catalog as _write_catalog
from workbench.catalog.store import EntryUpdate, apply_updates
from workbench.tui.components.info_panes import QALine, SuggestionsPane
from workbench.tui.components.segment_list import SegmentList
from workbench.tui.components.source_pane import SourcePane
from workbench.tui.messages import MTLoaded
from workbench.tui.providers import ProviderStatus
from workbench.tui.session import EditingSession

SIZE = (140, 42)


@pytest.fixture()
def catalog(project: Path) -> Path:
    return _write_catalog(project, sample_paragraphs(8))


def msgfmt_check(path: Path) -> None:
    subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], check=True)


async def settle(pilot, app) -> None:
    """Wait until the app's workers are done. A suggestions worker superseded by a newer
    request (exclusive: the MT model loading mid-way asks again) ends cancelled, which
    ``wait_for_complete`` raises: wait for the ones left."""
    from textual.worker import WorkerCancelled

    await pilot.pause()
    for _ in range(20):
        try:
            await app.workers.wait_for_complete()
            break
        except WorkerCancelled:
            await pilot.pause()
    await pilot.pause()


async def wait_saved(pilot, app) -> None:
    assert app.saver.wait_idle(10)
    await pilot.pause()


async def test_approve_writes_the_po_and_moves_to_the_next_untranslated(catalog: Path) -> None:
    app = make_app(catalog, fake_engine=FakeEngine())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert app.current == 0 and app.focused is app.editor
        await pilot.press(*"The ceremony welcomed delegates.")
        await pilot.press("enter")
        # in the journal (fsynced) or already in the catalog before the next segment shows...
        journal = app.session.journal.path
        durable = journal.read_text("utf-8") if journal.exists() else catalog.read_text("utf-8")
        assert "The ceremony welcomed delegates." in durable
        assert app.current == 1
        assert app.editor.text == ""
        # ...and in the catalog once the background write is done
        await wait_saved(pilot, app)
        entries = read_entries(catalog)
        assert entries[0].msgstr == "The ceremony welcomed delegates."
        assert "fuzzy" not in entries[0].flags
        assert entries[1].msgstr == ""
        msgfmt_check(catalog)
        assert app.segment_list.border_subtitle.startswith("1/8 approved")
        await pilot.press("ctrl+q")
    assert not app.session.journal.path.exists()


async def test_navigation_between_segments_and_todos(catalog: Path) -> None:
    session = EditingSession(catalog, catalog.parents[3] / ".workbench" / "journal")
    session.save(1, "Second, approved", fuzzy=False)
    session.save(2, "Third, fuzzy", fuzzy=True)
    session.close()
    app = make_app(catalog, fake_engine=FakeEngine())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert app.current == 0
        await pilot.press("ctrl+down")  # skips the approved #2, stops on the fuzzy #3
        assert app.current == 2 and app.editor.text == "Third, fuzzy"
        await pilot.press("ctrl+down")
        assert app.current == 3
        await pilot.press("ctrl+up")
        assert app.current == 2
        await pilot.press("alt+up")
        assert app.current == 1 and app.editor.text == "Second, approved"
        await pilot.press("alt+down", "alt+down", "alt+down")
        assert app.current == 4
        assert app.query_one(SegmentList).cursor == 4
        await pilot.press("ctrl+q")


async def test_filter_by_source_or_target_text(catalog: Path) -> None:
    app = make_app(catalog, fake_engine=FakeEngine())
    sources = [s.msgid for s in app.session.segments]
    wanted = next(i for i, s in enumerate(sources) if "هانوي" in s)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("ctrl+f")
        await pilot.press(*"هانوي")
        rows = app.query_one(SegmentList).rows
        assert rows and all("هانوي" in sources[i] for i in rows)
        assert len(rows) == sum("هانوي" in s for s in sources)
        await pilot.press("enter")
        assert app.current == wanted and app.focused is app.editor
        await pilot.press(*"Hanoi Convention", "enter")
        await pilot.press("escape")
        assert len(app.query_one(SegmentList).rows) == len(sources)
        await pilot.press("ctrl+f", *"hanoi conv")  # the target side is searched too
        assert app.query_one(SegmentList).rows == [wanted]
        await pilot.press("ctrl+q")


async def test_suggestions_are_numbered_and_inserted_with_alt_digits(catalog: Path) -> None:
    app = make_app(catalog, fake_engine=FakeEngine())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        items = app.query_one(SuggestionsPane).items
        assert len(items) >= 3
        await pilot.press("alt+2")
        assert app.editor.text == items[1].text
        await pilot.press("alt+1")
        assert app.editor.text == items[0].text
        await pilot.press("ctrl+z")  # undo goes back to the previous suggestion
        assert app.editor.text == items[1].text
        await pilot.press("alt+9")  # no ninth suggestion: nothing happens
        assert app.editor.text == items[1].text
        await pilot.press("enter")
        await pilot.press("ctrl+q")
    assert read_entries(catalog)[0].msgstr == items[1].text


async def test_the_suggestions_pane_names_the_model_that_made_them(catalog: Path) -> None:
    """An adapted model and its base give different suggestions: the translator sees which."""
    app = make_app(catalog, fake_engine=FakeEngine())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        pane = app.query_one(SuggestionsPane)
        assert [item for item in pane.items if item.kind.startswith("mt")]
        assert "MT: fake-ar-en" in str(pane.render())


async def test_ctrl_o_then_a_digit_inserts_that_suggestion(catalog: Path) -> None:
    """The way that works where alt+digit never arrives (a default xterm)."""
    app = make_app(catalog, fake_engine=FakeEngine())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        items = app.query_one(SuggestionsPane).items
        assert len(items) >= 3
        await pilot.press(*"draft")
        pane = app.query_one(SuggestionsPane)
        await pilot.press("ctrl+o")
        assert pane.border_title == "Press 1…9 · esc cancels"
        await pilot.press("2")
        assert app.editor.text == items[1].text  # replaced, and no "2" typed after it
        assert app.focused is app.editor and pane.border_title == "Suggestions  alt+1…9"
        await pilot.press("x")  # the prompt is gone: keys type again
        assert app.editor.text == items[1].text + "x"
        await pilot.press("ctrl+z", "ctrl+z")  # undo: back to what was typed before
        assert app.editor.text == "draft"
        await pilot.press("ctrl+o", "9")  # no ninth suggestion: said, nothing inserted
        await pilot.pause()
        assert app.editor.text == "draft"
        assert any("no suggestion 9" in n.message for n in app._notifications)
        await pilot.press("enter")
        await pilot.press("ctrl+q")
    assert read_entries(catalog)[0].msgstr == "draft"


@pytest.mark.parametrize("cancel_key", ["escape", "a", "ctrl+o", "alt+1", "enter", "0"])
async def test_ctrl_o_then_another_key_cancels(catalog: Path, cancel_key: str) -> None:
    app = make_app(catalog, fake_engine=FakeEngine())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press(*"mine", "ctrl+o", cancel_key)
        assert app.query_one(SuggestionsPane).border_title == "Suggestions  alt+1…9"
        assert app.focused is app.editor and app.current == 0
        assert app.editor.text == "mine"  # nothing inserted, the cancelling key not typed
        await pilot.press("1")  # a digit now is just a digit
        assert app.editor.text == "mine1"
        await pilot.press("ctrl+q")


async def test_suggestions_are_prefetched_for_the_next_segments(catalog: Path) -> None:
    app = make_app(catalog, fake_engine=FakeEngine())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        for index in (1, 2, 3):
            assert app.service.cached(app.session.segments[index].msgid) is not None
        await pilot.press("ctrl+q")


async def test_no_model_says_how_to_get_one_while_glossary_works(project: Path) -> None:
    catalog = _write_catalog(project, [p for p in sample_paragraphs(8) if "وزير الأمن العام" in p])
    app = make_app(catalog)  # no models/ folder in the project: the real loader says so
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        pane = str(app.query_one(SuggestionsPane).render())
        assert "not installed" in pane or "No MT model" in pane
        assert "workbench model pull" in pane
        assert "glossary and TM still work" in pane
        # where to put a model, said within the project: no path of the machine's file system
        # (a served session's screen shows it to every browser)
        assert "models/" in pane and str(project) not in pane
        glossary = str(app.query_one("#glossary").render())
        assert "Minister of Public Security" in glossary
        await pilot.press("ctrl+g")  # several terms: a picker
        await pilot.pause()
        picker = app.screen
        target = picker.targets[0]
        await pilot.press("enter")
        assert target in app.editor.text
        await pilot.press("ctrl+q")


@pytest.mark.slow
async def test_tiny_model_suggestions_are_real_mt(project: Path, tiny_marian: Path) -> None:
    from workbench.config import load_config
    from workbench.mt import DecodeOptions, load_engine

    catalog = _write_catalog(project, sample_paragraphs(3))
    app = make_app(catalog, model=str(tiny_marian), engine="transformers")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await settle(pilot, app)
        assert app.mt_status.ready, app.mt_status.message
        items = app.query_one(SuggestionsPane).items
        assert items and items[0].kind.startswith("mt"), str(
            app.query_one(SuggestionsPane).render()
        )
        await pilot.press("alt+1")
        inserted = app.editor.text
        await pilot.press("ctrl+q")
    engine = load_engine(load_config(), model=str(tiny_marian), engine="transformers")
    expected = engine.translate_batch([app.session.segments[0].msgid], DecodeOptions(n_best=3))
    assert inserted in {s.text for s in expected[0]}


async def test_copy_source_toggle_fuzzy_and_quit_saves_the_edit(catalog: Path) -> None:
    app = make_app(catalog, fake_engine=FakeEngine())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("ctrl+r")
        assert app.editor.text == app.session.segments[0].msgid
        await pilot.press("ctrl+t")  # saved as fuzzy
        assert app.session.segments[0].status == "fuzzy"
        await pilot.press("ctrl+t")  # fuzzy off: approved
        assert app.session.segments[0].status == "approved"
        await pilot.press("alt+down", *"typed, never approved")
        await pilot.press("ctrl+q")  # quit flushes: the edit is kept, marked fuzzy
    entries = read_entries(catalog)
    assert entries[0].msgstr == entries[0].msgid and "fuzzy" not in entries[0].flags
    assert entries[1].msgstr == "typed, never approved" and "fuzzy" in entries[1].flags
    msgfmt_check(catalog)


async def test_qa_line_is_live_while_typing(project: Path) -> None:
    catalog = _write_catalog(project, ["قال وزير الأمن العام إن 72 دولة وقعت."])
    app = make_app(catalog, fake_engine=FakeEngine())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press(*"The minister said 27 countries signed.")
        await pilot.pause(0.4)
        line = str(app.query_one(QALine).render())
        assert "Minister of Public Security" in line
        await pilot.press("ctrl+q")


async def test_crash_leftovers_are_offered_back_and_restored(catalog: Path) -> None:
    crashed = EditingSession(catalog, catalog.parents[3] / ".workbench" / "journal")
    crashed.save(0, "Approved before the crash", fuzzy=False)
    crashed.note_draft(2, "Typed before the crash")
    del crashed  # the process died: nothing written to the catalog
    assert read_entries(catalog)[0].msgstr == ""
    app = make_app(catalog, fake_engine=FakeEngine())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert type(app.screen).__name__ == "RecoveryDialog"
        await pilot.press("r")
        await pilot.pause()
        assert app.current in (0, 2)
        await pilot.press("ctrl+down")  # the restored draft is shown, unsaved
        while app.current != 2:
            await pilot.press("alt+down")
        assert app.editor.text == "Typed before the crash"
        await pilot.press("enter")
        await pilot.press("ctrl+q")
    entries = read_entries(catalog)
    assert entries[0].msgstr == "Approved before the crash"
    assert entries[2].msgstr == "Typed before the crash" and "fuzzy" not in entries[2].flags
    assert not app.session.journal.path.exists()


async def test_discarding_crash_leftovers(catalog: Path) -> None:
    crashed = EditingSession(catalog, catalog.parents[3] / ".workbench" / "journal")
    crashed.save(0, "Not wanted", fuzzy=False)
    del crashed
    app = make_app(catalog, fake_engine=FakeEngine())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("d")
        await pilot.press("ctrl+q")
    assert read_entries(catalog)[0].msgstr == ""


async def test_batch_run_writing_the_same_catalog_is_merged(catalog: Path) -> None:
    app = make_app(catalog, fake_engine=FakeEngine())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        last = app.session.segments[7].msgid
        # another process (pretranslate) fills the last entry while the translator works
        apply_updates(catalog, [EntryUpdate(msgid=last, msgstr="MT of the last", fuzzy=True)])
        await pilot.pause(0.6)
        await settle(pilot, app)
        assert app.session.segments[7].target == "MT of the last"
        await pilot.press(*"First approved", "enter")
        await pilot.press("ctrl+q")
    entries = read_entries(catalog)
    assert entries[0].msgstr == "First approved"
    assert entries[7].msgstr == "MT of the last" and "fuzzy" in entries[7].flags


async def test_source_pane_shows_shaped_right_to_left_text_with_terms(project: Path) -> None:
    catalog = _write_catalog(project, ["قال وزير الأمن العام إن 72 دولة وقعت."])
    app = make_app(catalog, fake_engine=FakeEngine())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        rendered = app.query_one(SourcePane).render()
        plain = rendered.plain
        assert "وزير" not in plain  # not the logical, unjoined letters
        assert plain.rstrip().endswith("ﻝﺎﻗ")  # first word shown rightmost
        assert any(span.style and "yellow" in str(span.style) for span in rendered.spans)
        await pilot.press("f2")  # terminal does bidi: logical text
        assert "وزير الأمن العام" in app.query_one(SourcePane).render().plain
        await pilot.press("ctrl+q")


async def test_command_palette_offers_the_actions(catalog: Path) -> None:
    app = make_app(catalog, fake_engine=FakeEngine())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        titles = {command.title for command in app.get_system_commands(app.screen)}
        for wanted in (
            "Approve the translation, go to the next",
            "Insert suggestion 1",
            "Insert a suggestion: ctrl+o, then its number 1-9 (works in every terminal)",
            "Copy the source into the translation",
            "Insert a glossary term at the cursor",
            "Filter segments by source or translation text",
            "Toggle the fuzzy (needs review) flag",
            "Undo the last edit",
            "Save the text as typed, keeping the segment's status",
            "Save everything and quit",
        ):
            assert wanted in titles
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Copy the source")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert app.editor.text == app.session.segments[0].msgid
        await pilot.press("ctrl+q")


async def test_catalog_picker_returns_the_chosen_catalog(project: Path) -> None:
    from workbench.tui.picker import CatalogPicker

    first = _write_catalog(project, sample_paragraphs(2), name="alpha")
    second = _write_catalog(project, sample_paragraphs(3), name="beta")
    picker = CatalogPicker([first, second], project)
    async with picker.run_test() as pilot:
        await pilot.pause()
        assert "locales/en/LC_MESSAGES/beta.po" in str(picker.query_one("#catalogs").render_line(1))
        await pilot.press("down", "enter")
    assert picker.return_value == second


def test_tui_without_catalogs_says_what_to_do(project: Path, capsys) -> None:
    from workbench.cli import main

    assert main(["tui"]) == 2
    error = capsys.readouterr().err
    assert "locales folder not found" in error and "workbench import" in error  # as compile


async def test_glossary_enforced_mt_variant_comes_first(project: Path) -> None:
    catalog = _write_catalog(project, ["قال وزير الأمن العام إن 72 دولة وقعت."])
    app = make_app(catalog, fake_engine=CopyingFakeEngine())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        items = app.query_one(SuggestionsPane).items
        assert items[0].kind == "mt+glossary"
        assert "Minister of Public Security" in items[0].text and "72" in items[0].text
        assert all("Minister" not in item.text for item in items[1:])
        await pilot.press("alt+1", "enter")
        await pilot.press("ctrl+q")
    assert "Minister of Public Security" in read_entries(catalog)[0].msgstr


async def test_lost_term_placeholder_is_said_in_the_pane(project: Path) -> None:
    catalog = _write_catalog(project, ["قال وزير الأمن العام إن 72 دولة وقعت."])
    app = make_app(catalog, fake_engine=FakeEngine())  # drops the placeholders
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert "lost the placeholder" in str(app.query_one(SuggestionsPane).render())
        await pilot.press("ctrl+q")


def _approve_in_catalog(catalog: Path, translations: dict[int, str]) -> None:
    session = EditingSession(catalog, catalog.parents[3] / ".workbench" / "journal")
    for index, text in translations.items():
        session.save(index, text, fuzzy=False)
    session.close()


async def test_leaving_an_edited_approved_segment_keeps_it_approved(catalog: Path) -> None:
    _approve_in_catalog(catalog, {0: "Approved text"})
    app = make_app(catalog, fake_engine=FakeEngine())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("alt+up")
        assert app.current == 0 and app.editor.text == "Approved text"
        await pilot.press(*" too", "alt+down")
        segment = app.session.segments[0]
        assert (segment.status, segment.target) == ("approved", "Approved text")
        assert segment.draft == "Approved text too"
        assert "✎" in str(app.segment_list.render_line(0))
        await pilot.press("ctrl+q")
    entry = read_entries(catalog)[0]
    assert entry.msgstr == "Approved text" and "fuzzy" not in entry.flags
    assert app.session.journal.path.exists()  # the draft waits for next time

    again = make_app(catalog, fake_engine=FakeEngine())
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot, again)
        assert again.current == 0  # a segment with a draft is work to do
        assert again.editor.text == "Approved text too"
        await pilot.press("ctrl+z")  # undo gives back the approved text
        assert again.editor.text == "Approved text"
        await pilot.press("enter")
        assert again.session.segments[0].draft is None
        await pilot.press("ctrl+q")
    entry = read_entries(catalog)[0]
    assert entry.msgstr == "Approved text" and "fuzzy" not in entry.flags
    assert not again.session.journal.path.exists()


async def test_an_edited_approved_segment_is_approved_with_enter_or_saved_with_ctrl_s(
    catalog: Path,
) -> None:
    _approve_in_catalog(catalog, {0: "First", 1: "Second"})
    app = make_app(catalog, fake_engine=FakeEngine())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("alt+up", "alt+up")
        assert app.current == 0
        await pilot.press(*" edited", "enter")
        await pilot.press("alt+up", *" saved", "ctrl+s")
        assert app.session.segments[1].status == "approved"
        await pilot.press("ctrl+q")
    entries = read_entries(catalog)
    assert (entries[0].msgstr, "fuzzy" in entries[0].flags) == ("First edited", False)
    assert (entries[1].msgstr, "fuzzy" in entries[1].flags) == ("Second saved", False)
    assert not app.session.journal.path.exists()


async def test_moving_through_an_approved_segment_writes_nothing(catalog: Path) -> None:
    po = __import__("polib").pofile(str(catalog))
    po[0].msgstr = "Pasted line\u2028with a Unicode line separator"  # a TextArea makes it \n
    po.save(str(catalog))
    before = catalog.read_bytes()
    app = make_app(catalog, fake_engine=FakeEngine())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("alt+up", "alt+down", "alt+up", "ctrl+down")
        await pilot.press("ctrl+q")
    assert catalog.read_bytes() == before
    assert app.session.segments[0].status == "approved"


async def test_a_catalog_that_cannot_be_written_says_so_once_and_quits_with_status_1(
    catalog: Path, monkeypatch
) -> None:
    import workbench.tui.session as session_module
    from workbench.errors import WorkbenchError

    def refuse(path, updates, timeout):
        raise WorkbenchError("cannot create the lock file (permission denied)", path)

    monkeypatch.setattr(session_module, "write_here", refuse)  # the final write at quit too
    app = make_app(catalog, fake_engine=FakeEngine())
    app.session.writer = refuse
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        for text in ("One", "Two", "Three"):
            await pilot.press(*text, "enter")
            await wait_saved(pilot, app)
        await pilot.pause(0.1)
        errors = [n for n in app._notifications if n.severity == "error"]
        assert len(errors) == 1 and "permission denied" in errors[0].message
        assert "NOT WRITTEN" in app.sub_title and "3 save(s)" in app.sub_title
        await pilot.press("ctrl+q")
    assert app.return_code == 1
    assert read_entries(catalog)[0].msgstr == ""
    journal = app.session.journal.path.read_text("utf-8")
    assert all(text in journal for text in ("One", "Two", "Three"))


async def test_filter_ignores_hamza_and_harakat_and_shows_the_query_readable(
    catalog: Path,
) -> None:
    app = make_app(catalog, fake_engine=FakeEngine())
    sources = [s.msgid for s in app.session.segments]
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("ctrl+f", *"الامن")  # typed without the hamza of الأمن
        rows = app.query_one(SegmentList).rows
        assert rows == [i for i, s in enumerate(sources) if "الأمن" in s] and rows
        title = app.query_one(SegmentList).border_title
        assert f"{len(rows)} match" in title and "ﻦﻣﻻﺍ" in title  # joined, right to left
        await pilot.press("escape", "ctrl+q")


async def test_a_qa_warning_does_not_hide_the_status_in_the_list(catalog: Path) -> None:
    app = make_app(catalog, fake_engine=FakeEngine())
    assert "2500" in app.session.segments[0].msgid
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press(*"They came.", "enter")  # the numbers are missing
        await pilot.press(*"Fuzzy", "alt+down")
        assert app.session.segments[0].qa_warning
        rows = [app.segment_list.render_line(y).text for y in range(3)]
        assert rows[0].startswith("●!") and rows[1].startswith("◐") and rows[2].startswith("○ ")
        await pilot.press("ctrl+q")


async def test_a_human_edit_of_machine_output_loses_the_pretranslation_note(
    catalog: Path,
) -> None:
    from workbench.catalog.marks import is_pretranslated

    note = "Automatically translated (MT: fake-ar-en); needs review"
    apply_updates(
        catalog,
        [
            EntryUpdate(msgid=e.msgid, msgstr=f"MT {n}", fuzzy=True, translator_comment=note)
            for n, e in enumerate(read_entries(catalog)[:3])
        ],
    )
    app = make_app(catalog, fake_engine=FakeEngine())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert app.current == 0
        assert "pre-translated" in app.query_one("#source").border_title
        await pilot.press("enter")  # approved as the machine wrote it
        await pilot.press(*" edited", "alt+down")  # edited, left as fuzzy
        await pilot.press("ctrl+q")
    entries = read_entries(catalog)
    assert [is_pretranslated(e) for e in entries[:3]] == [False, False, True]
    assert "fuzzy" not in entries[0].flags and not entries[0].tcomment
    assert entries[1].msgstr == "MT 1 edited" and "fuzzy" in entries[1].flags
    assert entries[2].tcomment == note
    msgfmt_check(catalog)


async def test_a_bidi_terminal_is_told_not_to_reorder_the_apps_display(
    catalog: Path, monkeypatch
) -> None:
    from textual.drivers.headless_driver import HeadlessDriver

    from workbench.tui.bidi import EXPLICIT_BIDI, IMPLICIT_BIDI

    sent: list[str] = []

    def record(self, data: str) -> None:
        if data in (EXPLICIT_BIDI, IMPLICIT_BIDI):  # Textual writes other sequences too
            sent.append(data)

    monkeypatch.setattr(HeadlessDriver, "write", record)
    app = make_app(catalog, fake_engine=FakeEngine(), bidi="app")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert sent == [EXPLICIT_BIDI]  # VTE: do not reorder what the app reordered
        await pilot.press("f2")  # the terminal does bidi: let it
        await pilot.press("f2")
        await pilot.press("ctrl+q")  # and back to its default for the shell
    assert sent == [EXPLICIT_BIDI, IMPLICIT_BIDI, EXPLICIT_BIDI, IMPLICIT_BIDI]


async def test_approving_an_empty_translation_is_refused_and_ctrl_s_clears_one(
    catalog: Path,
) -> None:
    _approve_in_catalog(catalog, {0: "To be removed"})
    app = make_app(catalog, fake_engine=FakeEngine())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert app.current == 1
        await pilot.press("space", "enter")  # only a space: nothing to approve
        assert app.current == 1 and app.session.segments[1].status == "untranslated"
        warnings = [n.message for n in app._notifications if n.severity == "warning"]
        assert any("Nothing to approve" in m for m in warnings)
        await pilot.press("backspace", "alt+up", "ctrl+u", "enter")
        assert app.session.segments[0].status == "approved"  # enter refuses to empty it
        await pilot.press("ctrl+s")  # saving it empty is explicit
        assert app.session.segments[0].status == "untranslated"
        await pilot.press("ctrl+q")
    assert read_entries(catalog)[0].msgstr == ""


@pytest.mark.parametrize("kind", ["header only", "all obsolete", "empty file"])
async def test_a_catalog_with_nothing_to_translate_shows_what_to_do(
    project: Path, kind: str
) -> None:
    catalog = _write_catalog(project, sample_paragraphs(2) if kind == "all obsolete" else [])
    if kind == "all obsolete":
        po = polib.pofile(str(catalog))
        for entry in po:
            entry.obsolete = True
        po.save(str(catalog))
        assert all(entry.obsolete for entry in read_entries(catalog))
    elif kind == "empty file":
        catalog.write_text("", "utf-8")
    before = catalog.read_bytes()
    app = make_app(catalog, fake_engine=FakeEngine())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert app.session.segments == []
        message = str(app.query_one("#empty").render())
        assert "Nothing to translate" in message and catalog.name in message
        assert "workbench import SOURCE --lang L" in message
        # every key is harmless: nothing to approve, move to or toggle
        await pilot.press(*"typed", "enter", "ctrl+down", "ctrl+t", "ctrl+s", "f2", "alt+1")
        app.post_message(MTLoaded(ProviderStatus("ready", "fake")))  # a worker reports late
        await settle(pilot, app)
        assert app.return_code is None
        await pilot.press("ctrl+q")
    assert app.return_code == 0
    assert catalog.read_bytes() == before


def key_event(key: str) -> events.Key:
    """The event a terminal read makes of ``key`` (a character or a key name)."""
    if len(key) == 1:
        name = {" ": "space"}.get(key, key)
        return events.Key(name, key)
    return events.Key(key, "\r" if key == "enter" else None)


async def burst(app, keys: list[str]) -> None:
    """Keys arriving in one read (tmux send-keys, a slow SSH link, a paste ending in a newline):
    all queued before the app handles the first."""
    for key in keys:
        app.post_message(key_event(key))


@pytest.mark.parametrize("send", ["burst", "press"])
async def test_enter_right_after_typing_approves_exactly_the_text_typed(
    catalog: Path, send: str
) -> None:
    session = EditingSession(catalog, catalog.parents[3] / ".workbench" / "journal")
    session.save(0, "The ceremony", fuzzy=True)
    session.close()
    app = make_app(catalog, fake_engine=FakeEngine())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert app.current == 0 and app.editor.text == "The ceremony"
        keys = [*" EDIT", "enter", *"Next one", "enter"]
        if send == "burst":
            await burst(app, keys)
        else:
            await pilot.press(*keys)
        await settle(pilot, app)
        assert app.current == 2 and app.editor.text == ""
        await wait_saved(pilot, app)
        await pilot.press("ctrl+q")
    entries = read_entries(catalog)
    assert (entries[0].msgstr, entries[0].fuzzy) == ("The ceremony EDIT", False)
    assert (entries[1].msgstr, entries[1].fuzzy) == ("Next one", False)
    assert entries[2].msgstr == ""


async def test_a_paste_ending_in_a_newline_approves_the_pasted_text(catalog: Path) -> None:
    app = make_app(catalog, fake_engine=FakeEngine())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await burst(app, [*"Pasted line", "enter"])
        await settle(pilot, app)
        assert app.current == 1
        await wait_saved(pilot, app)
        await pilot.press("ctrl+q")
    entries = read_entries(catalog)
    assert (entries[0].msgstr, entries[0].fuzzy) == ("Pasted line", False)
    assert entries[1].msgstr == ""


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EIO], ids=errno.errorcode.get)
async def test_a_full_disk_keeps_the_text_and_says_so_then_enter_retries(
    catalog: Path, monkeypatch, code: int
) -> None:
    real_fsync = os.fsync
    full = {"on": False}

    def fsync(fd: int) -> None:
        if full["on"]:
            raise OSError(code, os.strerror(code))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    app = make_app(catalog, fake_engine=FakeEngine())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        full["on"] = True
        await pilot.press(*"Typed on a full disk", "enter")
        await pilot.pause()
        assert app.current == 0 and app.editor.text == "Typed on a full disk"
        errors = [n.message for n in app._notifications if n.severity == "error"]
        assert errors and errors[-1].startswith("Not approved: could not write the journal")
        plain = "the disk is full" if code == errno.ENOSPC else "input/output error"
        assert plain in errors[-1]
        await pilot.press("ctrl+down")  # moving on would lose the text: refused, said
        await pilot.pause()
        assert app.current == 0 and app.editor.text == "Typed on a full disk"
        full["on"] = False
        await pilot.press("enter")  # space is back: enter again approves
        await pilot.pause()
        assert app.current == 1
        await wait_saved(pilot, app)
        await pilot.press("ctrl+q")
    assert app.return_code == 0
    entry = read_entries(catalog)[0]
    assert (entry.msgstr, entry.fuzzy) == ("Typed on a full disk", False)


async def test_quitting_when_the_edit_cannot_be_saved_asks_again(catalog: Path, monkeypatch):
    real_fsync = os.fsync
    full = {"on": False}

    def fsync(fd: int) -> None:
        if full["on"]:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    app = make_app(catalog, fake_engine=FakeEngine())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        full["on"] = True
        await pilot.press(*"Unsaved", "ctrl+q")
        await pilot.pause()
        assert app.return_code is None  # still running, the text on screen
        errors = [n.message for n in app._notifications if n.severity == "error"]
        assert errors and errors[-1].endswith("ctrl+q again quits without it.")
        full["on"] = False
        await pilot.press("ctrl+q")
    assert app.return_code == 0
    assert read_entries(catalog)[0].msgstr == "Unsaved"  # the disk came back: saved at quit


async def another_editor_approves(pilot, app, catalog: Path, index: int, text: str) -> None:
    """Translator A, in another TUI, approves ``text`` for segment ``index`` (A's app writes
    with apply_updates, under the catalog's lock); B's app notices within its watch interval."""
    msgid = app.session.segments[index].msgid
    apply_updates(catalog, [EntryUpdate(msgid=msgid, msgstr=text, fuzzy=False)])
    await pilot.pause(0.6)
    await settle(pilot, app)


@pytest.mark.parametrize("choice", ["m", "t"])
async def test_another_editor_changing_the_segment_being_edited_is_a_conflict(
    catalog: Path, choice: str
) -> None:
    from workbench.tui.components.dialogs import ConflictDialog

    app = make_app(catalog, fake_engine=FakeEngine())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press(*"Mine")
        await another_editor_approves(pilot, app, catalog, 0, "Theirs")
        dialog = app.screen
        assert isinstance(dialog, ConflictDialog)
        shown = {
            "theirs": str(dialog.query_one("#theirs").render()),
            "mine": str(dialog.query_one("#mine").render()),
        }
        assert shown == {"theirs": "Theirs", "mine": "Mine"}
        await pilot.press(choice)
        await pilot.pause()
        assert not isinstance(app.screen, ConflictDialog)
        assert app.editor.text == ("Mine" if choice == "m" else "Theirs")
        await pilot.press("enter")  # approves exactly what the editor shows, nothing merged
        await wait_saved(pilot, app)
        await pilot.press("ctrl+q")
    assert read_entries(catalog)[0].msgstr == ("Mine" if choice == "m" else "Theirs")


async def test_another_editor_changing_the_segment_on_screen_is_shown_and_said(
    catalog: Path,
) -> None:
    app = make_app(catalog, fake_engine=FakeEngine())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await another_editor_approves(pilot, app, catalog, 0, "Theirs")
        assert app.editor.text == "Theirs" and app.loaded_text == "Theirs"
        warnings = [n.message for n in app._notifications if n.severity == "warning"]
        assert any("#1 was changed in the catalog by another editor" in w for w in warnings)
        await pilot.press("ctrl+q")
    assert read_entries(catalog)[0].msgstr == "Theirs"


async def test_a_save_that_meets_another_editors_text_is_kept_and_shown_as_a_conflict(
    catalog: Path,
) -> None:
    from workbench.tui.components.dialogs import ConflictDialog

    app = make_app(catalog, fake_engine=FakeEngine(), watch_interval=60)  # A's write unseen
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        msgid = app.session.segments[0].msgid
        apply_updates(catalog, [EntryUpdate(msgid=msgid, msgstr="Theirs", fuzzy=False)])
        await pilot.press(*"Mine", "enter")
        await wait_saved(pilot, app)
        await settle(pilot, app)
        assert read_entries(catalog)[0].msgstr == "Theirs"  # never written over, never merged
        warnings = [n.message for n in app._notifications if n.severity == "warning"]
        assert any(w.startswith("#1: another editor wrote a different text") for w in warnings)
        assert app.session.segments[0].draft == "Mine"
        await pilot.press("alt+up")  # back to #1: both versions side by side
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConflictDialog)
        assert str(dialog.query_one("#theirs").render()) == "Theirs"
        assert str(dialog.query_one("#mine").render()) == "Mine"
        await pilot.press("m")
        await pilot.pause()
        assert app.editor.text == "Mine"
        await pilot.press("enter")
        await wait_saved(pilot, app)
        await pilot.press("ctrl+q")
    assert read_entries(catalog)[0].msgstr == "Mine"
