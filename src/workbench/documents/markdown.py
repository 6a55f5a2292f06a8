"""Markdown (``.md``): headings, paragraphs, list items, block quotes, table cells; image alt.

The block structure comes from markdown-it-py (CommonMark, plus GFM tables): each ``inline``
token is a block whose content is a unit source, and its ``map`` gives the source lines. Code
spans and blocks, fenced code, HTML blocks, link reference definitions and YAML front matter
give no unit. markdown-it's inline tokens carry no source offsets, so the inline rules that make
markup (emphasis, links, images, code spans, autolinks, inline HTML, hard breaks) are wrapped to
record the span each one consumed; the text between them is the source's own, so a unit shows
the Markdown as written (``\\*`` stays ``\\*``) and untouched bytes come back unchanged.

Emphasis and links become placeholders (``<e0>…</e0>``, ``<s1>…</s1>``, ``<l2>…</l2>`` whose
closing one carries the URL), an image, a code span or inline HTML a standalone one; an image's
alt text is its own unit. A block whose content cannot be found back in the source line by line
(an escaped ``\\|`` in a table cell, tabs expanded in a nested list) is kept untranslated, with a
warning naming its line.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.diagnostic import WARNING, Diagnostic
from workbench.documents import markup
from workbench.documents.inline import Sentence, Token, extend_run, sentences, words
from workbench.documents.model import SourceDocument
from workbench.documents.skeleton import Field, Overlay, assemble
from workbench.errors import WorkbenchError
from workbench.segment import has_word_character, normalize_whitespace

if TYPE_CHECKING:  # markdown-it-py is imported when a Markdown source is read
    from markdown_it import MarkdownIt
    from markdown_it.rules_inline import StateInline
    from markdown_it.token import Token as MdToken

FRONT_MATTER_FENCE = "---"
FRONT_MATTER_ENDS = ("---", "...")
#: Inline token types that open or close a placeholder pair.
OPENING = {"em_open": "em", "strong_open": "strong", "link_open": "link"}
CLOSING = {"em_close": "em", "strong_close": "strong", "link_close": "link"}
#: Names (first letter: the placeholder's) of the standalone markup inline rules make.
PLACEHOLDER_NAMES = {"backticks": "code", "autolink": "url", "html_inline": "html",
                     "image": "image"}  # fmt: skip
_LINE = re.compile(r"[^\n]*\n|[^\n]+")

# A recorded inline span: (start, end, kind, name) in the inline content's coordinates.
Span = tuple[int, int, str, str]


class MarkdownFormat:
    """CommonMark with GFM tables."""

    name = "markdown"
    suffixes: tuple[str, ...] = (".md", ".markdown")

    def read(self, text: str, path: Path | None = None) -> SourceDocument:
        return _Reader(text, path).read()


def _parser(spans: dict[int, Span], alts: dict[int, tuple[int, int]]) -> MarkdownIt:
    """A markdown-it parser whose markup-making inline rules record what they consumed."""
    try:
        from markdown_it import MarkdownIt
    except ImportError:
        raise WorkbenchError(
            "reading Markdown needs markdown-it-py", hint="pip install 'markdown-it-py>=4'"
        ) from None
    md = MarkdownIt("commonmark").enable("table")
    ruler = md.inline.ruler
    for name in ("newline", "escape", "backticks", "emphasis", "link", "image", "autolink",
                 "html_inline"):  # fmt: skip
        rule = ruler.__rules__[ruler.__find__(name)].fn
        ruler.at(name, _recording(name, rule, spans, alts))
    return md


def _recording(
    name: str,
    rule: Callable[[StateInline, bool], bool],
    spans: dict[int, Span],
    alts: dict[int, tuple[int, int]],
) -> Callable[[StateInline, bool], bool]:
    def recorded(state: StateInline, silent: bool) -> bool:
        start, before = state.pos, len(state.tokens)
        had_pending = bool(state.pending)
        label_end = -1
        if not silent and name in ("link", "image"):
            opening = start + (1 if name == "image" else 0)
            if state.src.startswith("[", opening):
                label_end = state.md.helpers.parseLinkLabel(state, opening, name == "link")
                state.pos = start
        matched = rule(state, silent)
        if not matched or silent:
            return matched
        new = state.tokens[before:]
        end = state.pos
        if name == "emphasis":  # one text token per delimiter character, pending text first
            run = new[len(new) - (end - start) :]
            for offset, token in enumerate(run):
                spans[id(token)] = (start + offset, start + offset + 1, "delimiter", "")
        elif name == "link":
            opener = next((t for t in new if t.type == "link_open"), None)
            closer = next((t for t in reversed(new) if t.type == "link_close"), None)
            if opener is not None and closer is not None:
                spans[id(opener)] = (start, start + 1, "open", "link")
                spans[id(closer)] = (label_end, end, "close", "link")
        elif name in ("newline", "escape"):
            breaks = [t for t in new if t.type == "hardbreak"]
            if breaks:
                first = start
                if name == "newline":  # the two trailing spaces that made it hard
                    while first > 0 and state.src[first - 1] == " ":
                        first -= 1
                spans[id(breaks[0])] = (first, end, "standalone", "break")
        else:
            made = new[1:] if had_pending else new  # after the flushed pending text
            if made:  # an unmatched backtick run makes no token: it is text
                spans[id(made[0])] = (start, end, "standalone", PLACEHOLDER_NAMES[name])
                if name == "image" and label_end > start + 2:
                    alts[id(made[0])] = (start + 2, label_end)
        return matched

    return recorded


class _Reader:
    def __init__(self, text: str, path: Path | None) -> None:
        self.text = text
        self.path = path
        self.lines = _LINE.findall(text)
        self.line_starts = [0]
        for line in self.lines:
            self.line_starts.append(self.line_starts[-1] + len(line))
        self.spans: dict[int, Span] = {}
        self.alts: dict[int, tuple[int, int]] = {}
        self.warnings: list[Diagnostic] = []
        self.sentences: list[Sentence] = []
        self.overlays: list[Overlay] = []

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.line_starts, offset)

    def read(self) -> SourceDocument:
        md = _parser(self.spans, self.alts)
        blocks = md.parse(self._without_front_matter())
        cursors: dict[int, int] = {}  # table row line -> where its next cell is searched
        for block in blocks:
            if block.type == "inline" and block.map is not None:
                self._block(block, cursors)
        self.sentences.sort(key=lambda s: s.start)
        self.overlays.sort(key=lambda o: o.start)
        return assemble(
            self.text, self.path, self.sentences, self.overlays, _encode_text, self.warnings
        )

    def _without_front_matter(self) -> str:
        """The text with a leading YAML front matter blanked (line count kept for ``map``)."""
        stripped = [line.rstrip("\r\n") for line in self.lines]
        if not stripped or stripped[0] != FRONT_MATTER_FENCE:
            return self.text
        for number in range(1, len(stripped)):
            if stripped[number] in FRONT_MATTER_ENDS:
                return "\n" * (number + 1) + "".join(self.lines[number + 1 :])
        return self.text

    def _block(self, block: MdToken, cursors: dict[int, int]) -> None:
        assert block.map is not None
        first_line = block.map[0]
        located = self._locate(block.content, first_line, cursors)
        if located is None:
            self.warnings.append(
                Diagnostic(
                    "could not find this block's text in the source line by line; kept "
                    "untranslated",
                    code="markdown",
                    severity=WARNING,
                    path=self.path,
                    line=first_line + 1,
                )
            )
            return
        content_starts, source_starts = located

        def source(offset: int) -> int:
            index = bisect.bisect_right(content_starts, offset) - 1
            return source_starts[index] + offset - content_starts[index]

        marks = self._marks(block.children or [])
        tokens: list[Token] = []
        position = 0
        for start, end, role, name, image in marks:
            extend_run(tokens, self._text(block.content, position, start, source))
            tokens.append(Token("tag", name, source(start), source(end), role))
            if image is not None:
                self._alt(image, source(start), source(end), block.content, source)
            position = end
        extend_run(tokens, self._text(block.content, position, len(block.content), source))
        self.sentences.extend(sentences(tokens, self.line_of))

    def _marks(self, children: list[MdToken]) -> list[tuple[int, int, str, str, MdToken | None]]:
        """The markup of a block in source order: (start, end, role, name, image token)."""
        marks: list[tuple[int, int, str, str, MdToken | None]] = []
        for child in children:
            span = self.spans.get(id(child))
            if span is None:
                continue
            start, end, kind, name = span
            if kind == "delimiter":
                if child.type in OPENING or child.type in CLOSING:
                    name = OPENING.get(child.type) or CLOSING[child.type]
                    kind = "open" if child.type in OPENING else "close"
                    if name == "strong":  # the other marker character, emptied by markdown-it
                        start, end = (start - 1, end) if kind == "open" else (start, end + 1)
                else:
                    continue  # an unmatched * or _: text
            marks.append((start, end, kind, name, child if child.type == "image" else None))
        marks.sort(key=lambda mark: mark[0])
        return marks

    def _text(
        self, content: str, start: int, end: int, source: Callable[[int], int]
    ) -> list[Token]:
        """Word and space tokens of ``content[start:end]``; a line break (with the next line's
        block-quote or list prefix) is one space token."""
        tokens: list[Token] = []
        position = start
        while position < end:
            newline = content.find("\n", position, end)
            stop = end if newline < 0 else newline
            extend_run(tokens, words(source(position), content[position:stop]))
            if newline < 0:
                break
            extend_run(tokens, [Token("space", " ", source(newline), source(newline + 1))])
            position = newline + 1
        return tokens

    def _alt(
        self, image: MdToken, start: int, end: int, content: str, source: Callable[[int], int]
    ) -> None:
        label = self.alts.get(id(image))
        if label is None:
            return
        text = normalize_whitespace(content[label[0] : label[1]])
        if not has_word_character(text):
            return
        field_start = source(label[0])
        found = Field(field_start, source(label[1]), text, self.line_of(field_start), str)
        self.overlays.append(Overlay(start, end, [found]))

    def _locate(
        self, content: str, first_line: int, cursors: dict[int, int]
    ) -> tuple[list[int], list[int]] | None:
        """Where each line of ``content`` starts in the content and in the source, or None
        when a line is not found verbatim."""
        content_starts: list[int] = []
        source_starts: list[int] = []
        offset = 0
        for number, piece in enumerate(content.split("\n")):
            index = first_line + number
            if index >= len(self.lines):
                return None
            line = self.lines[index].rstrip("\r\n")
            at = _find_in_line(line, piece, cursors.get(index, 0))
            if at < 0:
                return None
            cursors[index] = at + len(piece)
            content_starts.append(offset)
            source_starts.append(self.line_starts[index] + at)
            offset += len(piece) + 1
        return content_starts, source_starts


def _find_in_line(line: str, piece: str, cursor: int) -> int:
    """Where ``piece`` (a line of a block's content) sits in its source ``line``: at the end
    of the line when it ends it (block markers come first), else the first place from
    ``cursor`` (an ATX heading's closing #s, a table's next cell)."""
    trimmed = line.rstrip()
    for candidate in (line, trimmed):
        if candidate.endswith(piece) and len(candidate) - len(piece) >= cursor:
            return len(candidate) - len(piece)
    return line.find(piece, cursor)


def _encode_text(piece: str) -> str:
    """A translated run between placeholders, as Markdown source (units show the source's
    own Markdown, so only the unit escapes are undone)."""
    return markup.unescape_text(piece)
