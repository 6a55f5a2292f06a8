"""Benchmark: ``model adapt`` training throughput and ``mt eval`` throughput, on a model of
opus-mt-ar-en's size.

Run: ``.venv/bin/python bench/mt_adapt.py [--pairs 1000] [--eval 100] [--threads 0]``.

The model is bench/mt.py's random-weight opus-mt-ar-en (d_model 512, 6+6 layers, vocabulary
62,834): a training step and a decoding step cost what they cost on the real model. Pairs are
Arabic snippets of the sample article (about 30 source tokens, the article's mean sentence)
with English lines of similar length, so batches are as full as a project's.

* adaptation: one epoch over ``--pairs`` pairs through the workbench's own training loop
  (:class:`workbench.tuning.adaptation.Trainer`, OPUS-CAT's batches of about 400 target
  tokens, AdamW), wall time and pairs/s;
* held-out scoring, which ``model adapt`` runs before training and after each epoch: greedy
  transformers decoding, segments/s;
* ``mt eval``: :func:`workbench.tuning.evaluation.evaluate` on ``--eval`` pairs with the
  CTranslate2 int8 engine, beam 4, segments/s and source tokens/s.

A random model never emits ``</s>``; decoding is capped at 32 output tokens, about what a
30-token Arabic sentence becomes in English, so the decoding figures are those of real output
lengths.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

import _common  # noqa: F401  (puts the repository root on sys.path)
from mt import SAMPLE, build_random_opus_mt, sentences

ENGLISH = (
    "The signing ceremony welcomed more than two thousand delegates from one hundred and ten "
    "countries, international and regional organizations and research institutions, and the "
    "minister said the convention would strengthen cooperation against cybercrime."
).split()


def english_line(rng: random.Random, tokenizer, tokens: int) -> str:  # type: ignore[no-untyped-def]
    """A run of the English text of at most ``tokens`` target tokens (``</s>`` included) as
    the model's target tokenizer counts them."""
    start = rng.randrange(0, len(ENGLISH) - 12)
    line = ""
    for word in ENGLISH[start:]:
        candidate = f"{line} {word}".strip()
        if len(tokenizer(text_target=candidate + ".")["input_ids"]) > tokens:
            break
        line = candidate
    return line + "."


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=1000)
    parser.add_argument("--eval", type=int, default=100)
    parser.add_argument("--threads", type=int, default=0, help="PyTorch/CT2 threads (0: all)")
    args = parser.parse_args()

    import os

    import torch

    from workbench.mt.ctranslate2_engine import CTranslate2Engine
    from workbench.mt.engine import DecodeOptions
    from workbench.tuning.adaptation import AdaptSettings, Trainer
    from workbench.tuning.evaluation import evaluate
    from workbench.tuning.pairs import ApprovedPair

    threads = args.threads or os.cpu_count() or 1
    torch.set_num_threads(threads)
    ct2_dir = build_random_opus_mt()
    hf_dir = ct2_dir.with_name(ct2_dir.name.removesuffix("-ct2"))
    engine = CTranslate2Engine(ct2_dir, "opus-mt-ar-en-random", threads=threads)
    from workbench.mt.marian import load_tokenizer

    tokenizer = load_tokenizer(hf_dir)
    rng = random.Random(7)
    # The article has about 600 distinct 30-token snippets: each serves as many pairs as
    # needed, with a different English line each time.
    distinct = sentences(engine, min(args.pairs, 400), 30)
    pairs = [
        ApprovedPair(distinct[n % len(distinct)], english_line(rng, tokenizer, 30), f"doc{n // 50}")
        for n in range(args.pairs)
    ]
    print(flush=True)
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; "
          f"{threads} threads; {len(pairs)} pairs from {SAMPLE.name}")

    staging = Path(tempfile.mkdtemp(prefix="mt-adapt-bench-"))
    try:
        trainer = Trainer(hf_dir, staging, pairs, pairs[:16], AdaptSettings(), "bench")
        batches = len(trainer._batches(0))  # noqa: SLF001
        optimizer = torch.optim.AdamW(trainer.model.parameters(), lr=2e-5)
        started = time.perf_counter()
        def report(done: int, total: int, loss: float) -> None:
            if done % 10 == 0:
                print(f"  step {done}/{batches}: {time.perf_counter() - started:.0f} s", flush=True)

        losses, _ = trainer.train_epoch(optimizer, 0, report)
        wall = time.perf_counter() - started
        print(f"adapt: 1 epoch of {len(pairs)} pairs in {batches} batches: {wall:.1f} s, "
              f"{len(pairs) / wall:.2f} pairs/s (loss {losses[0]:.2f} -> {losses[-1]:.2f})")

        trainer.engine.model.eval()
        held = [pair.source for pair in pairs[:16]]
        options = DecodeOptions(beam=1, n_best=1, max_length=32)
        started = time.perf_counter()
        trainer.engine.translate_batch(held, options)
        wall = time.perf_counter() - started
        print(f"held-out scoring (transformers, greedy): {len(held) / wall:.2f} segments/s")
    finally:
        shutil.rmtree(staging, ignore_errors=True)

    subset = pairs[: args.eval]
    started = time.perf_counter()
    row = evaluate(engine, subset, None, DecodeOptions(beam=4, n_best=1, max_length=32))
    wall = time.perf_counter() - started
    print(f"mt eval (ctranslate2 int8, beam 4): {len(subset)} segments in {wall:.1f} s, "
          f"{len(subset) / wall:.2f} segments/s, {row.tokens_per_s:.0f} source tokens/s")


if __name__ == "__main__":
    sys.exit(main())
