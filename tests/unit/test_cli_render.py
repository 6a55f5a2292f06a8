"""The command line's output (:mod:`workbench.cli.render`) and its wiring to the handlers;
how it prints a Diagnostic: compile's msgfmt-style lines, QA's lines and JSON, the glossary
check's lines (each as it was printed before the one Diagnostic shape)."""

from __future__ import annotations

import argparse
import importlib
import json
from pathlib import Path

import pytest

from workbench.catalog.stats import CatalogStats
from workbench.cli import build_parser, main
from workbench.cli.render import (
    _RENDERERS,
    compile_problem_line,
    finding_line,
    finding_record,
    glossary_problem_line,
    match_record,
    stats_table,
)
from workbench.diagnostic import Diagnostic
from workbench.glossary.model import Term, TermMatch

CATALOG = Path("locales/en/LC_MESSAGES/news.po")


def stats_table_lines(rows: list[CatalogStats], shown: list[str]) -> list[str]:
    return stats_table(rows, shown).splitlines()


def test_table_is_aligned_with_a_percentage() -> None:
    rows = [
        CatalogStats(Path("a.po"), 4, 1, 1, 2, 0, 10),
        CatalogStats(Path("long/name.po"), 0, 0, 0, 0, 3, 0),
    ]
    lines = stats_table_lines(rows, ["a.po", "long/name.po"])
    assert lines[0].split() == [
        "catalog", "total", "translated", "reviewed", "fuzzy", "untranslated", "obsolete",
        "words", "done",
    ]  # fmt: skip
    assert lines[1].split() == ["a.po", "4", "1", "0", "1", "2", "0", "10", "25%"]
    assert lines[2].split() == ["long/name.po", "0", "0", "0", "0", "0", "3", "0", "100%"]
    assert len({len(line) for line in lines}) == 1


def test_done_is_never_rounded_up_to_100_percent() -> None:
    """299 of 300 translated is not done: the column used to print 100%."""
    rows = [
        CatalogStats(Path("a.po"), 300, 299, 0, 1, 0, 900),
        CatalogStats(Path("b.po"), 300, 2, 0, 298, 0, 900),
    ]
    lines = stats_table_lines(rows, ["a.po", "b.po"])
    assert lines[1].split()[-1] == "99%"
    assert lines[2].split()[-1] == "0%"


def test_a_glossary_match_as_json_names_term_and_offsets() -> None:
    term = Term("الأمم المتحدة", "United Nations", "the UN body", rejected=("UN",))
    record = match_record(TermMatch(start=3, end=17, text="للأمم المتحدة", term=term))
    assert record == {
        "start": 3, "end": 17, "text": "للأمم المتحدة", "term": "الأمم المتحدة",
        "target": "United Nations", "note": "the UN body",
    }  # fmt: skip


def test_a_qa_finding_is_one_line_and_one_record_with_its_check(tmp_path: Path) -> None:
    catalog = tmp_path / "en.po"
    finding = Diagnostic("27 is not 72", "numbers", "error", catalog, 12, subject="وقع 72")
    assert finding_line(finding) == f"{catalog}:12: error: [numbers] 27 is not 72"
    assert finding_record(finding) == {
        "catalog": str(catalog), "line": 12, "msgid": "وقع 72", "check": "numbers",
        "severity": "error", "message": "27 is not 72",
    }  # fmt: skip
    unplaced = Diagnostic("unreviewed", "fuzzy", "warning")
    assert finding_line(unplaced) == "warning: [fuzzy] unreviewed"
    assert finding_record(unplaced)["catalog"] is None


def _commands(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    """Every leaf command's parser (``compile``, ``tm search``...)."""
    found = []
    for action in parser._actions:  # noqa: SLF001
        if isinstance(action, argparse._SubParsersAction):  # noqa: SLF001
            for command in action.choices.values():
                found.extend(_commands(command) or [command])
    return found


def test_every_command_names_a_handler_whose_result_has_a_renderer() -> None:
    commands = _commands(build_parser())
    assert len(commands) == 27  # + xliff export/import, build, mt eval, model ensure/adapt,
    # tm concordance, serve
    results = set()
    for command in commands:
        module, _, name = command.get_default("handler").rpartition(".")
        handler = getattr(importlib.import_module(f"workbench.cli.{module}"), name)
        results.add(handler.__annotations__["return"])
    named = {part.strip() for result in results for part in result.split("|")}
    assert named and named <= set(_RENDERERS)


def test_compile_lines_are_msgfmts() -> None:
    error = Diagnostic("duplicate message definition", "duplicate", "error", CATALOG, 12)
    warning = Diagnostic("header field 'Language' missing in header", "header", "warning",
                         CATALOG, 3)
    assert compile_problem_line(error) == (
        "locales/en/LC_MESSAGES/news.po:12: duplicate message definition"
    )
    assert compile_problem_line(warning) == (
        "locales/en/LC_MESSAGES/news.po:3: warning: header field 'Language' missing in header"
    )


def test_qa_line_names_severity_and_check() -> None:
    finding = Diagnostic("number(s) 72 missing", "numbers", "error", CATALOG, 40, subject="س")
    assert finding_line(finding) == (
        "locales/en/LC_MESSAGES/news.po:40: error: [numbers] number(s) 72 missing"
    )
    at_file = Diagnostic("no plural forms", "plural-forms", "error", CATALOG)
    assert finding_line(at_file) == (
        "locales/en/LC_MESSAGES/news.po: error: [plural-forms] no plural forms"
    )
    unlocated = Diagnostic("not translated yet", "untranslated", "warning")
    assert finding_line(unlocated) == "warning: [untranslated] not translated yet"


def test_qa_json_keeps_its_keys_and_order() -> None:
    finding = Diagnostic("double space", "double-space", "warning", CATALOG, 7, subject="وقعت")
    assert list(finding_record(finding).items()) == [
        ("catalog", "locales/en/LC_MESSAGES/news.po"),
        ("line", 7),
        ("msgid", "وقعت"),
        ("check", "double-space"),
        ("severity", "warning"),
        ("message", "double space"),
    ]
    unlocated = finding_record(Diagnostic("not translated yet", "untranslated", "warning"))
    assert (unlocated["catalog"], unlocated["line"], unlocated["msgid"]) == (None, None, "")


def test_glossary_check_line_names_the_kind() -> None:
    glossary = Path("corpus/official-titles.tsv")
    with_line = Diagnostic("empty term", "empty", path=glossary, line=7)
    assert glossary_problem_line(with_line) == "corpus/official-titles.tsv:7: empty: empty term"
    whole_file = Diagnostic("not a TBX file: root element <html>", "bad-line", path=glossary)
    assert glossary_problem_line(whole_file) == (
        "corpus/official-titles.tsv: bad-line: not a TBX file: root element <html>"
    )


def test_qa_command_prints_and_dumps_the_same_findings(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    catalog = project / "locales/en/LC_MESSAGES/news.po"
    catalog.parent.mkdir(parents=True)
    catalog.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: en\\n"\n\n'
        'msgid "وقعت 72 دولة"\nmsgstr "Signed by 27 countries"\n',
        encoding="utf-8",
    )
    assert main(["qa", str(catalog), "--glossary", "corpus/official-titles.tsv"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(
        "locales/en/LC_MESSAGES/news.po:6: error: [numbers] number(s) 72 of the source"
    )
    assert lines[-1] == "1 error(s), 0 warning(s) in 1 catalog(s)"
    assert main(["qa", str(catalog), "--json", "--glossary", "corpus/official-titles.tsv"]) == 1
    dumped = json.loads(capsys.readouterr().out)
    assert [(d["catalog"], d["line"], d["msgid"], d["check"], d["severity"]) for d in dumped] == [
        ("locales/en/LC_MESSAGES/news.po", 6, "وقعت 72 دولة", "numbers", "error")
    ]


def test_pretranslate_warns_of_catalogs_the_memory_skipped(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The run fills from the memory; the memory's sync skipped an unreadable catalog: the
    run says so on stderr (a warning: the exit status stays 0)."""
    from workbench.config import load_config
    from workbench.tm import TranslationMemory

    monkeypatch.setattr("workbench.priority.yield_cpu_to_interactive_work", lambda: None)
    TranslationMemory(load_config().tm).close()
    folder = project / "locales/en/LC_MESSAGES"
    folder.mkdir(parents=True)
    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    (folder / "approved.po").write_text(header + 'msgid "سلام"\nmsgstr "Peace"\n', "utf-8")
    (folder / "new.po").write_text(header + 'msgid "سلام"\nmsgstr ""\n', "utf-8")
    (folder / "broken.po").write_text('msgid "unterminated\n', "utf-8")
    assert main(["pretranslate", str(folder / "new.po"), "--no-glossary"]) == 0
    err = capsys.readouterr().err
    assert err.startswith("workbench: warning: skipped for the memory: ")
    assert "broken.po" in err and err.count("\n") == 1
