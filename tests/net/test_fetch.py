"""The fetcher against real HTTP servers on loopback addresses (never the internet)."""

from __future__ import annotations

import hashlib
import ipaddress
import itertools
import json
import logging
import socket
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest

from claimcheck.config import Settings, default_user_agent
from claimcheck.net import Fetcher, FetchResult, FetchSummary, local_result, netsafety, summarize
from claimcheck.store import Cache
from localserver import ConcurrencyTracker, LocalServer, Reply, Request, html, redirect

MakeServer = Callable[..., LocalServer]
MakeSettings = Callable[..., Settings]


def run(settings: Settings, urls: list[str], **kwargs: object) -> dict[str, FetchResult]:
    with Fetcher(settings, Cache(settings.cache_dir), backoff_base=0.02) as fetcher:
        return fetcher.fetch_all(urls, **kwargs)  # type: ignore[arg-type]


def one(settings: Settings, url: str) -> FetchResult:
    return run(settings, [url])[url]


def sha(data: bytes | str) -> str:
    return hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# -- plain downloads ---------------------------------------------------------------------------


def test_fetches_a_page_and_stores_it(server: LocalServer, settings: Settings) -> None:
    page = "<html><body>Revenue rose 12% to €4.1bn</body></html>"
    url = server.add("/report", Reply(body=page))
    result = one(settings, url)

    assert result.ok and result.error_reason is None
    assert result.status == 200 and result.final_url == url and result.redirects == ()
    assert result.content_type == "text/html" and result.charset == "utf-8"
    assert result.provenance == "fetched" and not result.from_cache and not result.stale
    assert result.read_body() == page.encode()
    assert result.sha256 == sha(page) and result.size == len(page.encode())
    assert result.fetched_at is not None and result.fetched_at.endswith("Z")
    stored = Cache(settings.cache_dir).get(url)
    assert stored is not None and stored.sha256 == result.sha256
    assert result.body_path == stored.body_path


def test_gzip_body_is_stored_decoded(server: LocalServer, settings: Settings) -> None:
    text = "Net income: 1,234 million. " * 200
    url = server.add("/gz", Reply(body=text, gzip=True))
    result = one(settings, url)
    assert result.ok and result.read_body() == text.encode()
    assert server.requests[0].headers["accept-encoding"].startswith("gzip")


def test_redirect_chain_is_followed_and_recorded(
    make_server: MakeServer, settings: Settings
) -> None:
    a = make_server("127.0.0.1")
    b = make_server("127.0.0.2")
    final = b.add("/final", html("arrived"))
    b.add("/hop", redirect("/final", 302))  # relative Location
    start = a.add("/start", redirect(b.url("/hop"), 301))
    result = one(settings, start + "#section")

    assert result.ok and result.read_body().endswith(b"arrived</body></html>")
    assert result.url == start + "#section"
    assert result.redirects == (start, b.url("/hop"))
    assert result.final_url == final
    entry = Cache(settings.cache_dir).get(start)
    assert entry is not None and entry.final_url == final
    assert entry.redirects == (start, b.url("/hop"))


def test_redirect_loop(server: LocalServer, settings: Settings) -> None:
    server.add("/x", redirect("/y"))
    server.add("/y", redirect("/x"))
    result = one(settings, server.url("/x"))
    assert result.error_reason == "redirect_loop" and not result.ok
    assert result.redirects == (server.url("/x"), server.url("/y"))
    assert server.hits["/x"] == 1 and server.hits["/y"] == 1


def test_too_many_redirects(server: LocalServer, make_settings: MakeSettings) -> None:
    for i in range(6):
        server.add(f"/r{i}", redirect(f"/r{i + 1}"))
    server.add("/r6", html("end"))
    result = one(make_settings(max_redirects=3), server.url("/r0"))
    assert result.error_reason == "too_many_redirects"
    assert "3 redirects" in (result.error_detail or "")
    assert server.hits["/r3"] == 1 and server.hits["/r4"] == 0  # stopped right there
    assert one(make_settings(max_redirects=6), server.url("/r0")).ok


# -- failures, retries and the archive -----------------------------------------------------------


def test_404_is_a_failure_value_recorded_and_retried_next_run(
    server: LocalServer, settings: Settings
) -> None:
    url = server.add("/gone", Reply(status=404, body="not here"))
    result = one(settings, url)
    assert not result.ok and result.error_reason == "http_404" and result.status == 404
    assert "404" in (result.error_detail or "")
    assert server.hits["/gone"] == 1  # no retry on a 404
    with pytest.raises(ValueError):
        result.read_body()

    cache = Cache(settings.cache_dir)
    assert cache.get(url) is None  # never served as content
    record = cache.record(url)
    assert record is not None and record.error_reason == "http_404"

    server.add("/gone", html("back again"))
    again = one(settings, url)  # the next online run tries again
    assert again.ok and server.hits["/gone"] == 2


def wayback(snapshots: dict[str, str], stamp: str = "20240101000000") -> Callable[..., Reply]:
    """A stand-in for the Wayback Machine: /web/<ts>id_/<url> redirects to the snapshot."""

    def handle(request: Request) -> Reply:
        asked, _, original = request.path[len("/web/") :].partition("id_/")
        if asked != stamp:
            return redirect(f"/web/{stamp}id_/{original}")
        if original in snapshots:
            return Reply(body=snapshots[original], content_type="text/html; charset=iso-8859-1")
        return Reply(status=404, body="not archived")

    return handle


@pytest.mark.parametrize("status", [403, 404, 410, 451, 429])
def test_gone_or_blocked_page_falls_back_to_the_archive(
    make_server: MakeServer, make_settings: MakeSettings, status: int
) -> None:
    site = make_server("127.0.0.2")
    archive = make_server("127.0.0.3")
    url = site.add("/article", Reply(status=status, headers={"Retry-After": "0"}))
    archive.add_prefix("/web/", wayback({url: "<p>archived: margin 7.5%</p>"}))
    settings = make_settings(use_archive=True, archive_url=archive.url("/web"), retries=1)
    result = one(settings, url)

    assert result.ok and result.provenance == "archived" and not result.from_cache
    assert result.read_body() == b"<p>archived: margin 7.5%</p>"
    assert result.archive_url == archive.url(f"/web/20240101000000id_/{url}")
    assert result.live_error == f"http_{status}" and result.charset == "iso-8859-1"
    assert archive.requests[0].path == f"/web/2id_/{url}"  # Wayback raw mode, newest snapshot

    cache = Cache(settings.cache_dir)
    entry = cache.get(url)  # stored under the original URL
    assert entry is not None and entry.provenance == "archived"
    assert entry.archive_url == result.archive_url
    offline = one(make_settings(offline=True), url)
    assert offline.ok and offline.from_cache and offline.provenance == "archived"
    assert summarize({url: result}) == (
        "1 source: 0 fetched, 0 from cache, 0 revalidated, 1 archived, 0 failed"
    )


def test_archive_without_a_copy_keeps_the_original_error(
    make_server: MakeServer, make_settings: MakeSettings
) -> None:
    site = make_server("127.0.0.2")
    archive = make_server("127.0.0.3")
    url = site.add("/gone", Reply(status=404))
    archive.add_prefix("/web/", wayback({}))
    result = one(make_settings(use_archive=True, archive_url=archive.url("/web")), url)
    assert result.error_reason == "http_404"
    assert "archive" in (result.error_detail or "")


def test_archive_timestamp_and_no_archive_for_server_errors(
    make_server: MakeServer, make_settings: MakeSettings
) -> None:
    site = make_server("127.0.0.2")
    archive = make_server("127.0.0.3")
    gone = site.add("/gone", Reply(status=410))
    broken = site.add("/broken", Reply(status=500))
    archive.add_prefix("/web/", wayback({gone: "old copy"}, stamp="20230115000000"))
    settings = make_settings(use_archive=True, archive_url=archive.url("/web"), retries=0)
    results = run(settings, [gone, broken], archive_timestamps={gone: "20230115"})
    assert results[gone].ok and archive.requests[0].path == f"/web/20230115id_/{gone}"
    assert results[broken].error_reason == "http_500"
    assert len(archive.requests) == 2  # the redirect and the snapshot; nothing for the 500


def test_archive_not_consulted_when_disabled(
    make_server: MakeServer, make_settings: MakeSettings
) -> None:
    site = make_server("127.0.0.2")
    archive = make_server("127.0.0.3")
    url = site.add("/gone", Reply(status=404))
    archive.add_prefix("/web/", wayback({url: "copy"}))
    result = one(make_settings(use_archive=False, archive_url=archive.url("/web")), url)
    assert result.error_reason == "http_404" and archive.requests == []


def test_429_with_retry_after_seconds_then_200(
    server: LocalServer, make_settings: MakeSettings
) -> None:
    url = server.add("/busy", [Reply(status=429, headers={"Retry-After": "1"}), html("ok")])
    started = time.monotonic()
    result = one(make_settings(retry_after_cap=5.0), url)
    elapsed = time.monotonic() - started
    assert result.ok and server.hits["/busy"] == 2
    assert elapsed >= 0.95  # the server's wish was honoured


def test_retry_after_http_date_is_honoured_and_capped(
    server: LocalServer, make_settings: MakeSettings
) -> None:
    later = format_datetime(datetime.now(UTC) + timedelta(hours=1), usegmt=True)
    url = server.add("/busy", [Reply(status=503, headers={"Retry-After": later}), html("ok")])
    started = time.monotonic()
    result = one(make_settings(retry_after_cap=0.6), url)
    elapsed = time.monotonic() - started
    assert result.ok and server.hits["/busy"] == 2
    assert 0.55 <= elapsed < 3  # waited, but only up to retry_after_cap


def test_503_then_200(server: LocalServer, settings: Settings) -> None:
    url = server.add("/flaky", [Reply(status=503), Reply(status=503), html("fine")])
    result = one(settings, url)
    assert result.ok and server.hits["/flaky"] == 3


def test_server_error_gives_up_after_the_retries(
    server: LocalServer, make_settings: MakeSettings
) -> None:
    url = server.add("/down", Reply(status=502))
    result = one(make_settings(retries=2), url)
    assert result.error_reason == "http_502" and server.hits["/down"] == 3
    assert "3 attempts" in (result.error_detail or "")


def test_connection_reset_then_success(server: LocalServer, settings: Settings) -> None:
    url = server.add("/reset", [Reply(reset=True), html("second time lucky")])
    result = one(settings, url)
    assert result.ok and server.hits["/reset"] == 2


def test_reset_in_the_middle_of_the_body_is_retried(
    server: LocalServer, settings: Settings
) -> None:
    body = "x" * 5000
    url = server.add("/cut", [Reply(body=body, truncate=100), Reply(body=body)])
    result = one(settings, url)
    assert result.ok and result.size == 5000 and server.hits["/cut"] == 2


def test_connection_always_reset_is_a_connection_error(
    server: LocalServer, make_settings: MakeSettings
) -> None:
    url = server.add("/reset", Reply(reset=True))
    result = one(make_settings(retries=2), url)
    assert result.error_reason == "connection_error" and server.hits["/reset"] == 3


def test_nothing_listening_is_a_connection_error(make_settings: MakeSettings) -> None:
    result = one(make_settings(retries=1), f"http://127.0.0.1:{free_port()}/")
    assert result.error_reason == "connection_error"


def test_tls_failure(server: LocalServer, settings: Settings) -> None:
    server.add("/", html("plain http"))
    result = one(settings, f"https://127.0.0.1:{server.port}/")
    assert result.error_reason == "tls_error"


def test_dns_failure_is_not_retried(
    monkeypatch: pytest.MonkeyPatch, make_settings: MakeSettings
) -> None:
    real = socket.getaddrinfo
    asked: list[str] = []

    def fake(host: str, *args: object, **kwargs: object) -> object:
        if host == "no-such-host.test":
            asked.append(host)
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", fake)
    for allow in (True, False):
        asked.clear()
        result = one(make_settings(allow_private_hosts=allow), "http://no-such-host.test/")
        assert result.error_reason == "dns_error" and len(asked) == 1


def test_dripping_server_hits_the_overall_deadline(
    server: LocalServer, make_settings: MakeSettings
) -> None:
    # 400 bytes at one byte per 50 ms would take 20 s; every single read is quick
    url = server.add("/drip", Reply(body="y" * 400, drip=0.05))
    started = time.monotonic()
    result = one(make_settings(timeout=1.0, read_timeout=2.0), url)
    elapsed = time.monotonic() - started
    assert result.error_reason == "timeout" and not result.ok
    assert 0.9 <= elapsed < 2.5
    assert server.hits["/drip"] == 1  # a timeout is not retried
    assert not list((Path(make_settings().cache_dir) / "pages").glob("*/.*.tmp"))


def test_silent_server_hits_the_read_timeout(
    server: LocalServer, make_settings: MakeSettings
) -> None:
    url = server.add("/silent", Reply(body="late", delay=4))
    started = time.monotonic()
    result = one(make_settings(read_timeout=0.5), url)
    assert result.error_reason == "timeout" and time.monotonic() - started < 2


@pytest.mark.parametrize(
    "reply",
    [
        Reply(body="z" * 5000),  # Content-Length says it up front
        Reply(body="z" * 5000, chunked=True),
        Reply(body="z" * 5000, no_length=True),
    ],
    ids=["content-length", "chunked", "no-length"],
)
def test_body_over_the_cap_is_too_large(
    server: LocalServer, make_settings: MakeSettings, reply: Reply
) -> None:
    url = server.add("/big", reply)
    result = one(make_settings(max_bytes=1000), url)
    assert result.error_reason == "too_large" and "1,000" in (result.error_detail or "")
    cache = Cache(make_settings().cache_dir)
    assert cache.get(url) is None and not cache.body_path(url).exists()


def test_gzip_bomb_is_capped_on_decoded_bytes(
    server: LocalServer, make_settings: MakeSettings
) -> None:
    bomb = Reply(body=b"\0" * 5_000_000, gzip=True, content_type="text/plain")
    assert len(bomb.payload()) < 100_000  # small on the wire: only decoding reveals it
    url = server.add("/bomb", bomb)
    small = server.add("/small", html("fine"))
    results = run(make_settings(max_bytes=100_000), [url, small])
    assert results[url].error_reason == "too_large"
    assert results[small].ok  # the run goes on


# -- the cache policy ----------------------------------------------------------------------------


def age(settings: Settings, url: str) -> None:
    """Make the stored copy look old."""
    assert Cache(settings.cache_dir).touch(url, fetched_at="2000-01-01T00:00:00Z") is not None


def test_etag_revalidation_keeps_the_body(server: LocalServer, make_settings: MakeSettings) -> None:
    url = server.add("/e", Reply(body="v1 body", headers={"ETag": '"v1"'}))
    first = one(make_settings(), url)
    age(make_settings(), url)
    second = one(make_settings(refresh=True), url)

    sent = server.requests_to("/e")[1].headers
    assert sent["if-none-match"] == '"v1"'
    assert second.ok and second.provenance == "revalidated" and second.from_cache
    assert second.sha256 == first.sha256 and second.read_body() == b"v1 body"
    assert second.fetched_at != "2000-01-01T00:00:00Z"  # confirmed now
    assert summarize([second]).startswith("1 source: 0 fetched, 0 from cache, 1 revalidated")


def test_last_modified_revalidation(server: LocalServer, make_settings: MakeSettings) -> None:
    stamp = "Wed, 21 Oct 2015 07:28:00 GMT"
    url = server.add("/lm", Reply(body="old news", headers={"Last-Modified": stamp}))
    one(make_settings(), url)
    second = one(make_settings(refresh=True), url)
    assert server.requests_to("/lm")[1].headers["if-modified-since"] == stamp
    assert second.provenance == "revalidated" and second.read_body() == b"old news"


def test_fresh_cache_entry_is_served_without_network_and_old_one_revalidated(
    server: LocalServer, make_settings: MakeSettings
) -> None:
    url = server.add("/p", Reply(body="page", headers={"ETag": '"1"'}))
    one(make_settings(), url)
    again = one(make_settings(max_age=3600), url)
    assert again.from_cache and again.provenance == "cached" and server.hits["/p"] == 1
    forever = one(make_settings(max_age=None), url)
    assert forever.from_cache and server.hits["/p"] == 1
    age(make_settings(), url)
    third = one(make_settings(max_age=3600), url)
    assert server.hits["/p"] == 2 and third.provenance == "revalidated"


def test_drift_is_recorded_on_refresh(server: LocalServer, make_settings: MakeSettings) -> None:
    url = server.add("/d", [Reply(body="profit 10%"), Reply(body="profit 11%")])
    first = one(make_settings(), url)
    second = one(make_settings(refresh=True), url)
    assert second.ok and second.changed and second.provenance == "fetched"
    assert second.previous_sha256 == first.sha256 == sha("profit 10%")
    assert second.previous_fetched_at == first.fetched_at
    assert second.read_body() == b"profit 11%"
    meta = json.loads(Cache(make_settings().cache_dir).meta_path(url).read_text())
    assert meta["previous"] == {"sha256": first.sha256, "fetched_at": first.fetched_at}
    assert meta["sha256"] == sha("profit 11%")


def test_same_body_on_refresh_is_not_drift(
    server: LocalServer, make_settings: MakeSettings
) -> None:
    url = server.add("/s", Reply(body="stable"))
    one(make_settings(), url)
    second = one(make_settings(refresh=True), url)
    assert second.ok and not second.changed and second.previous_sha256 is None


def test_failed_refetch_serves_the_good_copy_marked_stale(
    make_server: MakeServer, make_settings: MakeSettings
) -> None:
    site = make_server("127.0.0.2")
    archive = make_server("127.0.0.3")
    archive.add_prefix("/web/", wayback({}))
    url = site.add("/p", [Reply(body="checked once"), Reply(status=404)])
    settings = make_settings(use_archive=True, archive_url=archive.url("/web"), refresh=True)
    first = one(settings, url)
    second = one(settings, url)

    assert second.ok and second.stale and second.from_cache
    assert second.live_error == "http_404" and second.error_reason is None
    assert second.read_body() == b"checked once" and second.fetched_at == first.fetched_at
    assert "refetch failed" in (second.note or "")
    assert archive.requests == []  # our own copy beats the archive's
    entry = Cache(settings.cache_dir).get(url)
    assert entry is not None and entry.fetched_at == first.fetched_at  # still due for a refetch
    assert "1 from cache (1 stale)" in summarize([second])


def test_imported_pages_are_never_refetched(
    server: LocalServer, make_settings: MakeSettings, tmp_path: Path
) -> None:
    url = server.add("/walled", html("bot wall, please enable javascript"))
    saved = tmp_path / "saved.html"
    saved.write_text("<p>the real article: 42%</p>")
    Cache(make_settings().cache_dir).import_file(url, saved)
    result = one(make_settings(refresh=True), url)
    assert result.ok and result.provenance == "imported" and result.from_cache
    assert result.read_body() == b"<p>the real article: 42%</p>" and server.hits["/walled"] == 0


def test_offline_serves_the_cache_and_nothing_else(
    server: LocalServer, make_settings: MakeSettings
) -> None:
    cached = server.add("/c", html("cached"))
    missing = server.add("/m", html("never fetched"))
    failed = server.add("/f", Reply(status=404))
    run(make_settings(), [cached, failed])
    results = run(make_settings(offline=True, refresh=True), [cached, missing, failed])

    assert results[cached].ok and results[cached].from_cache
    assert results[cached].provenance == "cached"
    assert results[missing].error_reason == "not_cached"
    assert results[failed].error_reason == "not_cached"
    assert "404" in (results[failed].error_detail or "")  # the last attempt, for the report
    assert server.hits == {"/c": 1, "/f": 1}  # nothing new was asked


@pytest.mark.parametrize("damage", ["garbage-json", "body-mismatch", "temp-file-only"])
def test_corrupt_cache_entry_is_treated_as_missing(
    server: LocalServer,
    make_settings: MakeSettings,
    caplog: pytest.LogCaptureFixture,
    damage: str,
) -> None:
    url = server.add("/p", html("the page"))
    cache = Cache(make_settings().cache_dir)
    if damage == "temp-file-only":
        body = cache.body_path(url)
        body.parent.mkdir(parents=True)
        body.with_name(f".{body.name}.999.0badf00d.tmp").write_bytes(b"<html>half")
    else:
        one(make_settings(), url)
        if damage == "garbage-json":
            cache.meta_path(url).write_bytes(b"\x00\x17garbage{")
        else:
            cache.body_path(url).write_bytes(b"<html>tampered</html>")

    with caplog.at_level(logging.WARNING, logger="claimcheck"):
        offline = one(make_settings(offline=True), url)
        online = one(make_settings(), url)
    assert offline.error_reason == "not_cached"
    assert (
        online.ok
        and online.provenance == "fetched"
        and online.read_body().endswith(b"the page</body></html>")
    )
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == (0 if damage == "temp-file-only" else 2)  # once per Cache object
    assert cache.get(url) is not None


# -- address safety ------------------------------------------------------------------------------


@pytest.fixture
def pretend_public(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    """Treat some loopback test hosts as public addresses, so that redirects away from them
    can be tested with the private-address guard on."""
    real = netsafety.is_public_address
    public: set[ipaddress.IPv4Address | ipaddress.IPv6Address] = set()
    monkeypatch.setattr(netsafety, "is_public_address", lambda ip: ip in public or real(ip))
    return lambda address: public.add(ipaddress.ip_address(address))


@pytest.mark.parametrize(
    "host",
    ["127.0.0.1", "localhost", "2130706433", "0.0.0.0", "[::ffff:127.0.0.1]", "[::1]"],
)
def test_private_addresses_are_refused(
    server: LocalServer, make_settings: MakeSettings, host: str
) -> None:
    server.add("/", html("internal"))
    result = one(make_settings(allow_private_hosts=False), f"http://{host}:{server.port}/")
    assert result.error_reason == "blocked_address" and not result.ok
    assert "allow_private_hosts" in (result.error_detail or "")
    assert server.hits["/"] == 0


@pytest.mark.parametrize(
    "target",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/admin",
        "http://[::ffff:10.0.0.1]/",
        "https://192.168.1.1:8443/",
    ],
)
def test_redirect_to_a_private_address_is_refused_before_connecting(
    make_server: MakeServer,
    make_settings: MakeSettings,
    pretend_public: Callable[[str], None],
    loopback_only: list[object],
    target: str,
) -> None:
    pretend_public("127.0.0.2")
    site = make_server("127.0.0.2")
    url = site.add("/start", redirect(target))
    result = one(make_settings(allow_private_hosts=False), url)
    assert result.error_reason == "blocked_address"
    assert result.redirects == (url,)
    assert loopback_only == []  # not even a connection attempt went out


def test_public_looking_name_resolving_to_a_private_address_is_refused(
    monkeypatch: pytest.MonkeyPatch, make_settings: MakeSettings, loopback_only: list[object]
) -> None:
    real = socket.getaddrinfo
    answers = {
        "intranet.example": ["10.1.2.3"],
        "mixed.example": ["93.184.216.34", "192.168.0.7"],  # one bad address is enough
    }

    def fake(host: str, port: object, *args: object, **kwargs: object) -> object:
        if host in answers:
            return [
                (socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))
                for address in answers[host]
            ]
        return real(host, port, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", fake)
    for name in answers:
        result = one(make_settings(allow_private_hosts=False), f"http://{name}/page")
        assert result.error_reason == "blocked_address", name
    assert loopback_only == []


def test_dns_rebinding_is_caught_at_connect_time(
    monkeypatch: pytest.MonkeyPatch,
    make_server: MakeServer,
    make_settings: MakeSettings,
    pretend_public: Callable[[str], None],
) -> None:
    pretend_public("127.0.0.2")
    victim = make_server("127.0.0.1")
    victim.add("/secret", html("internal"))
    real = socket.getaddrinfo
    lookups: list[str] = []

    def rebinding(host: str, port: object, *args: object, **kwargs: object) -> object:
        if host == "rebind.test":  # public on the first answer, internal on the second
            lookups.append(host)
            host = "127.0.0.2" if len(lookups) == 1 else "127.0.0.1"
        return real(host, port, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    url = f"http://rebind.test:{victim.port}/secret"
    result = one(make_settings(allow_private_hosts=False, retries=0), url)
    assert result.error_reason == "blocked_address"
    assert len(lookups) == 2 and victim.hits["/secret"] == 0


def test_archive_redirects_get_the_same_checks(
    make_server: MakeServer, make_settings: MakeSettings, pretend_public: Callable[[str], None]
) -> None:
    pretend_public("127.0.0.2")
    pretend_public("127.0.0.3")
    site = make_server("127.0.0.2")
    archive = make_server("127.0.0.3")
    url = site.add("/gone", Reply(status=404))
    archive.add_prefix("/web/", redirect("http://10.0.0.1/snapshot"))
    settings = make_settings(
        allow_private_hosts=False, use_archive=True, archive_url=archive.url("/web")
    )
    result = one(settings, url)
    assert result.error_reason == "http_404" and "10.0.0.1" in (result.error_detail or "")


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("ftp://example.org/report.pdf", "unsupported_scheme"),
        ("file:///etc/passwd", "unsupported_scheme"),
        ("example.org/page", "unsupported_scheme"),
        ("javascript:alert(1)", "unsupported_scheme"),
        ("http://", "invalid_url"),
        ("http://example.org:99999/", "invalid_url"),
    ],
)
def test_unfetchable_urls(settings: Settings, url: str, reason: str) -> None:
    result = one(settings, url)
    assert result.error_reason == reason and result.error_detail


def test_redirect_to_another_scheme_is_refused(server: LocalServer, settings: Settings) -> None:
    url = server.add("/r", redirect("file:///etc/passwd"))
    result = one(settings, url)
    assert result.error_reason == "unsupported_scheme" and result.redirects == (url,)


# -- concurrency and politeness ------------------------------------------------------------------


def test_per_host_cap_is_respected(make_server: MakeServer, make_settings: MakeSettings) -> None:
    site = make_server("127.0.0.2")
    site.add_prefix("/p/", Reply(body="x", delay=0.15))
    urls = [site.url(f"/p/{i}") for i in range(12)]
    results = run(make_settings(jobs=10, per_host=3), urls)
    assert all(r.ok for r in results.values())
    assert site.max_concurrent == 3


def test_hosts_are_fetched_in_parallel_within_the_overall_cap(
    make_server: MakeServer, make_settings: MakeSettings
) -> None:
    everywhere = ConcurrencyTracker()
    sites = [make_server(f"127.0.0.{i}", shared=everywhere) for i in range(2, 6)]
    for site in sites:
        site.add_prefix("/p/", Reply(body="x", delay=0.25))
    # grouped by host: the worst order for a naive worker pool
    urls = [site.url(f"/p/{i}") for site in sites for i in range(3)]
    results = run(make_settings(jobs=6, per_host=2), urls)
    assert all(r.ok for r in results.values())
    assert all(site.max_concurrent <= 2 for site in sites)
    assert 4 <= everywhere.max_concurrent <= 6  # several hosts at once, never more than jobs


def test_host_delay_spaces_request_starts(server: LocalServer, make_settings: MakeSettings) -> None:
    server.add_prefix("/p/", Reply(body="x"))
    run(make_settings(host_delay=0.2, per_host=4), [server.url(f"/p/{i}") for i in range(3)])
    starts = sorted(r.received for r in server.requests)
    assert len(starts) == 3
    assert all(later - earlier >= 0.18 for earlier, later in itertools.pairwise(starts))


def test_user_agent_default_and_per_host_override(
    make_server: MakeServer, make_settings: MakeSettings
) -> None:
    plain = make_server("127.0.0.2")
    picky = make_server("127.0.0.3")
    urls = [plain.add("/", html("a")), picky.add("/", html("b"))]
    settings = make_settings(
        user_agent=default_user_agent(), user_agents={"127.0.0.3": "Mozilla/5.0 (compatible)"}
    )
    run(settings, urls)
    assert plain.requests[0].headers["user-agent"] == default_user_agent()
    assert default_user_agent().startswith("claimcheck/")
    assert picky.requests[0].headers["user-agent"] == "Mozilla/5.0 (compatible)"


def test_every_distinct_url_is_fetched_once(
    server: LocalServer, make_settings: MakeSettings
) -> None:
    settings = make_settings(refresh=True)
    a = server.add("/a", html("a"))
    b = server.add("/b", html("b"))
    seen: list[tuple[str, int]] = []
    fetcher = Fetcher(
        settings, Cache(settings.cache_dir), lambda r: seen.append((r.url, threading.get_ident()))
    )
    with fetcher:
        results = fetcher.fetch_all([a, b, a, a + "#fig-2", b])
        again = fetcher.fetch_all([a])  # same run: no second download, even with refresh
    assert server.hits == {"/a": 1, "/b": 1}
    assert list(results) == [a, b, a + "#fig-2"]
    assert results[a + "#fig-2"].url == a + "#fig-2"
    assert results[a + "#fig-2"].sha256 == results[a].sha256
    assert again[a] == results[a]
    assert sorted(u for u, _ in seen) == sorted([a, b, a + "#fig-2", a])
    assert {ident for _, ident in seen} == {threading.get_ident()}  # progress on our thread


def test_two_processes_share_one_cache(
    make_server: MakeServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    site = make_server("127.0.0.2")

    def page(request: Request) -> Reply:
        # every answer differs, so the two writers really race with different bodies
        return Reply(body=f"{request.route} answer {request.hit} ".ljust(30_000, "."), delay=0.005)

    site.add_prefix("/p/", page)
    urls = [site.url(f"/p/{i}") for i in range(20)]
    root = tmp_path / "shared-cache"
    script = textwrap.dedent(
        """
        import json, sys
        from pathlib import Path
        from claimcheck.store import Cache
        from claimcheck.config import Settings
        from claimcheck.net import Fetcher
        urls, root = json.loads(sys.argv[1]), Path(sys.argv[2])
        settings = Settings(cache_dir=root, allow_private_hosts=True, host_delay=0,
                            retries=1, use_archive=False, refresh=True, jobs=8, per_host=8)
        ok = 0
        for _ in range(3):
            with Fetcher(settings, Cache(root)) as fetcher:
                ok += sum(r.ok for r in fetcher.fetch_all(urls).values())
        print(ok)
        """
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script, json.dumps(urls), str(root)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=60) for p in procs]
    for proc, (out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
        assert out.strip() == "60", err
        assert "cache entry ignored" not in err
    assert site.hits.total() == 120

    cache = Cache(root)
    with caplog.at_level(logging.WARNING, logger="claimcheck"):
        for i, url in enumerate(urls):
            entry = cache.get(url)
            assert entry is not None, url
            assert entry.read_body().startswith(f"/p/{i} answer ".encode())
        assert len(list(cache.list_entries())) == 20
    assert not caplog.records
    assert not list(root.rglob("*.tmp"))


# -- local files and summaries -------------------------------------------------------------------


def test_local_result(tmp_path: Path) -> None:
    page = tmp_path / "annual report.pdf"
    page.write_bytes(b"%PDF-1.7 revenue 12%")
    result = local_result(page)
    assert result.ok and result.provenance == "local" and result.url == f"path:{page}"
    assert result.content_type == "application/pdf"
    assert result.sha256 == sha(b"%PDF-1.7 revenue 12%") and result.size == 20
    assert result.read_body() == b"%PDF-1.7 revenue 12%"
    assert local_result(page, url="path:reports/annual.pdf").url == "path:reports/annual.pdf"

    missing = local_result(tmp_path / "nope.html")
    assert not missing.ok and missing.error_reason == "file_error"
    assert "does not exist" in (missing.error_detail or "")
    assert local_result(tmp_path).error_reason == "file_error"


def test_summary_line() -> None:
    def ok(**kw: object) -> FetchResult:
        return FetchResult(url="u", body_path=Path("b"), **kw)  # type: ignore[arg-type]

    results = (
        [ok() for _ in range(8)]
        + [ok(from_cache=True, provenance="cached") for _ in range(3)]
        + [FetchResult(url="x", error_reason="http_404")]
    )
    assert summarize(results) == (
        "12 sources: 8 fetched, 3 from cache, 0 revalidated, 0 archived, 1 failed (http_404: 1)"
    )
    mixed = [
        ok(provenance="local"),
        ok(from_cache=True, stale=True, live_error="timeout"),
        FetchResult(url="a", error_reason="timeout"),
        FetchResult(url="b", error_reason="timeout"),
        FetchResult(url="c", error_reason="dns_error"),
    ]
    summary = FetchSummary.of(mixed)
    assert summary.failed == 3 and summary.local == 1 and summary.stale == 1
    assert str(summary) == (
        "5 sources: 0 fetched, 1 from cache (1 stale), 0 revalidated, 0 archived, 1 local, "
        "3 failed (timeout: 2, dns_error: 1)"
    )
    empty = "0 sources: 0 fetched, 0 from cache, 0 revalidated, 0 archived, 0 failed"
    assert summarize({}) == empty


def test_result_to_dict_is_json_ready(server: LocalServer, settings: Settings) -> None:
    url = server.add("/j", html("json"))
    data = one(settings, url).to_dict()
    assert json.loads(json.dumps(data))["ok"] is True
    assert data["redirects"] == [] and isinstance(data["body_path"], str)


@pytest.fixture(autouse=True)
def _no_leftover_threads() -> Iterator[None]:
    before = {t.ident for t in threading.enumerate()}
    yield
    leftovers = [
        t
        for t in threading.enumerate()
        if t.ident not in before and t.name.startswith("claimcheck-fetch")
    ]
    assert not leftovers, "fetch workers outlived fetch_all"
