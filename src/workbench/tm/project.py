"""The project's translation memory, opened by one rule for every command that uses it.

The memory at ``config.tm`` follows the catalogs under ``config.locales``: what translators
approved since the last run, in any document, is offered at once (a sync is cheap when nothing
changed). A catalog that cannot be read is skipped, not fatal; the caller decides how to show it.
"""

from __future__ import annotations

from workbench.config import Config
from workbench.tm.store import SyncReport, TranslationMemory


def open_project_memory(
    config: Config, *, sync: bool = True, rebuild: bool = False
) -> tuple[TranslationMemory, SyncReport]:
    """The memory at ``config.tm`` (created on first use), brought up to date with the
    approved entries under ``config.locales``, and what that sync did: ``errors`` lists the
    catalogs skipped because they could not be read (retried at the next sync).

    ``rebuild`` re-reads every catalog, changed or not; ``sync=False`` opens the memory as it
    is (e.g. to import TMX into it). The caller closes the memory (it is a context manager).
    """
    memory = TranslationMemory(config.tm)
    if not (sync or rebuild):
        return memory, SyncReport()
    try:
        memory.sync_from_locales(config.locales, force=rebuild)
    except BaseException:
        memory.close()
        raise
    return memory, memory.last_sync


def sync_project_memory(config: Config) -> list[str]:
    """Bring the memory at ``config.tm`` up to date with ``locales/`` and close it; returns the
    catalogs skipped, as messages. A plain function of picklable arguments, so the TUI can run
    it in its worker process: parsing every changed catalog is seconds of pure Python that, in
    a thread, would hold the GIL against the UI."""
    memory, report = open_project_memory(config)
    memory.close()
    return [str(error) for error in report.errors]
