"""The one interface every MT backend implements, and the value types it speaks.

Backends (``transformers``, ``ctranslate2``) and wrappers (the suggestion cache, glossary
enforcement) all satisfy :class:`Engine`, so the TUI, the CLI and batch runs never care which
one they hold. A batch of segments in, n-best suggestions out, no shared state: the same call can
later be spread over a cluster.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from workbench.errors import WorkbenchError


@dataclass(frozen=True)
class Suggestion:
    """One MT hypothesis: ``score`` is the mean log-probability per token (higher is better)."""

    text: str
    score: float
    engine: str
    model: str

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
