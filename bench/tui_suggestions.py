"""Workbench TUI: how long a translator moving through a document waits for MT suggestions,
with the suggestion service's prefetch (the segment on screen first, then the next ones) and,
as the peer in the same run, without it.

The real app runs under Pilot (headless) on the sample article's catalog, imported into a temp
project whose ``models/`` holds the random-weight opus-mt-ar-en-sized CTranslate2 int8 model of
``bench/mt.py`` (built once into ``bench/.cache/``) and is chosen by ``[tool.workbench.mt_models]``,
so the app loads it through ``load_engine`` like any installed model. Each app gets a fresh
project: a fresh suggestion cache file, journal and memory, so nothing is served from an
earlier run. Every decode is exactly ``--tokens`` output tokens (the random model would stop at
``</s>`` whenever it likes): the bench sets ``min_output_tokens`` on the loaded engine and caps
the TUI's ``max_length`` with a wrapper around it (bench-side; the product is unchanged).

The translator: once a segment's suggestions are on screen, spends D seconds on it (``--paces``,
default 3, 1, 0.5 and 0.25 s: the last a fast skim), presses alt+down, and needs the next
segment's suggestions before going on. Per arrival, the wait is from the key press until the
suggestions pane shows that segment's suggestions (timed inside ``SuggestionsPane.show_set``);
an arrival waits zero when the pane never showed "Looking for suggestions…", i.e. they were
already there when the segment showed. The peer is the same app with
``SuggestionService.prefetch`` made a no-op, so every arrival asks for its own request.

    .venv/bin/python bench/tui_suggestions.py [--paces 3 1 0.5 0.25] [--arrivals 24]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from _common import ROOT
from mt import build_random_opus_mt

SAMPLE = ROOT / "corpus" / "hanoi-convention-signing.ar.txt"
GLOSSARY = ROOT / "corpus" / "official-titles.tsv"
MODEL_NAME = "opus-mt-ar-en-random"
SIZE = (140, 42)
ARRIVAL_TIMEOUT = 60.0  # seconds: a request this slow means the bench is broken, not slow


@dataclass(frozen=True)
class PaneEvent:
    """One update of the suggestions pane: ``source`` for a shown set, None for "loading"."""

    at: float
    source: str | None


PANE_EVENTS: list[PaneEvent] = []


def record_pane_updates() -> None:
    """Time every update of the suggestions pane (the bench's only probe into the UI)."""
    from workbench.tui.components.info_panes import SuggestionsPane

    show_set, show_loading = SuggestionsPane.show_set, SuggestionsPane.show_loading

    def timed_show_set(pane, result, mode="app"):  # type: ignore[no-untyped-def]
        show_set(pane, result, mode)
        PANE_EVENTS.append(PaneEvent(time.perf_counter(), result.source))

    def timed_show_loading(pane, mt_status=None):  # type: ignore[no-untyped-def]
        show_loading(pane, mt_status)
        PANE_EVENTS.append(PaneEvent(time.perf_counter(), None))

    SuggestionsPane.show_set = timed_show_set  # type: ignore[method-assign]
    SuggestionsPane.show_loading = timed_show_loading  # type: ignore[method-assign]


class FixedLength:
    """The loaded engine, decoding exactly ``tokens`` output tokens: the TUI asks for up to
    256 and a random model stops (or not) anywhere; a real model's sentence is about 30."""

    def __init__(self, engine, tokens: int) -> None:  # type: ignore[no-untyped-def]
        self.engine = engine
        self.tokens = tokens
        self.decodes: list[float] = []
        engine.inner.min_output_tokens = tokens  # engine: the CachedEngine load_engine made

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        return getattr(self.engine, name)

    def translate_batch(self, sources: Sequence[str], options):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        try:
            return self.engine.translate_batch(sources, replace(options, max_length=self.tokens))
        finally:
            self.decodes.append(time.perf_counter() - started)


def make_project(folder: Path) -> Path:
    """A project with the sample article imported (untranslated) and the random model
    installed under ``models/`` (symlinked from the bench cache); returns the catalog."""
    from workbench.catalog.importer import import_sources

    (folder / "corpus").mkdir(parents=True)
    shutil.copy(SAMPLE, folder / "corpus")
    shutil.copy(GLOSSARY, folder / "corpus")
    (folder / "models").mkdir()
    ct2_dir = build_random_opus_mt()
    (folder / "models" / f"{MODEL_NAME}-ct2").symlink_to(ct2_dir)
    (folder / "pyproject.toml").write_text(
        '[tool.workbench]\ntarget_languages = ["en"]\nlocales = "locales"\n'
        'glossary = "corpus/official-titles.tsv"\nmodels = "models"\n'
        'cache = ".workbench/suggestions.sqlite3"\ntm = ".workbench/tm.sqlite3"\n'
        f'engine = "ctranslate2"\nmt_threads = 0\n\n[tool.workbench.mt_models]\n'
        f'en = "{MODEL_NAME}"\n',
        encoding="utf-8",
    )
    results = import_sources(
        [folder / "corpus" / SAMPLE.name], language="en", locales=folder / "locales", root=folder
    )
    return results[0].catalog


@dataclass
class RunResult:
    waits: list[float]
    zero: list[bool]
    requests: list[float]
    decodes: list[float]
    seconds: float
    load_before: float
    load_after: float


async def run_translator(
    catalog: Path, pace: float, arrivals: int, tokens: int, prefetch: bool
) -> RunResult:
    """One app, one translator at ``pace``: ``arrivals`` moves to the next segment."""
    from workbench.config import load_config
    from workbench.tui import build_app

    os.chdir(catalog.parents[3])
    app = build_app(load_config(), catalog, bidi="app", load_mt=False)
    status = app.service.mt.load()  # the app's own adapter, through load_engine, before mounting
    if not status.ready:
        raise SystemExit(f"model not loaded: {status.message}")
    engine = FixedLength(app.service.mt.engine, tokens)
    app.service.mt.engine = engine
    warm_up = SAMPLE.read_text(encoding="utf-8").split()[:25]  # first calls allocate
    engine.engine.inner.translate_batch([" ".join(warm_up)], _options(app, tokens))
    engine.decodes.clear()
    if not prefetch:
        app.service.prefetch = lambda sources: None  # type: ignore[method-assign]
    requests: list[float] = []
    compute = app.service._compute

    def timed_compute(source: str):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        try:
            return compute(source)
        finally:
            requests.append(time.perf_counter() - started)

    app.service._compute = timed_compute  # type: ignore[method-assign]
    waits: list[float] = []
    zero: list[bool] = []
    load_before = os.getloadavg()[0]
    start = len(PANE_EVENTS)
    async with app.run_test(size=SIZE) as pilot:
        first = shown = await wait_until_shown(app, start)
        for _ in range(arrivals):
            # reading, deciding, typing: D seconds from the moment the suggestions showed
            await asyncio.sleep(max(0.0, shown.at + pace - time.perf_counter()))
            mark, leaving = len(PANE_EVENTS), app.current
            pressed = time.perf_counter()
            press(app, "alt+down")
            shown = await wait_until_shown(app, mark, after=leaving)
            waits.append(shown.at - pressed)
            zero.append(not any(e.source is None for e in PANE_EVENTS[mark:]))
        seconds = shown.at - first.at
        await pilot.press("ctrl+q")
    return RunResult(
        waits, zero, requests, engine.decodes, seconds, load_before, os.getloadavg()[0]
    )


def _options(app, tokens: int):  # type: ignore[no-untyped-def]
    from workbench.mt import DecodeOptions

    n_best = app.service.mt.n_best
    return DecodeOptions(beam=max(4, n_best), n_best=n_best, max_length=tokens)


def press(app, key: str) -> None:  # type: ignore[no-untyped-def]
    """The key as the terminal driver hands it to the app. Not ``Pilot.press``: that returns
    only once the process is idle (up to 2 s) and the MT thread keeps it busy, so the
    translator would dwell longer than D exactly when prefetching is working."""
    from textual import events

    app._driver.send_message(events.Key(key, None))


async def wait_until_shown(  # type: ignore[no-untyped-def]
    app, mark: int, after: int | None = None
) -> PaneEvent:
    """The pane update (event ``mark`` or later) that put up the suggestions of the segment on
    screen; with ``after``, first waits until the key press moved away from that segment."""
    deadline = time.perf_counter() + ARRIVAL_TIMEOUT
    while time.perf_counter() < deadline:
        if after is None or app.current != after:
            source = app.session.segments[app.current].msgid
            for event in PANE_EVENTS[mark:]:
                if event.source == source:
                    return event
        await asyncio.sleep(0.005)
    raise SystemExit(f"segment #{app.current + 1}: no suggestions after {ARRIVAL_TIMEOUT:.0f} s")


def p90(values: list[float]) -> float:
    return statistics.quantiles(values, n=10, method="inclusive")[-1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paces", type=float, nargs="+", default=[3.0, 1.0, 0.5, 0.25],
                        help="seconds on a segment once its suggestions are shown")
    parser.add_argument("--arrivals", type=int, default=24, help="moves per translator")
    parser.add_argument("--tokens", type=int, default=32, help="output tokens per decode")
    args = parser.parse_args()
    record_pane_updates()
    with tempfile.TemporaryDirectory(prefix="bench-tui-mt-") as tmp:
        catalog = make_project(Path(tmp) / "probe")
        import polib

        from workbench.config import load_config
        from workbench.glossary import Glossary

        segments = [entry.msgid for entry in polib.pofile(str(catalog)) if entry.msgid]
        glossary = Glossary.load(load_config(catalog.parents[3]).glossary)
        with_terms = sum(bool(glossary.match(s)) for s in segments)
        arrivals = min(args.arrivals, len(segments) - 1)
        print(f"catalog: the sample article, {len(segments)} segments ({with_terms} with glossary"
              f" terms: MT plain + MT with terms, two decodes); {arrivals} moves per translator;"
              f" {args.tokens} output tokens per decode, 3 suggestions (beam 4)")
        print(f"cores: {os.cpu_count()}, load average before: {os.getloadavg()[0]:.2f}")
        results: dict[tuple[float, bool], RunResult] = {}
        for number, pace in enumerate(args.paces):
            for prefetch in (True, False):  # peers back to back: load changes hit both
                catalog = make_project(Path(tmp) / f"run{number}-{prefetch}")
                results[(pace, prefetch)] = asyncio.run(
                    run_translator(catalog, pace, arrivals, args.tokens, prefetch)
                )
                print(".", end="", file=sys.stderr, flush=True)
        print(file=sys.stderr)
        os.chdir(ROOT)  # out of the project folders before they are removed
    everything = list(results.values())
    requests = [t for r in everything for t in r.requests]
    decodes = [t for r in everything for t in r.decodes]
    print(f"per request (service thread, all runs): median {statistics.median(requests) * 1000:.0f}"
          f" ms, p90 {p90(requests) * 1000:.0f} ms; per decode median "
          f"{statistics.median(decodes) * 1000:.0f} ms")
    print(f"\n{'pace D':>7} {'prefetch':<9}{'median':>9}{'p90':>9}{'max':>9}{'zero wait':>11}"
          f"{'s/segment':>11}{'load':>11}")
    for pace in args.paces:
        for prefetch in (True, False):
            r = results[(pace, prefetch)]
            share = sum(r.zero) / len(r.zero)
            print(f"{pace:>6.2f}s {'on' if prefetch else 'off':<9}"
                  f"{statistics.median(r.waits) * 1000:>6.0f} ms{p90(r.waits) * 1000:>6.0f} ms"
                  f"{max(r.waits) * 1000:>6.0f} ms{share:>10.0%}"
                  f"{r.seconds / len(r.waits):>10.2f}s"
                  f"{r.load_before:>6.2f}-{r.load_after:.2f}")
    print("\nratios, prefetch off / on (wait; whole time per segment, i.e. D + wait):")
    for pace in args.paces:
        on, off = results[(pace, True)], results[(pace, False)]
        median_ratio = statistics.median(off.waits) / statistics.median(on.waits)
        total_ratio = (off.seconds / len(off.waits)) / (on.seconds / len(on.waits))
        print(f"  D = {pace:.2f}s: median wait {median_ratio:.1f}x, p90 wait "
              f"{p90(off.waits) / p90(on.waits):.1f}x, time per segment {total_ratio:.2f}x")
    print(f"\nload average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
