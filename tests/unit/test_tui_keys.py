"""The key table: no clashes, only keys that reach the app through xterm and tmux."""

from __future__ import annotations

import re

from workbench.tui.app import WorkbenchApp
from workbench.tui.components.editor import TargetEditor
from workbench.tui.keys import APP_KEYS, EDITOR_KEYS, enable_meta_digits, markdown_table

ALL = (*EDITOR_KEYS, *APP_KEYS)


def keys_of(actions) -> list[str]:
    return [key for action in actions for key in action.keys.split(",")]


def test_no_key_is_bound_twice() -> None:
    keys = keys_of(ALL)
    assert len(keys) == len(set(keys))


def test_no_key_that_terminals_or_tmux_swallow() -> None:
    for key in keys_of(ALL):
        assert key not in {"ctrl+enter", "ctrl+b", "alt+enter", "shift+enter", "ctrl+i", "ctrl+m"}
        assert not re.fullmatch(r"ctrl\+\d", key)


def test_every_action_exists() -> None:
    for action in APP_KEYS:
        name = action.action.split("(")[0]
        assert hasattr(WorkbenchApp, f"action_{name}"), name
    for action in EDITOR_KEYS:
        name = action.action.removeprefix("app.").split("(")[0]
        owner = WorkbenchApp if action.action.startswith("app.") else TargetEditor
        assert hasattr(owner, f"action_{name}"), name


def test_readme_table_lists_every_needed_action() -> None:
    table = markdown_table()
    for words in ("Approve", "Next untranslated", "Previous untranslated", "suggestion 1-9",
                  "Copy the source", "glossary term", "Filter", "fuzzy", "Undo", "Redo",
                  "Save", "quit", "palette"):
        assert words in table, words


def test_alt_digits_are_parsed_as_alt_keys() -> None:
    """tmux and most terminals send alt+1 as ESC 1; stock Textual reads it as "¡"."""
    from textual._xterm_parser import XTermParser

    enable_meta_digits()
    def keys(data: str) -> list[str | None]:
        parser = XTermParser()
        events = [*parser.feed(data), *parser.feed("")]  # "" = end of input, as a pause
        return [getattr(event, "key", None) for event in events]

    assert keys("\x1b1") == ["alt+1"]
    assert keys("\x1b9x") == ["alt+9", "x"]
    assert keys("£¡") == ["pound_sign", "inverted_exclamation_mark"]  # still typed as text


def test_ctrl_o_is_a_free_key_that_every_terminal_sends_as_one_byte() -> None:
    """The suggestion prefix must not shadow a key of Textual's widgets, and must parse from
    the byte xterm and tmux send (0x0f) with no terminal setting needed."""
    from textual._xterm_parser import XTermParser
    from textual.app import App
    from textual.binding import Binding
    from textual.widgets import Input, TextArea

    for owner in (TextArea, Input, App):
        taken = {
            key.strip()
            for b in owner.BINDINGS
            for key in (b.key if isinstance(b, Binding) else b[0]).split(",")
        }
        assert "ctrl+z" in taken or "ctrl+q" in taken or "home" in taken, owner  # read right
        assert "ctrl+o" not in taken, owner
    prefix = [k for k in APP_KEYS if k.keys == "ctrl+o"]
    assert [k.action for k in prefix] == ["suggestion_prefix"]
    parser = XTermParser()
    events = [*parser.feed("\x0f2"), *parser.feed("")]
    assert [getattr(event, "key", None) for event in events] == ["ctrl+o", "2"]


def test_readme_table_gives_the_way_that_needs_no_alt() -> None:
    assert "| ctrl+o, then 1 … 9 | Insert suggestion 1-9 in any terminal" in markdown_table()


def test_every_action_has_a_key_that_a_browser_lets_through() -> None:
    """Served in a browser (workbench serve), ctrl+t, ctrl+w, ctrl+n and Firefox's ctrl+q
    never reach the page: every action needs another key, or the palette must be its way."""
    from workbench.tui.keys import BROWSER_KEYS

    for action in ALL:
        keys = [key.strip() for key in action.keys.split(",")]
        assert [key for key in keys if key not in BROWSER_KEYS], action
        if any(key in BROWSER_KEYS for key in keys):
            assert action.served_key is not None and action.served_key not in BROWSER_KEYS
            assert action.served_key in keys, action


def test_served_footer_names_the_browser_safe_key_first() -> None:
    from workbench.tui.keys import bindings

    fuzzy = next(key for key in APP_KEYS if key.action == "toggle_fuzzy")
    quit_ = next(key for key in APP_KEYS if key.action == "quit")
    assert fuzzy.footer_keys(served=False).split(",")[0] == "ctrl+t"  # the terminal's as before
    assert fuzzy.footer_keys(served=True).split(",")[0] == "f1"
    assert quit_.footer_keys(served=True).split(",")[0] == "f10"
    served = {b.key.split(",")[0]: b.action for b in bindings(APP_KEYS, priority=True, served=True)}
    assert served["f1"] == "toggle_fuzzy" and served["f10"] == "quit"
    assert "| ctrl+t / f1 | Toggle the fuzzy" in markdown_table()


def test_no_key_takes_an_editing_key_of_the_text_area() -> None:
    """The editor is a Textual TextArea: its own keys (ctrl+e end of line, ctrl+d delete,
    ctrl+k delete to the end, f6 select line...) keep their meaning while a translator types.
    A key of ours bound over one of them would silently change what it does (ctrl+e once marked
    the segment reviewed in the middle of a sentence). undo/redo are the same action."""
    from textual.widgets import TextArea

    editing = {key.strip(): binding.action for binding in TextArea.BINDINGS
               if not isinstance(binding, tuple) for key in binding.key.split(",")}
    assert "ctrl+e" in editing and "f6" in editing
    for action in ALL:
        for key in action.keys.split(","):
            if key in editing:
                assert editing[key] == action.action, f"{key} is the editor's {editing[key]}"
