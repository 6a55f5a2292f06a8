"""Terms kept in MT output: masking, unmasking, verification and the fallback to plain MT.

The model tests fine-tune the tiny opus-mt-like Marian model for a few seconds so it copies the
placeholders through, as a real opus-mt model copies numbers; the fallback is forced with an
engine wrapper that drops placeholders."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from tests.conftest import GLOSSARY
from workbench.glossary import Glossary, Term
from workbench.glossary.enforce import (
    mask_terms,
    placeholders_for,
    translate_with_terms,
    unmask,
)
from workbench.mt.engine import DecodeOptions, Engine, Suggestion


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return Glossary.load(GLOSSARY)


def test_mask_keeps_proclitics_and_numbers_apart(glossary: Glossary) -> None:
    masked = mask_terms(glossary, "وقع 9071 مندوبا وللجنرال لونغ تام كوانغ رأي")
    assert masked.text == "وقع 9071 مندوبا ول 9072 9073 رأي"
    assert [(p, m.term.target) for p, m in masked.slots] == [
        ("9072", "General"),
        ("9073", "Luong Tam Quang"),
    ]
    assert list(zip(placeholders_for("9071 9073"), range(3), strict=False)) == [
        ("9072", 0), ("9074", 1), ("9075", 2)
    ]


def test_unmask_substitutes_and_refuses_lost_or_repeated(glossary: Glossary) -> None:
    masked = mask_terms(glossary, "قال الجنرال لونغ تام كوانغ")
    assert unmask(masked, "said 9071 9072.") == "said General Luong Tam Quang."
    assert unmask(masked, "said 9071.") is None
    assert unmask(masked, "9071 9071 9072") is None
    assert unmask(masked, "said 90712 9072") is None  # not a whole token
    assert unmask(masked, "said 9071 9072 9073") is None  # a stray placeholder
    lower = mask_terms(glossary, "الجرائم الإلكترونية خطيرة")
    assert unmask(lower, "9071 is serious") == "Cybercrime is serious"


@dataclass
class ScriptedEngine:
    """Returns canned hypotheses per source; records what it was asked."""

    replies: dict[str, list[str]]
    name: str = "scripted"
    model_name: str = "scripted-model"
    fingerprint: str = "0"

    def __post_init__(self) -> None:
        self.calls: list[list[str]] = []

    def translate_batch(
        self, sources: Sequence[str], options: DecodeOptions
    ) -> list[list[Suggestion]]:
        self.calls.append(list(sources))
        return [
            [Suggestion(t, -0.1 * i, self.name, self.model_name)
             for i, t in enumerate(self.replies[s])]
            for s in sources
        ]

    def count_tokens(self, text: str) -> int:
        return len(text.split())


def test_next_hypothesis_is_used_when_the_best_lost_a_placeholder(glossary: Glossary) -> None:
    engine = ScriptedEngine(
        {
            "وصل وزير الأمن العام": ["The minister arrived"],
            "وصل 9071": ["arrived", "The 9071 arrived"],
            "لا مصطلحات": ["No terms"],
        }
    )
    assert isinstance(engine, Engine)
    results = translate_with_terms(
        engine, glossary, ["وصل وزير الأمن العام", "لا مصطلحات"], DecodeOptions(n_best=2)
    )
    # one call: the plain and the masked sources are decoded side by side
    assert engine.calls == [["وصل وزير الأمن العام", "لا مصطلحات", "وصل 9071"]]
    first, second = results
    assert [s.text for s in first.plain] == ["The minister arrived"]
    assert first.enforced == Suggestion(
        "The Minister of Public Security arrived", -0.1, "scripted+glossary", "scripted-model"
    )
    assert first.warnings == []
    assert second.enforced is None and second.warnings == []


def test_batch_mode_decodes_plain_mt_only_where_enforcement_failed(glossary: Glossary) -> None:
    """Batch runs keep one suggestion per segment: a segment whose terms were kept is decoded
    once (masked), the others get plain MT in a second call."""
    engine = ScriptedEngine(
        {
            "وصل 9071": ["The 9071 arrived"],
            "في 9071": ["in the city"],
            "في هانوي": ["in Hanoi"],
            "لا مصطلحات": ["No terms"],
        }
    )
    kept, lost, plain = translate_with_terms(
        engine,
        glossary,
        ["وصل وزير الأمن العام", "في هانوي", "لا مصطلحات"],
        DecodeOptions(),
        plain_only_as_fallback=True,
    )
    assert engine.calls == [["وصل 9071", "في 9071"], ["في هانوي", "لا مصطلحات"]]
    assert kept.enforced is not None and kept.plain == []
    assert kept.enforced.text == "The Minister of Public Security arrived"
    assert lost.enforced is None and [s.text for s in lost.plain] == ["in Hanoi"]
    assert lost.warnings and plain.warnings == []
    assert [s.text for s in plain.plain] == ["No terms"]


def test_all_hypotheses_lost_falls_back_with_a_warning(glossary: Glossary) -> None:
    engine = ScriptedEngine({"في هانوي": ["in Hanoi"], "في 9071": ["in the city"]})
    [result] = translate_with_terms(engine, glossary, ["في هانوي"], DecodeOptions())
    assert result.enforced is None
    assert result.plain[0].text == "in Hanoi"
    assert result.warnings == [
        "glossary: the MT output lost the placeholder for 'هانوي'; plain MT kept"
    ]


# --- with a real (tiny) Marian model -------------------------------------------------------


class DropPlaceholders:
    """Wraps an engine and deletes placeholder numbers from its output, like a model that
    translates or drops them."""

    def __init__(self, inner: Engine) -> None:
        self.inner = inner
        self.name = inner.name
        self.model_name = inner.model_name
        self.fingerprint = inner.fingerprint

    def translate_batch(
        self, sources: Sequence[str], options: DecodeOptions
    ) -> list[list[Suggestion]]:
        return [
            [replace(s, text=re.sub(r"\s*\b90\d\d\b", "", s.text)) for s in row]
            for row in self.inner.translate_batch(sources, options)
        ]

    def count_tokens(self, text: str) -> int:
        return self.inner.count_tokens(text)


@pytest.fixture(scope="module")
def copying_model(tiny_marian: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny model fine-tuned to copy 9071 and 9072, with its CTranslate2 conversion."""
    from tests.support.copy_marian import train_copy_marian
    from tests.support.tiny_marian import convert_ct2

    out = tmp_path_factory.mktemp("copy") / "opus-mt-tiny-copy"
    train_copy_marian(
        tiny_marian, out, ["9071", "9072"], steps=100, pairs=48, max_words=5, learning_rate=1e-2
    )
    convert_ct2(out, out.parent / f"{out.name}-ct2")
    return out


@pytest.fixture(scope="module", params=["transformers", "ctranslate2"])
def copying_engine(request: pytest.FixtureRequest, copying_model: Path) -> Engine:
    if request.param == "transformers":
        from workbench.mt.transformers_engine import TransformersEngine

        return TransformersEngine(copying_model)
    from workbench.mt.ctranslate2_engine import CTranslate2Engine

    return CTranslate2Engine(copying_model.parent / f"{copying_model.name}-ct2")


SOURCES = ["قال الجنرال لونغ تام كوانغ إن", "أطلع لوزير الأمن العام على", "وتؤمن فيتنام بأن"]


@pytest.mark.slow
def test_marian_copies_placeholders_and_terms_are_enforced(
    copying_engine: Engine, glossary: Glossary
) -> None:
    results = translate_with_terms(copying_engine, glossary, SOURCES, DecodeOptions(beam=4))
    # The tiny model answers "The <placeholders>" ("he" in CTranslate2's decoding).
    enforced = [r.enforced.text if r.enforced else None for r in results]
    assert [re.sub(r"^T?he ", "", text or "") for text in enforced] == [
        "General Luong Tam Quang",
        "Minister of Public Security",
        "Viet Nam",
    ]
    for source, result in zip(SOURCES, results, strict=True):
        assert result.warnings == []
        assert result.enforced is not None
        assert result.enforced.engine == copying_engine.name + "+glossary"
        # the plain suggestion is the model's own output for the unmasked source
        assert result.plain == copying_engine.translate_batch([source], DecodeOptions())[0]


@pytest.mark.slow
def test_marian_lost_placeholder_falls_back_to_plain_mt(
    copying_engine: Engine, glossary: Glossary
) -> None:
    engine = DropPlaceholders(copying_engine)
    results = translate_with_terms(engine, glossary, SOURCES[:2], DecodeOptions(n_best=2))
    assert [r.enforced for r in results] == [None, None]
    assert results[0].warnings == [
        "glossary: the MT output lost the placeholder for 'الجنرال', 'لونغ تام كوانغ';"
        " plain MT kept"
    ]
    assert [len(r.plain) for r in results] == [2, 2]


def test_unmask_in_one_pass_and_a_warning_when_nothing_verifies() -> None:
    glossary = Glossary([Term("القرار", "Resolution 9072"), Term("هانوي", "Hanoi")])
    masked = mask_terms(glossary, "القرار في هانوي")
    assert masked.text == "9071 في 9072"
    assert unmask(masked, "9071 in 9072") == "Resolution 9072 in Hanoi"
    engine = ScriptedEngine({"القرار في هانوي": ["x"], "9071 في 9072": ["9071 9072 9073"]})
    [result] = translate_with_terms(engine, glossary, ["القرار في هانوي"], DecodeOptions())
    assert result.enforced is None
    assert result.warnings == [
        "glossary: no MT output with the terms' placeholders could be verified; plain MT kept"
    ]


@pytest.mark.slow
def test_batch_run_with_marian_fills_the_term_enforced_translation(
    copying_engine: Engine, glossary: Glossary, project: Path
) -> None:
    """run_pretranslate with the copying Marian model: the catalog gets the term-enforced
    suggestions, their MT notes say so, msgfmt accepts the result."""
    import subprocess

    import polib

    from workbench.catalog.marks import TERMS_ENFORCED, glossary_terms_status
    from workbench.catalog.pofile import read_po, write_po
    from workbench.config import load_config
    from workbench.pretranslate import PretranslateOptions, run_pretranslate

    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "en"}
    for source in SOURCES:
        po.append(polib.POEntry(msgid=source, msgstr=""))
    catalog = project / "locales/en/LC_MESSAGES/terms.po"
    catalog.parent.mkdir(parents=True)
    write_po(po, catalog)
    options = PretranslateOptions(decode=DecodeOptions(beam=4), glossary=glossary)
    summary = run_pretranslate(load_config(), [catalog], copying_engine, options, progress=False)

    assert (summary.translated, summary.terms_enforced) == (3, 3)
    filled = {e.msgid: e for e in read_po(catalog) if e.msgid}
    assert [re.sub(r"^T?he ", "", filled[s].msgstr) for s in SOURCES] == [
        "General Luong Tam Quang",
        "Minister of Public Security",
        "Viet Nam",
    ]
    assert all(glossary_terms_status(e) == TERMS_ENFORCED for e in filled.values())
    judge = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(catalog)], capture_output=True)
    assert judge.returncode == 0, judge.stderr


MARKED = ["قال <b0>الجنرال</b0> إن", "<b0>وتؤمن</b0> فيتنام بأن"]


@pytest.mark.slow
def test_marian_keeps_document_placeholders_or_the_entry_is_left_alone(
    copying_engine: Engine,
) -> None:
    """A document unit's markup goes through the real model as numbers; a result is written
    only with every placeholder back in place, and a model that drops them leaves it empty."""
    from workbench.documents.markup import markup_problems
    from workbench.pretranslate.distributed import translate_segments

    results = translate_segments(copying_engine, MARKED, DecodeOptions(beam=4))
    assert [r.source for r in results] == MARKED
    kept = [r for r in results if not r.markup_lost]
    assert len(kept) == 2, results  # the model copies 9071 and 9072 through
    for result in kept:
        assert result.text and markup_problems(result.source, result.text) == []
    dropped = translate_segments(DropPlaceholders(copying_engine), MARKED, DecodeOptions())
    assert [(r.text, r.markup_lost) for r in dropped] == [("", True), ("", True)]
