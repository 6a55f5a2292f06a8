"""The MT model's download in the background: a label and a bar above the suggestions.

Hidden until a pull starts (f8 or the palette); it shows what is being fetched and how much,
then the conversion (CTranslate2 reports no steps: the bar pulses), and finally what came of
it: hidden again when the model is in use, or the reason it could not be fetched (offline),
which stays until the next attempt.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import ProgressBar, Static

if TYPE_CHECKING:
    from workbench.mt.hub import PullProgress


def describe_progress(model_id: str, progress: PullProgress) -> str:
    """The label's line for one step of the pull."""
    if progress.stage == "convert":
        return f"Converting {model_id} for CTranslate2…"
    shown = f"Downloading {model_id}"
    if progress.file:
        shown += f": {progress.file}"
    if progress.total:
        shown += f" ({progress.done / 1e6:.1f} of {progress.total / 1e6:.1f} MB)"
    return shown


class ModelPullBar(Vertical):
    """A label over a :class:`ProgressBar`, shown while the model is pulled or after a pull
    that failed."""

    DEFAULT_CSS = """
    ModelPullBar { height: auto; display: none; padding: 0 1; }
    ModelPullBar.-visible { display: block; }
    ModelPullBar.-failed #model-pull-label { color: $warning; }
    ModelPullBar.-failed ProgressBar { display: none; }
    """

    def __init__(self, **kw) -> None:  # type: ignore[no-untyped-def]
        super().__init__(**kw)
        self.model_id = ""

    def compose(self) -> ComposeResult:
        yield Static(id="model-pull-label")
        yield ProgressBar(total=None, show_eta=False, id="model-pull-bar")

    @property
    def label(self) -> Static:
        return self.query_one("#model-pull-label", Static)

    @property
    def bar(self) -> ProgressBar:
        return self.query_one(ProgressBar)

    def started(self, model_id: str) -> None:
        self.model_id = model_id
        self.remove_class("-failed")
        self.add_class("-visible")
        self.label.update(f"Pulling {model_id}: asking the hub…")
        self.bar.update(total=None, progress=0)

    def advance(self, progress: PullProgress) -> None:
        self.label.update(describe_progress(self.model_id, progress))
        if progress.total is None:
            self.bar.update(total=None)
        else:
            self.bar.update(total=max(progress.total, 1), progress=progress.done)

    def finished(self, message: str) -> None:
        """The pull ended and the model is loading: the bar goes away."""
        self.remove_class("-visible", "-failed")
        self.label.update(message)

    def failed(self, message: str) -> None:
        """The pull could not be done: the reason stays in view."""
        self.add_class("-visible", "-failed")
        self.label.update(message)
