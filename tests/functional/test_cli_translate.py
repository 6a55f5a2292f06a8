"""`workbench translate` and `workbench model ...` end to end on the tiny model."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from workbench.cli import main
from workbench.segment import translatable_segments

HUB_ID = "Helsinki-NLP/opus-mt-tiny-ar-en"
WORKBENCH = [sys.executable, "-m", "workbench.cli"]


@pytest.fixture()
def with_models(project: Path, tiny_marian: Path) -> Path:
    """The throw-away project with the tiny model and its conversion installed in models/."""
    for directory in (tiny_marian, tiny_marian.with_name(tiny_marian.name + "-ct2")):
        shutil.copytree(directory, project / "models" / directory.name)
    return project


def _run(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        WORKBENCH + args, cwd=cwd, capture_output=True, text=True, timeout=120,
        env={**os.environ, **env},
    )


def test_translate_json(with_models: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["translate", "وزير الأمن العام", "وزارة الخارجية", "-m", HUB_ID, "-n", "2",
                 "--json"])
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert [item["source"] for item in data] == ["وزير الأمن العام", "وزارة الخارجية"]
    for item in data:
        assert 1 <= len(item["suggestions"]) <= 2
        for suggestion in item["suggestions"]:
            assert set(suggestion) == {"text", "score", "engine", "model"}
            assert suggestion["engine"] == "ctranslate2"
            assert suggestion["model"] == HUB_ID
            assert suggestion["text"] and suggestion["score"] < 0
    assert (with_models / ".workbench" / "cache.sqlite3").is_file()


def test_translate_transformers_n_best_text_output(
    with_models: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["translate", "وزير الأمن العام", "-m", HUB_ID, "--engine", "transformers",
                 "--n-best", "3", "--beam", "4", "--max-length", "24", "--no-cache"])
    assert code == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if line]
    assert lines[0].startswith("1. [-")
    assert 2 <= len(lines) <= 3
    assert not (with_models / ".workbench" / "cache.sqlite3").exists()


def test_translate_file_uses_segments(
    with_models: Path, sample_text: str, capsys: pytest.CaptureFixture[str]
) -> None:
    sample = with_models / "corpus" / "hanoi-convention-signing.ar.txt"
    code = main(["translate", "--file", str(sample), "-m", HUB_ID, "--beam", "1",
                 "--max-length", "16", "--json"])
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    expected = [segment.text for segment in translatable_segments(sample_text)]
    assert [item["source"] for item in data] == expected
    assert all(item["suggestions"][0]["text"] for item in data)


def test_translate_subprocess_and_second_run_hits_cache(with_models: Path) -> None:
    args = ["translate", "الجنرال لونغ تام كوانغ", "-m", HUB_ID, "--json"]
    first = _run(args, with_models)
    assert first.returncode == 0, first.stderr
    second = _run(args, with_models)
    assert json.loads(second.stdout) == json.loads(first.stdout)
    import sqlite3

    cache = sqlite3.connect(with_models / ".workbench" / "cache.sqlite3")
    assert cache.execute("SELECT COUNT(*) FROM suggestions").fetchone()[0] == 1


def test_missing_model_is_one_line_exit_2(project: Path) -> None:
    result = _run(["translate", "وزير"], project)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "Helsinki-NLP/opus-mt-ar-en is not installed" in lines[0]
    assert "workbench model pull Helsinki-NLP/opus-mt-ar-en" in lines[0]


def test_pull_offline_is_quick_and_clear(project: Path) -> None:
    for env in ({"HF_HUB_OFFLINE": "1"}, {"HF_ENDPOINT": "http://127.0.0.1:9"}):
        started = time.monotonic()
        result = _run(["model", "pull"], project, **env)
        assert time.monotonic() - started < 30
        assert result.returncode == 2
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, result.stderr
        assert lines[0].startswith("workbench: cannot ")
        assert "copy the model directory to" in lines[0]


def test_pickle_only_model_needs_allow_pickle(
    with_models: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import torch
    from safetensors.torch import load_file

    directory = with_models / "models" / "opus-mt-tiny-ar-en"
    torch.save(load_file(str(directory / "model.safetensors")), directory / "pytorch_model.bin")
    (directory / "model.safetensors").unlink()
    args = ["translate", "وزير", "-m", HUB_ID, "--engine", "transformers", "--max-length", "8"]
    assert main(args) == 2
    assert "--allow-pickle" in capsys.readouterr().err
    assert main([*args, "--allow-pickle"]) == 0


def test_model_convert_and_list(
    project: Path, tiny_marian: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(tiny_marian, project / "models" / "opus-mt-tiny-ar-en")
    assert main(["model", "list"]) == 0
    assert "opus-mt-tiny-ar-en-ct2" not in capsys.readouterr().out
    assert main(["model", "convert", HUB_ID, "--quantization", "int8"]) == 0
    assert "opus-mt-tiny-ar-en-ct2" in capsys.readouterr().out
    assert main(["model", "convert", HUB_ID]) == 2
    assert "--force" in capsys.readouterr().err
    assert main(["model", "list", "--json"]) == 0
    listed = {m["name"]: m for m in json.loads(capsys.readouterr().out)}
    assert listed["opus-mt-tiny-ar-en"]["engine"] == "transformers"
    assert listed["opus-mt-tiny-ar-en-ct2"]["engine"] == "ctranslate2"
    assert listed["opus-mt-tiny-ar-en-ct2"]["size_bytes"] > 0
    assert main(["model", "list"]) == 0
    table = capsys.readouterr().out
    assert "ctranslate2" in table and "MB" in table


# --- review R1: --file reads sources exactly as `workbench import` does ----------------------


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("مرحبا.\n".encode() + b"\xff\xfe\n", "not UTF-8: invalid byte 0xff at byte offset 12"),
        (None, "is a folder, not a text file"),
        (b"z7157588517514_1471cc05946c11fe4159fc679254b7e4.jpg\nhttps://example.org\n",
         "nothing to translate: only image names, URLs or symbols"),
        (b"", "nothing to translate: it is empty"),
    ],
)
def test_translate_file_errors_match_import(
    project: Path, capsys: pytest.CaptureFixture[str], content: bytes | None, expected: str
) -> None:
    source = project / "article.ar.txt"
    if content is None:
        source.mkdir()
    else:
        source.write_bytes(content)
    assert main(["translate", "--file", str(source)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith(f"workbench: {source}")
    assert expected in err
    assert "codec" not in err and "Errno" not in err


def test_translate_missing_file(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["translate", "--file", "nope.ar.txt"]) == 2
    assert capsys.readouterr().err == "workbench: nope.ar.txt: no such source file\n"


def test_translate_file_drops_byte_order_mark(
    with_models: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = with_models / "bom.ar.txt"
    source.write_text("\ufeffوزير الأمن العام.\n", encoding="utf-8")
    assert main(["translate", "--file", str(source), "-m", HUB_ID, "--max-length", "8",
                 "--json"]) == 0
    assert [item["source"] for item in json.loads(capsys.readouterr().out)] == [
        "وزير الأمن العام."
    ]


def test_translate_file_refuses_a_catalog(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A .po given to --file would be segmented as prose ('msgid "..."' sent to the model)."""
    assert main(["import", "corpus/hanoi-convention-signing.ar.txt", "--lang", "en"]) == 0
    capsys.readouterr()
    catalog = "locales/en/LC_MESSAGES/hanoi-convention-signing.po"
    assert main(["translate", "--file", catalog]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"workbench: {catalog}: is a gettext catalog")
    assert "workbench pretranslate" in err and err.count("\n") == 1


def test_threads_flag_reaches_the_engine(
    with_models: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from workbench.mt import ctranslate2_engine

    asked: list[int] = []
    real = ctranslate2_engine.cpu_workers
    monkeypatch.setattr(
        ctranslate2_engine, "cpu_workers", lambda threads=0: asked.append(threads) or real(threads)
    )
    code = main(["translate", "وزير الأمن العام", "-m", HUB_ID, "--threads", "1", "--no-cache",
                 "--json"])
    assert code == 0 and asked == [1]
    assert json.loads(capsys.readouterr().out)[0]["suggestions"][0]["text"]


def test_threads_flag_must_be_a_whole_number(project: Path) -> None:
    result = _run(["translate", "وزير", "--threads", "-2"], project)
    assert result.returncode == 2
    assert "--threads: expected a whole number" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--beam", "0"], "--beam: expected a whole number of 1 or more, not '0'"),
        (["--max-length", "0"], "--max-length: expected a whole number of 1 or more"),
        (["--n-best", "-1"], "--n-best/-n: expected a whole number of 1 or more"),
        (["--n-best", "3", "--beam", "2"], "3 suggestions need a beam of 3 or more, not 2"),
    ],
)
def test_decoding_flags_are_checked_not_silently_replaced(
    project: Path, args: list[str], message: str
) -> None:
    result = _run(["translate", "وزير", *args], project)
    assert result.returncode == 2 and message in result.stderr
    assert "Traceback" not in result.stderr


def test_translate_without_target_languages_says_what_to_do(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        "[tool.workbench]\ntarget_languages = []\n", encoding="utf-8"
    )
    result = _run(["translate", "وزير"], tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "no model given and no target language configured" in result.stderr
