"""Arabic text normalization for translation-memory matching.

Two segments that differ only in diacritics, tatweel, hamza seats on alef, alef maksura, teh
marbuta, digit script or spacing are the same sentence to a translator. The folding follows
Lucene's ``ArabicNormalizer`` (a de-facto standard for Arabic search), plus digit and
whitespace folding. Hand-written because it is a few translation tables; when the glossary's
normalizer (``workbench.glossary``) settles, the two can share one implementation.
"""

from __future__ import annotations

import re
import unicodedata

# Harakat, tanween, shadda, sukun, superscript alef, Quranic marks; tatweel; bidi marks.
_DROPPED = (
    [chr(c) for c in range(0x064B, 0x0660)]
    + ["\u0670", "\u0640", "\u200e", "\u200f", "\u061c", "\u200b", "\u200c", "\u200d"]
    + [chr(c) for c in range(0x06D6, 0x06DD)]
    + [chr(c) for c in range(0x06DF, 0x06E9)]
    + [chr(c) for c in range(0x06EA, 0x06EE)]
)
_FOLDED = {
    "\u0622": "\u0627",  # alef with madda -> alef
    "\u0623": "\u0627",  # alef with hamza above -> alef
    "\u0625": "\u0627",  # alef with hamza below -> alef
    "\u0671": "\u0627",  # alef wasla -> alef
    "\u0649": "\u064a",  # alef maksura -> yeh
    "\u0629": "\u0647",  # teh marbuta -> heh
}
ARABIC_DIGITS = {chr(0x0660 + i): str(i) for i in range(10)} | {
    chr(0x06F0 + i): str(i) for i in range(10)
}
# str.translate looks every character up in a Python dict; a regex and a few C-speed
# str.replace calls do the same job in half the time (it is most of a memory build's cost).
_DROPPED_RE = re.compile("[" + "".join(_DROPPED) + "]")
_REPLACED = {**_FOLDED, **ARABIC_DIGITS}
_REPLACED_RE = re.compile("[" + "".join(_REPLACED) + "]")


def normalize_for_matching(text: str) -> str:
    """The matching key of ``text``: NFKC, Arabic letter folding, ASCII digits, casefold,
    single spaces, no leading or trailing space."""
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    text = _DROPPED_RE.sub("", text)
    if _REPLACED_RE.search(text):
        for old, new in _REPLACED.items():
            if old in text:
                text = text.replace(old, new)
    return " ".join(text.casefold().split())
