"""End to end: ``workbench stats --analysis``, its word counts judged by translate-toolkit's
``pocount`` and its match bands by the memory's own scores (``tm search``)."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from workbench.catalog.pofile import read_po, write_po
from workbench.cli import main
from workbench.interchange.analysis import MATCH_CLASSES, band_of
from workbench.interchange.wordcount import count_words
from workbench.tm.store import TranslationMemory

DOCUMENTS = Path(__file__).resolve().parents[1] / "data" / "documents"
needs_pocount = pytest.mark.skipif(not shutil.which("pocount"), reason="no translate-toolkit")


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict:
    capsys.readouterr()
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


@pytest.fixture()
def catalogs(project: Path, capsys: pytest.CaptureFixture[str]) -> list[Path]:
    """The corpus sample and the HTML and Markdown articles imported, some entries translated,
    some fuzzy (one with an empty translation), a plural, tags and numbers in sources."""
    shutil.copy(DOCUMENTS / "article.ar.html", project)
    shutil.copy(DOCUMENTS / "article.ar.md", project / "notes.ar.md")
    sources = ["corpus/hanoi-convention-signing.ar.txt", "article.ar.html", "notes.ar.md"]
    assert main(["import", *sources, "--lang", "en"]) == 0
    paths = sorted((project / "locales/en/LC_MESSAGES").glob("*.po"))
    assert len(paths) == 3
    for number, path in enumerate(paths):
        po = read_po(path)
        entries = [e for e in po if e.msgid]
        for index, entry in enumerate(entries):
            if index % 3 == number % 3:
                entry.msgstr = f"Translation {index}"
            if index % 4 == 1:
                entry.flags.append("fuzzy")
        po.metadata["Plural-Forms"] = "nplurals=2; plural=(n != 1);"
        po.append(
            polib.POEntry(
                msgid=f"{number} وثيقة <b>مهمة</b>", msgid_plural="%d وثائق مهمة.",
                msgstr_plural={0: "a document" if number else "", 1: ""},
            )
        )  # fmt: skip
        po.append(polib.POEntry(msgid="السعر 3.5 دولار، أي ٣٫٥ — A.B.C", msgstr=""))
        write_po(po, path)
    capsys.readouterr()
    return paths


@needs_pocount
def test_word_counts_by_status_equal_pocounts(
    catalogs: list[Path], capsys: pytest.CaptureFixture[str]
) -> None:
    report = run_json(capsys, "stats", "--analysis", "--json")
    counted = subprocess.run(
        ["pocount", "--csv", *map(str, catalogs)], capture_output=True, text=True, check=True
    )
    rows = list(csv.DictReader(io.StringIO(counted.stdout)))
    assert len(rows) == len(catalogs) == len(report["catalogs"])
    for ours, theirs in zip(report["catalogs"], rows, strict=True):
        status = ours["status"]
        assert (
            status["translated"]["segments"], status["translated"]["words"],
            status["fuzzy"]["segments"], status["fuzzy"]["words"],
            status["untranslated"]["segments"], status["untranslated"]["words"],
            status["total"]["segments"], status["total"]["words"],
        ) == (
            int(theirs["Translated Messages"]), int(theirs["Translated Source Words"]),
            int(theirs["Fuzzy Messages"]), int(theirs["Fuzzy Source Words"]),
            int(theirs["Untranslated Messages"]), int(theirs["Untranslated Source Words"]),
            int(theirs["Total Message"]), int(theirs["Total Source Words"]),
        ), theirs["Filename"]  # fmt: skip
    total = report["total"]["status"]["total"]
    assert total["words"] == sum(int(row["Total Source Words"]) for row in rows) > 100


@needs_pocount
def test_count_words_equals_pocounts_on_every_corpus_line(sample_text: str) -> None:
    from translate.tools.pocount import wordcount

    lines = [line for line in sample_text.splitlines() if line.strip()]
    lines += ["<br/>سطر<br>آخر", "a.b 3.5 ٣٫٥ can't", "<a href='x'>رابط</a> — ؟", ""]
    assert len(lines) > 10
    assert [count_words(line) for line in lines] == [wordcount(line) for line in lines]


MEMORY = {
    "وقعت الدول على اتفاقية الأمم المتحدة لمكافحة الجرائم الإلكترونية في هانوي.":
        "The states signed the UN convention against cybercrime in Hanoi.",
    "قال وزير الأمن العام إن الاتفاقية خطوة مهمة للتعاون الدولي.":
        "The Minister of Public Security said the convention is an important step.",
    "تستضيف فيتنام حفل التوقيع بحضور ممثلين من أكثر من ستين دولة.":
        "Viet Nam hosts the signing ceremony with representatives of more than sixty states.",
}  # fmt: skip
QUERIES = [
    "وقعت الدول على اتفاقية الأمم المتحدة لمكافحة الجرائم الإلكترونية في هانوي.",  # identical
    "وقعت الدول على اتفاقية الأمم المتحدة لمكافحة الجرائم الالكترونية في هانوي",  # near
    "قال وزير الأمن العام إن الاتفاقية خطوة مهمة.",  # shorter
    "تستضيف فيتنام حفلا كبيرا بحضور ممثلين من دول كثيرة.",  # loose
    "اشترى أحمد خبزا من السوق صباح اليوم.",  # unrelated
    "وقعت الدول على اتفاقية الأمم المتحدة لمكافحة الجرائم الإلكترونية في هانوي.",  # repeated
]  # (the repetition in another context: one catalog holds a msgid once per msgctxt)


def test_untranslated_and_fuzzy_entries_fall_in_the_band_of_their_best_memory_match(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    memory = TranslationMemory(project / ".workbench/tm.sqlite3")
    for source, target in MEMORY.items():
        memory.add(source, target, "tmx:agency.tmx", target_language="en")
    memory.close()
    catalog = project / "locales/en/LC_MESSAGES/news.po"
    catalog.parent.mkdir(parents=True)
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "en"}
    for index, query in enumerate(QUERIES):
        fuzzy = index == 2
        po.append(polib.POEntry(msgid=query, msgstr="draft" if fuzzy else "",
                                msgctxt="caption" if query in QUERIES[:index] else None,
                                flags=["fuzzy"] if fuzzy else []))  # fmt: skip
    po.append(polib.POEntry(msgid="جملة مترجمة.", msgstr="A translated sentence."))
    write_po(po, catalog)
    expected = {name: {"segments": 0, "words": 0} for name in MATCH_CLASSES}
    for index, query in enumerate(QUERIES):
        if query in QUERIES[:index]:
            name = "repetitions"
        else:
            found = run_json(capsys, "tm", "search", query, "--min", "50", "--limit", "1", "--json")
            name = band_of(found[0]["score"] if found else None)
        expected[name]["segments"] += 1
        expected[name]["words"] += count_words(query)
    bands = {name for name, count in expected.items() if count["segments"]}
    assert {"100", "repetitions", "no match"} < bands and len(bands) >= 4
    report = run_json(capsys, "stats", "--analysis", "--json", str(catalog))
    assert report["catalogs"][0]["matches"] == expected
    assert report["total"]["matches"] == expected
    assert report["catalogs"][0]["status"]["translated"] == {"segments": 1, "words": 2}
    left = sum(v["words"] for v in expected.values())
    status = report["total"]["status"]
    assert left == status["untranslated"]["words"] + status["fuzzy"]["words"]


def test_the_text_report_has_a_table_per_catalog_and_a_total(
    catalogs: list[Path], capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["stats", "--analysis"]) == 0
    out = capsys.readouterr().out
    blocks = out.rstrip("\n").split("\n\n")
    assert len(blocks) == len(catalogs) + 1
    assert blocks[-1].splitlines()[0].split() == ["total", "segments", "words"]
    assert "  no match" in blocks[0]


def test_an_unreadable_catalog_is_reported_and_the_others_analysed(
    catalogs: list[Path], project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = project / "locales/en/LC_MESSAGES/broken.po"
    broken.write_text('msgid "a"\nmsgstr "b"\nmsgid\n', encoding="utf-8")
    capsys.readouterr()
    assert main(["stats", "--analysis", "--json", *map(str, catalogs), str(broken)]) == 2
    captured = capsys.readouterr()
    assert len(json.loads(captured.out)["catalogs"]) == len(catalogs)
    assert "broken.po:3:" in captured.err
