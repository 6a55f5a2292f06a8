"""The concordance screen (f12): a search over the whole translation memory, every catalog of
locales/ and imported TMX, with the hits' documents and the query highlighted."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import polib
import pytest

from tests.functional.tui_helpers import FakeEngine, make_app, sample_paragraphs, write_catalog
from workbench.cli import main
from workbench.tui.components.memory_search import TYPING_PAUSE, ConcordanceScreen
from workbench.tui.components.source_pane import TERM_STYLE
from workbench.tui.keys import APP_KEYS

SIZE = (120, 36)
KEY = next(key.keys for key in APP_KEYS if key.action == "concordance")
SECURITY = "دعمًا وللأمنِ الدولي."
SECURITY_EN = "In support of international security."
TMX_SOURCE = "الأمـن الإقليمي أولاً."
TMX_TARGET = "Regional security first."


@pytest.fixture()
def catalog(project: Path) -> Path:
    """The catalog to open; another catalog with an approved unit, and a TMX, in the memory."""
    other = write_catalog(project, [SECURITY, "السلام."], name="speech")
    po = polib.pofile(str(other))
    po[0].msgstr = SECURITY_EN
    po[1].msgstr = "Peace."
    po.save(str(other))
    tmx = project / "agency.tmx"
    tmx.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="ar"'
        ' adminlang="en" segtype="sentence" datatype="plaintext" o-tmf="x"'
        ' creationtool="x" creationtoolversion="1"/><body>\n'
        f'<tu><tuv xml:lang="ar"><seg>{TMX_SOURCE}</seg></tuv>'
        f'<tuv xml:lang="en"><seg>{TMX_TARGET}</seg></tuv></tu>\n</body></tmx>\n',
        encoding="utf-8",
    )
    assert main(["tm", "build"]) == 0
    assert main(["tm", "import", str(tmx)]) == 0
    return write_catalog(project, sample_paragraphs(3))


async def _searched(pilot) -> ConcordanceScreen:
    screen = pilot.app.screen
    assert isinstance(screen, ConcordanceScreen)
    await pilot.pause(TYPING_PAUSE + 0.1)  # the search starts when typing pauses
    await screen.workers.wait_for_complete()
    await pilot.pause()
    return screen


def _shown(screen: ConcordanceScreen) -> list[str]:
    from textual.widgets import OptionList

    hits = screen.query_one(OptionList)
    return [str(hits.get_option_at_index(i).prompt) for i in range(hits.option_count)]


def _highlighted(screen: ConcordanceScreen, index: int) -> list[str]:
    """The highlighted stretches of hit ``index``'s prompt (display order, as on screen)."""
    from rich.text import Text
    from textual.widgets import OptionList

    prompt = screen.query_one(OptionList).get_option_at_index(index).prompt
    assert isinstance(prompt, Text)
    marked = [False] * len(prompt.plain)
    for span in prompt.spans:
        if span.style == TERM_STYLE:
            for position in range(span.start, span.end):
                marked[position] = True
    runs, current = [], ""
    for char, on in zip(prompt.plain, marked, strict=True):
        if on:
            current += char
        elif current:
            runs.append(current)
            current = ""
    return runs + ([current] if current else [])


async def test_arabic_query_finds_catalog_and_tmx_units_with_documents(catalog: Path) -> None:
    app = make_app(catalog, fake_engine=FakeEngine(), bidi="terminal")  # logical order
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(KEY)
        screen = await _searched(pilot)
        await pilot.press(*"الامن")
        screen = await _searched(pilot)
        shown = _shown(screen)
        assert len(shown) == 2
        tmx_hit, catalog_hit = shown  # newest first: the TMX was imported last
        assert tmx_hit.splitlines()[0] == "tmx:agency.tmx"
        assert TMX_SOURCE in tmx_hit and TMX_TARGET in tmx_hit
        assert catalog_hit.splitlines()[0] == "en/LC_MESSAGES/speech.po"
        assert SECURITY in catalog_hit and SECURITY_EN in catalog_hit
        assert _highlighted(screen, 0) == ["الأمـن"]
        assert _highlighted(screen, 1) == ["وللأمنِ"]
        status = str(screen.query_one("#concordance-status").render())
        assert status.startswith("2 unit(s) holding الامن in their sources")  # terminal mode
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ConcordanceScreen)
        assert app.editor.text == ""  # escape inserts nothing
        await pilot.press("ctrl+q")


async def test_english_query_searches_translations_and_enter_inserts(catalog: Path) -> None:
    app = make_app(catalog, fake_engine=FakeEngine())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(KEY)
        await pilot.press(*"Security")
        screen = await _searched(pilot)
        assert len(_shown(screen)) == 2
        assert _highlighted(screen, 0) == ["security"]
        await pilot.press("backspace", *" first")  # "Securit first": nothing
        screen = await _searched(pilot)
        assert _shown(screen) == []
        await pilot.press(*["backspace"] * 6, *"y first")
        screen = await _searched(pilot)
        assert [line.splitlines()[-1] for line in _shown(screen)] == [TMX_TARGET]
        await pilot.press("enter", "enter")  # to the hits, then choose the first
        await pilot.pause()
        assert not isinstance(app.screen, ConcordanceScreen)
        assert app.editor.text == TMX_TARGET
        await pilot.press("ctrl+q")


async def test_search_answers_while_another_process_writes_the_memory(
    catalog: Path, project: Path
) -> None:
    """The sync process holds SQLite's write lock while it stores a catalog: the concordance
    reads beside it (WAL) instead of waiting."""
    writer = sqlite3.connect(project / ".workbench" / "tm.sqlite3", isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("DELETE FROM segments WHERE origin = 'en/LC_MESSAGES/speech.po'")
    try:
        app = make_app(catalog, fake_engine=FakeEngine())
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press(KEY, *"peace")
            screen = await _searched(pilot)
            assert [line.splitlines()[-1] for line in _shown(screen)] == ["Peace."]
            await pilot.press("escape", "ctrl+q")
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_concordance_screen_snapshot(catalog: Path, snap_compare) -> None:
    async def search(pilot) -> None:
        pilot.app.editor.cursor_blink = False
        await pilot.pause()
        await pilot.press(KEY, *"الامن")
        screen = await _searched(pilot)
        screen.query_one("#concordance-query").cursor_blink = False
        await pilot.pause()

    app = make_app(catalog, fake_engine=FakeEngine(), bidi="app")
    assert snap_compare(app, terminal_size=SIZE, run_before=search)
