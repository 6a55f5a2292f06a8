"""Arabic script facts shared by glossary, TM, QA and MT.

Which characters are marks that do not change a word (harakat, Quranic marks, tatweel,
invisible bidi and zero-width characters), which letters are folded together for matching
(alef forms, alef maksura, teh marbuta), which digits and separators write numbers. Each
consumer picks the tables it needs and builds its own fast path from them (a regex character
class, ``str.replace`` calls, a ``str.translate`` table); the few functions here are those fast
paths for the common jobs.

Hand-written: the facts are a few Unicode ranges, and the libraries that hold them (pyarabic,
camel-tools) are far larger and differ in details this project has fixed (which Quranic marks
are marks, which letters fold), details stored translation-memory keys depend on.
"""

from __future__ import annotations

import re
from collections.abc import Mapping


def _chars(first: int, last: int) -> str:
    """The characters from ``first`` to ``last``, both included."""
    return "".join(chr(code) for code in range(first, last + 1))


# --- Marks: characters that can be removed without changing the word ---------------------------

#: Harakat, tanween, shadda, sukun and the other combining marks of the Arabic block
#: (U+064B-U+065F), plus the superscript ("dagger") alef U+0670.
HARAKAT = _chars(0x064B, 0x065F) + "\u0670"
#: Quranic annotation marks (U+06D6-U+06DC, U+06DF-U+06E8, U+06EA-U+06ED). End of ayah
#: (U+06DD), rub el hizb (U+06DE) and the sajdah sign (U+06E9) are symbols, not marks: kept.
QURANIC_MARKS = _chars(0x06D6, 0x06DC) + _chars(0x06DF, 0x06E8) + _chars(0x06EA, 0x06ED)
#: Every combining mark dropped for matching.
DIACRITICS = HARAKAT + QURANIC_MARKS
#: Kashida, the letter-stretching character (U+0640).
TATWEEL = "\u0640"

#: Zero-width space, non-joiner, joiner.
ZERO_WIDTH = "\u200b\u200c\u200d"
#: Left-to-right mark, right-to-left mark, Arabic letter mark.
DIRECTION_MARKS = "\u200e\u200f\u061c"
#: Embeddings and overrides LRE RLE PDF LRO RLO (U+202A-U+202E).
BIDI_EMBEDDINGS = _chars(0x202A, 0x202E)
#: Isolates LRI RLI FSI PDI (U+2066-U+2069).
BIDI_ISOLATES = _chars(0x2066, 0x2069)
#: Byte order mark / zero-width no-break space.
BYTE_ORDER_MARK = "\ufeff"
#: Every invisible formatting character Arabic text picks up from editors and web pages.
INVISIBLE_MARKS = ZERO_WIDTH + DIRECTION_MARKS + BIDI_EMBEDDINGS + BIDI_ISOLATES + BYTE_ORDER_MARK

# --- Letters -----------------------------------------------------------------------------------

#: Arabic letters: hamza to yeh (U+0621-U+064A, a range that includes tatweel), the extended
#: letters of the Arabic block (U+0671-U+06D3) and U+06FA-U+06FC, as a regex character-class body.
LETTER_RANGES = "\u0621-\u064a\u0671-\u06d3\u06fa-\u06fc"
ARABIC_LETTER_RE = re.compile(f"[{LETTER_RANGES}]")

ALEF = "\u0627"
#: Alef with hamza above, with hamza below, with madda, alef wasla.
ALEF_VARIANTS = "\u0623\u0625\u0622\u0671"
ALEF_FOLDING = dict.fromkeys(ALEF_VARIANTS, ALEF)
#: Alef maksura ى is written for final yeh ي (and the reverse): fold to yeh.
ALEF_MAKSURA_FOLDING = {"\u0649": "\u064a"}
#: Teh marbuta ة and heh ه are confused at the end of words: fold to heh.
TEH_MARBUTA_FOLDING = {"\u0629": "\u0647"}
#: The letter folding of Lucene's ``ArabicNormalizer``: alef forms, alef maksura, teh marbuta.
LETTER_FOLDING = ALEF_FOLDING | ALEF_MAKSURA_FOLDING | TEH_MARBUTA_FOLDING
#: Persian yeh ی and keheh ک, typed on Persian keyboards for Arabic ي and ك.
PERSIAN_LETTER_FOLDING = {"\u06cc": "\u064a", "\u06a9": "\u0643"}

# --- Digits, number separators, punctuation ----------------------------------------------------

#: ٠١٢٣٤٥٦٧٨٩ (U+0660-U+0669), the digits of Arabic text in the Arab world.
ARABIC_INDIC_DIGITS = _chars(0x0660, 0x0669)
#: ۰۱۲۳۴۵۶۷۸۹ (U+06F0-U+06F9), the Persian/Urdu forms.
EASTERN_ARABIC_DIGITS = _chars(0x06F0, 0x06F9)
#: Both Arabic digit scripts to ASCII 0-9.
DIGIT_FOLDING = {digit: str(value) for value, digit in enumerate(ARABIC_INDIC_DIGITS)} | {
    digit: str(value) for value, digit in enumerate(EASTERN_ARABIC_DIGITS)
}
#: Any digit, ASCII or Arabic, as a regex character-class body.
ANY_DIGIT_CLASS = "0-9\u0660-\u0669\u06f0-\u06f9"

#: ٬ (U+066C), the Arabic thousands separator.
ARABIC_THOUSANDS_SEPARATOR = "\u066c"
#: ٫ (U+066B), the Arabic decimal separator.
ARABIC_DECIMAL_SEPARATOR = "\u066b"
#: The Arabic number separators as their English counterparts.
SEPARATOR_FOLDING = {ARABIC_THOUSANDS_SEPARATOR: ",", ARABIC_DECIMAL_SEPARATOR: "."}

ARABIC_COMMA = "\u060c"
ARABIC_SEMICOLON = "\u061b"
ARABIC_QUESTION_MARK = "\u061f"
#: ۔ (U+06D4), the Urdu full stop, also met in Arabic text.
ARABIC_FULL_STOP = "\u06d4"
#: Arabic punctuation as its Latin counterpart.
PUNCTUATION_FOLDING = {
    ARABIC_COMMA: ",",
    ARABIC_SEMICOLON: ";",
    ARABIC_QUESTION_MARK: "?",
    ARABIC_FULL_STOP: ".",
}

# --- Functions ---------------------------------------------------------------------------------


def char_class(chars: str) -> str:
    """A regex character class matching any one of ``chars``."""
    return "[" + "".join(re.escape(char) for char in chars) + "]"


def replace_chars(text: str, table: Mapping[str, str]) -> str:
    """``text`` with every key of ``table`` replaced by its value.

    One C-speed ``str.replace`` per key present: ``str.translate`` with a dict looks every
    character of the text up in Python and is several times slower on the texts matched here.
    The values must not be keys themselves (replacements are applied one after another)."""
    for old, new in table.items():
        if old in text:
            text = text.replace(old, new)
    return text


_DIACRITICS_RE = re.compile(char_class(DIACRITICS))
_DIGIT_RE = re.compile(char_class(ARABIC_INDIC_DIGITS + EASTERN_ARABIC_DIGITS))


def has_arabic_letter(text: str) -> bool:
    """Whether ``text`` holds at least one Arabic letter."""
    return ARABIC_LETTER_RE.search(text) is not None


def remove_diacritics(text: str) -> str:
    """``text`` without harakat, superscript alef and Quranic marks."""
    return _DIACRITICS_RE.sub("", text)


def remove_tatweel(text: str) -> str:
    return text.replace(TATWEEL, "")


def fold_letters(text: str) -> str:
    """Alef forms to bare alef, alef maksura to yeh, teh marbuta to heh."""
    return replace_chars(text, LETTER_FOLDING)


def fold_digits(text: str) -> str:
    """Arabic-Indic and Eastern Arabic digits to ASCII."""
    if _DIGIT_RE.search(text) is None:
        return text
    return replace_chars(text, DIGIT_FOLDING)
