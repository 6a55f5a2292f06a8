"""The Arabic source, shaped and reordered at display time, glossary terms highlighted, markup
placeholders drawn as chips (:mod:`workbench.tui.markup_chips`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from workbench.tui.bidi import BidiMode, VisualLine, visual_lines
from workbench.tui.markup_chips import AtomizedText, atomize, chip_style, chip_text

if TYPE_CHECKING:
    from workbench.glossary import TermMatch

TERM_STYLE = Style(color="black", bgcolor="yellow", bold=True)


class Highlighted(Protocol):
    """A stretch of the text to highlight: a glossary term, a concordance hit."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


def source_lines(text: str, width: int, mode: BidiMode) -> tuple[AtomizedText, list[VisualLine]]:
    """``text`` with its placeholders as atoms, and its visual lines for ``width`` cells."""
    atomized = atomize(text)
    return atomized, visual_lines(atomized.text, max(1, width), mode, atomized.atom_width)


def render_source(
    text: str, width: int, mode: BidiMode, terms: Sequence[Highlighted] = ()
) -> Text:
    """Visual lines of ``text`` for ``width`` cells, right-aligned when the paragraph is RTL;
    every character that shows part of a glossary term (or of ``terms``' other stretches) is
    highlighted, every placeholder is a chip."""
    in_term = [False] * (len(text) + 1)
    for hit in terms:
        for position in range(hit.start, min(hit.end, len(text))):
            in_term[position] = True
    atomized, lines = source_lines(text, width, mode)
    result = Text(no_wrap=True, overflow="crop", end="")
    for number, visual in enumerate(lines):
        if number:
            result.append("\n")
        line = Text(end="")
        for char, source in zip(visual.text, visual.sources, strict=True):
            token = atomized.tokens.get(source)
            if token is not None:
                line.append(chip_text(token, mode), chip_style(token))
            else:
                line.append(char, TERM_STYLE if in_term[atomized.origin[source]] else None)
        if visual.rtl and mode == "app":
            result.append(" " * max(0, width - line.cell_len))
        result.append_text(line)
    return result


class SourcePane(Widget):
    """Shows one segment's source; re-wraps to its own width on every resize."""

    #: Lines shown for any segment that fits in them; a longer one makes the pane grow.
    MIN_LINES = 6
    MAX_LINES = 18

    DEFAULT_CSS = """
    SourcePane { padding: 0 1; }
    """

    def __init__(self, **kw) -> None:
        super().__init__(**kw)
        self.text = ""
        self.terms: Sequence[TermMatch] = ()
        self.mode: BidiMode = "app"
        self._lines = self.MIN_LINES

    def on_mount(self) -> None:
        self.styles.height = self._lines + self.styles.gutter.height

    def show(self, text: str, terms: Sequence[TermMatch], mode: BidiMode) -> None:
        """New source. The pane keeps its height unless the text needs more lines (or fits
        again): a new height re-lays out the whole screen, a repaint costs far less."""
        self.text, self.terms, self.mode = text, terms, mode
        needed = len(source_lines(text, self._width(), mode)[1])
        lines = max(self.MIN_LINES, min(needed, self.MAX_LINES))
        if lines != self._lines:
            self._lines = lines
            self.styles.height = lines + self.styles.gutter.height
        self.refresh()

    def _width(self) -> int:
        return max(1, self.content_region.width or self.size.width or 40)

    def render(self) -> Text:
        return render_source(self.text, self._width(), self.mode, self.terms)
