"""The smaller panes: numbered suggestions, glossary terms of the segment, the QA line."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from workbench.documents.markup import PLACEHOLDER
from workbench.tui.bidi import BidiMode, display_excerpt, display_inline
from workbench.tui.markup_chips import chip_style
from workbench.tui.providers import ProviderStatus, SuggestionItem
from workbench.tui.suggestions import SuggestionSet

if TYPE_CHECKING:
    from workbench.diagnostic import Diagnostic
    from workbench.glossary import TermMatch

#: Cells of the confidence bar drawn after an MT suggestion's figure.
CONFIDENCE_BAR_CELLS = 5
CONFIDENCE_STYLES = {"high": Style(color="green"), "medium": Style(color="yellow"),
                     "low": Style(color="red", bold=True)}  # fmt: skip
#: The width of the confidence column ("100% ▮▮▮▮▮ "), blank for TM matches.
CONFIDENCE_WIDTH = 5 + CONFIDENCE_BAR_CELLS + 1

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
    """Numbered suggestions (alt+1..9, or ctrl+o then 1-9, inserts one), or why there are none."""

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
            text.append_text(confidence_text(item.confidence))
            start = len(text.plain)
            text.append(item.text)
            for match in PLACEHOLDER.finditer(item.text):  # coloured as the source's chips
                text.stylize(chip_style(match.group()), start + match.start(), start + match.end())
        notes = []
        models = sorted({i.detail for i in result.items if i.kind.startswith("mt") and i.detail})
        if models:  # which model made the MT suggestions (an adapted one, or the base)
            notes.append(("MT: " + ", ".join(models), Style(dim=True)))
        if not result.mt_status.ready and result.mt_status.message:
            notes.append((result.mt_status.message, _status_style(result.mt_status)))
        if result.tm_status.state == "error":
            notes.append((result.tm_status.message, Style(color="red")))
        notes += [(error, Style(color="red")) for error in result.errors]
        notes += [
            (note, Style(color="yellow") if note.startswith("⚠") else Style(dim=True, italic=True))
            for note in result.notes
        ]
        if not result.items:
            notes.insert(0, ("No suggestions for this segment.", Style(dim=True)))
        for message, style in notes:
            if text.plain:
                text.append("\n")
            text.append(display_inline(message, mode), style=style)
        self.update(text)


def confidence_text(confidence: int | None) -> Text:
    """An MT suggestion's confidence read at a glance: the figure, then a bar of
    :data:`CONFIDENCE_BAR_CELLS` cells coloured by band (green high, yellow medium, red low);
    blank of the same width for a suggestion without one (a TM match has its own score)."""
    if confidence is None:
        return Text(" " * CONFIDENCE_WIDTH)
    from workbench.mt.engine import confidence_band

    filled = (confidence * CONFIDENCE_BAR_CELLS + 50) // 100  # half a cell or more: a cell
    style = CONFIDENCE_STYLES[confidence_band(confidence)]
    text = Text(f"{confidence:>3}% ", style=style)
    text.append("▮" * filled, style=style)
    text.append("▯" * (CONFIDENCE_BAR_CELLS - filled), style=Style(dim=True))
    text.append(" ")
    return text


def _status_style(status: ProviderStatus) -> Style:
    if status.state == "loading":
        return Style(italic=True, dim=True)
    return Style(color="yellow")


def glossary_lines(
    hits: Sequence[TermMatch], width: int, height: int, mode: BidiMode = "app"
) -> Text:
    """The terms of a segment laid out for a pane of ``width`` x ``height`` cells.

    The Arabic term comes first on its line, as one visual unit (never split by wrapping, and
    shortened, if ever, at its logical end: a cut from the right would drop the start of an
    Arabic phrase); the approved translation follows on the same line when it fits, else on
    the next; the note and rejected variants are wrapped below, indented. When the pane is too
    small, every term's translation is shown before any note, and terms left out are counted.
    """
    width = max(8, width)
    heads: list[list[tuple[str, str]]] = []
    details: list[list[tuple[str, str]]] = []
    seen: set[tuple[str, str]] = set()
    for term in (hit.term for hit in hits):
        if (term.source, term.target) in seen:
            continue
        seen.add((term.source, term.target))
        arabic = display_excerpt(term.source, width, mode)
        if cell_len(arabic) + 3 + cell_len(term.target) <= width:
            heads.append([(f"{arabic} → {term.target}", "term")])
        else:
            parts = _wrap(term.target, width - 2)
            targets = [(f"{'  ' if n else '→ '}{part}", "target") for n, part in enumerate(parts)]
            heads.append([(arabic, "arabic"), *targets])
        notes = [(term.note, "dim")] if term.note else []
        if term.rejected:
            notes.append((f"not: {', '.join(term.rejected)}", "red dim"))
        details.append(
            [(f"  {part}", style) for note, style in notes for part in _wrap(note, width - 2)]
        )
    room = height - sum(len(head) for head in heads)
    shown: list[tuple[str, str]] = []
    if room >= 0:
        for head, detail in zip(heads, details, strict=True):
            extra = detail if len(detail) <= room else []
            room -= len(extra)
            shown += head + extra
    else:  # not even every translation fits: as many terms as possible, then a count
        for number, head in enumerate(heads):
            if len(shown) + len(head) > height - 1:
                shown.append((f"+{len(heads) - number} more (ctrl+g lists them)", "italic"))
                break
            shown += head
    text = Text(end="", no_wrap=True, overflow="ellipsis")
    for number, (line, kind) in enumerate(shown):
        if number:
            text.append("\n")
        if kind == "term":
            arabic, target = line.split(" → ", 1)
            text.append(arabic, style="bold yellow")
            text.append(" → ")
            text.append(target, style="bold")
        else:
            text.append(line, style=_GLOSSARY_STYLES.get(kind, kind))
    return text


_GLOSSARY_STYLES = {"arabic": "bold yellow", "target": "bold"}


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, max(4, width), break_on_hyphens=False) or [""]


class GlossaryPane(TextPane):
    """Terms found in the source: Arabic term, approved translation, note (laid out for the
    pane's size when drawn)."""

    def __init__(self, **kw) -> None:
        super().__init__(**kw)
        self._hits: Sequence[TermMatch] = ()
        self._mode: BidiMode = "app"

    def show_terms(self, hits: Sequence[TermMatch], status: ProviderStatus, mode: BidiMode) -> None:
        self._hits, self._mode = (), mode
        if not status.ready:
            self.update(Text(status.message, style="yellow"))
        elif not hits:
            self.update(Text("No glossary terms in this segment.", style="dim"))
        else:
            self._hits = hits
            self.refresh()

    def render(self) -> Text:
        """Laid out here, for the pane's size: the pane itself never wraps (CSS), which
        keeps the indentation of notes and the Arabic terms whole."""
        size = self.content_region.size if self.content_region.width else self.size
        if not self._hits:
            lines = _wrap(self._text.plain, size.width)
            return Text("\n".join(lines), style=self._text.style, end="")
        return glossary_lines(self._hits, size.width, max(1, size.height), self._mode)


class QALine(TextPane):
    """Findings for the target as typed: errors red, warnings yellow, or a quiet OK."""

    def show_findings(
        self,
        findings: Sequence[Diagnostic],
        empty_target: bool,
        mode: BidiMode = "app",
        dismissed: int = 0,
    ) -> None:
        """``dismissed``: how many findings a ``# wb-dismissed`` hides, said first (the line is
        cut at two rows)."""
        if empty_target:
            self.update(Text("QA: (no translation yet)", style="dim"))
            return
        if not findings:
            text = Text("QA: ✓ no problems found", style="green")
            if dismissed:
                text.append(f"  ({dismissed} dismissed)", style="dim")
            self.update(text)
            return
        # The line has room for two rows: the count says when some findings are cut off.
        text = Text("QA", end="")
        if len(findings) > 1 or dismissed:
            text.append(" (")
            text.append(str(len(findings)) if len(findings) > 1 else "")
            text.append(", " if len(findings) > 1 and dismissed else "")
            text.append(f"{dismissed} dismissed" if dismissed else "", style="dim")
            text.append(")")
        text.append(": ")
        ordered = sorted(findings, key=lambda finding: finding.severity != "error")
        for number, finding in enumerate(ordered):
            if number:
                text.append("  •  ", style="dim")
            style = "bold red" if finding.severity == "error" else "yellow"
            text.append(display_inline(finding.message, mode), style=style)
        self.update(text)
