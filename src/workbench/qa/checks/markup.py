"""Inline markup of a document's unit (``<b0>…</b0>``, ``<b1/>``, see
:mod:`workbench.documents.markup`): every placeholder of the source once in the translation,
pairs nested as in the source, or ``workbench build`` refuses the translation.

Only messages whose msgid holds placeholders are judged, so a software catalog's own ``<b>``
text is never read as document markup. The other content checks read such a message without
its placeholders (:func:`without_markup`): the ``0`` of ``<b0>`` is no number.
"""

from __future__ import annotations

from collections.abc import Iterator

from workbench.catalog.po.flags import FlagReading
from workbench.diagnostic import Diagnostic
from workbench.documents.markup import PLACEHOLDER, check_markup, strip_placeholders
from workbench.qa.finding import finding

#: The note ending a markup error: the translated document cannot be built with it.
REFUSED_BY_BUILD = "workbench build refuses this"


def has_markup(source: str) -> bool:
    """Whether ``source`` is a document unit with inline-markup placeholders."""
    return PLACEHOLDER.search(source) is not None


def without_markup(text: str) -> str:
    """``text`` as the content checks read it in a unit with markup: no placeholders."""
    return strip_placeholders(text)


def check_placeholder_markup(source: str, target: str, flags: FlagReading) -> Iterator[Diagnostic]:
    """Placeholders lost, added, repeated or badly nested: errors (the build refuses them)."""
    if not has_markup(source):
        return
    for problem in check_markup(source, target):
        yield finding(problem.code, problem.severity, f"{problem.message} ({REFUSED_BY_BUILD})")
