"""TMX and TBX text that uses an entity workbench does not read (an external file or URL, or
one declared in an external DTD) is refused with file:line and why, never stored as empty."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.errors import WorkbenchError
from workbench.glossary.formats import read_glossary, read_glossary_lenient
from workbench.tm.tmx import read_tmx

TMX_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
TMX_BODY = (
    '<tmx version="1.4"><header srclang="ar"/><body>\n'
    '<tu><tuv xml:lang="ar"><seg>نص</seg></tuv>\n'
    '<tuv xml:lang="en"><seg>{text}</seg></tuv></tu>\n'
    "</body></tmx>\n"
)


@pytest.fixture()
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text("SECRET", encoding="utf-8")
    return path


def _tmx(tmp_path: Path, doctype: str, text: str) -> Path:
    path = tmp_path / "units.tmx"
    path.write_text(TMX_HEAD + doctype + TMX_BODY.format(text=text), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE tmx [<!ENTITY ext SYSTEM "{secret}">]>\n',
        '<!DOCTYPE tmx [<!ENTITY ext SYSTEM "http://127.0.0.1:9/x">]>\n',
        '<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n',  # &ext; could be declared there: not read
    ],
)
def test_a_tmx_unit_using_an_external_entity_is_refused_with_its_line(
    tmp_path: Path, secret: Path, doctype: str
) -> None:
    path = _tmx(tmp_path, doctype.format(secret=secret), "&ext;")
    with pytest.raises(WorkbenchError) as caught:
        read_tmx(path)
    assert caught.value.path == path
    assert caught.value.line == 5
    message = str(caught.value)
    assert "entity" in message and "ext" in message
    assert "does not read" in message
    assert "SECRET" not in message


def test_internal_entities_and_an_unread_dtd_still_work(tmp_path: Path) -> None:
    doctype = '<!DOCTYPE tmx SYSTEM "tmx14.dtd" [<!ENTITY int "internal">]>\n'
    [unit] = read_tmx(_tmx(tmp_path, doctype, "&int; &amp; text"))
    assert unit.target == "internal & text"


TBX = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    "{doctype}"
    '<martif type="TBX-Basic"><text><body>\n'
    '<termEntry><langSet xml:lang="ar"><tig><term>وزير</term></tig></langSet>\n'
    '<langSet xml:lang="en"><tig><term>&ext;</term></tig></langSet></termEntry>\n'
    "</body></text></martif>\n"
)


@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE martif [<!ENTITY ext SYSTEM "{secret}">]>\n',
        '<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">\n',
    ],
)
def test_a_tbx_term_using_an_external_entity_says_why(
    tmp_path: Path, secret: Path, doctype: str
) -> None:
    path = tmp_path / "terms.tbx"
    path.write_text(TBX.format(doctype=doctype.format(secret=secret)), encoding="utf-8")
    terms, problems = read_glossary_lenient(path)
    assert terms == []
    assert [p.line for p in problems] == [5]
    assert "entity" in problems[0].message and "does not read" in problems[0].message
    with pytest.raises(WorkbenchError, match="does not read") as caught:
        read_glossary(path)
    assert caught.value.line == 5


_LAUGHS = '<!ENTITY a0 "lol">' + "".join(
    '<!ENTITY a{} "{}">'.format(i, f"&a{i - 1};" * 10) for i in range(1, 10)
)


def test_an_entity_expansion_bomb_is_refused_quickly(tmp_path: Path) -> None:
    """A billion laughs (a 3 GB expansion from a 1 kB file): refused within seconds by
    expat's amplification limit, in TMX and in TBX, with the line."""
    import time

    tmx = _tmx(tmp_path, f"<!DOCTYPE tmx [{_LAUGHS}]>\n", "&a9;")
    tbx = tmp_path / "terms.tbx"
    tbx.write_text(TBX.format(doctype=f"<!DOCTYPE martif [{_LAUGHS}]>\n").replace("&ext;", "&a9;"))
    started = time.monotonic()
    with pytest.raises(WorkbenchError, match="amplification") as caught:
        read_tmx(tmx)
    assert caught.value.line == 5
    terms, problems = read_glossary_lenient(tbx)
    assert terms == [] and [p.line for p in problems] == [5]
    assert "amplification" in problems[0].message
    assert time.monotonic() - started < 10
