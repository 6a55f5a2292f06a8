"""The concordance screen: a query over the whole translation memory, hits as they are found.

A pause in typing (:data:`TYPING_PAUSE`) starts a search on a worker thread, which also lays
the hits out (Arabic shaping is pure Python: the UI thread only puts the lines on screen); a
newer search replaces it (it stops laying out, its answer is dropped), so typing never waits
for the memory and a search never runs per key of a word being typed. A hit shows its
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
from textual.timer import Timer
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from workbench.errors import reason
from workbench.tui.bidi import BidiMode, display_inline
from workbench.tui.components.source_pane import TERM_STYLE, render_source
from workbench.tui.messages import ConcordanceFound

if TYPE_CHECKING:
    from workbench.tm.concordance import Concordance, ConcordanceHit
    from workbench.tui.memory_search import MemorySearch

#: Seconds without a key before a search starts: no work at all while a word is being typed.
TYPING_PAUSE = 0.12
#: Hits asked of the memory (each is laid out with Arabic shaping: about 1.5 ms apiece).
LIMIT = 60
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
        self._laid_out_for = 0  # the width the hits on screen were laid out for
        self._pause: Timer | None = None

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Concordance: the whole translation memory"
            yield Input(self.initial_query, placeholder=PLACEHOLDER_TEXT, id="concordance-query")
            yield Static("Type a word or a phrase", id="concordance-status")
            yield OptionList(id="concordance-hits")

    def on_unmount(self) -> None:
        if self._pause is not None:
            self._pause.stop()

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        if self.initial_query.strip():
            self._search(self.initial_query, self._width())

    def _width(self) -> int:
        """Cells a hit's source lines are laid out in (read on the UI thread)."""
        return max(20, self.query_one(OptionList).scrollable_content_region.width - 1)

    @on(Input.Changed, "#concordance-query")
    def _query_changed(self, event: Input.Changed) -> None:
        if self._pause is not None:
            self._pause.stop()
        if event.value.strip():
            self.query_one("#concordance-status", Static).update("Searching…")
            self._pause = self.set_timer(
                TYPING_PAUSE, lambda: self._search(event.value, self._width())
            )
        else:
            self.found = None
            self.query_one(OptionList).clear_options()
            self.query_one("#concordance-status", Static).update("Type a word or a phrase")

    @on(Input.Submitted, "#concordance-query")
    def _to_hits(self) -> None:
        hits = self.query_one(OptionList)
        if hits.option_count:
            hits.highlighted = 0
            hits.focus()

    @work(thread=True, exclusive=True, group="concordance")
    def _search(self, query: str, width: int) -> None:
        """On a worker thread: SQLite, the matching and the hits' layout (shaping and
        reordering a hundred Arabic sources takes over 100 ms the first time) run while the
        translator goes on typing."""
        try:
            found = self.memory.search(query, limit=LIMIT)
        except Exception as exc:  # noqa: BLE001 - shown on the screen, never raised there
            self.post_message(ConcordanceFound(query, None, reason(exc)))
            return
        self._post_laid_out(found, width)

    def _post_laid_out(self, found: Concordance, width: int) -> None:
        """Lay the hits out and post them, unless a newer search replaced this one meanwhile
        (its thread cannot be stopped, but it stops competing with the UI for the GIL)."""
        worker = get_current_worker()
        prompts = []
        for hit in found.hits:
            if worker.is_cancelled:
                return
            prompts.append(hit_prompt(hit, width, self.mode))
        self.post_message(ConcordanceFound(found.query, found, prompts=prompts, width=width))

    @work(thread=True, exclusive=True, group="concordance")
    def _lay_out(self, found: Concordance, width: int) -> None:
        """The hits laid out again for a new width, on a worker thread as well."""
        self._post_laid_out(found, width)

    @on(ConcordanceFound)
    def _found(self, message: ConcordanceFound) -> None:
        if message.query != self.query_one(Input).value:
            return  # answer to a query typed over since
        status = self.query_one("#concordance-status", Static)
        hits = self.query_one(OptionList)
        if message.result is None:
            self.found = None
            hits.clear_options()
            status.update(f"The memory could not be searched: {message.error}")
            return
        self.found = message.result
        self._laid_out_for = message.width
        hits.set_options(Option(prompt) for prompt in message.prompts)
        status.update(status_line(message.result, self.mode))

    def on_resize(self, event: events.Resize) -> None:
        if self.found is not None and self._width() != self._laid_out_for:
            self._lay_out(self.found, self._width())

    @on(OptionList.OptionSelected, "#concordance-hits")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if self.found is not None:
            self.dismiss(self.found.hits[event.option_index].target)

    def action_close(self) -> None:
        self.dismiss(None)
