"""One QA finding: which check, how bad, what to do; and where, once a catalog is known."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning"]
ERROR: Severity = "error"
WARNING: Severity = "warning"
SEVERITY_RANK = {WARNING: 1, ERROR: 2}

#: The note ending what ``msgfmt -c`` refuses; fuzzy entries are not compiled (yet).
REFUSED = "msgfmt -c refuses this"
REFUSED_ONCE_APPROVED = "msgfmt -c will refuse this once approved"


@dataclass(frozen=True)
class Finding:
    """A problem a check found in one translation."""

    check: str
    severity: Severity
    message: str
    line: int | None = None
    msgid: str = ""
    catalog: Path | None = None

    def at(self, catalog: Path | None, line: int | None, msgid: str) -> Finding:
        """The same finding, located in a catalog."""
        return replace(self, catalog=catalog, line=line, msgid=msgid)

    def reaches(self, threshold: Severity) -> bool:
        """Whether this finding is at least as severe as ``threshold``."""
        return SEVERITY_RANK[self.severity] >= SEVERITY_RANK[threshold]

    def to_json(self) -> dict[str, object]:
        return {
            "catalog": str(self.catalog) if self.catalog is not None else None,
            "line": self.line,
            "msgid": self.msgid,
            "check": self.check,
            "severity": self.severity,
            "message": self.message,
        }

    def __str__(self) -> str:
        where = ""
        if self.catalog is not None:
            where = f"{self.catalog}:{self.line}: " if self.line else f"{self.catalog}: "
        return f"{where}{self.severity}: [{self.check}] {self.message}"
