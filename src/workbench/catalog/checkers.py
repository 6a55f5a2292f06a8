"""Compile-time checks of a catalog: what ``msgfmt -c`` refuses, reported as ``file:line:``.

Errors (the catalog is not compiled): PO syntax; duplicate message definitions (GNU counts
obsolete entries too); a missing header; a header without a usable charset (``msgfmt`` only
warns: a catalog without one cannot be decoded reliably, so we refuse it); bytes not valid in
the declared charset; plural forms (``Plural-Forms`` missing while plural entries exist, bad
``nplurals``, bad ``plural=`` expression, values outside ``0..nplurals-1``, entries with a
different number of forms); ``msgid``/``msgstr`` beginning or ending with a newline in one but
not the other; ``python-format``, ``python-brace-format`` and ``c-format`` entries whose
directives differ (flags read as GNU reads them: a format flagged twice is checked once, the
last of ``c-format``/``no-c-format`` wins, ``range: MIN..MAX`` relaxes the plural forms used
by at most one number of that range).

Warnings (printed, not fatal, as in ``msgfmt -c``): header fields missing or still at their
template default.

Which entries are checked follows ``msgfmt``: not obsolete, translated, and not fuzzy unless
``--use-fuzzy`` (the header is checked even when fuzzy). Line numbers are those ``msgfmt``
0.21 prints: the ``msgstr`` line for entry checks, the ``msgid`` line for a duplicate.

The verdicts on one message (:func:`newline_problems`, :func:`format_problems`, with the
plural forms' strictness from :func:`plural_verdict`) are public: ``workbench qa`` calls them
too, so QA pairs plural forms with their sources exactly as compile does.
"""

from __future__ import annotations

import codecs
import gettext
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import AnyStr, cast

from workbench.catalog.format_strings import format_problem
from workbench.catalog.po.flags import read_flags
from workbench.catalog.po.scanner import RawCatalog, RawEntry
from workbench.diagnostic import ERROR, WARNING, Diagnostic, Severity

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
RANGE_SAMPLE = 1001  # GNU evaluates a ``range:`` for at most 1001 numbers

# The ``code`` of each compile diagnostic: which check found it (a format's problems carry the
# format's flag name, e.g. ``c-format``).
SYNTAX = "syntax"
DUPLICATE = "duplicate"
HEADER = "header"
CHARSET = "charset"
PLURAL_FORMS = "plural-forms"
NEWLINES = "newlines"


def germanic_plural(n: int) -> int:
    """GNU's default formula (``n != 1``), used without a ``Plural-Forms`` header."""
    return int(n != 1)


def is_compiled(entry: RawEntry, use_fuzzy: bool) -> bool:
    """Whether ``msgfmt`` puts the entry in the ``.mo`` (and checks it): translated, not
    obsolete, not fuzzy unless ``use_fuzzy`` (a fuzzy header still counts; ``fuzzy`` read as
    GNU reads flags, :func:`read_flags`). Hot path: the reading of a flag line is cached."""
    if entry.obsolete or not entry.msgstrs[0]:
        return False
    flags = entry.flags
    return use_fuzzy or not flags or entry.is_header or not read_flags(flags).fuzzy


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
    """Collects a catalog's diagnostics, located by byte offset or by line."""

    def __init__(self, catalog: RawCatalog) -> None:
        self.catalog = catalog
        self.problems: list[Diagnostic] = []

    def error(self, offset_or_line: int, message: str, code: str, *, is_line: bool = False) -> None:
        self._add(offset_or_line, message, code, ERROR, is_line)

    def warning(self, offset: int, message: str, code: str) -> None:
        self._add(offset, message, code, WARNING, False)

    def _add(self, where: int, message: str, code: str, severity: Severity, is_line: bool) -> None:
        line = where if is_line else self.catalog.line_at(where)
        self.problems.append(Diagnostic(message, code, severity, self.catalog.path, line))


def check_catalog_entries(catalog: RawCatalog, *, use_fuzzy: bool = False) -> list[Diagnostic]:
    """Every problem of ``catalog`` that stops (or, as a warning, marks) its compilation, by
    line; ``code`` names the check (``syntax``, ``duplicate``..., a format's flag name)."""
    report = _Report(catalog)
    for syntax_error in catalog.syntax_errors:
        hint = f" ({syntax_error.hint})" if syntax_error.hint else ""
        report.error(syntax_error.line, syntax_error.message + hint, SYNTAX, is_line=True)
    _check_duplicates(catalog, report)
    header = catalog.header
    if header is None:
        report.error(
            1,
            "PO file header missing: add an entry with msgid \"\" declaring at least "
            "Content-Type with charset=UTF-8",
            HEADER,
            is_line=True,
        )
    else:
        _check_header(catalog, header, report)
    compiled = [entry for entry in catalog.entries if is_compiled(entry, use_fuzzy)]
    plurals = _check_plurals(header, compiled, report)
    for entry in compiled:
        if entry.msgid:
            _check_newlines(entry, report)
            _check_formats(entry, plurals, report)
    return sorted(report.problems, key=lambda problem: problem.line or 0)


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
                DUPLICATE,
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
            CHARSET,
        )
    elif charset == b"CHARSET":
        report.error(
            where, "header's charset is still the template's 'CHARSET': set UTF-8", CHARSET
        )
    else:
        name = charset.decode("ascii", "replace")
        try:
            codec = codecs.lookup(name).name
        except LookupError:
            report.error(where, f"unknown charset '{name}' in header", CHARSET)
        else:
            _check_encoding(catalog, codec, name, report)
    for field_name, default in HEADER_FIELDS:
        value = header_field(text, field_name.encode())
        if value is None:
            report.warning(where, f"header field '{field_name}' missing in header", HEADER)
        elif default is not None and value == default:
            report.warning(
                where, f"header field '{field_name}' still has the initial default value", HEADER
            )


def _check_encoding(catalog: RawCatalog, codec: str, name: str, report: _Report) -> None:
    try:
        catalog.data.decode(codec)
    except UnicodeDecodeError as exc:
        byte = catalog.data[exc.start]
        report.error(
            exc.start,
            f"invalid byte 0x{byte:02x} at byte offset {exc.start} for charset {name}",
            CHARSET,
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


@dataclass(frozen=True)
class PluralVerdict:
    """What ``msgfmt -c`` makes of a catalog's ``Plural-Forms``: which forms the formula takes
    often (strictly checked, see :func:`format_problems`; None when it cannot tell, and then
    every form of a plural message is checked leniently), and the first problem found, if any,
    reported at the header (``entry`` None) or at that plural message (an index into the
    form counts given)."""

    often: list[bool] | None
    problem: str | None = None
    entry: int | None = None
    formula: Callable[[int], int] | None = None
    # is_strict's answer per (form, low, high): a message with range: would otherwise cost up
    # to 1001 evaluations of the formula per form
    _strict_in_range: dict[tuple[int, int, int], bool] = field(
        default_factory=dict, compare=False, repr=False
    )

    def is_strict(self, form: int, numbers: tuple[int, int] | None = None) -> bool:
        """Whether ``msgfmt -c`` checks plural form ``form`` strictly: the formula takes it
        often and, for a message whose ``range: MIN..MAX`` flag (``numbers``) bounds its
        number, for more than one number of that range (GNU's ``plural_distribution``
        histogram, over at most 1001 numbers from max(MIN, 0))."""
        if self.often is None or form >= len(self.often) or not self.often[form]:
            return False
        if numbers is None or self.formula is None:
            return True
        low = max(numbers[0], 0)
        high = min(numbers[1], low + RANGE_SAMPLE - 1)
        key = (form, low, high)
        strict = self._strict_in_range.get(key)
        if strict is None:
            formula = self.formula
            strict = sum(1 for n in range(low, high + 1) if formula(n) == form) > 1
            self._strict_in_range[key] = strict
        return strict


def plural_verdict(header_text: bytes | None, form_counts: Sequence[int]) -> PluralVerdict:
    """GNU's ``check_plural`` for a header (None: no header) and the number of forms of each
    compiled plural message, in catalog order. Shared by compile and QA, so both pair plural
    forms alike. Without ``Plural-Forms`` and plural messages, GNU's default (n != 1) holds."""
    if header_text is None:
        if form_counts:
            return PluralVerdict(
                None,
                "message catalog has plural form translations, but lacks a header entry with "
                '"Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;"',
                0,
            )
        return PluralVerdict([False, True], formula=germanic_plural)
    nplurals_text, plural_text = _plural_formula(header_text)
    if nplurals_text is None or plural_text is None:
        if form_counts:
            missing = '"plural=EXPRESSION"' if plural_text is None else '"nplurals=INTEGER"'
            return PluralVerdict(
                None,
                "message catalog has plural form translations, but header entry lacks a "
                f"{missing} attribute (add a Plural-Forms line for the catalog's language)",
                0,
            )
        return PluralVerdict([False, True], formula=germanic_plural)
    digits = len(nplurals_text) - len(nplurals_text.lstrip(b"0123456789"))
    if digits == 0:
        return PluralVerdict(None, "invalid nplurals value")
    nplurals = int(nplurals_text[:digits])
    try:
        formula: Callable[[int], int] = gettext.c2py(plural_text.decode("ascii"))
    except (ValueError, UnicodeDecodeError, RecursionError, SyntaxError):
        return PluralVerdict(None, "invalid plural expression")
    counts = [0] * max(nplurals, 0)
    for n in PLURAL_SAMPLE:
        try:
            value = int(formula(n))
        except ZeroDivisionError:
            return PluralVerdict(None, "plural expression can produce division by zero")
        if value < 0:
            return PluralVerdict(None, "plural expression can produce negative values")
        if value >= nplurals:
            return PluralVerdict(
                None,
                f"nplurals = {nplurals} but plural expression can produce values as large "
                f"as {value}",
            )
        counts[value] += 1
    if form_counts:
        fewest = min(range(len(form_counts)), key=form_counts.__getitem__)
        most = max(range(len(form_counts)), key=form_counts.__getitem__)
        if form_counts[fewest] < nplurals:
            return PluralVerdict(
                None,
                f"nplurals = {nplurals} (header) but this message has only "
                f"{form_counts[fewest]} plural form(s)",
                fewest,
            )
        if form_counts[most] > nplurals:
            return PluralVerdict(
                None,
                f"nplurals = {nplurals} (header) but this message has "
                f"{form_counts[most]} plural forms",
                most,
            )
    return PluralVerdict([count >= OFTEN for count in counts], formula=formula)


def _check_plurals(
    header: RawEntry | None, compiled: list[RawEntry], report: _Report
) -> PluralVerdict:
    """Reports :func:`plural_verdict`'s problem; returns the verdict."""
    plural_entries = [entry for entry in compiled if entry.msgid_plural is not None]
    header_text = header.msgstrs[0] if header is not None and header.msgstrs else None
    verdict = plural_verdict(header_text, [len(entry.msgstrs) for entry in plural_entries])
    if verdict.problem is not None:  # a problem without an entry comes from a header's formula
        culprit = header if verdict.entry is None else plural_entries[verdict.entry]
        report.error(culprit.msgstr_pos, verdict.problem, PLURAL_FORMS)  # type: ignore[union-attr]
    return verdict


def _newline_mismatch(msgid: AnyStr, other: AnyStr) -> tuple[bool, bool]:
    """Whether ``other`` disagrees with ``msgid`` about beginning, and about ending, with a
    newline: ``msgfmt -c`` refuses either."""
    newline = cast(AnyStr, b"\n" if type(msgid) is bytes else "\n")
    return (
        msgid.startswith(newline) != other.startswith(newline),
        msgid.endswith(newline) != other.endswith(newline),
    )


def newline_problems(
    msgid: AnyStr, msgid_plural: AnyStr | None, msgstrs: Sequence[AnyStr]
) -> list[str]:
    """What ``msgfmt -c`` says of a message whose ``msgid_plural`` or translations disagree
    with ``msgid`` about beginning or ending with a newline, in GNU's order: every string's
    beginning, then every string's end. Shared by compile and QA. Hot path: a singular message
    that agrees costs two comparisons."""
    if msgid_plural is None:
        mismatch = _newline_mismatch(msgid, msgstrs[0])
        if not (mismatch[0] or mismatch[1]):
            return []
        mismatches = [("msgstr", mismatch)]
    else:
        others = [("msgid_plural", msgid_plural)]
        others += [(f"msgstr[{index}]", text) for index, text in enumerate(msgstrs)]
        mismatches = [(name, _newline_mismatch(msgid, text)) for name, text in others]
    return [
        f"'msgid' and '{name}' entries do not both {edge} with '\\n'"
        for side, edge in enumerate(("begin", "end"))
        for name, mismatch in mismatches
        if mismatch[side]
    ]


def _check_newlines(entry: RawEntry, report: _Report) -> None:
    for problem in newline_problems(entry.msgid, entry.msgid_plural, entry.msgstrs):
        report.error(entry.msgstr_pos, problem, NEWLINES)


def format_problems(
    flags: Iterable[str],
    msgid: bytes,
    msgid_plural: bytes | None,
    msgstrs: Sequence[bytes],
    plurals: PluralVerdict | None,
) -> Iterator[tuple[str, int, str]]:
    """(format, form index, GNU's message) for each translation of a message that ``msgfmt -c``
    refuses for a format its ``flags`` declare (read as GNU reads them, :func:`read_flags`:
    a format flagged twice is checked once, ``no-`` after a format cancels it), format by
    format, form by form (a singular ``msgstr`` is form 0). Shared by compile and QA.

    Pairing as GNU's ``check_msgid_msgstr_format``: a singular ``msgstr`` is checked against
    ``msgid``; every plural form against ``msgid_plural``, strictly when it is the only form
    or ``plurals`` (the catalog's :func:`plural_verdict`) says so for the message's
    ``range:`` (:meth:`PluralVerdict.is_strict`), otherwise leniently (a form for n == 1 may
    drop the number)."""
    reading = read_flags(tuple(flags))
    if not reading.formats:
        return
    source = msgid if msgid_plural is None else msgid_plural
    source_name = "msgid" if msgid_plural is None else "msgid_plural"
    if msgid_plural is None or len(msgstrs) == 1:
        strictness = [True] * len(msgstrs)
    else:
        strictness = [
            plurals is not None and plurals.is_strict(index, reading.numbers)
            for index in range(len(msgstrs))
        ]
    for language in reading.formats:
        for index, text in enumerate(msgstrs):
            problem = format_problem(
                language,
                source,
                text,
                strict=strictness[index],
                msgid_name=source_name,
                msgstr_name="msgstr" if msgid_plural is None else f"msgstr[{index}]",
            )
            if problem:
                yield language, index, problem


def _check_formats(entry: RawEntry, plurals: PluralVerdict, report: _Report) -> None:
    if not entry.flags:
        return
    for language, _, problem in format_problems(
        entry.flags, entry.msgid, entry.msgid_plural, entry.msgstrs, plurals
    ):
        report.error(entry.msgstr_pos, problem, language)
