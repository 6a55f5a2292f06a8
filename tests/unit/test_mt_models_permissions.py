"""A model folder or file the user may not read: one clear error naming it, never a traceback,
and an unreadable weights file is not called missing.

Tests run as root, whom file permissions do not stop: the refusal a user meets from the
kernel is injected at the calls that meet it (``stat`` and ``open`` of a file inside, listing
the folder) as the ``PermissionError`` those calls raise."""

from __future__ import annotations

import builtins
import errno
import io
import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from workbench.cli import main
from workbench.config import Config
from workbench.mt import ModelError, load_engine
from workbench.mt.models import list_models, resolve_model

MODEL = "opus-mt-ar-en"
FILES = ("model.safetensors", "source.spm", "target.spm", "vocab.json")


def _fake_model(folder: Path) -> Path:
    """A folder laid out like an opus-mt model (the checks run before any file is parsed)."""
    folder.mkdir(parents=True)
    (folder / "config.json").write_text(json.dumps({"model_type": "marian"}), encoding="utf-8")
    for name in FILES:
        (folder / name).write_bytes(b"x")
    return folder


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Config:
    (tmp_path / "pyproject.toml").write_text("[tool.workbench]\n", encoding="utf-8")
    _fake_model(tmp_path / "models" / MODEL)
    monkeypatch.chdir(tmp_path)
    return Config(root=tmp_path, models=tmp_path / "models", cache=tmp_path / "c.sqlite3")


Deny = Callable[..., None]


@pytest.fixture()
def deny(monkeypatch: pytest.MonkeyPatch) -> Deny:
    """``deny(path)``: from now on, reading ``path`` fails as for a user without permission;
    for a folder (chmod 000), so do listing it and reaching anything inside."""
    denied: list[tuple[Path, bool]] = []

    def blocked(target: object, *, listing: bool = False) -> bool:
        """Whether the call on ``target`` fails: anything inside a denied folder; the denied
        path itself when opened or listed (its own ``stat`` still works, as with chmod 000)."""
        if isinstance(target, int):
            return False
        path = Path(os.fsdecode(target)).absolute()  # type: ignore[call-overload]
        for bad, folder in denied:
            if folder and bad in path.parents:
                return True
            if path == bad and listing:
                return True
        return False

    real_stat, real_open = os.stat, os.open
    real_listdir, real_scandir = os.listdir, os.scandir

    def refuse(target: object) -> PermissionError:
        return PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fsdecode(target))  # type: ignore[arg-type]

    def fake_stat(target: object, *args: object, **kwargs: object) -> os.stat_result:
        if blocked(target):
            raise refuse(target)
        return real_stat(target, *args, **kwargs)  # type: ignore[arg-type]

    def fake_open(target: object, *args: object, **kwargs: object) -> int:
        if blocked(target, listing=True):
            raise refuse(target)
        return real_open(target, *args, **kwargs)  # type: ignore[arg-type]

    def fake_listdir(target: object = ".") -> list[str]:
        if blocked(target, listing=True):
            raise refuse(target)
        return real_listdir(target)  # type: ignore[arg-type]

    def fake_scandir(target: object = ".") -> object:
        if blocked(target, listing=True):
            raise refuse(target)
        return real_scandir(target)  # type: ignore[arg-type]

    real_io_open = io.open

    def fake_io_open(target: object, *args: object, **kwargs: object) -> object:
        if blocked(target, listing=True):
            raise refuse(target)
        return real_io_open(target, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(io, "open", fake_io_open)
    monkeypatch.setattr(builtins, "open", fake_io_open)
    monkeypatch.setattr(os, "stat", fake_stat)
    monkeypatch.setattr(os, "open", fake_open)
    monkeypatch.setattr(os, "listdir", fake_listdir)
    monkeypatch.setattr(os, "scandir", fake_scandir)

    def add(path: Path, *, searchable: bool = False) -> None:
        """``searchable``: a folder of mode ``--x``, whose files can be opened by name but
        which cannot be listed."""
        denied.append((path.absolute(), path.is_dir() and not searchable))

    return add


def test_an_unreadable_model_folder_is_named_by_list_and_resolve(
    project: Config, deny: Deny
) -> None:
    folder = project.models / MODEL
    deny(folder)
    with pytest.raises(ModelError) as listed:
        list_models(project)
    assert "permission denied" in str(listed.value)
    assert str(folder) in str(listed.value)
    with pytest.raises(ModelError) as resolved:
        resolve_model(project, f"Helsinki-NLP/{MODEL}")
    assert "permission denied" in str(resolved.value)
    assert str(folder) in str(resolved.value)


def test_a_folder_that_cannot_be_listed_is_not_said_to_miss_its_weights(
    project: Config, deny: Deny
) -> None:
    """Mode --x: glob() finds nothing there without a word, which read as "no weights"."""
    folder = project.models / MODEL
    deny(folder, searchable=True)
    with pytest.raises(ModelError) as caught:
        load_engine(project, model=f"Helsinki-NLP/{MODEL}", use_cache=False)
    assert str(caught.value).startswith(f"{folder}: permission denied")
    with pytest.raises(ModelError, match="permission denied"):
        list_models(project)


@pytest.mark.parametrize("name", ["model.safetensors", "config.json", "source.spm"])
def test_an_unreadable_file_is_named_unreadable_not_missing(
    project: Config, deny: Deny, name: str
) -> None:
    path = project.models / MODEL / name
    deny(path)
    with pytest.raises(ModelError) as caught:
        load_engine(project, model=f"Helsinki-NLP/{MODEL}", use_cache=False)
    message = str(caught.value)
    assert f"{path}: permission denied" in message
    assert "missing" not in message and "no weights" not in message


def test_list_marks_an_unreadable_weights_file(project: Config, deny: Deny) -> None:
    deny(project.models / MODEL / "model.safetensors")
    listed = list_models(project)
    assert [m.weights for m in listed] == ["safetensors (unreadable: permission denied)"]


@pytest.mark.parametrize(
    "argv", [["model", "list"], ["translate", "--engine", "transformers", "مرحبا"]]
)
def test_the_cli_reports_one_line_and_exit_2(
    project: Config, deny: Deny, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    folder = project.models / MODEL
    deny(folder)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "permission denied" in err and str(folder) in err
