"""Dismissed QA findings: a false alarm silenced for one entry and one check.

A dismissal is a ``# wb-dismissed: CHECK, ...`` line in the entry's translator comment (read and
written by :mod:`workbench.catalog.review`, which says why a comment and not a ``#,`` flag). A
dismissed finding leaves ``workbench qa``, ``compile --strict`` and the TUI's QA line;
``qa --show-dismissed`` lists it. What a dismissal cannot hide:

* the entry's state (``untranslated``, ``fuzzy``): that is work to do, not a false alarm;
* what ``msgfmt -c`` or ``workbench build`` refuse (``newlines``, the placeholder checks
  ``c-format``, ``python-format``, ``brace-format``, ``plural-forms``, ``markup``): the tools
  refuse the catalog whatever QA says, so silencing QA would only hide why.

A hand-written dismissal naming an unknown check, or one of those, is itself reported: a warning
with code :data:`DISMISSAL`, so a typo (``number`` for ``numbers``) never silently does nothing;
so is a mark written as a ``#,`` flag (``#, reviewed``, ``#, wb-dismissed:numbers``), which the
next ``msgmerge``, ``msgcat`` or workbench save drops. A review mark whose digest no longer
matches an approved translation (another tool changed the text) is a :data:`STALE_REVIEW`
warning.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

import polib

from workbench.catalog.review import is_stale_review, is_translated_entry
from workbench.diagnostic import WARNING, Diagnostic
from workbench.qa.checks import CHECK_NAMES

#: The code of the warning about a dismissal that cannot work.
DISMISSAL = "dismissal"
#: The code of the warning about a review mark on a text changed since it was reviewed.
STALE_REVIEW = "stale-review"
#: Checks no dismissal hides (see the module's doc).
NOT_DISMISSABLE = frozenset(
    {
        "untranslated",
        "fuzzy",
        "newlines",
        "c-format",
        "python-format",
        "brace-format",
        "plural-forms",
        "markup",
    }
)


def can_dismiss(check: str) -> bool:
    """Whether findings of ``check`` may be dismissed."""
    return check in CHECK_NAMES and check not in NOT_DISMISSABLE


@dataclass(frozen=True)
class Split:
    """Findings kept, and those a dismissal hides."""

    kept: list[Diagnostic]
    dismissed: list[Diagnostic]


def split_dismissed(findings: Iterable[Diagnostic], dismissed: Collection[str]) -> Split:
    """``findings`` of one entry parted by the entry's dismissed checks."""
    kept: list[Diagnostic] = []
    hidden: list[Diagnostic] = []
    for finding in findings:
        if dismissed and finding.code in dismissed and can_dismiss(finding.code):
            hidden.append(finding)
        else:
            kept.append(finding)
    return Split(kept, hidden)


def first_dismissable(findings: Iterable[Diagnostic]) -> Diagnostic | None:
    """The finding a dismiss key acts on: the first that may be dismissed, errors first (the
    order the TUI's QA line shows them in)."""
    ordered = sorted(findings, key=lambda finding: finding.severity != "error")
    return next((finding for finding in ordered if can_dismiss(finding.code)), None)


def review_problems(entry: polib.POEntry) -> list[Diagnostic]:
    """A warning when an approved entry's review mark is for another text (changed by a tool
    that does not know the mark); a fuzzy entry's stale mark is no news (it is fuzzy)."""
    if not is_translated_entry(entry) or not is_stale_review(entry):
        return []
    message = (
        "the translation changed since it was reviewed ('# wb-reviewed' is for another text):"
        " review it again (f4 in the TUI) or remove the line"
    )
    return [Diagnostic(message, STALE_REVIEW, WARNING)]


def flag_problems(flags: Iterable[str]) -> list[Diagnostic]:
    """A warning for each review mark written as a ``#,`` flag, where it does not last."""
    problems = []
    for flag in flags:
        if flag in ("reviewed", "wb-reviewed") or flag.startswith("wb-dismissed"):
            line = "# wb-reviewed" if flag.endswith("reviewed") else "# wb-dismissed: CHECK"
            problems.append(
                Diagnostic(
                    f"'#, {flag}' is a flag, which msgmerge, msgcat and every save drop:"
                    f" write the translator comment '{line}' instead",
                    DISMISSAL,
                    WARNING,
                )
            )
    return problems


def dismissal_problems(dismissed: Iterable[str]) -> list[Diagnostic]:
    """A warning for each named check no dismissal can work for: unknown, or not
    dismissable."""
    problems = []
    for name in sorted(dismissed):
        if name not in CHECK_NAMES:
            known = ", ".join(sorted(n for n in CHECK_NAMES if n not in NOT_DISMISSABLE))
            message = f"'# wb-dismissed: {name}' names no check; dismissable checks: {known}"
        elif name in NOT_DISMISSABLE:
            message = (
                f"'# wb-dismissed: {name}' has no effect: {name} findings cannot be dismissed"
                " (a state to work on, or refused by msgfmt -c or build)"
            )
        else:
            continue
        problems.append(Diagnostic(message, DISMISSAL, WARNING))
    return problems
