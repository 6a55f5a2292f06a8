"""Choosing a catalog when ``workbench tui`` is started without one and the project has several."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Header, OptionList
from textual.widgets.option_list import Option


class CatalogPicker(App[Path | None]):
    """A list of the project's catalogs; enter opens one, escape quits."""

    TITLE = "Workbench — choose a catalog"
    BINDINGS = [Binding("escape,ctrl+q", "quit_picker", "Quit", priority=True)]

    def __init__(self, catalogs: Sequence[Path], root: Path) -> None:
        super().__init__()
        self.catalogs = list(catalogs)
        self.root = root

    def _label(self, catalog: Path) -> str:
        try:
            return str(catalog.resolve().relative_to(self.root.resolve()))
        except ValueError:
            return str(catalog)

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="")
        yield OptionList(*(Option(self._label(c)) for c in self.catalogs), id="catalogs")
        yield Footer()

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = 0
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.exit(self.catalogs[event.option_index])

    def action_quit_picker(self) -> None:
        self.exit(None)
