"""Read and write ``.po`` files: parse errors name file and line; output is GNU ``msgcat``'s.

:class:`~workbench.catalog.po.model.Catalog` (a ``polib.POFile``) is the in-memory model every
module works on. Reading uses the strict reader of :mod:`workbench.catalog.po.reader` (any
malformed catalog raises :class:`WorkbenchError` with file and line, so it is never
overwritten); writing uses the GNU-identical serializer of :mod:`workbench.catalog.po.writer`
and an atomic replace.
"""

from __future__ import annotations

import codecs
import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import polib

from workbench.catalog.po.lexer import BYTE_ORDER_MARK, PoSyntaxError
from workbench.catalog.po.model import Catalog
from workbench.catalog.po.reader import parse
from workbench.catalog.po.writer import PAGE_WIDTH, format_po
from workbench.errors import WorkbenchError
from workbench.fileio import atomic_write_bytes

__all__ = [
    "PAGE_WIDTH", "catalog_codec", "format_po", "parse_po", "paused_collector", "read_po",
    "write_po",
]  # fmt: skip

_CHARSET = re.compile(rb"charset=([A-Za-z0-9_.:-]+)")


def read_po(path: str | Path) -> Catalog:
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
    return _parse(_as_utf8(data, path), path)


def parse_po(text: str, path: str | Path | None = None) -> Catalog:
    """Parse catalog ``text``; ``path`` names it in errors and becomes ``po.fpath``.
    A byte-order mark is refused, as GNU tools refuse it."""
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError as exc:  # a lone surrogate: no file can hold it
        raise WorkbenchError(
            f"malformed catalog: lone surrogate U+{ord(text[exc.start]):04X} is no character",
            path,
            line=text.count("\n", 0, exc.start) + 1,
        ) from None
    return _parse(data, path)


@contextmanager
def paused_collector() -> Iterator[None]:
    """Python's cyclic garbage collector paused for the block.

    Reading a catalog (or writing one out in another format) allocates millions of objects,
    none of them garbage and none in a cycle, and the collections they set off traverse all of
    them again and again: 0.4-1.0 s of a 50,000-entry XLIFF export's 2.0-2.6 s. Reference
    counting still frees everything. A block running beside this one in another thread only
    finds the collector paused or running, never left off: the one that paused it resumes it.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _parse(data: bytes, path: str | Path | None) -> Catalog:
    try:
        with paused_collector():
            po = parse(data)
    except PoSyntaxError as exc:
        raise exc.error(path) from None
    po.fpath = str(path) if path is not None else None  # type: ignore[assignment]  # polib's own default
    po.encoding = "utf-8"
    return po


def _as_utf8(data: bytes, path: Path) -> bytes:
    """``data`` checked against the header's charset, and converted to UTF-8 when it is
    another (the readers' lexer works on UTF-8 bytes)."""
    if data.startswith(BYTE_ORDER_MARK):
        return data  # refused by the reader, as GNU refuses it
    match = _CHARSET.search(data[:4096])
    charset = _codec(match.group(1).decode("ascii") if match else "utf-8")
    try:
        text = data.decode(charset)
        return data if codecs.lookup(charset).name == "utf-8" else text.encode("utf-8")
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
    """Atomically write ``po`` to ``path`` in GNU format (encoded in the header's charset).
    Text the reader would refuse (a NUL, U+0004) is refused here first, whatever put it there:
    a written catalog is always one every command can read back."""
    text = format_po(po)
    if "\x00" in text or "\x04" in text:  # one scan in C; the entry named only when needed
        from workbench.catalog.text_rules import refuse_unreadable_catalog

        refuse_unreadable_catalog(po, path)  # names the entry
        raise WorkbenchError(
            "the catalog would hold a NUL or U+0004, which no .po reader accepts; not saved",
            path,
            hint="remove the control character from the text that put it there",
        )
    atomic_write_bytes(path, text.encode(_charset(po)))


def catalog_codec(po: polib.POFile) -> str:
    """The Python codec of the catalog's header charset: how its file is encoded."""
    return _charset(po)


def _charset(po: polib.POFile) -> str:
    match = re.search(r"charset=([A-Za-z0-9_.:-]+)", po.metadata.get("Content-Type", ""))
    return _codec(match.group(1) if match else "utf-8")


def _codec(charset: str) -> str:
    """The Python codec for a header charset: the template placeholder ``CHARSET`` and ASCII
    (a subset) are read and written as UTF-8, so non-ASCII text never fails to encode."""
    return "utf-8" if charset.upper() in ("CHARSET", "ASCII", "US-ASCII") else charset
