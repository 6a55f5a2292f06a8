"""Setting up a run: the MT engine for each target language (once per model). The run's CPU
priority: :func:`workbench.priority.yield_cpu_to_interactive_work`."""

from __future__ import annotations

from collections.abc import Callable

from workbench.config import Config
from workbench.mt.engine import Engine


def engine_loader(
    config: Config,
    *,
    model: str | None = None,
    engine: str | None = None,
    allow_pickle: bool = False,
) -> Callable[[str], Engine]:
    """A function from target language to a loaded engine (with the suggestion cache).

    ``model`` forces one model for every language (``--model``); otherwise each language gets
    ``config.mt_model_for(language)``. Languages that resolve to the same model share one load.
    """
    loaded: dict[str, Engine] = {}

    def load(language: str) -> Engine:
        from workbench.mt import load_engine

        name = model or configured_model(config, language)
        if name not in loaded:
            loaded[name] = load_engine(
                config,
                model=name,
                engine=engine,
                target_language=language,
                allow_pickle=allow_pickle,
            )
        return loaded[name]

    return load


def configured_model(config: Config, language: str) -> str:  # also the Ray driver's choice
    """The configured model for ``language``, or its adapted version when ``model adapt``
    made that the default (as :func:`~workbench.mt.models.resolve_model` does)."""
    from workbench.mt.models import adapted_default

    configured = config.mt_model_for(language)
    adapted = adapted_default(config, configured)
    return configured if adapted is None else str(adapted)
