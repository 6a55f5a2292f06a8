"""Compile catalogs to ``.mo`` files beside them: check, skip what is up to date, write atomically.

* Messages: those GNU ``msgfmt`` keeps (translated, not obsolete, not fuzzy unless
  ``use_fuzzy``; the header always), with ``POT-Creation-Date`` dropped from the header as
  ``msgfmt`` does for reproducible builds. The ``.mo`` is byte-identical to ``msgfmt``'s.
* Errors (:mod:`workbench.catalog.checkers`; with ``extra_checks``, also the errors those
  return, e.g. ``compile --strict``'s QA errors, joined in by the CLI so that this layer never
  imports QA) stop that catalog only: every catalog is still checked, so one run reports
  everything. A catalog with errors gets no ``.mo``; an existing ``.mo`` from an earlier
  successful compile is left in place (a running program keeps working) but its stamp is
  removed, so it is never reported or skipped as "up to date" until the catalog compiles.
* ``reviewed_only`` (``compile --reviewed-only``): only the entries marked reviewed
  (:mod:`workbench.catalog.review`) go into the ``.mo``, the header always; the catalog is
  then read a second time, by the editing reader, which reads translator comments.
* Up to date: after a successful compile a stamp ``.<domain>.mo.stamp`` beside the ``.mo``
  records the size and modification time of the ``.po`` and of the ``.mo`` and the options
  (``use_fuzzy``, whether extra checks ran and the size and time of the files they read, e.g.
  ``--strict``'s glossary). When all still match, the catalog is not read at all. Any change
  to either file (an edit, a ``pybabel compile`` or ``msgfmt`` run) or other options triggers
  a compile.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.errors import WorkbenchError

if TYPE_CHECKING:
    from workbench.catalog.mofile import MoMessage
    from workbench.catalog.po.scanner import RawCatalog
    from workbench.diagnostic import Diagnostic

#: Checks beyond ``msgfmt -c``'s, run on each catalog compile reads (``compile --strict``
#: passes QA's errors this way): the catalog's path in, its problems out, each located at a line.
ExtraChecks = Callable[[Path], Iterable["Diagnostic"]]

# The reader, checkers, writer (numpy) and atomic writes (filelock) are imported inside the
# functions that need them, so that an up-to-date run costs little more than interpreter
# start-up and a few stat() calls.

STAMP_FORMAT = 1
COMPILED = "compiled"
UP_TO_DATE = "up to date"
FAILED = "failed"
_POT_CREATION_DATE = re.compile(rb"^POT-Creation-Date:[^\n]*(?:\n|\Z)", re.M)


@dataclass(frozen=True)
class CompileOptions:
    use_fuzzy: bool = False
    force: bool = False  # compile even when up to date
    #: Further checks whose errors refuse a catalog too (``compile --strict``: QA's).
    extra_checks: ExtraChecks | None = None
    #: The files ``extra_checks`` read besides the catalog, by name (``--strict``'s glossary):
    #: their size and time go into the stamp, so a change to one compiles again.
    extra_inputs: Mapping[str, Path] = field(default_factory=dict)
    #: Leave out of the ``.mo`` every entry not marked reviewed (the header stays).
    reviewed_only: bool = False

    @property
    def strict(self) -> bool:
        """Whether extra checks run (``compile --strict``), as the stamp has always named it."""
        return self.extra_checks is not None


@dataclass
class CatalogResult:
    catalog: Path
    mo: Path
    status: str  # COMPILED | UP_TO_DATE | FAILED
    problems: list[Diagnostic] = field(default_factory=list)  # msgfmt -c's, as GNU words them
    #: What ``CompileOptions.extra_checks`` found, as they returned it (each keeps its check's
    #: name in ``code``, for the caller to show); None when they did not run (none given, or
    #: a catalog with syntax errors, which they could not read).
    extra_problems: list[Diagnostic] | None = None
    messages: int = 0  # messages in the .mo (header included)
    #: ``reviewed_only``: translated messages left out because they are not reviewed.
    not_reviewed: int = 0
    kept_previous_mo: bool = False  # FAILED, and an older .mo is still on disk

    @property
    def errors(self) -> list[Diagnostic]:
        return [problem for problem in self._all if problem.is_error]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [problem for problem in self._all if not problem.is_error]

    @property
    def _all(self) -> list[Diagnostic]:
        return [*self.problems, *(self.extra_problems or [])]


@dataclass
class CompileReport:
    results: list[CatalogResult]
    #: Catalogs that could not be compiled for reasons outside them (a ``.mo`` that cannot be
    #: written, a catalog that cannot be read): reported, and the others still compiled.
    unwritable: list[WorkbenchError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.unwritable and all(result.status != FAILED for result in self.results)

    @property
    def errors(self) -> list[Diagnostic]:
        return [problem for result in self.results for problem in result.errors]


def mo_path_for(catalog: Path) -> Path:
    return catalog.with_suffix(".mo")


def stamp_path_for(mo: Path) -> Path:
    return mo.with_name(f".{mo.name}.stamp")


def _file_signature(path: Path) -> list[int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return [stat.st_size, stat.st_mtime_ns]


def _options_signature(options: CompileOptions) -> dict[str, object]:
    signature: dict[str, object] = {"use_fuzzy": options.use_fuzzy, "strict": options.strict}
    if options.reviewed_only:  # only then: stamps written before the option stay valid
        signature["reviewed_only"] = True
    if options.strict:
        for name, path in options.extra_inputs.items():
            signature[name] = [str(path), _file_signature(path)]
    return signature


def _expected_stamp(catalog: Path, mo: Path, options: CompileOptions) -> dict[str, object]:
    return {
        "format": STAMP_FORMAT,
        "po": _file_signature(catalog),
        "mo": _file_signature(mo),
        "options": _options_signature(options),
    }


def is_up_to_date(catalog: Path, options: CompileOptions = CompileOptions()) -> bool:
    """Whether the ``.mo`` of ``catalog`` was produced from it, as it is now, with ``options``."""
    mo = mo_path_for(catalog)
    try:
        recorded = json.loads(stamp_path_for(mo).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    expected = _expected_stamp(catalog, mo, options)
    return expected["mo"] is not None and recorded == expected


def compiled_messages(
    raw_catalog: RawCatalog, use_fuzzy: bool, only: frozenset[bytes] | None = None
) -> list[MoMessage]:
    """The ``MoMessage`` list ``msgfmt`` would write for a :class:`RawCatalog`; with ``only``,
    just the header and the entries whose ``.mo`` key is in it."""
    from workbench.catalog.checkers import is_compiled
    from workbench.catalog.mofile import MoMessage

    messages = []
    for entry in raw_catalog.entries:
        if not is_compiled(entry, use_fuzzy):
            continue
        if only is not None and not entry.is_header and entry.key not in only:
            continue
        translation = b"\0".join(entry.msgstrs)
        if entry.is_header:
            translation = _POT_CREATION_DATE.sub(b"", translation)
        messages.append(MoMessage(entry.key, entry.msgid_plural, translation))
    return messages


def reviewed_keys(catalog: Path) -> frozenset[bytes]:
    """The ``.mo`` keys (``msgctxt\\x04msgid`` in the file's charset) of the entries of
    ``catalog`` marked reviewed."""
    from workbench.catalog.pofile import catalog_codec, read_po
    from workbench.catalog.review import is_reviewed

    po = read_po(catalog)
    codec = catalog_codec(po)
    keys = set()
    for entry in po:
        if entry.obsolete or not is_reviewed(entry):
            continue
        text = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
        keys.add(text.encode(codec, "surrogateescape"))
    return frozenset(keys)


def compile_catalog(catalog: Path, options: CompileOptions = CompileOptions()) -> CatalogResult:
    """Check ``catalog`` and write its ``.mo`` unless it has errors or is up to date."""
    catalog = Path(catalog)
    mo = mo_path_for(catalog)
    if not options.force and is_up_to_date(catalog, options):
        return CatalogResult(catalog, mo, UP_TO_DATE)
    from workbench.catalog.checkers import check_catalog_entries
    from workbench.catalog.mofile import build_mo
    from workbench.catalog.po.scanner import read_raw_catalog
    from workbench.fileio import atomic_write_bytes, atomic_write_text

    po_signature = _file_signature(catalog)
    try:
        raw = read_raw_catalog(catalog)
    except FileNotFoundError:
        raise WorkbenchError("no such catalog", catalog) from None
    except OSError as exc:
        raise WorkbenchError(f"cannot read catalog: {exc.strerror}", catalog) from None
    problems = check_catalog_entries(raw, use_fuzzy=options.use_fuzzy)
    extra: list[Diagnostic] | None = None
    if options.extra_checks is not None and not raw.syntax_errors:  # (QA needs a readable file)
        extra = list(options.extra_checks(catalog))
    found: list[Diagnostic] = [*problems, *(extra or [])]
    if any(problem.is_error for problem in found):
        stamp_path_for(mo).unlink(missing_ok=True)
        return CatalogResult(catalog, mo, FAILED, problems, extra, kept_previous_mo=mo.exists())
    only = reviewed_keys(catalog) if options.reviewed_only else None
    messages = compiled_messages(raw, options.use_fuzzy, only)
    not_reviewed = 0
    if only is not None:
        not_reviewed = len(compiled_messages(raw, options.use_fuzzy)) - len(messages)
    atomic_write_bytes(mo, build_mo(messages))
    if _file_signature(catalog) == po_signature:  # not edited while we compiled
        stamp = _expected_stamp(catalog, mo, options)
        atomic_write_text(stamp_path_for(mo), json.dumps(stamp) + "\n")
    return CatalogResult(
        catalog, mo, COMPILED, problems, extra, messages=len(messages), not_reviewed=not_reviewed
    )


def compile_catalogs(
    catalogs: Iterable[Path], options: CompileOptions = CompileOptions()
) -> CompileReport:
    """Compile every catalog; errors in one, even a ``.mo`` that cannot be written, do not
    stop the others."""
    report = CompileReport([])
    for catalog in catalogs:
        try:
            report.results.append(compile_catalog(catalog, options))
        except WorkbenchError as exc:
            report.unwritable.append(exc)
    return report

