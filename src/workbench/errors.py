"""One error type for every layer, so the CLI and the TUI can report any failure the same way.

A message names the file (and line) at fault and says what to do, e.g.
``locales/en/LC_MESSAGES/x.po:12: duplicate message definition``.
"""

from __future__ import annotations

from pathlib import Path


class WorkbenchError(Exception):
    """A failure the user can act on. ``exit_code`` 2: bad input or environment."""

    exit_code = 2

    def __init__(
        self,
        message: str,
        path: str | Path | None = None,
        line: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line
        self.hint = hint

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        text = f"{where}{self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text


class CatalogLocked(WorkbenchError):
    """Another process holds the catalog's lock longer than we are willing to wait."""


def reason(exc: BaseException, limit: int = 200) -> str:
    """The first line of a library's exception, for a one-line message (tracebacks and
    multi-line reports from transformers or the hub would bury what to do)."""
    text = str(exc).strip()
    return text.splitlines()[0][:limit] if text else type(exc).__name__
