"""The TUI's translation-memory adapter: synced with locales/, in the catalog's language."""

from __future__ import annotations

from pathlib import Path

import polib

from tests.support.catalogs import minimal_catalog
from workbench.config import Config
from workbench.tm.store import TranslationMemory
from workbench.tui.providers import TMAdapter

SOURCE = "وقعت فيتنام على اتفاقية الأمم المتحدة لمكافحة الجرائم الإلكترونية"


def _catalog(root: Path, language: str, domain: str, target: str) -> Path:
    path = root / "locales" / language / "LC_MESSAGES" / f"{domain}.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    minimal_catalog([polib.POEntry(msgid=SOURCE, msgstr=target)], language=language).save(
        str(path)
    )
    return path


def _config(root: Path) -> Config:
    return Config(root=root, locales=root / "locales", tm=root / ".workbench" / "tm.sqlite3")


def test_matches_come_from_locales_in_the_catalogs_language_own_document_first(
    tmp_path: Path,
) -> None:
    open_catalog = _catalog(tmp_path, "en", "news", "Vietnam signed the convention")
    _catalog(tmp_path, "en", "other", "Viet Nam signed the UN convention")
    _catalog(tmp_path, "fr", "news", "Le Viet Nam a signé la convention")
    adapter = TMAdapter(_config(tmp_path), language="en", catalog=open_catalog)
    try:
        found = adapter.search(SOURCE)
    finally:
        adapter.close()
    assert [item.text for item in found] == [
        "Vietnam signed the convention",  # same document wins the tie
        "Viet Nam signed the UN convention",
    ]
    assert [item.detail for item in found] == [
        "en/LC_MESSAGES/news.po",
        "en/LC_MESSAGES/other.po",
    ]


def test_an_approval_is_stored_under_the_catalogs_origin_and_language(tmp_path: Path) -> None:
    open_catalog = _catalog(tmp_path, "en", "news", "")
    config = _config(tmp_path)
    adapter = TMAdapter(config, language="en", catalog=open_catalog)
    adapter.add(SOURCE, "Vietnam signed", str(open_catalog))
    adapter.close()
    with TranslationMemory(config.tm) as memory:
        matches = memory.search(SOURCE, target_language="en")
        assert [(m.target, m.origin) for m in matches] == [
            ("Vietnam signed", "en/LC_MESSAGES/news.po")
        ]
        assert memory.search(SOURCE, target_language="fr") == []


def test_no_memory_configured_is_a_status_not_an_error() -> None:
    adapter = TMAdapter(None)
    assert adapter.status.state == "missing" and adapter.search(SOURCE) == []
