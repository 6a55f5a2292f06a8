"""Markup placeholders (``<b0>``, ``</b0>``, ``<b1/>``, :mod:`workbench.documents.markup`) drawn
as coloured chips, never as raw markup.

Raw placeholders do not survive right-to-left display: ``<``, ``>`` and ``/`` are neutrals that
take the direction of the Arabic around them, and ``<``/``>`` are mirrored, so ``</b0>`` in an
Arabic sentence shows as ``b0/<`` or worse. So in the source pane each placeholder is one chip,
its label (``b0`` opening, ``/b0`` closing, ``b1/`` standalone) always read left to right:

* ``app`` mode: the placeholder becomes :data:`workbench.tui.bidi.ATOM` (one neutral
  character) before the line is shaped, wrapped and reordered, and the chip is drawn where
  the atom lands: an opening chip at the right of the words it opens in an Arabic line;
* ``terminal`` mode (the terminal reorders): the label is sent inside an LRI … PDI isolate,
  so the terminal's bidi algorithm keeps it whole and it does not sway the text around it.

The editor keeps the tokens as text (the translator types and moves them, ctrl+l inserts the
missing ones) and colours them as the chips; the segment list's one-line excerpts show chips
too (:func:`excerpt_pieces`). A pair has one colour, chosen by its number.
Nothing here imports Textual.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.style import Style

from workbench.documents.markup import PLACEHOLDER
from workbench.tui.bidi import ATOM, BidiMode, display_excerpt, visual_lines

#: Backgrounds of the chips, by placeholder number (yellow is the glossary terms' colour).
CHIP_COLOURS = ("bright_cyan", "bright_magenta", "bright_green", "orange1", "bright_blue")
#: First strong isolate would guess; a label is always left to right: LRI … PDI.
LEFT_TO_RIGHT_ISOLATE = "\u2066"
POP_DIRECTIONAL_ISOLATE = "\u2069"


def chip_label(token: str) -> str:
    """What a chip shows: ``<b0>`` -> ``b0``, ``</b0>`` -> ``/b0``, ``<b1/>`` -> ``b1/``."""
    return token[1:-1]


def chip_style(token: str) -> Style:
    """The chip's colour: one per number (a pair shares it), italic for a standalone one."""
    match = PLACEHOLDER.fullmatch(token)
    number = int(match.group(3)) if match else 0
    return Style(
        color="black",
        bgcolor=CHIP_COLOURS[number % len(CHIP_COLOURS)],
        bold=True,
        italic=bool(match and match.group(4)),
    )


def chip_text(token: str, mode: BidiMode) -> str:
    """The characters sent for a chip: its label, isolated left to right in ``terminal``
    mode (the app's own reordering places it whole in ``app`` mode)."""
    label = chip_label(token)
    if mode == "terminal":
        return f"{LEFT_TO_RIGHT_ISOLATE}{label}{POP_DIRECTIONAL_ISOLATE}"
    return label


@dataclass(frozen=True)
class AtomizedText:
    """``text`` with each placeholder replaced by one :data:`ATOM`: ``tokens`` maps the atom's
    index to its placeholder, ``origin`` each character's index in the original text (glossary
    matches are offsets there), ``atom_width`` the widest chip label (what wrapping counts)."""

    text: str
    tokens: dict[int, str]
    origin: tuple[int, ...]
    atom_width: int = 1


def atomize(text: str) -> AtomizedText:
    """``text`` ready for display: placeholders as atoms (see :class:`AtomizedText`)."""
    if "<" not in text or not PLACEHOLDER.search(text):
        return AtomizedText(text, {}, tuple(range(len(text))))
    pieces: list[str] = []
    tokens: dict[int, str] = {}
    origin: list[int] = []
    position = 0
    for match in PLACEHOLDER.finditer(text):
        pieces.append(text[position : match.start()])
        origin.extend(range(position, match.start()))
        tokens[len(origin)] = match.group()
        pieces.append(ATOM)
        origin.append(match.start())
        position = match.end()
    pieces.append(text[position:])
    origin.extend(range(position, len(text)))
    width = max(len(chip_label(token)) for token in tokens.values())
    return AtomizedText("".join(pieces), tokens, tuple(origin), width)


def excerpt_pieces(text: str, width: int, mode: BidiMode) -> list[tuple[str, Style | None]]:
    """A one-line preview of ``text`` in at most ``width`` cells (as
    :func:`workbench.tui.bidi.display_excerpt`, whose result it is for a text without
    placeholders), its placeholders as chips: pieces of text with their style."""
    first = text.split("\n", 1)[0]
    atomized = atomize(first)
    if not atomized.tokens:
        return [(display_excerpt(text, width, mode), None)]
    if width <= 1:
        return [("", None)]
    lines = visual_lines(atomized.text, width - 1, mode, atomized.atom_width)
    line = lines[0]
    pieces: list[tuple[str, Style | None]] = []
    for char, source in zip(line.text, line.sources, strict=True):
        token = atomized.tokens.get(source)
        if token is None:
            pieces.append((char, None))
        else:
            pieces.append((chip_text(token, mode), chip_style(token)))
    if len(lines) > 1 or first != text:
        ellipsis = ("…", None)
        at_left = line.rtl and mode == "app"  # the logical end of a reordered RTL line
        pieces = [ellipsis, *pieces] if at_left else [*pieces, ellipsis]
    return pieces
