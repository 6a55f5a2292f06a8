"""``workbench serve`` end to end: the real server (its own process, 127.0.0.1, a free port,
stopped at the end) and Debian's chromium, headless, driven by Playwright.

The app's screen is read from the WebSocket frames the browser received (xterm.js draws on a
canvas); the catalog is read from disk; screenshots are saved next to the test's files."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.functional.tui_helpers import sample_paragraphs, write_catalog
from tests.support.serving import (
    Browser,
    chromium,
    chromium_missing,
    msgstrs,
    serve,
    wait_until,
)
from workbench.tui.bidi import visual_lines

pytestmark = pytest.mark.skipif(chromium_missing(), reason="chromium is not installed")
#: Where screenshots are also copied, to look at them (the test's own folder is temporary).
SCREENSHOTS = os.environ.get("WORKBENCH_SCREENSHOTS")


def only_loopback(browser: Browser) -> None:
    assert browser.requests, "no request recorded"
    assert any(tab.sockets for tab in browser.tabs), "no WebSocket recorded"
    assert browser.hosts() == {"127.0.0.1"}, browser.requests


def keep_screenshot(tab, tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    tab.page.screenshot(path=str(path))
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(SCREENSHOTS) / name)
    return path


def test_translate_and_approve_in_the_browser(project: Path, tmp_path: Path) -> None:
    paragraphs = sample_paragraphs(3)
    catalog = write_catalog(project, paragraphs)
    # An environment that would leave Arabic to the terminal (Konsole; the override variable)
    terminal_bidi = {"KONSOLE_VERSION": "230804", "WORKBENCH_BIDI": "terminal"}
    with (
        serve(project, str(catalog), environment=terminal_bidi) as served,
        chromium() as browser,
    ):
        tab = browser.open(served.url)
        first = tab.wait_ready()
        # Arabic comes joined (presentation forms) and in display order: the app's own
        # shaping, forced for served sessions whatever the environment says.
        assert any(0xFE70 <= ord(char) <= 0xFEFF for char in first)
        word = paragraphs[0].split()[2]  # a word of the first source
        shaped = visual_lines(word, 40, "app")[0].text
        assert shaped != word and shaped in first
        # The footer names the keys a browser lets through.
        assert "f1 Fuzzy" in first and "f10 Quit" in first
        # the title names project and catalog; the page shows no server path
        assert tab.page.title().startswith("locales/en/LC_MESSAGES/article.po")
        assert str(project) not in tab.page.content()
        keep_screenshot(tab, tmp_path, "serve-arabic.png")

        tab.type("Signing ceremony")
        tab.wait_for(lambda text: "Signing ceremony" in text)
        tab.press("Enter")  # approve, go to #2
        wait_until(lambda: msgstrs(catalog)[0] == "Signing ceremony", what="the approval on disk")
        tab.press("Control+r", "F1")  # copy the source; f1: fuzzy (ctrl+t opens a browser tab)
        tab.wait_for(lambda text: "#2 · fuzzy" in text)
        keep_screenshot(tab, tmp_path, "serve-approved.png")
        tab.press("F10")  # f10: save and quit (ctrl+q quits Firefox)
        tab.page.wait_for_selector("body.-closed", state="attached", timeout=30_000)
        assert "Session ended" in tab.page.inner_text(".ended")
        only_loopback(browser)
    entries = msgstrs(catalog)
    assert entries[0] == "Signing ceremony"
    assert entries[1] == paragraphs[1]
    import polib

    assert "fuzzy" in polib.pofile(str(catalog))[1].flags


@pytest.mark.parametrize("warm", [False, True], ids=["started-on-connect", "warm-start"])
def test_two_browser_sessions_on_one_catalog(project: Path, warm: bool) -> None:
    catalog = write_catalog(project, sample_paragraphs(4))
    options = [] if warm else ["--no-warm-start"]
    with serve(project, *options) as served, chromium() as browser:
        first, second = browser.open(served.url), browser.open(served.url)
        first.wait_ready()
        second.wait_ready()
        if not warm:  # one app process per browser session (and a warm one besides, else)
            assert len(served.app_processes()) == 2
        first.page.bring_to_front()
        first.type("From the first tab")
        first.press("Enter")  # approves #1, goes to #2
        wait_until(lambda: msgstrs(catalog)[0] == "From the first tab", what="first approval")
        first.type("Mine, typed first")  # #2, not approved yet
        first.wait_for(lambda text: "Mine, typed first" in text)
        second.page.bring_to_front()
        second.press("Control+Shift+ArrowDown")  # #2
        second.type("From the second tab")
        second.press("Enter")
        wait_until(lambda: msgstrs(catalog)[1] == "From the second tab", what="second approval")
        # The first tab was editing #2, which the second tab approved meanwhile: a conflict to
        # resolve, as between two terminals; the texts are never merged.
        first.page.bring_to_front()
        conflict = first.wait_for(
            lambda text: "changed in the catalog by another editor" in text
        )
        assert "Mine, typed first" in conflict and "From the second tab" in conflict
        first.press("t")  # take theirs
        first.wait_for(lambda text: "changed in the catalog" not in text)
        first.press("F10")
        second.press("F10")
        only_loopback(browser)
    assert msgstrs(catalog)[:2] == ["From the first tab", "From the second tab"]


def test_a_warm_app_waits_for_the_first_browser(project: Path) -> None:
    """The served catalog's app is started before any browser comes; the first page takes it
    over, screen included, and the next warm app starts behind it."""
    write_catalog(project, sample_paragraphs(2))
    with serve(project) as served, chromium() as browser:
        wait_until(lambda: len(served.app_processes()) == 1, what="the warm app")
        [warm] = served.app_processes()
        tab = browser.open(served.url)
        tab.wait_ready()
        assert served.app_processes()[0] == warm  # the page's app: no new one was started
        wait_until(lambda: len(served.app_processes()) == 2, what="the next warm app")
        tab.type("Through the warm app")
        tab.press("Enter")
        tab.press("F10")
        tab.page.wait_for_selector("body.-closed", state="attached", timeout=30_000)
        only_loopback(browser)
    assert msgstrs(project / "locales/en/LC_MESSAGES/article.po")[0] == "Through the warm app"


def test_a_closed_tab_loses_nothing(project: Path) -> None:
    catalog = write_catalog(project, sample_paragraphs(3))
    with serve(project, str(catalog)) as served, chromium() as browser:
        tab = browser.open(served.url)
        tab.wait_ready()
        tab.type("Kept on approval")
        tab.press("Enter")  # #1 approved; now on #2
        tab.type("Typed, never approved")
        tab.press("Control+Shift+ArrowUp", "End")  # back to #1: an edit of an approved translation
        tab.type(" (edited)")
        tab.wait_for(lambda text: "Kept on approval (edited)" in text)
        session = tab.session_path()
        tab.page.close()  # no quit key: the tab is simply closed
        wait_until(
            lambda: served.session_state(session)["state"] in {"ended", "failed"},
            what="the app of the closed tab to end",
        )
        assert served.session_state(session)["state"] == "ended"
        assert msgstrs(catalog)[:2] == ["Kept on approval", "Typed, never approved"]
        again = browser.open(served.url)
        again.wait_ready()
        again.press("Control+Shift+ArrowUp", "Control+Shift+ArrowUp")  # #1: its draft is back
        again.wait_for(lambda text: "Kept on approval (edited)" in text)
        again.press("F10")
        only_loopback(browser)
    import polib

    entries = polib.pofile(str(catalog))
    assert entries[0].msgstr == "Kept on approval"  # the draft never replaced the approval
    assert entries[1].msgstr == "Typed, never approved" and "fuzzy" in entries[1].flags


def test_a_page_that_says_why_the_app_could_not_start(project: Path) -> None:
    catalog = write_catalog(project, sample_paragraphs(1))
    catalog.write_text('msgid "unterminated\n', encoding="utf-8")  # not a catalog any more
    with serve(project) as served, chromium() as browser:
        tab = browser.open(served.url)
        tab.page.wait_for_selector("body.-closed", state="attached", timeout=60_000)
        heading = tab.page.locator("#ended-heading")
        heading.filter(has_text="could not go on").wait_for(timeout=30_000)
        message = tab.page.inner_text("#ended-message")
        assert "article.po" in message and str(project) not in message
        only_loopback(browser)
