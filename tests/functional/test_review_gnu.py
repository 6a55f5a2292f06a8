"""The reviewer's marks judged by the GNU tools, and end to end through the CLI.

Why translator comments and not ``#,`` flags: GNU msgmerge and msgcat drop a flag they do not
know (the first test shows it), while they keep translator comments; ``msgfmt -c`` says nothing
about either."""

from __future__ import annotations

import gettext
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.unit.test_merge import merge_both, outcome, revise, template_of, translated_catalog
from workbench.catalog.pofile import read_po, write_po
from workbench.catalog.review import (
    dismissed_checks,
    has_review_mark,
    is_reviewed,
    set_reviewed,
    with_dismissed,
)
from workbench.cli import main

pytestmark = pytest.mark.skipif(
    shutil.which("msgmerge") is None or shutil.which("msgfmt") is None,
    reason="needs GNU gettext",
)

SAMPLE = "corpus/hanoi-convention-signing.ar.txt"
CATALOG = Path("locales/en/LC_MESSAGES/hanoi-convention-signing.po")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def msgfmt_check(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True
    )


def test_gnu_tools_drop_an_unknown_flag_which_is_why_marks_are_comments(
    sample_text: str, tmp_path: Path
) -> None:
    """msgcat and msgmerge (and our writer, which writes as msgcat) lose ``#, reviewed``."""
    old = translated_catalog(sample_text)
    write_po(old, tmp_path / "old.po")
    text = (tmp_path / "old.po").read_text(encoding="utf-8")
    flagged = text.replace("#: corpus/hanoi-convention-signing.ar.txt:1\n", "#: corpus/hanoi"
                              "-convention-signing.ar.txt:1\n#, reviewed\n", 1)  # fmt: skip
    assert flagged.count("#, reviewed\n") == 1
    (tmp_path / "flagged.po").write_text(flagged, encoding="utf-8")
    write_po(template_of(sample_text), tmp_path / "new.pot")
    for command in (
        ["msgcat", str(tmp_path / "flagged.po")],
        ["msgmerge", "--quiet", str(tmp_path / "flagged.po"), str(tmp_path / "new.pot")],
    ):
        result = subprocess.run(command, capture_output=True, text=True, check=True)
        assert "English sentence 1." in result.stdout and "reviewed" not in result.stdout
    write_po(read_po(tmp_path / "flagged.po"), tmp_path / "ours.po")
    assert "reviewed" not in (tmp_path / "ours.po").read_text(encoding="utf-8")


def test_marks_pass_msgfmt_c_silently_and_msgmerge_keeps_them(
    sample_text: str, tmp_path: Path
) -> None:
    old = translated_catalog(sample_text)
    unchanged, revised = old[1], old[0]  # entry 0's numbers change in the revision
    for entry in (unchanged, revised):
        set_reviewed(entry, True)
        entry.tcomment = with_dismissed(entry.tcomment, ["numbers", "end-punctuation"])
    write_po(old, tmp_path / "marked.po")
    judged = msgfmt_check(tmp_path / "marked.po")
    assert (judged.returncode, judged.stdout, judged.stderr) == (0, "", "")

    ours, gnu = merge_both(old, template_of(revise(sample_text)), tmp_path)
    assert outcome(ours) == outcome([e for e in gnu if not e.obsolete] + [
        e for e in gnu if e.obsolete
    ])  # our re-import keeps them exactly as msgmerge does
    by_msgid = {entry.msgid: entry for entry in gnu}
    kept = by_msgid[unchanged.msgid]
    assert is_reviewed(kept) and dismissed_checks(kept.tcomment) == {"numbers", "end-punctuation"}
    fuzzy = next(e for e in gnu if e.previous_msgid == revised.msgid)
    assert "fuzzy" in fuzzy.flags and has_review_mark(fuzzy.tcomment)
    assert not is_reviewed(fuzzy)  # the source changed: the mark is stale, not counted
    assert dismissed_checks(fuzzy.tcomment) == {"numbers", "end-punctuation"}
    judged = msgfmt_check(tmp_path / "gnu.po")
    assert (judged.returncode, judged.stderr) == (0, "")


# --- end to end -----------------------------------------------------------------------------


@pytest.fixture()
def translated(project: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """The sample imported into English, three entries translated: the first drops a number
    (a QA error), the second is right, the third drops a number too."""
    assert run(capsys, "import", SAMPLE, "--lang", "en")[0] == 0
    po = read_po(CATALOG)
    po[0].msgstr = "The signing ceremony welcomed many delegates."
    po[1].msgstr = "The convention was signed."
    po[2].msgstr = "Delegates from many countries attended."
    write_po(po, CATALOG)
    return CATALOG


def numbers_errors(out: str) -> int:
    return sum("[numbers]" in line for line in out.splitlines())


def test_a_dismissed_finding_leaves_qa_and_compile_strict(
    translated: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(capsys, "qa", "--json")
    first = [r for r in json.loads(out) if r["check"] == "numbers" and r["line"]]
    assert status == 1 and len(first) >= 1
    status, _, err = run(capsys, "compile", "--strict")
    assert status == 1 and "[numbers]" in err

    po = read_po(translated)
    for entry in po:  # dismiss every numbers finding, by hand as a translator would
        if entry.msgstr:
            entry.tcomment = "wb-dismissed: numbers"
    write_po(po, translated)
    status, out, _ = run(capsys, "qa")
    assert numbers_errors(out) == 0 and "dismissed (qa --show-dismissed lists them)" in out
    status, out, _ = run(capsys, "qa", "--show-dismissed")
    assert status == 0 and numbers_errors(out) >= 1
    numbers = [line for line in out.splitlines() if "[numbers]" in line]
    assert all("dismissed error: [numbers]" in line for line in numbers)
    status, out, err = run(capsys, "compile", "--strict")
    assert (status, err) == (0, ""), err
    records = json.loads(run(capsys, "qa", "--json", "--show-dismissed")[1])
    assert records and {r["dismissed"] for r in records if r["check"] == "numbers"} == {True}


def test_stats_and_compile_reviewed_only(
    translated: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    po = read_po(translated)
    set_reviewed(po[1], True)
    write_po(po, translated)
    data = json.loads(run(capsys, "stats", "--json")[1])
    row = data["catalogs"][0]
    assert (row["translated"], row["reviewed"]) == (3, 1)
    status, out, _ = run(capsys, "stats")
    assert out.splitlines()[0].split()[2:4] == ["translated", "reviewed"]
    assert out.splitlines()[1].split()[2:4] == ["3", "1"]
    analysis = json.loads(run(capsys, "stats", "--analysis", "--json")[1])
    status = analysis["catalogs"][0]["status"]
    assert list(status)[:2] == ["translated", "reviewed"]
    assert status["reviewed"]["segments"] == 1 and status["translated"]["segments"] == 3
    assert 0 < status["reviewed"]["words"] < status["translated"]["words"]
    assert status["total"]["segments"] == sum(  # reviewed is a part of translated
        status[name]["segments"] for name in ("translated", "fuzzy", "untranslated")
    )
    assert analysis["total"]["status"]["reviewed"] == status["reviewed"]
    table = run(capsys, "stats", "--analysis")[1].splitlines()
    assert table[1].split()[0] == "translated" and table[2].split()[:2] == ["reviewed", "1"]

    status, out, err = run(capsys, "compile", "--reviewed-only")
    assert (status, err) == (0, ""), err
    assert "1 translated message compiled to" in out and "(2 not reviewed left out)" in out
    with translated.with_suffix(".mo").open("rb") as handle:
        mo = gettext.GNUTranslations(handle)
    assert mo.gettext(po[1].msgid) == "The convention was signed."
    assert mo.gettext(po[0].msgid) == po[0].msgid

    status, out, err = run(capsys, "compile", "--reviewed-only", "--use-fuzzy")
    assert status == 2 and len(err.splitlines()) == 1 and "exclude each other" in err
