"""Benchmark: pipeline overhead of ``workbench pretranslate`` against the raw MT engine.

Run: ``.venv/bin/python bench/pretranslate.py [--segments 2000] [--max-length 8] [--beam 1]``.

A model with opus-mt-ar-en's architecture and random (seeded) weights, converted for
CTranslate2 and cached under ``bench/.cache/`` (built by ``bench/mt.py``'s
``build_random_opus_mt``), translates the same distinct Arabic segments
in one process, alternating which goes first, best of ``--rounds`` (wall and process CPU time:
the machine is shared, so CPU seconds are the steadier measure of the work added):

* raw: ``engine.translate_batch`` (no suggestion cache) over all the segments in one call (the
  engine sorts and batches by tokens itself) -- the engine's work and nothing else; with
  ``--same-batches`` also in the run's own length-sorted token batches;
* pipeline: :func:`run_pretranslate` over four generated catalogs holding those segments
  (plus approved entries it must skip), with a fresh suggestion cache, checkpoints every 200
  segments under the catalog locks, dedupe and planning (no TM: none is built) -- all but model
  loading, which the summary's ``seconds`` excludes.

Random weights never emit end-of-sentence, so every output is exactly ``--max-length`` tokens:
both sides do identical decoding work. Target: pipeline overhead under 10%.

``--glossary`` runs the pipeline with the corpus glossary, as the CLI does by default: segments
holding a term are decoded masked (n-best = beam) and, when a placeholder is lost -- always, with
random weights -- decoded again plain. That is the worst case of term enforcement; the printed
overhead then measures it rather than the pipeline (the 10 % target does not apply).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SAMPLE = ROOT / "corpus" / "hanoi-convention-signing.ar.txt"


def distinct_segments(count: int, seed: int = 7) -> list[str]:
    """``count`` distinct Arabic segments of 4 to 30 words drawn from the corpus."""
    words = SAMPLE.read_text(encoding="utf-8").split()
    rng = random.Random(seed)
    seen: dict[str, None] = {}
    while len(seen) < count:
        length = rng.randint(4, 30)
        start = rng.randrange(0, len(words) - length)
        seen[" ".join(words[start : start + length]) + f" {len(seen)}"] = None
    return list(seen)


def write_project(folder: Path, segments: list[str], catalogs: int = 4) -> list[Path]:
    """A project with ``catalogs`` catalogs sharing out ``segments``, plus 10% approved ones."""
    import polib
    from _common import minimal_catalog

    from workbench.catalog.pofile import write_po

    (folder / "pyproject.toml").write_text(
        '[tool.workbench]\nlocales = "locales"\ncache = ".workbench/cache.sqlite3"\n'
        'tm = ".workbench/tm.sqlite3"\n',
        encoding="utf-8",
    )
    paths = []
    for k in range(catalogs):
        po = minimal_catalog(project="bench")
        for i, text in enumerate(segments[k::catalogs]):
            po.append(polib.POEntry(msgid=text, msgstr="", occurrences=[("src.txt", str(i))]))
            if i % 10 == 0:
                po.append(polib.POEntry(msgid=f"{text} (approved)", msgstr="Approved."))
        path = folder / "locales" / "en" / "LC_MESSAGES" / f"part{k}.po"
        path.parent.mkdir(parents=True, exist_ok=True)
        write_po(po, path)
        paths.append(path)
    return paths


def load(config, model_dir: Path, *, use_cache: bool):
    from workbench.mt import load_engine  # type: ignore[attr-defined]

    return load_engine(config, model=str(model_dir), engine="ctranslate2", use_cache=use_cache)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=2000)
    parser.add_argument("--max-length", type=int, default=8)
    parser.add_argument("--beam", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--glossary",
        action="store_true",
        help="enforce the corpus glossary's terms, as the CLI does (worst case: all lost)",
    )
    parser.add_argument(
        "--same-batches",
        action="store_true",
        help="also time the raw engine on the run's own batches (diagnostic)",
    )
    args = parser.parse_args()

    from bench.mt import build_random_opus_mt
    from workbench.config import load_config
    from workbench.mt.engine import DecodeOptions
    from workbench.pretranslate import PretranslateOptions, run_pretranslate
    from workbench.pretranslate.batching import batch_by_tokens

    model_dir = build_random_opus_mt()  # engineer C's builder, shared cache
    segments = distinct_segments(args.segments)
    decode = DecodeOptions(beam=args.beam, max_length=args.max_length)
    glossary = None
    if args.glossary:
        from workbench.glossary import Glossary

        glossary = Glossary.load(ROOT / "corpus" / "official-titles.tsv")
    options = PretranslateOptions(decode=decode, use_tm=True, glossary=glossary)
    work = Path(tempfile.mkdtemp(prefix="bench-pretranslate-"))
    try:
        write_project(work, segments)
        config = load_config(work)
        started = time.perf_counter()
        raw = load(config, model_dir, use_cache=False)
        load_raw = time.perf_counter() - started
        batches = batch_by_tokens(
            segments,
            raw.count_tokens,
            batch_tokens=options.batch_tokens,
            max_batch_size=options.max_batch_size,
        )
        raw.translate_batch(batches[0][:4], decode)  # warm-up, as the run's first batch is
        peers = ["one call", "batches"] if args.same_batches else ["one call"]
        wall: dict[str, list[float]] = {name: [] for name in [*peers, "pipeline"]}
        cpu: dict[str, list[float]] = {name: [] for name in wall}
        summary = None

        def raw_pass(name: str) -> None:
            started, cpu_started = time.perf_counter(), time.process_time()
            for batch in [segments] if name == "one call" else batches:
                raw.translate_batch(batch, decode)
            wall[name].append(time.perf_counter() - started)
            cpu[name].append(time.process_time() - cpu_started)

        for round_ in range(args.rounds):
            round_dir = work / f"round{round_}"
            round_dir.mkdir()
            paths = write_project(round_dir, segments)
            round_config = load_config(round_dir)
            engine = load(round_config, model_dir, use_cache=True)
            engine.translate_batch(batches[0][:4], DecodeOptions(beam=1, max_length=2))  # warm-up
            if round_ % 2 == 0:  # alternate the order so drifting machine load hits both
                for name in peers:
                    raw_pass(name)
            cpu_started = time.process_time()
            summary = run_pretranslate(round_config, paths, engine, options, progress=False)
            cpu["pipeline"].append(time.process_time() - cpu_started)
            wall["pipeline"].append(summary.seconds)
            assert summary.translated == args.segments, summary
            if round_ % 2 == 1:
                for name in peers:
                    raw_pass(name)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(
        f"model: random-weight opus-mt-ar-en architecture, CTranslate2 ({model_dir.name}), "
        f"beam {args.beam}, {args.max_length} output tokens, {os.cpu_count()} CPUs, "
        f"raw engine load {load_raw:.1f} s"
    )
    print(
        f"segments: {args.segments} distinct in {len(batches)} batches "
        f"(batch_tokens {options.batch_tokens}), 4 catalogs, best of {args.rounds} round(s)"
    )
    print(f"{'':28} {'wall s':>8} {'seg/s':>8} {'CPU s':>8}   (best of each)")
    best = {name: min(times) for name, times in wall.items()}
    best_cpu = {name: min(times) for name, times in cpu.items()}
    labels = {
        "one call": "raw engine, one call",
        "batches": "raw engine, run's batches",
        "pipeline": "pretranslate pipeline",
    }
    for name in wall:
        print(
            f"{labels[name]:28} {best[name]:8.2f} {args.segments / best[name]:8.1f} "
            f"{best_cpu[name]:8.2f}   all wall: {', '.join(f'{t:.1f}' for t in wall[name])}"
        )
    print(f"pipeline: {summary.translated} filled, tokens_out {summary.tokens_out}")
    if glossary is not None:
        with_terms = sum(1 for segment in segments if glossary.match(segment))
        print(
            f"glossary: {with_terms} of {args.segments} segments hold terms; enforced "
            f"{summary.terms_enforced}, plain MT kept for {summary.terms_not_enforced}"
        )
    worst = 0.0
    for peer in peers:
        by_wall = 1 - best[peer] / best["pipeline"]  # segments/s lost, as a fraction
        by_cpu = 1 - best_cpu[peer] / best_cpu["pipeline"]
        worst = max(worst, by_wall)
        print(
            f"overhead vs raw {peer:9}: wall {by_wall * 100:5.1f} %   CPU {by_cpu * 100:5.1f} %"
            f"   (target < 10 %)"
        )
    return 0 if worst < 0.10 or glossary is not None else 1


if __name__ == "__main__":
    sys.exit(main())
