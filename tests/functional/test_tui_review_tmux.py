"""The reviewer's keys in a real terminal (tmux): f4 marks reviewed, f5 review mode, shift+f4
dismisses the QA line's finding, f12 searches the memory. Pilot presses Textual's key names;
a terminal sends escape sequences (shift+f4 arrives as ``ESC [1;2S``, which Textual names
f16), so only a real terminal shows that the keys reach the app."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.functional.test_tui_tmux import (  # noqa: F401 - tmux_session is a fixture
    WORKBENCH,
    start_in_tmux,
    tmux,
    tmux_session,
    wait_closed,
    wait_for,
)
from tests.functional.tui_helpers import write_catalog
from workbench.catalog.pofile import read_po
from workbench.catalog.review import dismissed_checks, is_reviewed
from workbench.catalog.store import EntryUpdate, apply_updates

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

NUMBERS = "قال وزير الأمن العام إن 72 دولة وقعت."
SIGNED = "وقعت الدول على الاتفاقية في هانوي."


def test_reviewer_keys_reach_the_app_in_tmux(
    project: Path, tmux_session: str  # noqa: F811 - the fixture
) -> None:
    catalog = write_catalog(project, [NUMBERS, SIGNED])
    apply_updates(
        catalog,
        [
            EntryUpdate(NUMBERS, "Many countries signed."),  # a number lost: QA finding
            EntryUpdate(SIGNED, "The countries signed the convention in Hanoi."),
        ],
    )
    command = f"{WORKBENCH} tui {catalog} --bidi app; sleep 0.3"
    start_in_tmux(tmux_session, project, command, env={**os.environ, "TERM": "xterm-256color"})
    wait_for(tmux_session, lambda s: "#1 · approved" in s and "72" in s)

    tmux("send-keys", "-t", tmux_session, "S-F4")  # dismiss the numbers finding
    wait_for(tmux_session, lambda s: "dismissed)" in s)
    tmux("send-keys", "-t", tmux_session, "F4")  # reviewed
    wait_for(tmux_session, lambda s: "#1 · approved, reviewed" in s)
    tmux("send-keys", "-t", tmux_session, "F5")  # review mode: on to #2, left to review
    wait_for(tmux_session, lambda s: "REVIEW MODE" in s)
    tmux("send-keys", "-t", tmux_session, "C-Down")
    wait_for(tmux_session, lambda s: "#2 · approved" in s)
    tmux("send-keys", "-t", tmux_session, "Enter")  # approve as it is, and mark reviewed
    wait_for(tmux_session, lambda s: "2/2 reviewed" in s)
    tmux("send-keys", "-t", tmux_session, "F12")  # the concordance opens
    wait_for(tmux_session, lambda s: "Concordance" in s or "Memory" in s)
    tmux("send-keys", "-t", tmux_session, "Escape")
    tmux("send-keys", "-t", tmux_session, "C-q")
    assert wait_closed(tmux_session)

    entries = read_po(catalog)
    assert [is_reviewed(entry) for entry in entries] == [True, True]
    assert "numbers" in dismissed_checks(entries[0].tcomment)
    assert subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(catalog)]).returncode == 0
