"""Turning a run's segments into MT batches: each distinct source once, similar lengths together.

Hand-written because it is a dozen lines: sort by token count, then cut greedily so that a
batch's padded size (its longest segment times its number of segments, which is what the
decoder actually computes over) stays within the token budget, as fairseq and Marian's own
``--mini-batch-words`` do. Sorting keeps padding small; the budget keeps memory flat whatever
the segment lengths are.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

DEFAULT_BATCH_TOKENS = 2048
DEFAULT_MAX_BATCH_SIZE = 128


def unique_in_order(texts: Iterable[str]) -> list[str]:
    """Each distinct text once, in order of first appearance (identical sources are translated
    once and the result shared by every entry that has them)."""
    return list(dict.fromkeys(texts))


def batch_by_tokens(
    sources: Sequence[str],
    count_tokens: Callable[[str], int],
    *,
    batch_tokens: int = DEFAULT_BATCH_TOKENS,
    max_batch_size: int = DEFAULT_MAX_BATCH_SIZE,
) -> list[list[str]]:
    """``sources`` sorted by length (shortest first, ties in input order) and cut into batches
    whose padded size ``len(batch) * longest`` is at most ``batch_tokens`` and whose length is at
    most ``max_batch_size``. A segment longer than the budget gets a batch of its own."""
    if batch_tokens < 1 or max_batch_size < 1:
        raise ValueError("batch_tokens and max_batch_size must be positive")
    lengths = {text: max(1, count_tokens(text)) for text in sources}
    ordered = sorted(sources, key=lengths.__getitem__)
    batches: list[list[str]] = []
    current: list[str] = []
    for text in ordered:
        longest = lengths[text]  # ascending order: the newest segment is the longest
        if current and (
            (len(current) + 1) * longest > batch_tokens or len(current) >= max_batch_size
        ):
            batches.append(current)
            current = []
        current.append(text)
    if current:
        batches.append(current)
    return batches
