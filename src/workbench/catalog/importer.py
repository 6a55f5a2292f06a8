"""``workbench import``: Arabic sources -> ``locales/<lang>/LC_MESSAGES/<domain>.po``.

Every source is read and segmented, and the language checked, before any catalog is touched:
bad input stops the run with nothing written. Sources that share a domain (default: the file
name before its first dot) go into one catalog; identical sentences become one entry with
several ``#:`` references (paths relative to the project root, as xgettext writes them). An
existing catalog is merged with the new template by msgmerge's rules (:mod:`.merge`) under its
lock; a malformed one raises and is never overwritten. A catalog whose entries would not change
is left untouched, so a re-import of an unchanged article is a no-op for git.

Non-translatable lines (image names, bare URLs, see :mod:`workbench.segment`) become extracted
comments: ``#. image: NAME`` on the next translatable entry of the same source, or
``#. followed by image: NAME`` on the previous one when nothing translatable follows.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import polib
from babel import Locale

from workbench.catalog import header
from workbench.catalog.merge import MergeSummary, merge_entries
from workbench.catalog.po.model import Catalog, Message, header_source
from workbench.catalog.pofile import format_po, read_po, write_po
from workbench.documents.cache import CACHE_FOLDER
from workbench.documents.formats import source_segments
from workbench.errors import WorkbenchError
from workbench.fileio import file_lock, read_bytes
from workbench.segment import Segment

LOCK_TIMEOUT = 10.0  # seconds to wait for another writer of the same catalog
UTF8_BOM = "\ufeff"


@dataclass(frozen=True)
class SourceText:
    """One segmented source file; ``reference`` is the path written in ``#:`` comments."""

    path: Path
    reference: str
    segments: list[Segment]


@dataclass
class ImportResult:
    """What happened to one catalog."""

    catalog: Path
    created: bool
    written: bool
    entries: int
    summary: MergeSummary


def default_domain(source: Path) -> str:
    """The file name before its first dot: ``hanoi-convention-signing.ar.txt`` -> ``hanoi-...``."""
    name = source.name.lstrip(".")
    return name.split(".", 1)[0] or name


def catalog_path(locales: Path, language: str, domain: str) -> Path:
    return locales / language / "LC_MESSAGES" / f"{domain}.po"


def reference_path(source: Path, root: Path) -> str:
    """``source`` relative to the project root when inside it, else absolute (POSIX form)."""
    absolute = source.resolve()
    try:
        return absolute.relative_to(root.resolve()).as_posix()
    except ValueError:
        return absolute.as_posix()


def read_source(path: Path) -> str:
    """The text of a UTF-8 source; errors name the file and the offending byte offset.

    The one reader of source texts (import, translate, glossary match). Bytes are decoded as
    they are, without newline translation, so character offsets into the text count a CRLF as
    the two characters it is; a leading UTF-8 byte order mark, which editors do not show, is
    dropped, so offsets count the characters the user sees.
    """
    data = read_bytes(path, "source file", folder="is a folder, not a text file")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise WorkbenchError(
            "not UTF-8: the file is UTF-16 (it starts with a UTF-16 byte order mark)",
            path,
            hint="convert it first: iconv -f UTF-16 -t UTF-8, or save it as UTF-8",
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise WorkbenchError(
            f"not UTF-8: invalid byte 0x{data[exc.start]:02x} at byte offset {exc.start}",
            path,
            line=line,
            hint="convert it first, e.g. iconv -f CP1256 -t UTF-8",
        ) from None
    if "\0" in text:
        offset = data.index(b"\0")
        raise WorkbenchError(
            f"contains a NUL byte at byte offset {offset}: not a text file",
            path,
            line=data.count(b"\n", 0, offset) + 1,
        )
    if "\x04" in text:  # gettext's context separator: the catalog could not be read back
        offset = data.index(b"\x04")
        raise WorkbenchError(
            f"contains the control character U+0004 at byte offset {offset}, which no catalog "
            "can hold (gettext's context separator)",
            path,
            line=data.count(b"\n", 0, offset) + 1,
            hint="remove it from the source",
        )
    return text.removeprefix(UTF8_BOM)


def why_nothing_to_translate(segments: Sequence[Segment]) -> str | None:
    """Why a source has no translatable segment (shared wording for import and translate),
    or None when it has some."""
    if any(segment.translatable for segment in segments):
        return None
    return "it is empty" if not segments else "only image names, URLs or symbols"


def segment_source(
    path: Path,
    *,
    consequence: str | None = None,
    hint: str | None = None,
    cache_folder: Path | None = None,
) -> list[Segment]:
    """Read and segment one source; one with nothing to translate raises, worded alike for
    import and translate (``consequence``: what was therefore not done). A page read is kept
    in ``cache_folder`` for ``workbench build`` (:mod:`workbench.documents.cache`)."""
    segments = source_segments(path, read_source(path), cache_folder)
    what = why_nothing_to_translate(segments)
    if what is not None:
        message = f"nothing to translate: {what}"
        raise WorkbenchError(
            f"{message}; {consequence}" if consequence else message, path, hint=hint
        )
    return segments


def translatable_sentences(path: Path) -> list[str]:
    """The translatable sentences of a source file, in order (``workbench translate --file``):
    read and checked as import reads them; a gettext catalog is refused, since segmenting it as
    prose would translate its msgids, keywords and all."""
    if path.suffix in (".po", ".pot"):
        raise WorkbenchError(
            "is a gettext catalog, not a text file",
            path,
            hint="'workbench pretranslate CATALOG' fills a catalog with MT",
        )
    return [segment.text for segment in segment_source(path) if segment.translatable]


def load_source(path: Path, root: Path) -> SourceText:
    """Read and segment one source; a source with nothing to translate is an error."""
    segments = segment_source(
        path,
        consequence="no catalog written",
        hint="import a UTF-8 text file with sentences in it",
        cache_folder=root / CACHE_FOLDER,
    )
    return SourceText(path, reference_path(path, root), segments)


def template_entries(sources: Sequence[SourceText]) -> list[Message]:
    """One entry per distinct sentence, in first-seen order, with all its references."""
    entries: dict[str, Message] = {}
    for source in sources:
        pending: list[str] = []  # comments for the next translatable entry
        last: Message | None = None
        for segment in source.segments:
            if not segment.translatable:
                pending.append(f"{segment.kind}: {segment.text}")
                continue
            entry = entries.get(segment.text)
            if entry is None:
                entry = entries[segment.text] = Message(segment.text)
            entry.occurrences.append((source.reference, str(segment.line)))
            _add_comments(entry, pending)
            pending = []
            last = entry
        if pending and last is not None:
            _add_comments(last, [f"followed by {comment}" for comment in pending])
    return list(entries.values())


def _add_comments(entry: polib.POEntry, comments: list[str]) -> None:
    lines = entry.comment.split("\n") if entry.comment else []
    lines += [comment for comment in comments if comment not in lines]
    entry.comment = "\n".join(lines)


def build_template(
    sources: Sequence[SourceText], domain: str, created: datetime | None = None
) -> Catalog:
    """The ``.pot`` template of ``sources`` (what xgettext would extract)."""
    pot = Catalog()
    pot.metadata = header.template_metadata(domain, created or header.now_utc())
    pot.header = f"Template for {domain}, extracted by 'workbench import'."
    pot.extend(template_entries(sources))
    return pot


def new_catalog(
    template: polib.POFile, domain: str, locale: Locale, created: datetime
) -> Catalog:
    po = Catalog()
    po.header = header.header_comment(domain, locale)
    po.metadata = header.new_catalog_metadata(domain, locale, created)
    po.extend(template)
    return po


def updated_catalog(
    old: polib.POFile, template: polib.POFile, domain: str, locale: Locale, created: datetime
) -> tuple[Catalog, MergeSummary]:
    entries, summary = merge_entries(list(old), list(template))
    po = Catalog()
    po.header = old.header
    po.metadata = header.merged_metadata(old.metadata, domain, locale, created)
    po.metadata_is_fuzzy = old.metadata_is_fuzzy
    # the translator's header as read: only the fields the merge changes are rewritten
    po.header_source = header_source(old)
    po.extend(entries)
    return po, summary


def _changes_entries(summary: MergeSummary) -> bool:
    """True when the merge made an entry fuzzy, new, obsolete or dropped one: the catalog then
    differs, which spares formatting both catalogs to compare them (:func:`_same_content`,
    a third of a long re-import's time)."""
    return bool(summary.fuzzy or summary.new or summary.obsolete or summary.dropped)


def _same_content(old: polib.POFile, new: polib.POFile) -> bool:
    """True when ``new`` differs from ``old`` in nothing but the template date."""
    probe = Catalog()
    probe.header = new.header
    probe.metadata = dict(new.metadata)
    probe.metadata_is_fuzzy = new.metadata_is_fuzzy
    if "POT-Creation-Date" in old.metadata:
        probe.metadata["POT-Creation-Date"] = old.metadata["POT-Creation-Date"]
    probe.extend(new)
    return format_po(probe) == format_po(old)


def _check_writable(catalog: Path) -> None:
    """Refuse a read-only catalog (the atomic rename would silently replace it)."""
    with contextlib.suppress(FileNotFoundError):
        mode = catalog.stat().st_mode
        if not mode & stat.S_IWUSR or not os.access(catalog, os.W_OK):
            raise WorkbenchError(
                "catalog is read-only; nothing written",
                catalog,
                hint="make it writable (chmod u+w) and import again",
            )


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise WorkbenchError(
            "cannot create the catalog folder: a file is in the way", folder
        ) from None
    except PermissionError:
        raise WorkbenchError(
            "cannot create the catalog folder (permission denied)",
            folder,
            hint="check the permissions of the locales folder",
        ) from None


def import_sources(
    sources: Sequence[Path],
    *,
    language: str,
    locales: Path,
    root: Path,
    domain: str | None = None,
    created: datetime | None = None,
    lock_timeout: float | None = None,
) -> list[ImportResult]:
    """Create or update the catalogs of ``sources``; all inputs are checked before any write."""
    if not sources:
        raise WorkbenchError("no source files given")
    if domain is not None and (not domain.strip() or "/" in domain or domain.startswith(".")):
        raise WorkbenchError(f"invalid domain '{domain}'", hint="use a plain file-name stem")
    locale = header.resolve_language(language)
    created = created or header.now_utc()
    groups: dict[str, list[SourceText]] = {}
    for path in sources:
        source = load_source(Path(path), root)
        groups.setdefault(domain or default_domain(source.path), []).append(source)
    plans = sorted(
        (catalog_path(locales, header.language_tag(locale), name), name, group)
        for name, group in groups.items()
    )
    timeout = LOCK_TIMEOUT if lock_timeout is None else lock_timeout
    results: list[ImportResult] = []
    pending_writes: list[tuple[Catalog, Path]] = []
    with contextlib.ExitStack() as locks:
        for catalog, name, group in plans:
            _make_folder(catalog.parent)
            locks.enter_context(file_lock(catalog, timeout=timeout))
            template = build_template(group, name, created)
            if catalog.exists():
                _check_writable(catalog)
                old = read_po(catalog)
                po, summary = updated_catalog(old, template, name, locale, created)
                write = _changes_entries(summary) or not _same_content(old, po)
                results.append(ImportResult(catalog, False, write, len(template), summary))
            else:
                po = new_catalog(template, name, locale, created)
                summary = MergeSummary(new=len(template), new_msgids=[e.msgid for e in template])
                write = True
                results.append(ImportResult(catalog, True, True, len(template), summary))
            if write:
                pending_writes.append((po, catalog))
        for po, catalog in pending_writes:
            write_po(po, catalog)
    return results
