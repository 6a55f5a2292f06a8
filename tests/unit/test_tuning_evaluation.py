"""``mt eval``'s scoring: known outputs give known scores."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from workbench.errors import WorkbenchError
from workbench.glossary.model import Term
from workbench.glossary.termbase import Glossary
from workbench.mt.engine import DecodeOptions, Suggestion
from workbench.tuning.evaluation import MIN_SEGMENTS, check_enough, evaluate, placeholders
from workbench.tuning.pairs import ApprovedPair, approved_pairs, split_by_document

TERM = Term("وزير الأمن العام", "Minister of Public Security")


class LookupEngine:
    """An engine answering from a table (the approved text, or anything a test wants)."""

    name = "lookup"
    model_name = "table"
    fingerprint = "table"

    def __init__(self, answers: dict[str, str]) -> None:
        self.answers = answers

    def translate_batch(
        self, sources: Sequence[str], options: DecodeOptions
    ) -> list[list[Suggestion]]:
        return [[Suggestion(self.answers[s], -0.1, self.name, self.model_name)] for s in sources]

    def count_tokens(self, text: str) -> int:
        return len(text.split())


def _pairs() -> list[ApprovedPair]:
    pairs = [
        ApprovedPair(f"قال وزير الأمن العام {n} كلمة", f"The Minister of Public Security said {n}",
                     "en/LC_MESSAGES/a.po")
        for n in range(10)
    ]
    pairs += [
        ApprovedPair(f"افتح %s في الصفحة {n}", f"Open %s on page {n}", "en/LC_MESSAGES/b.po",
                     ("c-format",))
        for n in range(10)
    ]
    pairs.append(ApprovedPair("زوروا https://example.org/x", "Visit https://example.org/x",
                              "en/LC_MESSAGES/b.po"))
    return pairs


def test_an_engine_returning_the_approved_text_scores_100() -> None:
    pairs = _pairs()
    engine = LookupEngine({p.source: p.target for p in pairs})
    row = evaluate(engine, pairs, Glossary([TERM]))
    assert (row.model, row.engine, row.segments) == ("table", "lookup", len(pairs))
    assert row.chrf == pytest.approx(100)
    assert row.bleu == pytest.approx(100)
    assert row.term_accuracy == pytest.approx(100)
    assert row.placeholders_kept == pytest.approx(100)
    assert row.tokens_per_s > 0


def test_lost_terms_and_placeholders_lower_their_shares() -> None:
    pairs = _pairs()
    answers = {p.source: p.target for p in pairs}
    for pair in pairs[:5]:  # five of the ten term sentences lose the title
        answers[pair.source] = "The minister said something"
    for pair in pairs[10:20]:  # every %s dropped: 10 of 11 placeholders lost
        answers[pair.source] = pair.target.replace("%s", "it")
    row = evaluate(LookupEngine(answers), pairs, Glossary([TERM]))
    assert row.term_accuracy == pytest.approx(50)
    assert row.placeholders_kept == pytest.approx(100 / 11)
    assert row.chrf < 100 and row.bleu < 100
    assert evaluate(LookupEngine(answers), pairs).term_accuracy is None  # no glossary


def test_placeholders_are_directives_urls_and_emails() -> None:
    found = placeholders("أرسل %d رسالة إلى a@b.org عبر https://x.org و100%%", ("c-format",))
    assert found == {"%d": 1, "a@b.org": 1, "https://x.org": 1}
    assert placeholders("أرسل %d رسالة", ()) == {}  # no format flag: % is plain text


def test_too_few_approved_entries_are_refused_with_the_count() -> None:
    with pytest.raises(WorkbenchError) as raised:
        check_enough(_pairs()[:3])
    assert f"only 3 approved entries found; a meaningful score needs at least {MIN_SEGMENTS}" in (
        str(raised.value)
    )


def test_approved_pairs_skip_fuzzy_untranslated_and_other_languages(tmp_path: Path) -> None:
    import polib

    from tests.support.catalogs import minimal_catalog

    locales = tmp_path / "locales"
    entries = [
        polib.POEntry(msgid="أ", msgstr="A"),
        polib.POEntry(msgid="ب", msgstr="B", flags=["fuzzy"]),
        polib.POEntry(msgid="ج", msgstr=""),
        polib.POEntry(msgid="د %s", msgstr="D %s", flags=["c-format"]),
    ]
    for language in ("en", "fr"):
        path = locales / language / "LC_MESSAGES" / "news.po"
        path.parent.mkdir(parents=True)
        minimal_catalog(entries, language=language).save(str(path))
    pairs = approved_pairs([], locales, "en")
    assert pairs == [
        ApprovedPair("أ", "A", "en/LC_MESSAGES/news.po"),
        ApprovedPair("د %s", "D %s", "en/LC_MESSAGES/news.po", ("c-format",)),
    ]


def test_the_held_out_split_keeps_documents_whole() -> None:
    pairs = [ApprovedPair(f"s{n}", f"t{n}", f"doc{n % 5}") for n in range(100)]
    training, held = split_by_document(pairs, 20)
    assert held and training
    assert not {p.document for p in held} & {p.document for p in training}
    assert len(training) + len(held) == 100


def test_one_document_is_split_evenly() -> None:
    pairs = [ApprovedPair(f"s{n}", f"t{n}", "doc") for n in range(100)]
    training, held = split_by_document(pairs, 10)
    assert len(held) == 10 and len(training) == 90
    assert [p.source for p in held][:2] == ["s9", "s19"]


def test_a_document_too_big_for_the_held_out_share_is_passed_over() -> None:
    pairs = [ApprovedPair(f"s{n}", f"t{n}", "big") for n in range(80)]
    pairs += [ApprovedPair(f"u{n}", f"v{n}", f"small{n % 2}") for n in range(20)]
    for seed in range(5):
        training, held = split_by_document(pairs, 10, seed)
        assert len(held) == 10
        assert len({p.document for p in held}) == 1
        assert held[0].document.startswith("small")


def test_only_big_documents_are_split_evenly_within() -> None:
    pairs = [ApprovedPair(f"s{n}", f"t{n}", f"doc{n // 50}") for n in range(100)]
    training, held = split_by_document(pairs, 10)
    assert len(held) == 10 and {p.document for p in held} == {"doc0", "doc1"}
