"""Pick the few index terms that find a query's fuzzy matches quickly.

OR-ing every trigram of a sentence makes SQLite rank nearly the whole memory (the Arabic article
``ال`` alone is in most segments). A fuzzy match of 75 % or more keeps most of the query's
trigrams, spread over the whole sentence, so we cut the query into ``slots`` stretches and take
the rarest trigram of each stretch: the rare ones have short posting lists, and spreading them
keeps a match whose edits are all in one place. Segments are then ranked by how many of those
trigrams they share (the count filter of approximate string matching).
"""

from __future__ import annotations

from collections.abc import Mapping


def trigrams(text: str) -> list[str]:
    """Distinct trigrams of ``text`` in order of first occurrence."""
    seen: dict[str, None] = {}
    for i in range(len(text) - 2):
        seen.setdefault(text[i : i + 3], None)
    return list(seen)


def rare_spread_trigrams(
    grams: list[str], doc_freq: Mapping[str, int], slots: int, unknown_freq: int = 0
) -> list[str]:
    """The rarest indexed trigram of each of ``slots`` equal stretches of ``grams``.

    ``doc_freq`` may lag behind the index (it is refreshed in bulk); trigrams it does not know
    count as ``unknown_freq``: 0 when it is current (then they are in no stored segment and are
    dropped), 1 when it is stale (they may be new, and are then rare).
    """
    freq = {g: doc_freq.get(g, unknown_freq) for g in grams}
    present = [g for g in grams if freq[g] > 0]
    if len(present) <= slots:
        return present
    chosen: list[str] = []
    step = len(present) / slots
    for slot in range(slots):
        stretch = present[int(slot * step) : int((slot + 1) * step)]
        if stretch:
            chosen.append(min(stretch, key=freq.__getitem__))
    return chosen


def fts_query(grams: list[str]) -> str:
    """An FTS5 MATCH expression: any of ``grams``, each quoted as a phrase."""
    return " OR ".join('"' + g.replace('"', '""') + '"' for g in grams)


def within_budget(
    grams: list[str], doc_freq: Mapping[str, int], budget: int, minimum: int
) -> list[str]:
    """The rarest of ``grams`` whose posting lists add up to at most ``budget`` entries (but
    at least ``minimum`` grams): a trigram in most segments costs much and tells little."""
    ordered = sorted(grams, key=lambda g: doc_freq.get(g, 1))
    kept: list[str] = []
    total = 0
    for gram in ordered:
        total += doc_freq.get(gram, 1)
        if total > budget and len(kept) >= minimum:
            break
        kept.append(gram)
    return kept
