"""``model pull``: download an opus-mt model from the Hugging Face hub into ``models/``.

Fails within seconds when the hub is unreachable or ``HF_HUB_OFFLINE`` is set (short timeouts,
no retries), with a message that says how else to get the model. Downloads only safetensors
weights, configuration and tokenizer files; pickled ``.bin`` weights only with
``allow_pickle``, and then re-saved as safetensors so later loads never unpickle.

Files go to a hidden staging folder ``models/.<name>.download`` and the folder is renamed to
``models/<name>`` only when every file is there and checked, so an interrupted download never
looks like an installed model (``model list`` and model resolution skip hidden folders). The
staging folder is kept after a failure: running the same pull again resumes from the files it
already holds. ``HF_ENDPOINT`` (a mirror) is read at each call, not only at import.

The file loop is ours rather than ``snapshot_download``'s because we pin every file to the
commit whose file list was vetted for safety, check ``config.json`` is a Marian model before
fetching the weights, and show one plain progress bar per file instead of its aggregate bars.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path

from workbench.config import Config
from workbench.errors import CatalogLocked, WorkbenchError, reason
from workbench.fileio import file_lock
from workbench.mt.models import (
    ModelError,
    ModelNotAvailable,
    UnsafeModel,
    check_transformers_dir,
    directory_size,
    how_to_get,
    local_name,
    read_model_config,
)

HUB_TIMEOUT_SECONDS = 10.0
DEFAULT_ENDPOINT = "https://huggingface.co"
STAGING_SUFFIX = ".download"
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


@dataclass(frozen=True)
class RepoListing:
    """One commit of a hub repository: its id and file names with sizes (None if unknown)."""

    model_id: str
    revision: str
    files: dict[str, int | None]


@dataclass(frozen=True)
class PullProgress:
    """How far a first-run pull has got, for a caller drawing its own bar (the TUI).

    ``stage`` is ``"download"`` (``done`` of ``total`` bytes over all the model's files,
    ``file`` the one being fetched) or ``"convert"`` (CTranslate2 reports no steps: ``total``
    is None until it ends, then ``done == total == 1``). ``total`` is None when unknown."""

    stage: str
    done: int
    total: int | None
    file: str = ""


#: Called with each step of a pull, from the thread doing it; it must not block.
ProgressCallback = Callable[[PullProgress], None]


@dataclass(frozen=True)
class PulledModel:
    """An installed pull: which model, where, and what it holds (for ``model pull --json``)."""

    model_id: str
    path: Path
    files: tuple[str, ...]  # the files directly in ``path``, sorted
    size_bytes: int  # of every file under ``path``

    @classmethod
    def at(cls, model_id: str, path: Path) -> PulledModel:
        files = sorted(entry.name for entry in path.iterdir() if entry.is_file())
        return cls(model_id, path, tuple(files), directory_size(path))

    def to_json(self) -> dict[str, object]:
        return {
            "model": self.model_id,
            "path": str(self.path),
            "files": list(self.files),
            "size_bytes": self.size_bytes,
        }


def hub_offline() -> bool:
    """True when the user switched the hub off (``HF_HUB_OFFLINE``, as huggingface_hub reads it)."""
    return os.environ.get("HF_HUB_OFFLINE", "").strip().upper() in ("1", "ON", "YES", "TRUE")


def hub_endpoint() -> str:
    """The hub to talk to: ``HF_ENDPOINT`` as set now (a mirror, or a local test server)."""
    return (os.environ.get("HF_ENDPOINT") or DEFAULT_ENDPOINT).rstrip("/")


def staging_dir(destination: Path) -> Path:
    """The hidden folder a download of ``destination`` is assembled in."""
    return destination.with_name(f".{destination.name}{STAGING_SUFFIX}")


def pull_model(
    config: Config,
    model_id: str | None = None,
    *,
    target_language: str | None = None,
    allow_pickle: bool = False,
    progress: bool = True,
    on_progress: ProgressCallback | None = None,
) -> PulledModel:
    """Download ``model_id`` (default: configured for the target) to ``models/<name>``.

    ``progress`` shows a bar per file on stderr; callers pass False for scripts and pipes.
    ``on_progress`` is told the bytes fetched so far over all files (see :class:`PullProgress`).
    Returns the id actually pulled (the default resolved) and the installed folder."""
    if model_id is None:
        model_id = config.default_mt_model(target_language)
    _check_id(model_id, config)
    destination = config.models / local_name(model_id)
    if hub_offline():
        raise ModelNotAvailable(
            f"cannot download {model_id}: the Hugging Face hub is switched off (HF_HUB_OFFLINE)",
            hint=how_to_get(model_id, config),
        )
    endpoint = hub_endpoint()
    listing = _repo_listing(model_id, config, endpoint)
    names = _files_to_fetch(listing, allow_pickle)
    _make_models_folder(config.models)
    staging = staging_dir(destination)
    with _pull_lock(destination, model_id), _quiet_hub_logging():
        _seed_from_installed(destination, staging, names)
        _fetch(listing, names, staging, endpoint, progress, config, on_progress)
        _keep_only(staging, names)
        if not any(name.endswith(".safetensors") for name in names):
            _resave_as_safetensors(staging)
        _check_complete(staging, model_id)
        _install(staging, destination)
        return PulledModel.at(model_id, destination)  # listed before another pull may start


def _check_id(model_id: str, config: Config) -> None:
    """A malformed id is the user's typo, not a network problem: say so before going online."""
    from huggingface_hub.utils import HFValidationError, validate_repo_id

    try:
        validate_repo_id(model_id)
    except HFValidationError as exc:
        raise WorkbenchError(
            f"'{model_id}' is not a Hugging Face model id: {reason(exc)}",
            hint="use an id such as Helsinki-NLP/opus-mt-ar-en; a model directory you already "
            f"have needs no pull: use it with --model DIR or copy it into {config.models}",
        ) from None


def _not_found(model_id: str) -> ModelNotAvailable:
    return ModelNotAvailable(
        f"no model named {model_id} on the Hugging Face hub (or it needs a login)",
        hint="check the id, e.g. Helsinki-NLP/opus-mt-ar-en",
    )


def _repo_listing(model_id: str, config: Config, endpoint: str) -> RepoListing:
    from huggingface_hub import HfApi
    from huggingface_hub.errors import GatedRepoError, HfHubHTTPError, RepositoryNotFoundError

    try:
        info = HfApi(endpoint=endpoint).model_info(
            model_id, files_metadata=True, timeout=HUB_TIMEOUT_SECONDS
        )
    except (RepositoryNotFoundError, GatedRepoError):
        raise _not_found(model_id) from None
    except HfHubHTTPError as exc:
        if exc.response is not None and exc.response.status_code == 404:
            raise _not_found(model_id) from None
        raise _unreachable(model_id, config, exc) from None
    except Exception as exc:  # any transport failure: refused, DNS, timeout, offline, HTTP 5xx
        raise _unreachable(model_id, config, exc) from None
    files = {sibling.rfilename: sibling.size for sibling in (info.siblings or [])}
    return RepoListing(model_id, info.sha or "main", files)


def _unreachable(model_id: str, config: Config, exc: BaseException) -> ModelNotAvailable:
    return ModelNotAvailable(
        f"cannot reach the Hugging Face hub to download {model_id}: {reason(exc)}",
        hint=how_to_get(model_id, config),
    )


def _files_to_fetch(listing: RepoListing, allow_pickle: bool) -> list[str]:
    """The repository's files we download, ``config.json`` first; refuses pickle-only repos."""
    has_safetensors = any(name.endswith(".safetensors") for name in listing.files)
    if not has_safetensors and not allow_pickle:
        raise UnsafeModel(
            f"{listing.model_id} publishes only pickled weights (.bin); loading them can run "
            "arbitrary code",
            hint="pass --allow-pickle if you trust the publisher: they are converted to "
            "safetensors after download",
        )
    patterns = SAFE_PATTERNS + ([] if has_safetensors else PICKLE_PATTERNS)
    names = [n for n in listing.files if any(fnmatch(n, pattern) for pattern in patterns)]
    if "config.json" not in names:
        raise ModelError(
            f"{listing.model_id} has no config.json: not a Transformers model",
            hint="use an opus-mt model such as Helsinki-NLP/opus-mt-ar-en",
        )
    return sorted(names, key=lambda n: (n != "config.json", n))


def _make_models_folder(models: Path) -> None:
    try:
        models.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WorkbenchError(
            f"cannot create the models folder: {exc.strerror}",
            models,
            hint="check the 'models' setting in pyproject.toml and the folder's permissions",
        ) from None


@contextmanager
def _pull_lock(destination: Path, model_id: str) -> Iterator[None]:
    """One pull of a model at a time (sidecar lock ``models/.<name>.lock``)."""
    try:
        with file_lock(destination, timeout=0):
            yield
    except CatalogLocked:
        raise WorkbenchError(
            f"another 'workbench model pull' of {model_id} is running",
            destination.parent,
            hint="wait for it to finish",
        ) from None


@contextmanager
def _quiet_hub_logging() -> Iterator[None]:
    """huggingface_hub logs retries as warnings; our own one-line error says what failed."""
    hub_logger = logging.getLogger("huggingface_hub")
    level = hub_logger.level
    hub_logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        hub_logger.setLevel(level)


def _progress_class(
    show: bool,
    label: str,
    on_progress: ProgressCallback | None = None,
    before: int = 0,
    total: int | None = None,
) -> type:
    """huggingface_hub's tqdm labelled with the file name (it would show the URL's tail) and
    forced on or off (it would guess from the terminal; ``HF_HUB_DISABLE_PROGRESS_BARS``
    still wins). With ``on_progress``, every update is also reported over the whole pull:
    ``before`` bytes of earlier files plus this file's, of ``total`` (counted here, since a
    disabled tqdm counts nothing)."""
    from huggingface_hub.utils import tqdm as hub_tqdm

    name = label.strip()

    class FileProgress(hub_tqdm):  # type: ignore[misc, valid-type]
        def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            kwargs["disable"] = not show
            kwargs["desc"] = label
            self._fetched = int(kwargs.get("initial") or 0)  # a resumed file's first bytes
            super().__init__(*args, **kwargs)
            self._report()

        def update(self, n=1):  # type: ignore[no-untyped-def]
            self._fetched += int(n or 0)
            self._report()
            return super().update(n)

        def _report(self) -> None:
            if on_progress is not None:
                on_progress(PullProgress("download", before + self._fetched, total, name))

    return FileProgress


def _seed_from_installed(destination: Path, staging: Path, names: list[str]) -> None:
    """Re-pulling an installed model: start from its files (hard links, else copies) so
    huggingface_hub re-fetches only what changed; it checks large files by their sha256 and
    replaces files by rename, never in place, so the installed copy is never written."""
    if not destination.is_dir():
        return
    for name in names:
        source, target = destination / name, staging / name
        if not source.is_file() or target.exists():
            continue
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(source, target)
            except OSError:
                shutil.copy2(source, target)
        except OSError:  # only an optimisation: the file is downloaded instead
            target.unlink(missing_ok=True)


def _fetch(
    listing: RepoListing,
    names: list[str],
    staging: Path,
    endpoint: str,
    progress: bool,
    config: Config,
    on_progress: ProgressCallback | None = None,
) -> None:
    """Download ``names`` at the listed commit into ``staging``; files already complete there
    (same commit, same ETag) are kept, which is what makes a second pull resume."""
    from huggingface_hub import hf_hub_download
    from huggingface_hub.errors import RepositoryNotFoundError

    model_id = listing.model_id
    width = max(len(name) for name in names)
    sizes = [listing.files.get(name) for name in names]
    total = None if None in sizes else sum(size or 0 for size in sizes)
    before = 0
    for name, size in zip(names, sizes, strict=True):
        if on_progress is not None:
            on_progress(PullProgress("download", before, total, name))
        try:
            hf_hub_download(
                model_id,
                name,
                revision=listing.revision,
                local_dir=staging,
                endpoint=endpoint,
                etag_timeout=HUB_TIMEOUT_SECONDS,
                tqdm_class=_progress_class(progress, name.ljust(width), on_progress, before, total),
            )
        except RepositoryNotFoundError:
            raise _not_found(model_id) from None
        except Exception as exc:  # every transport or HTTP failure, the disk filling up
            raise ModelNotAvailable(
                f"download of {model_id} stopped at {name}: {reason(exc)}; "
                "nothing was installed",
                hint=f"run 'workbench model pull {model_id}' again to resume (finished files "
                f"are kept in {staging}), or copy the model directory to "
                f"{config.models / local_name(model_id)}",
            ) from None
        if name == "config.json":
            _check_marian_config(staging, model_id)
        before += size or 0


def _check_marian_config(staging: Path, model_id: str) -> None:
    """Before the weights: an id that is not a Marian model is refused after a few bytes."""
    model_type = read_model_config(staging).get("model_type")
    if model_type != "marian":
        shutil.rmtree(staging, ignore_errors=True)
        raise ModelError(
            f"{model_id} is not a Marian model (model_type={model_type!r}); nothing was "
            "installed",
            hint="use an opus-mt model such as Helsinki-NLP/opus-mt-ar-en",
        )


def _keep_only(staging: Path, names: list[str]) -> None:
    """Drop huggingface_hub's bookkeeping and files left from an older commit's attempt."""
    wanted = set(names)
    for entry in staging.iterdir():
        if entry.name in wanted:
            continue
        if entry.is_dir():
            shutil.rmtree(entry)
        else:
            entry.unlink()


def _check_complete(staging: Path, model_id: str) -> None:
    try:
        check_transformers_dir(staging)
    except ModelError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise ModelError(
            f"{model_id} is not a usable Marian model: {exc.message}; nothing was installed",
            hint=exc.hint,
        ) from None


def _install(staging: Path, destination: Path) -> None:
    """Put the complete download in place by renames, replacing an older copy."""
    replaced = None
    try:
        if destination.exists() or destination.is_symlink():
            replaced = destination.with_name(f".{destination.name}.replaced-{os.getpid()}")
            destination.rename(replaced)
        staging.rename(destination)
    except OSError as exc:
        if replaced is not None and not destination.exists():
            replaced.rename(destination)
        raise WorkbenchError(
            f"cannot move the downloaded model into place: {exc.strerror}",
            destination,
            hint=f"the complete download is in {staging}: rename it to {destination.name}",
        ) from None
    if replaced is not None:
        if replaced.is_dir() and not replaced.is_symlink():
            shutil.rmtree(replaced, ignore_errors=True)
        else:
            replaced.unlink()


def _resave_as_safetensors(directory: Path) -> None:
    """Load the pickled weights once (the user allowed it) and keep a safetensors copy."""
    from workbench.mt.marian import quiet_transformers

    quiet_transformers()
    from transformers import MarianMTModel

    try:
        model = MarianMTModel.from_pretrained(
            str(directory), use_safetensors=False, local_files_only=True, trust_remote_code=False
        )
        model.save_pretrained(str(directory), safe_serialization=True)
    except Exception as exc:  # a damaged pickle fails in torch, pickle or transformers
        shutil.rmtree(directory, ignore_errors=True)
        raise ModelError(
            f"cannot convert the downloaded pickled weights to safetensors: {reason(exc)}; "
            "nothing was installed",
            hint="ask the publisher for a safetensors version, or try again",
        ) from None
    for pickled in directory.glob("pytorch_model*.bin*"):
        pickled.unlink()
