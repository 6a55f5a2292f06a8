"""A real two-node Ray cluster on this machine for tests and benchmarks, token authentication on.

Both nodes are ``ray start --block`` processes of our own: a head and a second node,
advertising 127.0.0.1 and 127.0.0.2 (:meth:`RayCluster.node_ip`), on ports chosen free (other
sessions share the machine), the dashboard off, a temporary folder of its own. ``ray stop``
would end every Ray process of the machine, other people's included, so the cluster is stopped
by sending SIGTERM to our two ``--block`` processes, each of which then ends the processes of
its own node (Ray's shutdown hook).

Ray 2.60's token authentication: ``RAY_AUTH_MODE=token`` and the token in ``RAY_AUTH_TOKEN``, in
the environment of every node and of every driver (:attr:`RayCluster.env`); a driver without
it is refused.

Loopback only: Ray's gRPC servers listen on every interface whatever the node address (no
setting in 2.60 narrows them: ``ss -ltn`` shows ``*:PORT`` for the GCS and the raylets). So the
cluster runs in a network namespace of its own that has nothing but the loopback interface
(``unshare --net``; the nodes and the drivers enter it with ``nsenter``, see
:meth:`RayCluster.command`): every one of its sockets is on 127.0.0.1 by construction, and
nothing of it is reachable from another machine. Where namespaces cannot be made (no
CAP_SYS_ADMIN), the cluster runs on the host's network with a warning, the token still
keeping others out.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import warnings
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


def descendants(pid: int) -> list[int]:
    """Every process under ``pid`` (from /proc: children, their children...)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat[stat.rindex(")") + 2 :].split()[1])
    found: list[int] = []
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier}
        found.extend(frontier)
    return found


def only_loopback() -> bool:
    """Whether this process's network namespace has no interface but ``lo`` (``/proc/self/net``
    is per namespace, unlike ``/sys/class/net``)."""
    try:
        lines = Path("/proc/self/net/dev").read_text().splitlines()[2:]
    except OSError:
        return False
    return [line.split(":", 1)[0].strip() for line in lines] == ["lo"]


LOOPBACK_UP = "ip link set lo up"


def in_new_loopback_namespace(argv: list[str]) -> list[str]:
    """``argv`` run in a network namespace of its own with only ``lo`` (up), which ends with it;
    ``argv`` unchanged where namespaces cannot be made (see :class:`LoopbackNamespace`)."""
    if not LoopbackNamespace.possible():
        return argv
    return ["unshare", "--net", "--", "sh", "-c", f'{LOOPBACK_UP} && exec "$@"', "sh", *argv]


class LoopbackNamespace:
    """A network namespace with nothing but the loopback interface, kept open by a sleeping
    process; :meth:`enter` prefixes a command to run in it."""

    _possible: bool | None = None

    def __init__(self) -> None:
        self.holder: subprocess.Popen[str] | None = None

    @classmethod
    def possible(cls) -> bool:
        """Whether ``unshare --net`` works here (CAP_SYS_ADMIN, util-linux and iproute2)."""
        if cls._possible is None:
            tools = all(shutil.which(tool) for tool in ("unshare", "nsenter", "ip"))
            trial = ["unshare", "--net", "--", "sh", "-c", LOOPBACK_UP]
            cls._possible = tools and subprocess.run(trial, capture_output=True).returncode == 0
        return cls._possible

    def start(self) -> bool:
        if not self.possible():
            return False
        holder = subprocess.Popen(
            ["unshare", "--net", "--", "sh", "-c", f"{LOOPBACK_UP} && echo up && exec sleep 86400"],
            stdout=subprocess.PIPE, text=True, start_new_session=True,
        )  # fmt: skip
        assert holder.stdout is not None
        if holder.stdout.readline().strip() != "up":
            holder.kill()
            holder.wait()
            return False
        self.holder = holder
        return True

    def enter(self) -> list[str]:
        """The prefix that runs a command in this namespace (nothing when not started)."""
        if self.holder is None:
            return []
        return ["nsenter", f"--net=/proc/{self.holder.pid}/ns/net", "--"]

    def stop(self) -> None:
        if self.holder is not None:
            self.holder.kill()
            self.holder.wait()
            self.holder = None


class RayCluster:
    """``with RayCluster() as cluster:`` a head and ``nodes - 1`` more nodes, ``cpus`` each
    (the head ``head_cpus``, if given: 0 makes a head that runs no worker)."""

    def __init__(self, nodes: int = 2, cpus: int = 1, head_cpus: int | None = None) -> None:
        self.nodes, self.cpus = nodes, cpus
        self.head_cpus = cpus if head_cpus is None else head_cpus
        self.namespace = LoopbackNamespace()
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

    @property
    def isolated(self) -> bool:
        """Whether the cluster's sockets can only be on 127.0.0.1 (see the module's doc)."""
        return self.namespace.holder is not None or only_loopback()

    @staticmethod
    def node_ip(index: int) -> str:
        """Node ``index``'s address: 127.0.0.1 for the head, 127.0.0.2... for the others (all
        on the loopback interface). A driver attaches to the node of its own address, so on
        one machine it is the head's, as on a real cluster, and losing another node never
        takes the driver's own raylet with it."""
        return f"127.0.0.{index + 1}"

    def command(self, argv: list[str]) -> list[str]:
        """``argv`` run where the cluster is reachable: its network namespace, if it has one."""
        return [*self.namespace.enter(), *argv]

    def _start(self, args: list[str]) -> None:
        log = Path(self.temp_dir) / f"node{len(self.processes)}.log"
        cpus = self.cpus if self.processes else self.head_cpus
        address = self.node_ip(len(self.processes))
        with log.open("wb") as out:
            process = subprocess.Popen(
                self.command([RAY, "start", "--block", f"--node-ip-address={address}",
                              "--disable-usage-stats", f"--num-cpus={cpus}", *args]),
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
        if not only_loopback() and not self.namespace.start():
            warnings.warn(
                "no network namespace could be made (unshare --net): the Ray cluster listens on"
                " every interface, its token keeping others out",
                stacklevel=2,
            )
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

    def lose_node(self, index: int) -> None:
        """Node ``index`` (not the head, 0) lost as a machine is lost: its ``ray start`` and
        every process under it (raylet, workers) SIGKILLed at once, nothing told; the head
        notices by its health checks, and the cluster goes on without the node's CPUs."""
        assert index > 0, "the head holds the cluster"
        process = self.processes[index]
        for pid in [process.pid, *descendants(process.pid)]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        process.wait()

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
        self.namespace.stop()

    def __enter__(self) -> RayCluster:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
