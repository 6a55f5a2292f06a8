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
``# Automatically translated (TM exact match); needs review``. When the run had a glossary and
the source holds glossary terms, the MT part says what became of them: ``(MT: <model>, terms
enforced)`` for the term-enforced suggestion of :func:`workbench.glossary.translate_with_terms`
(approved translations put in and verified), ``(MT: <model>, terms not enforced)`` when a
placeholder was lost and plain MT was kept. A run given ``--min-score`` also records the
suggestion's 0-100 confidence (:func:`workbench.mt.engine.confidence_from_score`):
``(MT: <model>, confidence 82%)``, before any terms part. The comment line is what tells
our MT fills apart from human fuzzy entries (e.g. those ``msgmerge`` makes), so
``--overwrite-fuzzy`` only ever replaces text a machine wrote. Other translator-comment lines are
kept. An editor that lets a human change or approve the text should drop the line with
:func:`without_pretranslation_note`.
"""

from __future__ import annotations

import re

import polib

from workbench.catalog.po.model import is_fuzzy

NOTE_PREFIX = "Automatically translated"
NOTE_SUFFIX = "; needs review"
TERMS_ENFORCED = "terms enforced"
TERMS_NOT_ENFORCED = "terms not enforced"
# Spaces may be line breaks: a tool that wraps comments (polib does, at 79 columns) splits it.
_NOTE_RE = re.compile(
    r"^[ \t]*Automatically\s+translated\s+\((?:MT:\s+(?P<model>.+?)"
    r"(?:,\s+confidence\s+(?P<confidence>\d{1,3})%)?"
    r"(?:,\s+(?P<terms>terms\s+enforced|terms\s+not\s+enforced))?|TM\s+exact\s+match)\);"
    r"\s+needs\s+review[ \t]*$",
    re.MULTILINE | re.DOTALL,
)


def mt_note(model_name: str, terms: str = "", confidence: int | None = None) -> str:
    """The translator-comment line of an entry filled by machine translation with ``model_name``;
    ``terms`` is :data:`TERMS_ENFORCED`, :data:`TERMS_NOT_ENFORCED` or '' (no glossary terms);
    ``confidence``, the suggestion's 0-100 confidence when the run records it."""
    suffix = f", confidence {confidence}%" if confidence is not None else ""
    suffix += f", {terms}" if terms else ""
    return f"{NOTE_PREFIX} (MT: {model_name}{suffix}){NOTE_SUFFIX}"


def tm_note() -> str:
    """The translator-comment line of an entry filled from an exact translation-memory match."""
    return f"{NOTE_PREFIX} (TM exact match){NOTE_SUFFIX}"


def _note_match(entry: polib.POEntry) -> re.Match[str] | None:
    """Our note in the entry's translator comment, one line or wrapped over several."""
    return _NOTE_RE.search(entry.tcomment or "")


def _one_line(text: str | None) -> str:
    return " ".join(text.split()) if text else ""


def is_pretranslated(entry: polib.POEntry) -> bool:
    """True when a pre-translation run filled this entry (MT or TM) and nobody approved it."""
    return is_fuzzy(entry) and _note_match(entry) is not None


def is_machine_translation(entry: polib.POEntry) -> bool:
    """True when this entry's text is an unreviewed machine translation (fuzzy + MT note)."""
    match = _note_match(entry) if is_fuzzy(entry) else None
    return match is not None and match.group("model") is not None


def machine_translation_model(entry: polib.POEntry) -> str | None:
    """The model named in the entry's MT note, or None when it carries none."""
    match = _note_match(entry)
    return _one_line(match.group("model")) or None if match else None


def machine_translation_confidence(entry: polib.POEntry) -> int | None:
    """The 0-100 confidence the entry's MT note records, or None (no note, or none recorded)."""
    match = _note_match(entry)
    found = match.group("confidence") if match else None
    return int(found) if found else None


def glossary_terms_status(entry: polib.POEntry) -> str:
    """What the MT note says of the glossary terms: :data:`TERMS_ENFORCED`,
    :data:`TERMS_NOT_ENFORCED`, or '' (no note, no terms, or a run without a glossary)."""
    match = _note_match(entry)
    return _one_line(match.group("terms")) if match else ""


def without_pretranslation_note(tcomment: str | None) -> str:
    """``tcomment`` with our note line(s) removed (other translator comments kept)."""
    marked = _NOTE_RE.sub("\0", tcomment or "")
    return "\n".join(line for line in marked.split("\n") if line != "\0")


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
