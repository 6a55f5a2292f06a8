"""Arabic text normalization for translation-memory matching.

Two segments that differ only in diacritics, tatweel, hamza seats on alef, alef maksura, teh
marbuta, digit script or spacing are the same sentence to a translator. The folding follows
Lucene's ``ArabicNormalizer`` (a de-facto standard for Arabic search), plus digit and
whitespace folding; the character tables are the shared ones of :mod:`workbench.arabic`.

The key is stored in every memory (``segments.norm``), so what it drops must not change: unlike
the glossary it keeps bidi embeddings, isolates and the byte order mark (NFKC keeps them too).
A document unit's placeholders (``<b0>``, :mod:`workbench.documents.markup`) are dropped: the
same sentence with other markup is the same sentence (it scores 99, never 100, so its stored
translation, with its own markup, is never used as is).
"""

from __future__ import annotations

import re
import unicodedata

from workbench.arabic import (
    DIACRITICS,
    DIGIT_FOLDING,
    DIRECTION_MARKS,
    LETTER_FOLDING,
    TATWEEL,
    ZERO_WIDTH,
    char_class,
    replace_chars,
)
from workbench.documents.markup import strip_placeholders

# str.translate looks every character up in a Python dict; a regex and a few C-speed
# str.replace calls do the same job in half the time (it is most of a memory build's cost).
_DROPPED_RE = re.compile(char_class(DIACRITICS + TATWEEL + DIRECTION_MARKS + ZERO_WIDTH))
_REPLACED = LETTER_FOLDING | DIGIT_FOLDING
_REPLACED_RE = re.compile(char_class("".join(_REPLACED)))


def normalize_for_matching(text: str) -> str:
    """The matching key of ``text``: NFKC, Arabic letter folding, ASCII digits, casefold,
    single spaces, no leading or trailing space, no inline-markup placeholders."""
    if "<" in text:
        text = strip_placeholders(text)
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    text = _DROPPED_RE.sub("", text)
    if _REPLACED_RE.search(text):
        text = replace_chars(text, _REPLACED)
    return " ".join(text.casefold().split())
