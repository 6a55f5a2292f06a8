"""The project's memory: opened at ``config.tm`` and synced with ``locales/`` by one rule."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from workbench.catalog.pofile import write_po
from workbench.config import Config
from workbench.tm import TranslationMemory
from workbench.tm.project import open_project_memory

MINISTER = "قال وزير الأمن العام إن الاتفاقية وقعت"
MINISTER_EN = "The Minister of Public Security said the Convention was signed"
DRAFT = "وقعت 72 دولة على الاتفاقية"


@pytest.fixture()
def config(tmp_path: Path) -> Config:
    locales = tmp_path / "locales"
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "en"}
    po.append(polib.POEntry(msgid=MINISTER, msgstr=MINISTER_EN))
    po.append(polib.POEntry(msgid=DRAFT, msgstr="72 countries signed", flags=["fuzzy"]))
    (locales / "en" / "LC_MESSAGES").mkdir(parents=True)
    write_po(po, locales / "en" / "LC_MESSAGES" / "news.po")
    return Config(root=tmp_path, locales=locales, tm=tmp_path / ".workbench" / "tm.sqlite3")


def test_opening_creates_the_memory_and_takes_in_approved_entries(config: Config) -> None:
    memory, report = open_project_memory(config)
    with memory:
        assert config.tm.is_file()
        assert (report.reread, report.errors) == (1, [])
        [match] = memory.search(MINISTER)
        assert (match.target, match.origin) == (MINISTER_EN, "en/LC_MESSAGES/news.po")
        assert memory.exact(DRAFT) is None  # fuzzy: not approved, not memory material


def test_an_unreadable_catalog_is_skipped_and_reported(config: Config) -> None:
    broken = config.locales / "fr" / "LC_MESSAGES" / "broken.po"
    broken.parent.mkdir(parents=True)
    broken.write_text('msgid "a"\nmsgstr "unterminated\n', encoding="utf-8")
    memory, report = open_project_memory(config)
    with memory:
        assert [error.path for error in report.errors or []] == [broken]
        assert memory.exact(MINISTER) is not None  # the readable catalog still counts


def test_without_sync_the_memory_is_opened_as_it_is(config: Config) -> None:
    memory, report = open_project_memory(config, sync=False)
    with memory:
        assert (report.reread, report.errors, len(memory)) == (0, [], 0)


def test_rebuild_rereads_catalogs_a_sync_would_skip(config: Config) -> None:
    open_project_memory(config)[0].close()
    memory, report = open_project_memory(config)
    memory.close()
    assert report.reread == 0  # nothing changed since the last sync
    memory, report = open_project_memory(config, rebuild=True)
    with memory:
        assert report.reread == 1 and len(memory) == 1


def test_a_failed_sync_closes_the_memory(config: Config, monkeypatch: pytest.MonkeyPatch) -> None:
    closed: list[Path] = []

    def interrupted(self: TranslationMemory, *args: object, **kwargs: object) -> int:
        raise KeyboardInterrupt

    original_close = TranslationMemory.close

    def recording_close(self: TranslationMemory) -> None:
        closed.append(self.path)
        original_close(self)

    monkeypatch.setattr(TranslationMemory, "sync_from_locales", interrupted)
    monkeypatch.setattr(TranslationMemory, "close", recording_close)
    with pytest.raises(KeyboardInterrupt):
        open_project_memory(config)
    assert closed == [config.tm]
