"""The command line's output (:mod:`workbench.cli.render`) and its wiring to the handlers."""

from __future__ import annotations

import argparse
import importlib
from pathlib import Path

from workbench.catalog.stats import CatalogStats
from workbench.cli import build_parser
from workbench.cli.render import (
    _RENDERERS,
    finding_line,
    finding_record,
    match_record,
    stats_table,
)
from workbench.glossary.model import Term, TermMatch
from workbench.qa import Finding


def stats_table_lines(rows: list[CatalogStats], shown: list[str]) -> list[str]:
    return stats_table(rows, shown).splitlines()


def test_table_is_aligned_with_a_percentage() -> None:
    rows = [
        CatalogStats(Path("a.po"), 4, 1, 1, 2, 0, 10),
        CatalogStats(Path("long/name.po"), 0, 0, 0, 0, 3, 0),
    ]
    lines = stats_table_lines(rows, ["a.po", "long/name.po"])
    assert lines[0].split() == [
        "catalog", "total", "translated", "fuzzy", "untranslated", "obsolete", "words", "done"
    ]  # fmt: skip
    assert lines[1].split() == ["a.po", "4", "1", "1", "2", "0", "10", "25%"]
    assert lines[2].split() == ["long/name.po", "0", "0", "0", "0", "3", "0", "100%"]
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
    finding = Finding("numbers", "error", "27 is not 72", 12, "وقع 72", catalog)
    assert finding_line(finding) == f"{catalog}:12: error: [numbers] 27 is not 72"
    assert finding_record(finding) == {
        "catalog": str(catalog), "line": 12, "msgid": "وقع 72", "check": "numbers",
        "severity": "error", "message": "27 is not 72",
    }  # fmt: skip
    unplaced = Finding("fuzzy", "warning", "unreviewed")
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
    assert len(commands) == 22  # 19, then mt eval, model ensure and model adapt (issue 15)
    results = set()
    for command in commands:
        module, _, name = command.get_default("handler").rpartition(".")
        handler = getattr(importlib.import_module(f"workbench.cli.{module}"), name)
        results.add(handler.__annotations__["return"])
    named = {part.strip() for result in results for part in result.split("|")}
    assert named and named <= set(_RENDERERS)
