"""Batch runs on a Ray cluster (``pretranslate --ray``): the MT batches go to Ray actors, the
catalogs stay with the driver.

The driver (this process) plans, batches by tokens and writes catalogs exactly as a local run
does (:func:`workbench.pretranslate.runner.run_pretranslate`: checkpoints under each catalog's
lock, merged with a translator's edits); the only thing that changes is the
:class:`~workbench.pretranslate.runner.BatchStep`. Here it is :class:`RayBatches`: a pool of
``workers`` actors, each of which loads the model once and runs the pure batch step
:func:`workbench.pretranslate.distributed.translate_segments` on the batches it is sent.

The model goes through Ray, not a shared file system: the driver packs the model's files (the
CTranslate2 folder with the original's ``config.json``, or the transformers folder) into one
tar held in the object store (``ray.put`` once); each actor receives it as a constructor
argument, unpacks it into a private temporary folder, loads the engine and deletes the folder.

Faults. A worker that dies in the middle of a batch (SIGKILL, its node lost) fails only its
in-flight tasks: their batches go back to the front of the queue and are sent to another
worker (the driver starts a replacement actor, which loads the model again, and sends it work
once it has answered; one that cannot be placed within :data:`REPLACEMENT_SECONDS`, its node's
CPUs gone, is given up and the run goes on with the workers left). A batch's results are
delivered once, when its task succeeds, so nothing is lost or written twice. A killed driver
takes its actors with it (Ray ends the actors an owner leaves behind) and a re-run resumes from
the checkpoints as a local one does. Connecting is bounded: a closed port answers at once (a
TCP probe first), anything else that does not answer in :data:`CONNECT_SECONDS` is reported in
one line, never a hang.

Ray is an optional extra (``workbench[cluster]``) imported only here, and only when a run
asks for it, so ``workbench`` works without it.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import secrets
import shutil
import socket
import sys
import tarfile
import tempfile
import threading
import time
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from workbench.config import Config
from workbench.errors import WorkbenchError
from workbench.mt.engine import DecodeOptions, Suggestion
from workbench.pretranslate.distributed import MTResult, translate_segments
from workbench.pretranslate.progress import NoProgress, ProgressReporter, WorkerStats

if TYPE_CHECKING:
    from workbench.glossary import Glossary
    from workbench.mt.engine import Engine

#: The extra that installs Ray (pyproject's ``[project.optional-dependencies]``).
RAY_EXTRA = "workbench[cluster]"
#: A cluster that has not answered by then is reported unreachable (the issue allows 30 s).
CONNECT_SECONDS = 25.0
#: A TCP connect to ``HOST:PORT`` first: a closed port or an unroutable host is known at once.
PROBE_SECONDS = 5.0
#: How often one batch is sent again after the worker running it died.
MAX_BATCH_RETRIES = 3
#: Batches in flight per worker: the next one is queued while one decodes (as a local run
#: keeps one batch ahead), so a worker never waits for the driver.
IN_FLIGHT_PER_WORKER = 2
#: A replacement worker not placed and loaded by then is given up (its node's CPUs are gone,
#: or held by the run's other workers): the run goes on with the workers it has.
REPLACEMENT_SECONDS = 30.0
#: How long one wait for results lasts before the replacements' deadlines are looked at.
WAIT_SECONDS = 2.0


class RayMissing(WorkbenchError):
    """``--ray`` was asked for and Ray is not installed."""


class ClusterUnreachable(WorkbenchError):
    """The Ray cluster could not be reached (or refused us) in time."""


@dataclass(frozen=True)
class RaySettings:
    """``--ray ADDRESS``, ``--ray-workers N``, ``--ray-cpus-per-worker C``."""

    address: str = "auto"
    #: None: as many as the cluster's CPUs allow (its CPUs divided by ``cpus_per_worker``).
    workers: int | None = None
    cpus_per_worker: int = 1


def import_ray() -> ModuleType:
    """Ray, or the one-line error naming the extra that installs it."""
    try:
        import ray
    except ImportError:
        raise RayMissing(
            "--ray needs Ray, which is not installed",
            hint=f"pip install '{RAY_EXTRA}' (make setup installs it), or run without --ray",
        ) from None
    return ray


# --- connecting --------------------------------------------------------------------------


def _host_port(address: str) -> tuple[str, int] | None:
    """``HOST:PORT`` (or ``ray://HOST:PORT``) split; None for ``auto``/``local``."""
    bare = address.removeprefix("ray://")
    if bare in ("auto", "local"):
        return None
    host, sep, port = bare.rpartition(":")
    if not sep or not host or not port.isdigit():
        raise WorkbenchError(
            f"--ray: not a cluster address: {address!r}",
            hint="give auto, local, HOST:PORT (the head's GCS port) or ray://HOST:PORT",
        )
    return host.strip("[]"), int(port)


def probe(address: str, timeout: float = PROBE_SECONDS) -> None:
    """Refuse at once an address nobody listens on (a TCP connect, nothing sent)."""
    parts = _host_port(address)
    if parts is None:
        return
    try:
        with socket.create_connection(parts, timeout=timeout):
            pass
    except OSError as exc:
        raise ClusterUnreachable(
            f"cannot reach the Ray cluster at {address}: {exc.strerror or exc}",
            hint="check the address (the head's GCS port, 6379 by default; ray:// for Ray "
            "Client, port 10001) and that the cluster is up ('ray status' on the head)",
        ) from None


def _local_token() -> None:
    """A ``local`` cluster with token authentication on, without writing a token into the
    user's home (Ray would create ``~/.ray/auth_token``): a random token for this run, in
    this process's environment, which the cluster it starts inherits."""
    has_token = any(os.environ.get(name) for name in ("RAY_AUTH_TOKEN", "RAY_AUTH_TOKEN_PATH"))
    if os.environ.get("RAY_AUTH_MODE") is None and not has_token:
        os.environ["RAY_AUTH_MODE"] = "token"
        os.environ["RAY_AUTH_TOKEN"] = secrets.token_hex(32)


def _first_line(exc: BaseException) -> str:
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return lines[-1] if lines else type(exc).__name__


def connect(settings: RaySettings, timeout: float = CONNECT_SECONDS) -> ModuleType:
    """``ray.init`` for the settings' address, within ``timeout`` seconds or a
    :class:`ClusterUnreachable`. ``ray.init`` may wait minutes for a GCS that never answers,
    so it runs in a daemon thread that is abandoned if it is late."""
    address = settings.address
    if address == "local":
        _local_token()  # before Ray is imported: it reads the mode once
    ray = import_ray()
    probe(address)
    arguments: dict[str, Any] = {"log_to_driver": False, "logging_level": "ERROR"}
    if address == "local":
        # Started here, not reached: nothing to time out. And in this thread: the processes
        # of a local instance die with the thread that started them (PR_SET_PDEATHSIG).
        try:
            ray.init(address="local", include_dashboard=False, **arguments)
        except Exception as exc:
            raise WorkbenchError(
                f"cannot start a local Ray instance: {_first_line(exc)}",
                hint="run without --ray, or start a cluster with 'ray start --head'",
            ) from None
        return ray
    arguments["address"] = address
    outcome: dict[str, BaseException | None] = {}

    def init() -> None:
        try:
            ray.init(**arguments)
            outcome["error"] = None
        except BaseException as exc:  # reported by the waiting thread
            outcome["error"] = exc

    # Ray's C++ core writes its connection retries to file descriptor 2 whatever the log
    # level: silenced while connecting (the run reports what went wrong in one line).
    sys.stderr.flush()
    saved, silent = os.dup(2), os.open(os.devnull, os.O_WRONLY)
    os.dup2(silent, 2)
    os.close(silent)
    thread = threading.Thread(target=init, name="workbench-ray-connect", daemon=True)
    thread.start()
    thread.join(timeout)
    if "error" in outcome:
        os.dup2(saved, 2)
        os.close(saved)
    else:  # the abandoned attempt may write on: Python's stderr moves to the real one
        sys.stderr = os.fdopen(saved, "w", buffering=1, errors="backslashreplace")
    hint = (
        "check the address and that the cluster is up ('ray status' on the head); with "
        "token authentication give the cluster's token in RAY_AUTH_TOKEN"
    )
    if "error" not in outcome:
        raise ClusterUnreachable(
            f"the Ray cluster at {address} did not answer within {timeout:.0f} s", hint=hint
        )
    error = outcome["error"]
    if error is not None:
        raise ClusterUnreachable(
            f"cannot connect to the Ray cluster at {address}: {_first_line(error)}", hint=hint
        )
    return ray


# --- the model, shipped --------------------------------------------------------------------


@dataclass(frozen=True)
class ModelShipment:
    """What a worker needs to load the driver's model: its name (written in every MT note),
    the engine, and the files as one tar (``original/`` and ``original-ct2/``)."""

    name: str
    engine: str
    allow_pickle: bool
    threads: int
    size_bytes: int


ORIGINAL = "model"
CONVERTED = "model-ct2"


MTIMES = "mtimes.json"


def pack_model(transformers_dir: Path | None, ctranslate2_dir: Path | None, engine: str) -> bytes:
    """The files the engine loads, as an uncompressed tar (weights do not compress): for
    CTranslate2 its folder and the original's ``config.json`` (the position limit); for
    transformers the original folder. Exact modification times ride along in ``mtimes.json``
    (tar keeps them to the microsecond; the model fingerprint reads nanoseconds)."""
    files: list[tuple[Path, str]] = []
    if engine == "ctranslate2":
        assert ctranslate2_dir is not None
        files += [(p, f"{CONVERTED}/{p.name}") for p in sorted(ctranslate2_dir.iterdir())]
        if transformers_dir is not None and (transformers_dir / "config.json").is_file():
            files.append((transformers_dir / "config.json", f"{ORIGINAL}/config.json"))
    else:
        assert transformers_dir is not None
        files += [(p, f"{ORIGINAL}/{p.name}") for p in sorted(transformers_dir.iterdir())]
    files = [(path, name) for path, name in files if path.is_file()]
    mtimes = {name: path.stat().st_mtime_ns for path, name in files}
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        for path, name in files:
            tar.add(path, arcname=name)
        manifest = json.dumps(mtimes).encode()
        info = tarfile.TarInfo(MTIMES)
        info.size = len(manifest)
        tar.addfile(info, io.BytesIO(manifest))
    return buffer.getvalue()


def unpack_model(blob: bytes, into: Path) -> tuple[Path | None, Path | None]:
    """The tar of :func:`pack_model` unpacked into ``into``: (original, converted) folders."""
    with tarfile.open(fileobj=io.BytesIO(blob), mode="r") as tar:
        tar.extractall(into, filter="data")
    manifest = into / MTIMES
    for name, mtime in json.loads(manifest.read_text()).items():
        os.utime(into / name, ns=(mtime, mtime))
    manifest.unlink()
    original, converted = into / ORIGINAL, into / CONVERTED
    return (original if original.is_dir() else None, converted if converted.is_dir() else None)


class Translator:
    """One worker's state (a Ray actor's class, made remote by :class:`RayBatches`): the model
    loaded once from the shipped files, then one batch after another."""

    def __init__(self, shipment: ModelShipment, blob_ref: list[Any]) -> None:
        """``blob_ref``: the model's tar as an object reference inside a list, so Ray passes
        the reference (fetched here) rather than the bytes as a constructor argument."""
        import ray

        from workbench.mt.loader import load_resolved
        from workbench.mt.models import ResolvedModel

        started = time.perf_counter()
        blob = ray.get(blob_ref[0])
        folder = Path(tempfile.mkdtemp(prefix="workbench-model-"))
        try:
            original, converted = unpack_model(blob, folder)
            self.engine = load_resolved(
                ResolvedModel(shipment.name, original, converted),
                shipment.engine,
                allow_pickle=shipment.allow_pickle,
                threads=shipment.threads,
            )
        finally:  # the engine holds the weights in memory: no file is left on the node
            shutil.rmtree(folder, ignore_errors=True)
        self.glossary: Glossary | None = None
        self.glossary_key = ""
        self.load_seconds = time.perf_counter() - started

    def where(self) -> tuple[int, str, float]:
        """(process id, node address, seconds the model took to unpack and load)."""
        import ray

        return os.getpid(), ray.util.get_node_ip_address(), self.load_seconds

    def translate(
        self, sources: list[str], options: DecodeOptions, glossary: tuple[str, list[Any]] | None
    ) -> tuple[list[MTResult], float]:
        """The batch's results and the seconds this worker spent on it. ``glossary``: a key
        and the glossary's object reference in a list, fetched (and its matcher built) when
        the key is new to this worker."""
        import ray

        started = time.perf_counter()
        if glossary is None:
            self.glossary, self.glossary_key = None, ""
        elif glossary[0] != self.glossary_key:
            self.glossary, self.glossary_key = ray.get(glossary[1][0]), glossary[0]
        results = translate_segments(self.engine, sources, options, self.glossary)
        return results, time.perf_counter() - started


class RemoteModel:
    """The driver's stand-in for a model its workers run: the tokenizer alone (token batching
    as a local run does it), the name, and the shipment. Satisfies
    :class:`~workbench.mt.engine.Engine` for the runner; translating happens in
    :class:`RayBatches`."""

    def __init__(self, shipment: ModelShipment, blob: bytes, tokenizer_dir: Path) -> None:
        from workbench.mt.marian import SourceTokenCounter

        self.shipment = shipment
        self.blob = blob
        self.name = f"ray:{shipment.engine}"
        self.model_name = shipment.name
        self.fingerprint = ""
        self._count = SourceTokenCounter(tokenizer_dir)

    def count_tokens(self, text: str) -> int:
        return self._count(text)

    def translate_batch(
        self, sources: Sequence[str], options: DecodeOptions
    ) -> list[list[Suggestion]]:
        raise NotImplementedError("a RemoteModel is translated by RayBatches' workers")


def remote_model(
    config: Config,
    language: str,
    *,
    model: str | None,
    engine: str | None,
    allow_pickle: bool,
    threads: int,
) -> RemoteModel:
    """The model a local run would load for ``language``, resolved and packed for shipping."""
    from workbench.mt.loader import ENGINES, engine_choice
    from workbench.mt.models import resolve_model
    from workbench.pretranslate.loading import configured_model

    choice = engine or config.engine or "auto"
    if choice not in ENGINES:
        raise WorkbenchError(
            f"unknown engine {choice!r}", hint=f"choose one of: {', '.join(ENGINES)}"
        )
    resolved = resolve_model(config, model or configured_model(config, language), language)
    chosen = engine_choice(resolved, choice)
    if chosen == "ctranslate2" and resolved.ctranslate2_dir is None:
        from workbench.mt.models import ModelNotAvailable

        raise ModelNotAvailable(
            f"no CTranslate2 version of {resolved.name} is installed",
            hint=f"run 'workbench model convert {resolved.name}', or use --engine transformers",
        )
    if chosen == "transformers" and resolved.transformers_dir is None:
        from workbench.mt.models import ModelNotAvailable

        raise ModelNotAvailable(
            f"only the CTranslate2 version of {resolved.name} is installed",
            hint="use --engine ctranslate2, or install the original model directory beside it",
        )
    blob = pack_model(resolved.transformers_dir, resolved.ctranslate2_dir, chosen)
    shipment = ModelShipment(resolved.name, chosen, allow_pickle, threads, len(blob))
    tokenizer_dir = resolved.ctranslate2_dir if chosen == "ctranslate2" else None
    directory = tokenizer_dir or resolved.transformers_dir
    assert directory is not None
    return RemoteModel(shipment, blob, directory)


# --- the pool ------------------------------------------------------------------------------


@dataclass
class _Worker:
    actor: Any
    index: int
    node: str = ""
    pid: int = 0
    segments: int = 0
    seconds: float = 0.0
    in_flight: int = 0
    deaths: int = 0
    #: Which actor this is (a replacement after a death has the next number).
    generation: int = 0
    #: A replacement being placed and loading the model: its ``where()`` and when it was
    #: started. No batch is sent to it before it answers (a batch queued on an actor that
    #: can never be placed would wait forever).
    starting: Any = None
    started_at: float = 0.0
    #: Given up: it died and no replacement could be placed in time.
    gone: bool = False

    @property
    def usable(self) -> bool:
        return self.starting is None and not self.gone


@dataclass
class _Pool:
    workers: list[_Worker]
    model_ref: Any
    start: Any  # () -> a new actor loading the model
    distribution_seconds: float = 0.0


@dataclass
class RayBatches:
    """The :class:`~workbench.pretranslate.runner.BatchStep` of a Ray run; also the engine
    source (:meth:`engine_for`). Use as a context manager: leaving it ends the workers and
    disconnects (stopping a ``local`` cluster)."""

    config: Config
    settings: RaySettings
    model: str | None = None
    engine: str | None = None
    allow_pickle: bool = False
    reporter: ProgressReporter = field(default_factory=NoProgress)
    ray: ModuleType | None = None
    _pools: dict[int, _Pool] = field(default_factory=dict)
    _glossaries: dict[int, tuple[str, list[Any]]] = field(default_factory=dict)
    _models: dict[str, RemoteModel] = field(default_factory=dict)
    #: Batches sent again after their worker died (the worker-kill test reads it).
    retried: int = 0

    def __enter__(self) -> RayBatches:
        self.ray = connect(self.settings)
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self.ray is None:
            return
        for pool in self._pools.values():
            for worker in pool.workers:
                with contextlib.suppress(Exception):
                    self.ray.kill(worker.actor)
        self._pools.clear()
        with contextlib.suppress(Exception):
            self.ray.shutdown()
        self.ray = None

    # --- engine source -------------------------------------------------------------------

    def engine_for(self, language: str) -> Engine:
        """The runner's engine source: the model for ``language``, packed once per model."""
        from workbench.pretranslate.loading import configured_model

        name = self.model or configured_model(self.config, language)
        if name not in self._models:
            self._models[name] = remote_model(
                self.config,
                language,
                model=self.model,
                engine=self.engine,
                allow_pickle=self.allow_pickle,
                threads=self.settings.cpus_per_worker,
            )
        model = self._models[name]
        self._pool(model)
        return model

    def _shipped_glossary(self, glossary: Glossary | None) -> tuple[str, list[Any]] | None:
        """The glossary in the object store once (its terms; each worker rebuilds the
        matcher), as the key and reference :meth:`Translator.translate` takes."""
        if glossary is None:
            return None
        if id(glossary) not in self._glossaries:
            from workbench.glossary import Glossary as GlossaryType

            assert self.ray is not None
            terms_only = GlossaryType(glossary.terms, glossary.path)
            key = f"{id(glossary)}-{len(self._glossaries)}"
            self._glossaries[id(glossary)] = (key, [self.ray.put(terms_only)])
        return self._glossaries[id(glossary)]

    # --- stats ---------------------------------------------------------------------------

    def worker_stats(self) -> list[WorkerStats]:
        return [
            WorkerStats(w.index, w.node, w.segments, w.seconds)
            for pool in self._pools.values()
            for w in pool.workers
        ]

    def worker_pids(self) -> list[int]:
        return [w.pid for pool in self._pools.values() for w in pool.workers]

    @property
    def distribution_seconds(self) -> float:
        """Seconds from sending the model to every worker having it loaded."""
        return sum(pool.distribution_seconds for pool in self._pools.values())

    # --- the step ------------------------------------------------------------------------

    def _pool(self, model: RemoteModel) -> _Pool:
        """The model's workers, started and loaded (the run counts this as loading time)."""
        key = id(model)
        if key in self._pools:
            return self._pools[key]
        ray = self.ray
        assert ray is not None, "RayBatches is used inside 'with'"
        started = time.perf_counter()
        model_ref = ray.put(model.blob)
        actor_class = ray.remote(Translator).options(
            num_cpus=self.settings.cpus_per_worker,
            max_restarts=0,  # a dead worker is replaced by the driver (see __call__)
            max_task_retries=0,  # and its batches resent to another worker
        )

        def start() -> Any:
            return actor_class.remote(model.shipment, [model_ref])

        count = self.settings.workers
        if count is None:
            cpus = int(ray.cluster_resources().get("CPU", 1))
            count = max(1, cpus // max(1, self.settings.cpus_per_worker))
        workers = [_Worker(start(), index) for index in range(count)]
        try:
            placed = ray.get([w.actor.where.remote() for w in workers])
        except ray.exceptions.RayError as exc:  # __init__ failed: the actor died
            raise WorkbenchError(
                f"a Ray worker could not load {model.model_name}: {_first_line(exc)}",
                hint="every node needs the same workbench and MT packages as the driver "
                f"(pip install '{RAY_EXTRA}')",
            ) from None
        for worker, (pid, node, _load) in zip(workers, placed, strict=True):
            worker.pid, worker.node = pid, node
        pool = _Pool(workers, model_ref, start, time.perf_counter() - started)
        self._pools[key] = pool
        return pool

    def __call__(
        self,
        engine: Engine,
        batches: Sequence[list[str]],
        decode: DecodeOptions,
        glossary: Glossary | None,
    ) -> Iterator[list[MTResult]]:
        if not isinstance(engine, RemoteModel):
            raise TypeError("RayBatches translates the RemoteModel its engine_for gave")
        ray = self.ray
        assert ray is not None, "RayBatches is used inside 'with'"
        pool = self._pool(engine)
        shipped = self._shipped_glossary(glossary)
        died = (
            ray.exceptions.RayActorError,
            ray.exceptions.WorkerCrashedError,
            ray.exceptions.ObjectLostError,
        )
        queue: deque[tuple[int, int | None]] = deque((i, None) for i in range(len(batches)))
        attempts = [0] * len(batches)
        in_flight: dict[Any, tuple[int, _Worker, int]] = {}
        while queue or in_flight:
            while queue:
                index, avoid = queue[0]
                worker = self._choose(pool.workers, avoid)
                if worker is None:
                    break
                queue.popleft()
                ref = worker.actor.translate.remote(batches[index], decode, shipped)
                in_flight[ref] = (index, worker, worker.generation)
                worker.in_flight += 1
            starting = {w.starting: w for w in pool.workers if w.starting is not None}
            if not in_flight and not starting:
                raise WorkbenchError(
                    "no Ray worker is left: those that died could not be replaced within "
                    f"{REPLACEMENT_SECONDS:.0f} s (the cluster has no free CPU for them)",
                    hint="the entries done so far are saved; check the cluster ('ray status') "
                    "and run the same command again",
                )
            ready, _ = ray.wait([*in_flight, *starting], num_returns=1, timeout=WAIT_SECONDS)
            self._settle_replacements(pool, starting, ready)
            for ref in ready:
                if ref in starting:
                    continue
                index, worker, generation = in_flight.pop(ref)
                if generation == worker.generation:
                    worker.in_flight -= 1
                try:
                    results, seconds = ray.get(ref)
                except died as exc:
                    if generation == worker.generation:  # its first failed batch: replace it
                        worker.deaths += 1
                        worker.generation += 1
                        worker.in_flight = 0
                        with contextlib.suppress(Exception):
                            ray.kill(worker.actor)
                        worker.actor = pool.start()
                        worker.starting = worker.actor.where.remote()
                        worker.started_at = time.monotonic()
                    attempts[index] += 1
                    if attempts[index] > MAX_BATCH_RETRIES:
                        raise WorkbenchError(
                            f"a batch failed {attempts[index]} times on the Ray cluster: "
                            f"{_first_line(exc)}",
                            hint="the entries done so far are saved; check the cluster "
                            "('ray status') and run the same command again",
                        ) from None
                    self.retried += 1
                    queue.appendleft((index, worker.index))
                    continue
                except ray.exceptions.RayTaskError as exc:
                    raise WorkbenchError(
                        f"MT failed on Ray worker {worker.index}: {_first_line(exc)}"
                    ) from None
                worker.segments += len(results)
                worker.seconds += seconds
                self.reporter.workers(self.worker_stats())
                yield results

    def _settle_replacements(
        self, pool: _Pool, starting: dict[Any, _Worker], ready: list[Any]
    ) -> None:
        """Replacements that answered take work; one that failed to load is started again
        (up to :data:`MAX_BATCH_RETRIES` deaths); one not placed within
        :data:`REPLACEMENT_SECONDS` is given up."""
        ray = self.ray
        assert ray is not None
        for ref, worker in starting.items():
            if ref in ready:
                worker.starting = None
                try:
                    worker.pid, worker.node, _load = ray.get(ref)
                except ray.exceptions.RayError:
                    worker.deaths += 1
                    if worker.deaths > MAX_BATCH_RETRIES:
                        worker.gone = True
                    else:
                        worker.actor = pool.start()
                        worker.starting = worker.actor.where.remote()
                        worker.started_at = time.monotonic()
            elif time.monotonic() - worker.started_at > REPLACEMENT_SECONDS:
                with contextlib.suppress(Exception):
                    ray.kill(worker.actor)
                worker.starting, worker.gone = None, True

    @staticmethod
    def _choose(workers: list[_Worker], avoid: int | None) -> _Worker | None:
        """The least busy worker with room, not ``avoid`` (the one a retried batch died on)
        unless no other has room; never one still starting or given up."""
        free = [w for w in workers if w.usable and w.in_flight < IN_FLIGHT_PER_WORKER]
        others = [w for w in free if w.index != avoid]
        candidates = others or free
        return min(candidates, key=lambda w: (w.in_flight, w.deaths, w.index), default=None)
