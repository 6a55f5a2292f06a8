"""Arabic segmentation: sentence rules, non-translatable lines, line numbers, no text lost."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.segment import Segment, segment_text, translatable_segments


def texts(source: str) -> list[str]:
    return [segment.text for segment in segment_text(source)]


def squeeze(text: str) -> str:
    return "".join(text.split())


# --- the sample article -----------------------------------------------------------------------


def test_sample_images_are_kept_out_of_msgids_with_their_lines(sample_text: str) -> None:
    segments = segment_text(sample_text)
    images = [s for s in segments if s.kind == "image"]
    assert [(s.line, s.text[:14]) for s in images] == [
        (7, "z7157588517514"),
        (20, "z7157588510299"),
        (35, "z7157588500744"),
        (42, "z7157588517812"),
        (53, "z7157745428258"),
    ]
    assert not any(".jpg" in s.text for s in segments if s.translatable)


def test_sample_caption_after_image_is_its_own_segment(sample_text: str) -> None:
    segments = segment_text(sample_text)
    caption = segments[[s.line for s in segments].index(8)]
    assert caption == Segment("الجنرال لونغ تام كوانغ، وزير الأمن العام، يتحدث", 8, "text")


def test_sample_two_sentences_on_line_14_split_after_the_full_stop(sample_text: str) -> None:
    on_14 = [s.text for s in segment_text(sample_text) if s.line == 14]
    assert len(on_14) == 2
    assert on_14[0] == "أطلع وزير الأمن العام، لونغ تام كوانغ، على نتائج التوافق الثلاثة."
    assert on_14[1].startswith("وتُعدّ اتفاقية هانوي")


def test_sample_quoted_speech_stays_with_its_attribution(sample_text: str) -> None:
    on_38 = [s.text for s in segment_text(sample_text) if s.line == 38]
    assert len(on_38) == 1
    assert on_38[0].startswith('"لقد سعى هذا المؤتمر')
    assert on_38[0].endswith("هذا ما أكده السيد جون براندولينو.")


def test_sample_source_line_with_url_is_one_segment(sample_text: str) -> None:
    last = segment_text(sample_text)[-1]
    assert last.line == 60 and last.translatable
    assert last.text.startswith("المصدر: https://vietnamnet.vn/")
    assert last.text.endswith("-2456536.html")


def test_sample_numbers_and_arabic_punctuation_stay_inside(sample_text: str) -> None:
    first = segment_text(sample_text)[0]
    assert first.text == (
        "وقد استقبل حفل التوقيع أكثر من 2500 مندوب من 110 دول، و150 منظمة دولية وإقليمية "
        "وخاصة، وأكثر من 50 مؤسسة بحثية."
    )
    assert len(translatable_segments(sample_text)) == 32


def test_sample_is_covered_whole(sample_text: str) -> None:
    assert "".join(squeeze(t) for t in texts(sample_text)) == squeeze(sample_text)


# --- sentence rules ---------------------------------------------------------------------------


def test_sentence_end_marks() -> None:
    assert texts("هل وصل؟ نعم! وصل أمس. ثم غادر… وانتهى?! حقاً") == [
        "هل وصل؟",
        "نعم!",
        "وصل أمس.",
        "ثم غادر…",
        "وانتهى?!",
        "حقاً",
    ]


def test_decimal_numbers_urls_and_dotted_names_do_not_end_sentences() -> None:
    source = "ارتفع بنسبة 2.5 في المئة. انظر https://example.org/a.b.html للمزيد. النهاية"
    assert texts(source) == [
        "ارتفع بنسبة 2.5 في المئة.",
        "انظر https://example.org/a.b.html للمزيد.",
        "النهاية",
    ]


def test_initials_and_abbreviations_do_not_end_sentences() -> None:
    assert texts("قال د. أحمد إن م. سامي حضر. وتحدث ممثل U.N. أمس. ثم Dr. Smith غادر.") == [
        "قال د. أحمد إن م. سامي حضر.",
        "وتحدث ممثل U.N. أمس.",
        "ثم Dr. Smith غادر.",
    ]


def test_list_number_at_sentence_start_is_not_a_sentence() -> None:
    assert texts("1. البند الأول. 2. البند الثاني.") == ["1. البند الأول.", "2. البند الثاني."]


def test_closing_quotes_and_brackets_stay_with_the_sentence() -> None:
    assert texts('قال: «انتهى الأمر.» ثم (غادر.) وقال "نعم." أخيراً') == [
        "قال: «انتهى الأمر.»",
        "ثم (غادر.)",
        'وقال "نعم."',
        "أخيراً",
    ]


def test_unbalanced_quote_does_not_swallow_the_paragraph() -> None:
    assert texts('قال "هذا. ثم ذاك. وانتهى') == ['قال "هذا.', "ثم ذاك.", "وانتهى"]


def test_paragraphs_at_blank_lines_and_lines_joined_inside_a_paragraph() -> None:
    source = "السطر الأول\nيكمل الجملة.\n \t\nفقرة ثانية"
    assert segment_text(source) == [
        Segment("السطر الأول يكمل الجملة.", 1),
        Segment("فقرة ثانية", 4),
    ]


def test_whitespace_normalized_and_line_of_first_character() -> None:
    source = "\n\n  أول.\u00a0\u00a0ثاني\n   يستمر   هنا.\r\n"
    assert segment_text(source) == [Segment("أول.", 3), Segment("ثاني يستمر هنا.", 3)]
    assert segment_text("جملة.\n   ثانية تبدأ هنا.") == [
        Segment("جملة.", 1),
        Segment("ثانية تبدأ هنا.", 2),
    ]


def test_image_and_url_lines_are_not_translatable() -> None:
    source = "photo_01.JPEG\nتعليق الصورة\nhttps://example.org/x?y=1\nwww.example.org\n***"
    assert [(s.kind, s.line) for s in segment_text(source)] == [
        ("image", 1),
        ("text", 2),
        ("url", 3),
        ("url", 4),
        ("symbols", 5),
    ]


def test_tatweel_rule_is_symbols_not_a_sentence() -> None:
    """A decorative line of tatweel (U+0640, a "letter" to str.isalnum) has nothing to
    translate; tatweel inside a word is kept."""
    source = "ـــــــــــ\n\nقـــال الوزير.\n\nـ ـ ـ"
    assert [(s.kind, s.text) for s in segment_text(source)] == [
        ("symbols", "ـــــــــــ"),
        ("text", "قـــال الوزير."),
        ("symbols", "ـ ـ ـ"),
    ]


def test_windows_line_endings() -> None:
    assert segment_text("أ.\r\n\r\nب ج.\r\n") == [Segment("أ.", 1), Segment("ب ج.", 3)]


def test_empty_and_blank_sources_have_no_segments() -> None:
    assert segment_text("") == []
    assert segment_text(" \n\t\n\u3000\n") == []


# --- invariant: nothing lost, in order --------------------------------------------------------

PIECES = st.sampled_from(
    [
        "قال", "الوزير", "2500", "2.5", "د.", "U.N.", "Dr.", "1.", "،", "؛", "؟", "?", "!", "…",
        ".", "...", '"', "«", "»", "(", ")", "[", "]", "'", "—", "***", "https://a.b/c.d",
        "www.x.org", "z71_ab.jpg", "img.PNG", "تُعدّ", "هانوي.", "\u00a0", "\u200f", "a", "B",
    ]
)  # fmt: skip
SPACES = st.sampled_from([" ", "  ", "\n", "\n\n", "\t", " \n \n", "\r\n", "\u3000", ""])


@st.composite
def sources(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.tuples(PIECES, SPACES), max_size=40))
    return "".join(piece + space for piece, space in parts)


@settings(max_examples=300, deadline=None)
@given(st.one_of(sources(), st.text(max_size=200)))
def test_segments_cover_the_source_in_order(source: str) -> None:
    segments = segment_text(source)
    assert "".join(squeeze(s.text) for s in segments) == squeeze(source)
    lines = source.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    previous_line = 1
    for segment in segments:
        assert segment.text and segment.text == " ".join(segment.text.split())
        assert previous_line <= segment.line <= len(lines)
        assert segment.text.split()[0] in " ".join(lines[segment.line - 1].split())
        previous_line = segment.line
