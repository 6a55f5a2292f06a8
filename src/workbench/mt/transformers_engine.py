"""The reference backend: ``MarianMTModel`` + ``MarianTokenizer`` from transformers (PyTorch).

Loads safetensors only (``use_safetensors=True``) unless the user allowed pickled weights, never
with ``trust_remote_code``, and only from local files: downloading is ``model pull``'s job.
"""

from __future__ import annotations

import threading
from pathlib import Path

from workbench.errors import reason
from workbench.mt.engine import DecodeOptions
from workbench.mt.marian import Hypothesis, MarianEngine, fingerprint, max_positions
from workbench.mt.models import ModelError, check_transformers_dir


class TransformersEngine(MarianEngine):
    """Beam search with ``num_return_sequences``; scores are mean log-probabilities per token."""

    name = "transformers"

    def __init__(
        self,
        directory: Path,
        model_name: str | None = None,
        *,
        allow_pickle: bool = False,
        dynamic_int8: bool = False,
        threads: int = 0,
    ) -> None:
        """``threads``: PyTorch's CPU threads (process-wide; 0 leaves PyTorch's default)."""
        safetensors = check_transformers_dir(directory, allow_pickle=allow_pickle)
        variant = "int8-dynamic" if dynamic_int8 else "float32"
        super().__init__(
            directory,
            model_name or directory.name,
            max_positions(directory),
            fingerprint(directory, self.name, variant),
        )
        self.model = _load_model(directory, safetensors)
        if threads > 0:
            import torch

            torch.set_num_threads(threads)
        if dynamic_int8:
            import torch

            self.model = torch.ao.quantization.quantize_dynamic(
                self.model, {torch.nn.Linear}, dtype=torch.qint8
            )
        # Same stopping rule as CTranslate2: max_length is the output budget, no forced </s>.
        # (generate() fills unset values from the model's own generation config, so change it.)
        self.model.generation_config.forced_eos_token_id = None
        self._lock = threading.Lock()

    def _decode(self, batch: list[list[str]], options: DecodeOptions) -> list[list[Hypothesis]]:
        import torch

        tokenizer = self.tokenizer
        pad_id = tokenizer.pad_token_id
        eos_id = tokenizer.eos_token_id
        width = max(len(pieces) for pieces in batch)
        ids = [tokenizer.convert_tokens_to_ids(pieces) for pieces in batch]
        input_ids = torch.tensor([row + [pad_id] * (width - len(row)) for row in ids])
        attention_mask = torch.tensor([[1] * len(row) + [0] * (width - len(row)) for row in ids])
        with self._lock, torch.inference_mode():
            output = self.model.generate(
                input_ids=input_ids,
                attention_mask=attention_mask,
                num_beams=options.beam,
                num_return_sequences=options.n_best,
                max_new_tokens=options.max_length,
                min_new_tokens=min(self.min_output_tokens, options.max_length) or None,
                do_sample=False,
                length_penalty=1.0,
                output_scores=True,
                return_dict_in_generate=True,
            )
            sequences = output.sequences[:, 1:]  # drop the decoder start token
            if options.beam > 1:
                scores = output.sequences_scores.tolist()
            else:
                steps = self.model.compute_transition_scores(
                    output.sequences, output.scores, normalize_logits=True
                )
                scores = _mean_over_tokens(steps, sequences, pad_id, eos_id)
        results: list[list[Hypothesis]] = []
        for row, (sequence, score) in enumerate(zip(sequences.tolist(), scores, strict=True)):
            if row % options.n_best == 0:
                results.append([])
            if eos_id in sequence:
                sequence = sequence[: sequence.index(eos_id)]
            pieces = tokenizer.convert_ids_to_tokens([t for t in sequence if t != pad_id])
            results[-1].append(Hypothesis(pieces, float(score)))
        return results


def _mean_over_tokens(steps, sequences, pad_id: int, eos_id: int) -> list[float]:  # type: ignore[no-untyped-def]
    """Mean log-prob of the generated tokens up to and including ``</s>``."""
    means = []
    for step_scores, sequence in zip(steps.tolist(), sequences.tolist(), strict=True):
        total, count = 0.0, 0
        for token, value in zip(sequence, step_scores, strict=False):
            if token == pad_id:
                break
            total += value
            count += 1
            if token == eos_id:
                break
        means.append(total / count if count else 0.0)
    return means


def _load_model(directory: Path, safetensors: bool):  # type: ignore[no-untyped-def]
    from transformers import MarianMTModel

    try:
        model = MarianMTModel.from_pretrained(
            str(directory),
            use_safetensors=safetensors,
            local_files_only=True,
            trust_remote_code=False,
        )
    except Exception as exc:  # any failure here is a damaged model, e.g.
        # safetensors' SafetensorError for a truncated file, which is no OSError
        raise ModelError(
            f"cannot load the model weights: {weights_problem(exc)}",
            directory,
            hint="re-download it with 'workbench model pull'",
        ) from None
    return model.eval()


def weights_problem(exc: BaseException) -> str:
    """One line about why weights failed to load, in the user's terms."""
    if "ignore_mismatched_sizes" in str(exc):  # transformers refers to a report it logged
        return "the weights do not match config.json (tensor shapes differ)"
    return reason(exc)
