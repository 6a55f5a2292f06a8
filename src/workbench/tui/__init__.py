"""The translator's terminal workbench (Textual). Entry point: :func:`run`.

Importing this package does not import Textual; :func:`build_app` and :func:`run` do.
Pure parts (``bidi``, ``editing``, ``session``, ``journal``, ``providers``, ``suggestions``)
work without it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from workbench.catalog.discovery import select_catalogs
from workbench.catalog.language import catalog_language
from workbench.config import Config

if TYPE_CHECKING:
    from workbench.tui.app import WorkbenchApp

__all__ = ["build_app", "run"]


def build_app(
    config: Config,
    catalog: Path | None,
    *,
    glossary: Path | None = None,
    model: str | None = None,
    engine: str | None = None,
    bidi: str = "auto",
    load_mt: bool = True,
    watch_interval: float = 1.0,
    served: bool = False,
) -> WorkbenchApp:
    """The app for ``catalog`` (or the project's first catalog), providers wired in. Catalog
    and glossary are chosen by the rules every command follows (checked before anything opens):
    :func:`select_catalogs` and :func:`project_glossary_path`.

    ``served``: the app runs in a browser (``workbench serve``): xterm.js neither joins nor
    reorders Arabic, so the app shapes it whatever ``bidi`` and the environment say, and the
    footer names the keys a browser lets through."""
    from workbench.glossary.termbase import project_glossary_path
    from workbench.tui.app import WorkbenchApp
    from workbench.tui.bidi import resolve_mode
    from workbench.tui.building import DocumentBuilder
    from workbench.tui.memory_search import MemorySearch
    from workbench.tui.providers import GlossaryAdapter, MTAdapter, QAAdapter, TMAdapter
    from workbench.tui.session import EditingSession
    from workbench.tui.suggestions import SuggestionService

    catalog = select_catalogs([catalog] if catalog is not None else [], config.locales)[0]
    glossary_file = project_glossary_path(
        config.with_overrides(glossary=glossary), explicit=glossary is not None
    )
    session = EditingSession(catalog, config.root / ".workbench" / "journal")
    # Folder, else Language header, else the project's first target language (shown in the
    # editor's title); with none configured, the same error as pretranslate.
    language = catalog_language(catalog, default=config.primary_target_language)
    glossary_adapter = GlossaryAdapter(
        glossary_file,
        configured=config.glossary,
        target_language=config.primary_target_language,
        catalog_language=language,
    )
    mt = MTAdapter(config, model=model, engine_name=engine or config.engine, language=language)
    # The app syncs the memory with locales/ in a process of its own after the first screen
    # (WorkbenchApp.on_mount): opened as it is here, it never parses catalogs in this process.
    memory = TMAdapter(config, language=language, catalog=catalog, sync_on_open=False)
    service = SuggestionService(glossary_adapter, memory, mt)
    return WorkbenchApp(
        session,
        service,
        glossary_adapter,
        QAAdapter.with_spelling(glossary_adapter, language),
        bidi="app" if served else resolve_mode(bidi),
        load_mt=load_mt,
        watch_interval=watch_interval,
        language=language,
        builder=DocumentBuilder(catalog, language, config.root, config.corpus),
        memory_search=MemorySearch(config, language),
        served=served,
    )


def run(
    config: Config,
    catalog: Path | None = None,
    *,
    glossary: Path | None = None,
    model: str | None = None,
    engine: str | None = None,
    bidi: str = "auto",
    served: bool = False,
) -> int:
    """Open the workbench; returns the exit status once the translator quits.

    Without ``catalog``: the project's only catalog, or a list to choose from."""
    if catalog is None:
        found = select_catalogs([], config.locales)
        if len(found) == 1:
            catalog = found[0]  # build_app need not look for it again
        else:
            from workbench.tui.picker import CatalogPicker

            catalog = CatalogPicker(found, config.root).run()
            if catalog is None:
                return 0
    app = build_app(
        config, catalog, glossary=glossary, model=model, engine=engine, bidi=bidi, served=served
    )
    try:
        app.run()
    finally:
        app.shutdown()  # no-op after a normal quit; writes everything after a crash in the UI
    return app.return_code or 0
