"""``workbench compile`` end to end: imported catalogs, msgfmt as judge, pybabel on the same
layout, errors as ``file:line:`` with exit 1, bad input with exit 2."""

from __future__ import annotations

import gettext
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from workbench.catalog.pofile import read_po, write_po
from workbench.cli import main

pytestmark = pytest.mark.skipif(shutil.which("msgfmt") is None, reason="needs GNU gettext")

SAMPLE = "corpus/hanoi-convention-signing.ar.txt"
DOMAIN = "hanoi-convention-signing"
WORKBENCH = Path(sys.executable).with_name("workbench")
PYBABEL = Path(sys.executable).with_name("pybabel")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def catalog_for(language: str) -> Path:
    return Path("locales") / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def translate_some(catalog: Path, count: int = 5, *, fuzzy_last: bool = True) -> dict[str, str]:
    """Fill the first ``count`` entries (the last one fuzzy); returns the approved ones."""
    po = read_po(catalog)
    approved = {}
    for number, entry in enumerate(po.untranslated_entries()[:count]):
        entry.msgstr = f"English sentence {number}."
        if fuzzy_last and number == count - 1:
            entry.flags.append("fuzzy")
        else:
            approved[entry.msgid] = entry.msgstr
    write_po(po, catalog)
    return approved


def load(mo: Path) -> gettext.GNUTranslations:
    with mo.open("rb") as handle:
        return gettext.GNUTranslations(handle)


def test_compile_imported_catalogs_like_msgfmt(project: Path, capsys) -> None:
    for language in ("en", "ar"):
        assert run(capsys, "import", SAMPLE, "--lang", language)[0] == 0
    approved = translate_some(catalog_for("en"))
    status, out, err = run(capsys, "compile")
    assert (status, err) == (0, ""), err
    assert f"{catalog_for('en').as_posix()}: 4 translated messages compiled to {DOMAIN}.mo" in out
    assert f"{catalog_for('ar').as_posix()}: 0 translated messages compiled" in out
    for language in ("en", "ar"):
        mo = catalog_for(language).with_suffix(".mo")
        gnu = project / f"gnu-{language}.mo"
        subprocess.run(["msgfmt", "-c", "-o", gnu, catalog_for(language)], check=True)
        assert mo.read_bytes() == gnu.read_bytes()
    translations = load(catalog_for("en").with_suffix(".mo"))
    for msgid, msgstr in approved.items():
        assert translations.gettext(msgid) == msgstr
    assert translations.ngettext("x", "xs", 2) == "xs"  # Plural-Forms from the header works
    assert translations.info()["language"] == "en"


def test_second_run_is_up_to_date_and_use_fuzzy_rebuilds(project: Path, capsys) -> None:
    run(capsys, "import", SAMPLE, "--lang", "en")
    translate_some(catalog_for("en"))
    assert run(capsys, "compile")[0] == 0
    mo = catalog_for("en").with_suffix(".mo")
    before = mo.stat()
    status, out, _ = run(capsys, "compile")
    assert status == 0 and out.strip().endswith(": up to date")
    assert (mo.stat().st_ino, mo.stat().st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    status, out, _ = run(capsys, "compile", "--use-fuzzy")
    assert status == 0 and "5 translated messages" in out


def test_errors_are_file_line_and_exit_1_other_catalogs_still_compile(
    project: Path, capsys
) -> None:
    for language in ("en", "fr"):
        run(capsys, "import", SAMPLE, "--lang", language)
    po = read_po(catalog_for("en"))
    entry = po.untranslated_entries()[0]
    entry.msgstr = "ends with a newline\n"
    write_po(po, catalog_for("en"))
    line = next(
        number
        for number, text in enumerate(catalog_for("en").read_text().splitlines(), 1)
        if text.startswith("msgstr") and "newline" in text
    )
    status, out, err = run(capsys, "compile")
    assert status == 1
    where = f"{catalog_for('en').as_posix()}:{line}: "
    assert where + "'msgid' and 'msgstr' entries do not both end with '\\n'" in err
    assert "1 error(s) in 1 catalog(s)" in err
    assert "1 error, not compiled" in out
    assert not catalog_for("en").with_suffix(".mo").exists()
    assert catalog_for("fr").with_suffix(".mo").exists()  # the good catalog still compiled
    gnu = subprocess.run(
        ["msgfmt", "-c", "-o", "/dev/null", catalog_for("en")], capture_output=True, text=True
    )
    assert gnu.returncode == 1 and f":{line}: " in gnu.stderr


def test_named_catalog_and_strict(project: Path, capsys) -> None:
    run(capsys, "import", SAMPLE, "--lang", "en")
    po = read_po(catalog_for("en"))
    entry = next(e for e in po if "2500" in e.msgid)
    entry.msgstr = "More than 250 delegates came."  # number changed: a QA error
    write_po(po, catalog_for("en"))
    status, out, _ = run(capsys, "compile", str(catalog_for("en")))
    assert status == 0 and "1 translated message compiled" in out
    status, out, err = run(capsys, "compile", "--strict", str(catalog_for("en")))
    assert status == 1
    where = f"{catalog_for('en').as_posix()}:{entry.linenum}: "
    assert where + "[numbers] " in err and "not compiled" in out


def test_pybabel_compiles_the_same_layout(project: Path, capsys) -> None:
    run(capsys, "import", SAMPLE, "--lang", "en")
    approved = translate_some(catalog_for("en"))
    done = subprocess.run(
        [str(PYBABEL), "compile", "-d", "locales", "-D", DOMAIN],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    translations = load(catalog_for("en").with_suffix(".mo"))
    for msgid, msgstr in approved.items():
        assert translations.gettext(msgid) == msgstr
    # and a .mo written by someone else is not mistaken for ours: we rebuild it
    status, out, _ = run(capsys, "compile")
    assert status == 0 and "compiled" in out and "up to date" not in out
    assert gettext.translation(DOMAIN, "locales", ["en"]).gettext(next(iter(approved))) == next(
        iter(approved.values())
    )


def test_bad_input_exits_2_with_one_clear_line(project: Path, capsys) -> None:
    status, _, err = run(capsys, "compile")
    assert status == 2 and "locales folder not found" in err and err.count("\n") == 1
    (project / "locales").mkdir()
    status, _, err = run(capsys, "compile")
    assert status == 2 and "no catalogs found" in err
    status, _, err = run(capsys, "compile", "locales/xx/LC_MESSAGES/none.po")
    assert status == 2 and "no such catalog" in err
    status, _, err = run(capsys, "compile", SAMPLE)
    assert status == 2 and "not a .po catalog" in err
    status, _, err = run(capsys, "compile", "locales")  # a folder, as `stats` words it
    assert status == 2 and err == "workbench: locales: is a folder, not a catalog\n"


def test_console_script_runs(project: Path) -> None:
    subprocess.run([str(WORKBENCH), "import", SAMPLE, "--lang", "en"], check=True)
    done = subprocess.run([str(WORKBENCH), "compile"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert catalog_for("en").with_suffix(".mo").exists()


def test_unwritable_mo_is_one_line_naming_it_like_the_other_lines(project: Path, capsys) -> None:
    run(capsys, "import", SAMPLE, "--lang", "en")
    mo = catalog_for("en").with_suffix(".mo")
    mo.mkdir()  # something in the way of the .mo
    status, out, err = run(capsys, "compile")
    assert status == 2 and out == ""
    assert err.startswith(f"workbench: {mo.as_posix()}: cannot write") and err.count("\n") == 1


def test_one_unwritable_mo_does_not_stop_the_other_catalogs(project: Path, capsys) -> None:
    run(capsys, "import", SAMPLE, "--lang", "en")
    run(capsys, "import", SAMPLE, "--lang", "fr")
    blocked = catalog_for("en").with_suffix(".mo")
    blocked.mkdir()
    status, out, err = run(capsys, "compile")
    assert status == 2
    assert err.splitlines() == [
        f"workbench: {blocked.as_posix()}: cannot write: Is a directory "
        "(the previous content is unchanged)"
    ]
    assert out.splitlines() == [
        f"{catalog_for('fr').as_posix()}: 0 translated messages compiled to {DOMAIN}.mo"
    ]
    assert catalog_for("fr").with_suffix(".mo").is_file()


def test_strict_applies_the_english_glossary_to_english_catalogs_only(
    project: Path, capsys
) -> None:
    """A correct French title must not fail the build on the English glossary's terms."""
    run(capsys, "import", SAMPLE, "--lang", "en")
    run(capsys, "import", SAMPLE, "--lang", "fr")
    for lang, title in (("en", "Vietnam"), ("fr", "le Vietnam")):
        po = read_po(catalog_for(lang))
        entry = next(e for e in po if "تؤمن فيتنام" in e.msgid)
        entry.msgstr = f"{title} believes the signing will be a milestone."
        write_po(po, catalog_for(lang))
    status, out, err = run(capsys, "compile", "--strict")
    assert status == 1
    assert "en/LC_MESSAGES" in err and ": [glossary] " in err
    assert "fr/LC_MESSAGES" not in err
