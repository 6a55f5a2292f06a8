"""Glossary of official titles: formats, Arabic-aware matching, QA and terms kept in MT output.

Core only (no UI). Entry points: :class:`Glossary` (``load``, ``match``),
:func:`check_translation` (QA), :func:`lint_glossary` (``glossary check``),
:func:`translate_with_terms` (placeholders around MT).
"""

from typing import TYPE_CHECKING

from workbench.glossary.checks import TermProblem, check_translation, lint_glossary
from workbench.glossary.model import Term, TermMatch
from workbench.glossary.termbase import Glossary

if TYPE_CHECKING:  # the real types for mypy; at run time __getattr__ imports them when asked for
    from workbench.glossary.enforce import TermTranslation, translate_with_terms

__all__ = [
    "Glossary",
    "Term",
    "TermMatch",
    "TermProblem",
    "check_translation",
    "lint_glossary",
    "translate_with_terms",
    "TermTranslation",
]


def __getattr__(name: str) -> object:  # enforcement pulls in the MT types only when asked for
    if name in {"translate_with_terms", "TermTranslation"}:
        from workbench.glossary import enforce

        return getattr(enforce, name)
    raise AttributeError(name)
