"""Format placeholders, judged by the entry's format flags exactly as ``workbench compile`` and
``msgfmt -c`` judge them.

The parsing and the verdict are :mod:`workbench.catalog.formats` (ports of GNU's), so for a
singular entry QA calls a placeholder error exactly what ``msgfmt -c`` refuses, in GNU's words.
What QA adds is only the severity: an error here, lowered to a warning for fuzzy entries (which
are not compiled) by the runner. Plural entries differ by their pairing, not their parsing: the
runner checks ``msgstr[0]`` against ``msgid`` and every form strictly, where GNU checks every
form against ``msgid_plural`` and lets forms used by few numbers drop arguments. Entries
without a format flag are not searched for placeholders: without the flag ``msgfmt`` takes
``%`` and ``{`` as plain text.
"""

from __future__ import annotations

from collections.abc import Iterator

from workbench.catalog.formats import (
    FORMATS,
    directive_spans,
    format_language,
    format_problem,
)
from workbench.qa.finding import ERROR, Finding

#: The QA check (finding) name for each format flag.
CHECK_BY_FORMAT = {
    "python-format": "python-format",
    "c-format": "c-format",
    "python-brace-format": "brace-format",
}


def declared_formats(flags: frozenset[str]) -> list[str]:
    """The formats ``flags`` declare (``possible-`` ones too, as ``msgfmt -c`` checks them),
    each once, in a fixed order."""
    declared = {format_language(flag) for flag in flags}
    return [language for language in FORMATS if language in declared]


def _utf8(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def check_placeholders(source: str, target: str, flags: frozenset[str]) -> Iterator[Finding]:
    for language in declared_formats(flags):
        problem = format_problem(language, _utf8(source), _utf8(target))
        if problem:
            yield Finding(CHECK_BY_FORMAT[language], ERROR, f"{problem} (msgfmt -c refuses this)")


def strip_placeholders(text: str, flags: frozenset[str]) -> str:
    """``text`` with each placeholder its format flags declare replaced by a space."""
    for language in declared_formats(flags):
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
