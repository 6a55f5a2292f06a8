"""The concordance's access to the project's translation memory, for the TUI (no Textual).

The memory is opened on the first search, as it is (``sync=False``): the app's sync process
(:mod:`workbench.tui.memory_sync`) brings it up to date meanwhile, and SQLite's WAL mode lets
this connection read while that process writes, so a search never waits for a sync. The search
runs on a Textual worker thread: the connection is used under the memory's own lock.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from workbench.errors import WorkbenchError

if TYPE_CHECKING:
    from workbench.config import Config
    from workbench.tm.concordance import Concordance
    from workbench.tm.store import TranslationMemory


class MemorySearch:
    """Concordance searches over the memory at ``config.tm``, in ``language`` (the catalog's:
    units into other languages are left out)."""

    def __init__(self, config: Config, language: str | None = None) -> None:
        self.config = config
        self.language = language
        self._memory: TranslationMemory | None = None
        self._lock = threading.Lock()

    def search(self, query: str, limit: int = 60) -> Concordance:
        """The memory's units holding ``query``; a memory that cannot be opened raises
        :class:`~workbench.errors.WorkbenchError` (shown in the search screen)."""
        from workbench.tm.concordance import search_memory

        memory = self._open()
        return search_memory(memory, query, limit=limit, target_language=self.language)

    def _open(self) -> TranslationMemory:
        with self._lock:
            if self._memory is None:
                from workbench.tm.project import open_project_memory

                try:
                    self._memory, _ = open_project_memory(self.config, sync=False)
                except OSError as exc:
                    raise WorkbenchError(f"cannot open the translation memory: {exc}") from None
            return self._memory

    def close(self) -> None:
        with self._lock:
            if self._memory is not None:
                self._memory.close()
                self._memory = None
