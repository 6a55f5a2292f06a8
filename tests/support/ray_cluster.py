"""A real two-node Ray cluster on this machine for tests and benchmarks, token authentication on.

Both nodes are ``ray start --block`` processes of our own: a head and a second node, each
advertising 127.0.0.1, on ports chosen free (other sessions share the machine), the dashboard
off, a temporary folder of its own. ``ray stop`` would end every Ray process of the machine,
other people's included, so the cluster is stopped by sending SIGTERM to our two ``--block``
processes, each of which then ends the processes of its own node (Ray's shutdown hook).

Ray 2.60's token authentication: ``RAY_AUTH_MODE=token`` and the token in ``RAY_AUTH_TOKEN``, in
the environment of every node and of every driver (:attr:`RayCluster.env`); a driver without
it is refused. Ray's gRPC servers listen on every interface whatever the node address (no
setting in 2.60 narrows them); the token is what keeps others out, and all our traffic goes
to 127.0.0.1.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RAY = str(Path(sys.executable).parent / "ray")
STARTED = "Ray runtime started"


def free_ports(count: int) -> list[int]:
    """``count`` distinct ports free on 127.0.0.1 right now."""
    sockets = []
    for _ in range(count):
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        sockets.append(sock)
    ports = [sock.getsockname()[1] for sock in sockets]
    for sock in sockets:
        sock.close()
    return ports


class RayCluster:
    """``with RayCluster() as cluster:`` a head and ``nodes - 1`` more nodes, ``cpus`` each."""

    def __init__(self, nodes: int = 2, cpus: int = 1) -> None:
        self.nodes, self.cpus = nodes, cpus
        self.token = secrets.token_hex(16)
        self.temp_dir = tempfile.mkdtemp(prefix="wbray", dir="/tmp")  # short: socket paths
        self.processes: list[subprocess.Popen[bytes]] = []
        self.logs: list[Path] = []
        self.address = ""
        self.client_address = ""

    @property
    def env(self) -> dict[str, str]:
        """The environment a node or a driver of this cluster needs (token auth on)."""
        env = dict(os.environ)
        env.update(
            RAY_AUTH_MODE="token",
            RAY_AUTH_TOKEN=self.token,
            RAY_USAGE_STATS_ENABLED="0",
        )
        env.pop("RAY_ADDRESS", None)
        env.pop("RAY_AUTH_TOKEN_PATH", None)
        return env

    def _start(self, args: list[str]) -> None:
        log = Path(self.temp_dir) / f"node{len(self.processes)}.log"
        with log.open("wb") as out:
            process = subprocess.Popen(
                [RAY, "start", "--block", "--node-ip-address=127.0.0.1", "--disable-usage-stats",
                 f"--num-cpus={self.cpus}", *args],
                stdout=out, stderr=subprocess.STDOUT, env=self.env,
                start_new_session=True,
            )  # fmt: skip
        self.processes.append(process)
        self.logs.append(log)
        deadline = time.monotonic() + 90
        while STARTED not in log.read_text(errors="replace"):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"ray start failed:\n{log.read_text(errors='replace')}")
            time.sleep(0.2)

    def start(self) -> RayCluster:
        ports = free_ports(5 + 4 * self.nodes)
        gcs, client, *rest = ports
        self.address = f"127.0.0.1:{gcs}"
        self.client_address = f"ray://127.0.0.1:{client}"
        head_ports, rest = rest[:4], rest[4:]
        self._start(["--head", f"--port={gcs}", f"--ray-client-server-port={client}",
                     "--include-dashboard=false", f"--temp-dir={self.temp_dir}",
                     *self._node_ports(head_ports)])  # fmt: skip
        for _ in range(self.nodes - 1):
            node_ports, rest = rest[:4], rest[4:]
            self._start([f"--address={self.address}", *self._node_ports(node_ports)])
        return self

    @staticmethod
    def _node_ports(ports: list[int]) -> list[str]:
        agent, manager, objects, metrics = ports
        return [f"--dashboard-agent-listen-port={agent}", f"--node-manager-port={manager}",
                f"--object-manager-port={objects}", f"--metrics-export-port={metrics}"]  # fmt: skip

    def stop(self) -> None:
        """SIGTERM to our ``--block`` processes, the extra nodes first, then the head."""
        for process in reversed(self.processes):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()
        self.processes.clear()

    def __enter__(self) -> RayCluster:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
