"""The diff of a revised sentence in a real terminal: the sample article imported and
translated, one sentence revised and re-imported (fuzzy, with ``#| msgid``), ``workbench tui``
in tmux, f3: the screen shows the removed and added words with their markers."""

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
from workbench.catalog.pofile import read_po
from workbench.catalog.store import EntryUpdate, apply_updates
from workbench.cli import main

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

OLD, NEW = "استقبل حفل التوقيع أكثر من 2500 مندوب", "استقبل احتفال التوقيع أكثر من 3000 مندوب"


@pytest.mark.parametrize("bidi", ["app", "terminal"])
def test_f3_shows_the_diff_of_a_revised_sentence(
    project: Path, tmux_session: str, bidi: str  # noqa: F811 - the fixture
) -> None:
    source = project / "corpus" / "hanoi-convention-signing.ar.txt"
    assert main(["import", str(source), "--lang", "en"]) == 0
    catalog = project / "locales" / "en" / "LC_MESSAGES" / "hanoi-convention-signing.po"
    entries = [entry for entry in read_po(catalog) if not entry.obsolete]
    apply_updates(catalog, [EntryUpdate(e.msgid, f"English {n}.") for n, e in enumerate(entries)])
    text = source.read_text(encoding="utf-8")
    assert text.count(OLD) == 1
    source.write_text(text.replace(OLD, NEW), encoding="utf-8")
    assert main(["import", str(source), "--lang", "en"]) == 0
    (revised,) = [entry for entry in read_po(catalog) if entry.previous_msgid]
    assert "fuzzy" in revised.flags and OLD in revised.previous_msgid and NEW in revised.msgid

    command = f"{WORKBENCH} tui {catalog} --bidi {bidi}; sleep 0.3"
    start_in_tmux(tmux_session, project, command, env={**os.environ, "TERM": "xterm-256color"})
    wait_for(tmux_session, lambda s: "#1 · fuzzy" in s)  # the revised sentence comes first
    tmux("send-keys", "-t", tmux_session, "F3")
    shown = wait_for(tmux_session, lambda s: "Source changed (#|)" in s and "{+3000+}" in s)
    assert "[-2500-]" in shown and "{+3000+}" in shown, shown
    # the Arabic word replaced is marked too (joined and reordered in app mode)
    body = shown.split("Before:", 1)[1]
    assert body.count("[-") == 2 and body.count("{+") == 2, shown
    tmux("send-keys", "-t", tmux_session, "C-q")
    assert wait_closed(tmux_session), shown
    assert subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(catalog)]).returncode == 0
