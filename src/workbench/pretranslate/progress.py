"""The run's progress bar on stderr: segments done, segments/s and time left (rich); on a Ray
cluster also the number of workers and each one's segments/s (:meth:`ProgressReporter.workers`).

Shown only when stderr is a terminal and the caller wants it (the CLI turns it off for
``--json``), so logs and pipes never fill with control codes.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)
from rich.text import Text


@dataclass(frozen=True)
class WorkerStats:
    """What one cluster worker has done so far: segments translated and the seconds it spent
    translating them (its own clock, so time waiting for work does not count)."""

    worker: int
    node: str
    segments: int
    seconds: float

    @property
    def segments_per_s(self) -> float:
        return self.segments / self.seconds if self.seconds > 0 else 0.0


def workers_line(stats: Sequence[WorkerStats]) -> str:
    """``2 workers: 18.9, 18.6 seg/s``: the bar's tail, and the summary's line."""
    speeds = ", ".join(f"{s.segments_per_s:.1f}" for s in stats)
    return f"{len(stats)} worker{'s' if len(stats) != 1 else ''}: {speeds} seg/s"


class ProgressReporter(Protocol):
    def start(self, total: int) -> None: ...
    def advance(self, done: int) -> None: ...
    def workers(self, stats: Sequence[WorkerStats]) -> None:
        """The cluster's workers and what each has done (called after each batch of a Ray
        run; never in a local run)."""
        ...

    def close(self) -> None: ...


class NoProgress:
    """Reports nothing (not a terminal, ``--json``, tests)."""

    def start(self, total: int) -> None:
        pass

    def advance(self, done: int) -> None:
        pass

    def workers(self, stats: Sequence[WorkerStats]) -> None:
        pass

    def close(self) -> None:
        pass


class _SegmentsPerSecond(ProgressColumn):
    def render(self, task: Task) -> Text:
        speed = task.speed
        return Text(f"{speed:.1f} seg/s" if speed else "-- seg/s", style="progress.data.speed")


class RichProgress:
    """A rich progress bar: ``pretranslate ━━━━  412/2000  37.5 seg/s  0:00:42``."""

    def __init__(self, stream: TextIO | None = None) -> None:
        console = Console(file=stream or sys.stderr)
        self._progress = Progress(
            TextColumn("pretranslate"),
            BarColumn(),
            MofNCompleteColumn(),
            _SegmentsPerSecond(),
            TimeRemainingColumn(),
            TextColumn("{task.fields[workers]}"),
            console=console,
            transient=False,
        )
        self._task: TaskID | None = None

    def start(self, total: int) -> None:
        self._progress.start()
        self._task = self._progress.add_task("pretranslate", total=total, workers="")

    def advance(self, done: int) -> None:
        if self._task is not None:
            self._progress.advance(self._task, done)

    def workers(self, stats: Sequence[WorkerStats]) -> None:
        if self._task is not None:
            self._progress.update(self._task, workers=workers_line(stats))

    def close(self) -> None:
        self._progress.stop()


def make_progress(enabled: bool, stream: TextIO | None = None) -> ProgressReporter:
    """A rich bar when ``enabled`` and the stream is a terminal, else :class:`NoProgress`."""
    stream = stream or sys.stderr
    if enabled and stream.isatty():
        return RichProgress(stream)
    return NoProgress()
