"""Match scores from 0 to 100, in the way OmegaT and Weblate present translation memory.

The raw score is the character edit similarity of the two normalized sources,
``100 * (1 - Levenshtein distance / length of the longer)`` (rapidfuzz's
``Levenshtein.normalized_similarity``), like OmegaT's character-based score and Weblate's
memory. It is 100 only when the sources are identical; sources that differ only in what
:func:`~workbench.tm.normalize.normalize_for_matching` folds away (diacritics, digit script,
spacing) score 99, and any other difference scores at most 98, so a 100 can always be used as is.

Penalties, subtracted from the raw score (the result never drops below 0):

- ``FUZZY_PENALTY`` (20) when the stored translation was itself unreviewed (a fuzzy entry, or a
  TMX unit marked fuzzy): an identical source then shows as 80, the score OmegaT gives to fuzzy
  PO entries, so it is never taken for an approved match.
- ``OTHER_DOCUMENT_PENALTY`` (2) when the caller names the document being translated and the
  match comes from another one: identical sources from elsewhere still rank high (98) but a
  match from the same document wins a tie, as in OmegaT's and Weblate's ordering.
"""

from __future__ import annotations

from rapidfuzz.distance import Levenshtein

FUZZY_PENALTY = 20
OTHER_DOCUMENT_PENALTY = 2
_MAX_INEXACT = 98


def raw_score(query: str, query_norm: str, source: str, source_norm: str) -> int:
    """Similarity of a stored source to the query, before penalties."""
    if source == query:
        return 100
    if source_norm == query_norm:
        return 99
    similarity = Levenshtein.normalized_similarity(query_norm, source_norm)
    return min(_MAX_INEXACT, int(similarity * 100))


def apply_penalties(score: int, *, fuzzy: bool, other_document: bool) -> int:
    """The score shown to the translator."""
    if fuzzy:
        score -= FUZZY_PENALTY
    if other_document:
        score -= OTHER_DOCUMENT_PENALTY
    return max(0, score)


def length_window(length: int, min_score: int) -> tuple[int, int]:
    """Lengths a candidate can have and still reach ``min_score``.

    The edit distance is at least the length difference, so a candidate of length ``n`` against
    a query of length ``m`` scores at most ``100 * min(m, n) / max(m, n)``.
    """
    ratio = max(min_score, 1) / 100
    return int(length * ratio), int(length / ratio) + 1
