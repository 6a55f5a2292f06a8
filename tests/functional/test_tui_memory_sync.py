"""The TUI's translation memory is synced with locales/ in a process of its own, not the UI's;
the segment on screen is refreshed when it ends."""

from __future__ import annotations

import time
from pathlib import Path

import polib
import pytest

from tests.functional.tui_helpers import FakeEngine, make_app, sample_paragraphs, write_catalog
from workbench.tm.store import TranslationMemory
from workbench.tui.components.info_panes import SuggestionsPane

SIZE = (140, 42)
EARLIER = "The signing ceremony welcomed over 2,500 delegates."


def _catalog_beside_an_approved_one(project: Path) -> tuple[list[str], Path]:
    """A catalog to open, and another that approved its first source as :data:`EARLIER`."""
    sources = sample_paragraphs(3)
    other = write_catalog(project, sources[:1], name="earlier")
    po = polib.pofile(str(other))
    po[0].msgstr = EARLIER
    po.save(str(other))
    return sources, write_catalog(project, sources)


async def test_matches_from_other_catalogs_arrive_from_the_worker_process(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sources, catalog = _catalog_beside_an_approved_one(project)

    def not_here(self, *args, **kwargs):  # the UI's process must not parse catalogs
        raise AssertionError("synced in the UI's process")

    monkeypatch.setattr(TranslationMemory, "sync_from_locales", not_here)
    app = make_app(catalog, fake_engine=FakeEngine())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        deadline = time.monotonic() + 60
        found: list[str] = []
        while time.monotonic() < deadline and not found:
            await pilot.pause(0.2)
            result = app.service.get(sources[0], timeout=30)
            found = [item.text for item in result.items if item.kind == "tm"]
        assert found == [EARLIER]
        assert app.service.tm.status.ready
        await pilot.press("ctrl+q")


async def test_the_segment_on_screen_gets_the_matches_the_sync_brought(project: Path) -> None:
    """The first screen's suggestions are computed before the sync ends (MT only); when it ends
    the pane is refreshed, without moving to another segment and back."""
    _, catalog = _catalog_beside_an_approved_one(project)
    app = make_app(catalog, fake_engine=FakeEngine())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pane = app.query_one(SuggestionsPane)
        assert app.current == 0
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not any(i.kind == "tm" for i in pane.items):
            await pilot.pause(0.2)
        assert [i.text for i in pane.items if i.kind == "tm"] == [EARLIER]
        assert any(i.kind == "mt" for i in pane.items)
        assert app.current == 0
        await pilot.press("ctrl+q")
