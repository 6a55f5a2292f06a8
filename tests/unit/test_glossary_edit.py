"""Adding, importing and exporting terms: atomic, locked, refusing duplicates and conflicts."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import GLOSSARY
from workbench.errors import WorkbenchError
from workbench.glossary import Glossary
from workbench.glossary.edit import (
    FALLBACK_EXPORT_LANGUAGE,
    add_term,
    export_glossary,
    import_glossary,
)
from workbench.glossary.formats import read_glossary


@pytest.fixture()
def project_glossary(tmp_path: Path) -> Path:
    path = tmp_path / "official-titles.tsv"
    shutil.copy(GLOSSARY, path)
    return path


def test_add_appends_one_line_and_keeps_the_rest(project_glossary: Path) -> None:
    before = project_glossary.read_bytes()
    add_term(project_glossary, "الأمين العام", "Secretary-General", "not: General Secretary")
    after = project_glossary.read_bytes()
    assert after.startswith(before)
    assert after[len(before) :].decode() == (
        "الأمين العام\tSecretary-General\tnot: General Secretary\n"
    )
    term = Glossary.load(project_glossary).match("وللأمين العام")[0].term
    assert (term.target, term.rejected) == ("Secretary-General", ("General Secretary",))


def test_add_to_a_file_without_final_newline_and_to_a_new_file(tmp_path: Path) -> None:
    path = tmp_path / "g.tsv"
    path.write_text("فيتنام\tViet Nam", encoding="utf-8")
    add_term(path, "هانوي", "Hanoi")
    assert path.read_text(encoding="utf-8") == "فيتنام\tViet Nam\nهانوي\tHanoi\n"
    fresh = tmp_path / "new.tbx"
    add_term(fresh, "هانوي", "Hanoi", "capital")
    assert [(t.source, t.note) for t in read_glossary(fresh)] == [("هانوي", "capital")]


@pytest.mark.parametrize(
    ("term", "translation", "message", "line"),
    [
        ("فيتنام", "viet  nam", "already in the glossary as 'Viet Nam'", 17),
        ("فِيتْنَام", "Vietnam", "already in the glossary with another translation", 17),
        ("", "X", "no letters", None),
        ("هانوي", " ", "translation is empty", None),
        ("هانوي\tx", "Hanoi", "contains a tab", None),
    ],
)
def test_add_refuses(
    project_glossary: Path, term: str, translation: str, message: str, line: int | None
) -> None:
    before = project_glossary.read_bytes()
    with pytest.raises(WorkbenchError) as caught:
        add_term(project_glossary, term, translation)
    assert message in caught.value.message
    assert caught.value.line == line
    assert project_glossary.read_bytes() == before


def test_concurrent_adds_keep_every_term(project_glossary: Path) -> None:
    script = (
        "import sys; from pathlib import Path; from workbench.glossary.edit import add_term\n"
        "for i in range(15): add_term(Path(sys.argv[1]), f'مصطلح{sys.argv[2]}{i}', f'T{i}')\n"
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", script, str(project_glossary), tag])
        for tag in ("ا", "ب", "ت")
    ]
    assert [p.wait(timeout=60) for p in procs] == [0, 0, 0]
    assert len(read_glossary(project_glossary)) == 20 + 45


def test_import_adds_new_skips_known_and_reports_conflicts(
    project_glossary: Path, tmp_path: Path
) -> None:
    incoming = tmp_path / "in.csv"
    incoming.write_text(
        "source,target,note\n"
        "هانوي,Hanoi,\n"  # already there
        "فيتنام,Vietnam,\n"  # conflict
        "الأمين العام,Secretary-General,not: General Secretary\n",  # new
        encoding="utf-8",
    )
    result = import_glossary(project_glossary, incoming)
    assert [t.source for t in result.added] == ["الأمين العام"]
    assert [t.source for t in result.duplicates] == ["هانوي"]
    assert [(new.target, old.target, old.line) for new, old in result.conflicts] == [
        ("Vietnam", "Viet Nam", 17)
    ]
    terms = read_glossary(project_glossary)
    assert len(terms) == 21
    assert (terms[-1].target, terms[-1].rejected) == ("Secretary-General", ("General Secretary",))


def test_export_then_import_into_an_empty_glossary(project_glossary: Path, tmp_path: Path) -> None:
    tbx = tmp_path / "out.tbx"
    assert export_glossary(project_glossary, tbx) == 20
    target = tmp_path / "copy.tsv"
    result = import_glossary(target, tbx)
    assert len(result.added) == 20
    strip = [(t.source, t.target, t.note, t.rejected) for t in read_glossary(project_glossary)]
    assert [(t.source, t.target, t.note, t.rejected) for t in read_glossary(target)] == strip


def test_tbx_export_names_the_target_language_or_the_fallback(
    project_glossary: Path, tmp_path: Path
) -> None:
    """TBX records the translations' language: the project's primary target language, and
    English when the project configures none."""
    from xml.etree import ElementTree as ET

    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"

    def languages(out: Path) -> set[str]:
        return {lang_set.get(xml_lang) for lang_set in ET.parse(out).iter("langSet")}

    assert export_glossary(project_glossary, tmp_path / "fr.tbx", "fr") == 20
    assert languages(tmp_path / "fr.tbx") == {"ar", "fr"}
    export_glossary(project_glossary, tmp_path / "none.tbx", None)
    assert FALLBACK_EXPORT_LANGUAGE == "en"
    assert languages(tmp_path / "none.tbx") == {"ar", "en"}


def test_a_broken_csv_is_not_rewritten(tmp_path: Path) -> None:
    path = tmp_path / "g.csv"
    path.write_text("source,target\nهانوي,Hanoi\nbroken\n", encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(WorkbenchError) as caught:
        add_term(path, "فيتنام", "Viet Nam")
    assert caught.value.line == 3 and "glossary check" in str(caught.value)
    assert path.read_bytes() == before
