"""Teaches the tiny test Marian model to copy placeholder tokens through, in a few seconds.

``train_copy_marian`` fine-tunes a copy of ``build_tiny_marian``'s model (torch, CPU) on pairs
whose source is an Arabic corpus fragment with placeholders inserted and whose target is
"The" followed by the same placeholders, so the model learns what a real opus-mt model does with
numbers: carry them into the output. The result is a normal opus-mt-style directory that the
workbench's own engines load (and ``convert_ct2`` converts).
"""

from __future__ import annotations

import random
import shutil
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ARABIC_SOURCE = ROOT / "corpus" / "hanoi-convention-signing.ar.txt"
TOKENIZER_FILES = ("source.spm", "target.spm", "vocab.json", "tokenizer_config.json")
SEED = 5


def copy_pairs(
    placeholders: Sequence[str], count: int = 96, max_words: int = 8
) -> list[tuple[str, str]]:
    """(Arabic fragment with the first 0-3 placeholders, "The" + those placeholders)."""
    rng = random.Random(SEED)
    words = ARABIC_SOURCE.read_text(encoding="utf-8").split()
    words = [w for w in words if not any(c.isascii() and c.isalnum() for c in w)]
    pairs = []
    for _ in range(count):
        start = rng.randrange(len(words) - 10)
        fragment = words[start : start + rng.randint(2, max_words)]
        # Numbered in order of appearance, as workbench.glossary.enforce numbers them.
        chosen = list(placeholders[: rng.randint(0, min(3, len(placeholders)))])
        positions = sorted(rng.randint(0, len(fragment)) for _ in chosen)
        for offset, (position, placeholder) in enumerate(zip(positions, chosen, strict=True)):
            fragment.insert(position + offset, placeholder)
        pairs.append((" ".join(fragment), " ".join(["The", *chosen])))
    return pairs


def train_copy_marian(
    base_dir: Path,
    out_dir: Path,
    placeholders: Sequence[str],
    *,
    steps: int = 150,
    pairs: int = 96,
    max_words: int = 8,
    learning_rate: float = 5e-3,
) -> Path:
    """Fine-tune the model in ``base_dir`` to copy ``placeholders``; saved in ``out_dir``."""
    import torch
    from transformers import MarianMTModel, MarianTokenizer

    torch.manual_seed(SEED)
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # reproducible sums; restored below for the rest of the session
    tokenizer = MarianTokenizer.from_pretrained(str(base_dir))
    model = MarianMTModel.from_pretrained(str(base_dir))
    examples = copy_pairs(placeholders, pairs, max_words)
    batch = tokenizer(
        [s for s, _ in examples], text_target=[t for _, t in examples], return_tensors="pt",
        padding=True,
    )
    labels = batch["labels"]
    labels[labels == tokenizer.pad_token_id] = -100
    optimizer = torch.optim.Adam(model.parameters(), lr=learning_rate)
    model.train()
    try:
        for _ in range(steps):
            loss = model(**batch).loss
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
    finally:
        torch.set_num_threads(threads)
    model.eval()
    if out_dir.exists():
        shutil.rmtree(out_dir)
    model.save_pretrained(out_dir, safe_serialization=True)
    for name in TOKENIZER_FILES:
        shutil.copy(base_dir / name, out_dir / name)
    shutil.copy(base_dir / "generation_config.json", out_dir / "generation_config.json")
    return out_dir


#: Placeholder forms compared by :func:`placeholder_experiment` (three of each form).
PLACEHOLDER_FORMS = {
    "9071": ["9071", "9072", "9075"],
    "T1": ["T1", "T2", "T5"],
    "XTERMA": ["XTERMA", "XTERMB", "XTERMC"],
    "<t1>": ["<t1>", "<t2>", "<t3>"],
    "__T1__": ["__T1__", "__T2__", "__T3__"],
    "@1@": ["@1@", "@2@", "@3@"],
}


def placeholder_experiment(base_dir: Path, work_dir: Path, trials: int = 30) -> dict[str, str]:
    """For each form: fine-tune on its copy pairs, translate ``trials`` held-out fragments with
    one or two placeholders (beam 4) and count outputs holding each exactly once."""
    from workbench.mt.engine import DecodeOptions
    from workbench.mt.transformers_engine import TransformersEngine

    words = ARABIC_SOURCE.read_text(encoding="utf-8").split()
    results = {}
    for form, placeholders in PLACEHOLDER_FORMS.items():
        out = train_copy_marian(
            base_dir, work_dir / f"copy-{len(results)}", placeholders,
            steps=100, pairs=48, max_words=5, learning_rate=1e-2,
        )
        engine = TransformersEngine(out)
        rng = random.Random(99)
        tests = []
        for _ in range(trials):
            start = rng.randrange(len(words) - 10)
            fragment = words[start : start + rng.randint(3, 6)]
            chosen = placeholders[: rng.randint(1, 2)]
            for offset, position in enumerate(sorted(rng.randint(0, len(fragment))
                                                     for _ in chosen)):
                fragment.insert(position + offset, chosen[offset])
            tests.append((" ".join(fragment), chosen))
        outputs = engine.translate_batch([t for t, _ in tests], DecodeOptions(beam=4))
        kept = sum(
            all(row[0].text.split().count(p) == 1 for p in chosen)
            for row, (_, chosen) in zip(outputs, tests, strict=True)
        )
        results[form] = f"{kept}/{trials}  pieces {_pieces(engine.tokenizer, placeholders[0])}"
    return results


def _pieces(tokenizer, text: str) -> str:  # type: ignore[no-untyped-def]
    """Source / target pieces of ``text`` as the model sees them (``<unk>`` included)."""
    source = tokenizer(text)["input_ids"][:-1]
    target = tokenizer(text_target=text)["input_ids"][:-1]
    return " / ".join(
        " ".join(tokenizer.convert_ids_to_tokens(ids)) for ids in (source, target)
    )


if __name__ == "__main__":  # python -m tests.support.copy_marian DIR: run the experiment
    import sys
    import tempfile

    from tests.support.tiny_marian import build_tiny_marian

    with tempfile.TemporaryDirectory() as folder:
        base = build_tiny_marian(Path(folder) / "tiny")
        for name, outcome in placeholder_experiment(base, Path(folder)).items():
            print(f"{name:8s} {outcome}")
    sys.exit(0)
