"""The OmegaT glossary layout: ``Arabic term<TAB>approved English<TAB>note``, one a line;
lines starting with ``#`` are comments. Rejected renderings live in the note as ``not: A, B``."""

from __future__ import annotations

from workbench.diagnostic import Diagnostic
from workbench.glossary.model import Term, compose_note, glossary_problem, split_note

HEADER = (
    "# Arabic term, approved English, note. Tab-separated (OmegaT layout);"
    " 'not:' in a note lists renderings to reject.\n"
)


def parse_line(raw: str, number: int) -> tuple[Term | None, Diagnostic | None]:
    """One line: a term, a problem, or (None, None) for blanks and comments."""
    line = raw.rstrip("\r\n")
    if not line.strip() or line.lstrip().startswith("#"):
        return None, None
    fields = line.split("\t")
    if len(fields) < 2:
        return None, glossary_problem(
            number, "bad-line", "no tab: expected 'TERM<TAB>TRANSLATION[<TAB>NOTE]'"
        )
    if len(fields) > 3:
        return None, glossary_problem(
            number, "bad-line", f"{len(fields)} tab-separated fields, expected 2 or 3"
        )
    source, target = fields[0].strip(), fields[1].strip()
    note, rejected = split_note(fields[2].strip() if len(fields) == 3 else "")
    if not source or not target:
        empty = "term" if not source else "translation"
        return None, glossary_problem(number, "empty", f"empty {empty}")
    return Term(source, target, note, rejected, number), None


def parse_tsv(text: str) -> tuple[list[Term], list[Diagnostic]]:
    terms: list[Term] = []
    problems: list[Diagnostic] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        term, problem = parse_line(raw, number)
        if term is not None:
            terms.append(term)
        if problem is not None:
            problems.append(problem)
    return terms, problems


def format_line(term: Term) -> str:
    """The TSV line of ``term`` (with its newline); tabs and newlines inside fields are spaces."""
    fields = [term.source, term.target]
    note = compose_note(term.note, term.rejected)
    if note:
        fields.append(note)
    return "\t".join(" ".join(field.split()) for field in fields) + "\n"


def format_tsv(terms: list[Term]) -> str:
    return HEADER + "".join(format_line(term) for term in terms)
