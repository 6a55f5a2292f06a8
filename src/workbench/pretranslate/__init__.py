"""Batch pre-translation: fill untranslated catalog entries with MT (fuzzy, marked), fast,
resumable and safe next to a translator editing the same files.

``plan`` (what may be filled), ``batching`` (dedupe, sort, token budgets), ``distributed`` (the
pure batch step), ``checkpoint`` (periodic locked merges), ``marking`` (how fills are marked),
``progress`` (the bar), ``runner`` (the run).
"""

from workbench.pretranslate.marking import (
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
