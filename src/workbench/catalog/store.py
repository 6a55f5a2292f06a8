"""Safe concurrent updates of a catalog on disk: lock, re-read, apply, atomic write.

The TUI (a translator approving segments) and batch runs (MT filling untranslated entries) may
work on the same ``.po`` file at once. Neither keeps the file open: each change is applied to a
fresh read of the file under its inter-process lock, so neither overwrites the other's work.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import polib

from workbench.catalog.po.model import is_fuzzy, key, plural_forms
from workbench.catalog.pofile import read_po, write_po
from workbench.catalog.review import (
    is_translated_entry,
    review_survives,
    with_dismissed,
    with_note,
    with_review_mark,
    without_marks,
)
from workbench.catalog.text_rules import refuse_unwritable_text
from workbench.fileio import file_lock

EntryCondition = Callable[[polib.POEntry], bool]


@dataclass(frozen=True)
class EntryUpdate:
    """A new translation for the entry keyed by ``(msgctxt, msgid)``.

    ``condition`` is checked against the entry as it is on disk at write time; when it returns
    False the update is skipped (e.g. a batch run only fills entries still untranslated).

    ``reviewed`` (see :mod:`workbench.catalog.review`): None applies the rule every writer
    shares, a changed translation or a fuzzy entry loses its review mark; True marks the entry
    reviewed (when it ends translated and not fuzzy), False removes the mark. ``dismiss`` adds
    QA checks to the entry's dismissals (never removes one).

    ``note`` (the TUI's details pane) replaces the translator's own words of the comment and
    keeps its mark lines as they are on disk (:func:`~workbench.catalog.review.with_note`):
    a note never exposes, drops or invalidates a review mark or a dismissal, nor forges one
    (mark lines in it are left out).
    ``translator_comment`` replaces the whole comment, marks included.
    """

    msgid: str
    msgstr: str
    msgctxt: str | None = None
    fuzzy: bool = False
    translator_comment: str | None = None
    condition: EntryCondition | None = None
    plural_msgstrs: dict[int, str] | None = None
    reviewed: bool | None = None
    dismiss: tuple[str, ...] = ()
    note: str | None = None


@dataclass
class UpdateResult:
    applied: list[EntryUpdate] = field(default_factory=list)
    skipped: list[EntryUpdate] = field(default_factory=list)


def apply_to_entry(entry: polib.POEntry, update: EntryUpdate) -> None:
    """Set translation, fuzzy flag, translator comment and review marks of one entry in
    memory."""
    before, was_fuzzy = plural_forms(entry), is_fuzzy(entry)
    if update.plural_msgstrs is not None:
        entry.msgstr_plural = dict(update.plural_msgstrs)
    else:
        entry.msgstr = update.msgstr
    if update.fuzzy and "fuzzy" not in entry.flags:
        entry.flags.append("fuzzy")
    if not update.fuzzy:
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        entry.previous_msgid = None
        entry.previous_msgid_plural = None
        entry.previous_msgctxt = None
    if update.translator_comment is not None:
        entry.tcomment = update.translator_comment
    if update.note is not None:
        entry.tcomment = with_note(entry.tcomment, without_marks(update.note))
    _apply_marks(entry, update, before, was_fuzzy)


def _apply_marks(
    entry: polib.POEntry, update: EntryUpdate, before: list[str], was_fuzzy: bool
) -> None:
    """The review rule after an update (see :class:`EntryUpdate`), then its dismissals."""
    if update.reviewed is None:
        keep = review_survives(before, was_fuzzy, plural_forms(entry), is_fuzzy(entry))
    else:
        keep = update.reviewed and is_translated_entry(entry)
    if not keep or update.reviewed:
        marked = with_review_mark(entry.tcomment, plural_forms(entry) if keep else None)
        if marked != (entry.tcomment or ""):
            entry.tcomment = marked
    if update.dismiss:
        entry.tcomment = with_dismissed(entry.tcomment, update.dismiss)


def apply_updates(
    path: str | Path, updates: Iterable[EntryUpdate], *, timeout: float = 10.0
) -> UpdateResult:
    """Apply ``updates`` to the catalog at ``path`` under its lock; write once, atomically.

    Updates for entries no longer in the catalog (removed by a re-import) are skipped.
    """
    path = Path(path)
    result = UpdateResult()
    updates = list(updates)
    with file_lock(path, timeout=timeout):
        po = read_po(path)
        index = {key(e): e for e in po if not e.obsolete}
        for update in updates:
            entry = index.get((update.msgctxt, update.msgid))
            if entry is None or (update.condition is not None and not update.condition(entry)):
                result.skipped.append(update)
                continue
            apply_to_entry(entry, update)
            refuse_unwritable_text(entry, path)  # before anything is written
            result.applied.append(update)
        if result.applied:
            write_po(po, path)
    return result
