"""Compile-time checks of a catalog: what ``msgfmt -c`` refuses, reported as ``file:line:``.

Errors (the catalog is not compiled): PO syntax; duplicate message definitions (GNU counts
obsolete entries too); a missing header; a header without a usable charset (``msgfmt`` only
warns: a catalog without one cannot be decoded reliably, so we refuse it); bytes not valid in
the declared charset; plural forms (``Plural-Forms`` missing while plural entries exist, bad
``nplurals``, bad ``plural=`` expression, values outside ``0..nplurals-1``, entries with a
different number of forms); ``msgid``/``msgstr`` beginning or ending with a newline in one but
not the other; ``python-format``, ``python-brace-format`` and ``c-format`` entries whose
directives differ.

Warnings (printed, not fatal, as in ``msgfmt -c``): header fields missing or still at their
template default.

Which entries are checked follows ``msgfmt``: not obsolete, translated, and not fuzzy unless
``--use-fuzzy`` (the header is checked even when fuzzy). Line numbers are those ``msgfmt``
0.21 prints: the ``msgstr`` line for entry checks, the ``msgid`` line for a duplicate.
"""

from __future__ import annotations

import codecs
import gettext
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import AnyStr

from workbench.catalog.formats import format_language, format_problem
from workbench.catalog.poreader import RawCatalog, RawEntry

HEADER_FIELDS = (
    ("Project-Id-Version", b"PACKAGE VERSION"),
    ("PO-Revision-Date", b"YEAR-MO-DA HO:MI+ZONE"),
    ("Last-Translator", b"FULL NAME <EMAIL@ADDRESS>"),
    ("Language-Team", b"LANGUAGE <LL@li.org>"),
    ("MIME-Version", None),
    ("Content-Type", b"text/plain; charset=CHARSET"),
    ("Content-Transfer-Encoding", b"ENCODING"),
    ("Language", b""),
)
PLURAL_SAMPLE = range(0, 1001)  # GNU evaluates the formula for n = 0..1000
OFTEN = 5  # GNU: a form taken at least 5 times is taken "infinitely often"


@dataclass(frozen=True)
class Problem:
    """One finding in one catalog; ``str()`` is the ``file:line: message`` line we print."""

    path: Path
    line: int
    message: str
    severity: str = "error"  # "error" | "warning"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def __str__(self) -> str:
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{self.path}:{self.line}: {prefix}{self.message}"


def is_compiled(entry: RawEntry, use_fuzzy: bool) -> bool:
    """Whether ``msgfmt`` puts the entry in the ``.mo`` (and checks it): translated, not
    obsolete, not fuzzy unless ``use_fuzzy`` (a fuzzy header still counts). Hot path."""
    if entry.obsolete or not entry.msgstrs[0]:
        return False
    flags = entry.flags
    return use_fuzzy or not flags or "fuzzy" not in flags or entry.is_header


def header_field(header: bytes, name: bytes) -> bytes | None:
    """The value of header field ``name`` (first occurrence), or None."""
    prefix = name + b":"
    for line in header.split(b"\n"):
        if line.startswith(prefix):
            return line[len(prefix) :].strip()
    return None


def header_charset(header: bytes) -> bytes | None:
    """The ``charset=`` of the header's ``Content-Type``, or None."""
    content_type = header_field(header, b"Content-Type")
    if content_type is None or b"charset=" not in content_type:
        return None
    value = content_type.split(b"charset=", 1)[1]
    return value.split(b";")[0].split()[0] if value.split() else b""


class _Report:
    def __init__(self, catalog: RawCatalog) -> None:
        self.catalog = catalog
        self.problems: list[Problem] = []

    def error(self, offset_or_line: int, message: str, *, is_line: bool = False) -> None:
        self._add(offset_or_line, message, "error", is_line)

    def warning(self, offset: int, message: str) -> None:
        self._add(offset, message, "warning", False)

    def _add(self, where: int, message: str, severity: str, is_line: bool) -> None:
        line = where if is_line else self.catalog.line_at(where)
        self.problems.append(Problem(self.catalog.path, line, message, severity))


def check_catalog_entries(catalog: RawCatalog, *, use_fuzzy: bool = False) -> list[Problem]:
    """Every problem of ``catalog`` that stops (or, as a warning, marks) its compilation."""
    report = _Report(catalog)
    for syntax_error in catalog.syntax_errors:
        report.error(syntax_error.line, syntax_error.message, is_line=True)
    _check_duplicates(catalog, report)
    header = catalog.header
    if header is None:
        report.error(
            1,
            "PO file header missing: add an entry with msgid \"\" declaring at least "
            "Content-Type with charset=UTF-8",
            is_line=True,
        )
    else:
        _check_header(catalog, header, report)
    compiled = [entry for entry in catalog.entries if is_compiled(entry, use_fuzzy)]
    often = _check_plurals(header, compiled, report)
    for entry in compiled:
        if entry.msgid:
            _check_newlines(entry, report)
            _check_formats(entry, often, report)
    return sorted(report.problems, key=lambda problem: problem.line)


def _check_duplicates(catalog: RawCatalog, report: _Report) -> None:
    first_seen: dict[bytes, RawEntry] = {}
    for entry in catalog.entries:
        key = entry.key
        first = first_seen.setdefault(key, entry)
        if first is not entry:
            report.error(
                entry.msgid_pos,
                "duplicate message definition (first defined at line "
                f"{catalog.line_at(first.msgid_pos)})",
            )


def _check_header(catalog: RawCatalog, header: RawEntry, report: _Report) -> None:
    text = header.msgstrs[0] if header.msgstrs else b""
    where = header.msgstr_pos
    charset = header_charset(text)
    if charset is None:
        report.error(
            where,
            "charset missing in header: add "
            '"Content-Type: text/plain; charset=UTF-8\\n" to the header',
        )
    elif charset == b"CHARSET":
        report.error(where, "header's charset is still the template's 'CHARSET': set UTF-8")
    else:
        name = charset.decode("ascii", "replace")
        try:
            codec = codecs.lookup(name).name
        except LookupError:
            report.error(where, f"unknown charset '{name}' in header")
        else:
            _check_encoding(catalog, codec, name, report)
    for field, default in HEADER_FIELDS:
        value = header_field(text, field.encode())
        if value is None:
            report.warning(where, f"header field '{field}' missing in header")
        elif default is not None and value == default:
            report.warning(where, f"header field '{field}' still has the initial default value")


def _check_encoding(catalog: RawCatalog, codec: str, name: str, report: _Report) -> None:
    try:
        catalog.data.decode(codec)
    except UnicodeDecodeError as exc:
        byte = catalog.data[exc.start]
        report.error(
            exc.start, f"invalid byte 0x{byte:02x} at byte offset {exc.start} for charset {name}"
        )


def _plural_formula(header_text: bytes) -> tuple[bytes | None, bytes | None]:
    """``nplurals=`` and ``plural=`` values, found as GNU does (substring search)."""
    nplurals = plural = None
    at = header_text.find(b"nplurals=")
    if at >= 0:
        nplurals = header_text[at + 9 :].lstrip()
    at = header_text.find(b"plural=")
    if at >= 0:
        plural = header_text[at + 7 :].split(b";")[0].split(b"\n")[0]
    return nplurals, plural


def _check_plurals(
    header: RawEntry | None, compiled: list[RawEntry], report: _Report
) -> list[bool] | None:
    """GNU's ``check_plural``; returns which forms the formula takes often (None on error)."""
    plural_entries = [entry for entry in compiled if entry.msgid_plural is not None]
    if header is None or not header.msgstrs:
        if plural_entries:
            report.error(
                plural_entries[0].msgstr_pos,
                "message catalog has plural form translations, but lacks a header entry with "
                '"Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;"',
            )
            return None
        return [False, True]
    where = header.msgstr_pos
    nplurals_text, plural_text = _plural_formula(header.msgstrs[0])
    if nplurals_text is None or plural_text is None:
        if plural_entries:
            missing = '"plural=EXPRESSION"' if plural_text is None else '"nplurals=INTEGER"'
            report.error(
                plural_entries[0].msgstr_pos,
                "message catalog has plural form translations, but header entry lacks a "
                f"{missing} attribute (add a Plural-Forms line for the catalog's language)",
            )
            return None
        return [False, True]
    digits = len(nplurals_text) - len(nplurals_text.lstrip(b"0123456789"))
    if digits == 0:
        report.error(where, "invalid nplurals value")
        return None
    nplurals = int(nplurals_text[:digits])
    try:
        formula: Callable[[int], int] = gettext.c2py(plural_text.decode("ascii"))
    except (ValueError, UnicodeDecodeError, RecursionError, SyntaxError):
        report.error(where, "invalid plural expression")
        return None
    counts = [0] * max(nplurals, 0)
    for n in PLURAL_SAMPLE:
        try:
            value = int(formula(n))
        except ZeroDivisionError:
            report.error(where, "plural expression can produce division by zero")
            return None
        if value < 0:
            report.error(where, "plural expression can produce negative values")
            return None
        if value >= nplurals:
            report.error(
                where,
                f"nplurals = {nplurals} but plural expression can produce values as large "
                f"as {value}",
            )
            return None
        counts[value] += 1
    if plural_entries:
        fewest = min(plural_entries, key=lambda entry: len(entry.msgstrs))
        most = max(plural_entries, key=lambda entry: len(entry.msgstrs))
        if len(fewest.msgstrs) < nplurals:
            report.error(
                fewest.msgstr_pos,
                f"nplurals = {nplurals} (header) but this message has only "
                f"{len(fewest.msgstrs)} plural form(s)",
            )
            return None
        if len(most.msgstrs) > nplurals:
            report.error(
                most.msgstr_pos,
                f"nplurals = {nplurals} (header) but this message has "
                f"{len(most.msgstrs)} plural forms",
            )
            return None
    return [count >= OFTEN for count in counts]


def newline_mismatch(msgid: AnyStr, other: AnyStr) -> tuple[bool, bool]:
    """Whether ``other`` disagrees with ``msgid`` about beginning, and about ending, with a
    newline: ``msgfmt -c`` refuses either (QA reports it with the same verdict)."""
    newline = b"\n" if type(msgid) is bytes else "\n"
    return (
        msgid.startswith(newline) != other.startswith(newline),
        msgid.endswith(newline) != other.endswith(newline),
    )


def _check_newlines(entry: RawEntry, report: _Report) -> None:
    """GNU's order: every string's beginning, then every string's end. Hot path."""
    if entry.msgid_plural is None:
        mismatch = newline_mismatch(entry.msgid, entry.msgstrs[0])
        if not (mismatch[0] or mismatch[1]):
            return
        mismatches = [("msgstr", mismatch)]
    else:
        others = [("msgid_plural", entry.msgid_plural)]
        others += [(f"msgstr[{index}]", text) for index, text in enumerate(entry.msgstrs)]
        mismatches = [(name, newline_mismatch(entry.msgid, text)) for name, text in others]
    for side, edge in enumerate(("begin", "end")):
        for name, mismatch in mismatches:
            if mismatch[side]:
                report.error(
                    entry.msgstr_pos,
                    f"'msgid' and '{name}' entries do not both {edge} with '\\n'",
                )


def _check_formats(entry: RawEntry, often: list[bool] | None, report: _Report) -> None:
    if not entry.flags:
        return
    for flag in entry.flags:
        language = format_language(flag)
        if language is None:
            continue
        source = entry.msgid if entry.msgid_plural is None else entry.msgid_plural
        source_name = "msgid" if entry.msgid_plural is None else "msgid_plural"
        several_forms = len(entry.msgstrs) > 1
        for index, text in enumerate(entry.msgstrs):
            strict = (
                entry.msgid_plural is None
                or not several_forms
                or (often is not None and index < len(often) and often[index])
            )
            problem = format_problem(
                language,
                source,
                text,
                strict=strict,
                msgid_name=source_name,
                msgstr_name="msgstr" if entry.msgid_plural is None else f"msgstr[{index}]",
            )
            if problem:
                report.error(entry.msgstr_pos, problem)
