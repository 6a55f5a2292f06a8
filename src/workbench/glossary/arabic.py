"""Arabic normalization for term matching, with a map back to the original text's offsets.

Matching compares normalized forms: diacritics (harakat, tanween, shadda, sukun, superscript
alef), tatweel and invisible bidi/zero-width marks are removed; alef forms (أ إ آ ٱ) become ا,
ى becomes ي, ة becomes ه; Persian yeh/keheh become Arabic ي/ك; whitespace runs become one space;
ASCII letters are lower-cased. Every kept character maps back to its index in the original, so
a match found in the normalized text is reported on the text the user gave.

Hand-written rather than taken from a library (e.g. pyarabic) because none keeps the offset map
that reporting matches on unnormalized text needs; the character tables are the shared ones of
:mod:`workbench.arabic`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from workbench.arabic import (
    DIACRITICS,
    INVISIBLE_MARKS,
    LETTER_FOLDING,
    PERSIAN_LETTER_FOLDING,
    TATWEEL,
    char_class,
    replace_chars,
)

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
