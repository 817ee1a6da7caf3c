"""One wall-clock deadline per download, whatever the server does (real servers on loopback).

Bounds on elapsed time are generous (a loaded CI box must not fail them); the exact figures are
measured by ``bench/deadline_bench.py``.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from claimcheck.config import Settings
from claimcheck.net import Fetcher, FetchResult
from claimcheck.net.deadline import Deadline, Stop, StopReason
from claimcheck.store import Cache
from localserver import LocalServer, Reply, html

MakeSettings = Callable[..., Settings]
# the deadline under test, and how much later than it a download may end on a busy machine
DEADLINE = 0.5
SLACK = 2.0


def timed(settings: Settings, url: str) -> tuple[FetchResult, float]:
    started = time.monotonic()
    with Fetcher(settings, Cache(settings.cache_dir), backoff_base=0.02) as fetcher:
        result = fetcher.fetch(url)
    return result, time.monotonic() - started


def quick(make_settings: MakeSettings, **changes: object) -> Settings:
    # per-operation timeouts far above the deadline: only the deadline can end these downloads
    return make_settings(timeout=DEADLINE, connect_timeout=20.0, read_timeout=20.0, **changes)


def no_temp_files(settings: Settings) -> bool:
    return not list(Path(settings.cache_dir).rglob("*.tmp"))


@pytest.mark.parametrize(
    "reply",
    [
        # 300 header bytes at 0.1 s each: every read is quick, the response takes 30 s
        Reply(body="late", headers={"X-Pad": "p" * 250}, header_drip=0.1),
        # the status line and half a header, then nothing
        Reply(body="late", header_bytes=30),
        # accepts the connection, reads the request, never answers
        Reply(body="late", delay=60),
        # headers at once, then the body one byte per 50 ms (2,000 bytes: 100 s)
        Reply(body="b" * 2000, drip=0.05),
        # the same without a length: a cut body must not pass for the whole of it
        Reply(body="b" * 2000, drip=0.05, no_length=True),
    ],
    ids=["drip-headers", "partial-headers", "never-answers", "drip-body", "drip-body-no-length"],
)
def test_the_deadline_holds_however_the_server_behaves(
    server: LocalServer, make_settings: MakeSettings, reply: Reply
) -> None:
    url = server.add("/slow", reply)
    settings = quick(make_settings)
    result, elapsed = timed(settings, url)
    assert result.error_reason == "timeout" and not result.ok
    assert result.error_detail == "no complete response within 0.5 s (--timeout)"
    assert DEADLINE * 0.9 <= elapsed < DEADLINE + SLACK
    assert server.hits["/slow"] == 1  # a timeout is not retried
    assert Cache(settings.cache_dir).get(url) is None
    assert no_temp_files(settings)


def test_a_redirect_chain_shares_one_deadline(
    server: LocalServer, make_settings: MakeSettings
) -> None:
    # every hop is well within the deadline; the chain is not
    for n in range(6):
        hop = Reply(status=302, headers={"Location": f"/hop{n + 1}"}, content_type=None, delay=0.15)
        server.add(f"/hop{n}", hop)
    server.add("/hop6", html("arrived"))
    result, elapsed = timed(quick(make_settings), server.url("/hop0"))
    assert result.error_reason == "timeout" and elapsed < DEADLINE + SLACK
    assert 2 <= len(result.redirects) <= 4


def test_a_retry_that_cannot_fit_in_the_deadline_is_not_started(
    server: LocalServer, make_settings: MakeSettings
) -> None:
    url = server.add("/busy", [Reply(status=503, headers={"Retry-After": "5"}), html("ok")])
    result, elapsed = timed(quick(make_settings, retry_after_cap=30.0), url)
    assert result.error_reason == "http_503" and server.hits["/busy"] == 1
    detail = result.error_detail or ""
    assert "no time left for another attempt within 0.5 s (--timeout)" in detail
    assert elapsed < DEADLINE * 0.8  # it gave up at once instead of sleeping past the deadline


def test_retries_that_fit_in_the_deadline_still_happen(
    server: LocalServer, make_settings: MakeSettings
) -> None:
    url = server.add("/flaky", [Reply(status=503), Reply(status=503), html("fine")])
    result, _ = timed(quick(make_settings), url)
    assert result.ok and server.hits["/flaky"] == 3


@pytest.mark.parametrize("allow_private", [True, False])
def test_a_dns_lookup_that_never_returns_is_cut_at_the_deadline(
    monkeypatch: pytest.MonkeyPatch, make_settings: MakeSettings, allow_private: bool
) -> None:
    # no resolver can be made to hang on a test box, so the system call itself is slowed down:
    # the lookup runs the real code path and simply never comes back in time
    real = socket.getaddrinfo
    release = threading.Event()

    def hanging(host: str, *args: object, **kwargs: object) -> object:
        if host == "slow-dns.test":
            release.wait(30)
            raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")
        return real(host, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", hanging)
    try:
        settings = quick(make_settings, allow_private_hosts=allow_private, retries=0)
        result, elapsed = timed(settings, "http://slow-dns.test/page")
    finally:
        release.set()
    assert result.error_reason == "timeout" and elapsed < DEADLINE + SLACK


def test_kept_alive_connections_answer_to_the_deadline_of_their_current_download(
    server: LocalServer, make_settings: MakeSettings
) -> None:
    server.add("/a", html("first"))
    server.add("/b", html("second"))
    server.add("/slow", html("late", delay=60))
    settings = quick(make_settings, jobs=1, per_host=1)
    with Fetcher(settings, Cache(settings.cache_dir)) as fetcher:
        assert fetcher.fetch(server.url("/a")).ok
        time.sleep(DEADLINE * 1.3)  # the first deadline passes while the connection idles
        assert fetcher.fetch(server.url("/b")).ok
        started = time.monotonic()
        slow = fetcher.fetch(server.url("/slow"))  # on the same connection, under its own deadline
    assert slow.error_reason == "timeout" and time.monotonic() - started < DEADLINE + SLACK


def test_interrupt_stops_downloads_in_flight_at_once(
    server: LocalServer, make_settings: MakeSettings
) -> None:
    server.add("/fast", html("done"))
    stalls = [server.add(f"/stall{n}", Reply(body="x", header_bytes=20)) for n in range(3)]
    settings = make_settings(timeout=60.0, read_timeout=60.0)
    fetcher = Fetcher(settings, Cache(settings.cache_dir))
    results: dict[str, FetchResult] = {}
    worker = threading.Thread(
        target=lambda: results.update(fetcher.fetch_all([server.url("/fast"), *stalls]))
    )
    worker.start()
    time.sleep(0.5)
    started = time.monotonic()
    fetcher.interrupt()
    worker.join(10)
    fetcher.close()
    assert time.monotonic() - started < SLACK
    assert results[server.url("/fast")].ok
    assert {results[u].error_reason for u in stalls} == {"interrupted"}
    cache = Cache(settings.cache_dir)
    assert all(cache.record(u) is None for u in stalls)  # not recorded as failures either
    assert no_temp_files(settings)


def test_a_deadline_fired_by_stop_cuts_an_attached_socket() -> None:
    left, right = socket.socketpair()
    stop = Stop()
    got: list[bytes] = []
    with Deadline(60.0, stop) as deadline:
        deadline.attach(left)
        reader = threading.Thread(target=lambda: got.append(left.recv(10)))
        reader.start()
        time.sleep(0.1)
        stop.set()
        reader.join(SLACK)
    assert not reader.is_alive() and got == [b""]
    assert deadline.fired is StopReason.INTERRUPTED
    left.close()
    right.close()
