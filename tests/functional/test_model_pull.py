"""`workbench model pull` through its real download path (huggingface_hub's HTTP client), against
a local stand-in for the hub (tests/support/fake_hub.py) serving the tiny Marian model.

Progress: a bar per file on stderr only when stderr is a terminal and --json is not given;
piped, logged or --json runs print nothing on stderr unless they fail.
"""

from __future__ import annotations

import fcntl
import json
import os
import pty
import select
import shutil
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import huggingface_hub.constants
import pytest

from tests.support.fake_hub import FakeHub, model_files, pickled_only
from workbench.cli import main

HUB_ID = "Helsinki-NLP/opus-mt-ar-en"
NAME = "opus-mt-ar-en"
MODEL_FILES = {
    "config.json", "generation_config.json", "model.safetensors", "source.spm", "target.spm",
    "tokenizer_config.json", "vocab.json",
}  # fmt: skip
ARABIC = "وزير الأمن العام"


@pytest.fixture()
def hub_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Environment for a workbench process talking only to the fake hub."""
    return {
        "HF_HOME": str(tmp_path_factory.mktemp("hf-home")),
        "HF_HUB_DISABLE_TELEMETRY": "1",
        "HF_HUB_DISABLE_PROGRESS_BARS": "",
        "HF_HUB_OFFLINE": "",
    }


@pytest.fixture()
def hub(
    tiny_marian: Path, hub_env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> Iterator[FakeHub]:
    """The fake hub serving the tiny model as Helsinki-NLP/opus-mt-ar-en, laid out like the real
    repo (legacy pickled and TensorFlow weights beside the safetensors), and this process set
    to use it. huggingface_hub reads its environment at import, so its already-imported
    settings are patched too: nothing is read from or written to the user's ~/.cache."""
    with FakeHub() as fake:
        files = model_files(tiny_marian)
        files |= {
            ".gitattributes": b"*.bin filter=lfs diff=lfs merge=lfs -text\n",
            "metadata.json": b'{"src": "ar", "tgt": "en"}\n',
            "pytorch_model.bin": b"legacy pickled weights: must never be fetched",
            "tf_model.h5": b"TensorFlow weights: must never be fetched",
        }
        fake.add_repo(HUB_ID, files)
        hf_home = Path(hub_env["HF_HOME"])
        for key, value in {**hub_env, "HF_ENDPOINT": fake.url}.items():
            monkeypatch.setenv(key, value)
        for constant, value in {
            "HF_HOME": str(hf_home),
            "HF_HUB_CACHE": str(hf_home / "hub"),
            "HF_TOKEN_PATH": str(hf_home / "token"),
            "HF_HUB_OFFLINE": False,
            "HF_HUB_DISABLE_TELEMETRY": True,
        }.items():
            monkeypatch.setattr(huggingface_hub.constants, constant, value)
        yield fake
    assert not any(hf_home.iterdir()), "the pull wrote into the Hugging Face cache"


def _err_lines(capsys: pytest.CaptureFixture[str]) -> tuple[str, list[str]]:
    captured = capsys.readouterr()
    return captured.out, captured.err.strip().splitlines()


def _model_list(capsys: pytest.CaptureFixture[str]) -> list[dict]:
    assert main(["model", "list", "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def _translate(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    assert main(["translate", ARABIC, "--beam", "1", "--max-length", "16", "--no-cache",
                 "--json", *args]) == 0  # fmt: skip
    (item,) = json.loads(capsys.readouterr().out)
    return item["suggestions"][0]


def test_pull_default_model_then_list_translate_and_convert(
    project: Path, hub: FakeHub, tiny_marian: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["model", "pull"]) == 0
    out, err = _err_lines(capsys)
    installed = project / "models" / NAME
    assert out.splitlines()[0] == f"installed {installed}"
    assert err == [], "no progress bars or warnings when stderr is not a terminal"

    # Exactly the model's files, byte for byte; no pickles, TF weights or hub bookkeeping.
    assert {p.name for p in installed.iterdir()} == MODEL_FILES
    for name in MODEL_FILES:
        assert (installed / name).read_bytes() == (tiny_marian / name).read_bytes(), name
    for never in ("pytorch_model.bin", "tf_model.h5", "metadata.json", ".gitattributes"):
        assert hub.downloaded(never) == []
    assert not [p for p in (project / "models").iterdir() if p.is_dir() and p.name != NAME]

    (listed,) = _model_list(capsys)
    assert (listed["name"], listed["engine"], listed["weights"]) == (
        NAME, "transformers", "safetensors",
    )  # fmt: skip
    assert listed["size_bytes"] == sum((tiny_marian / n).stat().st_size for n in MODEL_FILES)

    by_transformers = _translate(capsys)
    assert by_transformers["engine"] == "transformers"
    assert by_transformers["model"] == HUB_ID
    assert by_transformers["text"]

    assert main(["model", "convert", "--quantization", "float32"]) == 0
    assert capsys.readouterr().out.startswith(f"converted to {installed}-ct2")
    assert [(m["name"], m["engine"]) for m in _model_list(capsys)] == [
        (NAME, "transformers"), (f"{NAME}-ct2", "ctranslate2"),
    ]  # fmt: skip
    by_ctranslate2 = _translate(capsys)
    assert by_ctranslate2["engine"] == "ctranslate2"
    assert by_ctranslate2["text"] == by_transformers["text"]  # float32 greedy: same tokens


def test_pull_json_and_a_repull_replaces_the_model_fetching_only_changes(
    project: Path, hub: FakeHub, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["model", "pull", HUB_ID, "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    installed = project / "models" / NAME
    assert result == {
        "model": HUB_ID,
        "path": str(installed),
        "files": sorted(MODEL_FILES),
        "size_bytes": sum(p.stat().st_size for p in installed.iterdir()),
    }
    (installed / "stale-extra-file").write_text("from an older copy", encoding="utf-8")
    assert main(["model", "pull", HUB_ID, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["files"] == sorted(MODEL_FILES)
    assert sorted(p.name for p in (project / "models").iterdir() if p.is_dir()) == [NAME]
    # Unchanged large (LFS) files are checked by sha256, not downloaded again.
    assert len(hub.downloaded("model.safetensors")) == 1
    assert len(hub.downloaded("config.json")) == 2

    # A new commit on the hub: the changed weights are fetched; the copy being replaced (which
    # a running translation may have open) is never written in place.
    served = hub.repos[HUB_ID].files
    weights = bytearray(served["model.safetensors"])
    weights[-1] ^= 0xFF  # inside the last tensor's data: still a valid safetensors file
    hub.add_repo(HUB_ID, {**served, "model.safetensors": bytes(weights)})
    with (installed / "model.safetensors").open("rb") as open_before:
        assert main(["model", "pull", HUB_ID, "--json"]) == 0
        assert open_before.read() == served["model.safetensors"]
    assert (installed / "model.safetensors").read_bytes() == bytes(weights)
    assert len(hub.downloaded("model.safetensors")) == 2


def test_pickled_only_repo_needs_allow_pickle_and_is_resaved_as_safetensors(
    project: Path, hub: FakeHub, tiny_marian: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pickled_id = "Helsinki-NLP/opus-mt-old-ar-en"
    hub.add_repo(pickled_id, pickled_only(model_files(tiny_marian)))

    assert main(["model", "pull", pickled_id]) == 2
    out, err = _err_lines(capsys)
    assert out == "" and len(err) == 1
    assert err[0].startswith(f"workbench: {pickled_id} publishes only pickled weights (.bin)")
    assert "--allow-pickle" in err[0]
    assert not [r for r in hub.requests if "/resolve/" in r], "refused before downloading"
    assert not (project / "models").exists()

    assert main(["model", "pull", pickled_id, "--allow-pickle"]) == 0
    installed = project / "models" / "opus-mt-old-ar-en"
    names = {p.name for p in installed.iterdir()}
    assert "model.safetensors" in names and "pytorch_model.bin" not in names
    capsys.readouterr()
    resaved = _translate(capsys, "-m", pickled_id, "--engine", "transformers")
    original = _translate(capsys, "-m", str(tiny_marian), "--engine", "transformers")
    assert resaved["text"] == original["text"]


def test_damaged_pickled_weights_are_one_error_and_install_nothing(
    project: Path, hub: FakeHub, tiny_marian: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = pickled_only(model_files(tiny_marian))
    files["pytorch_model.bin"] = files["pytorch_model.bin"][:5000]
    hub.add_repo("Helsinki-NLP/opus-mt-old-ar-en", files)
    assert main(["model", "pull", "Helsinki-NLP/opus-mt-old-ar-en", "--allow-pickle"]) == 2
    _, err = _err_lines(capsys)
    assert len(err) == 1, err
    assert "cannot convert the downloaded pickled weights to safetensors" in err[0]
    assert "nothing was installed" in err[0]
    assert [p.name for p in (project / "models").iterdir() if p.is_dir()] == []


def test_unknown_repo_is_one_line_naming_the_id(
    project: Path, hub: FakeHub, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["model", "pull", "Helsinki-NLP/opus-mt-ar-xx"]) == 2
    out, err = _err_lines(capsys)
    assert out == ""
    assert err == [
        "workbench: no model named Helsinki-NLP/opus-mt-ar-xx on the Hugging Face hub "
        "(or it needs a login) (check the id, e.g. Helsinki-NLP/opus-mt-ar-en)"
    ]
    assert not (project / "models").exists()


def test_a_repo_that_is_not_marian_is_refused_before_its_weights(
    project: Path, hub: FakeHub, capsys: pytest.CaptureFixture[str]
) -> None:
    hub.add_repo("google-bert/bert-base-uncased", {
        "config.json": b'{"model_type": "bert"}',
        "model.safetensors": b"\0" * 4096,
        "vocab.txt": b"[PAD]\n",
    })  # fmt: skip
    assert main(["model", "pull", "google-bert/bert-base-uncased"]) == 2
    _, err = _err_lines(capsys)
    assert len(err) == 1 and "is not a Marian model (model_type='bert')" in err[0]
    assert hub.downloaded("model.safetensors") == []
    assert not [p for p in (project / "models").iterdir() if p.is_dir()]


def test_dropped_connection_installs_nothing_and_the_next_pull_resumes(
    project: Path, hub: FakeHub, capsys: pytest.CaptureFixture[str]
) -> None:
    hub.fail_file(HUB_ID, "model.safetensors", after_bytes=100_000, then_status=503)
    assert main(["model", "pull"]) == 2
    out, err = _err_lines(capsys)
    assert out == "" and len(err) == 1, err
    assert err[0].startswith(f"workbench: download of {HUB_ID} stopped at model.safetensors: ")
    assert "nothing was installed" in err[0] and "again to resume" in err[0]

    models = project / "models"
    assert not (models / NAME).exists()
    assert _model_list(capsys) == []
    assert main(["translate", ARABIC]) == 2
    assert f"{HUB_ID} is not installed" in capsys.readouterr().err
    # What was kept for resuming is hidden, and holds only complete files.
    staging = models / f".{NAME}.download"
    served = hub.repos[HUB_ID].files
    kept = {p.name: p.read_bytes() for p in staging.iterdir() if p.is_file()}
    assert "config.json" in kept and "model.safetensors" not in kept
    assert all(data == served[name] for name, data in kept.items())

    hub.failures.clear()
    assert main(["model", "pull"]) == 0
    capsys.readouterr()
    assert len(hub.downloaded("config.json")) == 1, "finished files are not fetched again"
    assert {p.name for p in (models / NAME).iterdir()} == MODEL_FILES
    assert not staging.exists()
    assert _translate(capsys)["engine"] == "transformers"


def test_a_transient_drop_is_resumed_within_the_same_pull(
    project: Path, hub: FakeHub, capsys: pytest.CaptureFixture[str]
) -> None:
    hub.fail_file(HUB_ID, "model.safetensors", after_bytes=50_000, then_status=None)
    assert main(["model", "pull"]) == 0
    assert capsys.readouterr().err == ""
    weights = hub.downloaded("model.safetensors")
    assert len(weights) == 2, "one dropped request, one ranged resume"
    installed = project / "models" / NAME / "model.safetensors"
    assert installed.read_bytes() == hub.repos[HUB_ID].files["model.safetensors"]


def test_a_second_pull_of_the_same_model_waits_for_nobody_and_says_why(
    project: Path, hub: FakeHub, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two pulls of one model would write the same staging folder: the second one stops."""
    from workbench.fileio import file_lock

    holding, release = threading.Event(), threading.Event()

    def other_pull() -> None:  # another process's lock, as far as this thread can tell
        with file_lock(project / "models" / NAME):
            holding.set()
            release.wait(10)

    (project / "models").mkdir()
    other = threading.Thread(target=other_pull)
    other.start()
    try:
        assert holding.wait(10)
        assert main(["model", "pull"]) == 2
    finally:
        release.set()
        other.join()
    _, err = _err_lines(capsys)
    assert err == [
        f"workbench: {project / 'models'}: another 'workbench model pull' of {HUB_ID} is "
        "running (wait for it to finish)"
    ]
    assert [r for r in hub.requests if "/resolve/" in r] == []
    assert main(["model", "pull"]) == 0


# --- progress bars: a real terminal in a child process -----------------------------------------


def _run_on_terminal(args: list[str], cwd: Path, env: dict[str, str]) -> tuple[int, str, str]:
    """Run workbench with stderr on a pseudo-terminal (100 columns); (status, stdout, terminal)."""
    controller, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    process = subprocess.Popen(
        [sys.executable, "-m", "workbench.cli", *args], cwd=cwd, env={**os.environ, **env},
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=terminal,
    )  # fmt: skip
    os.close(terminal)
    shown = b""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([controller], [], [], 1)
        if not ready:
            if process.poll() is not None:
                break
            continue
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    os.close(controller)
    stdout, _ = process.communicate(timeout=60)
    return process.returncode, stdout.decode(), shown.decode(errors="replace")


def test_progress_bars_only_on_a_terminal_and_never_with_json(
    project: Path, hub: FakeHub, hub_env: dict[str, str]
) -> None:
    env = {**hub_env, "HF_ENDPOINT": hub.url}
    status, stdout, shown = _run_on_terminal(["model", "pull"], project, env)
    assert status == 0, shown
    assert stdout.startswith(f"installed {project / 'models' / NAME}")
    bars = [line for line in shown.replace("\r", "\n").splitlines() if "100%" in line]
    assert any(line.startswith("model.safetensors") for line in bars)
    assert {line.split(":")[0].strip() for line in bars} == MODEL_FILES

    status, stdout, shown = _run_on_terminal(["model", "pull", "--json"], project, env)
    assert status == 0 and json.loads(stdout)["model"] == HUB_ID
    assert shown.strip() == ""

    piped = subprocess.run(
        [sys.executable, "-m", "workbench.cli", "model", "pull"], cwd=project,
        env={**os.environ, **env}, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert piped.returncode == 0 and piped.stderr == ""


# --- model ensure: the first-run step of `make run` ----------------------------------------


def test_ensure_pulls_and_converts_the_configured_model_once(
    project: Path, hub: FakeHub, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["model", "ensure", "--json"]) == 0
    first = json.loads(capsys.readouterr().out)
    converted = project / "models" / f"{NAME}-ct2"
    assert first == {"model": HUB_ID, "status": "pulled", "path": str(converted), "reason": ""}
    assert [(m["name"], m["engine"]) for m in _model_list(capsys)] == [
        (NAME, "transformers"), (f"{NAME}-ct2", "ctranslate2"),
    ]  # fmt: skip
    assert _translate(capsys)["engine"] == "ctranslate2"
    fetched = len(hub.requests)
    assert main(["model", "ensure"]) == 0
    assert capsys.readouterr().out == f"{HUB_ID}: ready ({converted})\n"
    assert len(hub.requests) == fetched, "an installed model is not fetched again"


def test_ensure_tells_a_progress_callback_every_file_then_the_conversion(
    project: Path, hub: FakeHub
) -> None:
    """What the TUI's bar is fed (tui: f8): bytes over the whole pull, each file named, in
    order and never going back, ending at the total; then the conversion's start and end."""
    from workbench.config import load_config
    from workbench.mt.first_run import PULLED, ensure_model
    from workbench.mt.hub import PullProgress

    steps: list[PullProgress] = []
    ensured = ensure_model(load_config(), "en", progress=False, on_progress=steps.append)
    assert ensured.status == PULLED
    downloads = [step for step in steps if step.stage == "download"]
    assert downloads
    assert [step.done for step in downloads] == sorted(step.done for step in downloads)
    installed = project / "models" / NAME
    total = sum(path.stat().st_size for path in installed.iterdir())
    assert {step.total for step in downloads} == {total}
    assert downloads[-1].done == total
    assert {step.file for step in downloads} == MODEL_FILES
    assert [(s.stage, s.done, s.total) for s in steps[len(downloads) :]] == [
        ("convert", 0, None), ("convert", 1, 1),
    ]  # fmt: skip


def test_ensure_converts_an_installed_model_without_going_online(
    project: Path, tiny_marian: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shutil.copytree(tiny_marian, project / "models" / NAME)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    assert main(["model", "ensure"]) == 0
    converted = project / "models" / f"{NAME}-ct2"
    assert capsys.readouterr().out == f"{HUB_ID}: converted ({converted})\n"
    assert (converted / "model.bin").is_file()


@pytest.mark.parametrize(
    ("env", "said"),
    [
        ({"HF_HUB_OFFLINE": "1"}, "the hub is switched off (HF_HUB_OFFLINE)"),
        ({"HF_ENDPOINT": "http://127.0.0.1:9"}, "cannot reach http://127.0.0.1:9: "),
    ],
    ids=["HF_HUB_OFFLINE", "refused"],
)
def test_ensure_offline_says_so_within_10_s_and_lets_the_run_go_on(
    project: Path, hub_env: dict[str, str], env: dict[str, str], said: str
) -> None:
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "workbench.cli", "model", "ensure"], cwd=project,
        capture_output=True, text=True, timeout=60,
        env={**os.environ, **hub_env, "HF_ENDPOINT": "", **env},
    )  # fmt: skip
    assert time.monotonic() - started < 10
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr.startswith(f"workbench: {HUB_ID} is not installed and {said}")
    assert result.stderr.rstrip().endswith(
        "working without machine suggestions (run 'workbench model pull' when online)"
    )
    assert not (project / "models").exists() or not any((project / "models").iterdir())


def test_ensure_a_model_the_hub_does_not_have_is_reported_and_the_run_goes_on(
    project: Path, hub: FakeHub, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "pyproject.toml").write_text(
        (project / "pyproject.toml").read_text(encoding="utf-8")
        + '[tool.workbench.mt_models]\nen = "Helsinki-NLP/opus-mt-ar-xx"\n',
        encoding="utf-8",
    )
    assert main(["model", "ensure"]) == 0
    assert capsys.readouterr().err == (
        "workbench: Helsinki-NLP/opus-mt-ar-xx is not installed and cannot be downloaded now: "
        "no model named Helsinki-NLP/opus-mt-ar-xx on the Hugging Face hub (or it needs a "
        "login); working without machine suggestions (run 'workbench model pull' when online)\n"
    )


def test_make_run_ensures_the_model_before_the_tui_and_goes_on_when_it_fails() -> None:
    makefile = (Path(__file__).resolve().parents[2] / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\nrun: setup\n", 1)[1].split("\n\n", 1)[0].splitlines()
    ensure = recipe.index("\t-$(VENV)/bin/workbench model ensure")
    assert recipe[ensure + 1].startswith("\t$(VENV)/bin/workbench tui")
