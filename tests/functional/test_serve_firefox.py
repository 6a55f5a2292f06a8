"""``workbench serve`` in Debian's Firefox ESR, headless, driven through Marionette
(tests/support/serving.py's ``firefox_session``): the page, the Arabic as Firefox lays it out,
and every key of a served session's footer, pressed in Firefox and in chromium.

The keys are WebDriver key actions: the browser dispatches ``keydown``/``keyup`` events to
the page as a keyboard would, xterm.js turns them into the terminal's sequences, and the app
must act on them (the screen, the catalog on disk). So this proves that each key, once the
page has it, reaches the app's binding through xterm.js in both browsers. It does not prove
that a physical key is left to the page: synthesized events are dispatched to the page
directly and never meet the browser's own shortcuts (Firefox hands the page ctrl+t, ctrl+w,
ctrl+n and ctrl+q this way, and opens, closes or quits nothing). Keeping the footer's keys
out of the browser's way is the key table's part: ``workbench.tui.keys.BROWSER_KEYS``, never
the only way to an action (tests/unit/test_tui_keys.py), and never a key this walk presses."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import polib
import pytest

from tests.functional.tui_helpers import write_catalog
from tests.support.serving import (
    FirefoxTab,
    chromium,
    chromium_missing,
    firefox_missing,
    firefox_session,
    msgstrs,
    serve,
    wait_until,
)
from workbench.tui.bidi import visual_lines
from workbench.tui.keys import APP_KEYS, BROWSER_KEYS, EDITOR_KEYS

#: Where screenshots are also copied, to look at them (the test's own folder is temporary).
SCREENSHOTS = os.environ.get("WORKBENCH_SCREENSHOTS")
needs_firefox = pytest.mark.skipif(firefox_missing(), reason="firefox-esr is not installed")

SOURCES = [
    "وقد استقبل حفل التوقيع أكثر من 2500 مندوب.",
    "قال الجنرال إن 72 دولة وقعت.",  # a glossary term: الجنرال, General
    "وقد استقبل حفل التوقيع أكثر من 2500 مندوب من الدول.",  # the memory matches #1
    "وصلت الوفود إلى العاصمة.",
    "وانتهت المراسم مساء.",
]


def is_shaped(char: str) -> bool:
    """An Arabic presentation form: a letter the app joined itself."""
    return 0xFB50 <= ord(char) <= 0xFDFF or 0xFE70 <= ord(char) <= 0xFEFF


def keep(path: Path) -> Path:
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(SCREENSHOTS) / path.name)
    return path


#: x of each character of ``needle`` as laid out in xterm.js's DOM renderer (rows of text):
#: null when no row holds it as text (a canvas renderer draws it cell by cell instead).
LAYOUT = """
const needle = arguments[0];
for (const row of document.querySelectorAll(".xterm-rows > div")) {
  const walker = document.createTreeWalker(row, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
    const at = node.data.indexOf(needle);
    if (at < 0) continue;
    const xs = [];
    for (let i = at; i < at + needle.length; i++) {
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      xs.push(range.getBoundingClientRect().left);
    }
    return xs;
  }
}
return null;
"""


@needs_firefox
def test_firefox_shows_the_arabic_joined_and_right_to_left(project: Path, tmp_path: Path) -> None:
    """The app sends Arabic shaped and in display order; Firefox must draw the cells as they
    are. Without WebGL2 (headless, no GPU) xterm.js draws rows of text, which Firefox would
    reorder again by the Unicode bidi algorithm: the page forbids it (index.html)."""
    catalog = write_catalog(project, SOURCES)
    with serve(project, str(catalog)) as served, firefox_session(served.url) as tab:
        first = tab.wait_ready()
        assert any(is_shaped(char) for char in first)
        assert "f1 Fuzzy" in first and "f10 Quit" in first  # the served footer
        assert "^t" not in first and "^q" not in first
        assert tab.title().startswith("locales/en/LC_MESSAGES/article.po")
        word = "استقبل"
        shaped = visual_lines(word, 40, "app")[0].text
        assert shaped != word and shaped in first
        xs = tab.run(LAYOUT, shaped)
        assert xs is not None, "xterm.js drew no text rows (WebGL on?)"
        assert xs == sorted(xs) and len(set(xs)) == len(xs), xs  # cell order, left to right
        faces = tab.run(
            "return [...document.fonts].filter((f) => f.status === 'loaded')"
            ".map((f) => [f.family, f.unicodeRange]);"
        )
        assert ['"Roboto Mono"', "U+0-10FFFF"] in faces, faces  # DejaVu Sans Mono, served
        keep(tab.screenshot(tmp_path / "firefox-arabic.png"))
        tab.press("F10")
        tab.wait_body("-closed", timeout=30)
        assert "Session ended" in tab.text_of(".ended")
        assert tab.hosts() == {"127.0.0.1"}


@contextmanager
def browser_tab(browser: str, url: str) -> Iterator[Any]:
    """``url`` open in ``browser``: a :class:`FirefoxTab` or a chromium :class:`Tab`."""
    if browser == "firefox":
        with firefox_session(url) as tab:
            yield tab
    else:
        with chromium() as chromium_browser:
            yield chromium_browser.open(url)


def wait_closed(tab: Any) -> None:
    if isinstance(tab, FirefoxTab):
        tab.wait_body("-closed", timeout=30)
    else:
        tab.page.wait_for_selector("body.-closed", state="attached", timeout=30_000)


def position(screen: str) -> tuple[int, str]:
    """The source pane's title: the segment's number and status."""
    found = re.search(r"Source \(ar\) · #(\d+) · ([^·]+?) ·", screen)
    return (int(found.group(1)), found.group(2)) if found else (0, "")


#: Textual's key names -> Playwright's (which FirefoxTab.press also takes).
PLAYWRIGHT_NAMES = {
    "ctrl": "Control", "shift": "Shift", "alt": "Alt", "up": "ArrowUp", "down": "ArrowDown",
    "enter": "Enter", "escape": "Escape", **{f"f{n}": f"F{n}" for n in range(1, 13)},
}  # fmt: skip
KEY_ACTIONS = {key.action: key for key in (*EDITOR_KEYS, *APP_KEYS)}
#: The actions a served session's footer names.
FOOTER = {key.action for key in KEY_ACTIONS.values() if key.show}


def served_key(action: str) -> str:
    """The key of ``action`` (workbench.tui.keys) a served session's footer names, never one
    a browser keeps for itself (a synthesized key would reach the page all the same)."""
    key = KEY_ACTIONS[action]
    name = key.footer_keys(served=True).split(",")[0]
    assert name not in BROWSER_KEYS, f"{action}: {name} is a browser's"
    return "+".join(PLAYWRIGHT_NAMES.get(part, part) for part in name.split("+"))


@pytest.mark.parametrize(
    "browser",
    [
        pytest.param("firefox", marks=needs_firefox),
        pytest.param(
            "chromium",
            marks=pytest.mark.skipif(chromium_missing(), reason="chromium is not installed"),
        ),
    ],
)
def test_every_footer_key_reaches_the_app(project: Path, browser: str) -> None:
    """Every key the served footer names, and the served next/previous segment keys, pressed
    in the browser (the served key where a browser keeps the first: f1 for ctrl+t, f10 for
    ctrl+q); each checked by an effect no other key of the walk has."""
    catalog = write_catalog(project, SOURCES)
    pressed: set[str] = set()
    with serve(project, str(catalog)) as served, browser_tab(browser, served.url) as tab:

        def press(*actions: str) -> None:
            pressed.update(actions)
            tab.press(*(served_key(action) for action in actions))

        def at(number: int, status: str = "") -> None:
            tab.wait_for(lambda text: position(text)[0] == number and status in position(text)[1])

        tab.wait_ready()
        for key in KEY_ACTIONS.values():
            if key.served_key and key.show:  # named in the footer: f1 Fuzzy, f10 Quit
                shown = f"{key.served_key} {key.label}"
                tab.wait_for(lambda text, shown=shown: shown in text.rpartition("\n")[2])
        tab.type("Signing ceremony")
        tab.wait_for(lambda text: "Signing ceremony" in text)
        press("app.approve_next")  # enter: approve, go to the next to do
        wait_until(lambda: msgstrs(catalog)[0] == "Signing ceremony", what="enter: approved")
        at(2, "untranslated")
        press("insert_term", "app.approve_next")  # ctrl+g: the glossary's one term
        wait_until(lambda: msgstrs(catalog)[1] == "General", what="ctrl+g: the term")
        at(3, "untranslated")
        press("insert_suggestion(1)", "app.approve_next")  # alt+1: the memory's match of #1
        wait_until(lambda: msgstrs(catalog)[2] == "Signing ceremony", what="alt+1: suggestion")
        at(4, "untranslated")
        press("copy_source", "save")  # ctrl+r, ctrl+s: the source, saved as typed
        wait_until(lambda: msgstrs(catalog)[3] == SOURCES[3], what="ctrl+r, ctrl+s: saved")
        at(4, "fuzzy")  # saved, not approved
        press("move(-1)")  # ctrl+shift+up: the previous segment
        at(3, "approved")
        press("move(-1)")
        at(2, "approved")
        press("toggle_fuzzy")  # f1
        at(2, "fuzzy")
        press("move(1)")  # ctrl+shift+down: the next segment
        at(3, "approved")
        press("next_todo")  # ctrl+down: the next to do, #4 (fuzzy), then #5
        at(4, "fuzzy")
        press("next_todo")
        at(5, "untranslated")
        press("prev_todo")  # ctrl+up: the previous to do, #4, then #2 (#3 is approved)
        at(4, "fuzzy")
        press("prev_todo")
        at(2, "fuzzy")
        press("find")  # ctrl+f: the filter, on translations too
        tab.wait_for(lambda text: "Filter: source or translation text" in text)
        tab.type("General")
        tab.wait_for(lambda text: "Segments · 1 match “General”" in text)
        tab.press("Escape")
        tab.wait_for(lambda text: "Filter:" not in text and "match" not in text)
        press("toggle_bidi")  # f2: Arabic left to the terminal, no presentation forms
        tab.wait_for(lambda text: "قال الجنرال" in text and not any(map(is_shaped, text)))
        press("toggle_bidi")
        tab.wait_for(lambda text: any(map(is_shaped, text)))
        tab.press("Control+p")  # Textual's command palette
        tab.wait_for(lambda text: "Search for commands" in text)
        tab.press("Escape")
        tab.wait_for(lambda text: "Search for commands" not in text)
        press("quit")  # f10: save and quit
        wait_closed(tab)
    assert pressed >= FOOTER, f"footer keys never pressed: {FOOTER - pressed}"
    entries = [(entry.msgstr, "fuzzy" in entry.flags) for entry in polib.pofile(str(catalog))]
    assert entries == [
        ("Signing ceremony", False),
        ("General", True),
        ("Signing ceremony", False),
        (SOURCES[3], True),
        ("", False),
    ]
