"""The batch step of a run as a pure function, so a cluster can map it over batches.

A batch of source segments plus decoding options plus a model spec in, one result per segment
out. Nothing is read from or written to catalogs here and no state is shared between calls: the
only thing kept is the loaded model, memoised per process (read-only), so a worker loads it once.
The same step runs locally inside :func:`workbench.pretranslate.runner.run_pretranslate`, and
on a Ray cluster inside the actors of :mod:`workbench.pretranslate.ray_runner`
(``pretranslate --ray``), which are given the model's files rather than a project folder.
:func:`translate_with_spec` is the step for a worker that can read the project itself.

Batches come from :func:`workbench.pretranslate.batching.batch_by_tokens`; only the driver
writes catalogs (under their locks), so workers need no access to them.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from workbench.catalog.marks import TERMS_ENFORCED, TERMS_NOT_ENFORCED
from workbench.mt.engine import DecodeOptions, Engine, Suggestion
from workbench.pretranslate.markup import masked_units, restored_text

if TYPE_CHECKING:
    from workbench.glossary import Glossary, TermTranslation


@dataclass(frozen=True)
class MTResult:
    """The best suggestion for one source; ``text`` is empty when the engine produced none.
    ``terms`` says what became of the source's glossary terms (see
    :mod:`workbench.catalog.marks`); '' when it has none or no glossary was used."""

    source: str
    text: str
    tokens: int
    model: str
    terms: str = ""
    #: MT lost or garbled the source's inline markup: ``text`` is empty, the entry left as is.
    markup_lost: bool = False
    #: The best suggestion's 0-100 confidence (:attr:`Suggestion.confidence`); None for a
    #: translation-memory match (approved by a person: nothing to doubt) or no text.
    confidence: int | None = None


@dataclass(frozen=True)
class ModelSpec:
    """Everything a worker needs to load the same model the driver would (picklable)."""

    project_root: str
    target_language: str
    model: str | None = None
    engine: str | None = None
    allow_pickle: bool = False
    use_cache: bool = True
    glossary: str | None = None


def conform_to_source(source: str, text: str) -> str:
    """``text`` with the source's leading/trailing newline kept or dropped, as ``msgfmt -c``
    requires of every entry (MT models drop and invent newlines)."""
    text = text.strip("\n") if text.strip() else ""
    if not text:
        return ""
    if source.startswith("\n"):
        text = "\n" + text
    if source.endswith("\n"):
        text = text + "\n"
    return text


def results_from(
    engine: Engine, sources: Sequence[str], suggestions: Sequence[Sequence[Suggestion]]
) -> list[MTResult]:
    """One :class:`MTResult` per source from the engine's n-best lists (best kept, newlines
    matched to the source, output tokens counted with the engine's tokenizer)."""
    results = []
    for source, candidates in zip(sources, suggestions, strict=True):
        text = conform_to_source(source, candidates[0].text) if candidates else ""
        tokens = engine.count_tokens(text) if text else 0
        model = candidates[0].model if candidates else engine.model_name
        confidence = candidates[0].confidence if text else None
        results.append(
            MTResult(source=source, text=text, tokens=tokens, model=model, confidence=confidence)
        )
    return results


def results_with_terms(
    engine: Engine, sources: Sequence[str], translations: Sequence[TermTranslation]
) -> list[MTResult]:
    """One :class:`MTResult` per source from :func:`workbench.glossary.translate_with_terms`:
    the term-enforced suggestion when it was verified, else the plain best, marked which."""
    results = []
    for source, found in zip(sources, translations, strict=True):
        if found.enforced is not None:
            candidates, terms = [found.enforced], TERMS_ENFORCED
        else:
            candidates, terms = found.plain, (TERMS_NOT_ENFORCED if found.warnings else "")
        (plain,) = results_from(engine, [source], [candidates])
        results.append(replace(plain, terms=terms if plain.text else ""))
    return results


def best_only(options: DecodeOptions) -> DecodeOptions:
    return replace(options, n_best=1)


def translate_segments(
    engine: Engine,
    sources: Sequence[str],
    options: DecodeOptions,
    glossary: Glossary | None = None,
) -> list[MTResult]:
    """Translate one batch with an already loaded engine: the step every run is made of. With
    a ``glossary``, segments holding its terms get the term-enforced suggestion when it can be
    verified, plain MT otherwise (:func:`workbench.glossary.translate_with_terms`).

    Sources with inline markup go to MT with their placeholders masked and come back with them
    restored, or empty and ``markup_lost`` (:mod:`workbench.pretranslate.markup`)."""
    if not sources:
        return []
    masked = masked_units(sources)
    if not masked:
        return _translate(engine, sources, options, glossary)
    texts = [masked[source].text if source in masked else source for source in sources]
    results = []
    for source, result in zip(sources, _translate(engine, texts, options, glossary), strict=True):
        unit = masked.get(source)
        text = restored_text(source, unit, result.text) if unit and result.text else None
        if unit is None or not result.text:
            results.append(replace(result, source=source))
        elif text is None:
            results.append(replace(result, source=source, text="", terms="", markup_lost=True))
        else:
            results.append(replace(result, source=source, text=conform_to_source(source, text)))
    return results


def _translate(
    engine: Engine,
    sources: Sequence[str],
    options: DecodeOptions,
    glossary: Glossary | None,
) -> list[MTResult]:
    if glossary is not None:
        from workbench.glossary import translate_with_terms

        translations = translate_with_terms(
            engine, glossary, list(sources), best_only(options), plain_only_as_fallback=True
        )
        return results_with_terms(engine, sources, translations)
    suggestions = engine.translate_batch(list(sources), best_only(options))
    return results_from(engine, sources, suggestions)


@functools.lru_cache(maxsize=4)
def _engine_for(spec: ModelSpec) -> Engine:
    """The process's copy of the model (loaded on first use, then reused)."""
    from workbench.config import load_config
    from workbench.mt import load_engine

    config = load_config(spec.project_root)
    return load_engine(
        config,
        model=spec.model,
        engine=spec.engine,
        target_language=spec.target_language,
        allow_pickle=spec.allow_pickle,
        use_cache=spec.use_cache,
    )


@functools.lru_cache(maxsize=4)
def _glossary_for(path: str, target_language: str) -> Glossary:
    from workbench.glossary import Glossary

    return Glossary.load(path, target_language=target_language)


def translate_with_spec(
    sources: Sequence[str], options: DecodeOptions, spec: ModelSpec
) -> list[MTResult]:
    """:func:`translate_segments` for a worker that has only the spec: loads the model (and the
    glossary, when the spec names one) once per process and translates the batch."""
    glossary = _glossary_for(spec.glossary, spec.target_language) if spec.glossary else None
    return translate_segments(_engine_for(spec), sources, options, glossary)
