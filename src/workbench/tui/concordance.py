"""Filtering segments by source or translation text, the way an Arabic translator searches.

Arabic text is matched on its letters: harakat (short-vowel marks) and tatweel are ignored, and
the hamza forms of alef (أ إ آ ٱ) and alef maqsura (ى) match their bare letters, so ``الامن``
finds ``الأمن`` and ``وزير`` finds ``وَزِيرُ``. Other text is matched case-insensitively.
Hand-written (a regular expression and :mod:`workbench.arabic`'s letter folding) because no
kept library does just this light normalisation without pulling a full NLP stack. No Textual
here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

from workbench.arabic import ALEF_FOLDING, ALEF_MAKSURA_FOLDING, replace_chars
from workbench.tui.session import Segment

_MARKS = re.compile(
    "[\u0640"  # tatweel
    + "".join(chr(c) for c in range(0x0610, 0x06EE) if unicodedata.category(chr(c)) == "Mn")
    + "]+"
)
_LETTERS = ALEF_FOLDING | ALEF_MAKSURA_FOLDING


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """``text`` reduced to what a search compares (see the module docstring). A regular
    expression and ``str.replace`` (both in C), cached: sources never change, so after the
    first key a 20,000-segment filter costs a few ms."""
    return replace_chars(_MARKS.sub("", text), _LETTERS).casefold()


def matching_rows(segments: Sequence[Segment], query: str) -> list[int]:
    """Indexes of the segments whose source or translation contains ``query``."""
    wanted = fold(query.strip())
    if not wanted:
        return list(range(len(segments)))
    return [
        index
        for index, segment in enumerate(segments)
        if wanted in fold(segment.msgid) or (segment.target and wanted in fold(segment.target))
    ]
