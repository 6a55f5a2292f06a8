"""The two shared rules every command follows: which catalogs it works on
(:func:`select_catalogs`) and which glossary it uses (:func:`project_glossary_path`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.catalog.discovery import select_catalogs
from workbench.config import Config
from workbench.errors import WorkbenchError
from workbench.glossary.termbase import project_glossary_path

TERMS = "وزير الخارجية\tMinister of Foreign Affairs\n"


def _catalog(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n')
    return path


def test_every_catalog_under_locales_sorted_when_none_named(tmp_path: Path) -> None:
    locales = tmp_path / "locales"
    fr = _catalog(locales / "fr/LC_MESSAGES/news.po")
    en = _catalog(locales / "en/LC_MESSAGES/news.po")
    _catalog(locales / "en/news.po")  # not in LC_MESSAGES: not a catalog of the project
    assert select_catalogs([], locales) == [en, fr]


def test_named_catalogs_are_kept_in_order_once(tmp_path: Path) -> None:
    first, second = _catalog(tmp_path / "b.po"), _catalog(tmp_path / "a.po")
    assert select_catalogs([first, second, first], tmp_path / "nowhere") == [first, second]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("missing.po", "no such catalog"),
        ("folder", "is a folder, not a catalog"),
        ("notes.txt", "not a .po catalog"),
    ],
)
def test_bad_named_catalog_is_refused_naming_it(tmp_path: Path, name: str, message: str) -> None:
    (tmp_path / "folder").mkdir()
    (tmp_path / "notes.txt").write_text("text\n")
    with pytest.raises(WorkbenchError) as caught:
        select_catalogs([tmp_path / name], tmp_path)
    assert caught.value.message == message and caught.value.path == tmp_path / name


def test_no_locales_and_empty_locales_say_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(WorkbenchError, match="locales folder not found") as caught:
        select_catalogs([], tmp_path / "locales")
    assert "workbench import" in (caught.value.hint or "")
    (tmp_path / "locales").mkdir()
    with pytest.raises(WorkbenchError, match="no catalogs found") as caught:
        select_catalogs([], tmp_path / "locales")
    assert "workbench import" in (caught.value.hint or "")


def test_naming_catalogs_and_asking_for_all_is_refused(tmp_path: Path) -> None:
    """An argument check of ``pretranslate`` (:mod:`workbench.cli.parser`): one of the two
    would be silently ignored."""
    from workbench.cli.parser import parse_arguments

    catalog = _catalog(tmp_path / "locales/en/LC_MESSAGES/news.po")
    with pytest.raises(WorkbenchError, match="not both"):
        parse_arguments(["pretranslate", "--all", str(catalog)])
    assert parse_arguments(["pretranslate", "--all"]).all


def _config(tmp_path: Path, glossary: Path | None) -> Config:
    return Config(root=tmp_path, glossary=glossary)


def test_existing_glossary_is_used_configured_or_explicit(tmp_path: Path) -> None:
    glossary = tmp_path / "terms.tsv"
    glossary.write_text(TERMS, encoding="utf-8")
    config = _config(tmp_path, glossary)
    assert project_glossary_path(config, explicit=False) == glossary
    assert project_glossary_path(config, explicit=True) == glossary
    assert project_glossary_path(config, explicit=True, use=False) is None


def test_missing_configured_glossary_is_optional(tmp_path: Path) -> None:
    assert project_glossary_path(_config(tmp_path, tmp_path / "none.tsv"), explicit=False) is None
    assert project_glossary_path(_config(tmp_path, None), explicit=False) is None
    (tmp_path / "folder.tsv").mkdir()
    assert project_glossary_path(_config(tmp_path, tmp_path / "folder.tsv"), explicit=False) is None


def test_missing_explicit_glossary_is_an_error_naming_it(tmp_path: Path) -> None:
    missing = tmp_path / "missing.tsv"
    with pytest.raises(WorkbenchError) as caught:
        project_glossary_path(_config(tmp_path, missing), explicit=True)
    error = caught.value
    assert error.exit_code == 2 and error.path == missing
    assert error.message == "glossary file not found" and "--glossary" in (error.hint or "")
    assert str(error).startswith(f"{missing}: glossary file not found (")


def test_explicit_folder_is_not_a_glossary(tmp_path: Path) -> None:
    (tmp_path / "terms").mkdir()
    with pytest.raises(WorkbenchError, match="is a folder, not a glossary file"):
        project_glossary_path(_config(tmp_path, tmp_path / "terms"), explicit=True)


def test_unused_glossary_is_not_checked(tmp_path: Path) -> None:
    """``--no-glossary`` (pretranslate) or no ``--strict`` (compile): nothing reads it."""
    missing = _config(tmp_path, tmp_path / "missing.tsv")
    assert project_glossary_path(missing, explicit=True, use=False) is None
