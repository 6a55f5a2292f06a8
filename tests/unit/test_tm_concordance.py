"""The concordance over the translation memory (issue 14, section 4): Arabic queries find
sources with the glossary's matching form and proclitics, other queries find targets; the spans
to highlight are those of the original text."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.tm import TMUnit, TranslationMemory
from workbench.tm.concordance import Span, search_memory, searched_side
from workbench.tm.tmx import read_tmx

CATALOG = "en/LC_MESSAGES/article.po"
OTHER = "en/LC_MESSAGES/speech.po"


@pytest.fixture()
def memory(tmp_path: Path):
    with TranslationMemory(tmp_path / "tm.sqlite3") as opened:
        yield opened


def found(memory: TranslationMemory, query: str, **kw) -> list[tuple[str, list[str]]]:
    """Each hit's source (Arabic queries) or target, with the highlighted text of its spans."""
    result = search_memory(memory, query, **kw)
    shown = []
    for hit in result.hits:
        text = hit.source if result.searched == "source" else hit.target
        spans = hit.source_spans if result.searched == "source" else hit.target_spans
        shown.append((text, [text[s.start : s.end] for s in spans]))
    return shown


def test_article_query_finds_the_word_with_conjunction_and_lam_lam(memory) -> None:
    memory.add_many(
        [
            TMUnit("دعمًا وللأمنِ الدولي.", "In support of international security.", CATALOG, "en"),
            TMUnit("الأمنية مسألة أخرى.", "Security-related is another matter.", CATALOG, "en"),
            TMUnit("اليوم الثامن.", "The eighth day.", CATALOG, "en"),
        ]
    )
    # وللأمن = و + ل + الأمن (the article's alef dropped after ل); الأمنية and الثامن are
    # other words even though their letters hold أمن / امن.
    assert found(memory, "الامن") == [("دعمًا وللأمنِ الدولي.", ["وللأمنِ"])]


def test_diacritics_hamza_seats_tatweel_and_alef_maksura_are_ignored(memory) -> None:
    memory.add_many(
        [
            TMUnit("إنَّ الأمـــنَ أولًا.", "Security comes first.", CATALOG, "en"),
            TMUnit("مُستشفى المدينة.", "The city hospital.", OTHER, "en"),
        ]
    )
    assert found(memory, "الامن") == [("إنَّ الأمـــنَ أولًا.", ["الأمـــنَ"])]
    assert found(memory, "الأمن") == found(memory, "الامن")
    assert found(memory, "مستشفي") == [("مُستشفى المدينة.", ["مُستشفى"])]
    # a query written with diacritics finds the bare text as well
    assert found(memory, "المَدِينَة") == [("مُستشفى المدينة.", ["المدينة"])]


def test_each_word_of_a_phrase_may_carry_proclitics(memory) -> None:
    memory.add_many(
        [
            TMUnit("من أجل الأمن والسلام.", "For security and peace.", CATALOG, "en"),
            TMUnit("الأمن في السلام.", "Security in peace.", CATALOG, "en"),
        ]
    )
    assert found(memory, "الامن السلام") == [("من أجل الأمن والسلام.", ["الأمن والسلام"])]


def test_a_word_without_article_finds_it_with_article_and_prepositions(memory) -> None:
    memory.add_many([TMUnit("بالأمن وكأمن.", "By security, as security.", CATALOG, "en")])
    assert found(memory, "امن") == [("بالأمن وكأمن.", ["بالأمن", "وكأمن"])]


def test_english_query_searches_targets_case_insensitively(memory) -> None:
    memory.add_many(
        [
            TMUnit("وزير الأمن العام.", "Minister of Public Security.", CATALOG, "en"),
            TMUnit("الأمن السيبراني.", "Cyber security and more security.", OTHER, "en"),
            TMUnit("السلام.", "Peace.", OTHER, "en"),
        ]
    )
    assert searched_side("public  SECURITY") == "target"
    assert found(memory, "SECURITY") == [
        ("Cyber security and more security.", ["security", "security"]),
        ("Minister of Public Security.", ["Security"]),
    ]
    # words in order, any whitespace between them
    assert found(memory, "public  security") == [
        ("Minister of Public Security.", ["Public Security"])
    ]
    assert found(memory, "security public") == []


def test_hits_name_their_document_newest_first_once_per_pair(memory) -> None:
    memory.add_many([TMUnit("الأمن العام.", "Public security.", CATALOG, "en")])
    memory.add_many([TMUnit("الأمن العام.", "Public security.", OTHER, "en")])
    memory.add_many([TMUnit("الأمن الغذائي.", "Food security.", OTHER, "fr")])
    result = search_memory(memory, "الامن")
    assert [(hit.source, hit.origin) for hit in result.hits] == [
        ("الأمن الغذائي.", OTHER),
        ("الأمن العام.", OTHER),  # the same pair from article.po is not repeated
    ]
    only_english = search_memory(memory, "الامن", target_language="en")
    assert [hit.target for hit in only_english.hits] == ["Public security."]


def test_limit_says_there_are_more(memory) -> None:
    memory.add_many(
        [TMUnit(f"الأمن رقم {n}.", f"Security number {n}.", CATALOG, "en") for n in range(300)]
    )
    result = search_memory(memory, "الامن", limit=120)
    assert len(result.hits) == 120 and result.more
    assert result.hits[0].source == "الأمن رقم 299."  # newest first, across index pages
    assert result.hits[-1].source == "الأمن رقم 180."
    assert not search_memory(memory, "رقم 7", limit=120).more


def test_short_words_without_trigrams_are_still_found(memory) -> None:
    memory.add_many(
        [
            TMUnit("في البيت.", "At home.", CATALOG, "en"),
            TMUnit("وفي المدرسة.", "And at school.", CATALOG, "en"),
            TMUnit("كفيل.", "Guarantor.", CATALOG, "en"),
        ]
    )
    assert found(memory, "في") == [("وفي المدرسة.", ["وفي"]), ("في البيت.", ["في"])]
    assert found(memory, "at") == [
        ("And at school.", ["at"]),
        ("At home.", ["At"]),
    ]


def test_spans_index_the_original_text_around_markup_and_marks(memory) -> None:
    source = "<b0>وَلِلْأَمْنِ</b0> دورٌ."
    memory.add_many([TMUnit(source, "<b0>Security</b0> has a role.", CATALOG, "en")])
    (hit,) = search_memory(memory, "الامن").hits
    assert hit.source_spans == (Span(4, 16),)  # the last kasra included
    assert source[4:16] == "وَلِلْأَمْنِ"


def test_units_imported_from_tmx_are_found_with_their_file(memory, tmp_path: Path) -> None:
    tmx = tmp_path / "agency.tmx"
    tmx.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="ar"'
        ' adminlang="en" segtype="sentence" datatype="plaintext" o-tmf="x"'
        ' creationtool="x" creationtoolversion="1"/><body>\n'
        '<tu><tuv xml:lang="ar"><seg>تعزيز التعاون وللأمن الإقليمي.</seg></tuv>'
        '<tuv xml:lang="en"><seg>Strengthening cooperation and regional security.</seg></tuv>'
        "</tu>\n</body></tmx>\n",
        encoding="utf-8",
    )
    memory.add_many(read_tmx(tmx))
    (hit,) = search_memory(memory, "الامن").hits
    assert hit.origin == "tmx:agency.tmx"
    (hit,) = search_memory(memory, "regional security").hits
    assert hit.origin == "tmx:agency.tmx" and hit.target_spans == (Span(30, 47),)


def test_a_memory_made_before_the_target_index_gets_it_on_open(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "tm.sqlite3"
    with TranslationMemory(path) as memory:
        memory.add_many([TMUnit("السلام.", "Peace.", CATALOG, "en")])
    with sqlite3.connect(path) as db:  # as stored by a workbench without the concordance
        db.executescript("DROP TRIGGER targets_ad; DROP TABLE targets_fts;")
    with TranslationMemory(path) as memory:
        assert [hit.target for hit in search_memory(memory, "peace").hits] == ["Peace."]
        memory.sync_from_locales(tmp_path / "locales")
        memory.add("الحرب.", "War.", OTHER)
        assert [hit.target for hit in search_memory(memory, "war").hits] == ["War."]


def test_blank_query_finds_nothing(memory) -> None:
    memory.add_many([TMUnit("السلام.", "Peace.", CATALOG, "en")])
    assert search_memory(memory, "  ،  ").hits == []
    assert search_memory(memory, "").hits == []


def test_short_target_queries_take_percent_and_underscore_literally(memory) -> None:
    memory.add_many(
        [
            TMUnit("خمسون بالمئة.", "Up 50% on last year.", CATALOG, "en"),
            TMUnit("ملف.", "See file_name.txt.", CATALOG, "en"),
            TMUnit("لا شيء.", "Nothing at all.", CATALOG, "en"),
        ]
    )
    assert found(memory, "%") == [("Up 50% on last year.", ["%"])]
    assert found(memory, "_") == [("See file_name.txt.", ["_"])]
    assert found(memory, "-") == []
