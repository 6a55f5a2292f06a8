"""The ``.po`` lexer both readers share: lines, quoted strings and escapes, on bytes.

One set of rules for the editing reader (:mod:`workbench.catalog.po.reader`) and compile's
scanner (:mod:`workbench.catalog.po.scanner`), so a reading rule is written once. The rules are
GNU gettext 0.21's ``po-lex.c``: a backslash right before a newline joins two lines (in
comments and strings alike); blanks between tokens are `` \\t\\r\\f\\v``; a string is unescaped
piece by piece (an escape never runs into the next string: ``"\\x41" "a"`` is ``Aa``); octal
and hex escapes give one *byte* (``\\x41b`` is 0x1b: only the last two hex digits count); ``#|``
previous strings come msgctxt, msgid, msgid_plural, each once. Deliberate differences, each a
case where GNU loses text: NUL and the context separator ``\\x04`` are refused.

Everything works on bytes: every character the grammar cares about is ASCII, so a file is read
before its charset is known and strings go to a ``.mo`` exactly as written.
"""

from __future__ import annotations

import re

from workbench.diagnostic import Diagnostic
from workbench.errors import WorkbenchError


class PoSyntaxError(ValueError):
    """Invalid PO syntax at 1-based ``line`` (0 while not yet known: the caller sets it)."""

    def __init__(self, line: int, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.line = line
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"

    def diagnostic(self, path: str | object | None = None) -> Diagnostic:
        """This error as the project's one shape of a reported problem (code ``syntax``)."""
        from pathlib import Path

        where = Path(str(path)) if path is not None else None
        return Diagnostic(
            self.message, code="syntax", path=where, line=self.line or None, hint=self.hint
        )

    def error(self, path: str | object | None = None) -> WorkbenchError:
        """This error as the one-line :class:`WorkbenchError` a user sees (a malformed catalog
        is never overwritten: the caller stops)."""
        from pathlib import Path

        where = Path(str(path)) if path is not None else None
        return WorkbenchError(
            f"malformed catalog: {self.message}", where, line=self.line or None, hint=self.hint
        )


BYTE_ORDER_MARK = b"\xef\xbb\xbf"
_BYTE_ORDER_MARK_REFUSED = PoSyntaxError(
    1,
    "byte-order mark (U+FEFF) at the start of the file, which GNU msgfmt refuses "
    "('1:2: syntax error')",
    hint="save the file as UTF-8 without a byte-order mark",
)


def byte_order_mark_error() -> PoSyntaxError:
    """The error for a catalog that starts with a UTF-8 byte-order mark (GNU refuses it at
    line 1, column 2; Windows editors write one)."""
    refused = _BYTE_ORDER_MARK_REFUSED
    return PoSyntaxError(refused.line, refused.message, refused.hint)


def prepare(data: bytes) -> bytes:
    """The bytes the readers work on: a file starting with a byte-order mark is refused
    (:class:`PoSyntaxError`), CRLF line ends become LF (a CR is never part of a comment or
    of a line's last token; line numbers stay those of the file)."""
    if data.startswith(BYTE_ORDER_MARK):
        raise byte_order_mark_error()
    if b"\r" in data:
        data = data.replace(b"\r\n", b"\n")
    return data


def logical_lines(data: bytes) -> tuple[list[bytes], list[int] | None]:
    """Lines as GNU's lexer sees them: a backslash right before a newline joins two lines (in
    comments and strings alike; a backslash at the very end of the data stays). The second
    value maps each line to its first source line (``None``: no joins, line ``i`` is source
    line ``i + 1``). Joined lines are built from a list of pieces: linear in the input."""
    if b"\\\n" not in data:
        return data.split(b"\n"), None
    lines: list[bytes] = []
    numbers: list[int] = []
    pending: list[bytes] = []
    first = 0
    for number, raw in enumerate(data.split(b"\n"), start=1):
        if not pending:
            first = number
        if raw.endswith(b"\\"):
            pending.append(raw[:-1])
            continue
        if pending:
            pending.append(raw)
            lines.append(b"".join(pending))
            pending = []
        else:
            lines.append(raw)
        numbers.append(first)
    if pending:
        lines.append(b"".join(pending) + b"\\")
        numbers.append(first)
    return lines, numbers


# --- quoted strings ------------------------------------------------------------------------

BLANKS = b" \t\r\f\v"  # what GNU's lexer skips between tokens
_STRING = re.compile(rb'"([^"\\]*(?:\\.[^"\\]*)*)"[ \t\r\f\v]*\Z', re.S)
_PIECE = re.compile(rb'"([^"\\]*(?:\\.[^"\\]*)*)"', re.S)
#: Match one quoted string and the blanks after it, the whole of what it is given; group 1 is
#: its still-escaped body. The readers' fast path for the usual line (then :func:`unescape`).
STRING = _STRING.match
_STRINGS = re.compile(
    rb'"(?:[^"\\]|\\.)*"(?:[ \t\r\f\v]*"(?:[^"\\]|\\.)*")*[ \t\r\f\v]*\Z', re.S
)
_UNTERMINATED = re.compile(rb'"(?:[^"\\]|\\.)*\\?', re.S)
_LEADING_STRINGS = re.compile(rb'(?:"(?:[^"\\]|\\.)*"[ \t\r\f\v]*)+', re.S)
_KEYWORD_WORD = re.compile(rb"(?:msgctxt|msgid_plural|msgid|msgstr)(?![A-Za-z0-9_$])")


def strings(text: bytes, line: int) -> list[bytes]:
    """The still-escaped bodies of the quoted strings that make up ``text`` (GNU accepts
    ``"a" "b"`` on one line); :class:`PoSyntaxError` saying what is wrong otherwise."""
    match = _STRING.match(text)
    if match is not None:
        return [match.group(1)]
    if _STRINGS.match(text):
        return _PIECE.findall(text)
    if text.startswith(b'"') and _UNTERMINATED.fullmatch(text.rstrip()):
        raise PoSyntaxError(line, "unterminated string")
    if text.startswith(b'"'):
        raise PoSyntaxError(line, _after_string(text))
    raise PoSyntaxError(line, "expected a quoted string")


def _after_string(text: bytes) -> str:
    """What is wrong with ``text``, a string followed by something else on its line."""
    pieces = _LEADING_STRINGS.match(text)
    rest = text[pieces.end() :] if pieces else b""
    if rest.startswith(b"#"):
        return "comment after the string: put it on a line of its own, above the entry"
    keyword = _KEYWORD_WORD.match(rest)
    if keyword:
        return f"{keyword.group(0).decode()} after the string: start it on a line of its own"
    return "unescaped double quote or text after the string"


# --- escapes ---------------------------------------------------------------------------------

#: The one escape table: C's simple escapes as GNU reads them.
ESCAPES = {
    ord("n"): b"\n",
    ord("t"): b"\t",
    ord("r"): b"\r",
    ord("a"): b"\a",
    ord("b"): b"\b",
    ord("f"): b"\f",
    ord("v"): b"\v",
    ord("\\"): b"\\",
    ord('"'): b'"',
}
# ``\x`` takes every following hex digit, as in C and GNU po-lex; an unknown escape is shown
# whole when it is a UTF-8 character.
_ESCAPE = re.compile(
    rb"\\(?:([0-7]{1,3})|x([0-9A-Fa-f]+)|([\x00-\x7f]|[\xc0-\xff][\x80-\xbf]*|[\x80-\xbf])|\Z)",
    re.S,
)
CONTEXT_SEPARATOR = "context separator \\x04 in a string (gettext keeps msgctxt apart with it)"
NUL = "NUL escape in a string (GNU tools silently cut the text off there): remove it"
NOT_UTF8 = "octal or hex escapes do not form UTF-8: write the character itself"


def _escaped(match: re.Match[bytes]) -> bytes:
    octal, hexa, simple = match.groups()
    if simple is not None:
        if len(simple) == 1 and simple[0] in ESCAPES:
            return ESCAPES[simple[0]]
        shown = simple.decode("utf-8", "replace")
        raise PoSyntaxError(0, f"invalid escape sequence '\\{shown}'")
    if octal is None and hexa is None:
        raise PoSyntaxError(0, "invalid escape sequence '\\' at the end of the string")
    code = (int(octal, 8) if octal is not None else int(hexa[-2:], 16)) & 0xFF
    if code == 0 or code == 4:
        raise PoSyntaxError(0, NUL if code == 0 else CONTEXT_SEPARATOR)
    return bytes((code,))


# A backslash not followed by one of the simple escapes (conservative: ``\\\\0`` counts).
_NOT_SIMPLE = re.compile(rb'\\(?:[^ntrabfv\\"]|\Z)')
_SIMPLE_PAIRS = [(b"\\" + bytes((char,)), value) for char, value in ESCAPES.items() if char != 0x5C]


def _simple_escapes(chunk: bytes) -> bytes:
    """A chunk holding no escaped backslash, whose every backslash starts a simple escape."""
    if b"\\" in chunk:
        for escaped, value in _SIMPLE_PAIRS:
            chunk = chunk.replace(escaped, value)
    return chunk


def unescape(body: bytes, line: int) -> bytes:
    """One string's C escapes as GNU's lexer reads them; errors name ``line``. A long string
    with simple escapes only is unescaped with ``bytes.replace`` (a 5 MB string of ``\\n``s
    takes 0.8 s escape by escape, a tenth of that so)."""
    if b"\\" not in body:
        return body
    if len(body) > 1024 and _NOT_SIMPLE.search(body) is None:
        return b"\\".join([_simple_escapes(chunk) for chunk in body.split(b"\\\\")])
    try:
        return _ESCAPE.sub(_escaped, body)
    except PoSyntaxError as exc:
        exc.line = line
        raise


def string_value(text: bytes, line: int) -> bytes:
    """The unescaped value of the quoted string(s) that make up ``text``: :func:`strings`
    and :func:`unescape` in one call, fast for the usual single string without escapes."""
    match = _STRING.match(text)
    if match is None:
        return unescape_all(strings(text, line), line)
    body = match.group(1)
    return unescape(body, line) if b"\\" in body else body


def unescape_all(bodies: list[bytes], line: int) -> bytes:
    """The joined value of a keyword's strings, each unescaped on its own."""
    if len(bodies) == 1:
        return unescape(bodies[0], line)
    return b"".join(unescape(body, line) if b"\\" in body else body for body in bodies)


# --- '#|' previous strings -----------------------------------------------------------------

#: The ``#|`` keyword that may follow the last one: msgctxt, msgid, msgid_plural, each once.
PREVIOUS_NEXT: dict[bytes | None, tuple[bytes, ...]] = {
    None: (b"msgctxt", b"msgid"),
    b"msgctxt": (b"msgid",),
    b"msgid": (b"msgid_plural",),
    b"msgid_plural": (),
}
