"""The one interface every MT backend implements, and the value types it speaks.

Backends (``transformers``, ``ctranslate2``) and wrappers (the suggestion cache, glossary
enforcement) all satisfy :class:`Engine`, so the TUI, the CLI and batch runs never care which
one they hold. A batch of segments in, n-best suggestions out, no shared state: the same call can
later be spread over a cluster.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from workbench.errors import WorkbenchError

#: Confidence bands, from the highest: (lowest confidence of the band, its name).
CONFIDENCE_BANDS: tuple[tuple[int, str], ...] = ((70, "high"), (40, "medium"), (0, "low"))


def confidence_from_score(score: float) -> int:
    """A score (mean log-probability per token, <= 0) as a 0-100 confidence: ``exp(score)`` is
    the geometric mean of the probabilities the model gave the tokens it chose (the ``</s>``
    included), in percent and rounded. -0.1 is 90, -0.5 is 61, -1.0 is 37: a translator reads
    it at a glance, and ``pretranslate --min-score`` compares against the same figure."""
    return round(100 * math.exp(min(0.0, score)))


def confidence_band(confidence: int) -> str:
    """``"high"``, ``"medium"`` or ``"low"`` for a 0-100 confidence (:data:`CONFIDENCE_BANDS`)."""
    return next(name for floor, name in CONFIDENCE_BANDS if confidence >= floor)


@dataclass(frozen=True)
class Suggestion:
    """One MT hypothesis: ``score`` is the mean log-probability per token (higher is better),
    as both backends compute it (CTranslate2's ``return_scores`` with ``length_penalty=1``,
    transformers' ``sequences_scores`` or transition scores: the sum of the chosen tokens'
    log-probabilities, ``</s>`` included, divided by their number)."""

    text: str
    score: float
    engine: str
    model: str

    @property
    def confidence(self) -> int:
        """The score as a 0-100 confidence (:func:`confidence_from_score`)."""
        return confidence_from_score(self.score)

    def to_json(self) -> dict[str, str | float]:
        """The record ``workbench translate --json`` prints (score rounded for reading)."""
        return {"text": self.text, "score": round(self.score, 4), "engine": self.engine,
                "model": self.model}


@dataclass(frozen=True)
class DecodeOptions:
    """Decoding settings; part of the suggestion cache key."""

    beam: int = 4
    n_best: int = 1
    max_length: int = 256

    @classmethod
    def chosen(
        cls, *, beam: int | None = None, n_best: int = 1, max_length: int | None = None
    ) -> DecodeOptions:
        """Options from what the user gave (None: the default). Beam search returns at most
        ``beam`` hypotheses, so the default beam grows to ``n_best``; an explicit smaller beam
        is refused rather than silently changed."""
        if beam is not None and beam < n_best:
            raise WorkbenchError(
                f"{n_best} suggestions need a beam of {n_best} or more, not {beam}",
                hint=f"pass --beam {n_best}, or leave --beam out",
            )
        return cls(
            beam=beam if beam is not None else max(cls.beam, n_best),
            n_best=n_best,
            max_length=max_length if max_length is not None else cls.max_length,
        )


@runtime_checkable
class Engine(Protocol):
    """A loaded MT model that turns Arabic segments into n-best suggestions."""

    name: str  # "transformers" | "ctranslate2" | wrapper names
    model_name: str  # hub id or directory name shown to the user
    fingerprint: str  # identifies the exact weights + tokenizer (cache key)

    def translate_batch(
        self, sources: Sequence[str], options: DecodeOptions
    ) -> list[list[Suggestion]]:
        """One list of up to ``options.n_best`` suggestions per source, best first."""
        ...

    def count_tokens(self, text: str) -> int:
        """Source tokens as the model sees them (for token-based batching)."""
        ...
