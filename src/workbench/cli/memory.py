"""Translation memory and QA commands: ``tm search|concordance|build|import|export``, ``qa``.

Each handler calls the core and returns what it found; :mod:`workbench.cli.render` prints it.
Catalogs the memory's sync had to skip are reported at once (:func:`render.memory_skipped`),
before the command goes on, so a later failure never hides them.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from workbench.config import Config
    from workbench.diagnostic import Diagnostic
    from workbench.qa import Severity
    from workbench.tm.concordance import Concordance
    from workbench.tm.store import TMMatch, TranslationMemory


@dataclass(frozen=True)
class MemoryMatches:
    matches: list[TMMatch]
    min_score: int
    as_json: bool
    exit_code: ClassVar[int] = 0


@dataclass(frozen=True)
class MemoryConcordance:
    found: Concordance
    as_json: bool
    exit_code: ClassVar[int] = 0


@dataclass(frozen=True)
class MemoryImported:
    file: Path
    units: int  # read from the file
    added: int  # new to the memory
    total: int  # in the memory now
    exit_code: ClassVar[int] = 0


@dataclass(frozen=True)
class MemoryExported:
    file: Path
    count: int
    exit_code: ClassVar[int] = 0


@dataclass(frozen=True)
class MemoryBuilt:
    path: Path
    total: int  # segments in the memory
    catalogs: int  # catalogs read
    exit_code: ClassVar[int] = 0


@dataclass(frozen=True)
class QaChecked:
    findings: list[Diagnostic]
    catalogs: int
    fail_on: Severity  # the least severity that fails the run
    as_json: bool
    #: Findings dismissed for their entry (``# wb-dismissed``): they never fail the run.
    dismissed: list[Diagnostic] = field(default_factory=list)
    show_dismissed: bool = False
    #: Why some languages' spelling was not checked (no dictionary), one line each.
    notices: tuple[str, ...] = ()

    @property
    def exit_code(self) -> int:
        return 1 if any(finding.reaches(self.fail_on) for finding in self.findings) else 0


def _open_memory(
    config: Config, *, sync: bool = True, rebuild: bool = False
) -> TranslationMemory:
    """The project's translation memory, synced with locales/ by the core's one rule
    (:func:`workbench.tm.project.open_project_memory`); skipped catalogs become warnings."""
    from workbench.cli import render
    from workbench.tm.project import open_project_memory

    memory, report = open_project_memory(config, sync=sync, rebuild=rebuild)
    render.memory_skipped(report.errors)
    return memory


def cmd_tm_search(args: argparse.Namespace, config: Config) -> MemoryMatches:
    language = args.lang or config.primary_target_language
    with _open_memory(config) as memory:
        matches = memory.search(
            args.text, min_score=args.min, limit=args.limit, target_language=language
        )
    return MemoryMatches(matches, args.min, args.json)


def cmd_tm_concordance(args: argparse.Namespace, config: Config) -> MemoryConcordance:
    """Every unit holding the words (Arabic: in sources, any other: in targets), newest first."""
    from workbench.tm.concordance import search_memory

    with _open_memory(config) as memory:
        found = search_memory(memory, args.text, limit=args.limit, target_language=args.lang)
    return MemoryConcordance(found, args.json)


def cmd_tm_import(args: argparse.Namespace, config: Config) -> MemoryImported:
    from workbench.tm.tmx import read_tmx

    units = read_tmx(args.file)
    with _open_memory(config, sync=False) as memory:
        added = memory.add_many(units)
        total = len(memory)
    return MemoryImported(args.file, len(units), added, total)


def cmd_tm_export(args: argparse.Namespace, config: Config) -> MemoryExported:
    from workbench.tm.tmx import export_tmx

    with _open_memory(config) as memory:
        count = export_tmx(memory.units(), args.file)
    return MemoryExported(args.file, count)


def cmd_tm_build(args: argparse.Namespace, config: Config) -> MemoryBuilt:
    with _open_memory(config, rebuild=True) as memory:
        catalogs, total = memory.last_sync.reread, len(memory)
    return MemoryBuilt(config.tm, total, catalogs)


def cmd_qa(args: argparse.Namespace, config: Config) -> QaChecked:
    from workbench.catalog.discovery import select_catalogs
    from workbench.glossary.termbase import project_glossary_path
    from workbench.qa import qa_report
    from workbench.qa.spelling import Spellers

    catalogs = select_catalogs(args.catalogs, config.locales)
    glossary = project_glossary_path(config, explicit=args.glossary is not None)
    # the glossary translates into the first target language (as 'glossary export' assumes)
    language = config.primary_target_language
    spellers = Spellers()
    report = qa_report(catalogs, glossary, glossary_language=language, spellers=spellers)
    return QaChecked(
        report.findings, len(catalogs), args.fail_on, args.json,
        dismissed=report.dismissed, show_dismissed=args.show_dismissed,
        notices=tuple(spellers.missing.values()),
    )  # fmt: skip
