"""What each URL needs before anything touches the network: a cached copy served as it is, a
result that is already final (a malformed URL, offline and not cached), or a download (with the
stored entry to revalidate, if any). Also the FetchResult of a stored entry, and of a download
the run interrupted.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from claimcheck.config import Settings
from claimcheck.model.vocab import Reason
from claimcheck.net.attempt import url_problem
from claimcheck.net.fetched import FetchResult, Provenance
from claimcheck.store import CacheEntry, PageStore


@dataclass(frozen=True)
class Download:
    """The URL must be downloaded; ``entry`` is the stored page to revalidate, if any."""

    entry: CacheEntry | None


def plan(url: str, settings: Settings, cache: PageStore) -> FetchResult | Download:
    problem = url_problem(url)
    if problem is not None:
        return FetchResult(url=url, error_reason=problem[0], error_detail=problem[1])
    entry = cache.get(url)
    if settings.offline:
        if entry is not None:
            return from_entry(url, entry)
        return _not_cached(url, cache)
    if entry is not None and (entry.provenance == "imported" or not _expired(entry, settings)):
        # pages imported by hand are never refetched (a bot wall answering 200 would replace them)
        return from_entry(url, entry)
    return Download(entry)


def _expired(entry: CacheEntry, settings: Settings) -> bool:
    if settings.refresh:
        return True
    if settings.max_age is None:
        return False
    age = entry.age_seconds()
    return age is None or age > settings.max_age


def _not_cached(url: str, cache: PageStore) -> FetchResult:
    detail = "offline, and the page is not in the cache"
    failure = cache.record(url)
    if failure is not None and failure.error_reason is not None:
        detail += (
            f"; the last online attempt ({failure.fetched_at}) failed: "
            f"{failure.error_detail or failure.error_reason}"
        )
    return FetchResult(
        url=url, provenance="cached", error_reason=Reason.NOT_CACHED, error_detail=detail
    )


def from_entry(url: str, entry: CacheEntry, **changes: Any) -> FetchResult:
    """The result of serving the stored ``entry`` for ``url`` (``changes`` on top)."""
    provenance: Provenance = "cached"
    if entry.provenance in ("imported", "archived"):
        provenance = entry.provenance
    result = FetchResult(
        url=url,
        final_url=entry.final_url,
        status=entry.status,
        content_type=entry.content_type,
        charset=entry.charset,
        sha256=entry.sha256,
        size=entry.size,
        fetched_at=entry.fetched_at,
        from_cache=True,
        provenance=provenance,
        archive_url=entry.archive_url,
        redirects=entry.redirects,
        previous_sha256=entry.previous_sha256,
        previous_fetched_at=entry.previous_fetched_at,
        body_path=entry.body_path,
        body_url=entry.body_url,
    )
    return replace(result, **changes) if changes else result


def interrupted(url: str) -> FetchResult:
    # never recorded in the cache: the next run fetches the page as if this one never began
    return FetchResult(
        url=url,
        error_reason=Reason.INTERRUPTED,
        error_detail="the run was interrupted before this download finished",
    )
