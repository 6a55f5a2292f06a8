"""Benchmark: concordance over a 100,000-unit translation memory, against a linear scan.

Run: ``.venv/bin/python bench/concordance.py [--units 100000] [--queries 100]``.

- Memory: the sample article's sentences with variations (diacritics, hamza seats, tatweel,
  proclitics added to words, words replaced by others of the article or by invented words,
  a number changed), each with an English-like translation; 40 catalogs and one imported TMX
  as documents. Built with ``add_many``, which also fills the trigram indexes.
- Queries: Arabic (one or two words of the article, their alef seats swapped, so most are
  written otherwise than in the units: ``الامن``; rare invented words; a word in no unit; two
  words too short for trigrams) and English (words and two-word phrases of the translations;
  invented names in about 4 units each; short words and words in no unit), each searched for
  the first 50 hits (``search_memory``'s default).
- Peer, same run: the same search with the same normalization reading every unit newest
  first, no index (a subclass of the memory whose candidate pages ignore the trigrams); the
  hits of both must be the same.

Target: median under 50 ms (issue 14, section 4).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(1, str(ROOT))  # the TUI measure uses the tests' app helpers

from workbench.tm import TMUnit, TranslationMemory  # noqa: E402
from workbench.tm.concordance import search_memory  # noqa: E402

SAMPLE = ROOT / "corpus" / "hanoi-convention-signing.ar.txt"
LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
HARAKAT = "\u064e\u064f\u0650\u0651\u0652\u064b"
HAMZA_SEATS = {"ا": "أ", "أ": "ا", "إ": "ا", "آ": "ا"}
PROCLITICS = ("و", "ف", "ب", "ل", "وب", "ول", "فب")
ENGLISH = (
    "the minister of public security said that the convention signing ceremony was held "
    "over two days with representatives of many countries and international organisations "
    "cybercrime cooperation prevention future digital peace technology people general "
    "summit discussions commitments proposals implementation effective changes research"
).split()


def article_sentences() -> list[list[str]]:
    """The article's sentences (lines with Arabic, split at full stops), as word lists."""
    text = SAMPLE.read_text(encoding="utf-8")
    sentences = []
    for line in text.splitlines():
        for sentence in re.split(r"[.!?؟]\s*", line):
            words = sentence.split()
            if len(words) >= 3 and re.search("[\u0600-\u06ff]", sentence):
                sentences.append(words)
    return sentences


class Memory:
    """Deterministic units: article sentences with variations."""

    def __init__(self, seed: int = 7) -> None:
        self.rng = random.Random(seed)
        self.sentences = article_sentences()
        self.words = sorted({w for s in self.sentences for w in s if len(w) > 2})
        invented: set[str] = set()
        while len(invented) < 5_000:
            invented.add("".join(self.rng.choices(LETTERS, k=self.rng.randint(4, 8))))
        self.invented = sorted(invented)
        latin: set[str] = set()
        while len(latin) < 500:
            latin.add("".join(self.rng.choices("bcdfghklmnprstvz", k=4)) + "ion")
        self.invented_en = sorted(latin)

    def vary_word(self, word: str) -> str:
        rng = self.rng
        roll = rng.random()
        if roll < 0.05:
            return rng.choice(self.invented)
        if roll < 0.10:
            return rng.choice(self.words)
        if roll < 0.15 and word.startswith("ال"):
            return rng.choice(PROCLITICS) + ("ل" + word[1:] if rng.random() < 0.3 else word)
        if roll < 0.20:
            return "".join(HAMZA_SEATS.get(c, c) for c in word)
        if roll < 0.25:
            at = rng.randrange(len(word))
            return word[: at + 1] + rng.choice(HARAKAT) + word[at + 1 :]
        if roll < 0.27 and len(word) > 2:
            return word[:2] + "\u0640\u0640" + word[2:]
        if roll < 0.30 and word.isdigit():
            return str(rng.randint(2, 9999))
        return word

    def unit(self, number: int) -> TMUnit:
        rng = self.rng
        sentence = rng.choice(self.sentences)
        start = rng.randrange(max(1, len(sentence) - 5))
        words = [self.vary_word(w) for w in sentence[start : start + rng.randint(5, 30)]]
        target_words = rng.choices(ENGLISH, k=max(3, len(words)))
        if rng.random() < 0.02:  # a name: about 4 units each
            target_words.insert(rng.randrange(len(target_words)), rng.choice(self.invented_en))
        source = " ".join(words) + "."
        target = " ".join(target_words).capitalize() + "."
        origin = "tmx:agency.tmx" if number % 10 == 0 else f"en/LC_MESSAGES/doc{number % 40:02d}.po"
        return TMUnit(source, target, origin, "en")

    def arabic_queries(self, count: int) -> list[str]:
        rng = self.rng
        # Hard ones first: a word too short for trigrams (scanned in SQLite), a word in no unit.
        queries = ["الامن", "الأمن العام", "للامن", "الاتفاقية", "الجرائم الالكترونية", "في"]
        queries += ["تم", "ززززز"]
        while len(queries) < count:
            roll = rng.random()
            if roll < 0.15:
                queries.append(rng.choice(self.invented))  # rare
                continue
            sentence = rng.choice(self.sentences)
            at = rng.randrange(len(sentence))
            phrase = sentence[at : at + (2 if roll < 0.5 else 1)]
            if not all(re.search("[\u0621-\u064a]", word) for word in phrase):
                continue  # a number or a dash: not an Arabic query
            queries.append(" ".join("".join(HAMZA_SEATS.get(c, c) for c in w) for w in phrase))
        return queries[:count]

    def english_queries(self, count: int) -> list[str]:
        rng = self.rng
        queries = ["security", "public security", "Cybercrime", "convention signing"]
        queries += ["of", "-", "zz", "qqqqion"]  # too short for trigrams; in no unit
        while len(queries) < count:
            roll = rng.random()
            if roll < 0.15:
                queries.append(rng.choice(self.invented_en))
            elif roll < 0.5:
                queries.append(" ".join(rng.sample(ENGLISH, 2)))
            else:
                queries.append(rng.choice(ENGLISH))
        return queries[:count]


class LinearScan(TranslationMemory):
    """Peer 1: the same search reading every unit, newest first, without the indexes: each
    unit checked in Python with the same normalization."""

    def rows_with_trigrams(self, column, grams, before, size, *, contains=()):  # type: ignore[no-untyped-def]
        return super().rows_with_trigrams(column, (), before, size)


class SQLiteScan(TranslationMemory):
    """Peer 2: SQLite reads every unit without the indexes, keeping those containing the
    query's words (instr on the matching key, LIKE on targets); Python checks those."""

    def rows_with_trigrams(self, column, grams, before, size, *, contains=()):  # type: ignore[no-untyped-def]
        return super().rows_with_trigrams(column, (), before, size, contains=contains)


def _cpu() -> float:
    return time.process_time()


def measure(memory: TranslationMemory, queries: Sequence[str]) -> tuple[list[float], list, float]:
    """Wall-clock ms per query, the answers, and CPU seconds for all of them."""
    times, answers = [], []
    cpu = _cpu()
    for query in queries:
        start = time.perf_counter()
        answers.append(search_memory(memory, query))
        times.append((time.perf_counter() - start) * 1000)
    return times, answers, _cpu() - cpu


def p90(values: list[float]) -> float:
    return statistics.quantiles(values, n=10)[8]


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[18]


TUI_QUERIES = ("الامن", "الأمن العام", "security council", "international peace")


async def bench_tui(memory: Path, folder: Path) -> None:
    """Keys typed in the concordance's input (f12) against keys typed in the ctrl+f filter
    (peer: no search behind it), in the real app under Pilot with this memory; and the UI
    thread's time to put an answer on screen. Pilot's press waits until the app is idle, so it
    includes Pilot's own cost (about 80 ms a key here)."""
    import shutil

    from textual.widgets import OptionList

    from tests.functional.tui_helpers import FakeEngine, make_app, sample_paragraphs, write_catalog
    from workbench.tui.components.memory_search import TYPING_PAUSE

    project = folder / "project"
    (project / ".workbench").mkdir(parents=True)
    (project / "corpus").mkdir()
    shutil.copy(SAMPLE, project / "corpus")
    shutil.copy(memory, project / ".workbench" / "tm.sqlite3")
    (project / "pyproject.toml").write_text(
        '[tool.workbench]\nsource_language = "ar"\ntarget_languages = ["en"]\n'
        'locales = "locales"\ncorpus = "corpus"\nmodels = "models"\n'
        'tm = ".workbench/tm.sqlite3"\n',
        encoding="utf-8",
    )
    previous = Path.cwd()
    os.chdir(project)
    shown: list[float] = []
    original = OptionList.set_options

    def timed_set_options(self, options):  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        result = original(self, options)
        shown.append((time.perf_counter() - start) * 1000)
        return result

    OptionList.set_options = timed_set_options  # type: ignore[method-assign]
    try:
        app = make_app(write_catalog(project, sample_paragraphs(3)), fake_engine=FakeEngine())
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()

            async def typed(text: str) -> list[float]:
                times = []
                for char in text:
                    start = time.perf_counter()
                    await pilot.press(char)
                    times.append((time.perf_counter() - start) * 1000)
                return times

            await pilot.press("f12")
            ours: list[float] = []
            for query in TUI_QUERIES:
                ours += await typed(query)
                await pilot.pause(TYPING_PAUSE + 0.2)
                await app.screen.workers.wait_for_complete()
                await pilot.pause()
                await pilot.press(*["backspace"] * len(query))
            await pilot.press("escape", "ctrl+f")
            theirs: list[float] = []
            for query in TUI_QUERIES:
                theirs += await typed(query)
                await pilot.press(*["backspace"] * len(query))
            await pilot.press("escape", "ctrl+q")
    finally:
        OptionList.set_options = original  # type: ignore[method-assign]
        os.chdir(previous)
    answers = shown
    print(f"\nTUI, {len(ours)} keys typed in 4 queries, 120x40 terminal, Pilot:")
    print(
        f"  key press in the concordance (f12): median {statistics.median(ours):6.1f} ms,"
        f" p90 {p90(ours):6.1f} ms, max {max(ours):6.1f} ms (key {ours.index(max(ours)) + 1})"
    )
    ratio = statistics.median(ours) / statistics.median(theirs)
    print(
        f"  key press in the ctrl+f filter:     median {statistics.median(theirs):6.1f} ms,"
        f" p90 {p90(theirs):6.1f} ms, max {max(theirs):6.1f} ms;  ratio {ratio:.2f}x (median)"
    )
    print(
        f"  an answer put on screen (UI thread, up to 60 hits): median"
        f" {statistics.median(answers):.1f} ms, max {max(answers):.1f} ms ({len(answers)} answers)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--no-tui", action="store_true", help="skip the TUI measure")
    args = parser.parse_args()
    generator = Memory()
    units = [generator.unit(n) for n in range(args.units)]
    print(f"load average at start: {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "tm.sqlite3"
        start, cpu = time.perf_counter(), _cpu()
        with TranslationMemory(path) as memory:
            memory.add_many(units)
        print(
            f"memory of {len(units):,} units built in {time.perf_counter() - start:.1f} s wall,"
            f" {_cpu() - cpu:.1f} s CPU; {path.stat().st_size / 1e6:.0f} MB"
        )
        for kind, queries in (
            ("Arabic (sources)", generator.arabic_queries(args.queries)),
            ("English (targets)", generator.english_queries(args.queries)),
        ):
            timings = {}
            for name, kind_of_memory in (
                ("index", TranslationMemory),
                ("SQLite scan", SQLiteScan),
                ("linear scan", LinearScan),
            ):
                with kind_of_memory(path) as memory:
                    search_memory(memory, queries[0])  # the page cache warm for each
                    timings[name] = measure(memory, queries)
            ours, found, _ = timings["index"]
            same = {
                name: sum(
                    [h.source for h in a.hits] == [h.source for h in b.hits] and a.more == b.more
                    for a, b in zip(found, answers, strict=True)
                )
                for name, (_, answers, _) in timings.items()
            }
            hits = [len(a.hits) for a in found]
            print(f"\n{kind}: {len(queries)} queries, up to 50 hits each")
            print(
                f"  hits: median {statistics.median(hits):.0f}, "
                f"{sum(h == 0 for h in hits)} queries without any, {sum(a.more for a in found)}"
                f" with more than 50; same hits as each peer: "
                + ", ".join(f"{same[name]}/{len(queries)}" for name in timings if name != "index")
            )
            for name, (times, _, cpu) in timings.items():
                median_ratio = statistics.median(ours) / statistics.median(times)
                ratio = (
                    ""
                    if name == "index"
                    else f";  index / this: median {median_ratio:.2f}x,"
                    f" p95 {p95(ours) / p95(times):.2f}x"
                )
                print(
                    f"  {name:12} median {statistics.median(times):7.2f} ms, p95 {p95(times):7.2f}"
                    f" ms, max {max(times):7.2f} ms, CPU {cpu / len(queries) * 1000:6.2f} ms/query"
                    + ratio
                )
            complete = [i for i, answer in enumerate(found) if not answer.more]
            if complete:  # every candidate read: no early stop at 50 hits
                print(
                    f"  the {len(complete)} queries with 50 hits or fewer, medians: "
                    + ", ".join(
                        f"{name} {statistics.median(times[i] for i in complete):.2f} ms"
                        for name, (times, _, _) in timings.items()
                    )
                )
            print("  (target: median < 50 ms)")
        if not args.no_tui:
            asyncio.run(bench_tui(path, Path(folder)))
    print(f"\nload average at end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
