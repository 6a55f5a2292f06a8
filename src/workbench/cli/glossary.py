"""Glossary commands: ``glossary match|check|add|import|export``.

Each handler calls the core and returns what it found; :mod:`workbench.cli.render` prints it.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from workbench.config import Config
    from workbench.diagnostic import Diagnostic
    from workbench.glossary.edit import ImportResult
    from workbench.glossary.model import Term, TermMatch


@dataclass(frozen=True)
class GlossaryMatches:
    matches: list[TermMatch]
    as_json: bool
    exit_code: ClassVar[int] = 0


@dataclass(frozen=True)
class GlossaryChecked:
    path: Path
    problems: list[Diagnostic]

    @property
    def exit_code(self) -> int:
        return 1 if self.problems else 0


@dataclass(frozen=True)
class TermAdded:
    path: Path
    term: Term
    exit_code: ClassVar[int] = 0


@dataclass(frozen=True)
class GlossaryImported:
    path: Path  # the project's glossary
    source: Path  # the file imported
    result: ImportResult

    @property
    def exit_code(self) -> int:
        """1 when terms were left out for conflicting with the glossary's."""
        return 1 if self.result.conflicts else 0


@dataclass(frozen=True)
class GlossaryExported:
    file: Path
    count: int
    exit_code: ClassVar[int] = 0


def cmd_glossary_match(args: argparse.Namespace, config: Config) -> GlossaryMatches:
    from workbench.catalog.importer import read_source
    from workbench.glossary import Glossary
    from workbench.glossary.edit import configured_path

    text = read_source(args.file) if args.file is not None else args.text
    glossary = Glossary.load(
        configured_path(config.glossary), target_language=config.primary_target_language
    )
    return GlossaryMatches(glossary.match(text), args.json)


def cmd_glossary_check(args: argparse.Namespace, config: Config) -> GlossaryChecked:
    from workbench.glossary import lint_glossary
    from workbench.glossary.edit import configured_path

    path = configured_path(config.glossary)
    problems = lint_glossary(path, target_language=config.primary_target_language)
    return GlossaryChecked(path, problems)


def cmd_glossary_add(args: argparse.Namespace, config: Config) -> TermAdded:
    from workbench.glossary.edit import add_term, configured_path

    path = configured_path(config.glossary)
    term = add_term(
        path, args.term, args.translation, args.note,
        target_language=config.primary_target_language,
    )
    return TermAdded(path, term)


def cmd_glossary_import(args: argparse.Namespace, config: Config) -> GlossaryImported:
    from workbench.glossary.edit import configured_path, import_glossary

    path = configured_path(config.glossary)
    result = import_glossary(path, args.file, target_language=config.primary_target_language)
    return GlossaryImported(path, args.file, result)


def cmd_glossary_export(args: argparse.Namespace, config: Config) -> GlossaryExported:
    from workbench.glossary.edit import configured_path, export_glossary

    glossary = configured_path(config.glossary)
    count = export_glossary(glossary, args.file, config.primary_target_language)
    return GlossaryExported(args.file, count)
