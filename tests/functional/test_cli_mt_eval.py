"""``workbench mt eval`` end to end on the tiny model."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.support.approved import sample_pairs, write_approved_catalog
from workbench.cli import main

HUB_ID = "Helsinki-NLP/opus-mt-tiny-ar-en"
CATALOG = Path("locales/en/LC_MESSAGES/news.po")


@pytest.fixture()
def with_models(project: Path, tiny_marian: Path) -> Path:
    for directory in (tiny_marian, tiny_marian.with_name(tiny_marian.name + "-ct2")):
        shutil.copytree(directory, project / "models" / directory.name)
    return project


def test_eval_json_one_row_per_model_and_engine(
    with_models: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_approved_catalog(with_models / CATALOG, sample_pairs()[:40])
    code = main(["mt", "eval", "-m", HUB_ID, "--engine", "ctranslate2", "--engine",
                 "transformers", "--limit", "30", "--json"])
    assert code == 0
    rows = json.loads(capsys.readouterr().out)["models"]
    assert [(r["model"], r["engine"]) for r in rows] == [
        (HUB_ID, "ctranslate2"), (HUB_ID, "transformers")
    ]
    for row in rows:
        assert set(row) == {"model", "engine", "segments", "chrf", "bleu", "term_accuracy",
                            "placeholders_kept", "tokens_per_s"}
        assert row["segments"] == 30
        assert 0 <= row["chrf"] < 100 and 0 <= row["bleu"] < 100
        assert row["tokens_per_s"] > 0


def test_eval_table(with_models: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_approved_catalog(with_models / CATALOG, sample_pairs()[:25])
    assert main(["mt", "eval", str(CATALOG), "-m", HUB_ID]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["model", "engine", "chrF++", "BLEU", "terms", "%",
                                "placeholders", "%", "tokens/s"]
    assert lines[1].startswith(f"{HUB_ID}  ctranslate2")
    assert lines[-1] == "scored on 25 approved entries (en)"


def test_eval_refuses_too_few_approved_entries(
    with_models: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_approved_catalog(with_models / CATALOG, sample_pairs()[:7])
    assert main(["mt", "eval", "-m", HUB_ID]) == 2
    assert capsys.readouterr().err == (
        "workbench: only 7 approved entries found; a meaningful score needs at least 20 "
        "(approve more translations (or name more catalogs), then run mt eval again)\n"
    )
