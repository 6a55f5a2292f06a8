"""run_pretranslate with a fake engine: what gets filled, what never changes, merges, TM, dry-run.

The fake engine implements the Engine protocol; the real tiny Marian model is used by the
functional tests (tests/functional/test_cli_pretranslate.py).
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Sequence
from pathlib import Path

import polib
import pytest

from tests.support.catalogs import ENGLISH_PLURAL_FORMS, minimal_catalog
from workbench.catalog.marks import mt_note, tm_note
from workbench.catalog.pofile import read_po, write_po
from workbench.catalog.store import EntryUpdate, apply_updates
from workbench.config import load_config
from workbench.mt.engine import DecodeOptions, Engine, Suggestion
from workbench.pretranslate import (
    PretranslateOptions,
    is_machine_translation,
    is_pretranslated,
    run_pretranslate,
)
from workbench.pretranslate import runner as runner_module


class FakeEngine:
    """Deterministic 'translation' ``EN<source>``; records every batch it is given."""

    name = "fake"
    fingerprint = "fake-v1"

    def __init__(self, model_name: str = "fake-ar-en", hook=None) -> None:
        self.model_name = model_name
        self.batches: list[list[str]] = []
        self.hook = hook

    def translate_batch(
        self, sources: Sequence[str], options: DecodeOptions
    ) -> list[list[Suggestion]]:
        self.batches.append(list(sources))
        if self.hook:
            self.hook(self, list(sources))
        return [
            [
                Suggestion(
                    f"EN<{s.strip()}>" if "فارغ" not in s else "", -0.5, self.name, self.model_name
                )
            ]
            for s in sources
        ]

    def count_tokens(self, text: str) -> int:
        return len(text.split())

    @property
    def translated(self) -> list[str]:
        return [s for batch in self.batches for s in batch]


def write_catalog(path: Path, entries: list[dict], language: str = "en") -> Path:
    """A catalog from dicts of POEntry fields plus ``fuzzy``."""
    po = minimal_catalog(project="test", language=language, plural_forms=ENGLISH_PLURAL_FORMS)
    for fields in entries:
        fields = dict(fields)
        fuzzy = fields.pop("fuzzy", False)
        e = polib.POEntry(**fields)
        if fuzzy:
            e.flags.append("fuzzy")
        po.append(e)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_po(po, path)
    return path


def blocks(path: Path) -> dict[str, str]:
    """Each entry's text block in the file, keyed by its msgid line."""
    found = {}
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        for line in block.splitlines():
            if line.startswith(("msgid ", "#~ msgid ")):
                found[line] = block
                break
    return found


def msgfmt_ok(path: Path) -> None:
    done = subprocess.run(
        ["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


def entries(path: Path) -> dict[str, polib.POEntry]:
    return {e.msgid: e for e in read_po(path) if not e.obsolete}


MIXED = [
    {"msgid": "الوزير", "msgstr": "The minister"},  # approved
    {"msgid": "السلام", "msgstr": ""},
    {"msgid": "الأمن العام", "msgstr": ""},
    {"msgid": "الأمن", "msgctxt": "title", "msgstr": ""},
    {
        "msgid": "التعاون",
        "msgstr": "Cooperation (draft)",
        "fuzzy": True,
        "tcomment": "from msgmerge",
    },  # human fuzzy
    {"msgid": "الاتفاقية", "msgstr": "", "tcomment": "translator note"},
    {"msgid": "قديم", "msgstr": "Old", "obsolete": True},
]


@pytest.fixture()
def catalog(project: Path) -> Path:
    return write_catalog(project / "locales/en/LC_MESSAGES/news.po", MIXED)


def options(**kw) -> PretranslateOptions:
    return PretranslateOptions(**kw)


def test_fills_exactly_the_untranslated_entries(project: Path, catalog: Path) -> None:
    before = blocks(catalog)
    engine = FakeEngine()
    summary = run_pretranslate(load_config(), [catalog], engine, options(), progress=False)

    after = entries(catalog)
    filled = {"السلام", "الأمن العام", "الأمن", "الاتفاقية"}
    for msgid in filled:
        e = after[msgid]
        assert e.msgstr == f"EN<{msgid}>"
        assert "fuzzy" in e.flags
        assert is_machine_translation(e)
        assert mt_note("fake-ar-en") in e.tcomment
    assert after["الاتفاقية"].tcomment.splitlines()[0] == "translator note"
    # approved, human-fuzzy and obsolete entries: byte-identical blocks
    now = blocks(catalog)
    for key in ('msgid "الوزير"', 'msgid "التعاون"', '#~ msgid "قديم"'):
        assert now[key] == before[key]
    assert not is_pretranslated(after["التعاون"])
    assert (summary.catalogs, summary.segments, summary.translated, summary.skipped) == (1, 4, 4, 0)
    assert summary.tokens_out == sum(len(f"EN<{m}>".split()) for m in filled)
    assert summary.seconds > 0 and summary.segments_per_s > 0
    msgfmt_ok(catalog)


def test_second_run_has_nothing_left(project: Path, catalog: Path) -> None:
    run_pretranslate(load_config(), [catalog], FakeEngine(), options(), progress=False)
    snapshot = catalog.read_bytes()
    engine = FakeEngine()
    summary = run_pretranslate(load_config(), [catalog], engine, options(), progress=False)
    assert summary.segments == 0 and engine.batches == []
    assert catalog.read_bytes() == snapshot


def test_identical_sources_translated_once_across_catalogs(project: Path) -> None:
    shared = [{"msgid": "وزير الخارجية", "msgstr": ""}, {"msgid": "هانوي", "msgstr": ""}]
    a = write_catalog(project / "locales/en/LC_MESSAGES/a.po", shared)
    b = write_catalog(project / "locales/en/LC_MESSAGES/b.po", shared[:1])
    engine = FakeEngine()
    summary = run_pretranslate(load_config(), [a, b], engine, options(), progress=False)
    assert sorted(engine.translated) == ["هانوي", "وزير الخارجية"]
    assert summary.translated == 3 and summary.unique_sources == 2
    assert entries(b)["وزير الخارجية"].msgstr == "EN<وزير الخارجية>"


def test_overwrite_fuzzy_replaces_only_machine_fills(project: Path, catalog: Path) -> None:
    run_pretranslate(load_config(), [catalog], FakeEngine("model-a"), options(), progress=False)
    human = blocks(catalog)['msgid "التعاون"']
    second = FakeEngine("model-b")
    summary = run_pretranslate(
        load_config(), [catalog], second, options(overwrite_fuzzy=True), progress=False
    )
    assert sorted(second.translated) == sorted(["السلام", "الأمن العام", "الأمن", "الاتفاقية"])
    assert summary.translated == 4
    after = entries(catalog)
    assert mt_note("model-b") in after["السلام"].tcomment
    assert mt_note("model-a") not in after["السلام"].tcomment
    assert after["الاتفاقية"].tcomment == f"translator note\n{mt_note('model-b')}"
    assert blocks(catalog)['msgid "التعاون"'] == human
    assert after["الوزير"].msgstr == "The minister"


def test_dry_run_writes_nothing_and_loads_nothing(project: Path, catalog: Path) -> None:
    before = catalog.read_bytes()
    summary = run_pretranslate(
        load_config(), [catalog], None, options(dry_run=True), progress=False
    )
    assert catalog.read_bytes() == before
    assert summary.dry_run and summary.segments == 4 and summary.translated == 0
    assert summary.details[0].model == "Helsinki-NLP/opus-mt-ar-en"


def test_checkpoints_save_while_the_run_goes_on(project: Path) -> None:
    path = write_catalog(
        project / "locales/en/LC_MESSAGES/long.po",
        [{"msgid": "كلمة " * (i + 1), "msgstr": ""} for i in range(7)],
    )
    seen_on_disk: list[int] = []

    def look(engine: FakeEngine, batch: list[str]) -> None:
        seen_on_disk.append(sum(1 for e in read_po(path) if e.msgstr))

    engine = FakeEngine(hook=look)
    summary = run_pretranslate(
        load_config(),
        [path],
        engine,
        options(max_batch_size=1, checkpoint_segments=2),
        progress=False,
    )
    # batch k is decoded once batches < k-1 are done; every 2 done segments are on disk
    for k, on_disk in enumerate(seen_on_disk):
        assert 2 * ((k - 1) // 2) <= on_disk <= k, seen_on_disk
    assert seen_on_disk[-1] >= 4
    assert summary.translated == 7 and len(read_po(path)) == 7


def test_translator_approval_during_run_wins(project: Path, catalog: Path) -> None:
    """Between planning and saving, a translator approves one entry and edits the comment of
    another: both are kept exactly, the rest is filled."""

    def translator(engine: FakeEngine, batch: list[str]) -> None:
        if len(engine.batches) == 1:
            apply_updates(
                catalog,
                [
                    EntryUpdate("السلام", "Peace", fuzzy=False),
                    EntryUpdate("الاتفاقية", "", translator_comment="ask the legal team"),
                ],
            )

    summary = run_pretranslate(
        load_config(), [catalog], FakeEngine(hook=translator), options(), progress=False
    )
    after = entries(catalog)
    assert after["السلام"].msgstr == "Peace" and "fuzzy" not in after["السلام"].flags
    assert after["الاتفاقية"].msgstr == "" and after["الاتفاقية"].tcomment == "ask the legal team"
    assert after["الأمن العام"].msgstr == "EN<الأمن العام>"
    assert (summary.translated, summary.skipped) == (2, 2)
    msgfmt_ok(catalog)


def test_one_engine_per_language(project: Path) -> None:
    en = write_catalog(project / "locales/en/LC_MESSAGES/x.po", [{"msgid": "سلام", "msgstr": ""}])
    fr = write_catalog(
        project / "locales/fr/LC_MESSAGES/x.po", [{"msgid": "سلام", "msgstr": ""}], language="fr"
    )
    en2 = write_catalog(project / "locales/en/LC_MESSAGES/y.po", [{"msgid": "أمن", "msgstr": ""}])
    loads: list[str] = []

    def load(language: str) -> Engine:
        loads.append(language)
        return FakeEngine(f"fake-ar-{language}")

    summary = run_pretranslate(load_config(), [en, fr, en2], load, options(), progress=False)
    assert loads == ["en", "fr"]
    assert mt_note("fake-ar-fr") in entries(fr)["سلام"].tcomment
    assert mt_note("fake-ar-en") in entries(en2)["أمن"].tcomment
    assert summary.translated == 3



def test_model_loading_time_is_reported_apart(project: Path) -> None:
    en = write_catalog(project / "locales/en/LC_MESSAGES/x.po", [{"msgid": "سلام", "msgstr": ""}])
    fr = write_catalog(
        project / "locales/fr/LC_MESSAGES/x.po", [{"msgid": "سلام", "msgstr": ""}], language="fr"
    )

    def slow_load(language: str) -> Engine:
        time.sleep(0.2)
        return FakeEngine(f"fake-ar-{language}")

    started = time.perf_counter()
    summary = run_pretranslate(load_config(), [en, fr], slow_load, options(), progress=False)
    wall = time.perf_counter() - started
    assert summary.translated == 2
    assert summary.load_seconds >= 0.4  # both languages' loads, each once
    assert 0 < summary.seconds <= wall - summary.load_seconds


class FakeMatch:
    def __init__(self, target: str) -> None:
        self.target = target


class FakeTM:
    def __init__(self, memory: dict[str, str]) -> None:
        self.memory = memory
        self.closed = False
        self.languages: list[str | None] = []

    def exact(self, text: str, *, target_language: str | None = None) -> FakeMatch | None:
        self.languages.append(target_language)
        return FakeMatch(self.memory[text]) if text in self.memory else None

    def close(self) -> None:
        self.closed = True


def test_exact_tm_matches_are_used_and_marked_as_tm(
    project: Path, catalog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tm = FakeTM({"السلام": "Peace"})
    monkeypatch.setattr(runner_module, "_open_tm", lambda config: (tm, []))
    engine = FakeEngine()
    summary = run_pretranslate(load_config(), [catalog], engine, options(), progress=False)
    after = entries(catalog)
    assert after["السلام"].msgstr == "Peace"
    assert tm_note() in after["السلام"].tcomment and not is_machine_translation(after["السلام"])
    assert "fuzzy" in after["السلام"].flags
    assert "السلام" not in engine.translated
    assert summary.from_tm == 1 and summary.translated == 4 and tm.closed
    assert set(tm.languages) == {"en"}


def test_newlines_follow_the_source_so_msgfmt_accepts(project: Path) -> None:
    path = write_catalog(
        project / "locales/en/LC_MESSAGES/nl.po",
        [{"msgid": "سطر\n", "msgstr": ""}, {"msgid": "\nسطر آخر", "msgstr": ""}],
    )
    run_pretranslate(load_config(), [path], FakeEngine(), options(), progress=False)
    after = entries(path)
    assert after["سطر\n"].msgstr == "EN<سطر>\n"
    assert after["\nسطر آخر"].msgstr == "\nEN<سطر آخر>"
    msgfmt_ok(path)


def test_plural_entries_get_both_forms(project: Path) -> None:
    path = write_catalog(
        project / "locales/en/LC_MESSAGES/pl.po",
        [{"msgid": "دولة", "msgid_plural": "دول", "msgstr_plural": {0: "", 1: ""}}],
    )
    run_pretranslate(load_config(), [path], FakeEngine(), options(), progress=False)
    e = entries(path)["دولة"]
    assert e.msgstr_plural == {0: "EN<دولة>", 1: "EN<دول>"}
    msgfmt_ok(path)


def test_empty_mt_output_leaves_entry_untranslated(project: Path) -> None:
    path = write_catalog(
        project / "locales/en/LC_MESSAGES/e.po",
        [{"msgid": "فارغ", "msgstr": ""}, {"msgid": "ممتلئ", "msgstr": ""}],
    )
    summary = run_pretranslate(load_config(), [path], FakeEngine(), options(), progress=False)
    after = entries(path)
    assert after["فارغ"].msgstr == "" and "fuzzy" not in after["فارغ"].flags
    assert (summary.translated, summary.skipped) == (1, 1)


def test_real_translation_memory_exact_matches_per_language(project: Path) -> None:
    from workbench.tm import TranslationMemory

    config = load_config()
    with TranslationMemory(config.tm) as tm:
        tm.add("السلام", "Peace", "en/LC_MESSAGES/old.po", target_language="en")
        tm.add("السلام", "La paix", "fr/LC_MESSAGES/old.po", target_language="fr")
        tm.add("الأمن", "Draft security", "en/LC_MESSAGES/old.po", fuzzy=True)  # not exact
    en = write_catalog(
        project / "locales/en/LC_MESSAGES/n.po",
        [{"msgid": "السلام", "msgstr": ""}, {"msgid": "الأمن", "msgstr": ""}],
    )
    fr = write_catalog(
        project / "locales/fr/LC_MESSAGES/n.po", [{"msgid": "السلام", "msgstr": ""}], language="fr"
    )
    engine = FakeEngine()
    summary = run_pretranslate(config, [en, fr], lambda lang: engine, options(), progress=False)
    assert entries(en)["السلام"].msgstr == "Peace"
    assert entries(fr)["السلام"].msgstr == "La paix"
    assert tm_note() in entries(fr)["السلام"].tcomment
    assert entries(en)["الأمن"].msgstr == "EN<الأمن>"
    assert engine.translated == ["الأمن"]
    assert (summary.from_tm, summary.translated) == (2, 3)


def test_work_done_is_saved_when_the_next_model_fails_to_load(project: Path) -> None:
    from workbench.mt import ModelNotAvailable

    en = write_catalog(project / "locales/en/LC_MESSAGES/x.po", [{"msgid": "سلام", "msgstr": ""}])
    de = write_catalog(
        project / "locales/de/LC_MESSAGES/x.po", [{"msgid": "سلام", "msgstr": ""}], language="de"
    )

    def load(language: str) -> Engine:
        if language == "de":
            raise ModelNotAvailable("model Helsinki-NLP/opus-mt-ar-de is not installed")
        return FakeEngine()

    summary = run_pretranslate(load_config(), [en, de], load, options(), progress=False)
    assert [type(problem) for problem in summary.problems] == [ModelNotAvailable]
    assert entries(en)["سلام"].msgstr == "EN<سلام>"
    assert entries(de)["سلام"].msgstr == ""


def test_translations_approved_since_the_last_tm_build_are_offered(project: Path) -> None:
    """The memory exists (built earlier, empty then); a translator has since approved a segment
    in another catalog: the run fills the same source from it, not from MT."""
    from workbench.tm import TranslationMemory

    config = load_config()
    TranslationMemory(config.tm).close()  # 'workbench tm build' before anything was approved
    write_catalog(
        project / "locales/en/LC_MESSAGES/approved.po", [{"msgid": "السلام", "msgstr": "Peace"}]
    )
    new = write_catalog(
        project / "locales/en/LC_MESSAGES/new.po", [{"msgid": "السلام", "msgstr": ""}]
    )
    engine = FakeEngine()
    summary = run_pretranslate(config, [new], engine, options(), progress=False)
    assert entries(new)["السلام"].msgstr == "Peace" and engine.translated == []
    assert summary.from_tm == 1


def test_catalogs_the_memory_sync_skipped_are_in_the_summary(project: Path) -> None:
    """The memory's sync skips an unreadable catalog and the run goes on: the summary says
    which (a warning for the CLI), it is not dropped."""
    from workbench.tm import TranslationMemory

    config = load_config()
    TranslationMemory(config.tm).close()
    new = write_catalog(
        project / "locales/en/LC_MESSAGES/new.po", [{"msgid": "السلام", "msgstr": ""}]
    )
    (new.parent / "broken.po").write_text('msgid "unterminated\n', encoding="utf-8")
    summary = run_pretranslate(config, [new], FakeEngine(), options(), progress=False)
    assert entries(new)["السلام"].msgstr == "EN<السلام>"
    assert [error.path.name for error in summary.memory_skipped if error.path] == ["broken.po"]
    assert summary.problems == []


class ScoredEngine(FakeEngine):
    """``EN<source>`` with a score per source: log(confidence/100) for the listed ones."""

    def __init__(self, confidences: dict[str, int]) -> None:
        super().__init__()
        self.confidences = confidences

    def translate_batch(
        self, sources: Sequence[str], options: DecodeOptions
    ) -> list[list[Suggestion]]:
        import math

        self.batches.append(list(sources))
        return [
            [Suggestion(f"EN<{s}>", math.log(self.confidences[s] / 100), "fake", "fake-ar-en")]
            for s in sources
        ]


def test_min_score_leaves_low_confidence_entries_untranslated(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_catalog(
        project / "locales/en/LC_MESSAGES/s.po",
        [
            {"msgid": "عال", "msgstr": ""},
            {"msgid": "حد", "msgstr": ""},
            {"msgid": "منخفض", "msgstr": ""},
            {"msgid": "ذاكرة", "msgstr": ""},  # from the TM: no MT score, never held back
            {"msgid": "دولة", "msgid_plural": "دول", "msgstr_plural": {0: "", 1: ""}},
        ],
    )
    monkeypatch.setattr(runner_module, "_open_tm", lambda config: (FakeTM({"ذاكرة": "Memory"}), []))
    engine = ScoredEngine({"عال": 91, "حد": 60, "منخفض": 59, "دولة": 95, "دول": 30})
    summary = run_pretranslate(
        load_config(), [path], engine, options(min_score=60), progress=False
    )
    after = entries(path)
    assert after["عال"].msgstr == "EN<عال>" and after["حد"].msgstr == "EN<حد>"  # 60 is not below
    assert after["عال"].tcomment == mt_note("fake-ar-en", confidence=91)
    assert after["حد"].tcomment == mt_note("fake-ar-en", confidence=60)
    assert after["منخفض"].msgstr == "" and not after["منخفض"].flags  # untouched
    assert after["دولة"].msgstr_plural == {0: "", 1: ""}  # one form below: the entry waits
    assert after["ذاكرة"].tcomment == tm_note()
    assert (summary.translated, summary.skipped, summary.below_threshold) == (3, 2, 2)
    assert summary.to_json()["below_threshold"] == 2
    msgfmt_ok(path)
    # a second run (a resume) asks again and leaves the same entries, writing nothing new
    snapshot = path.read_bytes()
    again = run_pretranslate(
        load_config(), [path], ScoredEngine(engine.confidences), options(min_score=60),
        progress=False,
    )
    assert (again.segments, again.translated, again.below_threshold) == (2, 0, 2)
    assert path.read_bytes() == snapshot


def test_without_min_score_notes_and_json_are_as_before(project: Path, catalog: Path) -> None:
    summary = run_pretranslate(load_config(), [catalog], FakeEngine(), options(), progress=False)
    assert "below_threshold" not in summary.to_json()
    assert entries(catalog)["السلام"].tcomment == mt_note("fake-ar-en")
