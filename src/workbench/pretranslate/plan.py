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

from workbench.catalog.discovery import find_catalogs
from workbench.catalog.marks import needs_filling
from workbench.catalog.pofile import read_po
from workbench.errors import WorkbenchError

EntryState = tuple[object, bool, str]
_NPLURALS_RE = re.compile(r"nplurals\s*=\s*(\d+)")


def entry_state(entry: polib.POEntry) -> EntryState:
    """The parts of an entry a translator can change: text, fuzzy flag, translator comment."""
    text: object = (
        tuple(sorted(entry.msgstr_plural.items())) if entry.msgid_plural else entry.msgstr
    )
    return (text, "fuzzy" in entry.flags, entry.tcomment or "")


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


def target_language(path: Path, po: polib.POFile) -> str:
    """``<lang>`` of ``.../<lang>/LC_MESSAGES/<domain>.po``, else the ``Language`` header."""
    if path.parent.name == "LC_MESSAGES" and path.parent.parent.name:
        return path.parent.parent.name
    language = (po.metadata.get("Language") or "").strip()
    if language:
        return language
    raise WorkbenchError(
        "cannot tell the target language",
        path,
        hint="put the catalog in locales/<lang>/LC_MESSAGES/ or set its Language header",
    )


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
            msgctxt=entry.msgctxt or None,
            msgid_plural=entry.msgid_plural or None,
            nplurals=nplurals,
            state=entry_state(entry),
        )
        for entry in po
        if needs_filling(entry, overwrite_fuzzy=overwrite_fuzzy)
    ]
    return CatalogPlan(path=path, language=target_language(path, po), segments=segments)


def select_catalogs(locales: Path, named: list[Path], *, every: bool = False) -> list[Path]:
    """The catalogs a run works on: those named, or with none named (or ``--all``) every
    ``*/LC_MESSAGES/*.po`` under ``locales``. Naming catalogs *and* asking for all is refused:
    one of the two would be silently ignored."""
    if named and every:
        raise WorkbenchError(
            "name catalogs or use --all, not both",
            hint="without catalog arguments every catalog under locales/ is pre-translated",
        )
    if named:
        return list(dict.fromkeys(Path(path) for path in named))
    found = find_catalogs(locales)
    if not found:
        raise WorkbenchError(
            "no catalogs found",
            locales,
            hint="create one with 'workbench import SOURCE --lang LANG' or name a catalog",
        )
    return found
