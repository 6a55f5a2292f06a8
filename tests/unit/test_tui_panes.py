"""Layout of the small panes: glossary terms readable at any width, QA findings counted."""

from __future__ import annotations

from workbench.diagnostic import Diagnostic
from workbench.glossary import Term, TermMatch
from workbench.tui.bidi import display_excerpt
from workbench.tui.components.info_panes import QALine, glossary_lines

MINISTER = Term(
    "وزير الأمن العام",
    "Minister of Public Security",
    "Viet Nam; precedes the name, never abbreviated in official texts",
    ("Public Security Minister",),
)
GENERAL = Term("الجنرال", "General", "military rank before a name")


def found(term: Term, start: int) -> TermMatch:
    """``term`` as the glossary reports it in a source, at ``start``."""
    return TermMatch(start, start + len(term.source), term.source, term)


BOTH = [found(GENERAL, 17), found(MINISTER, 0)]


def test_the_arabic_term_is_whole_and_first_on_its_line() -> None:
    lines = glossary_lines([found(MINISTER, 0)], width=36, height=10).plain.split("\n")
    arabic = display_excerpt(MINISTER.source, 36)
    assert "…" not in arabic
    # shown whole, never cut at its right end (where an RTL phrase starts)
    assert lines[0] == arabic
    assert lines[1] == "→ Minister of Public Security"
    assert all(len(line) <= 36 for line in lines)
    joined = " ".join(line.strip() for line in lines[2:])
    assert MINISTER.note in joined and "not: Public Security Minister" in joined


def test_a_short_term_takes_one_line() -> None:
    first = glossary_lines([found(GENERAL, 17)], width=36, height=10).plain.split("\n")[0]
    assert first == f"{display_excerpt(GENERAL.source, 36)} → General"


def test_a_small_pane_shows_every_translation_before_any_note() -> None:
    lines = glossary_lines(BOTH, width=36, height=5).plain.split("\n")
    assert lines[0].endswith("→ General")
    assert "→ Minister of Public Security" in lines
    assert len(lines) <= 5 and MINISTER.note.split()[0] not in " ".join(lines)


def test_terms_that_do_not_fit_at_all_are_counted() -> None:
    lines = glossary_lines(BOTH, width=36, height=2).plain.split("\n")
    assert len(lines) == 2 and lines[1].startswith("+1 more")


def test_qa_line_counts_findings_and_puts_errors_first() -> None:
    line = QALine()
    line.show_findings(
        [
            Diagnostic("the translation is short", "length", "warning"),
            Diagnostic("number 72 missing", "numbers", "error"),
        ],
        empty_target=False,
    )
    assert line.render().plain.startswith("QA (2): number 72 missing")
