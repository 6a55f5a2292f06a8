"""A stand-in for the Hugging Face hub's HTTP API on 127.0.0.1, so ``workbench model pull``
runs its real download path (huggingface_hub's ``snapshot_download``) with no network.

Hand-written on ``http.server`` because no library serves the hub API locally; it answers only
what huggingface_hub 2.x asks while downloading a model snapshot:

- ``GET /api/models/{repo}`` and ``GET /api/models/{repo}/revision/{rev}``: model info with
  ``sha`` and ``siblings``;
- ``GET /api/models/{repo}/tree/{rev}?recursive=...``: the file list with sizes, git blob ids
  and, for large files, LFS sha256s;
- ``HEAD``/``GET /{repo}/resolve/{rev}/{path}``: the file, with ``X-Repo-Commit``, ``ETag``,
  ``Content-Length`` and, for LFS files, ``X-Linked-Etag``/``X-Linked-Size``; ``Range: bytes=N-``
  answered with 206 as the hub's CDN does.

A missing repository is a 404 with ``X-Error-Code: RepoNotFound`` as on the real hub. A file can
be set to fail once: the connection is dropped after some bytes, then every later request for
that file gets a given status (503 by default), like a hub that went down mid-download. A
file can also be held (:meth:`FakeHub.hold_file`): its body is sent only once the test releases
it, so a test can act while a download is under way.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import socket
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

#: Files the real hub stores with Git LFS (the weights and tokenizer models of opus-mt repos).
LFS_SUFFIXES = (".safetensors", ".bin", ".h5", ".spm", ".msgpack", ".ot")

REVISION_INFO = re.compile(r"^/api/models/(?P<repo>[^/]+/[^/]+)(?:/revision/(?P<rev>[^/]+))?$")
TREE = re.compile(r"^/api/models/(?P<repo>[^/]+/[^/]+)/tree/(?P<rev>[^/]+)$")
RESOLVE = re.compile(r"^/(?P<repo>[^/]+/[^/]+)/resolve/(?P<rev>[^/]+)/(?P<path>.+)$")
RANGE = re.compile(r"^bytes=(?P<start>\d+)-$")


@dataclass
class FakeRepo:
    """One model repository: its files at a single commit."""

    repo_id: str
    files: dict[str, bytes]
    sha: str = ""

    def __post_init__(self) -> None:
        if not self.sha:
            digest = hashlib.sha1(self.repo_id.encode())
            for name in sorted(self.files):
                digest.update(name.encode() + b"\0" + self.files[name])
            self.sha = digest.hexdigest()

    def is_lfs(self, path: str) -> bool:
        return path.endswith(LFS_SUFFIXES)

    def git_oid(self, path: str) -> str:
        data = self.files[path]
        return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()

    def sha256(self, path: str) -> str:
        return hashlib.sha256(self.files[path]).hexdigest()


@dataclass
class Failure:
    """Drop the connection after ``after_bytes`` of the file, once; then answer ``then_status``
    (None: serve normally again, so a resumed download succeeds)."""

    after_bytes: int
    then_status: int | None = 503
    dropped: bool = False


@dataclass
class FakeHub:
    """The server and what it serves; use as a context manager (``with FakeHub() as hub``)."""

    repos: dict[str, FakeRepo] = field(default_factory=dict)
    failures: dict[tuple[str, str], Failure] = field(default_factory=dict)
    holds: dict[tuple[str, str], threading.Event] = field(default_factory=dict)
    #: Set when a held file has been asked for (its headers sent, its body waiting).
    held: threading.Event = field(default_factory=threading.Event)
    #: Every request as ``"METHOD /path"``, in arrival order, for assertions.
    requests: list[str] = field(default_factory=list)
    _server: ThreadingHTTPServer | None = None
    _thread: threading.Thread | None = None

    # --- what to serve ---------------------------------------------------------------------

    def add_repo(self, repo_id: str, files: Mapping[str, bytes]) -> FakeRepo:
        repo = FakeRepo(repo_id, dict(files))
        self.repos[repo_id] = repo
        return repo

    def fail_file(
        self, repo_id: str, path: str, *, after_bytes: int, then_status: int | None = 503
    ) -> None:
        self.failures[(repo_id, path)] = Failure(after_bytes, then_status)

    def hold_file(self, repo_id: str, path: str) -> threading.Event:
        """Hold the body of ``path`` until the returned event is set (waits 120 s at most)."""
        release = threading.Event()
        self.holds[(repo_id, path)] = release
        return release

    def downloaded(self, path: str) -> list[str]:
        """The GET requests made for ``path`` in any repository."""
        return [r for r in self.requests if r.startswith("GET ") and r.endswith(f"/{path}")]

    # --- lifecycle ---------------------------------------------------------------------------

    @property
    def url(self) -> str:
        assert self._server is not None, "start the hub first"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FakeHub:
        handler = type("BoundHandler", (_Handler,), {"hub": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def close(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeHub:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()


def model_files(directory: Path) -> dict[str, bytes]:
    """Every file of a model directory, by name, as the hub would serve it."""
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir()) if p.is_file()}


def pickled_only(files: Mapping[str, bytes]) -> dict[str, bytes]:
    """The same model as an older opus-mt repo publishes it: ``pytorch_model.bin`` (a pickled
    ``torch.save`` of the same tensors) instead of ``model.safetensors``."""
    import torch
    from safetensors.torch import load

    weights = io.BytesIO()
    torch.save(load(files["model.safetensors"]), weights)
    pickled = {name: data for name, data in files.items() if name != "model.safetensors"}
    pickled["pytorch_model.bin"] = weights.getvalue()
    return pickled


class _Handler(BaseHTTPRequestHandler):
    hub: FakeHub
    server_version = "FakeHub/1.0"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - base signature
        """Quiet: the request log is ``hub.requests``."""

    def do_HEAD(self) -> None:  # noqa: N802 - http.server naming
        self._dispatch(send_body=False)

    def do_GET(self) -> None:  # noqa: N802
        self._dispatch(send_body=True)

    def _dispatch(self, *, send_body: bool) -> None:
        path = unquote(urlsplit(self.path).path)
        self.hub.requests.append(f"{self.command} {path}")
        if match := TREE.match(path):
            self._tree(match["repo"], match["rev"])
        elif match := REVISION_INFO.match(path):
            self._info(match["repo"], match["rev"] or "main")
        elif match := RESOLVE.match(path):
            self._resolve(match["repo"], match["rev"], match["path"], send_body)
        else:
            self._error(404, "EntryNotFound", "not an endpoint of this fake hub")

    # --- endpoints ---------------------------------------------------------------------------

    def _repo(self, repo_id: str, revision: str) -> FakeRepo | None:
        repo = self.hub.repos.get(repo_id)
        if repo is None:
            self._error(404, "RepoNotFound", "Repository not found")
            return None
        if revision not in ("main", repo.sha):
            self._error(404, "RevisionNotFound", f"Invalid rev id: {revision}")
            return None
        return repo

    def _info(self, repo_id: str, revision: str) -> None:
        if (repo := self._repo(repo_id, revision)) is None:
            return
        self._json(
            {
                "_id": repo.sha[:24],
                "id": repo.repo_id,
                "modelId": repo.repo_id,
                "author": repo.repo_id.split("/")[0],
                "sha": repo.sha,
                "private": False,
                "gated": False,
                "disabled": False,
                "tags": ["transformers", "marian", "translation"],
                "pipeline_tag": "translation",
                "library_name": "transformers",
                "siblings": [self._sibling(repo, name) for name in sorted(repo.files)],
            }
        )

    @staticmethod
    def _sibling(repo: FakeRepo, name: str) -> dict[str, object]:
        """A ``siblings`` entry as the hub sends it with ``?blobs=true``."""
        sibling: dict[str, object] = {
            "rfilename": name,
            "size": len(repo.files[name]),
            "blobId": repo.git_oid(name),
        }
        if repo.is_lfs(name):
            sibling["lfs"] = {
                "size": len(repo.files[name]),
                "sha256": repo.sha256(name),
                "pointerSize": 134,
            }
        return sibling

    def _tree(self, repo_id: str, revision: str) -> None:
        if (repo := self._repo(repo_id, revision)) is None:
            return
        entries = []
        for name in sorted(repo.files):
            entry: dict[str, object] = {
                "type": "file",
                "oid": repo.git_oid(name),
                "size": len(repo.files[name]),
                "path": name,
            }
            if repo.is_lfs(name):
                entry["lfs"] = {
                    "oid": repo.sha256(name),
                    "size": len(repo.files[name]),
                    "pointerSize": 134,
                }
            entries.append(entry)
        self._json(entries)

    def _resolve(self, repo_id: str, revision: str, name: str, send_body: bool) -> None:
        if (repo := self._repo(repo_id, revision)) is None:
            return
        if name not in repo.files:
            self._error(404, "EntryNotFound", f"{name} does not exist on {revision}",
                        commit=repo.sha)  # fmt: skip
            return
        failure = self.hub.failures.get((repo_id, name))
        if send_body and failure is not None and failure.dropped and failure.then_status:
            self._error(failure.then_status, None, "Service Unavailable", commit=repo.sha)
            return
        data = repo.files[name]
        start = 0
        if (requested := RANGE.match(self.headers.get("Range", ""))) is not None:
            start = min(int(requested["start"]), len(data))
        body = data[start:]
        self.send_response(206 if start else 200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Accept-Ranges", "bytes")
        if start:
            self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
        self.send_header("X-Repo-Commit", repo.sha)
        if repo.is_lfs(name):
            self.send_header("ETag", f'"{repo.sha256(name)}"')
            self.send_header("X-Linked-Etag", f'"{repo.sha256(name)}"')
            self.send_header("X-Linked-Size", str(len(data)))
        else:
            self.send_header("ETag", f'"{repo.git_oid(name)}"')
        self.end_headers()
        if not send_body:
            return
        release = self.hub.holds.get((repo_id, name))
        if release is not None:
            self.wfile.write(body[:1])  # the download has begun: a first byte arrives
            self.wfile.flush()
            self.hub.held.set()
            release.wait(timeout=120)
            body = body[1:]
        if failure is not None and not failure.dropped:
            failure.dropped = True
            self.wfile.write(body[: failure.after_bytes])
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
            self.close_connection = True
            return
        self.wfile.write(body)

    # --- responses ---------------------------------------------------------------------------

    def _json(self, data: object) -> None:
        payload = json.dumps(data).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)

    def _error(
        self, status: int, code: str | None, message: str, *, commit: str | None = None
    ) -> None:
        payload = json.dumps({"error": message}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        if code:
            self.send_header("X-Error-Code", code)
        self.send_header("X-Error-Message", message)
        if commit:
            self.send_header("X-Repo-Commit", commit)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)
