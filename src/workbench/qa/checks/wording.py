"""Machine-translation tell-tales: a word said twice, a translation far too long or short."""

from __future__ import annotations

import re
from collections.abc import Iterator

from workbench.catalog.po.flags import FlagReading
from workbench.diagnostic import Diagnostic
from workbench.qa.checks.verbatim import strip_verbatim
from workbench.qa.finding import WARNING, finding

_REPEATED = re.compile(r"\b([^\W\d_]+)\s+\1\b", re.IGNORECASE)
_TRAILING = ".,;:!?\"')،؛؟"
LEGITIMATE_REPEATS = frozenset({"had", "that"})

# Characters of English per character of Arabic. Measured on this project's sample article and
# its reference translation (tests/unit/test_qa_clean.py): 0.99-1.58 per segment, 1.3 typical.
# The band is wide because titles and names vary the most; only far-off translations are flagged.
LENGTH_RATIO_LOW = 0.5
LENGTH_RATIO_HIGH = 3.0
LENGTH_RATIO_MIN_SOURCE = 20


def check_repeated_words(source: str, target: str, flags: FlagReading) -> Iterator[Diagnostic]:
    words = target.lower().split()
    following = [word.rstrip(_TRAILING) for word in words[1:]]
    if not any(map(str.__eq__, words, following)):
        return  # the cheap test: no word is followed by itself
    for match in _REPEATED.finditer(target):
        word = match.group(1)
        if word.lower() in LEGITIMATE_REPEATS or _REPEATED.search(source):
            continue
        yield finding("repeated-word", WARNING, f'"{word}" repeated: "{match.group()}"')


def check_length_ratio(source: str, target: str, flags: FlagReading) -> Iterator[Diagnostic]:
    # URLs and file names are copied, not translated: leave them out
    source, target = strip_verbatim(source), strip_verbatim(target)
    source_length = len(source.strip())
    if source_length < LENGTH_RATIO_MIN_SOURCE:
        return
    ratio = len(target.strip()) / source_length
    if ratio < LENGTH_RATIO_LOW:
        yield finding(
            "length-ratio",
            WARNING,
            f"the translation is {ratio:.2f} times as long as the source; is part of it missing?",
        )
    elif ratio > LENGTH_RATIO_HIGH:
        yield finding(
            "length-ratio",
            WARNING,
            f"the translation is {ratio:.2f} times as long as the source; is something added "
            "or repeated?",
        )
