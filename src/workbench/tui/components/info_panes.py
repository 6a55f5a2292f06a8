"""The smaller panes: numbered suggestions, glossary terms of the segment, the QA line."""

from __future__ import annotations

from collections.abc import Sequence

from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from workbench.tui.bidi import BidiMode, display_excerpt, display_inline
from workbench.tui.providers import ProviderStatus, QAMessage, SuggestionItem, TermHit
from workbench.tui.suggestions import SuggestionSet

KIND_STYLES = {
    "mt": Style(color="cyan"),
    "mt+glossary": Style(color="bright_cyan", bold=True),
    "tm": Style(color="green"),
}


class TextPane(Widget):
    """A pane of fixed size showing one ``Text``: a new text repaints the pane only.

    ``Static.update`` asks for a new layout of the whole screen each time (about 25 ms here,
    several times per segment); these panes never change size, so a repaint is enough.
    """

    def __init__(self, **kw) -> None:
        super().__init__(**kw)
        self._text = Text()

    def update(self, text: Text) -> None:
        self._text = text
        self.refresh()

    def render(self) -> Text:
        return self._text


class SuggestionsPane(TextPane):
    """Numbered suggestions (alt+1..9 inserts one), or why there are none."""

    def __init__(self, **kw) -> None:
        super().__init__(**kw)
        self.items: tuple[SuggestionItem, ...] = ()

    def show_loading(self, mt_status: ProviderStatus | None = None) -> None:
        self.items = ()
        text = Text("Looking for suggestions…", style="dim italic")
        if mt_status is not None and not mt_status.ready and mt_status.message:
            text.append("\n" + mt_status.message, style=_status_style(mt_status))
        self.update(text)

    def show_set(self, result: SuggestionSet, mode: BidiMode = "app") -> None:
        self.items = result.items
        text = Text(end="")
        for number, item in enumerate(result.items, 1):
            if number > 1:
                text.append("\n")
            text.append(f"{number} ", style="bold reverse")
            text.append(f" {item.label:<9} ", style=KIND_STYLES.get(item.kind))
            text.append(item.text)
        notes = []
        if not result.mt_status.ready and result.mt_status.message:
            notes.append((result.mt_status.message, _status_style(result.mt_status)))
        if result.tm_status.state == "error":
            notes.append((result.tm_status.message, Style(color="red")))
        notes += [(error, Style(color="red")) for error in result.errors]
        notes += [(note, Style(dim=True, italic=True)) for note in result.notes]
        if not result.items:
            notes.insert(0, ("No suggestions for this segment.", Style(dim=True)))
        for message, style in notes:
            if text.plain:
                text.append("\n")
            text.append(display_inline(message, mode), style=style)
        self.update(text)


def _status_style(status: ProviderStatus) -> Style:
    if status.state == "loading":
        return Style(italic=True, dim=True)
    return Style(color="yellow")


class GlossaryPane(TextPane):
    """Terms found in the source: Arabic term, approved translation, note."""

    def show_terms(self, hits: Sequence[TermHit], status: ProviderStatus, mode: BidiMode) -> None:
        if not status.ready:
            self.update(Text(status.message, style="yellow"))
            return
        if not hits:
            self.update(Text("No glossary terms in this segment.", style="dim"))
            return
        text = Text(end="")  # the pane does not wrap (CSS): a term takes two lines at most
        seen: set[tuple[str, str]] = set()
        for hit in hits:
            if (hit.source, hit.target) in seen:
                continue
            seen.add((hit.source, hit.target))
            if text.plain:
                text.append("\n")
            # the approved rendering first: it is what a cut line must still show
            text.append(hit.target, style="bold")
            text.append(" ← ")
            text.append(display_excerpt(hit.source, 30, mode), style="bold yellow")
            details = []
            if hit.note:
                details.append((hit.note, "dim"))
            if hit.rejected:
                details.append((f"not: {', '.join(hit.rejected)}", "red dim"))
            if details:
                text.append("\n  ")
                for number, (detail, style) in enumerate(details):
                    text.append(("; " if number else "") + detail, style=style)
        self.update(text)


class QALine(TextPane):
    """Findings for the target as typed: errors red, warnings yellow, or a quiet OK."""

    def show_findings(
        self, findings: Sequence[QAMessage], empty_target: bool, mode: BidiMode = "app"
    ) -> None:
        if empty_target:
            self.update(Text("QA: (no translation yet)", style="dim"))
            return
        if not findings:
            self.update(Text("QA: ✓ no problems found", style="green"))
            return
        text = Text("QA: ", end="")
        for number, finding in enumerate(findings):
            if number:
                text.append("  •  ", style="dim")
            style = "bold red" if finding.severity == "error" else "yellow"
            text.append(display_inline(finding.message, mode), style=style)
        self.update(text)
