"""The document format of a source file, chosen by its suffix (plain text otherwise).

``workbench import`` reads every source through :func:`source_segments`: plain text keeps the
segmenter's own segments (image and URL lines become comments), a marked-up page gives its
units, so an HTML page's script and markup never become entries.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
from pathlib import Path

from workbench.documents import cache
from workbench.documents.html import HtmlFormat
from workbench.documents.markdown import MarkdownFormat
from workbench.documents.model import DocumentFormat, SourceDocument
from workbench.documents.text import TextFormat
from workbench.segment import Segment, segment_text

TEXT = TextFormat()
FORMATS: tuple[DocumentFormat, ...] = (HtmlFormat(), MarkdownFormat())


def format_for(path: Path) -> DocumentFormat:
    """The format of ``path`` by its last suffix (case-insensitive); plain text by default."""
    suffix = path.suffix.lower()
    for document_format in FORMATS:
        if suffix in document_format.suffixes:
            return document_format
    return TEXT


@contextlib.contextmanager
def collection_paused() -> Iterator[None]:
    """The cyclic garbage collector off while a page is read: reading allocates hundreds of
    thousands of small acyclic tokens, whose collection passes cost a fifth of the time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def read_document(path: Path, text: str, cache_folder: Path | None = None) -> SourceDocument:
    """``text`` (the content of ``path``) read by the format of ``path``. With
    ``cache_folder``, a document read before from this very text is taken from the cache
    (:mod:`.cache`), and one parsed now is kept there."""
    document_format = format_for(path)
    if document_format is TEXT:
        cache_folder = None  # plain text is segmented about as fast as a cache is read
    with collection_paused():
        if cache_folder is not None:
            cached = cache.load(cache_folder, path, text)
            if cached is not None:
                return cached
        document = document_format.read(text, path)
        if cache_folder is not None:
            cache.store(cache_folder, path, text, document)
        return document


def source_segments(path: Path, text: str, cache_folder: Path | None = None) -> list[Segment]:
    """What ``workbench import`` makes entries of: the segments of a text file (translatable
    or not), or the units of a marked-up page as translatable segments (the page's document
    kept in ``cache_folder`` for the build)."""
    document_format = format_for(path)
    if document_format is TEXT:
        return segment_text(text)
    document = read_document(path, text, cache_folder)
    return [Segment(unit.text, unit.line) for unit in document.units]
