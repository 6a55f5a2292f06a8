"""The rules of the TUI's model pull, without Textual: steps throttled for the UI (the last
byte and the conversion always passed on), a quit stops the pull, failures become one line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from workbench.config import Config
from workbench.errors import WorkbenchError
from workbench.mt import first_run
from workbench.mt.first_run import OFFLINE, PULLED, EnsuredModel
from workbench.mt.hub import PullProgress
from workbench.tui.model_pull import describe_outcome, model_to_pull, pull_model
from workbench.tui.providers import MTAdapter, within_project

MODEL = "Helsinki-NLP/opus-mt-ar-en"
STEPS = [
    PullProgress("download", 0, 100, "config.json"),
    PullProgress("download", 10, 100, "config.json"),
    PullProgress("download", 50, 100, "model.safetensors"),
    PullProgress("download", 90, 100, "model.safetensors"),
    PullProgress("download", 100, 100, "model.safetensors"),
    PullProgress("convert", 0, None, MODEL),
    PullProgress("convert", 1, 1, MODEL),
]


@pytest.fixture()
def mt(tmp_path: Path) -> MTAdapter:
    return MTAdapter(Config(root=tmp_path), language="en")


def fake_ensure(
    monkeypatch: pytest.MonkeyPatch, run: Callable[[Callable[[PullProgress], None]], object]
) -> list[dict]:
    calls: list[dict] = []

    def ensure(config, target_language=None, *, progress=True, model_id=None, on_progress=None):
        calls.append({"language": target_language, "progress": progress, "model": model_id})
        return run(on_progress)

    monkeypatch.setattr(first_run, "ensure_model", ensure)
    return calls


def test_steps_are_throttled_but_the_last_byte_and_the_conversion_always_go(
    mt: MTAdapter, monkeypatch: pytest.MonkeyPatch
) -> None:
    def run(on_progress):
        for step in STEPS:
            on_progress(step)
        return EnsuredModel(MODEL, PULLED, Path("models/opus-mt-ar-en-ct2"))

    calls = fake_ensure(monkeypatch, run)
    seen: list[PullProgress] = []
    result, error = pull_model(mt, MODEL, seen.append, lambda: False, clock=lambda: 5.0)
    assert (result.status, error) == (PULLED, "")
    assert calls == [{"language": "en", "progress": False, "model": MODEL}]
    # The clock stands still: after the first step only the final byte and the conversion.
    assert seen == [STEPS[0], STEPS[4], STEPS[5], STEPS[6]]


def test_a_quit_stops_the_pull_at_its_next_step(
    mt: MTAdapter, monkeypatch: pytest.MonkeyPatch
) -> None:
    reached: list[PullProgress] = []

    def run(on_progress):
        for step in STEPS:
            on_progress(step)
            reached.append(step)
        raise AssertionError("not stopped")

    fake_ensure(monkeypatch, run)
    quitting = iter([False, False, True])
    result, error = pull_model(mt, MODEL, lambda _: None, lambda: next(quitting))
    assert result is None and error == "stopped: the workbench is quitting"
    assert reached == STEPS[:2]


@pytest.mark.parametrize(
    ("raised", "said"),
    [
        (WorkbenchError("disk full", Path("models")), "models: disk full"),
        (RuntimeError("converter crashed"), "RuntimeError: converter crashed"),
    ],
)
def test_a_failure_is_one_line_never_raised(
    mt: MTAdapter, monkeypatch: pytest.MonkeyPatch, raised: Exception, said: str
) -> None:
    def run(on_progress):
        raise raised

    fake_ensure(monkeypatch, run)
    result, error = pull_model(mt, MODEL, lambda _: None, lambda: False)
    assert result is None and said in error


def test_outcomes_are_worded_for_the_pane() -> None:
    ready = describe_outcome(EnsuredModel(MODEL, PULLED, Path("m")), "", "f8")
    assert ready.ready and ready.text == f"{MODEL}: pulled; loading it…"
    offline = describe_outcome(
        EnsuredModel(MODEL, OFFLINE, reason="cannot reach http://127.0.0.1:9: refused"), "", "f8"
    )
    assert not offline.ready
    assert offline.text == (
        f"{MODEL} could not be downloaded now: cannot reach http://127.0.0.1:9: refused"
        " — glossary and TM still work; f8 tries again"
    )
    failed = describe_outcome(None, "disk full", "f8")
    assert not failed.ready and failed.text.startswith("The MT model could not be pulled: disk")


def test_the_model_pulled_is_the_sessions_else_the_configured_one(mt: MTAdapter) -> None:
    assert model_to_pull(mt) == mt.config.default_mt_model("en")
    mt.model = "Helsinki-NLP/opus-mt-ar-fr"
    assert model_to_pull(mt) == "Helsinki-NLP/opus-mt-ar-fr"


@pytest.mark.parametrize(
    ("said", "shown"),
    [
        ("not installed in /srv/p/models (copy it to /srv/p/models/opus-mt-ar-en)",
         "not installed in models (copy it to models/opus-mt-ar-en)"),
        ("cannot write /srv/p: read-only", "cannot write the project folder: read-only"),
        ("'/srv/p'", "'the project folder'"),
        ("in /srv/p-old/m or /data/srv/p/m", "in /srv/p-old/m or /data/srv/p/m"),
        ("in /srv/pp/models", "in /srv/pp/models"),
    ],
)  # fmt: skip
def test_messages_name_paths_within_the_project(said: str, shown: str) -> None:
    """What the TUI shows of a model problem: no path of the machine's file system inside the
    project (a served session's screen goes to browsers); other paths stay as they are."""
    assert within_project(said, Path("/srv/p")) == shown
