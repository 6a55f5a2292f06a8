"""The workbench in a browser: textual-serve's server with the workbench's page, token and
sessions.

textual-serve (aiohttp) runs one app process per browser WebSocket and draws it with xterm.js.
Its server is kept and subclassed rather than forked; what changes:

* its page loads a web font from a public CDN and shows the server's command line: ours loads
  nothing from elsewhere (fonts from the machine's Debian packages, its xterm.js bundle from
  its own package) and names the project and catalog;
* a token middleware: a request without the right token gets 401 (a page) or 403 (the
  WebSocket) and starts no process (:mod:`workbench.serve.access`);
* the WebSocket belongs to a session the page opened (``/ws/{session}``), which says which
  catalog it edits and records how its app ended, so the page can say why instead of showing
  a dead terminal;
* the app process is ``workbench tui CATALOG --served`` started without a shell: the app shapes
  and orders Arabic itself (xterm.js does no bidi) and names browser-safe keys in its footer.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import shlex
import socket
import sys
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import aiohttp_jinja2
import jinja2
from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server

from workbench.catalog.discovery import display_path, find_catalogs
from workbench.serve.access import TOKEN_COOKIE, TOKEN_QUERY, Access

log = logging.getLogger("workbench.serve")

_TEMPLATES = Path(__file__).parent / "templates"

#: The fonts the page may load, by the name it asks for: Debian's DejaVu Sans Mono for the
#: terminal grid (it has the Arabic presentation forms the app shapes into) and Noto Sans
#: Arabic (fonts-noto-core) for any Arabic letter DejaVu lacks. Only these files are served.
FONT_FILES: dict[str, Path] = {
    "mono.ttf": Path("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"),
    "mono-bold.ttf": Path("/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf"),
    "arabic.ttf": Path("/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf"),
    "arabic-bold.ttf": Path("/usr/share/fonts/truetype/noto/NotoSansArabic-Bold.ttf"),
}
#: Sessions remembered for their end page; older ones are forgotten.
MAX_SESSIONS = 1000
#: Seconds after a session starts or ends before the next warm app starts (not competing for
#: the processor with the session that just began).
WARM_DELAY = 2.0
#: A warm app whose screen output waiting for a browser grows past this is replaced.
WARM_BUFFER_LIMIT = 4 << 20


def _textual_static() -> Path:
    """textual-serve's own xterm.js bundle and its stylesheet (its page template is unused)."""
    import textual_serve

    return Path(textual_serve.__file__).parent / "static"


@dataclass(frozen=True)
class ServedProject:
    """What is served: the project's name and catalogs, and how to start the app on one."""

    name: str
    root: Path
    locales: Path
    catalog: Path | None = None  # the one catalog given to ``workbench serve``, else any
    tui_options: tuple[str, ...] = ()  # --glossary, --model for ``workbench tui``
    python: str = sys.executable

    def catalogs(self) -> list[Path]:
        """The catalogs a browser may open, looked up on every page: one made after the server
        started appears without a restart."""
        if self.catalog is not None:
            return [self.catalog] if self.catalog.is_file() else []
        return find_catalogs(self.locales)

    def shown(self, catalog: Path) -> str:
        """A catalog as the page names it: relative to the project, never a server path (a
        catalog outside the project is named by its file name)."""
        shown = display_path(catalog, self.root)
        return catalog.name if Path(shown).is_absolute() else shown

    def app_command(self, catalog: Path) -> list[str]:
        return [
            self.python, "-m", "workbench.cli", "tui", str(catalog),
            "--bidi", "app", "--served", *self.tui_options,
        ]  # fmt: skip


@dataclass
class Session:
    """One page load: its catalog, then how its app process ended."""

    catalog: Path
    state: str = "new"  # new, running, ended, failed
    message: str = ""
    processes: list[AppProcess] = field(default_factory=list)


class _StderrCopy:
    """The app's stderr as textual-serve reads it, with a copy kept for the end page."""

    def __init__(self, stream: asyncio.StreamReader, copy: bytearray) -> None:
        self._stream = stream
        self._copy = copy

    async def read(self, n: int = -1) -> bytes:
        data = await self._stream.read(n)
        self._copy.extend(data)
        del self._copy[:-8192]  # the last lines are the ones that say what went wrong
        return data


class _Waiting:
    """Where a warm app's output waits until a browser claims the app."""

    def __init__(self) -> None:
        self.chunks: list[bytes] = []
        self.size = 0

    async def write_bytes(self, data: bytes) -> None:
        self.chunks.append(data)
        self.size += len(data)

    async def write_str(self, text: str) -> None:
        """A request to the browser (open a URL) before there is one: dropped."""

    async def close(self) -> None:
        """The warm app ended by itself; its ``on_end`` says so."""


class AppProcess(AppService):
    """textual-serve's app service, started without a shell in the project's folder; closes
    the browser's WebSocket when the app ends by itself and tells how it ended."""

    def __init__(
        self,
        argv: Sequence[str],
        *,
        cwd: Path,
        on_end: Callable[[AppProcess, int], None],
        write_bytes: Callable[[bytes], Awaitable[None]],
        write_str: Callable[[str], Awaitable[None]],
        close: Callable[[], Awaitable[Any]],
        server: Server,
    ) -> None:
        super().__init__(
            shlex.join(argv),
            write_bytes=write_bytes,
            write_str=write_str,
            close=close,
            download_manager=server.download_manager,
        )
        self.argv = list(argv)
        self.cwd = cwd
        self.on_end = on_end
        self.stderr_tail = bytearray()
        self.drew = False  # the app sent a screen

    async def _open_app_process(
        self, width: int = 80, height: int = 24
    ) -> asyncio.subprocess.Process:
        environment = self._build_environment(width=width, height=height)
        self._process = process = await asyncio.create_subprocess_exec(
            *self.argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=environment,
            cwd=self.cwd,
        )
        assert process.stdin is not None and process.stderr is not None
        process.stderr = _StderrCopy(process.stderr, self.stderr_tail)  # type: ignore[assignment]
        self._stdin = process.stdin
        return process

    async def on_data(self, payload: bytes) -> None:
        self.drew = True
        await super().on_data(payload)

    async def run(self) -> None:
        await super().run()
        assert self._process is not None
        self.on_end(self, await self._process.wait())
        await self.remote_close()  # an app that died sends no "exit": the page must know

    def last_error_line(self) -> str:
        lines = self.stderr_tail.decode("utf-8", "replace").splitlines()
        meaningful = [line.strip() for line in lines if line.strip()]
        return meaningful[-1] if meaningful else ""


class WorkbenchServer(Server):
    """Serves :class:`ServedProject` to browsers on ``host:port``."""

    def __init__(
        self,
        project: ServedProject,
        access: Access,
        *,
        host: str = "127.0.0.1",
        port: int = 8000,
        announce: Callable[[str], None] = print,
        warm_start: bool = True,
    ) -> None:
        super().__init__("workbench tui", host=host, port=port, title=f"Workbench · {project.name}")
        if host in ("0.0.0.0", "::", ""):  # every interface: a URL others can open
            self.public_url = f"http://{socket.gethostname()}:{port}"
        self.project = project
        self.access = access
        self.announce = announce
        self.sessions: OrderedDict[str, Session] = OrderedDict()
        # Warm start: one app per catalog opened (and the catalog served), started ahead of
        # the next browser, so a page shows its first screen without waiting for Python's
        # start-up and the catalog's parsing. Replaced whenever a session ends, so the next
        # one reads the journal (drafts) as it is then.
        self.warm_start = warm_start
        self.warm: dict[Path, tuple[AppProcess, _Waiting]] = {}
        self._warm_generation: dict[Path, int] = {}
        self._terminal_size = (80, 24)  # the last browser's; a claimed app is resized anyway
        self._stopping = False

    # --- the aiohttp application -------------------------------------------------------------

    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self._require_token])
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(_TEMPLATES), autoescape=True)
        app.add_routes(
            [
                web.get("/", self.handle_index, name="index"),
                web.get("/ws/{session}", self.handle_websocket, name="websocket"),
                web.get("/session/{session}", self.handle_session, name="session"),
                web.get("/fonts/{name}", self.handle_font, name="font"),
                web.static("/static", _textual_static(), show_index=False, name="static"),
            ]
        )
        app.on_startup.append(self.on_startup)
        app.on_shutdown.append(self.on_shutdown)
        return app

    @web.middleware
    async def _require_token(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        """No token, no page, no WebSocket, no process. A token given as ``?token=`` goes into a
        cookie and out of the address bar."""
        if self.access.token is None:
            return await handler(request)
        from_query = request.query.get(TOKEN_QUERY)
        given = from_query or request.cookies.get(TOKEN_COOKIE) or _bearer(request)
        if not self.access.admits(given):
            if request.headers.get("Upgrade", "").lower() == "websocket":
                raise web.HTTPForbidden(text="workbench: this session needs the server's token\n")
            return self._page(
                request,
                "Token needed",
                ["This workbench needs its token.", "Open the link the server printed."],
                status=401,
            )
        if from_query is not None and request.method == "GET":
            query = {k: v for k, v in request.query.items() if k != TOKEN_QUERY}
            # Relative, so a reverse proxy's path prefix is kept (README).
            target = "./" if request.path == "/" else request.path
            if query:
                target += "?" + urlencode(query)
            response = web.HTTPSeeOther(location=target)
            response.set_cookie(
                TOKEN_COOKIE, from_query, httponly=True, samesite="Strict",
                secure=request.secure or request.headers.get("X-Forwarded-Proto") == "https",
            )  # fmt: skip
            return response
        return await handler(request)

    # --- pages -------------------------------------------------------------------------------

    def _page(
        self,
        request: web.Request,
        heading: str,
        lines: list[str],
        *,
        links: list[tuple[str, str]] | None = None,
        status: int = 200,
    ) -> web.Response:
        return aiohttp_jinja2.render_template(
            "message.html",
            request,
            {"project": self.project.name, "heading": heading, "lines": lines, "links": links},
            status=status,
        )

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        """The workbench on a catalog: the one asked for (``?catalog=``), or the only one; a
        list when there are several; a clear page when there is none."""
        catalogs = self.project.catalogs()
        if not catalogs:
            return self._page(
                request,
                "No catalog yet",
                [
                    f"The project {self.project.name} has no catalog to translate.",
                    "Create one on the server with 'workbench import SOURCE --lang L',"
                    " then reload this page.",
                ],
            )
        by_name = {self.project.shown(path): path for path in catalogs}
        asked = request.query.get("catalog")
        if asked is None and len(catalogs) == 1:
            asked = self.project.shown(catalogs[0])
        if asked is None or asked not in by_name:
            return self._page(
                request,
                "Choose a catalog" if asked is None else "No such catalog",
                [f"The catalogs of {self.project.name}:"],
                links=[(f"./?catalog={quote(name)}", name) for name in by_name],
                status=200 if asked is None else 404,
            )
        session_id = secrets.token_urlsafe(16)
        self._remember(session_id, Session(by_name[asked]))
        font_size = _to_int(request.query.get("fontsize", "16"), 16)
        return aiohttp_jinja2.render_template(
            "index.html",
            request,
            {
                "project": self.project.name,
                "catalog": asked,
                "session": session_id,
                "font_size": font_size,
            },
        )

    async def handle_session(self, request: web.Request) -> web.Response:
        session = self.sessions.get(request.match_info["session"])
        if session is None:
            raise web.HTTPNotFound(text="no such session\n")
        return web.json_response({"state": session.state, "message": session.message})

    async def handle_font(self, request: web.Request) -> web.StreamResponse:
        path = FONT_FILES.get(request.match_info["name"])
        if path is None or not path.is_file():
            raise web.HTTPNotFound(text="no such font\n")
        return web.FileResponse(
            path, headers={"Content-Type": "font/ttf", "Cache-Control": "max-age=86400"}
        )

    # --- sessions ----------------------------------------------------------------------------

    def _remember(self, session_id: str, session: Session) -> None:
        self.sessions[session_id] = session
        while len(self.sessions) > MAX_SESSIONS:
            self.sessions.popitem(last=False)

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """The app process of one session, alive as long as its WebSocket."""
        session = self.sessions.get(request.match_info["session"])
        if session is None or session.state != "new":  # a page opens its session once
            raise web.HTTPNotFound(text="no such session: reload the page\n")
        session.state = "running"
        websocket = web.WebSocketResponse(heartbeat=15)
        width = _to_int(request.query.get("width", "80"), 80)
        height = _to_int(request.query.get("height", "24"), 24)
        self._terminal_size = (width, height)
        process: AppProcess | None = None
        try:
            await websocket.prepare(request)
            process = await self._claim_warm(session, websocket, width, height)
            if process is None:
                process = AppProcess(
                    self.project.app_command(session.catalog),
                    cwd=self.project.root,
                    on_end=lambda ended, status: self._ended(session, ended, status),
                    write_bytes=websocket.send_bytes,
                    write_str=websocket.send_str,
                    close=websocket.close,
                    server=self,
                )
                session.processes.append(process)
                await process.start(width, height)
            self._start_warm(session.catalog, WARM_DELAY)
            try:
                await self._process_messages(websocket, process)
            finally:
                await process.stop()
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:  # a broken connection must not stop the server
            log.exception(error)
        finally:
            if process is not None:
                await process.stop()
            # The warm app read the journal before this session's last drafts: replace it.
            self._discard_warm(session.catalog)
            self._start_warm(session.catalog, WARM_DELAY)
        return websocket

    # --- warm start --------------------------------------------------------------------------

    def _start_warm(self, catalog: Path, delay: float) -> None:
        """Start a warm app on ``catalog`` after ``delay`` (replacing any), unless another
        call comes meanwhile: the last one wins."""
        if not self.warm_start or self._stopping:
            return
        generation = self._warm_generation.get(catalog, 0) + 1
        self._warm_generation[catalog] = generation
        asyncio.get_running_loop().create_task(self._warm_up(catalog, delay, generation))

    async def _warm_up(self, catalog: Path, delay: float, generation: int) -> None:
        await asyncio.sleep(delay)
        if self._stopping or self._warm_generation.get(catalog) != generation:
            return
        if catalog in self.warm and self.warm[catalog][0]._process is not None:
            return  # one is warm already
        waiting = _Waiting()
        process = AppProcess(
            self.project.app_command(catalog),
            cwd=self.project.root,
            on_end=lambda ended, status: self._warm_ended(catalog, ended),
            write_bytes=waiting.write_bytes,
            write_str=waiting.write_str,
            close=waiting.close,
            server=self,
        )
        self.warm[catalog] = (process, waiting)
        try:
            await process.start(*self._terminal_size)
        except OSError as error:
            log.error("could not start a warm app: %s", error)
            self.warm.pop(catalog, None)

    def _warm_ended(self, catalog: Path, process: AppProcess) -> None:
        if catalog in self.warm and self.warm[catalog][0] is process:
            del self.warm[catalog]  # died before a browser came: the next one starts afresh

    def _discard_warm(self, catalog: Path) -> None:
        warm = self.warm.pop(catalog, None)
        if warm is not None:
            asyncio.get_running_loop().create_task(warm[0].stop())

    async def _claim_warm(
        self, session: Session, websocket: web.WebSocketResponse, width: int, height: int
    ) -> AppProcess | None:
        """The warm app on the session's catalog, now drawing in this browser; ``None`` when
        there is none (or it grew stale)."""
        warm = self.warm.pop(session.catalog, None)
        if warm is None:
            return None
        process, waiting = warm
        alive = process._process is not None and process._process.returncode is None
        if not alive or waiting.size > WARM_BUFFER_LIMIT:
            asyncio.get_running_loop().create_task(process.stop())
            return None
        process.on_end = lambda ended, status: self._ended(session, ended, status)
        session.processes.append(process)
        while waiting.chunks:  # what it drew so far, then the rest as it comes
            await websocket.send_bytes(waiting.chunks.pop(0))
        process.remote_write_bytes = websocket.send_bytes
        process.remote_write_str = websocket.send_str
        async def close() -> None:
            await websocket.close()

        process.remote_close = close
        await process.set_terminal_size(width, height)
        return process

    def _ended(self, session: Session, process: AppProcess, status: int) -> None:
        if status == 0 and process.drew:
            session.state = "ended"
            return
        session.state = "failed"
        reason = process.last_error_line().replace(f"{self.project.root}/", "")
        if not reason:
            reason = f"the app stopped with exit status {status}"
        session.message = reason
        log.error("a workbench session ended: %s", reason)

    # --- start and stop ----------------------------------------------------------------------

    async def on_startup(self, app: web.Application) -> None:
        url = self.public_url + "/"
        if self.access.token is not None and self.access.generated:
            url += f"?token={self.access.token}"
        catalog = (
            self.project.shown(self.project.catalog) if self.project.catalog else "any catalog"
        )
        self.announce(f"Serving the workbench of {self.project.name} ({catalog}) on {url}")
        if self.access.token is not None and not self.access.generated:
            self.announce(f"Open it with ?token=TOKEN (the token given): {self.public_url}/")
        self.announce("Press Ctrl+C to stop.")
        catalogs = self.project.catalogs()
        if len(catalogs) == 1:
            self._start_warm(catalogs[0], 0.0)

    async def on_shutdown(self, app: web.Application) -> None:
        """Every session's app saves and quits before the server goes."""
        self._stopping = True
        stopping = [
            process.stop() for session in self.sessions.values() for process in session.processes
        ]
        stopping += [process.stop() for process, _ in self.warm.values()]
        await asyncio.gather(*stopping, return_exceptions=True)


def _bearer(request: web.Request) -> str | None:
    header = request.headers.get("Authorization", "")
    return header[7:].strip() if header.lower().startswith("bearer ") else None


def _to_int(value: str, default: int) -> int:
    try:
        return int(value)
    except ValueError:
        return default
