"""What both Marian backends share: OPUS-MT tokenization, splitting over-long inputs, batching
by tokens, joining split parts back, and the model fingerprint.

A backend only implements :meth:`MarianEngine._decode`, which turns batches of SentencePiece
pieces into n-best piece lists with scores; everything that decides *what* the model sees and
*what* the user gets back lives here, once, so the two backends cannot drift apart.
"""

from __future__ import annotations

import hashlib
import json
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from workbench.errors import reason
from workbench.mt.engine import DecodeOptions, Suggestion
from workbench.mt.text import clean_output, normalize_source, split_to_fit

DEFAULT_MAX_POSITIONS = 512
SPIECE_UNDERLINE = "\u2581"
_FINGERPRINT_FILES = ("config.json", "source.spm", "target.spm", "vocab.json")


@dataclass(frozen=True)
class Hypothesis:
    """One decoded output as target pieces (without ``</s>``) and mean log-prob per token."""

    pieces: list[str]
    score: float


def quiet_transformers() -> None:
    """No progress bars or advisory warnings from transformers on the user's terminal."""
    from transformers.utils import logging

    logging.set_verbosity_error()
    logging.disable_progress_bar()


def load_tokenizer(directory: Path):  # type: ignore[no-untyped-def]
    """The model's own ``MarianTokenizer`` from local files (both layouts carry them)."""
    quiet_transformers()
    from transformers import MarianTokenizer

    from workbench.mt.models import ModelError

    try:
        return MarianTokenizer.from_pretrained(str(directory), local_files_only=True)
    except Exception as exc:  # sentencepiece/json errors of damaged files
        raise ModelError(
            f"cannot load the tokenizer: {reason(exc)}",
            directory,
            hint="restore source.spm, target.spm and vocab.json from the original model "
            "(or re-download it with 'workbench model pull')",
        ) from None


def count_source_tokens(tokenizer, text: str) -> int:  # type: ignore[no-untyped-def]
    """Source tokens as the model sees them, ``</s>`` included: what runs batch by."""
    normalized = normalize_source(text)
    return len(tokenizer.spm_source.encode(normalized, out_type=str) if normalized else []) + 1


class SourceTokenCounter:
    """A model's :meth:`MarianEngine.count_tokens` from its tokenizer files alone: a Ray
    driver batches by tokens exactly as a local run does without loading the weights."""

    def __init__(self, directory: Path) -> None:
        self.tokenizer = load_tokenizer(directory)

    def __call__(self, text: str) -> int:
        return count_source_tokens(self.tokenizer, text)


def fingerprint(directory: Path, *parts: str) -> str:
    """Identifies the exact model: content hash of config and tokenizer files, name, size and
    mtime of the weights (hashing hundreds of MB at every start would cost seconds)."""
    digest = hashlib.sha256("\0".join(parts).encode())
    for name in _FINGERPRINT_FILES:
        path = directory / name
        if path.is_file():
            digest.update(name.encode() + b"\0" + path.read_bytes())
    for path in sorted(directory.glob("*.safetensors")) + sorted(directory.glob("*.bin")):
        stat = path.stat()
        digest.update(f"{path.name}\0{stat.st_size}\0{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:32]


def max_positions(directory: Path) -> int:
    """The model's positional limit from ``config.json`` (CTranslate2 dirs do not record it)."""
    try:
        data = json.loads((directory / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return DEFAULT_MAX_POSITIONS
    return int(data.get("max_position_embeddings") or DEFAULT_MAX_POSITIONS)


class MarianEngine(ABC):
    """Base of both backends; implements :class:`~workbench.mt.engine.Engine`."""

    name: str
    #: Padded source tokens per decoding batch (token-based batching).
    max_batch_tokens: int = 2048
    #: Minimum output tokens; benchmarks set it equal to max_length so every run decodes the
    #: same number of steps. 0 lets the model stop at ``</s>`` whenever it likes.
    min_output_tokens: int = 0

    def __init__(self, directory: Path, model_name: str, positions: int, fingerprint: str):
        self.directory = directory
        self.model_name = model_name
        self.fingerprint = fingerprint
        self.tokenizer = load_tokenizer(directory)
        # One position is taken by </s> on the source side and by the start on the target side.
        self.max_source_tokens = positions - 1
        self.max_target_tokens = positions - 1
        self.eos = self.tokenizer.eos_token

    # --- Engine protocol -----------------------------------------------------------------

    def count_tokens(self, text: str) -> int:
        return count_source_tokens(self.tokenizer, text)

    def translate_batch(
        self, sources: Sequence[str], options: DecodeOptions
    ) -> list[list[Suggestion]]:
        options = self._effective(options)
        parts: list[list[str]] = []  # piece lists of every part of every source
        owners: list[int] = []
        for index, source in enumerate(sources):
            for part in self._split(normalize_source(source)):
                parts.append(part)
                owners.append(index)
        hypotheses = self._decode_by_tokens(parts, options) if parts else []
        by_source: list[list[list[Hypothesis]]] = [[] for _ in sources]
        for owner, hyps in zip(owners, hypotheses, strict=True):
            by_source[owner].append(hyps)
        return [self._join(part_hyps, options.n_best) for part_hyps in by_source]

    # --- backend hook --------------------------------------------------------------------

    @abstractmethod
    def _decode(self, batch: list[list[str]], options: DecodeOptions) -> list[list[Hypothesis]]:
        """n-best hypotheses for each piece list (each ends with ``</s>``), best first."""

    # --- shared steps --------------------------------------------------------------------

    def _effective(self, options: DecodeOptions) -> DecodeOptions:
        """Clamp to what the model can do: beam >= n-best, output within the positions."""
        n_best = max(1, options.n_best)
        return DecodeOptions(
            beam=max(options.beam, n_best, 1),
            n_best=n_best,
            max_length=max(1, min(options.max_length, self.max_target_tokens)),
        )

    def _pieces(self, text: str) -> list[str]:
        return self.tokenizer.spm_source.encode(text, out_type=str) if text else []

    def _split(self, text: str) -> list[list[str]]:
        """Source pieces (+ ``</s>``) in parts that fit the model; over-long words truncated.
        An empty source has no parts: nothing to decode."""
        if not text:
            return []
        limit = self.max_source_tokens - 1
        chunks = split_to_fit(text, lambda chunk: len(self._pieces(chunk)), limit)
        return [self._pieces(chunk)[:limit] + [self.eos] for chunk in chunks]

    def _decode_by_tokens(
        self, parts: list[list[str]], options: DecodeOptions
    ) -> list[list[Hypothesis]]:
        """Sort by length and decode in batches of at most ``max_batch_tokens`` padded tokens,
        so one long segment does not pad a whole batch."""
        order = sorted(range(len(parts)), key=lambda i: len(parts[i]))
        results: list[list[Hypothesis]] = [[] for _ in parts]
        batch: list[int] = []
        for index in order:
            width = len(parts[index])  # the longest so far, as parts are sorted by length
            if batch and width * (len(batch) + 1) > self.max_batch_tokens:
                self._run(batch, parts, options, results)
                batch = []
            batch.append(index)
        if batch:
            self._run(batch, parts, options, results)
        return results

    def _run(
        self,
        batch: list[int],
        parts: list[list[str]],
        options: DecodeOptions,
        results: list[list[Hypothesis]],
    ) -> None:
        decoded = self._decode([parts[i] for i in batch], options)
        for index, hyps in zip(batch, decoded, strict=True):
            results[index] = hyps

    def _text(self, pieces: list[str]) -> str:
        """Detokenise by joining pieces: the joint vocabulary holds source pieces the target
        SentencePiece model does not know (its decoder would turn them into ' ⁇ ')."""
        special = {self.eos, self.tokenizer.pad_token}
        text = "".join(p for p in pieces if p not in special).replace(SPIECE_UNDERLINE, " ")
        return clean_output(text)

    def _join(self, part_hyps: list[list[Hypothesis]], n_best: int) -> list[Suggestion]:
        """Suggestions for one source; a split source gets its parts' k-th bests joined."""
        if not part_hyps:
            return [Suggestion("", 0.0, self.name, self.model_name)]
        count = min(n_best, max(len(h) for h in part_hyps))
        suggestions = []
        for k in range(count):
            chosen = [hyps[min(k, len(hyps) - 1)] for hyps in part_hyps]
            text = " ".join(t for t in (self._text(h.pieces) for h in chosen) if t)
            score = sum(h.score for h in chosen) / len(chosen)
            suggestions.append(Suggestion(clean_output(text), score, self.name, self.model_name))
        seen: set[str] = set()
        unique = []
        for suggestion in suggestions:
            if suggestion.text not in seen:
                seen.add(suggestion.text)
                unique.append(suggestion)
        return unique
