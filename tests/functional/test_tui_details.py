"""The details pane (f3) driven by Textual's Pilot: what it shows of an entry, the translator's
note saved to the catalog (marks intact, kept by GNU msgmerge), the diff of a revised source,
and every plural form editable, labelled with its CLDR category (English and Arabic)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from tests.functional.test_tui_app import SIZE, settle, wait_saved
from tests.functional.tui_helpers import FakeEngine, make_app, sample_paragraphs
from tests.support.catalogs import ENGLISH_PLURAL_FORMS, minimal_catalog
from tests.unit.test_tui_qa_plural import ARABIC, ENGLISH
from workbench.catalog.pofile import read_po
from workbench.catalog.review import dismissed_checks, is_reviewed, set_reviewed, with_dismissed
from workbench.catalog.store import EntryUpdate, apply_updates
from workbench.tui.components.details_pane import DetailsInfo
from workbench.tui.components.info_panes import QALine

needs_gettext = pytest.mark.skipif(
    shutil.which("msgmerge") is None or shutil.which("msgfmt") is None,
    reason="GNU gettext missing",
)

NOTE = "Checked with the ministry's style guide."
PREVIOUS = "أعلنت الوزارةُ اليومَ عن خطة جديدة."
CURRENT = "اعلنت الوزارة أمس عن خطة جديدة للتعليم."


def details_catalog(project: Path) -> Path:
    """#1 plain; #2 approved, reviewed, a check dismissed, with context, comments, references
    and a note; #3 fuzzy after a revision of its source (``#| msgid``)."""
    first, second = sample_paragraphs(2)
    po = minimal_catalog(project="article", plural_forms=ENGLISH_PLURAL_FORMS)
    po.append(polib.POEntry(msgid=first, msgstr="", occurrences=[("article.ar.txt", "1")]))
    entry = polib.POEntry(
        msgid=second,
        msgstr="The second paragraph, approved.",
        msgctxt="press-release",
        comment="Headline of the ministry's statement",
        tcomment=NOTE,
        occurrences=[("article.ar.txt", "3")],
    )
    set_reviewed(entry, True)
    entry.tcomment = with_dismissed(entry.tcomment, ["numbers"])
    po.append(entry)
    po.append(
        polib.POEntry(
            msgid=CURRENT,
            msgstr="The ministry announced a new plan today.",
            flags=["fuzzy"],
            previous_msgid=PREVIOUS,
            occurrences=[("article.ar.txt", "5")],
        )
    )
    path = project / "locales" / "en" / "LC_MESSAGES" / "article.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(path))
    return path


def info_text(app) -> str:
    return str(app.details.query_one(DetailsInfo).render())


async def test_f3_shows_context_comments_references_and_the_note_without_marks(
    project: Path,
) -> None:
    app = make_app(details_catalog(project), fake_engine=FakeEngine())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert not app.details.display
        await pilot.press("alt+down")
        await pilot.press("f3")
        await pilot.pause()
        assert app.details.display and app.focused is app.details.note_area
        shown = info_text(app)
        for expected in (
            "Context (msgctxt)",
            "press-release",
            "For translators (#.)",
            "Headline of the ministry's statement",
            "References (#:)",
            "article.ar.txt:3",
        ):
            assert expected in shown, shown
        assert app.details.note_area.text == NOTE  # the translator's words, no wb- lines
        assert "wb-" not in shown
        await pilot.press("f3")
        await pilot.pause()
        assert not app.details.display and app.focused is app.editor
        await pilot.press("ctrl+q")


@needs_gettext
async def test_the_note_is_saved_marks_intact_and_msgmerge_keeps_it(
    project: Path, tmp_path: Path
) -> None:
    catalog = details_catalog(project)
    app = make_app(catalog, fake_engine=FakeEngine())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("alt+down", "f3")
        await pilot.pause()
        app.details.note_area.select_all()
        await pilot.press(*"Use the official title.")
        await pilot.press("escape")  # leaves the pane: the note is saved
        await pilot.pause()
        assert app.focused is app.editor
        assert app.session.segments[1].reviewed  # a note is no edit of the translation
        await wait_saved(pilot, app)
        await pilot.press("ctrl+q")
    (entry,) = [e for e in read_po(catalog) if e.msgctxt == "press-release"]
    lines = entry.tcomment.split("\n")
    assert lines[-1] == "Use the official title." and NOTE not in entry.tcomment
    assert is_reviewed(entry), entry.tcomment
    assert dismissed_checks(entry.tcomment) == {"numbers"}
    assert subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(catalog)]).returncode == 0
    # Re-import: msgmerge against a template of the same sources keeps the comment whole.
    template = tmp_path / "article.pot"
    pot = polib.pofile(str(catalog))
    for e in pot:
        e.msgstr, e.tcomment, e.flags, e.previous_msgid = "", "", [], None
    pot.save(str(template))
    merged = subprocess.run(
        ["msgmerge", "--quiet", "-o", "-", str(catalog), str(template)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    again = tmp_path / "merged.po"
    again.write_text(merged, encoding="utf-8")
    (kept,) = [e for e in read_po(again) if e.msgctxt == "press-release"]
    assert kept.tcomment == entry.tcomment
    assert is_reviewed(kept)


async def test_another_editors_note_is_never_overwritten_by_an_untouched_pane(
    project: Path,
) -> None:
    catalog = details_catalog(project)
    app = make_app(catalog, fake_engine=FakeEngine())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("alt+down", "f3")
        await pilot.pause()
        segment = app.session.segments[1]
        apply_updates(  # another editor (a second TUI, a text editor) writes a new note
            catalog,
            [EntryUpdate(segment.msgid, segment.target, segment.msgctxt, note="Theirs")],
        )
        for _ in range(50):
            await pilot.pause(0.1)
            if app.details.note_area.text == "Theirs":
                break
        assert app.details.note_area.text == "Theirs"  # re-read and shown
        await pilot.press("alt+down")  # leaving the segment saves only what was typed
        await wait_saved(pilot, app)
        await pilot.press("ctrl+q")
    (entry,) = [e for e in read_po(catalog) if e.msgctxt == "press-release"]
    assert entry.tcomment.endswith("Theirs") and is_reviewed(entry)


async def test_a_revised_source_shows_removed_and_added_words(project: Path) -> None:
    app = make_app(details_catalog(project), fake_engine=FakeEngine())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        app.go_to(2)
        await pilot.press("f3")
        await pilot.pause()
        shown = info_text(app)
        assert "Source changed (#|)" in shown
        # app mode: Arabic shaped and reordered, the markers around the changed words
        body = shown.split("Before:", 1)[1]
        assert body.count("[-") == 1 and body.count("{+") == 2, shown
        assert body.count("-]") == 1 and body.count("+}") == 2, shown
        await pilot.press("f2")  # terminal mode: the logical text, the terminal reorders
        await pilot.pause()
        shown = info_text(app)
        assert "[-اليومَ-]" in shown and "{+أمس+}" in shown and "{+للتعليم+}" in shown
        assert "الوزارة" in shown and "[-الوزارة" not in shown  # a harakah is no change
        await pilot.press("ctrl+q")


def plural_catalog(project: Path, language: str, plural_forms: str, forms: list[str]) -> Path:
    path = project / "locales" / language / "LC_MESSAGES" / "files.po"
    path.parent.mkdir(parents=True)
    po = polib.POFile()
    po.metadata = {
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": plural_forms,
    }
    entry = polib.POEntry(
        msgid="%d ملف", msgid_plural="%d ملفات", msgstr_plural=dict(enumerate(forms)),
        flags=["c-format"],
    )  # fmt: skip
    po.append(entry)
    po.save(str(path))
    return path


async def test_english_plural_forms_are_labelled_and_each_is_editable(project: Path) -> None:
    catalog = plural_catalog(project, "en", ENGLISH, ["%d file", "%d file"])
    app = make_app(catalog, fake_engine=FakeEngine())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert "msgstr[0] · one" in str(app.editor.border_title)
        await pilot.press("f3")
        await pilot.pause()
        areas = app.details.form_areas
        assert [areas[1].border_title] == ["msgstr[1] · other"]
        areas[1].focus()
        areas[1].select_all()
        await pilot.press(*"%d files")
        await pilot.press("ctrl+s")
        await wait_saved(pilot, app)
        await pilot.press("ctrl+q")
    (entry,) = read_po(catalog)
    assert entry.msgstr_plural == {0: "%d file", 1: "%d files"}
    assert subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(catalog)]).returncode == 0


async def test_the_qa_line_judges_a_plural_form_as_typed_in_the_pane(project: Path) -> None:
    catalog = plural_catalog(project, "en", ENGLISH, ["%d file", "%d files"])
    app = make_app(catalog, fake_engine=FakeEngine())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("f3")
        await pilot.pause()
        area = app.details.form_areas[1]
        area.focus()
        area.select_all()
        await pilot.press(*"files")
        await pilot.pause(0.4)
        line = str(app.query_one(QALine).render())
        assert "'msgid_plural' and 'msgstr[1]' does not match" in line, line
        assert app.session.segments[0].qa_warning  # the segment list marks it too
        await pilot.press("ctrl+q")


async def test_arabic_plural_forms_carry_the_six_cldr_categories(project: Path) -> None:
    forms = ["لا ملفات", "ملف واحد", "ملفان", "%d ملفات", "%d ملفًا", "%d ملف"]
    catalog = plural_catalog(project, "ar", ARABIC, forms)
    app = make_app(catalog, fake_engine=FakeEngine())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert "msgstr[0] · zero" in str(app.editor.border_title)
        await pilot.press("f3")
        await pilot.pause()
        areas = app.details.form_areas
        assert [areas[n].border_title for n in sorted(areas)] == [
            "msgstr[1] · one",
            "msgstr[2] · two",
            "msgstr[3] · few",
            "msgstr[4] · many",
            "msgstr[5] · other",
        ]
        areas[4].focus()
        areas[4].select_all()
        await pilot.press(*"%d ملفا")
        await pilot.press("escape")  # back to the editor: the form is saved
        await wait_saved(pilot, app)
        await pilot.press("ctrl+q")
    (entry,) = read_po(catalog)
    assert entry.msgstr_plural[4] == "%d ملفا"
    assert [entry.msgstr_plural[n] for n in (0, 1, 2, 3, 5)] == [forms[n] for n in (0, 1, 2, 3, 5)]


# --- snapshots (pytest-textual-snapshot; --snapshot-update after a deliberate change) -------


def quiet(app):
    """The app without its background TM sync: the sync starts a second after the first
    screen and may add a match of the catalog's own approved text, a picture that depends on
    the machine's speed."""
    app._start_background_work = lambda: None
    return app


def _details_shown(segment: int):
    async def run_before(pilot) -> None:
        app = pilot.app
        app.editor.cursor_blink = False  # a blinking cursor makes two different pictures
        await pilot.pause()
        await app.workers.wait_for_complete()
        app.go_to(segment)
        await pilot.press("f3")
        app.details.note_area.cursor_blink = False
        await pilot.pause()
        await app.workers.wait_for_complete()
        app.clear_notifications()  # e.g. no Arabic dictionary on this machine: not the point
        await pilot.pause()

    return run_before


def test_details_pane_snapshot(project: Path, snap_compare) -> None:
    """#2: context, comments, references, the note (no mark lines), the segment reviewed."""
    app = quiet(make_app(details_catalog(project), fake_engine=FakeEngine(), bidi="app"))
    assert snap_compare(app, terminal_size=(130, 40), run_before=_details_shown(1))


@pytest.mark.parametrize("bidi", ["app", "terminal"])
def test_revised_source_diff_snapshot(project: Path, snap_compare, bidi: str) -> None:
    """#3, fuzzy after a revision: before and now, removed and added words marked."""
    app = quiet(make_app(details_catalog(project), fake_engine=FakeEngine(), bidi=bidi))
    assert snap_compare(app, terminal_size=(130, 40), run_before=_details_shown(2))


def test_arabic_plural_forms_snapshot(project: Path, snap_compare) -> None:
    """An Arabic catalog's plural entry: msgstr[0] in the editor titled ``zero``, the five
    other forms in the pane, each titled with its CLDR category."""
    forms = ["لا ملفات", "ملف واحد", "ملفان", "%d ملفات", "%d ملفًا", "%d ملف"]
    catalog = plural_catalog(project, "ar", ARABIC, forms)
    app = quiet(make_app(catalog, fake_engine=FakeEngine(), bidi="app"))
    assert snap_compare(app, terminal_size=(130, 44), run_before=_details_shown(0))
