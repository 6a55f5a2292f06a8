"""``model ensure``: the first-run step of ``make run``, making sure the configured model is
installed and converted before the TUI opens.

On a connected machine with no model it pulls the configured model (a bar per file on a
terminal) and converts it for CTranslate2; with the model already there it does nothing.
Offline it must not hold the translator up: ``HF_HUB_OFFLINE`` is answered at once, and an
unreachable hub is found by one TCP connection with a short timeout before anything else is
tried, so the answer comes well within 10 s and the TUI opens anyway, without suggestions.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from workbench.config import Config
from workbench.mt.models import ModelNotAvailable, resolve_model

if TYPE_CHECKING:
    from workbench.mt.hub import ProgressCallback

#: How long the hub may take to accept a connection before we call the machine offline.
PROBE_TIMEOUT_SECONDS = 4.0

READY = "ready"  # installed and converted: nothing to do
PULLED = "pulled"  # downloaded (and converted) now
CONVERTED = "converted"  # was installed, converted now
OFFLINE = "offline"  # not installed and the hub cannot be reached: open without suggestions
UNAVAILABLE = "unavailable"  # the hub answered but the download failed (wrong id, dropped)


@dataclass(frozen=True)
class EnsuredModel:
    """What ``model ensure`` found or did for ``model_id``; ``reason`` explains ``offline``."""

    model_id: str
    status: str
    path: Path | None = None
    reason: str = ""

    def to_json(self) -> dict[str, object]:
        return {
            "model": self.model_id,
            "status": self.status,
            "path": None if self.path is None else str(self.path),
            "reason": self.reason,
        }


def hub_reachable(endpoint: str, timeout: float = PROBE_TIMEOUT_SECONDS) -> str | None:
    """None when ``endpoint`` accepts a TCP connection within ``timeout``, else why not."""
    parts = urlsplit(endpoint)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        with socket.create_connection((parts.hostname or "", port), timeout=timeout):
            return None
    except OSError as exc:
        return exc.strerror or type(exc).__name__


def model_to_ensure(
    config: Config, model_id: str | None = None, target_language: str | None = None
) -> str:
    """The model :func:`ensure_model` makes sure of: ``model_id``, else the configured one."""
    return model_id or config.default_mt_model(target_language)


def ensure_model(
    config: Config,
    target_language: str | None = None,
    *,
    progress: bool = True,
    model_id: str | None = None,
    on_progress: ProgressCallback | None = None,
) -> EnsuredModel:
    """Pull and convert the configured model for ``target_language`` (or ``model_id``) when
    it is missing. ``progress``: bars on stderr; ``on_progress``: each step told to a caller
    drawing its own (the TUI's pull, from its worker thread; see
    :class:`~workbench.mt.hub.PullProgress`).

    Errors other than "cannot be reached" (a corrupt model, a full disk) are raised as
    :class:`~workbench.errors.WorkbenchError`; the caller decides whether to go on."""
    from workbench.mt.hub import hub_endpoint, hub_offline, pull_model

    model_id = model_to_ensure(config, model_id, target_language)
    try:
        resolved = resolve_model(config, model_id)
    except ModelNotAvailable:
        resolved = None
    if resolved is not None and resolved.ctranslate2_dir is not None:
        return EnsuredModel(model_id, READY, resolved.ctranslate2_dir)
    if resolved is not None and resolved.transformers_dir is not None:
        return EnsuredModel(model_id, CONVERTED, _convert(config, model_id, progress, on_progress))
    if hub_offline():
        return EnsuredModel(model_id, OFFLINE, reason="the hub is switched off (HF_HUB_OFFLINE)")
    endpoint = hub_endpoint()
    problem = hub_reachable(endpoint)
    if problem is not None:
        return EnsuredModel(model_id, OFFLINE, reason=f"cannot reach {endpoint}: {problem}")
    try:
        pull_model(config, model_id, progress=progress, on_progress=on_progress)
    except ModelNotAvailable as exc:  # not on the hub, or the connection dropped mid-way
        return EnsuredModel(model_id, UNAVAILABLE, reason=exc.message)
    return EnsuredModel(model_id, PULLED, _convert(config, model_id, progress, on_progress))


def _convert(
    config: Config, model_id: str, progress: bool, on_progress: ProgressCallback | None = None
) -> Path:
    """``model convert`` with a bar on stderr (CTranslate2 reports no steps, so the bar runs
    with the elapsed time until the conversion is done)."""
    from workbench.mt.hub import PullProgress

    if on_progress is not None:
        on_progress(PullProgress("convert", 0, None, model_id))
    path = _convert_with_bar(config, model_id, progress)
    if on_progress is not None:
        on_progress(PullProgress("convert", 1, 1, model_id))
    return path


def _convert_with_bar(config: Config, model_id: str, progress: bool) -> Path:
    from workbench.mt.convert import convert_model

    if not progress:
        return convert_model(config, model_id)
    from rich.console import Console
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
               TimeElapsedColumn())  # fmt: skip
    with Progress(*columns, console=Console(stderr=True)) as bar:
        task = bar.add_task(f"converting {model_id} for CTranslate2", total=None)
        path = convert_model(config, model_id)
        bar.update(task, total=1, completed=1)
    return path
