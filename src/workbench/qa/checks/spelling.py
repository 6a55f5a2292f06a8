"""Spelling of the translation, against the target language's Hunspell dictionary
(:mod:`workbench.qa.spelling`): a warning naming the words, never an error (a dictionary does
not know every name; ``compile --strict`` refuses errors only)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from workbench.catalog.po.flags import FlagReading
from workbench.diagnostic import Diagnostic
from workbench.qa.finding import WARNING, finding

if TYPE_CHECKING:
    from workbench.qa.spelling import SpellingCheck


def check_spelling(
    spelling: SpellingCheck | None, source: str, target: str, flags: FlagReading
) -> Iterator[Diagnostic]:
    """One warning listing the words of ``target`` the dictionary does not know (each once);
    skipped without a dictionary for the catalog's language."""
    if spelling is None:
        return
    found = spelling.misspellings(source, target, flags.formats)
    words = list(dict.fromkeys(misspelling.word for misspelling in found))
    if words:
        listed = ", ".join(f'"{word}"' for word in words)
        yield finding(
            "spelling",
            WARNING,
            f"not in the {spelling.speller.tag} dictionary: {listed} (check the spelling)",
        )
