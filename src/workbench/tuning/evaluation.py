"""``mt eval``: how good a model is on the project's own texts.

The sources of approved entries are translated and the output scored against the approved
translations: chrF++ and BLEU (sacrebleu, corpus level, its default tokenization), glossary term
accuracy (of the glossary terms found in the sources, the share whose approved rendering appears
in the output), placeholder survival (of the format directives, URLs and e-mail addresses of the
sources, the share found verbatim in the output) and speed (source tokens per second, as the
model's tokenizer counts them). The engine is measured bare: no suggestion cache (it would
measure the cache) and no glossary enforcement (it would measure the glossary, not the model).
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from workbench.catalog.format_strings import directive_spans
from workbench.errors import WorkbenchError
from workbench.glossary.termbase import Glossary
from workbench.mt.engine import DecodeOptions, Engine
from workbench.qa.checks.verbatim import emails, urls
from workbench.tuning.pairs import ApprovedPair

#: Fewer approved entries than this give scores that swing by many points with one sentence.
MIN_SEGMENTS = 20
#: Segments per call to the engine: enough for batching to pay, small enough for steady memory.
BATCH_SIZE = 32


@dataclass(frozen=True)
class EvaluationRow:
    """One model and engine scored on ``segments`` approved entries. Scores are 0-100; the
    shares are None when the sources hold no glossary term or no placeholder."""

    model: str
    engine: str
    segments: int
    chrf: float
    bleu: float
    term_accuracy: float | None
    placeholders_kept: float | None
    tokens_per_s: float

    def to_json(self) -> dict[str, object]:
        def rounded(value: float | None) -> float | None:
            return None if value is None else round(value, 2)

        return {
            "model": self.model,
            "engine": self.engine,
            "segments": self.segments,
            "chrf": rounded(self.chrf),
            "bleu": rounded(self.bleu),
            "term_accuracy": rounded(self.term_accuracy),
            "placeholders_kept": rounded(self.placeholders_kept),
            "tokens_per_s": rounded(self.tokens_per_s),
        }


def check_enough(pairs: Sequence[ApprovedPair], minimum: int = MIN_SEGMENTS) -> None:
    """Refuse a set of approved entries too small to score: a clear message with the count."""
    if len(pairs) < minimum:
        raise WorkbenchError(
            f"only {len(pairs)} approved entries found; a meaningful score needs at least "
            f"{minimum}",
            hint="approve more translations (or name more catalogs), then run mt eval again",
        )


def placeholders(pair_source: str, formats: Sequence[str]) -> Counter[str]:
    """The pieces of a source that must come through translation unchanged: the directives
    of its format flags (``%s``, ``{name}``), URLs and e-mail addresses."""
    found: Counter[str] = Counter()
    data = pair_source.encode("utf-8", "surrogatepass")
    for language in formats:
        for start, end in directive_spans(language, data):
            piece = data[start:end].decode("utf-8", "surrogatepass")
            if piece not in ("%%", "{{", "}}"):
                found[piece] += 1
    found.update(urls(pair_source))
    found.update(emails(pair_source))
    return found


def term_hits(glossary: Glossary, source: str, output: str) -> tuple[int, int]:
    """(terms found in ``source``, of which rendered as approved in ``output``)."""
    matches = glossary.match(source)
    lowered = output.casefold()
    return len(matches), sum(1 for found in matches if found.term.target.casefold() in lowered)


def chrf_and_bleu(outputs: Sequence[str], references: Sequence[str]) -> tuple[float, float]:
    """Corpus chrF++ (character 6-grams plus word bigrams) and BLEU, as sacrebleu computes."""
    from sacrebleu.metrics import BLEU, CHRF

    chrf = CHRF(word_order=2).corpus_score(list(outputs), [list(references)]).score
    bleu = BLEU().corpus_score(list(outputs), [list(references)]).score
    return chrf, bleu


def evaluate(
    engine: Engine,
    pairs: Sequence[ApprovedPair],
    glossary: Glossary | None = None,
    options: DecodeOptions | None = None,
) -> EvaluationRow:
    """Translate the sources of ``pairs`` with ``engine`` and score them (see the module)."""
    check_enough(pairs, 1)
    options = options or DecodeOptions()
    sources = [pair.source for pair in pairs]
    outputs: list[str] = []
    started = time.perf_counter()
    for start in range(0, len(sources), BATCH_SIZE):
        batch = engine.translate_batch(sources[start : start + BATCH_SIZE], options)
        outputs += [suggestions[0].text if suggestions else "" for suggestions in batch]
    elapsed = time.perf_counter() - started
    tokens = sum(engine.count_tokens(source) for source in sources)
    chrf, bleu = chrf_and_bleu(outputs, [pair.target for pair in pairs])
    terms = kept_terms = wanted = kept = 0
    for pair, output in zip(pairs, outputs, strict=True):
        if glossary is not None:
            found, rendered = term_hits(glossary, pair.source, output)
            terms, kept_terms = terms + found, kept_terms + rendered
        needed = placeholders(pair.source, pair.formats)
        wanted += sum(needed.values())
        present = Counter({piece: output.count(piece) for piece in needed})
        kept += sum((needed & present).values())
    return EvaluationRow(
        model=engine.model_name,
        engine=engine.name,
        segments=len(pairs),
        chrf=chrf,
        bleu=bleu,
        term_accuracy=100 * kept_terms / terms if terms else None,
        placeholders_kept=100 * kept / wanted if wanted else None,
        tokens_per_s=tokens / elapsed if elapsed > 0 else 0.0,
    )
