"""Model resolution, safety checks, conversion and the offline hub: each failure is one clear
WorkbenchError (exit 2) that says what to do."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from workbench.config import Config
from workbench.errors import WorkbenchError
from workbench.mt import ModelError, ModelNotAvailable, UnsafeModel, load_engine
from workbench.mt.convert import convert_model
from workbench.mt.hub import pull_model
from workbench.mt.models import layout_of, list_models, resolve_model

HUB_ID = "Helsinki-NLP/opus-mt-tiny-ar-en"


def _config(root: Path) -> Config:
    return Config(root=root, models=root / "models", cache=root / "cache.sqlite3")


@pytest.fixture()
def installed(tiny_marian: Path, tmp_path: Path) -> Config:
    """A project whose models/ holds a copy of the tiny model (no conversion)."""
    shutil.copytree(tiny_marian, tmp_path / "models" / "opus-mt-tiny-ar-en")
    return _config(tmp_path)


def test_layouts_of_the_fixture(tiny_marian: Path) -> None:
    assert layout_of(tiny_marian) == "transformers"
    assert layout_of(tiny_marian.with_name(tiny_marian.name + "-ct2")) == "ctranslate2"


def test_resolve_hub_id_and_directories(tiny_marian: Path) -> None:
    config = Config(root=tiny_marian.parent, models=tiny_marian.parent)
    ct2 = tiny_marian.with_name(tiny_marian.name + "-ct2")
    by_id = resolve_model(config, HUB_ID)
    assert (by_id.transformers_dir, by_id.ctranslate2_dir) == (tiny_marian, ct2)
    by_ct2_dir = resolve_model(config, str(ct2))
    assert (by_ct2_dir.transformers_dir, by_ct2_dir.ctranslate2_dir) == (tiny_marian, ct2)


def test_default_model_comes_from_configuration(tmp_path: Path) -> None:
    config = _config(tmp_path)
    with pytest.raises(ModelNotAvailable) as caught:
        resolve_model(config, None, "fr")
    message = str(caught.value)
    assert "Helsinki-NLP/opus-mt-ar-fr is not installed" in message
    assert "workbench model pull Helsinki-NLP/opus-mt-ar-fr" in message
    assert str(tmp_path / "models" / "opus-mt-ar-fr") in message


def test_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(ModelNotAvailable, match="model directory does not exist"):
        load_engine(_config(tmp_path), model=str(tmp_path / "nowhere" / "model"))


def test_corrupt_config_json(installed: Config) -> None:
    config_file = installed.models / "opus-mt-tiny-ar-en" / "config.json"
    config_file.write_text('{"model_type": "marian",\n  "d_model": 32,,\n}', encoding="utf-8")
    with pytest.raises(ModelError) as caught:
        load_engine(installed, model=HUB_ID, use_cache=False)
    assert caught.value.path == config_file
    assert caught.value.line == 2
    assert "corrupt config.json" in str(caught.value)


def test_not_a_marian_model(installed: Config) -> None:
    config_file = installed.models / "opus-mt-tiny-ar-en" / "config.json"
    data = json.loads(config_file.read_text(encoding="utf-8"))
    config_file.write_text(json.dumps({**data, "model_type": "bert"}), encoding="utf-8")
    with pytest.raises(ModelError, match="not a Marian model"):
        load_engine(installed, model=HUB_ID, use_cache=False)


def _make_pickle_only(directory: Path) -> None:
    import torch
    from safetensors.torch import load_file

    weights = load_file(str(directory / "model.safetensors"))
    torch.save(weights, directory / "pytorch_model.bin")
    (directory / "model.safetensors").unlink()


def test_pickle_only_weights_are_refused_without_allow_pickle(installed: Config) -> None:
    _make_pickle_only(installed.models / "opus-mt-tiny-ar-en")
    with pytest.raises(UnsafeModel, match="only pickled weights") as caught:
        load_engine(installed, model=HUB_ID, use_cache=False)
    assert "--allow-pickle" in str(caught.value)
    with pytest.raises(UnsafeModel):
        convert_model(installed, HUB_ID)


def test_pickle_only_weights_load_with_allow_pickle(installed: Config) -> None:
    _make_pickle_only(installed.models / "opus-mt-tiny-ar-en")
    engine = load_engine(installed, model=HUB_ID, allow_pickle=True, use_cache=False)
    assert engine.name == "transformers"


def test_missing_tokenizer_file(installed: Config) -> None:
    (installed.models / "opus-mt-tiny-ar-en" / "target.spm").unlink()
    with pytest.raises(ModelError, match="tokenizer file.*target.spm"):
        load_engine(installed, model=HUB_ID, use_cache=False)


def test_ctranslate2_requested_but_not_converted(installed: Config) -> None:
    with pytest.raises(ModelNotAvailable, match="no CTranslate2 version") as caught:
        load_engine(installed, model=HUB_ID, engine="ctranslate2", use_cache=False)
    assert "workbench model convert" in str(caught.value)


def test_convert_writes_ct2_beside_with_tokenizer_files(installed: Config) -> None:
    output = convert_model(installed, HUB_ID, quantization="int8")
    assert output == installed.models / "opus-mt-tiny-ar-en-ct2"
    assert layout_of(output) == "ctranslate2"
    for name in ("source.spm", "target.spm", "vocab.json", "tokenizer_config.json"):
        assert (output / name).is_file()
    assert not list(installed.models.glob(".opus-mt-tiny-ar-en-ct2.*"))  # staging cleaned
    with pytest.raises(WorkbenchError, match="already exists"):
        convert_model(installed, HUB_ID)
    assert convert_model(installed, HUB_ID, force=True) == output
    assert load_engine(installed, model=HUB_ID, use_cache=False).name == "ctranslate2"
    listed = {m.name: m for m in list_models(installed)}
    assert listed["opus-mt-tiny-ar-en"].engine == "transformers"
    assert listed["opus-mt-tiny-ar-en"].weights == "safetensors"
    assert listed["opus-mt-tiny-ar-en-ct2"].engine == "ctranslate2"
    assert listed["opus-mt-tiny-ar-en-ct2"].size_bytes > 100_000


def test_pull_with_hub_switched_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    started = time.monotonic()
    with pytest.raises(ModelNotAvailable) as caught:
        pull_model(_config(tmp_path), "Helsinki-NLP/opus-mt-ar-en")
    assert time.monotonic() - started < 5
    assert "HF_HUB_OFFLINE" in str(caught.value)
    assert "copy the model directory to" in str(caught.value)
    assert not (tmp_path / "models" / "opus-mt-ar-en").exists()


def test_pull_from_unreachable_hub_fails_fast(tmp_path: Path) -> None:
    """A fresh process, so huggingface_hub reads HF_ENDPOINT at import as users would set it."""
    code = (
        "from pathlib import Path; from workbench.config import Config\n"
        "from workbench.mt.hub import pull_model\n"
        f"pull_model(Config(root=Path({str(tmp_path)!r}), models=Path({str(tmp_path)!r})))\n"
    )
    env = {"HF_ENDPOINT": "http://127.0.0.1:9", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    )
    assert time.monotonic() - started < 30
    assert result.returncode != 0
    assert "ModelNotAvailable" in result.stderr
    assert "cannot reach the Hugging Face hub" in result.stderr
    assert "workbench model pull Helsinki-NLP/opus-mt-ar-en" in result.stderr


# --- review R1: damaged model files give one clear error, never a traceback -----------------


def _truncate(path: Path, size: int = 1000) -> None:
    path.write_bytes(path.read_bytes()[:size])


def test_truncated_safetensors_is_a_model_error(installed: Config) -> None:
    """An interrupted copy or download leaves a short model.safetensors (SafetensorError is
    not an OSError: it used to escape as a traceback from translate and convert)."""
    directory = installed.models / "opus-mt-tiny-ar-en"
    _truncate(directory / "model.safetensors")
    with pytest.raises(ModelError, match="cannot load the model weights") as caught:
        load_engine(installed, model=HUB_ID, engine="transformers", use_cache=False)
    assert caught.value.path == directory
    with pytest.raises(ModelError, match="conversion failed"):
        convert_model(installed, HUB_ID)
    assert not (installed.models / "opus-mt-tiny-ar-en-ct2").exists()


@pytest.mark.parametrize("name", ["source.spm", "vocab.json"])
def test_corrupt_tokenizer_file_is_a_model_error(installed: Config, name: str) -> None:
    directory = installed.models / "opus-mt-tiny-ar-en"
    (directory / name).write_text("{ garbage", encoding="utf-8")
    with pytest.raises(ModelError, match="cannot load the tokenizer") as caught:
        load_engine(installed, model=HUB_ID, engine="transformers", use_cache=False)
    assert caught.value.path == directory
    assert "restore" in str(caught.value)


def test_weights_not_matching_config_say_so(installed: Config) -> None:
    """transformers' own message points at a report the user never sees."""
    config_file = installed.models / "opus-mt-tiny-ar-en" / "config.json"
    data = json.loads(config_file.read_text(encoding="utf-8"))
    config_file.write_text(json.dumps({**data, "d_model": data["d_model"] * 2}), encoding="utf-8")
    with pytest.raises(ModelError) as caught:
        load_engine(installed, model=HUB_ID, engine="transformers", use_cache=False)
    message = str(caught.value)
    assert "do not match config.json" in message
    assert "above report" not in message


def test_list_skips_hidden_staging_directories(installed: Config) -> None:
    """A convert killed mid-way leaves ``.NAME-ct2.XXXX``: not an installed model."""
    staging = installed.models / ".opus-mt-tiny-ar-en-ct2.abc123"
    staging.mkdir()
    (staging / "config.json").write_text("{}", encoding="utf-8")
    assert [m.name for m in list_models(installed)] == ["opus-mt-tiny-ar-en"]


@pytest.mark.parametrize("model_id", ["bad id", "./models/opus-mt-ar-en", "a/b/c"])
def test_pull_rejects_a_malformed_id_without_blaming_the_network(
    tmp_path: Path, model_id: str
) -> None:
    started = time.monotonic()
    with pytest.raises(WorkbenchError) as caught:
        pull_model(_config(tmp_path), model_id)
    assert time.monotonic() - started < 5
    message = str(caught.value)
    assert f"'{model_id}' is not a Hugging Face model id" in message
    assert "cannot reach" not in message and "internet" not in message
    assert not (tmp_path / "models").exists()


def test_a_file_given_as_model_is_named_as_a_file(tiny_marian: Path, tmp_path: Path) -> None:
    """``-m models/x/config.json`` exists: saying "does not exist" sends the user astray."""
    with pytest.raises(ModelNotAvailable) as caught:
        resolve_model(_config(tmp_path), str(tiny_marian / "config.json"))
    assert "is a file, not a model directory" in str(caught.value)
    assert str(tiny_marian) in str(caught.value)


def test_convert_beside_a_read_only_model_is_one_clear_error(
    installed: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A model on a read-only disk (or a folder the user may not write): no traceback."""
    import workbench.mt.convert as convert

    def refuse(*args: object, **kwargs: object) -> str:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(convert.tempfile, "mkdtemp", refuse)
    with pytest.raises(ModelError, match="cannot write the converted model beside") as caught:
        convert_model(installed, HUB_ID)
    assert caught.value.path == installed.models
    assert "Permission denied" in str(caught.value)


def test_pull_into_an_unusable_models_folder_is_one_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import workbench.mt.hub as hub

    blocker = tmp_path / "models"
    blocker.write_text("a file where the models folder belongs\n", encoding="utf-8")
    config = Config(root=tmp_path, models=blocker / "inner", cache=tmp_path / "c.sqlite3")
    files = {"config.json": 9, "model.safetensors": 9}
    listing = hub.RepoListing("Helsinki-NLP/opus-mt-ar-en", "main", files)
    monkeypatch.setattr(hub, "_repo_listing", lambda model_id, config, endpoint: listing)
    with pytest.raises(WorkbenchError, match="cannot create the models folder") as caught:
        pull_model(config, "Helsinki-NLP/opus-mt-ar-en", progress=False)
    assert caught.value.path == blocker / "inner"
    assert "cannot reach" not in str(caught.value)


def test_a_missing_folder_inside_an_existing_one_is_a_path_not_a_hub_id(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``-m models/nope``: the user means a folder; "run model pull models/nope" would mislead."""
    (tmp_path / "models").mkdir()
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ModelNotAvailable) as caught:
        resolve_model(_config(tmp_path), "models/nope")
    assert "model directory does not exist" in str(caught.value)
    assert "model pull" not in str(caught.value)
    with pytest.raises(ModelNotAvailable) as caught:  # a hub id still reads as one
        resolve_model(_config(tmp_path), "Helsinki-NLP/opus-mt-ar-xx")
    assert "model pull Helsinki-NLP/opus-mt-ar-xx" in str(caught.value)


def test_pull_returns_the_resolved_id_and_what_it_installed(
    tiny_marian: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``model pull --json`` prints this result: the default id resolved from the target
    language, the installed folder and its files, so the CLI never works them out again. The
    hub's file listing and downloads are stood in for (copies of the tiny model); choosing,
    checking and installing the files is the real code."""
    import workbench.mt.hub as hub

    served = {p.name: p.stat().st_size for p in tiny_marian.iterdir() if p.is_file()}
    served |= {"pytorch_model.bin": 5, "metadata.json": 2}  # never fetched: left out

    def listing(model_id: str, config: Config, endpoint: str) -> hub.RepoListing:
        return hub.RepoListing(model_id, "abc123", served)

    def fetch(listing: hub.RepoListing, names: list[str], staging: Path, *rest: object) -> None:
        staging.mkdir(parents=True, exist_ok=True)
        for name in names:
            shutil.copy(tiny_marian / name, staging / name)

    monkeypatch.setattr(hub, "_repo_listing", listing)
    monkeypatch.setattr(hub, "_fetch", fetch)
    config = Config(
        root=tmp_path, models=tmp_path / "models", mt_models={"fr": HUB_ID.replace("-en", "-fr")}
    )
    pulled = pull_model(config, target_language="fr", progress=False)
    folder = tmp_path / "models" / "opus-mt-tiny-ar-fr"
    expected_files = sorted(set(served) - {"pytorch_model.bin", "metadata.json"})
    assert pulled.model_id == "Helsinki-NLP/opus-mt-tiny-ar-fr"
    assert pulled.path == folder
    assert list(pulled.files) == expected_files == sorted(p.name for p in folder.iterdir())
    assert pulled.size_bytes == sum(served[name] for name in expected_files)
    assert pulled.to_json() == {
        "model": "Helsinki-NLP/opus-mt-tiny-ar-fr",
        "path": str(folder),
        "files": expected_files,
        "size_bytes": pulled.size_bytes,
    }
    # no id and no language: the first configured target language's model (opus-mt naming)
    assert pull_model(config, progress=False).model_id == "Helsinki-NLP/opus-mt-ar-en"
    with pytest.raises(WorkbenchError, match="no target language configured"):
        pull_model(replace(config, target_languages=()), progress=False)  # was an IndexError
