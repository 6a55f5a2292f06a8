"""What changed in a revised source: a word-level diff of a fuzzy entry's previous source
(``#| msgid``) and its current one, for the details pane (f3).

Words are compared the way an Arabic reader compares them: harakat (short-vowel marks), tatweel
and the hamza forms (أ إ آ ٱ against ا, ؤ against و, ئ and ى against ي) alone are not a change,
so a source re-typed with or without vowels shows only its real edits. The folding is the
concordance filter's (:func:`workbench.tui.concordance.fold`), plus the hamza seats on waw and
yeh. Tokens are words (letters, digits and the marks on them) and single punctuation
characters; whitespace is kept with the text but never compared. :mod:`difflib` aligns the
folded tokens (``autojunk`` off: a sentence has few tokens, every one counts).

Each side is rendered with markers readable without colour, as ``wdiff`` writes them:
``[-removed-]`` in the previous source, ``{+added+}`` in the current one. No Textual here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

from workbench.arabic import DIACRITICS, TATWEEL, char_class, replace_chars
from workbench.tui.concordance import fold

Change = Literal["same", "removed", "added"]

REMOVED_OPEN, REMOVED_CLOSE = "[-", "-]"
ADDED_OPEN, ADDED_CLOSE = "{+", "+}"

#: The hamza seats on waw and yeh, beside the alef forms the concordance fold already joins.
_HAMZA_SEATS = {"\u0624": "\u0648", "\u0626": "\u064a"}

_TOKEN = re.compile(rf"(?:[^\W_]|{char_class(DIACRITICS + TATWEEL)})+|\S")


@dataclass(frozen=True)
class Piece:
    """A run of one side's text: ``change`` is ``same``, or ``removed`` (only in the previous
    source) or ``added`` (only in the current one). ``text`` is that side's own spelling,
    spaces included."""

    text: str
    change: Change


@dataclass(frozen=True)
class SourceDiff:
    previous: tuple[Piece, ...]
    current: tuple[Piece, ...]

    @property
    def changed(self) -> bool:
        """Whether any word differs (vowel marks, tatweel and hamza forms aside)."""
        return any(piece.change != "same" for piece in (*self.previous, *self.current))


def compare_key(token: str) -> str:
    """What two tokens must share to be the same word (see the module docstring)."""
    return replace_chars(fold(token), _HAMZA_SEATS)


def _tokens(text: str) -> list[tuple[int, int]]:
    return [match.span() for match in _TOKEN.finditer(text)]


def _pieces(
    text: str, spans: list[tuple[int, int]], changed: list[bool], kind: Change
) -> tuple[Piece, ...]:
    """``text`` cut into runs of unchanged and changed tokens: the whitespace between two
    changed tokens belongs to their run, any other whitespace to the unchanged text."""
    parts: list[Piece] = []
    position = 0
    for (start, end), is_changed in zip(spans, changed, strict=True):
        gap = text[position:start]
        if gap:
            joins = is_changed and bool(parts) and parts[-1].change == kind
            parts.append(Piece(gap, kind if joins else "same"))
        parts.append(Piece(text[start:end], kind if is_changed else "same"))
        position = end
    if position < len(text):
        parts.append(Piece(text[position:], "same"))
    merged: list[Piece] = []
    for piece in parts:
        if merged and merged[-1].change == piece.change:
            merged[-1] = Piece(merged[-1].text + piece.text, piece.change)
        else:
            merged.append(piece)
    return tuple(merged)


def diff_sources(previous: str, current: str) -> SourceDiff:
    """The word-level diff of ``previous`` and ``current`` (see the module docstring)."""
    old_spans, new_spans = _tokens(previous), _tokens(current)
    old_keys = [compare_key(previous[a:b]) for a, b in old_spans]
    new_keys = [compare_key(current[a:b]) for a, b in new_spans]
    removed = [True] * len(old_keys)
    added = [True] * len(new_keys)
    matcher = SequenceMatcher(None, old_keys, new_keys, autojunk=False)
    for block in matcher.get_matching_blocks():
        for offset in range(block.size):
            removed[block.a + offset] = False
            added[block.b + offset] = False
    return SourceDiff(
        _pieces(previous, old_spans, removed, "removed"),
        _pieces(current, new_spans, added, "added"),
    )


def marked_text(pieces: tuple[Piece, ...]) -> tuple[str, list[Change]]:
    """One side as text with its markers (``[-…-]``, ``{+…+}``) and, per character, the
    change it shows (the markers count as part of the change): what the pane colours."""
    text: list[str] = []
    changes: list[Change] = []
    for piece in pieces:
        if piece.change == "same":
            part = piece.text
        elif piece.change == "removed":
            part = f"{REMOVED_OPEN}{piece.text}{REMOVED_CLOSE}"
        else:
            part = f"{ADDED_OPEN}{piece.text}{ADDED_CLOSE}"
        text.append(part)
        changes += [piece.change] * len(part)
    return "".join(text), changes
