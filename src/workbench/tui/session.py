"""The editing session behind the workbench: segments in memory, nothing ever lost.

* Every save (approval, or an edit kept as fuzzy) is appended to the crash journal and fsynced
  before the caller moves on, then written to the catalog by :meth:`EditingSession.flush` with
  :func:`workbench.catalog.store.apply_updates` (lock, re-read, apply, atomic write), batched:
  a 20,000-entry catalog costs about a second per write, paid in the background
  (:mod:`workbench.tui.saver`), never while typing.
* Another process writing the same catalog (a batch pre-translation run) is noticed by the
  file's signature; the view is refreshed from disk, keeping edits not yet written.
* A journal left behind by a crash is offered back by :meth:`EditingSession.recovery`.
* The reviewer's marks (reviewed, QA checks dismissed: :mod:`workbench.catalog.review`) go the
  same way as saves (:meth:`EditingSession.mark`): journaled, then written under the lock. A
  save that changes the text (or leaves the segment fuzzy) clears the review, by the rule
  :func:`~workbench.catalog.review.review_survives` the store applies too.
* The translator's note (the details pane, f3) goes as a mark does: only the translator's own
  words are shown and written, the mark lines of the comment on disk are kept
  (:func:`~workbench.catalog.review.with_note`). A plural entry's forms are saved together
  (:meth:`EditingSession.save` with ``forms``).
* An edit of an approved segment that was left without approving it stays a *draft*: the
  approved translation in the catalog is not replaced by text nobody approved. Drafts outlive a
  clean close (kept in the journal as ``kept`` records) and are put back on the next start.

No Textual here: the session is driven by the app and by tests alike.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

import polib

from workbench.catalog.checkers import PluralVerdict, plural_verdict
from workbench.catalog.marks import is_pretranslated, without_pretranslation_note
from workbench.catalog.po.flags import read_flags
from workbench.catalog.po.model import Key, is_fuzzy
from workbench.catalog.pofile import read_po
from workbench.catalog.review import (
    dismissed_checks,
    is_reviewed,
    review_survives,
    without_marks,
)
from workbench.catalog.store import EntryUpdate, apply_updates
from workbench.tui.journal import KEPT, MARK, Journal, JournalRecord, journal_path_for

Status = Literal["untranslated", "fuzzy", "approved"]
# Key: what identifies a message, (msgctxt, msgid), from the catalog model (one key function)
#: Writes updates to a catalog: ``(path, updates, timeout) -> (applied, keys skipped)``.
CatalogWriter = Callable[[Path, Sequence[EntryUpdate], float], "tuple[int, list[Key]]"]


#: Reads a catalog: ``path -> (signature before reading, segments, header)``; ``header`` is
#: the header entry's text as compile sees it (what the plural verdict is judged on).
CatalogReader = Callable[[Path], "tuple[tuple[int, int, int] | None, list[Segment], bytes]"]


def read_segments(path: Path) -> tuple[tuple[int, int, int] | None, list[Segment], bytes]:
    """The default :data:`CatalogReader`: parse in this process. The header is returned as
    bytes, not as a :class:`PluralVerdict` (whose compiled formula does not pickle), so the
    result crosses from the saver's process."""
    signature = _signature(path)
    po = read_po(path)
    header = "".join(f"{name}: {value}\n" for name, value in po.ordered_metadata())
    segments = [segment_from_entry(e) for e in po if not e.obsolete and e.msgid]
    return signature, segments, header.encode("utf-8", "surrogatepass")


def write_here(
    path: Path, updates: Sequence[EntryUpdate], timeout: float
) -> tuple[int, list[Key]]:
    """The default :data:`CatalogWriter`: apply in this process."""
    outcome = apply_updates(path, updates, timeout=timeout)
    return len(outcome.applied), [(u.msgctxt, u.msgid) for u in outcome.skipped]


@dataclass
class Segment:
    """One catalog entry as the translator edits it (``target`` is msgstr, or msgstr[0])."""

    msgid: str
    msgctxt: str | None
    target: str
    fuzzy: bool
    flags: tuple[str, ...] = ()
    comments: str = ""
    references: str = ""
    plural: dict[int, str] | None = None
    msgid_plural: str | None = None  # set for a plural entry (``plural`` holds its forms)
    draft: str | None = None  # typed but not saved (restored from a crash journal)
    qa_warning: bool = False
    pretranslated: bool = False  # filled by a batch run (MT or TM), not yet touched by a human
    reviewed: bool = False  # approved and marked reviewed (``# wb-reviewed``)
    dismissed: frozenset[str] = frozenset()  # QA checks dismissed for it (``# wb-dismissed``)
    #: The translator's own words of the ``#`` comment: without the ``wb-`` mark lines and
    #: the batch run's note (the details pane shows and edits only these).
    note: str = ""
    extracted: str = ""  # ``#.`` comments, for the translator from the source's authors
    previous_msgid: str | None = None  # ``#| msgid`` of a fuzzy entry: the source before

    @property
    def forms(self) -> list[str]:
        """Every translation of the entry: its ``msgstr[n]`` in order, or ``[msgstr]``."""
        if self.plural is None:
            return [self.target]
        return [self.plural[form] for form in sorted(self.plural)]

    @property
    def key(self) -> Key:
        return (self.msgctxt, self.msgid)

    @property
    def status(self) -> Status:
        if not self.target:
            return "untranslated"
        return "fuzzy" if self.fuzzy else "approved"

    @property
    def needs_work(self) -> bool:
        """Untranslated, fuzzy, or carrying an edit not yet approved."""
        return self.status != "approved" or self.draft is not None

    @property
    def needs_review(self) -> bool:
        """Approved but not reviewed, or carrying an edit not yet approved (review mode's
        next and previous stop there)."""
        return self.status == "approved" and (not self.reviewed or self.draft is not None)


def segment_from_entry(entry: polib.POEntry) -> Segment:
    plural = dict(entry.msgstr_plural) if entry.msgid_plural else None
    notes = [text for text in (entry.comment, entry.tcomment) if text]
    return Segment(
        msgid=entry.msgid,
        msgctxt=entry.msgctxt,
        target=plural.get(0, "") if plural is not None else entry.msgstr,
        fuzzy=is_fuzzy(entry),
        flags=tuple(flag for flag in entry.flags if flag != "fuzzy"),
        comments="\n".join(notes),
        references=" ".join(f"{name}:{line}" if line else name for name, line in entry.occurrences),
        plural=plural,
        msgid_plural=entry.msgid_plural or None,
        pretranslated=is_pretranslated(entry),
        reviewed=is_reviewed(entry),
        dismissed=dismissed_checks(entry.tcomment) if entry.tcomment else frozenset(),
        note=translator_words(entry.tcomment),
        extracted=entry.comment or "",
        previous_msgid=entry.previous_msgid or None,
    )


def translator_words(tcomment: str | None) -> str:
    """The translator's own words of a ``#`` comment: neither the reviewer's mark lines nor
    the batch run's "Automatically translated" note (a save drops that note anyway)."""
    if not tcomment:
        return ""
    return without_pretranslation_note(without_marks(tcomment))


def drop_pretranslation_note(entry: polib.POEntry) -> bool:
    """The condition of every save (run on the entry as it is on disk, under the lock): a
    human now wrote or approved this text, so the batch run's "Automatically translated ...;
    needs review" line goes, else ``pretranslate --overwrite-fuzzy`` would take the human's
    fuzzy edit for machine output and replace it. Always True: the save applies."""
    if entry.tcomment:
        entry.tcomment = without_pretranslation_note(entry.tcomment)
    return True


@dataclass(frozen=True)
class UnchangedSince:
    """The condition of a save (run on the entry on disk, under the lock; picklable, for the
    writer process): the entry still holds ``base``, the text the translator edited (or
    already ``mine``, or machine output a batch run filled), else another editor wrote it
    since and the save is skipped, a conflict. Drops the batch run's note (see
    :func:`drop_pretranslation_note`)."""

    base: str | None
    mine: str

    def __call__(self, entry: polib.POEntry) -> bool:
        on_disk = entry.msgstr_plural.get(0, "") if entry.msgid_plural else entry.msgstr
        if self.base is not None and on_disk not in (self.base, self.mine):
            if not is_pretranslated(entry):
                return False
        return drop_pretranslation_note(entry)


@dataclass
class Progress:
    total: int = 0
    approved: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    reviewed: int = 0  # of the approved

    @property
    def percent(self) -> float:
        return 100.0 * self.approved / self.total if self.total else 100.0


@dataclass
class FlushResult:
    written: int = 0
    skipped: int = 0
    external_change: bool = False
    error: Exception | None = None
    #: Saves not written because another editor wrote a different text since (each kept as a
    #: draft, and in :attr:`EditingSession.conflicts`).
    conflicts: list[Key] = field(default_factory=list)
    #: Review marks or dismissals not written: another editor changed the text they were on.
    marks_dropped: list[Key] = field(default_factory=list)


@dataclass
class Recovery:
    """Work found in the journal of a session that did not close cleanly."""

    saves: list[JournalRecord] = field(default_factory=list)
    drafts: list[JournalRecord] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.saves or self.drafts)

    def describe(self, number_of: Callable[[Key], int | None] | None = None) -> str:
        """What was found, with the segment numbers when ``number_of`` (key -> index) is
        given: the translator knows where to look before choosing."""

        def where(records: list[JournalRecord]) -> str:
            if number_of is None:
                return ""
            numbers = sorted(n + 1 for r in records if (n := number_of(r.key)) is not None)
            shown = ", ".join(f"#{n}" for n in numbers[:8])
            return f" ({shown}{', …' if len(numbers) > 8 else ''})" if numbers else ""

        parts = []
        if self.saves:
            parts.append(
                f"{len(self.saves)} saved translation(s) not yet written to the catalog"
                + where(self.saves)
            )
        if self.drafts:
            parts.append(f"{len(self.drafts)} unsaved edit(s){where(self.drafts)}")
        return " and ".join(parts)


def _signature(path: Path) -> tuple[int, int, int] | None:
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return (stat.st_mtime_ns, stat.st_size, stat.st_ino)


def _batch_updates(
    batch: Sequence[JournalRecord],
    plural_update: Callable[[JournalRecord], dict[int, str] | None],
) -> tuple[dict[Key, JournalRecord], list[EntryUpdate]]:
    """The catalog updates of a batch of journal records, one per segment: its last save
    (written only over the text its first save was edited from) with the review state the
    last record gave it and every check dismissed in the batch; a segment with marks only is
    written over the very text they were on. Returns the last save of each segment too."""
    latest: dict[Key, JournalRecord] = {}
    base: dict[Key, str | None] = {}  # of the first save of each segment in the batch
    marked: dict[Key, JournalRecord] = {}  # the first mark of a segment
    reviewed: dict[Key, bool | None] = {}
    dismiss: dict[Key, set[str]] = {}
    order: dict[Key, None] = {}
    for record in batch:
        key = record.key
        order[key] = None
        if record.op == MARK:
            marked.setdefault(key, record)
            if record.reviewed is not None:
                reviewed[key] = record.reviewed
        else:
            latest[key] = record
            base.setdefault(key, record.base)
            reviewed[key] = record.reviewed
        dismiss.setdefault(key, set()).update(record.dismiss)
    updates = []
    notes: dict[Key, str] = {}
    for record in batch:
        if record.op == MARK and record.note is not None:
            notes[record.key] = record.note
    for key in order:
        record = latest.get(key) or marked[key]
        since = base[key] if key in latest else record.msgstr
        updates.append(
            EntryUpdate(
                msgid=record.msgid,
                msgstr=record.msgstr,
                msgctxt=record.msgctxt,
                fuzzy=record.fuzzy,
                plural_msgstrs=plural_update(record),
                condition=UnchangedSince(since, record.msgstr),
                reviewed=reviewed.get(key),
                dismiss=tuple(sorted(dismiss[key])),
                note=notes.get(key),
            )
        )
    return latest, updates


class EditingSession:
    """Segments of one catalog, with journaled saves written to disk in the background."""

    def __init__(self, catalog: Path, journal_dir: Path, *, lock_timeout: float = 10.0) -> None:
        self.catalog = Path(catalog)
        self.journal = Journal(journal_path_for(self.catalog, journal_dir))
        self.lock_timeout = lock_timeout
        self.writer: CatalogWriter = write_here
        self.segments: list[Segment] = []
        self._counts: dict[str, int] = {}
        self._index: dict[Key, int] = {}
        self._lock = threading.RLock()
        self._flush_lock = threading.Lock()  # one catalog write at a time
        self._seq = 0
        self._pending: list[JournalRecord] = []  # saves journaled, not yet in the catalog
        self._drafts: dict[Key, JournalRecord] = {}
        #: Segments whose save met another editor's text: key -> the text saved here (kept as
        #: a draft until the translator chooses between the two).
        self.conflicts: dict[Key, str] = {}
        self._signature: tuple[int, int, int] | None = None
        self._header = b""
        self._plurals: PluralVerdict | None = None  # computed on first use, dropped on change
        self._recovery = Recovery()
        leftovers = self.journal.read()
        self._seq = max((r.seq for r in leftovers), default=0)
        self._load()
        self.kept_drafts = self._restore_kept(leftovers)
        self._recovery = self._recovery_from([r for r in leftovers if r.op != KEPT])

    # --- loading ---------------------------------------------------------------------------

    def _load(self, reader: CatalogReader | None = None) -> None:
        signature, segments, header = (reader or read_segments)(self.catalog)
        with self._lock:
            self.segments = segments
            self._header = header
            self._plurals = None
            self._index = {segment.key: i for i, segment in enumerate(segments)}
            self._counts = {"untranslated": 0, "fuzzy": 0, "approved": 0, "reviewed": 0}
            for segment in segments:
                self._counts[segment.status] += 1
                self._counts["reviewed"] += segment.reviewed
            self._signature = signature
            for record in self._pending:
                self._apply_record_in_memory(record)
            for record in self._drafts.values():
                index = self._index.get(record.key)
                if index is not None:
                    self.segments[index].draft = record.msgstr

    def _restore_kept(self, records: list[JournalRecord]) -> int:
        """Put back the drafts a clean close kept (unless a later record supersedes one)."""
        kept: dict[Key, JournalRecord] = {}
        for record in sorted(records, key=lambda r: r.seq):
            if record.op == KEPT:
                kept[record.key] = record
            else:
                kept.pop(record.key, None)
        restored = 0
        for key, record in kept.items():
            index = self._index.get(key)
            if index is None or self.segments[index].target == record.msgstr:
                continue
            self._drafts[key] = record
            self.segments[index].draft = record.msgstr
            restored += 1
        return restored

    def _recovery_from(self, records: list[JournalRecord]) -> Recovery:
        saves: dict[Key, JournalRecord] = {}
        marks: dict[Key, list[JournalRecord]] = {}
        drafts: dict[Key, JournalRecord] = {}
        for record in records:
            if record.key not in self._index:
                continue
            if record.op == "save":
                saves[record.key] = record
                drafts.pop(record.key, None)
            elif record.op == MARK:
                marks.setdefault(record.key, []).append(record)
            elif record.op == "draft":
                drafts[record.key] = record
        recovery = Recovery()
        for key, record in saves.items():
            segment = self.segments[self._index[key]]
            if (
                (segment.target, segment.fuzzy) != (record.msgstr, record.fuzzy)
                or (record.reviewed is not None and record.reviewed != segment.reviewed)
                or (record.forms is not None and tuple(segment.forms) != record.forms)
            ):
                recovery.saves.append(record)
        for key, records in marks.items():
            segment = self.segments[self._index[key]]
            for record in records:
                if segment.target != record.msgstr:
                    continue  # marks of a text the catalog no longer holds
                reviewed = record.reviewed is not None and record.reviewed != segment.reviewed
                noted = record.note is not None and record.note != segment.note
                if reviewed or noted or not set(record.dismiss) <= segment.dismissed:
                    recovery.saves.append(record)
        for key, record in drafts.items():
            segment = self.segments[self._index[key]]
            if record.msgstr != segment.target:
                recovery.drafts.append(record)
        return recovery

    @property
    def plurals(self) -> PluralVerdict:
        """Compile's plural verdict on this catalog as it stands with the saves made (which
        plural forms ``workbench qa`` checks strictly): from the header read with the segments
        and the form counts of the plural entries compile compiles (translated, not fuzzy),
        so the live QA line never re-reads the catalog."""
        with self._lock:
            if self._plurals is None:
                counts = [
                    len(segment.plural)
                    for segment in self.segments
                    if segment.plural
                    and segment.plural[min(segment.plural)]
                    and not (segment.fuzzy or read_flags(segment.flags).fuzzy)
                ]
                self._plurals = plural_verdict(self._header, counts)
            return self._plurals

    def index_of(self, key: Key) -> int | None:
        return self._index.get(key)

    # --- crash recovery --------------------------------------------------------------------

    def recovery(self) -> Recovery:
        """What a crashed session left behind (empty when it closed cleanly)."""
        return self._recovery

    def restore_recovered(self) -> list[int]:
        """Re-queue the recovered saves and put the drafts back; the indexes touched."""
        touched = []
        for record in self._recovery.saves:  # the saves, then the marks
            index = self._index[record.key]
            if record.op == MARK:
                self.mark(
                    index, reviewed=record.reviewed, dismiss=record.dismiss, note=record.note
                )
            else:
                self.save(
                    index,
                    record.msgstr,
                    fuzzy=record.fuzzy,
                    reviewed=record.reviewed,
                    forms=record.forms,
                )
            touched.append(index)
        for record in self._recovery.drafts:
            index = self._index[record.key]
            self.note_draft(index, record.msgstr)
            touched.append(index)
        self._recovery = Recovery()
        self._rewrite_journal()
        return touched

    def discard_recovered(self) -> None:
        self._recovery = Recovery()
        self._rewrite_journal()

    # --- editing ---------------------------------------------------------------------------

    def _new_record(self, op: str, segment: Segment, text: str, *, fuzzy: bool) -> JournalRecord:
        """The next journal record (numbered in order) of ``text`` for ``segment``; the caller
        holds the lock."""
        self._seq += 1
        return JournalRecord(
            seq=self._seq,
            op=op,
            msgid=segment.msgid,
            msgctxt=segment.msgctxt,
            msgstr=text,
            fuzzy=fuzzy,
            time=time.time(),
        )

    def _set_reviewed(self, segment: Segment, reviewed: bool) -> None:
        if reviewed != segment.reviewed:
            self._counts["reviewed"] += 1 if reviewed else -1
            segment.reviewed = reviewed

    def _apply_record_in_memory(self, record: JournalRecord) -> None:
        index = self._index.get(record.key)
        if index is None:
            return
        segment = self.segments[index]
        if record.op == MARK:  # the text, its status and a draft over it stay as they are
            if record.reviewed is not None:
                self._set_reviewed(segment, record.reviewed and segment.status == "approved")
            segment.dismissed = segment.dismissed | set(record.dismiss)
            if record.note is not None:
                segment.note = record.note
            return
        reviewed = record.reviewed
        if reviewed is None:  # a journal written before review marks: the store's rule
            fuzzy = record.fuzzy and bool(record.msgstr)
            after = list(record.forms) if record.forms is not None else [record.msgstr]
            before = segment.forms if record.forms is not None else [segment.target]
            survives = review_survives(before, segment.fuzzy, after, fuzzy)
            reviewed = segment.reviewed and survives
        self._counts[segment.status] -= 1
        segment.target = record.msgstr
        segment.fuzzy = record.fuzzy and bool(record.msgstr)
        segment.pretranslated = False
        self._counts[segment.status] += 1
        segment.draft = None
        self.conflicts.pop(record.key, None)
        if segment.plural is not None:
            if record.forms is not None:
                segment.plural = dict(enumerate(record.forms))
            segment.plural[0] = record.msgstr
            self._plurals = None  # the entry may now be compiled, or no longer
        self._set_reviewed(segment, reviewed and segment.status == "approved")

    def save(
        self,
        index: int,
        text: str,
        *,
        fuzzy: bool,
        reviewed: bool | None = None,
        forms: Sequence[str] | None = None,
    ) -> JournalRecord:
        """Record a translation: journaled and fsynced when this returns; the catalog is
        written by the next :meth:`flush`. When the journal cannot be written (``OSError``:
        disk full, I/O error) nothing changes: the caller keeps the text and may try again.

        ``reviewed``: True marks the approved text reviewed, False clears the mark; None keeps
        it only while the text stays the same and approved (:func:`review_survives`).

        ``forms``: every ``msgstr[n]`` of a plural entry (``text`` is then its first), each
        editable; without it the other forms stay as they are."""
        segment = self.segments[index]
        kept_forms = tuple(forms) if forms is not None and segment.plural is not None else None
        if kept_forms:
            text = kept_forms[0]
        fuzzy = fuzzy and bool(text)
        before = segment.forms
        after = list(kept_forms) if kept_forms else [text, *before[1:]]
        if reviewed is None:  # None kept only when the mark stays: the store judges all forms
            if not (segment.reviewed and review_survives(before, segment.fuzzy, after, fuzzy)):
                reviewed = False
        elif reviewed and fuzzy:
            reviewed = False
        with self._lock:
            record = self._new_record("save", segment, text, fuzzy=fuzzy)
            # what was edited, and the review state after the save
            record = replace(
                record, base=segment.target, reviewed=reviewed, forms=kept_forms or None
            )
            self.journal.append(record, sync=True)
            self._pending.append(record)
            self._drafts.pop(segment.key, None)
            self._apply_record_in_memory(record)
        return record

    def mark(
        self,
        index: int,
        *,
        reviewed: bool | None = None,
        dismiss: Sequence[str] = (),
        note: str | None = None,
    ) -> JournalRecord:
        """Mark the saved translation of segment ``index`` reviewed (True) or not (False), and
        dismiss QA checks for it: journaled and fsynced when this returns, written with the
        next :meth:`flush` (only over the same text: another editor's change drops them). A
        draft over the segment stays. ``note`` replaces the translator's own words of the
        comment (its mark lines kept: :class:`~workbench.catalog.store.EntryUpdate`'s
        ``note``). ``ValueError`` when marking reviewed a segment that is not
        approved; ``OSError`` (nothing changed) when the journal cannot be written."""
        segment = self.segments[index]
        if reviewed and segment.status != "approved":
            raise ValueError(f"segment {index + 1} is {segment.status}: it cannot be reviewed")
        with self._lock:
            record = self._new_record(MARK, segment, segment.target, fuzzy=segment.fuzzy)
            record = replace(
                record,
                base=segment.target,
                reviewed=reviewed,
                dismiss=tuple(sorted(dismiss)),
                note=note,
            )
            self.journal.append(record, sync=True)
            self._pending.append(record)
            self._apply_record_in_memory(record)
        return record

    def note_draft(self, index: int, text: str, *, sync: bool = False) -> None:
        """Keep typed-but-unsaved text in the journal (not fsynced unless ``sync``: cheap on
        every pause). Text equal to the saved translation drops the draft. When the journal
        cannot be written the draft is still kept in memory (and in the next journal rewrite)
        and ``OSError`` is raised for the caller to report."""
        segment = self.segments[index]
        with self._lock:
            if text == segment.target:
                if self._drafts.pop(segment.key, None) is not None:
                    segment.draft = None
                return
            known = self._drafts.get(segment.key)
            if known is not None and known.msgstr == text and not sync:
                return  # already in the journal (e.g. a draft shown again)
            record = self._new_record("draft", segment, text, fuzzy=segment.fuzzy)
            self._drafts[segment.key] = record
            segment.draft = text
            self.journal.append(record, sync=sync)

    @property
    def drafts(self) -> int:
        with self._lock:
            return len(self._drafts)

    @property
    def pending(self) -> int:
        with self._lock:
            return len(self._pending)

    def progress(self) -> Progress:
        """Counts kept up to date on every change (a 20,000-segment scan per key is too slow)."""
        with self._lock:
            return Progress(
                total=len(self.segments),
                approved=self._counts["approved"],
                fuzzy=self._counts["fuzzy"],
                untranslated=self._counts["untranslated"],
                reviewed=self._counts["reviewed"],
            )

    # --- writing and watching the catalog --------------------------------------------------

    def _rewrite_journal(self) -> None:
        with self._lock:
            records = sorted([*self._pending, *self._drafts.values()], key=lambda r: r.seq)
            records += self._recovery.saves + self._recovery.drafts
            self.journal.rewrite(records)

    def flush(self) -> FlushResult:
        """Write every pending save to the catalog (blocking: call from a worker thread)."""
        with self._flush_lock:
            return self._flush()

    def _flush(self) -> FlushResult:
        result = FlushResult()
        with self._lock:
            batch = list(self._pending)
            before = self._signature
        if not batch:
            result.external_change = self.disk_changed()
            return result
        result.external_change = _signature(self.catalog) != before
        latest, updates = _batch_updates(batch, self._plural_update)
        try:
            result.written, skipped = self.writer(self.catalog, updates, self.lock_timeout)
        except Exception as exc:  # noqa: BLE001 - kept in the journal, reported to the UI
            result.error = exc
            return result
        result.skipped = len(skipped)
        done = {record.seq for record in batch}
        with self._lock:
            self._pending = [record for record in self._pending if record.seq not in done]
            for key in skipped:
                if key not in latest:  # marks only: the text they were on is gone
                    result.marks_dropped.append(key)
                    continue
                record = latest[key]
                if key not in self._index or record.base is None:
                    continue  # the entry is gone (a re-import removed it)
                # Another editor wrote a different text: never written over it, never merged;
                # kept here as a draft for the translator to choose (the reload shows theirs).
                segment = self.segments[self._index[key]]
                self._drafts[key] = self._new_record(
                    "draft", segment, record.msgstr, fuzzy=record.fuzzy
                )
                self.conflicts[key] = record.msgstr
                result.conflicts.append(key)
            if result.conflicts:
                result.external_change = True  # re-read: their text is on disk
            elif not result.external_change:
                self._signature = _signature(self.catalog)
            try:
                self._rewrite_journal()
            except OSError:
                # The saves are in the catalog; the journal keeps records equal to it, which
                # recovery does not offer back. Trimmed by the next write that succeeds.
                pass
        return result

    def _plural_update(self, record: JournalRecord) -> dict[int, str] | None:
        index = self._index.get(record.key)
        if index is None or self.segments[index].plural is None:
            return None
        if record.forms is not None:
            return dict(enumerate(record.forms))
        plural = dict(self.segments[index].plural or {})
        plural[0] = record.msgstr
        return plural

    def disk_changed(self) -> bool:
        """True when someone else wrote the catalog since we last read or wrote it."""
        with self._lock:
            return _signature(self.catalog) != self._signature

    def reload(self, reader: CatalogReader | None = None) -> None:
        """Refresh the view from disk; saves not yet written and drafts stay on top.

        ``reader`` parses elsewhere (the saver's process: no GIL held against the UI)."""
        self._load(reader)

    def close(self) -> FlushResult:
        """Write everything (in this process). The journal goes away when nothing is left in
        it; drafts (edits of approved segments never approved) stay in it as ``kept``."""
        self.writer = write_here
        result = self.flush()
        with self._lock:
            if not self._pending and not self._recovery:
                kept = sorted(self._drafts.values(), key=lambda r: r.seq)
                try:
                    self.journal.rewrite(replace(record, op=KEPT) for record in kept)
                except OSError:
                    pass  # the journal as it was: its drafts are offered back next time
        return result
