"""Both backends on the tiny opus-mt-like model, loaded through load_engine like real models."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import SAMPLE
from workbench.config import Config
from workbench.mt import DecodeOptions, Suggestion, load_engine
from workbench.mt.ctranslate2_engine import CTranslate2Engine
from workbench.mt.marian import MarianEngine
from workbench.mt.transformers_engine import TransformersEngine

HUB_ID = "Helsinki-NLP/opus-mt-tiny-ar-en"


def _lines() -> list[str]:
    return [line for line in SAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def config(tiny_marian: Path, tmp_path_factory: pytest.TempPathFactory) -> Config:
    root = tmp_path_factory.mktemp("project")
    return Config(root=root, models=tiny_marian.parent, cache=root / "cache.sqlite3")


@pytest.fixture(scope="module")
def transformers_engine(config: Config) -> MarianEngine:
    engine = load_engine(config, model=HUB_ID, engine="transformers", use_cache=False)
    assert isinstance(engine, TransformersEngine)
    return engine


@pytest.fixture(scope="module")
def ct2_engine(config: Config) -> MarianEngine:
    engine = load_engine(config, model=HUB_ID, engine="ctranslate2", use_cache=False)
    assert isinstance(engine, CTranslate2Engine)
    return engine


@pytest.fixture(scope="module")
def ct2_float32(config: Config) -> MarianEngine:
    engine = load_engine(
        config, model=HUB_ID, engine="ctranslate2", use_cache=False, compute_type="float32"
    )
    assert isinstance(engine, CTranslate2Engine)
    return engine


def test_auto_prefers_ctranslate2_when_converted(config: Config) -> None:
    engine = load_engine(config, model=HUB_ID, use_cache=False)
    assert engine.name == "ctranslate2"
    assert engine.compute_type == "int8"  # CPU default


def test_auto_falls_back_to_transformers(tiny_marian: Path, tmp_path: Path) -> None:
    shutil.copytree(tiny_marian, tmp_path / "models" / "opus-mt-tiny-ar-en")
    config = Config(root=tmp_path, models=tmp_path / "models", cache=tmp_path / "c.sqlite3")
    assert load_engine(config, model=HUB_ID, use_cache=False).name == "transformers"


@pytest.mark.parametrize("which", ["transformers_engine", "ct2_engine"])
def test_n_best_lists_with_scores(which: str, request: pytest.FixtureRequest) -> None:
    engine: MarianEngine = request.getfixturevalue(which)
    sources = _lines()[:3]
    results = engine.translate_batch(sources, DecodeOptions(beam=4, n_best=3, max_length=48))
    assert len(results) == 3
    for suggestions in results:
        assert 2 <= len(suggestions) <= 3
        assert all(isinstance(s, Suggestion) for s in suggestions)
        assert all(s.engine == engine.name and s.model == HUB_ID for s in suggestions)
        assert all(s.text and s.score < 0 for s in suggestions)
        scores = [s.score for s in suggestions]
        assert scores == sorted(scores, reverse=True)
        assert len({s.text for s in suggestions}) == len(suggestions)
    # The tiny model was fitted to render the first line as the first English sentence.
    assert results[0][0].text.startswith("The signing ceremony welcomed more than 2,500")


def test_ctranslate2_float32_greedy_equals_transformers_token_for_token(
    transformers_engine: MarianEngine, ct2_float32: MarianEngine
) -> None:
    options = DecodeOptions(beam=1, n_best=1, max_length=64)
    parts = [part for line in _lines() for part in transformers_engine._split(line)]
    reference = transformers_engine._decode(parts, options)
    fast = ct2_float32._decode(parts, options)
    assert [h[0].pieces for h in fast] == [h[0].pieces for h in reference]
    assert any(len(h[0].pieces) < 64 for h in reference)  # some stop on </s>, some at the limit
    for ref, got in zip(reference, fast, strict=True):
        assert got[0].score == pytest.approx(ref[0].score, abs=1e-3)
    texts_ref = transformers_engine.translate_batch(_lines(), options)
    texts_fast = ct2_float32.translate_batch(_lines(), options)
    assert [r[0].text for r in texts_fast] == [r[0].text for r in texts_ref]


@pytest.mark.parametrize("which", ["transformers_engine", "ct2_engine"])
def test_two_thousand_token_input_is_split_not_an_index_error(
    which: str, request: pytest.FixtureRequest
) -> None:
    engine: MarianEngine = request.getfixturevalue(which)
    text = " ".join(_lines())
    while engine.count_tokens(text) < 2000:
        text += " " + text
    parts = engine._split(text)
    assert len(parts) >= 4
    assert all(len(part) <= engine.max_source_tokens for part in parts)
    [suggestions] = engine.translate_batch([text], DecodeOptions(beam=1, max_length=8))
    assert suggestions[0].text
    # One text with no boundaries at all (a single 2,000-piece "word") is truncated instead.
    blob = "ك" * 4000
    assert engine.count_tokens(blob) > 512
    [blob_result] = engine.translate_batch([blob], DecodeOptions(beam=1, max_length=4))
    assert len(blob_result) == 1


@pytest.mark.parametrize("which", ["transformers_engine", "ct2_engine"])
def test_output_length_is_clamped_to_positions(which: str, request: pytest.FixtureRequest) -> None:
    engine: MarianEngine = request.getfixturevalue(which)
    assert engine._effective(DecodeOptions(max_length=5000)).max_length == 511
    assert engine._effective(DecodeOptions(beam=1, n_best=3)).beam == 3


def test_empty_source_gives_empty_suggestion(ct2_engine: MarianEngine) -> None:
    [[suggestion]] = ct2_engine.translate_batch(["  \u0640 "], DecodeOptions())
    assert suggestion.text == ""
    empty, full = ct2_engine.translate_batch(["", "وزير الأمن العام"], DecodeOptions(beam=1))
    assert empty[0].text == "" and full[0].text
    assert ct2_engine.translate_batch([], DecodeOptions()) == []


def test_batch_order_is_preserved_with_mixed_lengths(ct2_engine: MarianEngine) -> None:
    lines = _lines()[:6]
    options = DecodeOptions(beam=2, max_length=24)
    together = [r[0].text for r in ct2_engine.translate_batch(lines, options)]
    alone = [ct2_engine.translate_batch([line], options)[0][0].text for line in lines]
    assert together == alone


def test_one_single_threaded_worker_per_configured_thread(config: Config) -> None:
    """The thread layout measured fastest (docs/PERFORMANCE.md): workers of one thread each,
    one per core by default, and a batch spread over them gives the same output as one."""
    import os
    from dataclasses import replace

    default = load_engine(config, model=HUB_ID, engine="ctranslate2", use_cache=False)
    assert isinstance(default, CTranslate2Engine)
    assert default.workers == os.cpu_count()
    assert default.translator.num_translators == os.cpu_count()
    pair = load_engine(
        replace(config, mt_threads=2), model=HUB_ID, engine="ctranslate2", use_cache=False
    )
    single = load_engine(
        replace(config, mt_threads=1), model=HUB_ID, engine="ctranslate2", use_cache=False
    )
    assert isinstance(pair, CTranslate2Engine) and isinstance(single, CTranslate2Engine)
    assert (pair.translator.num_translators, single.translator.num_translators) == (2, 1)
    lines = _lines()[:9]
    options = DecodeOptions(beam=2, n_best=2, max_length=16)
    assert pair.translate_batch(lines, options) == single.translate_batch(lines, options)


def test_fingerprints_differ_by_engine_and_compute_type(
    transformers_engine: MarianEngine, ct2_engine: MarianEngine, ct2_float32: MarianEngine
) -> None:
    prints = {transformers_engine.fingerprint, ct2_engine.fingerprint, ct2_float32.fingerprint}
    assert len(prints) == 3


def test_vocabulary_shortlist_is_used_when_the_model_has_one(
    tiny_marian: Path, tmp_path: Path
) -> None:
    """A ``vmap.txt`` restricts every output token to its candidates (CTranslate2 use_vmap)."""
    ct2 = tmp_path / "opus-mt-tiny-ar-en-ct2"
    shutil.copytree(tiny_marian.with_name(tiny_marian.name + "-ct2"), ct2)
    allowed = ["▁The", "▁Ministry", "▁of", "▁Foreign", "▁Affairs", "▁T", "he"]
    vocab = json.loads((ct2 / "vocab.json").read_text(encoding="utf-8"))
    allowed = [piece for piece in allowed if piece in vocab]
    (ct2 / "vmap.txt").write_text("\t" + " ".join(allowed) + "\n", encoding="utf-8")
    engine = CTranslate2Engine(ct2)
    assert engine.use_vmap
    options = DecodeOptions(beam=2, max_length=12)
    for hyps in engine._decode([engine._split(line)[0] for line in _lines()[:5]], options):
        assert set(hyps[0].pieces) <= {*allowed, "</s>", "<unk>"}
    plain = CTranslate2Engine(ct2, use_vmap=False)
    assert plain.fingerprint != engine.fingerprint


def test_cuda_gets_float16_and_cpu_int8(monkeypatch: pytest.MonkeyPatch) -> None:
    import ctranslate2

    from workbench.mt.ctranslate2_engine import default_device_and_compute_type

    assert default_device_and_compute_type(None) == ("cpu", "int8")
    assert default_device_and_compute_type("float32") == ("cpu", "float32")
    monkeypatch.setattr(ctranslate2, "get_cuda_device_count", lambda: 1)
    monkeypatch.setattr(
        ctranslate2, "get_supported_compute_types", lambda device: {"float16", "int8", "float32"}
    )
    assert default_device_and_compute_type(None) == ("cuda", "float16")


def test_decode_options_chosen_from_flags() -> None:
    from workbench.errors import WorkbenchError

    assert DecodeOptions.chosen() == DecodeOptions(beam=4, n_best=1, max_length=256)
    assert DecodeOptions.chosen(n_best=6) == DecodeOptions(beam=6, n_best=6, max_length=256)
    assert DecodeOptions.chosen(beam=1, max_length=9) == DecodeOptions(1, 1, 9)
    with pytest.raises(WorkbenchError, match="3 suggestions need a beam of 3 or more, not 2"):
        DecodeOptions.chosen(beam=2, n_best=3)


def test_confidence_is_the_per_token_probability_in_percent() -> None:
    from workbench.mt.engine import confidence_band, confidence_from_score

    assert [confidence_from_score(s) for s in (0.0, -0.1, -0.5, -1.0, -9.0)] == [100, 90, 61, 37, 0]
    assert confidence_from_score(0.3) == 100  # never above 100, whatever a backend returns
    assert [confidence_band(c) for c in (100, 70, 69, 40, 39, 0)] == [
        "high", "high", "medium", "medium", "low", "low"
    ]
    assert Suggestion("x", -0.5, "e", "m").confidence == 61


def test_both_backends_give_the_same_confidence_with_beam_search(
    transformers_engine: MarianEngine, ct2_float32: MarianEngine
) -> None:
    """The score behind the confidence means the same in both backends: mean log-probability
    per output token, </s> included, with beam search (sequences_scores / return_scores) as
    with greedy decoding (tested token for token above)."""
    import math

    options = DecodeOptions(beam=4, n_best=2, max_length=48)
    reference = transformers_engine.translate_batch(_lines()[:4], options)
    fast = ct2_float32.translate_batch(_lines()[:4], options)
    assert reference and len(reference) == len(fast)
    for ref, got in zip(reference, fast, strict=True):
        assert [s.text for s in got] == [s.text for s in ref]
        for mine, theirs in zip(got, ref, strict=True):
            assert mine.score == pytest.approx(theirs.score, abs=1e-3)
            assert abs(mine.confidence - theirs.confidence) <= 1
            assert 0 <= mine.confidence <= 100
            assert mine.confidence == round(100 * math.exp(mine.score))
