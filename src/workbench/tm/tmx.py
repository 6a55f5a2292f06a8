"""TMX 1.4b import and export, the exchange format every CAT tool reads.

Export writes one ``<tu>`` per stored unit: the Arabic ``<tuv xml:lang="ar">`` first, the
translation second, the unit's origin as ``<prop type="x-origin">`` and an unreviewed unit as
``<prop type="x-fuzzy">yes</prop>``. Everything survives a round trip: newlines and spaces inside
``<seg>`` are kept, a carriage return is written as ``&#13;`` (XML parsers would turn a raw one
into a newline) and the few characters XML 1.0 cannot carry at all (C0 controls other than tab
and newline) become ``<ph type="x-char">HEX</ph>``.

Import is a SAX pass (``xml.sax`` reports line numbers, which a malformed file's error names).
Workbench never reads a file or URL a TMX file names: a unit whose text uses an external entity,
or an entity that could only be declared in an external DTD, is refused with its line, rather
than imported with that text silently missing. Inline codes of other tools (``<bpt>``,
``<ph>``...) are kept as their text; ``<note>`` and other ``<prop>`` types are not stored.
"""

from __future__ import annotations

import re
import xml.sax
import xml.sax.handler
import xml.sax.xmlreader
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from workbench import __version__
from workbench.errors import WorkbenchError
from workbench.fileio import atomic_write_text, reading
from workbench.language import bcp47_tag, is_arabic, normalize_tag
from workbench.tm.store import TMUnit

SOURCE_LANGUAGE = "ar"
UNKNOWN_LANGUAGE = "und"
_XML_LANG = "xml:lang"
_UNSAFE_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _seg_text(text: str) -> str:
    """``text`` escaped for a ``<seg>``, with characters XML cannot carry as ``<ph>``."""
    escaped = escape(text).replace("\r", "&#13;")
    return _UNSAFE_CHARS.sub(lambda m: f'<ph type="x-char">{ord(m.group()):04X}</ph>', escaped)


def format_tmx(units: Iterable[TMUnit]) -> str:
    """The TMX 1.4b document for ``units``."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<tmx version="1.4">',
        f'  <header creationtool="workbench" creationtoolversion="{__version__}"'
        ' datatype="plaintext" segtype="sentence" adminlang="en"'
        f' srclang="{SOURCE_LANGUAGE}" o-tmf="workbench"/>',
        "  <body>",
    ]
    for unit in units:
        created = f" creationdate={quoteattr(unit.created)}" if unit.created else ""
        lang = bcp47_tag(unit.target_language) or UNKNOWN_LANGUAGE
        lines.append(f"    <tu{created}>")
        origin = escape(unit.origin).replace("\r", "&#13;")
        lines.append(f'      <prop type="x-origin">{origin}</prop>')
        if unit.fuzzy:
            lines.append('      <prop type="x-fuzzy">yes</prop>')
        lines.append(
            f'      <tuv xml:lang="{SOURCE_LANGUAGE}"><seg>{_seg_text(unit.source)}</seg></tuv>'
        )
        target = _seg_text(unit.target)
        lines.append(f"      <tuv xml:lang={quoteattr(lang)}><seg>{target}</seg></tuv>")
        lines.append("    </tu>")
    lines += ["  </body>", "</tmx>", ""]
    return "\n".join(lines)


def export_tmx(units: Iterable[TMUnit], path: str | Path) -> int:
    """Write ``units`` to ``path`` atomically; returns how many."""
    units = list(units)
    atomic_write_text(path, format_tmx(units))
    return len(units)


@dataclass
class _Variant:
    lang: str
    text: list[str] = field(default_factory=list)


@dataclass
class _Unit:
    line: int
    created: str | None
    props: dict[str, str] = field(default_factory=dict)
    variants: list[_Variant] = field(default_factory=list)


class _TMXHandler(xml.sax.handler.ContentHandler):
    """Collects translation units; structural errors carry the line they were found on."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.units: list[TMUnit] = []
        self.source_language = SOURCE_LANGUAGE
        self._locator: xml.sax.xmlreader.Locator | None = None
        self._stack: list[str] = []
        self._unit: _Unit | None = None
        self._variant: _Variant | None = None
        self._prop: tuple[str, list[str]] | None = None
        self._in_seg = False
        self._char_code: list[str] | None = None

    def setDocumentLocator(self, locator: xml.sax.xmlreader.Locator) -> None:  # noqa: N802
        self._locator = locator

    def _line(self) -> int | None:
        return self._locator.getLineNumber() if self._locator else None

    def _fail(self, message: str) -> WorkbenchError:
        return WorkbenchError(message, self.path, line=self._line())

    def startElement(self, name: str, attrs: xml.sax.xmlreader.AttributesImpl) -> None:  # noqa: N802
        parent = self._stack[-1] if self._stack else None
        self._stack.append(name)
        if parent is None:
            if name != "tmx":
                raise self._fail(f"not a TMX file: the root element is <{name}>, not <tmx>")
        elif name == "header" and parent == "tmx":
            srclang = attrs.get("srclang", SOURCE_LANGUAGE)
            if srclang.lower() != "*all*":
                if not is_arabic(srclang):
                    raise self._fail(
                        f'the memory\'s source language is "{srclang}", not Arabic ("ar")'
                    )
                self.source_language = srclang
        elif name == "tu" and parent == "body":
            self._unit = _Unit(self._line() or 0, attrs.get("creationdate"))
        elif name == "prop" and parent == "tu":
            self._prop = (attrs.get("type", ""), [])
        elif name == "tuv" and parent == "tu" and self._unit is not None:
            lang = attrs.get(_XML_LANG) or attrs.get("lang")
            if not lang:
                raise self._fail("<tuv> without xml:lang")
            self._variant = _Variant(lang)
            self._unit.variants.append(self._variant)
        elif name == "seg" and parent == "tuv":
            self._in_seg = True
        elif self._in_seg and name == "ph" and attrs.get("type") == "x-char":
            self._char_code = []

    def endElement(self, name: str) -> None:  # noqa: N802
        self._stack.pop()
        if name == "tu" and self._unit is not None:
            self._finish_unit(self._unit)
            self._unit = None
        elif name == "prop" and self._prop is not None and self._unit is not None:
            self._unit.props[self._prop[0]] = "".join(self._prop[1])
            self._prop = None
        elif name == "tuv":
            self._variant = None
        elif name == "seg":
            self._in_seg = False
        elif name == "ph" and self._char_code is not None:
            code = "".join(self._char_code).strip()
            try:
                char = chr(int(code, 16))
            except ValueError:
                raise self._fail(f'bad <ph type="x-char"> code "{code}"') from None
            if self._variant is not None:
                self._variant.text.append(char)
            self._char_code = None

    def refuse_entity(self, name: str) -> WorkbenchError:
        """The error for text using the entity ``name``, whose replacement is not read."""
        return self._fail(
            f"the text uses the entity {name}: workbench does not read files or URLs a TMX "
            "file names, nor entities declared in an external DTD (they can leak local files "
            "or hang on the network); replace it with its text"
        )

    def skippedEntity(self, name: str) -> None:  # noqa: N802
        if not name.startswith("%"):  # a parameter entity of the DTD is no text
            raise self.refuse_entity(f"&{name};")

    def characters(self, content: str) -> None:
        if self._char_code is not None:
            self._char_code.append(content)
        elif self._in_seg and self._variant is not None:
            self._variant.text.append(content)
        elif self._prop is not None:
            self._prop[1].append(content)

    def _finish_unit(self, unit: _Unit) -> None:
        source_tag = normalize_tag(self.source_language)
        sources = [v for v in unit.variants if normalize_tag(v.lang) == source_tag]
        if not sources:
            sources = [v for v in unit.variants if is_arabic(v.lang)]
        if not sources:
            raise WorkbenchError(
                f'translation unit has no Arabic variant (<tuv xml:lang="{SOURCE_LANGUAGE}">)',
                self.path,
                line=unit.line,
            )
        source = "".join(sources[0].text)
        origin = unit.props.get("x-origin", f"tmx:{self.path.name}")
        fuzzy = unit.props.get("x-fuzzy", "").lower() in ("yes", "true", "1")
        for variant in unit.variants:
            if variant is sources[0]:
                continue
            lang = "" if variant.lang == UNKNOWN_LANGUAGE else variant.lang
            self.units.append(
                TMUnit(source, "".join(variant.text), origin, lang, fuzzy, unit.created)
            )


def read_tmx(path: str | Path) -> list[TMUnit]:
    """The translation units of a TMX file; a malformed one raises :class:`WorkbenchError`
    naming file and line."""
    path = Path(path)
    handler = _TMXHandler(path)
    parser = xml.sax.make_parser()
    parser.setFeature(xml.sax.handler.feature_namespaces, False)
    parser.setFeature(xml.sax.handler.feature_external_ges, False)
    parser.setFeature(xml.sax.handler.feature_external_pes, False)
    parser.setContentHandler(handler)

    def external_entity(context: str | None, base: str | None, sysid: str, pubid: str) -> int:
        if context is None:  # the external DTD subset: not read, as the features say
            return 1
        raise handler.refuse_entity(f"&{context.rsplit(chr(12), 1)[-1]}; ({sysid})")

    # xml.sax binds the expat handler from this attribute when parsing starts
    parser.external_entity_ref = external_entity  # type: ignore[attr-defined]
    try:
        with reading(path, "TMX file", missing="no such file"), open(path, "rb") as stream:
            parser.parse(stream)
    except xml.sax.SAXParseException as exc:
        raise WorkbenchError(
            f"malformed TMX: {exc.getMessage()}", path, line=exc.getLineNumber()
        ) from None
    return handler.units
