"""The segment filter matches Arabic the way a translator types it."""

from __future__ import annotations

from workbench.tui.concordance import fold, matching_rows
from workbench.tui.session import Segment


def segment(source: str, target: str = "") -> Segment:
    return Segment(msgid=source, msgctxt=None, target=target, fuzzy=False)


SEGMENTS = [
    segment("قال وَزِيرُ الأمـــن العام"),
    segment("اتفاقية هانوي", "The Hanoi Convention"),
    segment("الأمم المتحدة"),
]


def test_harakat_tatweel_and_hamza_forms_are_ignored() -> None:
    assert fold("وَزِيرُ الأمـــن") == fold("وزير الامن")
    assert matching_rows(SEGMENTS, "وزير الامن") == [0]
    assert matching_rows(SEGMENTS, "الأمن") == [0]
    assert matching_rows(SEGMENTS, "الامم") == [2]


def test_translations_are_searched_case_insensitively() -> None:
    assert matching_rows(SEGMENTS, "hanoi CONVENTION") == [1]
    assert matching_rows(SEGMENTS, "  ") == [0, 1, 2]


def test_a_large_catalog_is_filtered_correctly() -> None:
    many = [segment(f"{s.msgid} ({n})", s.target) for n in range(7000) for s in SEGMENTS]
    matching_rows(many, "و")  # the first key folds every source once
    rows = matching_rows(many, "وزير")
    assert len(rows) == 7000
