"""A page's units and skeleton kept from one read to the next, so a build need not parse again.

Reading a large HTML page (tokenizing, segmenting every block into sentences) costs most of a
build. ``workbench import`` has already read the page; it leaves what it read in
``.workbench/documents/`` under the project root, one file per source path, and
``workbench build`` takes it from there while the page is unchanged.

A cached document is used only when all of these hold, else the page is parsed again (and the
cache rewritten), so the cache can make a build faster but never different:

* the source text's SHA-256 equals the one recorded (any edit to the page misses);
* the reader's fingerprint equals the one recorded: a hash of the code that reads documents
  (this package, the segmenter, the Arabic rules) and of the Python version (the standard
  library's HTML tokenizer), so a changed reader never serves an old skeleton;
* the payload's own SHA-256 matches (a damaged file misses);
* the skeleton, rendered with no translation, gives back the source text exactly, and every
  slot names an existing unit.

The file is JSON (never pickle: nothing in it can run code), written atomically; a cache that
cannot be written or read is skipped silently, since it is only ever a shortcut.
"""

from __future__ import annotations

import functools
import hashlib
import json
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from workbench import arabic, segment
from workbench.diagnostic import Diagnostic
from workbench.documents import html, markdown
from workbench.documents.model import Gap, LanguageMark, Part, Slot, SourceDocument, Unit
from workbench.fileio import atomic_write_bytes

#: The cache's folder under the project root.
CACHE_FOLDER = Path(".workbench") / "documents"
FORMAT_VERSION = 1

#: The only functions a cached slot may name to encode its translation.
ENCODERS: dict[str, Callable[[str], str]] = {
    "str": str,
    "html.text": html._encode_text,
    "html.attribute": html._encode_attribute,
    "markdown.text": markdown._encode_text,
}
_ENCODER_NAMES = {id(function): name for name, function in ENCODERS.items()}


class _Invalid(Exception):
    """The cached file does not describe this source: parse again."""


@functools.cache
def reader_fingerprint() -> str:
    """A hash of the code that turns a source into units and a skeleton, and of Python's
    version (its ``html.parser``)."""
    digest = hashlib.sha256(sys.version.encode())
    package = Path(__file__).parent
    files = sorted(package.glob("*.py")) + [Path(segment.__file__), Path(arabic.__file__)]
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def cache_path(folder: Path, source: Path) -> Path:
    """The cache file of ``source`` (one per resolved source path) in ``folder``."""
    key = hashlib.sha256(str(source.resolve()).encode("utf-8", "surrogateescape")).hexdigest()
    return folder / f"{source.name}.{key[:16]}.json"


def _text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def load(folder: Path, source: Path, text: str) -> SourceDocument | None:
    """The cached document of ``source`` whose content is ``text``, or None when there is
    none that is certainly right."""
    try:
        raw = cache_path(folder, source).read_bytes()
        header_line, _, payload = raw.partition(b"\n")
        header = json.loads(header_line)
        if (
            header.get("version") != FORMAT_VERSION
            or header.get("reader") != reader_fingerprint()
            or header.get("text") != _text_hash(text)
            or header.get("payload") != hashlib.sha256(payload).hexdigest()
        ):
            return None
        document = _decode(json.loads(payload), source)
        _verify(document, text)
    except (OSError, ValueError, TypeError, KeyError, IndexError, _Invalid):
        return None
    return document


def store(folder: Path, source: Path, text: str, document: SourceDocument) -> None:
    """Keep ``document`` (read from ``text``) for the next read of ``source``; a folder that
    cannot be written, or a slot encoder the cache does not know, just skips it."""
    try:
        payload = json.dumps(_encode(document), ensure_ascii=False, separators=(",", ":")).encode(
            "utf-8", "surrogatepass"
        )
    except _Invalid:
        return
    header = {
        "version": FORMAT_VERSION,
        "reader": reader_fingerprint(),
        "text": _text_hash(text),
        "payload": hashlib.sha256(payload).hexdigest(),
    }
    try:
        folder.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(
            cache_path(folder, source), json.dumps(header).encode() + b"\n" + payload
        )
    except OSError:
        return


# --- JSON form -------------------------------------------------------------------------------
# A part is a string (kept source text) or a list: ["S", unit, [parts], {token: [parts]},
# encoder] for a slot, ["G", raw, before, after] for a gap, ["L", tag, lang, dir, insert_at]
# for a language mark.


def _encode(document: SourceDocument) -> dict[str, Any]:
    return {
        "units": [[unit.text, unit.line] for unit in document.units],
        "skeleton": _encode_parts(document.skeleton),
        "warnings": [
            [w.message, w.code, w.severity, w.line, w.hint, w.subject] for w in document.warnings
        ],
        "markup": document.markup,
    }


def _encode_parts(parts: Sequence[Part]) -> list[Any]:
    out: list[Any] = []
    for part in parts:
        if isinstance(part, str):
            out.append(part)
        elif isinstance(part, Slot):
            encoder = _ENCODER_NAMES.get(id(part.encode))
            if encoder is None:
                raise _Invalid(f"unknown encoder {part.encode!r}")
            placeholders = {name: _encode_parts(p) for name, p in part.placeholders.items()}
            out.append(["S", part.unit, _encode_parts(part.source), placeholders, encoder])
        elif isinstance(part, Gap):
            out.append(["G", part.raw, part.before, part.after])
        else:
            out.append(["L", part.tag, part.lang_value, part.dir_value, part.insert_at])
    return out


def _decode(data: Mapping[str, Any], source: Path) -> SourceDocument:
    units = [Unit(text, line) for text, line in data["units"]]
    warnings = [
        Diagnostic(message, code, severity, source, line, hint, subject)
        for message, code, severity, line, hint, subject in data["warnings"]
    ]
    skeleton = tuple(_decode_parts(data["skeleton"]))
    return SourceDocument(source, units, skeleton, warnings, markup=bool(data["markup"]))


def _decode_parts(parts: Sequence[Any]) -> list[Part]:
    out: list[Part] = []
    for part in parts:
        if isinstance(part, str):
            out.append(part)
        elif part[0] == "S":
            _, unit, source, placeholders, encoder = part
            out.append(
                Slot(
                    unit,
                    tuple(_decode_parts(source)),
                    {name: tuple(_decode_parts(p)) for name, p in placeholders.items()},
                    ENCODERS[encoder],
                )
            )
        elif part[0] == "G":
            _, raw, before, after = part
            out.append(Gap(raw, before, after))
        elif part[0] == "L":
            _, tag, lang_value, dir_value, insert_at = part
            out.append(
                LanguageMark(
                    tag,
                    tuple(lang_value) if lang_value is not None else None,
                    tuple(dir_value) if dir_value is not None else None,
                    insert_at,
                )
            )
        else:
            raise _Invalid(f"unknown part {part[0]!r}")
    return out


def _verify(document: SourceDocument, text: str) -> None:
    """The skeleton with no translation must be the source itself, each slot a real unit."""
    out: list[str] = []
    _render_source(document.skeleton, len(document.units), out)
    if "".join(out) != text:
        raise _Invalid("the skeleton does not give back the source")


def _render_source(parts: Sequence[Part], units: int, out: list[str]) -> None:
    for part in parts:
        if isinstance(part, str):
            out.append(part)
        elif isinstance(part, Slot):
            if not 0 <= part.unit < units:
                raise _Invalid(f"slot of unit {part.unit}, of {units}")
            _render_source(part.source, units, out)
        elif isinstance(part, Gap):
            if not (0 <= part.before < units and 0 <= part.after < units):
                raise _Invalid("gap between units that do not exist")
            out.append(part.raw)
        else:
            out.append(part.tag)
