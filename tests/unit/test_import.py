"""Import: catalogs GNU gettext accepts silently, references, duplicates, re-import, bad input."""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import polib
import pytest

from workbench.catalog.importer import (
    default_domain,
    import_sources,
    read_source,
    segment_source,
    translatable_sentences,
)
from workbench.catalog.pofile import read_po, write_po
from workbench.errors import WorkbenchError

pytestmark = pytest.mark.skipif(shutil.which("msgfmt") is None, reason="needs GNU gettext")

WHEN = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
LATER = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
SAMPLE_NAME = "hanoi-convention-signing.ar.txt"


def run_import(root: Path, *sources: Path, language: str = "en", **options):
    return import_sources(
        list(sources), language=language, locales=root / "locales", root=root, created=WHEN,
        **options,
    )  # fmt: skip


def msgfmt_check(catalog: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["msgfmt", "-c", "-o", "/dev/null", str(catalog)], capture_output=True, text=True
    )


@pytest.fixture()
def root(tmp_path: Path, sample_text: str) -> Path:
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / SAMPLE_NAME).write_text(sample_text, encoding="utf-8")
    return tmp_path


@pytest.fixture()
def sample(root: Path) -> Path:
    return root / "corpus" / SAMPLE_NAME


def test_sample_becomes_a_catalog_msgfmt_accepts_silently(root: Path, sample: Path) -> None:
    [result] = run_import(root, sample)
    catalog = root / "locales/en/LC_MESSAGES/hanoi-convention-signing.po"
    assert result.catalog == catalog and result.created and result.entries == 32
    checked = msgfmt_check(catalog)
    assert (checked.returncode, checked.stdout, checked.stderr) == (0, "", "")
    po = read_po(catalog)
    assert len(po) == 32 and not any(entry.msgstr for entry in po)
    assert po[0].occurrences == [("corpus/hanoi-convention-signing.ar.txt", "1")]
    assert po.metadata["Language"] == "en"
    assert po.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert po.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert po.metadata["Project-Id-Version"] == "hanoi-convention-signing"
    assert po.metadata["PO-Revision-Date"] == "2026-11-28 12:00+0000"


def test_images_become_extracted_comments_on_their_captions(root: Path, sample: Path) -> None:
    [result] = run_import(root, sample)
    po = read_po(result.catalog)
    caption = po.find("الجنرال لونغ تام كوانغ، وزير الأمن العام، يتحدث")
    assert caption.comment == "image: z7157588517514_1471cc05946c11fe4159fc679254b7e4.jpg"
    assert caption.occurrences == [("corpus/hanoi-convention-signing.ar.txt", "8")]
    commented = [entry.comment for entry in po if entry.comment]
    assert len(commented) == 5 and all(c.startswith("image: z71") for c in commented)
    assert not any(".jpg" in entry.msgid for entry in po)


@pytest.mark.parametrize(
    ("code", "folder", "nplurals"),
    [("fr", "fr", "3"), ("ar", "ar", "6"), ("ru", "ru", "3"), ("zh", "zh", "1"),
     ("pt-BR", "pt_BR", "3")],
)  # fmt: skip
def test_plural_forms_from_babel_pass_msgfmt(
    root: Path, sample: Path, code: str, folder: str, nplurals: str
) -> None:
    [result] = run_import(root, sample, language=code)
    assert result.catalog.parent.parent.name == folder
    po = read_po(result.catalog)
    assert po.metadata["Language"] == folder
    assert po.metadata["Plural-Forms"].startswith(f"nplurals={nplurals};")
    checked = msgfmt_check(result.catalog)
    assert (checked.returncode, checked.stderr) == (0, "")


def test_identical_sentences_become_one_entry_with_every_reference(root: Path) -> None:
    source = root / "corpus" / "repeat.ar.txt"
    source.write_text(
        "تم التوقيع. وقال الوزير كلمة.\n\nصورة_1.jpg\nتم التوقيع.\n\nمقطع آخر.\nlast.png\n",
        encoding="utf-8",
    )
    [result] = run_import(root, source)
    po = read_po(result.catalog)
    assert result.catalog.name == "repeat.po"
    assert [entry.msgid for entry in po] == ["تم التوقيع.", "وقال الوزير كلمة.", "مقطع آخر."]
    assert po[0].occurrences == [("corpus/repeat.ar.txt", "1"), ("corpus/repeat.ar.txt", "4")]
    assert po[0].comment == "image: صورة_1.jpg"
    assert po[2].comment == "followed by image: last.png"


def test_sources_of_one_domain_share_a_catalog(root: Path, sample: Path) -> None:
    other = root / "corpus" / "other.ar.txt"
    other.write_text("جملة أخرى.\n", encoding="utf-8")
    [result] = run_import(root, sample, other, domain="news")
    po = read_po(result.catalog)
    assert result.catalog.name == "news.po" and len(po) == 33
    assert po[-1].occurrences == [("corpus/other.ar.txt", "1")]
    results = run_import(root, sample, other)
    assert sorted(r.catalog.name for r in results) == ["hanoi-convention-signing.po", "other.po"]


def test_default_domain_is_the_name_before_the_first_dot() -> None:
    assert default_domain(Path("corpus/hanoi-convention-signing.ar.txt")) == (
        "hanoi-convention-signing"
    )
    assert default_domain(Path("a/b/news")) == "news"
    assert default_domain(Path(".hidden.txt")) == "hidden"


def test_reimport_of_the_same_text_writes_nothing(root: Path, sample: Path) -> None:
    [first] = run_import(root, sample)
    before = first.catalog.read_bytes()
    [second] = import_sources(
        [sample], language="en", locales=root / "locales", root=root, created=LATER
    )
    assert not second.created and not second.written
    assert first.catalog.read_bytes() == before


def test_reimport_of_a_revision_keeps_translations(root: Path, sample: Path) -> None:
    [first] = run_import(root, sample)
    po = read_po(first.catalog)
    for number, entry in enumerate(po):
        entry.msgstr = f"English {number}."
    po.metadata["Last-Translator"] = "Huda <huda@example.org>"
    write_po(po, first.catalog)
    text = sample.read_text(encoding="utf-8")
    sample.write_text(text.replace("2500", "2600") + "\n\nفقرة جديدة تماماً عن موضوع آخر.\n")
    [second] = import_sources(
        [sample], language="en", locales=root / "locales", root=root, created=LATER
    )
    assert second.written and not second.created
    assert (second.summary.kept, second.summary.fuzzy, second.summary.new) == (31, 1, 1)
    merged = read_po(second.catalog)
    fuzzy = merged.fuzzy_entries()
    assert len(fuzzy) == 1 and fuzzy[0].msgstr == "English 0." and "2500" in fuzzy[0].previous_msgid
    assert merged.metadata["Last-Translator"] == "Huda <huda@example.org>"
    assert merged.metadata["PO-Revision-Date"] == "2026-11-28 12:00+0000"
    assert merged.metadata["POT-Creation-Date"] == "2026-12-01 09:30+0000"
    checked = msgfmt_check(second.catalog)
    assert (checked.returncode, checked.stderr) == (0, "")


def test_header_fields_missing_from_an_old_catalog_are_filled(root: Path, sample: Path) -> None:
    catalog = root / "locales/en/LC_MESSAGES/hanoi-convention-signing.po"
    catalog.parent.mkdir(parents=True)
    bare = polib.POFile()
    bare.metadata = {"Project-Id-Version": "old", "Content-Type": "text/plain; charset=UTF-8"}
    write_po(bare, catalog)
    run_import(root, sample)
    po = read_po(catalog)
    assert po.metadata["Project-Id-Version"] == "old"
    assert po.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    checked = msgfmt_check(catalog)
    assert (checked.returncode, checked.stderr) == (0, "")


def test_reimport_keeps_the_translators_header_lines_as_written(root: Path, sample: Path) -> None:
    """A tool's own header field (Poedit's, spacing and all) survives a re-import, as with
    msgmerge; only the fields the merge changes are rewritten."""
    [first] = run_import(root, sample)
    text = first.catalog.read_text(encoding="utf-8")
    custom = '"X-Poedit-SourceCharset:   UTF-8  \\n"\n'
    first.catalog.write_text(
        text.replace('"Language: en\\n"\n', '"Language: en\\n"\n' + custom, 1),
        encoding="utf-8",
    )
    sample.write_text(sample.read_text(encoding="utf-8") + "\n\nفقرة جديدة.\n", encoding="utf-8")
    [second] = import_sources(
        [sample], language="en", locales=root / "locales", root=root, created=LATER
    )
    assert second.written
    merged = second.catalog.read_text(encoding="utf-8")
    assert custom in merged
    assert '"POT-Creation-Date: 2026-12-01 09:30+0000\\n"' in merged


# --- bad input: clear errors, nothing written ----------------------------------------------------


def test_not_utf8_names_file_line_and_byte_offset(root: Path) -> None:
    source = root / "corpus" / "cp1256.ar.txt"
    source.write_bytes("سطر أول\n".encode() + "مرحبا".encode("cp1256"))
    with pytest.raises(WorkbenchError) as raised:
        run_import(root, source)
    offset = len("سطر أول\n".encode())
    assert f"byte offset {offset}" in str(raised.value)
    assert raised.value.path == source and raised.value.line == 2
    assert not (root / "locales").exists()


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_source_is_named_as_such(root: Path, encoding: str) -> None:
    """Windows editors save "Unicode" text as UTF-16 with a byte order mark: the hint must
    not suggest CP1256."""
    source = root / "corpus" / "notepad.ar.txt"
    source.write_bytes("\ufeffمرحبا بكم.\n".encode(encoding))
    with pytest.raises(WorkbenchError) as raised:
        run_import(root, source)
    message = str(raised.value)
    assert "is UTF-16" in message and "iconv -f UTF-16 -t UTF-8" in message
    assert "CP1256" not in message
    assert not (root / "locales").exists()


@pytest.mark.parametrize("content", ["", "  \n\n\t\n", "photo.jpg\n\nhttps://example.org/x\n"])
def test_empty_source_writes_no_catalog(root: Path, content: str) -> None:
    source = root / "corpus" / "empty.ar.txt"
    source.write_text(content, encoding="utf-8")
    with pytest.raises(WorkbenchError, match="nothing to translate"):
        run_import(root, source)
    assert not (root / "locales").exists()


def test_unknown_language_is_rejected_before_anything_is_read(root: Path, sample: Path) -> None:
    with pytest.raises(WorkbenchError, match="unknown language code 'xx'"):
        run_import(root, sample, language="xx")
    assert not (root / "locales").exists()


def test_one_bad_source_among_several_stops_everything(root: Path, sample: Path) -> None:
    with pytest.raises(WorkbenchError, match="no such source file"):
        run_import(root, sample, root / "corpus" / "missing.ar.txt")
    assert not (root / "locales").exists()


def test_utf8_bom_is_not_part_of_the_first_msgid(root: Path) -> None:
    source = root / "corpus" / "bom.ar.txt"
    source.write_bytes("\ufeffجملة.\n".encode())
    [result] = run_import(root, source)
    assert read_po(result.catalog)[0].msgid == "جملة."


# --- the core's one reader, shared by import, translate --file and glossary match --file --------


def test_read_source_keeps_crlf_and_drops_a_byte_order_mark(tmp_path: Path) -> None:
    source = tmp_path / "crlf.ar.txt"
    source.write_bytes(b"\xef\xbb\xbf" + "سطر أول\r\nسطر ثان\r\n".encode())
    assert read_source(source) == "سطر أول\r\nسطر ثان\r\n"


def test_read_source_refuses_a_nul_byte_naming_offset_and_line(tmp_path: Path) -> None:
    source = tmp_path / "binary.ar.txt"
    source.write_bytes("سطر\n".encode() + b"a\0b")
    with pytest.raises(WorkbenchError) as raised:
        read_source(source)
    offset = len("سطر\n".encode()) + 1
    assert str(raised.value) == (
        f"{source}:2: contains a NUL byte at byte offset {offset}: not a text file"
    )


def test_translatable_sentences_are_the_text_segments_in_order(tmp_path: Path) -> None:
    source = tmp_path / "article.ar.txt"
    source.write_text(
        "وصل الوزير. ثم بدأ الاجتماع!\n\nphoto_1.jpg\n\nhttps://example.org/a\n\nانتهى.\n",
        encoding="utf-8",
    )
    assert translatable_sentences(source) == ["وصل الوزير.", "ثم بدأ الاجتماع!", "انتهى."]


@pytest.mark.parametrize(
    ("content", "reason"),
    [("", "it is empty"), ("photo.jpg\n\n***\n", "only image names, URLs or symbols")],
)
def test_translatable_sentences_say_why_there_are_none(
    tmp_path: Path, content: str, reason: str
) -> None:
    """Worded as import words it, without import's 'no catalog written'."""
    source = tmp_path / "empty.ar.txt"
    source.write_text(content, encoding="utf-8")
    with pytest.raises(WorkbenchError) as raised:
        translatable_sentences(source)
    assert str(raised.value) == f"{source}: nothing to translate: {reason}"


@pytest.mark.parametrize("name", ["news.po", "news.pot"])
def test_translatable_sentences_refuse_a_catalog_before_reading_it(
    tmp_path: Path, name: str
) -> None:
    """A catalog would be segmented as prose, msgid keywords and all; even a missing one is
    named as a catalog, since the mistake is the command, not the file."""
    with pytest.raises(WorkbenchError) as raised:
        translatable_sentences(tmp_path / name)
    assert str(raised.value) == (
        f"{tmp_path / name}: is a gettext catalog, not a text file "
        "('workbench pretranslate CATALOG' fills a catalog with MT)"
    )


def test_segment_source_adds_what_was_not_done(tmp_path: Path) -> None:
    source = tmp_path / "blank.ar.txt"
    source.write_text("  \n", encoding="utf-8")
    with pytest.raises(WorkbenchError) as raised:
        segment_source(source, consequence="no catalog written", hint="add sentences")
    assert str(raised.value) == (
        f"{source}: nothing to translate: it is empty; no catalog written (add sentences)"
    )
    source.write_text("جملة.\n\nphoto.jpg\n", encoding="utf-8")
    assert [(s.text, s.kind, s.line) for s in segment_source(source)] == [
        ("جملة.", "text", 1),
        ("photo.jpg", "image", 3),
    ]
