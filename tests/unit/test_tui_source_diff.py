"""The word diff of a revised source (tui/source_diff.py): Arabic-aware token comparison and
markers readable without colour."""

from __future__ import annotations

import pytest

from workbench.tui.source_diff import Piece, compare_key, diff_sources, marked_text


def changed_words(previous: str, current: str) -> tuple[list[str], list[str]]:
    diff = diff_sources(previous, current)
    removed = [p.text for p in diff.previous if p.change == "removed"]
    added = [p.text for p in diff.current if p.change == "added"]
    return removed, added


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("وَزِيرُ الأَمْنِ", "وزير الأمن"),  # harakat
        ("وزيـــر الأمن", "وزير الأمن"),  # tatweel
        ("أعلنت إدارة الآثار", "اعلنت ادارة الاثار"),  # hamza forms of alef, madda
        ("مسؤول وهيئة", "مسوول وهيية"),  # hamza seats on waw and yeh
        ("على مستوى", "علي مستوي"),  # alef maqsura
    ],
)
def test_marks_tatweel_and_hamza_forms_alone_are_no_change(before: str, after: str) -> None:
    diff = diff_sources(before, after)
    assert not diff.changed
    assert "".join(p.text for p in diff.previous) == before  # each side in its own spelling
    assert "".join(p.text for p in diff.current) == after


def test_a_replaced_and_an_added_word_are_marked_on_their_side() -> None:
    removed, added = changed_words(
        "أعلنت الوزارةُ اليومَ عن خطة جديدة.", "اعلنت الوزارة أمس عن خطة جديدة للتعليم."
    )
    assert removed == ["اليومَ"]
    assert added == ["أمس", "للتعليم"]


def test_a_different_letter_is_a_change() -> None:
    assert changed_words("وزير الأمن", "وزير الأمم") == (["الأمن"], ["الأمم"])


def test_adjacent_changed_words_make_one_run_with_their_space() -> None:
    diff = diff_sources("قال الوزير اليوم", "قال رئيس الحكومة اليوم")
    assert [p for p in diff.current if p.change == "added"] == [Piece("رئيس الحكومة", "added")]
    assert [p for p in diff.previous if p.change == "removed"] == [Piece("الوزير", "removed")]


def test_punctuation_and_numbers_are_tokens_of_their_own() -> None:
    assert changed_words("وقع 12 بلدا.", "وقع 12 بلدا،") == (["."], ["،"])
    assert changed_words("وقع 12 بلدا.", "وقع 13 بلدا.") == (["12"], ["13"])


def test_markers_are_readable_without_colour_and_changes_cover_them() -> None:
    diff = diff_sources("a b c", "a x c d")
    old, old_changes = marked_text(diff.previous)
    new, new_changes = marked_text(diff.current)
    assert old == "a [-b-] c"
    assert new == "a {+x+} c {+d+}"
    assert len(old_changes) == len(old) and len(new_changes) == len(new)
    added = [char for char, change in zip(new, new_changes, strict=True) if change == "added"]
    assert added == list("{+x+}{+d+}")


def test_identical_and_empty_sources() -> None:
    assert not diff_sources("نص", "نص").changed
    diff = diff_sources("", "نص جديد")
    assert diff.previous == () and diff.current == (Piece("نص جديد", "added"),)


def test_latin_text_compares_case_insensitively() -> None:
    assert compare_key("UNESCO") == compare_key("unesco")
