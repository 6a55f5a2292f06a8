"""Loading what a run needs: the MT engine for each target language (once per model) and the
glossary whose terms MT must keep."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.config import Config
from workbench.mt.engine import Engine

if TYPE_CHECKING:
    from workbench.glossary import Glossary


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


def run_glossary(config: Config, *, given: Path | None, use: bool = True) -> Glossary | None:
    """The glossary whose terms a run keeps in MT output: the project's (``config.glossary``,
    already overridden by ``--glossary``) when ``use``. A glossary named on the command line
    must exist; the configured one is optional, as for ``workbench qa``."""
    if not use or config.glossary is None:
        return None
    if given is None and not config.glossary.is_file():
        return None
    from workbench.glossary import Glossary

    return Glossary.load(config.glossary)
