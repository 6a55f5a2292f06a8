"""The segment list: one line per segment, drawn on demand (Textual's line API).

A ``ListView`` builds a widget per item; with 20,000 segments that alone takes seconds. This
``ScrollView`` draws only the rows on screen, so opening and moving cost the same for any
catalog size.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.segment import Segment as RichSegment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from workbench.tui.bidi import BidiMode
from workbench.tui.markup_chips import excerpt_pieces
from workbench.tui.session import Segment

STATUS_MARKS = {
    "untranslated": ("○", Style(color="red")),
    "fuzzy": ("◐", Style(color="yellow")),
    "approved": ("●", Style(color="green")),
}
QA_MARK = ("!", Style(color="magenta", bold=True))
DRAFT_MARK = ("✎", Style(color="cyan"))
REVIEWED_MARK = ("✔", Style(color="bright_green", bold=True))


def status_mark(segment: Segment) -> tuple[str, Style]:
    """The status of the segment (a draft over it shows as ✎, an approved and reviewed one
    as ✔)."""
    if segment.draft is not None:
        return DRAFT_MARK
    if segment.reviewed and segment.status == "approved":
        return REVIEWED_MARK
    return STATUS_MARKS[segment.status]


def qa_mark(segment: Segment) -> tuple[str, Style]:
    """``!`` beside the status when QA found a problem (its own column: an approved segment
    with a warning still reads as approved)."""
    if segment.qa_warning and segment.status != "untranslated":
        return QA_MARK
    return (" ", Style())


class SegmentList(ScrollView, can_focus=True):
    """Rows of ``segments`` (all, or those kept by a filter); the cursor is a segment index."""

    DEFAULT_CSS = """
    SegmentList { overflow-x: hidden; }
    SegmentList > .segment-list--cursor { background: $accent 40%; }
    """
    COMPONENT_CLASSES = {"segment-list--cursor"}
    BINDINGS = [
        Binding("up", "move(-1)", show=False),
        Binding("down", "move(1)", show=False),
        Binding("pageup", "move(-10)", show=False),
        Binding("pagedown", "move(10)", show=False),
        Binding("enter", "choose", show=False),
    ]

    cursor: reactive[int] = reactive(0, always_update=True, layout=False)

    class Selected(Message):
        """The user picked a row (click, or enter while the list has focus)."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, segments: Sequence[Segment], *, bidi: BidiMode = "app", **kw) -> None:
        super().__init__(**kw)
        self.segments = segments
        self.rows: list[int] = list(range(len(segments)))
        self._row_of: dict[int, int] | None = None
        self.bidi: BidiMode = bidi

    # --- data ------------------------------------------------------------------------------

    def set_segments(self, segments: Sequence[Segment]) -> None:
        self.segments = segments
        self.set_rows(range(len(segments)))

    def set_rows(self, rows: Sequence[int]) -> None:
        """Show only these segment indexes (a filter), in this order."""
        self.rows = list(rows)
        self._row_of = None
        self.virtual_size = Size(self.size.width, len(self.rows))
        self.refresh()

    def row_of(self, index: int) -> int | None:
        if len(self.rows) == len(self.segments):
            return index  # unfiltered: row == index, no map needed
        if self._row_of is None:
            self._row_of = {segment: row for row, segment in enumerate(self.rows)}
        return self._row_of.get(index)

    def refresh_segment(self, index: int) -> None:
        row = self.row_of(index)
        if row is not None:
            self.refresh_line(row)

    def on_mount(self) -> None:
        self.virtual_size = Size(self.size.width, len(self.rows))

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self.rows))

    # --- cursor ----------------------------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        for index in (old, new):
            self.refresh_segment(index)
        row = self.row_of(new)
        if row is not None:
            self.scroll_to_row(row)

    def scroll_to_row(self, row: int) -> None:
        height = self.scrollable_content_region.height or self.size.height
        top = self.scroll_offset.y
        if row < top:
            self.scroll_to(y=row, animate=False)
        elif height and row >= top + height:
            self.scroll_to(y=row - height + 1, animate=False)

    def action_move(self, delta: int) -> None:
        row = self.row_of(self.cursor)
        if not self.rows:
            return
        row = 0 if row is None else max(0, min(len(self.rows) - 1, row + delta))
        self.post_message(self.Selected(self.rows[row]))

    def action_choose(self) -> None:
        if self.rows:
            row = self.row_of(self.cursor)
            self.post_message(self.Selected(self.rows[row if row is not None else 0]))

    def on_click(self, event: events.Click) -> None:
        row = event.y + self.scroll_offset.y
        if 0 <= row < len(self.rows):
            self.post_message(self.Selected(self.rows[row]))

    # --- drawing ---------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        row = y + self.scroll_offset.y
        width = self.scrollable_content_region.width or self.size.width
        if row >= len(self.rows) or width <= 0:
            return Strip.blank(width, self.rich_style)
        index = self.rows[row]
        segment = self.segments[index]
        mark, mark_style = status_mark(segment)
        warning, warning_style = qa_mark(segment)
        number = f"{index + 1:>5} "
        excerpt_width = max(0, width - len(number) - 2)
        pieces = excerpt_pieces(segment.msgid, excerpt_width, self.bidi) if excerpt_width else []
        base = self.rich_style
        if index == self.cursor:
            base = base + self.get_component_rich_style("segment-list--cursor")
        pad = max(0, excerpt_width - sum(cell_len(text) for text, _ in pieces))
        line = [
            RichSegment(mark, base + mark_style),
            RichSegment(warning, base + warning_style),
            RichSegment(number, base + Style(dim=True)),
            RichSegment(" " * pad, base),
            *(RichSegment(text, base + style if style else base) for text, style in pieces),
        ]
        return Strip(line).adjust_cell_length(width, base)
