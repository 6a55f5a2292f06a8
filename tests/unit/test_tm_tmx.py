"""TMX 1.4b: valid XML with the standard structure, lossless round trip, errors with lines."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.errors import WorkbenchError
from workbench.tm import TMUnit, TranslationMemory
from workbench.tm.tmx import export_tmx, read_tmx

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
UNITS = [
    TMUnit("وزير الأمن العام", "Minister of Public Security", "en/LC_MESSAGES/news.po", "en"),
    TMUnit(
        'قال: "الأمن <أولاً> & السلام"\nسطر ثانٍ',
        'He said: "security <first> & peace"\nsecond line',
        "en/LC_MESSAGES/news.po",
        "en",
    ),
    TMUnit("  مسافات  ", "  spaces\tand tab  ", "tmx:old.tmx", "en-GB", True, "20260101T120000Z"),
    TMUnit("سطر\r\nويندوز", "windows\r\nline", "imported", "fr"),
    TMUnit("جرس\x07", "bell\x07 \u200f\U0001f600", "imported", ""),
    TMUnit("فارغ", "", "imported", "en"),
]


def test_export_is_tmx_1_4b_with_arabic_source(tmp_path: Path) -> None:
    path = tmp_path / "out.tmx"
    assert export_tmx(UNITS, path) == len(UNITS)
    root = ET.parse(path).getroot()
    assert root.tag == "tmx" and root.get("version") == "1.4"
    header = root.find("header")
    for attribute in (
        "creationtool",
        "creationtoolversion",
        "segtype",
        "o-tmf",
        "adminlang",
        "srclang",
        "datatype",
    ):
        assert header.get(attribute), attribute
    assert header.get("srclang") == "ar"
    units = root.findall("body/tu")
    assert len(units) == len(UNITS)
    for tu, unit in zip(units, UNITS, strict=True):
        children = [child.tag for child in tu]
        assert children[-2:] == ["tuv", "tuv"] and set(children[:-2]) <= {"prop", "note"}
        source, target = tu.findall("tuv")
        assert source.get(XML_LANG) == "ar" and source.find("seg") is not None
        assert tu.find("prop[@type='x-origin']").text == unit.origin
    first = units[0].findall("tuv/seg")
    assert [seg.text for seg in first] == [UNITS[0].source, UNITS[0].target]


def test_round_trip_is_lossless(tmp_path: Path) -> None:
    first = tmp_path / "first.tmx"
    export_tmx(UNITS, first)
    assert read_tmx(first) == UNITS
    second = tmp_path / "second.tmx"
    export_tmx(read_tmx(first), second)
    assert second.read_bytes() == first.read_bytes()


def test_round_trip_through_a_memory(tmp_path: Path) -> None:
    exported, reexported = tmp_path / "a.tmx", tmp_path / "b.tmx"
    with TranslationMemory(tmp_path / "one.sqlite3") as memory:
        memory.add_many(UNITS)
        export_tmx(memory.units(), exported)
    with TranslationMemory(tmp_path / "two.sqlite3") as memory:
        assert memory.add_many(read_tmx(exported)) == len(UNITS)
        assert list(memory.units()) == UNITS
        assert memory.add_many(read_tmx(exported)) == 0  # importing twice adds nothing
        export_tmx(memory.units(), reexported)
    assert reexported.read_bytes() == exported.read_bytes()


def test_foreign_tmx_with_inline_codes_and_other_languages(tmp_path: Path) -> None:
    path = tmp_path / "omegat.tmx"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n'
        '<tmx version="1.4"><header creationtool="OmegaT" creationtoolversion="6" '
        'segtype="sentence" o-tmf="OmegaT TMX" adminlang="EN-US" srclang="AR" '
        'datatype="plaintext"/><body>\n'
        '<tu><note>n</note><tuv xml:lang="AR"><seg>اضغط <bpt i="1">&lt;b&gt;</bpt>هنا'
        '<ept i="1">&lt;/b&gt;</ept></seg></tuv>'
        '<tuv xml:lang="EN-US"><seg>Click <bpt i="1">&lt;b&gt;</bpt>here'
        '<ept i="1">&lt;/b&gt;</ept></seg></tuv>'
        '<tuv xml:lang="FR"><seg>Cliquez ici</seg></tuv></tu>\n</body></tmx>\n',
        encoding="utf-8",
    )
    assert read_tmx(path) == [
        TMUnit("اضغط <b>هنا</b>", "Click <b>here</b>", "tmx:omegat.tmx", "EN-US"),
        TMUnit("اضغط <b>هنا</b>", "Cliquez ici", "tmx:omegat.tmx", "FR"),
    ]


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ('<tmx version="1.4"><body>\n<tu>\n<tuv xml:lang="en"><seg>x</tuv>', 3, "malformed TMX"),
        ("<tmx>\n<body>\n<tu>\n", 4, "malformed TMX"),
        ("<html>\n</html>", 1, "not a TMX file"),
        (
            '<tmx version="1.4"><header srclang="en"/>\n<body/></tmx>',
            1,
            'source language is "en"',
        ),
        (
            '<tmx version="1.4"><body>\n\n<tu>\n<tuv xml:lang="en"><seg>x</seg></tuv></tu>'
            "</body></tmx>",
            3,
            "no Arabic variant",
        ),
    ],
)
def test_malformed_tmx_names_file_and_line(
    tmp_path: Path, text: str, line: int, words: str
) -> None:
    path = tmp_path / "bad.tmx"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(WorkbenchError) as caught:
        read_tmx(path)
    assert caught.value.path == path
    assert caught.value.line == line
    assert words in str(caught.value)


def test_missing_file_is_a_workbench_error(tmp_path: Path) -> None:
    with pytest.raises(WorkbenchError, match="no such file"):
        read_tmx(tmp_path / "nope.tmx")


def test_external_entities_are_not_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET", encoding="utf-8")
    path = tmp_path / "xxe.tmx"
    path.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE tmx [<!ENTITY x SYSTEM "file://{secret}">]>\n'
        '<tmx version="1.4"><body><tu><tuv xml:lang="ar"><seg>س</seg></tuv>'
        '<tuv xml:lang="en"><seg>&x;</seg></tuv></tu></body></tmx>',
        encoding="utf-8",
    )
    with pytest.raises(WorkbenchError, match="does not read") as caught:  # not imported empty
        read_tmx(path)
    assert "SECRET" not in str(caught.value)


_texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    units=st.lists(
        st.builds(
            TMUnit,
            source=_texts,
            target=_texts,
            origin=st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E)),
            target_language=st.sampled_from(["en", "fr", "en-GB", ""]),
            fuzzy=st.booleans(),
            created=st.none() | st.just("20260101T000000Z"),
        ),
        max_size=5,
    )
)
def test_any_text_round_trips(tmp_path: Path, units: list[TMUnit]) -> None:
    path = tmp_path / "any.tmx"
    export_tmx(units, path)
    ET.parse(path)  # well-formed XML whatever the text
    assert read_tmx(path) == units


def test_language_tags_compare_without_case_region_or_separator(tmp_path: Path) -> None:
    """srclang "ar-SA" finds the variant tagged "ar_SA" even after an Aramaic ("arc") one: only
    the primary subtag "ar" means Arabic, not any tag that starts with the letters."""
    path = tmp_path / "other-tool.tmx"
    path.write_text(
        '<tmx version="1.4"><header srclang="ar-SA" segtype="sentence"/><body>\n'
        '<tu><tuv xml:lang="arc"><seg>ܫܠܡܐ</seg></tuv><tuv xml:lang="ar_SA"><seg>سلام</seg>'
        '</tuv><tuv xml:lang="EN-gb"><seg>Peace</seg></tuv></tu>\n</body></tmx>\n',
        encoding="utf-8",
    )
    assert [(u.source, u.target, u.target_language) for u in read_tmx(path)] == [
        ("سلام", "ܫܠܡܐ", "arc"),
        ("سلام", "Peace", "EN-gb"),
    ]


@pytest.mark.parametrize("srclang", ["arn", "ARC"])
def test_a_language_that_only_starts_with_ar_is_not_arabic(tmp_path: Path, srclang: str) -> None:
    path = tmp_path / "mapuche.tmx"
    path.write_text(
        f'<tmx version="1.4"><header srclang="{srclang}"/><body/></tmx>', encoding="utf-8"
    )
    with pytest.raises(WorkbenchError, match="not Arabic"):
        read_tmx(path)


@pytest.mark.parametrize(
    ("locale", "tag"),
    [
        ("pt_BR", "pt-BR"),
        ("sr@latin", "sr-Latn"),
        ("sr_RS@latin", "sr-Latn-RS"),
        ("en-GB", "en-GB"),
    ],
)
def test_gettext_locale_names_are_exported_as_xml_lang_tags(
    tmp_path: Path, locale: str, tag: str
) -> None:
    """locales/pt_BR/... gives a memory unit in "pt_BR"; TMX's xml:lang needs "pt-BR"."""
    path = tmp_path / "out.tmx"
    export_tmx([TMUnit("سلام", "Paz", "pt_BR/LC_MESSAGES/x.po", locale)], path)
    variants = ET.parse(path).getroot().findall("body/tu/tuv")
    assert [v.get(XML_LANG) for v in variants] == ["ar", tag]
