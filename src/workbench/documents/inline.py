"""A block's inline content -> sentence units with placeholders (shared by HTML and Markdown).

A format cuts its source into blocks and each block's inline content into :class:`Token`
values: words, whitespace runs, and tags (an element's opening or closing markup, or a
standalone piece: a line break, an image, a comment, inline code kept whole). Each token
knows its source span. :func:`sentences` then

* collapses whitespace (as a browser renders it) and hands the flat text, one mark per tag, to
  :func:`workbench.segment.segment_text`, so sentences end where the importer's rules end them;
* joins two sentences the segmenter would cut inside an element (a sentence is never cut at
  inline markup);
* leaves outside the unit what the translator need not move: single tags and spaces at its
  edges, and an element wrapping the whole sentence;
* names the remaining tags with :mod:`.markup` placeholders, numbered in the unit.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import accumulate

from workbench.documents import markup
from workbench.segment import has_word_character, segment_text

#: Stands for one tag in the flat text handed to the segmenter: not a letter, digit or space.
TAG_MARK = "\ue000"
_SPACES = re.compile(r"(\s+)")


@dataclass(slots=True)
class Token:
    """One piece of a block's inline content: a word, a whitespace run, or a tag. ``text`` is
    the decoded word, ``" "``, or the tag's name (its first letter names the placeholder)."""

    kind: str  # word, space, tag
    text: str
    start: int
    end: int
    role: str = ""  # for tags: open, close, standalone
    partner: int = -1  # index of the matching open/close tag


@dataclass
class Sentence:
    """A sentence unit: source span, msgid, line, and the span each placeholder stands for."""

    start: int
    end: int
    text: str
    line: int
    placeholders: dict[str, tuple[int, int]]


def words(start: int, data: str) -> list[Token]:
    """Word and whitespace tokens of text ``data`` found at source offset ``start``."""
    tokens = []
    position = start
    for index, piece in enumerate(_SPACES.split(data)):
        if not piece:
            continue
        following = position + len(piece)
        if index % 2:  # split() puts the separators at odd positions
            tokens.append(Token("space", " ", position, following))
        else:
            tokens.append(Token("word", piece, position, following))
        position = following
    return tokens


def extend_run(run: list[Token], tokens: list[Token]) -> None:
    """Append ``tokens`` to a block's ``run``, a whitespace run meeting another made one."""
    if tokens and run and tokens[0].kind == "space" and run[-1].kind == "space":
        run[-1] = Token("space", " ", run[-1].start, tokens[0].end)
        tokens = tokens[1:]
    run.extend(tokens)


def sentences(run: list[Token], line_of: Callable[[int], int]) -> list[Sentence]:
    """The sentence units of one block's tokens (none when it holds no letter or digit);
    ``run`` never holds two whitespace tokens in a row (see :func:`extend_run`)."""
    tokens = collapse_spaces(run)
    if not any(token.kind == "word" for token in tokens):
        return []
    tagged = any(token.kind == "tag" for token in tokens)
    if tagged:
        pair_tags(tokens)
    pieces = [TAG_MARK if t.kind == "tag" else t.text for t in tokens]
    flat = "".join(pieces)
    starts = list(accumulate(map(len, pieces), initial=0))  # flat offset of each token
    found = []
    for first, last, translatable in _sentence_groups(flat, tokens, starts, tagged):
        first, last = strip_edges(tokens, first, last)
        if first > last or not translatable:
            continue
        text = "".join(t.text for t in tokens[first : last + 1] if t.kind == "word")
        if has_word_character(text):
            found.append(_sentence(tokens, first, last, line_of))
    return found


def _sentence_groups(
    flat: str, tokens: list[Token], starts: list[int], tagged: bool
) -> list[tuple[int, int, bool]]:
    """(first token, last token, translatable) of each sentence; sentences the segmenter
    would cut inside an element are joined."""
    depth_before = [0] * len(tokens)  # open pairs around the start of each token
    if tagged:
        depth = 0
        for index, token in enumerate(tokens):
            if token.role == "close" and token.partner >= 0:
                depth -= 1
            depth_before[index] = depth
            if token.role == "open" and token.partner >= 0:
                depth += 1
    groups: list[tuple[int, int, bool]] = []
    position = 0
    for segment in segment_text(flat):
        at = flat.find(segment.text, position)
        position = at + len(segment.text)
        first = bisect.bisect_right(starts, at) - 1
        last = bisect.bisect_left(starts, position) - 1
        translatable = segment.translatable
        if groups and depth_before[first] > 0:
            previous_first, _, previous_translatable = groups.pop()
            first = previous_first
            translatable = translatable or previous_translatable
        groups.append((first, last, translatable))
    return groups


def _sentence(
    tokens: list[Token], first: int, last: int, line_of: Callable[[int], int]
) -> Sentence:
    start, end = tokens[first].start, tokens[last].end
    span = tokens[first : last + 1]
    if not any(token.kind == "tag" for token in span):
        text = markup.escape_text("".join(token.text for token in span))
        return Sentence(start, end, text, line_of(start), {})
    numbers: dict[int, int] = {}
    parts: list[str] = []
    text_run: list[str] = []
    placeholders: dict[str, tuple[int, int]] = {}
    for index in range(first, last + 1):
        token = tokens[index]
        if token.kind != "tag":
            text_run.append(token.text)
            continue
        parts.append(markup.escape_text("".join(text_run)))
        text_run = []
        initial = token.text[:1].lower()
        letter = initial if initial.isascii() and initial.isalpha() else "x"
        paired = token.partner >= 0 and first <= token.partner <= last
        if paired and token.role == "close":
            number = numbers[token.partner]
            name = markup.closing(letter, number)
        else:
            number = len(numbers)
            numbers[index] = number
            name = markup.opening(letter, number) if paired else markup.standalone(letter, number)
        placeholders[name] = (token.start, token.end)
        parts.append(name)
    parts.append(markup.escape_text("".join(text_run)))
    return Sentence(start, end, "".join(parts), line_of(start), placeholders)


def collapse_spaces(run: list[Token]) -> list[Token]:
    """``run`` without whitespace at its edges (runs inside were merged as they were made)."""
    first, last = 0, len(run)
    while first < last and run[first].kind == "space":
        first += 1
    while last > first and run[last - 1].kind == "space":
        last -= 1
    return run[first:last]


def pair_tags(tokens: list[Token]) -> None:
    """Match each closing tag with the nearest open one of its name; the rest stay single."""
    stack: list[int] = []
    for index, token in enumerate(tokens):
        if token.kind != "tag":
            continue
        if token.role == "open":
            stack.append(index)
        elif token.role == "close":
            for depth in range(len(stack) - 1, -1, -1):
                if tokens[stack[depth]].text == token.text:
                    opener = stack[depth]
                    tokens[opener].partner, token.partner = index, opener
                    del stack[depth:]
                    break


def strip_edges(tokens: list[Token], first: int, last: int) -> tuple[int, int]:
    """Leave outside the unit what the translator need not move: single tags and spaces at
    either edge, and a pair of tags wrapping the whole sentence."""
    while first <= last:
        head, tail = tokens[first], tokens[last]
        if head.kind == "space" or (head.kind == "tag" and head.partner < 0):
            first += 1
        elif tail.kind == "space" or (tail.kind == "tag" and tail.partner < 0):
            last -= 1
        elif head.kind == "tag" and head.role == "open" and head.partner == last:
            first, last = first + 1, last - 1
        else:
            break
    return first, last
