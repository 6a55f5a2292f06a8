"""Display-time shaping: joined letters, right-to-left lines, logical offsets kept."""

from __future__ import annotations

import unicodedata

from bidi.algorithm import get_display  # the pure-Python UBA mirrors brackets (L4)

from workbench.tui.bidi import (
    display_excerpt,
    is_rtl_paragraph,
    resolve_mode,
    visual_lines,
    wrap_logical,
)

SENTENCE = "قال الجنرال لونغ تام كوانغ، وزير الأمن العام، إن 72 دولة وقعت على الاتفاقية (UNODC)."


def test_one_line_matches_python_bidi_on_reshaped_text() -> None:
    import arabic_reshaper

    line = visual_lines(SENTENCE, 200)
    assert len(line) == 1
    expected = get_display(arabic_reshaper.reshape(SENTENCE))
    assert line[0].text == expected


def test_letters_are_joined_into_presentation_forms() -> None:
    text = visual_lines("وزير", 20)[0].text
    assert all(0xFE70 <= ord(c) <= 0xFEFF for c in text)  # presentation forms B
    assert any(unicodedata.decomposition(c).startswith("<initial>") for c in text)


def test_first_logical_character_is_shown_rightmost() -> None:
    line = visual_lines("وزير الأمن", 20)[0]
    assert line.sources[-1] == 0  # reading starts at the right
    assert line.sources[0] == len("وزير الأمن") - 1


def test_numbers_and_latin_keep_their_left_to_right_order() -> None:
    text = visual_lines("وقعت 72 دولة على UNODC", 40)[0].text
    assert "72" in text and "UNODC" in text


def test_wrapping_happens_before_reordering_so_lines_read_top_down() -> None:
    lines = visual_lines(SENTENCE, 24)
    assert len(lines) > 2
    assert all(line.width <= 24 for line in lines)
    # the first screen line holds the start of the sentence, its first word on the right
    assert lines[0].sources[-1] == 0
    firsts = [min(line.sources) for line in lines]
    assert firsts == sorted(firsts)


def test_sources_cover_every_logical_letter_for_highlighting() -> None:
    term = "وزير الأمن العام"
    start = SENTENCE.index(term)
    shown = {i for line in visual_lines(SENTENCE, 30) for i in line.sources}
    # lam-alef ligatures show two letters in one cell: the first letter is the mapped one
    assert start in shown
    missing = {i for i in range(start, start + len(term))} - shown
    assert missing  # the lam-alef of "الأمن" and "الاتفاقية"...
    for i in missing:  # ...or a space dropped at a line break
        assert SENTENCE[i] == " " or (SENTENCE[i] in "اأإآ" and SENTENCE[i - 1] == "ل")


def test_harakat_are_kept_each_after_its_own_letter() -> None:
    # shadda + damma on the last letter of "مُحَمَّدٌ": a terminal draws a mark on the cell
    # before it, so in display order each mark must follow its (joined) letter
    text = "مُحَمَّدٌ"
    line = visual_lines(text, 20)[0]
    marks = [c for c in line.text if unicodedata.category(c) == "Mn"]
    assert sorted(marks) == sorted(c for c in text if unicodedata.category(c) == "Mn")
    assert line.width == 4  # marks take no cell
    letters = [c for c in line.text if unicodedata.category(c) != "Mn"]
    assert letters == list(visual_lines("محمد", 20)[0].text)
    for position, char in enumerate(line.text):
        if unicodedata.category(char) == "Mn":
            letter = next(
                line.sources[i] for i in range(position, -1, -1)
                if unicodedata.category(line.text[i]) != "Mn"
            )
            between = text[letter + 1 : line.sources[position]]
            assert all(unicodedata.category(c) == "Mn" for c in between), (char, letter)
    assert line.sources[0] == len(text) - 2  # the last letter, shown leftmost, then its mark
    assert text == "مُحَمَّدٌ"  # stored text untouched


def test_harakat_inside_a_lam_alef_ligature_follow_the_ligature() -> None:
    line = visual_lines("السَّلَامُ", 20)[0]
    assert unicodedata.category(line.text[0]) != "Mn"  # no mark before any letter
    ligature = next(i for i, c in enumerate(line.text) if c in "ﻻﻼ")
    assert line.text[ligature + 1] == "\u064e"  # the fatha on the lam, after the ligature


def test_terminal_mode_keeps_logical_order() -> None:
    lines = visual_lines(SENTENCE, 30, "terminal")
    assert "".join(line.text + " " for line in lines).split() == SENTENCE.split()


def test_wrap_splits_overlong_words_and_keeps_paragraphs() -> None:
    assert wrap_logical("abcdefgh", 3) == [(0, 3), (3, 6), (6, 8)]
    assert wrap_logical("ab\n\ncd", 5) == [(0, 2), (3, 3), (4, 6)]


def test_excerpt_is_one_shaped_line_with_ellipsis() -> None:
    excerpt = display_excerpt(SENTENCE, 20)
    assert len(excerpt) <= 20 and "…" in excerpt
    assert display_excerpt("short", 20) == "short"


def test_paragraph_direction() -> None:
    assert is_rtl_paragraph("2500 مندوب")
    assert not is_rtl_paragraph("z7157588.jpg وزير")


def test_mode_resolution_from_environment() -> None:
    assert resolve_mode("app", {"KONSOLE_VERSION": "230401"}) == "app"
    assert resolve_mode("auto", {}) == "app"
    assert resolve_mode("auto", {"KONSOLE_VERSION": "230401"}) == "terminal"
    assert resolve_mode("auto", {"MLTERM": "3.9"}) == "terminal"
    # VTE reorders whole screen lines (across panes) unless told not to: the app does it
    assert resolve_mode("auto", {"VTE_VERSION": "7600"}) == "app"
    assert resolve_mode("auto", {"VTE_VERSION": "5200"}) == "app"
    assert resolve_mode("auto", {"KONSOLE_VERSION": "1", "WORKBENCH_BIDI": "app"}) == "app"


def test_inline_arabic_in_a_ui_message_is_joined_in_place() -> None:
    from workbench.tui.bidi import display_inline

    message = "'وزير الأمن العام' should be translated as 'Minister of Public Security'"
    shown = display_inline(message)
    assert shown.startswith("'") and shown.endswith("'Minister of Public Security'")
    assert "وزير" not in shown and "ﺮﻳﺯﻭ" in shown  # joined, read right to left
    assert display_inline(message, "terminal") == message
    assert display_inline("no Arabic here") == "no Arabic here"
