"""``workbench serve`` in Debian's Firefox ESR, headless, driven through Marionette
(tests/support/serving.py's ``firefox_session``): the page and the Arabic as Firefox lays it
out."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.functional.tui_helpers import write_catalog
from tests.support.serving import firefox_missing, firefox_session, serve
from workbench.tui.bidi import visual_lines

#: Where screenshots are also copied, to look at them (the test's own folder is temporary).
SCREENSHOTS = os.environ.get("WORKBENCH_SCREENSHOTS")
needs_firefox = pytest.mark.skipif(firefox_missing(), reason="firefox-esr is not installed")

SOURCES = [
    "وقد استقبل حفل التوقيع أكثر من 2500 مندوب.",
    "قال الجنرال إن 72 دولة وقعت.",
    "وقد استقبل حفل التوقيع أكثر من 2500 مندوب من الدول.",
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
