"""Run every QA check over one translation or a whole catalog.

An untranslated entry gets only the ``untranslated`` finding. A fuzzy entry gets ``fuzzy`` plus
the content checks with errors lowered to warnings: fuzzy translations are not compiled, so they
cannot break a build, but the translator reviewing them still sees what is wrong.

The glossary holds translations into one language; given ``glossary_language``, it is applied
only to catalogs in that language (an English title is no finding in a French catalog).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import polib

from workbench.catalog.pofile import read_po
from workbench.errors import WorkbenchError
from workbench.language import catalog_language
from workbench.qa.checks import CONTENT_CHECKS
from workbench.qa.checks.glossary import check_glossary
from workbench.qa.checks.state import FUZZY, UNTRANSLATED
from workbench.qa.finding import ERROR, WARNING, Finding


def check_entry(
    source: str,
    target: str,
    *,
    flags: Iterable[str] = (),
    fuzzy: bool = False,
    glossary: Any = None,
) -> list[Finding]:
    """Findings for one translation of ``source``; ``flags`` are the entry's gettext flags
    (``python-format``...), ``glossary`` a :class:`workbench.glossary.Glossary` or None."""
    flag_set = frozenset(flags)
    fuzzy = fuzzy or "fuzzy" in flag_set
    if not target:
        return [UNTRANSLATED]
    findings = [FUZZY] if fuzzy else []
    for check in CONTENT_CHECKS:
        findings.extend(check(source, target, flag_set))
    findings.extend(check_glossary(glossary, source, target))
    if fuzzy:
        findings = [replace(f, severity=WARNING) if f.severity == ERROR else f for f in findings]
    return findings


def load_glossary(glossary: Any) -> Any:
    """A glossary object from a path (the glossary module is imported only when one is used)."""
    if glossary is None or not isinstance(glossary, str | Path):
        return glossary
    from workbench.glossary import Glossary

    path = Path(glossary)
    if not path.exists():
        raise WorkbenchError("no such glossary", path)
    return Glossary.load(path)


def _entry_pairs(entry: polib.POEntry) -> list[tuple[str, str]]:
    if not entry.msgid_plural:
        return [(entry.msgid, entry.msgstr)]
    forms = [entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)] or [""]
    return [(entry.msgid, forms[0])] + [(entry.msgid_plural, form) for form in forms[1:]]


def _fuzzy_finding(entry: polib.POEntry) -> Finding:
    """The ``fuzzy`` finding, saying where a pre-translation run's text came from."""
    from workbench.catalog.marks import is_pretranslated, machine_translation_model

    if not is_pretranslated(entry):
        return FUZZY
    model = machine_translation_model(entry)
    origin = f"machine translation ({model})" if model else "translation-memory match"
    return replace(FUZZY, message=f"unreviewed {origin}: post-edit it and clear the fuzzy flag")


def check_po(po: polib.POFile, catalog: Path | None = None, glossary: Any = None) -> list[Finding]:
    """Findings for every live entry of a parsed catalog, located at the entry's line."""
    findings: list[Finding] = []
    for entry in po:
        if entry.obsolete or not entry.msgid:
            continue
        fuzzy = "fuzzy" in entry.flags
        seen: set[tuple[str, str]] = set()
        for source, target in _entry_pairs(entry):
            for finding in check_entry(
                source, target, flags=entry.flags, fuzzy=fuzzy, glossary=glossary
            ):
                if finding.check == FUZZY.check:
                    finding = _fuzzy_finding(entry)
                if (finding.check, finding.message) not in seen:
                    seen.add((finding.check, finding.message))
                    findings.append(finding.at(catalog, entry.linenum, entry.msgid))
    return findings


def check_catalog(
    path: str | Path, glossary: Any = None, *, glossary_language: str | None = None
) -> list[Finding]:
    """Findings for the catalog at ``path``; ``glossary`` is a Glossary, a path or None, used
    when the catalog is in ``glossary_language`` (always when that is None or the catalog's
    language is unknown)."""
    path = Path(path)
    po = read_po(path)
    glossary = load_glossary(glossary)
    language = catalog_language(path, po, default="")
    if glossary is not None and glossary_language and language:
        from workbench.glossary import serves_language

        if not serves_language(glossary_language, language):
            glossary = None
    return check_po(po, path, glossary)


def check_catalogs(
    paths: Sequence[Path], glossary: Any = None, *, glossary_language: str | None = None
) -> list[Finding]:
    """Findings for several catalogs, the glossary loaded once."""
    glossary = load_glossary(glossary)
    findings: list[Finding] = []
    for path in paths:
        findings.extend(check_catalog(path, glossary, glossary_language=glossary_language))
    return findings
