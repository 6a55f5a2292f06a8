"""HTML pages: units from a real parser, placeholders for inline markup, lossless rebuild."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.documents import markup
from workbench.documents.html import HtmlFormat, attribute_values
from workbench.documents.model import SourceDocument
from workbench.documents.target import target_language

DATA = Path(__file__).resolve().parents[1] / "data" / "documents"
SAMPLE = DATA / "article.ar.html"
ENGLISH = target_language("en")


def read(text: str) -> SourceDocument:
    return HtmlFormat().read(text)


def sample_text() -> str:
    return SAMPLE.read_bytes().decode("utf-8")


def identity(document: SourceDocument) -> list[str | None]:
    return [unit.text for unit in document.units]


def fake_translation(unit_text: str, index: int) -> str:
    """An 'English' translation keeping every placeholder of ``unit_text`` in place."""
    pieces = markup.split_unit(unit_text)
    return "".join(
        piece.text if piece.placeholder else f" Eng{index}.{position} "
        for position, piece in enumerate(pieces)
    ).strip()


class Recorder(HTMLParser):
    """The structure a browser-like tokenizer sees: elements with attributes, script/style
    bodies, comments, and the text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.structure: list[tuple[str, str, tuple[tuple[str, str | None], ...]]] = []
        self.raw_bodies: list[str] = []
        self.texts: list[str] = []
        self._in_raw = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.structure.append(("start", tag, tuple(attrs)))
        self._in_raw = tag in ("script", "style")

    def handle_endtag(self, tag: str) -> None:
        self.structure.append(("end", tag, ()))
        self._in_raw = False

    def handle_comment(self, data: str) -> None:
        self.structure.append(("comment", data, ()))

    def handle_data(self, data: str) -> None:
        (self.raw_bodies if self._in_raw else self.texts).append(data)


def parsed(text: str) -> Recorder:
    recorder = Recorder()
    recorder.feed(text)
    recorder.close()
    return recorder


TRANSLATED_ATTRIBUTES = {"alt", "title", "content", "lang", "dir"}


def without_translated_attributes(recorder: Recorder) -> list[tuple[str, str, tuple]]:
    return [
        (kind, tag, tuple((k, v) for k, v in attrs if k not in TRANSLATED_ATTRIBUTES))
        for kind, tag, attrs in recorder.structure
    ]


def test_units_of_the_sample_page() -> None:
    document = read(sample_text())
    units = [(unit.line, unit.text) for unit in document.units]
    assert units[:4] == [
        (5, "توقيع اتفاقية هانوي — الأخبار"),
        (6, 'وقّعت الدول "اتفاقية هانوي" لمكافحة الجرائم الإلكترونية.'),
        (7, "اتفاقية هانوي"),
        (14, "<a0>الرئيسية</a0> | <a1>العالم</a1>"),
    ]
    texts = [text for _, text in units]
    assert "الخبر كاملاً" in texts  # a title attribute
    assert "الوزير يوقع الاتفاقية" in texts  # an alt attribute
    assert "توقيع اتفاقية الأمم المتحدة في هانوي" in texts  # the wrapping link left outside
    assert (
        "وقّع وزير الأمن العام <s0>الجنرال <e1>لونغ تام كوانغ</e1></s0> الاتفاقية يوم 25 أكتوبر."
        in texts
    )
    assert "وقال إن «التعاون الدولي» ضروري & عاجل." in texts
    assert "شارك في الحفل <a0>ممثلون عن <b1>72</b1> دولة</a0>، ونُشر البيان على <c2/> أمس." in texts
    assert "البند الثاني: <i0>المساعدة</i0> القانونية." in texts
    assert "© 2026 وكالة الأنباء — جميع الحقوق محفوظة." in texts
    joined = "\n".join(texts)
    for never in ("لا تترجم", "لا يترجم", "قالب", "un.org/hanoi", "hanoi.jpg", "color"):
        assert never not in joined
    assert document.warnings == []


def test_identity_round_trip_is_byte_for_byte_except_lang_and_dir() -> None:
    text = sample_text()
    document = read(text)
    expected = text.replace('<html lang="ar" dir="rtl">', '<html lang="en" dir="ltr">')
    assert document.rebuild(identity(document), ENGLISH) == expected
    assert document.rebuild([None] * len(document.units), ENGLISH) == expected
    assert document.rebuild(identity(document), target_language("ar")) == text


def test_lang_and_dir_are_added_or_replaced_on_the_html_tag() -> None:
    for source, built in (
        ("<html><p>نص</p></html>", '<html lang="en" dir="ltr"><p>نص</p></html>'),
        ("<HTML LANG=ar class=x><p>نص</p>", '<HTML LANG="en" class=x dir="ltr"><p>نص</p>'),
        ("<html dir='rtl' lang=''>", '<html dir="ltr" lang="en">'),
        ("<p>نص</p>", "<p>نص</p>"),
    ):
        document = read(source)
        assert document.rebuild(identity(document), ENGLISH) == built
    document = read("<html lang=en><p>text</p>")
    assert document.rebuild(identity(document), target_language("fa")).startswith(
        '<html lang="fa" dir="rtl">'
    )


def test_structure_links_images_and_scripts_survive_a_real_translation() -> None:
    text = sample_text()
    document = read(text)
    translations = [fake_translation(unit.text, i) for i, unit in enumerate(document.units)]
    built = document.rebuild(translations, ENGLISH)
    source, target = parsed(text), parsed(built)
    assert without_translated_attributes(target) == without_translated_attributes(source)
    assert target.raw_bodies == source.raw_bodies  # scripts and styles untouched
    links = [dict(a)["href"] for kind, tag, a in target.structure if tag == "a" and a]
    assert links == ["/", "/world", "/news/1", "https://un.org"]
    images = [dict(a)["src"] for kind, tag, a in target.structure if tag == "img"]
    assert images == ["/img/z7157588517514.jpg"]
    body = "".join(target.texts)
    for index in range(len(document.units)):
        assert f"Eng{index}." in body or f'"Eng{index}.' in built
    assert "<!-- رأس الصفحة: لا يترجم -->" in built
    assert "<pre>\nنص منسق لا يترجم\n</pre>" in built
    assert "<code>un.org/hanoi</code>" in built
    assert '<a href="https://un.org" class="ext" data-id="7">' in built


def test_translated_text_and_attributes_are_escaped() -> None:
    document = read('<p title="عنوان">نص &amp; <b>غامق</b></p>')
    assert [unit.text for unit in document.units] == ["عنوان", "نص & <b0>غامق</b0>"]
    built = document.rebuild(['Say "hi" & <go>', "A & B < C <b0>bold</b0>"], ENGLISH)
    assert built == (
        '<p title="Say &quot;hi&quot; &amp; &lt;go&gt;">A &amp; B &lt; C <b>bold</b></p>'
    )


def test_literal_placeholder_text_in_the_source_is_escaped_in_the_unit() -> None:
    document = read("<p>الرمز &lt;b0&gt; و &amp;lt; هنا</p>")
    assert [unit.text for unit in document.units] == ["الرمز &lt;b0> و &amp;lt; هنا"]
    assert markup.placeholders(document.units[0].text) == []
    built = document.rebuild(["The sign &lt;b0> and &amp;lt; here"], ENGLISH)
    assert built == "<p>The sign &lt;b0&gt; and &amp;lt; here</p>"


def test_translated_sentences_of_a_paragraph_take_the_target_spacing() -> None:
    document = read("<p>جملة أولى.  جملة <b>ثانية</b>.\n جملة ثالثة.</p>")
    assert document.rebuild(["一。", "二<b0>三</b0>。", None], target_language("zh")) == (
        "<p>一。二<b>三</b>。\n جملة ثالثة.</p>"
    )
    assert document.rebuild([None, None, None], target_language("zh")) == document.rebuild(
        [unit.text for unit in document.units], ENGLISH
    )
    assert document.rebuild(["One.", None, None], ENGLISH).startswith("<p>One. جملة")


def test_a_sentence_is_never_cut_inside_inline_markup() -> None:
    document = read("<p>جملة <b>أولى. وثانية</b> هنا. ثالثة.</p>")
    assert [unit.text for unit in document.units] == [
        "جملة <b0>أولى. وثانية</b0> هنا.",
        "ثالثة.",
    ]


def test_malformed_html_is_read_as_browsers_do_with_warnings_naming_the_line() -> None:
    text = "<body>\n<p>نص <b>غامق\n<p>فقرة ثانية</i>\n<li>بند<li>بند آخر\n</body>"
    document = read(text)
    assert [unit.text for unit in document.units] == [
        "نص <b0/>غامق",
        "فقرة ثانية",  # the stray </i> stays outside, where it was
        "بند",
        "بند آخر",
    ]
    messages = [(w.line, w.message) for w in document.warnings]
    assert (3, "</i> closes nothing (ignored, as browsers do)") in messages
    assert any(line == 2 and "<b> is never closed" in message for line, message in messages)
    assert all(w.severity == "warning" and w.code == "html" for w in document.warnings)
    assert document.rebuild(identity(document), ENGLISH) == text


def test_attribute_spans_agree_with_the_parser() -> None:
    tag = "<img src=a.jpg alt = 'صورة &amp; نص' title=\"x\" hidden data-x=1/>"
    found = attribute_values(tag)

    class Attributes(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.attrs = [(name, value or "") for name, value in attrs]

    parser = Attributes()
    parser.feed(tag)
    assert [(name, value) for name, _, _, value in found] == parser.attrs
    assert parser.attrs[1] == ("alt", "صورة & نص")
    assert [tag[start:end] for _, start, end, _ in found][:3] == ["a.jpg", "'صورة &amp; نص'", '"x"']


# --- generated fragments ---------------------------------------------------------------------

BLOCKS = ["p", "div", "li", "h2", "td", "blockquote", "section"]
INLINE = ["b", "i", "em", "span", "a", "strong"]
EXCLUDED = ["code", "pre", "script", "style", "template"]


def fragments() -> st.SearchStrategy[list]:
    """Trees: a leaf is a text node, a void element or a comment; a branch is an element."""
    leaf = st.one_of(
        st.tuples(st.just("text"), st.sampled_from(["", ".", "؟", " و"])),
        st.tuples(st.just("img"), st.booleans()),
        st.just(("br",)),
        st.just(("comment",)),
    )
    return st.lists(
        st.recursive(
            leaf,
            lambda children: st.tuples(
                st.sampled_from(BLOCKS + INLINE + EXCLUDED), st.lists(children, max_size=4)
            ),
            max_leaves=12,
        ),
        max_size=5,
    )


def render(nodes: list, tokens: dict[str, bool], excluded: bool = False) -> str:
    """HTML for ``nodes``; ``tokens`` records each word written: True inside an excluded
    element. Words are unique (``ن<k>ز``), so a unit holding one is found by search."""
    out = []
    for node in nodes:
        kind = node[0]
        if kind == "text":
            token = f"ن{len(tokens)}ز"
            tokens[token] = excluded
            out.append(f" {token}{node[1]} ")
        elif kind == "img":
            if node[1]:
                token = f"ن{len(tokens)}ز"
                tokens[token] = excluded
                out.append(f'<img src="x.png" alt="{token}">')
            else:
                out.append('<img src="x.png">')
        elif kind == "br":
            out.append("<br>")
        elif kind == "comment":
            out.append("<!-- c -->")
        else:
            tag, children = node
            if tag in ("script", "style"):  # raw text: no markup inside
                inner = render([c for c in children if c[0] == "text"], tokens, True)
                out.append(f"<{tag}>{inner}</{tag}>")
                continue
            attributes = ' href="/x"' if tag == "a" else ""
            inner = render(children, tokens, excluded or tag in EXCLUDED)
            out.append(f"<{tag}{attributes}>{inner}</{tag}>")
    return "".join(out)


TOKEN = re.compile(r"ن\d+ز")


@settings(max_examples=150, deadline=None)
@given(fragments())
def test_every_text_node_lands_in_exactly_one_unit_or_an_excluded_element(nodes: list) -> None:
    tokens: dict[str, bool] = {}
    text = "<body>" + render(nodes, tokens) + "</body>"
    document = read(text)
    in_units = [token for unit in document.units for token in TOKEN.findall(unit.text)]
    for token, excluded in tokens.items():
        assert in_units.count(token) == (0 if excluded else 1), (token, text)
    assert document.rebuild(identity(document), ENGLISH) == text
    translations = [
        TOKEN.sub(lambda m: "T" + m.group()[1:-1], unit.text) for unit in document.units
    ]
    built = document.rebuild(translations, ENGLISH)
    assert without_translated_attributes(parsed(built)) == without_translated_attributes(
        parsed(text)
    )
    for token, excluded in tokens.items():
        translated = "T" + token[1:-1]
        if excluded:
            assert token in built
        else:
            assert re.search(rf"\b{translated}\b", built), (token, built)
            assert token not in built
