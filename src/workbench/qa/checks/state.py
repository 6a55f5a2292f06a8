"""Translation state: untranslated, fuzzy (unreviewed), or a copy of the Arabic source."""

from __future__ import annotations

from collections.abc import Iterator

from workbench.arabic import has_arabic_letter
from workbench.catalog.po.flags import FlagReading
from workbench.diagnostic import Diagnostic
from workbench.qa.finding import WARNING, finding

UNTRANSLATED = finding("untranslated", WARNING, "not translated yet")
FUZZY = finding("fuzzy", WARNING, "marked fuzzy: review the translation and clear the flag")


def check_identical(source: str, target: str, flags: FlagReading) -> Iterator[Diagnostic]:
    """A translation equal to an Arabic source was copied, not translated; names and numbers
    written in Latin script may stay as they are."""
    if target == source and has_arabic_letter(source):
        yield finding("identical", WARNING, "the translation is a copy of the Arabic source")
