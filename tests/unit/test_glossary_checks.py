"""Glossary QA (approved and rejected renderings) and glossary lint."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import GLOSSARY
from workbench.glossary import Glossary, Term, check_translation, lint_glossary


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return Glossary.load(GLOSSARY)


SOURCE = "قال الجنرال لونغ تام كوانغ، وزير الأمن العام، إن فيتنام مستعدة."


def kinds(problems) -> list[tuple[str, str]]:
    return [(p.kind, p.term.target) for p in problems]


def test_a_correct_translation_passes(glossary: Glossary) -> None:
    target = (
        "General Luong Tam Quang, the Minister of Public Security, said Viet Nam was ready."
    )
    assert check_translation(glossary, SOURCE, target) == []


def test_case_whitespace_and_leading_the_are_tolerated() -> None:
    glossary = Glossary([Term("مدير إدارة شؤون المعاهدات", "the Director of the Division")])
    target = "He met DIRECTOR   of the\nDivision yesterday."
    assert check_translation(glossary, "التقى مدير إدارة شؤون المعاهدات", target) == []


def test_missing_translations_are_reported_once_per_term(glossary: Glossary) -> None:
    target = "General Long Tam Quang, Public Security Minister, said Vietnam was ready."
    problems = check_translation(glossary, SOURCE + " " + SOURCE, target)
    assert kinds(problems) == [
        ("missing", "Luong Tam Quang"),
        ("rejected", "Luong Tam Quang"),
        ("missing", "Minister of Public Security"),
        ("missing", "Viet Nam"),
        ("rejected", "Viet Nam"),
    ]
    assert problems[1].message == (
        "'Long Tam Quang' is a rejected rendering of 'لونغ تام كوانغ'; use 'Luong Tam Quang'"
    )
    assert "'وزير الأمن العام' should be translated as 'Minister of Public Security'" == (
        problems[2].message
    )


def test_rejected_rendering_alongside_the_approved_one_is_still_an_error(
    glossary: Glossary,
) -> None:
    problems = check_translation(glossary, "فيتنام", "Viet Nam (Vietnam)")
    assert kinds(problems) == [("rejected", "Viet Nam")]


def test_rejected_rendering_inside_the_approved_one_is_fine() -> None:
    glossary = Glossary([Term("اللواء", "Major General", rejected=("General",))])
    assert check_translation(glossary, "اللواء", "Major General Nguyen") == []
    assert kinds(check_translation(glossary, "اللواء", "General Nguyen")) == [
        ("missing", "Major General"),
        ("rejected", "Major General"),
    ]


def test_whole_words_in_the_target() -> None:
    glossary = Glossary([Term("هانوي", "Hanoi")])
    assert kinds(check_translation(glossary, "هانوي", "Hanoians")) == [("missing", "Hanoi")]


def test_project_glossary_is_clean() -> None:
    assert lint_glossary(GLOSSARY) == []


def test_lint_reports_every_problem_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "g.tsv"
    path.write_text(
        "# comment\n"
        "فيتنام\tViet Nam\n"  # 2
        "فِيتْنَام\tviet  nam\tsame after normalization\n"  # 3: duplicate
        "هانوي\tHanoi\n"  # 4
        "هانوى\tHa Noi\n"  # 5: conflict (ى/ي)
        "no tab here\n"  # 6: bad line
        "\tEmpty\n"  # 7: empty term
        "الجنرال\tGeneral\tnot: General\n"  # 8: approved and rejected
        "ـــ\tTatweel\n",  # 9: no letters
        encoding="utf-8",
    )
    problems = lint_glossary(path)
    assert [(p.line, p.code) for p in problems] == [
        (3, "duplicate"),
        (5, "conflict"),
        (6, "bad-line"),
        (7, "empty"),
        (8, "rejected-approved"),
        (9, "empty"),
    ]
    assert problems[0].message == "duplicate of line 2: 'فِيتْنَام'"
    assert problems[1].message == (
        "conflicting translation for 'هانوى': 'Ha Noi' here, 'Hanoi' at line 4"
    )
