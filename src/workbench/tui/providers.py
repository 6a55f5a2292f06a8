"""Adapters between the workbench UI and the core providers (MT, TM, glossary, QA).

The UI talks only to these small classes, never to the libraries (the adapter layer of
Harlequin). Each provider is optional: its module is imported lazily (start-up stays fast) and,
when its data (glossary file, memory, model) is missing, the adapter reports a
:class:`ProviderStatus` the pane shows as a clear message while the other providers keep
working. Nothing here imports Textual.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench.config import Config
from workbench.errors import WorkbenchError

if TYPE_CHECKING:
    from workbench.catalog.checkers import PluralVerdict
    from workbench.diagnostic import Diagnostic
    from workbench.glossary import TermMatch
    from workbench.qa.dismissal import Split
    from workbench.qa.spelling import SpellingCheck
    from workbench.tui.session import Segment

NO_MODEL_MESSAGE = (
    "No MT model installed: run `workbench model pull` or copy a model into models/"
    " — glossary and TM still work"
)


@dataclass(frozen=True)
class ProviderStatus:
    """``state``: "ready", "loading", "missing" or "error"; ``message`` is shown as is."""

    state: str
    message: str = ""

    @property
    def ready(self) -> bool:
        return self.state == "ready"


@dataclass(frozen=True)
class SuggestionItem:
    """One numbered suggestion: ``kind`` is "mt", "mt+glossary" or "tm"; ``confidence``, an MT
    suggestion's 0-100 confidence (:attr:`workbench.mt.engine.Suggestion.confidence`)."""

    kind: str
    text: str
    label: str
    detail: str = ""
    confidence: int | None = None


class GlossaryAdapter:
    """Terms of the project glossary, matched in Arabic sources."""

    def __init__(
        self,
        path: Path | None,
        *,
        configured: Path | None = None,
        target_language: str | None = None,
        catalog_language: str | None = None,
    ) -> None:
        """``path``: the glossary to load (``glossary.termbase.project_glossary_path``); None
        when there is none to load, ``configured`` then says which file the project names.
        ``target_language``: the language the glossary translates into (a multilingual TBX is
        read in it); a catalog in another language gets no glossary, as in ``workbench qa``
        and ``pretranslate`` (``language.serves_language``)."""
        self.path = path
        self.glossary: Any = None
        if path is not None and catalog_language:
            from workbench.language import serves_language

            if not serves_language(target_language, catalog_language):
                self.status = ProviderStatus(
                    "missing",
                    f"The glossary is for {target_language}; this catalog is {catalog_language}",
                )
                return
        if path is None:
            self.status = ProviderStatus(
                "missing",
                f"No glossary: {configured} not found (--glossary FILE)"
                if configured is not None
                else "No glossary configured (--glossary FILE)",
            )
            return
        from workbench.glossary import Glossary

        try:
            self.glossary = Glossary.load(path, target_language=target_language)
        except WorkbenchError as exc:
            self.status = ProviderStatus("error", f"Glossary not loaded: {exc}")
            return
        self.status = ProviderStatus("ready", f"{len(self.glossary.terms)} terms")

    def match(self, text: str) -> list[TermMatch]:
        """The glossary's matches (offsets into the stored, logical text); none without one."""
        if self.glossary is None:
            return []
        return self.glossary.match(text)


class QAAdapter:
    """Live checks of the current target (numbers, placeholders, glossary...), judged as
    ``workbench qa`` and compile judge the message: a plural entry's forms together, paired
    with ``msgid_plural`` by the catalog's plural verdict (kept by the session,
    :attr:`workbench.tui.session.EditingSession.plurals`: no file is read here, on the UI
    thread).

    Spelling is checked with the dictionary of the catalog's language (:meth:`with_spelling`),
    and :meth:`misspelled_words` gives the words the editor underlines."""

    def __init__(self, glossary: GlossaryAdapter, spelling: SpellingCheck | None = None) -> None:
        from workbench.qa.runner import check_message

        self.glossary = glossary
        self.spelling = spelling
        #: Why spelling is not checked (no dictionary for the language), or ''.
        self.spelling_notice = ""
        self._check_message = check_message

    @classmethod
    def with_spelling(cls, glossary: GlossaryAdapter, language: str) -> QAAdapter:
        """The adapter checking spelling with ``language``'s Hunspell dictionary, or, when it
        is not installed, without (:attr:`spelling_notice` says so)."""
        from workbench.qa.spelling import DictionaryMissing, SpellingCheck, load_speller

        try:
            speller = load_speller(language)
        except DictionaryMissing as exc:
            adapter = cls(glossary)
            adapter.spelling_notice = exc.message
            return adapter
        return cls(glossary, SpellingCheck.with_glossary(speller, glossary.glossary))

    def misspelled_words(self, segment: Segment, target: str) -> frozenset[str]:
        """The words of ``target`` the spelling check flags (none without a dictionary)."""
        if self.spelling is None or not target:
            return frozenset()
        from workbench.catalog.po.flags import read_flags

        formats = read_flags(segment.flags).formats
        return frozenset(m.word for m in self.spelling.misspellings(segment.msgid, target, formats))

    def check(
        self, segment: Segment, target: str, plurals: PluralVerdict | None = None
    ) -> list[Diagnostic]:
        """Findings for ``target`` as the translation of ``segment`` (of a plural entry: its
        ``msgstr[0]``, the other forms as they are); ``plurals``: the catalog's plural verdict
        (None: a plural entry's forms are checked leniently). Checks dismissed for the segment
        (``# wb-dismissed``) are left out, as ``workbench qa`` leaves them out."""
        return self.report(segment, target, plurals).kept

    def report(
        self, segment: Segment, target: str, plurals: PluralVerdict | None = None
    ) -> Split:
        """:meth:`check`'s findings, and apart those dismissed for the segment."""
        from workbench.qa.dismissal import split_dismissed

        return split_dismissed(self._findings(segment, target, plurals), segment.dismissed)

    def _findings(
        self, segment: Segment, target: str, plurals: PluralVerdict | None
    ) -> list[Diagnostic]:
        if not target:
            return []
        forms = [target]
        if segment.plural is not None:
            forms += [segment.plural[form] for form in sorted(segment.plural) if form != 0]
        return self._check_message(
            segment.msgid,
            segment.msgid_plural,
            forms,
            flags=segment.flags,
            fuzzy=segment.fuzzy,
            glossary=self.glossary.glossary,
            plurals=plurals if segment.plural is not None else None,
            spelling=self.spelling,
        )


class TMAdapter:
    """Fuzzy matches from the project's translation memory, in the catalog's language.

    The memory is opened on first use and synced with ``locales/`` (``tm.project``; in the
    app, by :mod:`workbench.tui.memory_sync`, which reports to :meth:`synced`), so what was
    approved in any catalog since the last ``tm`` command is offered. Matches from the open
    catalog win ties (``document``). SQLite connections belong to one thread: the
    suggestion service calls this from its single worker thread only; :meth:`add` queues
    approvals for that thread.
    """

    def __init__(
        self,
        config: Config | None,
        *,
        language: str | None = None,
        catalog: Path | None = None,
        sync_on_open: bool = True,
    ) -> None:
        """``sync_on_open``: sync with ``locales/`` when the memory is opened; False when the
        sync is done elsewhere (the app's sync process, which reports to :meth:`synced`)."""
        self.config = config
        self.language = language
        self.catalog = catalog
        self.document: str | None = None  # the catalog's origin in the memory, once open
        self.sync_on_open = sync_on_open
        self._memory: Any = None
        self._lock = threading.Lock()
        if config is None or config.tm is None:
            self.status = ProviderStatus("missing", "No translation memory configured")
            return
        self.status = ProviderStatus("ready")

    def _open(self) -> Any:
        if self._memory is None and self.status.ready and self.config is not None:
            from workbench.tm.catalogs import catalog_origin
            from workbench.tm.project import open_project_memory

            if self.catalog is not None:
                self.document = catalog_origin(self.catalog)
            try:
                self._memory, report = open_project_memory(self.config, sync=self.sync_on_open)
            except (WorkbenchError, OSError) as exc:
                self.status = ProviderStatus("error", f"TM not opened: {exc}")
            else:
                self._note_sync([str(error) for error in report.errors], None)
        return self._memory

    def synced(self, skipped: list[str], failure: str | None = None) -> None:
        """The sync done elsewhere has ended (called from any thread): ``skipped``, catalogs it
        could not read; ``failure``, why it failed, if it did."""
        with self._lock:
            self._note_sync(skipped, failure)

    def _note_sync(self, skipped: list[str], failure: str | None) -> None:
        """The status a sync leaves (the caller holds the lock): a failure is an error, skipped
        catalogs are said while the memory serves the rest."""
        if not self.status.ready:
            return
        if failure is not None:
            self.status = ProviderStatus("error", f"TM not synced: {failure}")
        elif skipped:
            self.status = ProviderStatus(
                "ready", f"TM: {len(skipped)} catalog(s) skipped: {skipped[0]}"
            )

    def search(self, text: str, limit: int = 5) -> list[SuggestionItem]:
        with self._lock:
            memory = self._open()
            if memory is None:
                return []
            matches = memory.search(
                text,
                min_score=60,
                limit=limit,
                target_language=self.language,
                document=self.document,
            )
        return [_with_markup_of(text, m) for m in matches]

    def add(self, source: str, target: str, origin: str | Path) -> None:
        """``origin``: the catalog's path (stored as ``<lang>/LC_MESSAGES/<domain>.po``)."""
        with self._lock:
            memory = self._open()
            if memory is not None:
                memory.add(source, target, origin, target_language=self.language)

    def close(self) -> None:
        with self._lock:
            if self._memory is not None:
                self._memory.close()
                self._memory = None


def _with_markup_of(source: str, match: Any) -> SuggestionItem:
    """A TM match as a suggestion for ``source``. The memory matches words, not markup: a
    match whose placeholders are another unit's gets those of ``source`` in their place
    (:func:`workbench.documents.markup.renumber_placeholders`) or, when they cannot be
    mapped, is labelled "markup differs" (QA would report it once inserted)."""
    label = f"TM {round(match.score)}%"
    target = match.target
    from workbench.documents.markup import PLACEHOLDER

    if PLACEHOLDER.search(source) or PLACEHOLDER.search(target):
        from workbench.documents.markup import renumber_placeholders

        renumbered = renumber_placeholders(match.source, target, source)
        if renumbered is None:
            label += " · markup differs"
        else:
            target = renumbered
    return SuggestionItem("tm", target, label, str(match.origin or ""))


def within_project(text: str, root: Path) -> str:
    """``text`` with the project folder's own path left out of the paths it names
    (``models/opus-mt-ar-en``): the screen is the project's, and a served session's screen goes
    to browsers that have no business knowing the server's file system."""
    start = r"(?<![\w/.-])"  # a path that begins there, not /elsewhere/root/...
    inside = re.compile(start + re.escape(f"{root}/"))
    itself = re.compile(start + re.escape(str(root)) + r"(?![^\s'\")\]:;,])")  # not root-other
    return itself.sub("the project folder", inside.sub("", text))


@dataclass
class MTAdapter:
    """The MT engine, loaded in the background; n-best plus the glossary-enforced variant."""

    config: Config
    model: str | None = None
    engine_name: str | None = None
    language: str | None = None
    n_best: int = 3
    engine: Any = None
    status: ProviderStatus = field(default_factory=lambda: ProviderStatus("loading", "Loading"))
    #: Appended to the "not installed" message: how the UI gets the model (its key).
    missing_hint: str = ""

    def load(self) -> ProviderStatus:
        """Blocking (seconds for a real model): call from a worker thread."""
        from workbench.mt import load_engine

        self.status = ProviderStatus("loading", "Loading the MT model…")
        try:
            self.engine = load_engine(
                self.config,
                model=self.model,
                engine=self.engine_name,
                target_language=self.language,
            )
        except WorkbenchError as exc:
            missing = type(exc).__name__ == "ModelNotAvailable"
            said = within_project(str(exc), self.config.root)
            text = f"{said} — glossary and TM still work" if missing else f"MT unavailable: {said}"
            if missing and self.missing_hint:
                text += f" · {self.missing_hint}"
            self.status = ProviderStatus("missing" if missing else "error", text)
            return self.status
        except Exception as exc:  # noqa: BLE001 - a broken model must not take the UI down
            said = within_project(str(exc), self.config.root)
            self.status = ProviderStatus("error", f"MT unavailable: {said}")
            return self.status
        self.status = ProviderStatus("ready", getattr(self.engine, "model_name", "MT"))
        return self.status

    def suggest(
        self, source: str, glossary: GlossaryAdapter
    ) -> tuple[list[SuggestionItem], list[str]]:
        """Suggestions, and notes for the translator (e.g. a term enforcement that failed).

        A document unit's markup placeholders go to MT masked, as in ``pretranslate``
        (:mod:`workbench.pretranslate.markup`: numbers Marian copies, glossary terms on the
        next free ones) and come back restored. A hypothesis that lost or garbled one is
        still offered, as its words without any markup (label "no markup"), with a warning
        note: the translator places the placeholders (ctrl+l inserts the missing ones)."""
        if self.engine is None:
            return [], []
        from workbench.documents.markup import PLACEHOLDER

        if not PLACEHOLDER.search(source):
            return self._suggest(source, glossary)
        from workbench.documents.markup import mask_placeholders, placeholders
        from workbench.pretranslate.markup import restored_text, words_without_markup

        masked = mask_placeholders(source)
        found, notes = self._suggest(masked.text, glossary)
        kept: list[SuggestionItem] = []
        lost: list[SuggestionItem] = []
        for item in found:
            text = restored_text(source, masked, item.text)
            if text is not None:
                kept.append(replace(item, text=text))
            else:
                words = words_without_markup(source, masked, item.text)
                lost.append(replace(item, text=words, label=f"{item.label} · no markup"))
        if lost:
            notes.append(
                f"⚠ MT lost the markup ({' '.join(placeholders(source))}) in {len(lost)}"
                " suggestion(s), shown without it (no markup): ctrl+l inserts the missing"
                " placeholders"
            )
        return kept + lost, notes

    def _suggest(
        self, source: str, glossary: GlossaryAdapter
    ) -> tuple[list[SuggestionItem], list[str]]:
        from workbench.mt import DecodeOptions

        options = DecodeOptions(beam=max(4, self.n_best), n_best=self.n_best)
        model = getattr(self.engine, "model_name", "")
        enforced = None
        notes: list[str] = []
        if glossary.glossary is not None:  # a source without terms gets plain MT only
            from workbench.glossary import translate_with_terms

            outcome = translate_with_terms(self.engine, glossary.glossary, [source], options)[0]
            plain, enforced = outcome.plain, outcome.enforced
            notes = list(outcome.warnings)
        else:
            plain = self.engine.translate_batch([source], options)[0]
        items = []
        if enforced is not None and all(enforced.text != s.text for s in plain):
            items.append(
                SuggestionItem("mt+glossary", enforced.text, "MT+terms", model, enforced.confidence)
            )
        items += [SuggestionItem("mt", s.text, "MT", model, s.confidence) for s in plain]
        return items, notes
