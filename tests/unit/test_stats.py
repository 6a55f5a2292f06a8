"""Catalog statistics, judged by GNU ``msgfmt --statistics``."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from workbench.catalog.discovery import find_catalogs
from workbench.catalog.pofile import write_po
from workbench.catalog.stats import (
    CatalogStats,
    catalog_stats,
    count_words,
    stats_report,
)


def catalog_with(entries: list[polib.POEntry]) -> polib.POFile:
    po = polib.POFile(wrapwidth=79)
    po.metadata = {
        "Content-Type": "text/plain; charset=UTF-8",
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
    }
    po.extend(entries)
    return po


MIXED = [
    polib.POEntry(msgid="قال الوزير.", msgstr="The minister said."),
    polib.POEntry(msgid="تُعدّ اتفاقية هانوي خطوة", msgstr="", flags=["fuzzy"]),
    polib.POEntry(msgid="وقع 72 دولة ،", msgstr="72 signed", flags=["fuzzy"]),
    polib.POEntry(msgid="جملة غير مترجمة", msgstr=""),
    polib.POEntry(msgid="دولة", msgid_plural="دول", msgstr_plural={0: "state", 1: ""}),
    polib.POEntry(msgid="قديم", msgstr="old", obsolete=True),
    polib.POEntry(msgid="قديم بلا ترجمة", msgstr="x", obsolete=True, flags=["fuzzy"]),
]


def test_counts(tmp_path: Path) -> None:
    path = tmp_path / "x.po"
    write_po(catalog_with(MIXED), path)
    assert catalog_stats(path) == CatalogStats(
        path=path, total=5, translated=2, fuzzy=1, untranslated=2, obsolete=2, source_words=13
    )


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="needs GNU gettext")
def test_counts_agree_with_msgfmt_statistics(tmp_path: Path, sample_text: str) -> None:
    path = tmp_path / "x.po"
    write_po(catalog_with(MIXED), path)
    report = subprocess.run(
        ["msgfmt", "--statistics", "-o", "/dev/null", str(path)],
        capture_output=True, text=True, check=True,
    ).stderr  # fmt: skip
    numbers = {kind: int(n) for n, kind in re.findall(r"(\d+) (translated|fuzzy|untranslated)",
                                                      report)}  # fmt: skip
    stats = catalog_stats(path)
    assert numbers == {
        "translated": stats.translated, "fuzzy": stats.fuzzy, "untranslated": stats.untranslated
    }  # fmt: skip


def test_words_hold_a_letter_or_digit() -> None:
    assert count_words("تُعدّ اتفاقية هانوي ، 2500 - U.N. «قال»") == 6
    assert count_words("  ") == 0
    assert count_words("ـــــ قـــال") == 1  # a run of tatweel is decoration, not a word


def test_find_catalogs_sorted_and_only_the_gettext_layout(tmp_path: Path) -> None:
    for relative in ["fr/LC_MESSAGES/b.po", "en/LC_MESSAGES/z.po", "en/LC_MESSAGES/a.po",
                     "en/LC_MESSAGES/a.mo", "en/other/c.po", "d.po"]:  # fmt: skip
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text("", encoding="utf-8")
    assert [p.relative_to(tmp_path).as_posix() for p in find_catalogs(tmp_path)] == [
        "en/LC_MESSAGES/a.po",
        "en/LC_MESSAGES/z.po",
        "fr/LC_MESSAGES/b.po",
    ]
    assert find_catalogs(tmp_path / "missing") == []


def test_report_counts_every_readable_catalog_and_collects_the_errors(tmp_path: Path) -> None:
    """One unreadable catalog does not hide the others: its error (file and line) is kept."""
    good, missing, broken, other = (tmp_path / f"{n}.po" for n in ("a", "m", "b", "c"))
    write_po(catalog_with(MIXED), good)
    write_po(catalog_with(MIXED[:1]), other)
    broken.write_text('msgid ""\nmsgstr ""\n\nmsgid "a"\nmsgstr "b"\nnonsense here\n',
                      encoding="utf-8")  # fmt: skip
    report = stats_report([good, missing, broken, other])
    assert [(row.path, row.total, row.translated) for row in report.rows] == [
        (good, 5, 2), (other, 1, 1)
    ]  # fmt: skip
    assert [(error.path, error.line) for error in report.errors] == [(missing, None), (broken, 6)]
    assert not report.ok
    assert stats_report([good]).ok and stats_report([]).rows == []
