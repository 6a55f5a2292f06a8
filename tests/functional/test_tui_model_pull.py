"""f8 in the workbench: the MT model pulled and converted in the background (the first-run step
of ``make run``), through the real download path against the local stand-in for the hub
(tests/support/fake_hub.py) serving the tiny Marian model; typing goes on meanwhile, and the
segment on screen gets machine suggestions when it is done. Offline: said in the pane within
10 s, and the workbench keeps working."""

from __future__ import annotations

import time
from collections.abc import Callable
from fnmatch import fnmatch
from pathlib import Path

import pytest

# The fake hub serving the tiny model, and a process environment for it (fixtures).
from tests.functional.test_model_pull import HUB_ID, NAME, hub, hub_env  # noqa: F401
from tests.functional.tui_helpers import make_app, read_entries, sample_paragraphs, write_catalog
from tests.support.fake_hub import FakeHub
from workbench.mt.hub import SAFE_PATTERNS, PullProgress
from workbench.tui.components.info_panes import SuggestionsPane
from workbench.tui.components.model_pull import ModelPullBar
from workbench.tui.keys import PULL_MODEL_KEY

SIZE = (140, 42)

pytestmark = pytest.mark.slow  # converts a model


@pytest.fixture()
def served(hub: FakeHub) -> FakeHub:  # noqa: F811 - the fixture imported above
    """The fake hub, this process set to use it."""
    return hub


@pytest.fixture()
def catalog(project: Path) -> Path:
    return write_catalog(project, sample_paragraphs(6))


async def wait_until(pilot, condition: Callable[[], bool], timeout: float = 120.0) -> None:
    """Let the app run until ``condition`` holds (the pull and conversion take seconds)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await pilot.pause(0.05)


def pane_text(app) -> str:
    return str(app.query_one(SuggestionsPane).render())


def record_progress(monkeypatch: pytest.MonkeyPatch) -> list[PullProgress]:
    """Every progress step the bar is given, in order."""
    steps: list[PullProgress] = []
    advance = ModelPullBar.advance

    def recorded(self: ModelPullBar, progress: PullProgress) -> None:
        steps.append(progress)
        advance(self, progress)

    monkeypatch.setattr(ModelPullBar, "advance", recorded)
    return steps


async def test_f8_pulls_and_converts_with_a_bar_then_suggestions_appear(
    project: Path,
    catalog: Path,
    served: FakeHub,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    steps = record_progress(monkeypatch)
    app = make_app(catalog)  # no models/ folder: the real loader says so
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.mt_status.state == "missing")
        await pilot.pause()
        assert PULL_MODEL_KEY.keys == "f8"
        assert "f8" in pane_text(app) and "Pull the MT model" in pane_text(app)
        bar = app.query_one(ModelPullBar)
        assert not bar.display

        await pilot.press("f8")  # the tiny model from a local hub: done in well under a second
        await wait_until(pilot, lambda: app.mt_status.ready)
        await wait_until(pilot, lambda: any(i.kind.startswith("mt") for i in _items(app)))

        assert not bar.display, "the bar goes away once the model is in use"
        downloads = [s for s in steps if s.stage == "download"]
        assert downloads, "download progress reached the bar"
        assert [s.done for s in downloads] == sorted(s.done for s in downloads)
        total = downloads[-1].total
        assert total is not None and downloads[-1].done == total
        assert total == sum(len(b) for b in _served_model_files(served).values())
        converts = [s for s in steps if s.stage == "convert"]
        assert [(s.done, s.total) for s in converts] == [(0, None), (1, 1)]
        assert steps.index(converts[0]) > steps.index(downloads[-1])

        assert (project / "models" / NAME / "model.safetensors").is_file()
        assert (project / "models" / f"{NAME}-ct2" / "model.bin").is_file()
        assert app.service.mt.engine is not None
        assert "MT " in pane_text(app), "machine suggestions shown for the segment on screen"
        await pilot.press("ctrl+q")


async def test_typing_during_the_pull_is_never_blocked(
    project: Path,
    catalog: Path,
    served: FakeHub,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The weights are held mid-download by the hub: keys typed and a segment approved then
    land at once, and the pull completes afterwards."""
    release = served.hold_file(HUB_ID, "model.safetensors")
    app = make_app(catalog)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await wait_until(pilot, lambda: app.mt_status.state == "missing")
            await pilot.press("f8")
            await wait_until(pilot, lambda: served.held.is_set(), timeout=30)
            assert app._pulling

            started = time.monotonic()
            await pilot.press(*"Typed while pulling")
            await pilot.pause()
            assert app.editor.text == "Typed while pulling"
            await pilot.press("enter")  # approve: saved while the pull is still held
            await pilot.pause()
            assert app.current == 1
            assert time.monotonic() - started < 10
            assert app._pulling, "the download was still held while typing"
            assert "Downloading" in str(app.query_one("#model-pull-label").render())

            release.set()
            await wait_until(pilot, lambda: app.mt_status.ready)
            await pilot.press(*"more")
            await pilot.pause()
            assert app.editor.text.endswith("more")
            await pilot.press("ctrl+q")
    finally:
        release.set()
    first = read_entries(catalog)[0]
    assert first.msgstr == "Typed while pulling" and "fuzzy" not in first.flags


async def test_quitting_during_the_pull_stops_it_and_installs_nothing(
    project: Path, catalog: Path, served: FakeHub
) -> None:
    """The download stops at its next chunk after ctrl+q (the worker's thread would otherwise
    keep the process alive until the whole model arrived); what it fetched stays staged for
    the next pull to resume."""
    from workbench.mt.hub import staging_dir

    release = served.hold_file(HUB_ID, "model.safetensors")
    app = make_app(catalog)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await wait_until(pilot, lambda: app.mt_status.state == "missing")
            await pilot.press("f8")
            await wait_until(pilot, lambda: served.held.is_set(), timeout=30)
            await pilot.press("ctrl+q")
    finally:
        release.set()
    installed = project / "models" / NAME
    staged = staging_dir(installed)
    deadline = time.monotonic() + 30
    while not (staged / "config.json").is_file() and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)  # the worker's last chunk and its clean-up
    assert not installed.exists(), "a cancelled pull installs nothing"
    assert (staged / "config.json").is_file(), "the files fetched before are kept to resume"
    assert not (project / "models" / f"{NAME}-ct2").exists()


@pytest.mark.parametrize(
    "env",
    [{"HF_HUB_OFFLINE": "1"}, {"HF_ENDPOINT": "http://127.0.0.1:9"}],
    ids=["HF_HUB_OFFLINE", "refused"],
)
async def test_offline_is_said_in_the_pane_within_10_s_and_the_tui_keeps_working(
    project: Path,
    catalog: Path,
    hub_env: dict[str, str],  # noqa: F811 - the fixture imported above
    env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for key, value in {**hub_env, "HF_ENDPOINT": "", **env}.items():
        monkeypatch.setenv(key, value)
    app = make_app(catalog)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.mt_status.state == "missing")
        started = time.monotonic()
        await pilot.press("f8")
        await wait_until(pilot, lambda: not app._pulling, timeout=10)
        await pilot.pause()
        assert time.monotonic() - started < 10
        text = pane_text(app)
        assert f"{HUB_ID} could not be downloaded now" in text
        assert "HF_HUB_OFFLINE" in text or "cannot reach http://127.0.0.1:9" in text
        assert "glossary and TM still work" in text and "f8 tries again" in text
        bar = app.query_one(ModelPullBar)
        assert bar.display and "could not be downloaded" in str(
            app.query_one("#model-pull-label").render()
        )
        await pilot.press(*"still typing")
        await pilot.pause()
        assert app.editor.text == "still typing"
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("ctrl+q")
    assert read_entries(catalog)[0].msgstr == "still typing"
    assert not (project / "models").exists() or not any((project / "models").iterdir())


def _items(app) -> tuple:
    return app.query_one(SuggestionsPane).items


def _served_model_files(fake: FakeHub) -> dict[str, bytes]:
    """The files the pull fetches (safetensors weights, configuration, tokenizer)."""
    files = fake.repos[HUB_ID].files
    return {n: b for n, b in files.items() if any(fnmatch(n, p) for p in SAFE_PATTERNS)}
