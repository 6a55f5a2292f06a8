"""Adding, importing and exporting terms: atomic, locked, refusing duplicates and conflicts."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import GLOSSARY
from tests.unit.test_glossary_formats import TBX_TRILINGUAL
from workbench.errors import WorkbenchError
from workbench.glossary import Glossary
from workbench.glossary.edit import add_term, export_glossary, import_glossary
from workbench.glossary.formats import read_glossary
from workbench.glossary.formats.tbx import FALLBACK_TARGET_LANGUAGE


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
    assert FALLBACK_TARGET_LANGUAGE == "en"
    assert languages(tmp_path / "none.tbx") == {"ar", "en"}


def test_a_broken_csv_is_not_rewritten(tmp_path: Path) -> None:
    path = tmp_path / "g.csv"
    path.write_text("source,target\nهانوي,Hanoi\nbroken\n", encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(WorkbenchError) as caught:
        add_term(path, "فيتنام", "Viet Nam")
    assert caught.value.line == 3 and "glossary check" in str(caught.value)
    assert path.read_bytes() == before


def _tbx_languages(path: Path) -> list[str]:
    """The ``xml:lang`` of every langSet of a TBX file, parsed as XML."""
    from xml.etree import ElementTree as ET

    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    return sorted({str(s.get(xml_lang)) for s in ET.parse(path).iter("langSet")})


@pytest.mark.parametrize("configured", ["en", "fr", None])
def test_add_to_a_french_tbx_keeps_it_french(
    project_glossary: Path, tmp_path: Path, configured: str | None
) -> None:
    """Rewriting a TBX glossary keeps the language it records, whatever the project says."""
    french = tmp_path / "fr.tbx"
    export_glossary(project_glossary, french, "fr")
    add_term(french, "الأمين العام", "Secrétaire général", target_language=configured)
    assert _tbx_languages(french) == ["ar", "fr"]
    terms = read_glossary(french, target_language="fr")
    assert len(terms) == 21 and terms[-1].target == "Secrétaire général"
    incoming = tmp_path / "in.tsv"
    incoming.write_text("سيول\tSéoul\n", encoding="utf-8")
    assert len(import_glossary(french, incoming, target_language=configured).added) == 1
    assert _tbx_languages(french) == ["ar", "fr"]
    assert len(read_glossary(french)) == 22


def test_add_keeps_the_tag_as_the_file_spells_it(project_glossary: Path, tmp_path: Path) -> None:
    tbx = tmp_path / "g.tbx"
    export_glossary(project_glossary, tbx, "fr_CA")
    assert _tbx_languages(tbx) == ["ar", "fr-CA"]
    tbx.write_text(tbx.read_text(encoding="utf-8").replace('"fr-CA"', '"FR-CA"'), "utf-8")
    add_term(tbx, "سيول", "Séoul", target_language="fr")
    assert _tbx_languages(tbx) == ["FR-CA", "ar"]


def test_a_new_tbx_is_written_in_the_configured_language(tmp_path: Path) -> None:
    french = tmp_path / "new-fr.tbx"
    add_term(french, "هانوي", "Hanoï", target_language="fr")
    assert _tbx_languages(french) == ["ar", "fr"]
    unset = tmp_path / "new.tbx"
    add_term(unset, "هانوي", "Hanoi")
    assert _tbx_languages(unset) == ["ar", FALLBACK_TARGET_LANGUAGE]
    imported = tmp_path / "imported.tbx"
    import_glossary(imported, french, target_language="de")
    assert _tbx_languages(imported) == ["ar", "de"]


def test_a_multilingual_tbx_is_read_in_the_project_language_and_never_rewritten(
    tmp_path: Path,
) -> None:
    """Of an ar + en + fr TBX, a French project reads the French terms; adding to it would
    drop the English (and other) terms, so it is refused and the file is left as it was."""
    tbx = tmp_path / "multi.tbx"
    tbx.write_text(TBX_TRILINGUAL, encoding="utf-8")
    with pytest.raises(WorkbenchError, match="already in the glossary as 'Séoul'"):
        add_term(tbx, "سيول", "Séoul", target_language="fr")
    with pytest.raises(WorkbenchError, match="translations in several languages") as refused:
        add_term(tbx, "هانوي", "Hanoï", target_language="fr")
    assert refused.value.path == tbx and "glossary export" in (refused.value.hint or "")
    assert tbx.read_text(encoding="utf-8") == TBX_TRILINGUAL
    assert "Séoul" in [t.target for t in read_glossary(tbx, target_language="fr")]
