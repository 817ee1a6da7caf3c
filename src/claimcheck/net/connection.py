"""urllib3 connections that resolve, (optionally) check and connect within a download's deadline.

Every connection the fetcher opens goes through :class:`DeadlineConnectionMixin`: the host is
resolved in a way the deadline can abandon, the addresses are checked against the SSRF policy
(:mod:`.netsafety`) when guarding, the connect is polled against the deadline, and the
socket is attached to the deadline so that the watchdog can cut a response that trickles in
(see :mod:`.deadline`). A connection reused from the pool is attached again when the
next request goes out on it.

Proxied requests use urllib3's stock pools: their connections get the per-operation connect and
read timeouts only, and the address checks see our resolver's answer, not the proxy's.
"""

from __future__ import annotations

import socket
from typing import Any

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError

from claimcheck.net import deadline, netsafety


class DeadlineConnectionMixin:
    guard = False  # refuse non-public addresses at connect time (DNS rebinding)

    _dns_host: str
    host: str
    port: int
    timeout: Any
    socket_options: Any
    source_address: Any
    sock: socket.socket | None

    def _new_conn(self) -> socket.socket:
        current = deadline.current()
        name = self._dns_host
        try:
            if deadline.is_ip_literal(name):
                addresses = [name.strip("[]").split("%", 1)[0]]
            else:
                addresses = deadline.call_within(
                    current, lambda: netsafety.resolve(name, self.port), "dns"
                )
            if not addresses:
                raise socket.gaierror(socket.EAI_NONAME, f"{name} has no address")
        except (socket.gaierror, UnicodeError) as exc:
            gai = exc if isinstance(exc, socket.gaierror) else socket.gaierror(str(exc))
            raise NameResolutionError(self.host, self, gai) from exc  # type: ignore[arg-type]
        if self.guard:
            blocked = netsafety.first_blocked(addresses)
            if blocked is not None:
                raise netsafety.BlockedAddressError(name, blocked)
        timeout = self.timeout if isinstance(self.timeout, int | float) else None
        last: Exception | None = None
        for address in addresses:
            try:
                sock = deadline.connect(
                    address,
                    self.port,
                    current,
                    timeout,
                    socket_options=self.socket_options,
                    source_address=self.source_address,
                )
            except TimeoutError as exc:
                last = ConnectTimeoutError(
                    self, f"Connection to {self.host} timed out. (connect timeout={timeout})"
                )
                last.__cause__ = exc
                continue
            except OSError as exc:
                last = NewConnectionError(self, f"Failed to establish a new connection: {exc}")  # type: ignore[arg-type]
                last.__cause__ = exc
                continue
            if current is not None:
                current.attach(sock)
            return sock
        assert last is not None
        raise last

    def request(self, *args: Any, **kwargs: Any) -> None:
        current = deadline.current()
        if current is not None and self.sock is not None:
            current.attach(self.sock)  # a kept-alive connection serving another download
        super().request(*args, **kwargs)  # type: ignore[misc]


class DeadlineHTTPConnection(DeadlineConnectionMixin, HTTPConnection):
    pass


class DeadlineHTTPSConnection(DeadlineConnectionMixin, HTTPSConnection):
    pass


class GuardedHTTPConnection(DeadlineHTTPConnection):
    guard = True


class GuardedHTTPSConnection(DeadlineHTTPSConnection):
    guard = True


def _pool(base: type, connection: type) -> type:
    return type(f"{connection.__name__}Pool", (base,), {"ConnectionCls": connection})


_POOLS = {
    False: {
        "http": _pool(HTTPConnectionPool, DeadlineHTTPConnection),
        "https": _pool(HTTPSConnectionPool, DeadlineHTTPSConnection),
    },
    True: {
        "http": _pool(HTTPConnectionPool, GuardedHTTPConnection),
        "https": _pool(HTTPSConnectionPool, GuardedHTTPSConnection),
    },
}


class DeadlineAdapter(HTTPAdapter):
    """An HTTPAdapter whose direct connections honour the download's deadline and, with
    ``guard=True``, only ever go to public addresses."""

    def __init__(self, *args: Any, guard: bool = False, **kwargs: Any) -> None:
        self.guard = guard
        super().__init__(*args, **kwargs)

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        # a fresh dict: the default one is shared module state in urllib3
        self.poolmanager.pool_classes_by_scheme = dict(_POOLS[self.guard])
