"""Dedupe, length sorting and token-budget batching."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from workbench.pretranslate.batching import batch_by_tokens, unique_in_order


def words(text: str) -> int:
    return len(text.split())


def test_unique_in_order_keeps_first_appearance() -> None:
    assert unique_in_order(["b", "a", "b", "c", "a"]) == ["b", "a", "c"]


def test_batches_are_sorted_by_length_and_within_budget() -> None:
    sources = ["a b c d", "a", "a b", "a b c", "a b c d e f g h", "x"]
    batches = batch_by_tokens(sources, words, batch_tokens=8, max_batch_size=10)
    flat = [s for batch in batches for s in batch]
    assert [words(s) for s in flat] == sorted(words(s) for s in sources)
    assert flat[:2] == ["a", "x"]  # ties keep input order
    for batch in batches:
        assert len(batch) * max(words(s) for s in batch) <= 8 or len(batch) == 1


def test_overlong_segment_gets_its_own_batch() -> None:
    long = " ".join(["w"] * 50)
    batches = batch_by_tokens(["a", long, "b"], words, batch_tokens=10)
    assert batches == [["a", "b"], [long]]


def test_max_batch_size_caps_batches() -> None:
    batches = batch_by_tokens(
        [str(i) for i in range(10)], words, batch_tokens=1000, max_batch_size=4
    )
    assert [len(b) for b in batches] == [4, 4, 2]


@given(
    st.lists(st.text(alphabet="ab ", min_size=1, max_size=30), max_size=40),
    st.integers(min_value=1, max_value=50),
    st.integers(min_value=1, max_value=8),
)
def test_every_source_exactly_once_and_budget_kept(
    sources: list[str], budget: int, size: int
) -> None:
    def count(text: str) -> int:
        return max(1, len(text.split()))

    batches = batch_by_tokens(sources, count, batch_tokens=budget, max_batch_size=size)
    assert sorted(s for b in batches for s in b) == sorted(sources)
    for batch in batches:
        assert len(batch) <= size
        assert len(batch) == 1 or len(batch) * max(count(s) for s in batch) <= budget
