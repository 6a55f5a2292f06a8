"""Shared by the ``workbench serve`` tests and bench/serve.py: the server as a user starts it
(its own process group, on 127.0.0.1 and a free port, stopped at the end) and Debian's chromium
driven headless by Playwright (never a downloaded browser)."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

WORKBENCH = Path(sys.executable).with_name("workbench")
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


def chromium_missing() -> bool:
    return not CHROMIUM.exists()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Served:
    """A running ``workbench serve``: its URL and process (leader of its own group)."""

    url: str
    process: subprocess.Popen[str]
    output: list[str] = field(default_factory=list)

    def get(self, path: str, **headers: str) -> tuple[int, str, dict[str, str]]:
        request = urllib.request.Request(self.url + path.lstrip("/"), headers=headers)
        opener = urllib.request.build_opener(_NoRedirect)
        try:
            with opener.open(request, timeout=10) as answer:
                return answer.status, answer.read().decode("utf-8", "replace"), dict(answer.headers)
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace"), dict(error.headers)

    def session_state(self, session_path: str, **headers: str) -> dict[str, Any]:
        status, body, _ = self.get(session_path, **headers)
        assert status == 200, body
        state: dict[str, Any] = json.loads(body)
        return state

    def app_processes(self) -> list[int]:
        """The server's children: one app process per open browser session."""
        children: list[int] = []
        for task in Path(f"/proc/{self.process.pid}/task").iterdir():
            text = (task / "children").read_text()
            children += [int(pid) for pid in text.split()]
        return children


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


@contextmanager
def serve(
    project: Path,
    *arguments: str,
    port: int | None = None,
    timeout: float = 60.0,
    environment: dict[str, str] | None = None,
) -> Iterator[Served]:
    """``workbench serve ARGUMENTS`` in ``project`` on 127.0.0.1; killed (its whole process
    group: the server and every session's app) at the end. ``environment``: added to ours."""
    port = port or free_port()
    process = subprocess.Popen(
        [str(WORKBENCH), "serve", *arguments, "--host", "127.0.0.1", "--port", str(port)],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
        env={**os.environ, "COLUMNS": "200", **(environment or {})},
    )
    served = Served(f"http://127.0.0.1:{port}/", process)
    try:
        deadline = time.monotonic() + timeout
        assert process.stdout is not None
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                raise AssertionError("the server stopped:\n" + "".join(served.output))
            served.output.append(line)
            if line.startswith("Press Ctrl+C"):
                break
        _wait_listening(port, deadline)
        yield served
    finally:
        stop(process)


def _wait_listening(port: int, deadline: float) -> None:
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise AssertionError(f"nothing listens on 127.0.0.1:{port}")


def stop(process: subprocess.Popen[str]) -> None:
    """SIGTERM to the server's process group (the apps save and quit), SIGKILL if it lingers."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
    except ProcessLookupError:
        pass
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    finally:
        try:
            os.killpg(process.pid, signal.SIGKILL)  # any app left behind
        except ProcessLookupError:
            pass
        if process.stdout is not None:
            process.stdout.close()


@contextmanager
def chromium(**context_options: Any) -> Iterator[Browser]:
    """Debian's chromium, headless, with a fresh profile; every request it makes recorded."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="wb-chromium-") as profile:
        with sync_playwright() as playwright:
            context = playwright.chromium.launch_persistent_context(
                profile,
                executable_path=str(CHROMIUM),
                headless=True,
                args=CHROMIUM_ARGS,
                **{"viewport": {"width": 1280, "height": 800}, **context_options},
            )
            browser = Browser(context)
            context.on("request", lambda request: browser.requests.append(request.url))
            try:
                yield browser
            finally:
                context.close()


@dataclass
class Browser:
    context: Any
    requests: list[str] = field(default_factory=list)
    tabs: list[Tab] = field(default_factory=list)

    def open(self, url: str) -> Tab:
        page = self.context.new_page()
        tab = Tab(page)
        page.on("websocket", tab.watch)
        self.tabs.append(tab)
        page.goto(url)
        return tab

    def hosts(self) -> set[str]:
        """Every host the browser's pages asked for, their WebSockets included."""
        sockets = [url for tab in self.tabs for url in tab.sockets]
        return {urlsplit(url).hostname or url for url in [*self.requests, *sockets]}


class Screen:
    """The cells xterm.js would show, rebuilt from the app's output: Textual redraws only the
    cells that change, so the text a tab shows is read from this grid, not from the stream.
    Enough of a VT100 for Textual's output: cursor positioning, erase, printable cells."""

    _CONTROL = re.compile(r"\x1b\[([0-9;?<>=]*)([ -/]*)([@-~])|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"
                          r"|\x1b[()][0-9A-B]|\x1b[=>78DEM]|[\r\n\x08]")

    def __init__(self) -> None:
        self.cells: dict[tuple[int, int], str] = {}
        self.row = self.column = 0
        self._pending = ""

    def feed(self, data: str) -> None:
        data = self._pending + data
        cut = data.rfind("\x1b")
        if cut != -1 and not self._CONTROL.match(data, cut):
            data, self._pending = data[:cut], data[cut:]  # an escape split across frames
        else:
            self._pending = ""
        position = 0
        for match in self._CONTROL.finditer(data):
            self._print(data[position : match.start()])
            self._control(match)
            position = match.end()
        self._print(data[position:])

    def _print(self, text: str) -> None:
        from rich.cells import cell_len

        for char in text:
            width = cell_len(char)
            if width == 0:
                continue
            self.cells[(self.row, self.column)] = char
            if width == 2:
                self.cells[(self.row, self.column + 1)] = ""
            self.column += width

    def _control(self, match: re.Match[str]) -> None:
        token = match.group(0)
        if token == "\r":
            self.column = 0
        elif token == "\n":
            self.row += 1
        elif token == "\x08":
            self.column = max(0, self.column - 1)
        elif match.group(3) in ("H", "f") and not match.group(2):
            numbers = [int(n) if n.isdigit() else 1 for n in (match.group(1) or "").split(";")]
            self.row = (numbers[0] if numbers else 1) - 1
            self.column = (numbers[1] if len(numbers) > 1 else 1) - 1
        elif match.group(3) == "J" and match.group(1) in ("2", "3"):
            self.cells.clear()

    def text(self) -> str:
        if not self.cells:
            return ""
        rows = max(row for row, _ in self.cells) + 1
        columns = max(column for _, column in self.cells) + 1
        lines = [[" "] * columns for _ in range(rows)]
        for (row, column), char in self.cells.items():
            lines[row][column] = char
        return "\n".join("".join(line).rstrip() for line in lines)


@dataclass
class Tab:
    """One browser tab on the workbench. xterm.js draws on a canvas, so there is no text to
    read in the page: ``screen_text`` is the screen rebuilt from what the app sent the tab."""

    page: Any
    frames: list[bytes] = field(default_factory=list)
    sockets: list[str] = field(default_factory=list)
    screen: Screen = field(default_factory=Screen)
    _fed: int = 0

    def watch(self, websocket: Any) -> None:
        self.sockets.append(websocket.url)
        websocket.on("framereceived", self._received)

    def _received(self, payload: bytes | str) -> None:
        if isinstance(payload, bytes):  # str frames are textual-serve's own messages
            self.frames.append(payload)

    def screen_text(self) -> str:
        if self._fed < len(self.frames):
            data = b"".join(self.frames[self._fed :])
            self._fed = len(self.frames)
            self.screen.feed(data.decode("utf-8", "replace"))
        return self.screen.text()

    def wait_for(self, predicate: Callable[[str], bool], *, timeout: float = 60.0) -> str:
        deadline = time.monotonic() + timeout
        while True:
            text = self.screen_text()
            if predicate(text):
                return text
            if time.monotonic() > deadline:
                raise AssertionError(f"the screen never matched; it showed:\n{text}")
            self.page.wait_for_timeout(50)

    def wait_ready(self, timeout: float = 60.0) -> str:
        """The workbench's first screen is drawn."""
        self.page.wait_for_selector(
            "body.-first-byte", state="attached", timeout=timeout * 1000
        )
        return self.wait_for(lambda text: "Segments" in text and "Quit" in text)

    def type(self, text: str) -> None:
        self.page.keyboard.type(text)

    def press(self, *keys: str) -> None:
        for key in keys:
            self.page.keyboard.press(key)

    def session_path(self) -> str:
        path: str = self.page.get_attribute("#terminal", "data-session-path")
        return path


def wait_until(predicate: Callable[[], bool], timeout: float = 30.0, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what or predicate}")
        time.sleep(0.1)


def msgstrs(catalog: Path) -> list[str]:
    import polib

    return [entry.msgstr for entry in polib.pofile(str(catalog))]


def hosts_of(urls: Sequence[str]) -> set[str]:
    return {urlsplit(url).hostname or url for url in urls}
