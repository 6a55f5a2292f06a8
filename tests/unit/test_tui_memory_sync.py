"""The TM sync process of the TUI: reports what it skipped; stopping it never waits for it."""

from __future__ import annotations

import threading
from pathlib import Path

import polib

from tests.support.catalogs import minimal_catalog
from workbench.config import Config
from workbench.tm.store import TranslationMemory
from workbench.tui.memory_sync import MemorySync

SOURCE = "وقعت فيتنام على الاتفاقية"


def _project(root: Path) -> Config:
    good = root / "locales/en/LC_MESSAGES/news.po"
    good.parent.mkdir(parents=True)
    minimal_catalog([polib.POEntry(msgid=SOURCE, msgstr="Viet Nam signed")]).save(str(good))
    (root / "locales/en/LC_MESSAGES/broken.po").write_text('msgid "x\n', encoding="utf-8")
    return Config(root=root, locales=root / "locales", tm=root / ".workbench/tm.sqlite3")


def test_sync_fills_the_memory_and_names_the_catalog_it_skipped(tmp_path: Path) -> None:
    config = _project(tmp_path)
    reports: list[list[str]] = []
    done = threading.Event()
    sync = MemorySync(config, lambda skipped: (reports.append(skipped), done.set()))
    assert sync.start()
    assert done.wait(60)
    [skipped] = reports
    assert len(skipped) == 1 and "broken.po" in skipped[0]
    with TranslationMemory(config.tm) as memory:
        assert [m.target for m in memory.search(SOURCE)] == ["Viet Nam signed"]


def test_stopping_a_running_sync_ends_it_without_a_report(tmp_path: Path) -> None:
    reports: list[list[str]] = []
    sync = MemorySync(_project(tmp_path), reports.append)
    assert sync.start()
    sync.stop()  # at once: the process is still starting
    assert not sync.running
    assert reports == []
