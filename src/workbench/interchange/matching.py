"""Best translation-memory scores for many sources at once, for the analysis.

``tm search`` answers one query in a few milliseconds through SQLite's trigram index: right for
a translator, far too slow for an analysis of 50,000 entries. Here the memory's units for one
target language are read once into an in-memory word index, and each source is scored against
the few units that share the most of its rarest words (the count filter of approximate string
matching, as :mod:`workbench.tm.candidates` does with trigrams). Scores are the memory's own
(:func:`~workbench.tm.scoring.raw_score` and :func:`~workbench.tm.scoring.apply_penalties`, no
document penalty), so a band is what ``tm search`` shows for the match found; identical and
normalized-identical sources are looked up in a dictionary and are never missed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
from numpy.typing import NDArray
from rapidfuzz.distance import Levenshtein

from workbench.language import covers
from workbench.tm.normalize import normalize_for_matching
from workbench.tm.scoring import apply_penalties, length_window

#: Rare words of a query whose units are counted, and how many postings they may add up to.
QUERY_WORDS = 8
POSTINGS_BUDGET = 4_000
#: Units scored per query: those sharing the most of its chosen words.
CANDIDATES = 16
_WORD = re.compile(r"\w+")
#: :func:`~workbench.tm.scoring.raw_score` of sources that differ after normalization (their
#: edit similarity, at most 98), and the fuzzy penalty, for a whole row of candidates at once.
_MAX_INEXACT = 98
_FUZZY_COST = 100 - apply_penalties(100, fuzzy=True, other_document=False)


class BestScores:
    """The best score of a source against ``units`` (those covering ``language``)."""

    def __init__(
        self, units: Iterable[tuple[str, str, str, bool]], language: str, min_score: int
    ) -> None:
        """``units``: ``(source, normalized source, language, fuzzy)`` as
        :meth:`~workbench.tm.store.TranslationMemory.matching_keys` gives them."""
        self.min_score = min_score
        self.norms: list[str] = []
        self.fuzzy: list[bool] = []
        #: Best penalized score of identical sources and of identical normalized sources.
        self.exact: dict[str, int] = {}
        self.same_norm: dict[str, int] = {}
        postings: dict[str, list[int]] = {}
        exact_scores = {fuzzy: apply_penalties(100, fuzzy=fuzzy, other_document=False)
                        for fuzzy in (False, True)}  # fmt: skip
        same_scores = {fuzzy: apply_penalties(99, fuzzy=fuzzy, other_document=False)
                       for fuzzy in (False, True)}  # fmt: skip
        covered: dict[str, bool] = {}
        for source, norm, unit_language, fuzzy in units:
            if unit_language not in covered:
                covered[unit_language] = covers(unit_language, language)
            if not covered[unit_language] or not norm:
                continue
            if self.exact.get(source, 0) < exact_scores[fuzzy]:
                self.exact[source] = exact_scores[fuzzy]
            if self.same_norm.get(norm, 0) < same_scores[fuzzy]:
                self.same_norm[norm] = same_scores[fuzzy]
            index = len(self.norms)
            self.norms.append(norm)
            self.fuzzy.append(fuzzy)
            for word in set(_WORD.findall(norm)):
                postings.setdefault(word, []).append(index)
        self.postings: dict[str, NDArray[np.int32]] = {
            word: np.array(ids, dtype=np.int32) for word, ids in postings.items()
        }
        self.lengths = np.array([len(norm) for norm in self.norms], dtype=np.int32)
        self.costs = [_FUZZY_COST if f else 0 for f in self.fuzzy]

    def score(self, source: str) -> int | None:
        """The best score of ``source`` of at least ``min_score``, or ``None``."""
        best = self.exact.get(source)
        if best == 100:
            return 100
        norm = normalize_for_matching(source)
        if not norm:
            return best
        best = max(best or 0, self.same_norm.get(norm, 0))
        found = [self.postings[w] for w in set(_WORD.findall(norm)) if w in self.postings]
        if found:
            found.sort(key=len)
            chosen: list[NDArray[np.int32]] = []
            total = 0
            for ids in found[:QUERY_WORDS]:
                if total + len(ids) > POSTINGS_BUDGET and chosen:
                    break
                chosen.append(ids)
                total += len(ids)
            ids, counts = np.unique(np.concatenate(chosen), return_counts=True)
            if len(ids) > CANDIDATES:
                ids = ids[np.argpartition(-counts, CANDIDATES)[:CANDIDATES]]
            low, high = length_window(len(norm), self.min_score)
            lengths = self.lengths[ids]
            ids = ids[(lengths >= low) & (lengths <= high)]
            similarity = Levenshtein.normalized_similarity
            costs, norms = self.costs, self.norms
            for index in ids.tolist():
                raw = min(_MAX_INEXACT, int(similarity(norm, norms[index]) * 100))
                if raw >= self.min_score and raw - costs[index] > best:
                    best = raw - costs[index]
        return best if best >= self.min_score else None
