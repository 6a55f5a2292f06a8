"""Setting up a run: the MT engine for each target language (once per model), and the run's
CPU priority."""

from __future__ import annotations

import os
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
        from workbench.mt import load_engine  # type: ignore[attr-defined]

        name = model or config.mt_model_for(language)
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


#: How much a batch run lowers its CPU priority (as ``nice -n 10``).
BACKGROUND_NICENESS = 10


def yield_cpu_to_interactive_work() -> None:
    """Lower this process's CPU priority, so a run beside a translator at work leaves the cores
    to the workbench's suggestions first. Measured on 2 cores with a batch run decoding
    beside it: an interactive 3-suggestion request took 292 ms at equal priority and 246 ms
    with the run at niceness 10 (210 ms alone). Costs the run nothing on an idle machine.
    Inherited by worker processes. Where the OS refuses (no ``os.nice``), the run goes on."""
    try:
        os.nice(BACKGROUND_NICENESS)
    except (AttributeError, OSError):
        pass
