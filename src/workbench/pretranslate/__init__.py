"""Batch pre-translation: fill untranslated catalog entries with MT (fuzzy, marked), fast,
resumable and safe next to a translator editing the same files.

``plan`` (what may be filled), ``batching`` (dedupe, sort, token budgets), ``distributed`` (the
pure batch step), ``checkpoint`` (periodic locked merges), ``progress`` (the bar), ``runner``
(the run). How filled entries are marked lives in :mod:`workbench.catalog.marks`, shared with QA
and the TUI.
"""

from workbench.catalog.marks import (
    glossary_terms_status,
    is_machine_translation,
    is_pretranslated,
    machine_translation_model,
    without_pretranslation_note,
)
from workbench.pretranslate.runner import PretranslateOptions, RunSummary, run_pretranslate

__all__ = [
    "PretranslateOptions",
    "RunSummary",
    "glossary_terms_status",
    "is_machine_translation",
    "is_pretranslated",
    "machine_translation_model",
    "run_pretranslate",
    "without_pretranslation_note",
]
