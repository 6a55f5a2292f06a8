"""Run every QA check over one translation or a whole catalog.

An untranslated entry gets only the ``untranslated`` finding. A fuzzy entry gets ``fuzzy`` plus
the content checks with errors lowered to warnings: fuzzy translations are not compiled, so they
cannot break a build, but the translator reviewing them still sees what is wrong.

What ``msgfmt -c`` refuses (newlines, placeholders) is judged by compile's own verdicts on the
whole message, plural forms paired with their sources as compile pairs them (by the catalog's
``Plural-Forms``), so ``workbench qa`` reports such an error exactly when compile refuses it.
A ``Plural-Forms`` header compile refuses (no ``plural=``, ``nplurals`` not matching the
forms...) is one ``plural-forms`` finding, from the same verdict.

A finding of a check dismissed for its entry (``# wb-dismissed: CHECK``, see
:mod:`workbench.qa.dismissal`) is left out; :func:`qa_report` keeps those apart for
``qa --show-dismissed``.

The glossary holds translations into one language; given ``glossary_language``, it is applied
only to catalogs in that language (an English title is no finding in a French catalog).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, overload

import polib

from workbench.catalog.checkers import PluralVerdict, plural_verdict
from workbench.catalog.language import catalog_language
from workbench.catalog.po.flags import read_flags
from workbench.catalog.po.model import header_source, is_fuzzy
from workbench.catalog.pofile import read_po
from workbench.catalog.review import dismissed_checks
from workbench.diagnostic import Diagnostic
from workbench.qa.checks import CONTENT_CHECKS
from workbench.qa.checks.glossary import check_glossary
from workbench.qa.checks.markup import check_placeholder_markup, has_markup, without_markup
from workbench.qa.checks.placeholders import check_placeholders
from workbench.qa.checks.spacing import check_newlines
from workbench.qa.checks.spelling import check_spelling
from workbench.qa.checks.state import FUZZY, UNTRANSLATED
from workbench.qa.dismissal import (
    dismissal_problems,
    flag_problems,
    review_problems,
    split_dismissed,
)
from workbench.qa.finding import ERROR, REFUSED, REFUSED_ONCE_APPROVED, WARNING

if TYPE_CHECKING:
    from workbench.glossary import Glossary
    from workbench.qa.spelling import Spellers, SpellingCheck

PLURAL_FORMS = "plural-forms"  # the check of the catalog's Plural-Forms header


def check_entry(
    source: str,
    target: str,
    *,
    flags: Iterable[str] = (),
    fuzzy: bool = False,
    glossary: Glossary | None = None,
) -> list[Diagnostic]:
    """Findings for one translation of ``source``; ``flags`` are the entry's gettext flags
    (``python-format``...), ``glossary`` a :class:`workbench.glossary.Glossary` or None."""
    return check_message(source, None, [target], flags=flags, fuzzy=fuzzy, glossary=glossary)


def check_message(
    msgid: str,
    msgid_plural: str | None,
    forms: Sequence[str],
    *,
    flags: Iterable[str] = (),
    fuzzy: bool = False,
    glossary: Glossary | None = None,
    plurals: PluralVerdict | None = None,
    spelling: SpellingCheck | None = None,
) -> list[Diagnostic]:
    """Findings for one message, ``forms`` its translations (one, or the plural forms);
    ``spelling``: the target language's dictionary (None: spelling is not checked).

    What ``msgfmt -c`` refuses (newlines, placeholders) is judged first, on the whole message
    as compile judges it: every plural form against ``msgid_plural``, strictly where the
    catalog's verdict ``plurals`` says so (:func:`plural_forms`; None: leniently). The other
    checks judge each form against the text it translates: ``msgstr[0]`` against ``msgid``,
    the other forms against ``msgid_plural``."""
    flags = tuple(flags)
    reading = read_flags(flags)
    fuzzy = fuzzy or reading.fuzzy
    if not any(forms):
        return [UNTRANSLATED]
    findings = [FUZZY] if fuzzy else []
    if forms[0]:  # msgfmt checks (and compiles) a message whose first form is translated
        findings.extend(check_newlines(msgid, msgid_plural, forms))
        findings.extend(check_placeholders(msgid, msgid_plural, forms, flags, plurals))
    sources = [msgid] + [msgid_plural or msgid] * (len(forms) - 1)
    for source, target in zip(sources, forms, strict=True):
        if not target:
            findings.append(UNTRANSLATED)
            continue
        findings.extend(check_placeholder_markup(source, target, reading))
        if has_markup(source):
            source, target = without_markup(source), without_markup(target)
        for check in CONTENT_CHECKS:
            findings.extend(check(source, target, reading))
        findings.extend(check_glossary(glossary, source, target))
        findings.extend(check_spelling(spelling, source, target, reading))
    if fuzzy:
        findings = [_lowered(f) if f.severity == ERROR else f for f in findings]
    return findings


def _lowered(finding: Diagnostic) -> Diagnostic:
    """An error of a fuzzy entry: a warning, since fuzzy entries are not compiled yet."""
    message = finding.message.replace(REFUSED, REFUSED_ONCE_APPROVED)
    return replace(finding, severity=WARNING, message=message)


@overload
def load_glossary(glossary: str | Path | Glossary, language: str | None = None) -> Glossary: ...
@overload
def load_glossary(glossary: None, language: str | None = None) -> None: ...
def load_glossary(
    glossary: str | Path | Glossary | None, language: str | None = None
) -> Glossary | None:
    """A glossary object from a path, a TBX one read in ``language`` (the glossary module is
    imported only when one is used); a missing file raises the glossary's own "glossary file
    not found"."""
    if glossary is None or not isinstance(glossary, str | Path):
        return glossary
    from workbench.glossary import Glossary

    return Glossary.load(Path(glossary), target_language=language)


def _forms(entry: polib.POEntry) -> list[str]:
    if not entry.msgid_plural:
        return [entry.msgstr]
    return [entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)] or [""]


def _compiled_plural_entries(po: polib.POFile) -> list[polib.POEntry]:
    """The plural entries compile compiles (translated, not fuzzy, not obsolete)."""
    return [
        entry
        for entry in po
        if entry.msgid_plural
        and not entry.obsolete
        and not is_fuzzy(entry)
        and _forms(entry)[0]
    ]


def _header_text(po: polib.POFile) -> str | None:
    """The header's msgstr as compile reads it: as read from the file while ``po.metadata`` is
    unchanged (see :class:`~workbench.catalog.po.model.HeaderSource`), else rebuilt from the
    fields; None when the catalog has no header entry."""
    source = header_source(po)
    if source is not None and po.metadata == source.fields:
        return source.entry.msgstr
    if source is None and not po.metadata:
        return None
    return "".join(f"{name}: {value}\n" for name, value in po.ordered_metadata())


def _header_line(po: polib.POFile) -> int | None:
    source = header_source(po)
    return None if source is None else source.entry.linenum


def _plural_verdict(po: polib.POFile, plural_entries: list[polib.POEntry]) -> PluralVerdict:
    header = _header_text(po)
    form_counts = [len(entry.msgstr_plural) for entry in plural_entries]
    encoded = None if header is None else header.encode("utf-8", "surrogatepass")
    return plural_verdict(encoded, form_counts)


def plural_forms(po: polib.POFile) -> PluralVerdict:
    """Compile's :func:`~workbench.catalog.checkers.plural_verdict` on ``po``'s header and
    plural entries: which plural forms are checked strictly (pass it to
    :func:`check_message`), and the header's problem, if any."""
    return _plural_verdict(po, _compiled_plural_entries(po))


def _plural_forms_findings(
    verdict: PluralVerdict,
    plural_entries: list[polib.POEntry],
    catalog: Path | None,
    header_line: int | None,
) -> list[Diagnostic]:
    """The ``Plural-Forms`` problem compile refuses the catalog for, located at the plural
    entry GNU names, or at the header entry's line."""
    if verdict.problem is None:
        return []
    found = Diagnostic(f"{verdict.problem} ({REFUSED})", PLURAL_FORMS, ERROR)
    if verdict.entry is None:
        return [found.at(catalog, header_line, "")]
    culprit = plural_entries[verdict.entry]
    return [found.at(catalog, culprit.linenum, culprit.msgid)]


def _fuzzy_finding(entry: polib.POEntry) -> Diagnostic:
    """The ``fuzzy`` finding, saying where a pre-translation run's text came from."""
    from workbench.catalog.marks import is_pretranslated, machine_translation_model

    if not is_pretranslated(entry):
        return FUZZY
    model = machine_translation_model(entry)
    origin = f"machine translation ({model})" if model else "translation-memory match"
    return replace(FUZZY, message=f"unreviewed {origin}: post-edit it and clear the fuzzy flag")


@dataclass
class QaReport:
    """What QA found: ``findings`` to act on, and those ``dismissed`` for their entry."""

    findings: list[Diagnostic] = field(default_factory=list)
    dismissed: list[Diagnostic] = field(default_factory=list)

    def extend(self, other: QaReport) -> None:
        self.findings.extend(other.findings)
        self.dismissed.extend(other.dismissed)


def po_report(
    po: polib.POFile,
    catalog: Path | None = None,
    glossary: Glossary | None = None,
    spelling: SpellingCheck | None = None,
) -> QaReport:
    """Findings for every live entry of a parsed catalog, located at the entry's line, with
    the dismissed ones apart."""
    plural_entries = _compiled_plural_entries(po)
    plurals = _plural_verdict(po, plural_entries)
    report = QaReport(_plural_forms_findings(plurals, plural_entries, catalog, _header_line(po)))
    for entry in po:
        if entry.obsolete or not entry.msgid:
            continue
        seen: set[tuple[str, str]] = set()
        entry_findings: list[Diagnostic] = []
        for finding in check_message(
            entry.msgid,
            entry.msgid_plural or None,
            _forms(entry),
            flags=entry.flags,
            glossary=glossary,
            plurals=plurals,
            spelling=spelling,
        ):
            if finding.code == FUZZY.code:
                finding = _fuzzy_finding(entry)
            if (finding.code, finding.message) not in seen:
                seen.add((finding.code, finding.message))
                entry_findings.append(finding)
        dismissed = dismissed_checks(entry.tcomment) if entry.tcomment else frozenset()
        split = split_dismissed(entry_findings, dismissed)
        located = [*split.kept, *dismissal_problems(dismissed), *flag_problems(entry.flags)]
        if entry.tcomment:
            located += review_problems(entry)
        report.findings.extend(f.at(catalog, entry.linenum, entry.msgid) for f in located)
        report.dismissed.extend(f.at(catalog, entry.linenum, entry.msgid) for f in split.dismissed)
    return report


def check_po(
    po: polib.POFile,
    catalog: Path | None = None,
    glossary: Glossary | None = None,
    spelling: SpellingCheck | None = None,
) -> list[Diagnostic]:
    """Findings for every live entry of a parsed catalog, located at the entry's line
    (dismissed ones left out)."""
    return po_report(po, catalog, glossary, spelling).findings


def catalog_report(
    path: str | Path,
    glossary: str | Path | Glossary | None = None,
    *,
    glossary_language: str | None = None,
    spellers: Spellers | None = None,
) -> QaReport:
    """:func:`check_catalog`, with the dismissed findings apart."""
    path = Path(path)
    po = read_po(path)
    glossary = load_glossary(glossary, glossary_language)
    language = catalog_language(path, po, default="")
    if glossary is not None and glossary_language and language:
        from workbench.language import serves_language

        if not serves_language(glossary_language, language):
            glossary = None
    spelling = None
    speller = spellers.for_language(language) if spellers is not None and language else None
    if speller is not None:
        from workbench.qa.spelling import SpellingCheck

        spelling = SpellingCheck.with_glossary(speller, glossary)
    return po_report(po, path, glossary, spelling)


def check_catalog(
    path: str | Path,
    glossary: str | Path | Glossary | None = None,
    *,
    glossary_language: str | None = None,
    spellers: Spellers | None = None,
) -> list[Diagnostic]:
    """Findings for the catalog at ``path``; ``glossary`` is a Glossary, a path or None, used
    when the catalog is in ``glossary_language`` (always when that is None or the catalog's
    language is unknown). With ``spellers``, spelling is checked with the dictionary of the
    catalog's language, when one is installed (:attr:`Spellers.missing` says when not)."""
    return catalog_report(
        path, glossary, glossary_language=glossary_language, spellers=spellers
    ).findings


def qa_report(
    paths: Sequence[Path],
    glossary: str | Path | Glossary | None = None,
    *,
    glossary_language: str | None = None,
    spellers: Spellers | None = None,
) -> QaReport:
    """:func:`check_catalogs`, with the dismissed findings apart (``qa --show-dismissed``)."""
    glossary = load_glossary(glossary, glossary_language)
    report = QaReport()
    for path in paths:
        report.extend(
            catalog_report(path, glossary, glossary_language=glossary_language, spellers=spellers)
        )
    return report


def check_catalogs(
    paths: Sequence[Path],
    glossary: str | Path | Glossary | None = None,
    *,
    glossary_language: str | None = None,
    spellers: Spellers | None = None,
) -> list[Diagnostic]:
    """Findings for several catalogs, the glossary loaded once (and each dictionary, with
    ``spellers``)."""
    return qa_report(
        paths, glossary, glossary_language=glossary_language, spellers=spellers
    ).findings
