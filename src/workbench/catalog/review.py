"""The reviewer's marks on an entry: *reviewed*, and QA findings *dismissed* for it.

Both are lines of the entry's translator comment, not ``#,`` flags::

    # wb-reviewed 1f0c9a2e
    # wb-dismissed: numbers, end-punctuation
    msgid "..."

Why comments: GNU ``msgmerge`` and ``msgcat`` (0.21) keep only the flags they know (``fuzzy``,
the ``*-format`` flags, ``range:``, ``wrap``) and silently drop any other ``#,`` flag, so a
``#, reviewed`` would vanish on the next re-import. Translator comments are kept by both, for
an entry matched exactly and for one matched fuzzily, and ``msgfmt -c`` says nothing about
them (``tests/functional/test_review_gnu.py`` checks all three with the GNU tools). Pology's
``# skip-rule:`` comments work the same way. The ``wb-`` prefix keeps them apart from a
translator's own words; written by hand they work just as well.

The rules:

* An entry is reviewed when it carries the mark *and* is translated and not fuzzy: a mark left
  on a fuzzy entry (``msgmerge`` keeps it when the source changed) is stale, never counted.
* The workbench writes the mark with a digest of the reviewed text (the first 8 hex digits of
  the SHA-1 of the translations, joined by NUL): a translation changed by another tool (a text
  editor, Poedit) no longer matches it, so the mark is stale there too
  (:func:`is_stale_review`). A mark written by hand without a digest holds as it is.
* Changing the translation, or the entry being or having been fuzzy, clears the mark
  (:func:`review_survives`): :func:`workbench.catalog.store.apply_to_entry` applies this to
  every writer (the TUI, ``pretranslate``, XLIFF import) unless the writer sets the mark itself.
* A dismissal names checks (QA's ``code``); it holds for that entry and those checks only, and
  survives edits of the translation (a number written out in words stays so). Which checks may
  be dismissed, and what a dismissal hides, is QA's business (:mod:`workbench.qa.dismissal`):
  this layer only reads and writes the lines.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence

import polib

from workbench.catalog.po.model import is_fuzzy, plural_forms

REVIEWED_MARK = "wb-reviewed"
DISMISSED_PREFIX = "wb-dismissed:"
_REVIEWED_LINE = re.compile(r"[ \t]*wb-reviewed(?:[ \t]+(?P<digest>[0-9a-f]{8}))?[ \t]*")
_DISMISSED_LINE = re.compile(r"[ \t]*wb-dismissed:(?P<checks>.*)")
_CHECK_SEPARATORS = re.compile(r"[\s,]+")


def _lines(tcomment: str | None) -> list[str]:
    return tcomment.split("\n") if tcomment else []


def _is_mark_line(line: str) -> bool:
    return bool(_REVIEWED_LINE.fullmatch(line) or _DISMISSED_LINE.fullmatch(line))


def text_digest(forms: Sequence[str]) -> str:
    """The digest a review mark carries: 8 hex digits of the SHA-1 of the translations."""
    data = "\0".join(forms).encode("utf-8", "surrogatepass")
    return hashlib.sha1(data, usedforsecurity=False).hexdigest()[:8]


def _review_mark(tcomment: str | None) -> re.Match[str] | None:
    if not tcomment or "wb-reviewed" not in tcomment:
        return None
    for line in _lines(tcomment):
        found = _REVIEWED_LINE.fullmatch(line)
        if found:
            return found
    return None


def has_review_mark(tcomment: str | None) -> bool:
    """Whether the translator comment holds a ``wb-reviewed`` line (stale or not)."""
    return _review_mark(tcomment) is not None


def is_translated_entry(entry: polib.POEntry) -> bool:
    """Translated (its first form filled, as msgfmt counts it) and not fuzzy: what can be
    reviewed."""
    return bool(plural_forms(entry)[0]) and not is_fuzzy(entry)


def is_reviewed(entry: polib.POEntry) -> bool:
    """Marked reviewed, translated and not fuzzy, and the mark's digest (if it has one) is
    that of the translation as it is now."""
    mark = _review_mark(entry.tcomment)
    if mark is None or not is_translated_entry(entry):
        return False
    digest = mark.group("digest")
    return digest is None or digest == text_digest(plural_forms(entry))


def is_stale_review(entry: polib.POEntry) -> bool:
    """A review mark that no longer holds: the entry is fuzzy or untranslated, or its text
    was changed since (by a tool that does not know the mark)."""
    return has_review_mark(entry.tcomment) and not is_reviewed(entry)


def with_review_mark(tcomment: str | None, forms: Sequence[str] | None) -> str:
    """``tcomment`` with the ``wb-reviewed`` line of the translations ``forms`` first (once),
    or with none (``forms`` None); the other lines kept as they are."""
    kept = [line for line in _lines(tcomment) if not _REVIEWED_LINE.fullmatch(line)]
    if forms is None:
        return "\n".join(kept)
    return "\n".join([f"{REVIEWED_MARK} {text_digest(forms)}", *kept])


def set_reviewed(entry: polib.POEntry, reviewed: bool) -> None:
    """Mark ``entry`` reviewed (its text as it is now) or not. Only a translated, non-fuzzy
    entry can be reviewed: ``ValueError`` otherwise (the callers check first and tell the
    user)."""
    if reviewed and not is_translated_entry(entry):
        raise ValueError("only a translated entry that is not fuzzy can be reviewed")
    marked = with_review_mark(entry.tcomment, plural_forms(entry) if reviewed else None)
    if marked != (entry.tcomment or ""):
        entry.tcomment = marked


def review_survives(
    before: Sequence[str], was_fuzzy: bool, after: Sequence[str], now_fuzzy: bool
) -> bool:
    """Whether a review mark may stay when an entry's translations go from ``before`` to
    ``after``: only when the text is the same and the entry neither was nor becomes fuzzy
    (a fuzzy entry approved as it stands was never reviewed in its current form)."""
    return tuple(before) == tuple(after) and not was_fuzzy and not now_fuzzy


def dismissed_checks(tcomment: str | None) -> frozenset[str]:
    """The checks named by the ``wb-dismissed:`` lines of a translator comment (several lines
    add up; names separated by commas or spaces)."""
    names: set[str] = set()
    for line in _lines(tcomment):
        found = _DISMISSED_LINE.fullmatch(line)
        if found:
            names.update(name for name in _CHECK_SEPARATORS.split(found["checks"]) if name)
    return frozenset(names)


def with_dismissed(tcomment: str | None, checks: Iterable[str]) -> str:
    """``tcomment`` with ``checks`` added to its dismissals: one ``wb-dismissed:`` line, names
    sorted, written where the first such line was (else after a ``wb-reviewed`` line, else
    first). Nothing else changes."""
    names = dismissed_checks(tcomment) | set(checks)
    lines = _lines(tcomment)
    if not names:
        return "\n".join(lines)
    line = f"{DISMISSED_PREFIX} {', '.join(sorted(names))}"
    places = [i for i, text in enumerate(lines) if _DISMISSED_LINE.fullmatch(text)]
    if places:
        first = places[0]
        kept = [text for i, text in enumerate(lines) if i not in places[1:]]
        kept[first] = line
        return "\n".join(kept)
    position = 1 if lines and _REVIEWED_LINE.fullmatch(lines[0]) else 0
    return "\n".join([*lines[:position], line, *lines[position:]])


def without_marks(tcomment: str | None) -> str:
    """The translator's own words: ``tcomment`` without the ``wb-`` mark lines (what an
    XLIFF export shows as the translator note)."""
    return "\n".join(line for line in _lines(tcomment) if not _is_mark_line(line))


def marks_of(tcomment: str | None) -> list[str]:
    """Only the ``wb-`` mark lines of ``tcomment``, in order."""
    return [line for line in _lines(tcomment) if _is_mark_line(line)]


def with_note(marks_from: str | None, note: str) -> str:
    """A translator comment made of the mark lines of ``marks_from`` then ``note``: how an
    imported translator note replaces the words while the marks stay."""
    return "\n".join([*marks_of(marks_from), *_lines(note)])
