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
from dataclasses import dataclass


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


# --- The matching form of words, with offsets (glossary terms, the TM's concordance) ----------
#
# Diacritics (harakat, tanween, shadda, sukun, superscript alef), tatweel and invisible bidi and
# zero-width marks are removed; alef forms (أ إ آ ٱ) become ا, ى becomes ي, ة becomes ه; Persian
# yeh/keheh become Arabic ي/ك; whitespace runs become one space; ASCII letters are lower-cased.
# Every kept character maps back to its index in the original, so a match found in the
# normalized text is reported on the text the user gave. Hand-written rather than taken from a
# library (e.g. pyarabic) because none keeps that offset map. Glossary matching defined it;
# it lives here so that the translation memory's concordance (a sibling of the glossary that
# may not import it) matches words by the very same rule.

#: Characters dropped before matching: diacritics (harakat, tanween, shadda, sukun, superscript
#: alef, Quranic marks), tatweel, zero-width and bidi marks.
_REMOVED = char_class(DIACRITICS + TATWEEL + INVISIBLE_MARKS)
_REMOVED_RE = re.compile(_REMOVED)
_REMOVED_RUN_RE = re.compile(f"{_REMOVED}+")
#: Spaces after the first of a run (applied after removal, so "a" SPACE FATHA SPACE "b" collapses).
_EXTRA_SPACES_RE = re.compile("(?<= ) +")
#: Something the slow path must handle: a removed character or a run of whitespace.
_NEEDS_MAP_RE = re.compile(f"{_REMOVED}|  ")

#: Whitespace other than the space, each as one space (same length, so offsets are unchanged).
_WHITESPACE_FOLDING = dict.fromkeys("\t\n\r\f\v\xa0\u2028\u2029\u202f", " ")
#: One-to-one replacements (same length, so offsets are unchanged).
_ONE_TO_ONE = LETTER_FOLDING | PERSIAN_LETTER_FOLDING | _WHITESPACE_FOLDING
_ASCII_UPPER_RE = re.compile("[A-Z]")


def _map_one_to_one(text: str) -> str:
    """The one-to-one replacements and ASCII lower-casing, with C-speed ``str.replace`` calls:
    ``str.translate`` with a dict looks every character up in Python and was the largest cost
    of matching."""
    text = replace_chars(text, _ONE_TO_ONE)
    if _ASCII_UPPER_RE.search(text):
        text = _ASCII_UPPER_RE.sub(lambda m: m.group().lower(), text)
    return text


CONJUNCTIONS = ("", "و", "ف")
PREPOSITIONS = ("", "ب", "ك", "ل")
ARTICLE = "ال"


def _prefixes(article_allowed: bool) -> frozenset[str]:
    """Proclitic strings allowed before a word: (و|ف)? (ب|ك|ل)? (ال)?, where ل + ال is
    written لل (the article's alef drops)."""
    found = set()
    for conj in CONJUNCTIONS:
        for prep in PREPOSITIONS:
            found.add(conj + prep)
            if article_allowed:
                found.add(conj + ("لل" if prep == "ل" else prep + ARTICLE))
    return frozenset(found)


#: Before a term that does not start with the article: conjunction, preposition, article.
PREFIXES_PLAIN = _prefixes(article_allowed=True)
#: Before a term that starts with ال (matched in full): conjunction and ب/ك only; ل + ال is
#: written لل and is matched through the article-less pattern.
PREFIXES_BEFORE_ARTICLE = frozenset(c + p for c in CONJUNCTIONS for p in ("", "ب", "ك"))
#: Before the article-less pattern of an ال-term: the لل spelling, after an optional conjunction.
PREFIXES_LAM_LAM = frozenset(c + "لل" for c in CONJUNCTIONS)
LONGEST_PREFIX = max(len(p) for p in PREFIXES_PLAIN)


@dataclass(frozen=True)
class Normalized:
    """A normalized text and, for each of its characters, the index in the original text;
    ``offsets`` has one extra entry, the original length, so ends map back too."""

    text: str
    offsets: list[int] | None  # None: identity (nothing was removed)
    original_length: int

    def original_index(self, index: int) -> int:
        if self.offsets is None:
            return index
        return self.offsets[index]


def normalize(text: str) -> str:
    """The matching form of ``text`` (no offsets), e.g. for glossary terms."""
    return " ".join(_REMOVED_RE.sub("", _map_one_to_one(text)).split())


def normalize_with_offsets(text: str) -> Normalized:
    """Normalize ``text`` keeping, for each kept character, its original index.

    The common case (no diacritics, no doubled whitespace) keeps every character, so no map is
    built; otherwise whitespace runs collapse to their first character and removed characters
    are skipped. An end offset maps to the original index of the next kept character, so
    diacritics and tatweel after a match's last letter belong to the match.
    """
    mapped = _map_one_to_one(text)
    if _NEEDS_MAP_RE.search(mapped) is None:
        return Normalized(mapped, None, len(text))
    kept, offsets = _drop(mapped, _REMOVED_RUN_RE)
    collapsed, kept_offsets = _drop(kept, _EXTRA_SPACES_RE)
    composed = [offsets[i] for i in kept_offsets]
    composed.append(len(text))
    return Normalized(collapsed, composed, len(text))


def _drop(text: str, pattern: re.Pattern[str]) -> tuple[str, list[int]]:
    """``text`` without the matches of ``pattern``, and the index of each kept character
    (regex and range work in C: no Python loop over characters)."""
    pieces: list[str] = []
    offsets: list[int] = []
    position = 0
    for found in pattern.finditer(text):
        pieces.append(text[position : found.start()])
        offsets.extend(range(position, found.start()))
        position = found.end()
    pieces.append(text[position:])
    offsets.extend(range(position, len(text)))
    return "".join(pieces), offsets


_NON_WORD_RE = re.compile(r"[^\w ]|_")


def words_only(normalized: str) -> str:
    """Every character that is not a letter or digit becomes a space (same length), so term
    boundaries are spaces: "الأمن،" ends a word like "الأمن "."""
    return _NON_WORD_RE.sub(" ", normalized)
