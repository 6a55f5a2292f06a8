"""How the CLI prints a Diagnostic: compile's msgfmt-style lines, QA's lines and JSON, the
glossary check's lines (each as it was printed before the one Diagnostic shape)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workbench.cli import (
    main,
    qa_finding_json,
    render_compile_diagnostic,
    render_glossary_problem,
    render_qa_finding,
)
from workbench.diagnostic import Diagnostic

CATALOG = Path("locales/en/LC_MESSAGES/news.po")


def test_compile_lines_are_msgfmts() -> None:
    error = Diagnostic("duplicate message definition", "duplicate", "error", CATALOG, 12)
    warning = Diagnostic("header field 'Language' missing in header", "header", "warning",
                         CATALOG, 3)
    assert render_compile_diagnostic(error) == (
        "locales/en/LC_MESSAGES/news.po:12: duplicate message definition"
    )
    assert render_compile_diagnostic(warning) == (
        "locales/en/LC_MESSAGES/news.po:3: warning: header field 'Language' missing in header"
    )


def test_qa_line_names_severity_and_check() -> None:
    finding = Diagnostic("number(s) 72 missing", "numbers", "error", CATALOG, 40, subject="س")
    assert render_qa_finding(finding) == (
        "locales/en/LC_MESSAGES/news.po:40: error: [numbers] number(s) 72 missing"
    )
    at_file = Diagnostic("no plural forms", "plural-forms", "error", CATALOG)
    assert render_qa_finding(at_file) == (
        "locales/en/LC_MESSAGES/news.po: error: [plural-forms] no plural forms"
    )
    unlocated = Diagnostic("not translated yet", "untranslated", "warning")
    assert render_qa_finding(unlocated) == "warning: [untranslated] not translated yet"


def test_qa_json_keeps_its_keys_and_order() -> None:
    finding = Diagnostic("double space", "double-space", "warning", CATALOG, 7, subject="وقعت")
    assert list(qa_finding_json(finding).items()) == [
        ("catalog", "locales/en/LC_MESSAGES/news.po"),
        ("line", 7),
        ("msgid", "وقعت"),
        ("check", "double-space"),
        ("severity", "warning"),
        ("message", "double space"),
    ]
    unlocated = qa_finding_json(Diagnostic("not translated yet", "untranslated", "warning"))
    assert (unlocated["catalog"], unlocated["line"], unlocated["msgid"]) == (None, None, "")


def test_glossary_check_line_names_the_kind() -> None:
    glossary = Path("corpus/official-titles.tsv")
    with_line = Diagnostic("empty term", "empty", path=glossary, line=7)
    assert render_glossary_problem(with_line) == "corpus/official-titles.tsv:7: empty: empty term"
    whole_file = Diagnostic("not a TBX file: root element <html>", "bad-line", path=glossary)
    assert render_glossary_problem(whole_file) == (
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
