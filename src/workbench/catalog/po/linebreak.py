"""Where GNU gettext may break a long PO string: Unicode line breaking as libunistring does it.

GNU ``msgcat`` wraps strings with libunistring's ``ulc_width_linebreaks`` (UAX #14 line
breaking plus column widths). To be byte-identical with it we call the very same function
through :mod:`ctypes` when the library is installed (it is wherever GNU gettext is). No
Python package reproduces libunistring's tables, and re-implementing UAX #14 by hand would
drift from it; so the fallback below, used only without libunistring, is an approximation
(breaks after spaces only) and is flagged by :data:`EXACT`.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import threading
import unicodedata
from typing import Any

# Values of libunistring's ``UC_BREAK_*`` enum (unilbrk.h).
BREAK_UNDEFINED = 0
BREAK_PROHIBITED = 1
BREAK_POSSIBLE = 2


def _load_libunistring() -> Any:
    candidates = ("libunistring.so.5", "libunistring.so.2", "libunistring.5.dylib", None)
    for name in candidates:
        name = name or ctypes.util.find_library("unistring")  # slower: last resort
        if not name:
            continue
        try:
            library = ctypes.CDLL(name)
        except OSError:
            continue
        for symbol in ("u8_width_linebreaks_v2", "u8_width_linebreaks"):
            function = getattr(library, symbol, None)
            if function is not None:
                function.restype = ctypes.c_int
                function.argtypes = [
                    ctypes.c_char_p,  # s
                    ctypes.c_size_t,  # n
                    ctypes.c_int,  # width
                    ctypes.c_int,  # start_column
                    ctypes.c_int,  # at_end_columns
                    ctypes.c_char_p,  # overrides
                    ctypes.c_char_p,  # encoding
                    ctypes.c_char_p,  # result
                ]
                return function
    return None


_width_linebreaks = _load_libunistring()

_buffers = threading.local()  # one reusable result buffer per thread

#: True when breaks come from libunistring itself (output identical to GNU msgcat).
EXACT = _width_linebreaks is not None


def break_positions(text: bytes, overrides: bytes, width: int, start_column: int) -> list[int]:
    """Byte offsets in UTF-8 ``text`` before which a line break is inserted.

    ``overrides`` holds one ``BREAK_*`` value per byte (``BREAK_UNDEFINED`` = no opinion), as
    GNU's ``write-po.c`` passes them: no break inside an escape sequence or before a final
    ``\\n``. ``width`` and ``start_column`` are the columns GNU computes for the line.
    """
    if _width_linebreaks is not None:
        result = getattr(_buffers, "result", None)
        if result is None or len(result) < len(text):
            result = _buffers.result = ctypes.create_string_buffer(max(len(text), 4096))
        _width_linebreaks(text, len(text), width, start_column, 0, overrides, b"UTF-8", result)
        raw = ctypes.string_at(result, len(text))
        positions = []
        at = raw.find(b"\x02")
        while at != -1:
            positions.append(at)
            at = raw.find(b"\x02", at + 1)
        return positions
    return _fallback_break_positions(text, overrides, width, start_column)


def _char_width(char: str) -> int:
    """Terminal column width of ``char``, close to libunistring's ``uc_width``."""
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    if unicodedata.category(char) == "Cc":
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def _fallback_break_positions(
    text: bytes, overrides: bytes, width: int, start_column: int
) -> list[int]:
    """Approximate GNU wrapping without libunistring: break opportunities after spaces."""
    # Candidate break points: a non-space preceded by a space, unless overridden.
    decoded = text.decode("utf-8")
    offsets = []
    byte_at = 0
    for char in decoded:
        offsets.append(byte_at)
        byte_at += len(char.encode("utf-8"))
    positions: list[int] = []
    last_break: int | None = None
    column = start_column
    piece = 0
    for index, char in enumerate(decoded):
        offset = offsets[index]
        override = overrides[offset] if offset < len(overrides) else BREAK_UNDEFINED
        possible = index > 0 and decoded[index - 1] == " " and char != " "
        if override != BREAK_UNDEFINED:
            possible = override == BREAK_POSSIBLE
        if possible:
            if last_break is not None and column + piece > width:
                positions.append(last_break)
                column = 0
            last_break = offset
            column += piece
            piece = 0
        piece += _char_width(char)
    if last_break is not None and column + piece > width:
        positions.append(last_break)
    return positions
