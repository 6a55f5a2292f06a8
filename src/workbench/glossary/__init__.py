"""Glossary of official titles: formats, Arabic-aware matching, QA and terms kept in MT output.

Core only (no UI). Entry points: :class:`Glossary` (``load``, ``match``),
:func:`check_translation` (QA), :func:`lint_glossary` (``glossary check``),
:func:`translate_with_terms` (placeholders around MT).
"""

from workbench.glossary.checks import TermProblem, check_translation, lint_glossary
from workbench.glossary.model import Term, TermMatch
from workbench.glossary.termbase import Glossary, serves_language

__all__ = [
    "Glossary",
    "Term",
    "TermMatch",
    "TermProblem",
    "check_translation",
    "lint_glossary",
    "serves_language",
    "translate_with_terms",
    "TermTranslation",
]


def __getattr__(name: str):  # enforcement pulls in the MT types only when asked for
    if name in {"translate_with_terms", "TermTranslation"}:
        from workbench.glossary import enforce

        return getattr(enforce, name)
    raise AttributeError(name)
