"""``workbench import`` and ``workbench stats`` end to end, including every kind of bad input."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from workbench.catalog import importer
from workbench.catalog.pofile import read_po, write_po
from workbench.cli import main
from workbench.fileio import lock_path_for

pytestmark = pytest.mark.skipif(shutil.which("msgfmt") is None, reason="needs GNU gettext")

SAMPLE = "corpus/hanoi-convention-signing.ar.txt"
CATALOG = Path("locales/en/LC_MESSAGES/hanoi-convention-signing.po")
WORKBENCH = Path(sys.executable).with_name("workbench")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def assert_one_line_error(status: int, err: str, *fragments: str) -> None:
    assert status == 2
    assert err.startswith("workbench: ") and err.count("\n") == 1, err
    for fragment in fragments:
        assert fragment in err


def test_import_creates_a_catalog_msgfmt_accepts(project: Path, capsys) -> None:
    status, out, err = run(capsys, "import", SAMPLE, "--lang", "en")
    assert (status, err) == (0, "")
    assert out == f"{CATALOG.as_posix()}: created, 32 entries\n"
    checked = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(CATALOG)],
                             capture_output=True, text=True)  # fmt: skip
    assert (checked.returncode, checked.stdout, checked.stderr) == (0, "", "")
    assert read_po(CATALOG)[0].occurrences == [(SAMPLE, "1")]


def test_console_script_import_then_unchanged_reimport(project: Path) -> None:
    command = [str(WORKBENCH), "import", SAMPLE, "--lang", "en"]
    first = subprocess.run(command, capture_output=True, text=True, cwd=project)
    assert first.returncode == 0, first.stderr
    before = (project / CATALOG).read_bytes()
    second = subprocess.run(command, capture_output=True, text=True, cwd=project)
    assert second.returncode == 0
    assert second.stdout == f"{CATALOG.as_posix()}: unchanged, 32 entries\n"
    assert (project / CATALOG).read_bytes() == before


def test_reimport_reports_what_msgmerge_would_do(project: Path, capsys) -> None:
    run(capsys, "import", SAMPLE, "--lang", "en")
    po = read_po(CATALOG)
    for entry in po:
        entry.msgstr = "translated"
    write_po(po, CATALOG)
    text = Path(SAMPLE).read_text(encoding="utf-8")
    paragraphs = text.split("\n\n")
    del paragraphs[20]  # "بعد ظهر اليوم، ..."
    revised = "\n\n".join(paragraphs).replace("72 دولة عضواً", "73 دولة عضواً")
    Path(SAMPLE).write_text(revised + "\n\nفقرة جديدة تماماً عن موضوع مختلف.\n", encoding="utf-8")
    status, out, err = run(capsys, "import", SAMPLE, "--lang", "en")
    assert (status, err) == (0, "")
    assert out == f"{CATALOG.as_posix()}: updated, 30 kept, 1 fuzzy, 1 new, 1 obsolete\n"


def test_domain_and_locales_flags(project: Path, capsys) -> None:
    status, out, _ = run(capsys, "import", SAMPLE, "-l", "fr", "-D", "news", "--locales", "out")
    assert status == 0
    assert out.startswith("out/fr/LC_MESSAGES/news.po: created")
    assert not Path("locales").exists()


def test_stats_json_and_table(project: Path, capsys) -> None:
    run(capsys, "import", SAMPLE, "--lang", "en")
    run(capsys, "import", SAMPLE, "--lang", "fr")
    po = read_po(CATALOG)
    po[0].msgstr = "More than 2,500 delegates attended."
    po[1].msgstr, po[1].flags = "In his closing speech...", ["fuzzy"]
    write_po(po, CATALOG)
    status, out, _ = run(capsys, "stats", "--json")
    assert status == 0
    data = json.loads(out)
    assert data["catalogs"][0] == {
        "path": CATALOG.as_posix(), "total": 32, "translated": 1, "fuzzy": 1,
        "untranslated": 30, "obsolete": 0, "source_words": 715, "reviewed": 0,
    }  # fmt: skip
    assert [c["path"] for c in data["catalogs"]] == [
        CATALOG.as_posix(), "locales/fr/LC_MESSAGES/hanoi-convention-signing.po"
    ]  # fmt: skip
    status, out, _ = run(capsys, "stats", str(CATALOG))
    lines = out.splitlines()
    assert status == 0 and len(lines) == 2
    assert lines[1].split() == [CATALOG.as_posix(), "32", "1", "0", "1", "30", "0", "715", "3%"]


def test_stats_without_catalogs_is_bad_input_like_compile(project: Path, capsys) -> None:
    for command in ("stats", "compile"):
        status, out, err = run(capsys, command)
        assert (status, out) == (2, "")
        assert "locales folder not found" in err and "workbench import" in err
    (project / "locales").mkdir()
    status, _, err = run(capsys, "stats", "--json")
    assert status == 2 and "no catalogs found" in err


def test_stats_of_a_missing_catalog(project: Path, capsys) -> None:
    status, _, err = run(capsys, "stats", "nowhere.po")
    assert_one_line_error(status, err, "nowhere.po")


# --- bad input: one-line errors, exit status 2, nothing written --------------------------------


def test_source_not_utf8(project: Path, capsys) -> None:
    Path("corpus/old.ar.txt").write_bytes(b"abc\n\xe3\xd1\xcd\xc8\xc7")
    status, _, err = run(capsys, "import", "corpus/old.ar.txt", "--lang", "en")
    assert_one_line_error(status, err, "corpus/old.ar.txt:2:", "not UTF-8", "byte offset 4")
    assert not Path("locales").exists()


def test_empty_source(project: Path, capsys) -> None:
    Path("corpus/empty.ar.txt").write_text("\n\n", encoding="utf-8")
    status, _, err = run(capsys, "import", "corpus/empty.ar.txt", "--lang", "en")
    assert_one_line_error(status, err, "corpus/empty.ar.txt", "nothing to translate",
                          "no catalog written")  # fmt: skip
    assert not Path("locales").exists()


def test_unknown_language(project: Path, capsys) -> None:
    status, _, err = run(capsys, "import", SAMPLE, "--lang", "klingon")
    assert_one_line_error(status, err, "unknown language code 'klingon'", "Babel")
    assert not Path("locales").exists()


def test_missing_source(project: Path, capsys) -> None:
    status, _, err = run(capsys, "import", "corpus/nope.txt", "--lang", "en")
    assert_one_line_error(status, err, "corpus/nope.txt", "no such source file")
    assert not Path("locales").exists()


def test_locked_catalog(project: Path, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    run(capsys, "import", SAMPLE, "--lang", "en")
    before = CATALOG.read_bytes()
    Path(SAMPLE).write_text("نص جديد كلياً.\n", encoding="utf-8")
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from filelock import FileLock; "
         f"lock = FileLock({str(lock_path_for(CATALOG.resolve()))!r}); lock.acquire(); "
         "print('held', flush=True); time.sleep(30)"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        monkeypatch.setattr(importer, "LOCK_TIMEOUT", 0.2)
        status, _, err = run(capsys, "import", SAMPLE, "--lang", "en")
    finally:
        holder.kill()
        holder.wait()
    assert_one_line_error(
        status, err, f"workbench: {CATALOG.as_posix()}: ", "locked by another process"
    )
    assert CATALOG.read_bytes() == before


def test_read_only_catalog(project: Path, capsys) -> None:
    run(capsys, "import", SAMPLE, "--lang", "en")
    Path(SAMPLE).write_text("نص جديد كلياً.\n", encoding="utf-8")
    before = CATALOG.read_bytes()
    CATALOG.chmod(0o444)
    status, _, err = run(capsys, "import", SAMPLE, "--lang", "en")
    assert_one_line_error(status, err, "read-only")
    assert CATALOG.read_bytes() == before


def test_unwritable_locales_folder(project: Path, capsys) -> None:
    Path("blocked").write_text("a file where the locales folder should be", encoding="utf-8")
    status, _, err = run(capsys, "import", SAMPLE, "--lang", "en", "--locales", "blocked")
    assert_one_line_error(status, err, "cannot create the catalog folder")
    assert Path("blocked").read_text(encoding="utf-8").startswith("a file")


def test_malformed_catalog_is_never_overwritten(project: Path, capsys) -> None:
    CATALOG.parent.mkdir(parents=True)
    CATALOG.write_text('msgid ""\nmsgstr ""\n\nmsgid "a"\nmsgstr "b"\nnonsense here\n',
                       encoding="utf-8")  # fmt: skip
    before = CATALOG.read_bytes()
    status, _, err = run(capsys, "import", SAMPLE, "--lang", "en")
    assert_one_line_error(status, err, f"{CATALOG.name}:6:")  # the line msgfmt also blames
    assert CATALOG.read_bytes() == before
    status, _, err = run(capsys, "stats", str(CATALOG))
    assert_one_line_error(status, err, f"{CATALOG.name}:6:")


# --- review R1 ---------------------------------------------------------------------------------


def test_stats_reports_a_malformed_catalog_and_still_counts_the_others(
    project: Path, capsys
) -> None:
    """Like `compile`, one broken catalog does not hide the progress of all the others; the
    error names it as the table does (relative to the working folder), with its line."""
    run(capsys, "import", SAMPLE, "--lang", "en")
    run(capsys, "import", SAMPLE, "--lang", "fr")
    broken = Path("locales/fr/LC_MESSAGES/hanoi-convention-signing.po")
    broken.write_text('msgid ""\nmsgstr ""\n\nmsgid "a"\nmsgstr "b"\nnonsense here\n',
                      encoding="utf-8")  # fmt: skip
    status, out, err = run(capsys, "stats")
    assert_one_line_error(status, err, f"workbench: {broken.as_posix()}:6: ")
    assert [line.split()[0] for line in out.splitlines()] == ["catalog", CATALOG.as_posix()]
    status, out, err = run(capsys, "stats", "--json")
    assert_one_line_error(status, err, f"{broken.as_posix()}:6:")
    assert [c["path"] for c in json.loads(out)["catalogs"]] == [CATALOG.as_posix()]


def test_import_errors_name_the_catalog_relative_to_the_working_folder(
    project: Path, capsys
) -> None:
    CATALOG.parent.mkdir(parents=True)
    CATALOG.write_text('msgid ""\nmsgstr ""\n\nmsgid "a"\nmsgstr "b"\nnonsense here\n',
                       encoding="utf-8")  # fmt: skip
    status, _, err = run(capsys, "import", SAMPLE, "--lang", "en")
    assert_one_line_error(status, err, f"workbench: {CATALOG.as_posix()}:6: ")
