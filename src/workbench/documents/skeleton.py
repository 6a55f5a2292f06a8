"""Assemble a marked-up source's skeleton from its sentence units and its fields.

A *field* is a unit inside a piece of markup: an HTML ``alt``/``title`` attribute, a meta
``content``, a Markdown image's alt text. The markup holding fields is an *overlay*: its source
span, rendered with each field's slot in place; an overlay may also be a :class:`LanguageMark`
(the ``<html>`` tag). Overlays inside a sentence are rendered wherever that sentence's source or
placeholders are; the others stand in the skeleton itself. Units are numbered in source order.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from workbench.diagnostic import Diagnostic
from workbench.documents.inline import Sentence
from workbench.documents.model import Gap, LanguageMark, Part, Slot, SourceDocument, Unit


@dataclass
class Field:
    """A unit inside markup: the source span of its value, its msgid, line, and how a
    translation is written there (quoted and escaped for an attribute...)."""

    start: int
    end: int
    text: str
    line: int
    encode: Callable[[str], str]


@dataclass
class Overlay:
    """Markup at ``start:end`` holding fields, or the tag that gets ``lang``/``dir``."""

    start: int
    end: int
    fields: list[Field] = field(default_factory=list)
    mark: LanguageMark | None = None


def assemble(
    text: str,
    path: Path | None,
    sentences: list[Sentence],
    overlays: list[Overlay],
    encode_text: Callable[[str], str],
    warnings: list[Diagnostic],
) -> SourceDocument:
    """The :class:`SourceDocument` of ``text``: ``sentences`` and ``overlays`` each in source
    order, disjoint among themselves (an overlay may lie inside a sentence)."""
    return _Assembler(text, sentences, overlays).document(path, encode_text, warnings)


class _Assembler:
    def __init__(self, text: str, sentences: list[Sentence], overlays: list[Overlay]) -> None:
        self.text = text
        self.sentences = sentences
        self.overlays = overlays
        self.overlay_starts = [overlay.start for overlay in overlays]
        items: list[tuple[int, Sentence | Field]] = [(s.start, s) for s in sentences]
        items += [(f.start, f) for overlay in overlays for f in overlay.fields]
        items.sort(key=lambda item: item[0])
        self.numbers = {id(item): index for index, (_, item) in enumerate(items)}
        self.units = [Unit(item.text, item.line) for _, item in items]

    def document(
        self, path: Path | None, encode_text: Callable[[str], str], warnings: list[Diagnostic]
    ) -> SourceDocument:
        top: list[tuple[int, int, tuple[Part, ...]]] = []
        for sentence in self.sentences:
            slot = Slot(
                self.numbers[id(sentence)],
                self.raw_parts(sentence.start, sentence.end),
                {name: self.raw_parts(s, e) for name, (s, e) in sentence.placeholders.items()},
                encode_text,
            )
            top.append((sentence.start, sentence.end, (slot,)))
        for before, after in zip(self.sentences, self.sentences[1:], strict=False):
            between = self.text[before.end : after.start]
            if between and between.isspace():  # two sentences of one paragraph
                gap = Gap(between, self.numbers[id(before)], self.numbers[id(after)])
                top.append((before.end, after.start, (gap,)))
        sentence_starts = [s.start for s in self.sentences]
        for overlay in self.overlays:
            inside = bisect.bisect_right(sentence_starts, overlay.start) - 1
            if inside >= 0 and self.sentences[inside].end >= overlay.end:
                continue
            top.append((overlay.start, overlay.end, self.overlay_parts(overlay)))
        top.sort(key=lambda item: item[0])
        skeleton = tuple(splice(self.text, 0, len(self.text), top))
        return SourceDocument(path, self.units, skeleton, warnings, markup=True)

    def overlay_parts(self, overlay: Overlay) -> tuple[Part, ...]:
        if overlay.mark is not None:
            return (overlay.mark,)
        pieces = [
            (
                f.start,
                f.end,
                (Slot(self.numbers[id(f)], (self.text[f.start : f.end],), encode=f.encode),),
            )
            for f in overlay.fields
        ]
        return tuple(splice(self.text, overlay.start, overlay.end, pieces))

    def raw_parts(self, start: int, end: int) -> tuple[Part, ...]:
        """The source ``start:end`` with the overlays inside it rendered."""
        first = bisect.bisect_left(self.overlay_starts, start)
        if first == len(self.overlays) or self.overlay_starts[first] >= end:
            return (self.text[start:end],)
        inner = []
        for overlay in self.overlays[first:]:
            if overlay.end > end:
                break
            inner.append((overlay.start, overlay.end, self.overlay_parts(overlay)))
        return tuple(splice(self.text, start, end, inner))


def splice(
    text: str, start: int, end: int, pieces: Sequence[tuple[int, int, Sequence[Part]]]
) -> Iterator[Part]:
    """``text[start:end]`` with each (s, e, parts) of ``pieces`` (sorted, disjoint) in place."""
    position = start
    for s, e, parts in pieces:
        if s > position:
            yield text[position:s]
        yield from parts
        position = e
    if position < end:
        yield text[position:end]
