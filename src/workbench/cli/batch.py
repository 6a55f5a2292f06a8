"""Batch command: ``pretranslate``.

The handler calls the core and returns what the run did; :mod:`workbench.cli.render` prints
it. The MT stack is imported inside the handler (and only when a model is needed).
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from pathlib import Path

    from workbench.config import Config
    from workbench.pretranslate.runner import PretranslateOptions, RunSummary


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
    if args.ray is not None and not args.dry_run:
        return _on_ray(args, config, catalogs, options)
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


def _on_ray(
    args: argparse.Namespace,
    config: Config,
    catalogs: list[Path],
    options: PretranslateOptions,
) -> Pretranslated | PretranslateInterrupted:
    """``--ray``: the same run with its batches translated by a Ray cluster's workers; this
    process alone reads and writes the catalogs (a dry run needs no cluster)."""
    from workbench.pretranslate import run_pretranslate
    from workbench.pretranslate.progress import make_progress
    from workbench.pretranslate.ray_runner import RayBatches, RaySettings

    settings = RaySettings(
        address=args.ray,
        workers=args.ray_workers,
        cpus_per_worker=args.ray_cpus_per_worker or 1,
    )
    reporter = make_progress(not args.json)
    cluster = RayBatches(
        config,
        settings,
        model=args.model,
        engine=args.engine,
        allow_pickle=args.allow_pickle,
        reporter=reporter,
    )
    try:  # Ray prints its own notices (a worker died...) on stdout: kept off the --json output
        with contextlib.redirect_stdout(sys.stderr), cluster:
            summary = run_pretranslate(
                config, catalogs, cluster.engine_for, options, reporter, batch_step=cluster
            )
            summary.workers = cluster.worker_stats()
            summary.batches_retried = cluster.retried
    except KeyboardInterrupt:
        return PretranslateInterrupted()
    return Pretranslated(summary, options.glossary is not None, args.json)
