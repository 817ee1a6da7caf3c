"""Committing a download to the cache: the body moved into place with what the response said
(final URL, redirects, validators, media type), and the FetchResult that says what happened
(fetched, changed since the copy before, archived). A cache that cannot be written is a result
(``cache_error``), never an exception.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TypeVar

from claimcheck.extract.sniff import media_and_charset
from claimcheck.model.vocab import Reason
from claimcheck.net.fetched import FetchResult, Provenance
from claimcheck.net.outcome import Outcome
from claimcheck.net.plan import from_entry
from claimcheck.store import CacheEntry, PageInfo, PageStore

T = TypeVar("T")


def guarded(url: str, write: Callable[[], T]) -> T | FetchResult:
    """``write()``, or the ``cache_error`` result of ``url`` when the cache cannot be written."""
    try:
        return write()
    except OSError as exc:
        return FetchResult(
            url=url, error_reason=Reason.CACHE_ERROR, error_detail=f"cannot write the cache: {exc}"
        )


def commit(
    cache: PageStore, url: str, outcome: Outcome, entry: CacheEntry | None, info: PageInfo
) -> FetchResult:
    """Store the body ``outcome`` holds as ``url``; ``entry`` is the copy it replaces."""
    assert outcome.pending is not None
    media, charset = media_and_charset(outcome.headers.get("content-type"))
    if info.provenance == "fetched":
        info = replace(
            info,
            final_url=outcome.final_url,
            redirects=outcome.redirects,
            etag=outcome.headers.get("etag"),
            last_modified=outcome.headers.get("last-modified"),
        )
    info = replace(info, status=outcome.status, content_type=media, charset=charset)
    pending = outcome.pending
    with pending:
        stored = guarded(url, lambda: cache.commit(pending, info))
    if isinstance(stored, FetchResult):
        return stored
    changed = entry is not None and entry.sha256 != stored.sha256
    provenance: Provenance = "archived" if info.provenance == "archived" else "fetched"
    return from_entry(url, stored, from_cache=False, provenance=provenance, changed=changed)
