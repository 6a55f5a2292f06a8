"""Where the catalogs are: ``<locales>/<lang>/LC_MESSAGES/<domain>.po``."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from workbench.errors import WorkbenchError


def find_catalogs(locales: Path) -> list[Path]:
    """Every ``*/LC_MESSAGES/*.po`` under ``locales``, sorted; none when it does not exist."""
    if not locales.is_dir():
        return []
    return sorted(path for path in locales.glob("*/LC_MESSAGES/*.po") if path.is_file())


def select_catalogs(named: Sequence[Path], locales: Path) -> list[Path]:
    """The catalogs a command works on: those named (checked), or every catalog under
    ``locales``. Bad input raises :class:`WorkbenchError` (exit 2), the same for every command."""
    if named:
        for path in named:
            path = Path(path)
            if path.is_dir():
                raise WorkbenchError("is a folder, not a catalog", path)
            if not path.is_file():
                raise WorkbenchError("no such catalog", path)
            if path.suffix != ".po":
                raise WorkbenchError("not a .po catalog", path)
        return list(dict.fromkeys(Path(path) for path in named))
    if not locales.is_dir():
        raise WorkbenchError(
            "locales folder not found",
            locales,
            hint="run 'workbench import SOURCE --lang L' first, or pass --locales DIR",
        )
    found = find_catalogs(locales)
    if not found:
        raise WorkbenchError(
            "no catalogs found (expected <lang>/LC_MESSAGES/<domain>.po)",
            locales,
            hint="run 'workbench import SOURCE --lang L' first",
        )
    return found


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
