"""Pages that stand in for the source -- bot walls, challenge pages -- are errors, not pages.

Like every error they are never cached as content and are asked for again on the next online
run (lychee's rule: the cache never stores errors); a good copy already held is kept and served
as stale. A 403 or 503 that is a known bot check says ``blocked`` and how to get past it.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from claimcheck.config import Settings
from claimcheck.net import Fetcher, FetchResult
from claimcheck.store import Cache
from localserver import LocalServer, Reply, html

WALL = (
    Path(__file__).parents[1] / "fixtures" / "extract" / "challenge_cloudflare.html"
).read_bytes()
PAGE = "<p>Harbor Cloud revenue grew 18% to 12.3 billion yuan in the June quarter.</p>"


def fetch(settings: Settings, url: str) -> FetchResult:
    with Fetcher(settings, Cache(settings.cache_dir), backoff_base=0.02) as fetcher:
        return fetcher.fetch(url)


def test_a_bot_wall_answering_200_is_not_cached_and_is_retried(
    server: LocalServer, settings: Settings
) -> None:
    url = server.add("/r", [Reply(body=WALL), html(PAGE)])
    first = fetch(settings, url)
    assert (first.ok, first.error_reason, first.status) == (False, "blocked", 200)
    assert "bot check by Cloudflare" in (first.error_detail or "")
    assert f"claimcheck cache import {url} FILE" in (first.error_detail or "")
    cache = Cache(settings.cache_dir)
    assert cache.get(url) is None  # never served as the page
    record = cache.record(url)
    assert record is not None and record.error_reason == "blocked"
    assert not list(Path(settings.cache_dir).rglob("*.body"))  # no body kept for it

    second = fetch(settings, url)  # the next run asks again, like after any error
    assert second.ok and server.hits["/r"] == 2
    assert cache.get(url) is not None


def test_a_bot_wall_on_refetch_keeps_the_good_copy(server: LocalServer, settings: Settings) -> None:
    url = server.add("/r", [html(PAGE), Reply(body=WALL)])
    assert fetch(settings, url).ok
    again = fetch(replace(settings, refresh=True), url)
    assert again.ok and again.stale and again.live_error == "blocked"
    assert PAGE.encode() in again.read_body()  # the wall did not replace the page


def test_a_403_bot_check_says_blocked_and_how_to_get_past_it(
    server: LocalServer, settings: Settings
) -> None:
    url = server.add("/walled", Reply(status=403, body=WALL))
    result = fetch(settings, url)
    assert (result.error_reason, result.status) == ("blocked", 403)
    detail = result.error_detail or ""
    assert detail.startswith("the server answered HTTP 403: the page is a bot check by Cloudflare")
    assert f"claimcheck cache import {url} FILE" in detail


def test_a_plain_403_stays_http_403(server: LocalServer, settings: Settings) -> None:
    url = server.add("/private", Reply(status=403, body="<html><body>Staff only.</body></html>"))
    assert fetch(settings, url).error_reason == "http_403"


def test_a_small_real_page_is_cached_as_usual(server: LocalServer, settings: Settings) -> None:
    url = server.add("/brief", html(PAGE))
    assert fetch(settings, url).ok and Cache(settings.cache_dir).get(url) is not None
