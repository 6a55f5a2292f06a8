"""``workbench tui`` without a catalog: the project's only catalog is looked for once."""

from __future__ import annotations

from pathlib import Path

import pytest

import workbench.catalog.discovery as discovery
from tests.functional.tui_helpers import sample_paragraphs, write_catalog
from workbench.config import load_config
from workbench.tui import run
from workbench.tui.app import WorkbenchApp


def test_the_only_catalog_is_found_once_and_opened(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalog = write_catalog(project, sample_paragraphs(2))
    searches: list[Path] = []
    find_catalogs = discovery.find_catalogs

    def counted(locales: Path) -> list[Path]:
        searches.append(locales)
        return find_catalogs(locales)

    opened: list[Path] = []
    monkeypatch.setattr(discovery, "find_catalogs", counted)
    monkeypatch.setattr(
        WorkbenchApp, "run", lambda self, *args, **kwargs: opened.append(self.session.catalog)
    )
    assert run(load_config()) == 0
    assert opened == [catalog]
    assert len(searches) == 1  # build_app used to scan locales/ again
