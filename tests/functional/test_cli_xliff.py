"""End to end: ``workbench xliff export`` and ``import``, judged by translate-toolkit
(``po2xliff``, ``xliff2po``), GNU ``msgfmt -c`` and the XLIFF schemas' rules
(:mod:`tests.support.xliff_rules`)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from lxml import etree

from tests.support.xliff_rules import NS1, NS2, xliff_1_2_problems, xliff_2_1_problems
from workbench.catalog.pofile import read_po, write_po
from workbench.cli import main

DOCUMENTS = Path(__file__).resolve().parents[1] / "data" / "documents"
CATALOG = "locales/en/LC_MESSAGES/article.po"
X1 = {"x": NS1}
X2 = {"x": NS2}
TOOLKIT = shutil.which("po2xliff") and shutil.which("xliff2po")
needs_toolkit = pytest.mark.skipif(not TOOLKIT, reason="translate-toolkit is not installed")


@pytest.fixture()
def catalog(project: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """The HTML article imported (entries with inline markup and references), some entries
    translated, one fuzzy with its previous source, plus a context, comments and plurals."""
    shutil.copy(DOCUMENTS / "article.ar.html", project / "article.ar.html")
    assert main(["import", "article.ar.html", "--lang", "en"]) == 0
    path = project / CATALOG
    po = read_po(path)
    entries = [e for e in po if e.msgid and not e.msgid.startswith("<a0>")]
    assert len(entries) > 10
    navigation = next(e for e in po if e.msgid.startswith("<a0>"))
    navigation.msgstr = "<a0>Home</a0> | <a1>World</a1>"
    entries[0].msgstr = "A translated heading"
    entries[1].msgstr = "A translated title"
    entries[2].msgstr = "An unreviewed draft"
    entries[2].flags.append("fuzzy")
    entries[2].previous_msgid = "نص سابق"
    po.metadata["Plural-Forms"] = "nplurals=2; plural=(n != 1);"
    po.append(
        polib.POEntry(
            msgctxt="menu", msgid="ملف", msgstr="File", comment="a menu item",
            tcomment="keep it short", occurrences=[("ui/menu.txt", "4"), ("ui/bar.txt", "")],
        )
    )  # fmt: skip
    po.append(polib.POEntry(msgctxt="verb", msgid="ملف", msgstr=""))
    po.append(
        polib.POEntry(
            msgid="%d وثيقة", msgid_plural="%d وثائق", msgstr_plural={0: "", 1: ""},
            flags=["c-format"],
        )
    )  # fmt: skip
    po.append(polib.POEntry(msgid="سطر أول\nسطر  ثان\t& <ليس وسما>", msgstr=""))
    write_po(po, path)
    capsys.readouterr()
    return path


def export(path: Path, output: Path, version: str = "1.2") -> bytes:
    assert main(["xliff", "export", str(path), "-o", str(output), "--version", version]) == 0
    return output.read_bytes()


@pytest.mark.parametrize("version", ["1.2", "2.1"])
def test_export_and_import_unchanged_leaves_the_catalog_byte_identical(
    catalog: Path, project: Path, version: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = catalog.read_bytes()
    stamp = catalog.stat().st_mtime_ns
    export(catalog, project / "out.xlf", version)
    capsys.readouterr()
    assert main(["xliff", "import", "out.xlf"]) == 0
    assert catalog.read_bytes() == before
    assert catalog.stat().st_mtime_ns == stamp  # not even rewritten
    units = len([e for e in read_po(catalog) if e.msgid])
    assert capsys.readouterr().out == f"{CATALOG}: 0 updated, {units} unchanged\n"


def test_xliff_1_2_export_keeps_the_schema_rules_and_maps_every_part(
    catalog: Path, project: Path
) -> None:
    data = export(catalog, project / "out.xlf")
    assert xliff_1_2_problems(data) == []
    root = etree.fromstring(data)
    file = root.find("x:file", X1)
    assert (file.get("source-language"), file.get("target-language")) == ("ar", "en")
    assert file.get("original") == CATALOG
    menu = root.find(".//x:trans-unit[@resname='menu']", X1)
    assert menu.findtext("x:source", namespaces=X1) == "ملف"
    assert menu.find("x:target", X1).get("state") == "translated"
    assert menu.findtext("x:note[@from='developer']", namespaces=X1) == "a menu item"
    assert menu.findtext("x:note[@from='translator']", namespaces=X1) == "keep it short"
    places = [
        [c.text for c in group] for group in menu.findall("x:context-group", X1)
    ]
    assert places == [["ui/menu.txt", "4"], ["ui/bar.txt"]]
    fuzzy = root.find(".//x:trans-unit[x:target='An unreviewed draft']", X1)
    assert fuzzy.find("x:target", X1).get("state") == "needs-review-translation"
    assert fuzzy.findtext("x:alt-trans/x:source", namespaces=X1) == "نص سابق"
    plural = root.find(".//x:group[@restype='x-gettext-plurals']", X1)
    assert [u.findtext("x:source", namespaces=X1) for u in plural] == ["%d وثيقة", "%d وثائق"]
    assert {u.find("x:target", X1).get("state") for u in plural} == {"new"}
    first = root.find(".//x:trans-unit/x:source/x:bx/..", X1)
    assert [(_name(e), e.get("rid") or e.get("id")) for e in first] == [
        ("bx", "a0"), ("ex", "a0"), ("bx", "a1"), ("ex", "a1"),
    ]  # fmt: skip
    assert [_name(e) for e in first.getparent().find("x:target", X1)] == ["bx", "ex", "bx", "ex"]
    spaced = next(
        u for u in root.iter(f"{{{NS1}}}trans-unit")
        if u.findtext("x:source", namespaces=X1) == "سطر أول\nسطر  ثان\t& <ليس وسما>"
    )  # fmt: skip
    assert spaced.get("{http://www.w3.org/XML/1998/namespace}space") == "preserve"


def _name(element: etree._Element) -> str:
    return etree.QName(element).localname


def test_xliff_2_1_export_keeps_the_schema_rules_and_maps_every_part(
    catalog: Path, project: Path
) -> None:
    data = export(catalog, project / "out.xlf", "2.1")
    assert xliff_2_1_problems(data) == []
    root = etree.fromstring(data)
    assert (root.get("srcLang"), root.get("trgLang")) == ("ar", "en")
    menu = root.find(".//x:unit[@name='menu']", X2)
    assert [(n.get("category"), n.text) for n in menu.find("x:notes", X2)] == [
        ("location", "ui/menu.txt:4"), ("location", "ui/bar.txt"),
        ("developer", "a menu item"), ("translator", "keep it short"),
    ]  # fmt: skip
    assert menu.find("x:segment", X2).get("state") == "translated"
    fuzzy = root.xpath(".//x:unit[x:segment/x:target='An unreviewed draft']", namespaces=X2)[0]
    assert fuzzy.find("x:segment", X2).get("state") == "initial"
    match = fuzzy.find("{urn:oasis:names:tc:xliff:matches:2.0}matches/*")
    assert match.findtext("x:source", namespaces=X2) == "نص سابق"
    plural = root.find(".//x:group[@type='po:plurals']", X2)
    assert len(plural.findall("x:unit", X2)) == 2
    source = root.find(".//x:source[x:sc]", X2)
    assert [(_name(e), e.get("id") or e.get("startRef")) for e in source] == [
        ("sc", "a0"), ("ec", "a0"), ("sc", "a1"), ("ec", "a1"),
    ]  # fmt: skip


@needs_toolkit
def test_translate_toolkit_reads_the_export_back_to_the_same_entries(
    catalog: Path, project: Path, tmp_path: Path
) -> None:
    """``xliff2po`` (translate-toolkit) turns our XLIFF 1.2 back into the catalog's plain
    entries: same sources, translations and fuzzy flags."""
    export(catalog, project / "out.xlf")
    subprocess.run(["xliff2po", "out.xlf", str(tmp_path / "back.po")], check=True,
                   capture_output=True)  # fmt: skip
    ours = {
        e.msgid: (e.msgstr, e.fuzzy) for e in read_po(catalog)
        if e.msgid and not e.msgid_plural and not e.msgctxt and "<" not in e.msgid
    }  # fmt: skip  (xliff2po reads no resname, and writes inline codes its own way)
    assert len(ours) > 5
    theirs = {e.msgid: (e.msgstr, e.fuzzy) for e in polib.pofile(str(tmp_path / "back.po"))}
    assert {k: theirs.get(k) for k in ours} == ours


def save(root: etree._Element, path: Path) -> None:
    """Write an edited XLIFF file, its lines where they were (the declaration kept)."""
    path.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


def _set_target(unit: etree._Element, text: str, state: str, ns: dict[str, str]) -> None:
    target = unit.find("x:target", ns)
    target.text = text
    target.set("state", state)


def test_import_applies_targets_states_and_notes_and_msgfmt_accepts_the_result(
    catalog: Path, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = etree.fromstring(export(catalog, project / "out.xlf"))
    untranslated = root.find(".//x:trans-unit[@resname='verb']", X1)
    _set_target(untranslated, "to file", "translated", X1)
    fuzzy = root.find(".//x:trans-unit[x:target='An unreviewed draft']", X1)
    _set_target(fuzzy, "A reviewed sentence", "final", X1)
    menu = root.find(".//x:trans-unit[@resname='menu']", X1)
    _set_target(menu, "File…", "needs-review-translation", X1)
    menu.find("x:note[@from='translator']", X1).text = "agency: check length"
    for index, unit in enumerate(root.find(".//x:group", X1)):
        _set_target(unit, f"%d document{'s' * index}", "translated", X1)
    first = root.find(".//x:trans-unit/x:source/x:bx/../..", X1)
    target = first.find("x:target", X1)  # the placeholders moved: the world first
    for child in list(target):
        target.remove(child)
    target.text = None
    pieces = [("bx", "a1"), ("World", None), ("ex", "a1"), (" · ", None), ("bx", "a0"),
              ("Home", None), ("ex", "a0")]  # fmt: skip
    last = None
    for text, rid in pieces:
        if rid is None:
            if last is None:
                target.text = (target.text or "") + text
            else:
                last.tail = (last.tail or "") + text
            continue
        last = etree.SubElement(target, f"{{{NS1}}}{text}", id=rid, rid=rid)
    target.set("state", "translated")
    save(root, project / "out.xlf")
    capsys.readouterr()
    assert main(["xliff", "import", "out.xlf"]) == 0
    assert capsys.readouterr().out.startswith(f"{CATALOG}: 5 updated, ")
    po = read_po(catalog)
    verb = po.find("ملف", msgctxt="verb")
    assert (verb.msgstr, verb.fuzzy) == ("to file", False)
    reviewed = po.find("A reviewed sentence", by="msgstr")
    assert not reviewed.fuzzy and reviewed.previous_msgid is None
    menu_entry = po.find("ملف", msgctxt="menu")
    assert (menu_entry.msgstr, menu_entry.fuzzy) == ("File…", True)
    assert menu_entry.tcomment == "agency: check length"
    plural = po.find("%d وثيقة")
    assert plural.msgstr_plural == {0: "%d document", 1: "%d documents"}
    assert "c-format" in plural.flags
    assert po.find("<a1>World</a1> · <a0>Home</a0>", by="msgstr") is not None
    checked = subprocess.run(
        ["msgfmt", "-c", "-o", "/dev/null", str(catalog)], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stderr
    after = catalog.read_bytes()
    assert main(["xliff", "import", "out.xlf"]) == 0  # a second import changes nothing
    assert catalog.read_bytes() == after


def test_xliff_2_1_import_applies_states(catalog: Path, project: Path) -> None:
    root = etree.fromstring(export(catalog, project / "out.xlf", "2.1"))
    verb = root.find(".//x:unit[@name='verb']/x:segment", X2)
    verb.find("x:target", X2).text = "to file"
    verb.set("state", "reviewed")
    draft = root.find(".//x:unit[@name='menu']/x:segment", X2)
    draft.set("state", "initial")
    save(root, project / "out.xlf")
    assert main(["xliff", "import", "out.xlf"]) == 0
    po = read_po(catalog)
    assert (po.find("ملف", msgctxt="verb").msgstr, po.find("ملف", msgctxt="verb").fuzzy) == (
        "to file", False,
    )  # fmt: skip
    assert po.find("ملف", msgctxt="menu").fuzzy


@needs_toolkit
def test_a_file_written_by_po2xliff_imports(project: Path, tmp_path: Path) -> None:
    """translate-toolkit's ``po2xliff`` writes XLIFF 1.1, no resname, ``en-US`` as source
    language and a header unit: it still imports, matched by source."""
    catalog = project / "locales/en/LC_MESSAGES/plain.po"
    catalog.parent.mkdir(parents=True)
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "en"}
    po.append(polib.POEntry(msgid="وقعت الاتفاقية.", msgstr=""))
    po.append(polib.POEntry(msgid="قال الوزير.", msgstr="The minister said.", flags=["fuzzy"]))
    write_po(po, catalog)
    subprocess.run(["po2xliff", str(catalog), "tk.xlf"], check=True, capture_output=True)
    root = etree.parse("tk.xlf").getroot()
    namespace = {"x": etree.QName(root).namespace}
    assert namespace["x"] == "urn:oasis:names:tc:xliff:document:1.1"
    unit = root.find(".//x:trans-unit[x:source='وقعت الاتفاقية.']", namespace)
    target = unit.find("x:target", namespace)
    if target is None:
        target = etree.SubElement(unit, f"{{{namespace['x']}}}target")
    target.text = "The convention was signed."
    target.set("state", "translated")
    unit.set("approved", "yes")
    save(root, Path("tk.xlf"))
    assert main(["xliff", "import", "tk.xlf", "--into", str(catalog)]) == 0
    back = read_po(catalog)
    assert back.find("وقعت الاتفاقية.").msgstr == "The convention was signed."
    assert back.find("قال الوزير.").fuzzy  # untouched


def test_a_source_changed_since_the_export_is_reported_not_overwritten(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = project / "news.ar.txt"
    source.write_text("وقعت الاتفاقية في هانوي.\nقال الوزير إن الاتفاق مهم.\n", encoding="utf-8")
    assert main(["import", "news.ar.txt", "--lang", "en"]) == 0
    catalog = project / "locales/en/LC_MESSAGES/news.po"
    root = etree.fromstring(export(catalog, project / "out.xlf"))
    for unit in root.iter(f"{{{NS1}}}trans-unit"):
        _set_target(unit, "Translated by the agency", "translated", X1)
    save(root, project / "out.xlf")
    source.write_text("وقعت الاتفاقية في هانوي.\nقال الوزير إن الاتفاق مهم جدا.\n", "utf-8")
    assert main(["import", "news.ar.txt", "--lang", "en"]) == 0  # msgmerge: fuzzy, #| msgid
    capsys.readouterr()
    assert main(["xliff", "import", "out.xlf"]) == 1
    captured = capsys.readouterr()
    changed_line = next(
        u.sourceline for u in root.iter(f"{{{NS1}}}trans-unit")
        if u.findtext("x:source", namespaces=X1) == "قال الوزير إن الاتفاق مهم."
    )  # fmt: skip
    assert captured.err.startswith(f"out.xlf:{changed_line}: warning: [source-changed] ")
    assert captured.err.count("\n") == 1
    assert captured.out == "locales/en/LC_MESSAGES/news.po: 1 updated, 0 unchanged, 1 not applied\n"
    po = read_po(catalog)
    assert po.find("وقعت الاتفاقية في هانوي.").msgstr == "Translated by the agency"
    assert po.find("قال الوزير إن الاتفاق مهم جدا.").msgstr == ""


def test_a_unit_matching_no_entry_is_reported(
    catalog: Path, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = etree.fromstring(export(catalog, project / "out.xlf"))
    unit = root.find(".//x:trans-unit[@resname='verb']", X1)
    unit.set("resname", "noun")
    _set_target(unit, "a file", "translated", X1)
    save(root, project / "out.xlf")
    before = catalog.read_bytes()
    capsys.readouterr()
    assert main(["xliff", "import", "out.xlf"]) == 1
    error = capsys.readouterr().err
    assert error == (
        f"out.xlf:{unit.sourceline}: warning: [no-entry] no entry of article.po has this "
        "source\n"
    )
    assert catalog.read_bytes() == before


HEAD_1 = '<?xml version="1.0"?>\n'
XLIFF_1 = (
    f'<xliff xmlns="{NS1}" version="1.2">\n'
    '<file original="locales/en/LC_MESSAGES/article.po" source-language="{src}"'
    ' target-language="{trg}" datatype="po"><body>\n'
    '<trans-unit id="1"><source>{text}</source><target state="translated">X</target>'
    "</trans-unit>\n</body></file></xliff>\n"
)


@pytest.mark.parametrize(
    ("content", "line", "message"),
    [
        ("this is no XML\n", 1, "not well-formed XML: syntax error"),
        (HEAD_1 + "<tmx version='1.4'/>\n", 2, "not an XLIFF file: the document element is <tmx>"),
        (HEAD_1 + f'<xliff xmlns="{NS1}" version="3.0"/>\n', 2, "unknown XLIFF version '3.0'"),
        (
            HEAD_1 + XLIFF_1.format(src="fr", trg="en", text="Bonjour"), 3,
            "the source language is 'fr', not Arabic",
        ),
        (
            HEAD_1 + XLIFF_1.format(src="ar", trg="de", text="مرحبا"), 3,
            "the target language is 'de' but",
        ),
        (
            HEAD_1 + '<!DOCTYPE xliff [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n'
            + XLIFF_1.format(src="ar", trg="en", text="&secret;"), 2,
            "the file has a document type declaration",
        ),
        (
            HEAD_1 + '<!DOCTYPE xliff [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>\n'
            + XLIFF_1.format(src="ar", trg="en", text="&b;"), 2,
            "the file has a document type declaration",
        ),
        (HEAD_1 + XLIFF_1.format(src="ar", trg="en", text="&undeclared;"), 4,
         "not well-formed XML: undefined entity"),
        (HEAD_1 + XLIFF_1.format(src="ar", trg="en", text="").replace(
            "<source></source>", ""), 4, "<trans-unit> has no <source>"),
    ],
)  # fmt: skip
def test_bad_input_is_one_line_naming_file_and_line_and_changes_nothing(
    catalog: Path, project: Path, capsys: pytest.CaptureFixture[str],
    content: str, line: int, message: str,
) -> None:  # fmt: skip
    (project / "bad.xlf").write_text(content, encoding="utf-8")
    before = catalog.read_bytes()
    capsys.readouterr()
    assert main(["xliff", "import", "bad.xlf", "--into", CATALOG]) == 2
    error = capsys.readouterr().err
    assert error.startswith(f"workbench: bad.xlf:{line}: {message}")
    assert error.count("\n") == 1
    assert catalog.read_bytes() == before


def test_export_refuses_a_character_xml_cannot_carry(
    catalog: Path, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    po = read_po(catalog)
    po.append(polib.POEntry(msgid="جرس\x07", msgstr=""))
    write_po(po, catalog)
    line = next(e.linenum for e in read_po(catalog) if e.msgid == "جرس\x07")
    capsys.readouterr()
    assert main(["xliff", "export", CATALOG, "-o", "out.xlf"]) == 2
    assert capsys.readouterr().err.startswith(
        f"workbench: {CATALOG}:{line}: the entry holds U+0007, a character XML cannot carry"
    )
    assert not (project / "out.xlf").exists()


def test_an_entry_another_writer_changes_during_the_import_is_kept_and_reported(
    catalog: Path, project: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    """The TUI saves the entry between the import's read and its write: the import's update
    is checked against the entry on disk under the lock, and skipped."""
    import workbench.interchange.xliff as xliff_module
    from workbench.catalog.store import EntryUpdate, apply_updates

    root = etree.fromstring(export(catalog, project / "out.xlf"))
    _set_target(root.find(".//x:trans-unit[@resname='verb']", X1), "to file", "translated", X1)
    save(root, project / "out.xlf")

    def translator_saves_first(path, updates):
        apply_updates(path, [EntryUpdate("ملف", "to archive", msgctxt="verb")])
        return apply_updates(path, updates)

    monkeypatch.setattr(xliff_module, "apply_updates", translator_saves_first)
    capsys.readouterr()
    assert main(["xliff", "import", "out.xlf"]) == 1
    assert "warning: [changed-meanwhile] the entry changed while importing" in (
        capsys.readouterr().err
    )
    assert read_po(catalog).find("ملف", msgctxt="verb").msgstr == "to archive"
