"""How pre-translated entries are marked in a catalog, and how to recognise them later.

What the established tools do, and what we copy:

* **Poedit** fills untranslated entries from its translation memory and, unless the user asks
  otherwise, flags every filled entry fuzzy ("needs work": "the translations were marked as
  needing work, because they may be inaccurate"). Its "pre-translated" state is kept in memory
  only; the file carries nothing but ``#, fuzzy``.
* **Weblate**'s automatic translation has three modes: add as suggestion, add as translation,
  or *add as needing edit* -- which in a ``.po`` file is ``#, fuzzy`` -- and labels the strings
  it filled "Automatically translated" so reviewers can find them.
* **GNU gettext**: fuzzy entries "call for revision by the translator" and are left out of the
  compiled ``.mo``, so an unreviewed machine translation never reaches users.

So a pre-translated entry is ``#, fuzzy`` plus one translator-comment line saying where the text
came from, Weblate-style: ``# Automatically translated (MT: <model>); needs review`` or
``# Automatically translated (TM exact match); needs review``. The comment line is what tells
our MT fills apart from human fuzzy entries (e.g. those ``msgmerge`` makes), so
``--overwrite-fuzzy`` only ever replaces text a machine wrote. Other translator-comment lines are
kept. An editor that lets a human change or approve the text should drop the line with
:func:`without_pretranslation_note`.
"""

from __future__ import annotations

import re

import polib

NOTE_PREFIX = "Automatically translated"
NOTE_SUFFIX = "; needs review"
_NOTE_RE = re.compile(
    r"^Automatically translated \((?:MT: (?P<model>.*)|TM exact match)\); needs review$"
)


def mt_note(model_name: str) -> str:
    """The translator-comment line of an entry filled by machine translation with ``model_name``."""
    return f"{NOTE_PREFIX} (MT: {model_name}){NOTE_SUFFIX}"


def tm_note() -> str:
    """The translator-comment line of an entry filled from an exact translation-memory match."""
    return f"{NOTE_PREFIX} (TM exact match){NOTE_SUFFIX}"


def _note_match(entry: polib.POEntry) -> re.Match[str] | None:
    for line in (entry.tcomment or "").splitlines():
        match = _NOTE_RE.match(line.strip())
        if match:
            return match
    return None


def is_pretranslated(entry: polib.POEntry) -> bool:
    """True when a pre-translation run filled this entry (MT or TM) and nobody approved it."""
    return "fuzzy" in entry.flags and _note_match(entry) is not None


def is_machine_translation(entry: polib.POEntry) -> bool:
    """True when this entry's text is an unreviewed machine translation (fuzzy + MT note)."""
    match = _note_match(entry) if "fuzzy" in entry.flags else None
    return match is not None and match.group("model") is not None


def machine_translation_model(entry: polib.POEntry) -> str | None:
    """The model named in the entry's MT note, or None when it carries none."""
    match = _note_match(entry)
    return match.group("model") if match else None


def without_pretranslation_note(tcomment: str | None) -> str:
    """``tcomment`` with our note line removed (other translator comments kept)."""
    lines = (tcomment or "").splitlines()
    return "\n".join(line for line in lines if not _NOTE_RE.match(line.strip()))


def with_pretranslation_note(tcomment: str | None, note: str) -> str:
    """``tcomment`` with ``note`` as its last line, replacing an earlier note of ours."""
    kept = without_pretranslation_note(tcomment)
    return f"{kept}\n{note}" if kept else note


def is_untranslated(entry: polib.POEntry) -> bool:
    """No translation text at all (the fuzzy flag does not matter: there is nothing to keep)."""
    if entry.msgid_plural:
        return not any(entry.msgstr_plural.values())
    return not entry.msgstr


def needs_filling(entry: polib.POEntry, *, overwrite_fuzzy: bool = False) -> bool:
    """Whether a run may write this entry: untranslated, or (with ``overwrite_fuzzy``) an earlier
    pre-translation nobody approved. Translated entries and human fuzzy ones are never touched."""
    if entry.obsolete or entry.msgid == "":
        return False
    if is_untranslated(entry):
        return True
    return overwrite_fuzzy and is_pretranslated(entry)
