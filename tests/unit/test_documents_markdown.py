"""Markdown documents: CommonMark blocks as units, emphasis and links as placeholders, and
untouched bytes back unchanged."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from workbench.documents import markup
from workbench.documents.markdown import MarkdownFormat
from workbench.documents.model import SourceDocument
from workbench.documents.target import target_language

DATA = Path(__file__).resolve().parents[1] / "data" / "documents"
SAMPLE = DATA / "article.ar.md"
ENGLISH = target_language("en")


def read(text: str) -> SourceDocument:
    return MarkdownFormat().read(text)


def sample_text() -> str:
    return SAMPLE.read_bytes().decode("utf-8")


def english(unit_text: str) -> str:
    """Every word made ``EN``, spaces and placeholders kept where they are (so emphasis
    delimiters keep their flanking)."""
    return "".join(
        piece.text if piece.placeholder else re.sub(r"\S+", "EN", piece.text)
        for piece in markup.split_unit(unit_text)
    )


def structure(text: str) -> list[tuple[str, str, tuple[tuple[str, str], ...], str]]:
    """What CommonMark makes of ``text``, text content aside: every block and inline token
    with its attributes (links, images), and the content of code, fences and HTML."""
    verbatim = {"code_inline", "fence", "code_block", "html_block", "html_inline"}
    found = []
    for token in MarkdownIt("commonmark").enable("table").parse(text):
        for item in [token, *(token.children or [])]:
            attrs = tuple(sorted((k, str(v)) for k, v in item.attrs.items() if k != "alt"))
            content = item.content if item.type in verbatim else ""
            found.append((item.type, item.tag, attrs, content))
    return found


def test_units_of_the_sample() -> None:
    document = read(sample_text())
    assert [(unit.line, unit.text) for unit in document.units] == [
        (6, "توقيع <e0>اتفاقية</e0> هانوي"),
        (
            8,
            "وقّع وزير الأمن العام <s0>الجنرال <e1>لونغ تام كوانغ</e1></s0> "
            "الاتفاقية يوم 25 أكتوبر.",
        ),
        (9, "وقال إن <l0>التعاون الدولي</l0> ضروري &amp; عاجل."),
        (11, "قال الأمين العام: هذه خطوة تاريخية."),
        (12, "وأضاف أن الاتفاقية<b0/>ستدخل حيز التنفيذ قريباً."),
        (15, "الوزير يوقع الاتفاقية"),
        (17, "البند الأول: تبادل المعلومات."),
        (18, "البند الثاني: <c0/> والمساعدة \\*القانونية\\*."),
        (19, "بند فرعي <h0/>أ.م.<h1/> هنا."),
        (21, "الدولة"),
        (21, "الموقف"),
        (23, "فيتنام"),
        (23, "وقّعت"),
        (37, "رابط آلي <u0/> في نص."),
        (37, "وجملة أخيرة."),
    ]
    assert document.warnings == []


def test_identity_round_trip_is_byte_for_byte() -> None:
    for text in (sample_text(), sample_text().replace("\n", "\r\n")):
        document = read(text)
        assert document.units
        assert document.rebuild([unit.text for unit in document.units], ENGLISH) == text
        assert document.rebuild([None] * len(document.units), ENGLISH) == text


def test_a_translation_keeps_the_markdown_structure_and_everything_untranslatable() -> None:
    text = sample_text()
    document = read(text)
    built = document.rebuild([english(unit.text) for unit in document.units], ENGLISH)
    assert structure(built) == structure(text)
    assert built.startswith('---\ntitle: "توقيع اتفاقية هانوي"\ntags: [أخبار, هانوي]\n---\n')
    for kept in (
        '](https://un.org/ar/تعاون "الأمم المتحدة")',
        '![EN EN EN](img/z7157588517514.jpg "هانوي")',
        '```python\nprint("لا تترجم")\n```',
        "    كود مزاح لا يترجم",
        '<div class="note">\nكتلة HTML لا تترجم\n</div>',
        '[un]: https://un.org "مرجع"',
        "`mutual_aid()`",
        "<https://example.org>",
        "> EN EN EN EN EN EN\n",
    ):
        assert kept in built
    assert "# EN *EN* EN #" in built
    assert "**EN _EN EN EN_**" in built


def test_a_block_not_found_verbatim_is_kept_with_a_warning() -> None:
    text = "| عمود | آخر \\| ب |\n|---|---|\n| خلية | ثانية |\n"
    document = read(text)
    assert [unit.text for unit in document.units] == ["عمود", "خلية", "ثانية"]
    assert [(w.line, w.severity) for w in document.warnings] == [(1, "warning")]
    assert "kept untranslated" in document.warnings[0].message
    assert document.rebuild([unit.text for unit in document.units], ENGLISH) == text


markdown_pieces = st.sampled_from(
    ["نص", "كلمة.", " ", "\n", "\n\n", "*", "**", "_", "[", "]", "(", ")", "!", "`", "<", "> ",
     "- ", "1. ", "# ", "|", "---", "\\", "&amp;", "<b>", "</b>", "  \n", "\t", "    ", "```",
     "[a]: /u", "![", "](/x)", "<http://a.b>"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(markdown_pieces, max_size=30).map("".join))
def test_any_markdown_round_trips_byte_for_byte(text: str) -> None:
    document = read(text)
    assert document.rebuild([unit.text for unit in document.units], ENGLISH) == text
    assert document.rebuild([None] * len(document.units), ENGLISH) == text
