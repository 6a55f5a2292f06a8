"""Translation progress per catalog, counted the way GNU ``msgfmt --statistics`` counts.

``total`` = translated + fuzzy + untranslated (active entries, header excluded). An entry with
an empty msgstr (the first plural form, for plurals) is untranslated even when marked fuzzy;
a filled one marked fuzzy is fuzzy; ``obsolete`` entries (``#~``) are counted apart.
``reviewed`` counts the translated entries marked reviewed (:mod:`workbench.catalog.review`),
a part of ``translated``, not a fourth state.
``source_words`` counts the whitespace-separated words of the active msgids that hold a letter
or digit, so punctuation alone is no word and Arabic words with diacritics stay whole.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import polib

from workbench.catalog.merge import is_translated
from workbench.catalog.po.model import is_fuzzy
from workbench.catalog.pofile import read_po
from workbench.catalog.review import is_reviewed
from workbench.errors import WorkbenchError
from workbench.segment import has_word_character


@dataclass(frozen=True)
class CatalogStats:
    path: Path
    total: int
    translated: int
    fuzzy: int
    untranslated: int
    obsolete: int
    source_words: int
    reviewed: int = 0

    @property
    def percent_translated(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0

    def as_json(self, display_path: str | None = None) -> dict[str, Any]:
        data = asdict(self)
        data["path"] = display_path if display_path is not None else str(self.path)
        return data


def count_words(text: str) -> int:
    return sum(1 for word in text.split() if has_word_character(word))


def stats_of(po: polib.POFile, path: Path) -> CatalogStats:
    translated = fuzzy = untranslated = obsolete = words = reviewed = 0
    for entry in po:
        if entry.obsolete:
            obsolete += 1
            continue
        if entry.msgid == "" and not entry.msgctxt:
            continue
        words += count_words(entry.msgid)
        if not is_translated(entry):
            untranslated += 1
        elif is_fuzzy(entry):
            fuzzy += 1
        else:
            translated += 1
            reviewed += is_reviewed(entry)
    return CatalogStats(
        path=path,
        total=translated + fuzzy + untranslated,
        translated=translated,
        fuzzy=fuzzy,
        untranslated=untranslated,
        obsolete=obsolete,
        source_words=words,
        reviewed=reviewed,
    )


def catalog_stats(path: Path) -> CatalogStats:
    """Statistics of the catalog at ``path`` (a malformed one raises, naming file and line)."""
    return stats_of(read_po(path), path)


@dataclass
class StatsReport:
    """Statistics of several catalogs, and the catalogs that could not be read."""

    rows: list[CatalogStats] = field(default_factory=list)
    #: One error per unreadable catalog (naming its file and line), in the order met.
    errors: list[WorkbenchError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def stats_report(catalogs: Iterable[Path]) -> StatsReport:
    """Statistics of every catalog; like ``compile``, one unreadable catalog does not hide
    the progress of the others: its error is collected and the rest are still counted."""
    report = StatsReport()
    for path in catalogs:
        try:
            report.rows.append(catalog_stats(path))
        except WorkbenchError as exc:
            report.errors.append(exc)
    return report

