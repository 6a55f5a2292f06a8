"""Spelling (issue 14): which Hunspell library is fast enough, and what the TUI's underlining
costs a translator's typing on a long segment.

1. pyenchant (libenchant's Hunspell provider, C) against spylls (pure Python), both reading
   Debian's ``/usr/share/hunspell/en_US``: time to open the dictionary, and time per word over
   the English side of the test model's corpus with misspellings mixed in (each word looked up
   afresh: no cache).
2. Keystroke to screen in the workbench (Pilot, headless): one segment whose translation is a
   long text (about 2,000 characters, 35 of its words misspelled and underlined), keys typed at
   its end. Each press is timed until the app is idle (Pilot's wait, noisy: a key bound to
   nothing is timed beside it), and the UI thread's own work for a key is timed alone: the edit
   and every visible row of the editor redrawn. The same app without spelling (no dictionary,
   nothing underlined) is the peer, the rounds interleaved. Also timed: the QA run when typing
   pauses (QA line and underlines), on the whole long text.

    .venv/bin/python bench/spelling.py [--keys 60] [--rounds 3]
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
from pathlib import Path

import polib
from _common import ROOT, minimal_catalog

from tests.support.tiny_marian import ENGLISH_TEXT

SAMPLE = ROOT / "corpus" / "hanoi-convention-signing.ar.txt"
GLOSSARY = ROOT / "corpus" / "official-titles.tsv"
DICTIONARY = "/usr/share/hunspell/en_US"
SIZE = (140, 42)
TYPOS = {"Minister": "Minstry", "received": "recieved", "convention": "convetnion",
         "countries": "contries", "international": "internatinal"}  # fmt: skip


def english_words() -> list[str]:
    words = [w.strip(".,;:()") for w in ENGLISH_TEXT.split()]
    words = [w for w in words if w.isalpha()]
    return words + list(TYPOS.values())


def long_translation() -> str:
    """About 2,000 characters of English, every eighth word misspelled (35 in all)."""
    words = ENGLISH_TEXT.split()
    text, typos = [], list(TYPOS.values())
    for number, word in enumerate(words * 3):
        text.append(typos[number % len(typos)] if number % 8 == 3 else word)
        if len(" ".join(text)) > 2000:
            break
    return " ".join(text)


def library_times(words: list[str], rounds: int) -> dict[str, tuple[float, float, set[str]]]:
    """Per library: open seconds, best per-word seconds over ``rounds``, the words refused."""
    import enchant
    from spylls.hunspell import Dictionary

    result = {}
    started = time.perf_counter()
    broker = enchant.Broker()
    broker.set_ordering("en_US", "hunspell")
    checker = broker.request_dict("en_US")
    opened = time.perf_counter() - started
    assert checker.provider.name == "hunspell"
    best = min(_timed(lambda: [w for w in words if not checker.check(w)]) for _ in range(rounds))
    result["pyenchant (hunspell)"] = (opened, best / len(words),
                                      {w for w in words if not checker.check(w)})
    started = time.perf_counter()
    spylls = Dictionary.from_files(DICTIONARY)
    opened = time.perf_counter() - started
    best = min(_timed(lambda: [w for w in words if not spylls.lookup(w)]) for _ in range(rounds))
    result["spylls"] = (opened, best / len(words), {w for w in words if not spylls.lookup(w)})
    return result


def _timed(work) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def make_project(folder: Path) -> Path:
    (folder / "corpus").mkdir(parents=True)
    shutil.copy(GLOSSARY, folder / "corpus")
    (folder / "pyproject.toml").write_text(
        '[tool.workbench]\nlocales = "locales"\nglossary = "corpus/official-titles.tsv"\n'
        'models = "models"\ntm = ".workbench/tm.sqlite3"\n',
        encoding="utf-8",
    )
    paragraphs = [p.strip() for p in SAMPLE.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    po = minimal_catalog()
    po.append(polib.POEntry(msgid=" ".join(paragraphs[:6]), msgstr=long_translation(),
                            flags=["fuzzy"], occurrences=[("article.ar.txt", "1")]))
    catalog = folder / "locales" / "en" / "LC_MESSAGES" / "article.po"
    catalog.parent.mkdir(parents=True)
    po.save(str(catalog))
    return catalog


async def typing(catalog: Path, keys: int, spelling: bool) -> dict[str, float]:
    from workbench.config import load_config
    from workbench.tui import build_app

    os.chdir(catalog.parents[3])
    app = build_app(load_config(), catalog, bidi="app", load_mt=False)
    if not spelling:
        app.qa.spelling = None
    result: dict[str, float] = {}
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.4)
        assert bool(app.editor.misspelled) == spelling, app.editor.misspelled
        await pilot.press("end")
        presses, noops = [], []
        for number in range(keys):
            started = time.perf_counter()
            await pilot.press("f12")  # bound to nothing: Pilot's own cost per press
            noops.append(time.perf_counter() - started)
            started = time.perf_counter()
            await pilot.press("a" if number % 2 else "backspace")
            presses.append(time.perf_counter() - started)
        result["key_median"] = statistics.median(presses)
        result["key_p90"] = sorted(presses)[int(len(presses) * 0.9)]
        result["noop_median"] = statistics.median(noops)
        # The UI thread's own work for one key, without Pilot's waiting: the edit, then every
        # visible row of the editor drawn afresh (the line cache emptied, as an edit does).
        editor = app.editor
        redraws = []
        for number in range(keys):
            started = time.perf_counter()
            if number % 2:
                editor.insert("a")
            else:
                editor.action_delete_left()
            editor._line_cache.clear()
            for y in range(editor.size.height):
                editor.render_line(y)
            redraws.append(time.perf_counter() - started)
        result["edit_and_redraw_median"] = statistics.median(redraws)
        checks = []
        for _ in range(20):
            started = time.perf_counter()
            app._run_qa()  # what runs once typing pauses: QA line and underlines
            checks.append(time.perf_counter() - started)
        result["check_at_pause_median"] = statistics.median(checks)
        app.exit()
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keys", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    words = english_words()
    libraries = library_times(words, args.rounds)
    print(f"{'library':<24}{'open':>10}{'per word':>12}  refused")
    for name, (opened, per_word, refused) in libraries.items():
        print(f"{name:<24}{opened * 1000:>7.1f} ms{per_word * 1e6:>9.1f} µs  {sorted(refused)}")
    (e_open, e_word, _), (s_open, s_word, _) = libraries.values()
    print(f"spylls / pyenchant: open {s_open / e_open:.1f}x, per word {s_word / e_word:.1f}x")

    with tempfile.TemporaryDirectory(prefix="bench-spelling-") as tmp:
        catalog = make_project(Path(tmp) / "project")
        text = long_translation()
        print(f"long segment: {len(text)} characters, {len(text.split())} words")
        asyncio.run(typing(catalog, 3, True))  # imports paid before timing
        runs: dict[bool, list[dict[str, float]]] = {True: [], False: []}
        for _ in range(args.rounds):
            for spelling in (False, True):
                runs[spelling].append(asyncio.run(typing(catalog, args.keys, spelling)))
    print(f"{'measure (median of rounds)':<40}{'spelling':>12}{'without':>12}{'ratio':>8}")
    for key in runs[True][0]:
        with_ = statistics.median(r[key] for r in runs[True])
        without = statistics.median(r[key] for r in runs[False])
        print(f"{key:<40}{with_ * 1000:>9.2f} ms{without * 1000:>9.2f} ms{with_ / without:>7.2f}x")
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
