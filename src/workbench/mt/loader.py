"""``load_engine``: from a model name and engine choice to a ready, cached :class:`Engine`."""

from __future__ import annotations

from workbench.config import Config
from workbench.errors import WorkbenchError
from workbench.mt.cache import CachedEngine
from workbench.mt.engine import Engine
from workbench.mt.models import ModelNotAvailable, ResolvedModel, resolve_model

ENGINES = ("auto", "ctranslate2", "transformers")


def load_engine(
    config: Config,
    *,
    model: str | None = None,
    engine: str | None = None,
    target_language: str | None = None,
    allow_pickle: bool = False,
    use_cache: bool = True,
    compute_type: str | None = None,
) -> Engine:
    """Load ``model`` (default: configured for ``target_language``) with ``engine``.

    ``auto`` picks CTranslate2 when a converted model is installed, else transformers.
    ``compute_type`` overrides CTranslate2's (int8 on CPU, float16 on CUDA)."""
    choice = engine or config.engine or "auto"
    if choice not in ENGINES:
        raise WorkbenchError(
            f"unknown engine {choice!r}", hint=f"choose one of: {', '.join(ENGINES)}"
        )
    resolved = resolve_model(config, model, target_language)
    loaded = load_resolved(
        resolved,
        engine_choice(resolved, choice),
        allow_pickle=allow_pickle,
        threads=config.mt_threads,
        compute_type=compute_type,
    )
    return CachedEngine(loaded, config.cache) if use_cache else loaded


def engine_choice(resolved: ResolvedModel, choice: str) -> str:
    """``auto`` made concrete: CTranslate2 when a converted model is installed."""
    if choice == "auto":
        return "ctranslate2" if resolved.ctranslate2_dir else "transformers"
    return choice


def load_resolved(
    resolved: ResolvedModel,
    choice: str,
    *,
    allow_pickle: bool = False,
    threads: int = 0,
    compute_type: str | None = None,
) -> Engine:
    """The engine for files already found (``choice``: ``ctranslate2`` or ``transformers``),
    without the suggestion cache: what :func:`load_engine` does after resolving, and what a
    Ray worker does with the model files the driver shipped it."""
    loaded: Engine
    if choice == "ctranslate2":
        if resolved.ctranslate2_dir is None:
            raise ModelNotAvailable(
                f"no CTranslate2 version of {resolved.name} is installed",
                hint=f"run 'workbench model convert {resolved.name}', or use --engine transformers",
            )
        from workbench.mt.ctranslate2_engine import CTranslate2Engine

        loaded = CTranslate2Engine(
            resolved.ctranslate2_dir,
            resolved.name,
            compute_type=compute_type,
            threads=threads,
        )
    else:
        if resolved.transformers_dir is None:
            raise ModelNotAvailable(
                f"only the CTranslate2 version of {resolved.name} is installed",
                hint="use --engine ctranslate2, or install the original model directory beside it",
            )
        from workbench.mt.transformers_engine import TransformersEngine

        loaded = TransformersEngine(
            resolved.transformers_dir,
            resolved.name,
            allow_pickle=allow_pickle,
            threads=threads,
        )
    return loaded
