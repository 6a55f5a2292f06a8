"""``workbench serve`` over plain HTTP and WebSocket (aiohttp's client, no browser): the token
refused and accepted on both, no app process without it, the pages for a project without a
catalog and for several catalogs. The server listens on 127.0.0.1 and is stopped at the end."""

from __future__ import annotations

import re
from pathlib import Path

import aiohttp
import pytest

from tests.functional.tui_helpers import sample_paragraphs, write_catalog
from tests.support.serving import serve

TOKEN = "a-token-for-the-test-0123456789"


def session_of(page: str) -> str:
    found = re.search(r'data-ws-path="ws/([\w-]+)"', page)
    assert found, page
    return found.group(1)


async def test_token_refused_without_it_and_accepted_with_it(project: Path) -> None:
    catalog = write_catalog(project, sample_paragraphs(2))
    with serve(project, str(catalog), "--token", TOKEN, "--no-warm-start") as served:
        base = served.url
        async with aiohttp.ClientSession() as client:  # no cookie jar carried between checks
            for url in (base, base + "?token=wrong", base + "static/js/textual.js",
                        base + "fonts/mono.ttf", base + "session/x"):  # fmt: skip
                async with client.get(url, allow_redirects=False) as answer:
                    assert answer.status == 401, url
                    assert "needs its token" in await answer.text()
            for headers in ({}, {"Authorization": "Bearer wrong"}):
                with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                    await client.ws_connect(base + "ws/anything", headers=headers)
                assert refused.value.status == 403

        # ?token= sets the cookie and leaves the address bar (a jar that keeps cookies of an
        # IP address, as browsers do)
        async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as client:
            async with client.get(base + "?token=" + TOKEN, allow_redirects=False) as answer:
                assert answer.status == 303
                assert answer.headers["Location"] == "./"
                cookie = answer.cookies["workbench_token"]
                assert cookie.value == TOKEN and cookie["httponly"]
                assert cookie["samesite"] == "Strict"
            async with client.get(base) as answer:  # the cookie now
                assert answer.status == 200
                page = await answer.text()
            session = session_of(page)
            assert "article.po" in page and str(project) not in page

        # A WebSocket without the token, on a real session: refused, and no app started.
        async with aiohttp.ClientSession() as stranger:
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await stranger.ws_connect(base + f"ws/{session}")
            assert refused.value.status == 403
        assert served.app_processes() == []
        bearer = {"Authorization": f"Bearer {TOKEN}"}
        assert served.session_state(f"session/{session}", **bearer)["state"] == "new"

        # With the token (a bearer header here; the browser sends the cookie), the app starts.
        async with aiohttp.ClientSession() as client:
            async with client.ws_connect(base + f"ws/{session}?width=100&height=30",
                                         headers=bearer) as websocket:  # fmt: skip
                received = b""
                while b"Segments" not in received:
                    message = await websocket.receive(timeout=60)
                    assert message.type == aiohttp.WSMsgType.BINARY, message
                    received += message.data
                assert len(served.app_processes()) == 1
        assert served.session_state(f"session/{session}", **bearer)["state"] != "new"


async def test_a_project_without_a_catalog_gets_a_clear_page(project: Path) -> None:
    with serve(project) as served:
        status, page, _ = served.get("/")
        assert status == 200
        assert "No catalog yet" in page and "workbench import" in page
        assert str(project) not in page
        assert served.app_processes() == []
        write_catalog(project, sample_paragraphs(1))  # made while the server runs
        status, page, _ = served.get("/")
        assert status == 200 and 'data-ws-path="ws/' in page


async def test_several_catalogs_are_listed_and_only_they_open(project: Path) -> None:
    write_catalog(project, sample_paragraphs(1), name="first")
    write_catalog(project, sample_paragraphs(2), name="second")
    with serve(project) as served:
        status, page, _ = served.get("/")
        assert status == 200 and "Choose a catalog" in page
        assert "?catalog=locales/en/LC_MESSAGES/first.po" in page
        assert "?catalog=locales/en/LC_MESSAGES/second.po" in page
        status, page, _ = served.get("/?catalog=locales/en/LC_MESSAGES/second.po")
        assert status == 200 and "second.po" in page and 'data-ws-path="ws/' in page
        status, page, _ = served.get("/?catalog=../../etc/passwd")
        assert status == 404 and "No such catalog" in page


def test_the_page_loads_nothing_from_elsewhere(project: Path) -> None:
    write_catalog(project, sample_paragraphs(1))
    with serve(project) as served:
        _, page, _ = served.get("/")
        for address in re.findall(r'(?:src|href)="([^"]+)"', page):
            assert not re.match(r"^(https?:)?//", address), address
        assert "googleapis" not in page and "workbench serve" not in page
        status, _, headers = served.get("/fonts/mono.ttf")
        assert status == 200 and headers["Content-Type"].startswith("font/")
        assert served.get("/fonts/../../pyproject.toml")[0] == 404
        assert served.get("/static/")[0] in (403, 404)  # no folder listing


def test_bad_arguments_are_one_clear_line_before_anything_listens(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from workbench.cli import main

    assert main(["serve", "locales/en/LC_MESSAGES/nope.po", "--port", "1"]) == 2
    assert "nope.po: no such catalog" in capsys.readouterr().err
    empty = project / "token"
    empty.write_text("\n", encoding="utf-8")
    assert main(["serve", "--host", "0.0.0.0", "--token-file", str(empty), "--port", "1"]) == 2
    error = capsys.readouterr().err
    assert "token: the token file is empty" in error and "Traceback" not in error
