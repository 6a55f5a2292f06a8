"""Machine translation of document units with inline markup (``<b0>…</b0>``, ``<b1/>``).

opus-mt vocabularies split ``<`` into ``<unk>``, so each placeholder goes to MT as a
four-digit number Marian copies (:func:`workbench.documents.markup.mask_placeholders`, the
series the glossary's terms use, :mod:`workbench.glossary.enforce`). The masking is done first
and the glossary's own masking then runs on the masked text: it skips every number already in
it, so terms and placeholders never share a number, and a term hypothesis is only kept when
the markup numbers survive too (they are numbers of its source).

A translation is written only with its markup intact: every placeholder once, pairs nested as
in the source, and no stray number of the series (tiny models invent them). Otherwise the
entry is left untranslated, never given a plain MT without its markup (``workbench build``
would refuse it, and a translator would have to find which tags went where), and the run
warns naming it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from workbench.documents.markup import (
    FIRST_MASK,
    PLACEHOLDER,
    MaskedUnit,
    markup_problems,
    mask_placeholders,
    placeholders,
    unmask_placeholders,
)

#: Numbers of the mask series a restored translation may hold only if its source does.
_SERIES = range(FIRST_MASK, FIRST_MASK + 1000)
_NUMBER = re.compile(r"\d+")


def masked_units(sources: Iterable[str]) -> dict[str, MaskedUnit]:
    """The sources holding placeholders, each with its text for MT."""
    return {source: mask_placeholders(source) for source in sources if PLACEHOLDER.search(source)}


def restored_text(source: str, masked: MaskedUnit, translation: str) -> str | None:
    """``translation`` (the MT of ``masked.text``) with the placeholders of ``source`` back, or
    None when one was lost, repeated, misnested, or a stray number of the series appeared."""
    text = unmask_placeholders(masked, translation)
    if text is None:
        return None
    slots = {slot for slot, *_ in masked.slots}
    in_source = set(_NUMBER.findall(source))
    for number in _NUMBER.findall(translation):
        if number not in slots and number not in in_source and int(number) in _SERIES:
            return None
    return None if markup_problems(source, text) else text


def words_without_markup(source: str, masked: MaskedUnit, translation: str) -> str:
    """``translation`` (the MT of ``masked.text``) with every number standing for a placeholder
    dropped (and any stray number of the series the source does not hold): MT's words when it
    lost the markup, offered by the TUI with a warning for the translator to place the
    placeholders in (ctrl+l), where a batch run leaves the entry untranslated."""
    slots = {slot for slot, *_ in masked.slots}
    in_source = set(_NUMBER.findall(source))

    def dropped(match: re.Match[str]) -> str:
        number = match.group()
        if number in slots or (int(number) in _SERIES and number not in in_source):
            return ""
        return number

    text = re.sub(r"(?<!\d)\d+(?!\d)", dropped, translation)
    text = re.sub(r"[ \t]+([.,;:!?])", r"\1", re.sub(r"[ \t]{2,}", " ", text))
    return text.strip()


def markup_lost_warning(source: str) -> str:
    """The run's warning for a source left untranslated because MT lost its markup."""
    shown = source if len(source) <= 60 else source[:57] + "..."
    return (
        f"left untranslated: MT lost the markup ({' '.join(placeholders(source))}) "
        f"of {shown!r}; translate it by hand"
    )
