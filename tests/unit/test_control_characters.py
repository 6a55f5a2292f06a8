"""A control character never reaches a catalog: the glossary readers refuse it with file:line
(so ctrl+g cannot insert it), the glossary writers refuse it, and the catalog's update path
refuses a translation carrying one its source does not have (a NUL or U+0004 always: the .po
reader refuses those, so a catalog holding one could no longer be opened)."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from tests.support.catalogs import ENGLISH_PLURAL_FORMS, minimal_header
from workbench.catalog.pofile import read_po, write_po
from workbench.catalog.store import EntryUpdate, apply_updates
from workbench.catalog.text_rules import (
    control_character,
    refuse_unreadable_catalog,
    refuse_unwritable_text,
)
from workbench.cli import main
from workbench.errors import WorkbenchError
from workbench.glossary.formats import read_glossary, read_glossary_lenient, write_glossary
from workbench.glossary.model import Term

BAD = ["\x00", "\x01", "\x07", "\x0b", "\x0c", "\x1b", "\x1c", "\x7f", "\x85", "\x9f"]


@pytest.mark.parametrize("char", BAD)
def test_control_characters_are_found(char: str) -> None:
    assert control_character(f"ab{char}c") == char
    assert control_character("a\tb\nc\rd وزير \u200f\u2028") is None
    assert control_character("a\tb", allowed="") == "\t"


def _glossary(tmp_path: Path, kind: str, char: str) -> Path:
    path = tmp_path / f"g.{kind}"
    if kind == "tsv":
        path.write_text(f"# header\nوزير\tMinister\nوزير الأمن\tMini{char}ster\n", "utf-8")
    elif kind == "csv":
        path.write_text(f'source,target\nوزير,Minister\n"وزير الأمن","Mini{char}ster"\n', "utf-8")
    else:
        path.write_text(
            '<?xml version="1.0" encoding="UTF-8"?>\n<martif type="TBX-Basic"><text><body>\n'
            '<termEntry><langSet xml:lang="ar"><tig><term>وزير</term></tig></langSet>'
            '<langSet xml:lang="en"><tig><term>Minister</term></tig></langSet></termEntry>\n'
            '<termEntry><langSet xml:lang="ar"><tig><term>وزير الأمن</term></tig></langSet>'
            f'<langSet xml:lang="en"><tig><term>Mini{char}ster</term></tig></langSet>'
            "</termEntry>\n</body></text></martif>\n",
            "utf-8",
        )
    return path


@pytest.mark.parametrize("kind", ["tsv", "csv", "tbx"])
@pytest.mark.parametrize("char", ["\x00", "\x01", "\x1b", "\x1c", "\x7f", "\x85"])
def test_every_glossary_reader_refuses_a_control_character_with_its_line(
    tmp_path: Path, kind: str, char: str
) -> None:
    if kind == "tbx" and char in "\x00\x01\x1b\x1c":  # XML 1.0 cannot hold these at all
        return _assert_tbx_not_well_formed(tmp_path, char)
    path = _glossary(tmp_path, kind, char)
    line = 4 if kind == "tbx" else 3
    terms, problems = read_glossary_lenient(path)
    assert [t.target for t in terms] == ["Minister"]
    assert [(p.line, p.code) for p in problems] == [(line, "control-character")]
    assert f"U+{ord(char):04X}" in problems[0].message
    with pytest.raises(WorkbenchError) as caught:
        read_glossary(path)
    assert caught.value.path == path and caught.value.line == line
    return None


def _assert_tbx_not_well_formed(tmp_path: Path, char: str) -> None:
    path = _glossary(tmp_path, "tbx", char)
    terms, problems = read_glossary_lenient(path)
    assert terms == [] and [p.line for p in problems] == [4]


def test_a_tab_inside_a_csv_field_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "g.csv"
    path.write_text('وزير,"Min\tister"\n', "utf-8")
    assert [t.target for t in read_glossary(path)] == ["Min\tister"]


def test_tsv_lines_are_counted_at_newlines_only(tmp_path: Path) -> None:
    """str.splitlines() also breaks at U+001C..U+001E, U+0085, U+2028: a control character
    would hide as a line break and shift every later line number."""
    path = tmp_path / "g.tsv"
    path.write_text("وزير\tMin\u2028ister\nأ\x1eب\tx\nوزير الأمن\tMinister\n", "utf-8")
    terms, problems = read_glossary_lenient(path)
    assert [(p.line, p.code) for p in problems] == [(2, "control-character")]
    assert [(t.target, t.line) for t in terms] == [("Min\u2028ister", 1), ("Minister", 3)]


@pytest.mark.parametrize("kind", ["tsv", "csv", "tbx"])
def test_no_glossary_writer_writes_what_its_reader_refuses(tmp_path: Path, kind: str) -> None:
    path = tmp_path / f"g.{kind}"
    with pytest.raises(WorkbenchError, match="U\\+0001"):
        write_glossary(path, [Term("وزير", "Mini\x01ster")], "en")
    assert not path.exists()


def test_glossary_check_and_import_refuse_a_nul_naming_file_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.workbench]\nglossary = "g.tsv"\n', encoding="utf-8"
    )
    (tmp_path / "g.tsv").write_text("وزير\tMinister\n", "utf-8")
    bad = _glossary(tmp_path, "csv", "\x00")
    monkeypatch.chdir(tmp_path)
    assert main(["glossary", "check", str(bad)]) == 1
    out = capsys.readouterr().out
    assert f"{bad}:3: control-character:" in out
    assert main(["glossary", "import", str(bad)]) == 2
    assert f"{bad}:3:" in capsys.readouterr().err
    assert (tmp_path / "g.tsv").read_text("utf-8") == "وزير\tMinister\n"


def _catalog(path: Path) -> Path:
    po = polib.POFile()
    po.metadata = dict(minimal_header("t 1", plural_forms=ENGLISH_PLURAL_FORMS))
    po.append(polib.POEntry(msgid="قال الوزير", msgstr=""))
    po.append(polib.POEntry(msgid="عمود\x1bأ", msgstr=""))  # a source that carries one
    write_po(po, path)
    return path


@pytest.mark.parametrize("char", ["\x00", "\x04", "\x01", "\x1b", "\x85"])
def test_the_update_path_refuses_a_control_character_naming_catalog_and_msgid(
    tmp_path: Path, char: str
) -> None:
    path = _catalog(tmp_path / "x.po")
    before = path.read_bytes()
    with pytest.raises(WorkbenchError) as caught:
        apply_updates(path, [EntryUpdate("قال الوزير", f"The minister{char} said")])
    assert caught.value.path == path
    assert "قال الوزير" in str(caught.value) and f"U+{ord(char):04X}" in str(caught.value)
    assert path.read_bytes() == before
    plural = EntryUpdate("قال الوزير", "", plural_msgstrs={0: "ok", 1: f"bad{char}"})
    with pytest.raises(WorkbenchError):
        apply_updates(path, [plural])
    assert path.read_bytes() == before


def test_tabs_newlines_and_a_control_character_of_the_source_are_written(
    tmp_path: Path,
) -> None:
    path = _catalog(tmp_path / "x.po")
    apply_updates(
        path,
        [EntryUpdate("قال الوزير", "The\tminister\nsaid\r"), EntryUpdate("عمود\x1bأ", "col\x1bA")],
    )
    assert {e.msgid: e.msgstr for e in read_po(path)}["عمود\x1bأ"] == "col\x1bA"


def test_nul_and_u0004_are_refused_in_any_field_of_a_catalog(tmp_path: Path) -> None:
    po = read_po(_catalog(tmp_path / "x.po"))
    refuse_unreadable_catalog(po, tmp_path / "x.po")  # a catalog as read passes
    po[0].msgstr = "a\x04b"
    with pytest.raises(WorkbenchError, match="U\\+0004"):
        refuse_unreadable_catalog(po, tmp_path / "x.po")
    entry = polib.POEntry(msgid="x", msgstr="y", tcomment="bad\x00")
    with pytest.raises(WorkbenchError, match="U\\+0000"):
        refuse_unwritable_text(entry, tmp_path / "x.po")


def test_write_po_refuses_what_the_reader_would_refuse_and_keeps_the_file(
    tmp_path: Path,
) -> None:
    path = _catalog(tmp_path / "x.po")
    before = path.read_bytes()
    po = read_po(path)
    po[0].msgstr = "cut\x00off"
    with pytest.raises(WorkbenchError, match="U\\+0000"):
        write_po(po, path)
    assert path.read_bytes() == before  # nothing half-written, the old catalog intact
    assert [p.name for p in tmp_path.iterdir()] == ["x.po"]  # no temporary left behind


def test_glossary_add_refuses_a_control_character(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.workbench]\nglossary = "g.tsv"\n', encoding="utf-8"
    )
    (tmp_path / "g.tsv").write_text("وزير\tMinister\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["glossary", "add", "وزير الأمن", "Mini\x01ster"]) == 2
    assert "U+0001" in capsys.readouterr().err
    assert (tmp_path / "g.tsv").read_text("utf-8") == "وزير\tMinister\n"


def test_a_source_text_holding_u0004_is_refused_with_its_line(tmp_path: Path) -> None:
    """Found by the property test: import wrote it into a msgid, and the catalog could then no
    longer be read."""
    from workbench.catalog.importer import read_source

    path = tmp_path / "news.ar.txt"
    path.write_bytes("قال الوزير.\nجملة\x04 أخرى.\n".encode())
    with pytest.raises(WorkbenchError, match="U\\+0004") as caught:
        read_source(path)
    assert caught.value.line == 2
