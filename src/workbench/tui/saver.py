"""Writes the session's saves to the catalog in the background, in a separate process.

Parsing and formatting a 20,000-entry catalog is about a second of pure-Python work. In a
thread it would hold the GIL against the UI (every key would wait for it, measured: an
approval took 0.9 s instead of 40 ms); in a worker process it runs on another core and the
saver thread only waits. The process is started once (``spawn``: safe beside threads), by
:meth:`BackgroundSaver.warm_up` or the first save; if it dies, writing falls back to this
process. Textual replaces ``sys.stderr`` while running, and multiprocessing's resource tracker
needs the real one: it is started with the saver, before the app runs.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.resource_tracker
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from workbench.catalog.store import EntryUpdate
from workbench.tui.session import (
    EditingSession,
    FlushResult,
    Key,
    Segment,
    read_segments,
    write_here,
)


def _warm_up() -> bool:
    import workbench.catalog.store  # noqa: F401 - imports paid before the first save

    return True


class BackgroundSaver:
    """A thread that flushes the session whenever asked, coalescing requests.

    ``on_done(result)`` is called from the saver thread after each flush.
    """

    def __init__(
        self,
        session: EditingSession,
        on_done: Callable[[FlushResult], None] | None = None,
        *,
        use_process: bool = True,
    ) -> None:
        self.session = session
        self.on_done = on_done
        self._pool: ProcessPoolExecutor | None = None
        if use_process:
            multiprocessing.resource_tracker.ensure_running()
            self._pool = ProcessPoolExecutor(
                max_workers=1, mp_context=multiprocessing.get_context("spawn")
            )
            session.writer = self._write_in_pool
        self._wake = threading.Event()
        self._idle = threading.Event()
        self._idle.set()
        self._stop = False
        self._thread = threading.Thread(target=self._run, name="workbench-saver", daemon=True)
        self._thread.start()

    def _write_in_pool(
        self, path: Path, updates: Sequence[EntryUpdate], timeout: float
    ) -> tuple[int, list[Key]]:
        pool = self._pool
        if pool is None:
            return write_here(path, updates, timeout)
        try:
            future = pool.submit(write_here, path, list(updates), timeout)
        except (BrokenProcessPool, RuntimeError, OSError):
            self._give_up_process()
            return write_here(path, updates, timeout)
        try:
            return future.result()
        except BrokenProcessPool:
            self._give_up_process()
            return write_here(path, updates, timeout)

    def read_segments(
        self, path: Path
    ) -> tuple[tuple[int, int, int] | None, list[Segment], bytes]:
        """Parse the catalog in the worker process (a batch run may rewrite a 20,000-entry
        catalog every few seconds: re-reading it must not stall typing)."""
        pool = self._pool
        if pool is not None:
            try:
                return pool.submit(read_segments, path).result()
            except (BrokenProcessPool, RuntimeError, OSError):
                self._give_up_process()
        return read_segments(path)

    def _give_up_process(self) -> None:
        """The process cannot start (e.g. an embedding script without a ``__main__`` guard,
        which ``spawn`` re-imports) or died: write in this process from now on."""
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)

    def warm_up(self) -> None:
        """Start the writer process now (it imports for a few hundred ms on another core)."""
        if self._pool is not None:
            try:
                self._pool.submit(_warm_up)
            except (BrokenProcessPool, RuntimeError, OSError):
                self._give_up_process()

    def request(self) -> None:
        self._idle.clear()
        self._wake.set()

    @property
    def busy(self) -> bool:
        return not self._idle.is_set()

    def wait_idle(self, timeout: float | None = None) -> bool:
        return self._idle.wait(timeout)

    def _run(self) -> None:
        while True:
            self._wake.wait()
            self._wake.clear()
            if self._stop:
                self._idle.set()
                return
            try:
                result = self.session.flush()
            except Exception as exc:  # noqa: BLE001 - reported; the thread must live on
                result = FlushResult(error=exc)
            if not self._wake.is_set():
                self._idle.set()
            if self.on_done is not None:
                self.on_done(result)

    def stop(self) -> None:
        """Finish the write in progress, then stop; the session writes in-process after."""
        self._stop = True
        self._wake.set()
        self._thread.join(timeout=30)
        self.session.writer = write_here
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
