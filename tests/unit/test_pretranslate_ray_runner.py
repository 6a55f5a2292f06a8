"""The parts of ``pretranslate --ray`` that need no cluster: the model's tar, addresses, the
probe, the choice of worker, the flags, and the workers' figures in the bar and in --json.
The cluster itself: tests/functional/test_pretranslate_ray.py."""

from __future__ import annotations

import io
import os
import socket
import time
from pathlib import Path

import pytest

from workbench.cli.parser import parse_arguments
from workbench.errors import WorkbenchError
from workbench.pretranslate.progress import NoProgress, RichProgress, WorkerStats, workers_line
from workbench.pretranslate.ray_runner import (
    ClusterUnreachable,
    RayBatches,
    _host_port,
    _Worker,
    pack_model,
    probe,
    unpack_model,
)
from workbench.pretranslate.runner import RunSummary


def model_folders(root: Path) -> tuple[Path, Path]:
    original, converted = root / "opus-mt-x", root / "opus-mt-x-ct2"
    original.mkdir()
    converted.mkdir()
    (original / "config.json").write_text('{"max_position_embeddings": 64}')
    (original / "model.safetensors").write_bytes(b"weights" * 100)
    (converted / "model.bin").write_bytes(b"\0\1" * 500)
    (converted / "shared_vocabulary.json").write_text("[]")
    os.utime(converted / "model.bin", ns=(1_000_000_000, 1_234_567_890_123_456_789))
    return original, converted


def test_the_ctranslate2_shipment_holds_its_folder_and_the_original_config(
    tmp_path: Path,
) -> None:
    original, converted = model_folders(tmp_path)
    blob = pack_model(original, converted, "ctranslate2")
    into = tmp_path / "unpacked"
    into.mkdir()
    got_original, got_converted = unpack_model(blob, into)
    assert got_original is not None and got_converted is not None
    assert sorted(p.name for p in got_original.iterdir()) == ["config.json"]  # no weights
    for name in ("model.bin", "shared_vocabulary.json"):
        assert (got_converted / name).read_bytes() == (converted / name).read_bytes()
    # modification times kept: the model fingerprint (and so the suggestion cache) agrees
    assert (got_converted / "model.bin").stat().st_mtime_ns == (
        converted / "model.bin"
    ).stat().st_mtime_ns
    # the sibling naming the engines rely on (<name>-ct2 beside <name>)
    assert got_converted.name == f"{got_original.name}-ct2"


def test_the_transformers_shipment_is_the_original_folder(tmp_path: Path) -> None:
    original, converted = model_folders(tmp_path)
    into = tmp_path / "unpacked"
    into.mkdir()
    got_original, got_converted = unpack_model(
        pack_model(original, converted, "transformers"), into
    )
    assert got_converted is None and got_original is not None
    assert (got_original / "model.safetensors").read_bytes() == b"weights" * 100


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("auto", None),
        ("local", None),
        ("10.0.0.5:6379", ("10.0.0.5", 6379)),
        ("ray://head.example:10001", ("head.example", 10001)),
        ("[::1]:6379", ("::1", 6379)),
    ],
)
def test_addresses(address: str, expected: tuple[str, int] | None) -> None:
    assert _host_port(address) == expected


@pytest.mark.parametrize("address", ["head", "head:", ":6379", "ray://head:port"])
def test_a_malformed_address_is_refused(address: str) -> None:
    with pytest.raises(WorkbenchError, match="not a cluster address"):
        _host_port(address)


def test_a_closed_port_is_refused_at_once() -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    started = time.monotonic()
    with pytest.raises(ClusterUnreachable, match=f"cannot reach the Ray cluster at .*:{port}"):
        probe(f"127.0.0.1:{port}")
    assert time.monotonic() - started < 5


def test_a_retried_batch_goes_to_another_worker_when_one_has_room() -> None:
    workers = [_Worker(actor=None, index=i) for i in range(3)]
    workers[1].in_flight = 2  # full
    assert RayBatches._choose(workers, avoid=0).index == 2
    assert RayBatches._choose(workers, avoid=None).index == 0
    workers[2].in_flight = 2
    assert RayBatches._choose(workers, avoid=0).index == 0  # the only one with room
    workers[0].in_flight = 2
    assert RayBatches._choose(workers, avoid=None) is None


def test_no_batch_goes_to_a_replacement_still_starting_or_given_up() -> None:
    """A batch queued on an actor that can never be placed (its node's CPUs gone) would wait
    forever: replacements take work only once they have answered."""
    workers = [_Worker(actor=None, index=i) for i in range(3)]
    workers[0].starting = object()
    workers[1].gone = True
    assert RayBatches._choose(workers, avoid=None).index == 2
    assert RayBatches._choose(workers, avoid=2).index == 2  # the only one usable
    workers[2].gone = True
    assert RayBatches._choose(workers, avoid=None) is None


def test_the_ray_flags() -> None:
    args = parse_arguments(["pretranslate", "--ray"])
    assert (args.ray, args.ray_workers, args.ray_cpus_per_worker) == ("auto", None, None)
    args = parse_arguments(["pretranslate", "--ray", "ray://h:10001", "--ray-workers", "8",
                            "--ray-cpus-per-worker", "2"])  # fmt: skip
    assert (args.ray, args.ray_workers, args.ray_cpus_per_worker) == ("ray://h:10001", 8, 2)
    with pytest.raises(WorkbenchError, match="go with --ray"):
        parse_arguments(["pretranslate", "--ray-workers", "4"])


def test_worker_figures_in_the_bar_and_the_json() -> None:
    stats = [WorkerStats(0, "10.0.0.1", 100, 4.0), WorkerStats(1, "10.0.0.2", 90, 3.0)]
    assert workers_line(stats) == "2 workers: 25.0, 30.0 seg/s"
    NoProgress().workers(stats)  # every reporter takes them

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    out = Terminal()
    bar = RichProgress(out)
    bar.start(190)
    bar.advance(190)
    bar.workers(stats)
    bar.close()
    assert "2 workers: 25.0, 30.0 seg/s" in out.getvalue()

    summary = RunSummary(catalogs=1, segments=190, translated=190, skipped=0, tokens_out=9,
                         seconds=2.0)  # fmt: skip
    assert "workers" not in summary.to_json()  # a local run's keys are unchanged
    summary.workers, summary.batches_retried = stats, 1
    shown = summary.to_json()
    assert shown["workers"] == 2 and shown["worker_segments_per_s"] == [25.0, 30.0]
    assert shown["batches_retried"] == 1
