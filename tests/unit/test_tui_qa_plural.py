"""The TUI's live QA line judges a plural entry as ``workbench qa`` and ``msgfmt -c`` do: the
typed ``msgstr[0]`` with the other forms, each against ``msgid_plural``, strictly only where
the catalog's ``Plural-Forms`` (and the entry's ``range:``) say so. It used to check
``msgstr[0]`` against ``msgid`` alone: "one file" for "%d file" was a false error, "files" in
``msgstr[1]`` a missed one."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from workbench.qa import check_catalog
from workbench.tui.providers import GlossaryAdapter, QAAdapter
from workbench.tui.session import EditingSession

pytestmark = pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext missing")

ENGLISH = "nplurals=2; plural=(n != 1);"
ARABIC = (
    "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : "
    "n%100>=11 ? 4 : 5;"
)


def write_plural_catalog(path: Path, plural_forms: str, flags: list[str], forms: list[str]) -> None:
    po = polib.POFile()
    po.metadata = {
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": plural_forms,
    }
    po.append(
        polib.POEntry(
            msgid="%d ملف",
            msgid_plural="%d ملفات",
            msgstr_plural=dict(enumerate(forms)),
            flags=flags,
        )
    )
    po.save(str(path))


def msgfmt_errors(path: Path) -> int:
    done = subprocess.run(
        ["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True
    )
    return 0 if done.returncode == 0 else int(done.stderr.split("found ")[1].split()[0])


def live_errors(path: Path, typed: str, session: EditingSession | None = None) -> list[str]:
    """The errors the QA line shows while ``typed`` is in the editor for ``msgstr[0]``."""
    session = session or EditingSession(path, path.parent / "journals")
    (segment,) = session.segments
    qa = QAAdapter(GlossaryAdapter(None))
    return [f.message for f in qa.check(segment, typed, session.plurals) if f.severity == "error"]


@pytest.mark.parametrize(
    ("plural_forms", "flags", "typed", "others"),
    [
        (ENGLISH, ["c-format"], "one file", ["%d files"]),  # form 0 serves n == 1 only
        (ENGLISH, ["c-format"], "%d file", ["files"]),  # form 1: many numbers
        (ENGLISH, ["c-format", "range: 1..2"], "%d file", ["files"]),  # ...but only n == 2 here
        (ENGLISH, ["c-format"], "%s file", ["%d files"]),  # wrong type even when lenient
        (ARABIC, ["c-format"], "لا ملفات", ["ملف", "ملفان", "%d ملفات", "%d ملفًا", "%d ملف"]),
        (ARABIC, ["c-format"], "لا ملفات", ["ملف", "ملفان", "%d ملفات", "ملفًا", "%d ملف"]),
        (ARABIC, ["c-format", "range: 3..4"], "لا", ["ملف", "ملفان", "%d ملفات", "ملفًا", "ملف"]),
    ],
)
def test_qa_line_agrees_with_msgfmt_on_plural_entries(
    tmp_path: Path, plural_forms: str, flags: list[str], typed: str, others: list[str]
) -> None:
    path = tmp_path / "messages.po"
    write_plural_catalog(path, plural_forms, flags, ["", *others])
    shown = live_errors(path, typed)
    write_plural_catalog(path, plural_forms, flags, [typed, *others])  # as saved
    assert len(shown) == msgfmt_errors(path), shown
    assert shown == [f.message for f in check_catalog(path) if f.severity == "error"]


def test_qa_line_rereads_plural_forms_when_the_catalog_changes(tmp_path: Path) -> None:
    path = tmp_path / "messages.po"
    write_plural_catalog(path, ENGLISH, ["c-format"], ["", "%d files"])
    session = EditingSession(path, tmp_path / "journals")
    assert live_errors(path, "file", session) == []  # English msgstr[0] serves n == 1 only
    write_plural_catalog(path, "nplurals=1; plural=0;", ["c-format"], [""])
    session.reload()  # as the app does when a batch run rewrote the catalog
    assert live_errors(path, "file", session) == [
        "number of format specifications in 'msgid_plural' and 'msgstr[0]' does not match "
        "(msgfmt -c refuses this)"
    ]


def test_qa_line_reads_no_file_after_a_save(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The verdict is the session's, kept up to date by saves: checking a plural entry after a
    save used to re-read the whole catalog on the UI thread (0.6-0.9 s for 20-50k entries)."""
    path = tmp_path / "messages.po"
    write_plural_catalog(path, ENGLISH, ["c-format"], ["", "%d files", "%d files"])
    session = EditingSession(path, tmp_path / "journals")
    session.save(0, "%d file", fuzzy=False)
    session.flush()  # on disk now: what ``workbench qa`` judges

    def no_read(*args: object, **kwargs: object) -> None:
        raise AssertionError("the QA line read the catalog")

    monkeypatch.setattr("workbench.catalog.pofile.read_po", no_read)
    monkeypatch.setattr("workbench.tui.session.read_po", no_read)
    shown = live_errors(path, "%d file", session)
    # three forms under nplurals=2, in an entry compile now compiles: forms judged leniently
    # and the header's problem left to the catalog-wide check, as ``workbench qa`` does
    monkeypatch.undo()
    expected = [
        f.message
        for f in check_catalog(path)
        if f.severity == "error" and f.code != "plural-forms"
    ]
    assert shown == expected
    assert session.plurals.problem is not None  # the save made the entry count
