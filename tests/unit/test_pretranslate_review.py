"""Pre-translation never marks an entry reviewed: a reviewed entry is left as it is, and a mark
found on an entry it fills (a stale hand-written one) goes, while a dismissal stays."""

from __future__ import annotations

from pathlib import Path

from tests.unit.test_pretranslate_runner import FakeEngine, blocks, entries, write_catalog
from workbench.catalog.review import dismissed_checks, has_review_mark, is_reviewed
from workbench.catalog.stats import catalog_stats
from workbench.config import load_config
from workbench.pretranslate import PretranslateOptions, run_pretranslate


def test_pretranslate_never_marks_reviewed(project: Path) -> None:
    catalog = write_catalog(
        project / "locales/en/LC_MESSAGES/news.po",
        [
            {"msgid": "الوزير", "msgstr": "The minister", "tcomment": "wb-reviewed"},
            {"msgid": "السلام", "msgstr": "", "tcomment": "wb-reviewed\nwb-dismissed: numbers"},
            {"msgid": "الأمن", "msgstr": ""},
        ],
    )
    reviewed_block = blocks(catalog)['msgid "الوزير"']
    options = PretranslateOptions()
    summary = run_pretranslate(load_config(), [catalog], FakeEngine(), options, progress=False)
    assert summary.translated == 2
    after = entries(catalog)
    assert blocks(catalog)['msgid "الوزير"'] == reviewed_block
    assert is_reviewed(after["الوزير"])
    for msgid in ("السلام", "الأمن"):
        assert after[msgid].fuzzy and not has_review_mark(after[msgid].tcomment)
    assert dismissed_checks(after["السلام"].tcomment) == {"numbers"}
    assert catalog_stats(catalog).reviewed == 1
