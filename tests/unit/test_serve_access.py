"""Who may open a served workbench (workbench.serve.access): the loopback needs no token,
any other address always has one, given or made."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.errors import WorkbenchError
from workbench.serve.access import Access, decide_access, is_loopback


@pytest.mark.parametrize("host", ["127.0.0.1", "127.3.2.1", "::1", "[::1]", "localhost"])
def test_loopback_addresses(host: str) -> None:
    assert is_loopback(host)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.5", "10.0.0.1", "example.org"])
def test_other_addresses_are_not_loopback(host: str) -> None:
    assert not is_loopback(host)


def test_the_loopback_needs_no_token_unless_one_is_given() -> None:
    assert decide_access("127.0.0.1") == Access(None)
    assert decide_access("127.0.0.1").admits(None)
    given = decide_access("127.0.0.1", token="s3cret")
    assert given == Access("s3cret") and not given.generated
    assert given.admits("s3cret") and not given.admits(None) and not given.admits("s3cre")


def test_any_other_host_gets_a_random_token_when_none_is_given() -> None:
    first, second = decide_access("0.0.0.0"), decide_access("0.0.0.0")
    assert first.generated and first.token and len(first.token) >= 32
    assert first.token != second.token
    assert not first.admits(None) and not first.admits("") and first.admits(first.token)
    assert decide_access("0.0.0.0", token="mine") == Access("mine")


def test_the_token_file_gives_its_first_line(tmp_path: Path) -> None:
    path = tmp_path / "token"
    path.write_text("  from-file  \nignored\n", encoding="utf-8")
    assert decide_access("0.0.0.0", token_file=path) == Access("from-file")


def test_an_empty_token_or_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.write_text("\n", encoding="utf-8")
    with pytest.raises(WorkbenchError, match="token file is empty"):
        decide_access("0.0.0.0", token_file=empty)
    with pytest.raises(WorkbenchError, match="token is empty"):
        decide_access("127.0.0.1", token="  ")
    with pytest.raises(WorkbenchError) as missing:
        decide_access("0.0.0.0", token_file=tmp_path / "nope")
    assert missing.value.path == tmp_path / "nope"

