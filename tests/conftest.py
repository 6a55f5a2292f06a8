"""Shared fixtures. Real components only: GNU gettext, real Marian models built here."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
from hypothesis import settings

# CI runs the same examples every time, so a failure there is reproducible and never a dice roll;
# a developer's `make test` explores new ones (and Hypothesis's database replays any it found).
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

# The venv's scripts (workbench, and translate-toolkit's po2xliff/pocount, which judge XLIFF and
# word counts) are found by name even when pytest runs as .venv/bin/pytest without activation.
os.environ["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
SAMPLE = CORPUS / "hanoi-convention-signing.ar.txt"
GLOSSARY = CORPUS / "official-titles.tsv"


@pytest.fixture(scope="session")
def sample_text() -> str:
    return SAMPLE.read_text(encoding="utf-8")


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A throw-away project: pyproject with [tool.workbench], corpus copied, cwd set to it."""
    (tmp_path / "corpus").mkdir()
    shutil.copy(SAMPLE, tmp_path / "corpus")
    shutil.copy(GLOSSARY, tmp_path / "corpus")
    (tmp_path / "pyproject.toml").write_text(
        "[tool.workbench]\n"
        'source_language = "ar"\n'
        'target_languages = ["en"]\n'
        'locales = "locales"\n'
        'corpus = "corpus"\n'
        'models = "models"\n'
        'glossary = "corpus/official-titles.tsv"\n'
        'cache = ".workbench/cache.sqlite3"\n'
        'tm = ".workbench/tm.sqlite3"\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture(scope="session")
def tiny_marian(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny Marian model laid out like opus-mt (HF dir), with its CTranslate2 conversion
    beside it as ``<dir>-ct2``. Built once per test session from the corpus."""
    from tests.support.tiny_marian import build_tiny_marian

    return build_tiny_marian(tmp_path_factory.mktemp("models") / "opus-mt-tiny-ar-en")
