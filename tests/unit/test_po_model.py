"""The catalog model: polib's objects, read with the header as written and typed extras."""

from __future__ import annotations

from pathlib import Path

import polib

from workbench.catalog.po.model import (
    Catalog,
    HeaderSource,
    Message,
    blank_comments,
    header_source,
    is_fuzzy,
    key,
    plural_forms,
)
from workbench.catalog.pofile import format_po, read_po

TEXT = (
    '# header comment\nmsgid ""\nmsgstr ""\n"Content-Type:  text/plain; charset=UTF-8\\n"\n'
    '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
    '#\nmsgid "a"\nmsgstr "b"\n\n'
    '#, c-format fuzzy\nmsgctxt "menu"\nmsgid "%d file"\nmsgid_plural "%d files"\n'
    'msgstr[0] "%d ملف"\nmsgstr[1] "%d ملفات"\n'
)


def test_message_sets_every_attribute_a_polib_entry_has() -> None:
    """Message.__init__ does not call polib's (it is a third of reading time): a polib
    version that adds an attribute must fail here, not in a user's catalog."""
    assert set(vars(polib.POEntry())) <= set(vars(Message()))
    assert vars(Message()) == {**vars(polib.POEntry()), "blank_comments": ()}


def test_reading_gives_the_model_with_the_header_as_read(tmp_path: Path) -> None:
    path = tmp_path / "x.po"
    path.write_text(TEXT, encoding="utf-8")
    po = read_po(path)
    assert isinstance(po, Catalog) and isinstance(po, polib.POFile)
    assert all(isinstance(entry, Message) for entry in po) and len(po) == 2
    source = header_source(po)
    assert isinstance(source, HeaderSource)
    assert source.entry.msgstr.startswith("Content-Type:  text/plain")  # spacing as written
    assert po.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    plain, plural = po
    assert plain.blank_comments == ("tcomment",) == blank_comments(plain)
    assert (plain.key(), plural.key()) == ((None, "a"), ("menu", "%d file"))
    assert (plain.is_fuzzy(), plural.is_fuzzy()) == (False, True)
    assert plural.plural_forms() == ["%d ملف", "%d ملفات"]
    assert format_po(po) == TEXT.replace("#, c-format fuzzy", "#, fuzzy, c-format")


def test_plain_polib_objects_are_accepted_alike() -> None:
    entry = polib.POEntry(msgid="a", msgctxt="", flags=["c-format fuzzy"])
    assert key(entry) == ("", "a")  # msgctxt "" is a context of its own, as in GNU tools
    assert is_fuzzy(entry) and not is_fuzzy(polib.POEntry(msgid="a"))
    assert plural_forms(entry) == [""]
    assert plural_forms(polib.POEntry(msgid="a", msgid_plural="as")) == [""]
    assert blank_comments(entry) == () and header_source(polib.POFile()) is None
    assert header_source(Catalog()) is None and Catalog().wrapwidth == 79
