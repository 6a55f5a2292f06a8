"""Glossary formats: TSV (OmegaT layout), CSV, TBX-Basic; round trips and malformed input."""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import GLOSSARY
from workbench.errors import WorkbenchError
from workbench.glossary import Glossary, Term
from workbench.glossary.formats import (
    read_glossary,
    read_glossary_lenient,
    recorded_target_language,
    write_glossary,
)
from workbench.glossary.formats.tbx import FALLBACK_TARGET_LANGUAGE, pick_target_language

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def content(terms: list[Term]) -> list[tuple[str, str, str, tuple[str, ...]]]:
    return [(t.source, t.target, t.note, t.rejected) for t in terms]


def test_project_tsv_reads_notes_and_rejected_renderings() -> None:
    terms = read_glossary(GLOSSARY)
    assert len(terms) == 20
    by_source = {t.source: t for t in terms}
    assert by_source["فيتنام"].target == "Viet Nam"
    assert by_source["فيتنام"].rejected == ("Vietnam",)
    assert by_source["فيتنام"].note == "United Nations country name"
    assert by_source["لونغ تام كوانغ"].rejected == ("Long Tam Quang", "Luong Tam Kuang")
    assert by_source["الأمم المتحدة"].note == ""
    assert by_source["وزير الأمن العام"].line == 3  # after two comment lines


@pytest.mark.parametrize("chain", [["tbx"], ["csv"], ["tsv"], ["tbx", "csv", "tbx"]])
def test_round_trip_is_lossless(tmp_path: Path, chain: list[str]) -> None:
    original = read_glossary(GLOSSARY)
    terms = original
    for number, ext in enumerate([*chain, "tsv"]):
        out = tmp_path / f"step{number}.{ext}"
        write_glossary(out, terms, "en")
        terms = read_glossary(out)
    assert content(terms) == content(original)
    # The term lines of the final TSV are those of the project's file, byte for byte (but for
    # an empty trailing note column).
    def term_lines(path: Path) -> list[str]:
        lines = path.read_text(encoding="utf-8").splitlines()
        return [x.rstrip("\t") for x in lines if x and not x.startswith("#")]

    assert term_lines(out) == term_lines(GLOSSARY)


def test_exported_tbx_is_well_formed_tbx_basic(tmp_path: Path) -> None:
    out = tmp_path / "g.tbx"
    write_glossary(out, read_glossary(GLOSSARY), "en")
    text = out.read_text(encoding="utf-8")
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == "martif" and root.get("type") == "TBX-Basic"
    entries = root.findall("./text/body/termEntry")
    assert len(entries) == 20
    vietnam = next(
        e for e in entries if e.find("./langSet/tig/term").text == "فيتنام"  # type: ignore[union-attr]
    )
    english = [s for s in vietnam.findall("langSet") if s.get(XML_LANG) == "en"][0]
    statuses = {
        tig.findtext("term"): tig.findtext("termNote[@type='administrativeStatus']")
        for tig in english.findall("tig")
    }
    assert statuses == {
        "Viet Nam": "preferredTerm-admn-sts",
        "Vietnam": "deprecatedTerm-admn-sts",
    }
    assert vietnam.findtext("note") == "United Nations country name"


TBX_FOREIGN = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">
<martif type="TBX-Basic" xml:lang="en">
  <text><body>
    <termEntry id="c1">
      <descrip type="definition">head of a ministry</descrip>
      <langSet xml:lang="en">
        <ntig><termGrp><term>Minister of Public Security</term>
          <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termGrp></ntig>
        <ntig><termGrp><term>Public Security Minister</term>
          <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termGrp></ntig>
        <tig><term>Security Minister</term>
          <termNote type="normativeAuthorization">forbidden</termNote></tig>
      </langSet>
      <langSet xml:lang="ar-SA">
        <tig><term>وزير الأمن العام</term></tig>
        <tig><term>وزير الامن العام</term></tig>
      </langSet>
    </termEntry>
    <termEntry id="c2">
      <langSet xml:lang="fr"><tig><term>Hanoï</term></tig></langSet>
      <langSet xml:lang="ar"><tig><term>هانوي</term></tig></langSet>
      <langSet xml:lang="en"><tig><term>Hanoi</term></tig></langSet>
    </termEntry>
  </body></text>
</martif>
"""


def test_tbx_import_tig_ntig_statuses_and_languages(tmp_path: Path) -> None:
    path = tmp_path / "foreign.tbx"
    path.write_text(TBX_FOREIGN, encoding="utf-8")
    terms = read_glossary(path)
    assert content(terms) == [
        (
            "وزير الأمن العام",
            "Minister of Public Security",
            "head of a ministry",
            ("Public Security Minister", "Security Minister"),
        ),
        (
            "وزير الامن العام",
            "Minister of Public Security",
            "head of a ministry",
            ("Public Security Minister", "Security Minister"),
        ),
        ("هانوي", "Hanoi", "", ()),  # English preferred over French
    ]
    assert [t.line for t in terms] == [5, 5, 20]


def test_tbx_2019_element_names(tmp_path: Path) -> None:
    path = tmp_path / "v3.tbx"
    path.write_text(
        '<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">'
        "<text><body><conceptEntry id='1'>"
        "<langSec xml:lang='ar'><termSec><term>فيتنام</term></termSec></langSec>"
        "<langSec xml:lang='en'><termSec><term>Viet Nam</term></termSec>"
        "<termSec><term>Vietnam</term><termNote type='administrativeStatus'>"
        "deprecatedTerm-admn-sts</termNote></termSec></langSec>"
        "</conceptEntry></body></text></tbx>",
        encoding="utf-8",
    )
    assert content(read_glossary(path)) == [("فيتنام", "Viet Nam", "", ("Vietnam",))]


TBX_TRILINGUAL = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX-Basic" xml:lang="ar">
  <text><body>
    <termEntry id="c1">
      <langSet xml:lang="ar"><tig><term>فيتنام</term></tig></langSet>
      <langSet xml:lang="en">
        <tig><term>Viet Nam</term></tig>
        <tig><term>Vietnam</term>
          <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
      </langSet>
      <langSet xml:lang="fr">
        <tig><term>Viet Nam</term></tig>
        <tig><term>Vietnam</term>
          <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
        <tig><term>Viêt Nam</term>
          <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
      </langSet>
    </termEntry>
    <termEntry id="c2">
      <langSet xml:lang="ar"><tig><term>سيول</term></tig></langSet>
      <langSet xml:lang="fr"><ntig><termGrp><term>Séoul</term></termGrp></ntig></langSet>
      <langSet xml:lang="en"><ntig><termGrp><term>Seoul</term></termGrp></ntig></langSet>
    </termEntry>
    <termEntry id="c3">
      <langSet xml:lang="de"><tig><term>Vereinte Nationen</term></tig></langSet>
      <langSet xml:lang="ar"><tig><term>الأمم المتحدة</term></tig></langSet>
      <langSet xml:lang="fr-CA"><tig><term>Nations Unies (CA)</term></tig></langSet>
      <langSet xml:lang="fr-FR"><tig><term>Nations Unies</term></tig></langSet>
    </termEntry>
  </body></text>
</martif>
"""


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", [("Viet Nam", ("Vietnam", "Viêt Nam")), ("Séoul", ()),
                ("Nations Unies (CA)", ())]),  # fmt: skip
        ("fr_FR", [("Viet Nam", ("Vietnam", "Viêt Nam")), ("Séoul", ()),
                   ("Nations Unies", ())]),  # fmt: skip
        ("FR-ca", [("Viet Nam", ("Vietnam", "Viêt Nam")), ("Séoul", ()),
                   ("Nations Unies (CA)", ())]),  # fmt: skip
        ("en", [("Viet Nam", ("Vietnam",)), ("Seoul", ()), ("Vereinte Nationen", ())]),
        ("de", [("Viet Nam", ("Vietnam",)), ("Seoul", ()), ("Vereinte Nationen", ())]),
        # Not wanted, or missing: English, else the entry's first other language.
        (None, [("Viet Nam", ("Vietnam",)), ("Seoul", ()), ("Vereinte Nationen", ())]),
        ("es", [("Viet Nam", ("Vietnam",)), ("Seoul", ()), ("Vereinte Nationen", ())]),
    ],
)
def test_tbx_reads_the_langset_of_the_wanted_target_language(
    tmp_path: Path, language: str | None, expected: list[tuple[str, tuple[str, ...]]]
) -> None:
    path = tmp_path / "trilingual.tbx"
    path.write_text(TBX_TRILINGUAL, encoding="utf-8")
    terms = read_glossary(path, target_language=language)
    assert [t.source for t in terms] == ["فيتنام", "سيول", "الأمم المتحدة"]
    assert [(t.target, t.rejected) for t in terms] == expected
    assert Glossary.load(path, target_language=language).match("في سيول")[0].term.target == (
        expected[1][0]
    )


def test_tbx_language_picking_rule() -> None:
    assert pick_target_language(["de", "fr", "en-GB"], "fr_BE") == "fr"
    assert pick_target_language(["fr-FR", "fr-CA"], "fr-ca") == "fr-CA"
    assert pick_target_language(["de", "en-GB", "en"], None) == "en-GB"
    assert pick_target_language(["de", "eo", "it"], "fr") == "de"
    assert pick_target_language([], "fr") is None
    assert FALLBACK_TARGET_LANGUAGE == "en"


def test_tbx_languages_sharing_letters_with_arabic_are_not_arabic(tmp_path: Path) -> None:
    """``arn`` (Mapudungun) and ``arc`` (Aramaic) start with "ar" but are not Arabic: their
    terms are translations, never source terms; ``ara`` and ``AR-eg`` are Arabic."""
    path = tmp_path / "arn.tbx"
    path.write_text(
        "<martif><text><body>\n"
        "<termEntry><langSet xml:lang='ara'><tig><term>هانوي</term></tig></langSet>"
        "<langSet xml:lang='arn'><tig><term>Hanoi-arn</term></tig></langSet></termEntry>\n"
        "<termEntry><langSet xml:lang='arc'><tig><term>ܗܐܢܘܝ</term></tig></langSet>"
        "<langSet xml:lang='AR-eg'><tig><term>فيتنام</term></tig></langSet>"
        "<langSet xml:lang='en'><tig><term>Viet Nam</term></tig></langSet></termEntry>\n"
        "<termEntry><langSet xml:lang='arn'><tig><term>Mapu</term></tig></langSet>"
        "<langSet xml:lang='en'><tig><term>Land</term></tig></langSet></termEntry>\n"
        "</body></text></martif>",
        encoding="utf-8",
    )
    terms, problems = read_glossary_lenient(path)
    assert [(t.source, t.target) for t in terms] == [("هانوي", "Hanoi-arn"), ("فيتنام", "Viet Nam")]
    assert [(p.line, p.message) for p in problems] == [(4, "entry without an Arabic term")]
    assert content(read_glossary_lenient(path, target_language="arc")[0])[1][1] == "ܗܐܢܘܝ"


def test_omegat_style_tbx_round_trips_in_its_target_language(tmp_path: Path) -> None:
    """What the workbench writes (TBX-Basic 2008, the layout OmegaT imports) reads back in the
    language it was written in, and a file with upper-case tags as OmegaT projects name
    languages (``AR``, ``FR-FR``) is read and keeps its tag when rewritten."""
    original = read_glossary(GLOSSARY)
    out = tmp_path / "fr.tbx"
    write_glossary(out, original, "fr")
    langs = {s.get(XML_LANG) for s in ET.parse(out).iter("langSet")}
    assert langs == {"ar", "fr"}
    for wanted in ("fr", "en", None):
        assert content(read_glossary(out, target_language=wanted)) == content(original)
    assert recorded_target_language(out, "en") == "fr"
    upper = tmp_path / "upper.tbx"
    upper.write_text(
        out.read_text(encoding="utf-8")
        .replace('xml:lang="ar"', 'xml:lang="AR"')
        .replace('xml:lang="fr"', 'xml:lang="FR-FR"'),
        encoding="utf-8",
    )
    assert content(read_glossary(upper, target_language="fr")) == content(original)
    assert recorded_target_language(upper, "fr") == "FR-FR"
    assert recorded_target_language(tmp_path / "none.csv", "fr") is None


@pytest.mark.parametrize(
    ("name", "text", "line", "message"),
    [
        ("bad.tsv", "# c\nفيتنام\tViet Nam\nهانوي Hanoi\n", 3, "no tab"),
        ("cols.tsv", "فيتنام\tViet Nam\ta\tb\n", 1, "4 tab-separated fields"),
        ("empty.tsv", "\n\nفيتنام\t\tnote\n", 3, "empty translation"),
        ("bad.csv", "source,target,note\nفيتنام,Viet Nam\nهانوي\n", 3, "1 columns"),
        ("quote.csv", 'source,target\nفيتنام,Viet Nam\n"هانوي,Hanoi\n', 3, "bad CSV"),
        ("bad.tbx", "<martif>\n<text><body>\n<termEntry>\n</body></text></martif>\n", 4,
         "not well-formed XML: mismatched tag"),
        ("noar.tbx", "<martif><text><body>\n<termEntry><langSet xml:lang='en'><tig>"
         "<term>X</term></tig></langSet></termEntry></body></text></martif>", 2,
         "entry without an Arabic term"),
        ("root.tbx", "<html/>", 1, "not a TBX file"),
    ],
)
def test_malformed_files_name_file_and_line(
    tmp_path: Path, name: str, text: str, line: int, message: str
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(WorkbenchError) as caught:
        Glossary.load(path)
    assert caught.value.path == path
    assert caught.value.line == line
    assert message in caught.value.message
    assert str(caught.value).startswith(f"{path}:{line}: ")


def test_invalid_utf8_reports_its_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.tsv"
    path.write_bytes("فيتنام\tViet Nam\n".encode() + b"caf\xe9\tcafe\n")
    with pytest.raises(WorkbenchError) as caught:
        read_glossary(path)
    assert caught.value.line == 2 and "UTF-8" in caught.value.message


def test_unknown_extension_is_refused(tmp_path: Path) -> None:
    with pytest.raises(WorkbenchError, match="unknown glossary format"):
        read_glossary(tmp_path / "g.xlsx")


def test_csv_is_read_by_the_csv_module_too(tmp_path: Path) -> None:
    path = tmp_path / "g.csv"
    write_glossary(path, [Term("هانوي", 'Hanoi, "the capital"', "a, b; not: Ha Noi")], "en")
    rows = list(csv.reader(path.open(encoding="utf-8", newline="")))
    assert rows == [
        ["source", "target", "note"],
        ["هانوي", 'Hanoi, "the capital"', "a, b; not: Ha Noi"],
    ]
    [term] = read_glossary(path)
    assert (term.target, term.note) == ('Hanoi, "the capital"', "a, b")
    assert term.rejected == ("Ha Noi",)


def test_lenient_reading_keeps_good_lines(tmp_path: Path) -> None:
    path = tmp_path / "g.tsv"
    path.write_text("فيتنام\tViet Nam\nbroken\nهانوي\tHanoi\n", encoding="utf-8")
    terms, problems = read_glossary_lenient(path)
    assert [t.source for t in terms] == ["فيتنام", "هانوي"]
    assert [(p.line, p.code) for p in problems] == [(2, "bad-line")]


# --- property: any glossary survives every format ----------------------------------------------


def _words(alphabet: str, max_words: int = 4) -> st.SearchStrategy[str]:
    word = st.text(alphabet=alphabet, min_size=1, max_size=8)
    return st.lists(word, min_size=1, max_size=max_words).map(" ".join)


_ARABIC = "ابتثجحخدذرزسشصضطظعغفقكلمنهويةىأإآءؤئ"
_LATIN = "abcXYZ-'\"&<>,.()0123456789éü"
_terms = st.lists(
    st.builds(
        Term,
        source=_words(_ARABIC),
        target=_words(_LATIN),
        note=st.one_of(st.just(""), _words(_LATIN.replace(",", "") + ":")).filter(
            lambda n: not n.lower().lstrip().startswith("not")
        ),
        rejected=st.lists(_words(_LATIN.replace(",", ""), 3), max_size=2).map(tuple),
    ),
    max_size=8,
)


@settings(max_examples=60, deadline=None)
@given(terms=_terms)
def test_any_glossary_round_trips_through_every_format(terms: list[Term]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        for ext in ("tsv", "csv", "tbx"):
            path = Path(folder) / f"g.{ext}"
            write_glossary(path, terms, "en")
            assert content(read_glossary(path)) == content(terms), ext
