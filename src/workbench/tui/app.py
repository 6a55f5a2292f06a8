"""The translator's workbench: segment list, Arabic source, editor, suggestions, glossary, QA.

The app only arranges panes, routes keys and renders: the editing rules (approve, leave,
drafts, fuzzy, next to do, save retry) live in :mod:`workbench.tui.editing`, the editing session
(saving, journal, external changes) in :mod:`workbench.tui.session`, suggestions in
:mod:`workbench.tui.suggestions` and the providers behind them in :mod:`workbench.tui.providers`.
Worker threads report through the messages of :mod:`workbench.tui.messages`; the layout's style
is ``app.tcss``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING

from textual import events, messages, on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingsMap
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.timer import Timer
from textual.widgets import Footer, Header, Input, Static, TextArea

from workbench.tui.bidi import IMPLICIT_BIDI, BidiMode, display_inline, terminal_bidi_sequence
from workbench.tui.building import DocumentBuilder, build_failed_notice, built_notice
from workbench.tui.components.details_pane import DetailsInfo, DetailsPane
from workbench.tui.components.dialogs import ConflictDialog, RecoveryDialog, TermPicker
from workbench.tui.components.editor import TargetEditor
from workbench.tui.components.info_panes import GlossaryPane, QALine, SuggestionsPane
from workbench.tui.components.memory_search import ConcordanceScreen
from workbench.tui.components.model_pull import ModelPullBar
from workbench.tui.components.segment_list import SegmentList
from workbench.tui.components.source_pane import SourcePane
from workbench.tui.concordance import matching_rows
from workbench.tui.details import form_title, plural_labels
from workbench.tui.editing import (
    Conflict,
    EditingActions,
    Notice,
    Outcome,
    SaveRetry,
    describe_write_error,
    placeholder_insertion,
)
from workbench.tui.keys import (
    APP_KEYS,
    PALETTE_ACTIONS,
    PULL_MODEL_KEY,
    bindings,
    enable_meta_digits,
)
from workbench.tui.messages import (
    CatalogReloaded,
    CatalogReloadFailed,
    CatalogWritten,
    DocumentBuildFailed,
    DocumentBuilt,
    MemorySynced,
    ModelPullDone,
    ModelPullProgress,
    MTLoaded,
    SuggestionsReady,
)
from workbench.tui.model_pull import describe_outcome, model_to_pull, pull_model
from workbench.tui.providers import GlossaryAdapter, ProviderStatus, QAAdapter, within_project
from workbench.tui.saver import BackgroundSaver
from workbench.tui.session import EditingSession, FlushResult, Segment
from workbench.tui.suggestions import SuggestionService

if TYPE_CHECKING:
    from workbench.glossary import TermMatch
    from workbench.tui.memory_search import MemorySearch

PREFETCH_AHEAD = 3
SUGGESTIONS_TITLE = "Suggestions  alt+1…9"
SUGGESTION_PROMPT_TITLE = "Press 1…9 · esc cancels"  # after ctrl+o; fits at 80 columns
SUGGESTION_DIGITS = frozenset("123456789")
BUILD_SAVE_WAIT = 30.0  # seconds f9 waits for the saves made so far to reach the catalog
PULL_MODEL_HINT = f"{PULL_MODEL_KEY.keys} (or ctrl+p: Pull the MT model) downloads it now"

_APP_ACTIONS = {key.action.split("(")[0] for key in APP_KEYS} | {"approve_next"}


CLOSE_FIND = Binding("escape", "close_find", show=False)


class WorkbenchApp(App[None]):
    """One catalog on screen; every save journaled at once and written in the background."""

    TITLE = "Workbench"
    AUTO_FOCUS = "#target"
    CSS_PATH = "app.tcss"
    BINDINGS = [
        *bindings(APP_KEYS, priority=True),
        CLOSE_FIND,
    ]

    def __init__(
        self,
        session: EditingSession,
        service: SuggestionService,
        glossary: GlossaryAdapter,
        qa: QAAdapter,
        *,
        bidi: BidiMode = "app",
        load_mt: bool = True,
        watch_interval: float = 1.0,
        language: str = "en",
        save_in_process: bool = True,
        builder: DocumentBuilder | None = None,
        memory_search: MemorySearch | None = None,
        served: bool = False,
    ) -> None:
        super().__init__()
        enable_meta_digits()
        # In a browser (workbench serve) the footer and palette name the keys a browser lets
        # through: it keeps ctrl+t, ctrl+q and the like for itself (workbench.tui.keys).
        self.served = served
        if served:
            served_bindings = BindingsMap(
                [*bindings(APP_KEYS, priority=True, served=True), CLOSE_FIND]
            )
            for key, inherited in self._bindings.key_to_bindings.items():  # Textual's own
                served_bindings.key_to_bindings.setdefault(key, inherited)
            self._bindings = served_bindings
        self.session = session
        self.service = service
        self.glossary = glossary
        self.qa = qa
        self.bidi: BidiMode = bidi
        self.load_mt = load_mt
        self.watch_interval = watch_interval
        self.language = language
        self.builder = builder
        self.memory_search = memory_search  # the concordance (f12)
        self._building = False
        self.actions = EditingActions(session)
        self.hits: list[TermMatch] = []
        self.mt_status = ProviderStatus("loading", "Loading the MT model…")
        if service.mt is not None:  # the "not installed" message names the key that pulls
            service.mt.missing_hint = PULL_MODEL_HINT
        self._pulling = False  # a model pull is running in the background
        self._typing_timer: Timer | None = None
        self._awaiting_suggestion_number = False  # after ctrl+o
        self._reloading = False
        # Not Textual's ``_closed`` (a name this class once used by mistake: setting it stopped
        # the app's message loop from any queue but its own, and dropped every message).
        self._quitting = False
        self._quit_without_edit = False  # ctrl+q after the edit on screen could not be saved
        self.save_retry = SaveRetry()
        self._retry_timer: Timer | None = None
        # Started before Textual captures stderr: the writer process needs the real one.
        self.saver: BackgroundSaver | None = BackgroundSaver(
            session, on_done=self._saved_from_thread, use_process=save_in_process
        )
        self.sub_title = session.catalog.name

    @property
    def current(self) -> int:
        """The segment on screen."""
        return self.actions.current

    @current.setter
    def current(self, index: int) -> None:
        self.actions.current = index

    @property
    def loaded_text(self) -> str:
        """The saved translation of the segment on screen, as the editor holds it."""
        return self.actions.loaded_text

    # --- layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="")
        if not self.session.segments:
            yield Static(self._empty_state_text(), id="empty")
        with Horizontal(id="main", classes="-empty" if not self.session.segments else ""):
            with Vertical(id="left"):
                yield Input(placeholder="Filter: source or translation text", id="filter")
                yield SegmentList(self.session.segments, bidi=self.bidi, id="segments")
                yield DetailsPane(id="details")
            with Vertical(id="right"):
                yield SourcePane(id="source")
                yield TargetEditor(
                    id="target",
                    soft_wrap=True,
                    tab_behavior="focus",
                    disabled=not self.session.segments,  # nothing to type into
                )
                yield QALine(id="qa")
                yield ModelPullBar(id="model-pull")
                with Horizontal(id="helpers"):
                    yield SuggestionsPane(id="suggestions")
                    yield GlossaryPane(id="glossary")
        yield Footer(compact=True)

    def _empty_state_text(self) -> str:
        """What to do with a catalog that has nothing to translate."""
        return (
            f"Nothing to translate: {self.session.catalog.name} has no entries to translate"
            " (it holds only a header, or only obsolete entries).\n\n"
            "Import a source text into it with `workbench import SOURCE --lang L`"
            " (see `workbench import --help`), then open it again.\n\n"
            "ctrl+q quits."
        )

    @property
    def editor(self) -> TargetEditor:
        return self.query_one("#target", TargetEditor)

    @property
    def details(self) -> DetailsPane:
        return self.query_one("#details", DetailsPane)

    @property
    def details_shown(self) -> bool:
        return self.details.has_class("-visible")

    @property
    def segment_list(self) -> SegmentList:
        return self.query_one("#segments", SegmentList)

    def _start_background_work(self) -> None:
        if self.saver is not None:
            self.saver.warm_up()
        self.service.sync_memory_in_background(self._memory_synced_from_thread)

    def on_mount(self) -> None:
        self.query_one("#source").border_title = "Source (ar)"
        self.editor.border_title = f"Translation ({self.language})"
        self.query_one("#suggestions").border_title = SUGGESTIONS_TITLE
        self.query_one("#glossary").border_title = "Glossary  ctrl+g"
        self.segment_list.border_title = "Segments"
        self.details.border_title = "Details  f3"
        self._tell_terminal_bidi()
        if self.load_mt:
            self._load_mt()
        else:
            self.mt_status = (
                self.service.mt.status if self.service.mt else ProviderStatus("missing")
            )
        if self.qa.spelling_notice:
            self.notify(self.qa.spelling_notice, severity="warning", timeout=6)
        self.set_interval(self.watch_interval, self._check_disk)
        # The TM is synced with locales/ in a process of its own, after the first screen:
        # parsing changed catalogs in this process would hold the GIL against the UI.
        self.set_timer(1.0, self._start_background_work)  # after the first screen, not during it
        self.show_segment(self.actions.first_todo())
        self._update_progress()
        if self.session.kept_drafts:
            self.notify(
                f"{self.session.kept_drafts} edit(s) from last time not yet approved (✎):"
                " ctrl+down goes there, enter approves, ctrl+z gives back the approved text",
                timeout=6,
            )
        recovery = self.session.recovery()
        if recovery:
            self.push_screen(
                RecoveryDialog(recovery.describe(self.session.index_of)), self._recovery_answered
            )

    # --- showing a segment -----------------------------------------------------------------

    def show_segment(self, index: int) -> None:
        """Put segment ``index`` on screen (source, editor, terms, QA, suggestions)."""
        if not self.session.segments:
            return
        index = self.actions.clamp(index)
        self._commit_details()  # the note and forms typed for the segment shown before
        if self._typing_timer is not None:
            self._typing_timer.stop()  # the pause belongs to the segment being left
            self._typing_timer = None
        segment = self.session.segments[index]
        self.actions.current = index
        self.segment_list.cursor = index
        self.hits = self.glossary.match(segment.msgid)
        self.query_one(SourcePane).show(segment.msgid, self.hits, self.bidi)
        self._show_source_title()
        # The saved translation is loaded first and a draft put over it as an edit, so ctrl+z
        # goes back to what the catalog holds.
        self.editor.load_text(segment.target)
        draft = self.actions.shown(index, self.editor.text)
        if draft is not None:
            self.editor.replace_all(draft)
        self.editor.move_cursor(self.editor.document.end)
        self._show_editor_title(segment)
        if self.details_shown:
            self.details.show(index, segment, self.bidi, self._plural_labels(segment))
        self.query_one(GlossaryPane).show_terms(self.hits, self.glossary.status, self.bidi)
        self._run_qa()
        self._request_suggestions(index)
        if not isinstance(self.screen, ModalScreen) and not self._find_has_focus():
            self.editor.focus()
            conflict = self.actions.pending_conflict()
            if conflict is not None:
                self._show_conflict(conflict)

    def _plural_labels(self, segment: Segment) -> tuple[str, ...]:
        """The CLDR category of each plural form of ``segment`` (none for a singular one)."""
        if segment.plural is None:
            return ()
        count = max(segment.plural) + 1
        return plural_labels(self.language, count, self.session.plurals.formula)

    def _show_editor_title(self, segment: Segment) -> None:
        """The editor edits ``msgstr[0]`` of a plural entry: its title says which category
        (the other forms are in the details pane, f3)."""
        title = f"Translation ({self.language})"
        if segment.plural is not None:
            labels = self._plural_labels(segment)
            title += f" · {form_title(0, labels[0] if labels else '')} (f3: other forms)"
        self.editor.border_title = title

    # --- the details pane (f3) -------------------------------------------------------------

    def action_toggle_details(self) -> None:
        """f3: show the details pane (focus on the note) or hide it (back to the editor),
        saving what was typed in it."""
        pane = self.details
        if self.details_shown:
            self._commit_details()
            pane.remove_class("-visible")
            self.editor.focus()
            return
        pane.add_class("-visible")
        segment = self.session.segments[self.current]
        pane.show(self.current, segment, self.bidi, self._plural_labels(segment))
        pane.note_area.focus()

    def _commit_details(self) -> None:
        """Save the note and plural forms typed in the details pane, if any changed."""
        pane = self.details
        if not self.details_shown or pane.index is None:
            return
        index = pane.index
        note, forms = pane.edits()
        if note is None and not forms:
            return
        outcome = self.actions.save_details(index, note, forms)
        if not outcome.write_failed:
            pane.saved()
        if outcome.saved is not None:
            self._after_save(outcome.saved)
            if index == self.current:
                self._show_source_title()
        if outcome.notice is not None:
            self._tell(outcome.notice)

    @on(DetailsPane.Left)
    def _details_left(self, message: DetailsPane.Left) -> None:
        if not self._quitting:
            self._commit_details()
            self._run_qa()

    @on(TextArea.Changed, ".plural-form")
    def _plural_form_changed(self, event: TextArea.Changed) -> None:
        if self._typing_timer is not None:
            self._typing_timer.stop()
        self._typing_timer = self.set_timer(0.25, self._after_typing)

    def _show_conflict(self, conflict: Conflict) -> None:
        self.push_screen(
            ConflictDialog(conflict.index + 1, conflict.theirs, conflict.mine),
            partial(self._conflict_resolved, conflict),
        )

    def _show_source_title(self) -> None:
        segment = self.session.segments[self.current]
        status = "approved, reviewed" if segment.reviewed else segment.status
        title = f"Source (ar) · #{self.current + 1} · {status}"
        if segment.pretranslated:
            title += " (pre-translated, needs review)"
        if segment.draft is not None and segment.status == "approved":
            title += " · edited, not approved"
        if segment.references:
            title += f" · {segment.references}"
        self.query_one("#source").border_title = title

    def _find_has_focus(self) -> bool:
        return self.focused is self.query_one("#filter", Input)

    def _render(self, outcome: Outcome) -> None:
        """Show what an editing action changed (see :class:`workbench.tui.editing.Outcome`)."""
        if outcome.approved is not None and outcome.saved is not None:
            segment = self.session.segments[outcome.saved]
            self.service.remember(segment.msgid, outcome.approved, str(self.session.catalog))
        if outcome.saved is not None:
            self._after_save(outcome.saved)
        if outcome.redraw is not None:
            self.segment_list.refresh_segment(outcome.redraw)
        if outcome.notice is not None:
            self._tell(outcome.notice)
        if outcome.show is not None:
            self.show_segment(outcome.show)

    def _tell(self, notice: Notice) -> None:
        if self._quitting:  # quitting: nothing is shown any more
            return
        if notice.timeout is None:
            self.notify(notice.text, severity=notice.severity)
        else:
            self.notify(notice.text, severity=notice.severity, timeout=notice.timeout)

    def _after_save(self, index: int) -> None:
        segment = self.session.segments[index]
        findings = self.qa.check(segment, segment.target, self.session.plurals)
        segment.qa_warning = bool(findings)
        self.segment_list.refresh_segment(index)
        self._update_progress()
        if self.saver is not None:
            self.saver.request()

    def _update_progress(self, note: str = "") -> None:
        progress = self.session.progress()
        text = (
            f"{progress.approved}/{progress.total} approved ({progress.percent:.0f}%)"
            f" · {progress.fuzzy} fuzzy · {progress.untranslated} untranslated"
        )
        if self.actions.review_mode:  # what is left to review first: the border cuts the end
            text = f"{progress.reviewed}/{progress.approved} reviewed · {text}"
        elif progress.reviewed:
            text += f" · {progress.reviewed} reviewed"
        self.segment_list.border_subtitle = text
        note = self.save_retry.title_note(self.session.pending) or note
        mode = " · REVIEW MODE (f5)" if self.actions.review_mode else ""
        self.sub_title = f"{self.session.catalog.name}{mode}{'  ' + note if note else ''}"

    # --- navigation ------------------------------------------------------------------------

    def _visible_rows(self) -> list[int]:
        """The segments the list shows (a filter may hide some)."""
        return self.segment_list.rows

    def go_to(self, index: int | None) -> None:
        self._render(self.actions.go_to(index, self.editor.text))

    def action_next_todo(self) -> None:
        self._render(self.actions.next_todo(self.editor.text, self._visible_rows()))

    def action_prev_todo(self) -> None:
        self._render(self.actions.prev_todo(self.editor.text, self._visible_rows()))

    def action_move(self, delta: int) -> None:
        rows = self.segment_list.rows
        if not rows:
            return
        row = self.segment_list.row_of(self.current)
        row = 0 if row is None else max(0, min(len(rows) - 1, row + delta))
        self.go_to(rows[row])

    @on(SegmentList.Selected)
    def _segment_selected(self, event: SegmentList.Selected) -> None:
        if not self._quitting:
            self.go_to(event.index)

    # --- editing ---------------------------------------------------------------------------

    def action_approve_next(self) -> None:
        self._commit_details()  # a plural entry is approved with the forms typed in the pane
        self._render(self.actions.approve(self.editor.text, self._visible_rows()))

    def action_toggle_fuzzy(self) -> None:
        outcome = self.actions.toggle_fuzzy(self.editor.text)
        self._render(outcome)
        if outcome.saved is not None:
            self._show_source_title()

    # --- review and dismissal --------------------------------------------------------------

    def action_toggle_reviewed(self) -> None:
        outcome = self.actions.toggle_reviewed(self.editor.text, self._visible_rows())
        self._render(outcome)
        if outcome.saved is not None and outcome.show is None:
            self._show_source_title()

    def action_toggle_review_mode(self) -> None:
        self._tell(self.actions.toggle_review_mode())
        self._update_progress()

    def action_dismiss_finding(self) -> None:
        segment = self.session.segments[self.current]
        findings = self.qa.check(segment, self.editor.text, self.session.plurals)
        self._render(self.actions.dismiss(findings))
        self._run_qa()

    def action_insert_suggestion(self, number: int) -> None:
        items = self.query_one(SuggestionsPane).items
        if not 1 <= number <= len(items):
            self.notify(f"There is no suggestion {number}", severity="warning", timeout=2)
            return
        self.editor.replace_all(items[number - 1].text)
        self.editor.focus()

    def action_suggestion_prefix(self) -> None:
        """ctrl+o: the next key 1-9 inserts that suggestion (see :meth:`on_event`)."""
        self._awaiting_suggestion_number = True
        pane = self.query_one(SuggestionsPane)
        pane.border_title = SUGGESTION_PROMPT_TITLE
        pane.add_class("-awaiting-number")

    def _answer_suggestion_prefix(self, key: str) -> None:
        self._awaiting_suggestion_number = False
        pane = self.query_one(SuggestionsPane)
        pane.border_title = SUGGESTIONS_TITLE
        pane.remove_class("-awaiting-number")
        if key in SUGGESTION_DIGITS:
            focused = self.focused
            if isinstance(focused, TargetEditor):  # after the text typed before ctrl+o
                focused.run_in_typing_order(f"alt+{key}")
            else:
                self.action_insert_suggestion(int(key))

    async def on_event(self, event: events.Event) -> None:
        """Take the key after ctrl+o before any binding or widget sees it; hand the keys that
        act on the text typed so far to the editor.

        Here, in the app's own queue where keys arrive one by one, rather than in a modal
        screen: keys typed fast after ctrl+o would be queued on that screen before it is
        dismissed, and lost or dismiss it twice.
        """
        if isinstance(event, events.Key) and not event.is_forwarded:
            if self._quitting:  # keys after ctrl+q: nothing is saved any more
                event.stop()
                return
            if self._awaiting_suggestion_number:
                event.stop()
                self._answer_suggestion_prefix(event.key)
                return
            # Enter and the other keys acting on the text typed so far wait in the editor's
            # queue behind the keys typed before them (see workbench.tui.keys).
            focused = self.focused
            if isinstance(focused, TargetEditor) and focused.run_in_typing_order(event.key):
                event.stop()
                return
        await super().on_event(event)

    def action_copy_source(self) -> None:
        self.editor.replace_all(self.session.segments[self.current].msgid)
        self.editor.focus()

    def action_insert_term(self) -> None:
        if not self.hits:
            self.notify("No glossary term in this segment", timeout=2)
            return
        targets = {hit.term.target for hit in self.hits}
        if len(targets) == 1:
            self._insert_term(targets.pop())
            return
        self.push_screen(TermPicker(self.hits, self.bidi), self._insert_term)

    def action_insert_placeholder(self) -> None:
        """ctrl+l: the next placeholder missing from the translation, at the cursor (a pair
        around the selection), by :func:`workbench.tui.editing.placeholder_insertion`."""
        editor = self.editor
        start, end = (editor.offset_of(at) for at in editor.selection)
        found = placeholder_insertion(
            self.session.segments[self.current].msgid, editor.text, start, end
        )
        if isinstance(found, Notice):
            self._tell(found)
        else:
            editor.replace(
                found.replacement, editor.location_at(found.start), editor.location_at(found.end)
            )
            editor.move_cursor(editor.location_at(found.cursor))
        editor.focus()

    def _insert_term(self, target: str | None) -> None:
        if target:
            self.editor.insert(target)
        self.editor.focus()

    def action_concordance(self) -> None:
        """f12: search the whole translation memory; the chosen hit's target is inserted."""
        if self.memory_search is None:
            self.notify("No translation memory configured", timeout=2)
            return
        self.push_screen(ConcordanceScreen(self.memory_search, self.bidi), self._insert_hit)

    def _insert_hit(self, target: str | None) -> None:
        if target:
            self.editor.insert(target)
        self.editor.focus()

    def action_undo(self) -> None:
        self.editor.undo()

    def action_redo(self) -> None:
        self.editor.redo()

    def action_save(self) -> None:
        self._commit_details()
        self._render(self.actions.save_as_typed(self.editor.text))
        self._show_source_title()
        if self.saver is not None:
            self.saver.request()
        self.notify("Saving…" if self.session.pending else "Everything is saved", timeout=2)

    def _tell_terminal_bidi(self, sequence: str | None = None) -> None:
        """Ask a bidi-capable terminal (VTE) not to reorder what the app already reordered,
        or, in ``terminal`` mode and at exit, to do it again (its default)."""
        driver = getattr(self, "_driver", None)
        if driver is not None:
            driver.write(sequence or terminal_bidi_sequence(self.bidi))

    def action_toggle_bidi(self) -> None:
        self.bidi = "terminal" if self.bidi == "app" else "app"
        self._tell_terminal_bidi()
        self.segment_list.bidi = self.bidi
        self.segment_list.refresh()
        segment = self.session.segments[self.current]
        self.query_one(SourcePane).show(segment.msgid, self.hits, self.bidi)
        self.query_one(GlossaryPane).show_terms(self.hits, self.glossary.status, self.bidi)
        if self.details_shown:
            self.details.query_one(DetailsInfo).show(segment, self.bidi)
        label = "shaped by the app" if self.bidi == "app" else "left to the terminal"
        self.notify(f"Arabic display: {label}", timeout=2)

    # --- building the document (f9) --------------------------------------------------------

    def action_build_document(self) -> None:
        """f9: the catalog's document built as ``workbench build`` does, in a worker thread
        once the saves made so far are in the catalog; the result is said when it ends."""
        if self.builder is None:
            self.notify("No document to build: this catalog was not opened from a project",
                        severity="warning")
            return
        if self._building:
            self.notify("The document is being built already", timeout=2)
            return
        self._building = True
        self.notify("Building the translated document…", timeout=2)
        if self.saver is not None:
            self.saver.request()  # the approvals made so far go into the document
        self._build_document(self.builder)

    @work(thread=True, group="build")
    def _build_document(self, builder: DocumentBuilder) -> None:
        if self.saver is not None:
            self.saver.wait_idle(BUILD_SAVE_WAIT)
        try:
            result = builder.build()
        except Exception as exc:  # noqa: BLE001 - said in the UI (a defect too), never raised
            self._post_from_thread(DocumentBuildFailed(exc))
            return
        self._post_from_thread(DocumentBuilt(result, self.session.pending))

    @on(DocumentBuilt)
    def _document_built(self, message: DocumentBuilt) -> None:
        self._building = False
        if self.builder is not None:
            self._tell(built_notice(message.result, self.builder.root, message.unsaved))

    @on(DocumentBuildFailed)
    def _document_build_failed(self, message: DocumentBuildFailed) -> None:
        self._building = False
        self._tell(build_failed_notice(message.error, self._segment_number))

    def _segment_number(self, msgid: str) -> int | None:
        """The number shown in the list of the segment whose source is ``msgid``."""
        for index, segment in enumerate(self.session.segments):
            if segment.msgid == msgid and not segment.msgctxt:
                return index + 1
        return None

    # --- find / filter (concordance) -------------------------------------------------------

    def action_find(self) -> None:
        field = self.query_one("#filter", Input)
        field.add_class("-visible")
        field.focus()

    def action_close_find(self) -> None:
        field = self.query_one("#filter", Input)
        if field.has_class("-visible"):
            field.value = ""
            field.remove_class("-visible")
            self.segment_list.set_rows(range(len(self.session.segments)))
            self.segment_list.cursor = self.current
        self.editor.focus()

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        query = event.value.strip()
        rows = matching_rows(self.session.segments, query)
        self.segment_list.set_rows(rows)
        # The Input shows Arabic unjoined, left to right: the title repeats it readable.
        self.segment_list.border_title = (
            f"Segments · {len(rows)} match “{display_inline(query, self.bidi)}”"
            if query
            else "Segments"
        )

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        rows = self.segment_list.rows
        if rows and self.current not in rows:
            self.go_to(rows[0])
        self.editor.focus()

    # --- typing: QA live, drafts journaled -------------------------------------------------

    @on(TextArea.Changed, "#target")
    def _target_changed(self, event: TextArea.Changed) -> None:
        if self._typing_timer is not None:
            self._typing_timer.stop()
        self._typing_timer = self.set_timer(0.25, self._after_typing)

    def _after_typing(self) -> None:
        if self._quitting or not self.session.segments:
            return
        self._run_qa()
        self._render(self.actions.typing_paused(self.editor.text))

    def _run_qa(self) -> None:
        segment = self.session.segments[self.current]
        text = self.editor.text
        judged = segment
        forms = self.details.form_texts() if self.details_shown else {}
        if forms and segment.plural is not None and self.details.index == self.current:
            judged = replace(segment, plural={**segment.plural, **forms})  # as typed in f3
        report = self.qa.report(judged, text, self.session.plurals)
        warning = bool(report.kept)
        if warning != segment.qa_warning:
            segment.qa_warning = warning
            self.segment_list.refresh_segment(self.current)
        self.query_one(QALine).show_findings(
            report.kept, empty_target=not text, mode=self.bidi, dismissed=len(report.dismissed)
        )
        self.editor.show_misspellings(self.qa.misspelled_words(segment, text))

    # --- suggestions -----------------------------------------------------------------------

    def _request_suggestions(self, index: int) -> None:
        if not self.session.segments:
            return
        source = self.session.segments[index].msgid
        pane = self.query_one(SuggestionsPane)
        cached = self.service.cached(source)
        if cached is not None:
            pane.show_set(cached, self.bidi)
        else:
            pane.show_loading(self.mt_status)
            self._fetch_suggestions(index, source)
        ahead: list[str] = []
        position: int | None = index
        while position is not None and len(ahead) < PREFETCH_AHEAD:
            position = self.actions.find_todo(position, 1, self._visible_rows(), wrap=False)
            if position is not None:
                ahead.append(self.session.segments[position].msgid)
        self.service.prefetch(ahead)

    @work(thread=True, exclusive=True, group="suggestions")
    def _fetch_suggestions(self, index: int, source: str) -> None:
        self._post_from_thread(SuggestionsReady(index, self.service.get(source)))

    @on(SuggestionsReady)
    def _suggestions_ready(self, message: SuggestionsReady) -> None:
        index, result = message.index, message.result
        if self._quitting:
            return
        if index == self.current and self.session.segments[index].msgid == result.source:
            self.query_one(SuggestionsPane).show_set(result, self.bidi)

    @work(thread=True, group="mt")
    def _load_mt(self) -> None:
        self._post_from_thread(MTLoaded(self.service.load_mt().result()))

    @on(MTLoaded)
    def _mt_loaded(self, message: MTLoaded) -> None:
        if self._quitting:
            return
        self.mt_status = message.status
        self._request_suggestions(self.current)

    # --- pulling the MT model in the background (workbench.tui.model_pull) ----------------

    def action_pull_model(self) -> None:
        """f8: download and convert the configured model on a worker thread (the first-run
        step of ``make run``), with a bar; the engine is loaded when it is done."""
        mt = self.service.mt
        if mt is None:
            self.notify("No MT provider in this session", severity="warning", timeout=3)
            return
        if self._pulling:
            self.notify("The MT model is being pulled already", timeout=3)
            return
        if self.mt_status.ready:
            self.notify(f"The MT model is loaded: {self.mt_status.message}", timeout=3)
            return
        model_id = model_to_pull(mt)
        self._pulling = True
        self.query_one(ModelPullBar).started(model_id)
        self._pull_model(model_id)

    @work(thread=True, exclusive=True, group="model-pull")
    def _pull_model(self, model_id: str) -> None:
        """The worker: each step posted (never blocking), then the result."""
        mt = self.service.mt
        assert mt is not None
        result, error = pull_model(
            mt,
            model_id,
            lambda progress: self._post_from_thread(ModelPullProgress(progress)),
            lambda: self._quitting,
        )
        self._post_from_thread(ModelPullDone(result, error))

    @on(ModelPullProgress)
    def _model_pull_progress(self, message: ModelPullProgress) -> None:
        if self._pulling and not self._quitting:
            self.query_one(ModelPullBar).advance(message.progress)

    @on(ModelPullDone)
    def _model_pull_done(self, message: ModelPullDone) -> None:
        self._pulling = False
        if self._quitting:
            return
        outcome = describe_outcome(message.result, message.error, PULL_MODEL_KEY.keys)
        if self.service.mt is not None:  # no path of the machine's on screen (providers.py)
            root = self.service.mt.config.root
            outcome = replace(outcome, text=within_project(outcome.text, root))
        bar = self.query_one(ModelPullBar)
        if outcome.ready:
            bar.finished(outcome.text)
            self.mt_status = ProviderStatus("loading", "Loading the MT model…")
            self._request_suggestions(self.current)
            self._load_mt()  # MTLoaded then shows the segment's suggestions
            return
        bar.failed(outcome.text)
        self.mt_status = ProviderStatus("missing", outcome.text)
        if self.service.mt is not None:
            self.service.mt.status = self.mt_status
        self.service.status_changed()
        self._request_suggestions(self.current)

    def _memory_synced_from_thread(self) -> None:
        """The TM sync has ended: the segment on screen gets the matches it brought (posted,
        never blocking the sync's helper thread)."""
        self._post_from_thread(MemorySynced())

    @on(MemorySynced)
    def _memory_synced(self, message: MemorySynced) -> None:
        if not self._quitting:
            self._request_suggestions(self.current)

    # --- saving and watching the catalog ---------------------------------------------------

    def _post_from_thread(self, message: Message) -> None:
        """Hand a worker's result to the UI thread (posting never blocks the worker)."""
        if not self._quitting:
            self.post_message(message)

    def _saved_from_thread(self, result: FlushResult) -> None:
        self._post_from_thread(CatalogWritten(result))

    @on(CatalogWritten)
    def _saved(self, message: CatalogWritten) -> None:
        """After a background write. A failing write is said once (not on every retry), stays
        in the title until a write succeeds, and is retried with a growing delay."""
        if self._quitting:
            return
        result = message.result
        if result.error is not None:
            notice, delay = self.save_retry.failed(describe_write_error(result.error))
            if notice is not None:
                self._tell(notice)
            self._update_progress()
            if self._retry_timer is not None:
                self._retry_timer.stop()
            self._retry_timer = self.set_timer(
                delay, lambda: self.saver.request() if self.saver else None
            )
            return
        notice = self.save_retry.succeeded()
        if notice is not None:
            self._tell(notice)
        self._update_progress("saved" if not self.session.pending else "saving…")
        for key in result.conflicts:
            index = self.session.index_of(key)
            if index is not None and index != self.current:
                self.segment_list.refresh_segment(index)
                self._tell(
                    Notice(
                        f"#{index + 1}: another editor wrote a different text before yours"
                        " was saved; yours is kept as a draft (✎), both are shown when you"
                        " go there",
                        "warning",
                        timeout=10,
                    )
                )
        for key in result.marks_dropped:
            index = self.session.index_of(key)
            where = f"#{index + 1}" if index is not None else "A segment"
            self._tell(
                Notice(
                    f"{where}: another editor changed the text before your review mark or"
                    " dismissal was written; it was not written (mark it again)",
                    "warning",
                    timeout=8,
                )
            )
        if result.external_change or result.marks_dropped:
            self._start_reload()

    def _check_disk(self) -> None:
        if self._quitting or self._reloading or (self.saver is not None and self.saver.busy):
            return
        if self.session.disk_changed():
            self._start_reload()

    def _start_reload(self) -> None:
        if not self._reloading:
            self._reloading = True  # set here, on the UI thread: one reload at a time
            self._reload()

    @work(thread=True, group="reload")
    def _reload(self) -> None:
        try:
            self.session.reload(self.saver.read_segments if self.saver else None)
        except Exception as exc:  # noqa: BLE001 - e.g. a half-written foreign file: retry later
            self._reloading = False
            self._post_from_thread(CatalogReloadFailed(exc))
            return
        self._post_from_thread(CatalogReloaded())

    @on(CatalogReloadFailed)
    def _reload_failed(self, message: CatalogReloadFailed) -> None:
        if not self._quitting:
            self.notify(f"Catalog not re-read: {message.error}", severity="warning")

    @on(CatalogReloaded)
    def _reloaded(self, message: CatalogReloaded) -> None:
        if self._quitting:
            return
        self._reloading = False
        key = None
        if self.current < len(self.segment_list.segments):
            key = self.segment_list.segments[self.current].key
        self.segment_list.set_segments(self.session.segments)
        index = self.session.index_of(key) if key else None
        index = self.current if index is None else index
        same_segment = index == self.current
        edited = self.editor.text != self.loaded_text
        self.current = max(0, min(index, len(self.session.segments) - 1))
        # Never merged into what is being typed: a change to the segment on screen is a
        # conflict the translator resolves, or (nothing typed) shown and said.
        change = self.actions.changed_elsewhere(self.editor.text) if same_segment else None
        if isinstance(change, Conflict):
            self.segment_list.cursor = self.current
            self._show_conflict(change)
        elif not edited and self.actions.pending_conflict() is not None:
            self.show_segment(self.current)  # shows the conflict of a save made here
            change = None
        elif not edited or change is not None:
            self.show_segment(self.current)
        else:
            self.segment_list.cursor = self.current
        self._update_progress("merged changes from disk")
        if isinstance(change, Notice):
            self._tell(change)
        else:
            self.notify("The catalog changed on disk (another process): merged", timeout=4)

    def _conflict_resolved(self, conflict: Conflict, keep_mine: bool | None) -> None:
        if self._quitting or conflict.index != self.current:
            return
        # Their text as the editor holds it (line breaks normalised), then the choice.
        self.editor.load_text(conflict.theirs)
        text = self.actions.resolve(conflict, bool(keep_mine), self.editor.text)
        if text != self.editor.text:
            self.editor.replace_all(text)  # undo goes back to theirs
        self.segment_list.refresh_segment(conflict.index)
        self._show_source_title()
        self._run_qa()
        self.editor.focus()

    def _recovery_answered(self, restore: bool | None) -> None:
        try:
            self._answer_recovery(restore)
        except OSError as exc:  # the journal could not be rewritten: its records are kept
            self.notify(
                f"Could not update the journal ({describe_write_error(exc)});"
                " the previous session's work stays in it and is offered again next time",
                severity="error",
                timeout=10,
            )

    def _answer_recovery(self, restore: bool | None) -> None:
        if restore:
            touched = self.session.restore_recovered()
            self.segment_list.refresh()
            self._update_progress()
            if self.saver is not None:
                self.saver.request()
            self.notify(f"Restored {len(touched)} segment(s) from the journal", timeout=4)
            self.show_segment(touched[0] if touched else self.current)
        else:
            self.session.discard_recovered()
            self.notify("Discarded the previous session's leftovers", timeout=3)

    # --- quitting --------------------------------------------------------------------------

    async def action_quit(self) -> None:
        if self.session.segments and not self._quit_without_edit:
            outcome = self.actions.leave(self.editor.text)
            if outcome.write_failed and outcome.notice is not None:
                self._quit_without_edit = True  # asked once; the next ctrl+q quits
                self._tell(Notice(f"{outcome.notice.text} ctrl+q again quits without it.", "error"))
                return
        result = self.shutdown()
        if result is None or result.error is None:  # else shutdown exited with status 1
            self.exit(message=self._drafts_left_message())

    @on(messages.ExitApp)
    def _save_before_exit(self) -> None:
        """Any exit not asked by the quit key: a closed browser tab (textual-serve asks the app
        to quit), SIGTERM. The edit on screen is kept (journaled) while the editor still exists;
        after the quit key this is a no-op (already shut down)."""
        self.shutdown()

    def _drafts_left_message(self) -> str | None:
        drafts = self.session.drafts
        if not drafts:
            return None
        return (
            f"workbench: {drafts} edit(s) of approved segments not approved: the catalog keeps"
            " the approved text; the edits come back as drafts (✎) next time"
        )

    def shutdown(self) -> FlushResult | None:
        """Save the current edit and write everything (blocking, once)."""
        if self._quitting:
            return None
        self._quitting = True  # from here on, nothing is shown
        self._tell_terminal_bidi(IMPLICIT_BIDI)  # the terminal's default, for the shell
        try:
            if self.session.segments:
                self._commit_details()
                self._render(self.actions.leave(self.editor.text))
        except Exception as exc:  # noqa: BLE001 - the saves already made must still be written
            self.notify(f"The edit on screen was not kept: {exc}", severity="error")
        if self.saver is not None:
            self.saver.stop()
        result = self.session.close()
        self.service.close()
        if self.memory_search is not None:
            self.memory_search.close()
        if result.error is not None:
            self.exit(
                return_code=1,
                message=f"workbench: catalog not written ({result.error});"
                f" your work is in {self.session.journal.path} and comes back on the next start",
            )
        return result

    # --- actions gating and command palette ------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self._quitting:
            return False
        if action in _APP_ACTIONS and action != "quit":
            if isinstance(self.screen, ModalScreen) or not self.session.segments:
                return False
        return True

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if not self.session.segments:
            return
        for key in PALETTE_ACTIONS:
            action = key.action.removeprefix("app.")
            keys = key.key_display or key.footer_keys(served=self.served).split(",")[0]
            yield SystemCommand(
                key.description, f"{keys}", partial(self.run_action, f"app.{action}")
            )
