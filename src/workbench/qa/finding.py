"""A QA finding is a :class:`~workbench.diagnostic.Diagnostic`: ``code`` names the check
(``"numbers"``, ``"c-format"``...), ``subject`` is the message's msgid once a catalog is known,
``path`` and ``line`` locate it. How it is printed (text, JSON) is the CLI's business."""

from __future__ import annotations

from workbench.diagnostic import ERROR, WARNING, Diagnostic, Severity

__all__ = [
    "ERROR",
    "REFUSED",
    "REFUSED_ONCE_APPROVED",
    "WARNING",
    "Severity",
    "finding",
]

#: The note ending what ``msgfmt -c`` refuses; fuzzy entries are not compiled (yet).
REFUSED = "msgfmt -c refuses this"
REFUSED_ONCE_APPROVED = "msgfmt -c will refuse this once approved"


def finding(check: str, severity: Severity, message: str) -> Diagnostic:
    """What ``check`` found in one translation, not located yet (:meth:`Diagnostic.at`)."""
    return Diagnostic(message, check, severity)
