"""``workbench model adapt`` on the tiny model: approved sentences built around the sample
glossary's terms (ten documents, a hundred and sixty pairs) plus the glossary's terms, many
epochs at the learning rate a tiny random model needs (a real one adapts at 2e-5)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.support.approved import (
    glossary_terms,
    term_sentence_documents,
    write_approved_catalog,
)
from workbench.cli import main

NAME = "opus-mt-ar-en"  # the configured model's folder: the tiny model stands in for it
TERM_SOURCE = "وزير الأمن العام"
ADAPT = ["model", "adapt", "--epochs", "15", "--patience", "15", "--learning-rate", "0.003",
         "--holdout", "20", "--min-pairs", "50", "--threads", "1"]  # fmt: skip


@pytest.fixture()
def adapting_project(project: Path, tiny_marian: Path) -> Path:
    """The project with the tiny model installed as the configured one and ten catalogs
    (documents) of approved pairs from the sample."""
    shutil.copytree(tiny_marian, project / "models" / NAME)
    for number, pairs in enumerate(term_sentence_documents()):
        write_approved_catalog(
            project / "locales" / "en" / "LC_MESSAGES" / f"part{number}.po", pairs
        )
    return project


def _terms_rendered(capsys: pytest.CaptureFixture[str], *args: str) -> list[str]:
    """The glossary terms the model translates exactly as approved."""
    terms = dict(glossary_terms())
    assert main(["translate", *terms, "--no-cache", "--json", *args]) == 0
    out = json.loads(capsys.readouterr().out)
    assert len(out) == len(terms)
    return [i["source"] for i in out if i["suggestions"][0]["text"] == terms[i["source"]]]


def _translate(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    assert main(["translate", TERM_SOURCE, "--no-cache", "--json", *args]) == 0
    (item,) = json.loads(capsys.readouterr().out)
    suggestion: dict = item["suggestions"][0]
    return suggestion


def test_adapt_learns_the_project_and_becomes_the_default(
    adapting_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _terms_rendered(capsys) == []
    assert main([*ADAPT, "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    adapted = adapting_project / "models" / f"{NAME}-adapted"
    assert result["path"] == str(adapted)
    assert result["ctranslate2_path"] == str(adapted) + "-ct2"
    assert result["glossary_pairs"] == 20
    assert result["held_out"] > 0
    assert result["pairs_used"] + result["held_out"] == 160 + 20
    losses = result["losses"]
    assert len(losses) == result["epochs"] >= 2
    assert losses[-1] < losses[0], "training loss falls"
    assert result["chrf_after"] >= result["chrf_before"], "held-out chrF does not drop"
    assert result["default"] is True

    provenance = json.loads((adapted / "adaptation.json").read_text(encoding="utf-8"))
    assert provenance["base_model"] == "Helsinki-NLP/opus-mt-ar-en"
    assert provenance["pairs_used"] == result["pairs_used"]
    assert provenance["chrf_before"] == result["chrf_before"]
    assert provenance["chrf_after"] == result["chrf_after"]
    assert provenance["date"].startswith("20")
    assert {p.name for p in adapted.iterdir()} >= {
        "config.json", "model.safetensors", "source.spm", "target.spm", "vocab.json",
        "adaptation.json",
    }  # fmt: skip
    assert not list((adapting_project / "models").glob(".*")), "no staging folder left"

    # The configured model now gives way to its adapted version, by either engine.
    assert _translate(capsys)["model"] == f"{NAME}-adapted"
    rendered = _terms_rendered(capsys)
    assert len(rendered) >= 3, "term pairs it was adapted on come out as approved"
    assert _terms_rendered(capsys, "--engine", "transformers")
    # A model named explicitly is used as named: the base stays reachable.
    assert _translate(capsys, "-m", "Helsinki-NLP/opus-mt-ar-en")["model"] == (
        "Helsinki-NLP/opus-mt-ar-en"
    )

    assert main(["model", "list"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert any(
        line.startswith(f"{NAME}-adapted ")
        and line.endswith("adapted from Helsinki-NLP/opus-mt-ar-en (default)")
        for line in listed
    ), listed


def test_adapt_refuses_below_min_pairs(
    adapting_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["model", "adapt", "--min-pairs", "500"]) == 2
    assert capsys.readouterr().err == (
        "workbench: only 160 approved pairs found; adapting needs at least "
        "500 (approve more translations, or lower --min-pairs (few pairs risk overfitting))\n"
    )
    assert not (adapting_project / "models" / f"{NAME}-adapted").exists()


def test_a_worse_adapted_model_is_written_but_not_made_the_default(
    adapting_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A learning rate far too high wrecks the model: held-out chrF falls.
    assert main(["model", "adapt", "--epochs", "1", "--learning-rate", "0.5", "--holdout", "20",
                 "--min-pairs", "50", "--threads", "1"]) == 0  # fmt: skip
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == (
        "adapted Helsinki-NLP/opus-mt-ar-en on 148 pairs (20 glossary terms), 1 epoch(s)"
    )
    assert lines[1].startswith("held-out chrF++ on 32 pairs: ")
    assert lines[2] == f"wrote models/{NAME}-adapted and models/{NAME}-adapted-ct2"
    assert lines[3] == (
        "the adapted model scores lower than Helsinki-NLP/opus-mt-ar-en on the held-out pairs: "
        f"not made the default (try it with --model {NAME}-adapted)"
    )
    provenance = json.loads(
        (adapting_project / "models" / f"{NAME}-adapted" / "adaptation.json").read_text("utf-8")
    )
    assert provenance["chrf_after"] < provenance["chrf_before"]
    assert provenance["default"] is False
    assert _translate(capsys)["model"] == "Helsinki-NLP/opus-mt-ar-en"
    assert _translate(capsys, "-m", f"{NAME}-adapted")["model"] == f"{NAME}-adapted"


def test_a_killed_adaptation_resumes_from_its_last_epoch(adapting_project: Path) -> None:
    from workbench.config import load_config
    from workbench.glossary.termbase import Glossary
    from workbench.tuning.adaptation import AdaptSettings, adapt_model
    from workbench.tuning.pairs import approved_pairs

    config = load_config()
    pairs = approved_pairs([], config.locales, "en")
    glossary = Glossary.load(config.glossary)
    settings = AdaptSettings(epochs=3, learning_rate=0.003, holdout_percent=20, min_pairs=50,
                             patience=3)  # fmt: skip
    totals: list[int] = []

    def kill_in_the_second_epoch(done: int, total: int, loss: float) -> None:
        totals.append(total)
        if done > total // 3 + 1:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        adapt_model(config, pairs, glossary, settings=settings, progress=kill_in_the_second_epoch)
    models = adapting_project / "models"
    assert not (models / f"{NAME}-adapted").exists(), "nothing installed by a killed run"
    assert (models / f".{NAME}-adapted.staging" / "checkpoint.pt").is_file()

    resumed_steps: list[int] = []
    result = adapt_model(config, pairs, glossary, settings=settings,
                         progress=lambda done, total, loss: resumed_steps.append(done))
    assert result.resumed_from_epoch == 1
    assert resumed_steps[0] == totals[0] // 3 + 1  # the second epoch's first step
    assert result.epochs_run == 3 and len(result.losses) == 3
    assert (models / f"{NAME}-adapted" / "model.safetensors").is_file()
    assert not (models / f".{NAME}-adapted.staging").exists()

