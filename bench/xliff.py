"""Benchmark: XLIFF export and import, and ``stats --analysis`` against a large memory.

Run: ``.venv/bin/python bench/xliff.py [--entries 50000] [--units 100000] [--sample 300]``.

- Export: a 50,000-entry catalog (a third translated, a sixth fuzzy with a previous source,
  references, a context in one entry of ten) read and written as XLIFF 1.2 and 2.1 (target
  < 2 s); peer: translate-toolkit's ``po2xliff`` on the same catalog, when installed.
- Import of the unchanged export: every unit compared, nothing written.
- Analysis: the same 50,000 entries against a 100,000-unit memory (target < 10 s). The memory
  holds a quarter of the entries' sources verbatim, a quarter edited by one to four words,
  the rest unrelated sentences. Recall: for ``--sample`` sources, how often the analysis puts
  the entry in the band of ``tm search``'s best match (``min_score`` 50, the memory's index).

Sentences are tm_qa's synthetic Arabic (Zipf-distributed words, 5-30 a sentence).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib
from _common import ENGLISH_HEADER, ROOT, minimal_catalog
from tm_qa import Corpus, timed

sys.path.insert(0, str(ROOT / "src"))

from workbench.catalog.pofile import write_po  # noqa: E402
from workbench.interchange.analysis import _LOWEST_BAND, analyse, band_of  # noqa: E402
from workbench.interchange.xliff import export_xliff, import_xliff  # noqa: E402
from workbench.tm import TMUnit, TranslationMemory  # noqa: E402


def build_catalog(corpus: Corpus, entries: int, path: Path) -> list[str]:
    po = minimal_catalog(language="en")
    po.metadata = dict(ENGLISH_HEADER)
    sources: list[str] = []
    seen: set[tuple[str | None, str]] = set()
    while len(sources) < entries:
        source = corpus.sentence()
        index = len(sources)
        context = f"screen {index % 7}" if index % 10 == 0 else None
        if (context, source) in seen:
            continue
        seen.add((context, source))
        entry = polib.POEntry(
            msgid=source, msgctxt=context, occurrences=[("doc.ar.txt", str(index))]
        )
        if index % 3 == 0:
            entry.msgstr = corpus.translation(source)
        elif index % 6 == 1:
            entry.msgstr = corpus.translation(source)
            entry.flags.append("fuzzy")
            entry.previous_msgid = corpus.edit(source, 1)
        po.append(entry)
        sources.append(source)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_po(po, path)
    return sources


def build_memory(corpus: Corpus, sources: list[str], units: int, path: Path) -> None:
    quarter = len(sources) // 4
    made = [TMUnit(s, corpus.translation(s), "tmx:bench", "en") for s in sources[:quarter]]
    made += [
        TMUnit(corpus.edit(s, 1 + i % 4), corpus.translation(s), "tmx:bench", "en")
        for i, s in enumerate(sources[quarter : 2 * quarter])
    ]
    while len(made) < units:
        sentence = corpus.sentence()
        made.append(TMUnit(sentence, corpus.translation(sentence), "tmx:bench", "en"))
    with TranslationMemory(path) as memory:
        memory.add_many(made)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=50_000)
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=300)
    args = parser.parse_args()
    corpus = Corpus()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        catalog = root / "locales/en/LC_MESSAGES/big.po"
        sources = build_catalog(corpus, args.entries, catalog)
        for version in ("1.2", "2.1"):
            output = root / f"big-{version}.xlf"
            took, _ = timed(
                lambda output=output, version=version: export_xliff(
                    catalog, output, root=root, version=version
                )
            )
            print(f"export {args.entries:,} entries, XLIFF {version}: {took}   (target < 2 s)")
        if shutil.which("po2xliff"):
            peer, _ = timed(lambda: subprocess.run(
                ["po2xliff", str(catalog), str(root / "tk.xlf")], check=True,
                capture_output=True,
            ))  # fmt: skip
            print(f"  peer: translate-toolkit po2xliff:      {peer}")
        before = catalog.read_bytes()
        took, results = timed(lambda: import_xliff(root / "big-1.2.xlf", into=None, root=root))
        assert catalog.read_bytes() == before and results[0].applied == 0
        print(f"import of the unchanged export (1.2):     {took}")

        memory_path = root / "tm.sqlite3"
        took, _ = timed(lambda: build_memory(corpus, sources, args.units, memory_path))
        print(f"(memory of {args.units:,} units built in {took})")
        with TranslationMemory(memory_path) as memory:
            took, report = timed(lambda: analyse([catalog], memory))
            matches = report.total.matches
            print(f"analysis, {args.entries:,} entries x {args.units:,} units: {took}   "
                  "(target < 10 s)")  # fmt: skip
            print("  " + ", ".join(f"{name}: {count.segments}" for name, count in matches.items()))
            left = [s for i, s in enumerate(sources) if i % 3 != 0]
            left = left[:: max(1, len(left) // args.sample)][: args.sample]
            from workbench.interchange.matching import BestScores

            scores = BestScores(memory.matching_keys(), "en", _LOWEST_BAND)
            agree = 0
            for source in left:
                found = memory.search(source, min_score=_LOWEST_BAND, limit=1)
                agree += band_of(found[0].score if found else None) == band_of(scores.score(source))
            print(f"  band agreement with tm search on {len(left)} sources: "
                  f"{100 * agree / len(left):.1f} %")  # fmt: skip


if __name__ == "__main__":
    main()
