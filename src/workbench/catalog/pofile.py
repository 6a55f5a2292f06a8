"""Read and write ``.po`` files: parse errors name file and line; output is GNU ``msgcat``'s.

``polib`` is the in-memory model (every other module works on ``polib.POFile``), but its
serializer does not match GNU gettext: it wraps with :mod:`textwrap` at 78 columns, wraps
comments, breaks inside words at hyphens, never puts ``msgid ""`` first for a string with an
embedded newline, keeps flags GNU drops and writes obsolete entries without their ``#~|``
lines. Catalogs we write must come back byte-identical through ``msgcat`` so that git diffs
show only real changes, so the serializer here is hand-written after GNU gettext 0.21's
``write-po.c`` (page width 79; Unicode line breaking from :mod:`workbench.catalog.linebreak`).

Reading goes through polib's parser after a syntax check of every line (polib silently
accepts e.g. an unterminated string) and after strict UTF-8 decoding, so that any malformed
catalog raises :class:`WorkbenchError` with the file and line; such a file is never written.
"""

from __future__ import annotations

import re
from pathlib import Path

import polib

from workbench.catalog.linebreak import BREAK_PROHIBITED, break_positions
from workbench.errors import WorkbenchError
from workbench.fileio import atomic_write_bytes

PAGE_WIDTH = 79
"""GNU's default ``--width``."""

_NO_WRAP_WIDTH = 2**31 - 1  # GNU's INT_MAX for ``no-wrap`` entries.

# --- reading ------------------------------------------------------------------------------

# A string literal with only the escapes polib can decode.
_STRING = r'"(?:[^"\\\n]|\\[ntrvbf\\"])*"'
_KEYWORD = r"(?:msgctxt|msgid_plural|msgid|msgstr(?:\[[0-9]+\])?)"
_VALID_LINE = (
    rf"[ \t]*(?:"
    rf"(?:#~\|?[ \t]*|#\|[ \t]*)?(?:{_KEYWORD}[ \t]+)?{_STRING}[ \t\r]*"  # keyword or "..."
    rf"|#(?![~|])[^\n]*"  # comment
    rf"|#~[ \t\r]*"  # lone obsolete marker
    rf"|[ \t\r]*)"  # blank
)
_VALID_FILE = re.compile(rf"(?:{_VALID_LINE}\n)*{_VALID_LINE}")
_VALID_LINE_RE = re.compile(_VALID_LINE)
_POLIB_LINE = re.compile(r"\(line (\d+)\)(?::\s*(.*))?")
_PRIMARY_MSGID = re.compile(r"[ \t]*(#~[ \t]*)?msgid[ \t]")
# Comment lines polib would not read back verbatim (see _reread_comments).
_LOSSY_COMMENT = re.compile(r"^#\.?\r?$|^#(?![~|,:])[^\n]*[ \t]\r?$|^#(?![.:,|~! ])", re.M)
_CHARSET = re.compile(rb"charset=([A-Za-z0-9_.:-]+)")


def read_po(path: str | Path) -> polib.POFile:
    """Parse a catalog; a malformed one raises :class:`WorkbenchError` naming file and line."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise WorkbenchError("no such catalog", path, hint="check the path") from None
    except IsADirectoryError:
        raise WorkbenchError("is a folder, not a catalog", path) from None
    except PermissionError:
        raise WorkbenchError(
            "cannot read catalog (permission denied)", path, hint="check the file's permissions"
        ) from None
    except OSError as exc:
        raise WorkbenchError(f"cannot read catalog: {exc.strerror}", path) from None
    text = _decode(data, path)
    return parse_po(text, path)


def parse_po(text: str, path: str | Path | None = None) -> polib.POFile:
    """Parse catalog ``text`` (``path`` only names it in errors and becomes ``po.fpath``)."""
    lines = text.split("\n")
    if _VALID_FILE.fullmatch(text) is None:
        _raise_first_bad_line(lines, path)
    # polib's own parser, fed our '\n'-split lines: polib.pofile() on a string would split at
    # every Unicode line separator (U+2028, form feed...) that may legitimately sit in a text.
    parser = polib._POFileParser("\n", encoding="utf-8")
    parser.fhandle = lines
    try:
        po = parser.parse()
    except (OSError, ValueError, KeyError, IndexError) as exc:
        match = _POLIB_LINE.search(str(exc))
        line = int(match.group(1)) if match else None
        reason = (match.group(2) if match else None) or "entry out of order"
        raise WorkbenchError(f"malformed catalog: {reason}", path, line=line) from None
    po.wrapwidth = PAGE_WIDTH
    po.fpath = str(path) if path is not None else None
    if "#~|" in text:
        _attach_obsolete_previous(lines, po)
    if _LOSSY_COMMENT.search(text):
        _reread_comments(lines, po)
    return po


def _decode(data: bytes, path: Path) -> str:
    match = _CHARSET.search(data[:4096])
    charset = match.group(1).decode("ascii") if match else "utf-8"
    if charset.upper() in ("CHARSET", "ASCII", "US-ASCII"):
        charset = "utf-8"
    try:
        return data.decode(charset)
    except LookupError:
        raise WorkbenchError(f"unknown charset {charset!r} in the header", path) from None
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise WorkbenchError(
            f"invalid {charset} byte 0x{data[exc.start]:02x} at column {column}",
            path,
            line=line,
            hint=f"convert the file to {charset} (e.g. with iconv)",
        ) from None


def _raise_first_bad_line(lines: list[str], path: str | Path | None) -> None:
    for number, line in enumerate(lines, start=1):
        if _VALID_LINE_RE.fullmatch(line) is None:
            raise WorkbenchError(f"malformed catalog: {_describe(line)}", path, line=number)
    raise WorkbenchError("malformed catalog", path)  # pragma: no cover - regexes agree


def _describe(line: str) -> str:
    """Why one line is not valid PO syntax, in the user's terms."""
    body = re.sub(r"^[ \t]*(?:#~\|?|#\|)?[ \t]*", "", line)
    word = re.match(r"[A-Za-z_\[\]0-9]+", body)
    if word and not re.fullmatch(_KEYWORD, word.group(0)):
        return f"unknown keyword {word.group(0)!r}"
    quoted = body[word.end() :].lstrip() if word else body
    if not quoted.startswith('"'):
        return "expected a quoted string"
    escape = re.search(r'\\([^ntrvbf\\"])', quoted)
    if escape:
        return f"unsupported escape sequence '\\{escape.group(1)}'"
    if re.fullmatch(r'"(?:[^"\\]|\\.)*"[ \t\r]*', quoted) is None:
        if re.match(r'"(?:[^"\\]|\\.)*$', quoted):
            return "unterminated string"
        return "unescaped double quote or text after the string"
    return "syntax error"


def _reread_comments(lines: list[str], po: polib.POFile) -> None:
    """Take ``#`` and ``#.`` comments verbatim, as GNU does.

    polib strips trailing blanks, drops empty ``#.`` lines and a leading empty ``#`` line;
    only catalogs that have such lines pay for this second pass.
    """
    entries = iter(po)
    header_seen = False
    translator: list[str] = []
    extracted: list[str] = []
    for number, raw in enumerate(lines):
        line = raw[:-1] if raw.endswith("\r") else raw
        match = _PRIMARY_MSGID.match(line)
        if match:
            empty = line.endswith('""') and not (
                number + 1 < len(lines) and lines[number + 1].lstrip().startswith('"')
            )
            if not header_seen and not match.group(1) and empty:
                header_seen = True
                po.header = "\n".join(translator)
            else:
                entry = next(entries, None)
                if entry is None:
                    return
                entry.tcomment = "\n".join(translator)
                entry.comment = "\n".join(extracted)
            translator, extracted = [], []
        elif line.startswith("#."):
            extracted.append(line[3:] if line.startswith("#. ") else line[2:])
        elif line.startswith("#") and line[1:2] not in (":", ",", "|", "~", "!"):
            translator.append(line[2:] if line.startswith("# ") else line[1:])


def _attach_obsolete_previous(lines: list[str], po: polib.POFile) -> None:
    """Read ``#~|`` lines (polib skips them) into the obsolete entries that follow them."""
    obsolete = [entry for entry in po if entry.obsolete]
    pending: dict[str, str] = {}
    current: str | None = None
    index = 0
    for raw in lines:
        line = raw.strip()
        if line.startswith("#~|"):
            rest = line[3:].strip()
            keyword, _, literal = rest.partition(" ")
            if keyword in ("msgctxt", "msgid", "msgid_plural"):
                current = keyword
                pending[current] = polib.unescape(literal.strip()[1:-1])
            elif rest.startswith('"') and current is not None:
                pending[current] += polib.unescape(rest[1:-1])
        elif re.match(r"#~\s*msgid\s", line):
            if pending and index < len(obsolete):
                entry = obsolete[index]
                entry.previous_msgctxt = pending.get("msgctxt")
                entry.previous_msgid = pending.get("msgid")
                entry.previous_msgid_plural = pending.get("msgid_plural")
            pending, current = {}, None
            index += 1


# --- writing ------------------------------------------------------------------------------

# GNU's format_language[] order (format.c), in which msgcat prints format flags.
_FORMAT_LANGUAGES = (
    "c objc python python-brace java java-printf csharp javascript scheme lisp elisp librep "
    "ruby sh awk lua object-pascal smalltalk qt qt-plural kde kde-kuit boost tcl perl "
    "perl-brace php gcc-internal gfc-internal ycp"
).split()
_FORMAT_ORDER = {language: index for index, language in enumerate(_FORMAT_LANGUAGES)}
_RANGE = re.compile(r"range:\s*([0-9]+)\.\.([0-9]+)")

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


def write_po(po: polib.POFile, path: str | Path) -> None:
    """Atomically write ``po`` to ``path`` in GNU format (encoded in the header's charset)."""
    atomic_write_bytes(path, format_po(po).encode(_charset(po)))


def _charset(po: polib.POFile) -> str:
    match = re.search(r"charset=([A-Za-z0-9_.:-]+)", po.metadata.get("Content-Type", ""))
    charset = match.group(1) if match else "utf-8"
    return "utf-8" if charset.upper() in ("CHARSET", "ASCII", "US-ASCII") else charset


def _nplurals(po: polib.POFile) -> int:
    match = re.search(r"nplurals\s*=\s*([0-9]+)", po.metadata.get("Plural-Forms", ""))
    return int(match.group(1)) if match else 2


def _header_entry(po: polib.POFile) -> polib.POEntry | None:
    """The header as an entry, its fields in the order they were read or set."""
    if not (po.metadata or po.header or po.metadata_is_fuzzy):
        return None
    entry = polib.POEntry(msgid="", tcomment=po.header or "")
    entry.msgstr = "".join(f"{name}: {value}\n" for name, value in po.metadata.items())
    if po.metadata_is_fuzzy:
        entry.flags = ["fuzzy"]
    return entry


def _separator(out: list[str]) -> None:
    if out:
        out.append("\n")


def _format_entry(entry: polib.POEntry, out: list[str], nplurals: int) -> None:
    _separator(out)
    _comments(entry, out)
    flags, wrap = _gnu_flags(entry)
    if flags:
        out.append("#, " + ", ".join(flags) + "\n")
    _previous(entry, "#| ", out, wrap)
    _fields(entry, "", out, wrap, nplurals)


def _format_obsolete(entry: polib.POEntry, out: list[str], nplurals: int) -> None:
    if not _first_msgstr(entry):
        return  # GNU drops obsolete entries without a translation
    _separator(out)
    _comments(entry, out)
    flags, wrap = _gnu_flags(entry)
    if "fuzzy" in flags:
        out.append("#, fuzzy\n")
    _previous(entry, "#~| ", out, wrap)
    _fields(entry, "#~ ", out, wrap, nplurals)


def _first_msgstr(entry: polib.POEntry) -> str:
    if entry.msgid_plural:
        plurals = entry.msgstr_plural or {}
        return plurals[min(plurals)] if plurals else ""
    return entry.msgstr or ""


def _comments(entry: polib.POEntry, out: list[str]) -> None:
    if entry.tcomment:
        for line in entry.tcomment.split("\n"):
            out.append(f"# {_comment_text(line)}\n" if line else "#\n")
    if entry.comment:
        for line in entry.comment.split("\n"):
            out.append(f"#. {_comment_text(line)}\n" if line else "#.\n")
    if entry.occurrences:
        _references(entry.occurrences, out)


def _comment_text(line: str) -> str:
    """A comment line as written: GNU joins a line ending in a backslash with the next line
    (swallowing e.g. the ``msgid``), so such a line gets a trailing space."""
    return line + " " if line.endswith("\\") else line


def _references(occurrences: list[tuple[str, str]], out: list[str]) -> None:
    """``#:`` lines, filled up to the page width like GNU (which counts bytes)."""
    seen: set[str] = set()
    line = "#:"
    column = 2
    for occurrence in occurrences:
        name, number = occurrence if isinstance(occurrence, tuple) else (occurrence, "")
        while name.startswith("./"):
            name = name[2:]
        number = str(number).strip()
        reference = f"{name}:{int(number)}" if number.isdigit() else name
        if reference in seen:
            continue
        seen.add(reference)
        length = len(reference.encode("utf-8")) + 1
        if column > 2 and column + length > PAGE_WIDTH:
            out.append(line + "\n")
            line, column = "#:", 2
        line += " " + reference
        column += length
    out.append(line + "\n")


def _gnu_flags(entry: polib.POEntry) -> tuple[list[str], bool]:
    """The ``#,`` flags as msgcat prints them, and whether the entry's strings are wrapped.

    GNU keeps only flags it knows: ``fuzzy`` (dropped when untranslated), format flags in
    its own language order, ``range:`` and ``no-wrap``; ``wrap`` and unknown flags vanish.
    """
    fuzzy = False
    formats: dict[str, str] = {}
    value_range: str | None = None
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
        elif match := _RANGE.fullmatch(flag):
            low, high = int(match.group(1)), int(match.group(2))
            if low <= high:
                value_range = f"range: {low}..{high}"
    flags = ["fuzzy"] if fuzzy and _first_msgstr(entry) else []
    flags += [formats[language] for language in sorted(formats, key=_FORMAT_ORDER.__getitem__)]
    if value_range:
        flags.append(value_range)
    if not wrap:
        flags.append("no-wrap")
    return flags, wrap


def _previous(entry: polib.POEntry, prefix: str, out: list[str], wrap: bool) -> None:
    if entry.previous_msgctxt is not None:
        _wrap(out, prefix, "msgctxt", entry.previous_msgctxt, wrap)
    if entry.previous_msgid is not None:
        _wrap(out, prefix, "msgid", entry.previous_msgid, wrap)
    if entry.previous_msgid_plural is not None:
        _wrap(out, prefix, "msgid_plural", entry.previous_msgid_plural, wrap)


def _fields(entry: polib.POEntry, prefix: str, out: list[str], wrap: bool, nplurals: int) -> None:
    if entry.msgctxt is not None:
        _wrap(out, prefix, "msgctxt", entry.msgctxt, wrap)
    _wrap(out, prefix, "msgid", entry.msgid, wrap)
    if entry.msgid_plural:
        _wrap(out, prefix, "msgid_plural", entry.msgid_plural, wrap)
        plurals = entry.msgstr_plural or {index: "" for index in range(nplurals)}
        for index in sorted(plurals, key=int):
            _wrap(out, prefix, f"msgstr[{int(index)}]", plurals[index], wrap)
    else:
        _wrap(out, prefix, "msgstr", entry.msgstr or "", wrap)


def _portions(value: str) -> list[str]:
    """``value`` cut after each newline, as GNU prints it: one source line per portion."""
    parts = value.split("\n")
    portions = [part + "\n" for part in parts[:-1]]
    if parts[-1] or not portions:
        portions.append(parts[-1])
    return portions


def _wrap(out: list[str], prefix: str, name: str, value: str, wrap: bool) -> None:
    """One keyword and its string, wrapped as GNU ``write-po.c``'s ``wrap()`` does."""
    after_break = len(prefix) + 1
    width = (PAGE_WIDTH if wrap else _NO_WRAP_WIDTH) - 1 - after_break
    portions = _portions(value)
    first = True
    last_index = len(portions) - 1
    for index, portion in enumerate(portions):
        escaped = portion.translate(_ESCAPES)
        start = len(prefix) + len(name) + 2 - after_break
        breaks = _breaks(portion, escaped, width, start)
        if first and escaped and (index < last_index or start > width or breaks):
            # Does not fit after the keyword: GNU writes `name ""` and starts on a new line.
            out.append(f'{prefix}{name} ""\n')
            first = False
        if not first:
            start = len(prefix) + 1 - after_break
            breaks = _breaks(portion, escaped, width, start)
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


def _breaks(portion: str, escaped: str, width: int, start: int) -> list[int]:
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
    return break_positions(encoded, bytes(overrides), width, start)
