"""End punctuation, compared across scripts: Arabic ``؟ ، ؛ ۔`` are ``? , ; .`` in English.

Closing quotes and brackets after the mark are ignored (``".`` and ``."`` end alike), and so is
trailing white space (the white-space check covers it).
"""

from __future__ import annotations

from collections.abc import Iterator

from workbench.arabic import PUNCTUATION_FOLDING
from workbench.catalog.po.flags import FlagReading
from workbench.diagnostic import Diagnostic
from workbench.qa.finding import WARNING, finding

#: End punctuation of any script as its Latin form: Arabic marks, the CJK full stop, ellipsis.
END_MARKS = {
    ".": ".", "\u3002": ".", "?": "?", "!": "!", ",": ",", ";": ";", ":": ":",
    "\u2026": "\u2026",
} | PUNCTUATION_FOLDING  # fmt: skip
_CLOSERS = "\"'\u201d\u2019\u00bb\u203a)]}>\u200f\u200e"
_NAMES = {
    ".": "a full stop", "?": "a question mark", "!": "an exclamation mark", ",": "a comma",
    ";": "a semicolon", ":": "a colon", "\u2026": "an ellipsis", "": "no end punctuation",
}  # fmt: skip


def end_mark(text: str) -> str:
    """The script-neutral end punctuation of ``text`` ('' when it has none)."""
    text = text.rstrip().rstrip(_CLOSERS).rstrip()
    if text.endswith("..."):
        return "\u2026"
    return END_MARKS.get(text[-1:], "") if text else ""


def check_end_punctuation(source: str, target: str, flags: FlagReading) -> Iterator[Diagnostic]:
    expected, found = end_mark(source), end_mark(target)
    if expected != found:
        yield finding(
            "end-punctuation",
            WARNING,
            f"the source ends with {_NAMES[expected]}, the translation with {_NAMES[found]}",
        )
