"""Who may open a served workbench: the token rules of ``workbench serve``, without aiohttp.

A server on the loopback address is reached only from the machine itself, so it needs no token
unless one is given. Any other address is reachable from the network: it always requires one,
given (``--token``, ``--token-file``) or made here and printed with the URL to open.
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
from dataclasses import dataclass
from pathlib import Path

from workbench.errors import WorkbenchError
from workbench.fileio import read_text

#: The cookie a browser keeps the token in once it came as ``?token=`` (so the token leaves
#: the address bar and reaches the WebSocket, which a page cannot give headers).
TOKEN_COOKIE = "workbench_token"
TOKEN_QUERY = "token"


def is_loopback(host: str) -> bool:
    """``localhost`` or a loopback address (127.0.0.0/8, ::1): nothing else reaches it."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:  # a host name: it may resolve to any interface
        return False


@dataclass(frozen=True)
class Access:
    """The token a request must carry, or ``None``: anyone who reaches the server may open it.
    ``generated``: made here (printed with the URL, since nobody else knows it)."""

    token: str | None
    generated: bool = False

    def admits(self, given: str | None) -> bool:
        if self.token is None:
            return True
        # Constant time: the comparison tells an attacker nothing about how much matched.
        return given is not None and hmac.compare_digest(given.encode(), self.token.encode())


def decide_access(host: str, token: str | None = None, token_file: Path | None = None) -> Access:
    """The access rule for a server on ``host``. Raises :class:`WorkbenchError` for an empty
    token or an unreadable token file."""
    if token_file is not None:
        lines = read_text(token_file).strip().splitlines()
        token = lines[0].strip() if lines else ""
        if not token:
            raise WorkbenchError(
                "the token file is empty", token_file, hint="put the token on its first line"
            )
    if token is not None:
        if not token.strip():
            raise WorkbenchError("the token is empty", hint="give a token, or leave --token out")
        return Access(token.strip())
    if is_loopback(host):
        return Access(None)
    return Access(secrets.token_urlsafe(24), generated=True)
