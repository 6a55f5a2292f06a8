"""CSV glossaries (RFC 4180 via the csv module): columns ``source,target,note``; a first row
naming the columns is a header; rejected renderings live in the note as ``not: A, B``."""

from __future__ import annotations

import csv
import io

from workbench.diagnostic import Diagnostic
from workbench.glossary.formats.tsv import control_character_problem, refuse_control_characters
from workbench.glossary.model import Term, compose_note, glossary_problem, split_note

COLUMNS = ("source", "target", "note")
_HEADER_NAMES = {"source", "term", "arabic", "ar", "source term", "src"}


def parse_csv(text: str) -> tuple[list[Term], list[Diagnostic]]:
    terms: list[Term] = []
    problems: list[Diagnostic] = []
    # The csv module stops at a NUL ("line contains NUL"): read it as a stand-in absent from
    # the text, reported as the NUL it is.
    stand_in = next(chr(c) for c in range(0xE000, 0xF900) if chr(c) not in text)
    reader = csv.reader(io.StringIO(text.replace("\0", stand_in), newline=""), strict=True)
    first_line = 1
    try:
        for row in reader:
            number, first_line = first_line, reader.line_num + 1
            if not row or not "".join(row).strip() or row[0].lstrip().startswith("#"):
                continue
            if number == 1 and row[0].strip().lower() in _HEADER_NAMES:
                continue
            if len(row) < 2 or len(row) > 3:
                problems.append(
                    glossary_problem(
                        number, "bad-line", f"{len(row)} columns, expected source,target[,note]"
                    )
                )
                continue
            row = [field.replace(stand_in, "\0") for field in row]
            fields = dict(zip(("term", "translation", "note"), row, strict=False))
            problem = control_character_problem(number, fields, allowed="\t")
            if problem is not None:
                problems.append(problem)
                continue
            source, target = row[0].strip(), row[1].strip()
            if not source or not target:
                empty = "term" if not source else "translation"
                problems.append(glossary_problem(number, "empty", f"empty {empty}"))
                continue
            note, rejected = split_note(row[2].strip() if len(row) == 3 else "")
            terms.append(Term(source, target, note, rejected, number))
    except csv.Error as exc:
        problems.append(glossary_problem(first_line, "bad-line", f"bad CSV: {exc}"))
    return terms, problems


def format_csv(terms: list[Term]) -> str:
    refuse_control_characters(terms, allowed="\t")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for term in terms:
        writer.writerow([term.source, term.target, compose_note(term.note, term.rejected)])
    return out.getvalue()
