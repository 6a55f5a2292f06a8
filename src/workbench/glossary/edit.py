"""Changing the project glossary: add one term, import another glossary, export.

Every change holds the glossary's lock, re-reads the file and writes atomically, so two
translators adding terms at once both keep their terms. A TSV glossary is appended to (its
comments and layout stay as they are); other formats are rewritten, a TBX file in the target
language it records (a new one in the project's target language).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from workbench.errors import WorkbenchError
from workbench.fileio import atomic_write_bytes, file_lock, read_bytes
from workbench.glossary.arabic import normalize
from workbench.glossary.checks import same_rendering
from workbench.glossary.formats import (
    format_glossary,
    format_of,
    read_glossary,
    read_glossary_lenient,
    recorded_target_language,
    write_glossary,
)
from workbench.glossary.formats.tbx import FALLBACK_TARGET_LANGUAGE
from workbench.glossary.formats.tsv import HEADER, format_line
from workbench.glossary.model import Term, split_note


@dataclass
class ImportResult:
    added: list[Term] = field(default_factory=list)
    duplicates: list[Term] = field(default_factory=list)
    #: (incoming term, term already in the glossary with another translation)
    conflicts: list[tuple[Term, Term]] = field(default_factory=list)


def _existing(path: Path, target_language: str | None) -> list[Term]:
    """The glossary's terms. A TSV file is only appended to, so its bad lines do no harm; a
    CSV or TBX file is rewritten, and would lose them, so it must be clean."""
    if not path.exists():
        return []
    terms, problems = read_glossary_lenient(path, target_language=target_language)
    if problems and format_of(path) != "tsv":
        raise WorkbenchError(
            f"cannot rewrite a glossary with problems: {problems[0].message}",
            path,
            problems[0].line,
            hint="run 'workbench glossary check' and fix it first",
        )
    return terms


def _rewrite_language(path: Path, target_language: str | None) -> str:
    """The translations' language a rewritten TBX records: the one the file records now (a
    French TBX stays French whatever the project configures), else ``target_language``, else
    :data:`~workbench.glossary.formats.tbx.FALLBACK_TARGET_LANGUAGE`."""
    recorded = recorded_target_language(path, target_language) if path.exists() else None
    return recorded or target_language or FALLBACK_TARGET_LANGUAGE


def _append(
    path: Path, new_terms: list[Term], existing: list[Term], target_language: str | None
) -> None:
    """Append to a TSV file as is, or rewrite a CSV/TBX file with the new terms at the end."""
    if format_of(path) != "tsv":
        write_glossary(path, existing + new_terms, _rewrite_language(path, target_language))
        return
    data = read_bytes(path, "glossary file") if path.exists() else HEADER.encode("utf-8")
    if data and not data.endswith(b"\n"):
        data += b"\n"
    data += "".join(format_line(term) for term in new_terms).encode("utf-8")
    atomic_write_bytes(path, data)


def _folder_must_exist(path: Path) -> None:
    """A glossary may be created, but not its folder: a mistyped ``--glossary`` path must not
    leave directories behind (the lock file would create them)."""
    if not path.parent.is_dir():
        raise WorkbenchError(
            "folder does not exist", path.parent, hint=f"check the glossary path {path}"
        )


def add_term(
    path: Path, source: str, target: str, note: str = "", *, target_language: str | None = None
) -> Term:
    """Add ``source -> target`` unless the (normalized) term is already there.

    ``target_language``: the project's primary target language
    (:attr:`~workbench.config.Config.primary_target_language`); a TBX glossary is read in it
    and, when new, written in it (``None``: English)."""
    for name, value in (("term", source), ("translation", target), ("note", note)):
        if "\t" in value or "\n" in value or "\r" in value:
            raise WorkbenchError(f"the {name} contains a tab or line break", path)
    source, target = " ".join(source.split()), " ".join(target.split())
    if not normalize(source):
        raise WorkbenchError("the term is empty (no letters)", path)
    if not target:
        raise WorkbenchError("the translation is empty", path)
    kept_note, rejected = split_note(note.strip())
    term = Term(source, target, kept_note, rejected)
    _folder_must_exist(path)
    with file_lock(path):
        existing = _existing(path, target_language)
        key = normalize(source)
        for old in existing:
            if normalize(old.source) != key:
                continue
            if same_rendering(old.target, target):
                raise WorkbenchError(
                    f"'{source}' is already in the glossary as '{old.target}'", path, old.line
                )
            raise WorkbenchError(
                f"'{source}' is already in the glossary with another translation,"
                f" '{old.target}'",
                path,
                old.line,
                hint="edit that line to change the approved translation",
            )
        _append(path, [term], existing, target_language)
    return term


def import_glossary(
    path: Path, incoming_path: Path, *, target_language: str | None = None
) -> ImportResult:
    """Add the terms of ``incoming_path`` (any format) that ``path`` lacks; identical terms are
    skipped and conflicting ones left out and reported. ``target_language`` as for
    :func:`add_term`; a TBX file to import is read in it too."""
    incoming = read_glossary(Path(incoming_path), target_language=target_language)
    result = ImportResult()
    _folder_must_exist(path)
    with file_lock(path):
        existing = _existing(path, target_language)
        known = {normalize(t.source): t for t in reversed(existing)}
        for term in incoming:
            key = normalize(term.source)
            old = known.get(key)
            if old is None:
                plain = Term(term.source, term.target, term.note, term.rejected)
                result.added.append(plain)
                known[key] = plain
            elif same_rendering(old.target, term.target):
                result.duplicates.append(term)
            else:
                result.conflicts.append((term, old))
        if result.added:
            _append(path, result.added, existing, target_language)
    return result


def export_glossary(path: Path, out: Path, target_language: str | None = None) -> int:
    """Write the glossary at ``path`` to ``out`` in the format of ``out``'s extension.

    A TBX file records the translations' language: pass the project's primary target
    language (:attr:`~workbench.config.Config.primary_target_language`, the one the glossary
    translates into; a TBX glossary is read in it too); ``None`` (none configured) records
    :data:`~workbench.glossary.formats.tbx.FALLBACK_TARGET_LANGUAGE`."""
    terms = read_glossary(Path(path), target_language=target_language)
    kind = format_of(out)
    language = target_language or FALLBACK_TARGET_LANGUAGE
    atomic_write_bytes(out, format_glossary(terms, kind, language).encode("utf-8"))
    return len(terms)


def configured_path(configured: Path | None) -> Path:
    """The glossary file from configuration (``glossary =`` or ``--glossary``)."""
    if configured is None:
        raise WorkbenchError(
            "no glossary configured",
            hint="pass --glossary FILE or set glossary = \"...\" in [tool.workbench]",
        )
    return Path(configured)
