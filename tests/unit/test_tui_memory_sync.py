"""The TM sync process of the TUI: reports what it skipped, or why it failed (the TM's status);
stopping it never waits for it."""

from __future__ import annotations

import threading
from pathlib import Path

import polib
import pytest

from tests.support.catalogs import minimal_catalog
from workbench.config import Config
from workbench.tm.store import TranslationMemory
from workbench.tui.memory_sync import MemorySync
from workbench.tui.providers import GlossaryAdapter, ProviderStatus, TMAdapter
from workbench.tui.suggestions import SuggestionService

SOURCE = "وقعت فيتنام على الاتفاقية"


def _project(root: Path) -> Config:
    good = root / "locales/en/LC_MESSAGES/news.po"
    good.parent.mkdir(parents=True)
    minimal_catalog([polib.POEntry(msgid=SOURCE, msgstr="Viet Nam signed")]).save(str(good))
    (root / "locales/en/LC_MESSAGES/broken.po").write_text('msgid "x\n', encoding="utf-8")
    return Config(root=root, locales=root / "locales", tm=root / ".workbench/tm.sqlite3")


def test_sync_fills_the_memory_and_names_the_catalog_it_skipped(tmp_path: Path) -> None:
    config = _project(tmp_path)
    reports: list[tuple[list[str], str | None]] = []
    done = threading.Event()
    sync = MemorySync(config, lambda *outcome: (reports.append(outcome), done.set()))
    assert sync.start()
    assert done.wait(60)
    [(skipped, failure)] = reports
    assert len(skipped) == 1 and "broken.po" in skipped[0] and failure is None
    with TranslationMemory(config.tm) as memory:
        assert [m.target for m in memory.search(SOURCE)] == ["Viet Nam signed"]


def test_stopping_a_running_sync_ends_it_without_a_report(tmp_path: Path) -> None:
    reports: list[tuple[list[str], str | None]] = []
    sync = MemorySync(_project(tmp_path), lambda *outcome: reports.append(outcome))
    assert sync.start()
    sync.stop()  # at once: the process is still starting
    assert not sync.running
    assert reports == []


@pytest.mark.parametrize("in_process", [False, True], ids=["sync process", "service thread"])
def test_a_failed_sync_is_the_tms_error_status(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, in_process: bool
) -> None:
    """A memory that cannot be opened (here: its path is a folder) is an error the pane shows
    as such, not "1 catalog(s) skipped"; the same whether the sync ran in its process or, when
    none can start, on the suggestion service's thread."""
    config = _project(tmp_path)
    config.tm.mkdir(parents=True)
    if in_process:
        monkeypatch.setattr(MemorySync, "start", lambda self: False)
    service = SuggestionService(GlossaryAdapter(None), TMAdapter(config, sync_on_open=False))
    done = threading.Event()
    try:
        service.sync_memory_in_background(on_done=done.set)
        assert done.wait(60)
        assert service.tm is not None
        assert service.tm.status == ProviderStatus(
            "error",
            f"TM not synced: {config.tm}: cannot open the translation memory: "
            "unable to open database file",
        )
        assert service.get(SOURCE, timeout=30).tm_status == service.tm.status
    finally:
        service.close()


def test_skipped_catalogs_leave_the_memory_ready_and_say_so(tmp_path: Path) -> None:
    adapter = TMAdapter(_project(tmp_path), sync_on_open=False)
    adapter.synced(["broken.po: bad syntax"], None)
    assert adapter.status == ProviderStatus(
        "ready", "TM: 1 catalog(s) skipped: broken.po: bad syntax"
    )
