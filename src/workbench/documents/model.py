"""What every document format reads a source into: translatable units and a skeleton.

A format (:mod:`.text`, :mod:`.html`, :mod:`.markdown`) turns the source into
:class:`SourceDocument`: the :class:`Unit` list (the msgids, with the line of each) and a
skeleton, a sequence of :data:`Part` values. A part is source text kept verbatim, a
:class:`Slot` where a unit's translation goes, a :class:`Gap` between two sentences of a
paragraph, or a :class:`LanguageMark` (the ``<html>`` tag whose ``lang``/``dir`` follow the
target language). Rebuilding walks the skeleton once; so the bytes a build writes are the
source's own everywhere but in the translated units, and identical translations (or none) give
back the source exactly.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, Union

from workbench.diagnostic import Diagnostic
from workbench.documents import markup


@dataclass(frozen=True)
class Unit:
    """One translatable unit: ``text`` is the msgid, ``line`` the 1-based source line of its
    first character (the ``#:`` reference)."""

    text: str
    line: int


@dataclass(frozen=True)
class Slot:
    """Where unit ``unit``'s translation goes. ``source`` is rendered when it has none (or the
    same text); ``placeholders`` maps each token of the unit (``<b0>``, ``</b0>``, ``<b1/>``) to
    the source markup it stands for; ``encode`` turns a text run of the translation (between
    placeholders) into output bytes (HTML escaping, attribute quoting...)."""

    unit: int
    source: tuple[Part, ...]
    placeholders: Mapping[str, tuple[Part, ...]] = field(default_factory=dict)
    encode: Callable[[str], str] = str


@dataclass(frozen=True)
class Gap:
    """Whitespace between two sentences of one paragraph (units ``before`` and ``after``):
    kept as written while neither is translated, else the target language's sentence
    spacing (a line break in it is kept)."""

    raw: str
    before: int
    after: int


@dataclass(frozen=True)
class LanguageMark:
    """A start tag (``<html ...>``) that gets ``lang`` and ``dir`` for the target language.
    ``lang_value``/``dir_value``: the (start, end) of an existing value within ``tag``
    (quotes included); ``insert_at``: where missing attributes go."""

    tag: str
    lang_value: tuple[int, int] | None
    dir_value: tuple[int, int] | None
    insert_at: int


Part = Union[str, Slot, Gap, LanguageMark]  # noqa: UP007 (a runtime alias, used in tuples)


@dataclass(frozen=True)
class Target:
    """What a rebuild needs to know of the target language."""

    lang: str  # BCP 47 tag, as written in ``lang``
    direction: str  # "ltr" or "rtl"
    sentence_separator: str  # between two translated sentences of a paragraph


@dataclass
class SourceDocument:
    """A source read by its format: units in source order, the skeleton, warnings (malformed
    input read anyway, each naming its line). ``markup``: units may hold placeholders
    (:mod:`.markup`), so translations must keep them."""

    path: Path | None
    units: list[Unit]
    skeleton: tuple[Part, ...]
    warnings: list[Diagnostic] = field(default_factory=list)
    markup: bool = False

    def rebuild(self, translations: Sequence[str | None], target: Target) -> str:
        """The target document: ``translations[i]`` for unit ``i`` (``None``: keep the source).

        Placeholders must have been checked (:func:`markup.markup_problems`) by the caller; a
        token the slot does not know is written as text."""
        if len(translations) != len(self.units):
            raise ValueError("one translation (or None) per unit")
        changed = [
            translation is not None and translation != unit.text
            for unit, translation in zip(self.units, translations, strict=True)
        ]
        out: list[str] = []
        _render(self.skeleton, translations, changed, target, out)
        return "".join(out)


def _render(
    parts: Sequence[Part],
    translations: Sequence[str | None],
    changed: Sequence[bool],
    target: Target,
    out: list[str],
) -> None:
    for part in parts:
        if isinstance(part, str):
            out.append(part)
        elif isinstance(part, Slot):
            translation = translations[part.unit]
            if not changed[part.unit] or translation is None:
                _render(part.source, translations, changed, target, out)
                continue
            if not part.placeholders:
                out.append(part.encode(translation))
                continue
            for piece in markup.split_unit(translation):
                markup_parts = part.placeholders.get(piece.text) if piece.placeholder else None
                if markup_parts is not None:
                    _render(markup_parts, translations, changed, target, out)
                else:
                    out.append(part.encode(piece.text))
        elif isinstance(part, Gap):
            if not (changed[part.before] or changed[part.after]):
                out.append(part.raw)
            elif "\n" in part.raw:
                out.append(part.raw)
            else:
                out.append(target.sentence_separator)
        else:
            out.append(_mark_language(part, target))


def _mark_language(mark: LanguageMark, target: Target) -> str:
    edits: list[tuple[int, int, str]] = []
    missing: list[str] = []
    for name, span, value in (
        ("lang", mark.lang_value, target.lang),
        ("dir", mark.dir_value, target.direction),
    ):
        if span is None:
            missing.append(f'{name}="{value}"')
        else:
            edits.append((span[0], span[1], f'"{value}"'))
    if missing:
        before = mark.tag[: mark.insert_at]
        lead = "" if before[-1:].isspace() else " "
        edits.append((mark.insert_at, mark.insert_at, lead + " ".join(missing)))
    tag = mark.tag
    for start, end, text in sorted(edits, reverse=True):
        tag = tag[:start] + text + tag[end:]
    return tag


class DocumentFormat(Protocol):
    """A document format: reads a source text into a :class:`SourceDocument`."""

    name: str
    suffixes: tuple[str, ...]

    def read(self, text: str, path: Path | None = None) -> SourceDocument: ...
