"""A catalog as an XLIFF 1.2 or 2.1 document, for an agency's CAT tool.

The mapping follows translate-toolkit's ``po2xliff`` and adds what it leaves out:

============================  ===============================  ==============================
catalog                       XLIFF 1.2                        XLIFF 2.1
============================  ===============================  ==============================
``msgctxt``                   ``resname``                      ``name``
``#.`` extracted comments     ``<note from="developer">``      ``<note category="developer">``
``#`` translator comments     ``<note from="translator">``     ``<note category="translator">``
``#:`` references             ``<context-group                 ``<note category="location">``
                              purpose="location">``
``#| msgid`` (fuzzy)          ``<alt-trans origin=             ``<mtc:match origin=
                              "previous">``                    "previous">``
plural entry                  ``<group restype=                ``<group type="po:plurals">``,
                              "x-gettext-plurals">``, a unit   a unit per form
                              per form
untranslated                  ``state="new"``                  ``state="initial"``
fuzzy                         ``state="needs-review-           ``state="initial"`` with a
                              translation"``                   target
translated                    ``state="translated"``           ``state="translated"``
reviewed (``# wb-reviewed``)  ``state="final"``                ``state="final"``
============================  ===============================  ==============================

The review marks (``# wb-reviewed``, ``# wb-dismissed:``, :mod:`workbench.catalog.review`) are
not part of the translator note: the review travels as the state, and dismissals stay in the
catalog (import keeps them).

Units are numbered in catalog order (``id``), the header is left out (it is no translation).
The text is written as it is in the catalog, newlines and spaces kept (``xml:space``), a
carriage return as ``&#13;``; a character XML cannot carry is refused with the entry's line.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from xml.sax.saxutils import quoteattr

import polib

from workbench import __version__
from workbench.catalog.po.model import is_fuzzy, plural_forms
from workbench.catalog.review import is_reviewed, without_marks
from workbench.documents.markup import PLACEHOLDER
from workbench.errors import WorkbenchError
from workbench.interchange.xliff_common import (
    NS_1_2,
    NS_2,
    NS_MATCHES,
    PLURAL_RESTYPE,
    PLURAL_TYPE,
    REVIEWED_STATE,
    UNWRITABLE,
    has_markup,
    placeholder_parts,
)
from workbench.language import bcp47_tag

SOURCE_LANGUAGE = "ar"


def _text(text: str) -> str:
    """``text`` escaped as XML character data (a carriage return as ``&#13;``, which a parser
    would otherwise read as a newline)."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("\r", "&#13;") if "\r" in text else text


def _attr(text: str) -> str:
    return quoteattr(text).replace("\r", "&#13;")


#: XLIFF's inline elements for an opening, a closing and a standalone placeholder, by version.
_INLINE_TAGS = {
    "1.2": ('<bx id="{0}" rid="{0}"/>', '<ex id="{0}-end" rid="{0}"/>', '<x id="{0}"/>'),
    "2.1": ('<sc id="{0}"/>', '<ec startRef="{0}"/>', '<ph id="{0}"/>'),
}


def _inline(text: str, markup: bool, version: str) -> str:
    """Unit text with its placeholders as the version's inline elements (1.2: ``<bx/>``,
    ``<ex/>``, ``<x/>``; 2.1: ``<sc/>``, ``<ec/>``, ``<ph/>``)."""
    if not markup:
        return _text(text)
    opening, closing, standalone = _INLINE_TAGS[version]
    out: list[str] = []
    position = 0
    for match in PLACEHOLDER.finditer(text):
        out.append(_text(text[position : match.start()]))
        kind, name = placeholder_parts(match.group())
        tag = opening if kind == "open" else closing if kind == "close" else standalone
        out.append(tag.format(name))
        position = match.end()
    out.append(_text(text[position:]))
    return "".join(out)


def _inline_1(text: str, markup: bool) -> str:
    return _inline(text, markup, "1.2")


def _inline_2(text: str, markup: bool) -> str:
    return _inline(text, markup, "2.1")


def _refuse_unwritable(entry: polib.POEntry, path: Path) -> None:
    texts = (entry.msgctxt or "", entry.msgid, entry.msgid_plural, *plural_forms(entry),
             entry.comment, entry.tcomment, entry.previous_msgid or "")  # fmt: skip
    match = UNWRITABLE.search("\n".join(texts))
    if match:
        raise WorkbenchError(
            f"the entry holds U+{ord(match.group()):04X}, a character XML cannot carry",
            path,
            line=entry.linenum,
            hint="remove it from the entry before exporting",
        )


def _translatable(po: polib.POFile) -> Iterator[polib.POEntry]:
    for entry in po:
        if entry.obsolete or (entry.msgid == "" and not entry.msgctxt):
            continue
        yield entry


def _state_1(translation: str, fuzzy: bool, reviewed: bool) -> str:
    if not translation:
        return "new"
    if fuzzy:
        return "needs-review-translation"
    return REVIEWED_STATE if reviewed else "translated"


def _translator_note(entry: polib.POEntry) -> str:
    """The translator comment without the review marks (they are the state, or stay home)."""
    return without_marks(entry.tcomment) if entry.tcomment else ""


def _notes_1(entry: polib.POEntry, indent: str) -> list[str]:
    lines = []
    for file, line in entry.occurrences:
        number = f'<context context-type="linenumber">{_text(line)}</context>' if line else ""
        lines.append(
            f'{indent}<context-group purpose="location">'
            f'<context context-type="sourcefile">{_text(file)}</context>{number}</context-group>'
        )
    if entry.comment:
        lines.append(f'{indent}<note from="developer">{_text(entry.comment)}</note>')
    note = _translator_note(entry)
    if note:
        lines.append(f'{indent}<note from="translator">{_text(note)}</note>')
    return lines


def _unit_1(
    unit_id: str,
    source: str,
    target: str,
    fuzzy: bool,
    markup: bool,
    indent: str,
    reviewed: bool = False,
) -> list[str]:
    # approved="yes" as po2xliff writes it: translate-toolkit reads any other unit as fuzzy
    approved = ' approved="yes"' if target and not fuzzy else ""
    state = _state_1(target, fuzzy, reviewed)
    return [
        f'{indent}<trans-unit id="{unit_id}" xml:space="preserve"{approved}>',
        f"{indent}  <source>{_inline_1(source, markup)}</source>",
        f'{indent}  <target state="{state}">{_inline_1(target, markup)}</target>',
    ]


def _entry_1(entry: polib.POEntry, number: int) -> list[str]:
    markup = has_markup(entry.occurrences)
    fuzzy = is_fuzzy(entry)
    reviewed = is_reviewed(entry)
    resname = f" resname={_attr(entry.msgctxt)}" if entry.msgctxt else ""
    if entry.msgid_plural:
        forms = plural_forms(entry)
        lines = [f'      <group id="{number}"{resname} restype="{PLURAL_RESTYPE}">']
        lines += _notes_1(entry, "        ")
        for index, target in enumerate(forms):
            source = entry.msgid if index == 0 else entry.msgid_plural
            unit_id = f"{number}[{index}]"
            lines += _unit_1(unit_id, source, target, fuzzy, markup, "        ", reviewed)
            lines.append("        </trans-unit>")
        lines.append("      </group>")
        return lines
    lines = _unit_1(str(number), entry.msgid, entry.msgstr, fuzzy, markup, "      ", reviewed)
    lines[0] = lines[0].replace(f'id="{number}"', f'id="{number}"{resname}', 1)
    if fuzzy and entry.previous_msgid:
        lines.append(
            '        <alt-trans origin="previous">'
            f"<source>{_inline_1(entry.previous_msgid, markup)}</source>"
            f"<target>{_inline_1(entry.msgstr, markup)}</target></alt-trans>"
        )
    lines += _notes_1(entry, "        ")
    lines.append("      </trans-unit>")
    return lines


def _notes_2(entry: polib.POEntry, indent: str) -> list[str]:
    notes = []
    for file, line in entry.occurrences:
        where = f"{file}:{line}" if line else file
        notes.append(f'{indent}  <note category="location">{_text(where)}</note>')
    if entry.comment:
        notes.append(f'{indent}  <note category="developer">{_text(entry.comment)}</note>')
    note = _translator_note(entry)
    if note:
        notes.append(f'{indent}  <note category="translator">{_text(note)}</note>')
    return [f"{indent}<notes>", *notes, f"{indent}</notes>"] if notes else []


def _state_2(translation: str, fuzzy: bool, reviewed: bool = False) -> str:
    if not translation or fuzzy:
        return "initial"
    return REVIEWED_STATE if reviewed else "translated"


def _unit_2(
    unit_id: str,
    name: str,
    source: str,
    target: str,
    fuzzy: bool,
    markup: bool,
    indent: str,
    head: list[str],
    reviewed: bool = False,
) -> list[str]:
    state = _state_2(target, fuzzy, reviewed)
    return [
        f'{indent}<unit id="{unit_id}"{name} xml:space="preserve">',
        *head,
        f'{indent}  <segment id="1" state="{state}">',
        f"{indent}    <source>{_inline_2(source, markup)}</source>",
        f"{indent}    <target>{_inline_2(target, markup)}</target>",
        f"{indent}  </segment>",
        f"{indent}</unit>",
    ]


def _entry_2(entry: polib.POEntry, number: int) -> list[str]:
    markup = has_markup(entry.occurrences)
    fuzzy = is_fuzzy(entry)
    reviewed = is_reviewed(entry)
    name = f" name={_attr(entry.msgctxt)}" if entry.msgctxt else ""
    if entry.msgid_plural:
        lines = [f'    <group id="g{number}"{name} type="{PLURAL_TYPE}">']
        lines += _notes_2(entry, "      ")
        for index, target in enumerate(plural_forms(entry)):
            source = entry.msgid if index == 0 else entry.msgid_plural
            lines += _unit_2(
                f"u{number}-{index}", "", source, target, fuzzy, markup, "      ", [], reviewed
            )
        lines.append("    </group>")
        return lines
    head = []
    if fuzzy and entry.previous_msgid:
        head = [
            "      <mtc:matches>",
            '        <mtc:match ref="#1" origin="previous">'
            f"<source>{_inline_2(entry.previous_msgid, markup)}</source>"
            f"<target>{_inline_2(entry.msgstr, markup)}</target></mtc:match>",
            "      </mtc:matches>",
        ]
    head += _notes_2(entry, "      ")
    return _unit_2(
        f"u{number}", name, entry.msgid, entry.msgstr, fuzzy, markup, "    ", head, reviewed
    )


def format_xliff(
    po: polib.POFile, path: Path, *, original: str, target_language: str, version: str = "1.2"
) -> str:
    """The XLIFF ``version`` document of catalog ``po`` (read from ``path``, named in errors),
    ``original`` naming the catalog for import."""
    target = bcp47_tag(target_language)
    body: list[str] = []
    entry_of = _entry_1 if version == "1.2" else _entry_2
    for number, entry in enumerate(_translatable(po), start=1):
        _refuse_unwritable(entry, path)
        body += entry_of(entry, number)
    head = ['<?xml version="1.0" encoding="UTF-8"?>']
    if version == "1.2":
        head += [
            f'<xliff xmlns="{NS_1_2}" version="1.2">',
            f"  <file original={_attr(original)} source-language=\"{SOURCE_LANGUAGE}\""
            f" target-language={_attr(target)} datatype=\"po\">",
            "    <header>",
            f'      <tool tool-id="workbench" tool-name="workbench" tool-version="{__version__}"/>',
            "    </header>",
            "    <body>",
        ]
        tail = ["    </body>", "  </file>", "</xliff>", ""]
    else:
        head += [
            f'<xliff xmlns="{NS_2}" xmlns:mtc="{NS_MATCHES}" version="2.1"'
            f' srcLang="{SOURCE_LANGUAGE}" trgLang={_attr(target)}>',
            f'  <file id="f1" original={_attr(original)}>',
        ]
        tail = ["  </file>", "</xliff>", ""]
        if not body:  # a 2.x <file> holds at least one unit or group
            body = [f'    <group id="empty" type="{PLURAL_TYPE.split(":")[0]}:empty"/>']
    return "\n".join(head + body + tail)
