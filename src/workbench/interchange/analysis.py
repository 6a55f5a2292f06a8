"""The analysis an agency bills by: source words by status, and the work left (untranslated
and fuzzy entries) by translation-memory match band and repetition, as OmegaT's and Trados's
analyses report them.

Words are counted as ``pocount`` counts them (:mod:`.wordcount`), and entries are classed as it
classes them: translated (a translation, not fuzzy), fuzzy (fuzzy with a translation),
untranslated (the rest); the header and obsolete entries are not counted. A plural entry's
words are those of its singular and plural sources. ``reviewed`` counts the translated entries
marked reviewed (:mod:`workbench.catalog.review`): a part of ``translated``, not in the total.

Each entry left to translate is counted once, in the first class that applies, going through
the catalogs in the order given and each in file order: a *repetition* when the same source
was met earlier in the project (Trados counts the first occurrence in its band and the later
ones as repetitions); else the band of the best memory match of its source: 100, 95-99,
85-94, 75-84, 50-74, or no match (below 50). The memory's own scores are used
(:mod:`workbench.tm.scoring`), so a band is what ``tm search`` and the TUI show for the match
found; the matches are found by :mod:`.matching` (the memory indexed in memory once, since
50,000 ``tm search`` queries would take minutes).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import polib

from workbench.catalog.language import catalog_language
from workbench.catalog.merge import is_translated
from workbench.catalog.po.model import is_fuzzy
from workbench.catalog.pofile import read_po
from workbench.catalog.review import is_reviewed
from workbench.errors import WorkbenchError
from workbench.interchange.matching import BestScores
from workbench.interchange.wordcount import count_words
from workbench.tm.store import TranslationMemory

STATUSES = ("translated", "fuzzy", "untranslated")
REPETITIONS = "repetitions"
NO_MATCH = "no match"
#: Match bands, best first: (name, lowest score).
BANDS = (("100", 100), ("95-99", 95), ("85-94", 85), ("75-84", 75), ("50-74", 50))
MATCH_CLASSES = (REPETITIONS, *(name for name, _ in BANDS), NO_MATCH)
_LOWEST_BAND = BANDS[-1][1]


@dataclass
class Count:
    """Segments (entries) and their source words."""

    segments: int = 0
    words: int = 0

    def add(self, words: int) -> None:
        self.segments += 1
        self.words += words

    def __iadd__(self, other: Count) -> Count:
        self.segments += other.segments
        self.words += other.words
        return self

    def as_json(self) -> dict[str, int]:
        return {"segments": self.segments, "words": self.words}


def _counts(names: Iterable[str]) -> dict[str, Count]:
    return {name: Count() for name in names}


@dataclass
class CatalogAnalysis:
    """The analysis of one catalog (``path`` None: the total of several)."""

    path: Path | None
    status: dict[str, Count] = field(default_factory=lambda: _counts(STATUSES))
    matches: dict[str, Count] = field(default_factory=lambda: _counts(MATCH_CLASSES))
    reviewed: Count = field(default_factory=Count)  # of the translated

    @property
    def total(self) -> Count:
        total = Count()
        for count in self.status.values():
            total += count
        return total

    def __iadd__(self, other: CatalogAnalysis) -> CatalogAnalysis:
        for name, count in other.status.items():
            self.status[name] += count
        for name, count in other.matches.items():
            self.matches[name] += count
        self.reviewed += other.reviewed
        return self

    def as_json(self, display_path: str | None = None) -> dict[str, object]:
        data: dict[str, object] = {} if self.path is None else {"path": display_path}
        status = {name: count.as_json() for name, count in self.status.items()}
        status["total"] = self.total.as_json()
        data["status"] = {"translated": status.pop("translated"),
                          "reviewed": self.reviewed.as_json(), **status}  # fmt: skip
        data["matches"] = {name: count.as_json() for name, count in self.matches.items()}
        return data


@dataclass
class AnalysisReport:
    rows: list[CatalogAnalysis] = field(default_factory=list)
    total: CatalogAnalysis = field(default_factory=lambda: CatalogAnalysis(None))
    #: One error per catalog that could not be read; the others are analysed.
    errors: list[WorkbenchError] = field(default_factory=list)


def band_of(score: int | None) -> str:
    """The match band of a best score (``None``: no match of 50 or more)."""
    if score is not None:
        for name, lowest in BANDS:
            if score >= lowest:
                return name
    return NO_MATCH


def entry_words(entry: polib.POEntry) -> int:
    return count_words(entry.msgid) + count_words(entry.msgid_plural or "")


class _BestMatches:
    """Best memory scores of sources, the memory indexed once per target language."""

    def __init__(self, memory: TranslationMemory) -> None:
        self.memory = memory
        self.units: list[tuple[str, str, str, bool]] | None = None
        self.by_language: dict[str, BestScores] = {}

    def score(self, source: str, language: str) -> int | None:
        scores = self.by_language.get(language)
        if scores is None:
            if self.units is None:
                self.units = self.memory.matching_keys()
            scores = self.by_language[language] = BestScores(self.units, language, _LOWEST_BAND)
        return scores.score(source)


def analyse_catalog(
    path: Path, best: _BestMatches, seen: set[tuple[str, str, str]]
) -> CatalogAnalysis:
    po = read_po(path)
    language = catalog_language(path, po, default="")
    result = CatalogAnalysis(path)
    for entry in po:
        if entry.obsolete or (entry.msgid == "" and not entry.msgctxt):
            continue
        words = entry_words(entry)
        translated = is_translated(entry)
        fuzzy = is_fuzzy(entry)
        if translated and not fuzzy:
            result.status["translated"].add(words)
            if is_reviewed(entry):
                result.reviewed.add(words)
            continue
        result.status["fuzzy" if translated else "untranslated"].add(words)
        repeated = (language, entry.msgid, entry.msgid_plural or "")
        if repeated in seen:
            result.matches[REPETITIONS].add(words)
            continue
        seen.add(repeated)
        result.matches[band_of(best.score(entry.msgid, language))].add(words)
    return result


def analyse(catalogs: Iterable[Path], memory: TranslationMemory) -> AnalysisReport:
    """The analysis of each catalog, in order, and their total; a catalog that cannot be read
    is reported and the others are still analysed."""
    report = AnalysisReport()
    best = _BestMatches(memory)
    seen: set[tuple[str, str, str]] = set()
    for path in catalogs:
        try:
            row = analyse_catalog(path, best, seen)
        except WorkbenchError as exc:
            report.errors.append(exc)
            continue
        report.rows.append(row)
        report.total += row
    return report
