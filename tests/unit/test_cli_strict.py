"""``compile --strict``: compile joined with QA by the CLI (:mod:`workbench.cli.catalogs`),
QA's errors refusing a catalog and keeping their check's name up to the printed line."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest

from tests.unit.test_compile import sample_catalog, write_catalog
from workbench.catalog.compiler import (
    COMPILED,
    FAILED,
    compile_catalog,
    compile_catalogs,
    is_up_to_date,
)
from workbench.cli.catalogs import strict_options
from workbench.cli.render import compile_problem_lines


def test_strict_refuses_catalogs_with_qa_errors(tmp_path: Path) -> None:
    po = sample_catalog("en")
    po.append(polib.POEntry(msgid="وقع 72 دولة على الاتفاقية.", msgstr="27 countries signed."))
    catalog = write_catalog(po, tmp_path)
    assert compile_catalog(catalog).status == COMPILED  # GNU checks pass
    strict = compile_catalog(catalog, strict_options(None, None))
    assert strict.status == FAILED
    assert strict.extra_problems
    assert any(problem.code == "numbers" and problem.is_error for problem in strict.extra_problems)
    assert all(problem.line is not None and problem.line > 1 for problem in strict.errors)
    assert not is_up_to_date(catalog, strict_options(None, None))


def test_strict_reports_gnu_and_qa_errors_together_by_line(tmp_path: Path) -> None:
    po = sample_catalog("en")
    po.append(polib.POEntry(msgid="وقع 72 دولة.", msgstr="27 countries signed."))
    po.append(polib.POEntry(msgid="سطر\n", msgstr="line"))
    catalog = write_catalog(po, tmp_path)
    result = compile_catalog(catalog, strict_options(None, None))
    assert result.extra_problems is not None
    lines = compile_problem_lines(result, "hanoi.po")
    assert len(lines) == len(result.problems) + len(result.extra_problems)
    assert any(re.match(r"hanoi\.po:\d+: \[numbers\] ", line) for line in lines)
    assert any("do not both end with" in line and "[" not in line for line in lines)
    numbers = [int(line.split(":")[1]) for line in lines]
    assert numbers == sorted(numbers)


def test_strict_loads_the_glossary_once_for_all_catalogs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Several catalogs, one glossary load; a changed glossary file is loaded again."""
    from workbench.glossary import Glossary

    glossary = tmp_path / "titles.tsv"
    glossary.write_text("الأمم المتحدة\tUnited Nations\n", encoding="utf-8")
    loads: list[Path] = []
    real = Glossary.load.__func__  # type: ignore[attr-defined]

    def counting(cls, path, **kwargs):
        loads.append(Path(path))
        return real(cls, path, **kwargs)

    monkeypatch.setattr(Glossary, "load", classmethod(counting))
    catalogs = []
    for name in ("a", "b", "c"):
        po = sample_catalog("en")
        po.append(polib.POEntry(msgid="الأمم المتحدة", msgstr="The UN"))
        catalogs.append(write_catalog(po, tmp_path / name))
    options = strict_options(glossary, "en", force=True)
    report = compile_catalogs(catalogs, options)
    assert [r.status for r in report.results] == [FAILED] * 3  # the title check ran for each
    assert loads == [glossary]
    glossary.write_text("الأمم المتحدة\tUnited Nations Organization\n", encoding="utf-8")
    compile_catalogs(catalogs[:1], options)
    assert loads == [glossary, glossary]


def test_a_catalog_qa_cannot_read_is_one_error_saying_so(tmp_path: Path) -> None:
    from workbench.cli.catalogs import qa_errors

    missing = tmp_path / "gone.po"
    [problem] = qa_errors(None, None)(missing)
    assert problem.is_error and problem.path == missing and problem.line == 1
    assert problem.message.startswith("QA could not check the catalog: ") and not problem.code
