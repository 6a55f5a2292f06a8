"""Smoke test in a real terminal: ``workbench tui`` inside tmux, driven by ``send-keys``.

Proves the keys reach the app through a terminal multiplexer (alt+digit as ESC digit,
ctrl+o then a digit, ctrl+arrows, ctrl+r/ctrl+t/ctrl+s/ctrl+q) and that the saved .po is what
was typed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import polib
import pytest

from tests.functional.tui_helpers import read_entries, sample_paragraphs, write_catalog

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
WORKBENCH = Path(sys.executable).with_name("workbench")


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], check=True, capture_output=True, text=True).stdout


def screen(session: str) -> str:
    return tmux("capture-pane", "-p", "-t", session)


def wait_for(session: str, predicate, timeout: float = 20.0) -> str:
    deadline = time.monotonic() + timeout
    text = ""
    while time.monotonic() < deadline:
        try:
            text = screen(session)
        except subprocess.CalledProcessError:
            return text
        if predicate(text):
            return text
        time.sleep(0.2)
    raise AssertionError(f"screen never matched; last screen:\n{text}")


def session_alive(session: str) -> bool:
    return (
        subprocess.run(["tmux", "has-session", "-t", session], capture_output=True).returncode == 0
    )


def wait_closed(session: str, timeout: float = 20.0) -> bool:
    """Whether the session ended (the app quit and its shell exited) within ``timeout``."""
    deadline = time.monotonic() + timeout
    while session_alive(session) and time.monotonic() < deadline:
        time.sleep(0.2)
    return not session_alive(session)


def start_in_tmux(
    session: str, project: Path, command: str, env: dict[str, str] | None = None
) -> None:
    """Run ``command`` in a new detached 130x36 tmux session, in the ``project`` folder."""
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", session, "-x", "130", "-y", "36"]
        + ["-c", str(project), command],
        check=True,
        env=env,
    )


@pytest.fixture()
def tmux_session(project: Path):
    name = f"wb-smoke-{uuid.uuid4().hex[:8]}"
    yield name
    if session_alive(name):
        tmux("kill-session", "-t", name)


def test_workbench_in_tmux(project: Path, tmux_session: str) -> None:
    paragraphs = sample_paragraphs(4)
    assert "2500" in paragraphs[0]
    # the last segment is a near-repeat of the first: the TM offers the first's translation
    catalog = write_catalog(project, [*paragraphs, paragraphs[0].replace("2500", "3000")])
    command = f"{WORKBENCH} tui {catalog} --bidi app; sleep 0.3"
    env = {**os.environ, "TERM": "xterm-256color"}
    start_in_tmux(tmux_session, project, command, env=env)
    first = wait_for(tmux_session, lambda s: "Segments" in s and "Approve" in s)
    # Arabic arrives joined (presentation forms), not as logical isolated letters
    assert any(0xFE70 <= ord(c) <= 0xFEFF for c in first)
    assert "ctrl+" not in first or "^q" in first  # footer shows the keys

    tmux("send-keys", "-t", tmux_session, "-l", "Signing ceremony")
    wait_for(tmux_session, lambda s: "Signing ceremony" in s)
    tmux("send-keys", "-t", tmux_session, "Enter")  # approve, go to #2
    wait_for(tmux_session, lambda s: "#2" in s)
    tmux("send-keys", "-t", tmux_session, "C-r")  # copy the source into the translation
    tmux("send-keys", "-t", tmux_session, "C-t")  # ...and mark it fuzzy
    wait_for(tmux_session, lambda s: "#2 · fuzzy" in s)
    tmux("send-keys", "-t", tmux_session, "C-Down")  # next todo: #3
    wait_for(tmux_session, lambda s: "#3" in s)
    tmux("send-keys", "-t", tmux_session, "M-1")  # alt+1: no model, no TM match here
    wait_for(tmux_session, lambda s: "There is no suggestion 1" in s)
    tmux("send-keys", "-t", tmux_session, "C-Down", "C-Down")  # #5, the near-repeat of #1
    wait_for(tmux_session, lambda s: "#5" in s and "TM 9" in s)
    tmux("send-keys", "-t", tmux_session, "M-1")  # alt+1 inserts the TM match
    wait_for(tmux_session, lambda s: s.count("Signing ceremony") >= 2)
    tmux("send-keys", "-t", tmux_session, "Enter")  # approve; next todo wraps round to #2
    wait_for(tmux_session, lambda s: "#2 · fuzzy" in s)
    tmux("send-keys", "-t", tmux_session, "M-Up")  # previous segment
    wait_for(tmux_session, lambda s: "#1 · approved" in s)
    tmux("send-keys", "-t", tmux_session, "C-s")
    tmux("send-keys", "-t", tmux_session, "C-q")
    assert wait_closed(tmux_session), f"ctrl+q did not quit:\n{screen(tmux_session)}"

    entries = read_entries(catalog)
    assert entries[0].msgstr == "Signing ceremony" and "fuzzy" not in entries[0].flags
    assert entries[1].msgstr == entries[1].msgid and "fuzzy" in entries[1].flags
    assert [e.msgstr for e in entries[2:4]] == ["", ""]
    assert entries[4].msgstr == "Signing ceremony" and "fuzzy" not in entries[4].flags
    subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(catalog)], check=True)
    assert not list((project / ".workbench" / "journal").glob("*.jsonl"))


def test_ctrl_o_then_a_digit_inserts_a_suggestion_in_tmux(project: Path, tmux_session: str) -> None:
    """The suggestion keys that need no alt (a default xterm sends alt+1 as "±")."""
    first = sample_paragraphs(1)[0]
    catalog = write_catalog(project, [first, first.replace("2500", "3000")])
    command = f"{WORKBENCH} tui {catalog} --bidi app; sleep 0.3"
    start_in_tmux(tmux_session, project, command, env={**os.environ, "TERM": "xterm-256color"})
    wait_for(tmux_session, lambda s: "Segments" in s and "Approve" in s)
    tmux("send-keys", "-t", tmux_session, "-l", "Signing ceremony")
    wait_for(tmux_session, lambda s: "Signing ceremony" in s)
    tmux("send-keys", "-t", tmux_session, "Enter")  # approve; #2 is the near-repeat
    wait_for(tmux_session, lambda s: "#2" in s and "TM 9" in s)
    tmux("send-keys", "-t", tmux_session, "-l", "typed")
    wait_for(tmux_session, lambda s: "typed" in s)
    tmux("send-keys", "-t", tmux_session, "C-o")
    wait_for(tmux_session, lambda s: "Press 1…9" in s)
    tmux("send-keys", "-t", tmux_session, "1")
    wait_for(tmux_session, lambda s: s.count("Signing ceremony") >= 2 and "typed" not in s)
    for cancel in ("Escape", "x"):  # cancelled: nothing inserted, the key not typed
        tmux("send-keys", "-t", tmux_session, "C-o")
        wait_for(tmux_session, lambda s: "Press 1…9" in s)
        tmux("send-keys", "-t", tmux_session, cancel)
        wait_for(tmux_session, lambda s: "Press 1…9" not in s)
    tmux("send-keys", "-t", tmux_session, "C-z")  # undo the suggestion: "typed" again
    wait_for(tmux_session, lambda s: "typed" in s)
    # typed fast, in one burst: each key still lands where it should
    tmux("send-keys", "-t", tmux_session, "C-o", "1", "C-o", "x", "C-o", "C-o")
    tmux("send-keys", "-t", tmux_session, "C-o", "1")
    wait_for(tmux_session, lambda s: s.count("Signing ceremony") >= 2 and "typed" not in s)
    tmux("send-keys", "-t", tmux_session, "Enter")
    tmux("send-keys", "-t", tmux_session, "C-q")
    assert wait_closed(tmux_session), f"ctrl+q did not quit:\n{screen(tmux_session)}"
    assert [e.msgstr for e in read_entries(catalog)] == ["Signing ceremony"] * 2


def test_killed_workbench_offers_the_unsaved_edit_back(project: Path, tmux_session: str) -> None:
    catalog = write_catalog(project, sample_paragraphs(3))
    command = f"{WORKBENCH} tui {catalog} --bidi app; sleep 30"
    start_in_tmux(tmux_session, project, command)
    wait_for(tmux_session, lambda s: "Segments" in s and "Approve" in s)
    tmux("send-keys", "-t", tmux_session, "-l", "Typed, then the power went out")
    wait_for(tmux_session, lambda s: "power went out" in s)
    time.sleep(1.0)  # past the typing pause: the draft is in the journal
    shell = int(tmux("list-panes", "-t", tmux_session, "-F", "#{pane_pid}").split()[0])
    children = subprocess.run(["pgrep", "-P", str(shell)], capture_output=True, text=True)
    workbench_pid = int(children.stdout.split()[0])
    os.kill(workbench_pid, 9)  # no chance to save anything
    assert read_entries(catalog)[0].msgstr == ""

    tmux(
        "respawn-pane",
        "-k",
        "-t",
        tmux_session,
        "-c",
        str(project),
        f"{WORKBENCH} tui {catalog} --bidi app; sleep 0.3",
    )
    wait_for(tmux_session, lambda s: "did not close cleanly" in s and "1 unsaved edit" in s)
    tmux("send-keys", "-t", tmux_session, "r")
    wait_for(tmux_session, lambda s: "Restored 1 segment" in s and "power went out" in s)
    tmux("send-keys", "-t", tmux_session, "Enter")
    tmux("send-keys", "-t", tmux_session, "C-q")
    wait_closed(tmux_session)
    entry = read_entries(catalog)[0]
    assert entry.msgstr == "Typed, then the power went out" and "fuzzy" not in entry.flags


def test_text_and_enter_in_one_read_approve_exactly_that_text(
    project: Path, tmux_session: str
) -> None:
    """``send-keys " EDIT" Enter`` in one call: the text and enter reach the app in one read;
    enter approves the text with the edit, on the segment it was typed in."""
    catalog = write_catalog(project, sample_paragraphs(3))
    po = polib.pofile(str(catalog))
    po[0].msgstr, po[0].flags = "The ceremony", ["fuzzy"]
    po.save(str(catalog))
    command = f"{WORKBENCH} tui {catalog} --bidi app; sleep 0.3"
    start_in_tmux(tmux_session, project, command, env={**os.environ, "TERM": "xterm-256color"})
    wait_for(tmux_session, lambda s: "Segments" in s and "Approve" in s and "#1" in s)
    tmux("send-keys", "-t", tmux_session, " EDIT", "Enter", "Second", "Enter")
    wait_for(tmux_session, lambda s: "#3" in s)
    tmux("send-keys", "-t", tmux_session, "C-q")
    assert wait_closed(tmux_session), f"ctrl+q did not quit:\n{screen(tmux_session)}"
    entries = read_entries(catalog)
    assert (entries[0].msgstr, entries[0].fuzzy) == ("The ceremony EDIT", False)
    assert (entries[1].msgstr, entries[1].fuzzy) == ("Second", False)
    assert entries[2].msgstr == ""


def test_markup_chips_ctrl_l_and_f9_in_tmux(project: Path, tmux_session: str) -> None:
    """An HTML page's segment in a real terminal: placeholders arrive as chips (never as raw
    markup the RTL reordering could mirror), ctrl+l and F9 reach the app, the page is built."""
    from tests.functional.test_tui_markup import PAGE
    from workbench.cli import main

    (project / "corpus" / "page.ar.html").write_text(PAGE, encoding="utf-8")
    assert main(["import", "corpus/page.ar.html", "--lang", "en"]) == 0
    catalog = project / "locales" / "en" / "LC_MESSAGES" / "page.po"
    command = f"{WORKBENCH} tui {catalog} --bidi app; sleep 0.3"
    start_in_tmux(tmux_session, project, command, env={**os.environ, "TERM": "xterm-256color"})
    wait_for(tmux_session, lambda s: "Segments" in s and "Approve" in s)
    tmux("send-keys", "-t", tmux_session, "-l", "Today's news")
    tmux("send-keys", "-t", tmux_session, "Enter")
    shown = wait_for(tmux_session, lambda s: "#2" in s and "/s0" in s)
    assert "<" not in shown and ">" not in shown  # chips only, nothing mirrored
    assert "b2/" in shown and "/a1" in shown
    tmux("send-keys", "-t", tmux_session, "-l", "Said ")
    tmux("send-keys", "-t", tmux_session, "C-l")
    wait_for(tmux_session, lambda s: "Said <s0></s0>" in s)
    # ctrl+l leaves the cursor inside an empty pair; ctrl+e (end of line) moves past it, sent
    # in one burst with the text around it: each key acts where it was typed
    tmux("send-keys", "-t", tmux_session, "-l", "the minister")
    tmux("send-keys", "-t", tmux_session, "C-e")
    tmux("send-keys", "-t", tmux_session, "-l", " that ")
    tmux("send-keys", "-t", tmux_session, "C-l")
    tmux("send-keys", "-t", tmux_session, "-l", "the treaty")
    tmux("send-keys", "-t", tmux_session, "C-e")
    tmux("send-keys", "-t", tmux_session, "-l", " matters.")
    tmux("send-keys", "-t", tmux_session, "C-l")
    tmux("send-keys", "-t", tmux_session, "-l", "72 states signed.")
    wait_for(tmux_session, lambda s: "signed." in s)  # the line wraps before it
    tmux("send-keys", "-t", tmux_session, "Enter")
    wait_for(tmux_session, lambda s: "#3" in s)
    tmux("send-keys", "-t", tmux_session, "F9")
    wait_for(tmux_session, lambda s: "Built build/en/page.en.html" in s and "66.7%" in s)
    tmux("send-keys", "-t", tmux_session, "C-q")
    assert wait_closed(tmux_session), f"ctrl+q did not quit:\n{screen(tmux_session)}"
    entry = read_entries(catalog)[1]
    assert entry.msgstr == (
        "Said <s0>the minister</s0> that <a1>the treaty</a1> matters.<b2/>72 states signed."
    )
    page = (project / "build" / "en" / "page.en.html").read_text(encoding="utf-8")
    assert 'Said <strong>the minister</strong> that <a href="https://un.org">the treaty</a>' in page
