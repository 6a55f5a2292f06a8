"""What a run has to do in one catalog: its target language and the entries it may fill.

Each entry is recorded with a snapshot of its state on disk (translation, fuzzy flag, translator
comment). At write time the update is applied only if the entry still needs filling *and* still
looks exactly like the snapshot, so anything a translator did to it meanwhile wins.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import polib

from workbench.catalog.language import catalog_language
from workbench.catalog.marks import needs_filling
from workbench.catalog.po.model import is_fuzzy
from workbench.catalog.pofile import read_po

EntryState = tuple[object, bool, str]
_NPLURALS_RE = re.compile(r"nplurals\s*=\s*(\d+)")


def entry_state(entry: polib.POEntry) -> EntryState:
    """The parts of an entry a translator can change: text, fuzzy flag, translator comment."""
    text: object = (
        tuple(sorted(entry.msgstr_plural.items())) if entry.msgid_plural else entry.msgstr
    )
    return (text, is_fuzzy(entry), entry.tcomment or "")


@dataclass(frozen=True)
class Segment:
    """One catalog entry to fill; ``sources`` are the texts to translate (singular, plural)."""

    catalog: Path
    msgid: str
    msgctxt: str | None
    msgid_plural: str | None
    nplurals: int
    state: EntryState = field(compare=False)

    @property
    def sources(self) -> tuple[str, ...]:
        return (self.msgid, self.msgid_plural) if self.msgid_plural else (self.msgid,)

    @property
    def tcomment(self) -> str:
        return self.state[2]

    def still_fillable(self, overwrite_fuzzy: bool) -> Callable[[polib.POEntry], bool]:
        """The write-time condition: the entry on disk is as planned and may still be filled."""
        planned = self.state

        def condition(entry: polib.POEntry) -> bool:
            return needs_filling(entry, overwrite_fuzzy=overwrite_fuzzy) and (
                entry_state(entry) == planned
            )

        return condition


@dataclass
class CatalogPlan:
    path: Path
    language: str
    segments: list[Segment]


def _nplurals(po: polib.POFile) -> int:
    match = _NPLURALS_RE.search(po.metadata.get("Plural-Forms", ""))
    return int(match.group(1)) if match else 2


def plan_catalog(path: Path, *, overwrite_fuzzy: bool = False) -> CatalogPlan:
    """Read ``path`` and list the entries a run may fill (see :func:`needs_filling`)."""
    po = read_po(path)
    nplurals = _nplurals(po)
    segments = [
        Segment(
            catalog=path,
            msgid=entry.msgid,
            msgctxt=entry.msgctxt,
            msgid_plural=entry.msgid_plural or None,
            nplurals=nplurals,
            state=entry_state(entry),
        )
        for entry in po
        if needs_filling(entry, overwrite_fuzzy=overwrite_fuzzy)
    ]
    # No default: filling a catalog with MT in a guessed language would be costly to undo.
    return CatalogPlan(path=path, language=catalog_language(path, po), segments=segments)
