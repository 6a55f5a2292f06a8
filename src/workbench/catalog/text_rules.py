"""What text a catalog may be given: the one rule every writer of catalogs and every reader of
text bound for them (glossaries) applies, so no writer puts into a catalog what a reader refuses.

Control characters have no place in a translation: a NUL cuts the message off in every GNU
tool and the ``.po`` reader refuses it, U+0004 is gettext's context separator, and the others
(C0 but tab, line feed and carriage return; DEL; C1) are invisible in an editor and come from
a damaged glossary, a paste or a confused MT model, never from a translator's intent. A
translation may carry one only when its source does (a source text that holds one, kept as is).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import polib

from workbench.errors import WorkbenchError

#: C0 controls, DEL and C1 controls: what :func:`control_character` looks for.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
#: Text a catalog may hold but no reader takes as a character of a term: tab, LF, CR.
LAYOUT_CHARACTERS = "\t\n\r"
#: What the ``.po`` reader refuses anywhere in a catalog (NUL ends a C string; U+0004 is
#: gettext's msgctxt separator): a catalog holding one could no longer be opened.
UNREADABLE_CHARACTERS = "\x00\x04"


def control_character(text: str, *, allowed: str = LAYOUT_CHARACTERS) -> str | None:
    """The first control character of ``text`` not in ``allowed``, or None."""
    for found in _CONTROL.finditer(text):
        if found.group() not in allowed:
            return found.group()
    return None


def describe(char: str) -> str:
    """``U+0001`` for a character that shows as nothing."""
    return f"U+{ord(char):04X}"


def _translations(entry: polib.POEntry) -> list[str]:
    return [entry.msgstr or "", *(entry.msgstr_plural or {}).values()]


def _fields(entry: polib.POEntry) -> Iterable[str]:
    """Every text of ``entry`` the writer puts into the file."""
    yield from (entry.msgid or "", entry.msgid_plural or "", entry.msgctxt or "")
    yield from _translations(entry)
    yield from (entry.previous_msgid or "", entry.previous_msgid_plural or "")
    yield from (entry.previous_msgctxt or "", entry.comment or "", entry.tcomment or "")
    yield from entry.flags
    yield from (" ".join(str(part) for part in ref) for ref in entry.occurrences)


def _refused(entry: polib.POEntry, catalog: str | Path | None, what: str, char: str) -> None:
    shown = entry.msgid if len(entry.msgid) <= 60 else entry.msgid[:57] + "..."
    raise WorkbenchError(
        f"{what} of {shown!r} contains the control character {describe(char)}; not saved",
        catalog,
        getattr(entry, "linenum", None) or None,
        hint="remove it from the translation (it may come from a glossary term, a paste or "
        "machine translation)",
    )


def refuse_unwritable_text(entry: polib.POEntry, catalog: str | Path | None = None) -> None:
    """Refuse, before it is written to ``catalog``, an entry whose translation holds a control
    character its source does not hold, or which holds a NUL or U+0004 anywhere.

    For every path that writes text from a user, a glossary or MT into a catalog (it is called
    on each entry an update changes)."""
    for text in _fields(entry):
        char = next((c for c in UNREADABLE_CHARACTERS if c in text), None)
        if char is not None:
            _refused(entry, catalog, "an entry", char)
    source = (entry.msgid or "") + (entry.msgid_plural or "")
    for translation in _translations(entry):
        char = control_character(translation, allowed=LAYOUT_CHARACTERS + source)
        if char is not None:
            _refused(entry, catalog, "the translation", char)


def refuse_unreadable_catalog(po: polib.POFile, catalog: str | Path | None = None) -> None:
    """Refuse to write a catalog the ``.po`` reader would then refuse (a NUL or U+0004 in any
    entry, the header included): the last guard of the writer, whatever put the text there."""
    entries = [po.metadata_as_entry(), *po] if hasattr(po, "metadata_as_entry") else list(po)
    for entry in entries:
        for text in _fields(entry):
            char = next((c for c in UNREADABLE_CHARACTERS if c in text), None)
            if char is not None:
                _refused(entry, catalog, "an entry", char)
