"""Benchmark: ``pretranslate --ray`` against the local runner, same catalogs, same run.

Run: ``.venv/bin/python bench/ray_batch.py [--segments 1200] [--max-length 16] [--rounds 2]``.

The random-weight model with opus-mt-ar-en's architecture (``bench/mt.py``'s
``build_random_opus_mt``, CTranslate2 int8, cached under ``bench/.cache/``) fills the same
generated catalogs twice per round, in alternating order:

* local: :func:`run_pretranslate` with the engine in this process, two single-threaded
  CTranslate2 workers (``mt_threads = 2``), as ``workbench pretranslate`` runs here;
* ray: the same call with :class:`~workbench.pretranslate.ray_runner.RayBatches` as the batch
  step, on a real two-node Ray cluster on 127.0.0.1 (token authentication on; one CPU per node,
  :mod:`tests.support.ray_cluster`), two workers of one thread each (``--ray-workers 2
  --ray-cpus-per-worker 1``); the driver batches, checkpoints and writes as the local run. The
  whole bench runs in a network namespace holding only the loopback interface.

Both summaries' ``seconds`` exclude model loading (for Ray: packing the model, the object
store, every worker unpacking and loading it, reported apart as the distribution time). The
catalogs both runs write are compared byte for byte. CPU seconds: this process (driver, or the
whole local run) plus, for Ray, the worker processes' (``/proc``) during the run (their start
and model loading excluded, as the local engine's loading is). Also measured for the scaling
plan in docs/PERFORMANCE.md: the driver's write rate (checkpoints of 200 updates into one
catalog of 2,000 entries: updates/s, and seconds per catalog write). Target: Ray's overhead
under 15% in segments/s.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def worker_cpu_seconds(pids: list[int]) -> float:
    """utime + stime of these processes so far (/proc/PID/stat, in clock ticks)."""
    total = 0
    for pid in pids:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def driver_write_rate(work: Path, entries: int = 2000, every: int = 200) -> tuple[float, float]:
    """(updates/s, seconds per checkpoint) of the driver's writes: ``entries`` untranslated
    entries in one catalog, filled through :class:`Checkpointer` saves of ``every`` updates
    (each a locked re-read, merge and atomic write of the whole catalog)."""
    import polib
    from _common import minimal_catalog

    from bench.pretranslate import distinct_segments
    from workbench.catalog.pofile import write_po
    from workbench.catalog.store import EntryUpdate
    from workbench.pretranslate.checkpoint import Checkpointer

    path = work / "write-rate" / "locales/en/LC_MESSAGES/rate.po"
    path.parent.mkdir(parents=True)
    sources = distinct_segments(entries, seed=3)
    po = minimal_catalog(project="bench")
    for source in sources:
        po.append(polib.POEntry(msgid=source, msgstr=""))
    write_po(po, path)
    checkpointer = Checkpointer(every_segments=every, every_seconds=1e9)
    started = time.perf_counter()
    for index, source in enumerate(sources):
        checkpointer.add(path, EntryUpdate(msgid=source, msgstr=f"Translation {index}",
                                           fuzzy=True))  # fmt: skip
        checkpointer.maybe_save()
    checkpointer.save(final=True)
    seconds = time.perf_counter() - started
    return entries / seconds, seconds / max(1, checkpointer.saves)


def into_loopback_namespace() -> None:
    """Run this bench again inside a network namespace holding only ``lo`` (driver, cluster
    and local runner alike), so Ray's servers, which listen on every interface, can only be
    reached on 127.0.0.1 (tests/support/ray_cluster.py); as it is where that cannot be made."""
    from tests.support.ray_cluster import (
        LoopbackNamespace,
        in_new_loopback_namespace,
        only_loopback,
    )

    if not only_loopback() and LoopbackNamespace.possible():
        argv = in_new_loopback_namespace([sys.executable, *sys.argv])
        os.execvp(argv[0], argv)


def main() -> int:
    into_loopback_namespace()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=1200)
    parser.add_argument("--max-length", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()

    from bench.mt import build_random_opus_mt
    from bench.pretranslate import distinct_segments, write_project
    from tests.support.ray_cluster import RayCluster
    from workbench.config import load_config
    from workbench.mt import load_engine  # type: ignore[attr-defined]
    from workbench.mt.engine import DecodeOptions
    from workbench.pretranslate import PretranslateOptions, run_pretranslate
    from workbench.pretranslate.ray_runner import RayBatches, RaySettings

    model_dir = build_random_opus_mt()
    segments = distinct_segments(args.segments)
    options = PretranslateOptions(decode=DecodeOptions(beam=1, max_length=args.max_length))
    work = Path(tempfile.mkdtemp(prefix="bench-ray-"))
    results: dict[str, list[tuple[float, float]]] = {"local": [], "ray": []}
    distribution: list[float] = []
    identical = True
    try:
        with RayCluster(nodes=2, cpus=1) as cluster:
            os.environ.update(cluster.env)  # this process is the driver: the cluster's token
            settings = RaySettings(address=cluster.address, workers=2, cpus_per_worker=1)
            for round_ in range(args.rounds):
                order = ["local", "ray"] if round_ % 2 == 0 else ["ray", "local"]
                written: dict[str, list[bytes]] = {}
                for name in order:
                    folder = work / f"{name}{round_}"
                    folder.mkdir()
                    paths = write_project(folder, segments)
                    (folder / "pyproject.toml").write_text(
                        (folder / "pyproject.toml").read_text() + "mt_threads = 2\n"
                    )
                    config = load_config(folder)
                    cpu = time.process_time()
                    if name == "local":
                        engine = load_engine(config, model=str(model_dir), engine="ctranslate2",
                                             use_cache=False)  # fmt: skip
                        cpu = time.process_time()
                        summary = run_pretranslate(config, paths, engine, options, progress=False)
                        cpu = time.process_time() - cpu
                    else:
                        with RayBatches(config, settings, model=str(model_dir),
                                        engine="ctranslate2") as batches:  # fmt: skip
                            batches.engine_for("en")  # the workers up, the model loaded
                            cpu = time.process_time()
                            loaded = worker_cpu_seconds(batches.worker_pids())
                            summary = run_pretranslate(config, paths, batches.engine_for,
                                                       options, progress=False,
                                                       batch_step=batches)  # fmt: skip
                            cpu = time.process_time() - cpu + worker_cpu_seconds(
                                batches.worker_pids()
                            ) - loaded
                            distribution.append(batches.distribution_seconds)
                    assert summary.translated == args.segments, summary
                    results[name].append((summary.seconds, cpu))
                    written[name] = [path.read_bytes() for path in paths]
                identical = identical and written["local"] == written["ray"]
        rate, per_save = driver_write_rate(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    size = sum(f.stat().st_size for f in model_dir.iterdir() if f.is_file())
    print(f"model: random-weight opus-mt-ar-en architecture, CTranslate2 int8 "
          f"({size / 1e6:.0f} MB), beam 1, {args.max_length} output tokens; "
          f"{os.cpu_count()} CPUs; best of {args.rounds} round(s), order alternated")  # fmt: skip
    print(f"segments: {args.segments} distinct in 4 catalogs; catalogs identical: "
          f"{'yes' if identical else 'NO'}")  # fmt: skip
    print(f"{'':44} {'wall s':>7} {'seg/s':>7} {'CPU s':>7}")
    best = {}
    for name, label in (("local", "local runner, 2 CTranslate2 workers x 1 thread"),
                        ("ray", "Ray, 2 nodes, 2 actors x 1 thread")):  # fmt: skip
        wall, cpu = min(results[name])
        best[name] = args.segments / wall
        print(f"{label:44} {wall:7.2f} {best[name]:7.1f} {cpu:7.2f}   all wall: "
              f"{', '.join(f'{w:.2f}' for w, _ in results[name])}")  # fmt: skip
    every = ", ".join(f"{d:.2f}" for d in distribution)
    print(f"model distribution to 2 workers (pack, object store, unpack, load): "
          f"{min(distribution):.2f} s (all: {every})")  # fmt: skip
    print(f"driver write rate: {rate:.0f} updates/s into a 2,000-entry catalog "
          f"({per_save * 1000:.0f} ms per checkpoint of 200)")  # fmt: skip
    overhead = 1 - best["ray"] / best["local"]
    print(f"Ray overhead in segments/s: {overhead:+.1%} (target < 15%)")
    return 0 if identical else 1


if __name__ == "__main__":
    raise SystemExit(main())
