"""Benchmark: translation memory build and search, and QA, against peers measured in this run.

Run: ``.venv/bin/python bench/tm_qa.py [--segments 100000] [--queries 200] [--entries 50000]``.

- TM build: 100,000 segments stored with their FTS5 trigram index (target < 10 s); peer: the
  same rows inserted into a plain SQLite table without any index. Also the same 100,000
  segments built the way ``workbench tm build`` does it, from 10 catalogs on disk.
- TM search: top-5 matches of 75 % or more (target < 20 ms median); peer: brute force, rapidfuzz
  ``process.extract`` with the same scorer over every stored segment. Recall is how many of the
  peer's matches the index finds too.
- QA: ``check_entry`` over 50,000 translations (target < 2 s), and ``check_catalog`` of the
  same entries as one catalog; peer: GNU ``msgfmt -c`` on that catalog (format and newline
  checks only, in C).

Segments are synthetic Arabic sentences: words drawn with a Zipf law (s = 1.07, the shape of
natural-language word frequencies) from the sample article's words plus 20,000 invented
Arabic words, 5-30 words a sentence, a number in one sentence of three.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from workbench.glossary import Glossary  # noqa: E402
from workbench.qa import check_catalog, check_entry  # noqa: E402
from workbench.tm import TMUnit, TranslationMemory  # noqa: E402
from workbench.tm.normalize import normalize_for_matching  # noqa: E402

SAMPLE = ROOT / "corpus" / "hanoi-convention-signing.ar.txt"
LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
ENGLISH = (
    "the minister of public security said that the convention signing ceremony was held "
    "over two days with representatives of many countries and international organisations "
    "cybercrime cooperation prevention future digital peace technology people general"
).split()


class Corpus:
    """Deterministic synthetic Arabic sentences and English-like translations."""

    def __init__(self, seed: int = 1) -> None:
        self.rng = random.Random(seed)
        words = sorted(set(SAMPLE.read_text(encoding="utf-8").split()))
        invented: set[str] = set()
        while len(invented) < 20_000:
            invented.add("".join(self.rng.choices(LETTERS, k=self.rng.randint(3, 8))))
        self.vocab = words + sorted(invented)
        self.rng.shuffle(self.vocab)
        weights = [1 / rank**1.07 for rank in range(1, len(self.vocab) + 1)]
        self.cum_weights = list(itertools.accumulate(weights))

    def sentence(self) -> str:
        words = self.rng.choices(
            self.vocab, cum_weights=self.cum_weights, k=self.rng.randint(5, 30)
        )
        if self.rng.random() < 1 / 3:
            words.insert(self.rng.randrange(len(words)), str(self.rng.randint(2, 9999)))
        return " ".join(words) + "."

    def translation(self, source: str) -> str:
        numbers = [w for w in source.rstrip(".").split() if w.isdigit()]
        words: list[str] = []
        while len(words) < max(3, int(len(source) * 1.3 / 7)):
            word = self.rng.choice(ENGLISH)
            if not words or word != words[-1]:  # no MT stutter in the good translations
                words.append(word)
        return " ".join(words + numbers).capitalize() + "."

    def edit(self, sentence: str, edits: int) -> str:
        words = sentence.split()
        for _ in range(edits):
            words[self.rng.randrange(len(words))] = self.rng.choice(self.vocab)
        return " ".join(words)


class Took(float):
    """Wall-clock seconds, with the CPU seconds (ours and our children's) beside them: the
    machine is shared, and CPU time shows what the work itself costs."""

    cpu: float

    def __str__(self) -> str:
        return f"{float(self):6.2f} s wall, {self.cpu:6.2f} s CPU"


def _cpu() -> float:
    children = os.times()
    return time.process_time() + children.children_user + children.children_system


def timed(action):
    start, start_cpu = time.perf_counter(), _cpu()
    result = action()
    took = Took(time.perf_counter() - start)
    took.cpu = _cpu() - start_cpu
    return took, result


def bench_build(units: list[TMUnit], folder: Path) -> TranslationMemory:
    seconds, _ = timed(lambda: TranslationMemory(folder / "tm.sqlite3").add_many(units))
    memory = TranslationMemory(folder / "tm.sqlite3")

    def plain_insert() -> None:
        with sqlite3.connect(folder / "plain.sqlite3") as db:
            db.execute("CREATE TABLE s (source TEXT, target TEXT, origin TEXT, lang TEXT)")
            db.executemany(
                "INSERT INTO s VALUES (?, ?, ?, ?)",
                ((u.source, u.target, u.origin, u.target_language) for u in units),
            )

    peer, _ = timed(plain_insert)
    print(f"TM build, {len(units):,} segments:         {seconds}   (target < 10 s)")
    print(f"  peer: plain SQLite insert, no index:  {peer}   ratio {seconds / peer:.1f}x")
    return memory


def bench_build_from_catalogs(units: list[TMUnit], folder: Path) -> None:
    import polib

    locales = folder / "locales"
    per_catalog = len(units) // 10
    for index in range(10):
        po = polib.POFile()
        po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "en"}
        for unit in units[index * per_catalog : (index + 1) * per_catalog]:
            po.append(polib.POEntry(msgid=unit.source, msgstr=unit.target))
        path = locales / "en" / "LC_MESSAGES" / f"part{index}.po"
        path.parent.mkdir(parents=True, exist_ok=True)
        po.save(str(path))
    seconds, _ = timed(lambda: TranslationMemory(folder / "cat.sqlite3").sync_from_locales(locales))
    with TranslationMemory(folder / "cat.sqlite3") as memory:
        again, _ = timed(lambda: memory.sync_from_locales(locales))
        count = len(memory)
    print(f"TM build from 10 catalogs, {count:,} segs: {seconds}   (tm build)")
    print(f"  re-sync, no catalog changed:          {again * 1000:7.1f} ms")


def bench_search(memory: TranslationMemory, corpus: Corpus, sources: list[str], queries: int):
    rng = random.Random(5)
    texts = []
    for index in range(queries):
        if index % 5 == 4:
            texts.append(corpus.sentence())  # unseen: usually no match
        else:
            texts.append(corpus.edit(rng.choice(sources), edits=1 + index % 3))
    memory.search(texts[0])  # warm the page cache as a running TUI would have it
    latencies, cpu, results = [], [], []
    for text in texts:
        seconds, matches = timed(lambda text=text: memory.search(text, min_score=75, limit=5))
        latencies.append(seconds)
        cpu.append(seconds.cpu)
        results.append(matches)
    norms = [normalize_for_matching(s) for s in sources]
    peer_latencies, peer_cpus = [], []
    found = expected = 0
    for text, matches in list(zip(texts, results, strict=True))[: max(20, queries // 4)]:
        seconds, brute = timed(
            lambda text=text: process.extract(
                normalize_for_matching(text),
                norms,
                scorer=Levenshtein.normalized_similarity,
                score_cutoff=0.75,
                limit=5,
            )
        )
        peer_latencies.append(seconds)
        peer_cpus.append(seconds.cpu)
        wanted = {sources[index] for _, _, index in brute}
        expected += len(wanted)
        found += len(wanted & {m.source for m in matches})
    median = statistics.median(latencies) * 1000
    p95 = statistics.quantiles(latencies, n=20)[-1] * 1000
    peer = statistics.median(peer_latencies) * 1000
    peer_cpu = statistics.median(peer_cpus) * 1000
    median_cpu = statistics.median(cpu) * 1000
    print(f"TM search top-5, {queries} queries:   median {median:6.2f} ms, p95 {p95:6.2f} ms wall;")
    print(f"  median {median_cpu:6.2f} ms CPU   (target < 20 ms median)")
    print(f"  peer: brute-force rapidfuzz extract: median {peer:6.2f} ms wall")
    print(f"  ratio {median / peer:.2f}x (CPU: {median_cpu / peer_cpu:.2f}x)")
    print(f"  recall of the peer's matches:       {found}/{expected} = {found / expected:.1%}")


def qa_pairs(corpus: Corpus, count: int) -> list[tuple[str, str]]:
    pairs = []
    for index in range(count):
        source = corpus.sentence()
        target = corpus.translation(source)
        if index % 10 == 0:
            target = target.rstrip(".")  # a warning
        if index % 25 == 0 and any(ch.isdigit() for ch in target):
            target = "".join("7" if ch.isdigit() else ch for ch in target)  # an error
        pairs.append((source, target))
    return pairs


def bench_qa(corpus: Corpus, entries: int, folder: Path) -> None:
    import polib

    pairs = qa_pairs(corpus, entries)
    seconds, findings = timed(lambda: sum(len(check_entry(s, t)) for s, t in pairs))
    print(f"QA check_entry, {entries:,} entries:      {seconds}   (target < 2 s)")
    print(f"  {findings:,} findings")
    glossary = Glossary.load(ROOT / "corpus" / "official-titles.tsv")
    seconds, findings = timed(
        lambda: sum(len(check_entry(s, t, glossary=glossary)) for s, t in pairs)
    )
    print(f"  with the glossary check (20 terms):   {seconds}   {findings:,} findings")
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "en"}
    for source, target in pairs:
        po.append(polib.POEntry(msgid=source, msgstr=target))
    path = folder / "qa.po"
    po.save(str(path))
    catalog_seconds, _ = timed(lambda: check_catalog(path))
    peer, _ = timed(
        lambda: subprocess.run(
            ["msgfmt", "-c", "-o", "/dev/null", str(path)], check=True, stderr=subprocess.DEVNULL
        )
    )
    print(f"QA check_catalog (parse + checks):      {catalog_seconds}")
    print(
        f"  peer: msgfmt -c on the same catalog:  {peer}   ratio "
        f"{catalog_seconds / peer:.1f}x (msgfmt checks formats and newlines only)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--entries", type=int, default=50_000)
    parser.add_argument("--skip-catalogs", action="store_true", help="skip the tm build run")
    args = parser.parse_args()
    corpus = Corpus()
    sources = list(dict.fromkeys(corpus.sentence() for _ in range(args.segments)))
    units = [TMUnit(s, corpus.translation(s), "bench", "en") for s in sources]
    mean = statistics.mean(map(len, sources))
    print(
        f"SQLite {sqlite3.sqlite_version}; mean segment {mean:.0f} characters;"
        f" load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        memory = bench_build(units, folder)
        bench_search(memory, corpus, sources, args.queries)
        memory.close()
        if not args.skip_catalogs:
            bench_build_from_catalogs(units, folder)
        bench_qa(corpus, args.entries, folder)


if __name__ == "__main__":
    main()
