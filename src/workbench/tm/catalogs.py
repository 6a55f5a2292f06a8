"""Which catalog entries feed the translation memory, and under what name.

Only approved translations (translated and not fuzzy) are memory material; an entry's origin is
its catalog's path below ``locales/`` (``en/LC_MESSAGES/news.po``), so a memory moved with its
project keeps matching the same documents.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import polib


def catalog_origin(path: str | Path) -> str:
    """``<lang>/LC_MESSAGES/<domain>.po`` for a catalog path; other paths are kept as given."""
    path = Path(path)
    if path.parent.name == "LC_MESSAGES" and len(path.parts) >= 3:
        return "/".join(path.parts[-3:])
    return path.as_posix()


def origin_language(origin: str) -> str:
    """The target language named by a catalog origin, or '' when the origin is no catalog."""
    parts = origin.split("/")
    if len(parts) == 3 and parts[1] == "LC_MESSAGES":
        return parts[0]
    return ""


def approved_pairs(po: polib.POFile) -> Iterator[tuple[str, str]]:
    """(source, target) of every approved entry; plural entries give singular and plural."""
    for entry in po:
        if entry.obsolete or not entry.msgid or "fuzzy" in entry.flags:
            continue
        if entry.msgid_plural:
            forms = entry.msgstr_plural
            if forms and all(forms.values()):
                yield entry.msgid, forms[min(forms)]
                yield entry.msgid_plural, forms[max(forms)]
        elif entry.msgstr:
            yield entry.msgid, entry.msgstr
