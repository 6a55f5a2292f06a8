"""Shared by the ``workbench serve`` tests and bench/serve.py: the server as a user starts it
(its own process group, on 127.0.0.1 and a free port, stopped at the end), Debian's chromium
driven headless by Playwright and Debian's firefox-esr driven headless through Marionette
(never a downloaded browser)."""

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
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

WORKBENCH = Path(sys.executable).with_name("workbench")
CHROMIUM = Path("/usr/bin/chromium")
FIREFOX = Path("/usr/bin/firefox-esr")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


def chromium_missing() -> bool:
    return not CHROMIUM.exists()


def firefox_missing() -> bool:
    return not FIREFOX.exists()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for_screen(
    read: Callable[[], str],
    pause: Callable[[], None],
    predicate: Callable[[str], bool],
    timeout: float,
) -> str:
    """The screen ``read`` gives, once ``predicate`` holds for it (``pause`` between looks:
    Playwright's own wait keeps its event loop turning); an AssertionError showing the last
    screen after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        text = read()
        if predicate(text):
            return text
        if time.monotonic() > deadline:
            raise AssertionError(f"the screen never matched; it showed:\n{text}")
        pause()


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
        if _listening(port):
            return
        time.sleep(0.05)
    raise AssertionError(f"nothing listens on 127.0.0.1:{port}")


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


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
        return wait_for_screen(
            self.screen_text, lambda: self.page.wait_for_timeout(50), predicate, timeout
        )

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


# Firefox. Playwright's Firefox is a patched build it downloads, and geckodriver is not in
# Debian: Debian's firefox-esr is driven through its own Marionette server (the protocol
# geckodriver speaks to it), with Mozilla's marionette-driver client.

#: The profile's user.js. Marionette listens on 127.0.0.1 only; it applies Firefox's
#: recommended automation prefs besides (remote.prefs.recommended: no updates, telemetry,
#: safe browsing, first-run pages). Every other address goes to a proxy that is never there
#: (port 9, discard), so nothing but 127.0.0.1, which a proxy never handles, can be reached.
#: WebGL is off, so that xterm.js draws with its DOM renderer on any machine: rows of text,
#: the screen as xterm.js shows it, to read and measure (the renderer of any Firefox without
#: WebGL2: headless, no GPU; a canvas renderer draws the same cells glyph by glyph).
FIREFOX_PREFS: dict[str, bool | int | str] = {
    "browser.shell.checkDefaultBrowser": False,
    "browser.startup.page": 0,
    "browser.startup.homepage": "about:blank",
    "browser.startup.homepage_override.mstone": "ignore",
    "startup.homepage_welcome_url": "about:blank",
    "browser.aboutwelcome.enabled": False,
    "browser.newtabpage.enabled": False,
    "datareporting.policy.dataSubmissionEnabled": False,
    "toolkit.telemetry.reportingpolicy.firstRun": False,
    "app.update.auto": False,
    "app.normandy.enabled": False,
    "extensions.update.enabled": False,
    "network.captive-portal-service.enabled": False,
    "network.connectivity-service.enabled": False,
    "network.dns.disablePrefetch": True,
    "network.prefetch-next": False,
    "network.trr.mode": 5,
    "network.proxy.type": 1,
    "network.proxy.allow_hijacking_localhost": False,
    **{f"network.proxy.{kind}": "127.0.0.1" for kind in ("http", "ssl", "socks")},
    **{f"network.proxy.{kind}_port": 9 for kind in ("http", "ssl", "socks")},
    "webgl.disabled": True,
}


def _marionette() -> Any:
    """marionette_driver, imported without the deprecation warnings of its mozbase modules
    (distro.linux_distribution, telnetlib): nothing of ours to fix."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import marionette_driver.keys
        import marionette_driver.marionette

        return marionette_driver


def _webdriver_keys() -> dict[str, str]:
    """Playwright's key names (as the chromium tests press them) -> WebDriver key codes."""
    Keys = _marionette().keys.Keys

    return {
        "Enter": Keys.RETURN, "Escape": Keys.ESCAPE, "Backspace": Keys.BACK_SPACE,
        "Tab": Keys.TAB, "Delete": Keys.DELETE, "Home": Keys.HOME, "End": Keys.END,
        "PageUp": Keys.PAGE_UP, "PageDown": Keys.PAGE_DOWN, "ArrowUp": Keys.UP,
        "ArrowDown": Keys.DOWN, "ArrowLeft": Keys.LEFT, "ArrowRight": Keys.RIGHT,
        "Control": Keys.CONTROL, "Shift": Keys.SHIFT, "Alt": Keys.ALT,
        **{f"F{n}": getattr(Keys, f"F{n}") for n in range(1, 13)},
    }  # fmt: skip


@contextmanager
def firefox_session(
    url: str, *, width: int = 1280, height: int = 800, timeout: float = 90.0
) -> Iterator[FirefoxTab]:
    """Debian's firefox-esr, headless, with a fresh profile, on ``url`` (a page of
    ``workbench serve``), its viewport ``width`` × ``height``. Firefox runs in its own
    process group, killed at the end (content processes included); Marionette on a free port
    of 127.0.0.1; every command bounded by ``timeout``."""
    Marionette = _marionette().marionette.Marionette

    with tempfile.TemporaryDirectory(prefix="wb-firefox-", ignore_cleanup_errors=True) as temp:
        profile = Path(temp, "profile")
        profile.mkdir()
        port = free_port()
        prefs = {**FIREFOX_PREFS, "marionette.port": port}
        (profile / "user.js").write_text(
            "".join(f"user_pref({json.dumps(k)}, {json.dumps(v)});\n" for k, v in prefs.items())
        )
        log = Path(temp, "firefox.log")
        with log.open("wb") as output:
            process = subprocess.Popen(
                [str(FIREFOX), "--headless", "--marionette", "--no-remote",
                 "--profile", str(profile), "about:blank"],
                stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT,
                start_new_session=True,
                env={**os.environ, "MOZ_CRASHREPORTER_DISABLE": "1", "HOME": temp},
            )  # fmt: skip
        try:
            deadline = time.monotonic() + timeout
            while not _listening(port):
                if process.poll() is not None or time.monotonic() > deadline:
                    tail = log.read_text(errors="replace")[-2000:]
                    raise AssertionError(f"Firefox's Marionette never listened:\n{tail}")
                time.sleep(0.1)
            driver = Marionette(
                host="127.0.0.1", port=port, socket_timeout=timeout, startup_timeout=timeout
            )
            driver.start_session()
            driver.timeout.page_load = timeout
            driver.timeout.script = timeout
            frame = driver.execute_script(
                "return [outerWidth - innerWidth, outerHeight - innerHeight]"
            )  # the window's toolbars: the viewport is what is asked for
            driver.set_window_rect(width=width + frame[0], height=height + frame[1])
            driver.navigate(url)
            tab = FirefoxTab(driver)
            try:
                yield tab
            finally:
                try:
                    driver.delete_session()
                except Exception:  # a browser already gone: nothing to end
                    pass
        finally:
            _kill_group(process)


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM to Firefox's process group, then SIGKILL to whatever is left of it."""
    for sig, grace in ((signal.SIGTERM, 15), (signal.SIGKILL, 10)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            pass


@dataclass
class FirefoxTab:
    """The page of ``workbench serve`` in Firefox, as :class:`Tab` is in chromium: the same
    methods, keys named as Playwright names them, sent as WebDriver key actions (the page gets
    ``keydown``/``keyup`` events as from a keyboard, xterm.js turns them into the terminal's
    sequences). The screen is read from the rows xterm.js's DOM renderer shows."""

    driver: Any

    def run(self, script: str, *arguments: Any) -> Any:
        """``script`` (a function body) in the page's own scope, ``arguments`` as in it."""
        return self.driver.execute_script(script, script_args=list(arguments), sandbox=None)

    def screen_text(self) -> str:
        rows: list[str] = self.run(
            'return [...document.querySelectorAll(".xterm-rows > div")].map((r) => r.textContent);'
        )
        return "\n".join(row.replace("\xa0", " ").rstrip() for row in rows).rstrip("\n")

    def wait_for(self, predicate: Callable[[str], bool], *, timeout: float = 60.0) -> str:
        return wait_for_screen(self.screen_text, lambda: time.sleep(0.05), predicate, timeout)

    def wait_body(self, state: str, timeout: float = 60.0) -> None:
        """Until the page's body has class ``state`` (``-first-byte``, ``-closed``)."""
        script = "return document.body !== null && document.body.classList.contains(arguments[0]);"
        deadline = time.monotonic() + timeout
        while not self.run(script, state):
            if time.monotonic() > deadline:
                raise AssertionError(f"the page never reached {state}")
            time.sleep(0.05)

    def wait_ready(self, timeout: float = 60.0) -> str:
        """The workbench's first screen is drawn."""
        self.wait_body("-first-byte", timeout)
        return self.wait_for(lambda text: "Segments" in text and "Quit" in text, timeout=timeout)

    def type(self, text: str) -> None:
        keys = self.driver.actions.sequence("key", "keyboard")
        for char in text:
            keys.key_down(char).key_up(char)
        keys.perform()

    def press(self, *keys: str) -> None:
        """Each of ``keys`` pressed and released, e.g. ``"Enter"``, ``"Control+Shift+ArrowUp"``,
        ``"Alt+1"``: modifiers down first, up last."""
        names = _webdriver_keys()
        sequence = self.driver.actions.sequence("key", "keyboard")
        for key in keys:
            codes = [names.get(part, part) for part in key.split("+")]
            for code in codes:
                sequence.key_down(code)
            for code in reversed(codes):
                sequence.key_up(code)
        sequence.perform()

    def title(self) -> str:
        title: str = self.driver.title
        return title

    def session_path(self) -> str:
        path: str = self.run('return document.getElementById("terminal").dataset.sessionPath;')
        return path

    def text_of(self, selector: str) -> str:
        text: str = self.run("return document.querySelector(arguments[0]).innerText;", selector)
        return text

    def screenshot(self, path: Path) -> Path:
        path.write_bytes(self.driver.screenshot(format="binary", full=False))
        return path

    def hosts(self) -> set[str]:
        """Every host the page asked for: itself, what it loaded, its WebSockets."""
        urls: list[str] = self.run(
            "return [location.href, ...performance.getEntries().map((e) => e.name),"
            " document.getElementById('terminal').dataset.sessionWebsocketUrl];"
        )
        return hosts_of([url for url in urls if "://" in url])
