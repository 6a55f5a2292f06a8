"""Benchmark: MT throughput and interactive latency of the three ways to run an opus-mt model.

Run: ``.venv/bin/python bench/mt.py [--length 32] [--repeats 5]``.

A model with the real opus-mt-ar-en architecture (d_model 512, 6+6 layers, 8 heads, FFN 2048,
vocabulary 62,834, 512 positions) and random seeded weights costs the same per token as the
real one. It is built once into ``bench/.cache/`` (git-ignored): tokenizer files from the test
builder padded to the full vocabulary, safetensors weights, CTranslate2 conversion beside.
Every run decodes exactly ``--length`` tokens (minimum = maximum output length), so the
figures compare like for like. All engines are measured in the same process, through the
workbench's own engine classes (tokenization and post-processing included):

* throughput (output tokens/s) of transformers fp32, transformers with PyTorch dynamic int8
  quantization, and CTranslate2 int8, at beam 1 and 4, batch 1 and 32;
* the interactive request: one 30-token sentence, 3 suggestions (beam 4), batch 1, median ms,
  also with CTranslate2's vocabulary shortlist (``use_vmap``), engines taking turns.

CTranslate2 runs as the workbench runs it: one single-threaded worker per thread (``--threads``,
default one per core). The row ``ctranslate2 int8 1 worker`` is the same model as one worker
using all the threads itself (CTranslate2's own default layout), to show what the workbench's
layout gains. PyTorch gets ``--threads`` intra-op threads.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CACHE = ROOT / "bench" / ".cache"
SAMPLE = ROOT / "corpus" / "hanoi-convention-signing.ar.txt"

OPUS_DIMS = {"d_model": 512, "layers": 6, "heads": 8, "ffn": 2048}
OPUS_VOCAB = 62_834
#: Shortlist shape: tokens always allowed, and candidates per source piece. Real lexical
#: shortlists (Marian's, CTranslate2's vmap) are of this order: ~1,000 candidates a sentence.
VMAP_COMMON = 500
VMAP_PER_PIECE = 30


def build_random_opus_mt(cache: Path = CACHE) -> Path:
    """The CTranslate2 directory of the random-weight opus-mt-ar-en-shaped model, built once
    (its Hugging Face original is the same name without ``-ct2``)."""
    hf_dir = cache / "opus-mt-ar-en-random"
    ct2_dir = cache / "opus-mt-ar-en-random-ct2"
    if (ct2_dir / "model.bin").is_file() and (hf_dir / "model.safetensors").is_file():
        return ct2_dir
    import shutil

    from tests.support.tiny_marian import convert_ct2, save_marian, write_tokenizer_files

    print("building the random-weight opus-mt-ar-en model (once)...", file=sys.stderr)
    shutil.rmtree(hf_dir, ignore_errors=True)
    vocab_size = write_tokenizer_files(hf_dir, vocab_size=OPUS_VOCAB)
    d = OPUS_DIMS
    save_marian(
        hf_dir, vocab_size, d_model=d["d_model"], layers=d["layers"], heads=d["heads"],
        ffn=d["ffn"],
    )
    convert_ct2(hf_dir, ct2_dir)
    return ct2_dir


def with_vmap(ct2_dir: Path, seed: int = 11) -> Path:
    """A copy of the CTranslate2 directory (symlinks) with a vocabulary map in CTranslate2's
    format (``source<TAB>targets``; empty source = always allowed). The candidates are random:
    the random model has no alignments to learn one from. A separate directory, because the
    engine uses a ``vmap.txt`` it finds and other benchmarks share ``ct2_dir``."""
    import json

    from tests.support.tiny_marian import _spm_pieces

    vmap_dir = ct2_dir.with_name(ct2_dir.name + "-vmap")
    vmap = vmap_dir / "vmap.txt"
    if vmap.is_file():
        return vmap_dir
    vmap_dir.mkdir(exist_ok=True)
    for item in ct2_dir.iterdir():
        link = vmap_dir / item.name
        if not link.exists():
            link.symlink_to(item.resolve())
    vocab = list(json.loads((ct2_dir / "vocab.json").read_text(encoding="utf-8")))
    targets = [t for t in vocab if t not in ("</s>", "<unk>", "<pad>")]
    rng = random.Random(seed)
    lines = ["\t" + " ".join(rng.sample(targets, VMAP_COMMON))]
    for piece in _spm_pieces(ct2_dir / "source.spm"):
        if piece.strip() and "\t" not in piece and " " not in piece:
            lines.append(piece + "\t" + " ".join(rng.sample(targets, VMAP_PER_PIECE)))
    vmap.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return vmap_dir


def sentences(engine, count: int, tokens: int, seed: int = 5) -> list[str]:  # type: ignore[no-untyped-def]
    """``count`` distinct Arabic corpus snippets of exactly ``tokens`` source tokens (incl. </s>)
    where possible, never over."""
    words = SAMPLE.read_text(encoding="utf-8").split()
    rng = random.Random(seed)
    found: list[str] = []
    while len(found) < count:
        start = rng.randrange(0, len(words) - 60)
        text = ""
        for word in words[start : start + 60]:
            candidate = f"{text} {word}".strip()
            if engine.count_tokens(candidate) > tokens:
                break
            text = candidate
        if text and text not in found:
            found.append(text)
    return found


def timed(engine, sources: list[str], options, batch: int) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    for start in range(0, len(sources), batch):
        engine.translate_batch(sources[start : start + batch], options)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--length", type=int, default=32, help="output tokens per sentence")
    parser.add_argument("--repeats", type=int, default=5, help="interactive requests timed")
    parser.add_argument("--batch1-sentences", type=int, default=4)
    parser.add_argument(
        "--threads", type=int, default=0,
        help="CPU threads per engine (default 0: one per core). On a machine shared with other"
        " jobs use 1: more threads oversubscribe and measure the neighbours",
    )
    args = parser.parse_args()

    from workbench.mt.ctranslate2_engine import CTranslate2Engine
    from workbench.mt.engine import DecodeOptions
    from workbench.mt.transformers_engine import TransformersEngine

    ct2_dir = build_random_opus_mt()
    hf_dir = ct2_dir.with_name(ct2_dir.name.removesuffix("-ct2"))
    vmap_dir = with_vmap(ct2_dir)
    import ctranslate2

    threads = args.threads or os.cpu_count() or 1
    print(f"cores: {os.cpu_count()}, threads per engine: {threads}, "
          f"load average before: {os.getloadavg()[0]:.2f}")
    started = time.perf_counter()
    one_worker = CTranslate2Engine(ct2_dir, compute_type="int8", threads=1, use_vmap=False)
    one_worker.translator = ctranslate2.Translator(  # CTranslate2's default layout
        str(ct2_dir), compute_type="int8", inter_threads=1, intra_threads=threads
    )
    engines = {
        "transformers fp32": TransformersEngine(hf_dir, threads=threads),
        "transformers dyn-int8": TransformersEngine(hf_dir, dynamic_int8=True, threads=threads),
        "ctranslate2 int8 1 worker": one_worker,
        "ctranslate2 int8": CTranslate2Engine(
            ct2_dir, compute_type="int8", threads=threads, use_vmap=False
        ),
    }
    shortlist = CTranslate2Engine(
        vmap_dir, compute_type="int8", threads=threads, use_vmap=True
    )
    for engine in [*engines.values(), shortlist]:
        engine.min_output_tokens = args.length
    print(f"loaded in {time.perf_counter() - started:.1f}s")

    reference = engines["ctranslate2 int8"]
    batch_sources = sentences(reference, 32, 30)
    for engine in engines.values():  # warm-up: first calls allocate
        engine.translate_batch(batch_sources[:2], DecodeOptions(beam=1, max_length=4))

    rows: dict[tuple[str, int, int], float] = {}
    print(f"\nthroughput, output tokens/s ({args.length} tokens per sentence, 30-token inputs)")
    print(f"{'engine':<26}{'beam':>5}{'batch':>6}{'tok/s':>9}{'vs fp32':>9}")
    for beam in (1, 4):
        for batch in (1, 32):
            sources = batch_sources if batch == 32 else batch_sources[: args.batch1_sentences]
            options = DecodeOptions(beam=beam, n_best=1, max_length=args.length)
            for name, engine in engines.items():
                seconds = timed(engine, sources, options, batch)
                rows[(name, beam, batch)] = len(sources) * args.length / seconds
                ratio = rows[(name, beam, batch)] / rows[("transformers fp32", beam, batch)]
                print(f"{name:<26}{beam:>5}{batch:>6}{rows[(name, beam, batch)]:>9.0f}"
                      f"{ratio:>8.2f}x")

    sentence = sentences(reference, 1, 30, seed=99)[0]
    options = DecodeOptions(beam=4, n_best=3, max_length=args.length)
    print(f"\ninteractive: one {reference.count_tokens(sentence)}-token sentence, 3 suggestions, "
          f"beam 4, batch 1, {args.length} output tokens; median of {args.repeats}")
    contenders = {**engines, "ctranslate2 int8 + vmap": shortlist}
    times: dict[str, list[float]] = {name: [] for name in contenders}
    for engine in contenders.values():
        engine.translate_batch([sentence], options)  # warm-up
    for _ in range(args.repeats):  # round-robin, so load changes hit every engine alike
        for name, engine in contenders.items():
            times[name].append(timed(engine, [sentence], options, 1) * 1000)
    for name in contenders:
        median = statistics.median(times[name])
        fp32 = statistics.median(times["transformers fp32"])
        print(f"{name:<26}{median:>8.0f} ms{fp32 / median:>8.2f}x vs fp32")
    print(f"\nload average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
