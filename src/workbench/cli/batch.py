"""Batch command: ``pretranslate``.

The handler calls the core and returns what the run did; :mod:`workbench.cli.render` prints
it. The MT stack is imported inside the handler (and only when a model is needed).
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from workbench.config import Config
    from workbench.pretranslate.runner import RunSummary


@dataclass(frozen=True)
class Pretranslated:
    summary: RunSummary
    used_glossary: bool  # terms were enforced (or tried): the summary line says how it went
    as_json: bool

    @property
    def exit_code(self) -> int:
        """2 when a language was left out (its model could not be loaded)."""
        return 2 if self.summary.problems else 0


@dataclass(frozen=True)
class PretranslateInterrupted:
    """Ctrl-C during the run: what was filled so far is saved."""

    exit_code: ClassVar[int] = 130


def cmd_pretranslate(
    args: argparse.Namespace, config: Config
) -> Pretranslated | PretranslateInterrupted:
    from workbench.catalog.discovery import select_catalogs
    from workbench.glossary.termbase import Glossary, project_glossary_path
    from workbench.mt.engine import DecodeOptions
    from workbench.pretranslate import PretranslateOptions, run_pretranslate
    from workbench.pretranslate.batching import DEFAULT_BATCH_TOKENS
    from workbench.pretranslate.loading import engine_loader
    from workbench.priority import yield_cpu_to_interactive_work

    catalogs = select_catalogs(args.catalogs, config.locales)  # --all: the default
    glossary = project_glossary_path(
        config, explicit=args.glossary is not None, use=not args.no_glossary
    )
    options = PretranslateOptions(
        decode=DecodeOptions.chosen(beam=args.beam, max_length=args.max_length),
        batch_tokens=args.batch_tokens or DEFAULT_BATCH_TOKENS,
        overwrite_fuzzy=args.overwrite_fuzzy,
        dry_run=args.dry_run,
        glossary=(
            Glossary.load(glossary, target_language=config.primary_target_language)
            if glossary is not None
            else None
        ),
        glossary_language=config.primary_target_language,
        model=args.model,
        min_score=args.min_score,
    )
    engine = None
    if not args.dry_run:
        yield_cpu_to_interactive_work()
        engine = engine_loader(
            config, model=args.model, engine=args.engine, allow_pickle=args.allow_pickle
        )
    try:
        summary = run_pretranslate(config, catalogs, engine, options, progress=not args.json)
    except KeyboardInterrupt:
        return PretranslateInterrupted()
    return Pretranslated(summary, options.glossary is not None, args.json)
