"""Modal dialogs: crash recovery, a conflict with another editor, glossary term picker."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, OptionList, Static
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


class ConflictDialog(ModalScreen[bool]):
    """Another editor changed the segment being edited: both versions side by side; the
    translator keeps theirs (t) or puts theirs aside for their own (m, escape: nothing typed
    is lost). Dismissed with True when the translator keeps their own text."""

    DEFAULT_CSS = """
    ConflictDialog { align: center middle; }
    ConflictDialog > Vertical { width: 90%; height: auto; max-height: 90%; border: thick $error;
        padding: 1 2; background: $surface; }
    ConflictDialog #versions { height: auto; margin-top: 1; }
    ConflictDialog .version { width: 1fr; height: auto; min-height: 3; max-height: 16;
        border: round $secondary; padding: 0 1; }
    ConflictDialog #buttons { height: auto; margin-top: 1; }
    ConflictDialog Button { margin-right: 2; }
    """
    BINDINGS = [
        Binding("m,escape", "answer(True)", "Keep mine"),
        Binding("t", "answer(False)", "Take theirs"),
    ]

    def __init__(self, number: int, theirs: str, mine: str) -> None:
        super().__init__()
        self.number = number
        self.theirs = theirs
        self.mine = mine

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(
                f"#{self.number} was changed in the catalog by another editor"
                " while you were editing it.",
                classes="title",
            )
            with Horizontal(id="versions"):
                theirs = Static(self.theirs, markup=False, classes="version", id="theirs")
                theirs.border_title = "Theirs: in the catalog now"
                yield theirs
                mine = Static(self.mine, markup=False, classes="version", id="mine")
                mine.border_title = "Yours: in your editor"
                yield mine
            yield Label(
                "Keep yours (m: it stays in the editor; enter approves it over theirs)"
                " or take theirs (t)?"
            )
            with Horizontal(id="buttons"):
                yield Button("Keep mine", variant="primary", id="mine-button")
                yield Button("Take theirs", variant="warning", id="theirs-button")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "mine-button")

    def action_answer(self, keep_mine: bool) -> None:
        self.dismiss(keep_mine)


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
