"""GNU ``msgcat``-identical PO output for ``polib`` catalogs.

polib's own serializer does not match GNU gettext (measured with ``msgcat`` 0.21): it wraps
with :mod:`textwrap` at 78 columns instead of Unicode line breaking at 79, breaks inside
hyphenated words and after slashes differently, puts a long unbreakable string after
``msgid ""``, wraps comments (GNU never does), keeps flags GNU drops (``wrap``, unknown ones,
``fuzzy`` on untranslated entries) in their written order, and writes obsolete entries without
their ``#~|`` lines. Catalogs must come back byte-identical through ``msgcat`` so that git
diffs show only real changes, so this serializer is hand-written after gettext 0.21's
``write-po.c``; line-break opportunities come from libunistring itself
(:mod:`workbench.catalog.po.linebreak`), as in GNU.

GNU never breaks inside a format directive of an entry flagged ``c-format`` or
``python-format`` (e.g. ``%(a b)s``); that is reproduced for those two syntaxes only, the
other ``*-format`` parsers are not (their directives rarely contain a break opportunity).
Catalogs are assumed UTF-8, as everything this project writes. A header read from a file is
written as it was read (``Catalog.header_source``), with only the fields changed since rewritten:
``po.metadata`` cannot hold everything GNU keeps (spacing, a field given twice, lines without
a colon, a missing final newline, the header's own ``#.``/``#:``/``#,``/``#|`` lines).
"""

from __future__ import annotations

import copy
import re
from typing import NamedTuple

import polib

from workbench.catalog.po.flags import read_flags
from workbench.catalog.po.linebreak import BREAK_PROHIBITED, break_positions
from workbench.catalog.po.model import blank_comments, header_source

PAGE_WIDTH = 79
"""GNU's default ``--width``."""

_NO_WRAP_WIDTH = 2**31 - 1  # GNU's INT_MAX for ``no-wrap`` entries.


# GNU's format_language[] order (format.c), in which msgcat prints format flags.
_FORMAT_LANGUAGES = (
    "c objc python python-brace java java-printf csharp javascript scheme lisp elisp librep "
    "ruby sh awk lua object-pascal smalltalk qt qt-plural kde kde-kuit boost tcl perl "
    "perl-brace php gcc-internal gfc-internal ycp"
).split()
_FORMAT_ORDER = {language: index for index, language in enumerate(_FORMAT_LANGUAGES)}
_LINE_NUMBER = re.compile("[0-9]+")  # ASCII only: "a.c:٣" is a name, as in GNU


class _Style(NamedTuple):
    """How an entry's strings are wrapped: at all, and which format directives stay whole."""

    wrap: bool
    format_language: str | None  # "c" or "python": directives are kept whole


_DIRECTIVES = {
    "c": re.compile(
        r"%(?:[0-9]+\$)?[-+ #0'I]*(?:\*(?:[0-9]+\$)?|[0-9]+)?(?:\.(?:\*(?:[0-9]+\$)?|[0-9]*))?"
        r"(?:hh|h|ll|l|L|q|j|z|Z|t)?[diouxXeEfFgGaAcspnm%]"
    ),
    "python": re.compile(
        r"%(?:\([^)]*\))?[-+ #0]*(?:\*|[0-9]+)?(?:\.(?:\*|[0-9]+))?[hlL]?[diouxXeEfFgGcrsa%]"
    ),
}

_ESCAPES = str.maketrans(
    {
        "\a": "\\a",
        "\b": "\\b",
        "\f": "\\f",
        "\n": "\\n",
        "\r": "\\r",
        "\t": "\\t",
        "\v": "\\v",
        "\\": "\\\\",
        '"': '\\"',
    }
)
_NEEDS_ESCAPE = re.compile('[\a\b\f\n\r\t\v\\\\"]')
# Marks UTF-8 continuation bytes: never a break inside a character.
_CONTINUATION = bytes(BREAK_PROHIBITED if 0x80 <= b < 0xC0 else 0 for b in range(256))


def format_po(po: polib.POFile) -> str:
    """The catalog as GNU ``msgcat`` prints it (gettext 0.21, default options)."""
    out: list[str] = []
    nplurals = _nplurals(po)
    header = _header_entry(po)
    if header is not None:
        _format_entry(header, out, nplurals)
    for entry in po:
        if not entry.obsolete:
            _format_entry(entry, out, nplurals)
    for entry in po:
        if entry.obsolete:
            _format_obsolete(entry, out, nplurals)
    return "".join(out)


def _nplurals(po: polib.POFile) -> int:
    match = re.search(r"nplurals\s*=\s*([0-9]+)", po.metadata.get("Plural-Forms", ""))
    return int(match.group(1)) if match else 2


def _header_entry(po: polib.POFile) -> polib.POEntry | None:
    """The header as an entry: as it was read while ``po.metadata`` is unchanged (see
    :class:`~workbench.catalog.po.model.HeaderSource`), else its fields in dict order."""
    source = header_source(po)
    if source is None:
        if not (po.metadata or po.header or po.metadata_is_fuzzy):
            return None
        entry = polib.POEntry(msgid="", tcomment=po.header or "")
        entry.msgstr = "".join(f"{name}: {value}\n" for name, value in po.metadata.items())
        if po.metadata_is_fuzzy:
            entry.flags = ["fuzzy"]
        return entry
    entry = copy.copy(source.entry)
    entry.tcomment = po.header or ""
    entry.flags = [flag for flag in source.entry.flags if flag != "fuzzy"]
    if po.metadata_is_fuzzy:
        entry.flags.insert(0, "fuzzy")
    if po.metadata != source.fields:
        entry.msgstr = _edited_header(source.entry.msgstr, source.fields, po.metadata)
    return entry


def _edited_header(text: str, fields: dict[str, str], metadata: dict[str, str]) -> str:
    """The header ``text`` as read, with the fields changed since (``fields`` -> ``metadata``)
    rewritten in place, removed ones dropped and new ones appended; other lines verbatim."""
    segments: list[tuple[str | None, str]] = []  # (field, its lines) as polib splits them
    for line in text.splitlines(keepends=True):
        field, colon, _ = line.partition(":")
        if colon:
            segments.append((field, line))
        elif segments:
            segments[-1] = (segments[-1][0], segments[-1][1] + line)
        else:
            segments.append((None, line))
    last = {name: index for index, (name, _) in enumerate(segments) if name is not None}
    out: list[str] = []
    for index, (name, lines) in enumerate(segments):
        if name is None:
            out.append(lines)
        elif name not in metadata:
            continue
        elif index != last[name] or metadata[name] == fields.get(name):
            out.append(lines)
        else:
            out.append(f"{name}: {metadata[name]}\n")
    added = [f"{name}: {value}\n" for name, value in metadata.items() if name not in last]
    if added and out and not out[-1].endswith("\n"):
        out.append("\n")
    return "".join(out + added)


def _separator(out: list[str]) -> None:
    if out:
        out.append("\n")


def _format_entry(entry: polib.POEntry, out: list[str], nplurals: int) -> None:
    _separator(out)
    _comments(entry, out)
    flags, style = _gnu_flags(entry)
    if flags:
        out.append("#, " + ", ".join(flags) + "\n")
    _previous(entry, "#| ", out, style)
    _fields(entry, "", out, style, nplurals)


def _format_obsolete(entry: polib.POEntry, out: list[str], nplurals: int) -> None:
    if not _first_msgstr(entry):
        return  # GNU drops obsolete entries without a translation
    _separator(out)
    _comments(entry, out)
    flags, style = _gnu_flags(entry)
    flags = [flag for flag in flags if not flag.startswith("range:")]  # GNU omits it here
    if flags:
        out.append("#, " + ", ".join(flags) + "\n")
    _previous(entry, "#~| ", out, style)
    _fields(entry, "#~ ", out, style, nplurals)


def _first_msgstr(entry: polib.POEntry) -> str:
    if entry.msgid_plural:
        plurals = entry.msgstr_plural or {}
        return plurals[min(plurals)] if plurals else ""
    return entry.msgstr or ""


def _comments(entry: polib.POEntry, out: list[str]) -> None:
    blank = blank_comments(entry)
    if entry.tcomment or "tcomment" in blank:
        for line in entry.tcomment.split("\n"):
            out.append(f"# {_comment_text(line)}\n" if line else "#\n")
    if entry.comment or "comment" in blank:
        for line in entry.comment.split("\n"):
            out.append(f"#. {_comment_text(line)}\n" if line else "#.\n")
    if entry.occurrences:
        _references(entry.occurrences, out)


def _comment_text(line: str) -> str:
    """A comment line as written: GNU joins a line ending in a backslash with the next line
    (swallowing e.g. the ``msgid``), so such a line gets a trailing space."""
    return line + " " if line.endswith("\\") else line


def _references(occurrences: list[tuple[str, str]], out: list[str]) -> None:
    """``#:`` lines, filled up to the page width like GNU (which counts bytes).

    As GNU reads them: duplicates (same name as written, same line number) appear once; a
    leading ``./`` is dropped only when printing.
    """
    seen: set[tuple[str, int | str]] = set()
    line = "#:"
    column = 2
    for occurrence in occurrences:
        name, number = occurrence if isinstance(occurrence, tuple) else (occurrence, "")
        number = str(number).strip()
        numbered = _LINE_NUMBER.fullmatch(number) is not None
        key = (name, int(number) if numbered else number)
        if key in seen:
            continue
        seen.add(key)
        while name.startswith("./"):
            name = name[2:]
        reference = f"{name}:{int(number)}" if numbered else name
        length = len(reference.encode("utf-8")) + 1
        if column > 2 and column + length > PAGE_WIDTH:
            out.append(line + "\n")
            line, column = "#:", 2
        line += " " + reference
        column += length
    out.append(line + "\n")


def _gnu_flags(entry: polib.POEntry) -> tuple[list[str], _Style]:
    """The ``#,`` flags as msgcat prints them, and whether the entry's strings are wrapped.

    GNU keeps only flags it knows: ``fuzzy`` (dropped when untranslated), format flags in
    its own language order, ``range:`` and ``no-wrap``; ``wrap`` and unknown flags vanish.
    """
    fuzzy = False
    formats: dict[str, str] = {}
    wrap = True
    for raw in entry.flags:
        flag = raw.strip()
        if flag == "fuzzy":
            fuzzy = True
        elif flag == "no-wrap":
            wrap = False
        elif flag == "wrap":
            wrap = True
        elif flag.endswith("-format"):
            body = flag[: -len("-format")]
            for prefix in ("impossible-", "possible-", "no-", ""):
                if body.startswith(prefix) and body[len(prefix) :] in _FORMAT_ORDER:
                    language = body[len(prefix) :]
                    if prefix == "impossible-":
                        formats.pop(language, None)
                    else:
                        formats[language] = f"{'no-' if prefix == 'no-' else ''}{language}-format"
                    break
    flags = ["fuzzy"] if fuzzy and _first_msgstr(entry) else []
    flags += [formats[language] for language in sorted(formats, key=_FORMAT_ORDER.__getitem__)]
    numbers = read_flags(tuple(entry.flags)).numbers if entry.flags else None
    if numbers is not None:
        flags.append(f"range: {numbers[0]}..{numbers[1]}")
    if not wrap:
        flags.append("no-wrap")
    # GNU parses the strings with the first format flag that is not "no-": no break inside
    # a directive. Only the C and Python directive syntaxes are reproduced.
    positive = [language for language in formats if not formats[language].startswith("no-")]
    first = min(positive, key=_FORMAT_ORDER.__getitem__) if positive else None
    return flags, _Style(wrap, first if first in _DIRECTIVES else None)


def _previous(entry: polib.POEntry, prefix: str, out: list[str], style: _Style) -> None:
    if entry.previous_msgctxt is not None:
        _wrap(out, prefix, "msgctxt", entry.previous_msgctxt, style)
    if entry.previous_msgid is not None:
        _wrap(out, prefix, "msgid", entry.previous_msgid, style)
    if entry.previous_msgid_plural is not None:
        _wrap(out, prefix, "msgid_plural", entry.previous_msgid_plural, style)


def _fields(
    entry: polib.POEntry, prefix: str, out: list[str], style: _Style, nplurals: int
) -> None:
    if entry.msgctxt is not None:
        _wrap(out, prefix, "msgctxt", entry.msgctxt, style)
    _wrap(out, prefix, "msgid", entry.msgid, style)
    if entry.msgid_plural:
        _wrap(out, prefix, "msgid_plural", entry.msgid_plural, style)
        plurals = entry.msgstr_plural or {index: "" for index in range(nplurals)}
        for index in sorted(plurals, key=int):
            _wrap(out, prefix, f"msgstr[{int(index)}]", plurals[index], style)
    else:
        _wrap(out, prefix, "msgstr", entry.msgstr or "", style)


def _portions(value: str) -> list[str]:
    """``value`` cut after each newline, as GNU prints it: one source line per portion."""
    parts = value.split("\n")
    portions = [part + "\n" for part in parts[:-1]]
    if parts[-1] or not portions:
        portions.append(parts[-1])
    return portions


def _wrap(out: list[str], prefix: str, name: str, value: str, style: _Style) -> None:
    """One keyword and its string, wrapped as GNU ``write-po.c``'s ``wrap()`` does."""
    after_break = len(prefix) + 1
    width = (PAGE_WIDTH if style.wrap else _NO_WRAP_WIDTH) - 1 - after_break
    keyword_start = len(prefix) + len(name) + 2 - after_break  # after `name "`
    line_start = len(prefix) + 1 - after_break  # after a lone `"`
    portions = _portions(value)
    spans = _directive_spans(value, style.format_language) if style.format_language else []
    first = True
    last_index = len(portions) - 1
    offset = 0
    for index, portion in enumerate(portions):
        escaped = portion.translate(_ESCAPES) if _NEEDS_ESCAPE.search(portion) else portion
        protected = _protected(portion, offset, spans) if spans else []
        offset += len(portion)
        breaks = _breaks(portion, escaped, width, line_start, protected)
        if first and escaped:
            # GNU writes `name ""` and starts on the next line when the portion does not fit
            # after the keyword. Breaks needed from column 0 are needed after the keyword too,
            # so the keyword-line layout is computed only when the portion fits from column 0.
            if (
                index < last_index
                or breaks
                or keyword_start > width
                or _breaks(portion, escaped, width, keyword_start, protected)
            ):
                out.append(f'{prefix}{name} ""\n')
                first = False
        head = f'{prefix}{name} "' if first else f'{prefix}"'
        first = False
        if not breaks:
            out.append(f'{head}{escaped}"\n')
            continue
        encoded = escaped.encode("utf-8")
        pieces = []
        begin = 0
        for position in breaks:
            pieces.append(encoded[begin:position].decode("utf-8"))
            begin = position
        pieces.append(encoded[begin:].decode("utf-8"))
        out.append(head + f'"\n{prefix}"'.join(pieces) + '"\n')


def _directive_spans(value: str, language: str) -> list[tuple[int, int]]:
    """Character spans of the format directives GNU's parser accepts, up to its first error.

    After an invalid directive (or, in Python, after named and unnamed ones are mixed) GNU
    stops parsing, so later directives may be broken like plain text.
    """
    pattern = _DIRECTIVES[language]
    spans = []
    named = unnamed = False
    at = value.find("%")
    while at != -1:
        match = pattern.match(value, at)
        if match is None:
            break
        directive = match.group(0)
        if language == "python" and not directive.endswith("%"):
            if directive.startswith("%("):
                named = True
            else:
                unnamed = True
            if named and unnamed:
                break
        spans.append(match.span())
        at = value.find("%", match.end())
    return spans


def _protected(portion: str, offset: int, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``spans`` inside this portion, as byte spans of its escaped UTF-8 text."""
    result = []
    for begin, end in spans:
        if offset <= begin and end <= offset + len(portion):
            head = portion[: begin - offset]
            body = portion[begin - offset : end - offset]
            start = len(head.translate(_ESCAPES).encode("utf-8"))
            result.append((start, start + len(body.translate(_ESCAPES).encode("utf-8"))))
    return result


def _breaks(
    portion: str, escaped: str, width: int, start: int, protected: list[tuple[int, int]]
) -> list[int]:
    """Byte offsets of the line breaks GNU inserts in ``escaped`` (one portion)."""
    # Fast path: the whole portion fits. No character is wider than two columns, and none
    # below U+1100 (the first East Asian wide one) is wider than one.
    length = len(escaped)
    if start + length <= width and (start + 2 * length <= width or max(escaped) < "\u1100"):
        return []
    encoded = escaped.encode("utf-8")
    overrides = bytearray(encoded.translate(_CONTINUATION))
    # Every backslash in the escaped text starts a two-character escape: no break inside.
    at = encoded.find(b"\\")
    while at != -1:
        overrides[at + 1] = BREAK_PROHIBITED
        at = encoded.find(b"\\", at + 2)
    if portion.endswith("\n"):
        overrides[-2] = BREAK_PROHIBITED  # not before the final "\n"
    for begin, end in protected:  # no break inside a format directive, only before it
        overrides[begin + 1 : end] = bytes([BREAK_PROHIBITED]) * (end - begin - 1)
    return break_positions(encoded, bytes(overrides), width, start)
