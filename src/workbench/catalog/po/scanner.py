"""Fast byte-level reader of the messages a ``.mo`` needs, for ``workbench compile``.

Hand-written because compiling must keep pace with GNU ``msgfmt``: polib takes 1.4 s to load a
50,000-entry catalog and Babel's ``read_po`` is slower still, while ``msgfmt`` compiles the
whole catalog in under a second. This reader keeps only what compiling and its checks need
(context, ids, translations, flags, obsolete mark, line numbers), works on bytes so strings go
to the ``.mo`` exactly as written (GNU ``msgfmt`` 0.21 does not convert charsets either), and
unescapes only strings that contain a backslash.

Editing catalogs goes through :mod:`workbench.catalog.po.reader` (polib); this module never
writes. Both read lines, strings and escapes with the one lexer, :mod:`workbench.catalog.po.lexer`.
The tests check it against ``msgfmt``/``msgunfmt`` on generated catalogs (hypothesis).

Syntax follows GNU ``po-lex``/``po-gram``: keywords ``msgctxt``, ``msgid``, ``msgid_plural``,
``msgstr``, ``msgstr[N]`` (``msgstr [ 0 ]`` too); continuation lines of quoted strings; a
backslash before a line end joins the lines; form feed and vertical tab are blanks; C escapes
(``\\n \\t \\r \\a \\b \\f \\v \\\\ \\" \\ooo \\xH...``, hex keeping its last two digits);
``#,`` and ``#!`` flag lines (GNU keeps the last; a ``fuzzy`` on an earlier line is kept too, as
:mod:`workbench.catalog.po.reader` keeps it: leaving an entry out of the ``.mo`` is the safe side);
``#|`` previous strings checked for order and place; ``#~`` obsolete entries (read, because GNU
counts them in duplicate detection, then left out of the ``.mo``), every line of one marked
``#~`` and no line of a live one; other comments ignored, but not between keywords. Refused
with the line, as reading refuses them: NUL and ``\\x04`` in strings, and in a UTF-8 catalog
escaped bytes that do not form UTF-8 (msgfmt writes them into the ``.mo``).

The regex fast path reads well-formed entries; anything unusual (including ``#|`` lines not
laid out as msgmerge writes them) is re-read by the line reader, which names the line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from workbench.catalog.po.flags import entry_flags
from workbench.catalog.po.lexer import (
    BYTE_ORDER_MARK,
    CONTEXT_SEPARATOR,
    NOT_UTF8,
    NUL,
    PREVIOUS_NEXT,
    PoSyntaxError,
    logical_lines,
    prepare,
    strings,
    unescape,
    unescape_all,
)

_KEYWORD_PLURAL = re.compile(rb"msgstr[ \t\f\v]*\[[ \t\f\v]*(\d+)[ \t\f\v]*\]$")


@dataclass(slots=True)
class RawEntry:
    """One message as written in the file, strings as raw (unescaped) bytes."""

    msgid: bytes
    msgstrs: list[bytes]
    msgctxt: bytes | None = None
    msgid_plural: bytes | None = None
    flags: tuple[str, ...] = ()
    obsolete: bool = False
    msgid_pos: int = 0  # byte offset of the 'msgid' line in the file
    msgstr_pos: int = 0  # byte offset of the 'msgstr' (or 'msgstr[0]') line

    @property
    def is_header(self) -> bool:
        return self.msgid == b"" and self.msgctxt is None

    @property
    def key(self) -> bytes:
        if self.msgctxt is None:
            return self.msgid
        return self.msgctxt + b"\x04" + self.msgid


@dataclass
class RawCatalog:
    path: Path
    entries: list[RawEntry] = field(default_factory=list)
    syntax_errors: list[PoSyntaxError] = field(default_factory=list)
    data: bytes = b""

    def line_at(self, offset: int) -> int:
        """1-based line number of the byte at ``offset`` (computed on demand: only errors
        need line numbers, and counting newlines for every entry would slow reading)."""
        return self.data.count(b"\n", 0, offset) + 1

    @property
    def header(self) -> RawEntry | None:
        for entry in self.entries:
            if entry.is_header and not entry.obsolete:
                return entry
        return None


# An octal or hex escape of a byte above 0x7F (hex: the last two digits count).
_HIGH_ESCAPE = re.compile(rb"\\(?:[23][0-7]{2}|x[0-9A-Fa-f]*[89A-Fa-f][0-9A-Fa-f])")
_UTF8_CHARSET = re.compile(rb"charset=utf-?8\b", re.I)


def _check_escaped_utf8(catalog: RawCatalog) -> None:
    """In a UTF-8 catalog, escaped bytes above 0x7F must form UTF-8 with the text around
    them, as :mod:`workbench.catalog.po.reader` requires: msgfmt writes any byte, and a runtime
    reading the ``.mo`` as UTF-8 then fails. Run only when the file has such an escape."""
    header = catalog.header
    if header is None or not header.msgstrs or not _UTF8_CHARSET.search(header.msgstrs[0]):
        return
    for entry in catalog.entries:
        for position, values in (
            (entry.msgid_pos, (entry.msgctxt or b"", entry.msgid, entry.msgid_plural or b"")),
            (entry.msgstr_pos, entry.msgstrs),
        ):
            for value in values:
                try:
                    value.decode("utf-8")
                except UnicodeDecodeError:
                    catalog.syntax_errors.append(
                        PoSyntaxError(catalog.line_at(position), NOT_UTF8)
                    )
                    break


def _quoted(rest: bytes, line: int) -> list[bytes]:
    """The (still escaped) contents of the quoted string(s) in ``rest``, one per string."""
    if b"\x04" in rest or b"\x00" in rest:
        raise PoSyntaxError(line, CONTEXT_SEPARATOR if b"\x04" in rest else NUL)
    try:
        return strings(rest, line)
    except PoSyntaxError as exc:
        raise PoSyntaxError(line, f"syntax error: {exc.message}") from None


_INCONSISTENT_OBSOLETE = (
    "inconsistent use of '#~': every line of an obsolete entry starts with '#~', "
    "no line of a live entry does"
)


def _misplaced_comment(builder: _Builder) -> str | None:
    """Why a comment line cannot stand where the entry being read has got to (GNU's grammar
    allows comments only above the '#|' lines and keywords of an entry)."""
    if builder.msgid is not None:
        return "comment between msgid and msgstr"
    if builder.ctxt is not None:
        return "comment between msgctxt and msgid"
    if builder.previous:
        return "comment between '#|' lines and msgid: put it above the '#|' lines"
    return None


def _no_string(line: bytes) -> str:
    """What is wrong with a line that has no quoted string."""
    word = line.split(None, 1)[0]
    shown = word[:30].decode("utf-8", "replace")
    if word in (b"msgctxt", b"msgid", b"msgid_plural", b"msgstr") or _KEYWORD_PLURAL.match(word):
        return f"syntax error: '{shown}' without a string: put its first string on its line"
    return f"syntax error: unexpected '{shown}'"


class _Builder:
    """Accumulates the parts of the entry being read."""

    __slots__ = (
        "ctxt",
        "msgid",
        "plural",
        "msgstrs",
        "flags",
        "obsolete",
        "msgid_line",
        "msgstr_line",
        "msgid_pos",
        "msgstr_pos",
        "current",
        "first_line",
        "marked",
        "previous",
    )

    def __init__(self) -> None:
        self.ctxt: list[bytes] | None = None
        self.msgid: list[bytes] | None = None
        self.plural: list[bytes] | None = None
        self.msgstrs: list[list[bytes]] = []
        self.flags: list[bytes] = []
        self.obsolete = False
        self.msgid_line = 0
        self.msgstr_line = 0
        self.msgid_pos = 0
        self.msgstr_pos = 0
        self.current: list[bytes] | None = None
        self.first_line = 0
        self.marked: bool | None = None  # '#~' on the entry's lines (all or none)
        self.previous: list[bytes] = []  # keywords of its '#|' lines, in order


_STRING = rb'"[^"\\\n]*(?:\\.[^"\\\n]*)*"'
_STRINGS = rb"%s(?:[ \t]*\n[ \t]*%s)*" % (_STRING, _STRING)
_ENTRY = re.compile(
    rb"(?P<comments>(?:\#[^\n]*\n|[ \t]*\n)*)"
    rb"(?:msgctxt[ \t]+(?P<ctxt>%(s)s)[ \t]*\n)?"
    rb"msgid[ \t]+(?P<id>%(s)s)[ \t]*\n"
    rb"(?:msgid_plural[ \t]+(?P<plural>%(s)s)[ \t]*\n)?"
    rb"(?:msgstr[ \t]+(?P<str>%(s)s)"
    rb"|(?P<forms>msgstr\[0\][ \t]+%(s)s(?:[ \t]*\n[ \t]*msgstr\[\d+\][ \t]+%(s)s)*))"
    rb"[ \t]*(?:\n|\Z)" % {b"s": _STRINGS}
)
_FORM = re.compile(rb"msgstr\[(\d+)\][ \t]+(%s)" % _STRINGS)
_FLAGS = re.compile(rb"^#[,!]([^\n]*)", re.M)  # GNU reads '#!' as '#,'
_PREVIOUS_STRING = rb'[ \t]*"[^"\\\n]*(?:\\.[^"\\\n]*)*"[ \t]*\n'
# The '#|' lines above an entry as msgmerge writes them: msgctxt, msgid, msgid_plural, each
# with its continuation lines, right above the keywords. Anything else goes to the line reader.
_PREVIOUS_BLOCK = re.compile(
    rb"(?:^|(?<=\n))(?:\#\|[ \t]*msgctxt%(s)s(?:\#\|%(s)s)*)?"
    rb"\#\|[ \t]*msgid%(s)s(?:\#\|%(s)s)*"
    rb"(?:\#\|[ \t]*msgid_plural%(s)s(?:\#\|%(s)s)*)?(?:[ \t]*\n)*\Z" % {b"s": _PREVIOUS_STRING}
)
_TRAILER = re.compile(rb"(?:\#[^\n]*\n|[ \t]*\n)*(?:\#[^\n]*)?[ \t]*\Z")


def _join(block: bytes) -> bytes:
    """Content of a block of quoted strings separated by newlines, still escaped."""
    inner = block[1:-1].replace(b'"\n"', b"")
    if b"\n" not in inner:
        return inner
    return b"".join(_STRING_CONTENTS.findall(block))


_STRING_CONTENTS = re.compile(rb'"([^"\\\n]*(?:\\.[^"\\\n]*)*)"')


def _value(block: bytes) -> bytes:
    """The unescaped value of a block of quoted strings. Each string is unescaped on its own,
    as GNU does: an escape never runs into the next string (``"\\x41" "a"`` is ``Aa``)."""
    if b"\n" not in block:  # one string (the fast path's blocks put each on its own line)
        inner = block[1:-1]
        return unescape(inner, 0) if b"\\" in inner else inner
    if b"\\" not in block:
        return _join(block)
    return unescape_all(_STRING_CONTENTS.findall(block), 0)


def _fast_read(data: bytes, catalog: RawCatalog) -> bool:
    """Read well-formed ``data`` with one regex match per entry; False if anything is unusual
    (the caller then re-reads line by line to name the line at fault)."""
    entries = catalog.entries
    position = 0
    size = len(data)
    match_entry = _ENTRY.match
    if b"\x04" in data or b"\x00" in data:  # the line reader names the line of either
        return False
    try:
        while position < size:
            match = match_entry(data, position)
            if match is None:
                trailer = _TRAILER.match(data, position)
                if trailer is None:
                    return False
                if b"#~" in trailer.group(0):
                    _read_obsolete(data, position, size, catalog)
                break
            comments, ctxt, msgid, plural, msgstr, forms = match.groups()
            if (forms is None) != (plural is None):  # msgstr[N] needs msgid_plural and back
                return False
            flags: tuple[str, ...] = ()
            if comments:
                if b"#~" in comments or b"#|" in comments:
                    comments = _live_comments(data, position, match.end(1), comments, catalog)
                    if comments is None:
                        return False
                if b"#," in comments or b"#!" in comments:
                    flags = _flags_of(_FLAGS.findall(comments))
            if forms is None:
                msgstr_pos = match.start(5)
                msgstrs = [_value(msgstr)]
            else:
                msgstr_pos = match.start(6)
                parsed = _FORM.findall(forms)
                if [int(index) for index, _ in parsed] != list(range(len(parsed))):
                    return False
                msgstrs = [_value(block) for _, block in parsed]
            msgid = _value(msgid)
            entries.append(
                RawEntry(
                    msgid,
                    msgstrs,
                    None if ctxt is None else _value(ctxt),
                    None if plural is None else _value(plural),
                    flags,
                    False,
                    match.start(3),
                    msgstr_pos,
                )
            )
            position = match.end()
    except PoSyntaxError:
        return False
    return not catalog.syntax_errors


def _live_comments(
    data: bytes, start: int, end: int, comments: bytes, catalog: RawCatalog
) -> bytes | None:
    """The comments of the live entry whose comment block is ``comments`` (``data[start:end]``):
    obsolete entries above it are read into ``catalog``. None if the line reader must decide
    (a '#~|' line right above a live entry, '#|' lines not laid out as msgmerge writes them)."""
    if b"#~" in comments:
        _read_obsolete(data, start, end, catalog)
        last = _end_of_last_obsolete_line(comments)
        if comments.startswith(b"#~|", comments.rfind(b"\n#~", 0, last) + 1):
            return None  # ends with a '#~|' line: the line reader refuses it
        comments = comments[last:]
    if b"#|" in comments:
        block = _PREVIOUS_BLOCK.search(comments)
        if block is None or block.group(0).count(b"#|") != comments.count(b"#|"):
            return None
    return comments


def _flags_of(lines: list[bytes]) -> tuple[str, ...]:
    """The flags of an entry's ``#,`` (or ``#!``) lines, read as the editing reader reads
    them (:func:`~workbench.catalog.po.flags.entry_flags`)."""
    return tuple(entry_flags([line.decode("utf-8", "replace") for line in lines]))


def _end_of_last_obsolete_line(comments: bytes) -> int:
    """Offset just after the last ``#~`` line of a comment block (0 when there is none)."""
    start = 0 if comments.startswith(b"#~") else -1
    last = comments.rfind(b"\n#~")
    start = last + 1 if last >= 0 else start
    if start < 0:
        return 0
    end = comments.find(b"\n", start)
    return len(comments) if end < 0 else end + 1


def _read_obsolete(data: bytes, start: int, end: int, catalog: RawCatalog) -> None:
    """Obsolete (``#~``) entries between ``start`` and ``end``, read by the line reader.

    Flag lines (``#,``, ``#!``) are kept, as the flags of the obsolete entry they precede, and
    ``#|`` lines, which GNU refuses above one; other lines are blanked with spaces so that byte
    offsets stay those of ``data``.
    """
    chunk = data[start:end]
    lines = [
        text if text.startswith((b"#~", b"#,", b"#!", b"#|")) else b" " * len(text)
        for text in chunk.split(b"\n")
    ]
    found = _read_lines(b"\n".join(lines), catalog.path, 1, start)
    catalog.entries.extend(found.entries)
    if found.syntax_errors:
        lines_before = data.count(b"\n", 0, start)
        for error in found.syntax_errors:
            error.line += lines_before
        catalog.syntax_errors.extend(found.syntax_errors)


def read_raw_catalog(path: str | Path, data: bytes | None = None) -> RawCatalog:
    """Read ``path`` (or ``data``). Syntax errors are collected, not raised.

    Well-formed files take the regex fast path; anything it does not accept is re-read line by
    line, which names the line of each syntax error. Raises ``OSError`` if unreadable.
    """
    path = Path(path)
    if data is None:
        data = path.read_bytes()
    refused = []
    try:
        data = prepare(data)
    except PoSyntaxError as exc:  # a byte-order mark: GNU says "1:2: syntax error", reads on
        refused.append(PoSyntaxError(exc.line, f"syntax error: {exc.message}", exc.hint))
        data = prepare(b" " * len(BYTE_ORDER_MARK) + data[len(BYTE_ORDER_MARK) :])
    catalog = RawCatalog(path=path, data=data)
    if refused or not _fast_read(data, catalog):
        catalog = _read_lines(data, path)
        catalog.syntax_errors[:0] = refused
    if b"\\" in data and _HIGH_ESCAPE.search(data):
        _check_escaped_utf8(catalog)
    return catalog


def _numbered_lines(
    data: bytes, first_line: int, base_offset: int
) -> Iterator[tuple[int, bytes, int]]:
    """(line number, line, byte offset) of each of the lexer's logical lines (a backslash
    before a line end joins two lines, in strings and comments alike)."""
    lines, numbers = logical_lines(data)
    if numbers is None:
        offset = base_offset
        for number, line in enumerate(lines, first_line):
            yield number, line, offset
            offset += len(line) + 1
        return
    starts = [0]
    starts.extend(match.end() for match in re.finditer(b"\n", data))
    for line, number in zip(lines, numbers, strict=True):
        yield number + first_line - 1, line, base_offset + starts[number - 1]


def _read_lines(
    data: bytes, path: Path, first_line: int = 1, base_offset: int = 0
) -> RawCatalog:
    """The line-by-line reader: slower, exact about where syntax errors are."""
    catalog = RawCatalog(path=path, data=data)
    entries = catalog.entries
    errors = catalog.syntax_errors

    builder = _Builder()
    pending_flags: list[bytes] = []  # the '#,' lines above the entry being read

    def finish() -> None:
        nonlocal builder
        b = builder
        if b.msgid is None:
            if b.ctxt is not None or b.msgstrs:
                errors.append(PoSyntaxError(b.first_line, "missing 'msgid'"))
            builder = _Builder()
            return
        if not b.msgstrs:
            errors.append(PoSyntaxError(b.msgid_line, "missing 'msgstr'"))
            builder = _Builder()
            return
        try:
            entry = RawEntry(
                msgid=unescape_all(b.msgid, b.msgid_line),
                msgstrs=[unescape_all(parts, b.msgstr_line) for parts in b.msgstrs],
                msgctxt=None if b.ctxt is None else unescape_all(b.ctxt, b.msgid_line),
                msgid_plural=None
                if b.plural is None
                else unescape_all(b.plural, b.msgid_line),
                flags=_flags_of(b.flags) if b.flags else (),
                obsolete=b.obsolete,
                msgid_pos=b.msgid_pos,
                msgstr_pos=b.msgstr_pos,
            )
        except PoSyntaxError as exc:
            errors.append(exc)
        else:
            entries.append(entry)
        builder = _Builder()

    def previous_line(body: bytes, obsolete: bool, number: int) -> bool:
        """Take one ``#|`` line (GNU's previous strings: msgctxt, msgid, msgid_plural, in
        that order, above the entry); False after recording the error it makes."""
        nonlocal builder
        body = body.lstrip()
        if not body:
            return True  # GNU: no token on the line
        if builder.msgstrs:
            finish()
        elif builder.msgid is not None or builder.ctxt is not None:
            errors.append(PoSyntaxError(number, "'#|' line after msgctxt or msgid"))
            return False
        if builder.marked is None:
            builder.marked = obsolete
        elif builder.marked != obsolete:
            errors.append(PoSyntaxError(number, _INCONSISTENT_OBSOLETE))
            return False
        builder.first_line = builder.first_line or number
        quote = body.find(b'"')
        keyword = body[:quote].rstrip() if quote >= 0 else body
        last = builder.previous[-1] if builder.previous else None
        if keyword and keyword not in PREVIOUS_NEXT.get(last, ()):
            shown = keyword.decode("utf-8", "replace")
            errors.append(
                PoSyntaxError(number, f"syntax error: '#| {shown}' out of order or unknown")
            )
            return False
        if not keyword and not builder.previous:
            errors.append(PoSyntaxError(number, "syntax error: '#|' string without keyword"))
            return False
        try:
            _quoted(body[quote:] if quote >= 0 else b"", number)
        except PoSyntaxError as exc:
            errors.append(exc)
            return False
        if keyword:
            builder.previous.append(keyword)
        return True

    skipping = False
    for number, line, line_offset in _numbered_lines(data, first_line, base_offset):
        if not line:
            continue
        first = line[0]
        if first in (0x20, 0x09, 0x0B, 0x0C, 0x0D):  # GNU's blanks: also CR, form feed, VT
            line = line.lstrip()
            if not line:
                continue
            first = line[0]
        obsolete = False
        if first == 0x23:  # '#'
            second = line[1:2]
            if second == b"~":
                rest = line[2:].lstrip()
                if not rest:
                    continue
                if rest[0] == 0x7C:  # '#~|': previous string of an obsolete entry
                    if not previous_line(rest[1:], True, number):
                        builder = _Builder()
                        skipping = True
                    continue
                if rest[0] == 0x23:  # '#~ # text': a comment
                    continue
                line = rest
                first = line[0]
                obsolete = True
            elif second == b"|":
                if not previous_line(line[2:], False, number):
                    builder = _Builder()
                    skipping = True
                continue
            else:
                if builder.msgstrs:
                    finish()
                else:
                    reason = _misplaced_comment(builder)
                    if reason:
                        errors.append(PoSyntaxError(number, f"syntax error: {reason}"))
                        builder = _Builder()
                        skipping = True
                if second == b"," or second == b"!":
                    pending_flags.append(line[2:])
                continue
        if builder.msgstrs and first != 0x22 and not line.startswith(b"msgstr"):
            finish()  # only strings and msgstr lines continue an entry after its msgstr
        if builder.marked is None:
            builder.marked = obsolete
        elif builder.marked != obsolete and not skipping:
            errors.append(PoSyntaxError(number, _INCONSISTENT_OBSOLETE))
            builder = _Builder()
            skipping = True
            continue
        if first == 0x22:  # '"': continuation
            if builder.current is None:
                if not skipping:
                    errors.append(PoSyntaxError(number, "syntax error: string without keyword"))
                continue
            try:
                builder.current.extend(_quoted(line, number))
            except PoSyntaxError as exc:
                errors.append(exc)
            continue
        space = line.find(b'"')
        if space < 0:
            errors.append(PoSyntaxError(number, _no_string(line)))
            builder = _Builder()
            skipping = True
            continue
        keyword = line[:space].rstrip()
        skipping = False
        try:
            text = _quoted(line[space:], number)
        except PoSyntaxError as exc:
            errors.append(exc)
            builder = _Builder()  # drop the broken entry: one error, not one more per line
            skipping = True
            continue
        misplaced = None
        if keyword in (b"msgid", b"msgctxt"):
            if builder.previous and b"msgid" not in builder.previous:
                misplaced = "'#| msgctxt' needs a '#| msgid' line after it"
            elif keyword == b"msgctxt" and builder.ctxt is not None and builder.msgid is None:
                misplaced = "msgctxt repeated"
        if misplaced:
            errors.append(PoSyntaxError(number, f"syntax error: {misplaced}"))
            builder = _Builder()
            skipping = True
            continue
        if keyword == b"msgid":
            if builder.msgstrs or (builder.msgid is not None):
                if builder.msgid is not None and not builder.msgstrs:
                    errors.append(PoSyntaxError(builder.msgid_line, "missing 'msgstr'"))
                    builder = _Builder()
                else:
                    finish()
            builder.obsolete = obsolete
            builder.msgid = text
            builder.msgid_line = number
            builder.msgid_pos = line_offset
            builder.first_line = builder.first_line or number
            builder.current = builder.msgid
            builder.flags = pending_flags
            pending_flags = []
        elif keyword == b"msgstr":
            if builder.msgid is None or builder.msgstrs or builder.plural is not None:
                reason = "unexpected 'msgstr'"
                if builder.plural is not None and not builder.msgstrs:
                    reason = "'msgstr' after 'msgid_plural' (use msgstr[0], msgstr[1], ...)"
                errors.append(PoSyntaxError(number, f"syntax error: {reason}"))
                builder = _Builder()  # drop the broken entry: one error, not two
                skipping = True  # ... and not one more per continuation line
                continue
            builder.msgstr_line = number
            builder.msgstr_pos = line_offset
            builder.current = text
            builder.msgstrs.append(builder.current)
        elif keyword == b"msgctxt":
            if builder.msgid is not None or builder.msgstrs:
                finish()
            builder.obsolete = obsolete
            builder.ctxt = text
            builder.first_line = number
            builder.current = builder.ctxt
        elif keyword == b"msgid_plural":
            if builder.msgid is None or builder.msgstrs or builder.plural is not None:
                errors.append(PoSyntaxError(number, "syntax error: unexpected 'msgid_plural'"))
                builder.current = None
                continue
            builder.plural = text
            builder.current = builder.plural
        else:
            match = _KEYWORD_PLURAL.match(keyword)
            if match is None:
                shown = keyword.decode("utf-8", "replace")
                errors.append(PoSyntaxError(number, f"syntax error: unknown keyword '{shown}'"))
                builder.current = None
                continue
            index = int(match.group(1))
            if builder.plural is None or index != len(builder.msgstrs):
                reason = f"unexpected 'msgstr[{index}]'"
                if builder.msgid is not None and builder.plural is None:
                    reason = f"'msgstr[{index}]' without 'msgid_plural'"
                elif builder.plural is not None:
                    reason = f"'msgstr[{index}]' where 'msgstr[{len(builder.msgstrs)}]' belongs"
                errors.append(PoSyntaxError(number, f"syntax error: {reason}"))
                builder = _Builder()
                skipping = True
                continue
            if index == 0:
                builder.msgstr_line = number
                builder.msgstr_pos = line_offset
            builder.current = text
            builder.msgstrs.append(builder.current)
    if builder.msgid is not None or builder.ctxt is not None:
        finish()
    return catalog
