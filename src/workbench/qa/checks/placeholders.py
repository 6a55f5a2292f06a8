"""Format placeholders, judged by the entry's format flags exactly as ``workbench compile`` and
``msgfmt -c`` judge them.

The parsing is :mod:`workbench.catalog.format_strings` and the pairing of a message's strings
:func:`workbench.catalog.checkers.format_problems` (ports of GNU's, shared with compile): a
plural form is checked against ``msgid_plural``, strictly or not as the catalog's
``Plural-Forms`` decides. So QA calls a placeholder error exactly what ``msgfmt -c`` refuses,
in GNU's words. What QA adds is only the severity: an error here, lowered to a warning for
fuzzy entries (which are not compiled) by the runner. Entries without a format flag are not
searched for placeholders: without the flag ``msgfmt`` takes ``%`` and ``{`` as plain text.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from workbench.catalog.checkers import PluralVerdict, format_problems
from workbench.catalog.format_strings import directive_spans
from workbench.diagnostic import Diagnostic
from workbench.qa.finding import ERROR, REFUSED, finding

#: The QA check (finding) name of a format flag, where it is not the flag itself.
CHECK_BY_FORMAT = {"python-brace-format": "brace-format"}


def _utf8(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def check_placeholders(
    msgid: str,
    msgid_plural: str | None,
    forms: Sequence[str],
    flags: Sequence[str],
    plurals: PluralVerdict | None = None,
) -> Iterator[Diagnostic]:
    """Placeholder errors of one message: ``forms`` its translations (one, or the plural
    forms), ``plurals`` the catalog's :func:`~workbench.catalog.checkers.plural_verdict`.
    Where GNU's message does not say which plural form it means (an argument the form has and
    ``msgid_plural`` lacks), the form is named after it. A format flagged twice
    (``python-format, possible-python-format``) is checked once, as by ``msgfmt``."""
    if not flags:
        return
    plural = None if msgid_plural is None else _utf8(msgid_plural)
    for language, form, problem in format_problems(
        flags, _utf8(msgid), plural, [_utf8(text) for text in forms], plurals
    ):
        name = f"msgstr[{form}]"
        where = "" if plural is None or f"'{name}'" in problem else f"in {name}; "
        message = f"{problem} ({where}{REFUSED})"
        yield finding(CHECK_BY_FORMAT.get(language, language), ERROR, message)


def strip_placeholders(text: str, formats: Sequence[str]) -> str:
    """``text`` with each placeholder of ``formats`` (the formats ``msgfmt -c`` checks, as
    :func:`~workbench.catalog.po.flags.read_flags` reads the flags in order) replaced by a
    space."""
    for language in formats:
        data = _utf8(text)
        spans = directive_spans(language, data)
        if not spans:
            continue
        pieces, position = [], 0
        for start, end in spans:
            pieces += [data[position:start], b" "]
            position = end
        pieces.append(data[position:])
        text = b"".join(pieces).decode("utf-8", "surrogatepass")
    return text
