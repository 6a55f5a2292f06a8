"""Split an Arabic source text into the sentences that become catalog entries.

Rules, in order:

* **Paragraphs** end at blank lines (lines holding only whitespace). Lines inside a paragraph
  are joined: a line break there is just whitespace.
* **Non-translatable lines.** A line that holds only an image file name
  (``z7157588517514_...jpg``) or only a URL (``https://...``, ``www...``) is its own segment of
  kind ``"image"`` or ``"url"``; it never enters a ``msgid``. The importer puts it, so nothing of
  the source is lost and the translator sees the context, as an extracted comment
  (``#. image: z71...jpg``) on the next translatable entry in the source, or on the previous one
  when nothing translatable follows. A sentence without any letter or digit (``***``, a rule
  of tatweel) is kind ``"symbols"`` and is treated the same way.
* **Sentences** end after ``.`` ``؟`` ``?`` ``!`` ``…`` (a run of them, such as ``?!`` or
  ``...``, counts as one mark) when whitespace follows; closing quotes and brackets right after
  the mark stay with the sentence. Because whitespace must follow, a dot inside a number
  (``2.5``) or a URL never ends a sentence. Nor does a dot after a one-letter word (initials and
  Arabic abbreviations: ``د.`` ``م.`` ``U.N.``), after a known abbreviation (``Dr.``, ``Mr.``,
  ``e.g.``), or after a bare list number at the start of a sentence (``1.``). A mark inside a
  quotation or brackets that close within the same paragraph does not end the sentence either:
  quoted speech stays one segment with its attribution (``"... غداً"، هذا ما أكده ...``).
* **Whitespace** inside a segment is normalized to single spaces, and trimmed.

Each segment keeps the 1-based line number of its first character, for ``#:`` references.
Invariant (tested with hypothesis): all segments, translatable or not, concatenated in order,
equal the source text once all whitespace is removed.

Hand-written rather than built on an SRX/ICU segmenter: none is in the project's dependencies,
and the rules needed (Arabic marks, image lines, line numbers, lossless coverage) are few.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

SegmentKind = Literal["text", "image", "url", "symbols"]

IMAGE_LINE = re.compile(r"\S+\.(?:jpe?g|png|gif|webp|svg|bmp|tiff?|avif|heic)", re.IGNORECASE)
URL_LINE = re.compile(r"(?:[a-z][a-z0-9+.-]*://|www\.)\S+", re.IGNORECASE)

TATWEEL = "\u0640"
END_MARKS = ".؟?!…"
CLOSERS = "\"'”’»›)]}"
# Opening -> closing pairs tracked for "inside quotes/brackets" (the ASCII quotes pair in order).
PAIRS = {"«": "»", "“": "”", "‹": "›", "(": ")", "[": "]", "{": "}"}
SYMMETRIC_QUOTES = '"'
ABBREVIATIONS = frozenset(
    {
        "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "gen", "col", "lt", "capt", "sgt",
        "vs", "fig", "vol", "approx", "dept", "govt", "corp", "inc", "ltd",
    }
)  # fmt: skip
SENTENCE_END = re.compile(rf"[{re.escape(END_MARKS)}]+[{re.escape(CLOSERS)}]*(?=\s)")
WORD_BEFORE_DOT = re.compile(r"(\w[\w.]*)\.$")
LIST_NUMBER = re.compile(r"\d{1,3}\.$")


@dataclass(frozen=True)
class Segment:
    """One sentence (or one non-translatable line) of the source."""

    text: str
    line: int
    kind: SegmentKind = "text"

    @property
    def translatable(self) -> bool:
        return self.kind == "text"


def has_word_character(text: str) -> bool:
    """Whether ``text`` holds a letter or digit. Tatweel (U+0640) only stretches letters:
    ``str.isalnum`` counts it as a letter, but a run of it is decoration."""
    return any(ch.isalnum() and ch != TATWEEL for ch in text)


def normalize_whitespace(text: str) -> str:
    """Collapse every run of whitespace to one space and trim."""
    return " ".join(text.split())


def line_kind(line: str) -> SegmentKind | None:
    """``"image"`` or ``"url"`` when the whole line is just that, else None."""
    stripped = line.strip()
    if IMAGE_LINE.fullmatch(stripped) and not URL_LINE.match(stripped):
        return "image"
    if URL_LINE.fullmatch(stripped):
        return "url"
    return None


def segment_text(text: str) -> list[Segment]:
    """All segments of ``text`` in source order (translatable or not)."""
    return list(_iter_segments(text))


def translatable_segments(text: str) -> list[Segment]:
    return [segment for segment in segment_text(text) if segment.translatable]


def _iter_segments(text: str) -> Iterator[Segment]:
    run: list[tuple[int, str]] = []  # consecutive translatable lines of one paragraph
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            yield from _split_run(run)
            run = []
            continue
        kind = line_kind(line)
        if kind is None:
            run.append((number, line))
            continue
        yield from _split_run(run)
        run = []
        yield Segment(normalize_whitespace(line), number, kind)
    yield from _split_run(run)


def _split_run(run: list[tuple[int, str]]) -> Iterator[Segment]:
    """Sentences of consecutive lines; each keeps the line of its first character."""
    if not run:
        return
    joined = "\n".join(line for _, line in run)
    line_starts = []  # offset in ``joined`` where each line starts
    offset = 0
    for _, line in run:
        line_starts.append(offset)
        offset += len(line) + 1
    start = 0
    for end in _sentence_ends(joined):
        yield from _make_segment(joined, start, end, run, line_starts)
        start = end
    yield from _make_segment(joined, start, len(joined), run, line_starts)


def _make_segment(
    joined: str, start: int, end: int, run: list[tuple[int, str]], line_starts: list[int]
) -> Iterator[Segment]:
    piece = joined[start:end]
    text = normalize_whitespace(piece)
    if not text:
        return
    first = start + (len(piece) - len(piece.lstrip()))
    index = bisect.bisect_right(line_starts, first) - 1
    kind: SegmentKind = "text" if has_word_character(text) else "symbols"
    yield Segment(text, run[index][0], kind)


def _sentence_ends(paragraph: str) -> Iterator[int]:
    """Offsets just after each sentence-ending mark (and its closers) in ``paragraph``."""
    protected = _quoted_spans(paragraph)
    sentence_start = 0
    for match in SENTENCE_END.finditer(paragraph):
        mark_at, end = match.start(), match.end()
        if any(open_at < mark_at and end <= close_at for open_at, close_at in protected):
            continue
        if paragraph[mark_at:end].rstrip(CLOSERS) == "." and _is_abbreviation(
            paragraph[sentence_start : mark_at + 1].lstrip()
        ):
            continue
        yield end
        sentence_start = end


def _is_abbreviation(sentence_so_far: str) -> bool:
    """True when the dot ending ``sentence_so_far`` belongs to an initial or abbreviation."""
    if LIST_NUMBER.fullmatch(sentence_so_far):
        return True
    found = WORD_BEFORE_DOT.search(sentence_so_far)
    if not found:
        return False
    word = found.group(1)
    last = word.rsplit(".", 1)[-1]
    if len(last) == 1 and last.isalpha():
        return True
    return word.lower() in ABBREVIATIONS


_QUOTE_OR_BRACKET = re.compile(
    "[" + re.escape(SYMMETRIC_QUOTES + "".join(PAIRS) + "".join(PAIRS.values())) + "]"
)


def _quoted_spans(paragraph: str) -> list[tuple[int, int]]:
    """(open, close) offsets of quotations and brackets that close within the paragraph."""
    spans: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    closers = {close: open_ for open_, close in PAIRS.items()}
    ascii_open: int | None = None
    for found in _QUOTE_OR_BRACKET.finditer(paragraph):  # the marks only: no loop over letters
        index, char = found.start(), found.group()
        if char in SYMMETRIC_QUOTES:
            if ascii_open is None:
                ascii_open = index
            else:
                spans.append((ascii_open, index))
                ascii_open = None
        elif char in PAIRS:
            stack.append((char, index))
        elif char in closers:
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == closers[char]:
                    spans.append((stack[depth][1], index))
                    del stack[depth:]
                    break
    return spans
