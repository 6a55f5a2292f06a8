"""The page cache: a build from it equals a build from a fresh parse, and anything doubtful
(an edited page, a damaged or foreign file, another reader) is parsed again."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from workbench.documents import cache, markup
from workbench.documents.formats import read_document
from workbench.documents.html import HtmlFormat
from workbench.documents.markdown import MarkdownFormat
from workbench.documents.model import SourceDocument
from workbench.documents.target import target_language

DATA = Path(__file__).resolve().parents[1] / "data" / "documents"
ENGLISH = target_language("en")


def translated(document: SourceDocument) -> list[str | None]:
    """A translation of every unit keeping its placeholders, so every slot kind is rendered."""
    out: list[str | None] = []
    for index, unit in enumerate(document.units):
        pieces = markup.split_unit(unit.text)
        out.append(
            "".join(p.text if p.placeholder else f" E{index}.{n} " for n, p in enumerate(pieces))
        )
    return out


@pytest.fixture(params=["article.ar.html", "article.ar.md"])
def page(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    source = tmp_path / request.param
    shutil.copyfile(DATA / request.param, source)
    return source


def parse_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any real parse fail, to show a read came from the cache."""

    def refuse(self: object, text: str, path: Path | None = None) -> SourceDocument:
        raise AssertionError("parsed although cached")

    monkeypatch.setattr(HtmlFormat, "read", refuse)
    monkeypatch.setattr(MarkdownFormat, "read", refuse)


def test_a_cached_page_builds_the_same_bytes(
    page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "cache"
    text = page.read_text(encoding="utf-8")
    parsed = read_document(page, text, folder)
    assert list(folder.iterdir()), "the parse was kept"
    parse_fails(monkeypatch)
    cached = read_document(page, text, folder)
    assert cached.units == parsed.units
    assert cached.units, "the sample has units"
    assert cached.warnings == parsed.warnings
    assert cached.markup == parsed.markup
    for translations in (translated(parsed), [None] * len(parsed.units)):
        assert cached.rebuild(translations, ENGLISH) == parsed.rebuild(translations, ENGLISH)


def test_an_edited_page_is_parsed_again(page: Path, tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    text = page.read_text(encoding="utf-8")
    read_document(page, text, folder)
    edited = text.replace("</h1>", " ١</h1>").replace("\n# ", "\n# ١ ", 1)
    assert edited != text
    document = read_document(page, edited, folder)
    fresh = read_document(page, edited)
    assert document.units == fresh.units
    assert cache.load(folder, page, edited) is not None, "the new parse replaced the old"
    assert cache.load(folder, page, text) is None


def test_a_damaged_cache_file_is_parsed_again(page: Path, tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    text = page.read_text(encoding="utf-8")
    fresh = read_document(page, text, folder)
    kept = cache.cache_path(folder, page)
    header, _, payload = kept.read_bytes().partition(b"\n")
    data = json.loads(payload)
    data["units"][0][0] = "مزور"
    kept.write_bytes(header + b"\n" + json.dumps(data, ensure_ascii=False).encode())
    assert cache.load(folder, page, text) is None
    assert read_document(page, text, folder).units == fresh.units
    kept.write_bytes(b"not json at all")
    assert cache.load(folder, page, text) is None
    assert read_document(page, text, folder).units == fresh.units


def test_a_skeleton_not_giving_back_the_source_is_refused(page: Path, tmp_path: Path) -> None:
    """Even with matching hashes, a skeleton must render the source exactly."""
    folder = tmp_path / "cache"
    text = page.read_text(encoding="utf-8")
    document = read_document(page, text)
    wrong = SourceDocument(page, document.units, document.skeleton[1:], [], document.markup)
    cache.store(folder, page, text, wrong)
    assert cache.load(folder, page, text) is None


def test_another_reader_does_not_use_the_cache(
    page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "cache"
    text = page.read_text(encoding="utf-8")
    read_document(page, text, folder)
    monkeypatch.setattr(cache, "reader_fingerprint", lambda: "another reader")
    assert cache.load(folder, page, text) is None


def test_an_unwritable_cache_is_skipped(page: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "blocked"
    blocker.write_text("a file where the folder would be", encoding="utf-8")
    text = page.read_text(encoding="utf-8")
    document = read_document(page, text, blocker / "cache")
    assert document.units == read_document(page, text).units
    assert blocker.read_text(encoding="utf-8") == "a file where the folder would be"


def test_plain_text_is_not_cached(tmp_path: Path) -> None:
    source = tmp_path / "note.ar.txt"
    source.write_text("جملة أولى. جملة ثانية.\n", encoding="utf-8")
    read_document(source, source.read_text(encoding="utf-8"), tmp_path / "cache")
    assert not (tmp_path / "cache").exists()
