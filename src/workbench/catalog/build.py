"""``workbench build``: the target document of a source, from its catalog's translations.

For each unit of the source (:mod:`.formats`), the catalog entry with that msgid gives the
translation: an approved one always, a fuzzy one only with ``use_fuzzy``; anything else keeps
the source text, as ``po4a-translate`` does. ``percent`` is the share of the document's distinct
entries whose translation is used. Below ``min_translated`` nothing is written
(:class:`BelowThreshold`, exit 1). A translation that loses, adds, repeats or mis-nests a
placeholder stops the build with the entry's ``file:line`` (:class:`MarkupMismatch`, exit 1).

Every document of a run is built in memory first and written only when all succeeded, each
atomically (:func:`workbench.fileio.atomic_write_bytes`): a failed run writes nothing. The bytes
depend only on the source and the catalog, so two builds give the same file.
"""

from __future__ import annotations

import codecs
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polib

from workbench.catalog.header import language_tag, resolve_language
from workbench.catalog.importer import catalog_path, default_domain, read_source
from workbench.catalog.po.model import is_fuzzy
from workbench.catalog.pofile import read_po
from workbench.diagnostic import Diagnostic
from workbench.documents.cache import CACHE_FOLDER
from workbench.documents.formats import read_document
from workbench.documents.markup import markup_problems
from workbench.documents.target import target_language
from workbench.errors import WorkbenchError
from workbench.fileio import atomic_write_bytes

BUILD_FOLDER = "build"
SOURCE_LANGUAGE_SUFFIX = "ar"
#: What a corpus folder's sources end with (its glossary and notes are left out).
SOURCE_SUFFIXES = frozenset({".txt", ".html", ".htm", ".xhtml", ".md", ".markdown"})


class BelowThreshold(WorkbenchError):
    """Too little of the document is translated: nothing written, exit 1."""

    exit_code = 1


class MarkupMismatch(WorkbenchError):
    """A translation's placeholders do not match its source's: nothing written, exit 1.
    ``msgid``: the entry's source text (the TUI names the segment by it)."""

    exit_code = 1

    def __init__(self, message: str, *args: Any, msgid: str = "", **kw: Any) -> None:
        super().__init__(message, *args, **kw)
        self.msgid = msgid


@dataclass
class BuildResult:
    """One built document, not yet written: counts are over the document's distinct entries
    (``entries == translated + fuzzy_used + untranslated``)."""

    source: Path
    catalog: Path
    output: Path
    entries: int
    translated: int
    fuzzy_used: int
    untranslated: int
    percent: float
    data: bytes
    warnings: list[Diagnostic] = field(default_factory=list)

    def as_json(self, shown: Any = str) -> dict[str, Any]:
        """The ``--json`` record; ``shown`` formats paths (e.g. relative to the cwd)."""
        return {
            "source": shown(self.source),
            "output": shown(self.output),
            "entries": self.entries,
            "translated": self.translated,
            "fuzzy_used": self.fuzzy_used,
            "untranslated": self.untranslated,
            "percent": self.percent,
        }


def default_output(source: Path, lang: str, root: Path) -> Path:
    """``<root>/build/<lang>/<name>``, the ``.ar`` of the name made ``.<lang>``:
    ``article.ar.html`` -> ``build/en/article.en.html``."""
    first, *suffixes = source.name.split(".")
    renamed = [lang if part.lower() == SOURCE_LANGUAGE_SUFFIX else part for part in suffixes]
    return root / BUILD_FOLDER / lang / ".".join([first, *renamed])


def catalog_for(source: Path, lang: str, locales: Path, domain: str | None = None) -> Path:
    """The catalog ``workbench import`` made of ``source`` (same domain rule); a missing one is
    an error saying which ``import`` command makes it."""
    catalog = catalog_path(locales, lang, domain or default_domain(source))
    if not catalog.is_file():
        command = f"workbench import {source} --lang {lang}"
        if domain:
            command += f" --domain {domain}"
        raise WorkbenchError(
            f"no catalog for this source ({catalog} does not exist)",
            source,
            hint=f"make it with '{command}'",
        )
    return catalog


def build_document(
    source: Path,
    catalog: Path,
    lang: str,
    *,
    use_fuzzy: bool = False,
    min_translated: float = 0.0,
    output: Path | None = None,
    root: Path | None = None,
    cache_folder: Path | None = None,
) -> BuildResult:
    """The target document of ``source`` in memory (nothing is written; see
    :func:`write_results`). ``output`` defaults to :func:`default_output` under ``root``
    (default: the working folder). ``cache_folder``: where ``import`` kept the page's units
    and skeleton (:mod:`workbench.documents.cache`), used only while the page is unchanged."""
    tag = language_tag(resolve_language(lang))
    target = target_language(tag)
    text = read_source(source)
    document = read_document(source, text, cache_folder)
    po = read_po(catalog)
    by_msgid = {entry.msgid: entry for entry in po if not entry.obsolete and not entry.msgctxt}
    translations: list[str | None] = []
    counted: dict[str, str] = {}  # msgid -> translated / fuzzy / untranslated
    for unit in document.units:
        entry = by_msgid.get(unit.text)
        translation, state = _translation(entry, use_fuzzy)
        if translation is not None and document.markup and entry is not None:
            _check_markup(unit.text, translation, entry, catalog)
        translations.append(translation)
        counted.setdefault(unit.text, state)
    entries = len(counted)
    translated = sum(state == "translated" for state in counted.values())
    fuzzy_used = sum(state == "fuzzy" for state in counted.values())
    used = translated + fuzzy_used
    percent = 100.0 if not entries else 100.0 * used / entries
    if percent < min_translated:
        raise BelowThreshold(
            f"only {percent:.1f}% translated ({used} of {entries} entries), below the "
            f"required {min_translated:g}%; nothing written",
            catalog,
            hint="translate more, or lower --min-translated",
        )
    body = document.rebuild(translations, target)
    bom = codecs.BOM_UTF8 if _starts_with_bom(source) else b""
    return BuildResult(
        source=source,
        catalog=catalog,
        output=output or default_output(source, tag, root or Path.cwd()),
        entries=entries,
        translated=translated,
        fuzzy_used=fuzzy_used,
        untranslated=entries - used,
        percent=round(percent, 1),
        data=bom + body.encode("utf-8"),
        warnings=list(document.warnings),
    )


def _translation(entry: polib.POEntry | None, use_fuzzy: bool) -> tuple[str | None, str]:
    if entry is None or not entry.msgstr:
        return None, "untranslated"
    if is_fuzzy(entry):
        return (entry.msgstr, "fuzzy") if use_fuzzy else (None, "untranslated")
    return entry.msgstr, "translated"


def _check_markup(source: str, translation: str, entry: polib.POEntry, catalog: Path) -> None:
    problems = markup_problems(source, translation)
    if problems:
        raise MarkupMismatch(
            f"{problems[0]}; nothing written",
            catalog,
            line=getattr(entry, "linenum", None),
            hint="keep every placeholder of the msgid, nested as in it, or clear the translation",
            msgid=source,
        )


def _starts_with_bom(path: Path) -> bool:
    """Whether the source starts with a UTF-8 byte order mark (dropped when read, written
    back so an identical build is byte-identical)."""
    with path.open("rb") as handle:
        return handle.read(len(codecs.BOM_UTF8)) == codecs.BOM_UTF8


def build_documents(
    sources: Sequence[Path],
    *,
    lang: str,
    locales: Path,
    root: Path,
    domain: str | None = None,
    output: Path | None = None,
    output_dir: Path | None = None,
    use_fuzzy: bool = False,
    min_translated: float = 0.0,
) -> list[BuildResult]:
    """Build every source and write them all, or raise and write none. ``output`` (one source
    only) or ``output_dir`` (the source's name, renamed as :func:`default_output` does) replace
    the default ``<root>/build/<lang>/``."""
    if not sources:
        raise WorkbenchError("no source to build", hint="give SOURCE files or import some first")
    if output is not None and len(sources) > 1:
        raise WorkbenchError(
            "-o names one output file but several sources were given",
            hint="use --output-dir DIR for several sources",
        )
    tag = language_tag(resolve_language(lang))
    results = []
    for source in sources:
        catalog = catalog_for(source, tag, locales, domain)
        target = output
        if target is None and output_dir is not None:
            target = output_dir / default_output(source, tag, root).name
        results.append(
            build_document(
                source,
                catalog,
                tag,
                use_fuzzy=use_fuzzy,
                min_translated=min_translated,
                output=target,
                root=root,
                cache_folder=root / CACHE_FOLDER,
            )
        )
    _check_outputs(results)
    write_results(results)
    return results


def _check_outputs(results: Sequence[BuildResult]) -> None:
    seen: dict[Path, Path] = {}
    for result in results:
        where = result.output.resolve()
        if where == result.source.resolve():
            raise WorkbenchError(
                "the output would overwrite the source",
                result.source,
                hint="give another -o FILE or --output-dir DIR",
            )
        if where in seen:
            raise WorkbenchError(
                f"two sources would be built into the same file ({seen[where]} and "
                f"{result.source})",
                result.output,
                hint="use --output-dir or one -o per run",
            )
        seen[where] = result.source


def write_results(results: Sequence[BuildResult]) -> None:
    """Write each built document atomically (its folder created)."""
    for result in results:
        folder = result.output.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except (FileExistsError, NotADirectoryError):
            raise WorkbenchError(
                "cannot create the output folder: a file is in the way", folder
            ) from None
        except PermissionError:
            raise WorkbenchError(
                "cannot create the output folder (permission denied)", folder
            ) from None
        atomic_write_bytes(result.output, result.data)


def sources_with_catalogs(corpus: Path, lang: str, locales: Path) -> list[Path]:
    """Every source under ``corpus`` (text, HTML, Markdown; hidden files and catalogs left
    out) that has a catalog for ``lang``: what ``workbench build`` with no SOURCE builds."""
    tag = language_tag(resolve_language(lang))
    if not corpus.is_dir():
        return []
    found = []
    for path in sorted(corpus.rglob("*")):
        hidden = any(part.startswith(".") for part in path.relative_to(corpus).parts)
        if hidden or not path.is_file():
            continue
        if path.suffix.lower() not in SOURCE_SUFFIXES:
            continue
        if catalog_path(locales, tag, default_domain(path)).is_file():
            found.append(path)
    return found


def catalog_source(catalog: Path, root: Path, corpus: Path | None = None) -> Path:
    """The source document ``catalog`` was imported from: the file its entries' references
    name (relative to the project ``root``, as ``import`` writes them), else the source under
    ``corpus`` whose domain is the catalog's name. None found: a :class:`WorkbenchError`
    saying how to make or restore it."""
    named: list[str] = []
    for entry in read_po(catalog):
        for reference, _line in entry.occurrences:
            if reference not in named:
                named.append(reference)
    for reference in named:
        path = Path(reference) if Path(reference).is_absolute() else root / reference
        if path.is_file() and path.suffix.lower() in SOURCE_SUFFIXES:
            return path
    if corpus is not None and corpus.is_dir():
        for path in sorted(corpus.rglob("*")):
            if (
                path.is_file()
                and path.suffix.lower() in SOURCE_SUFFIXES
                and default_domain(path) == catalog.stem
            ):
                return path
    if named:
        raise WorkbenchError(
            f"the source document of this catalog is missing ({named[0]} does not exist)",
            catalog,
            hint="put the source back where it was imported from, then build again",
        )
    raise WorkbenchError(
        "this catalog names no source document to build (its entries have no references)",
        catalog,
        hint="import the source with 'workbench import SOURCE --lang L' to get a catalog to build",
    )


def build_catalog_document(
    catalog: Path, lang: str, *, root: Path, corpus: Path | None = None
) -> BuildResult:
    """``workbench build`` for one open catalog (the TUI's build): its source document
    (:func:`catalog_source`) built from it into the default output under ``root`` and written,
    or an error and nothing written."""
    source = catalog_source(catalog, root, corpus)
    result = build_document(source, catalog, lang, root=root)
    _check_outputs([result])
    write_results([result])
    return result
