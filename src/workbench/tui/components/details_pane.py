"""The details pane (f3): the entry's context, comments, references, what changed in a revised
source, the translator's note and, for a plural entry, its other ``msgstr[n]`` forms.

The note and the forms are edited here and saved by the app (on leaving the pane or the
segment, ctrl+s, approval) through the editing session, like any translation; the pane only
shows and holds text. The diff of a revised source is :mod:`workbench.tui.source_diff`'s,
drawn in the app's bidi mode (:mod:`workbench.tui.bidi`).
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.geometry import Size
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Label, TextArea

from workbench.tui.bidi import BidiMode, display_inline, visual_lines
from workbench.tui.details import form_title
from workbench.tui.session import Segment
from workbench.tui.source_diff import Change, diff_sources, marked_text

CHANGE_STYLES: dict[Change, Style | None] = {
    "same": None,
    "removed": Style(color="red", strike=True),
    "added": Style(color="green", bold=True, underline=True),
}
HEADING = Style(bold=True, color="cyan")


def diff_lines(text: str, changes: Sequence[Change], width: int, mode: BidiMode) -> Text:
    """One side of the diff (``text`` with its markers, ``changes`` per character) as screen
    lines of ``width`` cells, in display order in ``app`` mode and right-aligned when RTL."""
    result = Text(end="")
    for number, visual in enumerate(visual_lines(text, max(1, width), mode)):
        if number:
            result.append("\n")
        line = Text(end="")
        for char, source in zip(visual.text, visual.sources, strict=True):
            line.append(char, CHANGE_STYLES[changes[source]] if source < len(changes) else None)
        if visual.rtl and mode == "app":
            result.append(" " * max(0, width - line.cell_len))
        result.append_text(line)
    return result


def details_text(segment: Segment, width: int, mode: BidiMode) -> Text:
    """Everything the pane shows above the note, laid out for ``width`` cells."""
    text = Text(end="")

    def section(title: str, body: Text | str) -> None:
        if text.plain:
            text.append("\n")
        text.append(title + "\n", style=HEADING)
        text.append_text(body if isinstance(body, Text) else Text(body))

    if segment.msgctxt is not None:
        section("Context (msgctxt)", display_inline(segment.msgctxt, mode))
    if segment.extracted:
        section("For translators (#.)", display_inline(segment.extracted, mode))
    if segment.references:
        section("References (#:)", segment.references)
    if segment.previous_msgid is not None:
        diff = diff_sources(segment.previous_msgid, segment.msgid)
        title = "Source changed (#|): [-removed-] {+added+}"
        if not diff.changed:
            title = "Source changed (#|): only vowel marks, tatweel or hamza forms"
        previous, old_changes = marked_text(diff.previous)
        current, new_changes = marked_text(diff.current)
        body = Text("Before:\n", style="dim", end="")
        body.append_text(diff_lines(previous, old_changes, width, mode))
        body.append("\nNow:\n", style="dim")
        body.append_text(diff_lines(current, new_changes, width, mode))
        section(title, body)
    if not text.plain:
        text.append("No context, comments or references for this entry.", style="dim")
    return text


class DetailsInfo(Widget):
    """The read-only part, re-laid out for its width on every resize."""

    DEFAULT_CSS = "DetailsInfo { height: auto; }"

    def __init__(self, **kw) -> None:
        super().__init__(**kw)
        self.segment: Segment | None = None
        self.mode: BidiMode = "app"

    def show(self, segment: Segment, mode: BidiMode) -> None:
        self.segment, self.mode = segment, mode
        self.refresh(layout=True)

    def _text(self, width: int) -> Text:
        if self.segment is None:
            return Text()
        return details_text(self.segment, width, self.mode)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """The lines the text takes at ``width``, a long comment wrapped."""
        return len(self._text(width).wrap(self.app.console, max(1, width)))

    def render(self) -> Text:
        return self._text(max(1, self.content_region.width or self.size.width or 40))


class DetailsPane(VerticalScroll):
    """Details of the segment on screen; the note and the plural forms editable."""

    DEFAULT_CSS = """
    DetailsPane > .details-heading { color: $text-accent; text-style: bold; margin-top: 1; }
    DetailsPane > TextArea { height: auto; min-height: 3; max-height: 8;
        border-title-color: $text-accent; border-title-style: bold; }
    """

    class Left(Message):
        """Focus left the note or a plural form: time to save what was typed there."""

    def __init__(self, **kw) -> None:
        super().__init__(**kw)
        #: The segment shown (its index in the session), None before the first.
        self.index: int | None = None
        self._areas: dict[int, TextArea] = {}  # plural form -> its text area
        # What the note and the forms held when shown (or last saved): only a change typed
        # here is saved, never a stale copy over another editor's newer text.
        self._loaded_note = ""
        self._loaded_forms: dict[int, str] = {}

    def compose(self) -> ComposeResult:
        yield DetailsInfo(id="details-info")
        yield Label("Note (#): your comment, kept by re-import", classes="details-heading")
        yield TextArea(id="note", soft_wrap=True, tab_behavior="focus")

    @property
    def note_area(self) -> TextArea:
        return self.query_one("#note", TextArea)

    def show(
        self, index: int, segment: Segment, mode: BidiMode, labels: Sequence[str] = ()
    ) -> None:
        """Put segment ``index`` in the pane: its details, its note, and for a plural entry a
        text area per form after the first (``labels``: the CLDR category of each form)."""
        self.index = index
        self.query_one(DetailsInfo).show(segment, mode)
        self.note_area.load_text(segment.note)
        self._loaded_note = self.note_area.text
        for area in self._areas.values():
            area.remove()
        self._areas = {}
        if segment.plural is None:
            return
        for form in sorted(segment.plural):
            if form == 0:
                continue
            label = labels[form] if form < len(labels) else ""
            area = TextArea(
                segment.plural[form],
                classes="plural-form",
                soft_wrap=True,
                tab_behavior="focus",
            )
            area.border_title = form_title(form, label)
            self.mount(area)
            self._areas[form] = area
        self._loaded_forms = {form: area.text for form, area in self._areas.items()}

    def note_text(self) -> str:
        return self.note_area.text

    def edits(self) -> tuple[str | None, dict[int, str]]:
        """What was typed here since the segment was shown or last saved: the note (None:
        untouched) and the plural forms changed."""
        note = self.note_area.text
        forms = {
            form: text
            for form, text in self.form_texts().items()
            if text != self._loaded_forms.get(form)
        }
        return (note if note != self._loaded_note else None), forms

    def saved(self) -> None:
        """The edits were saved: they are what the pane now holds as loaded."""
        self._loaded_note = self.note_area.text
        self._loaded_forms = self.form_texts()

    def form_texts(self) -> dict[int, str]:
        """The plural forms after the first, as typed (empty for a singular entry)."""
        return {form: area.text for form, area in self._areas.items()}

    @property
    def form_areas(self) -> dict[int, TextArea]:
        """The text area of each plural form after the first."""
        return dict(self._areas)

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        if isinstance(event.widget, TextArea):
            self.post_message(self.Left())
