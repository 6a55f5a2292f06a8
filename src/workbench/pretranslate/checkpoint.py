"""Periodic saves of a run's results: a crash or ``kill -9`` loses at most one interval of work.

Results wait here until ``every_segments`` of them are pending or ``every_seconds`` have passed
since the last save; then each touched catalog gets one
:func:`workbench.catalog.store.apply_updates` call: under the catalog's lock, re-read from disk,
apply only the updates whose condition still holds on the entry as it is *now* (so a
translator's concurrent approval wins), one atomic write. The file on disk is therefore always
either the previous or the next complete catalog, and a re-run simply finds fewer untranslated
entries. The check runs between MT batches, so the interval is exceeded by at most one batch.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from workbench.catalog.store import EntryUpdate, apply_updates
from workbench.errors import CatalogLocked

DEFAULT_EVERY_SEGMENTS = 200
DEFAULT_EVERY_SECONDS = 30.0


class Checkpointer:
    """Collects entry updates per catalog and writes them when a checkpoint is due."""

    def __init__(
        self,
        *,
        every_segments: int = DEFAULT_EVERY_SEGMENTS,
        every_seconds: float = DEFAULT_EVERY_SECONDS,
        lock_timeout: float = 10.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.every_segments = every_segments
        self.every_seconds = every_seconds
        self.lock_timeout = lock_timeout
        self._clock = clock
        self._pending: dict[Path, list[EntryUpdate]] = {}
        self._last_save = clock()
        self.saves = 0
        self.applied: Counter[Path] = Counter()
        self.skipped: Counter[Path] = Counter()

    @property
    def pending(self) -> int:
        return sum(len(updates) for updates in self._pending.values())

    def add(self, catalog: Path, update: EntryUpdate) -> None:
        self._pending.setdefault(catalog, []).append(update)

    def due(self) -> bool:
        if not self._pending:
            return False
        waited = self._clock() - self._last_save
        return self.pending >= self.every_segments or waited >= self.every_seconds

    def maybe_save(self) -> bool:
        """Save when due; returns whether a save happened."""
        if not self.due():
            return False
        self.save(final=False)
        return True

    def save(self, *, final: bool = True) -> None:
        """Write every pending update. A catalog locked for longer than ``lock_timeout`` (a
        translator's save taking long) keeps its updates for the next checkpoint, unless this is
        the final save, which reports the lock."""
        for catalog in list(self._pending):
            updates = self._pending[catalog]
            try:
                result = apply_updates(catalog, updates, timeout=self.lock_timeout)
            except CatalogLocked:
                if final:
                    raise
                continue
            del self._pending[catalog]
            self.applied[catalog] += len(result.applied)
            self.skipped[catalog] += len(result.skipped)
        self.saves += 1
        self._last_save = self._clock()
