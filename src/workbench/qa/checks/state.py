"""Translation state: untranslated, fuzzy (unreviewed), or a copy of the Arabic source."""

from __future__ import annotations

import re
from collections.abc import Iterator

from workbench.qa.finding import WARNING, Finding

ARABIC_LETTER = re.compile(r"[\u0621-\u064a\u0671-\u06d3\u06fa-\u06fc]")

UNTRANSLATED = Finding("untranslated", WARNING, "not translated yet")
FUZZY = Finding("fuzzy", WARNING, "marked fuzzy: review the translation and clear the flag")


def check_identical(source: str, target: str, flags: frozenset[str]) -> Iterator[Finding]:
    """A translation equal to an Arabic source was copied, not translated; names and numbers
    written in Latin script may stay as they are."""
    if target == source and ARABIC_LETTER.search(source):
        yield Finding("identical", WARNING, "the translation is a copy of the Arabic source")
