"""One shape for a reported problem: a compile check, a QA finding, a glossary check, a parse
error.

Every layer reports what it found as :class:`Diagnostic` values and returns them; only the
CLI and the TUI decide how to show them. One shape means ``compile --strict`` can carry QA's
check name through, a report is never flattened into strings on the way up, and a new check
needs no new printing code.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning"]
ERROR: Severity = "error"
WARNING: Severity = "warning"
SEVERITY_RANK: dict[str, int] = {WARNING: 1, ERROR: 2}


@dataclass(frozen=True)
class Diagnostic:
    """A problem found in a file: where, how bad, which check, what is wrong, what to do.

    ``code`` names the check that found it (``"syntax"``, ``"duplicate"``, ``"c-format"``,
    QA's ``"numbers"``, the glossary's ``"conflict"``…), stable for JSON and scripts.
    ``subject`` is what the problem is about when there is one: a message's msgid, a term.
    """

    message: str
    code: str = ""
    severity: Severity = ERROR
    path: Path | None = None
    line: int | None = None
    hint: str | None = None
    subject: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def reaches(self, threshold: Severity) -> bool:
        """Whether this diagnostic is at least as severe as ``threshold``."""
        return SEVERITY_RANK[self.severity] >= SEVERITY_RANK[threshold]

    def at(self, path: Path | None, line: int | None = None, subject: str | None = None,
           ) -> Diagnostic:
        """The same diagnostic, located in a file (and at a line, about a subject)."""
        return replace(
            self, path=path, line=line, subject=self.subject if subject is None else subject
        )

    @property
    def location(self) -> str:
        """``path:line: ``, ``path: `` or nothing: the prefix GNU tools print."""
        if self.path is None:
            return ""
        return f"{self.path}:{self.line}: " if self.line else f"{self.path}: "

    def __str__(self) -> str:
        """``file:line: [warning: ]message (hint)``, as ``msgfmt`` prints its findings."""
        prefix = "warning: " if self.severity == WARNING else ""
        text = f"{self.location}{prefix}{self.message}"
        return f"{text} ({self.hint})" if self.hint else text
