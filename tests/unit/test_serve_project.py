"""What a served project shows and runs (workbench.serve.server.ServedProject): catalogs named
without server paths, each session's app command."""

from __future__ import annotations

from pathlib import Path

from workbench.serve.server import ServedProject


def test_the_page_names_catalogs_without_server_paths(tmp_path: Path) -> None:
    project = ServedProject("news", tmp_path, tmp_path / "locales")
    inside = tmp_path / "locales" / "en" / "LC_MESSAGES" / "article.po"
    assert project.shown(inside) == "locales/en/LC_MESSAGES/article.po"
    assert project.shown(Path("/srv/elsewhere/other.po")) == "other.po"


def test_each_session_runs_the_tui_served_with_the_apps_own_bidi(tmp_path: Path) -> None:
    project = ServedProject("news", tmp_path, tmp_path / "locales", tui_options=("--model", "m"))
    catalog = tmp_path / "locales" / "en" / "LC_MESSAGES" / "article.po"
    command = project.app_command(catalog)
    assert command[1:5] == ["-m", "workbench.cli", "tui", str(catalog)]
    assert command[5:] == ["--bidi", "app", "--served", "--model", "m"]


def test_a_project_without_catalogs_lists_none(tmp_path: Path) -> None:
    assert ServedProject("news", tmp_path, tmp_path / "locales").catalogs() == []
    missing = tmp_path / "gone.po"
    assert ServedProject("news", tmp_path, tmp_path / "locales", catalog=missing).catalogs() == []
