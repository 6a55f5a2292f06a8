"""The target language as a rebuild needs it: its tag, its direction, its sentence spacing.

Direction comes from Babel's CLDR locale data (``character_order``), so ``fa``, ``he``, ``ur``
get ``rtl`` without a list kept here. CLDR has no datum for the space between sentences; the
scripts written without one (Chinese, Japanese, Thai, Lao, Khmer, Burmese, Tibetan) are listed.
"""

from __future__ import annotations

from workbench.documents.model import Target
from workbench.language import bcp47_tag, resolve_language

#: Primary languages whose sentences follow each other without a space.
UNSPACED_LANGUAGES = frozenset({"zh", "ja", "th", "lo", "km", "my", "bo"})


def target_language(code: str) -> Target:
    """The :class:`Target` for a language code (``en``, ``pt_BR``); an unknown code raises
    :class:`~workbench.errors.WorkbenchError` (the catalogs' own rule)."""
    locale = resolve_language(code)
    direction = "rtl" if locale.character_order == "right-to-left" else "ltr"
    separator = "" if locale.language in UNSPACED_LANGUAGES else " "
    return Target(bcp47_tag(str(locale)), direction, separator)
