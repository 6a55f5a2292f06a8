"""The spelling check against the real Hunspell dictionary (Debian's hunspell-en-us, installed
by CI's apt-get line): what is flagged, what never is, and the line said when a language has no
dictionary."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.glossary import Glossary
from workbench.qa import check_entry
from workbench.qa.runner import check_catalog, check_message
from workbench.qa.spelling import (
    HUNSPELL_FOLDER,
    DictionaryMissing,
    Misspelling,
    Spellers,
    SpellingCheck,
    _open_hunspell,
    dictionary_tags,
    load_speller,
)

ROOT = Path(__file__).resolve().parents[2]
GLOSSARY = ROOT / "corpus" / "official-titles.tsv"

if not Path(HUNSPELL_FOLDER, "en_US.dic").is_file():  # the only skip: the dictionary's package
    pytest.skip("hunspell-en-us is not installed", allow_module_level=True)


@pytest.fixture(scope="module")
def speller():  # type: ignore[no-untyped-def]
    return load_speller("en")


@pytest.fixture(scope="module")
def spelling(speller) -> SpellingCheck:  # type: ignore[no-untyped-def]
    return SpellingCheck.with_glossary(speller, Glossary.load(GLOSSARY))


def test_misspelled_words_are_found_where_they_are(speller) -> None:  # type: ignore[no-untyped-def]
    text = "The Minstry of Public Security recieved 2,500 delegates."
    found = speller.misspellings(text)
    assert found == [Misspelling(4, 11, "Minstry"), Misspelling(31, 39, "recieved")]
    assert [text[m.start : m.end] for m in found] == ["Minstry", "recieved"]
    assert speller.tag == "en_US"
    assert speller.misspellings("The delegates isn't here; the Minister’s speech.") == []


def test_glossary_targets_and_words_copied_from_the_source_are_never_flagged(
    speller, spelling: SpellingCheck  # type: ignore[no-untyped-def]
) -> None:
    target = "Luong Tam Quang met John Brandolino in Viet Nam; Kowalczyk too."
    assert [m.word for m in speller.misspellings(target)] == [
        "Luong", "Quang", "Brandolino", "Viet", "Kowalczyk"
    ]  # fmt: skip
    # glossary translations accepted; a Latin-script name in the Arabic source too
    assert spelling.misspellings("التقى لونغ تام كوانغ", target) == [
        Misspelling(49, 58, "Kowalczyk")
    ]
    assert spelling.misspellings("التقى Kowalczyk بالوزير", target) == []


def test_urls_emails_file_names_and_placeholders_are_never_flagged(
    spelling: SpellingCheck,
) -> None:
    target = (
        "Write to info@mofa-hanoi.vn or see https://mofa.gov.vn/hanoi-convnetion and "
        "rapport_finl.pdf; <b0>signed</b0> by %(nmae)s and {cuont} at 9071 UNODC"
    )
    found = spelling.misspellings("", target, formats=("python-format", "python-brace-format"))
    assert found == []
    # without the flags, the text of the placeholders is only words
    assert [m.word for m in spelling.misspellings("", target)] == ["nmae", "cuont"]


def test_the_qa_finding_is_a_warning_naming_each_word_once(spelling: SpellingCheck) -> None:
    findings = check_message(
        "قال الوزير.", None, ["The minstry said the minstry recieved it."], spelling=spelling
    )
    assert [(f.code, f.severity) for f in findings] == [("spelling", "warning")]
    assert findings[0].message == (
        'not in the en_US dictionary: "minstry", "recieved" (check the spelling)'
    )
    fuzzy = check_message("قال.", None, ["Minstry."], fuzzy=True, spelling=spelling)
    assert [(f.code, f.severity) for f in fuzzy] == [("fuzzy", "warning"), ("spelling", "warning")]
    assert check_entry("قال الوزير.", "The minstry said.") == []  # no dictionary: no check


def test_a_language_without_a_dictionary_is_one_clear_line() -> None:
    assert dictionary_tags("en") == ["en_US", "en"]
    assert dictionary_tags("pt-BR") == ["pt_BR", "pt_PT", "pt"]
    with pytest.raises(DictionaryMissing) as caught:
        load_speller("xx")
    message = str(caught.value)
    assert "\n" not in message
    assert message == (
        "spelling not checked for 'xx': no Hunspell dictionary (xx_XX.dic or xx.dic) in "
        "/usr/share/hunspell; install one (Debian: a hunspell-xx* package, as hunspell-en-us "
        "for en_US); the other checks ran"
    )
    spellers = Spellers()
    assert spellers.for_language("xx") is None and spellers.for_language("xx") is None
    assert list(spellers.missing) == ["xx"]
    assert spellers.for_language("en") is not None


def test_only_hunspell_dictionaries_are_used() -> None:
    """Enchant would serve en_GB from aspell (installed here); the check asks for Hunspell's
    dictionaries, the maintained ones the issue names, so en-GB falls back to en_US."""
    import enchant

    if "en_GB" in {tag for tag, _ in enchant.Broker().list_dicts()}:
        assert enchant.Broker().request_dict("en_GB").provider.name != "hunspell"
    assert _open_hunspell("en_GB") is None
    assert load_speller("en-GB").tag == "en_US"


def test_check_catalog_checks_spelling_in_the_catalogs_language(tmp_path: Path) -> None:
    import polib

    for language in ("en", "xx"):
        po = polib.POFile()
        po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": language}
        po.append(polib.POEntry(msgid="قال الوزير 5", msgstr="The minstry said 6"))
        po.save(str(tmp_path / f"{language}.po"))
    spellers = Spellers()
    english = check_catalog(tmp_path / "en.po", spellers=spellers)
    assert {f.code for f in english} == {"numbers", "spelling"}
    other = check_catalog(tmp_path / "xx.po", spellers=spellers)
    assert {f.code for f in other} == {"numbers"}  # the other checks ran
    assert list(spellers.missing) == ["xx"]
    assert {f.code for f in check_catalog(tmp_path / "en.po")} == {"numbers"}  # not asked


def test_the_tuis_qa_adapter_checks_spelling_or_says_why_not() -> None:
    from workbench.tui.providers import GlossaryAdapter, QAAdapter
    from workbench.tui.session import Segment

    glossary = GlossaryAdapter(GLOSSARY, target_language="en", catalog_language="en")
    english = QAAdapter.with_spelling(glossary, "en")
    assert english.spelling is not None and english.spelling_notice == ""
    segment = Segment(
        msgid="قال الوزير لونغ تام كوانغ %(n)s.",
        msgctxt=None,
        target="",
        fuzzy=False,
        flags=("python-format",),
    )
    text = "Luong Tam Quang siad %(n)s."
    assert english.misspelled_words(segment, text) == {"siad"}
    assert "spelling" in {f.code for f in english.check(segment, text)}
    other = QAAdapter.with_spelling(glossary, "xx")
    assert other.spelling is None and other.misspelled_words(segment, text) == frozenset()
    assert other.spelling_notice.startswith("spelling not checked for 'xx'")
