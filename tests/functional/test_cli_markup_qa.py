"""A translation that breaks the inline markup of an imported page: ``workbench qa`` and
``compile --strict`` report it as a ``markup`` error at the entry's line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from workbench.catalog.pofile import read_po, write_po
from workbench.cli import main

DATA = Path(__file__).resolve().parents[1] / "data" / "documents"
CATALOG = Path("locales/en/LC_MESSAGES/article.po")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture()
def broken(project: Path, capsys) -> int:
    """The sample page imported, every entry translated as itself but one whose markup is
    lost; returns that entry's line."""
    page = project / "corpus" / "article.ar.html"
    shutil.copy(DATA / "article.ar.html", page)
    assert run(capsys, "import", str(page), "--lang", "en")[0] == 0
    po = read_po(CATALOG)
    marked = [entry for entry in po if "<b0>" in entry.msgid or "<a0>" in entry.msgid]
    assert marked, "the sample page has inline markup"
    for entry in po:
        entry.msgstr = entry.msgid
    marked[0].msgstr = "A translation that lost its markup."
    write_po(po, CATALOG)
    return read_po(CATALOG).find(marked[0].msgid).linenum


def test_qa_reports_lost_markup_at_its_line(broken: int, capsys) -> None:
    status, out, _ = run(capsys, "qa", "--json", str(CATALOG))
    assert status == 1
    findings = [f for f in json.loads(out) if f["check"] == "markup"]
    assert findings, out
    assert [(f["line"], f["severity"]) for f in findings] == [(broken, "error")]
    assert "missing from the translation" in findings[0]["message"]


def test_compile_strict_refuses_lost_markup(broken: int, capsys) -> None:
    status, out, _ = run(capsys, "compile", str(CATALOG))
    assert status == 0
    status, out, err = run(capsys, "compile", "--strict", str(CATALOG))
    assert status == 1
    assert f"{CATALOG.as_posix()}:{broken}: [markup] " in err


def test_markup_kept_is_no_finding(project: Path, capsys) -> None:
    page = project / "corpus" / "article.ar.html"
    shutil.copy(DATA / "article.ar.html", page)
    run(capsys, "import", str(page), "--lang", "en")
    po = read_po(CATALOG)
    for entry in po:
        entry.msgstr = entry.msgid
    write_po(po, CATALOG)
    status, out, _ = run(capsys, "qa", "--json", str(CATALOG))
    assert out and not [f for f in json.loads(out) if f["check"] == "markup"]
