"""Batch runs use the glossary's term-enforced suggestion (issue 5: "the TUI and batch runs get
both the plain and the term-enforced suggestion"), and a model missing for one language does not
stop the others."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import pytest

from tests.unit.test_pretranslate_runner import FakeEngine, entries, msgfmt_ok, write_catalog
from workbench.catalog.marks import (
    TERMS_ENFORCED,
    TERMS_NOT_ENFORCED,
    glossary_terms_status,
    is_machine_translation,
    is_pretranslated,
    machine_translation_model,
    mt_note,
    without_pretranslation_note,
)
from workbench.config import load_config
from workbench.glossary import Glossary
from workbench.mt import ModelNotAvailable
from workbench.mt.engine import DecodeOptions, Suggestion
from workbench.pretranslate import PretranslateOptions, run_pretranslate

WITH_TERM = "قال وزير الأمن العام"
WITHOUT_TERM = "السلام"


class DigitDroppingEngine(FakeEngine):
    """Like FakeEngine, but loses every number (so placeholders never survive)."""

    def translate_batch(
        self, sources: Sequence[str], options: DecodeOptions
    ) -> list[list[Suggestion]]:
        return [
            [Suggestion(re.sub(r"\d+", "", s.text), s.score, s.engine, s.model) for s in best]
            for best in super().translate_batch(sources, options)
        ]


@pytest.fixture()
def glossary(project: Path) -> Glossary:
    return Glossary.load(project / "corpus/official-titles.tsv")


@pytest.fixture()
def catalog(project: Path) -> Path:
    return write_catalog(
        project / "locales/en/LC_MESSAGES/news.po",
        [{"msgid": WITH_TERM, "msgstr": ""}, {"msgid": WITHOUT_TERM, "msgstr": ""}],
    )


def test_enforced_suggestion_is_used_and_recorded(catalog: Path, glossary: Glossary) -> None:
    options = PretranslateOptions(glossary=glossary)
    summary = run_pretranslate(load_config(), [catalog], FakeEngine(), options, progress=False)

    after = entries(catalog)
    # FakeEngine copies the placeholder through; the approved translation is put in its place
    assert after[WITH_TERM].msgstr == "EN<قال Minister of Public Security>"
    assert mt_note("fake-ar-en", TERMS_ENFORCED) in after[WITH_TERM].tcomment
    assert glossary_terms_status(after[WITH_TERM]) == TERMS_ENFORCED
    assert after[WITHOUT_TERM].tcomment == mt_note("fake-ar-en")  # no terms: plain note
    assert (summary.terms_enforced, summary.terms_not_enforced) == (1, 0)
    msgfmt_ok(catalog)


def test_lost_placeholder_keeps_plain_mt_and_says_so(catalog: Path, glossary: Glossary) -> None:
    options = PretranslateOptions(glossary=glossary)
    summary = run_pretranslate(
        load_config(), [catalog], DigitDroppingEngine(), options, progress=False
    )

    entry = entries(catalog)[WITH_TERM]
    assert entry.msgstr == f"EN<{WITH_TERM}>"  # the plain MT
    assert mt_note("fake-ar-en", TERMS_NOT_ENFORCED) in entry.tcomment
    assert (summary.terms_enforced, summary.terms_not_enforced) == (0, 1)


def test_without_glossary_the_run_is_plain_mt(catalog: Path) -> None:
    run_pretranslate(load_config(), [catalog], FakeEngine(), PretranslateOptions(), progress=False)
    entry = entries(catalog)[WITH_TERM]
    assert entry.msgstr == f"EN<{WITH_TERM}>" and entry.tcomment == mt_note("fake-ar-en")


def test_notes_with_term_status_are_still_machine_translations(catalog: Path) -> None:
    """--overwrite-fuzzy, the TUI and QA recognise the new notes like the old ones."""
    import polib

    for terms in (TERMS_ENFORCED, TERMS_NOT_ENFORCED, ""):
        entry = polib.POEntry(msgid="x", msgstr="y", flags=["fuzzy"])
        entry.tcomment = f"keep\n{mt_note('Helsinki-NLP/opus-mt-ar-en', terms)}"
        assert is_machine_translation(entry) and is_pretranslated(entry)
        assert machine_translation_model(entry) == "Helsinki-NLP/opus-mt-ar-en"
        assert glossary_terms_status(entry) == terms
        assert without_pretranslation_note(entry.tcomment) == "keep"


def test_overwrite_fuzzy_replaces_an_enforced_fill(catalog: Path, glossary: Glossary) -> None:
    config = load_config()
    run_pretranslate(config, [catalog], FakeEngine(), PretranslateOptions(glossary=glossary),
                     progress=False)  # fmt: skip
    again = PretranslateOptions(overwrite_fuzzy=True)
    summary = run_pretranslate(config, [catalog], FakeEngine("model-b"), again, progress=False)
    assert summary.translated == 2
    assert entries(catalog)[WITH_TERM].tcomment == mt_note("model-b")


def test_a_missing_model_skips_its_language_only(project: Path) -> None:
    """The language whose model is missing comes first; the other is still done."""
    de = write_catalog(
        project / "locales/de/LC_MESSAGES/news.po", [{"msgid": "سلام", "msgstr": ""}], "de"
    )
    en = write_catalog(
        project / "locales/en/LC_MESSAGES/news.po", [{"msgid": "أمن", "msgstr": ""}]
    )
    before = de.read_bytes()

    def load(language: str) -> FakeEngine:
        if language == "de":
            raise ModelNotAvailable("model Helsinki-NLP/opus-mt-ar-de is not installed")
        return FakeEngine()

    summary = run_pretranslate(
        load_config(), [de, en], load, PretranslateOptions(), progress=False
    )
    assert de.read_bytes() == before
    assert entries(en)["أمن"].msgstr == "EN<أمن>"
    assert [str(p) for p in summary.problems] == [
        "model Helsinki-NLP/opus-mt-ar-de is not installed"
    ]
    assert (summary.translated, summary.skipped, summary.not_attempted) == (1, 1, 1)
    assert summary.segments_per_s <= 1 / summary.seconds  # the de segment was never worked on
    details = {d.language: d for d in summary.details}
    assert details["de"].error and details["en"].error is None


def test_dry_run_reports_a_model_that_is_not_installed(project: Path, catalog: Path) -> None:
    summary = run_pretranslate(
        load_config(), [catalog], None, PretranslateOptions(dry_run=True), progress=False
    )
    assert summary.details[0].error and "opus-mt-ar-en is not installed" in summary.details[0].error
    assert len(summary.problems) == 1
    assert summary.to_json()["segments_per_s"] == 0  # a dry run translates nothing


def test_the_glossary_serves_only_catalogs_in_its_language(
    project: Path, glossary: Glossary
) -> None:
    """An English glossary is enforced in en and en_GB catalogs, not in a French one."""
    paths = {
        language: write_catalog(
            project / f"locales/{language}/LC_MESSAGES/news.po",
            [{"msgid": WITH_TERM, "msgstr": ""}],
            language,
        )
        for language in ("en_GB", "fr")
    }
    options = PretranslateOptions(glossary=glossary, glossary_language="en")
    run_pretranslate(load_config(), list(paths.values()), FakeEngine(), options, progress=False)
    assert entries(paths["en_GB"])[WITH_TERM].msgstr == "EN<قال Minister of Public Security>"
    french = entries(paths["fr"])[WITH_TERM]
    assert french.msgstr == f"EN<{WITH_TERM}>" and french.tcomment == mt_note("fake-ar-en")


def test_ctrl_c_keeps_the_work_done_and_says_so(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Ctrl-C after the first checkpoint: those entries are on disk, the rest untranslated,
    the catalog valid, exit status 130 with a message saying a re-run finishes the job."""
    import workbench.pretranslate.loading as loading
    from workbench.cli import main

    catalog = write_catalog(
        project / "locales/en/LC_MESSAGES/news.po",
        [{"msgid": f"جملة {i}", "msgstr": ""} for i in range(6)],
    )

    def interrupt_on_second_batch(engine: FakeEngine, batch: list[str]) -> None:
        if len(engine.batches) == 2:
            raise KeyboardInterrupt

    engine = FakeEngine(hook=interrupt_on_second_batch)
    monkeypatch.setattr(loading, "engine_loader", lambda config, **kw: lambda language: engine)
    status = main(["pretranslate", "--batch-tokens", "6", "--no-glossary"])
    assert status == 130
    assert "interrupted; the entries filled so far are saved" in capsys.readouterr().err
    filled = [e for e in entries(catalog).values() if e.msgstr]
    assert 0 < len(filled) < 6
    msgfmt_ok(catalog)
    assert main(["pretranslate", "--no-glossary", "--json"]) == 0  # the re-run finishes
    assert all(e.msgstr for e in entries(catalog).values())
