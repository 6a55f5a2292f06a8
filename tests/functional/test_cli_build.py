"""``workbench build`` end to end: the translated article from its catalog, its counts, its
threshold, HTML through a real parser, and every bad input as one line."""

from __future__ import annotations

import json
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from workbench.catalog.pofile import read_po, write_po
from workbench.cli import main

SAMPLE = "corpus/hanoi-convention-signing.ar.txt"
CATALOG = Path("locales/en/LC_MESSAGES/hanoi-convention-signing.po")
OUTPUT = Path("build/en/hanoi-convention-signing.en.txt")
DATA = Path(__file__).resolve().parents[1] / "data" / "documents"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def translate_first(catalog: Path, count: int, *, fuzzy: bool = False) -> dict[str, str]:
    """Give the first ``count`` entries a recognisable translation; return them by msgid."""
    po = read_po(catalog)
    done = {}
    for number, entry in enumerate(po[:count]):
        entry.msgstr = f"English sentence {number}."
        if fuzzy:
            entry.flags.append("fuzzy")
        done[entry.msgid] = entry.msgstr
    write_po(po, catalog)
    assert len(done) == count
    return done


def test_build_replaces_approved_entries_and_keeps_the_rest(project: Path, capsys) -> None:
    assert run(capsys, "import", SAMPLE, "--lang", "en")[0] == 0
    translated = translate_first(CATALOG, 3)
    status, out, err = run(capsys, "build")
    assert (status, err) == (0, "")
    assert out.startswith(f"{OUTPUT}: ") and "3 translated" in out
    text = OUTPUT.read_text(encoding="utf-8")
    for msgid, msgstr in translated.items():
        assert msgstr in text and msgid not in text
    untouched = [e.msgid for e in read_po(CATALOG) if e.msgid not in translated]
    assert untouched and all(msgid in text for msgid in untouched)  # source as fallback
    first = OUTPUT.read_bytes()
    assert run(capsys, "build")[0] == 0 and OUTPUT.read_bytes() == first  # deterministic


def test_fuzzy_entries_are_used_only_when_asked(project: Path, capsys) -> None:
    run(capsys, "import", SAMPLE, "--lang", "en")
    translated = translate_first(CATALOG, 2, fuzzy=True)
    run(capsys, "build")
    assert not any(t in OUTPUT.read_text(encoding="utf-8") for t in translated.values())
    status, out, _ = run(capsys, "build", "--use-fuzzy", "--json")
    record = json.loads(out)["documents"][0]
    assert status == 0 and record["fuzzy_used"] == 2 and record["translated"] == 0
    assert record["output"] == str(OUTPUT) and record["source"] == SAMPLE
    assert all(t in OUTPUT.read_text(encoding="utf-8") for t in translated.values())


def test_below_the_threshold_nothing_is_written(project: Path, capsys) -> None:
    run(capsys, "import", SAMPLE, "--lang", "en")
    translate_first(CATALOG, 1)
    status, out, err = run(capsys, "build", "--min-translated", "90")
    assert status == 1 and out == "" and err.count("\n") == 1
    assert "% translated" in err and "nothing written" in err
    assert not OUTPUT.exists()


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["build", "corpus/missing.ar.txt"], "missing.ar.txt"),
        (["build", SAMPLE], "workbench import"),  # no catalog yet: says which import makes it
        (["build", "--min-translated", "101"], "0 to 100"),
        (["build", "--min-translated", "x"], "0 to 100"),
        (["build", "--lang", "xx-nonsense"], "xx-nonsense"),
    ],
)
def test_bad_input_is_one_line(project: Path, capsys, argv: list[str], fragment: str) -> None:
    status, out, err = run(capsys, *argv)
    assert status == 2 and out == ""
    assert err.startswith("workbench: ") and err.count("\n") == 1, err
    assert fragment in err


class _Tree(HTMLParser):
    """Start tags with their attributes, in order: the page's structure."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, [a for a in attrs if a[0] not in ("lang", "dir", "alt", "title")]))


def test_an_html_page_builds_with_its_structure(project: Path, capsys) -> None:
    page = project / "corpus" / "article.ar.html"
    shutil.copy(DATA / "article.ar.html", page)
    assert run(capsys, "import", str(page), "--lang", "en")[0] == 0
    catalog = Path("locales/en/LC_MESSAGES/article.po")
    po = read_po(catalog)
    assert len(po) > 0
    for entry in po:
        entry.msgstr = entry.msgid  # placeholders kept exactly
    write_po(po, catalog)
    status, out, err = run(capsys, "build", str(page))
    assert status == 0, err
    built = Path("build/en/article.en.html").read_text(encoding="utf-8")
    source, target = _Tree(), _Tree()
    source.feed(page.read_text(encoding="utf-8"))
    target.feed(built)
    assert source.tags and source.tags == target.tags
    assert 'lang="en"' in built and 'dir="ltr"' in built


def test_a_translation_losing_markup_is_refused_with_its_line(project: Path, capsys) -> None:
    page = project / "corpus" / "article.ar.html"
    shutil.copy(DATA / "article.ar.html", page)
    run(capsys, "import", str(page), "--lang", "en")
    catalog = Path("locales/en/LC_MESSAGES/article.po")
    po = read_po(catalog)
    marked = [entry for entry in po if "<b0>" in entry.msgid or "<b0/>" in entry.msgid]
    assert marked, "the sample page has inline markup"
    marked[0].msgstr = "A translation that lost its markup."
    write_po(po, catalog)
    status, out, err = run(capsys, "build", str(page))
    assert status == 1 and out == "" and err.count("\n") == 1
    assert f"{catalog}:" in err
    assert not Path("build/en/article.en.html").exists()


def test_build_takes_the_page_import_read_and_gives_the_same_bytes(
    project: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Import keeps the page's units and skeleton under .workbench/documents; the build reads
    them instead of parsing, and its output equals a build that parsed the page."""
    from workbench.documents.html import HtmlFormat

    page = project / "corpus" / "article.ar.html"
    shutil.copy(DATA / "article.ar.html", page)
    assert run(capsys, "import", str(page), "--lang", "en")[0] == 0
    assert list((project / ".workbench" / "documents").glob("article.ar.html.*.json"))
    translate_first(Path("locales/en/LC_MESSAGES/article.po"), 3)
    with monkeypatch.context() as patched:
        patched.setattr(HtmlFormat, "read", lambda *_: pytest.fail("parsed although cached"))
        status, _, err = run(capsys, "build", str(page))
    assert status == 0, err
    from_cache = Path("build/en/article.en.html").read_bytes()
    shutil.rmtree(project / ".workbench" / "documents")
    assert run(capsys, "build", str(page))[0] == 0
    assert Path("build/en/article.en.html").read_bytes() == from_cache
