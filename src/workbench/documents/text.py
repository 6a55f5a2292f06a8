"""Plain text: the units are exactly the msgids ``workbench import`` makes.

The text is segmented by :func:`workbench.segment.segment_text`, the importer's own rules, and
each segment is located back in the source (a segment is its source span with whitespace runs
collapsed, so the search is exact). Everything between translatable sentences stays as written:
blank lines, line breaks, indentation, image-name and URL lines (non-translatable segments are
kept verbatim in their place). Two sentences of one paragraph, once translated, are joined with
the target language's spacing unless a line break separated them.
"""

from __future__ import annotations

from pathlib import Path

from workbench.documents.model import Gap, Part, Slot, SourceDocument, Unit
from workbench.segment import segment_text


class TextFormat:
    """Plain UTF-8 text (``.txt`` and any suffix without a format of its own)."""

    name = "text"
    suffixes: tuple[str, ...] = (".txt",)

    def read(self, text: str, path: Path | None = None) -> SourceDocument:
        units: list[Unit] = []
        skeleton: list[Part] = []
        position = 0
        previous_unit: int | None = None  # the unit just before, when only whitespace follows
        for segment in segment_text(text):
            start, end = locate(text, position, segment.text)
            between = text[position:start]
            if not segment.translatable:
                skeleton.append(text[position:end])
                previous_unit = None
                position = end
                continue
            index = len(units)
            units.append(Unit(segment.text, segment.line))
            if previous_unit is not None and between.count("\n") < 2:
                skeleton.append(Gap(between, previous_unit, index))
            elif between:
                skeleton.append(between)
            skeleton.append(Slot(index, (text[start:end],)))
            previous_unit = index
            position = end
        if position < len(text):
            skeleton.append(text[position:])
        return SourceDocument(path, units, tuple(skeleton))


def locate(text: str, position: int, segment: str) -> tuple[int, int]:
    """The (start, end) of ``segment`` in ``text`` from ``position``: whitespace before it is
    skipped, and each space of ``segment`` matches a run of whitespace (the segmenter collapses
    runs). A mismatch is a bug in the segmenter's lossless-coverage invariant."""
    while position < len(text) and text[position].isspace():
        position += 1
    start = position
    for char in segment:
        if char == " ":
            if position >= len(text) or not text[position].isspace():
                raise AssertionError(f"segment {segment!r} not found at offset {start}")
            while position < len(text) and text[position].isspace():
                position += 1
        elif position < len(text) and text[position] == char:
            position += 1
        else:
            raise AssertionError(f"segment {segment!r} not found at offset {start}")
    return start, position
