"""Syncs the project's translation memory with ``locales/`` in a process of its own.

Parsing every changed catalog is pure Python (about a second for 20,000 segments): in the UI's
process it held the GIL during the first screen and doubled the open of a big catalog (measured
1.22 s against 0.61 s, docs/PERFORMANCE.md). A process of its own, rather than the writer's,
so that a save never waits behind a sync and quitting never waits for one: a sync stopped
half-way is rolled back by SQLite and simply runs again next time. The process runs at a
lower CPU priority: it competes with the first MT request of the session.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection

from workbench.config import Config
from workbench.errors import reason
from workbench.priority import yield_cpu_to_interactive_work
from workbench.tm.project import sync_project_memory

#: How a sync ended: the catalogs it skipped (as messages), and why it failed (None if not).
SyncOutcome = tuple[list[str], str | None]


def sync_memory(config: Config) -> SyncOutcome:
    """Sync the project's memory with ``locales/``; a failure is returned, never raised (it is
    the TM's status in the app, not a crash). Run in the sync process, or on the suggestion
    service's thread when no process can start."""
    try:
        return sync_project_memory(config), None
    except Exception as exc:  # noqa: BLE001 - reported to the app, never raised there
        return [], reason(exc)


def _sync_and_report(config: Config, connection: Connection) -> None:
    yield_cpu_to_interactive_work()
    connection.send(sync_memory(config))
    connection.close()


class MemorySync:
    """One sync, started by :meth:`start`; ``on_done(skipped, failure)`` (a
    :data:`SyncOutcome`) is called from a helper thread when it ends (not when it was stopped
    or could not run)."""

    def __init__(self, config: Config, on_done: Callable[[list[str], str | None], None]) -> None:
        self.config = config
        self.on_done = on_done
        self._process: multiprocessing.process.BaseProcess | None = None

    def start(self) -> bool:
        """Start the sync; False when no process can be started (the caller syncs itself)."""
        context = multiprocessing.get_context("spawn")  # safe beside threads
        receive, send = context.Pipe(duplex=False)
        try:
            process = context.Process(
                target=_sync_and_report,
                args=(self.config, send),
                name="workbench-tm-sync",
                daemon=True,
            )
            process.start()
        except (OSError, RuntimeError):
            return False
        finally:
            send.close()
        self._process = process
        threading.Thread(target=self._wait, args=(receive,), daemon=True).start()
        return True

    def _wait(self, receive: Connection) -> None:
        try:
            skipped, failure = receive.recv()
        except (EOFError, OSError):  # stopped, or died: the memory stays as it was
            return
        finally:
            receive.close()
        self.on_done(list(skipped), failure)

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.is_alive()

    def stop(self) -> None:
        """Stop a sync still running (quitting does not wait for it)."""
        if self._process is not None and self._process.is_alive():
            self._process.terminate()
            self._process.join(timeout=2)
