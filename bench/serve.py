"""The workbench in a browser against the same workbench in a terminal, measured in one run.

Browser: ``workbench serve`` on 127.0.0.1 and Debian's chromium, headless, driven by
Playwright. Terminal (the peer): ``workbench tui`` on a pseudo-terminal this script holds, as a
terminal emulator would. Both on the same 20,000-segment catalog (bench/tui.py's):

* first screen: from opening (page load / process start) until the screen shows the segment
  list and the footer; both include starting the app's Python process;
* keystroke to screen: a letter typed into the translation, from the key event (the page's
  ``keydown``; the write to the pty) to the app's answer: in the browser the first WebSocket
  message after the key, plus the animation frame that paints it; in the terminal the first
  bytes read back. Measured one key at a time, past the app's typing pause.

CPU: the app process's user+system time (from /proc) until its first screen, in each case
(with a warm app: what it spent after the page connected). Two browser runs: the server's
default, a warm app started ahead and given time to open; and ``--no-warm-start``, the app
started when the page connects.

    .venv/bin/python bench/serve.py [--segments 20000] [--keys 25]
"""

from __future__ import annotations

import argparse
import os
import pty
import select
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import ROOT
from tui import make_project

from tests.support.serving import WORKBENCH, Screen, Tab, chromium, serve

SIZE = (140, 42)
#: Records in the page when each key went down and when each app message was painted.
PAGE_PROBE = """
window.__bench = {keys: [], frames: []};
document.addEventListener("keydown", (e) => window.__bench.keys.push(performance.now()), true);
const NativeWebSocket = window.WebSocket;
window.WebSocket = function (url, protocols) {
  const socket = new NativeWebSocket(url, protocols);
  socket.addEventListener("message", (event) => {
    if (typeof event.data === "string") return;
    const arrived = performance.now();
    requestAnimationFrame(() => window.__bench.frames.push([arrived, performance.now()]));
  });
  return socket;
};
window.WebSocket.prototype = NativeWebSocket.prototype;
"""
LETTERS = "abcdefghijklmnopqrstuvwxyz"


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def first_screen_ready(text: str) -> bool:
    return "Segments" in text and "Quit" in text and "approved" in text


def wait_settled(pid: int, quiet: float = 1.0, timeout: float = 60.0) -> None:
    """Until the process has used no CPU for ``quiet`` seconds (a warm app has opened)."""
    deadline = time.perf_counter() + timeout
    last = cpu_seconds(pid)
    while time.perf_counter() < deadline:
        time.sleep(quiet)
        now = cpu_seconds(pid)
        if now == last:
            return
        last = now


def measure_browser(project: Path, catalog: Path, keys: int, warm: bool) -> dict[str, float]:
    """``warm``: the server started long before the translator comes (its warm app has
    opened the catalog); else ``--no-warm-start``: the app starts when the page connects."""
    result: dict[str, float] = {}
    viewport = {"width": SIZE[0] * 9, "height": SIZE[1] * 19}  # about 140x42 cells
    options = [] if warm else ["--no-warm-start"]
    with serve(project, str(catalog), *options) as served, chromium(viewport=viewport) as browser:
        if warm:
            deadline = time.perf_counter() + 30
            while not served.app_processes() and time.perf_counter() < deadline:
                time.sleep(0.05)
            wait_settled(served.app_processes()[0])
            warm_cpu = cpu_seconds(served.app_processes()[0])
        browser.context.add_init_script(PAGE_PROBE)
        page = browser.context.new_page()
        tab = Tab(page)
        page.on("websocket", tab.watch)
        started = time.perf_counter()
        page.goto(served.url)
        while not first_screen_ready(tab.screen_text()):
            page.wait_for_timeout(5)
        result["first_screen"] = time.perf_counter() - started
        app = served.app_processes()[0]
        result["first_screen_app_cpu"] = cpu_seconds(app) - (warm_cpu if warm else 0.0)
        page.wait_for_timeout(1500)  # the app's start-up work after its first screen
        latencies = []
        for letter in (LETTERS * 4)[:keys]:
            page.evaluate("window.__bench.frames = []; window.__bench.keys = []")
            page.keyboard.press(letter)
            page.wait_for_function(
                "window.__bench.keys.length"
                " && window.__bench.frames.some(f => f[0] >= window.__bench.keys[0])"
            )
            down, painted = page.evaluate(
                "[window.__bench.keys[0],"
                " window.__bench.frames.find(f => f[0] >= window.__bench.keys[0])[1]]"
            )
            latencies.append((painted - down) / 1000)
            page.wait_for_timeout(400)  # past the typing pause (QA, drafts) before the next
        result["key_to_screen_median"] = statistics.median(latencies)
        result["key_to_screen_p90"] = sorted(latencies)[int(len(latencies) * 0.9) - 1]
        page.keyboard.press("F3")
        page.wait_for_timeout(500)
    return result


def measure_terminal(project: Path, catalog: Path, keys: int) -> dict[str, float]:
    result: dict[str, float] = {}
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(SIZE[0]), "LINES": str(SIZE[1])}
    leader, follower = pty.openpty()
    import fcntl
    import struct
    import termios

    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0))
    screen = Screen()
    started = time.perf_counter()
    process = subprocess.Popen(
        [str(WORKBENCH), "tui", str(catalog), "--bidi", "app"],
        cwd=project, stdin=follower, stdout=follower, stderr=follower, env=env,
        start_new_session=True,
    )  # fmt: skip
    os.close(follower)

    def read(timeout: float) -> bytes:
        ready, _, _ = select.select([leader], [], [], timeout)
        return os.read(leader, 1 << 16) if ready else b""

    try:
        while not first_screen_ready(screen.text()):
            screen.feed(read(5).decode("utf-8", "replace"))
        result["first_screen"] = time.perf_counter() - started
        result["first_screen_app_cpu"] = cpu_seconds(process.pid)
        deadline = time.perf_counter() + 1.5
        while time.perf_counter() < deadline:
            read(0.05)
        latencies = []
        for letter in (LETTERS * 4)[:keys]:
            while read(0):  # nothing pending
                pass
            before = time.perf_counter()
            os.write(leader, letter.encode())
            while not read(5):
                pass
            latencies.append(time.perf_counter() - before)
            deadline = time.perf_counter() + 0.4
            while time.perf_counter() < deadline:
                read(0.05)
        result["key_to_screen_median"] = statistics.median(latencies)
        result["key_to_screen_p90"] = sorted(latencies)[int(len(latencies) * 0.9) - 1]
        os.write(leader, b"\x11")  # ctrl+q
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
        os.close(leader)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=20_000)
    parser.add_argument("--keys", type=int, default=25)
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as tmp:
        terminal_project = Path(tmp) / "terminal"
        browser_project = Path(tmp) / "browser"
        terminal_catalog = make_project(terminal_project, args.segments)
        browser_catalog = make_project(browser_project, args.segments)
        measure_terminal(terminal_project, terminal_catalog, 3)  # warm the file caches
        terminal = measure_terminal(terminal_project, terminal_catalog, args.keys)
        cold = measure_browser(browser_project, browser_catalog, args.keys, warm=False)
        warm = measure_browser(browser_project, browser_catalog, args.keys, warm=True)
    print(f"catalog: {args.segments} segments; {args.keys} keys; load average "
          f"{load_before:.1f} before, {os.getloadavg()[0]:.1f} after")  # fmt: skip
    for name, browser in (("browser, app started on connect", cold),
                          ("browser, warm app (the default)", warm)):  # fmt: skip
        print(f"\n{name:<34}{'browser':>11}{'terminal':>12}{'difference':>12}{'ratio':>8}")
        for key in terminal:
            b, t = browser[key] * 1000, terminal[key] * 1000
            print(f"{key:<34}{b:>8.1f} ms{t:>9.1f} ms{b - t:>+9.1f} ms{b / t:>7.2f}x")
        for key in ("first_screen", "key_to_screen_median"):
            extra = (browser[key] - terminal[key]) * 1000
            print(f"{key}: terminal {extra:+.0f} ms; goal terminal + 50 ms: "
                  f"{'met' if extra <= 50 else 'NOT met'}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
