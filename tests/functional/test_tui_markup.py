"""An HTML page's catalog in the workbench, driven by Pilot: placeholders shown as chips in both
bidi modes, ctrl+l inserting the missing ones, MT suggestions keeping them, and f9 building the
page (where it went, how much is translated, or why nothing was written) without blocking
typing."""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from pathlib import Path

import pytest

from tests.functional.test_tui_app import SIZE, burst, settle, wait_saved
from tests.functional.tui_helpers import FakeEngine, make_app, read_entries
from workbench.catalog.pofile import read_po, write_po
from workbench.cli import main
from workbench.mt.engine import DecodeOptions, Suggestion
from workbench.tui.components.info_panes import QALine, SuggestionsPane
from workbench.tui.components.source_pane import SourcePane
from workbench.tui.markup_chips import chip_style

PAGE = """<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>خبر اليوم</title></head>
<body>
<p>قال <strong>وزير الأمن العام</strong> إن <a href="https://un.org">الاتفاقية</a>
""".rstrip("\n") + """ مهمة.<br>وقعت 72 دولة.</p>
<p>انتهى الحفل.</p>
</body></html>
"""
MARKED = "قال <s0>وزير الأمن العام</s0> إن <a1>الاتفاقية</a1> مهمة.<b2/>وقعت 72 دولة."
TRANSLATION = "Said <s0>the minister</s0> that <a1>the treaty</a1> matters.<b2/>72 states signed."
OUTPUT = Path("build/en/page.en.html")


@pytest.fixture()
def catalog(project: Path) -> Path:
    """The page imported as ``workbench import`` does it (entries: title, marked, plain)."""
    (project / "corpus" / "page.ar.html").write_text(PAGE, encoding="utf-8")
    assert main(["import", "corpus/page.ar.html", "--lang", "en"]) == 0
    path = project / "locales" / "en" / "LC_MESSAGES" / "page.po"
    assert [e.msgid for e in read_entries(path)] == ["خبر اليوم", MARKED, "انتهى الحفل."]
    return path


class NumberCopyingEngine(FakeEngine):
    """Each Arabic word -> "w", numbers copied in place (as Marian copies the mask numbers);
    with ``keep_numbers`` False it drops them (MT losing the markup)."""

    def __init__(self, keep_numbers: bool = True) -> None:
        self.keep_numbers = keep_numbers

    def translate_batch(
        self, sources: Sequence[str], options: DecodeOptions
    ) -> list[list[Suggestion]]:
        results = []
        for source in sources:
            words = [w if w.isdigit() else "w" for w in source.split()]
            if not self.keep_numbers:
                words = [w for w in words if not w.isdigit()]
            text = " ".join(words)
            results.append([Suggestion(text, -0.2, "fake", "fake")] * options.n_best)
        return results


async def test_placeholders_are_chips_in_the_source_and_coloured_in_the_editor(
    catalog: Path,
) -> None:
    app = make_app(catalog, fake_engine=FakeEngine(), bidi="app")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("alt+down")
        await settle(pilot, app)
        assert app.current == 1
        shown = app.query_one(SourcePane).render().plain
        assert "<" not in shown and ">" not in shown
        chips = re.findall(r"/?[a-z]\d/?", shown)
        assert sorted(chips) == ["/a1", "/s0", "a1", "b2/", "s0"]
        await pilot.press("f2")  # the terminal reorders: logical order, chips isolated
        shown = app.query_one(SourcePane).render().plain
        assert "قال \u2066s0\u2069وزير الأمن العام\u2066/s0\u2069" in shown
        await pilot.press(*"Said ", "ctrl+l")
        line = app.editor.get_line(0)
        assert line.plain == "Said <s0></s0>"
        chip = chip_style("<s0>")
        coloured = {line.plain[s.start : s.end] for s in line.spans if s.style == chip}
        assert coloured == {"<s0>", "</s0>"}
        await pilot.press("ctrl+q")


async def test_ctrl_l_inserts_each_missing_placeholder_and_the_result_is_approved(
    catalog: Path,
) -> None:
    app = make_app(catalog, fake_engine=FakeEngine())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("ctrl+l")  # the title has no markup
        assert any("no markup placeholders" in n.message for n in app._notifications)
        await pilot.press("alt+down")
        await settle(pilot, app)
        await pilot.press(*"Said the minister", *["shift+left"] * len("the minister"))
        await pilot.press("ctrl+l")  # the pair goes around the selection, cursor after it
        assert app.editor.text == "Said <s0>the minister</s0>"
        await pilot.pause(0.4)  # the typing pause: live QA names what is still missing
        assert "placeholder </a1>, <a1>, <b2/> missing" in app.query_one(QALine).render().plain
        await pilot.press(*" that ", "ctrl+l")  # an empty pair, the cursor between
        await pilot.press(*"the treaty", "end", *" matters.", "ctrl+l")
        await pilot.press(*"72 states signed.")
        assert app.editor.text == TRANSLATION
        await pilot.press("ctrl+l")
        assert any("Every placeholder" in n.message for n in app._notifications)
        await pilot.pause(0.4)
        assert "placeholder" not in app.query_one(QALine).render().plain
        await pilot.press("enter")
        await wait_saved(pilot, app)
        await pilot.press("ctrl+q")
    entry = read_entries(catalog)[1]
    assert entry.msgstr == TRANSLATION and "fuzzy" not in entry.flags


async def test_the_palette_offers_both_markup_commands(catalog: Path) -> None:
    app = make_app(catalog, fake_engine=FakeEngine())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert "Build the translated document of this catalog (as workbench build)" in titles
        await pilot.press("alt+down")
        await settle(pilot, app)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"next markup placeholder")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert app.editor.text == "<s0></s0>"
        await pilot.press("ctrl+q")


async def test_mt_suggestions_keep_the_placeholders(catalog: Path) -> None:
    app = make_app(catalog, fake_engine=NumberCopyingEngine())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("alt+down")
        await settle(pilot, app)
        items = app.query_one(SuggestionsPane).items
        # the glossary's term and the markup both kept, spaced as in the source
        assert [(item.kind, item.text) for item in items] == [
            ("mt+glossary", "w <s0>Minister of Public Security</s0> w <a1>w</a1> w<b2/>w 72 w"),
            ("mt", "w <s0>w w w</s0> w <a1>w</a1> w<b2/>w 72 w"),
        ]
        shown = app.query_one(SuggestionsPane).render()
        chip = chip_style("<s0>")
        assert {shown.plain[s.start : s.end] for s in shown.spans if s.style == chip} == {
            "<s0>",
            "</s0>",
        }
        await pilot.press("ctrl+q")


async def test_mt_that_loses_the_markup_is_offered_without_it_with_a_warning(
    catalog: Path,
) -> None:
    app = make_app(catalog, fake_engine=NumberCopyingEngine(keep_numbers=False))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("alt+down")
        await settle(pilot, app)
        pane = app.query_one(SuggestionsPane)
        assert pane.items and all("no markup" in item.label for item in pane.items)
        shown = pane.render()
        warned = [shown.plain[s.start : s.end] for s in shown.spans if "yellow" in str(s.style)]
        assert any(text.startswith("⚠ MT lost the markup") for text in warned)
        await pilot.press("ctrl+q")


async def test_f9_builds_the_page_and_says_where_and_how_much(catalog: Path) -> None:
    app = make_app(catalog, fake_engine=FakeEngine())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press(*"Today's news", "enter")
        await settle(pilot, app)
        app.editor.replace_all(TRANSLATION)
        await pilot.press("enter")  # approved; f9 waits for the saves before building
        await pilot.press("f9")
        await settle(pilot, app)
        messages = [n.message for n in app._notifications]
        assert (
            "Built build/en/page.en.html: 66.7% translated (2 of 3 entries);"
            " 1 untranslated or fuzzy keep the source text"
        ) in messages
        await pilot.press("ctrl+q")
    page = OUTPUT.read_text(encoding="utf-8")
    assert "<title>Today's news</title>" in page
    assert (
        'Said <strong>the minister</strong> that <a href="https://un.org">the treaty</a>'
        " matters.<br>72 states signed." in page
    )
    assert "<p>انتهى الحفل.</p>" in page and 'lang="en"' in page


async def test_f9_with_broken_markup_names_the_segment_and_writes_nothing(catalog: Path) -> None:
    po = read_po(catalog)
    po[1].msgstr = "Said <s0>the minister that the treaty matters."  # </s0> and more lost
    write_po(po, catalog)
    app = make_app(catalog, fake_engine=FakeEngine())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("f9")
        await settle(pilot, app)
        errors = [n.message for n in app._notifications if n.severity == "error"]
        assert len(errors) == 1
        assert errors[0].startswith("Document not built: #2: ")
        assert "page.po:" in errors[0] and "missing from the translation" in errors[0]
        await pilot.press("ctrl+q")
    assert not OUTPUT.exists()


async def test_f9_without_the_source_document_says_so(catalog: Path, project: Path) -> None:
    (project / "corpus" / "page.ar.html").unlink()
    app = make_app(catalog, fake_engine=FakeEngine())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("f9")
        await settle(pilot, app)
        errors = [n.message for n in app._notifications if n.severity == "error"]
        assert len(errors) == 1 and "corpus/page.ar.html does not exist" in errors[0]
        assert "put the source back" in errors[0]
        await pilot.press("ctrl+q")
    assert not OUTPUT.exists()


async def test_typing_goes_on_while_the_document_builds(catalog: Path) -> None:
    """The build runs in a worker thread: keys typed meanwhile land at once."""
    app = make_app(catalog, fake_engine=FakeEngine())
    real = app.builder
    assert real is not None
    release = threading.Event()
    started = threading.Event()

    class HeldBuilder:
        root = real.root

        def build(self):
            started.set()
            assert release.wait(10)
            return real.build()

    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        app.builder = HeldBuilder()  # type: ignore[assignment]
        await pilot.press("f9")
        assert started.wait(5)
        await pilot.press(*"typed during the build")
        await pilot.pause()
        assert app.editor.text == "typed during the build"
        await pilot.press("f9")  # a second f9 while one runs: said, not queued
        assert any("being built already" in n.message for n in app._notifications)
        release.set()
        await settle(pilot, app)
        assert any(n.message.startswith("Built build/en/page.en.html") for n in app._notifications)
        await pilot.press("ctrl+q")
    assert OUTPUT.exists()


async def test_keys_in_one_read_select_then_ctrl_l_wraps_exactly_the_selection(
    catalog: Path,
) -> None:
    """Cursor keys are the editor's own bindings: arriving in one read with the text around
    them (tmux send-keys), each still acts where it was typed, so ctrl+l sees the selection
    the keys before it made."""
    app = make_app(catalog, fake_engine=FakeEngine())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await burst(app, [*"abc", "home", "X", "end", "Y"])
        await settle(pilot, app)
        assert app.editor.text == "XabcY"
        await pilot.press("alt+down")
        await settle(pilot, app)
        await burst(app, [*"The man", *["shift+left"] * 3, "ctrl+l", *" spoke"])
        await settle(pilot, app)
        assert app.editor.text == "The <s0>man</s0> spoke"
        await pilot.press("ctrl+q")
