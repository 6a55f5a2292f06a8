"""Pre-translation of document units keeps their inline markup: placeholders masked for MT,
restored after, and an entry whose markup MT lost left untranslated with a warning (never a
translation with broken markup)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import pytest

from tests.unit.test_pretranslate_runner import FakeEngine, entries, msgfmt_ok, write_catalog
from workbench.config import load_config
from workbench.documents.markup import markup_problems
from workbench.glossary import Glossary
from workbench.mt.engine import DecodeOptions, Suggestion
from workbench.pretranslate import PretranslateOptions, run_pretranslate
from workbench.pretranslate.markup import masked_units, restored_text

UNIT = "وقّع <b0>الوزير</b0> الاتفاق<b1/>"
PLAIN = "السلام"
WITH_TERM = "قال <b0>وزير الأمن العام</b0> إن"


class DroppingEngine(FakeEngine):
    """Like FakeEngine, but loses the first number of the mask series (a lost placeholder)."""

    def translate_batch(
        self, sources: Sequence[str], options: DecodeOptions
    ) -> list[list[Suggestion]]:
        return [
            [Suggestion(re.sub(r"\s*9071", "", s.text, count=1), s.score, s.engine, s.model)
             for s in best]
            for best in super().translate_batch(sources, options)
        ]  # fmt: skip


@pytest.fixture()
def catalog(project: Path) -> Path:
    return write_catalog(
        project / "locales/en/LC_MESSAGES/article.po",
        [{"msgid": UNIT, "msgstr": ""}, {"msgid": PLAIN, "msgstr": ""}],
    )


def test_placeholders_go_to_mt_as_numbers_and_come_back(catalog: Path) -> None:
    engine = FakeEngine()
    summary = run_pretranslate(load_config(), [catalog], engine, progress=False)
    assert engine.translated and not any("<b0>" in text for text in engine.translated)
    assert "وقّع 9071 الوزير 9072 الاتفاق 9073" in engine.translated
    after = entries(catalog)
    assert after[UNIT].msgstr == "EN<وقّع <b0>الوزير</b0> الاتفاق<b1/>>"
    assert markup_problems(UNIT, after[UNIT].msgstr) == []
    assert after[PLAIN].msgstr == f"EN<{PLAIN}>"
    assert (summary.translated, summary.skipped, summary.warnings) == (2, 0, [])
    msgfmt_ok(catalog)


def test_lost_placeholder_leaves_the_entry_untranslated_with_a_warning(catalog: Path) -> None:
    summary = run_pretranslate(load_config(), [catalog], DroppingEngine(), progress=False)
    after = entries(catalog)
    assert after[UNIT].msgstr == "" and "fuzzy" not in after[UNIT].flags
    assert after[PLAIN].msgstr == f"EN<{PLAIN}>"  # no number to lose: translated
    assert (summary.translated, summary.skipped) == (1, 1)
    assert summary.warnings == [
        f"{catalog}: left untranslated: MT lost the markup (<b0> </b0> <b1/>) of {UNIT!r};"
        " translate it by hand"
    ]


def test_terms_and_placeholders_are_masked_together(project: Path) -> None:
    glossary = Glossary.load(project / "corpus/official-titles.tsv")
    catalog = write_catalog(
        project / "locales/en/LC_MESSAGES/article.po", [{"msgid": WITH_TERM, "msgstr": ""}]
    )
    engine = FakeEngine()
    options = PretranslateOptions(glossary=glossary)
    summary = run_pretranslate(load_config(), [catalog], engine, options, progress=False)
    # placeholders first (9071, 9072), then the term on the next free number
    assert engine.translated == ["قال 9071 9073 9072 إن"]
    entry = entries(catalog)[WITH_TERM]
    assert entry.msgstr == "EN<قال <b0>Minister of Public Security</b0> إن>"
    assert (summary.terms_enforced, summary.warnings) == (1, [])


def test_restoring_refuses_lost_repeated_misnested_and_stray_numbers() -> None:
    masked = masked_units([UNIT])[UNIT]
    assert masked.text == "وقّع 9071 الوزير 9072 الاتفاق 9073"
    assert restored_text(UNIT, masked, "Signed 9071 the minister 9072 it 9073") == (
        "Signed <b0>the minister</b0> it<b1/>"
    )
    assert restored_text(UNIT, masked, "Signed the minister 9072 it 9073") is None
    assert restored_text(UNIT, masked, "9071 9071 the minister 9072 9073") is None
    assert restored_text(UNIT, masked, "9072 the minister 9071 9073") is None  # </b0> first
    assert restored_text(UNIT, masked, "9071 the minister 9072 9073 9074") is None
