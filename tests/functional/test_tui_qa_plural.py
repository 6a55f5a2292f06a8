"""Pilot: the live QA line on a plural entry judges the forms as compile does (see
tests/unit/test_tui_qa_plural.py for the agreement with msgfmt -c)."""

from __future__ import annotations

from pathlib import Path

from tests.functional.tui_helpers import FakeEngine, make_app
from tests.unit.test_tui_qa_plural import ENGLISH, write_plural_catalog
from workbench.tui.components.info_panes import QALine

SIZE = (140, 42)


def plural_catalog(project: Path, other_form: str) -> Path:
    """An English catalog of one c-format plural entry, ``msgstr[0]`` to type."""
    path = project / "locales" / "en" / "LC_MESSAGES" / "files.po"
    path.parent.mkdir(parents=True)
    write_plural_catalog(path, ENGLISH, ["c-format"], ["", other_form])
    return path


async def qa_line_after_typing(catalog: Path, typed: str) -> str:
    app = make_app(catalog, fake_engine=FakeEngine())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.press(*typed)
        await pilot.pause(0.4)
        line = str(app.query_one(QALine).render())
        await pilot.press("ctrl+q")
    return line


async def test_singular_form_may_drop_the_number(project: Path) -> None:
    line = await qa_line_after_typing(plural_catalog(project, "%d files"), "one file")
    assert "no problems found" in line, line


async def test_a_faulty_other_form_shows_while_editing_msgstr_0(project: Path) -> None:
    line = await qa_line_after_typing(plural_catalog(project, "files"), "%d file")
    assert "'msgid_plural' and 'msgstr[1]' does not match" in line, line
