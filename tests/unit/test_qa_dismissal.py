"""Dismissed QA findings (qa/dismissal.py, qa/runner.py): one entry, one check, nothing else."""

from __future__ import annotations

from pathlib import Path

from workbench.catalog.review import text_digest
from workbench.diagnostic import Diagnostic
from workbench.qa import check_catalog, qa_report
from workbench.qa.checks import CHECK_NAMES
from workbench.qa.dismissal import (
    DISMISSAL,
    NOT_DISMISSABLE,
    STALE_REVIEW,
    can_dismiss,
    dismissal_problems,
    first_dismissable,
    split_dismissed,
)

HEADER = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Language: en\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
)
# Two entries with the same two faults (a number dropped, the end punctuation lost); the first
# has its numbers finding dismissed, the second nothing.
CATALOG = (
    HEADER + "# wb-dismissed: numbers\n"
    'msgid "حضر 2500 مندوب."\nmsgstr "Many delegates attended"\n\n'
    'msgid "وقع 72 بلدا."\nmsgstr "Many countries signed"\n\n'
    "# wb-dismissed: c-format, nombres\n#, c-format\n"
    'msgid "%d ملف"\nmsgstr "files"\n'
)


def write(tmp_path: Path, text: str = CATALOG) -> Path:
    path = tmp_path / "news.po"
    path.write_text(text, encoding="utf-8")
    return path


def codes_by_line(findings: list[Diagnostic]) -> list[tuple[int | None, str]]:
    return [(finding.line, finding.code) for finding in findings]


def test_a_dismissal_hides_that_check_for_that_entry_only(tmp_path: Path) -> None:
    report = qa_report([write(tmp_path)])
    assert codes_by_line(report.findings) == [
        (8, "end-punctuation"),
        (11, "numbers"),
        (11, "end-punctuation"),
        (16, "c-format"),
        (16, DISMISSAL),
        (16, DISMISSAL),
    ]
    assert codes_by_line(report.dismissed) == [(8, "numbers")]
    assert report.dismissed[0].subject == "حضر 2500 مندوب."
    assert codes_by_line(check_catalog(write(tmp_path))) == codes_by_line(report.findings)


def test_what_msgfmt_refuses_and_unknown_names_are_said_not_hidden(tmp_path: Path) -> None:
    findings = [f for f in qa_report([write(tmp_path)]).findings if f.code == DISMISSAL]
    assert len(findings) == 2 and all(f.severity == "warning" for f in findings)
    assert "c-format findings cannot be dismissed" in findings[0].message
    assert "'# wb-dismissed: nombres' names no check" in findings[1].message
    assert "numbers" in findings[1].message  # the names that work are listed


def test_which_checks_can_be_dismissed() -> None:
    assert NOT_DISMISSABLE <= set(CHECK_NAMES)
    assert can_dismiss("numbers") and can_dismiss("glossary") and can_dismiss("length-ratio")
    for check in ("untranslated", "fuzzy", "c-format", "newlines", "plural-forms", "markup"):
        assert not can_dismiss(check)
    assert not can_dismiss("no-such-check") and not can_dismiss(DISMISSAL)
    assert dismissal_problems({"numbers"}) == []


def test_split_and_the_finding_a_key_dismisses() -> None:
    number = Diagnostic("number", "numbers", "error")
    stop = Diagnostic("stop", "end-punctuation", "warning")
    placeholder = Diagnostic("placeholder", "c-format", "error")
    split = split_dismissed([stop, number, placeholder], {"numbers", "c-format"})
    assert (split.kept, split.dismissed) == ([stop, placeholder], [number])
    assert first_dismissable([stop, placeholder, number]) == number  # errors first
    assert first_dismissable([placeholder]) is None
    assert first_dismissable([]) is None


def test_a_mark_written_as_a_flag_is_said_to_be_lost(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + '#, reviewed, wb-dismissed:numbers\nmsgid "a"\nmsgstr "b"\n')
    warnings = [f for f in qa_report([path]).findings if f.code == DISMISSAL]
    assert [f.line for f in warnings] == [8, 8]  # the entry's msgid line
    assert "'#, reviewed' is a flag" in warnings[0].message
    assert "'# wb-reviewed'" in warnings[0].message
    assert "'# wb-dismissed: CHECK'" in warnings[1].message


def test_a_review_mark_for_another_text_is_a_warning_once_approved(tmp_path: Path) -> None:
    stale = f"# wb-reviewed {text_digest(['Old text.'])}\n"
    path = write(
        tmp_path,
        HEADER + stale + 'msgid "أ."\nmsgstr "New text."\n\n'
        + stale + '#, fuzzy\nmsgid "ب."\nmsgstr "Fuzzy text."\n\n'
        + f"# wb-reviewed {text_digest(['Same.'])}\n" + 'msgid "ج."\nmsgstr "Same."\n',
    )
    warnings = [f for f in qa_report([path]).findings if f.code == STALE_REVIEW]
    assert [(f.line, f.severity) for f in warnings] == [(8, "warning")]
    assert "changed since it was reviewed" in warnings[0].message
