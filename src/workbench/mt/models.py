"""Where models live and whether they are safe to load: resolving a hub id or a directory to
installed files, checking their layout, and listing what is installed.

A model is named by a hub id (``Helsinki-NLP/opus-mt-ar-en``, installed as
``models/opus-mt-ar-en/``) or by a local directory in Hugging Face layout (``config.json``,
``model.safetensors``, ``source.spm``, ``target.spm``, ``vocab.json``) or CTranslate2 layout
(``model.bin``, ``shared_vocabulary.*`` plus the same tokenizer files). A converted model sits
beside its original as ``<name>-ct2``. Nothing here touches the network.
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import ParamSpec, TypeVar

from workbench.config import Config
from workbench.errors import WorkbenchError

TOKENIZER_FILES = ("source.spm", "target.spm", "vocab.json")
OPTIONAL_TOKENIZER_FILES = ("tokenizer_config.json",)
CT2_SUFFIX = "-ct2"
#: ``model adapt`` writes ``<name>-adapted`` with its provenance file beside the weights.
ADAPTED_SUFFIX = "-adapted"
PROVENANCE_FILE = "adaptation.json"
TRANSFORMERS = "transformers"
CTRANSLATE2 = "ctranslate2"


class ModelError(WorkbenchError):
    """A model exists but cannot or must not be loaded (corrupt, incomplete, unsafe)."""


class ModelNotAvailable(ModelError):
    """The model is not installed here (and cannot be fetched now)."""


class UnsafeModel(ModelError):
    """Only pickled weights are present and the user has not allowed loading them."""


_P = ParamSpec("_P")
_R = TypeVar("_R")


def permission_denied(path: Path | None) -> ModelError:
    """The one-line error for a model file or folder this user may not read (a model copied
    by another user, or with chmod 000): named, never a traceback nor "missing"."""
    return ModelError(
        "permission denied",
        path,
        hint="make the model folder and its files readable by you (chmod -R a+rX on the "
        "folder) or run as their owner",
    )


def _names_unreadable(function: Callable[_P, _R]) -> Callable[_P, _R]:
    """``function`` with a ``PermissionError`` from any file or folder it touches turned into
    :func:`permission_denied` naming that path."""

    @functools.wraps(function)
    def checked(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            return function(*args, **kwargs)
        except PermissionError as exc:
            raise permission_denied(Path(exc.filename) if exc.filename else None) from None

    return checked


def _check_listable(directory: Path) -> None:
    """Raise ``PermissionError`` for a folder this user may not list: ``glob()`` finds nothing
    in it without a word, which would read as "no weights" or "not a model"."""
    if directory.is_dir():
        os.listdir(directory)


def _check_readable(paths: list[Path]) -> None:
    """Open each of ``paths`` (the files an engine is about to load): an unreadable one is
    :func:`permission_denied`, before a library reports it as missing or corrupt."""
    for path in paths:
        try:
            with open(path, "rb"):
                pass
        except PermissionError:
            raise permission_denied(path) from None


@dataclass(frozen=True)
class ResolvedModel:
    """The installed files behind one model name; either directory may be missing."""

    name: str
    transformers_dir: Path | None
    ctranslate2_dir: Path | None


@dataclass(frozen=True)
class InstalledModel:
    """One directory under ``models/`` as ``model list`` shows it."""

    name: str
    path: Path
    engine: str
    size_bytes: int
    weights: str
    adapted_from: str | None = None  # the base model of a ``model adapt`` result
    default: bool = False  # an adapted model used in place of its base (see adapted_default)


def local_name(model_id: str) -> str:
    """Directory name under ``models/`` for a hub id: its last path component."""
    return model_id.rstrip("/").split("/")[-1]


def how_to_get(model_id: str, config: Config) -> str:
    """The sentence every 'model missing' message ends with."""
    target = config.models / local_name(model_id)
    return (
        f"run 'workbench model pull {model_id}' on a machine with internet access, "
        f"or copy the model directory to {target}"
    )


def read_provenance(directory: Path) -> dict | None:
    """The provenance ``model adapt`` wrote in ``directory`` (None for any other model, or
    one whose file is unreadable: it then lists and loads as a plain model)."""
    try:
        data = json.loads((directory / PROVENANCE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def adapted_default(config: Config, model_id: str) -> Path | None:
    """``models/<name>-adapted`` when ``model adapt`` made it the default for ``model_id``
    (its held-out chrF was at least the base model's), else None."""
    directory = config.models / (local_name(model_id) + ADAPTED_SUFFIX)
    provenance = read_provenance(directory)
    if provenance is None or provenance.get("default") is not True:
        return None
    return directory


@_names_unreadable
def layout_of(directory: Path) -> str | None:
    """``transformers``, ``ctranslate2`` or None for a directory that is neither."""
    _check_listable(directory)
    if (directory / "model.bin").is_file() and any(
        directory.glob(pattern)
        for pattern in ("shared_vocabulary.*", "source_vocabulary.*", "vocabulary.*")
    ):
        return CTRANSLATE2
    if (directory / "config.json").is_file():
        return TRANSFORMERS
    return None


@_names_unreadable
def read_model_config(directory: Path) -> dict:
    """``config.json`` parsed, or a ModelError naming the file and what to do."""
    path = directory / "config.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelError(
            "not a model directory: config.json is missing",
            directory,
            hint="point --model at a Hugging Face or CTranslate2 model directory",
        ) from None
    except PermissionError:
        raise permission_denied(path) from None  # named even when the error names no file
    except OSError as exc:  # unreadable otherwise: a folder, an I/O error
        from workbench.fileio import read_error

        raise read_error(exc, path, "model configuration") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        raise ModelError(
            f"corrupt config.json: {exc.args[0] if exc.args else exc}",
            path,
            line=line,
            hint="re-download the model with 'workbench model pull' or restore the file",
        ) from None
    if not isinstance(data, dict):
        raise ModelError("corrupt config.json: expected a JSON object", path)
    return data


@_names_unreadable
def weights_files(directory: Path) -> tuple[list[Path], list[Path]]:
    """(safetensors files, pickled ``.bin`` files) of a Hugging Face directory."""
    _check_listable(directory)
    safe = sorted(directory.glob("*.safetensors"))
    pickled = sorted(p for p in directory.glob("*.bin") if p.name != "model.bin")
    return safe, pickled


def _tokenizer_files(directory: Path) -> list[Path]:
    """The tokenizer files present in ``directory`` (required and optional)."""
    names = (*TOKENIZER_FILES, *OPTIONAL_TOKENIZER_FILES)
    return [directory / name for name in names if (directory / name).is_file()]


def _missing_tokenizer_files(directory: Path) -> list[str]:
    return [name for name in TOKENIZER_FILES if not (directory / name).is_file()]


@_names_unreadable
def check_transformers_dir(directory: Path, *, allow_pickle: bool = False) -> bool:
    """Validate a Hugging Face Marian directory; returns True when weights are safetensors.

    Refuses pickle-only weights unless ``allow_pickle``: unpickling runs arbitrary code."""
    config = read_model_config(directory)
    model_type = config.get("model_type")
    if model_type != "marian":
        raise ModelError(
            f"not a Marian model (model_type={model_type!r})",
            directory / "config.json",
            hint="use an opus-mt model such as Helsinki-NLP/opus-mt-ar-en",
        )
    safe, pickled = weights_files(directory)
    if not safe and not pickled:
        raise ModelError(
            "no weights found (model.safetensors is missing)",
            directory,
            hint="re-download the model with 'workbench model pull'",
        )
    if not safe and not allow_pickle:
        raise UnsafeModel(
            f"only pickled weights ({pickled[0].name}) are present; loading them can run "
            "arbitrary code",
            directory,
            hint="use a model with model.safetensors, or pass --allow-pickle if you trust it",
        )
    missing = _missing_tokenizer_files(directory)
    if missing:
        raise ModelError(
            f"tokenizer file(s) missing: {', '.join(missing)}",
            directory,
            hint="copy them from the original model directory",
        )
    _check_readable([*(safe or pickled), *_tokenizer_files(directory)])
    return bool(safe)


@_names_unreadable
def check_ctranslate2_dir(directory: Path) -> None:
    """Validate a CTranslate2 directory: model, config and the Marian tokenizer files."""
    read_model_config(directory)
    if not (directory / "model.bin").is_file():
        raise ModelError("CTranslate2 model.bin is missing", directory)
    missing = _missing_tokenizer_files(directory)
    if missing:
        raise ModelError(
            f"tokenizer file(s) missing: {', '.join(missing)}",
            directory,
            hint="re-run 'workbench model convert', which copies them",
        )
    vocabularies = sorted(
        path
        for pattern in (
            "shared_vocabulary.*",
            "source_vocabulary.*",
            "target_vocabulary.*",
            "vocabulary.*",
            "vmap.txt",
        )
        for path in directory.glob(pattern)
    )
    _check_readable([directory / "model.bin", *vocabularies, *_tokenizer_files(directory)])


def _looks_like_path(model: str) -> bool:
    return model.startswith((".", "/", "~")) or "\\" in model or model.count("/") > 1


@_names_unreadable
def model_pair(directory: Path) -> tuple[Path | None, Path | None]:
    """(transformers dir, ctranslate2 dir) for a directory and its ``-ct2`` sibling."""
    layout = layout_of(directory)
    if layout == CTRANSLATE2:
        original = None
        if directory.name.endswith(CT2_SUFFIX):
            candidate = directory.with_name(directory.name[: -len(CT2_SUFFIX)])
            original = candidate if layout_of(candidate) == TRANSFORMERS else None
        return original, directory
    if layout == TRANSFORMERS:
        converted = directory.with_name(directory.name + CT2_SUFFIX)
        return directory, converted if layout_of(converted) == CTRANSLATE2 else None
    read_model_config(directory)  # raises the precise error (missing config.json)
    return None, None


@_names_unreadable
def resolve_model(
    config: Config, model: str | None = None, target_language: str | None = None
) -> ResolvedModel:
    """Find the installed files for ``model`` (default: the configured model for the target).

    Order: an existing directory as given, then ``models/<name>`` and ``models/<name>-ct2``.
    The configured model (``model`` None) gives way to its adapted version when ``model adapt``
    made that the default (:func:`adapted_default`); a model named explicitly is used as named.
    Raises ModelNotAvailable saying how to install the model."""
    if model is None:
        model = config.default_mt_model(target_language)
        adapted = adapted_default(config, model)
        if adapted is not None:
            model = str(adapted)
    given = Path(model).expanduser()
    if given.is_dir():
        hf_dir, ct2_dir = model_pair(given.resolve())
        return ResolvedModel(given.resolve().name, hf_dir, ct2_dir)
    if given.is_file():
        raise ModelNotAvailable(
            "is a file, not a model directory",
            given,
            hint=f"pass the folder that holds config.json or model.bin, e.g. {given.parent}",
        )
    # "models/nope" is a hub id by its shape, but when its first part is a folder here the
    # user meant a path (a hub organisation never names a local folder by chance).
    in_existing_folder = given.parent != Path(".") and given.parent.is_dir()
    if _looks_like_path(model) or given.exists() or in_existing_folder:
        raise ModelNotAvailable(
            "model directory does not exist",
            given,
            hint="pass a hub id such as Helsinki-NLP/opus-mt-ar-en or an existing directory",
        )
    name = local_name(model)
    installed = config.models / name
    converted = config.models / f"{name}{CT2_SUFFIX}"
    hf_dir = installed if installed.is_dir() else None
    ct2_dir = converted if layout_of(converted) == CTRANSLATE2 else None
    if hf_dir is None and ct2_dir is None:
        raise ModelNotAvailable(
            f"model {model} is not installed in {config.models}", hint=how_to_get(model, config)
        )
    if hf_dir is not None and layout_of(hf_dir) == CTRANSLATE2:
        hf_dir, ct2_dir = None, hf_dir
    return ResolvedModel(model, hf_dir, ct2_dir)


@_names_unreadable
def directory_size(directory: Path) -> int:
    return sum(p.stat().st_size for p in directory.rglob("*") if p.is_file())


@_names_unreadable
def list_models(config: Config) -> list[InstalledModel]:
    """Every model directory under ``models/``, sorted by name."""
    if not config.models.is_dir():
        return []
    found = []
    # Hidden directories are conversions in progress (or killed mid-way), not models.
    candidates = (p for p in config.models.iterdir() if p.is_dir() and not p.name.startswith("."))
    for directory in sorted(candidates):
        layout = layout_of(directory)
        if layout is None:
            continue
        if layout == CTRANSLATE2:
            weights, files = "model.bin (CTranslate2)", [directory / "model.bin"]
        else:
            safe, files = weights_files(directory)
            files = safe or files
            weights = "safetensors" if safe else ("pickle (.bin)" if files else "missing")
        try:
            _check_readable(files)
        except ModelError:
            weights += " (unreadable: permission denied)"
        provenance = read_provenance(directory)
        found.append(
            InstalledModel(
                directory.name, directory, layout, directory_size(directory), weights,
                adapted_from=None if provenance is None else str(provenance.get("base_model")),
                default=provenance is not None and provenance.get("default") is True,
            )  # fmt: skip
        )
    return found
