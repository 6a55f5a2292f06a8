"""Every key of the workbench in one table: the bindings, the footer, the command palette and
the README's key table are all made from it.

Keys were chosen to reach the app in xterm and inside tmux: no ctrl+enter (it arrives as a
plain enter), no ctrl+b (tmux's prefix), no ctrl+digits (terminals send plain digits), no
alt+enter (Textual reads ESC CR as enter). alt+digit arrives as ESC digit (tmux, VTE, Konsole;
xterm with ``XTerm*metaSendsEscape: true``); see :func:`enable_meta_digits`. A default xterm
sends alt+1 as "±", so ctrl+o then a digit inserts a suggestion too (ctrl+o is free in Textual,
tmux and xterm; Textual's raw mode turns off the tty's VDISCARD). The command palette offers
every action in any terminal. No key of ours takes one of the editor's own (Textual TextArea:
ctrl+e end of line, ctrl+d and ctrl+k delete, f6 select line, f7 select all...): a translator
who uses them while typing must get what they expect.

Keys that act on the translation typed so far (``in_typing_order``: approve, move on, save,
toggle fuzzy, insert, quit) run in the target editor's own queue when it has focus, after every
key that reached the app before them: typed text and enter arriving in one read (tmux, a slow
SSH link, a paste ending in a newline) approve exactly the text typed before enter.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding, BindingType


@dataclass(frozen=True)
class KeyAction:
    keys: str  # Textual key names, comma-separated
    action: str  # action on the app
    label: str  # short footer label
    description: str  # palette and README
    show: bool = True
    key_display: str | None = None
    in_typing_order: bool = False  # acts on the text typed before it (see the module's doc)
    #: The key of ``keys`` a browser lets through, shown in the footer of served sessions
    #: (``workbench serve``) when the first one is a browser's own (see ``BROWSER_KEYS``).
    served_key: str | None = None

    def footer_keys(self, *, served: bool) -> str:
        """``keys`` with the key to show first: Textual's footer names an action's first."""
        if not served or self.served_key is None:
            return self.keys
        others = [key.strip() for key in self.keys.split(",") if key.strip() != self.served_key]
        return ",".join([self.served_key, *others])


# Bound on the target editor (enter must not reach Inputs and lists).
EDITOR_KEYS: tuple[KeyAction, ...] = (
    KeyAction(
        "enter",
        "app.approve_next",
        "Approve",
        "Approve the translation, go to the next",
        in_typing_order=True,
    ),
    KeyAction("ctrl+j", "newline", "Newline", "Insert a line break", show=False),
    # Universal keys, left out of the footer: it has room for the workbench's own at 80 columns.
    KeyAction("ctrl+z", "undo", "Undo", "Undo the last edit", show=False),
    KeyAction("ctrl+y", "redo", "Redo", "Redo the last undone edit", show=False),
)

APP_KEYS: tuple[KeyAction, ...] = (
    KeyAction(
        "ctrl+down",
        "next_todo",
        "Next",
        "Next untranslated, fuzzy or edited segment",
        in_typing_order=True,
    ),
    KeyAction(
        "ctrl+up",
        "prev_todo",
        "Prev",
        "Previous untranslated, fuzzy or edited segment",
        in_typing_order=True,
    ),
    # xterm.js (a browser) sends alt+up/down as ctrl+up/down: ctrl+shift+up/down for it.
    KeyAction(
        "alt+down,ctrl+shift+down",
        "move(1)",
        "Next",
        "Next segment",
        show=False,
        in_typing_order=True,
        served_key="ctrl+shift+down",
    ),
    KeyAction(
        "alt+up,ctrl+shift+up",
        "move(-1)",
        "Previous",
        "Previous segment",
        show=False,
        in_typing_order=True,
        served_key="ctrl+shift+up",
    ),
    *(
        KeyAction(
            f"alt+{n}",
            f"insert_suggestion({n})",
            "Suggest",
            f"Insert suggestion {n}",
            show=n == 1,
            key_display="alt+1…9" if n == 1 else None,
            in_typing_order=True,
        )
        for n in range(1, 10)
    ),
    # The same in any terminal: a default xterm sends alt+1 as "±", never as ESC 1.
    KeyAction(
        "ctrl+o",
        "suggestion_prefix",
        "Suggest",
        "Insert a suggestion: ctrl+o, then its number 1-9 (works in every terminal)",
        show=False,
    ),
    KeyAction(
        "ctrl+r",
        "copy_source",
        "Source",
        "Copy the source into the translation",
        in_typing_order=True,
    ),
    KeyAction(
        "ctrl+g",
        "insert_term",
        "Term",
        "Insert a glossary term at the cursor",
        in_typing_order=True,
    ),
    KeyAction(
        "ctrl+l",
        "insert_placeholder",
        "Tag",
        "Insert the next markup placeholder missing from the translation"
        " (a pair goes around the selection)",
        show=False,
        in_typing_order=True,
    ),
    KeyAction("ctrl+f", "find", "Find", "Filter segments by source or translation text"),
    KeyAction(
        "ctrl+t,f1",
        "toggle_fuzzy",
        "Fuzzy",
        "Toggle the fuzzy (needs review) flag",
        in_typing_order=True,
        served_key="f1",  # a browser opens a tab on ctrl+t
    ),
    KeyAction(
        "ctrl+s",
        "save",
        "Save",
        "Save the text as typed, keeping the segment's status",
        in_typing_order=True,
    ),
    # The reviewer's keys, left out of the footer (no room at 80 columns): palette and README.
    KeyAction(
        "f4",
        "toggle_reviewed",
        "Reviewed",
        "Mark the approved translation reviewed, or take the mark back (# wb-reviewed)",
        show=False,
        in_typing_order=True,
    ),
    KeyAction(
        "f5",
        "toggle_review_mode",
        "Review",
        "Review mode on/off: next/previous go to approved segments not yet reviewed,"
        " enter approves and marks reviewed",
        show=False,
    ),
    KeyAction(
        "shift+f4",
        "dismiss_finding",
        "Dismiss",
        "Dismiss the QA line's first finding for this segment, a false alarm"
        " (# wb-dismissed; again: the next)",
        show=False,
        in_typing_order=True,
    ),
    KeyAction(
        "f3",
        "toggle_details",
        "Details",
        "Details pane on/off: context, comments, references, the revised source's changes"
        " (#|), your note (#) and a plural entry's other forms, all saved like a translation",
        show=False,  # no room in the footer at 80 columns: palette and README
    ),
    KeyAction(
        "f12",
        "concordance",
        "Memory",
        "Concordance: search the whole translation memory (Arabic in sources, diacritics,"
        " hamza forms and proclitics ignored; other text in translations); enter inserts a"
        " hit's translation",
        show=False,  # no room in the footer at 80 columns: palette and README
    ),
    KeyAction("f2", "toggle_bidi", "Bidi", "Switch Arabic display: app shaping / terminal"),
    KeyAction(
        "f9",
        "build_document",
        "Build",
        "Build the translated document of this catalog (as workbench build)",
        show=False,
    ),
    KeyAction(
        "f8",
        "pull_model",
        "Model",
        "Pull the MT model: download and convert it in the background (when none is installed)",
        show=False,  # named in the suggestions pane while no model is installed
    ),
    KeyAction(
        "ctrl+q,f10",
        "quit",
        "Quit",
        "Save everything and quit",
        in_typing_order=True,
        served_key="f10",  # Firefox quits on ctrl+q (f10 quits in mc and htop too)
    ),
)

#: Keys that never reach an app served in a browser as themselves: the browser keeps them
#: (Chromium's and Firefox's reserved shortcuts: new window, new tab, close tab, quit, tab
#: switching, full screen), or xterm.js sends another key (outside macOS, alt+arrows arrive as
#: ctrl+arrows). No action may be reachable only through one of these in a served session;
#: tests/unit/test_tui_keys.py checks it.
BROWSER_KEYS = frozenset(
    {"ctrl+n", "ctrl+t", "ctrl+w", "ctrl+q", "ctrl+tab", "ctrl+shift+tab", "ctrl+pageup",
     "ctrl+pagedown", "ctrl+shift+n", "ctrl+shift+t", "ctrl+shift+w", "ctrl+shift+q",
     "f11", "alt+up", "alt+down", "alt+left", "alt+right"}
)  # fmt: skip

#: The key that pulls the MT model, named in the suggestions pane while none is installed.
PULL_MODEL_KEY = next(key for key in APP_KEYS if key.action == "pull_model")

PALETTE_ACTIONS: tuple[KeyAction, ...] = (EDITOR_KEYS[0], EDITOR_KEYS[2], EDITOR_KEYS[3], *APP_KEYS)


def typing_order_actions() -> dict[str, str]:
    """Key name -> action (in the app's namespace) of every key run in typing order."""
    actions = {}
    for key in (*EDITOR_KEYS, *APP_KEYS):
        if key.in_typing_order:
            action = key.action if key.action.startswith("app.") else f"app.{key.action}"
            for name in key.keys.split(","):
                actions[name.strip()] = action
    return actions


def enable_meta_digits() -> None:
    """Let alt+1..9 arrive as ``alt+N``.

    Textual maps ESC followed by a digit to the characters macOS Option+digit types in WezTerm
    (``¡ ™ £ ¢ ∞ § ¶ • ª``), so alt+digit never reaches a binding in tmux, VTE, Konsole or
    xterm, which all send ESC digit. Dropping those ten entries of Textual's sequence table
    restores the standard meaning; the characters themselves still type normally. Checked
    against Textual 8 (``textual._ansi_sequences``); harmless if the table changes.
    """
    try:
        from textual import _ansi_sequences
    except ImportError:  # pragma: no cover - a future Textual without the private table
        return
    table = _ansi_sequences.ANSI_SEQUENCES_KEYS
    if isinstance(table, dict):
        for digit in "0123456789":
            table.pop(f"\x1b{digit}", None)


def bindings(
    keys: tuple[KeyAction, ...], *, priority: bool, served: bool = False
) -> list[BindingType]:
    """Textual bindings of ``keys``; ``served``: the footer names the browser-safe key."""
    return [
        Binding(
            k.footer_keys(served=served),
            k.action,
            k.label,
            show=k.show,
            key_display=k.key_display,
            priority=priority,
            tooltip=k.description,
        )
        for k in keys
    ]


def markdown_table() -> str:
    """The README's key table."""
    rows = ["| Key | Action |", "|---|---|"]
    seen_suggestions = False
    for key in (*EDITOR_KEYS, *APP_KEYS):
        if key.action.startswith("insert_suggestion"):
            if seen_suggestions:
                continue
            seen_suggestions = True
            rows.append("| alt+1 … alt+9 | Insert suggestion 1-9 (replaces the translation) |")
            continue
        if key.action == "suggestion_prefix":
            rows.append(
                "| ctrl+o, then 1 … 9 | Insert suggestion 1-9 in any terminal"
                " (a default xterm sends alt+1 as ±); any other key cancels |"
            )
            continue
        rows.append(f"| {key.keys.replace(',', ' / ')} | {key.description} |")
    rows.append("| ctrl+p | Command palette (every action above) |")
    rows.append("| escape | Close the filter / back to the translation |")
    return "\n".join(rows)
