"""Numbers must survive translation, whatever script or separators either side writes them in.

Arabic-Indic (٠-٩) and Eastern Arabic (۰-۹) digits become ASCII, the Arabic thousands separator
``٬`` and decimal separator ``٫`` become ``,`` and ``.``; a group separator (``,``, ``٬``, thin
or no-break space) is dropped when exactly three digits follow it, so ``٢٬٥٠٠``, ``2,500`` and
``2500`` are one number. Digits inside URLs, e-mail addresses, file names and declared
placeholders are left to their own checks. A source number missing from the translation is an
error; English number words count for 0-20 and the tens (``4`` may become ``four``). A number
only the translation has is a warning.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from workbench.arabic import ANY_DIGIT_CLASS, DIGIT_FOLDING, SEPARATOR_FOLDING
from workbench.qa.checks.placeholders import strip_placeholders
from workbench.qa.checks.verbatim import strip_verbatim
from workbench.qa.finding import ERROR, WARNING, Finding

_TABLE = str.maketrans(DIGIT_FOLDING | SEPARATOR_FOLDING)
ANY_DIGIT = re.compile(f"[{ANY_DIGIT_CLASS}]")
NUMBER = re.compile(r"[0-9]+(?:[,\u202f\u00a0\u2009][0-9]{3}(?![0-9]))*(?:\.[0-9]+)?")
_GROUP = re.compile(r"[,\u202f\u00a0\u2009]")
NUMBER_WORDS = {
    "zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
    "seven": "7", "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12",
    "thirteen": "13", "fourteen": "14", "fifteen": "15", "sixteen": "16", "seventeen": "17",
    "eighteen": "18", "nineteen": "19", "twenty": "20", "thirty": "30", "forty": "40",
    "fifty": "50", "sixty": "60", "seventy": "70", "eighty": "80", "ninety": "90",
}  # fmt: skip
_WORD = re.compile(r"[A-Za-z]+")


def canonical_number(text: str) -> str:
    """``2,500`` -> ``2500``; ``007`` -> ``7``; ``2.50`` -> ``2.5``."""
    text = _GROUP.sub("", text)
    whole, _, fraction = text.partition(".")
    whole = whole.lstrip("0") or "0"
    fraction = fraction.rstrip("0")
    return f"{whole}.{fraction}" if fraction else whole


def numbers(text: str, flags: frozenset[str] = frozenset()) -> Counter[str]:
    """The canonical numbers in ``text``, outside URLs, file names and placeholders."""
    text = strip_placeholders(strip_verbatim(text.translate(_TABLE)), flags)
    return Counter(canonical_number(m.group()) for m in NUMBER.finditer(text))


def check_numbers(source: str, target: str, flags: frozenset[str]) -> Iterator[Finding]:
    if not ANY_DIGIT.search(source) and not ANY_DIGIT.search(target):
        return
    expected, found = numbers(source, flags), numbers(target, flags)
    missing = expected - found
    if missing:
        words = Counter(NUMBER_WORDS[w] for w in _WORD.findall(target.lower()) if w in NUMBER_WORDS)
        missing -= words
    extra = found - expected
    if missing:
        listed = ", ".join(sorted(missing))
        changed = f" (the translation has {', '.join(sorted(extra))} instead)" if extra else ""
        yield Finding(
            "numbers",
            ERROR,
            f"number(s) {listed} of the source missing or changed in the translation{changed}",
        )
    elif extra:
        listed = ", ".join(sorted(extra))
        yield Finding(
            "numbers", WARNING, f"number(s) {listed} in the translation but not in the source"
        )
