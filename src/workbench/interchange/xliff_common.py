"""What XLIFF export and import agree on: namespaces, versions, state names and how inline
markup placeholders (``<b0>``, ``</b0>``, ``<b1/>``, see :mod:`workbench.documents.markup`)
become XLIFF inline elements.

Inline codes: XLIFF 1.2 writes a paired placeholder as empty ``<bx/>`` and ``<ex/>`` linked by
``rid`` and a standalone one as ``<x/>``; XLIFF 2.1 as ``<sc/>``, ``<ec startRef=.../>`` and
``<ph/>``. Empty elements, not ``<g>``/``<pc>`` containers, so a translator may move them
without breaking nesting, as the placeholders themselves can be moved. The element's ``id``
is the placeholder's name (``b0``), so import gives back the very same text.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from workbench.documents.formats import TEXT, format_for
from workbench.documents.markup import PLACEHOLDER

NS_1_1 = "urn:oasis:names:tc:xliff:document:1.1"
NS_1_2 = "urn:oasis:names:tc:xliff:document:1.2"
NS_2 = "urn:oasis:names:tc:xliff:document:2.0"
NS_MATCHES = "urn:oasis:names:tc:xliff:matches:2.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"

#: The XLIFF versions written: ``--version`` choices.
EXPORT_VERSIONS = ("1.2", "2.1")
#: The versions read, by namespace (1.x and 2.x share their core structure).
READ_VERSIONS = {NS_1_1: ("1.1",), NS_1_2: ("1.2",), NS_2: ("2.0", "2.1", "2.2")}

#: ``restype`` (1.2) and ``type`` (2.1) of the group holding a plural entry's forms
#: (translate-toolkit's ``po2xliff`` writes the 1.2 one too).
PLURAL_RESTYPE = "x-gettext-plurals"
PLURAL_TYPE = "po:plurals"
HEADER_RESTYPE = "x-gettext-domain-header"

#: XLIFF 1.2 states meaning a finished translation; any other state with a target is fuzzy.
DONE_STATES_1 = frozenset({"translated", "final", "signed-off"})
DONE_STATES_2 = frozenset({"translated", "reviewed", "final"})
#: States meaning a reviewed translation (:mod:`workbench.catalog.review`): export writes
#: ``final`` (1.2 and 2.1); import also takes 1.2's ``signed-off`` and 2.1's ``reviewed``.
REVIEWED_STATE = "final"
REVIEWED_STATES_1 = frozenset({"final", "signed-off"})
REVIEWED_STATES_2 = frozenset({"reviewed", "final"})

#: Characters XML 1.0 cannot carry at all.
UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

_MARKUP_SUFFIX_CACHE: dict[str, bool] = {}


def has_markup(occurrences: list[tuple[str, str]]) -> bool:
    """Whether an entry comes from a marked-up document (HTML, Markdown): only then are its
    placeholders inline codes; in a plain-text document ``<b0>`` is just text."""
    for file, _ in occurrences:
        # os.path, not Path: one Path per entry was an eighth of a 50,000-entry export
        suffix = os.path.splitext(file)[1].lower()
        known = _MARKUP_SUFFIX_CACHE.get(suffix)
        if known is None:
            known = _MARKUP_SUFFIX_CACHE[suffix] = format_for(Path(file)) is not TEXT
        if known:
            return True
    return False


def placeholder_parts(token: str) -> tuple[str, str]:
    """``("open"|"close"|"standalone", name)`` of a placeholder token such as ``</b0>``."""
    match = PLACEHOLDER.fullmatch(token)
    assert match is not None
    closing, letters, number, slash = match.groups()
    kind = "close" if closing else "standalone" if slash else "open"
    return kind, f"{letters}{number}"


def placeholder_token(kind: str, name: str) -> str:
    """The inverse of :func:`placeholder_parts`."""
    if kind == "open":
        return f"<{name}>"
    if kind == "close":
        return f"</{name}>"
    return f"<{name}/>"
