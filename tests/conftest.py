"""Shared fixtures: local HTTP servers, quick settings, and a guard that keeps tests on loopback.

Every test runs under ``loopback_only``: an attempt to connect a socket anywhere but
127.0.0.0/8 or ::1 is refused and fails the test, so no test can reach the internet (or a
private network) even by mistake. Proxy variables are cleared for the same reason.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from claimcheck.config import Settings
from claimcheck.store import Cache
from localserver import ConcurrencyTracker, LocalServer

pytest.register_assert_rewrite("archive")  # its helpers assert, and should say what differs

_PROXY_VARS = ("http_proxy", "https_proxy", "all_proxy", "no_proxy")


def _is_loopback(address: Any) -> bool:
    host = address[0] if isinstance(address, tuple) else address
    if not isinstance(host, str):
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.split("%", 1)[0]).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """Refuse (and record) socket connections to anything but loopback; see module docstring."""
    attempts: list[Any] = []
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def guarded(sock: socket.socket, address: Any, real: Callable[..., Any]) -> Any:
        if sock.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address):
            attempts.append(address)
            raise ConnectionRefusedError(f"test guard: no connections outside loopback ({address})")
        return real(sock, address)

    monkeypatch.setattr(socket.socket, "connect", lambda s, a: guarded(s, a, real_connect))
    monkeypatch.setattr(socket.socket, "connect_ex", lambda s, a: guarded(s, a, real_connect_ex))
    for name in _PROXY_VARS:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    yield attempts
    assert not attempts, f"tests tried to connect outside loopback: {attempts}"


@pytest.fixture
def make_server() -> Iterator[Callable[..., LocalServer]]:
    """Factory: ``make_server(host="127.0.0.2")`` starts a LocalServer, stopped after the test.

    ``shared=ConcurrencyTracker()`` counts requests in flight across several servers.
    """
    started: list[LocalServer] = []

    def make(
        host: str = "127.0.0.1", port: int = 0, shared: ConcurrencyTracker | None = None
    ) -> LocalServer:
        server = LocalServer(host, port, shared).start()
        started.append(server)
        return server

    yield make
    for server in started:
        server.stop()


@pytest.fixture
def server(make_server: Callable[..., LocalServer]) -> LocalServer:
    """A LocalServer on 127.0.0.1 with no routes yet (``server.add(path, Reply(...))``)."""
    return make_server()


@pytest.fixture
def cache_dir(tmp_path: Path) -> Path:
    return tmp_path / "cache"


@pytest.fixture
def cache(cache_dir: Path) -> Cache:
    return Cache(cache_dir)


@pytest.fixture
def settings(cache_dir: Path) -> Settings:
    """Quick settings for tests: short timeouts, no politeness delay, loopback allowed (every
    test server is on loopback), no archive unless a test asks for one."""
    return Settings(
        cache_dir=cache_dir,
        user_agent="claimcheck-tests/1.0",
        connect_timeout=2.0,
        read_timeout=2.0,
        timeout=5.0,
        retries=2,
        retry_after_cap=1.0,
        jobs=8,
        per_host=4,
        host_delay=0.0,
        allow_private_hosts=True,
        use_archive=False,
    )


@pytest.fixture
def make_settings(settings: Settings) -> Callable[..., Settings]:
    """``make_settings(retries=0, offline=True)``: the test settings with changes."""

    def make(**changes: Any) -> Settings:
        return replace(settings, **changes)

    return make
