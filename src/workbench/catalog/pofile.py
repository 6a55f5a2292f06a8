"""Read and write ``.po`` files: parse errors name file and line; output is GNU ``msgcat``'s.

``polib.POFile`` is the in-memory model every module works on. Reading uses the strict parser
of :mod:`workbench.catalog.poparse` (any malformed catalog raises :class:`WorkbenchError` with
file and line, so it is never overwritten); writing uses the GNU-identical serializer of
:mod:`workbench.catalog.poformat` and an atomic replace.
"""

from __future__ import annotations

import re
from pathlib import Path

import polib

from workbench.catalog.poformat import PAGE_WIDTH, format_po
from workbench.catalog.poparse import PoSyntaxError, parse
from workbench.errors import WorkbenchError
from workbench.fileio import atomic_write_bytes

__all__ = ["PAGE_WIDTH", "format_po", "parse_po", "read_po", "write_po"]

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
    return parse_po(_decode(data, path), path)


def parse_po(text: str, path: str | Path | None = None) -> polib.POFile:
    """Parse catalog ``text``; ``path`` names it in errors and becomes ``po.fpath``.

    A leading byte-order mark (Windows editors write one) is skipped, although msgcat 0.21
    refuses it: it carries nothing, and the catalog is written back without it."""
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        po = parse(text)
    except PoSyntaxError as exc:
        raise WorkbenchError(f"malformed catalog: {exc.message}", path, line=exc.line) from None
    po.fpath = str(path) if path is not None else None
    po.encoding = "utf-8"
    return po


def _decode(data: bytes, path: Path) -> str:
    match = _CHARSET.search(data[:4096])
    charset = _codec(match.group(1).decode("ascii") if match else "utf-8")
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


def write_po(po: polib.POFile, path: str | Path) -> None:
    """Atomically write ``po`` to ``path`` in GNU format (encoded in the header's charset)."""
    atomic_write_bytes(path, format_po(po).encode(_charset(po)))


def _charset(po: polib.POFile) -> str:
    match = re.search(r"charset=([A-Za-z0-9_.:-]+)", po.metadata.get("Content-Type", ""))
    return _codec(match.group(1) if match else "utf-8")


def _codec(charset: str) -> str:
    """The Python codec for a header charset: the template placeholder ``CHARSET`` and ASCII
    (a subset) are read and written as UTF-8, so non-ASCII text never fails to encode."""
    return "utf-8" if charset.upper() in ("CHARSET", "ASCII", "US-ASCII") else charset
