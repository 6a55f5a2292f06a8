"""The target editor: a TextArea whose enter approves instead of breaking the line, and
where the app's keys that act on the text typed so far run in typing order."""

from __future__ import annotations

from textual import on
from textual.message import Message
from textual.widgets import TextArea

from workbench.tui.keys import EDITOR_KEYS, bindings, typing_order_actions


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

    def action_newline(self) -> None:
        self.insert("\n")

    def replace_all(self, text: str) -> None:
        """Replace the whole translation, undoable (``load_text`` would drop the history)."""
        self.replace(text, (0, 0), self.document.end)
        self.move_cursor(self.document.end)
