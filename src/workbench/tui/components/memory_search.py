"""The concordance screen: a query over the whole translation memory, hits as they are found.

Each key in the query starts a search on a worker thread (the newest replaces the one before;
an answer to an older query is dropped), so typing never waits for the memory. A hit shows its
document, its source (shaped and ordered for display by :mod:`workbench.tui.bidi`, in the app's
bidi mode) and its target, the query's words highlighted on the side searched: sources for an
Arabic query, targets otherwise (:mod:`workbench.tm.concordance`). Enter on a hit inserts its
target into the translation; escape closes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from workbench.errors import reason
from workbench.tui.bidi import BidiMode, display_inline
from workbench.tui.components.source_pane import TERM_STYLE, render_source
from workbench.tui.messages import ConcordanceFound

if TYPE_CHECKING:
    from workbench.tm.concordance import Concordance, ConcordanceHit
    from workbench.tui.memory_search import MemorySearch

#: Lines of a hit's source shown (a long sentence is cut: the highlight is what matters).
SOURCE_LINES = 3
DOCUMENT_STYLE = Style(dim=True, italic=True)
PLACEHOLDER_TEXT = "Search the memory: Arabic finds sources, other text finds translations"


def hit_prompt(hit: ConcordanceHit, width: int, mode: BidiMode) -> Text:
    """One hit as the list shows it: document, source lines, target, highlights."""
    prompt = Text(end="")
    prompt.append(hit.origin + (" · fuzzy" if hit.fuzzy else ""), DOCUMENT_STYLE)
    source = render_source(hit.source, width, mode, hit.source_spans)
    for line in source.split("\n")[:SOURCE_LINES]:
        prompt.append("\n")
        prompt.append_text(line)
    target = Text(hit.target, end="")
    for span in hit.target_spans:
        target.stylize(TERM_STYLE, span.start, span.end)
    prompt.append("\n")
    prompt.append_text(target)
    prompt.append("\n")  # a blank line between hits
    return prompt


def status_line(found: Concordance, mode: BidiMode) -> str:
    """How many hits, for what, on which side; the query is quoted as the terminal should show
    it (the input above shows Arabic as typed: Textual's Input neither joins nor reorders)."""
    side = "sources" if found.searched == "source" else "translations"
    quoted = display_inline(found.query.strip(), mode)
    if not found.hits:
        return f"No unit of the memory holds {quoted} in its {side}"
    more = "+ (the newest shown)" if found.more else ""
    return (
        f"{len(found.hits)}{more} unit(s) holding {quoted} in their {side}"
        " · enter: insert a translation · esc: close"
    )


class ConcordanceScreen(ModalScreen[str | None]):
    """Search the whole memory; dismissed with the target to insert, or None."""

    DEFAULT_CSS = """
    ConcordanceScreen { align: center middle; }
    ConcordanceScreen > Vertical { width: 90%; height: 90%; border: thick $accent;
        background: $surface; padding: 0 1; }
    ConcordanceScreen #concordance-status { height: 1; color: $text-muted; }
    ConcordanceScreen #concordance-hits { height: 1fr; }
    """
    BINDINGS = [Binding("escape", "close", "Close", priority=True)]

    def __init__(self, memory: MemorySearch, mode: BidiMode, query: str = "") -> None:
        super().__init__()
        self.memory = memory
        self.mode = mode
        self.initial_query = query
        self.found: Concordance | None = None

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Concordance: the whole translation memory"
            yield Input(self.initial_query, placeholder=PLACEHOLDER_TEXT, id="concordance-query")
            yield Static("Type a word or a phrase", id="concordance-status")
            yield OptionList(id="concordance-hits")

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        if self.initial_query.strip():
            self._search(self.initial_query)

    @on(Input.Changed, "#concordance-query")
    def _query_changed(self, event: Input.Changed) -> None:
        if event.value.strip():
            self.query_one("#concordance-status", Static).update("Searching…")
            self._search(event.value)
        else:
            self._show(None)
            self.query_one("#concordance-status", Static).update("Type a word or a phrase")

    @on(Input.Submitted, "#concordance-query")
    def _to_hits(self) -> None:
        hits = self.query_one(OptionList)
        if hits.option_count:
            hits.highlighted = 0
            hits.focus()

    @work(thread=True, exclusive=True, group="concordance")
    def _search(self, query: str) -> None:
        """On a worker thread: the UI goes on while SQLite and the matching run."""
        try:
            self.post_message(ConcordanceFound(query, self.memory.search(query)))
        except Exception as exc:  # noqa: BLE001 - shown on the screen, never raised there
            self.post_message(ConcordanceFound(query, None, reason(exc)))

    @on(ConcordanceFound)
    def _found(self, message: ConcordanceFound) -> None:
        if message.query != self.query_one(Input).value:
            return  # answer to a query typed over since
        if message.result is None:
            self._show(None)
            self.query_one("#concordance-status", Static).update(
                f"The memory could not be searched: {message.error}"
            )
            return
        self._show(message.result)
        self.query_one("#concordance-status", Static).update(status_line(message.result, self.mode))

    def _show(self, found: Concordance | None) -> None:
        self.found = found
        hits = self.query_one(OptionList)
        width = max(20, hits.scrollable_content_region.width - 1)
        hits.set_options(
            Option(hit_prompt(hit, width, self.mode)) for hit in (found.hits if found else [])
        )

    def on_resize(self, event: events.Resize) -> None:
        if self.found is not None:
            self._show(self.found)

    @on(OptionList.OptionSelected, "#concordance-hits")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if self.found is not None:
            self.dismiss(self.found.hits[event.option_index].target)

    def action_close(self) -> None:
        self.dismiss(None)
