"""The translator's terminal workbench (Textual). Entry point: :func:`run`.

Importing this package does not import Textual; :func:`build_app` and :func:`run` do.
Pure parts (``bidi``, ``session``, ``journal``, ``providers``, ``suggestions``) work without it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from workbench.catalog.discovery import find_catalogs
from workbench.config import Config
from workbench.errors import WorkbenchError

if TYPE_CHECKING:
    from workbench.tui.app import WorkbenchApp

__all__ = ["build_app", "find_project_catalogs", "run"]


def find_project_catalogs(config: Config) -> list[Path]:
    """Every ``<lang>/LC_MESSAGES/*.po`` under the configured locales folder, sorted."""
    return find_catalogs(Path(config.locales))


def catalog_language(catalog: Path) -> str:
    """``locales/<lang>/LC_MESSAGES/x.po`` -> ``lang`` (``en`` when laid out otherwise)."""
    parent = catalog.resolve().parent
    return parent.parent.name if parent.name == "LC_MESSAGES" else "en"


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
) -> WorkbenchApp:
    """The app for ``catalog`` (or the project's first catalog), providers wired in."""
    from workbench.tui.app import WorkbenchApp
    from workbench.tui.bidi import resolve_mode
    from workbench.tui.providers import GlossaryAdapter, MTAdapter, QAAdapter, TMAdapter
    from workbench.tui.session import EditingSession
    from workbench.tui.suggestions import SuggestionService

    if catalog is None:
        found = find_project_catalogs(config)
        if not found:
            raise WorkbenchError(
                "no catalogs to open",
                config.locales,
                hint="run `workbench import SOURCE --lang en` first, or pass a CATALOG",
            )
        catalog = found[0]
    catalog = Path(catalog)
    session = EditingSession(catalog, config.root / ".workbench" / "journal")
    language = catalog_language(catalog)
    glossary_adapter = GlossaryAdapter(glossary or config.glossary)
    mt = MTAdapter(config, model=model, engine_name=engine or config.engine, language=language)
    service = SuggestionService(glossary_adapter, TMAdapter(config.tm), mt)
    return WorkbenchApp(
        session,
        service,
        glossary_adapter,
        QAAdapter(glossary_adapter),
        bidi=resolve_mode(bidi),
        load_mt=load_mt,
        watch_interval=watch_interval,
        language=language,
    )


def run(
    config: Config,
    catalog: Path | None = None,
    *,
    glossary: Path | None = None,
    model: str | None = None,
    engine: str | None = None,
    bidi: str = "auto",
) -> int:
    """Open the workbench; returns the exit status once the translator quits.

    Without ``catalog``: the project's only catalog, or a list to choose from."""
    if catalog is None:
        found = find_project_catalogs(config)
        if len(found) > 1:
            from workbench.tui.picker import CatalogPicker

            catalog = CatalogPicker(found, config.root).run()
            if catalog is None:
                return 0
    app = build_app(config, catalog, glossary=glossary, model=model, engine=engine, bidi=bidi)
    try:
        app.run()
    finally:
        app.shutdown()  # no-op after a normal quit; writes everything after a crash in the UI
    return app.return_code or 0
