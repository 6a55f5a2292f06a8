"""Multi-pattern term matching over normalized Arabic: Aho-Corasick (pyahocorasick) finds every
occurrence of every term at once; each occurrence is then kept only when it ends a word and
what precedes it in its word is a valid string of proclitics; leftmost-longest selection wins.

Keys and text are normalized and punctuation becomes spaces; each key ends with a space (the
text gets one appended), so the automaton reports only occurrences that end a word and the start
of the word is one ``rfind`` away. Each term is stored once and, for terms that begin with the
article ال, once more without it, so "للجنرال" (ل + الجنرال, alef dropped) is found too. Proclitic
combinations are checked rather than enumerated as patterns, so the automaton holds at most two
keys per term and a 20,000-term glossary builds in a fraction of a second.
"""

from __future__ import annotations

from collections.abc import Sequence

import ahocorasick

from workbench.documents.markup import PLACEHOLDER
from workbench.glossary.arabic import (
    ARTICLE,
    LONGEST_PREFIX,
    PREFIXES_BEFORE_ARTICLE,
    PREFIXES_LAM_LAM,
    PREFIXES_PLAIN,
    normalize,
    normalize_with_offsets,
    words_only,
)
from workbench.glossary.model import Term, TermMatch


def _without_placeholders(text: str) -> str:
    """``text`` with each placeholder blanked out by spaces of its length (offsets kept)."""
    if "<" not in text:
        return text
    return PLACEHOLDER.sub(lambda found: " " * len(found.group()), text)


def term_key(source: str) -> str:
    """The automaton key of a term: normalized, punctuation as spaces, one trailing space."""
    words = words_only(normalize(source)).split()
    return " ".join(words) + " " if words else ""


def proclitic_of(prefix: str) -> str:
    """The conjunction/preposition letters of a normalized prefix, without the article."""
    if prefix.endswith(ARTICLE):
        return prefix[:-2]
    if prefix.endswith("لل"):
        return prefix[:-1]
    return prefix


class TermMatcher:
    """Finds the terms of a glossary in Arabic text; build once, match many times."""

    def __init__(self, terms: Sequence[Term]) -> None:
        self.terms = list(terms)
        # key -> [(allowed prefixes, term index)], plain tuples: read once per hit.
        patterns: dict[str, list[tuple[frozenset[str], int]]] = {}
        for index, term in enumerate(self.terms):
            key = term_key(term.source)
            if not key:
                continue
            if key.startswith(ARTICLE) and len(key) > len(ARTICLE) + 1:
                patterns.setdefault(key, []).append((PREFIXES_BEFORE_ARTICLE, index))
                patterns.setdefault(key[2:], []).append((PREFIXES_LAM_LAM, index))
            else:
                patterns.setdefault(key, []).append((PREFIXES_PLAIN, index))
        self._automaton: ahocorasick.Automaton | None = None
        if patterns:
            automaton = ahocorasick.Automaton()
            for key, entries in patterns.items():
                automaton.add_word(key, (len(key), tuple(entries)))
            automaton.make_automaton()
            self._automaton = automaton

    def match(self, text: str) -> list[TermMatch]:
        """Non-overlapping matches, leftmost first, the longest at each position.

        ``start`` is the start of the word that carries the term (so proclitics are inside
        ``text[start:end]``), ``end`` the end of the term's last word including any trailing
        diacritics; both index the original, unnormalized ``text``. A document unit's inline
        markup placeholders (``<b0>``...) count as spaces, so a term wrapped in or crossed by
        markup is still found.
        """
        if self._automaton is None or not text:
            return []
        normalized = normalize_with_offsets(_without_placeholders(text))
        haystack = words_only(normalized.text) + " "
        candidates: list[tuple[int, int, int, str]] = []
        for last, (length, entries) in self._automaton.iter(haystack):
            # Keys end with a space, so every hit ends a word; "last" is that space.
            begin = last + 1 - length
            if begin == 0 or haystack[begin - 1] == " ":
                word_start, prefix = begin, ""
            else:
                word_start = haystack.rfind(" ", 0, begin) + 1
                if begin - word_start > LONGEST_PREFIX:
                    continue
                prefix = haystack[word_start:begin]
            for allowed, term_index in entries:
                if prefix in allowed:
                    candidates.append((word_start, -last, term_index, prefix))
                    break
        if not candidates:
            return []
        candidates.sort()
        matches: list[TermMatch] = []
        taken_until = -1
        for word_start, negative_end, term_index, prefix in candidates:
            if word_start < taken_until:
                continue
            taken_until = -negative_end
            start = normalized.original_index(word_start)
            end = normalized.original_index(taken_until)
            matches.append(
                TermMatch(
                    start, end, text[start:end], self.terms[term_index], proclitic_of(prefix)
                )
            )
        return matches
