"""The target editor: a TextArea whose enter approves instead of breaking the line, where the
app's keys that act on the text typed so far run in typing order, and whose markup
placeholders are coloured as the source pane's chips (:mod:`workbench.tui.markup_chips`)."""

from __future__ import annotations

from collections.abc import Iterable

from rich.style import Style
from rich.text import Text
from textual import events, on
from textual.message import Message
from textual.widgets import TextArea

from workbench.documents.markup import PLACEHOLDER
from workbench.qa.spelling import WORD, mask_verbatim
from workbench.tui.keys import EDITOR_KEYS, bindings, typing_order_actions
from workbench.tui.markup_chips import chip_style

#: How a word the spelling check flags is drawn in the editor.
MISSPELLED = Style(underline=True, color="red")


class TargetEditor(TextArea):
    """Translation being edited; ctrl+j (or alt+enter) inserts a real line break."""

    # Shown in the footer and the palette; while the editor has focus, the app hands these
    # keys to :meth:`run_in_typing_order` before any binding sees them.
    BINDINGS = bindings(EDITOR_KEYS, priority=True)
    TYPING_ORDER_ACTIONS = typing_order_actions()

    class KeyInTypingOrder(Message, bubble=False):
        """A key whose action acts on the text typed before it, queued behind that text."""

        def __init__(self, action: str) -> None:
            super().__init__()
            self.action = action

    def run_in_typing_order(self, key: str) -> bool:
        """Queue ``key``'s action behind the keys already queued here (the text typed before
        it); False when ``key`` is not one of those keys."""
        action = self.TYPING_ORDER_ACTIONS.get(key)
        if action is None:
            return False
        self.post_message(self.KeyInTypingOrder(action))
        return True

    @on(KeyInTypingOrder)
    async def _run_key_in_typing_order(self, message: KeyInTypingOrder) -> None:
        # Awaited here: the keys queued after this one (typed after enter) reach the editor
        # only once the action is done, i.e. in the next segment.
        await self.run_action(message.action)

    def __init__(self, *args, **kw) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kw)
        self._misspelled: frozenset[str] = frozenset()
        # Per document line: its text and the spans to underline in it. A soft-wrapped line is
        # drawn row by row, each row asking for the whole line: searched once per edit.
        self._underlines: dict[int, tuple[str, list[tuple[int, int]]]] = {}

    @property
    def misspelled(self) -> frozenset[str]:
        """The words underlined as misspelled."""
        return self._misspelled

    def show_misspellings(self, words: Iterable[str]) -> None:
        """Underline ``words`` wherever they stand in the text (the spelling check runs when
        typing pauses; what is typed meanwhile keeps the underlines on the words they mark,
        since they are found by word, not by position). Repaints only when the set changes."""
        words = frozenset(words)
        if words != self._misspelled:
            self._misspelled = words
            self._underlines.clear()
            self._line_cache.clear()  # rendered lines are cached without our styles in the key
            self.refresh()

    def get_line(self, line_index: int) -> Text:
        """Textual's hook for styling a line (selection and cursor are drawn over it): its
        markup placeholders coloured as chips, and each flagged word underlined (a set lookup per
        word of the lines being drawn; nothing when none is flagged)."""
        line = super().get_line(line_index)
        if "<" in line.plain:  # markup placeholders coloured as the source's chips
            for match in PLACEHOLDER.finditer(line.plain):
                line.stylize(chip_style(match.group()), match.start(), match.end())
        if not self._misspelled:
            return line
        plain = line.plain
        cached = self._underlines.get(line_index)
        if cached is None or cached[0] != plain:
            words = WORD.finditer(mask_verbatim(plain))  # not inside a URL, e-mail, <b0>...
            spans = [m.span() for m in words if m.group() in self._misspelled]
            cached = self._underlines[line_index] = (plain, spans)
        for start, end in cached[1]:
            line.stylize(MISSPELLED, start, end)
        return line

    async def _on_key(self, event: events.Key) -> None:
        """Run the editor's own key bindings (cursor moves, selection, deleting a word...)
        here, in the editor's queue. Textual runs a focused widget's bindings only once the
        key has bubbled up to the app, after text keys that arrived with it in one read (tmux
        send-keys, a paste, a slow link) were typed: ``abc`` home ``X`` gave ``abcX``, and a
        selection made just before ctrl+l was not there yet. TextArea's own handler (typing)
        runs after this one unless a binding took the key."""
        for binding in self._bindings.key_to_bindings.get(event.key, ()):
            if not binding.priority and await self.app.run_action(binding.action, self):
                event.stop()
                event.prevent_default()
                return

    def offset_of(self, location: tuple[int, int]) -> int:
        """The index in :attr:`text` of ``location`` (row, column)."""
        row, column = location
        lines = self.document.lines
        return sum(len(line) for line in lines[:row]) + row * len(self.document.newline) + column

    def location_at(self, offset: int) -> tuple[int, int]:
        """The (row, column) of index ``offset`` in :attr:`text`."""
        newline = len(self.document.newline)
        lines = self.document.lines
        for row, line in enumerate(lines):
            if offset <= len(line):
                return row, offset
            offset -= len(line) + newline
        return len(lines) - 1, len(lines[-1])

    def action_newline(self) -> None:
        self.insert("\n")

    def replace_all(self, text: str) -> None:
        """Replace the whole translation, undoable (``load_text`` would drop the history)."""
        self.replace(text, (0, 0), self.document.end)
        self.move_cursor(self.document.end)
