"""Terms kept in MT output: mask glossary terms with placeholders Marian copies through,
translate, put the approved translations in, verify; fall back to plain MT when a placeholder is
lost.

Placeholder form, found by experiment (``.venv/bin/python -m tests.support.copy_marian``): the
tiny opus-mt-like model of tests/support/tiny_marian.py (SentencePiece vocabularies learnt from
the corpus) is fine-tuned for 100 steps on 48 copy pairs per form, then loaded with the
workbench's own ``TransformersEngine`` (Moses punctuation normalisation included) to translate
30 held-out corpus fragments holding one or two placeholders, beam 4. "Kept" counts outputs
holding each placeholder exactly once; pieces are source / target, as the model sees them:

==========  ==============================================  ======
form        pieces                                          kept
==========  ==============================================  ======
``9071``    ▁ 9 0 7 1 / ▁ 9 0 7 1                           30/30
``T1``      ▁ T 1 / ▁T 1                                    30/30
``XTERMA``  ▁ <unk> / ▁ <unk> T <unk> M A                   0/30
``<t1>``    ▁ <unk> t 1 <unk> / ▁ <unk> t 1 <unk>           0/30
``__T1__``  ▁ _ _ T 1 _ _ / ▁ <unk> T 1 <unk>               0/30
``@1@``     ▁ <unk> 1 <unk> / ▁ <unk> 1 <unk>               0/30
==========  ==============================================  ======

A placeholder survives only when every piece it splits into is in both vocabularies: anything
that maps to ``<unk>`` cannot be copied, whatever the training. Punctuation-wrapped forms and
rare capitals fall apart in an Arabic source vocabulary; digits are in every opus-mt vocabulary
(OPUS data is full of numbers, which Marian learns to copy) and pass the Moses punctuation
normalisation untouched. So placeholders are four-digit numbers, 9071, 9072, ..., skipping any
number the segment already contains. Each term occurrence gets its own number; proclitics stay
in the source as a separate word ("ل 9071" for "لوزير الأمن العام") so "to/and/by" survive.

``T1`` did as well here, but Latin capitals are rarer than digits in an Arabic source
vocabulary. Numbers are not all equal either: the tiny source vocabulary splits 9073 as
``▁ 9 0 73`` but the target as ``▁ 9 0 7 3``, and the target turns 1234 into ``▁1 2 <unk>``;
a real opus-mt vocabulary has many more digit pieces, and the verification below catches any
loss.

After translation a hypothesis is accepted only when every placeholder appears exactly once as a
whole token and no other number of the placeholder series appears (tiny models hallucinate
extra slots); the masked segment is decoded with n-best = beam size and searched in order, and
the substituted result must pass :func:`~workbench.glossary.checks.check_translation`.
Otherwise ``enforced`` is ``None`` and a warning says which term was lost; ``plain`` always holds
the unmasked MT.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace

from workbench.glossary.checks import check_translation
from workbench.glossary.model import TermMatch
from workbench.glossary.termbase import Glossary
from workbench.mt.engine import DecodeOptions, Engine, Suggestion

FIRST_PLACEHOLDER = 9071
#: Numbers of the placeholder series that no hypothesis may contain unless they are its slots.
PLACEHOLDER_RANGE = range(FIRST_PLACEHOLDER, FIRST_PLACEHOLDER + 1000)
ENGINE_SUFFIX = "+glossary"


@dataclass(frozen=True)
class TermTranslation:
    """MT of one segment: the plain n-best, the term-enforced best (None when the segment has
    no terms or enforcement failed), and warnings for the user."""

    plain: list[Suggestion]
    enforced: Suggestion | None
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class MaskedSegment:
    """A source with its terms replaced: ``slots`` pairs each placeholder with its match."""

    source: str
    text: str
    slots: list[tuple[str, TermMatch]]


def placeholders_for(source: str) -> Iterator[str]:
    """9071, 9072, ... without the numbers that already occur in ``source``."""
    taken = set(re.findall(r"\d+", source))
    number = FIRST_PLACEHOLDER
    while True:
        candidate = str(number)
        if candidate not in taken:
            yield candidate
        number += 1


def mask_terms(glossary: Glossary, source: str) -> MaskedSegment:
    """Replace every glossary term of ``source`` by a placeholder (proclitics kept apart)."""
    matches = glossary.match(source)
    numbers = placeholders_for(source)
    parts: list[str] = []
    slots: list[tuple[str, TermMatch]] = []
    position = 0
    for found in matches:
        placeholder = next(numbers)
        parts.append(source[position : found.start])
        parts.append(f"{found.proclitic} {placeholder}" if found.proclitic else placeholder)
        slots.append((placeholder, found))
        position = found.end
    parts.append(source[position:])
    return MaskedSegment(source, "".join(parts), slots)


_NOT_BEFORE = r"(?<![\w.,])"  # not the tail of a longer number or word
_NOT_AFTER = r"(?![\w]|[.,]\d)"  # not the head of one


def _token(placeholder: str) -> re.Pattern[str]:
    return re.compile(_NOT_BEFORE + re.escape(placeholder) + _NOT_AFTER)


def unmask(masked: MaskedSegment, translation: str) -> str | None:
    """``translation`` with the approved translations in, or None if a placeholder is missing,
    repeated, or one that was never in the source appears (a hallucinated slot)."""
    used = {placeholder: found for placeholder, found in masked.slots}
    source_numbers = set(re.findall(r"\d+", masked.source))
    for number in re.findall(r"\d+", translation):
        stray = number not in used and number not in source_numbers
        if stray and int(number) in PLACEHOLDER_RANGE:
            return None
    if any(len(_token(p).findall(translation)) != 1 for p in used):
        return None
    any_slot = re.compile(
        _NOT_BEFORE + "(" + "|".join(re.escape(p) for p in used) + ")" + _NOT_AFTER
    )
    leading = translation.lstrip()

    def approved(found: re.Match[str]) -> str:
        target = used[found.group(1)].term.target
        at_start = found.start() == len(translation) - len(leading)
        return target[0].upper() + target[1:] if at_start and target[:1].islower() else target

    # One pass, so an approved translation that contains digits is never taken for a slot.
    return any_slot.sub(approved, translation)


def _lost(masked: MaskedSegment, suggestion: Suggestion) -> list[str]:
    return [
        found.term.source
        for placeholder, found in masked.slots
        if len(_token(placeholder).findall(suggestion.text)) != 1
    ]


def translate_with_terms(
    engine: Engine,
    glossary: Glossary,
    sources: Sequence[str],
    options: DecodeOptions,
    *,
    plain_only_as_fallback: bool = False,
) -> list[TermTranslation]:
    """Plain and term-enforced MT for each of ``sources``.

    The plain and the masked sources are decoded in one engine call, so the engine's workers
    decode them side by side (an interactive request with terms costs one decode's time, not
    two: docs/PERFORMANCE.md). With ``plain_only_as_fallback`` (batch runs, which keep one
    suggestion per segment), the plain MT is decoded only for segments without terms or whose
    enforcement failed, so a segment whose terms were kept costs one decode, not two; ``plain``
    is then empty when ``enforced`` is set.
    """
    masked = [mask_terms(glossary, source) for source in sources]
    with_terms = [i for i, m in enumerate(masked) if m.slots]
    masked_texts = [masked[i].text for i in with_terms]
    # Ask for the whole beam so a hypothesis that kept every placeholder can be found.
    masked_options = replace(options, n_best=max(options.n_best, options.beam))
    plain: dict[int, list[Suggestion]] = {}
    if plain_only_as_fallback:
        outputs = engine.translate_batch(masked_texts, masked_options) if with_terms else []
    elif not with_terms:
        plain = dict(enumerate(engine.translate_batch(list(sources), options)))
        outputs = []
    else:  # the same beam: the plain n-best is the top of the masked options' n-best
        decoded = engine.translate_batch([*sources, *masked_texts], masked_options)
        plain = {i: hyps[: options.n_best] for i, hyps in enumerate(decoded[: len(sources)])}
        outputs = decoded[len(sources) :]
    enforced: dict[int, tuple[Suggestion | None, list[str]]] = {
        index: _best_enforced(engine, glossary, sources[index], masked[index], hypotheses)
        for index, hypotheses in zip(with_terms, outputs, strict=True)
    }
    if plain_only_as_fallback:
        missing = [i for i in range(len(sources)) if enforced.get(i, (None, []))[0] is None]
        if missing:
            decoded = engine.translate_batch([sources[i] for i in missing], options)
            plain = dict(zip(missing, decoded, strict=True))
    return [
        TermTranslation(plain.get(index, []), *enforced.get(index, (None, [])))
        for index in range(len(sources))
    ]


def _best_enforced(
    engine: Engine,
    glossary: Glossary,
    source: str,
    masked: MaskedSegment,
    hypotheses: list[Suggestion],
) -> tuple[Suggestion | None, list[str]]:
    for hypothesis in hypotheses:
        text = unmask(masked, hypothesis.text)
        if text is None:
            continue
        if any(p.kind == "missing" for p in check_translation(glossary, source, text)):
            continue
        suggestion = Suggestion(
            text, hypothesis.score, engine.name + ENGINE_SUFFIX, engine.model_name
        )
        return suggestion, []
    lost = _lost(masked, hypotheses[0]) if hypotheses else []
    if not lost:
        return None, ["glossary: no MT output with the terms' placeholders could be verified;"
                      " plain MT kept"]
    terms = ", ".join(f"'{t}'" for t in lost)
    return None, [f"glossary: the MT output lost the placeholder for {terms}; plain MT kept"]
