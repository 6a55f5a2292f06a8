"""A message's ``#,`` flags as GNU reads them: tokens, the formats checked, ``range:``, fuzzy.

One reading for the editing reader, compile's scanner, the writer, QA and the TUI, so "is this
message fuzzy" and "which formats does it declare" have one answer everywhere. Hand-written: no
library reads gettext flags GNU's way (``parse_comment_special`` in read-catalog-abstract.c).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

#: The formats the workbench checks (:data:`workbench.catalog.format_strings.FORMATS`), in
#: GNU's ``format_language[]`` order (format.c): msgfmt checks a message's formats in it.
CHECKED_FORMATS = ("c-format", "python-format", "python-brace-format")
_FLAG_SEPARATORS = re.compile(r"[\n \t\r\f\v,]+")
_RANGE = re.compile(r"([0-9]+)\.\.([0-9]+)")
_INT_MAX = 2**31 - 1
_FORMAT_PREFIX = re.compile(r"no-|possible-|impossible-")


@dataclass(frozen=True)
class FlagReading:
    """What ``msgfmt`` makes of a message's flags: the formats it checks (declared plain or
    ``possible-``; of contradicting flags such as ``c-format, no-c-format`` the last wins),
    in GNU's order, each once; ``numbers``, the ``range: MIN..MAX`` of the message's
    number argument, or None; and whether the message is ``fuzzy`` (also when the flag shares
    a comma-less line with others: ``#, c-format fuzzy``)."""

    formats: tuple[str, ...] = ()
    numbers: tuple[int, int] | None = None
    fuzzy: bool = False


def _flag_words(text: str) -> list[str]:
    return [word for word in _FLAG_SEPARATORS.split(text) if word]


def flag_tokens(text: str) -> list[str]:
    """The flags of a ``#,`` line as GNU reads them: split at commas *and* white space, so a
    hand-written ``#, c-format fuzzy`` is fuzzy (and stays so when the catalog is written);
    ``range:`` takes the next token as its value (``range: 1..2``). The one tokenizer of the
    reader, the compile reader and :func:`read_flags`."""
    words = _flag_words(text)
    if "range:" not in words:
        return words
    flags: list[str] = []
    position = 0
    while position < len(words):
        word = words[position]
        position += 1
        if word == "range:" and position < len(words):
            word = f"range: {words[position]}"
            position += 1
        flags.append(word)
    return flags


@lru_cache(maxsize=1024)
def read_flags(flags: tuple[str, ...]) -> FlagReading:
    """Port of GNU's ``parse_comment_special`` (read-catalog-abstract.c, 0.21) for the flags
    that decide what msgfmt compiles and checks. Tokens are split at white space and commas, so
    ``c-format range: 1..2`` counts as the flags it holds. ``range:`` takes the next token:
    ``MIN..MAX`` in decimal (text after MAX ignored, values clamped to INT_MAX); anything else
    there (``1..x``, ``2..1``, ``-1..2``, even a ``c-format``) is dropped without a word, as
    msgfmt drops it; a later ``range:`` replaces an earlier one. Hand-written: no library
    reads gettext flags GNU's way. Cached: compile asks once per flagged entry."""
    tokens = _flag_words(",".join(flags))
    checked: dict[str, bool] = {}
    numbers = None
    fuzzy = False
    position = 0
    while position < len(tokens):
        token = tokens[position]
        position += 1
        if token == "fuzzy":
            fuzzy = True
        elif token.endswith("-format"):
            prefix = _FORMAT_PREFIX.match(token)
            name = token[prefix.end() :] if prefix else token
            if name in CHECKED_FORMATS:
                checked[name] = prefix is None or prefix.group() == "possible-"
        elif token == "range:" and position < len(tokens):
            found = _RANGE.match(tokens[position])
            position += 1
            if found:
                low, high = (min(int(value), _INT_MAX) for value in found.groups())
                if low <= high:
                    numbers = (low, high)
    return FlagReading(tuple(name for name in CHECKED_FORMATS if checked.get(name)), numbers, fuzzy)


def entry_flags(lines: list[str]) -> list[str]:
    """The flags of an entry written on several ``#,`` (or ``#!``) lines. GNU keeps only the
    last line's flags, so a ``#, fuzzy`` written above a ``#, c-format`` line vanishes and the
    entry counts as approved; we keep GNU's rule for every flag except ``fuzzy``, which no
    later line takes back (leaving an entry out of the ``.mo`` is the safe side)."""
    flags = flag_tokens(lines[-1])
    if len(lines) > 1 and "fuzzy" not in flags:
        if any("fuzzy" in flag_tokens(line) for line in lines[:-1]):
            flags.insert(0, "fuzzy")
    return flags
