"""Issue 14 in the TUI, driven by Pilot: each MT suggestion shows its confidence (figure and a
bar coloured by band), and words the Hunspell dictionary flags are underlined in the editor."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.functional.tui_helpers import FakeEngine, make_app, sample_paragraphs
from tests.functional.tui_helpers import write_catalog as _write_catalog
from workbench.tui.components.info_panes import SuggestionsPane

SIZE = (140, 42)


@pytest.fixture()
def catalog(project: Path) -> Path:
    return _write_catalog(project, sample_paragraphs(3))


async def settle(pilot, app) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_each_mt_suggestion_shows_its_confidence(catalog: Path) -> None:
    """The fake engine scores its n-best -0.1, -0.2, -0.3: exp() of them is 90%, 82%, 74%."""
    app = make_app(catalog, fake_engine=FakeEngine())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        pane = app.query_one(SuggestionsPane)
        mt = [item for item in pane.items if item.kind == "mt"]
        assert [item.confidence for item in mt] == [90, 82, 74]
        rendered = pane.render()
        lines = rendered.plain.splitlines()
        assert lines[0].startswith("1  MT         90% ▮▮▮▮▮ MT 1 for segment")
        assert lines[2].startswith("3  MT         74% ▮▮▮▮▯ MT 3 for segment")
        figure = lines[0].index("90%")
        styles = [span.style for span in rendered.spans if span.start <= figure < span.end]
        assert any("green" in str(style) for style in styles), styles  # the "high" band
        await pilot.press("ctrl+q")


def underlined(app) -> list[str]:  # type: ignore[no-untyped-def]
    """The runs of text the editor draws underlined, read from its rendered lines."""
    runs: list[str] = []
    for y in range(app.editor.size.height):
        for segment in app.editor.render_line(y):
            style = segment.style
            if style is not None and style.underline and segment.text.strip():
                runs.append(segment.text)
    return runs


@pytest.mark.skipif(
    not Path("/usr/share/hunspell/en_US.dic").is_file(), reason="hunspell-en-us not installed"
)
async def test_a_misspelled_word_is_underlined_as_one_types(project: Path) -> None:
    from workbench.tui.components.info_panes import QALine

    catalog = _write_catalog(project, ["قال وزير الأمن العام لونغ تام كوانغ إن الاتفاقية وقعت."])
    app = make_app(catalog, fake_engine=FakeEngine())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press(*"Luong Tam Quang said the Convetnion was signd")
        assert underlined(app) == []  # the check waits for a pause in typing
        await pilot.pause(0.5)
        assert app.editor.misspelled == {"Convetnion", "signd"}  # the glossary's name is not
        assert underlined(app) == ["Convetnion", "signd"]
        assert 'not in the en_US dictionary: "Convetnion", "signd"' in str(
            app.query_one(QALine).render()
        )
        # typing on: the underline stays on the word it marks, not on its old position
        await pilot.press("home", *"Minister ")
        assert underlined(app) == ["Convetnion", "signd"]
        await pilot.press("end", "backspace", "backspace", *"ned.")
        await pilot.pause(0.5)
        assert underlined(app) == ["Convetnion"]
        # the same word inside a URL is no misspelling there
        await pilot.press(*" See https://un.org/Convetnion")
        await pilot.pause(0.5)
        assert underlined(app) == ["Convetnion"] and app.editor.text.endswith("/Convetnion")
        line = app.editor.get_line(0)
        start = line.plain.index("Convetnion")
        styles = [span.style for span in line.spans if span.start <= start < span.end]
        assert any(getattr(style, "underline", False) for style in styles), styles
        await pilot.press("ctrl+q")
