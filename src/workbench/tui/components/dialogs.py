"""Modal dialogs: crash recovery, glossary term picker."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, OptionList
from textual.widgets.option_list import Option

from workbench.tui.bidi import BidiMode, display_excerpt

if TYPE_CHECKING:
    from workbench.glossary import TermMatch


class RecoveryDialog(ModalScreen[bool]):
    """Offers back the work a crashed session left in the journal."""

    DEFAULT_CSS = """
    RecoveryDialog { align: center middle; }
    RecoveryDialog > Vertical { width: 72; height: auto; border: thick $warning; padding: 1 2;
        background: $surface; }
    RecoveryDialog Horizontal { height: auto; margin-top: 1; }
    RecoveryDialog Button { margin-right: 2; }
    """
    BINDINGS = [
        Binding("r,enter", "answer(True)", "Restore"),
        Binding("d,escape", "answer(False)", "Discard"),
    ]

    def __init__(self, description: str) -> None:
        super().__init__()
        self.description = description

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("The last session did not close cleanly.", classes="title")
            yield Label(f"Found {self.description}.")
            yield Label("Restore them (r) or discard them (d)?")
            with Horizontal():
                yield Button("Restore", variant="primary", id="restore")
                yield Button("Discard", variant="error", id="discard")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "restore")

    def action_answer(self, restore: bool) -> None:
        self.dismiss(restore)


class TermPicker(ModalScreen[str | None]):
    """Pick one of the segment's glossary terms; its approved translation is inserted."""

    DEFAULT_CSS = """
    TermPicker { align: center middle; }
    TermPicker > OptionList { width: 80; height: auto; max-height: 20; border: thick $accent; }
    """
    BINDINGS = [Binding("escape", "dismiss_none", "Cancel")]

    def __init__(self, hits: Sequence[TermMatch], mode: BidiMode) -> None:
        super().__init__()
        self.targets: list[str] = []
        self.options: list[Option] = []
        for term in (hit.term for hit in hits):
            if term.target in self.targets:
                continue
            self.targets.append(term.target)
            label = f"{term.target}   ← {display_excerpt(term.source, 30, mode)}"
            self.options.append(Option(label))

    def compose(self) -> ComposeResult:
        picker = OptionList(*self.options)
        picker.border_title = "Insert glossary term"
        yield picker

    def on_mount(self) -> None:
        picker = self.query_one(OptionList)
        picker.highlighted = 0
        picker.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.targets[event.option_index])

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
