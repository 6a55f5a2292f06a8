"""End to end: compile, stats, qa, pretranslate and tui choose their catalogs and their glossary
by the same rules, with the same words (catalog.discovery.select_catalogs,
glossary.termbase.project_glossary_path)."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.cli import main

SAMPLE = "corpus/hanoi-convention-signing.ar.txt"
CATALOG = "locales/en/LC_MESSAGES/hanoi-convention-signing.po"
GLOSSARY_COMMANDS = [
    ["compile", "--strict"],
    ["qa"],
    ["pretranslate", "--dry-run"],
]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.fixture()
def imported(project: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    assert run(capsys, "import", SAMPLE, "--lang", "en")[0] == 0
    (project / "notes.txt").write_text("not a catalog\n", encoding="utf-8")
    return project / CATALOG


@pytest.mark.parametrize("command", ["qa", "pretranslate", "tui", "compile", "stats"])
@pytest.mark.parametrize(
    ("named", "message"),
    [
        ("locales/en/LC_MESSAGES/missing.po", "no such catalog"),
        ("locales/en", "is a folder, not a catalog"),
        ("notes.txt", "not a .po catalog"),
    ],
)
def test_bad_catalog_is_refused_naming_it(
    imported: Path, capsys: pytest.CaptureFixture[str], command: str, named: str, message: str
) -> None:
    status, out, err = run(capsys, command, named)
    assert (status, out) == (2, "")
    assert err == f"workbench: {named}: {message}\n"


@pytest.mark.parametrize("command", ["qa", "pretranslate", "tui", "compile", "stats"])
def test_no_catalogs_is_worded_alike(
    project: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    status, _, err = run(capsys, command)
    assert status == 2 and "locales folder not found" in err and "workbench import" in err
    (project / "locales").mkdir()
    status, _, err = run(capsys, command)
    assert status == 2 and "no catalogs found" in err and "workbench import" in err


def test_pretranslate_refuses_catalogs_named_with_all(
    imported: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = run(capsys, "pretranslate", "--all", CATALOG)
    assert status == 2 and "name catalogs or use --all, not both" in err


@pytest.mark.parametrize("command", [*GLOSSARY_COMMANDS, ["tui"]])
def test_explicit_missing_glossary_exits_2_naming_it(
    project: Path, imported: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    before = imported.read_bytes()
    status, out, err = run(capsys, *command, "--glossary", "missing.tsv")
    assert (status, out) == (2, "")
    assert err.startswith(f"workbench: {project.resolve() / 'missing.tsv'}: glossary file")
    assert "--glossary" in err and err.count("\n") == 1
    assert imported.read_bytes() == before
    assert not imported.with_suffix(".mo").exists()


def test_explicit_glossary_folder_is_refused(
    imported: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = run(capsys, "qa", "--glossary", "corpus")
    assert status == 2 and "corpus: is a folder, not a glossary file" in err


def test_missing_configured_glossary_is_skipped_silently(
    project: Path, imported: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "corpus/official-titles.tsv").unlink()
    status, out, err = run(capsys, "compile", "--strict")
    assert (status, err) == (0, "") and "compiled" in out
    status, out, err = run(capsys, "qa")
    assert (status, err) == (0, "") and "0 error(s), 32 warning(s) in 1 catalog(s)" in out
    # no MT model here: the dry run still plans every entry, and only the model is reported
    status, out, err = run(capsys, "pretranslate", "--dry-run")
    assert "dry run: 32 entries" in out
    assert "glossary" not in err and "model" in err


def test_compile_refuses_a_glossary_it_would_not_use(
    imported: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--glossary without --strict would be silently unused: refused; nothing is compiled."""
    (imported.parents[3] / "titles.tsv").write_text("هانوي\tHanoi\n", encoding="utf-8")
    status, out, err = run(capsys, "compile", "--glossary", "titles.tsv")
    assert status == 2 and "--glossary is used by --strict's title checks only" in err
    assert not list(imported.parent.glob("*.mo"))
    status, out, err = run(capsys, "compile", "--strict", "--glossary", "missing.tsv")
    assert status == 2 and "missing.tsv: glossary file not found" in err


def test_compile_strict_uses_the_explicit_glossary(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A name the glossary spells otherwise is a QA error under --strict, and only with the
    glossary that holds it."""
    import polib

    catalog = project / "locales/en/LC_MESSAGES/news.po"
    catalog.parent.mkdir(parents=True)
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "en"}
    po.append(polib.POEntry(msgid="تؤمن فيتنام بالتعاون.", msgstr="Vietnam believes in it."))
    po.save(str(catalog))
    empty = project / "empty.tsv"
    empty.write_text("# no terms\n", encoding="utf-8")
    status, _, err = run(capsys, "compile", "--strict")  # the configured glossary
    assert status == 1 and "news.po:7: [glossary] " in err
    status, out, err = run(capsys, "compile", "--strict", "--glossary", "empty.tsv")
    assert status == 0 and "compiled" in out and "[glossary]" not in err
