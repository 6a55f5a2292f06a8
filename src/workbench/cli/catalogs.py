"""Catalog commands: ``import``, ``compile``, ``stats``; and the join of compile with QA that
``compile --strict`` asks for (the catalog layer does not import QA: the CLI hands compile
QA's checks as :attr:`~workbench.catalog.compiler.CompileOptions.extra_checks`).

Each handler calls the core and returns what it found; :mod:`workbench.cli.render` prints it.
The core is imported inside the handlers, so ``workbench --help`` does not load it.
"""

from __future__ import annotations

import argparse
import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from workbench.errors import WorkbenchError

if TYPE_CHECKING:
    from workbench.catalog.compiler import CompileOptions, CompileReport
    from workbench.catalog.importer import ImportResult
    from workbench.catalog.stats import StatsReport
    from workbench.cli.interchange import Analysis
    from workbench.config import Config
    from workbench.diagnostic import Diagnostic
    from workbench.glossary import Glossary


@dataclass(frozen=True)
class Imported:
    results: list[ImportResult]
    exit_code: ClassVar[int] = 0


@dataclass(frozen=True)
class Compiled:
    report: CompileReport

    @property
    def failed(self) -> int:
        """How many catalogs were refused for their errors."""
        return sum(1 for result in self.report.results if result.errors)

    @property
    def exit_code(self) -> int:
        """2 when a ``.mo`` could not be written (bad environment), 1 when checks failed."""
        return 2 if self.report.unwritable else 1 if self.failed else 0


@dataclass(frozen=True)
class Stats:
    report: StatsReport
    as_json: bool

    @property
    def exit_code(self) -> int:
        return 0 if self.report.ok else 2


def cmd_import(args: argparse.Namespace, config: Config) -> Imported:
    from workbench.catalog.discovery import shown_relative
    from workbench.catalog.importer import import_sources

    try:
        results = import_sources(
            args.sources,
            language=args.lang,
            locales=config.locales,
            root=config.root,
            domain=args.domain,
        )
    except WorkbenchError as exc:
        raise shown_relative(exc) from None
    return Imported(results)


def cmd_compile(args: argparse.Namespace, config: Config) -> Compiled:
    from workbench.catalog.compiler import CompileOptions, compile_catalogs
    from workbench.catalog.discovery import select_catalogs

    catalogs = select_catalogs(args.catalogs, config.locales)
    if not args.strict:
        options = CompileOptions(use_fuzzy=args.use_fuzzy, reviewed_only=args.reviewed_only)
        return Compiled(compile_catalogs(catalogs, options))
    from workbench.glossary.termbase import project_glossary_path  # for --strict only

    glossary = project_glossary_path(config, explicit=args.glossary is not None)
    options = strict_options(
        glossary, config.primary_target_language, use_fuzzy=args.use_fuzzy,
        reviewed_only=args.reviewed_only,
    )  # fmt: skip
    return Compiled(compile_catalogs(catalogs, options))


def cmd_stats(args: argparse.Namespace, config: Config) -> Stats | Analysis:
    if args.analysis:  # the agency's analysis needs the translation memory
        from workbench.cli.interchange import cmd_analysis

        return cmd_analysis(args, config)
    from workbench.catalog.discovery import select_catalogs
    from workbench.catalog.stats import stats_report

    return Stats(stats_report(select_catalogs(args.catalogs, config.locales)), args.json)


# --- compile --strict: compile joined with QA ------------------------------------------------


def strict_options(
    glossary: Path | None,
    language: str | None,
    *,
    use_fuzzy: bool = False,
    force: bool = False,
    reviewed_only: bool = False,
) -> CompileOptions:
    """``compile --strict``'s options: QA's errors refuse a catalog too, titles checked
    against ``glossary`` (translating into ``language``; catalogs in others skip it)."""
    from workbench.catalog.compiler import CompileOptions

    return CompileOptions(
        use_fuzzy=use_fuzzy,
        force=force,
        reviewed_only=reviewed_only,
        extra_checks=qa_errors(glossary, language),
        extra_inputs={"glossary": glossary} if glossary is not None else {},
    )


def qa_errors(glossary: Path | None, language: str | None) -> Callable[[Path], list[Diagnostic]]:
    """A catalog's QA errors (warnings do not refuse a catalog), each keeping its check's
    name as its ``code``; a catalog QA cannot read is one error saying so."""

    def check(catalog: Path) -> list[Diagnostic]:
        from workbench.diagnostic import Diagnostic
        from workbench.qa import check_catalog  # heavier than compile: only for --strict

        try:
            loaded = _glossary(glossary, language) if glossary is not None else None
            findings = check_catalog(catalog, loaded, glossary_language=language)
        except WorkbenchError as exc:  # e.g. polib refuses what msgfmt accepts
            message = f"QA could not check the catalog: {exc.message}"
            return [Diagnostic(message, path=catalog, line=exc.line or 1)]
        return [
            finding.at(catalog, finding.line or 1) for finding in findings if finding.is_error
        ]

    return check


def _glossary(path: Path, language: str | None) -> Glossary:
    """The glossary ``--strict`` checks titles against, loaded once per run rather than once
    per catalog (about 0.2 s for 20,000 terms); loaded again when the file changes."""
    stat = path.stat() if path.is_file() else None
    signature = (stat.st_mtime_ns, stat.st_size) if stat else None
    return _load_glossary(path, signature, language)


@functools.lru_cache(maxsize=1)
def _load_glossary(path: Path, signature: object, language: str | None) -> Glossary:
    from workbench.qa.runner import load_glossary

    loaded: Glossary = load_glossary(path, language)
    return loaded
