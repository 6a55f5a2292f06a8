"""White space: leading and trailing newlines must agree (``msgfmt -c`` refuses the catalog
otherwise; verdict, pairing and wording are those of ``workbench compile``:
:func:`workbench.catalog.checkers.newline_problems`), leading and trailing spaces should, and
the translation should not gain double spaces."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from workbench.catalog.checkers import newline_problems
from workbench.catalog.po.flags import FlagReading
from workbench.diagnostic import Diagnostic
from workbench.qa.finding import ERROR, REFUSED, WARNING, finding

_DOUBLE_SPACE = re.compile(r"\S[ \u00a0]{2,}\S")


def check_newlines(
    msgid: str, msgid_plural: str | None, forms: Sequence[str]
) -> Iterator[Diagnostic]:
    """Newline errors of one message (``forms``: its translations), as compile pairs them: the
    plural source and every form against ``msgid``."""
    for problem in newline_problems(msgid, msgid_plural, forms):
        yield finding("newlines", ERROR, f"{problem} ({REFUSED})")


def _edge_spaces(text: str) -> tuple[bool, bool]:
    stripped = text.strip("\n")
    return stripped[:1].isspace(), stripped[-1:].isspace()


def _space_message(edge: str, target_has: bool) -> str:
    if target_has:
        return f"the translation {edge} with a space the source lacks"
    return f"the source {edge} with a space the translation lacks"


def check_whitespace(source: str, target: str, flags: FlagReading) -> Iterator[Diagnostic]:
    (src_lead, src_trail), (tgt_lead, tgt_trail) = _edge_spaces(source), _edge_spaces(target)
    if src_lead != tgt_lead:
        yield finding("whitespace", WARNING, _space_message("begins", tgt_lead))
    if src_trail != tgt_trail:
        yield finding("whitespace", WARNING, _space_message("ends", tgt_trail))


def check_double_spaces(source: str, target: str, flags: FlagReading) -> Iterator[Diagnostic]:
    if "  " in target and _DOUBLE_SPACE.search(target) and not _DOUBLE_SPACE.search(source):
        yield finding("double-space", WARNING, "double space in the translation")
