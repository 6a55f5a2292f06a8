"""The review state through XLIFF: reviewed entries exported as ``final`` (1.2 and 2.1), a
``final`` unit imported as reviewed, the marks never in the translator note, and the round trip
still byte-identical."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from lxml import etree

from tests.functional.test_cli_xliff import X1, X2, catalog, export, save  # noqa: F401
from tests.support.xliff_rules import xliff_1_2_problems, xliff_2_1_problems
from workbench.catalog.pofile import read_po, write_po
from workbench.catalog.review import dismissed_checks, has_review_mark, is_reviewed, set_reviewed
from workbench.cli import main

HEADING = "A translated heading"
TITLE = "A translated title"


@pytest.fixture()
def reviewed(catalog: Path) -> Path:  # noqa: F811 - the fixture imported above
    """The XLIFF tests' catalog with the heading reviewed (a dismissal and a note of the
    translator's beside the mark) and the plural entry translated and reviewed."""
    po = read_po(catalog)
    heading = po.find(HEADING, by="msgstr")
    set_reviewed(heading, True)
    heading.tcomment += "\nwb-dismissed: numbers\nchecked with the desk"
    plural = po.find("%d وثيقة")
    plural.msgstr_plural = {0: "%d document", 1: "%d documents"}
    set_reviewed(plural, True)
    write_po(po, catalog)
    return catalog


@pytest.mark.parametrize("version", ["1.2", "2.1"])
def test_reviewed_entries_round_trip_byte_identical(
    reviewed: Path, project: Path, version: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = reviewed.read_bytes()
    data = export(reviewed, project / "out.xlf", version)
    assert b"wb-reviewed" not in data and b"wb-dismissed" not in data
    assert b"checked with the desk" in data
    problems = xliff_1_2_problems(data) if version == "1.2" else xliff_2_1_problems(data)
    assert problems == []
    assert main(["xliff", "import", "out.xlf"]) == 0
    assert reviewed.read_bytes() == before


def test_xliff_1_2_says_final_for_reviewed_and_translated_for_the_rest(
    reviewed: Path, project: Path
) -> None:
    root = etree.fromstring(export(reviewed, project / "out.xlf"))
    states = {
        unit.find("x:target", X1).text: unit.find("x:target", X1).get("state")
        for unit in root.iterfind(".//x:trans-unit", X1)
    }
    assert states[HEADING] == "final" and states[TITLE] == "translated"
    assert states["%d document"] == states["%d documents"] == "final"
    assert states["An unreviewed draft"] == "needs-review-translation"


def test_xliff_2_1_says_final_for_reviewed(reviewed: Path, project: Path) -> None:
    root = etree.fromstring(export(reviewed, project / "out.xlf", "2.1"))
    states = {
        segment.find("x:target", X2).text: segment.get("state")
        for segment in root.iterfind(".//x:segment", X2)
    }
    assert states[HEADING] == "final" and states[TITLE] == "translated"
    assert states["%d documents"] == "final"


def _unit_1(root: etree._Element, text: str) -> etree._Element:
    unit = root.find(f".//x:trans-unit[x:target='{text}']", X1)
    assert unit is not None, text
    return unit


def test_import_final_marks_reviewed_and_a_changed_target_clears_the_mark(
    reviewed: Path, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = etree.fromstring(export(reviewed, project / "out.xlf"))
    _unit_1(root, TITLE).find("x:target", X1).set("state", "final")  # the agency reviewed
    heading = _unit_1(root, HEADING).find("x:target", X1)
    heading.text, heading.attrib["state"] = "A heading, edited", "translated"
    note = _unit_1(root, "A heading, edited").find("x:note[@from='translator']", X1)
    note.text = "agency: edited"
    save(root, project / "out.xlf")
    capsys.readouterr()
    assert main(["xliff", "import", "out.xlf"]) == 0
    assert capsys.readouterr().out.startswith("locales/en/LC_MESSAGES/article.po: 2 updated")
    po = read_po(reviewed)
    assert is_reviewed(po.find(TITLE, by="msgstr"))
    edited = po.find("A heading, edited", by="msgstr")
    assert not has_review_mark(edited.tcomment)
    assert edited.tcomment == "wb-dismissed: numbers\nagency: edited"  # the dismissal stays
    assert dismissed_checks(edited.tcomment) == {"numbers"}
    judged = subprocess.run(
        ["msgfmt", "-c", "-o", "/dev/null", str(reviewed)], capture_output=True, text=True
    )
    assert judged.returncode == 0, judged.stderr


def test_import_of_2_1_reviewed_or_final_marks_reviewed_and_initial_clears(
    reviewed: Path, project: Path
) -> None:
    root = etree.fromstring(export(reviewed, project / "out.xlf", "2.1"))
    for segment in root.iterfind(".//x:segment", X2):
        text = segment.find("x:target", X2).text
        if text == TITLE:
            segment.set("state", "reviewed")
        elif text == HEADING:
            segment.set("state", "initial")  # sent back: needs work
    save(root, project / "out.xlf")
    assert main(["xliff", "import", "out.xlf"]) == 0
    po = read_po(reviewed)
    assert is_reviewed(po.find(TITLE, by="msgstr"))
    heading = po.find(HEADING, by="msgstr")
    assert heading.fuzzy and not has_review_mark(heading.tcomment)


@pytest.mark.skipif(not shutil.which("po2xliff"), reason="translate-toolkit is not installed")
def test_a_tool_without_a_review_state_never_erases_one(project: Path) -> None:
    """po2xliff writes ``translated`` (and our marks as note text): importing its file back
    keeps the review mark, once, and the catalog as it was."""
    plain = project / "locales/en/LC_MESSAGES/plain.po"
    plain.parent.mkdir(parents=True)
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "en"}
    po.append(polib.POEntry(msgid="وقعت الاتفاقية.", msgstr="The convention was signed."))
    po.append(polib.POEntry(msgid="قال الوزير.", msgstr="The minister said.", tcomment="mine"))
    for entry in po:
        set_reviewed(entry, True)
    po[0].tcomment += "\nwb-dismissed: numbers"
    write_po(po, plain)
    before = plain.read_bytes()
    subprocess.run(["po2xliff", str(plain), "tk.xlf"], check=True, capture_output=True)
    assert b"wb-reviewed" in Path("tk.xlf").read_bytes()
    assert main(["xliff", "import", "tk.xlf", "--into", str(plain)]) == 0
    assert plain.read_bytes() == before
