"""Suggestions for a segment (MT n-best, glossary-enforced MT, TM matches), cached, prefetched.

All provider calls run on one thread owned by this service: the MT engine and the SQLite
memory are used from a single thread, and the segment on screen jumps the queue ahead of
prefetches for the next ones (a priority queue, which ``ThreadPoolExecutor`` has not). The
app's ``@work(thread=True, exclusive=True)`` worker waits on :meth:`SuggestionService.get`, so
the UI thread never does; a result for a segment already left is simply cached.
"""

from __future__ import annotations

import itertools
import queue
import threading
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from workbench.tui.providers import (
    GlossaryAdapter,
    MTAdapter,
    ProviderStatus,
    SuggestionItem,
    TMAdapter,
)

if TYPE_CHECKING:
    from workbench.tui.memory_sync import MemorySync

MEMORY, CURRENT, PREFETCH, BACKGROUND = -1, 0, 1, 2  # lower runs first; -2 stops the thread


@dataclass(frozen=True)
class SuggestionSet:
    """Numbered suggestions for one source, and the state of each provider when computed."""

    source: str
    items: tuple[SuggestionItem, ...] = ()
    mt_status: ProviderStatus = field(default_factory=lambda: ProviderStatus("missing"))
    tm_status: ProviderStatus = field(default_factory=lambda: ProviderStatus("missing"))
    errors: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


class SuggestionService:
    """Computes :class:`SuggestionSet` objects on its own thread; LRU-cached per source."""

    def __init__(
        self,
        glossary: GlossaryAdapter,
        tm: TMAdapter | None = None,
        mt: MTAdapter | None = None,
        *,
        cache_size: int = 1024,
        max_items: int = 9,
    ) -> None:
        self.glossary = glossary
        self.tm = tm
        self.mt = mt
        self.max_items = max_items
        self._cache: OrderedDict[str, SuggestionSet] = OrderedDict()
        self._cache_size = cache_size
        # MT output does not change when the memory grows: kept apart, so a new TM entry only
        # costs a TM look-up. ``_generation`` counts TM additions; older sets are stale.
        self._mt_cache: OrderedDict[
            str, tuple[list[SuggestionItem], list[str], list[str]]
        ] = OrderedDict()
        self._generation = 0
        self._set_generation: dict[str, int] = {}
        self._inflight: dict[str, Future[SuggestionSet]] = {}
        self._lock = threading.Lock()
        self._queue: queue.PriorityQueue[tuple[int, int, str | None, object]] = (
            queue.PriorityQueue()
        )
        self._order = itertools.count()
        self._memory_sync: MemorySync | None = None
        self._on_memory_synced: Callable[[], None] | None = None
        self._thread = threading.Thread(target=self._run, name="workbench-suggest", daemon=True)
        self._thread.start()

    # --- public ----------------------------------------------------------------------------

    def cached(self, source: str) -> SuggestionSet | None:
        with self._lock:
            return self._fresh(source)

    def _fresh(self, source: str) -> SuggestionSet | None:
        found = self._cache.get(source)
        if found is None or self._set_generation.get(source) != self._generation:
            return None
        self._cache.move_to_end(source)
        return found

    def get(self, source: str, timeout: float | None = None) -> SuggestionSet:
        """Blocking: the suggestions for ``source`` (from the cache, or computed first)."""
        return self._submit(source, CURRENT).result(timeout)

    def prefetch(self, sources: list[str]) -> None:
        for source in sources:
            self._submit(source, PREFETCH)

    def load_mt(self) -> Future[ProviderStatus]:
        """Load the MT model on the service thread; cached sets without MT are dropped then."""
        future: Future[ProviderStatus] = Future()
        self._queue.put((BACKGROUND, next(self._order), None, future))
        return future

    def status_changed(self) -> None:
        """A provider's status changed (e.g. a model pull failed): sets computed before are
        recomputed when next asked for (the MT output kept), so they show the new status."""
        with self._lock:
            self._generation += 1

    def remember(self, source: str, target: str, origin: str) -> None:
        """Add an approved translation to the TM (on the service thread, before any pending
        look-up, which would otherwise miss it)."""
        if self.tm is None or not self.tm.status.ready:
            return
        with self._lock:
            self._generation += 1
        self._queue.put((MEMORY, next(self._order), None, (source, target, origin)))

    def sync_memory_in_background(self, on_done: Callable[[], None] | None = None) -> None:
        """Sync the memory with ``locales/`` in a process of its own (on this service's thread
        if none can start); sets computed before it ends are recomputed after (TM part only),
        and ``on_done`` is called then, from a helper thread (e.g. to refresh the segment on
        screen). The TM adapter is built with ``sync_on_open=False`` for this."""
        if self.tm is None or not self.tm.status.ready or self.tm.config is None:
            return
        from workbench.tui.memory_sync import MemorySync

        self._on_memory_synced = on_done
        self._memory_sync = MemorySync(self.tm.config, self._memory_synced)
        if not self._memory_sync.start():
            self._queue.put((BACKGROUND, next(self._order), None, "sync"))

    def _memory_synced(self, skipped: list[str], failure: str | None) -> None:
        if self.tm is not None:
            self.tm.synced(skipped, failure)
        with self._lock:
            self._generation += 1
        if self._on_memory_synced is not None:
            self._on_memory_synced()

    def close(self) -> None:
        if self._memory_sync is not None:
            self._memory_sync.stop()
        self._queue.put((-2, next(self._order), None, None))
        self._thread.join(timeout=5)
        if self.tm is not None:
            self.tm.close()

    # --- service thread --------------------------------------------------------------------

    def _submit(self, source: str, priority: int) -> Future[SuggestionSet]:
        with self._lock:
            found = self._fresh(source)
            if found is not None:
                done: Future[SuggestionSet] = Future()
                done.set_result(found)
                return done
            future = self._inflight.get(source)
            if future is None:
                future = Future()
                self._inflight[source] = future
            elif priority != CURRENT:
                return future
        self._queue.put((priority, next(self._order), source, future))
        return future

    def _run(self) -> None:
        while True:
            priority, _, source, payload = self._queue.get()
            if priority < MEMORY:
                return
            if source is None:
                self._background(payload)
                continue
            assert isinstance(payload, Future)
            if payload.done():
                continue  # queued twice (prefetched, then asked for): already answered
            with self._lock:
                generation = self._generation
            try:
                result = self._compute(source)
            except Exception as exc:  # noqa: BLE001 - reported in the pane, never raised
                result = SuggestionSet(source, errors=(f"{type(exc).__name__}: {exc}",))
            with self._lock:
                self._cache[source] = result
                self._set_generation[source] = generation
                self._cache.move_to_end(source)
                while len(self._cache) > self._cache_size:
                    dropped, _ = self._cache.popitem(last=False)
                    self._set_generation.pop(dropped, None)
                self._inflight.pop(source, None)
            if not payload.done():
                payload.set_result(result)

    def _background(self, payload: object) -> None:
        if isinstance(payload, Future):
            status = self.mt.load() if self.mt is not None else ProviderStatus("missing")
            with self._lock:
                self._cache.clear()
                self._mt_cache.clear()
            payload.set_result(status)
        elif payload == "sync" and self.tm is not None and self.tm.config is not None:
            from workbench.tui.memory_sync import sync_memory

            self._memory_synced(*sync_memory(self.tm.config))
        elif isinstance(payload, tuple) and self.tm is not None:
            try:
                self.tm.add(*payload)
            except Exception:  # noqa: BLE001 - the catalog has it; the TM is a convenience
                pass

    def _compute(self, source: str) -> SuggestionSet:
        items: list[SuggestionItem] = []
        errors: list[str] = []
        notes: list[str] = []
        mt_status = self.mt.status if self.mt is not None else ProviderStatus("missing")
        if self.mt is not None and self.mt.status.ready:
            with self._lock:
                known = self._mt_cache.get(source)
            if known is None:
                try:
                    found, warnings = self.mt.suggest(source, self.glossary)
                    known = (found, [], warnings)
                except Exception as exc:  # noqa: BLE001
                    known = ([], [f"MT failed: {exc}"], [])
                with self._lock:
                    self._mt_cache[source] = known
                    while len(self._mt_cache) > self._cache_size:
                        self._mt_cache.popitem(last=False)
            items += known[0]
            errors += known[1]
            notes += known[2]
        tm_status = self.tm.status if self.tm is not None else ProviderStatus("missing")
        if self.tm is not None and self.tm.status.ready:
            try:
                items += self.tm.search(source)
            except Exception as exc:  # noqa: BLE001
                errors.append(f"TM failed: {exc}")
        unique: list[SuggestionItem] = []
        seen: set[str] = set()
        for item in sorted(items, key=_rank):
            if item.text and item.text not in seen:
                seen.add(item.text)
                unique.append(item)
        return SuggestionSet(
            source,
            tuple(unique[: self.max_items]),
            mt_status,
            tm_status,
            tuple(errors),
            tuple(notes),
        )


def _rank(item: SuggestionItem) -> int:
    """TM exact matches first, then glossary-enforced MT, MT n-best, then fuzzy TM."""
    if item.kind == "tm" and item.label.endswith("100%"):
        return 0
    return {"mt+glossary": 1, "mt": 2, "tm": 3}.get(item.kind, 4)
