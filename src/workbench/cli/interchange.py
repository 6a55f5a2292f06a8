"""Agency interchange commands: ``xliff export``, ``xliff import`` and ``stats --analysis``.

Each handler calls :mod:`workbench.interchange` and returns what it found;
:mod:`workbench.cli.render` prints it. The core is imported inside the handlers.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from workbench.errors import WorkbenchError

if TYPE_CHECKING:
    from workbench.config import Config
    from workbench.interchange.analysis import AnalysisReport
    from workbench.interchange.xliff import ExportResult, ImportResult


@dataclass(frozen=True)
class XliffExported:
    result: ExportResult
    exit_code: ClassVar[int] = 0


@dataclass(frozen=True)
class XliffImported:
    results: list[ImportResult]

    @property
    def exit_code(self) -> int:
        """1 when some units were not applied (each is reported)."""
        return 1 if any(result.problems for result in self.results) else 0


@dataclass(frozen=True)
class Analysis:
    report: AnalysisReport
    as_json: bool
    #: Catalogs the memory's sync could not read (the analysis still ran).
    memory_skipped: list[WorkbenchError]

    @property
    def exit_code(self) -> int:
        return 0 if not self.report.errors else 2


def cmd_xliff_export(args: argparse.Namespace, config: Config) -> XliffExported:
    from workbench.catalog.discovery import shown_relative
    from workbench.interchange.xliff import export_xliff

    try:
        result = export_xliff(
            args.catalog, args.output, root=config.root, version=args.xliff_version
        )
    except WorkbenchError as exc:
        raise shown_relative(exc) from None
    return XliffExported(result)


def cmd_xliff_import(args: argparse.Namespace, config: Config) -> XliffImported:
    from workbench.catalog.discovery import shown_relative
    from workbench.interchange.xliff import import_xliff

    try:
        return XliffImported(import_xliff(args.file, into=args.into, root=config.root))
    except WorkbenchError as exc:
        raise shown_relative(exc) from None


def cmd_analysis(args: argparse.Namespace, config: Config) -> Analysis:
    from workbench.catalog.discovery import select_catalogs
    from workbench.interchange.analysis import analyse
    from workbench.tm.project import open_project_memory

    catalogs = select_catalogs(args.catalogs, config.locales)
    memory, synced = open_project_memory(config)
    with memory:
        return Analysis(analyse(catalogs, memory), args.json, synced.errors)
