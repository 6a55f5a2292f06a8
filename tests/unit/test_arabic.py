"""The shared Arabic script tables agree with the Unicode database, and the glossary, TM and QA
normalizers apply them."""

from __future__ import annotations

import re
import unicodedata

import pytest

from workbench import arabic
from workbench.glossary.arabic import normalize as glossary_normalize
from workbench.qa.checks.numbers import numbers
from workbench.tm.normalize import normalize_for_matching


def test_diacritics_are_arabic_marks_and_quranic_symbols_are_not():
    for char in arabic.DIACRITICS:
        assert unicodedata.name(char).startswith("ARABIC"), hex(ord(char))
        assert unicodedata.category(char) in ("Mn", "Lm"), hex(ord(char))
    assert "\u0670" in arabic.HARAKAT  # superscript alef
    for symbol in ("\u06dd", "\u06de", "\u06e9"):  # end of ayah, rub el hizb, sajdah
        assert symbol not in arabic.DIACRITICS
    assert arabic.TATWEEL not in arabic.DIACRITICS
    assert unicodedata.name(arabic.TATWEEL) == "ARABIC TATWEEL"


def test_invisible_marks_are_format_characters():
    assert len(set(arabic.INVISIBLE_MARKS)) == len(arabic.INVISIBLE_MARKS) == 16
    for char in arabic.INVISIBLE_MARKS:
        assert unicodedata.category(char) == "Cf", hex(ord(char))


def test_alef_folding_matches_unicode_decomposition():
    """Alef with hamza or madda decomposes to alef plus a mark; wasla has no decomposition."""
    for variant in arabic.ALEF_VARIANTS:
        assert arabic.fold_letters(variant) == arabic.ALEF
        if variant != "\u0671":
            decomposed = unicodedata.normalize("NFD", variant)
            assert arabic.remove_diacritics(decomposed) == arabic.ALEF


def test_fold_letters_and_remove_diacritics_on_words():
    assert arabic.remove_diacritics("مُحَمَّدٌ") == "محمد"
    assert arabic.remove_diacritics("هٰذا") == "هذا"
    assert arabic.remove_tatweel("الســـلام") == "السلام"
    assert arabic.fold_letters("إلى مدرسة أحمد") == "الي مدرسه احمد"
    assert arabic.fold_letters("abc") == "abc"


def test_digit_folding_agrees_with_unicode_digit_values():
    assert len(arabic.DIGIT_FOLDING) == 20
    for char, ascii_digit in arabic.DIGIT_FOLDING.items():
        assert unicodedata.digit(char) == int(ascii_digit)
    assert arabic.fold_digits("٢٠٢٤ و۱۹۹۹") == "2024 و1999"
    assert arabic.fold_digits("no digits") == "no digits"


def test_separators_and_punctuation_are_what_they_say():
    assert unicodedata.name(arabic.ARABIC_THOUSANDS_SEPARATOR) == "ARABIC THOUSANDS SEPARATOR"
    assert unicodedata.name(arabic.ARABIC_DECIMAL_SEPARATOR) == "ARABIC DECIMAL SEPARATOR"
    assert arabic.SEPARATOR_FOLDING == {"٬": ",", "٫": "."}
    assert arabic.PUNCTUATION_FOLDING == {"،": ",", "؛": ";", "؟": "?", "۔": "."}


def test_has_arabic_letter():
    assert arabic.has_arabic_letter("UN وزير")
    assert not arabic.has_arabic_letter("UN 2024 ٢٠٢٤ \u064e \u200f،")


@pytest.mark.parametrize("text", ["", "abc", "أإآٱ ى ة", "ةةة ىى", "mixed أ text ة"])
def test_replace_chars_equals_translate(text):
    table = arabic.LETTER_FOLDING | arabic.PERSIAN_LETTER_FOLDING
    assert arabic.replace_chars(text, table) == text.translate(str.maketrans(table))


def test_char_class_matches_exactly_its_characters():
    pattern = re.compile(arabic.char_class("a-]^" + arabic.TATWEEL))
    assert [c for c in "a-]^\u0640b\\" if pattern.fullmatch(c)] == list("a-]^\u0640")


def test_glossary_and_tm_drop_every_shared_mark():
    word = "كتاب"
    for mark in arabic.DIACRITICS + arabic.TATWEEL:
        marked = word[:2] + mark + word[2:]
        assert glossary_normalize(marked) == word, hex(ord(mark))
        assert normalize_for_matching(marked) == word, hex(ord(mark))
    for mark in arabic.INVISIBLE_MARKS:
        assert glossary_normalize(word[:2] + mark + word[2:]) == word, hex(ord(mark))


def test_tm_key_keeps_bidi_embeddings_and_isolates():
    """Stored memory keys were built this way; dropping more would orphan them."""
    for mark in arabic.ZERO_WIDTH + arabic.DIRECTION_MARKS:
        assert normalize_for_matching(f"a{mark}b") == "ab"
    for mark in arabic.BIDI_EMBEDDINGS + arabic.BIDI_ISOLATES + arabic.BYTE_ORDER_MARK:
        assert normalize_for_matching(f"a{mark}b") == f"a{mark}b"


def test_tm_and_qa_fold_every_digit_and_separator():
    for char, ascii_digit in arabic.DIGIT_FOLDING.items():
        assert normalize_for_matching(f"x{char}") == f"x{ascii_digit}"
    assert numbers("٢٬٥٠٠ و۳٫۵") == numbers("2,500 and 3.5")
