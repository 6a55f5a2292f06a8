"""The catalog model: polib's objects, with what the workbench reads beyond them as typed fields.

polib is the object model the project's users know and its named dependency; these subclasses
add what polib cannot hold and GNU tools keep: the header entry as read (:class:`HeaderSource`,
so a save rewrites only the header fields that changed) and comments that are one blank line
(polib's comment string cannot tell them from no comment). ``key``, ``is_fuzzy`` and the plural
forms are methods here, so every module asks them the same way. Plain ``polib.POFile`` and
``polib.POEntry`` objects (built by hand or by polib) are accepted wherever these are.
"""

from __future__ import annotations

from typing import Any

import polib

from workbench.catalog.po.flags import read_flags

#: What identifies a message in a catalog: ``(msgctxt, msgid)``; ``msgctxt ""`` is not None.
Key = tuple[str | None, str]


def key(entry: polib.POEntry) -> Key:
    """The one key function. An empty ``msgctxt`` is a context of its own, as in GNU tools:
    ``msgfmt`` accepts ``msgctxt ""`` beside the same msgid without one, and their ``.mo`` keys
    differ, so folding them would send one message's translation to the other."""
    return (entry.msgctxt, entry.msgid)


def is_fuzzy(entry: polib.POEntry) -> bool:
    """Whether ``entry`` is marked fuzzy, read as GNU reads flags (also ``#, c-format fuzzy``
    set by hand as one string)."""
    return bool(entry.flags) and read_flags(tuple(entry.flags)).fuzzy


def plural_forms(entry: polib.POEntry) -> list[str]:
    """The translations of ``entry`` in form order: ``[msgstr]`` for a singular message, the
    ``msgstr[N]`` values otherwise (``[""]`` when it has none yet)."""
    if not entry.msgid_plural:
        return [entry.msgstr]
    return [entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural)] or [""]


class Message(polib.POEntry):
    """A ``polib.POEntry`` as the reader builds it, with ``blank_comments``: the comment kinds
    (``"tcomment"``, ``"comment"``) that are one blank line, written back as ``#`` and ``#.``
    as msgcat writes them.

    ``__init__`` sets polib's attributes itself instead of going through polib's keyword
    lookups: creating entries is a third of reading a catalog. A unit test checks it sets
    every attribute a real ``POEntry`` has, so a new polib version cannot slip by."""

    def __init__(
        self,
        msgid: str = "",
        msgstr: str = "",
        *,
        msgid_plural: str = "",
        msgstr_plural: dict[int, str] | None = None,
        msgctxt: str | None = None,
        obsolete: bool = False,
        comment: str = "",
        tcomment: str = "",
        occurrences: list[tuple[str, str]] | None = None,
        flags: list[str] | None = None,
        previous_msgctxt: str | None = None,
        previous_msgid: str | None = None,
        previous_msgid_plural: str | None = None,
        linenum: int | None = None,
        blank_comments: tuple[str, ...] = (),
        encoding: str = "utf-8",
    ) -> None:
        self.msgid = msgid
        self.msgstr = msgstr
        self.msgid_plural = msgid_plural
        self.msgstr_plural = {} if msgstr_plural is None else msgstr_plural
        self.msgctxt = msgctxt  # type: ignore[assignment]  # polib's stub: str; polib: None
        self.obsolete = obsolete
        self.encoding = encoding
        self.comment = comment
        self.tcomment = tcomment
        self.occurrences = [] if occurrences is None else occurrences
        self.flags = [] if flags is None else flags
        self.previous_msgctxt = previous_msgctxt
        self.previous_msgid = previous_msgid
        self.previous_msgid_plural = previous_msgid_plural
        self.linenum = linenum
        self.blank_comments = blank_comments

    def key(self) -> Key:
        return key(self)

    def is_fuzzy(self) -> bool:
        return is_fuzzy(self)

    def plural_forms(self) -> list[str]:
        return plural_forms(self)


class HeaderSource:
    """The header entry as read: written back verbatim while ``po.metadata`` is unchanged, so
    GNU-valid details the ``metadata`` dict cannot hold survive a save (spacing, a field given
    twice, lines without a colon, a missing final newline, its ``#.``/``#:``/``#,``/``#|``)."""

    __slots__ = ("entry", "fields")

    def __init__(self, entry: Message, fields: dict[str, str]) -> None:
        self.entry = entry
        self.fields = fields


class Catalog(polib.POFile):
    """A ``polib.POFile`` that keeps its header as read (``header_source``, None for a catalog
    built in memory) and is written 79 columns wide, as GNU tools write."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("wrapwidth", 79)
        super().__init__(*args, **kwargs)
        self.header_source: HeaderSource | None = None


def header_source(po: polib.POFile) -> HeaderSource | None:
    """The header of ``po`` as read from its file; None for a catalog built in memory."""
    return po.header_source if isinstance(po, Catalog) else None


def blank_comments(entry: polib.POEntry) -> tuple[str, ...]:
    """The comment kinds of ``entry`` that are one blank line (none for a plain POEntry)."""
    return entry.blank_comments if isinstance(entry, Message) else ()
