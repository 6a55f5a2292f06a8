"""Translation memory: fuzzy scores, penalties, exact matches, incremental sync, recall."""

from __future__ import annotations

import os
import random
import sqlite3
from pathlib import Path

import polib
import pytest
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from tests.conftest import SAMPLE
from workbench.errors import WorkbenchError
from workbench.tm import TMUnit, TranslationMemory
from workbench.tm.normalize import normalize_for_matching
from workbench.tm.scoring import FUZZY_PENALTY, OTHER_DOCUMENT_PENALTY
from workbench.tm.store import trigram_index_available

DOC = "en/LC_MESSAGES/news.po"
MINISTER = "قال وزير الأمن العام إن الاتفاقية وقعت"
MINISTER_EN = "The Minister of Public Security said the Convention was signed"


@pytest.fixture()
def memory(tmp_path: Path):
    with TranslationMemory(tmp_path / "deep" / "tm.sqlite3") as tm:
        yield tm


def test_sqlite_here_has_the_trigram_index() -> None:
    assert trigram_index_available()


def test_memory_file_and_folder_are_created(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "tm.sqlite3"
    TranslationMemory(path).close()
    assert path.is_file()


def test_identical_source_scores_100_and_is_exact(memory: TranslationMemory) -> None:
    memory.add(MINISTER, MINISTER_EN, DOC)
    [match] = memory.search(MINISTER)
    assert (match.source, match.target, match.score, match.origin) == (
        MINISTER,
        MINISTER_EN,
        100,
        DOC,
    )
    exact = memory.exact(MINISTER)
    assert exact is not None and exact.target == MINISTER_EN and exact.score == 100
    assert memory.exact(MINISTER + " اليوم") is None


def test_diacritics_and_digit_script_score_99_not_100(memory: TranslationMemory) -> None:
    memory.add("وقعت 72 دولة", "72 countries signed", DOC)
    [match] = memory.search("وَقَّعَت ٧٢ دولة")
    assert match.score == 99
    assert memory.exact("وَقَّعَت ٧٢ دولة") is None


def test_inline_markup_placeholders_are_ignored_by_matching(memory: TranslationMemory) -> None:
    """A document unit and the same sentence with other (or no) markup: 99, never 100, so the
    stored translation with its own markup is never used as is."""
    marked = "وقعت <b0>72 دولة</b0> على<b1/> الاتفاقية"
    memory.add(marked, "<b0>72 countries</b0> signed<b1/> the convention", DOC)
    memory.add("وقعت 72 دولة", "72 countries signed", DOC)
    plain = "وقعت 72 دولة على الاتفاقية"
    assert normalize_for_matching(marked) == normalize_for_matching(plain)
    [match] = memory.search("وقعت 72 دولة على الاتفاقية")
    assert (match.source, match.score) == (marked, 99)
    assert memory.exact("وقعت 72 دولة على الاتفاقية") is None
    [same] = memory.search("<i0>وقعت</i0> 72 دولة على الاتفاقية")
    assert (same.source, same.score) == (marked, 99)
    exact = memory.exact(marked)
    assert exact is not None and exact.score == 100
    shorter = memory.search("وقعت <b0>72 دولة</b0>", min_score=90)
    assert [(m.source, m.score) for m in shorter] == [("وقعت 72 دولة", 99)]


def test_fuzzy_score_is_edit_similarity_of_normalized_sources(memory: TranslationMemory) -> None:
    memory.add(MINISTER, MINISTER_EN, DOC)
    query = "قال وزير الأمن العام إن الاتفاقية ستوقع"
    [match] = memory.search(query, min_score=50)
    expected = int(
        100
        * Levenshtein.normalized_similarity(
            normalize_for_matching(query), normalize_for_matching(MINISTER)
        )
    )
    assert match.score == expected
    assert 75 <= match.score < 100


def test_min_score_and_limit(memory: TranslationMemory) -> None:
    memory.add(MINISTER, MINISTER_EN, DOC)
    memory.add(
        "قال وزير الخارجية إن الاتفاقية وقعت", "The Foreign Minister said it was signed", DOC
    )
    memory.add("الطقس جميل اليوم", "The weather is nice today", DOC)
    assert [m.target for m in memory.search(MINISTER, min_score=60)] == [
        MINISTER_EN,
        "The Foreign Minister said it was signed",
    ]
    assert len(memory.search(MINISTER, min_score=60, limit=1)) == 1
    assert memory.search("الطقس", min_score=75) == []


def test_fuzzy_units_pay_the_fuzzy_penalty_and_are_never_exact(memory: TranslationMemory) -> None:
    memory.add(MINISTER, MINISTER_EN, DOC, fuzzy=True)
    [match] = memory.search(MINISTER, min_score=50)
    assert match.score == 100 - FUZZY_PENALTY and match.fuzzy
    assert memory.search(MINISTER, min_score=81) == []
    assert memory.exact(MINISTER) is None


def test_other_documents_pay_a_small_penalty_and_lose_ties(memory: TranslationMemory) -> None:
    memory.add(MINISTER, "from the other document", "en/LC_MESSAGES/other.po")
    memory.add(MINISTER, "from this document", DOC)
    results = memory.search(MINISTER, document=DOC)
    assert [(m.target, m.score) for m in results] == [
        ("from this document", 100),
        ("from the other document", 100 - OTHER_DOCUMENT_PENALTY),
    ]
    assert memory.exact(MINISTER, document=DOC).target == "from this document"
    assert memory.exact(MINISTER, document="en/LC_MESSAGES/other.po").target == (
        "from the other document"
    )


def test_add_replaces_the_documents_earlier_translation(memory: TranslationMemory) -> None:
    memory.add(MINISTER, "first", DOC)
    memory.add(MINISTER, "second", Path("/somewhere/locales") / DOC)
    assert [(m.target, m.origin) for m in memory.search(MINISTER)] == [("second", DOC)]
    assert len(memory) == 1


def test_target_language_filter(memory: TranslationMemory) -> None:
    memory.add(MINISTER, MINISTER_EN, DOC)
    memory.add(MINISTER, "Le ministre de la Sécurité publique", "fr/LC_MESSAGES/news.po")
    assert [m.target for m in memory.search(MINISTER, target_language="fr")] == [
        "Le ministre de la Sécurité publique"
    ]
    assert memory.exact(MINISTER, target_language="en").target == MINISTER_EN


def test_short_queries_are_matched_without_trigrams(memory: TranslationMemory) -> None:
    memory.add("نعم", "Yes", DOC)
    memory.add("لا", "No", DOC)
    assert [m.target for m in memory.search("لا")] == ["No"]


def _catalog(path: Path, entries: list[tuple[str, str, bool]]) -> Path:
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    for source, target, fuzzy in entries:
        po.append(polib.POEntry(msgid=source, msgstr=target, flags=["fuzzy"] if fuzzy else []))
    path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(path))
    return path


def test_sync_takes_approved_entries_only_and_is_incremental(
    memory: TranslationMemory, tmp_path: Path
) -> None:
    locales = tmp_path / "locales"
    news = _catalog(
        locales / "en/LC_MESSAGES/news.po",
        [(MINISTER, MINISTER_EN, False), ("مسودة", "Draft", True), ("فارغ", "", False)],
    )
    _catalog(locales / "fr/LC_MESSAGES/news.po", [(MINISTER, "Le ministre a dit", False)])
    assert memory.sync_from_locales(locales) == 2
    assert {(u.source, u.target, u.origin, u.target_language) for u in memory.units()} == {
        (MINISTER, MINISTER_EN, "en/LC_MESSAGES/news.po", "en"),
        (MINISTER, "Le ministre a dit", "fr/LC_MESSAGES/news.po", "fr"),
    }
    assert memory.sync_from_locales(locales) == 0  # nothing changed: nothing re-read

    _catalog(news, [(MINISTER, "The minister said so", False), ("مسودة", "Draft", False)])
    os.utime(news, ns=(1, 1))  # a different stamp even within one clock tick
    assert memory.sync_from_locales(locales) == 1
    assert memory.exact(MINISTER, target_language="en").target == "The minister said so"
    assert memory.exact("مسودة").target == "Draft"

    news.unlink()
    assert memory.sync_from_locales(locales) == 1
    assert memory.exact(MINISTER, target_language="en") is None
    assert len(memory) == 1


def test_sync_skips_and_reports_a_malformed_catalog(
    memory: TranslationMemory, tmp_path: Path
) -> None:
    locales = tmp_path / "locales"
    bad = locales / "en/LC_MESSAGES/bad.po"
    bad.parent.mkdir(parents=True)
    bad.write_text('msgid "a"\nmsgstr "b"\nmsgid "a"\nmsgstr "c"\n"oops\n', encoding="utf-8")
    _catalog(locales / "en/LC_MESSAGES/good.po", [(MINISTER, MINISTER_EN, False)])
    memory.sync_from_locales(locales)
    assert [e.path for e in memory.last_sync.errors] == [bad]
    assert memory.exact(MINISTER).target == MINISTER_EN


def test_sync_sees_the_sample_catalog_once_translated(
    memory: TranslationMemory, tmp_path: Path
) -> None:
    sentences = [s for s in SAMPLE.read_text(encoding="utf-8").splitlines() if len(s) > 30]
    entries = [(s, f"translation {i}", False) for i, s in enumerate(sentences)]
    _catalog(tmp_path / "locales/en/LC_MESSAGES/sample.po", entries)
    memory.sync_from_locales(tmp_path / "locales")
    assert len(memory) == len(set(sentences))
    for source, target, _ in entries[:5]:
        assert memory.exact(source).target == target


def test_a_file_that_is_not_a_memory_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "tm.sqlite3"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(WorkbenchError) as caught:
        TranslationMemory(path)
    assert caught.value.path == path and "tm build" in str(caught.value)


def test_memory_is_shared_between_connections(tmp_path: Path) -> None:
    path = tmp_path / "tm.sqlite3"
    with TranslationMemory(path) as writer, TranslationMemory(path) as reader:
        writer.add(MINISTER, MINISTER_EN, DOC)
        assert reader.exact(MINISTER).target == MINISTER_EN
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def _synthetic_segments(count: int, seed: int = 7) -> list[str]:
    words = sorted(set(SAMPLE.read_text(encoding="utf-8").split()))
    rng = random.Random(seed)
    return [" ".join(rng.choices(words, k=rng.randint(6, 16))) for _ in range(count)]


def test_index_finds_what_brute_force_finds(tmp_path: Path) -> None:
    """Recall of the trigram candidate search against scoring every segment (the peer)."""
    segments = _synthetic_segments(3000)
    rng = random.Random(11)
    with TranslationMemory(tmp_path / "tm.sqlite3") as memory:
        memory.add_many(TMUnit(s, f"t{i}", "bulk", "en") for i, s in enumerate(segments))
        norms = [normalize_for_matching(s) for s in segments]
        missed = found = 0
        for _ in range(60):
            words = rng.choice(segments).split()
            for _ in range(2):  # two words replaced
                words[rng.randrange(len(words))] = rng.choice(segments).split()[0]
            query = " ".join(words)
            brute = process.extract(
                normalize_for_matching(query),
                norms,
                scorer=Levenshtein.normalized_similarity,
                score_cutoff=0.75,
                limit=None,
            )
            expected = {segments[index] for _, _, index in brute}
            got = {m.source for m in memory.search(query, min_score=75, limit=len(expected) + 5)}
            found += len(expected & got)
            missed += len(expected - got)
        assert found > 30
        assert missed <= 0.05 * (found + missed)


def test_a_memory_of_another_schema_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "tm.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA user_version = 99")
    with pytest.raises(WorkbenchError, match="another workbench version"):
        TranslationMemory(path)


def test_empty_query_has_no_match(memory: TranslationMemory) -> None:
    memory.add(MINISTER, MINISTER_EN, DOC)
    assert memory.search("   ") == []


def test_without_the_trigram_tokenizer_search_scans_the_length_window(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite older than 3.34 has no trigram tokenizer: slower, same answers."""
    monkeypatch.setattr("workbench.tm.store.trigram_index_available", lambda: False)
    with TranslationMemory(tmp_path / "old.sqlite3") as memory:
        assert not memory.indexed
        memory.add(MINISTER, MINISTER_EN, DOC)
        memory.add("الطقس جميل اليوم", "The weather is nice today", DOC)
        query = "قال وزير الأمن العام إن الاتفاقية ستوقع"
        assert [m.target for m in memory.search(query)] == [MINISTER_EN]
        assert memory.exact(MINISTER).target == MINISTER_EN


def test_a_memory_from_a_sqlite_without_trigrams_is_indexed_when_reopened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "tm.sqlite3"
    with monkeypatch.context() as patch:
        patch.setattr("workbench.tm.store.trigram_index_available", lambda: False)
        with TranslationMemory(path) as memory:
            memory.add(MINISTER, MINISTER_EN, DOC)
    with TranslationMemory(path) as memory:
        assert memory.indexed
        query = "قال وزير الأمن العام إن الاتفاقية ستوقع"
        assert [m.target for m in memory.search(query)] == [MINISTER_EN]  # found via the index


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("وَقَّعَتْ", "وقعت"),  # harakat
        ("الاتفاقيــــة", "الاتفاقيه"),  # tatweel, teh marbuta
        ("أكد إن آخر ٱلدول", "اكد ان اخر الدول"),  # alef forms
        ("على", "علي"),  # alef maksura
        ("٧٢ و۲۵", "72 و25"),  # both Arabic digit sets
        ("ﻻ", "لا"),  # presentation-form ligature (NFKC)
        ("  Hanoi\u200f  CONVENTION\n", "hanoi convention"),  # marks, case, spacing
    ],
)
def test_normalization_for_matching(text: str, expected: str) -> None:
    assert normalize_for_matching(text) == expected
