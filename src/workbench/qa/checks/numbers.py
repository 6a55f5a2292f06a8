"""Numbers must survive translation, whatever script or separators either side writes them in.

Arabic-Indic (٠-٩) and Eastern Arabic (۰-۹) digits become ASCII, the Arabic thousands separator
``٬`` and decimal separator ``٫`` become ``,`` and ``.``; a group separator (``,``, ``٬``, thin
or no-break space) is dropped when exactly three digits follow it, so ``٢٬٥٠٠``, ``2,500`` and
``2500`` are one number. Digits inside URLs, e-mail addresses, file names and declared
placeholders are left to their own checks. A source number missing from the translation is an
error; English number words count for 0-20 and the tens (``4`` may become ``four``). A number
only the translation has is a warning.

A number followed by a scale word may be written out in full on the other side: Arabic news
writes ``200 ألف`` ("200 thousand") where English writes ``200,000``, and ``2500000`` may become
``2.5 million``; either form matches.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from decimal import Decimal

from workbench.arabic import ANY_DIGIT_CLASS, DIGIT_FOLDING, SEPARATOR_FOLDING
from workbench.catalog.po.flags import FlagReading
from workbench.diagnostic import Diagnostic
from workbench.qa.checks.placeholders import strip_placeholders
from workbench.qa.checks.verbatim import strip_verbatim
from workbench.qa.finding import ERROR, WARNING, finding

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
_THOUSAND, _MILLION, _BILLION = 10**3, 10**6, 10**9
#: Scale words after a number, with their plural and accusative (tanween) forms.
SCALE_WORDS = {
    "ألف": _THOUSAND, "الف": _THOUSAND, "آلاف": _THOUSAND, "الاف": _THOUSAND,
    "ألفا": _THOUSAND, "ألفاً": _THOUSAND,
    "مليون": _MILLION, "ملايين": _MILLION, "مليونا": _MILLION, "مليوناً": _MILLION,
    "مليار": _BILLION, "مليارات": _BILLION, "مليارا": _BILLION, "ملياراً": _BILLION,
    "بليون": _BILLION,
    "thousand": _THOUSAND, "million": _MILLION, "billion": _BILLION,
}  # fmt: skip
_SCALED = re.compile(
    rf"({NUMBER.pattern})\s*({'|'.join(sorted(SCALE_WORDS, key=len, reverse=True))})(?!\w)",
    re.IGNORECASE,
)


def canonical_number(text: str) -> str:
    """``2,500`` -> ``2500``; ``007`` -> ``7``; ``2.50`` -> ``2.5``."""
    text = _GROUP.sub("", text)
    whole, _, fraction = text.partition(".")
    whole = whole.lstrip("0") or "0"
    fraction = fraction.rstrip("0")
    return f"{whole}.{fraction}" if fraction else whole


def numbers(text: str, formats: Sequence[str] = ()) -> Counter[str]:
    """The canonical numbers in ``text``, outside URLs, file names and the placeholders of
    ``formats`` (:attr:`FlagReading.formats <workbench.catalog.po.flags.FlagReading.formats>`)."""
    text = strip_placeholders(strip_verbatim(text.translate(_TABLE)), formats)
    return Counter(canonical_number(m.group()) for m in NUMBER.finditer(text))


def scaled_numbers(text: str, formats: Sequence[str] = ()) -> list[tuple[str, str]]:
    """(number, number written out) for each number followed by a scale word in ``text``:
    ``200 ألف`` -> ``("200", "200000")``, ``2.5 million`` -> ``("2.5", "2500000")``."""
    text = strip_placeholders(strip_verbatim(text.translate(_TABLE)), formats)
    found = []
    for match in _SCALED.finditer(text):
        number = canonical_number(match.group(1))
        scale = SCALE_WORDS[match.group(2).lower()]
        found.append((number, canonical_number(f"{Decimal(number) * scale:f}")))
    return found


def _match_scaled(
    missing: Counter[str], extra: Counter[str], pairs: list[tuple[str, str]], reverse: bool
) -> None:
    """Cancel a missing number against its written-out form on the other side (in place)."""
    for written, full in pairs:
        want, have = (full, written) if reverse else (written, full)
        if missing[want] and extra[have]:
            missing[want] -= 1
            extra[have] -= 1


def check_numbers(source: str, target: str, flags: FlagReading) -> Iterator[Diagnostic]:
    if not ANY_DIGIT.search(source) and not ANY_DIGIT.search(target):
        return
    formats = flags.formats
    expected, found = numbers(source, formats), numbers(target, formats)
    missing, extra = expected - found, found - expected
    if missing and extra:
        _match_scaled(missing, extra, scaled_numbers(source, formats), reverse=False)
        _match_scaled(missing, extra, scaled_numbers(target, formats), reverse=True)
        missing, extra = +missing, +extra
    if missing:
        words = Counter(NUMBER_WORDS[w] for w in _WORD.findall(target.lower()) if w in NUMBER_WORDS)
        missing -= words
    if missing:
        listed = ", ".join(sorted(missing))
        changed = f" (the translation has {', '.join(sorted(extra))} instead)" if extra else ""
        yield finding(
            "numbers",
            ERROR,
            f"number(s) {listed} of the source missing or changed in the translation{changed}",
        )
    elif extra:
        listed = ", ".join(sorted(extra))
        yield finding(
            "numbers", WARNING, f"number(s) {listed} in the translation but not in the source"
        )
