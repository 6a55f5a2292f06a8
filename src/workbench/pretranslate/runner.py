"""A pre-translation run: fill every untranslated entry of some catalogs with MT, marked fuzzy.

The run plans all catalogs first (reading each once), then works per target language: one
engine for the whole run per language, each distinct source translated once (exact
translation-memory matches first, then MT in length-sorted token-budget batches through the
engine, whose suggestion cache is consulted and filled; with a glossary, the term-enforced
suggestion of :func:`workbench.glossary.translate_with_terms` when verified, else plain MT, the
MT note saying which), results fanned out to every entry with
that source and saved by the :class:`~workbench.pretranslate.checkpoint.Checkpointer` under each
catalog's lock. A document unit's inline markup is masked for MT and restored after; an entry
whose markup MT lost is left untranslated with a warning (:mod:`workbench.pretranslate.markup`).
Approved entries are never written: see :mod:`workbench.pretranslate.plan`.
A language whose model cannot be loaded is left out and reported in the summary's ``problems``;
the other languages are still done.
"""

from __future__ import annotations

import contextlib
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import polib

from workbench.catalog.marks import (
    TERMS_ENFORCED,
    TERMS_NOT_ENFORCED,
    mt_note,
    tm_note,
    with_pretranslation_note,
)
from workbench.catalog.store import EntryUpdate, apply_to_entry
from workbench.catalog.text_rules import refuse_unwritable_text
from workbench.config import Config
from workbench.documents.markup import markup_problems
from workbench.errors import WorkbenchError
from workbench.language import serves_language
from workbench.mt.engine import DecodeOptions, Engine
from workbench.pretranslate.batching import (
    DEFAULT_BATCH_TOKENS,
    DEFAULT_MAX_BATCH_SIZE,
    batch_by_tokens,
    unique_in_order,
)
from workbench.pretranslate.checkpoint import (
    DEFAULT_EVERY_SECONDS,
    DEFAULT_EVERY_SEGMENTS,
    Checkpointer,
)
from workbench.pretranslate.distributed import (
    MTResult,
    conform_to_source,
    translate_segments,
)
from workbench.pretranslate.markup import markup_lost_warning
from workbench.pretranslate.plan import Segment, plan_catalog
from workbench.pretranslate.progress import ProgressReporter, WorkerStats, make_progress

if TYPE_CHECKING:
    from workbench.glossary import Glossary
    from workbench.tm.store import TranslationMemory

EngineSource = Engine | Callable[[str], Engine]
TM_ORIGIN = "TM"


class BatchStep(Protocol):
    """Turns one language's MT batches into their results, one list per batch in any order:
    :func:`_translated` (this process) or a Ray cluster's workers
    (:mod:`workbench.pretranslate.ray_runner`). Only the runner touches catalogs."""

    def __call__(
        self,
        engine: Engine,
        batches: Sequence[list[str]],
        decode: DecodeOptions,
        glossary: Glossary | None,
    ) -> Iterator[list[MTResult]]: ...


@dataclass(frozen=True)
class PretranslateOptions:
    """How a run works; the CLI fills these from its flags."""

    decode: DecodeOptions = field(default_factory=DecodeOptions)
    batch_tokens: int = DEFAULT_BATCH_TOKENS
    max_batch_size: int = DEFAULT_MAX_BATCH_SIZE
    overwrite_fuzzy: bool = False
    dry_run: bool = False
    use_tm: bool = True
    checkpoint_segments: int = DEFAULT_EVERY_SEGMENTS
    checkpoint_seconds: float = DEFAULT_EVERY_SECONDS
    lock_timeout: float = 10.0
    #: Glossary whose terms MT must keep (the term-enforced suggestion when verified), in
    #: catalogs of ``glossary_language`` only (None: every catalog).
    glossary: Glossary | None = None
    glossary_language: str | None = None
    #: The model forced for every language (``--model``): what a dry run checks is installed.
    model: str | None = None
    #: ``--min-score``: entries whose MT suggestion's 0-100 confidence is below it are left
    #: untranslated (counted as ``below_threshold``), the others' notes record it. None: no
    #: threshold, and notes as before.
    min_score: float | None = None


@dataclass
class CatalogSummary:
    path: Path
    language: str
    segments: int
    translated: int = 0
    skipped: int = 0
    model: str | None = None
    #: Why the catalog was not (or would not be) filled, e.g. its model is not installed.
    error: str | None = None


@dataclass
class RunSummary:
    """What a run did; ``seconds`` excludes model loading (``load_seconds``)."""

    catalogs: int
    segments: int
    translated: int
    skipped: int
    tokens_out: int
    seconds: float
    from_tm: int = 0
    unique_sources: int = 0
    load_seconds: float = 0.0
    dry_run: bool = False
    #: Distinct MT sources whose glossary terms were enforced / lost (plain MT kept).
    terms_enforced: int = 0
    terms_not_enforced: int = 0
    #: Languages left out because their model could not be loaded (the others were done).
    problems: list[WorkbenchError] = field(default_factory=list)
    #: Segments of those languages, never translated.
    not_attempted: int = 0
    #: Catalogs the translation memory's sync skipped (unreadable): warnings, the run went on.
    memory_skipped: list[WorkbenchError] = field(default_factory=list)
    #: Entries whose MT output held a control character (a confused model): not written,
    #: counted as skipped; the run went on.
    refused: list[WorkbenchError] = field(default_factory=list)
    #: Entries left untranslated because MT lost their inline markup, one warning each.
    warnings: list[str] = field(default_factory=list)
    details: list[CatalogSummary] = field(default_factory=list)
    #: ``--min-score`` (None: none given) and the entries left untranslated below it (part of
    #: ``skipped``).
    min_score: float | None = None
    below_threshold: int = 0
    #: A Ray run's workers and what each did (empty for a local run).
    workers: list[WorkerStats] = field(default_factory=list)
    #: Batches a Ray run sent again because the worker running them died.
    batches_retried: int = 0

    @property
    def segments_per_s(self) -> float:
        """Segments worked on per second: none in a dry run, and not those of a language
        whose model could not be loaded."""
        worked = self.segments - self.not_attempted
        return worked / self.seconds if self.seconds > 0 and not self.dry_run else 0.0

    def to_json(self) -> dict[str, Any]:
        """The ``--json`` summary: exactly the keys issue 4 specifies (a dry run counts the
        entries it would fill as ``segments``, with nothing translated), and issue 14's
        ``below_threshold`` when the run had a ``--min-score``."""
        summary: dict[str, Any] = {
            "catalogs": self.catalogs,
            "segments": self.segments,
            "translated": self.translated,
            "skipped": self.skipped,
            "tokens_out": self.tokens_out,
            "seconds": round(self.seconds, 3),
            "segments_per_s": round(self.segments_per_s, 2),
        }
        if self.min_score is not None:
            summary["below_threshold"] = self.below_threshold
        if self.workers:  # a Ray run (issue 16): how many workers, and each one's speed
            summary["workers"] = len(self.workers)
            summary["worker_segments_per_s"] = [
                round(worker.segments_per_s, 2) for worker in self.workers
            ]
            summary["batches_retried"] = self.batches_retried
        return summary


def _engine_for(source: EngineSource | None, language: str) -> Engine:
    """The engine for ``language``: the one given, or the loader's (a run asks once per
    language)."""
    if source is None:
        raise ValueError("no engine given for a run that translates")
    return source if isinstance(source, Engine) else source(language)


def _open_tm(config: Config) -> tuple[TranslationMemory | None, list[WorkbenchError]]:
    """The project's translation memory when it has been built (``workbench tm build``),
    brought up to date with the catalogs under ``locales/`` (what translators approved since,
    e.g. in another document, is offered at once; cheap when nothing changed); None otherwise,
    and MT then does all the work. Never creates an empty memory. Also returns why catalogs
    were skipped by that sync (unreadable ones), for the run's summary."""
    if not config.tm.is_file():
        return None, []
    from workbench.tm.project import open_project_memory

    memory, report = open_project_memory(config)
    return memory, list(report.errors)


def _tm_results(
    tm: TranslationMemory, sources: Iterable[str], language: str
) -> dict[str, MTResult]:
    """Approved translations of exactly these sources into ``language``, from any document."""
    found: dict[str, MTResult] = {}
    for source in sources:
        match = tm.exact(source, target_language=language)
        text = conform_to_source(source, match.target) if match is not None else ""
        if text and not markup_problems(source, text):  # same words, other markup: not exact
            found[source] = MTResult(source=source, text=text, tokens=0, model=TM_ORIGIN)
    return found


def _glossary_for(options: PretranslateOptions, language: str) -> Glossary | None:
    """The run's glossary when it translates into ``language`` (English titles are not put
    into a French translation)."""
    if options.glossary is None:
        return None
    return options.glossary if serves_language(options.glossary_language, language) else None


def _model_problem(config: Config, model: str | None, language: str) -> WorkbenchError | None:
    """Why the model for ``language`` could not be loaded (checked without loading it)."""
    from workbench.mt.models import resolve_model

    try:
        resolve_model(config, model or config.mt_model_for(language), language)
    except WorkbenchError as exc:
        return exc
    return None


def _lowest_confidence(segment: Segment, results: dict[str, MTResult]) -> int | None:
    """The lowest MT confidence among the segment's sources (a plural entry has two); None
    when all came from the translation memory."""
    found = [c for s in segment.sources if (c := results[s].confidence) is not None]
    return min(found) if found else None


def _update_for(
    segment: Segment,
    results: dict[str, MTResult],
    overwrite: bool,
    record_confidence: bool = False,
) -> EntryUpdate:
    texts = [results[source].text for source in segment.sources]
    models = [results[source].model for source in segment.sources]
    mt_models = [m for m in models if m != TM_ORIGIN]
    statuses = {results[source].terms for source in segment.sources}
    terms = next((s for s in (TERMS_NOT_ENFORCED, TERMS_ENFORCED) if s in statuses), "")
    confidence = _lowest_confidence(segment, results) if record_confidence else None
    note = mt_note(mt_models[0], terms, confidence) if mt_models else tm_note()
    plural = None
    if segment.msgid_plural:
        plural = {0: texts[0], **{i: texts[1] for i in range(1, max(segment.nplurals, 1))}}
    return EntryUpdate(
        msgid=segment.msgid,
        msgstr=texts[0],
        msgctxt=segment.msgctxt,
        fuzzy=True,
        translator_comment=with_pretranslation_note(segment.tcomment, note),
        condition=segment.still_fillable(overwrite),
        plural_msgstrs=plural,
    )


def _unwritable(segment: Segment, update: EntryUpdate) -> WorkbenchError | None:
    """Why ``update`` may not be written into its catalog (MT output holding a control
    character: :func:`workbench.catalog.text_rules.refuse_unwritable_text`, the rule the
    catalog's writer applies), or None. Checked here, entry by entry, so that one confused
    output skips its entry instead of failing the checkpoint that would write it."""
    entry = polib.POEntry(
        msgid=segment.msgid, msgid_plural=segment.msgid_plural or "", msgctxt=segment.msgctxt
    )
    apply_to_entry(entry, update)
    try:
        refuse_unwritable_text(entry, segment.catalog)
    except WorkbenchError as exc:
        return exc
    return None


class _LanguageRun:
    """Fans results for distinct sources out to the segments waiting for them."""

    def __init__(
        self,
        segments: Sequence[Segment],
        checkpointer: Checkpointer,
        overwrite: bool,
        min_score: float | None = None,
    ):
        self.checkpointer = checkpointer
        self.overwrite = overwrite
        self.min_score = min_score
        self.results: dict[str, MTResult] = {}
        self.waiting: dict[str, list[Segment]] = {}
        for segment in segments:
            for source in set(segment.sources):
                self.waiting.setdefault(source, []).append(segment)
        self.sources = unique_in_order(s for segment in segments for s in segment.sources)
        self.empty: list[Segment] = []
        self.refused: list[WorkbenchError] = []
        #: Segments left untranslated: their MT confidence is below ``min_score``.
        self.below_threshold: list[Segment] = []

    @property
    def pending(self) -> int:
        """Segments still waiting for a result."""
        return len({id(segment) for waiting in self.waiting.values() for segment in waiting})

    def deliver(self, results: Iterable[MTResult]) -> int:
        """Record results; queue an update for each segment now complete. Returns how many."""
        completed = 0
        for result in results:
            self.results[result.source] = result
            for segment in self.waiting.pop(result.source, []):
                if not all(source in self.results for source in segment.sources):
                    continue
                completed += 1
                if all(self.results[source].text for source in segment.sources):
                    if self._below_threshold(segment):
                        self.below_threshold.append(segment)
                        continue
                    update = _update_for(
                        segment, self.results, self.overwrite, self.min_score is not None
                    )
                    problem = _unwritable(segment, update)
                    if problem is None:
                        self.checkpointer.add(segment.catalog, update)
                    else:
                        self.refused.append(problem)
                else:
                    self.empty.append(segment)
        return completed


    def _below_threshold(self, segment: Segment) -> bool:
        """Whether the segment's MT confidence is below ``--min-score`` (TM matches pass)."""
        if self.min_score is None:
            return False
        confidence = _lowest_confidence(segment, self.results)
        return confidence is not None and confidence < self.min_score


def _translated(
    engine: Engine,
    batches: Sequence[list[str]],
    decode: DecodeOptions,
    glossary: Glossary | None,
) -> Iterator[list[MTResult]]:
    """Each batch's results, in order. The engine works one batch ahead in a worker thread
    (CTranslate2 and torch release the GIL while decoding), so saving checkpoints and the other
    bookkeeping of one batch overlap the decoding of the next."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="pretranslate-mt") as pool:
        ahead: deque[Future[list[MTResult]]] = deque()
        try:
            for batch in batches:
                ahead.append(pool.submit(translate_segments, engine, batch, decode, glossary))
                if len(ahead) > 1:
                    yield ahead.popleft().result()
            while ahead:
                yield ahead.popleft().result()
        finally:
            for future in ahead:
                future.cancel()


def run_pretranslate(
    config: Config,
    catalogs: Sequence[Path],
    engine: EngineSource | None,
    options: PretranslateOptions | None = None,
    progress: bool | ProgressReporter = True,
    batch_step: BatchStep | None = None,
) -> RunSummary:
    """Fill the untranslated entries of ``catalogs``; see the module docstring.

    ``engine`` is one engine for every language, or a function from target language to engine
    (called once per language, lazily, so a run over one language loads one model). With
    ``options.dry_run`` nothing is loaded or written; the summary counts what would be filled.
    ``batch_step`` translates the batches (default: in this process; a Ray cluster's workers
    with :mod:`workbench.pretranslate.ray_runner`): only this process reads and writes
    catalogs, through the same checkpoints whichever step translates.
    """
    options = options or PretranslateOptions()
    started = time.perf_counter()
    plans = [plan_catalog(Path(path), overwrite_fuzzy=options.overwrite_fuzzy) for path in catalogs]
    details = {
        plan.path: CatalogSummary(plan.path, plan.language, len(plan.segments)) for plan in plans
    }
    total = sum(len(plan.segments) for plan in plans)

    def in_language(language: str) -> list[CatalogSummary]:
        return [details[plan.path] for plan in plans if plan.language == language]

    by_language: dict[str, list[Segment]] = {}
    for plan in plans:
        by_language.setdefault(plan.language, []).extend(plan.segments)
    unique = sum(
        len(unique_in_order(text for segment in segments for text in segment.sources))
        for segments in by_language.values()
    )
    problems: list[WorkbenchError] = []
    if options.dry_run:
        for language, segments in by_language.items():
            problem = _model_problem(config, options.model, language) if segments else None
            if problem is not None:
                problems.append(problem)
            for detail in in_language(language):
                detail.model = options.model or config.mt_model_for(language)
                detail.error = str(problem) if problem else None
        return RunSummary(
            problems=problems,
            catalogs=len(plans),
            segments=total,
            translated=0,
            skipped=0,
            tokens_out=0,
            seconds=time.perf_counter() - started,
            unique_sources=unique,
            dry_run=True,
            details=list(details.values()),
            min_score=options.min_score,
        )

    reporter = progress if not isinstance(progress, bool) else make_progress(progress)
    checkpointer = Checkpointer(
        every_segments=options.checkpoint_segments,
        every_seconds=options.checkpoint_seconds,
        lock_timeout=options.lock_timeout,
    )
    tm, memory_skipped = _open_tm(config) if options.use_tm else (None, [])
    tokens_out = from_tm = terms_enforced = terms_not_enforced = 0
    load_seconds = 0.0
    not_attempted = 0
    runs: list[_LanguageRun] = []
    warnings: list[str] = []
    reporter.start(total)
    try:
        for language, segments in by_language.items():
            if not segments:
                continue
            run = _LanguageRun(
                segments, checkpointer, options.overwrite_fuzzy, options.min_score
            )
            runs.append(run)
            if tm is not None:
                matches = _tm_results(tm, run.sources, language)
                from_tm += len(matches)
                reporter.advance(run.deliver(matches.values()))
                checkpointer.maybe_save()
            remaining = [source for source in run.sources if source not in run.results]
            if not remaining:
                continue  # all from the TM: no model needed
            loading_started = time.perf_counter()
            try:
                loaded = _engine_for(engine, language)
            except WorkbenchError as exc:  # e.g. this language's model is not installed
                problems.append(exc)
                for detail in in_language(language):
                    detail.error = str(exc)
                not_attempted += run.pending
                reporter.advance(run.pending)
                continue
            load_seconds += time.perf_counter() - loading_started
            for detail in in_language(language):
                detail.model = loaded.model_name
            batches = batch_by_tokens(
                remaining,
                loaded.count_tokens,
                batch_tokens=options.batch_tokens,
                max_batch_size=options.max_batch_size,
            )
            glossary = _glossary_for(options, language)
            step = batch_step or _translated
            for results in step(loaded, batches, options.decode, glossary):
                tokens_out += sum(result.tokens for result in results)
                terms_enforced += sum(result.terms == TERMS_ENFORCED for result in results)
                terms_not_enforced += sum(
                    result.terms == TERMS_NOT_ENFORCED for result in results
                )
                warnings.extend(
                    f"{segment.catalog}: {markup_lost_warning(result.source)}"
                    for result in results
                    if result.markup_lost
                    for segment in run.waiting.get(result.source, [])
                )
                reporter.advance(run.deliver(results))
                checkpointer.maybe_save()
        checkpointer.save(final=True)
    except BaseException:
        # Ctrl-C, a model that fails to load for the next language...: keep what is done.
        with contextlib.suppress(Exception):
            checkpointer.save(final=False)
        raise
    finally:
        reporter.close()
        if tm is not None:
            tm.close()
    for path, summary in details.items():
        summary.translated = checkpointer.applied[path]
        summary.skipped = summary.segments - summary.translated
    translated = sum(checkpointer.applied.values())
    return RunSummary(
        catalogs=len(plans),
        segments=total,
        translated=translated,
        skipped=total - translated,
        tokens_out=tokens_out,
        seconds=time.perf_counter() - started - load_seconds,
        from_tm=from_tm,
        unique_sources=unique,
        load_seconds=load_seconds,
        details=list(details.values()),
        terms_enforced=terms_enforced,
        terms_not_enforced=terms_not_enforced,
        problems=problems,
        not_attempted=not_attempted,
        memory_skipped=memory_skipped,
        refused=[problem for run in runs for problem in run.refused],
        warnings=warnings,
        min_score=options.min_score,
        below_threshold=sum(len(run.below_threshold) for run in runs),
    )
