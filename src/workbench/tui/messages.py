"""What worker threads tell the app: one message class per kind of result.

Posted with ``App.post_message`` (thread-safe, never blocking): ``call_from_thread`` would
block the calling thread until the UI runs it, and the UI joins the saver thread when
quitting, a deadlock. The app handles each with ``@on(...)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual.message import Message

from workbench.tui.providers import ProviderStatus
from workbench.tui.session import FlushResult
from workbench.tui.suggestions import SuggestionSet

if TYPE_CHECKING:
    from rich.console import RenderableType

    from workbench.catalog.build import BuildResult
    from workbench.mt.first_run import EnsuredModel
    from workbench.mt.hub import PullProgress
    from workbench.tm.concordance import Concordance


class SuggestionsReady(Message):
    """The suggestions for segment ``index`` (whose source was ``result.source``)."""

    def __init__(self, index: int, result: SuggestionSet) -> None:
        super().__init__()
        self.index = index
        self.result = result


class MTLoaded(Message):
    """The MT model is loaded, or could not be (``status`` says which)."""

    def __init__(self, status: ProviderStatus) -> None:
        super().__init__()
        self.status = status


class MemorySynced(Message):
    """The translation memory's sync with ``locales/`` has ended."""


class CatalogWritten(Message):
    """A background write of the catalog ended (``result.error`` when it failed)."""

    def __init__(self, result: FlushResult) -> None:
        super().__init__()
        self.result = result


class CatalogReloaded(Message):
    """The catalog was re-read from disk after another process wrote it."""


class CatalogReloadFailed(Message):
    """Re-reading the catalog failed (e.g. a half-written foreign file): retried later."""

    def __init__(self, error: Exception) -> None:
        super().__init__()
        self.error = error


class DocumentBuilt(Message):
    """f9's build wrote ``result.output``; ``unsaved``: saves the catalog did not hold yet."""

    def __init__(self, result: BuildResult, unsaved: int = 0) -> None:
        super().__init__()
        self.result = result
        self.unsaved = unsaved


class DocumentBuildFailed(Message):
    """f9's build wrote nothing: ``error`` says why (a markup mismatch names its msgid)."""

    def __init__(self, error: Exception) -> None:
        super().__init__()
        self.error = error


class ModelPullProgress(Message):
    """A step of the background model pull (bytes downloaded, or the conversion running)."""

    def __init__(self, progress: PullProgress) -> None:
        super().__init__()
        self.progress = progress


class ModelPullDone(Message):
    """The background model pull has ended: ``result`` says what was done (pulled, converted,
    already there, offline, not on the hub), or ``error`` why it failed."""

    def __init__(self, result: EnsuredModel | None, error: str = "") -> None:
        super().__init__()
        self.result = result
        self.error = error


class ConcordanceFound(Message):
    """The concordance's answer to ``query``: ``result`` with its hits laid out as
    ``prompts`` for ``width`` cells, or ``error`` saying why there is none (the memory could
    not be read)."""

    def __init__(
        self,
        query: str,
        result: Concordance | None,
        error: str = "",
        *,
        prompts: Sequence[RenderableType] = (),
        width: int = 0,
    ) -> None:
        super().__init__()
        self.query = query
        self.result = result
        self.error = error
        self.prompts = prompts
        self.width = width
