"""The placeholder syntax of units: escaping, and what the build refuses."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from workbench.documents.markup import (
    check_markup,
    escape_text,
    markup_problems,
    placeholders,
    split_unit,
    strip_placeholders,
    unescape_text,
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
