"""The OmegaT glossary layout: ``Arabic term<TAB>approved English<TAB>note``, one a line;
lines starting with ``#`` are comments. Rejected renderings live in the note as ``not: A, B``."""

from __future__ import annotations

from workbench.catalog.text_rules import control_character, describe
from workbench.diagnostic import Diagnostic
from workbench.errors import WorkbenchError
from workbench.glossary.model import Term, compose_note, glossary_problem, split_note

HEADER = (
    "# Arabic term, approved English, note. Tab-separated (OmegaT layout);"
    " 'not:' in a note lists renderings to reject.\n"
)


def control_character_problem(
    number: int | None, fields: dict[str, str], allowed: str = ""
) -> Diagnostic | None:
    """The problem of the first of ``fields`` (name: text) holding a control character not in
    ``allowed``: a term inserted into a translation must not carry one into the catalog
    (:mod:`workbench.catalog.text_rules`)."""
    for name, text in fields.items():
        char = control_character(text, allowed=allowed)
        if char is not None:
            return glossary_problem(
                number,
                "control-character",
                f"control character {describe(char)} in the {name}: remove it (a catalog "
                "cannot take it)",
            )
    return None


def refuse_control_characters(terms: list[Term], allowed: str = "") -> None:
    """For the writers: never write a term the readers would refuse."""
    for term in terms:
        fields = {
            "term": term.source,
            "translation": term.target,
            "note": term.note,
            "rejected renderings": " ".join(term.rejected),
        }
        problem = control_character_problem(term.line, fields, allowed)
        if problem is not None:
            raise WorkbenchError(f"'{term.source}': {problem.message}")


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
    names = ("term", "translation", "note")
    problem = control_character_problem(number, dict(zip(names, fields, strict=False)))
    if problem is not None:
        return None, problem
    source, target = fields[0].strip(), fields[1].strip()
    note, rejected = split_note(fields[2].strip() if len(fields) == 3 else "")
    if not source or not target:
        empty = "term" if not source else "translation"
        return None, glossary_problem(number, "empty", f"empty {empty}")
    return Term(source, target, note, rejected, number), None


def parse_tsv(text: str) -> tuple[list[Term], list[Diagnostic]]:
    terms: list[Term] = []
    problems: list[Diagnostic] = []
    # Lines end at "\n" only: str.splitlines() also breaks at U+001C..U+001E, U+0085 and
    # U+2028, which would hide those characters and shift every later line number.
    for number, raw in enumerate(text.split("\n"), start=1):
        term, problem = parse_line(raw, number)
        if term is not None:
            terms.append(term)
        if problem is not None:
            problems.append(problem)
    return terms, problems


def format_line(term: Term) -> str:
    """The TSV line of ``term`` (with its newline); tabs and newlines inside fields are spaces."""
    refuse_control_characters([term], allowed="\t\n\r")  # these three become spaces
    fields = [term.source, term.target]
    note = compose_note(term.note, term.rejected)
    if note:
        fields.append(note)
    return "\t".join(" ".join(field.split()) for field in fields) + "\n"


def format_tsv(terms: list[Term]) -> str:
    return HEADER + "".join(format_line(term) for term in terms)
