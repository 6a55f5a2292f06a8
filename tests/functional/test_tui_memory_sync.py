"""The TUI's translation memory is synced with locales/ in the writer process, not the UI's."""

from __future__ import annotations

import time
from pathlib import Path

import polib
import pytest

from tests.functional.tui_helpers import FakeEngine, make_app, sample_paragraphs, write_catalog
from workbench.tm.store import TranslationMemory

SIZE = (140, 42)


async def test_matches_from_other_catalogs_arrive_from_the_worker_process(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sources = sample_paragraphs(3)
    other = write_catalog(project, sources[:1], name="earlier")
    po = polib.pofile(str(other))
    po[0].msgstr = "The signing ceremony welcomed over 2,500 delegates."
    po.save(str(other))
    catalog = write_catalog(project, sources)

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
        assert found == ["The signing ceremony welcomed over 2,500 delegates."]
        assert app.service.tm.status.ready
        await pilot.press("ctrl+q")
