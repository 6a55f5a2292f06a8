"""Plain-text documents: units are the import's msgids; rebuild keeps the text's structure."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from workbench.catalog.importer import SourceText, template_entries
from workbench.documents.model import Target
from workbench.documents.target import target_language
from workbench.documents.text import TextFormat
from workbench.segment import segment_text

DATA = Path(__file__).resolve().parents[1] / "data" / "documents"
SAMPLE = DATA / "article.ar.txt"
CORPUS_SAMPLE = Path(__file__).resolve().parents[2] / "corpus" / "hanoi-convention-signing.ar.txt"
ENGLISH = target_language("en")


def read(text: str):
    return TextFormat().read(text)


def test_units_are_exactly_the_msgids_import_makes() -> None:
    for path in (SAMPLE, CORPUS_SAMPLE):
        text = path.read_bytes().decode("utf-8")
        document = read(text)
        entries = template_entries([SourceText(path, path.name, segment_text(text))])
        assert entries
        assert list(dict.fromkeys(unit.text for unit in document.units)) == [
            entry.msgid for entry in entries
        ]
        assert [(unit.text, unit.line) for unit in document.units] == [
            (segment.text, segment.line) for segment in segment_text(text) if segment.translatable
        ]


def test_identity_round_trip_is_byte_for_byte() -> None:
    for path in (SAMPLE, CORPUS_SAMPLE):
        text = path.read_bytes().decode("utf-8")
        document = read(text)
        assert document.rebuild([unit.text for unit in document.units], ENGLISH) == text
        assert document.rebuild([None] * len(document.units), ENGLISH) == text


def test_translation_keeps_paragraphs_lines_images_and_urls() -> None:
    text = SAMPLE.read_bytes().decode("utf-8")
    document = read(text)
    translations = [f"Sentence {index}." for index in range(len(document.units))]
    built = document.rebuild(translations, ENGLISH)
    assert built == (
        "Sentence 0.\n"
        "\n"
        "Sentence 1. Sentence 2. Sentence 3.\r\n"
        "Sentence 4. Sentence 5.\n"
        "\n"
        "z7157588517514_a1b2c3.jpg\n"
        "https://example.org/news/1\n"
        "\n"
        "    Sentence 6.\n"
        "Sentence 7.  \n"
        "\n"
        "\n"
    )


def test_untranslated_sentences_keep_their_source_spacing() -> None:
    document = read("جملة أولى.   جملة ثانية.  جملة ثالثة.\n")
    built = document.rebuild([None, None, "Third."], ENGLISH)
    assert built == "جملة أولى.   جملة ثانية. Third.\n"


def test_sentences_of_an_unspaced_language_are_joined_without_space() -> None:
    document = read("جملة أولى. جملة ثانية.\nسطر آخر.\n")
    built = document.rebuild(["第一句。", "第二句。", "另一行。"], target_language("zh"))
    assert built == "第一句。第二句。\n另一行。\n"


def test_target_language_direction_and_tag_come_from_babel() -> None:
    assert target_language("en") == Target("en", "ltr", " ")
    assert target_language("fa").direction == "rtl"
    assert target_language("pt_BR").lang == "pt-BR"


paragraph_text = st.lists(
    st.sampled_from(["قال", "الوزير", "د.", "25", "2.5", "«نعم.»", "؟", "!", "...", "***", "ok"]),
    min_size=1,
    max_size=8,
).map(" ".join)
line_breaks = st.sampled_from(["\n", "\n\n", "\r\n", "  \n", "\n\n\n", " ", "\n \n"])
images = st.sampled_from(["photo_1.jpg", "https://example.org/a?b=1", "www.example.org"])


@given(st.lists(st.tuples(st.one_of(paragraph_text, images), line_breaks), max_size=10))
def test_any_text_round_trips_and_keeps_its_line_count(pieces: list[tuple[str, str]]) -> None:
    text = "".join(line + brk for line, brk in pieces)
    document = read(text)
    assert document.rebuild([unit.text for unit in document.units], ENGLISH) == text
    built = document.rebuild(["X."] * len(document.units), ENGLISH)
    assert built.count("\n") <= text.count("\n")
    blank_runs = [part for part in text.replace("\r", "").split("\n") if not part.strip()]
    built_blank_runs = [part for part in built.replace("\r", "").split("\n") if not part.strip()]
    assert len(built_blank_runs) == len(blank_runs)
