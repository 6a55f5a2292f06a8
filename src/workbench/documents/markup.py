"""The placeholder syntax of a unit: how inline markup shows inside a translatable sentence.

A unit of a marked-up document (HTML, Markdown) is text with numbered placeholders, as OmegaT
shows them: a paired element becomes ``<b0>…</b0>`` (a tag's first letter, a number unique in
the unit), a standalone one (``<br>``, an inline image, a comment, an inline ``<code>``) becomes
``<b1/>``. The translator moves them; each must appear exactly once, an opening one before its
closing one, and pairs nest as in the source, or the build refuses the translation.

Text that would read as a placeholder is escaped, and nothing else, so units stay readable: a
literal ``<b0>`` in the source text is written ``&lt;b0>``, and a literal ``&lt;`` (or
``&amp;lt;``...) gets one more ``amp;``; every other ``<`` and ``&`` is itself.
:func:`escape_text` and :func:`unescape_text` are exact inverses.

The numbered tags are what the catalog holds; machine translation is expected to mask them as
it masks glossary terms (four-digit numbers Marian copies, see
:mod:`workbench.glossary.enforce`), since opus-mt vocabularies split ``<`` into ``<unk>``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from workbench.diagnostic import ERROR, Diagnostic

#: A placeholder token: ``<b0>``, ``</b0>`` or ``<b0/>``.
PLACEHOLDER = re.compile(r"<(/?)([a-z]+)(\d+)(/?)>")
_LOOKS_LIKE_PLACEHOLDER = r"(?=/?[a-z]+\d+/?>)"
_UNIT_ESCAPE = re.compile(rf"&(?=(?:amp;)*lt;)|<{_LOOKS_LIKE_PLACEHOLDER}")
_UNIT_UNESCAPE = re.compile(rf"&amp;(?=(?:amp;)*lt;)|&lt;{_LOOKS_LIKE_PLACEHOLDER}")
MARKUP_CODE = "markup"


def escape_text(text: str) -> str:
    """Plain text as unit text: a ``<`` starting what reads as a placeholder -> ``&lt;``, an
    ``&`` starting ``lt;`` (after any ``amp;``) -> ``&amp;``."""
    return _UNIT_ESCAPE.sub(lambda m: "&lt;" if m.group() == "<" else "&amp;", text)


def unescape_text(text: str) -> str:
    """Unit text between placeholders back to plain text (the inverse of :func:`escape_text`)."""
    return _UNIT_UNESCAPE.sub(lambda m: "&" if m.group() == "&amp;" else "<", text)


def opening(letter: str, number: int) -> str:
    return f"<{letter}{number}>"


def closing(letter: str, number: int) -> str:
    return f"</{letter}{number}>"


def standalone(letter: str, number: int) -> str:
    return f"<{letter}{number}/>"


@dataclass(frozen=True)
class Piece:
    """A run of unit text: ``placeholder`` True for a token such as ``<b0>``."""

    text: str
    placeholder: bool


def split_unit(text: str) -> list[Piece]:
    """``text`` cut into text runs and placeholder tokens, in order."""
    pieces: list[Piece] = []
    position = 0
    for match in PLACEHOLDER.finditer(text):
        if match.start() > position:
            pieces.append(Piece(text[position : match.start()], False))
        pieces.append(Piece(match.group(), True))
        position = match.end()
    if position < len(text):
        pieces.append(Piece(text[position:], False))
    return pieces


def placeholders(text: str) -> list[str]:
    """The placeholder tokens of ``text`` in order."""
    return [match.group() for match in PLACEHOLDER.finditer(text)]


def strip_placeholders(text: str) -> str:
    """``text`` without its placeholder tokens (what TM matching and the glossary compare)."""
    return PLACEHOLDER.sub("", text)


def markup_problems(source: str, translation: str) -> list[str]:
    """What is wrong with the placeholders of ``translation`` against ``source`` ([] if
    nothing): a placeholder lost, added, repeated, or pairs no longer nested as tags nest."""
    in_source, in_translation = placeholders(source), placeholders(translation)
    if in_source == in_translation:  # same tokens in the same order: nested as the source's
        return []
    expected, found = Counter(in_source), Counter(in_translation)
    problems: list[str] = []
    lost = sorted(token for token in expected if found[token] < expected[token])
    added = sorted(token for token in found if found[token] > expected[token])
    if lost:
        problems.append(f"placeholder {', '.join(lost)} missing from the translation")
    if added:
        problems.append(f"placeholder {', '.join(added)} not in the source (or repeated)")
    if problems:
        return problems
    if not _well_nested(placeholders(translation)):
        problems.append("placeholders not nested as in the source: open and close them in order")
    return problems


def renumber_placeholders(matched_source: str, matched_target: str, source: str) -> str | None:
    """A translation memory's ``matched_target`` with the placeholders of its
    ``matched_source`` renamed to those of ``source`` at the same positions (the same words
    with other markup numbers or tags, as another page gives them), or None when the two
    sources' placeholders differ in number or kind, or the result would not match
    ``source``. A target already matching ``source`` comes back as it is."""
    if not markup_problems(source, matched_target):
        return matched_target
    old, new = placeholders(matched_source), placeholders(source)
    if len(old) != len(new) or len(set(old)) != len(old):
        return None
    kinds = [(bool(a.group(1)), bool(a.group(4))) for a in map(PLACEHOLDER.fullmatch, old) if a]
    wanted = [(bool(b.group(1)), bool(b.group(4))) for b in map(PLACEHOLDER.fullmatch, new) if b]
    if kinds != wanted:
        return None
    renamed = dict(zip(old, new, strict=True))
    result = PLACEHOLDER.sub(lambda m: renamed.get(m.group(), m.group()), matched_target)
    return None if markup_problems(source, result) else result


def _well_nested(tokens: list[str]) -> bool:
    stack: list[str] = []
    for token in tokens:
        match = PLACEHOLDER.fullmatch(token)
        assert match is not None
        slash, letter, number, selfclosing = match.groups()
        if selfclosing:
            continue
        if not slash:
            stack.append(letter + number)
        elif not stack or stack.pop() != letter + number:
            return False
    return not stack


def check_markup(source: str, translation: str) -> list[Diagnostic]:
    """The placeholder problems of one translation as diagnostics (code ``markup``, errors),
    for QA and ``compile --strict``; the caller locates them with :meth:`Diagnostic.at`.
    An empty translation is not judged (it falls back to the source)."""
    if not translation:
        return []
    return [
        Diagnostic(problem, code=MARKUP_CODE, severity=ERROR, subject=source)
        for problem in markup_problems(source, translation)
    ]


#: First number standing for a placeholder while MT runs (the glossary's series, measured in
#: :mod:`workbench.glossary.enforce`: four-digit numbers are what opus-mt copies; ``<t1>``-like
#: tags fall apart into ``<unk>`` pieces, 0 of 30 kept).
FIRST_MASK = 9071
_NUMBER = re.compile(r"\d+")


@dataclass(frozen=True)
class MaskedUnit:
    """A unit with each placeholder replaced by a number MT copies; ``slots`` holds, for each
    number, the placeholder and whether the source had a space before and after it."""

    text: str
    slots: tuple[tuple[str, str, bool, bool], ...]


def mask_placeholders(text: str, first: int = FIRST_MASK) -> MaskedUnit:
    """``text`` for MT: each placeholder a four-digit number (skipping numbers the text
    already holds), set off by spaces as a number in running text is."""
    taken = set(_NUMBER.findall(text))
    slots: list[tuple[str, str, bool, bool]] = []
    number = first

    def replace(match: re.Match[str]) -> str:
        nonlocal number
        while str(number) in taken:
            number += 1
        slot = str(number)
        number += 1
        before = match.start() > 0 and text[match.start() - 1].isspace()
        after = match.end() < len(text) and text[match.end()].isspace()
        slots.append((slot, match.group(), before, after))
        return f" {slot} "

    return MaskedUnit(" ".join(PLACEHOLDER.sub(replace, text).split()), tuple(slots))


def unmask_placeholders(masked: MaskedUnit, translation: str) -> str | None:
    """``translation`` of ``masked.text`` with its placeholders back, spaced as in the source,
    or None when MT lost or repeated one (the caller keeps plain MT and warns)."""
    found = _NUMBER.findall(translation)
    if any(found.count(slot) != 1 for slot, *_ in masked.slots):
        return None
    result = translation
    for slot, token, before, after in masked.slots:
        spaced = (" " if before else "") + token + (" " if after else "")
        pattern = re.compile(rf"\s*(?<!\d){slot}(?!\d)\s*")
        result = pattern.sub(spaced.replace("\\", "\\\\"), result)
    return result.strip()
