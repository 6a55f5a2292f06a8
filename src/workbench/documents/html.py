"""HTML pages (``.html``, ``.htm``): text of block elements, ``alt``/``title``, page meta.

Read with the standard library's :class:`html.parser.HTMLParser` (the browser-tolerant
tokenizer: unknown or broken markup is text or is skipped, never an exception), which reports
each token's position, so every unit knows its source span and line, and everything outside
translated text is written back byte for byte. html5lib would build the browser's exact tree,
but reports no source positions.

Units:

* the text of block elements (``p``, ``h1``-``h6``, ``li``, ``td``, ``title``, ``figcaption``,
  ``blockquote``, ``dt``/``dd``, and any text a ``div``/``body`` holds directly): each block's
  inline content is segmented into sentences by :mod:`workbench.segment`'s rules;
* the ``alt`` and ``title`` attributes, and the ``content`` of ``<meta name="description">``
  and ``<meta property="og:title|og:description">``;
* never anything inside ``script``, ``style``, ``code``, ``pre`` or ``template``.

Inline markup stays inside its sentence as numbered placeholders (:mod:`.markup`): ``<b0>…</b0>``
for an element, ``<b1/>`` for a ``<br>``, an image, a comment, an inline ``<code>`` kept whole. A
sentence is never cut inside an inline element, and markup wrapping a whole sentence (a heading
that is one link) is left outside it, so the translator sees only what they must move. On build
each placeholder becomes its source tag, every attribute as written (translated ``title``s
included), and ``<html>`` gets ``lang`` and ``dir`` for the target language.

Malformed HTML is read as the tokenizer reads it (as browsers tokenize); an inline element never
closed, or an end tag that closes nothing, is a warning naming its line.
"""

from __future__ import annotations

import bisect
import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser, attrfind_tolerant, tagfind_tolerant  # type: ignore[attr-defined]
from pathlib import Path

from workbench.diagnostic import WARNING, Diagnostic
from workbench.documents import markup
from workbench.documents.inline import Sentence, Token, extend_run, sentences, words
from workbench.documents.model import LanguageMark, SourceDocument
from workbench.documents.skeleton import Field, Overlay, assemble
from workbench.segment import has_word_character, normalize_whitespace

#: Elements whose content is never translated.
EXCLUDED = frozenset({"script", "style", "code", "pre", "template"})
#: Elements that start or end a run of inline text (a unit never spans one of their tags).
BLOCK = frozenset(
    {
        "html", "head", "body", "title", "meta", "link", "base", "address", "article", "aside",
        "blockquote", "caption", "center", "col", "colgroup", "dd", "details", "dialog", "dir",
        "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "frameset",
        "frame", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "iframe",
        "legend", "li", "main", "menu", "nav", "noscript", "object", "ol", "optgroup",
        "option", "p", "pre", "section", "select", "summary", "table", "tbody", "td",
        "textarea", "tfoot", "th", "thead", "tr", "ul", "video", "audio", "canvas", "picture",
        "source", "track", "svg", "math",
    }
)  # fmt: skip
VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
     "source", "track", "wbr"}
)  # fmt: skip
TRANSLATABLE_ATTRIBUTES = frozenset({"alt", "title"})
CANDIDATE_ATTRIBUTES = TRANSLATABLE_ATTRIBUTES | {"content"}
META_NAMES = frozenset({"description"})
META_PROPERTIES = frozenset({"og:title", "og:description"})


class HtmlFormat:
    """HTML5 and XHTML pages."""

    name = "html"
    suffixes: tuple[str, ...] = (".html", ".htm", ".xhtml")

    def read(self, text: str, path: Path | None = None) -> SourceDocument:
        return _Reader(text, path).read()


# --- tokens ----------------------------------------------------------------------------------


@dataclass(slots=True)
class _Event:
    kind: str  # start, startend, end, data, ref, other
    start: int
    end: int = -1
    tag: str = ""
    attrs: list[tuple[str, str | None]] = field(default_factory=list)


class _Tokenizer(HTMLParser):
    """Records every token with its source offset (character references kept apart, so the
    text's bytes can be mapped back)."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self.text = text
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.events: list[_Event] = []

    def _here(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def tokens(self) -> list[_Event]:
        self.feed(self.text)
        self.close()
        events = self.events
        for event, following in zip(events, events[1:], strict=False):
            if event.end < 0:
                event.end = following.start
        if events and events[-1].end < 0:
            events[-1].end = len(self.text)
        return _fill_gaps(events, len(self.text))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        start = self._here()
        raw = self.get_starttag_text() or ""
        self.events.append(_Event("start", start, start + len(raw), tag, attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        start = self._here()
        raw = self.get_starttag_text() or ""
        self.events.append(_Event("startend", start, start + len(raw), tag, attrs))

    def handle_endtag(self, tag: str) -> None:
        self.events.append(_Event("end", self._here(), tag=tag))

    def handle_data(self, data: str) -> None:
        start = self._here()
        self.events.append(_Event("data", start, start + len(data)))

    def handle_entityref(self, name: str) -> None:
        self._reference(1 + len(name))

    def handle_charref(self, name: str) -> None:
        self._reference(2 + len(name))

    def _reference(self, length: int) -> None:
        start = self._here()
        end = start + length
        if self.text.startswith(";", end):
            end += 1
        self.events.append(_Event("ref", start, end))

    def handle_comment(self, data: str) -> None:
        self.events.append(_Event("other", self._here()))

    def handle_decl(self, decl: str) -> None:
        self.events.append(_Event("other", self._here()))

    def handle_pi(self, data: str) -> None:
        self.events.append(_Event("other", self._here()))

    def unknown_decl(self, data: str) -> None:
        self.events.append(_Event("other", self._here()))


def _fill_gaps(events: list[_Event], length: int) -> list[_Event]:
    """Source the tokenizer skipped silently (``</>``, a lone ``&`` at the end) as opaque
    tokens, so the events tile the text."""
    tiled: list[_Event] = []
    position = 0
    for event in events:
        if event.start > position:
            tiled.append(_Event("other", position, event.start))
        tiled.append(event)
        position = max(position, event.end)
    if position < length:
        tiled.append(_Event("other", position, length))
    return tiled


def attribute_values(tag_text: str) -> list[tuple[str, int, int, str]]:
    """``(name, start, end, value)`` of each attribute of a start tag, ``start:end`` the value
    as written (quotes included; an empty span after the name for a bare attribute), found the
    way :class:`HTMLParser` finds them (its own patterns), so spans and values agree with it."""
    found: list[tuple[str, int, int, str]] = []
    match = tagfind_tolerant.match(tag_text, 1)
    if match is None:
        return found
    position = match.end()
    limit = len(tag_text) - (2 if tag_text.endswith("/>") else 1)
    while position < limit:
        attribute = attrfind_tolerant.match(tag_text, position)
        if not attribute:
            break
        name, rest, value = attribute.group(1, 2, 3)
        if rest:
            start, end = attribute.span(3)
            if value[:1] == value[-1:] and value[:1] in ("'", '"') and len(value) > 1:
                value = value[1:-1]
            found.append((name.lower(), start, end, html.unescape(value)))
        else:
            found.append((name.lower(), attribute.end(1), attribute.end(1), ""))
        position = attribute.end()
    return found


# --- reading ---------------------------------------------------------------------------------


class _Reader:
    def __init__(self, text: str, path: Path | None) -> None:
        self.text = text
        self.path = path
        self.tokenizer = _Tokenizer(text)
        self.warnings: list[Diagnostic] = []
        self.sentences: list[Sentence] = []
        self.overlays: list[Overlay] = []  # tags with translatable attributes, <html>
        self.run: list[Token] = []
        self.open_inline: list[tuple[str, int]] = []  # (name, offset) across runs

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.tokenizer.line_starts, offset)

    def warn(self, offset: int, message: str) -> None:
        self.warnings.append(
            Diagnostic(
                message, code="html", severity=WARNING, path=self.path, line=self.line_of(offset)
            )
        )

    def read(self) -> SourceDocument:
        events = self.tokenizer.tokens()
        index = 0
        while index < len(events):
            event = events[index]
            if event.kind in ("start", "startend") and event.tag in EXCLUDED:
                index = self._excluded(events, index)
                continue
            if event.kind in ("start", "startend"):
                self._start_tag(event)
            elif event.kind == "end":
                self._end_tag(event)
            elif event.kind == "data":
                extend_run(self.run, words(event.start, self.text[event.start : event.end]))
            elif event.kind == "ref":
                decoded = html.unescape(self.text[event.start : event.end])
                if decoded.isspace():
                    extend_run(self.run, [Token("space", " ", event.start, event.end)])
                else:
                    self.run.append(Token("word", decoded, event.start, event.end))
            else:
                self.run.append(Token("tag", "!", event.start, event.end, "standalone"))
            index += 1
        self._flush()
        for name, offset in self.open_inline:
            self.warn(
                offset,
                f"<{name}> is never closed (read as closed at its block's end, as browsers do)",
            )
        return assemble(
            self.text, self.path, self.sentences, self.overlays, _encode_text, self.warnings
        )

    def _flush(self) -> None:
        self.sentences.extend(sentences(self.run, self.line_of))
        self.run = []

    def _excluded(self, events: list[_Event], index: int) -> int:
        """Skip an excluded element whole; an inline one becomes one standalone token."""
        first = events[index]
        depth = 0 if first.kind == "startend" or first.tag in VOID else 1
        end = first.end
        position = index + 1
        while depth and position < len(events):
            event = events[position]
            if event.tag == first.tag and event.kind == "start":
                depth += 1
            elif event.tag == first.tag and event.kind == "end":
                depth -= 1
            end = event.end
            position += 1
        if depth:
            self.warn(
                first.start,
                f"<{first.tag}> is never closed (its content runs to the end of the file, "
                "untranslated)",
            )
        if first.tag in BLOCK:
            self._flush()
        else:
            self.run.append(Token("tag", first.tag, first.start, end, "standalone"))
        return position

    def _start_tag(self, event: _Event) -> None:
        raw = self.text[event.start : event.end]
        if event.tag == "html":
            self._mark_language(event.start, raw)
        else:
            self._translatable_attributes(event, raw)
        if event.tag in BLOCK:
            self._flush()
            return
        void = event.kind == "startend" or event.tag in VOID
        role = "standalone" if void else "open"
        self.run.append(Token("tag", event.tag, event.start, event.end, role))
        if not void:
            self.open_inline.append((event.tag, event.start))

    def _end_tag(self, event: _Event) -> None:
        if event.tag in BLOCK:
            self._flush()
            return
        for depth in range(len(self.open_inline) - 1, -1, -1):
            if self.open_inline[depth][0] == event.tag:
                del self.open_inline[depth]
                break
        else:
            if event.tag not in VOID:
                self.warn(event.start, f"</{event.tag}> closes nothing (ignored, as browsers do)")
        self.run.append(Token("tag", event.tag, event.start, event.end, "close"))

    def _mark_language(self, start: int, raw: str) -> None:
        values = {name: (s, e) for name, s, e, _ in reversed(attribute_values(raw))}
        insert_at = len(raw) - (2 if raw.endswith("/>") else 1)
        mark = LanguageMark(raw, values.get("lang"), values.get("dir"), insert_at)
        self.overlays.append(Overlay(start, start + len(raw), mark=mark))

    def _translatable_attributes(self, event: _Event, raw: str) -> None:
        if not any(name in CANDIDATE_ATTRIBUTES for name, _ in event.attrs):
            return  # most tags: no need to find the attributes' spans
        first: dict[str, tuple[int, int, str]] = {}
        for name, s, e, value in attribute_values(raw):
            first.setdefault(name, (s, e, value))  # browsers keep the first of a repeated one
        wanted = [name for name in TRANSLATABLE_ATTRIBUTES if name in first]
        if event.tag == "meta" and "content" in first:
            name = (first.get("name", (0, 0, ""))[2]).strip().lower()
            prop = (first.get("property", (0, 0, ""))[2]).strip().lower()
            if name in META_NAMES or prop in META_PROPERTIES:
                wanted.append("content")
        fields = []
        for name in sorted(wanted, key=lambda n: first[n][0]):
            s, e, value = first[name]
            text = normalize_whitespace(value)
            if s == e or not has_word_character(text):
                continue
            start = event.start + s
            fields.append(
                Field(start, event.start + e, text, self.line_of(start), _encode_attribute)
            )
        if fields:
            self.overlays.append(Overlay(event.start, event.end, fields))


def _encode_text(piece: str) -> str:
    return html.escape(markup.unescape_text(piece), quote=False)


def _encode_attribute(value: str) -> str:
    return '"' + html.escape(value, quote=True) + '"'
