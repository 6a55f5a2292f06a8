"""Machine-translation commands: ``translate``, ``mt eval`` and
``model pull|convert|ensure|adapt|list``.

Each handler calls the core and returns what it found; :mod:`workbench.cli.render` prints it.
The MT stack (transformers, CTranslate2, the hub client) is imported inside the handlers, so
``workbench --help`` and the other commands never load it.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from workbench.errors import WorkbenchError

if TYPE_CHECKING:
    from workbench.config import Config
    from workbench.mt.engine import Suggestion
    from workbench.mt.first_run import EnsuredModel
    from workbench.mt.hub import PulledModel
    from workbench.mt.models import InstalledModel
    from workbench.tuning.adaptation import AdaptResult
    from workbench.tuning.evaluation import EvaluationRow


@dataclass(frozen=True)
class Translations:
    sources: list[str]
    suggestions: list[list[Suggestion]]  # per source, best first
    n_best: int
    as_json: bool
    exit_code: ClassVar[int] = 0


@dataclass(frozen=True)
class ModelPulled:
    pulled: PulledModel
    as_json: bool
    exit_code: ClassVar[int] = 0


@dataclass(frozen=True)
class ModelConverted:
    path: Path
    quantization: str
    exit_code: ClassVar[int] = 0


@dataclass(frozen=True)
class ModelList:
    models: list[InstalledModel]
    folder: Path  # where models are installed
    as_json: bool
    exit_code: ClassVar[int] = 0


def cmd_translate(args: argparse.Namespace, config: Config) -> Translations:
    from workbench.catalog.importer import translatable_sentences
    from workbench.mt import DecodeOptions, load_engine

    sources = [text for text in args.text if text.strip()]
    if args.file is not None:
        sources += translatable_sentences(args.file)
    if not sources:  # known only once --file is read: not an argument check
        raise WorkbenchError("nothing to translate", hint="give TEXT arguments or --file FILE")
    options = DecodeOptions.chosen(beam=args.beam, n_best=args.n_best, max_length=args.max_length)
    engine = load_engine(
        config,
        model=args.model,
        engine=args.engine,
        target_language=args.lang,
        allow_pickle=args.allow_pickle,
        use_cache=not args.no_cache,
    )
    results = engine.translate_batch(sources, options)
    return Translations(sources, results, options.n_best, args.json)


def cmd_model_pull(args: argparse.Namespace, config: Config) -> ModelPulled:
    from workbench.mt.hub import pull_model

    # A bar per file only for a person at a terminal: never in pipes, logs or --json runs.
    show_progress = sys.stderr.isatty() and not args.json
    pulled = pull_model(
        config,
        args.model_id,
        target_language=args.lang,
        allow_pickle=args.allow_pickle,
        progress=show_progress,
    )
    return ModelPulled(pulled, args.json)


def cmd_model_convert(args: argparse.Namespace, config: Config) -> ModelConverted:
    from workbench.mt.convert import convert_model

    path = convert_model(
        config,
        args.model_id,
        target_language=args.lang,
        quantization=args.quantization,
        force=args.force,
        allow_pickle=args.allow_pickle,
    )
    return ModelConverted(path, args.quantization)


@dataclass(frozen=True)
class ModelEnsured:
    ensured: EnsuredModel
    as_json: bool
    exit_code: ClassVar[int] = 0  # offline is no failure: the TUI opens without suggestions


def cmd_model_ensure(args: argparse.Namespace, config: Config) -> ModelEnsured:
    from workbench.mt.first_run import ensure_model

    show_progress = sys.stderr.isatty() and not args.json
    return ModelEnsured(ensure_model(config, args.lang, progress=show_progress), args.json)


def cmd_model_list(args: argparse.Namespace, config: Config) -> ModelList:
    from workbench.mt.models import list_models

    return ModelList(list_models(config), config.models, args.json)


@dataclass(frozen=True)
class MtEvaluated:
    rows: list[EvaluationRow]  # one per model and engine
    language: str
    as_json: bool
    exit_code: ClassVar[int] = 0


def cmd_mt_eval(args: argparse.Namespace, config: Config) -> MtEvaluated:
    from workbench.glossary.termbase import Glossary, project_glossary_path
    from workbench.mt import load_engine
    from workbench.tuning.evaluation import check_enough, evaluate
    from workbench.tuning.pairs import approved_pairs

    language = args.lang or config.primary_target_language
    if language is None:
        raise WorkbenchError("no target language", hint="pass --lang L")
    pairs = approved_pairs(args.catalogs, config.locales, language)
    if args.limit is not None:
        pairs = pairs[: args.limit]
    check_enough(pairs)
    path = project_glossary_path(config, explicit=args.glossary is not None)
    glossary = Glossary.load(path, target_language=language) if path is not None else None
    rows = []
    for model in args.models or [None]:
        for engine_choice in args.engines or [None]:
            engine = load_engine(
                config, model=model, engine=engine_choice, target_language=language,
                use_cache=False,
            )  # fmt: skip
            rows.append(evaluate(engine, pairs, glossary))
    return MtEvaluated(rows, language, args.json)


@dataclass(frozen=True)
class ModelAdapted:
    result: AdaptResult
    language: str
    as_json: bool
    exit_code: ClassVar[int] = 0


def cmd_model_adapt(args: argparse.Namespace, config: Config) -> ModelAdapted:
    from workbench.glossary.termbase import Glossary, project_glossary_path
    from workbench.tuning.adaptation import AdaptSettings, adapt_model
    from workbench.tuning.pairs import approved_pairs

    language = args.lang or config.primary_target_language
    if language is None:
        raise WorkbenchError("no target language", hint="pass --lang L")
    if config.mt_threads:
        import torch

        torch.set_num_threads(config.mt_threads)
    pairs = approved_pairs([], config.locales, language) if config.locales.is_dir() else []
    path = project_glossary_path(
        config, explicit=args.glossary is not None, use=not args.no_glossary
    )
    glossary = Glossary.load(path, target_language=language) if path is not None else None
    settings = AdaptSettings(
        epochs=args.epochs, holdout_percent=args.holdout, min_pairs=args.min_pairs,
        learning_rate=args.learning_rate, patience=args.patience,
    )  # fmt: skip
    show_progress = sys.stderr.isatty() and not args.json
    with _training_bar(show_progress) as progress:
        result = adapt_model(
            config, pairs, glossary, base_model=args.base_model, target_language=language,
            settings=settings, progress=progress,
        )  # fmt: skip
    return ModelAdapted(result, language, args.json)


@contextmanager
def _training_bar(show: bool) -> Iterator[Callable[[int, int, float], None] | None]:
    """A bar with the loss and the time left on stderr, for a person at a terminal."""
    if not show:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("adapting"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
               TextColumn("loss {task.fields[loss]:.3f}"), TimeRemainingColumn())  # fmt: skip
    with Progress(*columns, console=Console(stderr=True)) as bar:
        task = bar.add_task("adapting", total=None, loss=math.nan)

        def advance(done: int, total: int, loss: float) -> None:
            bar.update(task, completed=done, total=total, loss=loss)

        yield advance
