"""Catalog load/save speed on a generated 50,000-entry catalog, against polib and GNU msgcat.

Run: ``.venv/bin/python bench/catalog_io.py [ENTRIES]``. Prints wall times and ratios measured
in the same run; the issue's target is a load under 1.5 s.
"""

from __future__ import annotations

import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import polib
from _common import ENGLISH_HEADER

from workbench.catalog.pofile import format_po, read_po, write_po

ARABIC_WORDS = (
    "الرئيس الوزراء اتفاقية هانوي مكافحة الجرائم الإلكترونية العاصمة الفيتنامية بحضور ممثلين "
    "أكثر ستين دولة وقال إن خطوة تاريخية التعاون الدولي الأمم المتحدة المعلومات الحكومة "
    "وزير الخارجية المؤتمر الصحفي الجمعية العامة البيانات الشبكات الأمن السيبراني"
).split()
ENGLISH_WORDS = (
    "the president minister convention Hanoi against cybercrime capital Vietnamese presence "
    "representatives more than sixty countries said historic step international cooperation "
    "United Nations information government foreign affairs conference press general assembly"
).split()


def generate(path: Path, entries: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    po = polib.POFile()
    po.metadata = {
        "Project-Id-Version": "bench 1.0",
        "PO-Revision-Date": "2026-11-28 12:00+0000",
        **ENGLISH_HEADER,
    }
    for number in range(entries):
        words = rng.randint(4, 40)
        msgid = " ".join(rng.choice(ARABIC_WORDS) for _ in range(words)) + f" {number}."
        msgstr = ""
        if number % 2:
            msgstr = " ".join(rng.choice(ENGLISH_WORDS) for _ in range(words)) + f" {number}."
        po.append(
            polib.POEntry(
                msgid=msgid,
                msgstr=msgstr,
                occurrences=[("corpus/article.ar.txt", str(number + 1))],
                flags=["fuzzy"] if number % 10 == 1 else [],
            )
        )
    write_po(po, path)


def timed(function: Callable[[], object], repeat: int = 2) -> tuple[float, float]:
    """Best wall time and best CPU time (this process and its children) of ``function``."""
    best_wall = best_cpu = float("inf")
    for _ in range(repeat):
        before = _cpu()
        started = time.perf_counter()
        function()
        best_wall = min(best_wall, time.perf_counter() - started)
        best_cpu = min(best_cpu, _cpu() - before)
    return best_wall, best_cpu


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _row(label: str, ours: tuple[float, float], peer: tuple[float, float] | None = None) -> str:
    text = f"{label:<34} wall {ours[0]:6.2f} s   cpu {ours[1]:6.2f} s"
    if peer is not None:
        text += f"   ratio (cpu) {ours[1] / peer[1]:.2f}x"
    return text


def main() -> int:
    entries = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    folder = Path(tempfile.mkdtemp(prefix="bench-catalog-"))
    try:
        path = folder / "bench.po"
        generate(path, entries)
        size = path.stat().st_size
        po = read_po(path)
        ours_load = timed(lambda: read_po(path))
        polib_load = timed(lambda: polib.pofile(str(path), wrapwidth=79))
        ours_format = timed(lambda: format_po(po))
        ours_save = timed(lambda: write_po(po, folder / "ours.po"))
        polib_save = timed(lambda: po.save(str(folder / "polib.po")))
        gnu = timed(lambda: subprocess.run(["msgcat", str(path), "-o", str(folder / "gnu.po")]))
        identical = (folder / "ours.po").read_bytes() == (folder / "gnu.po").read_bytes()
    finally:
        shutil.rmtree(folder)
    print(f"catalog: {entries} entries, {size / 1e6:.1f} MB, half translated")
    print(_row("polib.pofile (peer)", polib_load))
    print(_row("read_po (ours, strict)", ours_load, polib_load))
    print(_row("polib save (peer)", polib_save))
    print(_row("msgcat FILE -o OUT (peer)", gnu))
    print(_row("format_po (ours)", ours_format))
    print(_row("write_po (ours, atomic)", ours_save, polib_save))
    print(f"write_po / msgcat (cpu): {ours_save[1] / gnu[1]:.2f}x")
    verdict = "met" if ours_load[1] < 1.5 else "MISSED"
    print(f"load target < 1.5 s (cpu {ours_load[1]:.2f} s): {verdict}")
    print(f"write_po output identical to msgcat's: {identical}")
    return 0 if identical else 1


if __name__ == "__main__":
    raise SystemExit(main())
