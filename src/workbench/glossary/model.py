"""Value types of the glossary: a term with its approved and rejected renderings, and a match.

A note may carry rejected renderings as ``not: A, B`` (the project's TSV convention); they are
kept apart in :attr:`Term.rejected` and put back by :func:`compose_note`, so every format
round-trips them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from workbench.diagnostic import Diagnostic

_NOT_RE = re.compile(r"^\s*not\s*:\s*(.*)$", re.IGNORECASE)


@dataclass(frozen=True)
class Term:
    """One glossary entry: Arabic ``source``, approved English ``target``, a free ``note``
    (without its ``not:`` list) and the ``rejected`` renderings; ``line`` is where it was read."""

    source: str
    target: str
    note: str = ""
    rejected: tuple[str, ...] = ()
    line: int | None = None


@dataclass(frozen=True)
class TermMatch:
    """A term found in a text: ``text == original[start:end]``, the matched surface form.

    ``start`` is the start of the word carrying the term, so attached proclitics are included
    ("لوزير الأمن العام" for the term "وزير الأمن العام"); ``proclitic`` holds them normalized
    and without the article ("ل" here, "ول" for "وللجنرال").
    """

    start: int
    end: int
    text: str
    term: Term
    proclitic: str = ""


def split_note(note: str) -> tuple[str, tuple[str, ...]]:
    """``"Minister of X; not: A, B"`` -> ``("Minister of X", ("A", "B"))``."""
    kept: list[str] = []
    rejected: list[str] = []
    for part in note.split(";"):
        found = _NOT_RE.match(part)
        if found:
            rejected.extend(r.strip() for r in found.group(1).split(",") if r.strip())
        elif part.strip():
            kept.append(part.strip())
    return "; ".join(kept), tuple(rejected)


def compose_note(note: str, rejected: tuple[str, ...]) -> str:
    """Inverse of :func:`split_note`."""
    parts = [note] if note else []
    if rejected:
        parts.append("not: " + ", ".join(rejected))
    return "; ".join(parts)


def glossary_problem(line: int | None, kind: str, message: str) -> Diagnostic:
    """Something wrong in a glossary file, for ``glossary check`` and strict loading, as a
    :class:`~workbench.diagnostic.Diagnostic` whose ``code`` is the kind: "bad-line", "empty",
    "duplicate", "conflict", "rejected-approved" (located in its file by
    :func:`~workbench.glossary.checks.lint_glossary`)."""
    return Diagnostic(message, kind, line=line)
