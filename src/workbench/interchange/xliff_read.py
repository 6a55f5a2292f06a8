"""Read the units of an XLIFF 1.1, 1.2 or 2.x file: what a translator did to an export.

Parsing is expat's, with line numbers for every element, so each problem names its line. A
document type declaration is refused outright: XLIFF needs none, and refusing it refuses
external entities (which could read local files or hang on the network) and entity expansion
(a few lines that grow to gigabytes) without having to tell the two apart.

Each unit becomes an :class:`XliffUnit` keyed as the catalog keys its entries: ``resname``
(1.x) or ``name`` (2.x) is the ``msgctxt``, the source text the ``msgid``. A plural group is
one unit with a target per form. Inline codes become placeholder tokens again; the native code
inside ``<ph>``, ``<bpt>``, ``<ept>`` and ``<it>`` (written by other tools) is kept as text.
"""

from __future__ import annotations

import xml.parsers.expat
from dataclasses import dataclass, field
from pathlib import Path

from workbench.errors import WorkbenchError
from workbench.interchange.xliff_common import (
    DONE_STATES_1,
    DONE_STATES_2,
    HEADER_RESTYPE,
    NS_2,
    PLURAL_RESTYPE,
    PLURAL_TYPE,
    READ_VERSIONS,
    REVIEWED_STATES_1,
    REVIEWED_STATES_2,
    placeholder_token,
)

_SEP = "}"
#: Elements nested deeper than this are refused: XLIFF nests a few levels (file, body, groups,
#: unit, segment, source, inline codes), and reading deeper nesting would exhaust the stack.
MAX_DEPTH = 200


@dataclass(slots=True)
class Element:
    """An element of the document: namespace-qualified ``tag`` (``namespace}name``), its local
    ``name``, attributes, children and text runs interleaved in ``content`` (a text may come
    in several runs, joined when read: appending keeps reading linear), and its line."""

    tag: str
    name: str
    attrs: dict[str, str]
    line: int
    content: list[Element | str] = field(default_factory=list)

    @property
    def children(self) -> list[Element]:
        return [item for item in self.content if isinstance(item, Element)]

    def child(self, name: str) -> Element | None:
        for item in self.content:
            if not isinstance(item, str) and item.name == name:
                return item
        return None

    def text(self) -> str:
        return "".join(item if isinstance(item, str) else item.text() for item in self.content)


def parse_xml(path: Path) -> Element:
    """The document element of the XML file at ``path``; malformed XML, a DTD, or an unread
    file raises :class:`WorkbenchError` with file and line."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise WorkbenchError("no such file", path) from None
    except IsADirectoryError:
        raise WorkbenchError("is a folder, not an XLIFF file", path) from None
    except OSError as exc:
        raise WorkbenchError(f"cannot read: {exc.strerror}", path) from None
    parser = xml.parsers.expat.ParserCreate(namespace_separator=_SEP)
    stack: list[Element] = []
    root: list[Element] = []

    def start(tag: str, attrs: dict[str, str]) -> None:
        if len(stack) >= MAX_DEPTH:
            raise WorkbenchError(
                f"elements nested more than {MAX_DEPTH} levels deep: not an XLIFF file "
                "workbench can read",
                path,
                line=parser.CurrentLineNumber,
            )
        if _SEP not in tag:
            tag = _SEP + tag
        element = Element(tag, tag.rpartition(_SEP)[2], attrs, parser.CurrentLineNumber)
        if stack:
            stack[-1].content.append(element)
        else:
            root.append(element)
        stack.append(element)

    def end(tag: str) -> None:
        stack.pop()

    def characters(text: str) -> None:
        if stack:
            stack[-1].content.append(text)

    def doctype(name: str, *_: object) -> None:
        raise WorkbenchError(
            "the file has a document type declaration (<!DOCTYPE>): XLIFF needs none, and "
            "workbench reads no entities (they can leak local files or expand without end)",
            path,
            line=parser.CurrentLineNumber,
            hint="remove the <!DOCTYPE ...> declaration",
        )

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = characters
    parser.StartDoctypeDeclHandler = doctype
    parser.buffer_text = True
    try:
        parser.Parse(data, True)
    except xml.parsers.expat.ExpatError as exc:
        message = xml.parsers.expat.ErrorString(exc.code)
        raise WorkbenchError(
            f"not well-formed XML: {message}", path, line=exc.lineno
        ) from None
    return root[0]


@dataclass
class XliffUnit:
    """One translatable entry as the XLIFF file has it."""

    unit_id: str
    msgctxt: str | None
    sources: list[str]
    #: One target per form (``None``: no ``<target>``).
    targets: list[str | None]
    #: True for a finished translation, False for a fuzzy one (or none).
    done: bool
    #: The translator notes joined by newlines, ``None`` when there is none.
    translator_note: str | None
    line: int
    #: True when every form's state says reviewed (``final``, 1.2 ``signed-off``, 2.x
    #: ``reviewed``).
    reviewed: bool = False


@dataclass
class XliffFile:
    """A ``<file>``: the catalog it came from and its units."""

    original: str
    source_language: str
    target_language: str
    line: int
    units: list[XliffUnit] = field(default_factory=list)


@dataclass
class XliffDocument:
    version: str
    files: list[XliffFile]


def _code_id(item: Element, path: Path, *names: str) -> str:
    """The first of the attributes ``names`` that ``item`` (an inline code) has."""
    for name in names[:-1]:
        if item.attrs.get(name):
            return item.attrs[name]
    if names[-1] in item.attrs:
        return item.attrs[names[-1]]
    raise WorkbenchError(
        f"inline code <{item.name}> has no {' or '.join(names)} attribute",
        path,
        line=item.line,
        hint="every inline code names the placeholder it stands for",
    )


def _inline_text(element: Element, path: Path) -> str:
    """The text of ``<source>``/``<target>`` with inline codes as placeholder tokens."""
    out: list[str] = []
    for item in element.content:
        if isinstance(item, str):
            out.append(item)
            continue
        name = item.name
        if name == "bx":
            out.append(placeholder_token("open", _code_id(item, path, "rid", "id")))
        elif name == "ex":
            out.append(placeholder_token("close", _code_id(item, path, "rid", "id")))
        elif name in ("x",) or (name == "ph" and not item.content and "id" in item.attrs):
            out.append(placeholder_token("standalone", _code_id(item, path, "id")))
        elif name == "sc":
            out.append(placeholder_token("open", _code_id(item, path, "id")))
        elif name == "ec":
            out.append(placeholder_token("close", _code_id(item, path, "startRef", "id")))
        elif name in ("sub",):
            continue
        else:  # <g>, <pc>, <mrk>; <ph>/<bpt>/<ept>/<it> holding native code: their text
            out.append(_inline_text(item, path))
    return "".join(out)


def _notes(element: Element, version_2: bool) -> str | None:
    holder = element.child("notes") if version_2 else element
    if holder is None:
        return None
    key, value = ("category", "translator") if version_2 else ("from", "translator")
    found = [n.text() for n in holder.children if n.name == "note" and n.attrs.get(key) == value]
    return "\n".join(found) if found else None


#: A unit's text and state: source, target (None: no ``<target>``), done, reviewed.
Segment = tuple[str, str | None, bool, bool]


def _segment_1(unit: Element, path: Path) -> Segment:
    source = unit.child("source")
    if source is None:
        raise WorkbenchError("<trans-unit> has no <source>", path, line=unit.line)
    target = unit.child("target")
    if target is None:
        return _inline_text(source, path), None, False, False
    state = target.attrs.get("state")
    approved = unit.attrs.get("approved")
    # the state says what a translator last decided; without one, ``approved`` does
    done = approved != "no" if state is None else state in DONE_STATES_1
    reviewed = state in REVIEWED_STATES_1
    return _inline_text(source, path), _inline_text(target, path), done, reviewed


def _segment_2(unit: Element, path: Path) -> Segment:
    segments = [c for c in unit.children if c.name == "segment"]
    if not segments:
        raise WorkbenchError("<unit> has no <segment>", path, line=unit.line)
    sources, targets, done, reviewed = [], [], True, True
    for segment in segments:
        source = segment.child("source")
        if source is None:
            raise WorkbenchError("<segment> has no <source>", path, line=segment.line)
        sources.append(_inline_text(source, path))
        target = segment.child("target")
        targets.append(None if target is None else _inline_text(target, path))
        state = segment.attrs.get("state", "initial")
        done = done and state in DONE_STATES_2
        reviewed = reviewed and state in REVIEWED_STATES_2
    if all(t is None for t in targets):
        return "".join(sources), None, False, False
    return "".join(sources), "".join(t or "" for t in targets), done, reviewed


def _units(container: Element, path: Path, version_2: bool, out: list[XliffUnit]) -> None:
    segment_of = _segment_2 if version_2 else _segment_1
    unit_tag = "unit" if version_2 else "trans-unit"
    for element in container.children:
        if element.name == "group":
            kind = element.attrs.get("type" if version_2 else "restype")
            if kind in (PLURAL_TYPE, PLURAL_RESTYPE):
                out.append(_plural(element, path, version_2))
            else:
                _units(element, path, version_2, out)
        elif element.name == unit_tag:
            if element.attrs.get("restype") == HEADER_RESTYPE:
                continue
            source, target, done, reviewed = segment_of(element, path)
            context = element.attrs.get("name" if version_2 else "resname")
            out.append(
                XliffUnit(
                    element.attrs.get("id", ""),
                    context or None,
                    [source],
                    [target],
                    done,
                    _notes(element, version_2),
                    element.line,
                    reviewed=done and reviewed,
                )
            )


def _plural(group: Element, path: Path, version_2: bool) -> XliffUnit:
    segment_of = _segment_2 if version_2 else _segment_1
    forms = [c for c in group.children if c.name == ("unit" if version_2 else "trans-unit")]
    if not forms:
        raise WorkbenchError("plural group holds no unit", path, line=group.line)
    sources, targets, done, reviewed = [], [], True, True
    notes = _notes(group, version_2)
    for form in forms:
        source, target, form_done, form_reviewed = segment_of(form, path)
        sources.append(source)
        targets.append(target)
        done = done and form_done
        reviewed = reviewed and form_reviewed
        notes = notes or _notes(form, version_2)
    context = group.attrs.get("name" if version_2 else "resname")
    return XliffUnit(
        group.attrs.get("id", ""), context or None, sources, targets, done, notes, group.line,
        reviewed=done and reviewed,
    )  # fmt: skip


def read_xliff(path: str | Path) -> XliffDocument:
    """The files and units of the XLIFF document at ``path``. Not XLIFF, an unknown version,
    or a unit without source raises :class:`WorkbenchError` with file and line."""
    path = Path(path)
    root = parse_xml(path)
    namespace = root.tag.partition(_SEP)[0]
    if root.name != "xliff":
        raise WorkbenchError(
            f"not an XLIFF file: the document element is <{root.name}>, not <xliff>",
            path,
            line=root.line,
        )
    version = root.attrs.get("version", "")
    if namespace not in READ_VERSIONS or version not in READ_VERSIONS[namespace]:
        raise WorkbenchError(
            f"unknown XLIFF version {version!r} (namespace {namespace or 'none'!r})",
            path,
            line=root.line,
            hint="workbench reads XLIFF 1.1, 1.2 and 2.x",
        )
    version_2 = namespace == NS_2
    files = []
    for element in root.children:
        if element.name != "file":
            continue
        if version_2:
            source_language = root.attrs.get("srcLang", "")
            target_language = root.attrs.get("trgLang", "")
            container: Element | None = element
        else:
            source_language = element.attrs.get("source-language", "")
            target_language = element.attrs.get("target-language", "")
            container = element.child("body")
        found = XliffFile(
            element.attrs.get("original", ""),
            source_language,
            target_language,
            element.line,
        )
        if container is not None:
            _units(container, path, version_2, found.units)
        files.append(found)
    if not files:
        raise WorkbenchError("the XLIFF file has no <file>", path, line=root.line)
    return XliffDocument(version, files)

