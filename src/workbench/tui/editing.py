"""The translator's actions on an editing session: the editing rules, without Textual.

One method per user action (show a segment, leave it, approve, toggle fuzzy, save as typed,
pause in typing, next/previous to do) and :class:`SaveRetry` for a failing catalog write. Each
action takes the editor's text as an argument and returns an :class:`Outcome` saying what to
redraw, which segment to show and what to tell the translator: the app only renders it, and
the rules are unit-tested without a terminal (``tests/unit/test_tui_editing.py``).

The rules:

* Enter approves the text as typed (never an empty one) and goes to the next segment to do.
* Leaving a segment keeps what was typed: an untranslated or fuzzy segment is saved as fuzzy
  (needs review); an approved one is never demoted by being left: its approved translation
  stays in the catalog and the edit is kept as a draft (✎, journaled) until enter approves it
  or ctrl+s (:meth:`EditingActions.save_as_typed`) writes it, keeping it approved.
* Moving through a segment without typing writes nothing.
* A write that fails (disk full, read-only, I/O error) never loses the text: the action is
  not done, the segment stays on screen with the text in the editor, the translator is told
  plainly what happened and retries by doing the action again (:attr:`Outcome.write_failed`).
* Another editor (a second TUI) changing the segment on screen is never merged into what is
  typed: with an edit under way it is a :class:`Conflict` (both versions shown, the translator
  chooses, :meth:`EditingActions.resolve`); without one the new text is shown and said.
* ctrl+l inserts the next markup placeholder missing from the translation
  (:func:`placeholder_insertion`): the first of the source's, in source order, that the
  translation lacks. A paired one whose partner is missing too goes in as the pair, around the
  selection (or empty, the cursor between, ready for the words); a lone opening goes at the
  start of the selection, a lone closing or standalone one at its end (the cursor). Text is
  never replaced.
* Review (:mod:`workbench.catalog.review`): f4 marks an approved translation reviewed, or
  takes the mark back (:meth:`EditingActions.toggle_reviewed`); an edit not yet approved is
  approved first with enter. Any change of the text, or making it fuzzy, clears the mark. In
  review mode (:attr:`EditingActions.review_mode`) next and previous step through approved
  segments not yet reviewed, enter approves the text *and* marks it reviewed, and marking one
  reviewed goes on to the next.
* The details pane (f3) edits the translator's note and a plural entry's forms after the
  first (:meth:`EditingActions.save_details`): saved when the translator leaves the pane or
  the segment, with ctrl+s, or before an approval. The note is written as a mark is, its
  status untouched; new forms keep the segment's status, and clear a review as any change of
  the text does.
* shift+f4 dismisses a QA finding for the segment (:meth:`EditingActions.dismiss`): the first the
  QA line shows that may be dismissed (errors first); pressed again, the next.
"""

from __future__ import annotations

import errno
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from workbench.documents.markup import PLACEHOLDER, placeholders
from workbench.tui.session import EditingSession, Segment

if TYPE_CHECKING:
    from workbench.diagnostic import Diagnostic

Severity = Literal["information", "warning", "error"]

SAVE_RETRY_FIRST = 3.0  # seconds before a failed catalog write is tried again (then doubled)
SAVE_RETRY_MAX = 30.0


@dataclass(frozen=True)
class Notice:
    """A message for the translator (a toast in the app)."""

    text: str
    severity: Severity = "information"
    timeout: float | None = None


@dataclass
class Outcome:
    """What an action changed, for the app to render.

    ``saved``: the segment saved (journaled; its row, QA mark and the progress change, and the
    catalog is to be written); ``redraw``: a segment whose row changed (a draft noted or
    dropped); ``show``: the segment to put on screen next; ``approved``: the text approved
    (the translation memory learns it); ``notice``: what to tell the translator.
    """

    saved: int | None = None
    redraw: int | None = None
    show: int | None = None
    approved: str | None = None
    notice: Notice | None = None
    write_failed: bool = False  # the journal could not be written: nothing was done


#: What an ``OSError`` of a write means, said plainly.
_PLAIN_WRITE_ERRORS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EIO: "an input/output error (the disk or its connection may be failing)",
}


def describe_write_error(exc: BaseException) -> str:
    """A failed write said plainly ("the disk is full"), else the error's own first line."""
    cause: BaseException | None = exc
    while cause is not None and not isinstance(cause, OSError):
        cause = cause.__cause__ or cause.__context__
    if isinstance(cause, OSError) and cause.errno in _PLAIN_WRITE_ERRORS:
        where = f": {cause.filename}" if cause.filename else ""
        return f"{_PLAIN_WRITE_ERRORS[cause.errno]}{where}"
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def journal_failed(exc: OSError, what: str) -> Outcome:
    """``what`` (e.g. "Not approved") could not be journaled: nothing was done."""
    return Outcome(
        write_failed=True,
        notice=Notice(
            f"{what}: could not write the journal ({describe_write_error(exc)})."
            " Your text is still in the editor; free some space or fix the folder,"
            " then do it again.",
            "error",
            timeout=10,
        ),
    )


@dataclass(frozen=True)
class Conflict:
    """The segment on screen was changed in the catalog by another editor while this one was
    editing it: ``theirs`` is in the catalog now, ``mine`` in the editor (typed over the text
    the segment had when it was shown)."""

    index: int
    theirs: str
    mine: str


NOTHING_TO_DO = Notice("Nothing left to do: no untranslated, fuzzy or edited segment", timeout=3)
NOTHING_TO_REVIEW = Notice(
    "Nothing left to review: every approved segment is reviewed (f5 leaves review mode)",
    timeout=4,
)


class EditingActions:
    """The segment on screen (``current``) and the text it was loaded with (``loaded_text``),
    and what each of the translator's actions does to the session."""

    def __init__(self, session: EditingSession) -> None:
        self.session = session
        self.current = 0
        # The editor's own copy of the saved text (an editor may normalise line breaks):
        # moving through a segment without typing then never counts as an edit.
        self.loaded_text = ""
        self._draft_error: str | None = None  # a failed draft write, said once
        #: Review mode: next/previous go to approved segments not yet reviewed, and enter
        #: approves and marks reviewed.
        self.review_mode = False

    # --- showing a segment -----------------------------------------------------------------

    def clamp(self, index: int) -> int:
        return max(0, min(index, len(self.session.segments) - 1))

    def shown(self, index: int, loaded_text: str) -> str | None:
        """Segment ``index`` is now on screen, the editor loaded with its saved translation
        (``loaded_text``, as the editor holds it). Returns the draft to put over it as an
        edit (so that undo goes back to what the catalog holds), or None."""
        self.current = index
        self.loaded_text = loaded_text
        draft = self.session.segments[index].draft
        return draft if draft is not None and draft != loaded_text else None

    # --- navigation ------------------------------------------------------------------------

    def find_todo(
        self, start: int, step: int, rows: Sequence[int] | None = None, *, wrap: bool = True
    ) -> int | None:
        """The next segment needing work (untranslated, fuzzy or with a draft; in review mode,
        approved and not reviewed) from ``start`` in direction ``step``; inside ``rows`` when a
        filter shows only those."""
        segments = self.session.segments
        count = len(segments)
        wanted = self._wanted
        if rows is not None and len(rows) != count:  # a filter is on: stay inside it
            ordered = [i for i in rows if wanted(segments[i])]
            after = [i for i in ordered if (i - start) * step > 0]
            if step < 0:
                after.reverse()
                ordered.reverse()
            return after[0] if after else (ordered[0] if wrap and ordered else None)
        for offset in range(1, count + 1):
            index = start + step * offset
            if not wrap and not 0 <= index < count:
                return None
            index %= count
            if wanted(segments[index]):
                return index
        return None

    def _wanted(self, segment: Segment) -> bool:
        return segment.needs_review if self.review_mode else segment.needs_work

    def first_todo(self) -> int:
        """The segment shown at start: the first to do, else the first."""
        first = self.find_todo(-1, 1, wrap=False)
        return first if first is not None else 0

    def go_to(self, index: int | None, text: str) -> Outcome:
        """Go to segment ``index`` (None: there is nothing to go to), leaving the current one
        with the editor's ``text``."""
        if index is None:
            return Outcome(notice=NOTHING_TO_REVIEW if self.review_mode else NOTHING_TO_DO)
        outcome = self.leave(text) if index != self.current else Outcome()
        if not outcome.write_failed:  # else stay: the text is only in the editor
            outcome.show = index
        return outcome

    def next_todo(self, text: str, rows: Sequence[int] | None = None) -> Outcome:
        return self.go_to(self.find_todo(self.current, 1, rows), text)

    def prev_todo(self, text: str, rows: Sequence[int] | None = None) -> Outcome:
        return self.go_to(self.find_todo(self.current, -1, rows), text)

    # --- another editor ---------------------------------------------------------------------

    def changed_elsewhere(self, text: str) -> Conflict | Notice | None:
        """After the catalog was re-read: did another editor change the segment on screen?

        With the editor's ``text`` edited, a :class:`Conflict` for the translator to resolve;
        unedited, a notice (the app then shows the new text); else None."""
        index = self.current
        if not 0 <= index < len(self.session.segments):
            return None
        theirs = self.session.segments[index].target
        if theirs == self.loaded_text:
            return None
        if text != self.loaded_text and text != theirs:
            return Conflict(index, theirs, text)
        return Notice(
            f"#{index + 1} was changed in the catalog by another editor: its text is shown",
            "warning",
            timeout=6,
        )

    def pending_conflict(self) -> Conflict | None:
        """The segment on screen holds a save that met another editor's text (see
        :attr:`EditingSession.conflicts`): theirs in the catalog, mine kept as a draft."""
        index = self.current
        if not 0 <= index < len(self.session.segments):
            return None
        segment = self.session.segments[index]
        mine = self.session.conflicts.get(segment.key)
        if mine is None or segment.draft is None or mine == segment.target:
            return None
        return Conflict(index, segment.target, segment.draft)

    def resolve(self, conflict: Conflict, keep_mine: bool, loaded_theirs: str) -> str:
        """The translator chose: their text (``keep_mine`` False) or theirs replaced by mine.
        Their text, as the editor holds it (``loaded_theirs``), becomes the text the edit is
        measured against: leaving keeps mine by the usual rules (a draft over an approved
        segment, fuzzy otherwise), enter approves it. Returns the text to show."""
        self.loaded_text = loaded_theirs
        self.session.conflicts.pop(self.session.segments[conflict.index].key, None)
        if keep_mine:
            try:
                self.session.note_draft(conflict.index, conflict.mine)
            except OSError:
                pass  # still in the editor; the journal is said to fail on the next write
            return conflict.mine
        self.session.note_draft(conflict.index, conflict.theirs)  # drops the draft
        return loaded_theirs

    # --- editing ---------------------------------------------------------------------------

    def leave(self, text: str, *, explicit: bool = False) -> Outcome:
        """Keep what was typed in the segment being left (or on ctrl+s, ``explicit``)."""
        try:
            return self._leave(text, explicit=explicit)
        except OSError as exc:
            return journal_failed(exc, "Not saved")

    def _leave(self, text: str, *, explicit: bool) -> Outcome:
        index = self.current
        segment = self.session.segments[index]
        if text == self.loaded_text:
            if segment.draft is not None:  # edited, then undone: nothing left to keep
                self.session.note_draft(index, segment.target)
                return Outcome(redraw=index)
            return Outcome()
        if segment.status == "approved" and not explicit:
            self.session.note_draft(index, text, sync=True)
            return Outcome(
                redraw=index,
                notice=Notice(
                    f"#{index + 1}: approved translation kept; your edit is a draft"
                    " (✎) until you approve it with enter",
                    timeout=4,
                ),
            )
        self.session.save(index, text, fuzzy=segment.status != "approved" or not text)
        self.loaded_text = text
        return Outcome(saved=index)

    def save_as_typed(self, text: str) -> Outcome:
        """ctrl+s: write the text as typed, keeping the segment's status (an approved segment
        stays approved; an empty text makes it untranslated)."""
        return self.leave(text, explicit=True)

    def approve(self, text: str, rows: Sequence[int] | None = None) -> Outcome:
        """Enter: approve ``text`` (exactly what the editor holds) and go to the next segment
        to do (inside ``rows`` when a filter is on). In review mode the text is also marked
        reviewed, and the next segment is the next to review."""
        index = self.current
        if not text.strip():
            hint = " (ctrl+s saves it empty: untranslated)" if self.loaded_text else ""
            return Outcome(
                notice=Notice(f"Nothing to approve: the translation is empty{hint}", "warning")
            )
        segment = self.session.segments[index]
        outcome = Outcome()
        reviewed = True if self.review_mode else None
        if text != segment.target or segment.fuzzy:
            try:
                self.session.save(index, text, fuzzy=False, reviewed=reviewed)  # + fsynced
            except OSError as exc:
                return journal_failed(exc, "Not approved")
            self.loaded_text = text
            outcome.saved = index
            outcome.approved = text
        else:
            if segment.draft is not None:  # approved again as it was: the draft is gone
                self.session.note_draft(index, text)  # drops it: nothing written
                outcome.redraw = index
            if self.review_mode and not segment.reviewed:
                try:
                    self.session.mark(index, reviewed=True)
                except OSError as exc:
                    return journal_failed(exc, "Not marked reviewed")
                outcome.saved = index
        following = self.find_todo(index, 1, rows)
        if following is None:
            done = "reviewed" if self.review_mode else "approved"
            outcome.notice = Notice(f"Every segment is {done}", timeout=3)
            following = min(index + 1, len(self.session.segments) - 1)
        outcome.show = following
        return outcome

    def toggle_fuzzy(self, text: str) -> Outcome:
        """ctrl+t: mark the text as typed fuzzy, or approve it when it is the fuzzy text."""
        if not text:
            return Outcome(notice=Notice("An empty translation cannot be fuzzy", "warning"))
        index = self.current
        segment = self.session.segments[index]
        fuzzy = not (segment.fuzzy and text == segment.target)
        try:
            self.session.save(index, text, fuzzy=fuzzy)
        except OSError as exc:
            return journal_failed(exc, "Not saved")
        self.loaded_text = text
        return Outcome(saved=index)

    # --- review ----------------------------------------------------------------------------

    def toggle_review_mode(self) -> Notice:
        """f5: review mode on or off; what to tell the translator."""
        self.review_mode = not self.review_mode
        if self.review_mode:
            return Notice(
                "Review mode: ctrl+down/up go to approved segments not yet reviewed; enter"
                " approves and marks reviewed, f4 marks reviewed. f5 leaves it.",
                timeout=6,
            )
        return Notice("Review mode off: ctrl+down/up go to segments to translate", timeout=3)

    def toggle_reviewed(self, text: str, rows: Sequence[int] | None = None) -> Outcome:
        """f4: mark the approved translation on screen reviewed, or take the mark back.
        An edit not yet approved is not marked (enter approves it first); in review mode,
        marking goes on to the next segment to review."""
        index = self.current
        segment = self.session.segments[index]
        if segment.status != "approved":
            return Outcome(
                notice=Notice(
                    f"#{index + 1} is {segment.status}: only an approved translation can be"
                    " reviewed (enter approves it)",
                    "warning",
                )
            )
        if text != self.loaded_text:
            return Outcome(
                notice=Notice(
                    f"#{index + 1} has an edit not yet approved: enter approves it"
                    " (in review mode, f5, enter approves and marks reviewed)",
                    "warning",
                )
            )
        reviewed = not segment.reviewed
        try:
            self.session.mark(index, reviewed=reviewed)
        except OSError as exc:
            return journal_failed(exc, "Not marked")
        outcome = Outcome(saved=index)
        if not reviewed:
            outcome.notice = Notice(f"#{index + 1}: no longer reviewed", timeout=2)
        elif self.review_mode:
            following = self.find_todo(index, 1, rows)
            if following is None:
                outcome.notice = Notice("Every segment is reviewed", timeout=3)
            else:
                outcome.show = following
        return outcome

    def dismiss(self, findings: Sequence[Diagnostic]) -> Outcome:
        """shift+f4: dismiss, for the segment on screen, the first finding of the QA line that
        may be dismissed (``findings``, as the line shows them); a check msgfmt refuses, or a
        state, is never dismissed: said why."""
        from workbench.qa.dismissal import NOT_DISMISSABLE, first_dismissable  # QA is lazy

        index = self.current
        chosen = first_dismissable(findings)
        if chosen is None:
            if not findings:
                return Outcome(notice=Notice("No QA finding to dismiss here", timeout=2))
            names = ", ".join(sorted({f.code for f in findings if f.code in NOT_DISMISSABLE}))
            return Outcome(
                notice=Notice(
                    f"Not dismissed: {names} cannot be dismissed (a state to work on, or"
                    " refused by msgfmt -c or build)",
                    "warning",
                )
            )
        try:
            self.session.mark(index, dismiss=(chosen.code,))
        except OSError as exc:
            return journal_failed(exc, "Not dismissed")
        return Outcome(
            saved=index,
            notice=Notice(
                f"#{index + 1}: [{chosen.code}] dismissed for this segment"
                " (# wb-dismissed; qa --show-dismissed lists it)",
                timeout=4,
            ),
        )

    def save_details(self, index: int, note: str | None, forms: dict[int, str]) -> Outcome:
        """The details pane of segment ``index`` was edited: ``note`` (None: untouched) and,
        for a plural entry, forms after the first (``forms``): save what differs from the
        segment (the first form is the editor's business, saved by its own rules)."""
        if not 0 <= index < len(self.session.segments):
            return Outcome()
        segment = self.session.segments[index]
        outcome = Outcome()
        try:
            if segment.plural is not None and forms:
                wanted = {**segment.plural, **forms}
                merged = [wanted[form] for form in sorted(wanted)]
                if merged != segment.forms:
                    self.session.save(index, segment.target, fuzzy=segment.fuzzy, forms=merged)
                    outcome.saved = index
            if note is not None and note != segment.note:
                self.session.mark(index, note=note)
                outcome.saved = index
        except OSError as exc:
            return journal_failed(exc, "Note or plural forms not saved")
        return outcome

    def typing_paused(self, text: str) -> Outcome:
        """A pause in typing: an edit is kept as a draft (journaled, not fsynced)."""
        if text == self.loaded_text:
            return Outcome()
        try:
            self.session.note_draft(self.current, text)
        except OSError as exc:  # kept in memory; said once until a journal write succeeds
            outcome = Outcome(redraw=self.current, write_failed=True)
            message = describe_write_error(exc)
            if message != self._draft_error:
                self._draft_error = message
                outcome.notice = Notice(
                    f"Your typing is not journaled ({message}): it is kept in memory only"
                    " until the journal can be written again.",
                    "warning",
                    timeout=8,
                )
            return outcome
        self._draft_error = None
        return Outcome(redraw=self.current)


@dataclass(frozen=True)
class Insertion:
    """Replace ``text[start:end]`` of the translation with ``replacement``, then put the cursor
    at ``cursor`` (offsets in the translation as it will be)."""

    start: int
    end: int
    replacement: str
    cursor: int


NO_MARKUP = Notice("This segment has no markup placeholders", timeout=2)
ALL_PLACEHOLDERS_IN = Notice("Every placeholder of the source is in the translation", timeout=2)


def placeholder_insertion(
    source: str, translation: str, start: int, end: int | None = None
) -> Insertion | Notice:
    """ctrl+l: where the next placeholder missing from ``translation`` goes, with the cursor at
    ``start`` or text ``start``:``end`` selected (see the module's rules), or what to say when
    none is missing."""
    wanted = placeholders(source)
    if not wanted:
        return NO_MARKUP
    end = start if end is None else end
    start, end = min(start, end), max(start, end)
    present = Counter(placeholders(translation))
    missing: Counter[str] = Counter()
    for wanted_token in wanted:
        if present[wanted_token]:
            present[wanted_token] -= 1
        else:
            missing[wanted_token] += 1
    token = next((candidate for candidate in wanted if missing[candidate]), None)
    if token is None:
        return ALL_PLACEHOLDERS_IN
    match = PLACEHOLDER.fullmatch(token)
    assert match is not None
    slash, letter, number, selfclosing = match.groups()
    if not slash and not selfclosing:
        partner = f"</{letter}{number}>"
        if partner in wanted and missing[partner]:
            selected = translation[start:end]
            cursor = start + len(token) + (len(selected) + len(partner) if selected else 0)
            return Insertion(start, end, token + selected + partner, cursor)
        return Insertion(start, start, token, start + len(token))
    return Insertion(end, end, token, end + len(token))


class SaveRetry:
    """A failing catalog write: said once (not on every retry), noted in the title until a
    write succeeds, retried with a growing delay."""

    def __init__(self) -> None:
        self.error: str | None = None  # the last failed write, until one succeeds
        self.delay = SAVE_RETRY_FIRST / 2

    def failed(self, message: str) -> tuple[Notice | None, float]:
        """A write failed with ``message``: what to say (None if already said) and the delay
        before the next try."""
        notice = None
        if message != self.error:
            notice = Notice(
                f"Could not write the catalog ({message}); your work is kept in the"
                " journal and retried.",
                "error",
                timeout=10,
            )
        self.error = message
        self.delay = min(SAVE_RETRY_MAX, self.delay * 2)
        return notice, self.delay

    def succeeded(self) -> Notice | None:
        """A write succeeded: what to say when it follows failures."""
        if self.error is None:
            return None
        self.error = None
        self.delay = SAVE_RETRY_FIRST / 2
        return Notice("The catalog is written again: nothing lost", timeout=4)

    def title_note(self, pending: int) -> str | None:
        """The title's warning while writes fail."""
        if self.error is None:
            return None
        return f"⚠ NOT WRITTEN to the catalog: {pending} save(s) in the journal"
