"""The target editor: a TextArea whose enter approves instead of breaking the line."""

from __future__ import annotations

from textual.widgets import TextArea

from workbench.tui.keys import EDITOR_KEYS, bindings


class TargetEditor(TextArea):
    """Translation being edited; ctrl+j (or alt+enter) inserts a real line break."""

    BINDINGS = bindings(EDITOR_KEYS, priority=True)

    def action_newline(self) -> None:
        self.insert("\n")

    def replace_all(self, text: str) -> None:
        """Replace the whole translation, undoable (``load_text`` would drop the history)."""
        self.replace(text, (0, 0), self.document.end)
        self.move_cursor(self.document.end)
