"""The MT model pulled from inside the workbench (f8): ``model ensure`` run on a worker thread.

Textual-free, so its rules are unit-tested without an app: the core's steps are passed on at
most every ``interval`` seconds (a local hub delivers thousands of chunks a second; the last
byte and the conversion's steps always go), the pull stops at its next step once the app says
it is quitting (:class:`PullCancelled`; huggingface_hub keeps what it fetched, so the next
pull resumes), and what came of it is worded once for the bar and the suggestions pane.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from workbench.errors import WorkbenchError

if TYPE_CHECKING:
    from workbench.mt.first_run import EnsuredModel
    from workbench.mt.hub import PullProgress
    from workbench.tui.providers import MTAdapter

#: How often a progress step is passed on at most, in seconds.
PROGRESS_INTERVAL = 0.1


class PullCancelled(Exception):
    """Raised in the core's progress callback once the translator quits: the download stops
    at its next chunk, so quitting never waits for a whole model to arrive."""


@dataclass(frozen=True)
class PullOutcome:
    """What a pull came to: ``ready`` when the model can be loaded now; ``text`` says it."""

    ready: bool
    text: str


def model_to_pull(mt: MTAdapter) -> str:
    """The model f8 pulls: the one the session was opened with, else the configured one."""
    from workbench.mt.first_run import model_to_ensure

    return model_to_ensure(mt.config, mt.model, mt.language)


def pull_model(
    mt: MTAdapter,
    model_id: str,
    report: Callable[[PullProgress], None],
    quitting: Callable[[], bool],
    *,
    interval: float = PROGRESS_INTERVAL,
    clock: Callable[[], float] = time.monotonic,
) -> tuple[EnsuredModel | None, str]:
    """Blocking (call from a worker thread): pull and convert ``model_id`` as ``model
    ensure`` does. ``report`` gets the throttled steps; returns the result, or None and why
    it failed (never raises)."""
    from workbench.mt.first_run import ensure_model

    last = [float("-inf")]

    def on_progress(progress: PullProgress) -> None:
        if quitting():
            raise PullCancelled
        now = clock()
        final = progress.total is not None and progress.done >= progress.total
        if final or progress.stage == "convert" or now - last[0] >= interval:
            last[0] = now
            report(progress)

    try:
        result = ensure_model(
            mt.config, mt.language, progress=False, model_id=model_id, on_progress=on_progress
        )
    except WorkbenchError as exc:
        return None, str(exc)
    except PullCancelled:
        return None, "stopped: the workbench is quitting"
    except Exception as exc:  # noqa: BLE001 - a failed pull must not take the UI down
        return None, f"{type(exc).__name__}: {exc}"
    return result, ""


def describe_outcome(result: EnsuredModel | None, error: str, retry_key: str) -> PullOutcome:
    """The line shown when a pull ends: the model to load, or why not and how to retry."""
    from workbench.mt.first_run import CONVERTED, PULLED, READY

    if result is not None and result.status in (PULLED, CONVERTED, READY):
        return PullOutcome(True, f"{result.model_id}: {result.status}; loading it…")
    if result is not None:
        why = f"{result.model_id} could not be downloaded now: {result.reason}"
    else:
        why = f"The MT model could not be pulled: {error}"
    return PullOutcome(False, f"{why} — glossary and TM still work; {retry_key} tries again")
