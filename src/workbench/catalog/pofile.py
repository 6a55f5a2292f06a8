"""Read and write ``.po`` files: parse errors name file and line; writes are atomic.

PROVISIONAL: the GNU-faithful formatter replaces ``polib``'s wrapping here.
"""

from __future__ import annotations

from pathlib import Path

import polib

from workbench.errors import WorkbenchError
from workbench.fileio import atomic_write_text


def read_po(path: str | Path) -> polib.POFile:
    """Parse a catalog; a malformed one raises :class:`WorkbenchError` naming file and line."""
    path = Path(path)
    if not path.exists():
        raise WorkbenchError("no such catalog", path)
    try:
        return polib.pofile(str(path), wrapwidth=79)
    except OSError as exc:
        raise WorkbenchError(f"cannot read catalog: {exc.strerror}", path) from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise WorkbenchError(f"malformed catalog: {exc}", path) from None


def format_po(po: polib.POFile) -> str:
    """The catalog as GNU ``msgcat`` would print it."""
    po.wrapwidth = 79
    return str(po) if str(po).endswith("\n") else str(po) + "\n"


def write_po(po: polib.POFile, path: str | Path) -> None:
    """Atomically write ``po`` to ``path`` in GNU format."""
    atomic_write_text(path, format_po(po))
