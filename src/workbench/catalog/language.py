"""What language a catalog is in: the one place that decides it.

In ``catalog/`` rather than in :mod:`workbench.language` because the answer may need the
catalog's ``Language`` header, which means reading the ``.po`` file; the base module keeps the
tag rules only and imports nothing of the catalog (the layers in ``pyproject.toml``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.errors import WorkbenchError

if TYPE_CHECKING:
    import polib

__all__ = ["catalog_language"]


def catalog_language(
    path: str | Path, po: polib.POFile | None = None, *, default: str | None = None
) -> str:
    """The language of the catalog at ``path``: ``<lang>`` of ``.../<lang>/LC_MESSAGES/x.po``,
    else its ``Language`` header (from ``po`` when given, so a parsed catalog is not read
    again), else ``default``; with no ``default`` a :class:`WorkbenchError` says how to tell it.

    The folder wins over the header: it is where gettext looks the catalog up at run time."""
    path = Path(path)
    folder = Path(os.path.abspath(path)).parent  # lexical: "x.po" run inside LC_MESSAGES
    if folder.name == "LC_MESSAGES" and folder.parent.name:
        return folder.parent.name
    if po is None:
        from workbench.catalog.pofile import read_po

        po = read_po(path)
    language = (po.metadata.get("Language") or "").strip()
    if language:
        return language
    if default is not None:
        return default
    raise WorkbenchError(
        "cannot tell the target language",
        path,
        hint="put the catalog in locales/<lang>/LC_MESSAGES/ or set its Language header",
    )
