"""Where the catalogs are: ``<locales>/<lang>/LC_MESSAGES/<domain>.po``."""

from __future__ import annotations

from pathlib import Path

from workbench.errors import WorkbenchError


def find_catalogs(locales: Path) -> list[Path]:
    """Every ``*/LC_MESSAGES/*.po`` under ``locales``, sorted; none when it does not exist."""
    if not locales.is_dir():
        return []
    return sorted(path for path in locales.glob("*/LC_MESSAGES/*.po") if path.is_file())


def display_path(path: Path, base: Path | None = None) -> str:
    """``path`` relative to ``base`` (default: the working folder) when inside it."""
    base = base or Path.cwd()
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return str(path)


def shown_relative(error: WorkbenchError) -> WorkbenchError:
    """``error`` naming its file as :func:`display_path` does, so error lines and tables of
    the same command agree (catalog paths come from the configuration, absolute)."""
    if error.path is not None:
        error.path = Path(display_path(error.path))
    return error
