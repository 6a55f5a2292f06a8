"""``model pull``: download an opus-mt model from the Hugging Face hub into ``models/``.

Fails within seconds when the hub is unreachable or ``HF_HUB_OFFLINE`` is set (short timeouts,
no retries), with a message that says how else to get the model. Downloads only safetensors
weights, configuration and tokenizer files; pickled ``.bin`` weights only with
``allow_pickle``, and then re-saved as safetensors so later loads never unpickle.
"""

from __future__ import annotations

import os
from pathlib import Path

from workbench.config import Config
from workbench.errors import WorkbenchError
from workbench.mt.models import (
    ModelNotAvailable,
    UnsafeModel,
    check_transformers_dir,
    how_to_get,
    local_name,
)

HUB_TIMEOUT_SECONDS = 10.0
SAFE_PATTERNS = [
    "*.safetensors",
    "*.safetensors.index.json",
    "config.json",
    "generation_config.json",
    "*.spm",
    "vocab.json",
    "target_vocab.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "README.md",
]
PICKLE_PATTERNS = ["pytorch_model.bin", "pytorch_model*.bin", "pytorch_model.bin.index.json"]


def hub_offline() -> bool:
    """True when the user switched the hub off (``HF_HUB_OFFLINE``, as huggingface_hub reads it)."""
    return os.environ.get("HF_HUB_OFFLINE", "").strip().upper() in ("1", "ON", "YES", "TRUE")


def pull_model(
    config: Config,
    model_id: str | None = None,
    *,
    target_language: str | None = None,
    allow_pickle: bool = False,
    progress: bool = True,
) -> Path:
    """Download ``model_id`` (default: configured for the target) to ``models/<name>``."""
    if model_id is None:
        model_id = config.mt_model_for(target_language or config.target_languages[0])
    _check_id(model_id, config)
    destination = config.models / local_name(model_id)
    if hub_offline():
        raise ModelNotAvailable(
            f"cannot download {model_id}: the Hugging Face hub is switched off (HF_HUB_OFFLINE)",
            hint=how_to_get(model_id, config),
        )
    files = _repo_files(model_id, config)
    has_safetensors = any(name.endswith(".safetensors") for name in files)
    if not has_safetensors and not allow_pickle:
        raise UnsafeModel(
            f"{model_id} publishes only pickled weights (.bin); loading them can run "
            "arbitrary code",
            hint="pass --allow-pickle if you trust the publisher: they are converted to "
            "safetensors after download",
        )
    patterns = SAFE_PATTERNS + ([] if has_safetensors else PICKLE_PATTERNS)
    _download(model_id, destination, patterns, progress, config)
    if not has_safetensors:
        _resave_as_safetensors(destination)
    check_transformers_dir(destination)
    return destination


def _check_id(model_id: str, config: Config) -> None:
    """A malformed id is the user's typo, not a network problem: say so before going online."""
    from huggingface_hub.utils import HFValidationError, validate_repo_id

    try:
        validate_repo_id(model_id)
    except HFValidationError as exc:
        raise WorkbenchError(
            f"'{model_id}' is not a Hugging Face model id: {str(exc).splitlines()[0]}",
            hint="use an id such as Helsinki-NLP/opus-mt-ar-en; a model directory you already "
            f"have needs no pull: use it with --model DIR or copy it into {config.models}",
        ) from None


def _unreachable(model_id: str, config: Config, exc: BaseException) -> ModelNotAvailable:
    reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return ModelNotAvailable(
        f"cannot reach the Hugging Face hub to download {model_id}: {reason[:200]}",
        hint=how_to_get(model_id, config),
    )


def _repo_files(model_id: str, config: Config) -> list[str]:
    from huggingface_hub import HfApi
    from huggingface_hub.errors import GatedRepoError, RepositoryNotFoundError

    try:
        info = HfApi().model_info(model_id, timeout=HUB_TIMEOUT_SECONDS)
    except (RepositoryNotFoundError, GatedRepoError):
        raise ModelNotAvailable(
            f"no model named {model_id} on the Hugging Face hub (or it needs a login)",
            hint="check the id, e.g. Helsinki-NLP/opus-mt-ar-en",
        ) from None
    except Exception as exc:  # any transport failure: refused, DNS, timeout, offline, HTTP 5xx
        raise _unreachable(model_id, config, exc) from None
    return [sibling.rfilename for sibling in (info.siblings or [])]


def _download(
    model_id: str, destination: Path, patterns: list[str], progress: bool, config: Config
) -> None:
    from huggingface_hub import snapshot_download
    from huggingface_hub.utils import disable_progress_bars, enable_progress_bars

    try:
        destination.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WorkbenchError(
            f"cannot create the models folder: {exc.strerror}",
            destination.parent,
            hint="check the 'models' setting in pyproject.toml and the folder's permissions",
        ) from None
    if not progress:
        disable_progress_bars()
    try:
        snapshot_download(
            model_id,
            local_dir=destination,
            allow_patterns=patterns,
            etag_timeout=HUB_TIMEOUT_SECONDS,
            max_workers=4,
        )
    except Exception as exc:  # as above: every way the download can fail becomes one message
        raise _unreachable(model_id, config, exc) from None
    finally:
        if not progress:
            enable_progress_bars()


def _resave_as_safetensors(directory: Path) -> None:
    """Load the pickled weights once (the user allowed it) and keep a safetensors copy."""
    from workbench.mt.marian import quiet_transformers

    quiet_transformers()
    from transformers import MarianMTModel

    model = MarianMTModel.from_pretrained(
        str(directory), use_safetensors=False, local_files_only=True, trust_remote_code=False
    )
    model.save_pretrained(str(directory), safe_serialization=True)
    for pickled in directory.glob("pytorch_model*.bin*"):
        pickled.unlink()
