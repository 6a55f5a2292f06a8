"""Arabic normalization for term matching, with a map back to the original text's offsets.

The matching form (diacritics, tatweel and invisible marks removed, alef forms, alef maksura,
teh marbuta and Persian letters folded, whitespace collapsed, ASCII lower-cased) and the
proclitic tables are defined in :mod:`workbench.arabic`, shared with the translation memory's
concordance (:mod:`workbench.tm.concordance`): a query there finds what a glossary term finds
here. This module names them for the glossary's code.
"""

from __future__ import annotations

from workbench.arabic import (
    ARTICLE,
    CONJUNCTIONS,
    LONGEST_PREFIX,
    PREFIXES_BEFORE_ARTICLE,
    PREFIXES_LAM_LAM,
    PREFIXES_PLAIN,
    PREPOSITIONS,
    Normalized,
    normalize,
    normalize_with_offsets,
    words_only,
)

__all__ = [
    "ARTICLE",
    "CONJUNCTIONS",
    "LONGEST_PREFIX",
    "PREFIXES_BEFORE_ARTICLE",
    "PREFIXES_LAM_LAM",
    "PREFIXES_PLAIN",
    "PREPOSITIONS",
    "Normalized",
    "normalize",
    "normalize_with_offsets",
    "words_only",
]
