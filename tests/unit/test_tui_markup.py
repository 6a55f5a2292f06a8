"""Document markup in the TUI without Textual: ctrl+l's insertion rule, placeholders drawn as
chips that right-to-left display never reverses (app shaping and a reordering terminal), MT
suggestions that keep the placeholders, and f9's build notices."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import pytest
from bidi import get_display

from workbench.config import Config
from workbench.documents.markup import markup_problems
from workbench.mt.engine import DecodeOptions, Suggestion
from workbench.tui.bidi import ATOM, visual_lines
from workbench.tui.components.source_pane import render_source
from workbench.tui.editing import (
    ALL_PLACEHOLDERS_IN,
    NO_MARKUP,
    Insertion,
    Notice,
    placeholder_insertion,
)
from workbench.tui.markup_chips import atomize, chip_label, chip_style, chip_text
from workbench.tui.providers import GlossaryAdapter, MTAdapter, ProviderStatus

SOURCE = "قال <b0>الرئيس</b0> اليوم <i1/> إن <a2>الاتفاقية</a2> مهمة"
ROOT = Path(__file__).resolve().parents[2]
GLOSSARY = ROOT / "corpus" / "official-titles.tsv"


def apply(text: str, found: Insertion | Notice) -> tuple[str, int]:
    assert isinstance(found, Insertion), found
    return text[: found.start] + found.replacement + text[found.end :], found.cursor


# --- ctrl+l: the next missing placeholder -------------------------------------------------


def test_an_empty_pair_goes_in_at_the_cursor_with_the_cursor_between() -> None:
    text, cursor = apply("The president", placeholder_insertion(SOURCE, "The president", 4))
    assert text == "The <b0></b0>president"
    assert text[:cursor] == "The <b0>"


def test_a_pair_goes_around_the_selection_and_the_cursor_after_it() -> None:
    translation = "The president said"
    found = placeholder_insertion(SOURCE, translation, 13, 4)  # selected backwards
    text, cursor = apply(translation, found)
    assert text == "The <b0>president</b0> said"
    assert text[:cursor] == "The <b0>president</b0>"


def test_the_next_missing_is_the_first_in_source_order() -> None:
    text = "The <b0>president</b0> said"
    found = placeholder_insertion(SOURCE, text, len(text))
    assert apply(text, found)[0] == "The <b0>president</b0> said<i1/>"
    text = "<b0>a</b0> <i1/> <a2>b</a2>"
    assert placeholder_insertion(SOURCE, text, 0) == ALL_PLACEHOLDERS_IN


def test_a_lone_half_of_a_pair_goes_to_its_side_of_the_selection() -> None:
    # closing missing: at the end of the selection (the cursor), nothing replaced
    text = "<b0>The president said <i1/> <a2>x</a2>"
    new, cursor = apply(text, placeholder_insertion(SOURCE, text, 4, 17))
    assert new == "<b0>The president</b0> said <i1/> <a2>x</a2>"
    assert new[:cursor] == "<b0>The president</b0>"
    # opening missing: at the start of the selection
    text = "The president</b0> said"
    new, cursor = apply(text, placeholder_insertion(SOURCE, text, 4, 13))
    assert new == "The <b0>president</b0> said"
    assert new[:cursor] == "The <b0>"


def test_a_standalone_placeholder_never_replaces_the_selection() -> None:
    text = "<b0>a</b0> said so"
    new, cursor = apply(text, placeholder_insertion(SOURCE, text, 11, 15))
    assert new == "<b0>a</b0> said<i1/> so"
    assert new[:cursor] == "<b0>a</b0> said<i1/>"


def test_inserting_until_nothing_is_missing_gives_a_translation_with_the_source_markup() -> None:
    text = ""
    for _ in range(10):
        found = placeholder_insertion(SOURCE, text, len(text))  # each at the end
        if isinstance(found, Notice):
            break
        text, _cursor = apply(text, found)
    assert found == ALL_PLACEHOLDERS_IN
    assert text == "<b0></b0><i1/><a2></a2>" and markup_problems(SOURCE, text) == []


def test_a_segment_without_markup_says_so() -> None:
    assert placeholder_insertion("قال الرئيس", "The president", 0) == NO_MARKUP
    # a literal "<b0>" of the text is escaped in a unit: no placeholder
    assert placeholder_insertion("قال &lt;b0> الرئيس", "", 0) == NO_MARKUP


# --- chips ----------------------------------------------------------------------------------


def test_chip_labels_and_one_colour_per_pair() -> None:
    assert [chip_label(t) for t in ("<b0>", "</b0>", "<i1/>")] == ["b0", "/b0", "i1/"]
    assert chip_style("<b0>") == chip_style("</b0>") != chip_style("<a2>")
    assert chip_style("<i1/>").italic and not chip_style("<b0>").italic


def test_atomize_keeps_the_offsets_of_the_text() -> None:
    atomized = atomize(SOURCE)
    assert atomized.text.count(ATOM) == 5 and "<" not in atomized.text
    assert list(atomized.tokens.values()) == ["<b0>", "</b0>", "<i1/>", "<a2>", "</a2>"]
    for index, char in enumerate(atomized.text):
        original = atomized.origin[index]
        if char == ATOM:
            assert SOURCE.startswith(atomized.tokens[index], original)
        else:
            assert SOURCE[original] == char
    assert atomized.atom_width == 3
    plain = atomize("قال الرئيس")
    assert plain.text == "قال الرئيس" and plain.tokens == {}


def chips_in(line: str) -> list[str]:
    return re.findall(r"/?[a-z]\d/?", line)


def test_app_mode_draws_chips_whole_in_right_to_left_order() -> None:
    rendered = render_source(SOURCE, 80, "app").plain
    assert "<" not in rendered and ">" not in rendered  # no raw markup, nothing mirrored
    # read right to left, as an Arabic line is: b0 first, /a2 last
    assert chips_in(rendered) == ["/a2", "a2", "i1/", "/b0", "b0"]
    # the opening chip is at the right of the word it opens
    president = rendered.index("ﺲﻴﺋﺮﻟﺍ")
    assert rendered.index("/b0") < president < rendered.index("b0", president)


def test_app_mode_wraps_with_the_chips_width_and_never_splits_a_chip() -> None:
    for width in (8, 12, 17, 25):
        lines = render_source(SOURCE, width, "app").plain.split("\n")
        assert lines
        assert all(len(line) <= width for line in lines), (width, lines)
        assert sorted(chip for line in lines for chip in chips_in(line)) == sorted(
            ["b0", "/b0", "i1/", "a2", "/a2"]
        )


def test_terminal_mode_keeps_logical_order_with_isolated_chips() -> None:
    rendered = render_source(SOURCE, 80, "terminal").plain
    assert "<" not in rendered
    assert rendered.startswith("قال \u2066b0\u2069الرئيس\u2066/b0\u2069 ")
    # a terminal reordering the line itself (its bidi algorithm, with isolates) shows every
    # chip whole: "/b0" would read "b0/" without the isolate
    shown = get_display(rendered, base_dir="R")
    assert chips_in(shown) == ["/a2", "a2", "i1/", "/b0", "b0"]
    assert get_display("قال /b0 الرئيس", base_dir="R").count("b0/") == 1  # what it prevents


def test_chip_text_is_isolated_only_for_the_terminal() -> None:
    assert chip_text("</b0>", "app") == "/b0"
    assert chip_text("</b0>", "terminal") == "\u2066/b0\u2069"


def test_glossary_terms_still_highlighted_behind_chips() -> None:
    from rich.text import Text

    from workbench.glossary import Term, TermMatch
    from workbench.tui.components.source_pane import TERM_STYLE

    source = "قال <b0>وزير الأمن العام</b0> اليوم"
    start = source.index("وزير")
    term = Term("وزير الأمن العام", "Minister of Public Security")
    hit = TermMatch(start, start + len(term.source), term.source, term)
    rendered: Text = render_source(source, 60, "app", [hit])
    highlighted = "".join(
        rendered.plain[span.start : span.end] for span in rendered.spans if span.style == TERM_STYLE
    )
    assert len(highlighted.replace(" ", "")) >= 10  # the term's letters, joined
    chip_spans = [s for s in rendered.spans if s.style == chip_style("<b0>")]
    assert sorted(rendered.plain[s.start : s.end] for s in chip_spans) == ["/b0", "b0"]


def test_visual_lines_count_an_atom_as_its_width() -> None:
    text = f"aa {ATOM} bb"
    assert [line.text for line in visual_lines(text, 7, "terminal")] == [text]
    wide = visual_lines(text, 7, "terminal", atom_width=3)
    assert [line.text for line in wide] == [f"aa {ATOM}", "bb"]


# --- MT suggestions keep the placeholders -----------------------------------------------------


class WordsEngine:
    """Each Arabic word -> "w", numbers copied in place (as Marian copies four-digit ones)."""

    name = "words"
    model_name = "words-ar-en"
    fingerprint = "words"

    def __init__(self, keep_numbers: bool = True) -> None:
        self.keep_numbers = keep_numbers
        self.seen: list[str] = []

    def translate_batch(
        self, sources: Sequence[str], options: DecodeOptions
    ) -> list[list[Suggestion]]:
        self.seen += sources
        results = []
        for source in sources:
            words = [
                word if word.isdigit() and self.keep_numbers else "w"
                for word in source.split()
                if not word.isdigit() or self.keep_numbers
            ]
            text = " ".join(words) + "."
            results.append(
                [Suggestion(text, -0.1 * rank, "words", "words") for rank in range(options.n_best)]
            )
        return results

    def count_tokens(self, text: str) -> int:
        return len(text.split())


def adapter(engine: object) -> MTAdapter:
    mt = MTAdapter(Config(root=Path(".")))
    mt.engine = engine
    mt.status = ProviderStatus("ready", "words")
    return mt


def test_mt_suggestions_get_the_placeholders_back() -> None:
    engine = WordsEngine()
    items, notes = adapter(engine).suggest(SOURCE, GlossaryAdapter(None))
    assert items and notes == []
    assert "<" not in engine.seen[0] and "9071" in engine.seen[0]  # masked for MT
    for item in items:
        assert markup_problems(SOURCE, item.text) == [], item.text
    assert items[0].text == "w <b0>w</b0> w <i1/> w <a2>w</a2> w."


def test_mt_that_loses_the_markup_is_offered_without_it_and_warned() -> None:
    items, notes = adapter(WordsEngine(keep_numbers=False)).suggest(SOURCE, GlossaryAdapter(None))
    assert items
    assert all(item.label.endswith("no markup") and "<" not in item.text for item in items)
    assert items[0].text == "w w w w w w."
    assert len(notes) == 1 and "MT lost the markup (<b0> </b0> <i1/> <a2> </a2>)" in notes[0]
    assert "ctrl+l" in notes[0]


def test_glossary_enforced_mt_keeps_terms_and_placeholders() -> None:
    glossary = GlossaryAdapter(GLOSSARY, target_language="en")
    source = "قال <b0>وزير الأمن العام</b0> اليوم"
    items, _ = adapter(WordsEngine()).suggest(source, glossary)
    enforced = [item for item in items if item.kind == "mt+glossary"]
    assert enforced, items
    assert enforced[0].text == "w <b0>Minister of Public Security</b0> w."
    assert all(markup_problems(source, item.text) == [] for item in items)


def test_sources_without_markup_go_to_mt_as_they_are() -> None:
    engine = WordsEngine()
    items, _ = adapter(engine).suggest("قال الرئيس 2500", GlossaryAdapter(None))
    assert engine.seen == ["قال الرئيس 2500"] and items[0].text == "w w 2500."


# --- f9: build notices --------------------------------------------------------------------------


def test_build_notices_say_where_and_how_much(tmp_path: Path) -> None:
    from workbench.catalog.build import BuildResult, MarkupMismatch
    from workbench.tui.building import build_failed_notice, built_notice

    result = BuildResult(
        source=tmp_path / "corpus" / "a.ar.html",
        catalog=tmp_path / "a.po",
        output=tmp_path / "build" / "en" / "a.en.html",
        entries=8,
        translated=5,
        fuzzy_used=0,
        untranslated=3,
        percent=62.5,
        data=b"",
    )
    notice = built_notice(result, tmp_path)
    assert notice.text == (
        "Built build/en/a.en.html: 62.5% translated (5 of 8 entries);"
        " 3 untranslated or fuzzy keep the source text"
    )
    assert notice.severity == "information"
    assert "2 save(s) not yet written" in built_notice(result, tmp_path, unsaved=2).text
    error = MarkupMismatch(
        "placeholder </b0> missing from the translation; nothing written",
        tmp_path / "a.po",
        line=12,
        msgid="قال <b0>x</b0>",
    )
    failed = build_failed_notice(error, {"قال <b0>x</b0>": 4}.get)
    assert failed.severity == "error"
    assert failed.text.startswith(f"Document not built: #4: {tmp_path / 'a.po'}:12: placeholder")
    crashed = build_failed_notice(RuntimeError("boom"), lambda msgid: None)
    assert crashed.text == "Document not built: RuntimeError: boom"


@pytest.mark.parametrize("named", [True, False])
def test_a_catalog_without_its_source_says_what_to_do(tmp_path: Path, named: bool) -> None:
    import polib

    from workbench.catalog.build import catalog_source
    from workbench.errors import WorkbenchError

    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    occurrences = [("corpus/gone.ar.html", "3")] if named else []
    po.append(polib.POEntry(msgid="نص", msgstr="", occurrences=occurrences))
    catalog = tmp_path / "gone.po"
    po.save(str(catalog))
    with pytest.raises(WorkbenchError) as caught:
        catalog_source(catalog, tmp_path, tmp_path / "corpus")
    message = str(caught.value)
    if named:
        assert "corpus/gone.ar.html does not exist" in message and "put the source back" in message
    else:
        assert "names no source document" in message and "workbench import" in message
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "gone.ar.md").write_text("نص\n", encoding="utf-8")
    assert catalog_source(catalog, tmp_path, tmp_path / "corpus") == (
        tmp_path / "corpus" / "gone.ar.md"
    )


def test_list_excerpts_show_chips_and_fit() -> None:
    from workbench.tui.bidi import display_excerpt
    from workbench.tui.markup_chips import excerpt_pieces

    for width in (10, 20, 40, 80):
        for mode in ("app", "terminal"):
            pieces = excerpt_pieces(SOURCE, width, mode)  # type: ignore[arg-type]
            text = "".join(piece for piece, _ in pieces)
            assert pieces and "<" not in text
            assert len(text.replace("\u2066", "").replace("\u2069", "")) <= width
            styled = [piece for piece, style in pieces if style is not None]
            assert all(chips_in(piece) for piece in styled)
    app = "".join(piece for piece, _ in excerpt_pieces(SOURCE, 30, "app"))
    assert app.startswith("…") and app.endswith("ﻝﺎﻗ")  # cut at its logical end, the left
    assert chips_in(app)[-2:] == ["/b0", "b0"]
    plain = "قال الرئيس إن الاتفاقية مهمة جدا"
    assert excerpt_pieces(plain, 12, "app") == [(display_excerpt(plain, 12, "app"), None)]


# --- TM suggestions keep the placeholders of the segment ------------------------------------


def test_renumber_placeholders_maps_another_units_markup_by_position() -> None:
    from workbench.documents.markup import renumber_placeholders

    source = "قال <s0>الرئيس</s0> اليوم<b1/>"
    other = "قال <a3>الرئيس</a3> اليوم<b4/>"
    assert renumber_placeholders(other, "Said <a3>the president</a3> today<b4/>", source) == (
        "Said <s0>the president</s0> today<b1/>"
    )
    # the translation may have moved them: renamed where they are
    assert renumber_placeholders(other, "<b4/>Today <a3>the president</a3> said", source) == (
        "<b1/>Today <s0>the president</s0> said"
    )
    assert renumber_placeholders(source, "Said <s0>x</s0><b1/>", source) == "Said <s0>x</s0><b1/>"
    # different kinds or counts cannot be mapped
    assert renumber_placeholders("قال <a3/>الرئيس<b4/>", "x <a3/> y <b4/>", source) is None
    assert renumber_placeholders("قال الرئيس اليوم", "Said the president", source) is None


def test_tm_suggestions_get_the_segments_placeholders() -> None:
    from workbench.tm.store import TMMatch
    from workbench.tui.providers import _with_markup_of

    source = "قال <s0>الرئيس</s0> اليوم"
    same_words = TMMatch("قال <e2>الرئيس</e2> اليوم", "Said <e2>the president</e2> today", 99, "a")
    item = _with_markup_of(source, same_words)
    assert (item.text, item.label) == ("Said <s0>the president</s0> today", "TM 99%")
    plain = TMMatch("قال الرئيس اليوم", "Said the president today", 99, "b")
    item = _with_markup_of(source, plain)
    assert item.text == "Said the president today" and item.label == "TM 99% · markup differs"
    untouched = _with_markup_of("قال الرئيس", TMMatch("قال الرئيس", "Said the president", 100, "c"))
    assert (untouched.text, untouched.label) == ("Said the president", "TM 100%")
