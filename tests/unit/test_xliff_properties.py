"""The XLIFF reader fed any bytes: a result or a WorkbenchError, never another exception, in
time linear in the input (the style and budgets of tests/unit/test_reader_properties.py).

Two kinds of input: raw bytes mixed with XLIFF's tokens (past the first syntax check), and
well-formed documents of XLIFF 1.2 and 2.0 whose elements and attributes are drawn at random
(past the parser, into the reading of units, segments, inline codes and plural groups).
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.unit.test_reader_properties import (
    ALLOWED_RATIO,
    PROPERTY,
    SCALE,
    SLACK_SECONDS,
    SMALL,
    _inputs,
    _read,
    _seconds,
)
from workbench.errors import WorkbenchError
from workbench.interchange.xliff_read import read_xliff

OPEN_1 = '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
OPEN_2 = '<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="ar">'

XLIFF_TOKENS = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<?xml version="1.0" encoding="utf-16"?>',
    '<!DOCTYPE xliff [<!ENTITY e "x">]>',
    '<!ENTITY x SYSTEM "file:///etc/passwd">',
    OPEN_1,
    OPEN_2,
    '<xliff version="1.1" xmlns="urn:oasis:names:tc:xliff:document:1.1">',
    '<xliff version="9">',
    "<xliff>",
    "</xliff>",
    '<file original="a.po" source-language="ar" target-language="en">',
    '<file id="f">',
    "</file>",
    "<body>",
    "</body>",
    '<trans-unit id="1" resname="ctx">',
    '<trans-unit id="2" restype="x-gettext-domain-header">',
    "</trans-unit>",
    '<unit id="u" name="n">',
    "</unit>",
    '<segment state="final">',
    "</segment>",
    '<group restype="x-gettext-plurals">',
    '<group type="po:plurals">',
    "<group>",
    "</group>",
    "<source>",
    "</source>",
    '<target state="translated">',
    "<target>",
    "</target>",
    '<note from="translator">',
    '<note category="translator">',
    "</note>",
    "<notes>",
    "</notes>",
    '<x id="1"/>',
    "<x/>",
    '<bx rid="1"/>',
    "<bx/>",
    "<ex/>",
    '<ph id="p">',
    "<ph/>",
    "</ph>",
    '<sc id="s"/>',
    "<sc/>",
    '<ec startRef="s"/>',
    "<ec/>",
    "<g>",
    "</g>",
    "<sub>",
    "</sub>",
    "&e;",
    "&x;",
    "&amp;",
    "&#0;",
    "&#x85;",
    "نص",
    "text",
    "\n",
    " ",
]

#: Element names and attributes a random well-formed document is built from.
NAMES = [
    "file", "body", "trans-unit", "unit", "segment", "group", "source", "target", "note",
    "notes", "x", "bx", "ex", "ph", "sc", "ec", "g", "pc", "mrk", "sub", "it", "bpt", "ept",
]  # fmt: skip
ATTRIBUTES = [
    'id="1"', 'rid="1"', 'startRef="1"', 'resname="c"', 'name="c"', 'restype="x-gettext-plurals"',
    'type="po:plurals"', 'restype="x-gettext-domain-header"', 'state="final"',
    'state="initial"', 'approved="no"', 'approved="yes"', 'from="translator"',
    'category="translator"', 'source-language="ar"', 'target-language="en"', 'original="a"',
]  # fmt: skip
TEXTS = st.sampled_from(["", "نص", "text", "&amp;", "&#x85;", " ", "\n"])


def _element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    def build(name: str, attributes: list[str], content: list[str]) -> str:
        attrs = "".join(f" {a}" for a in dict.fromkeys(attributes))
        return f"<{name}{attrs}>{''.join(content)}</{name}>"

    return st.builds(
        build,
        st.sampled_from(NAMES),
        st.lists(st.sampled_from(ATTRIBUTES), max_size=3),
        st.lists(children, max_size=4),
    )


TREES = st.lists(st.recursive(TEXTS, _element, max_leaves=30), max_size=4).map("".join)
INLINE = st.lists(st.recursive(TEXTS, _element, max_leaves=8), max_size=3).map("".join)
UNIT_ATTRIBUTES = st.lists(st.sampled_from(ATTRIBUTES), max_size=3).map(
    lambda attributes: "".join(f" {a}" for a in dict.fromkeys(attributes))
)


def _unit_1(attrs: str, source: str, target: str | None, plural: bool) -> str:
    """A ``<trans-unit>`` of XLIFF 1.2 (in a plural group when ``plural``) around random
    inline content."""
    target_part = "" if target is None else f"<target{attrs}>{target}</target>"
    unit = f"<trans-unit{attrs}><source>{source}</source>{target_part}</trans-unit>"
    return f'<group restype="x-gettext-plurals">{unit}{unit}</group>' if plural else unit


def _unit_2(attrs: str, source: str, target: str | None, plural: bool) -> str:
    """A ``<unit>`` of XLIFF 2.0, likewise."""
    target_part = "" if target is None else f"<target>{target}</target>"
    unit = f"<unit{attrs}><segment{attrs}><source>{source}</source>{target_part}</segment></unit>"
    return f'<group type="po:plurals">{unit}{unit}</group>' if plural else unit


def _document(version_2: bool, units: list[str]) -> bytes:
    if version_2:
        return f'{OPEN_2}<file id="f">{"".join(units)}</file></xliff>'.encode()
    return f'{OPEN_1}<file original="a.po"><body>{"".join(units)}</body></file></xliff>'.encode()


WELL_FORMED = st.one_of(
    # random elements anywhere under the root
    st.builds(
        lambda opening, body: f"{opening}{body}</xliff>".encode(),
        st.sampled_from([OPEN_1, OPEN_2]),
        TREES,
    ),
    # the skeleton of a document, random inline content in units' sources and targets
    st.booleans().flatmap(
        lambda version_2: st.lists(
            st.builds(
                _unit_2 if version_2 else _unit_1,
                UNIT_ATTRIBUTES,
                INLINE,
                st.none() | INLINE,
                st.booleans(),
            ),
            max_size=4,
        ).map(lambda units: _document(version_2, units))
    ),
)


@PROPERTY
@given(data=_inputs(XLIFF_TOKENS))
def test_the_xliff_reader_takes_any_bytes(data: bytes) -> None:
    _read(read_xliff, "t.xlf", data)


@PROPERTY
@given(data=WELL_FORMED)
def test_the_xliff_reader_takes_any_well_formed_document(data: bytes) -> None:
    _read(read_xliff, "t.xlf", data)


def _units(size: int) -> bytes:
    units = "".join(
        f'<trans-unit id="{i}" resname="c{i}"><source>نص {i} <x id="1"/></source>'
        f'<target state="translated">text &amp; {i}</target></trans-unit>'
        for i in range(size // 150)
    )
    return f'{OPEN_1}<file original="a.po"><body>{units}</body></file></xliff>'.encode()


def _one_long_segment(size: int) -> bytes:
    """One target of many character chunks (each entity ends one): string building."""
    text = "نص &amp; " * (size // 12)
    return (
        f'{OPEN_1}<file original="a.po"><body><trans-unit id="1"><source>x</source>'
        f"<target>{text}</target></trans-unit></body></file></xliff>"
    ).encode()


def _nested(depth: int) -> bytes:
    """An inline code nested ``depth`` deep (XLIFF from a tool nests a few)."""
    text = "<g>" * depth + "نص" + "</g>" * depth
    return (
        f'{OPEN_1}<file original="a.po"><body><trans-unit id="1"><source>{text}</source>'
        "</trans-unit></body></file></xliff>"
    ).encode()


def test_deep_nesting_is_read_or_refused_never_a_recursion_error() -> None:
    document = _read(read_xliff, "t.xlf", _nested(150))
    assert not isinstance(document, WorkbenchError), document
    assert document.files[0].units[0].sources == ["نص"]  # type: ignore[attr-defined]
    refused = _read(read_xliff, "t.xlf", _nested(SMALL * SCALE // 8))
    assert isinstance(refused, WorkbenchError) and "nested more than" in str(refused)


def test_an_inline_code_without_its_id_is_named_with_its_line() -> None:
    data = f"{OPEN_1}<file><body><trans-unit>\n<source>a<x/></source>"
    refused = _read(read_xliff, "t.xlf", (data + "</trans-unit></body></file></xliff>").encode())
    assert isinstance(refused, WorkbenchError)
    assert "t.xlf:2:" in str(refused) and "<x> has no id attribute" in str(refused)


@pytest.mark.parametrize("make", [_units, _one_long_segment], ids=lambda f: f.__name__)
def test_a_large_xliff_file_is_read_in_linear_time(make) -> None:  # type: ignore[no-untyped-def]
    small, large = make(SMALL), make(SMALL * SCALE)
    assert len(large) > SCALE * len(small) * 0.9
    small_seconds = min(_seconds(read_xliff, "t.xlf", small) for _ in range(3))
    large_seconds = min(_seconds(read_xliff, "t.xlf", large) for _ in range(2))
    assert large_seconds < ALLOWED_RATIO * small_seconds + SLACK_SECONDS, (
        f"{len(small)} bytes: {small_seconds:.3f} s, {len(large)} bytes: {large_seconds:.3f} s"
    )


def test_a_refused_large_input_is_a_workbench_error() -> None:
    result = _read(read_xliff, "t.xlf", b"<xliff>" * 100_000)
    assert isinstance(result, WorkbenchError)
