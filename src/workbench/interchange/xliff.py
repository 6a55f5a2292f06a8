"""``workbench xliff export`` and ``import``: a catalog out to an agency and its work back in.

Import changes a catalog only through :func:`workbench.catalog.store.apply_updates` (the
catalog's lock, a fresh read, an atomic write), as every other writer does, and only where
the XLIFF file differs from the catalog: a catalog exported and imported again unchanged is
not written at all, so it stays byte-identical. A unit is applied only when its entry is as it
was when the import read it (another writer's change in between is reported, not overwritten).

What is not applied is reported, each with the XLIFF file's line: a unit whose entry's source
changed since the export (the entry now has another ``msgid``, or ``msgmerge`` kept the old one
as its previous source), a unit that matches no entry. An empty target never erases a
translation.

The review state (:mod:`workbench.catalog.review`): a unit whose state says reviewed
(``final``; 1.2's ``signed-off``, 2.x's ``reviewed``) marks its entry reviewed; any other state
leaves the mark to the rule every writer follows (kept while the text stays as it was and the
entry approved, cleared by a changed target or a fuzzy state), so a tool without a review state
(translate-toolkit) never erases one. The translator note replaces the translator's words; the
``wb-`` mark lines stay (a dismissal is the catalog's, not the agency's).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import polib

from workbench.catalog.language import catalog_language
from workbench.catalog.po.model import Key, is_fuzzy, key, plural_forms
from workbench.catalog.pofile import paused_collector, read_po
from workbench.catalog.review import is_reviewed, with_note, without_marks
from workbench.catalog.store import EntryCondition, EntryUpdate, apply_updates
from workbench.diagnostic import WARNING, Diagnostic
from workbench.errors import WorkbenchError
from workbench.fileio import atomic_write_text
from workbench.interchange.xliff_read import XliffFile, XliffUnit, read_xliff
from workbench.interchange.xliff_write import format_xliff
from workbench.language import covers, is_arabic

SOURCE_CHANGED = "source-changed"
NO_ENTRY = "no-entry"
CHANGED_MEANWHILE = "changed-meanwhile"
#: The entry number in a unit id of our export: ``12``, ``12[0]`` (1.2), ``u12``, ``g12`` (2.1).
_UNIT_NUMBER = re.compile(r"[ug]?(\d+)(?:\[\d+\]|-\d+)?")


@dataclass(frozen=True)
class ExportResult:
    catalog: Path
    file: Path
    units: int
    version: str


def original_name(catalog: Path, root: Path) -> str:
    """How the export names its catalog (``<file original>``): relative to the project root
    when inside it, so the file imports on another checkout; absolute otherwise."""
    absolute = Path(os.path.abspath(catalog))
    try:
        return absolute.relative_to(Path(os.path.abspath(root))).as_posix()
    except ValueError:
        return str(absolute)


def export_xliff(catalog: Path, output: Path, *, root: Path, version: str = "1.2") -> ExportResult:
    """Write catalog ``catalog`` as XLIFF ``version`` to ``output`` (atomically)."""
    po = read_po(catalog)
    language = catalog_language(catalog, po)
    with paused_collector():  # as read_po does, for the same reason
        text = format_xliff(
            po, catalog, original=original_name(catalog, root), target_language=language,
            version=version,
        )  # fmt: skip
    atomic_write_text(output, text)
    units = sum(1 for e in po if not e.obsolete and (e.msgid or e.msgctxt))
    return ExportResult(catalog, output, units, version)


@dataclass
class ImportResult:
    """What an import did to one catalog."""

    catalog: Path
    applied: int = 0
    unchanged: int = 0
    #: Units not applied, each with the XLIFF file's line and why.
    problems: list[Diagnostic] = field(default_factory=list)


State = tuple[tuple[str, ...], bool, str]


def _state(entry: polib.POEntry) -> State:
    """What import may change in an entry: its translations, fuzzy flag, translator comment
    (review marks included)."""
    return tuple(plural_forms(entry)), is_fuzzy(entry), entry.tcomment or ""


def _same_state(before: State) -> EntryCondition:
    def unchanged(entry: polib.POEntry) -> bool:
        return _state(entry) == before

    return unchanged


def _find(
    unit: XliffUnit, index: dict[Key, polib.POEntry], by_msgid: dict[str, list[polib.POEntry]]
) -> polib.POEntry | None:
    entry = index.get((unit.msgctxt, unit.sources[0]))
    if entry is None and unit.msgctxt is None:  # a tool that drops resname (po2xliff)
        candidates = by_msgid.get(unit.sources[0], [])
        entry = candidates[0] if len(candidates) == 1 else None
    if entry is not None and entry.msgid_plural and len(unit.sources) > 1:
        if unit.sources[1] != entry.msgid_plural:
            return None
    return entry


def _source_changed(
    unit: XliffUnit, po: polib.POFile, entries: list[polib.POEntry]
) -> polib.POEntry | None:
    """The entry the unit was exported from when its source has changed since: ``msgmerge``
    kept the old source as the previous msgid, or the entry at the unit's number (our own
    export numbers units in catalog order) has the same context and another source."""
    for entry in entries:
        if entry.previous_msgid == unit.sources[0] and (entry.msgctxt or None) == unit.msgctxt:
            return entry
    numbered = _UNIT_NUMBER.fullmatch(unit.unit_id)
    if numbered:
        number = int(numbered.group(1))
        if 1 <= number <= len(entries):
            entry = entries[number - 1]
            if (entry.msgctxt or None) == unit.msgctxt and entry.msgid != unit.sources[0]:
                return entry
    return None


def _update(unit: XliffUnit, entry: polib.POEntry) -> EntryUpdate | None:
    """The update making ``entry`` what ``unit`` says, or ``None`` when nothing changes."""
    targets = [t or "" for t in unit.targets]
    if not any(targets):  # an empty target never erases a translation
        return None
    before = _state(entry)
    forms, fuzzy, comment = before
    wanted_fuzzy = not unit.done
    words = without_marks(comment)
    note = without_marks(unit.translator_note) if unit.translator_note is not None else words
    if entry.msgid_plural:
        wanted_forms = tuple(targets[: len(forms)]) + forms[len(targets) :]
    else:
        wanted_forms = (targets[0],)
    newly_reviewed = unit.reviewed and not is_reviewed(entry)
    if (wanted_forms, wanted_fuzzy, note) == (forms, fuzzy, words) and not newly_reviewed:
        return None
    return EntryUpdate(
        msgid=entry.msgid,
        msgstr="" if entry.msgid_plural else wanted_forms[0],
        msgctxt=entry.msgctxt or None,
        fuzzy=wanted_fuzzy,
        translator_comment=with_note(comment, note) if note != words else None,
        condition=_same_state(before),
        plural_msgstrs=dict(enumerate(wanted_forms)) if entry.msgid_plural else None,
        reviewed=True if unit.reviewed else None,
    )


def _problem(xliff: Path, unit: XliffUnit, code: str, message: str) -> Diagnostic:
    return Diagnostic(
        message, path=xliff, line=unit.line, severity=WARNING, code=code, subject=unit.sources[0]
    )


_ARABIC_LETTER = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")


def _any_arabic(found: XliffFile) -> bool:
    return any(_ARABIC_LETTER.search(s) for unit in found.units for s in unit.sources)


def _check_languages(xliff: Path, found: XliffFile, catalog: Path, po: polib.POFile) -> None:
    # po2xliff declares en-US whatever the catalog: the sources themselves tell
    declared = found.source_language
    if declared and not is_arabic(declared) and not _any_arabic(found):
        raise WorkbenchError(
            f"the source language is {found.source_language!r}, not Arabic",
            xliff,
            line=found.line,
            hint="workbench catalogs translate from Arabic (ar)",
        )
    language = catalog_language(catalog, po, default="")
    if found.target_language and language and not covers(found.target_language, language):
        raise WorkbenchError(
            f"the target language is {found.target_language!r} but {catalog} is in "
            f"{language!r}",
            xliff,
            line=found.line,
            hint="import into the catalog of that language with --into",
        )


def import_file(xliff: Path, found: XliffFile, catalog: Path) -> ImportResult:
    """Apply the units of ``found`` (a ``<file>`` of ``xliff``) to ``catalog``."""
    po = read_po(catalog)
    _check_languages(xliff, found, catalog, po)
    entries = [e for e in po if not e.obsolete and (e.msgid or e.msgctxt)]
    index = {key(e): e for e in entries}
    by_msgid: dict[str, list[polib.POEntry]] = {}
    for each in entries:
        by_msgid.setdefault(each.msgid, []).append(each)
    result = ImportResult(catalog)
    updates: list[tuple[XliffUnit, EntryUpdate]] = []
    for unit in found.units:
        entry = _find(unit, index, by_msgid)
        if entry is None:
            changed = _source_changed(unit, po, entries)
            if changed is not None:
                result.problems.append(
                    _problem(
                        xliff, unit, SOURCE_CHANGED,
                        f"the source changed since the export (line {changed.linenum} of "
                        f"{catalog.name} now reads {changed.msgid!r}); not applied",
                    )
                )  # fmt: skip
            else:
                result.problems.append(
                    _problem(xliff, unit, NO_ENTRY, f"no entry of {catalog.name} has this source")
                )
            continue
        update = _update(unit, entry)
        if update is None:
            result.unchanged += 1
        else:
            updates.append((unit, update))
    if updates:
        applied = apply_updates(catalog, [update for _, update in updates])
        done = {id(update) for update in applied.applied}
        for unit, update in updates:
            if id(update) in done:
                result.applied += 1
            else:
                result.problems.append(
                    _problem(
                        xliff, unit, CHANGED_MEANWHILE,
                        "the entry changed while importing (another writer); not applied",
                    )
                )  # fmt: skip
    return result


def import_xliff(xliff: Path, *, into: Path | None, root: Path) -> list[ImportResult]:
    """Apply the XLIFF file's units to their catalogs: ``into``, or each ``<file>``'s
    ``original`` (relative to the project ``root``)."""
    document = read_xliff(xliff)
    if into is not None and len(document.files) > 1:
        raise WorkbenchError(
            f"the file holds {len(document.files)} <file> elements; --into names one catalog",
            xliff,
            hint="leave --into out to import each into its original catalog",
        )
    results = []
    for found in document.files:
        if into is not None:
            catalog = into
        elif found.original:
            catalog = root / found.original
        else:
            raise WorkbenchError(
                "<file> names no original catalog", xliff, line=found.line,
                hint="name the catalog with --into",
            )  # fmt: skip
        if not catalog.is_file():
            raise WorkbenchError(
                f"no such catalog: {catalog}", xliff, line=found.line,
                hint="name the catalog with --into",
            )  # fmt: skip
        results.append(import_file(xliff, found, catalog))
    return results
