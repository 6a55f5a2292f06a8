"""The workbench driven by Textual's Pilot: approvals reach the .po, navigation, suggestions,
the no-model state, crash recovery, external writes merged, quitting flushes."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

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
from workbench.tui.session import EditingSession

SIZE = (140, 42)


@pytest.fixture()
def catalog(project: Path) -> Path:
    return _write_catalog(project, sample_paragraphs(8))


def msgfmt_check(path: Path) -> None:
    subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], check=True)


async def settle(pilot, app) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
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
            "Copy the source into the translation",
            "Insert a glossary term at the cursor",
            "Filter segments by source or translation text",
            "Toggle the fuzzy (needs review) flag",
            "Undo the last edit",
            "Save now (approvals are always saved at once)",
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
    assert "no catalogs to open" in error and "workbench import" in error


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
