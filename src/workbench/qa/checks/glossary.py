"""Official titles and names, through the glossary's own check (skipped without a glossary)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from workbench.diagnostic import Diagnostic
from workbench.qa.finding import ERROR, WARNING, finding

if TYPE_CHECKING:
    from workbench.glossary import Glossary


def check_glossary(glossary: Glossary | None, source: str, target: str) -> Iterator[Diagnostic]:
    """A rejected rendering is an error; an approved term not found is a warning, unless the
    same term's rejected rendering was found (that error already says what to use)."""
    if glossary is None:
        return
    from workbench.glossary import check_translation

    problems = check_translation(glossary, source, target)
    rejected = {problem.term for problem in problems if problem.kind == "rejected"}
    for problem in problems:
        if problem.kind == "missing" and problem.term in rejected:
            continue
        severity = ERROR if problem.kind == "rejected" else WARNING
        yield finding("glossary", severity, problem.message)
