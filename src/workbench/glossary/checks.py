"""Glossary QA: is each term of the source rendered as approved in the target (and no rejected
rendering used)? And lint of the glossary file itself (``workbench glossary check``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from workbench.diagnostic import Diagnostic
from workbench.glossary.arabic import normalize
from workbench.glossary.model import Term, glossary_problem

if TYPE_CHECKING:
    from workbench.glossary.termbase import Glossary

_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)


@dataclass(frozen=True)
class TermProblem:
    """A term of the source that the target does not render as the glossary says.

    A verdict about a :class:`Term`, not a report: pre-translation's enforcement asks it
    whether a term survived MT, and QA's glossary check compares the terms themselves (a
    ``missing`` term whose rejected rendering was found is not reported twice; two terms may
    share a source) before turning the verdicts it keeps into
    :class:`~workbench.diagnostic.Diagnostic` values. A Diagnostic's ``subject`` is text, so
    it cannot carry the term."""

    term: Term
    kind: Literal["missing", "rejected"]
    message: str


def rendering_pattern(rendering: str) -> re.Pattern[str]:
    """Case-insensitive, any whitespace between words, whole words; a leading "the" of the
    rendering is optional ("the United Nations" is satisfied by "United Nations")."""
    words = _LEADING_THE.sub("", rendering.strip()).split()
    body = r"\s+".join(re.escape(word) for word in words)
    return re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE)


def check_translation(glossary: Glossary, source: str, target: str) -> list[TermProblem]:
    """Problems of ``target`` as a translation of ``source``, one per term at most, in order."""
    problems: list[TermProblem] = []
    seen: set[tuple[str, str]] = set()
    for found in glossary.match(source):
        term = found.term
        if (term.source, term.target) in seen:
            continue
        seen.add((term.source, term.target))
        approved = rendering_pattern(term.target)
        if not approved.search(target):
            problems.append(
                TermProblem(
                    term,
                    "missing",
                    f"'{term.source}' should be translated as '{term.target}'",
                )
            )
        # A rejected rendering inside the approved one ("General" in "Major General") is fine.
        rest = approved.sub(" ", target)
        for rejected in term.rejected:
            if rendering_pattern(rejected).search(rest):
                problems.append(
                    TermProblem(
                        term,
                        "rejected",
                        f"'{rejected}' is a rejected rendering of '{term.source}';"
                        f" use '{term.target}'",
                    )
                )
    return problems


def same_rendering(a: str, b: str) -> bool:
    """Whether two English renderings are the same but for case and spacing."""
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def lint_terms(terms: list[Term]) -> list[Diagnostic]:
    """Duplicates and conflicts (same normalized Arabic term), and self-contradictions."""
    problems: list[Diagnostic] = []
    first_by_key: dict[str, Term] = {}
    for term in terms:
        key = normalize(term.source)
        if not key:
            problems.append(glossary_problem(term.line, "empty", "term has no letters"))
            continue
        earlier = first_by_key.get(key)
        where = f"line {earlier.line}" if earlier and earlier.line else "an earlier entry"
        if earlier is None:
            first_by_key[key] = term
        elif same_rendering(earlier.target, term.target):
            problems.append(
                glossary_problem(term.line, "duplicate", f"duplicate of {where}: '{term.source}'")
            )
        else:
            problems.append(
                glossary_problem(
                    term.line,
                    "conflict",
                    f"conflicting translation for '{term.source}': '{term.target}' here,"
                    f" '{earlier.target}' at {where}",
                )
            )
        for rejected in term.rejected:
            if same_rendering(rejected, term.target):
                problems.append(
                    glossary_problem(
                        term.line,
                        "rejected-approved",
                        f"'{rejected}' is both the approved and a rejected rendering",
                    )
                )
    return problems


def lint_glossary(path: Path, *, target_language: str | None = None) -> list[Diagnostic]:
    """Every problem of the glossary file at ``path``, by line, located in it (a TBX file's
    terms read in ``target_language``)."""
    from workbench.glossary.formats import read_glossary_lenient

    path = Path(path)
    terms, problems = read_glossary_lenient(path, target_language=target_language)
    found = problems + lint_terms(terms)
    return [problem.at(path, problem.line) for problem in sorted(found, key=lambda p: p.line or 0)]
