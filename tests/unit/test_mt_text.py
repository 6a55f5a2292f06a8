"""OPUS-MT pre/post-processing: punctuation normalisation, controls, tatweel, splitting."""

from __future__ import annotations

from workbench.mt.text import clean_output, normalize_source, split_to_fit


def test_normalize_removes_tatweel_controls_and_bidi_marks() -> None:
    text = "الأمــــن\u200f العام\u0007\tوزير\u200b"
    assert normalize_source(text) == "الأمن العام وزير"


def test_normalize_replaces_unicode_punctuation_like_moses() -> None:
    assert normalize_source("قال «الجنرال» …  “نعم” – لا") == 'قال "الجنرال" ... "نعم" - لا'


def test_normalize_keeps_arabic_punctuation_and_digits() -> None:
    text = "هل وقع ١١٠ دولة؟ نعم، وقعت؛ 2,500 مندوب."
    assert normalize_source(text) == text


def test_normalize_empty_and_whitespace() -> None:
    assert normalize_source("") == ""
    assert normalize_source(" \u0640\u200f ") == ""


def test_clean_output_removes_stray_spaces_around_punctuation() -> None:
    assert clean_output(" The minister ( General ) said , in Hanoi : yes . 50 % ") == (
        "The minister (General) said, in Hanoi: yes. 50%"
    )
    assert clean_output("see https://example.org/a:b now") == "see https://example.org/a:b now"


def _words(text: str) -> int:
    return len(text.split())


def test_split_prefers_sentence_boundaries() -> None:
    text = "one two three. four five six. seven eight nine."
    assert split_to_fit(text, _words, 6) == ["one two three. four five six.", "seven eight nine."]


def test_split_falls_back_to_clauses_then_words() -> None:
    text = "a b c، d e f، g h i j k l m n"
    parts = split_to_fit(text, _words, 4)
    assert all(_words(part) <= 4 for part in parts)
    assert " ".join(parts).split() == text.split()
    assert parts[0] == "a b c،"


def test_split_short_text_is_unchanged() -> None:
    assert split_to_fit("short text", _words, 10) == ["short text"]


def test_split_single_overlong_word_stays_whole() -> None:
    assert split_to_fit("x" * 50, len, 10) == ["x" * 50]
