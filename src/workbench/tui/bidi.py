"""Display-time shaping of Arabic for terminals that do neither joining nor reordering.

Textual has no bidi support and most terminals draw Arabic as isolated letters in left-to-right
order. Here the *logical* text (as stored in the catalog) is turned into *visual* lines:

1. wrap the logical text into lines that fit the width (measured on the joined glyphs),
2. join the letters of each line with ``arabic-reshaper`` (presentation forms, lam-alef
   ligatures); harakat (shadda, tanween...) are set aside and put back after the letter they
   belong to,
3. reorder each line with the Unicode bidi algorithm (``python-bidi``) using the direction of
   the whole paragraph, so a wrapped paragraph reads top to bottom, right to left; then rule
   L3: a reversed run leaves each mark before its letter, and terminals draw a combining mark
   on the cell *before* it, so marks are moved back after their letter.

Every visual character keeps the index of the logical character it came from, so glossary
matches (offsets in the stored text) can be highlighted on screen. The pure-Python UBA of
``python-bidi`` (``bidi.algorithm``) is used because its Rust twin does not expose the
reordering permutation. Nothing here imports Textual: these are pure functions.

In ``terminal`` mode (mlterm, Konsole, VTE: terminals that reorder and join themselves) the
lines stay logical; reordering twice would scramble the text.

An inline object that must move as one piece (a markup placeholder shown as a chip,
:mod:`workbench.tui.markup_chips`) is given here as :data:`ATOM`, one character the algorithm
treats as a neutral (like an inline image in a browser) and wrapping measures as
``atom_width`` cells; the caller draws it once the line is in display order.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import Literal

import arabic_reshaper
from bidi import algorithm as uba
from rich.cells import cell_len

BidiMode = Literal["app", "terminal"]

_RESHAPER = arabic_reshaper.ArabicReshaper(
    configuration={"delete_harakat": False, "support_ligatures": True}
)
_FORM_TAGS = ("<isolated>", "<initial>", "<medial>", "<final>")
#: U+FFFC OBJECT REPLACEMENT CHARACTER: bidi class ON (a neutral, never mirrored), no joining.
ATOM = "\ufffc"
# Environment hints of terminals that apply bidi (and joining) on their own.
_TERMINAL_BIDI_HINTS = ("KONSOLE_VERSION", "MLTERM")


@dataclass(frozen=True)
class VisualLine:
    """One screen line: ``text`` in display order; ``sources[i]`` is the index, in the
    logical paragraph, of the character that ``text[i]`` shows."""

    text: str
    sources: tuple[int, ...]
    rtl: bool

    @property
    def width(self) -> int:
        return cell_len(self.text)


#: ECMA-48 BDSM (mode 8): reset = explicit mode, the terminal shows cells as sent; set =
#: implicit mode, the terminal reorders each line itself. VTE (GNOME Terminal and others,
#: 0.58 on) reorders by default and honours these; terminals without bidi ignore them.
EXPLICIT_BIDI = "\x1b[8l"
IMPLICIT_BIDI = "\x1b[8h"


def terminal_bidi_sequence(mode: BidiMode) -> str:
    """What to send so the terminal does not reorder text the app already put in display
    order (``app``), or does it itself (``terminal``)."""
    return EXPLICIT_BIDI if mode == "app" else IMPLICIT_BIDI


def resolve_mode(requested: str, environ: Mapping[str, str] | None = None) -> BidiMode:
    """``auto`` -> ``terminal`` when the environment names a terminal that reorders every line
    and cannot be told not to (Konsole, mlterm, or ``WORKBENCH_BIDI=terminal``), else ``app``.

    VTE >= 0.58 reorders too, but per whole screen line (across panes side by side) and it can
    be switched to explicit mode (:data:`EXPLICIT_BIDI`), which the app does: ``app``."""
    if requested in ("app", "terminal"):
        return requested  # type: ignore[return-value]
    env = os.environ if environ is None else environ
    hint = env.get("WORKBENCH_BIDI", "")
    if hint in ("app", "terminal"):
        return hint  # type: ignore[return-value]
    if any(env.get(name) for name in _TERMINAL_BIDI_HINTS):
        return "terminal"
    if env.get("TERM_PROGRAM", "").lower() in ("mlterm", "konsole"):
        return "terminal"
    if env.get("TERM", "").startswith("mlterm"):
        return "terminal"
    return "app"


def is_rtl_paragraph(text: str) -> bool:
    """Direction of a paragraph from its first strong character (UBA rules P2-P3)."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


def _is_harakah(char: str) -> bool:
    return unicodedata.category(char) == "Mn" and "\u0600" <= char <= "\u06ff"


def _shape_with_sources(text: str, offset: int) -> tuple[str, list[int]]:
    """Join the letters of ``text``; each shaped character maps to its first logical index.

    Harakat are left out of the shaping (the reshaper joins letters only) and put back right
    after the shaped character that shows their letter."""
    kept = [(i, c) for i, c in enumerate(text) if not _is_harakah(c)]
    plain = "".join(c for _, c in kept)
    shaped = _RESHAPER.reshape(plain)
    firsts: list[int] = []  # per shaped char: logical index of the first letter it shows
    position = 0
    for char in shaped:
        firsts.append(kept[min(position, len(kept) - 1)][0] if kept else 0)
        decomposition = unicodedata.decomposition(char)
        if decomposition.startswith(_FORM_TAGS):
            position += max(1, len(decomposition.split()) - 1)
        else:
            position += 1
    if position != len(kept):  # an unknown ligature: fall back to an approximate map
        return shaped, [offset + min(i, len(text) - 1) for i in range(len(shaped))]
    if len(kept) == len(text):
        return shaped, [offset + first for first in firsts]
    leading = [i for i in range(firsts[0] if firsts else len(text)) if _is_harakah(text[i])]
    chars = [text[i] for i in leading]
    sources = [offset + i for i in leading]
    for number, char in enumerate(shaped):
        chars.append(char)
        sources.append(offset + firsts[number])
        following = firsts[number + 1] if number + 1 < len(shaped) else len(text)
        for index in range(firsts[number] + 1, following):
            if _is_harakah(text[index]):  # its marks, inside a ligature or after it
                chars.append(text[index])
                sources.append(offset + index)
    return "".join(chars), sources


def _reorder(text: str, rtl: bool) -> list[tuple[str, int]]:
    """UBA levels and reordering (rules X1-L2, L4) of one line, keeping each char's index."""
    storage = uba.get_empty_storage()
    storage["base_level"] = 1 if rtl else 0
    storage["base_dir"] = "R" if rtl else "L"
    uba.get_embedding_levels(text, storage)
    for index, char in enumerate(storage["chars"]):
        char["index"] = index
    uba.explicit_embed_and_overrides(storage)
    uba.resolve_weak_types(storage, False)
    uba.resolve_neutral_types(storage, False)
    uba.resolve_implicit_levels(storage, False)
    uba.reorder_resolved_levels(storage, False)
    uba.apply_mirroring(storage, False)
    ordered = [(char["ch"], char["index"], char["level"]) for char in storage["chars"]]
    result: list[tuple[str, int]] = []
    marks: list[tuple[str, int]] = []
    for char, index, level in ordered:  # rule L3: marks of a reversed run after their letter
        if level % 2 and _is_harakah(char):
            marks.append((char, index))
            continue
        result.append((char, index))
        if marks:
            result += reversed(marks)
            marks = []
    return result + marks


def shaped_width(text: str) -> int:
    """Cells that ``text`` takes once joined (ligatures are narrower than their letters)."""
    return cell_len(shape(text))


def shape(text: str) -> str:
    """Joined letters in logical order (for measuring; no reordering)."""
    return _RESHAPER.reshape("".join(c for c in text if not _is_harakah(c)))


def wrap_logical(
    text: str, width: int, measure: Callable[[str], int] = shaped_width
) -> list[tuple[int, int]]:
    """Greedy word wrap of the logical text: ``(start, end)`` of each line, spaces at the
    break dropped. Widths are ``measure``d (default: on the joined glyphs, as the app draws
    them); an over-long word is split."""
    width = max(1, width)
    lines: list[tuple[int, int]] = []
    for para_start, para_end in _paragraphs(text):
        lines_before = len(lines)
        start = para_start
        line_end = para_start  # end of the last word that fits
        position = para_start
        while position < para_end:
            while position < para_end and text[position] == " ":
                position += 1
            word_start = position
            while position < para_end and text[position] != " ":
                position += 1
            word_end = position
            if word_start == word_end:
                break
            if measure(text[start:word_end]) <= width:
                line_end = word_end
                continue
            if line_end > start:
                lines.append((start, line_end))
            start = word_start
            while measure(text[start:word_end]) > width:
                cut = start + 1
                while cut < word_end and measure(text[start : cut + 1]) <= width:
                    cut += 1
                lines.append((start, cut))
                start = cut
            line_end = word_end
        if line_end > start or len(lines) == lines_before:
            lines.append((start, max(line_end, start)))
    return lines


def _with_atoms(measure: Callable[[str], int], extra: int, part: str) -> int:
    """``measure(part)`` with each :data:`ATOM` counted ``extra`` cells wider."""
    return measure(part) + part.count(ATOM) * extra


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for index, char in enumerate(text):
        if char == "\n":
            spans.append((start, index))
            start = index + 1
    spans.append((start, len(text)))
    return spans


def visual_lines(
    text: str, width: int, mode: BidiMode = "app", atom_width: int = 1
) -> list[VisualLine]:
    """The logical ``text`` as screen lines of at most ``width`` cells, in display order;
    each :data:`ATOM` in it is measured as ``atom_width`` cells."""
    return list(_visual_lines_cached(text, width, mode, atom_width))


@lru_cache(maxsize=256)
def _visual_lines_cached(
    text: str, width: int, mode: BidiMode, atom_width: int
) -> tuple[VisualLine, ...]:
    rtl = is_rtl_paragraph(text)
    result = []
    measure: Callable[[str], int] = cell_len if mode == "terminal" else shaped_width
    if atom_width != 1 and ATOM in text:
        measure = partial(_with_atoms, measure, atom_width - 1)
    for start, end in wrap_logical(text, width, measure):
        segment = text[start:end]
        if mode == "terminal":
            result.append(VisualLine(segment, tuple(range(start, end)), rtl))
            continue
        shaped, sources = _shape_with_sources(segment, start)
        ordered = _reorder(shaped, rtl)
        result.append(
            VisualLine(
                "".join(char for char, _ in ordered),
                tuple(sources[index] for _, index in ordered),
                rtl,
            )
        )
    return tuple(result)


@lru_cache(maxsize=8192)
def display_excerpt(text: str, width: int, mode: BidiMode = "app") -> str:
    """A one-line preview (for lists): the first visual line of ``text``'s first line,
    shortened with an ellipsis; display order in ``app`` mode."""
    first = text.split("\n", 1)[0]
    if width <= 1:
        return ""
    lines = wrap_logical(first, width - 1, cell_len if mode == "terminal" else shaped_width)
    start, end = lines[0] if lines else (0, 0)
    segment = first[start:end] + ("…" if end < len(first) or len(lines) > 1 else "")
    if mode == "terminal":
        return segment
    shaped, _ = _shape_with_sources(segment, 0)
    return "".join(char for char, _ in _reorder(shaped, is_rtl_paragraph(first)))


def display_inline(text: str, mode: BidiMode = "app") -> str:
    """A UI message (left-to-right) quoting Arabic, e.g. a QA finding: each Arabic run joined
    and reversed in place, in display order; lines are left for the pane to wrap."""
    if mode == "terminal" or not any("\u0600" <= c <= "\u06ff" for c in text):
        return text
    lines = []
    for line in text.split("\n"):
        shaped, _ = _shape_with_sources(line, 0)
        lines.append("".join(char for char, _ in _reorder(shaped, False)))  # LTR UI
    return "\n".join(lines)
