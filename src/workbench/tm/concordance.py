"""Concordance: every unit of the translation memory whose source or target holds a query.

A translator asks "how was this phrase translated before, anywhere?". A query holding an Arabic
letter searches sources, word by word, with the glossary's matching form
(:func:`workbench.arabic.normalize_with_offsets`: diacritics, tatweel, hamza seats, alef
maksura and teh marbuta ignored) and its proclitic rule: each query word may be preceded in the
text by a conjunction, a preposition and the article (``الامن`` finds ``وللأمن``, ``امن`` finds
``الأمن``). Any other query searches targets, case-insensitively, as a substring.

Candidates come from the memory's trigram indexes (:meth:`TranslationMemory.rows_with_trigrams`:
sources by their matching key, targets as written), newest first, a page at a time (a query of
words shorter than three letters has no trigram: SQLite then scans for the words itself); each is
checked with a regular expression over the stored key, and only the hits kept are normalized
again with offsets, for the spans the screen highlights. A search stops as soon as it has
``limit`` hits, so a frequent word costs no more than a rare one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from workbench.arabic import (
    ARTICLE,
    PREFIXES_BEFORE_ARTICLE,
    PREFIXES_LAM_LAM,
    PREFIXES_PLAIN,
    has_arabic_letter,
    normalize,
    normalize_with_offsets,
    words_only,
)
from workbench.documents.markup import PLACEHOLDER
from workbench.language import covers
from workbench.tm.candidates import trigrams
from workbench.tm.normalize import normalize_for_matching
from workbench.tm.store import TranslationMemory

#: Hits a search returns unless told otherwise (a screenful and more).
DEFAULT_LIMIT = 50
#: Candidates read per page: the first page is small (a frequent word is answered from it),
#: later ones grow so a rare word does not pay a query per few rows.
FIRST_PAGE, LAST_PAGE = 64, 4096
#: Trigrams of the query given to the index (the rarest cannot be told apart without document
#: frequencies of targets; every further one only shortens an already short list).
MAX_GRAMS = 12

Side = Literal["source", "target"]


@dataclass(frozen=True)
class Span:
    """Where the query was found: ``text[start:end]`` of the unit's source or target."""

    start: int
    end: int


@dataclass(frozen=True)
class ConcordanceHit:
    """A unit holding the query, with the spans to highlight on the side that was searched."""

    source: str
    target: str
    origin: str  # the document: a catalog (en/LC_MESSAGES/x.po) or an imported TMX
    target_language: str
    fuzzy: bool
    source_spans: tuple[Span, ...] = ()
    target_spans: tuple[Span, ...] = ()

    def to_json(self) -> dict[str, object]:
        return {
            "source": self.source,
            "target": self.target,
            "document": self.origin,
            "language": self.target_language,
            "fuzzy": self.fuzzy,
            "source_spans": [[span.start, span.end] for span in self.source_spans],
            "target_spans": [[span.start, span.end] for span in self.target_spans],
        }


@dataclass(frozen=True)
class Concordance:
    """The answer to one query: ``searched`` says which side; ``more`` that the memory holds
    hits beyond ``hits`` (the search stopped at its limit)."""

    query: str
    searched: Side
    hits: list[ConcordanceHit] = field(default_factory=list)
    more: bool = False

    def to_json(self) -> dict[str, object]:
        return {
            "query": self.query,
            "searched": self.searched,
            "hits": [hit.to_json() for hit in self.hits],
            "more": self.more,
        }


def searched_side(query: str) -> Side:
    """Sources for a query holding an Arabic letter, targets otherwise."""
    return "source" if has_arabic_letter(query) else "target"


# --- Arabic queries: words with their proclitics ----------------------------------------------

_WORD_START = r"(?<![^\W_])"  # no letter or digit before (words_only: "_" is punctuation)
_WORD_END = r"(?![^\W_])"
_BETWEEN_WORDS = r"[\W_]+"


def _alternation(prefixes: frozenset[str]) -> str:
    return "(?:" + "|".join(re.escape(p) for p in sorted(prefixes, key=len, reverse=True)) + ")"


def _word_pattern(word: str) -> str:
    """A query word as it may be written in the text: with the proclitics the glossary allows
    before a term (:data:`~workbench.arabic.PREFIXES_PLAIN`), and a word starting with the
    article also as لل + the rest (ل + ال, the alef dropped)."""
    if word.startswith(ARTICLE) and len(word) > len(ARTICLE):
        rest = word[len(ARTICLE) :]
        return (
            f"(?:{_alternation(PREFIXES_BEFORE_ARTICLE)}{re.escape(word)}"
            f"|{_alternation(PREFIXES_LAM_LAM)}{re.escape(rest)})"
        )
    return _alternation(PREFIXES_PLAIN) + re.escape(word)


def _words_pattern(words: list[str]) -> re.Pattern[str]:
    body = _BETWEEN_WORDS.join(_word_pattern(word) for word in words)
    return re.compile(_WORD_START + body + _WORD_END)


def _index_core(word: str) -> str:
    """What every written form of a query word contains: the word without its article (the
    لل form drops the article's alef)."""
    if word.startswith(ARTICLE) and len(word) > len(ARTICLE):
        return word[len(ARTICLE) :]
    return word


class _ArabicQuery:
    """A query searched in sources: its words in the glossary's matching form."""

    def __init__(self, query: str) -> None:
        self.words = words_only(normalize(query)).split()
        # The memory's key (normalize_for_matching) also folds digits and case: the filter
        # over it is built from the words in that form.
        self.key_words = [normalize_for_matching(word) for word in self.words]
        self.key_pattern = _words_pattern(self.key_words)
        self.text_pattern = _words_pattern(self.words)

    def grams(self) -> list[str]:
        found: dict[str, None] = {}
        for word in self.key_words:
            for gram in trigrams(_index_core(word)):
                found.setdefault(gram, None)
        return list(found)[:MAX_GRAMS]

    def substrings(self) -> list[str]:
        """What each unit found must contain, for SQLite to filter a scan without trigrams."""
        return [_index_core(word) for word in self.key_words]

    def holds(self, key: str) -> bool:
        return self.key_pattern.search(key) is not None

    def spans(self, text: str) -> tuple[Span, ...]:
        """Where the query is in ``text`` (indexes of the original, diacritics after a word's
        last letter included), found in the glossary's matching form of it."""
        if "<" in text:  # markup placeholders count as spaces, as in glossary matching
            text_for_matching = PLACEHOLDER.sub(lambda found: " " * len(found.group()), text)
        else:
            text_for_matching = text
        normalized = normalize_with_offsets(text_for_matching)
        haystack = words_only(normalized.text)
        return tuple(
            Span(normalized.original_index(found.start()), normalized.original_index(found.end()))
            for found in self.text_pattern.finditer(haystack)
        )


# --- other queries: a substring of targets ------------------------------------------------------


class _TargetQuery:
    """A query searched in targets: its words, in order, case-insensitive, any whitespace
    between them."""

    def __init__(self, query: str) -> None:
        self.words = query.split()
        self.pattern = re.compile(r"\s+".join(re.escape(word) for word in self.words), re.I)

    def grams(self) -> list[str]:
        found: dict[str, None] = {}
        for word in self.words:
            for gram in trigrams(word.casefold()):
                found.setdefault(gram, None)
        return list(found)[:MAX_GRAMS]

    def substrings(self) -> list[str]:
        """The words SQLite's LIKE can look for (ASCII: it ignores case of ASCII letters only)."""
        return [word for word in self.words if word.isascii()]

    def spans(self, text: str) -> tuple[Span, ...]:
        return tuple(Span(found.start(), found.end()) for found in self.pattern.finditer(text))


def search_memory(
    memory: TranslationMemory,
    query: str,
    *,
    limit: int = DEFAULT_LIMIT,
    target_language: str | None = None,
) -> Concordance:
    """The newest ``limit`` units holding ``query`` (see the module docstring), one per
    distinct source and target; ``target_language`` keeps only units in that language (or one
    it covers: ``en`` covers ``en_GB``)."""
    side = searched_side(query)
    found = Concordance(query, side)
    finder: _ArabicQuery | _TargetQuery = (
        _ArabicQuery(query) if side == "source" else _TargetQuery(query)
    )
    if not finder.words:
        return found
    grams = finder.grams()
    contains = finder.substrings()
    seen: set[tuple[str, str]] = set()
    before: int | None = None
    page = FIRST_PAGE
    while True:
        rows = memory.rows_with_trigrams(side, grams, before, page, contains=contains)
        for row_id, source, target, lang, origin, fuzzy, key in rows:
            before = row_id
            if not covers(lang, target_language) or (source, target) in seen:
                continue
            if isinstance(finder, _ArabicQuery):
                if not finder.holds(key):
                    continue
                spans = finder.spans(source)
                hit = ConcordanceHit(source, target, origin, lang, fuzzy, source_spans=spans)
            else:
                spans = finder.spans(target)
                if not spans:
                    continue
                hit = ConcordanceHit(source, target, origin, lang, fuzzy, target_spans=spans)
            if len(found.hits) == limit:
                return Concordance(query, side, found.hits, more=True)
            seen.add((source, target))
            found.hits.append(hit)
        if len(rows) < page:
            return found
        page = min(page * 4, LAST_PAGE)
