"""The fast backend: the same Marian model converted for CTranslate2 (int8 on CPU, float16 on
CUDA), one single-threaded worker per core, each batch shared out among them."""

from __future__ import annotations

import math
import os
from pathlib import Path

from workbench.mt.engine import DecodeOptions
from workbench.mt.marian import (
    DEFAULT_MAX_POSITIONS,
    Hypothesis,
    MarianEngine,
    fingerprint,
    max_positions,
)
from workbench.mt.models import ModelError, check_ctranslate2_dir, model_pair


def default_device_and_compute_type(compute_type: str | None) -> tuple[str, str]:
    """CUDA with float16 when a GPU is present, else CPU with int8 (falling back to what the
    CPU supports)."""
    import ctranslate2

    device = "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"
    wanted = compute_type or ("float16" if device == "cuda" else "int8")
    supported = ctranslate2.get_supported_compute_types(device)
    if wanted not in supported and wanted not in ("auto", "default"):
        wanted = "auto"
    return device, wanted


def _positions(directory: Path) -> int:
    """CTranslate2 configs omit the position limit: read it from the original beside it."""
    original, _ = model_pair(directory)
    return max_positions(original) if original is not None else DEFAULT_MAX_POSITIONS


def cpu_workers(threads: int = 0) -> int:
    """How many single-threaded CTranslate2 workers to run: ``threads``, or one per core.

    One thread per worker because a batch-1 decoding step is too small to split: on the 2-core
    machine an interactive request took 400 ms on 2 intra-op threads and 210 ms on one, while
    2 workers of one thread each decode a batch 1.6x faster than one worker of two (docs/
    PERFORMANCE.md). Workers share the weights: memory does not grow."""
    return threads if threads > 0 else max(1, os.cpu_count() or 1)


class CTranslate2Engine(MarianEngine):
    """``translate_batch`` with ``num_hypotheses`` and ``return_scores``; scores are CTranslate2's
    length-normalised log-probabilities (``length_penalty=1``: mean per token)."""

    name = "ctranslate2"

    def __init__(
        self,
        directory: Path,
        model_name: str | None = None,
        *,
        compute_type: str | None = None,
        threads: int = 0,
        use_vmap: bool | None = None,
    ) -> None:
        """``threads``: CPU cores to use (0: all). ``use_vmap``: decode over the vocabulary
        shortlist in ``vmap.txt`` (default: when the model directory has one)."""
        import ctranslate2

        check_ctranslate2_dir(directory)
        has_vmap = (directory / "vmap.txt").is_file()
        use_vmap = has_vmap if use_vmap is None else (use_vmap and has_vmap)
        device, compute = default_device_and_compute_type(compute_type)
        super().__init__(
            directory,
            model_name or directory.name,
            _positions(directory),
            fingerprint(directory, self.name, compute, "vmap" if use_vmap else ""),
        )
        self.device = device
        self.compute_type = compute
        self.use_vmap = use_vmap
        self.workers = cpu_workers(threads) if device == "cpu" else 1
        try:
            self.translator = ctranslate2.Translator(
                str(directory),
                device=device,
                compute_type=compute,
                inter_threads=self.workers,
                intra_threads=1,
            )
        except (RuntimeError, ValueError, OSError) as exc:
            raise ModelError(
                f"CTranslate2 cannot load the model: {exc}",
                directory,
                hint="re-run 'workbench model convert --force'",
            ) from None

    def _decode(self, batch: list[list[str]], options: DecodeOptions) -> list[list[Hypothesis]]:
        results = self.translator.translate_batch(
            batch,
            # The base class grouped segments by length within max_batch_tokens; CTranslate2
            # hands each worker one sub-batch, so cut the group into one per worker.
            max_batch_size=math.ceil(len(batch) / self.workers),
            batch_type="examples",
            beam_size=options.beam,
            num_hypotheses=options.n_best,
            length_penalty=1.0,
            max_input_length=self.max_source_tokens,
            max_decoding_length=options.max_length,
            min_decoding_length=max(1, min(self.min_output_tokens, options.max_length)),
            return_scores=True,
            use_vmap=self.use_vmap,
        )
        return [
            [
                Hypothesis(list(tokens), float(score))
                for tokens, score in zip(result.hypotheses, result.scores, strict=True)
            ]
            for result in results
        ]
