"""Catalog pieces several test files need: entries msgfmt accepts, built the same way everywhere."""

from __future__ import annotations

import polib


def mirror_newlines(msgid: str, msgstr: str) -> str:
    """``msgstr`` made to begin and end with a newline exactly when ``msgid`` does, as
    ``msgfmt -c`` demands (and never empty, so the entry stays translated)."""
    msgstr = msgstr.strip("\n") or "x"
    if msgid.startswith("\n"):
        msgstr = "\n" + msgstr
    if msgid.endswith("\n"):
        msgstr += "\n"
    return msgstr


def fuzzy_entry(
    msgid: str, msgstr: str, previous_msgid: str, previous_msgctxt: str | None = None
) -> polib.POEntry:
    """A fuzzy entry that remembers the source it was translated from (``#| msgid``), as
    ``msgmerge`` leaves one whose source changed."""
    return polib.POEntry(
        msgid=msgid,
        msgstr=msgstr,
        flags=["fuzzy"],
        previous_msgid=previous_msgid,
        previous_msgctxt=previous_msgctxt,
    )
