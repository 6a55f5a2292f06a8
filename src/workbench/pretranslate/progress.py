"""The run's progress bar on stderr: segments done, segments/s and time left (rich).

Shown only when stderr is a terminal and the caller wants it (the CLI turns it off for
``--json``), so logs and pipes never fill with control codes.
"""

from __future__ import annotations

import sys
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


class ProgressReporter(Protocol):
    def start(self, total: int) -> None: ...
    def advance(self, done: int) -> None: ...
    def close(self) -> None: ...


class NoProgress:
    """Reports nothing (not a terminal, ``--json``, tests)."""

    def start(self, total: int) -> None:
        pass

    def advance(self, done: int) -> None:
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
            console=console,
            transient=False,
        )
        self._task: TaskID | None = None

    def start(self, total: int) -> None:
        self._progress.start()
        self._task = self._progress.add_task("pretranslate", total=total)

    def advance(self, done: int) -> None:
        if self._task is not None:
            self._progress.advance(self._task, done)

    def close(self) -> None:
        self._progress.stop()


def make_progress(enabled: bool, stream: TextIO | None = None) -> ProgressReporter:
    """A rich bar when ``enabled`` and the stream is a terminal, else :class:`NoProgress`."""
    stream = stream or sys.stderr
    if enabled and stream.isatty():
        return RichProgress(stream)
    return NoProgress()
