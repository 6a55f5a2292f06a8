"""The README's promises stay true: key table, commands, documented files exist."""

from __future__ import annotations

import re
from pathlib import Path

from workbench.cli import build_parser

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_key_table_matches_the_app_bindings() -> None:
    from workbench.tui.keys import markdown_table

    assert markdown_table().strip() in README


def test_readme_documents_every_command() -> None:
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices  # noqa: SLF001
    for name in commands:
        assert f"workbench {name}" in README, name


def test_readme_shows_the_two_commands_and_they_exist_in_the_makefile() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("run", "test"):
        assert f"make {target}" in README
        assert f"\n{target}: setup" in makefile


def test_architecture_doc_names_existing_modules() -> None:
    text = (ROOT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")

    for name in set(re.findall(r"`((?:[a-z_]+/)+[a-z_]+\.py)`", text)):
        candidates = [ROOT / "src" / "workbench" / name, ROOT / name]
        assert any(c.exists() for c in candidates), name
