"""Workbench TUI speed with Pilot: open a 20,000-segment catalog, move between segments,
approve while the catalog is written in the background.

Peers measured in the same run: the same app on a 200-segment catalog (so the ratio shows what
catalog size costs), an unbound key (Pilot's own cost per key press, subtracted from a move)
and polib parsing the 20,000-segment file (the floor of any opening). A warm-up run on a tiny
catalog pays the imports first ("open" is the app's own opening, not Python's start-up).

    .venv/bin/python bench/tui.py [--segments 20000] [--moves 60]
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polib
from _common import minimal_catalog

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpus" / "hanoi-convention-signing.ar.txt"
GLOSSARY = ROOT / "corpus" / "official-titles.tsv"
SIZE = (140, 42)
BATCH_WRITE = """
import sys
from workbench.catalog.store import EntryUpdate, apply_updates
apply_updates(sys.argv[1], [EntryUpdate(msgid=sys.argv[2], msgstr="batch", fuzzy=True)])
"""


def make_project(folder: Path, segments: int) -> Path:
    """A project whose catalog cycles the sample's paragraphs (unique msgids), a third done."""
    (folder / "corpus").mkdir(parents=True)
    shutil.copy(GLOSSARY, folder / "corpus")
    (folder / "pyproject.toml").write_text(
        '[tool.workbench]\nlocales = "locales"\nglossary = "corpus/official-titles.tsv"\n'
        'models = "models"\ntm = ".workbench/tm.sqlite3"\n',
        encoding="utf-8",
    )
    paragraphs = [p.strip() for p in SAMPLE.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    po = minimal_catalog()
    for number in range(segments):
        entry = polib.POEntry(
            msgid=f"{paragraphs[number % len(paragraphs)]} ({number})",
            msgstr=f"Translation {number}" if number % 3 == 1 else "",
            occurrences=[("article.ar.txt", str(number + 1))],
        )
        if number % 6 == 4:
            entry.msgstr = f"MT draft {number}"
            entry.flags.append("fuzzy")
        po.append(entry)
    catalog = folder / "locales" / "en" / "LC_MESSAGES" / "article.po"
    catalog.parent.mkdir(parents=True)
    po.save(str(catalog))
    return catalog


async def measure(catalog: Path, moves: int) -> dict[str, float]:
    import os

    from workbench.config import load_config
    from workbench.tui import build_app

    os.chdir(catalog.parents[3])
    started = time.perf_counter()
    app = build_app(load_config(), catalog, bidi="app")
    result: dict[str, float] = {}
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        result["open"] = time.perf_counter() - started
        assert app.editor.text is not None and app.segment_list.rows
        # Pilot's own cost per key (an unbound key), interleaved with the moves as their peer
        step_times, noop_times, handler_times = [], [], []
        for _ in range(moves):
            before = time.perf_counter()
            await pilot.press("f12")
            noop_times.append(time.perf_counter() - before)
            before = time.perf_counter()
            await pilot.press("alt+down")
            step_times.append(time.perf_counter() - before)
        for _ in range(moves):
            before = time.perf_counter()
            app.action_move(1)  # what the UI thread spends in the workbench's code
            handler_times.append(time.perf_counter() - before)
            await pilot.pause()
        result["noop_key_median"] = statistics.median(noop_times)
        result["move_key_median"] = statistics.median(step_times)
        result["move_key_minus_noop"] = result["move_key_median"] - result["noop_key_median"]
        result["move_handler_median"] = statistics.median(handler_times)
        result["move_handler_max"] = max(handler_times)
        todo_times = []
        for _ in range(moves // 3):
            before = time.perf_counter()
            app.action_next_todo()
            todo_times.append(time.perf_counter() - before)
            await pilot.pause()
        result["next_todo_handler_median"] = statistics.median(todo_times)
        # approve: journal fsync + next segment on screen; the catalog write runs behind
        await pilot.press(*"Approved text")
        before = time.perf_counter()
        app.action_approve_next()  # journal append + fsync, next segment shown
        result["approve_handler"] = time.perf_counter() - before
        await pilot.pause()
        during = []
        while app.saver.busy and len(during) < moves:
            before = time.perf_counter()
            await pilot.press("alt+down")
            during.append(time.perf_counter() - before)
        result["move_during_save_median"] = statistics.median(during) if during else float("nan")
        result["moves_during_save"] = len(during)
        before = time.perf_counter()
        app.saver.wait_idle(60)
        result["background_save_left"] = time.perf_counter() - before
        # a batch run (another process) rewrites the catalog: moves while it is re-read
        victim = app.session.segments[-1].msgid
        writer = subprocess.Popen(
            [sys.executable, "-c", BATCH_WRITE, str(catalog), victim], cwd=catalog.parents[3]
        )
        during_reload, merged = [], False
        deadline = time.perf_counter() + 30
        while time.perf_counter() < deadline and not merged:
            before = time.perf_counter()
            await pilot.press("alt+down")
            during_reload.append(time.perf_counter() - before)
            merged = writer.poll() is not None and app.session.segments[-1].target == "batch"
        writer.wait()
        result["move_during_batch_write_and_reload_median"] = statistics.median(during_reload)
        result["moves_until_merged"] = len(during_reload)
        before = time.perf_counter()
        await pilot.press("ctrl+q")
        result["quit"] = time.perf_counter() - before
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=20_000)
    parser.add_argument("--peer-segments", type=int, default=200)
    parser.add_argument("--moves", type=int, default=60)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-tui-") as tmp:
        big = make_project(Path(tmp) / "big", args.segments)
        small = make_project(Path(tmp) / "small", args.peer_segments)
        size_mb = big.stat().st_size / 1e6
        before = time.perf_counter()
        polib.pofile(str(big), wrapwidth=79)
        parse = time.perf_counter() - before
        warm = make_project(Path(tmp) / "warm", 20)
        asyncio.run(measure(warm, 3))  # imports and first-run caches paid before timing
        small_result = asyncio.run(measure(small, args.moves))
        big_result = asyncio.run(measure(big, args.moves))
    print(f"catalog: {args.segments} segments ({size_mb:.1f} MB) "
          f"vs peer {args.peer_segments}; polib parse of the big one {parse * 1000:.0f} ms")
    print(f"{'measure':<44}{'big':>12}{'peer':>12}{'big/peer':>10}")
    for key in big_result:
        b, s = big_result[key], small_result[key]
        count = key.startswith("moves_")
        unit = "" if count else " ms"
        scale = 1 if count else 1000
        ratio = f"{b / s:>9.2f}x" if s and s == s and b == b else "        -"
        print(f"{key:<44}{b * scale:>9.1f}{unit:<3}{s * scale:>9.1f}{unit:<3}{ratio}")
    ok_open = big_result["open"] < 1.5
    ok_move = big_result["move_key_minus_noop"] < 0.050
    print(f"open < 1.5 s: {'yes' if ok_open else 'NO'}; next segment < 50 ms: "
          f"{'yes' if ok_move else 'NO'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
