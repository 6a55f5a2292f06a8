"""Snapshots of the workbench screen with Arabic text (pytest-textual-snapshot).

The Arabic source is shaped and reordered by the app, so the SVG shows joined letters read
right to left; the glossary terms are highlighted. Update after a deliberate UI change with
``pytest tests/functional/test_tui_snapshots.py --snapshot-update`` and review the SVGs.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.functional.tui_helpers import FakeEngine, make_app, sample_paragraphs, write_catalog


@pytest.fixture()
def catalog(project: Path) -> Path:
    paragraphs = sample_paragraphs(12)
    # the Minister's paragraph first: several glossary terms in one segment
    paragraphs.sort(key=lambda p: "وزير الأمن العام" not in p)
    return write_catalog(project, paragraphs)


async def _settled(pilot) -> None:
    pilot.app.editor.cursor_blink = False  # a blinking cursor makes two different pictures
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_main_screen_with_arabic_source(catalog: Path, snap_compare) -> None:
    app = make_app(catalog, fake_engine=FakeEngine(), bidi="app")
    assert snap_compare(app, terminal_size=(130, 36), run_before=_settled)


def test_after_typing_and_approving(catalog: Path, snap_compare) -> None:
    async def work(pilot) -> None:
        await _settled(pilot)
        await pilot.press(*"Minister of Public Security", "enter")
        await pilot.press("alt+2")
        await pilot.pause(0.5)  # past the typing pause: draft journaled, QA run
        await _settled(pilot)
        pilot.app.saver.wait_idle(10)
        await pilot.pause()

    app = make_app(catalog, fake_engine=FakeEngine(), bidi="app")
    assert snap_compare(app, terminal_size=(130, 36), run_before=work)


def test_terminal_bidi_mode_and_narrow_terminal(catalog: Path, snap_compare) -> None:
    app = make_app(catalog, fake_engine=FakeEngine(), bidi="terminal")
    assert snap_compare(app, terminal_size=(90, 30), run_before=_settled)


@pytest.fixture()
def page_catalog(project: Path) -> Path:
    """An HTML page's catalog: its second segment holds paired and standalone placeholders."""
    from tests.functional.test_tui_markup import PAGE
    from workbench.cli import main

    (project / "corpus" / "page.ar.html").write_text(PAGE, encoding="utf-8")
    assert main(["import", "corpus/page.ar.html", "--lang", "en"]) == 0
    return project / "locales" / "en" / "LC_MESSAGES" / "page.po"


async def _on_the_marked_segment(pilot) -> None:
    await _settled(pilot)
    await pilot.press("alt+down")
    await pilot.press(*"Said the minister", *["shift+left"] * len("the minister"), "ctrl+l")
    await pilot.press(*" that ", "ctrl+l")
    await pilot.pause(0.5)  # past the typing pause: the QA line names what is missing
    await _settled(pilot)


@pytest.mark.parametrize(("bidi", "size"), [("app", (130, 36)), ("terminal", (100, 30))])
def test_placeholders_as_chips(page_catalog: Path, snap_compare, bidi: str, size) -> None:
    """Chips in the source (app: in right-to-left order; terminal: logical, isolated), the
    same colours on the placeholders in the editor."""
    app = make_app(page_catalog, fake_engine=FakeEngine(), bidi=bidi)
    assert snap_compare(app, terminal_size=size, run_before=_on_the_marked_segment)
