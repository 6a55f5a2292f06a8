"""The placeholder syntax of units: escaping, and what the build refuses."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from workbench.documents.markup import (
    check_markup,
    escape_text,
    markup_problems,
    mask_placeholders,
    placeholders,
    split_unit,
    strip_placeholders,
    unescape_text,
    unmask_placeholders,
)

SOURCE = "قال <b0>الوزير <i1>كوانغ</i1></b0> في <a2>البيان</a2><x3/>."


@given(st.text(alphabet="<>/&;abltmp0129 b", max_size=30))
def test_escaping_is_exactly_reversible_and_hides_placeholder_lookalikes(text: str) -> None:
    escaped = escape_text(text)
    assert unescape_text(escaped) == text
    assert placeholders(escaped) == []


def test_only_what_reads_as_a_placeholder_is_escaped() -> None:
    assert escape_text("a < b & c &amp; d") == "a < b & c &amp; d"
    assert escape_text("<b0> &lt;") == "&lt;b0> &amp;lt;"


def test_pieces_and_stripping() -> None:
    assert [p.text for p in split_unit(SOURCE) if p.placeholder] == [
        "<b0>", "<i1>", "</i1>", "</b0>", "<a2>", "</a2>", "<x3/>",
    ]  # fmt: skip
    assert "".join(p.text for p in split_unit(SOURCE)) == SOURCE
    assert strip_placeholders(SOURCE) == "قال الوزير كوانغ في البيان."


def test_a_translation_keeping_every_placeholder_passes() -> None:
    assert (
        markup_problems(
            SOURCE, "The <b0>minister <i1>Quang</i1></b0> said it<x3/> in <a2>the statement</a2>."
        )
        == []
    )  # noqa: E501
    assert check_markup(SOURCE, "") == []


def test_lost_added_repeated_and_misnested_placeholders_are_errors() -> None:
    lost = markup_problems(SOURCE, "The <b0>minister Quang</b0> in <a2>it</a2><x3/>.")
    assert lost == ["placeholder </i1>, <i1> missing from the translation"]
    added = markup_problems(SOURCE, SOURCE + "<x4/>")
    assert added == ["placeholder <x4/> not in the source (or repeated)"]
    repeated = markup_problems(SOURCE, SOURCE.replace("<x3/>", "<x3/><x3/>"))
    assert repeated == ["placeholder <x3/> not in the source (or repeated)"]
    crossed = "The <b0>minister <i1>Quang</b0></i1> in <a2>it</a2><x3/>."
    assert markup_problems(SOURCE, crossed) == [
        "placeholders not nested as in the source: open and close them in order"
    ]
    closed_first = "</a2>it<a2> <b0><i1>x</i1></b0><x3/>"
    assert markup_problems(SOURCE, closed_first)
    findings = check_markup(SOURCE, crossed)
    assert [(f.code, f.severity, f.subject) for f in findings] == [("markup", "error", SOURCE)]


def test_placeholders_masked_for_mt_come_back_spaced_as_in_the_source() -> None:
    source = "قال <b0>الوزير <i1>كوانغ</i1></b0> في 9071 <a2>البيان</a2><x3/>."
    masked = mask_placeholders(source)
    assert masked.text == "قال 9072 الوزير 9073 كوانغ 9074 9075 في 9071 9076 البيان 9077 9078 ."
    assert placeholders(masked.text) == []
    assert unmask_placeholders(masked, masked.text) == source
    mt = "The 9072 minister 9073 Quang 9074 9075 said in 9071 9076 the statement 9077 9078 ."
    assert unmask_placeholders(masked, mt) == (
        "The <b0>minister <i1>Quang</i1></b0> said in 9071 <a2>the statement</a2><x3/>."
    )


def test_a_placeholder_lost_or_repeated_by_mt_gives_none() -> None:
    masked = mask_placeholders("نص <b0>غامق</b0>.")
    assert masked.text == "نص 9071 غامق 9072 ."
    assert unmask_placeholders(masked, "Text 9071 bold.") is None
    assert unmask_placeholders(masked, "Text 9071 bold 9072 9072.") is None
    assert unmask_placeholders(masked, "Text 90712 bold 9072.") is None


@given(st.lists(st.sampled_from(["نص", "25", "9071", "<b0>", "</b0>", "<x1/>", "."]), max_size=12))
def test_masking_a_unit_and_unmasking_its_own_mask_gives_it_back(words: list[str]) -> None:
    text = " ".join(words)
    masked = mask_placeholders(text)
    assert unmask_placeholders(masked, masked.text) == text
