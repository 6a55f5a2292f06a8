"""Format-string directives of ``python-format``, ``python-brace-format`` and ``c-format``
messages, as GNU sees them.

Ports of GNU gettext's ``format-python.c``, ``format-pythonbrace.c`` (0.21, quirks included)
and (the common part of) ``format-c.c``, so that ``workbench compile`` refuses the same
translations ``msgfmt -c`` refuses, with the same wording. :func:`format_problem` is that
verdict for one translation, given alike by compile (:mod:`workbench.catalog.checkers`) and QA
(:mod:`workbench.qa.checks.placeholders`); which formats a message declares is read from its
flags by :func:`workbench.catalog.po.flags.read_flags`. Hand-written because no Python
library checks format strings GNU's way; Babel's checker covers only Python's ``%`` and differs
in what it accepts.
Parsing works on bytes: every character that matters is ASCII, so the file's charset need not
be decoded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

ANY = "any"
NO_ARGUMENT = "none"
Spans = list[tuple[int, int]]  # (start, end) byte offsets of directives, in order


class InvalidFormat(ValueError):
    """The string is not a valid format string; the message says why (GNU's wording)."""


@dataclass
class FormatSpec:
    """Arguments a format string consumes: by name (Python mappings) or by position."""

    named: dict[str, str] = field(default_factory=dict)
    unnamed: list[str] = field(default_factory=list)


# --- Python '%' formats (format-python.c) ------------------------------------------------

_PYTHON_TYPES = {
    ord("c"): "character",
    ord("s"): "string",
    ord("r"): "string",
    ord("i"): "integer",
    ord("d"): "integer",
    ord("u"): "integer",
    ord("o"): "integer",
    ord("x"): "integer",
    ord("X"): "integer",
    ord("e"): "float",
    ord("E"): "float",
    ord("f"): "float",
    ord("g"): "float",
    ord("G"): "float",
}
_MIXED = (
    "The string refers to arguments both through argument names and through unnamed "
    "argument specifications."
)


def _digits(text: bytes, position: int) -> int:
    while position < len(text) and 0x30 <= text[position] <= 0x39:
        position += 1
    return position


def _invalid_conversion(directive: int, char: int) -> InvalidFormat:
    """GNU's INVALID_CONVERSION_SPECIFIER: the character is quoted only if printable ASCII."""
    if 0x20 <= char < 0x7F:
        return InvalidFormat(
            f"In the directive number {directive}, the character '{chr(char)}' is not a valid "
            "conversion specifier."
        )
    return InvalidFormat(
        f"The character that terminates the directive number {directive} is not a valid "
        "conversion specifier."
    )


def parse_python(text: bytes, translated: bool = False, spans: Spans | None = None) -> FormatSpec:
    """The arguments of a Python ``%`` format string; raises :class:`InvalidFormat`.
    (``translated`` makes no difference for Python; it keeps the parsers interchangeable.)
    ``spans`` collects each directive's byte span as it is read (see :func:`directive_spans`)."""
    spec = FormatSpec()
    named: list[tuple[str, str]] = []
    position = 0
    directives = 0
    length = len(text)
    while True:
        position = text.find(b"%", position)
        if position < 0:
            break
        directive_start = position
        position += 1
        directives += 1
        name = None
        if position < length and text[position] == 0x28:  # '('
            depth = 0
            start = position + 1
            position = start
            while position < length:
                char = text[position]
                if char == 0x28:
                    depth += 1
                elif char == 0x29:
                    if depth == 0:
                        break
                    depth -= 1
                position += 1
            if position >= length:
                raise InvalidFormat("The string ends in the middle of a directive.")
            name = text[start:position].decode("utf-8", "replace")
            position += 1
        while position < length and text[position] in b"-+ #0":
            position += 1
        if position < length and text[position] == 0x2A:  # '*'
            position += 1
            if named:
                raise InvalidFormat(_MIXED)
            spec.unnamed.append("integer")
        else:
            position = _digits(text, position)
        zero_precision = False
        if position < length and text[position] == 0x2E:  # '.'
            position += 1
            if position < length and text[position] == 0x2A:
                position += 1
                if named:
                    raise InvalidFormat(_MIXED)
                spec.unnamed.append("integer")
            else:
                end = _digits(text, position)
                zero_precision = end > position and set(text[position:end]) == {0x30}
                position = end
        if position < length and text[position] in b"hlL":
            position += 1
        if position >= length:
            raise InvalidFormat("The string ends in the middle of a directive.")
        conversion = text[position]
        if conversion == 0x25:  # '%'
            kind = NO_ARGUMENT
        elif conversion in _PYTHON_TYPES:
            kind = _PYTHON_TYPES[conversion]
            if kind == "string" and zero_precision:
                kind = ANY
        else:
            raise _invalid_conversion(directives, conversion)
        if spans is not None:
            spans.append((directive_start, position + 1))
        if name is not None:
            if spec.unnamed:
                raise InvalidFormat(_MIXED)
            named.append((name, kind))
        elif kind != NO_ARGUMENT:
            if named:
                raise InvalidFormat(_MIXED)
            spec.unnamed.append(kind)
        position += 1
    for name, kind in named:
        if name in spec.named and spec.named[name] != kind:
            other = spec.named[name]
            if ANY in (kind, other):
                spec.named[name] = other if kind == ANY else kind
            else:
                raise InvalidFormat(
                    f"The string refers to the argument named '{name}' in incompatible ways."
                )
        else:
            spec.named[name] = kind
    return spec


def check_python(
    msgid: FormatSpec, msgstr: FormatSpec, strict: bool, msgid_name: str, msgstr_name: str
) -> str | None:
    """GNU's ``format_check`` for Python: the first problem, or None."""
    if msgid.named and msgstr.unnamed:
        return (
            f"format specifications in '{msgid_name}' expect a mapping, those in "
            f"'{msgstr_name}' expect a tuple"
        )
    if msgid.unnamed and msgstr.named:
        return (
            f"format specifications in '{msgid_name}' expect a tuple, those in "
            f"'{msgstr_name}' expect a mapping"
        )
    if msgid.named or msgstr.named:
        names1 = sorted(msgid.named)
        names2 = sorted(msgstr.named)
        i = j = 0
        while i < len(names1) or j < len(names2):
            if i >= len(names1) or (j < len(names2) and names1[i] > names2[j]):
                return (
                    f"a format specification for argument '{names2[j]}', as in "
                    f"'{msgstr_name}', doesn't exist in '{msgid_name}'"
                )
            if j >= len(names2) or names1[i] < names2[j]:
                if strict:
                    return (
                        f"a format specification for argument '{names1[i]}' doesn't exist "
                        f"in '{msgstr_name}'"
                    )
                i += 1
            else:
                i += 1
                j += 1
        for name in names2:
            kind1, kind2 = msgid.named[name], msgstr.named[name]
            if not (kind1 == kind2 or (not strict and ANY in (kind1, kind2))):
                return (
                    f"format specifications in '{msgid_name}' and '{msgstr_name}' for "
                    f"argument '{name}' are not the same"
                )
    if msgid.unnamed or msgstr.unnamed:
        if len(msgid.unnamed) != len(msgstr.unnamed):
            return (
                f"number of format specifications in '{msgid_name}' and '{msgstr_name}' "
                "does not match"
            )
        for index, (kind1, kind2) in enumerate(zip(msgid.unnamed, msgstr.unnamed, strict=True)):
            if not (kind1 == kind2 or (not strict and ANY in (kind1, kind2))):
                return (
                    f"format specifications in '{msgid_name}' and '{msgstr_name}' for "
                    f"argument {index + 1} are not the same"
                )
    return None


# --- C formats (format-c-parse.h of gettext 0.21, without Objective-C) -----------------

# (integer size, floating-point size) per size modifier; 'L' and 'q' mean long long for both.
_C_SIZES = (
    (b"hh", "char", ""),
    (b"h", "short", ""),
    (b"ll", "long long", "long"),
    (b"l", "long", ""),
    (b"L", "long long", "long"),
    (b"q", "long long", "long"),
    (b"j", "intmax_t", ""),
    (b"z", "size_t", ""),
    (b"Z", "size_t", ""),
    (b"t", "ptrdiff_t", ""),
)
_C_MACRO = re.compile(rb"<PRI([diouxX])(MAX|PTR|(?:LEAST|FAST)?(?:8|16|32|64))>")


def _c_conversion(text: bytes, position: int, translated: bool, directive: int) -> tuple[str, int]:
    """The argument type of the conversion at ``position`` (after flags, width, precision)
    and the position after it; ``"none"`` for ``%%`` and ``%m``."""
    if text.startswith(b"<", position):
        macro = _C_MACRO.match(text, position)
        if macro is None:
            raise InvalidFormat(
                f"In the directive number {directive}, the token after '<' is not the name of "
                "a format specifier macro. The valid macro names are listed in ISO C 99 "
                "section 7.8.1."
            )
        signed = "" if macro.group(1) in b"di" else "unsigned "
        return f"{signed}int {macro.group(2).decode()}", macro.end()
    integer_size = float_size = ""
    for size, integer, floating in _C_SIZES:
        if text.startswith(size, position):
            integer_size, float_size = integer, floating
            position += len(size)
            break
    if position >= len(text):
        raise InvalidFormat("The string ends in the middle of a directive.")
    char = chr(text[position])
    if char in "%m":
        kind = NO_ARGUMENT
    elif char in "cs":
        if integer_size not in ("", "long"):
            raise InvalidFormat(
                f"In the directive number {directive}, a size specifier is incompatible with "
                "the conversion specifier."
            )
        kind = ("wide " if integer_size else "") + ("char" if char == "c" else "string")
    elif char in "CS":
        kind = "wide " + ("char" if char == "C" else "string")
    elif char in "id":
        kind = f"{integer_size} int".strip()
    elif char in "uoxX":
        kind = f"unsigned {integer_size} int".replace("  ", " ")
    elif char in "eEfFgGaA":
        if integer_size and not float_size:
            raise InvalidFormat(
                f"In the directive number {directive}, a size specifier is incompatible with "
                "the conversion specifier."
            )
        kind = f"{float_size} double".strip()
    elif char == "p":
        kind = "pointer"
    elif char == "n":
        kind = f"{integer_size} count pointer".strip()
    else:
        raise _invalid_conversion(directive, text[position])
    return kind, position + 1


def _c_argument_number(text: bytes, position: int, directive: int, what: str) -> tuple[int, int]:
    """``m$`` at ``position``: (m, position after it), or (0, position) when absent."""
    end = _digits(text, position)
    if end > position and end < len(text) and text[end] == 0x24:  # '$'
        number = int(text[position:end])
        if number == 0:
            raise InvalidFormat(
                f"In the directive number {directive}, the {what}argument number 0 is not a "
                "positive integer."
            )
        return number, end + 1
    return 0, position


def parse_c(text: bytes, translated: bool = False, spans: Spans | None = None) -> FormatSpec:
    """The arguments of a C ``printf`` format string; raises :class:`InvalidFormat`.
    ``translated``: a msgstr, where glibc's ``I`` flag is allowed. ``spans`` collects each
    directive's byte span as it is read (see :func:`directive_spans`)."""
    numbered: list[tuple[int, str]] = []
    unnumbered: list[str] = []
    position = 0
    length = len(text)
    directive = 0

    def add(number: int, kind: str) -> None:
        if number:
            if unnumbered:
                raise InvalidFormat(_C_MIXED)
            numbered.append((number, kind))
        else:
            if numbered:
                raise InvalidFormat(_C_MIXED)
            unnumbered.append(kind)

    flags = b" +-#0'I" if translated else b" +-#0'"
    while True:
        position = text.find(b"%", position)
        if position < 0:
            break
        directive_start = position
        position += 1
        directive += 1
        number, position = _c_argument_number(text, position, directive, "")
        while position < length and text[position] in flags:
            position += 1
        if position < length and text[position] == 0x2A:  # '*'
            width, position = _c_argument_number(text, position + 1, directive, "width's ")
            add(width, "int")
        else:
            position = _digits(text, position)
        if position < length and text[position] == 0x2E:  # '.'
            position += 1
            if position < length and text[position] == 0x2A:
                precision, position = _c_argument_number(
                    text, position + 1, directive, "precision's "
                )
                add(precision, "int")
            else:
                position = _digits(text, position)
        kind, position = _c_conversion(text, position, translated, directive)
        if spans is not None:
            spans.append((directive_start, position))
        if kind != NO_ARGUMENT:
            add(number, kind)
    if numbered:
        by_number: dict[int, str] = {}
        for number, kind in sorted(numbered):
            if number in by_number and by_number[number] != kind:
                raise InvalidFormat(
                    f"The string refers to argument number {number} in incompatible ways."
                )
            by_number[number] = kind
        for expected, number in enumerate(sorted(by_number), 1):
            if number != expected:
                raise InvalidFormat(
                    f"The string refers to argument number {number} but ignores argument "
                    f"number {expected}."
                )
        unnumbered = [by_number[number] for number in sorted(by_number)]
    return FormatSpec(unnamed=unnumbered)


_C_MIXED = (
    "The string refers to arguments both through absolute argument numbers and through "
    "unnumbered argument specifications."
)


def check_c(
    msgid: FormatSpec, msgstr: FormatSpec, strict: bool, msgid_name: str, msgstr_name: str
) -> str | None:
    """GNU's ``format_check`` for C: the first problem, or None."""
    count1, count2 = len(msgid.unnamed), len(msgstr.unnamed)
    if (count1 != count2) if strict else (count1 < count2):
        return (
            f"number of format specifications in '{msgid_name}' and '{msgstr_name}' "
            "does not match"
        )
    for index in range(count2):
        if msgid.unnamed[index] != msgstr.unnamed[index]:
            return (
                f"format specifications in '{msgid_name}' and '{msgstr_name}' for argument "
                f"{index + 1} are not the same"
            )
    return None


# --- Python '{}' formats (format-pythonbrace.c of gettext 0.21) ------------------------
#
# A directive is '{' field [ '.' name | '[' name-or-number ']' ]... [ ':' spec ] '}', where spec
# is one nested directive (no deeper) or [[fill]align][sign][#][0][width][.precision][type].
# As in GNU 0.21 an argument's name is the whole text between the braces ('x:>10' included),
# '{}' is invalid, and errors count the directives completed before the faulty one.

_BRACE_ENDS_EARLY = "The string ends in the middle of a directive."
_ALIGN = b"<>=^"
_SPEC_TYPES = b"bcdoxXneEfFgG%"


def _is_name_start(char: int) -> bool:
    return 0x41 <= char <= 0x5A or 0x61 <= char <= 0x7A or char == 0x5F


def _is_digit(char: int) -> bool:
    return 0x30 <= char <= 0x39


def _brace_field(text: bytes, position: int, numeric: bool) -> int:
    """Position after an identifier (or, if ``numeric``, a number) at ``position``; the same
    position when there is none."""
    length = len(text)
    if position < length and _is_name_start(text[position]):
        position += 1
        while position < length and (_is_name_start(text[position]) or _is_digit(text[position])):
            position += 1
    elif numeric and position < length and _is_digit(text[position]):
        while position < length and _is_digit(text[position]):
            position += 1
    return position


def _brace_reason(directives: int, what: str) -> InvalidFormat:
    return InvalidFormat(f"In the directive number {directives}, {what}")


def _brace_char(text: bytes, position: int) -> str:
    """The character GNU quotes in a message: nothing at the end of the string (C prints the
    terminating NUL, which ends the message there)."""
    char = text[position : position + 1]
    return char.decode("ascii") if char < b"\x80" else "\ufffd"  # GNU prints the lone byte


def _brace_directive(
    text: bytes, position: int, toplevel: bool, directives: int, names: list[str]
) -> int:
    """Parse the directive whose '{' is at ``position``; returns the position after it."""
    position += 1
    at = text[position] if position < len(text) else 0
    if at == 0x7B:  # '{{': an escaped brace
        return position + 1
    name_start = position
    after = _brace_field(text, position, numeric=True)
    if after == position:
        char = _brace_char(text, position)
        tail = "' cannot start a field name." if char else ""
        raise _brace_reason(directives, f"'{char}{tail}")
    position = after
    while position < len(text) and text[position] in b".[":
        getitem = text[position] == 0x5B
        position += 1
        after = _brace_field(text, position, numeric=getitem)
        if after == position:
            char = _brace_char(text, position)
            kind = "getitem" if getitem else "getattr"
            tail = f"' cannot start a {kind} argument." if char else ""
            raise _brace_reason(directives, f"'{char}{tail}")
        position = after
        if getitem:
            if position >= len(text) or text[position] != 0x5D:
                raise InvalidFormat(_BRACE_ENDS_EARLY)
            position += 1
    at = text[position] if position < len(text) else 0
    if at == 0x3A:  # ':' format specifier
        if not toplevel:
            raise _brace_reason(directives, "no more nesting is allowed in a format specifier.")
        position += 1
        if position < len(text) and text[position] == 0x7B:
            position = _brace_directive(text, position, False, directives, names)
        else:
            position = _standard_spec_end(text, position)
        if position >= len(text) or text[position] != 0x7D:
            raise InvalidFormat(_BRACE_ENDS_EARLY)
    elif at != 0x7D:
        raise _brace_reason(directives, "there is an unterminated format directive.")
    if toplevel:
        names.append(text[name_start:position].decode("utf-8", "replace"))
    return position + 1


def _standard_spec_end(text: bytes, position: int) -> int:
    """Skip ``[[fill]align][sign][#][0][width][.precision][type]``."""
    def at(index: int) -> int:
        return text[index] if index < len(text) else 0

    if at(position + 1) and at(position + 1) in _ALIGN:
        position += 2
    elif at(position) and at(position) in _ALIGN:
        position += 1
    if at(position) and at(position) in b"+- ":
        position += 1
    if at(position) == 0x23:  # '#'
        position += 1
    if at(position) == 0x30:  # '0'
        position += 1
    while _is_digit(at(position)):
        position += 1
    if at(position) == 0x2E:  # '.' and any digits (GNU 0.21 accepts none)
        position += 1
        while _is_digit(at(position)):
            position += 1
    if at(position) and at(position) in _SPEC_TYPES:
        position += 1
    return position


def parse_python_brace(
    text: bytes, translated: bool = False, spans: Spans | None = None
) -> FormatSpec:
    """The argument names of a Python ``str.format`` string; raises :class:`InvalidFormat`.
    ``spans`` collects each directive's byte span as it is read (see :func:`directive_spans`)."""
    names: list[str] = []
    position = text.find(b"{")
    while position >= 0:
        directive_start = position
        position = _brace_directive(text, position, True, len(names), names)
        if spans is not None:
            spans.append((directive_start, position))
        position = text.find(b"{", position)
    return FormatSpec(named=dict.fromkeys(sorted(names), ANY))


def check_python_brace(
    msgid: FormatSpec, msgstr: FormatSpec, strict: bool, msgid_name: str, msgstr_name: str
) -> str | None:
    """GNU's ``format_check`` for Python brace formats: with ``strict``, the same names on both
    sides; otherwise anything goes."""
    if not strict:
        return None
    names1, names2 = list(msgid.named), list(msgstr.named)  # sorted by the parser
    for index in range(max(len(names1), len(names2))):
        name1 = names1[index] if index < len(names1) else None
        name2 = names2[index] if index < len(names2) else None
        if name1 == name2:
            continue
        if name2 is None or (name1 is not None and name1.encode() < name2.encode()):
            return f"a format specification for argument '{name1}' doesn't exist in '{msgstr_name}'"
        return f"a format specification for argument '{name2}' doesn't exist in '{msgid_name}'"
    return None


FORMATS = {
    "python-format": ("Python", parse_python, check_python),
    "python-brace-format": ("Python brace", parse_python_brace, check_python_brace),
    "c-format": ("C", parse_c, check_c),
}


def format_problem(
    language: str,
    msgid: bytes,
    msgstr: bytes,
    *,
    strict: bool = True,
    msgid_name: str = "msgid",
    msgstr_name: str = "msgstr",
) -> str | None:
    """What ``msgfmt -c`` says of ``msgstr`` as the translation of ``msgid`` in format
    ``language`` (a key of :data:`FORMATS`): GNU's message for the first problem, or None.
    Nothing is checked when ``msgid`` itself is no valid format string, as in GNU.
    ``strict`` False is GNU's leniency for plural forms taken by few numbers."""
    pretty, parse, check = FORMATS[language]
    try:
        source = parse(msgid)
    except InvalidFormat:
        return None
    try:
        target = parse(msgstr, True)
    except InvalidFormat as exc:
        return (
            f"'{msgstr_name}' is not a valid {pretty} format string, unlike '{msgid_name}'. "
            f"Reason: {exc}"
        )
    return check(source, target, strict, msgid_name, msgstr_name)


def directive_spans(language: str, text: bytes) -> Spans:
    """Byte spans of the directives of ``text`` in format ``language``, ``%%`` and ``{{``
    included, as the parser reads them: what QA looks past (a ``%5d`` holds no number).
    Where ``text`` is no valid format string, reading goes on after the faulty directive, so
    one stray ``%`` does not hide the directives after it."""
    _, parse, _ = FORMATS[language]
    introducer = b"{" if parse is parse_python_brace else b"%"
    spans: Spans = []
    start = 0
    while True:
        found: Spans = []
        try:
            parse(text[start:], True, found)
            valid = True
        except InvalidFormat:
            valid = False
        spans.extend((start + begin, start + end) for begin, end in found)
        if valid:
            return spans
        if found:  # a later directive failed, or arguments clashed: read on afresh
            start += found[-1][1]
        else:  # the first directive from ``start`` is the faulty one: skip its introducer
            faulty = text.find(introducer, start)
            if faulty < 0:
                return spans
            start = faulty + 1
