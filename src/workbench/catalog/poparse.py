"""Strict PO parser that builds ``polib`` objects; every syntax error names its line.

Hand-written (polib stays the in-memory model) for three reasons measured on this project:
polib's parser silently accepts malformed input (an unterminated string, an unknown escape
such as ``\\q``), reads some valid input differently from GNU (empty ``#.`` lines, trailing
blanks in comments, ``#~|`` previous strings of obsolete entries, octal and ``\\a`` escapes,
several ``#,`` lines: GNU keeps only the last) and takes about 1.4 s for a 50,000-entry
catalog against a 1.5 s budget for loading. The grammar is GNU gettext 0.21's
(``po-lex.c``/``po-gram.y``); tests compare the result with polib's on valid input and with
GNU ``msgcat`` output.

``POEntry.linenum`` is the line of the entry's ``msgid`` keyword (where GNU reports errors).
"""

from __future__ import annotations

import re

import polib


class PoSyntaxError(ValueError):
    """Invalid PO syntax at 1-based ``line``."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.message = message


_STRING = re.compile(r'"([^"\\]*(?:\\.[^"\\]*)*)"[ \t\r]*\Z')
_PIECE = re.compile(r'"([^"\\]*(?:\\.[^"\\]*)*)"')
_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"(?:[ \t]*"(?:[^"\\]|\\.)*")*[ \t\r]*\Z')
_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[([0-9]+)\])?)(?=[ \t\"])[ \t]*")
_ESCAPE = re.compile(r"\\(?:([0-7]{1,3})|x([0-9A-Fa-f]+)|(.)|\Z)")
_SIMPLE = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
_SIMPLE.update({"\\": "\\", '"': '"'})


def _unescape(body: str, line: int) -> str:
    if "\\" not in body:
        return body

    def replace(match: re.Match[str]) -> str:
        octal, hexa, simple = match.groups()
        if simple is not None:
            if simple in _SIMPLE:
                return _SIMPLE[simple]
            raise PoSyntaxError(line, f"invalid escape sequence '\\{simple}'")
        code = int(octal, 8) if octal is not None else int(hexa, 16) if hexa else -1
        if not 0 < code < 0x80 or code == 4:
            raise PoSyntaxError(
                line,
                "context separator or NUL in a string" if code in (0, 4)
                else "escape sequence outside ASCII: write the character itself",
            )
        return chr(code)

    return _ESCAPE.sub(replace, body)


def _string(text: str, line: int) -> str:
    match = _STRING.match(text)
    if match is None and _STRINGS.match(text):  # GNU also accepts "a" "b" on one line
        return "".join(_unescape(body, line) for body in _PIECE.findall(text))
    if match is None:
        if text.startswith('"') and re.fullmatch(r'"(?:[^"\\]|\\.)*\\?', text.rstrip()):
            raise PoSyntaxError(line, "unterminated string")
        if text.startswith('"'):
            raise PoSyntaxError(line, "unescaped double quote or text after the string")
        raise PoSyntaxError(line, "expected a quoted string")
    return _unescape(match.group(1), line)


class _Entry:
    """Fields of the entry being read (plain attributes: cheap to create)."""

    __slots__ = (
        "tcomment",
        "comment",
        "occurrences",
        "flags",
        "previous",
        "msgctxt",
        "msgid",
        "msgid_plural",
        "msgstr",
        "plurals",
        "obsolete",
        "line",
        "start",
    )

    def __init__(self, start: int) -> None:
        self.tcomment: list[str] = []
        self.comment: list[str] = []
        self.occurrences: list[tuple[str, str]] = []
        self.flags: list[str] = []
        self.previous: dict[str, str] = {}
        self.msgctxt: str | None = None
        self.msgid: str | None = None
        self.msgid_plural: str | None = None
        self.msgstr: str | None = None
        self.plurals: dict[int, str] = {}
        self.obsolete = False
        self.line = 0
        self.start = start


def parse(text: str) -> polib.POFile:
    """Parse catalog ``text`` into a ``polib.POFile``; raise :class:`PoSyntaxError`."""
    po = polib.POFile(wrapwidth=79)
    entries: list[polib.POEntry] = []
    header_found = False
    current = _Entry(1)
    target: tuple[str, int] | None = None  # the string a continuation line extends
    has_msgstr = False  # current entry has its msgstr: the next comment or msgid starts anew

    def finish(line: int) -> None:
        nonlocal current, header_found, has_msgstr, target
        entry = current
        if entry.msgid is None:
            raise PoSyntaxError(line, "entry has no msgid")
        if not has_msgstr:
            raise PoSyntaxError(entry.line, "msgid without msgstr")
        if not header_found and not entry.obsolete and entry.msgid == "" and entry.msgctxt is None:
            header_found = True
            _set_header(po, entry)
        else:
            entries.append(_to_polib(entry))
        current = _Entry(line)
        target = None
        has_msgstr = False

    lines = text.split("\n")
    if "\x04" in text or "\x00" in text:  # gettext's context separator and C's terminator
        bad = text.find("\x04") if "\x04" in text else text.find("\x00")
        raise PoSyntaxError(text.count("\n", 0, bad) + 1, "control character U+0004 or NUL")
    for number, raw in enumerate(lines, start=1):
        line = raw.lstrip(" \t")
        if not line or line == "\r":
            continue
        first = line[0]
        obsolete = False
        if first == "#":
            second = line[1:2]
            if second == "~" and line[2:3] != "|":
                line = line[2:].lstrip(" \t")
                if not line or line == "\r":
                    continue
                first = line[0]
                obsolete = True
            else:
                if has_msgstr:
                    finish(number)
                elif current.msgid is not None:
                    raise PoSyntaxError(number, "comment between msgid and msgstr")
                target = None
                body = line.rstrip("\r")
                if second == "~":
                    _previous_line(current, body[3:].lstrip(" \t"), number)
                elif second == "|":
                    _previous_line(current, body[2:].lstrip(" \t"), number)
                elif second == ".":
                    current.comment.append(body[3:] if body.startswith("#. ") else body[2:])
                elif second == ":":
                    _references(current, body[2:])
                elif second == ",":  # as in GNU, the last flags line replaces earlier ones
                    current.flags = flag_tokens(body[2:])
                else:
                    current.tcomment.append(body[2:] if body.startswith("# ") else body[1:])
                continue
        if first == '"':
            if target is None:
                raise PoSyntaxError(number, "string without a keyword before it")
            _extend(current, target, _string(line, number))
            continue
        match = _KEYWORD.match(line)
        if match is None:
            word = re.match(r"[^\s\"]+", line)
            raise PoSyntaxError(
                number, f"unknown keyword {word.group(0)!r}" if word else "expected a keyword"
            )
        keyword, index = match.group(1), match.group(2)
        value = _string(line[match.end() :], number)
        if keyword in ("msgctxt", "msgid"):
            if has_msgstr:
                finish(number)
            elif current.msgid is not None:
                raise PoSyntaxError(number, f"{keyword} after msgid without msgstr")
            if keyword == "msgctxt":
                if current.msgctxt is not None:
                    raise PoSyntaxError(number, "msgctxt repeated")
                current.msgctxt = value
                target = ("msgctxt", 0)
            else:
                current.msgid = value
                current.line = number
                current.obsolete = obsolete
                target = ("msgid", 0)
        elif current.msgid is None:
            raise PoSyntaxError(number, f"{keyword} without msgid")
        elif keyword == "msgid_plural":
            if has_msgstr or current.msgid_plural is not None:
                raise PoSyntaxError(number, "msgid_plural out of place")
            current.msgid_plural = value
            target = ("msgid_plural", 0)
        elif index is None:
            if has_msgstr or current.msgid_plural is not None:
                raise PoSyntaxError(
                    number, "msgstr repeated" if has_msgstr else "plural entry needs msgstr[N]"
                )
            current.msgstr = value
            has_msgstr = True
            target = ("msgstr", 0)
        else:
            if current.msgid_plural is None:
                raise PoSyntaxError(number, "msgstr[N] without msgid_plural")
            if int(index) in current.plurals:
                raise PoSyntaxError(number, f"msgstr[{index}] repeated")
            current.plurals[int(index)] = value
            has_msgstr = True
            target = ("plural", int(index))
    if current.msgid is not None or current.msgctxt is not None:
        finish(len(lines))
    po.extend(entries)
    return po


def _extend(entry: _Entry, target: tuple[str, int], value: str) -> None:
    kind, index = target
    if kind == "plural":
        entry.plurals[index] += value
    else:
        setattr(entry, kind, getattr(entry, kind) + value)


_FLAG_SEPARATORS = re.compile(r"[ \t\r\f\v,]+")


def flag_tokens(text: str) -> list[str]:
    """The flags of a ``#,`` line as GNU reads them: split at commas *and* white space, so a
    hand-written ``#, c-format fuzzy`` is fuzzy (and stays so when the catalog is written);
    ``range:`` takes the next token as its value (``range: 1..2``)."""
    tokens = [token for token in _FLAG_SEPARATORS.split(text) if token]
    flags: list[str] = []
    position = 0
    while position < len(tokens):
        token = tokens[position]
        position += 1
        if token == "range:" and position < len(tokens):
            token = f"range: {tokens[position]}"
            position += 1
        flags.append(token)
    return flags


_PREVIOUS = re.compile(r"(msgctxt|msgid_plural|msgid)[ \t]*")


def _previous_line(entry: _Entry, body: str, number: int) -> None:
    """A ``#|`` line: ``msgid "..."``, or ``"..."`` continuing the last previous string."""
    if body.startswith('"'):
        if not entry.previous:
            raise PoSyntaxError(number, "'#|' string without a keyword before it")
        name = next(reversed(entry.previous))
        entry.previous[name] += _string(body, number)
        return
    match = _PREVIOUS.match(body)
    if match is None:
        raise PoSyntaxError(number, "expected msgctxt, msgid or msgid_plural after '#|'")
    entry.previous.pop(match.group(1), None)  # re-insert: continuations extend the last one
    entry.previous[match.group(1)] = _string(body[match.end() :], number)


def _references(entry: _Entry, body: str) -> None:
    for item in body.split():
        name, colon, number = item.rpartition(":")
        if colon and number.isdigit():
            entry.occurrences.append((name, number))
        else:
            entry.occurrences.append((item, ""))


# polib.POEntry.__init__ costs more than parsing the entry: fill a copy of the attribute set
# a real POEntry has (taken from polib itself, so a new polib version cannot break it).
_ENTRY_TEMPLATE = polib.POEntry().__dict__


def _to_polib(entry: _Entry) -> polib.POEntry:
    po_entry = polib.POEntry.__new__(polib.POEntry)
    attributes = dict(_ENTRY_TEMPLATE)
    attributes.update(
        msgid=entry.msgid,
        msgstr=entry.msgstr or "",
        msgid_plural=entry.msgid_plural or "",
        msgstr_plural=dict(sorted(entry.plurals.items())) if entry.plurals else {},
        msgctxt=entry.msgctxt,
        obsolete=entry.obsolete,
        comment="\n".join(entry.comment),
        tcomment="\n".join(entry.tcomment),
        occurrences=entry.occurrences,
        flags=entry.flags,
        previous_msgctxt=entry.previous.get("msgctxt"),
        previous_msgid=entry.previous.get("msgid"),
        previous_msgid_plural=entry.previous.get("msgid_plural"),
        linenum=entry.line,
    )
    po_entry.__dict__ = attributes
    return po_entry


def _set_header(po: polib.POFile, entry: _Entry) -> None:
    """The header entry becomes ``po.header``/``po.metadata`` the way polib reads it."""
    po.header = "\n".join(entry.tcomment)
    po.metadata_is_fuzzy = ["fuzzy"] if "fuzzy" in entry.flags else []
    key = None
    for line in (entry.msgstr or "").splitlines():
        name, colon, value = line.partition(":")
        if colon:
            key = name
            po.metadata[key] = value.strip()
        elif key is not None:
            po.metadata[key] += "\n" + line.strip()
