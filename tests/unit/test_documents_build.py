"""``build_document``/``build_documents``: fallbacks, threshold, errors, determinism, paths;
and ``workbench import`` of an HTML page through :mod:`workbench.documents`."""

from __future__ import annotations

import codecs
import shutil
from pathlib import Path

import pytest

from workbench.catalog.build import (
    BelowThreshold,
    MarkupMismatch,
    build_document,
    build_documents,
    default_output,
    sources_with_catalogs,
)
from workbench.catalog.importer import import_sources
from workbench.catalog.pofile import read_po, write_po
from workbench.documents import markup
from workbench.errors import WorkbenchError

DATA = Path(__file__).resolve().parents[1] / "data" / "documents"


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    (tmp_path / "corpus").mkdir()
    for name in ("article.ar.html", "article.ar.txt", "article.ar.md"):
        shutil.copy(DATA / name, tmp_path / "corpus" / name)
    import_sources(
        sorted((tmp_path / "corpus").iterdir()),
        language="en",
        locales=tmp_path / "locales",
        root=tmp_path,
    )
    return tmp_path


def catalog(project: Path, name: str = "article") -> Path:
    return project / "locales" / "en" / "LC_MESSAGES" / f"{name}.po"


def translate(path: Path, rule, fuzzy: set[str] = frozenset()) -> None:  # type: ignore[assignment]
    po = read_po(path)
    for entry in po:
        entry.msgstr = rule(entry.msgid)
        if entry.msgid in fuzzy:
            entry.flags.append("fuzzy")
    write_po(po, path)


def english(msgid: str) -> str:
    """A translation that keeps every placeholder in its place."""
    return "".join(
        piece.text if piece.placeholder else "EN"
        for piece in markup.split_unit(msgid)
        if piece.placeholder or piece.text.strip()
    )


def test_import_of_an_html_page_makes_entries_of_its_units_only(project: Path) -> None:
    po = read_po(catalog(project))
    msgids = [entry.msgid for entry in po]
    assert "وقال إن «التعاون الدولي» ضروري & عاجل." in msgids
    assert "الوزير يوقع الاتفاقية" in msgids
    joined = "\n".join(msgids)
    for never in ("<script", "var title", "<p", "color:", "لا تترجم", "DOCTYPE"):
        assert never not in joined
    lead = next(e for e in po if e.msgid.startswith("وقّع وزير الأمن العام"))
    assert ("corpus/article.ar.html", "17") in lead.occurrences
    text_entry = next(e for e in po if e.msgid == "نعم!")
    assert ("corpus/article.ar.txt", "4") in text_entry.occurrences
    markdown_entry = next(e for e in po if e.msgid.startswith("وقال إن <l0>"))
    assert markdown_entry.occurrences == [("corpus/article.ar.md", "9")]
    assert not any("لا تترجم" in msgid or "title:" in msgid for msgid in msgids)


def test_every_translation_equal_to_its_source_gives_back_the_source(project: Path) -> None:
    translate(catalog(project), lambda msgid: msgid)
    for name in ("article.ar.html", "article.ar.txt", "article.ar.md"):
        source = project / "corpus" / name
        result = build_document(source, catalog(project), "en", root=project)
        expected = source.read_bytes().replace(
            b'<html lang="ar" dir="rtl">', b'<html lang="en" dir="ltr">'
        )
        assert result.data == expected
        assert result.translated == result.entries > 0
        assert result.percent == 100.0


def test_untranslated_and_fuzzy_entries_fall_back_to_the_source(project: Path) -> None:
    source = project / "corpus" / "article.ar.txt"
    fuzzy = "نعم!"
    untranslated = "فقرة مزاحة بمسافات."
    translate(
        catalog(project),
        lambda msgid: (
            "" if msgid == untranslated else ("Yes!" if msgid == fuzzy else english(msgid))
        ),
        fuzzy={fuzzy},
    )
    result = build_document(source, catalog(project), "en")
    text = result.data.decode("utf-8")
    assert "نعم!" in text and "Yes!" not in text
    assert "    فقرة مزاحة بمسافات.\n" in text
    assert (result.entries, result.fuzzy_used, result.untranslated) == (8, 0, 2)
    assert result.translated == 6
    assert result.percent == 75.0
    with_fuzzy = build_document(source, catalog(project), "en", use_fuzzy=True)
    assert "Yes!" in with_fuzzy.data.decode("utf-8")
    assert (with_fuzzy.translated, with_fuzzy.fuzzy_used, with_fuzzy.untranslated) == (6, 1, 1)
    assert with_fuzzy.percent == 87.5


def test_below_the_threshold_nothing_is_written_and_the_exit_code_is_1(project: Path) -> None:
    translate(catalog(project), lambda msgid: english(msgid) if "البند" in msgid else "")
    with pytest.raises(BelowThreshold) as caught:
        build_documents(
            [project / "corpus" / "article.ar.html"],
            lang="en",
            locales=project / "locales",
            root=project,
            min_translated=50,
        )
    assert caught.value.exit_code == 1
    assert "% translated (2 of " in caught.value.message
    assert not (project / "build").exists()


def test_a_translation_breaking_placeholders_stops_the_build_naming_the_entry(
    project: Path,
) -> None:
    broken = "البند الثاني: <i0>المساعدة</i0> القانونية."
    translate(catalog(project), lambda msgid: "Second: help." if msgid == broken else msgid)
    line = next(e.linenum for e in read_po(catalog(project)) if e.msgid == broken)
    with pytest.raises(MarkupMismatch) as caught:
        build_documents(
            [project / "corpus" / "article.ar.txt", project / "corpus" / "article.ar.html"],
            lang="en",
            locales=project / "locales",
            root=project,
            output_dir=project / "out",
        )
    assert caught.value.exit_code == 1
    assert caught.value.path == catalog(project)
    assert caught.value.line == line
    assert "<i0>" in caught.value.message and "missing" in caught.value.message
    assert not (project / "out").exists()  # the text document, though fine, is not written


def test_two_builds_give_the_same_bytes_at_the_default_path(project: Path) -> None:
    translate(catalog(project), english)
    source = project / "corpus" / "article.ar.html"
    first = build_documents([source], lang="en", locales=project / "locales", root=project)
    output = project / "build" / "en" / "article.en.html"
    assert first[0].output == output
    written = output.read_bytes()
    second = build_documents([source], lang="en", locales=project / "locales", root=project)
    assert output.read_bytes() == written == second[0].data
    assert b'<html lang="en" dir="ltr">' in written
    assert first[0].as_json(lambda p: p.relative_to(project).as_posix()) == {
        "source": "corpus/article.ar.html",
        "output": "build/en/article.en.html",
        "entries": first[0].entries,
        "translated": first[0].entries,
        "fuzzy_used": 0,
        "untranslated": 0,
        "percent": 100.0,
    }


def test_output_paths(project: Path, tmp_path: Path) -> None:
    assert (
        default_output(Path("x/news.ar.txt"), "en", tmp_path) == tmp_path / "build/en/news.en.txt"
    )
    assert default_output(Path("page.html"), "fr", tmp_path) == tmp_path / "build/fr/page.html"
    sources = [project / "corpus" / "article.ar.txt", project / "corpus" / "article.ar.html"]
    with pytest.raises(WorkbenchError, match="several sources"):
        build_documents(
            sources,
            lang="en",
            locales=project / "locales",
            root=project,
            output=project / "one.txt",
        )
    results = build_documents(
        sources, lang="en", locales=project / "locales", root=project, output_dir=project / "out"
    )
    assert [r.output.name for r in results] == ["article.en.txt", "article.en.html"]
    assert all(r.output.parent == project / "out" for r in results)
    with pytest.raises(WorkbenchError, match="overwrite the source"):
        build_documents(
            sources[:1], lang="en", locales=project / "locales", root=project, output=sources[0]
        )


def test_a_source_without_catalog_says_which_import_makes_it(project: Path) -> None:
    orphan = project / "corpus" / "orphan.ar.txt"
    orphan.write_text("نص.\n", encoding="utf-8")
    with pytest.raises(WorkbenchError) as caught:
        build_documents([orphan], lang="en", locales=project / "locales", root=project)
    assert caught.value.path == orphan
    assert f"workbench import {orphan} --lang en" in str(caught.value.hint)
    assert sources_with_catalogs(project / "corpus", "en", project / "locales") == [
        project / "corpus" / "article.ar.html",
        project / "corpus" / "article.ar.md",
        project / "corpus" / "article.ar.txt",
    ]


def test_a_byte_order_mark_is_written_back(project: Path) -> None:
    source = project / "corpus" / "article.ar.txt"
    source.write_bytes(codecs.BOM_UTF8 + source.read_bytes())
    result = build_document(source, catalog(project), "en")
    assert result.data == source.read_bytes()
