"""The import contracts in ``pyproject.toml`` ([tool.importlinter]): the workbench keeps them,
and they would catch a breach.

``make test`` runs ``lint-imports`` too; the tests here pin what it checks. The breaches are
made in a throwaway package named ``workbench`` with one empty module per declared layer,
checked against the real ``pyproject.toml``: a change that loosened the contract (a layer
dropped, ``|`` turned into ``:``, ``exhaustive`` removed) would let one of them through.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PYPROJECT = REPO / "pyproject.toml"
LINT_IMPORTS = "from importlinter.cli import lint_imports_command; lint_imports_command()"


def lint_imports(source_root: Path) -> subprocess.CompletedProcess[str]:
    """``lint-imports`` with the project's contracts over the ``workbench`` found first in
    ``source_root`` (ahead of any installed copy)."""
    env = {**os.environ, "PYTHONPATH": str(source_root)}
    return subprocess.run(
        [sys.executable, "-c", LINT_IMPORTS, str(PYPROJECT), "--no-cache", "--no-logo"],
        cwd=source_root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def declared_layer_modules() -> list[str]:
    """The top-level modules the layers contract names, in its order."""
    contracts = tomllib.loads(PYPROJECT.read_text("utf-8"))["tool"]["importlinter"]["contracts"]
    [layers] = [contract["layers"] for contract in contracts if contract["type"] == "layers"]
    return [name.strip() for layer in layers for name in re.split(r"[|:]", layer)]


@pytest.fixture
def package(tmp_path: Path) -> Path:
    """A ``workbench`` package holding one empty module per declared layer module."""
    root = tmp_path / "workbench"
    root.mkdir()
    (root / "__init__.py").write_text("", "utf-8")
    for name in declared_layer_modules():
        (root / f"{name}.py").write_text("", "utf-8")
    return root


def test_the_workbench_keeps_its_import_contracts() -> None:
    result = lint_imports(REPO / "src")
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"^Contracts: [1-9]\d* kept, 0 broken\.$", result.stdout, re.MULTILINE)


def test_the_layers_run_from_the_interfaces_down_to_the_base_modules() -> None:
    names = declared_layer_modules()
    assert names[:4] == ["cli", "tui", "serve", "pretranslate"]
    for lower, higher in [("catalog", "qa"), ("mt", "glossary"), ("language", "catalog")]:
        assert names.index(higher) < names.index(lower)


def test_the_empty_layers_keep_the_contracts(package: Path) -> None:
    result = lint_imports(package.parent)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("importer", "imported"),
    [
        ("language", "catalog"),  # a base module reaching up
        ("catalog", "qa"),  # compile joined with QA inside the catalog
        ("mt", "glossary"),
        ("glossary", "tm"),  # independent siblings
        ("tm", "glossary"),
        ("pretranslate", "tui"),
        ("tui", "cli"),
    ],
)
def test_an_import_upwards_breaks_the_layers(package: Path, importer: str, imported: str) -> None:
    (package / f"{importer}.py").write_text(f"import workbench.{imported}\n", "utf-8")
    result = lint_imports(package.parent)
    assert result.returncode == 1
    assert f"workbench.{importer} is not allowed to import workbench.{imported}" in result.stdout


def test_a_module_outside_the_layers_is_reported(package: Path) -> None:
    (package / "helpers.py").write_text("", "utf-8")
    result = lint_imports(package.parent)
    assert result.returncode == 1
    assert "not listed as layers:\n\n- workbench.helpers\n" in result.stdout


def test_a_cycle_between_sibling_modules_is_reported(package: Path) -> None:
    (package / "glossary.py").unlink()
    glossary = package / "glossary"
    glossary.mkdir()
    (glossary / "__init__.py").write_text("", "utf-8")
    (glossary / "termbase.py").write_text("import workbench.glossary.formats\n", "utf-8")
    (glossary / "formats.py").write_text("import workbench.glossary.termbase\n", "utf-8")
    result = lint_imports(package.parent)
    assert result.returncode == 1
    assert "No cycles are allowed in workbench.glossary" in result.stdout


def test_ray_imported_outside_its_module_breaks_a_contract(package: Path) -> None:
    """Ray is the optional ``cluster`` extra: any module but ``pretranslate/ray_runner.py``
    importing it (even inside a function) is refused, so ``workbench`` works without it."""
    (package / "catalog.py").write_text("def run():\n    import ray\n", "utf-8")
    result = lint_imports(package.parent)
    assert result.returncode != 0
    assert "Ray only in pretranslate/ray_runner.py BROKEN" in result.stdout
    assert "workbench.catalog -> ray" in result.stdout


TEXTUAL_CONTRACT = "Textual only in tui/: the core and serve/ never import it"
SERVE_CONTRACT = "textual-serve only in serve/"


@pytest.mark.parametrize(
    ("importer", "imported", "contract"),
    [
        ("catalog", "textual", TEXTUAL_CONTRACT),
        ("pretranslate", "textual.app", TEXTUAL_CONTRACT),
        ("serve", "textual.widgets", TEXTUAL_CONTRACT),
        ("tui", "textual_serve", SERVE_CONTRACT),
        ("qa", "textual_serve", SERVE_CONTRACT),
    ],
)
def test_the_ui_libraries_stay_in_their_layers(
    package: Path, importer: str, imported: str, contract: str
) -> None:
    """The core knows nothing of the UI: Textual only in ``tui/``, textual-serve only in
    ``serve/`` (which starts the app as a process and never imports it)."""
    (package / f"{importer}.py").write_text(f"def run():\n    import {imported}\n", "utf-8")
    result = lint_imports(package.parent)
    assert result.returncode != 0
    assert f"{contract} BROKEN" in result.stdout
    assert f"workbench.{importer} -> {imported.split('.')[0]}" in result.stdout


def test_textual_in_the_tui_and_textual_serve_in_serve_keep_the_contracts(package: Path) -> None:
    (package / "tui.py").write_text("def run():\n    import textual.app\n", "utf-8")
    (package / "serve.py").write_text("def run():\n    import textual_serve.server\n", "utf-8")
    result = lint_imports(package.parent)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_layer_but_the_interfaces_is_kept_from_the_ui_libraries() -> None:
    """A module added to the layers must be added to the UI contracts too: all but cli and
    tui may not import Textual, all but cli and serve may not import textual-serve."""
    contracts = tomllib.loads(PYPROJECT.read_text("utf-8"))["tool"]["importlinter"]["contracts"]
    sources = {c["name"]: {s.removeprefix("workbench.") for s in c.get("source_modules", [])}
               for c in contracts}  # fmt: skip
    layers = set(declared_layer_modules())
    assert sources[TEXTUAL_CONTRACT] == layers - {"cli", "tui"}
    assert sources[SERVE_CONTRACT] == layers - {"cli", "serve"}
