"""Concurrent catalog updates: lock, re-read, apply, atomic write; nothing is lost."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import polib
import pytest

from tests.support.catalogs import ENGLISH_PLURAL_FORMS, fuzzy_entry, minimal_header
from workbench.catalog.pofile import format_po, read_po, write_po
from workbench.catalog.store import EntryUpdate, apply_updates
from workbench.errors import CatalogLocked, WorkbenchError
from workbench.fileio import file_lock

HEADER = minimal_header("t 1", plural_forms=ENGLISH_PLURAL_FORMS)


def make_catalog(path: Path, count: int = 4) -> Path:
    po = polib.POFile()
    po.metadata = dict(HEADER)
    for number in range(count):
        po.append(polib.POEntry(msgid=f"جملة رقم {number}", msgstr=""))
    write_po(po, path)
    return path


def msgstrs(path: Path) -> dict[str, str]:
    return {entry.msgid: entry.msgstr for entry in read_po(path) if not entry.obsolete}


def test_applies_and_writes_gnu_format(tmp_path: Path) -> None:
    path = make_catalog(tmp_path / "x.po")
    result = apply_updates(path, [EntryUpdate("جملة رقم 1", "Sentence 1")])
    assert [u.msgid for u in result.applied] == ["جملة رقم 1"] and not result.skipped
    assert msgstrs(path)["جملة رقم 1"] == "Sentence 1"
    gnu = subprocess.run(["msgcat", str(path)], capture_output=True, check=True).stdout
    assert gnu == path.read_bytes()


UPDATER = """
import sys
from workbench.catalog.store import EntryUpdate, apply_updates
path, first, last, go = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
import os, time
while not os.path.exists(go):
    time.sleep(0.005)
for number in range(first, last):
    apply_updates(path, [EntryUpdate(f"جملة رقم {number}", f"by {first}: {number}")], timeout=30)
"""


def test_two_processes_updating_different_entries_both_survive(tmp_path: Path) -> None:
    path = make_catalog(tmp_path / "x.po", count=40)
    go = tmp_path / "go"
    writers = [
        subprocess.Popen([sys.executable, "-c", UPDATER, str(path), str(first), str(last), str(go)])
        for first, last in ((0, 20), (20, 40))
    ]
    time.sleep(0.3)  # both interpreters up and polling
    go.touch()
    for writer in writers:
        assert writer.wait(timeout=120) == 0
    found = msgstrs(path)
    assert found == {
        f"جملة رقم {n}": f"by {0 if n < 20 else 20}: {n}" for n in range(40)
    }


def test_condition_is_checked_against_the_file_on_disk(tmp_path: Path) -> None:
    path = make_catalog(tmp_path / "x.po")
    apply_updates(path, [EntryUpdate("جملة رقم 0", "Human translation")])
    only_untranslated = lambda entry: not entry.msgstr  # noqa: E731
    result = apply_updates(
        path,
        [
            EntryUpdate("جملة رقم 0", "MT", fuzzy=True, condition=only_untranslated),
            EntryUpdate("جملة رقم 1", "MT", fuzzy=True, condition=only_untranslated),
        ],
    )
    assert [u.msgid for u in result.skipped] == ["جملة رقم 0"]
    assert [u.msgid for u in result.applied] == ["جملة رقم 1"]
    po = read_po(path)
    assert po.find("جملة رقم 0").msgstr == "Human translation"
    assert po.find("جملة رقم 1").msgstr == "MT" and po.find("جملة رقم 1").fuzzy


def test_entries_removed_or_obsolete_on_disk_are_skipped(tmp_path: Path) -> None:
    path = make_catalog(tmp_path / "x.po")
    po = read_po(path)
    entry = po.find("جملة رقم 2")
    entry.obsolete, entry.msgstr = True, "old"
    write_po(po, path)
    before = path.read_bytes()
    result = apply_updates(
        path, [EntryUpdate("gone from the article", "x"), EntryUpdate("جملة رقم 2", "y")]
    )
    assert not result.applied and len(result.skipped) == 2
    assert path.read_bytes() == before


def test_context_is_part_of_the_key(tmp_path: Path) -> None:
    path = tmp_path / "x.po"
    po = polib.POFile()
    po.metadata = dict(HEADER)
    po.append(polib.POEntry(msgid="Title", msgstr=""))
    po.append(polib.POEntry(msgid="Title", msgctxt="menu", msgstr=""))
    write_po(po, path)
    apply_updates(path, [EntryUpdate("Title", "Menu title", msgctxt="menu")])
    po = read_po(path)
    assert po.find("Title", msgctxt="menu").msgstr == "Menu title"
    assert [e.msgstr for e in po if e.msgctxt is None] == [""]


def test_approval_clears_fuzzy_and_previous_msgid(tmp_path: Path) -> None:
    path = tmp_path / "x.po"
    po = polib.POFile()
    po.metadata = dict(HEADER)
    po.append(fuzzy_entry("new text", "old translation", "old text", previous_msgctxt="old ctx"))
    write_po(po, path)
    assert "#| msgid" in path.read_text(encoding="utf-8")
    apply_updates(path, [EntryUpdate("new text", "approved", translator_comment="checked")])
    entry = read_po(path).find("new text")
    assert entry.msgstr == "approved" and not entry.fuzzy
    assert entry.previous_msgid is None and entry.previous_msgctxt is None
    assert entry.tcomment == "checked"
    assert path.read_text(encoding="utf-8").endswith(
        '# checked\nmsgid "new text"\nmsgstr "approved"\n'
    )


def test_plural_update(tmp_path: Path) -> None:
    path = tmp_path / "x.po"
    po = polib.POFile()
    po.metadata = dict(HEADER)
    po.append(polib.POEntry(msgid="file", msgid_plural="files", msgstr_plural={0: "", 1: ""}))
    write_po(po, path)
    apply_updates(path, [EntryUpdate("file", "", plural_msgstrs={0: "one", 1: "many"})])
    assert read_po(path).find("file").msgstr_plural == {0: "one", 1: "many"}


def test_malformed_catalog_is_never_overwritten(tmp_path: Path) -> None:
    path = make_catalog(tmp_path / "x.po")
    broken = path.read_bytes() + b'\nmsgid "unterminated\nmsgstr ""\n'
    path.write_bytes(broken)
    with pytest.raises(WorkbenchError) as caught:
        apply_updates(path, [EntryUpdate("جملة رقم 1", "x")])
    assert caught.value.path == path and caught.value.line is not None
    assert path.read_bytes() == broken
    assert [p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock")] == ["x.po"]


def test_locked_catalog_times_out_and_is_untouched(tmp_path: Path) -> None:
    path = make_catalog(tmp_path / "x.po")
    before = path.read_bytes()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\nfrom workbench.fileio import file_lock\n"
            "with file_lock(sys.argv[1]):\n    print('held', flush=True)\n    time.sleep(5)\n",
            str(path),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        with pytest.raises(CatalogLocked) as caught:
            apply_updates(path, [EntryUpdate("جملة رقم 1", "x")], timeout=0.3)
    finally:
        holder.kill()
        holder.wait()
    assert caught.value.path == path
    assert path.read_bytes() == before


def test_update_inside_callers_lock_does_not_deadlock(tmp_path: Path) -> None:
    path = make_catalog(tmp_path / "x.po")
    with file_lock(path, timeout=1):
        apply_updates(path, [EntryUpdate("جملة رقم 3", "three")], timeout=1)
    assert "three" in format_po(read_po(path))


def test_an_empty_msgctxt_is_a_context_of_its_own(tmp_path: Path) -> None:
    """GNU keeps ``msgctxt ""`` apart from no msgctxt (msgfmt accepts both in one catalog and
    the .mo keys differ): an update for one must never land on the other."""
    path = tmp_path / "x.po"
    po = polib.POFile()
    po.metadata = dict(HEADER)
    po.append(polib.POEntry(msgctxt="", msgid="نص", msgstr=""))
    po.append(polib.POEntry(msgid="نص", msgstr=""))
    write_po(po, path)
    subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], check=True)
    apply_updates(path, [EntryUpdate("نص", "with empty context", msgctxt="")])
    apply_updates(path, [EntryUpdate("نص", "without context")])
    assert {(e.msgctxt, e.msgstr) for e in read_po(path)} == {
        ("", "with empty context"), (None, "without context")
    }
