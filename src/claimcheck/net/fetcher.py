"""The fetcher: every cited URL once, into the cache, as a :class:`FetchResult` (see the policy
in :mod:`claimcheck.net`). It plans each URL (:mod:`.plan`), downloads what must be downloaded
host by host (:mod:`.schedule`, :mod:`.attempt`), commits bodies (:mod:`.keep`), falls back on the
web archive (:mod:`.archive`) and records failures.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace

from claimcheck.config import Settings
from claimcheck.model.vocab import Reason
from claimcheck.net.archive import from_archive, worth_asking
from claimcheck.net.attempt import BACKOFF_BASE, Client
from claimcheck.net.deadline import Stop
from claimcheck.net.fetched import FetchResult
from claimcheck.net.httpfaults import host_of
from claimcheck.net.keep import commit, guarded
from claimcheck.net.outcome import Outcome, Validators
from claimcheck.net.plan import from_entry, interrupted, plan
from claimcheck.net.schedule import Queues, run_by_host
from claimcheck.store import CacheEntry, PageInfo, PageStore, page_url, utc_now

log = logging.getLogger("claimcheck")


class Fetcher:
    """Fetch sources into the cache; one instance is one run (each URL is fetched once).

    ``progress`` is called with each result, from the thread that called :meth:`fetch_all`.
    """

    def __init__(
        self,
        settings: Settings,
        cache: PageStore,
        progress: Callable[[FetchResult], None] | None = None,
        *,
        backoff_base: float = BACKOFF_BASE,
    ) -> None:
        self.settings = settings
        self.cache = cache
        self.progress = progress
        self._stop = Stop()
        self.client = Client(settings, cache, self._stop, backoff_base)
        self._done: dict[str, FetchResult] = {}

    def close(self) -> None:
        self.client.close()

    def interrupt(self) -> None:
        """Stop every download in flight, and any later one, within a moment (thread-safe)."""
        self._stop.set()

    @property
    def interrupted(self) -> bool:
        return self._stop.is_set()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def fetch(self, url: str, archive_timestamp: str | None = None) -> FetchResult:
        stamps = {url: archive_timestamp} if archive_timestamp else None
        return self.fetch_all([url], archive_timestamps=stamps)[url]

    def fetch_all(
        self, urls: Iterable[str], *, archive_timestamps: Mapping[str, str] | None = None
    ) -> dict[str, FetchResult]:
        """Fetch every distinct URL once; the result maps each given URL to its result.

        URLs differing only in their #fragment share one download. ``archive_timestamps``
        (URL -> Wayback timestamp such as "20230115") picks the archive snapshot nearest to the
        date a source was cited; the default is the newest.
        """
        inputs = list(dict.fromkeys(urls))
        by_key: dict[str, list[str]] = {}
        for url in inputs:
            by_key.setdefault(page_url(url), []).append(url)
        stamps = {page_url(u): t for u, t in (archive_timestamps or {}).items()}
        results: dict[str, FetchResult] = {}

        def deliver(key: str, result: FetchResult) -> None:
            self._done[key] = result
            for url in by_key[key]:
                mine = result if result.url == url else replace(result, url=url)
                results[url] = mine
                if self.progress is not None:
                    self.progress(mine)

        def download(key: str, entry: CacheEntry | None) -> FetchResult:
            return self._download_safely(key, entry, stamps.get(key))

        queues: Queues = {}
        for key in by_key:
            if key in self._done:
                deliver(key, self._done[key])
                continue
            planned = plan(key, self.settings, self.cache)
            if isinstance(planned, FetchResult):
                deliver(key, planned)
            else:
                queues.setdefault(host_of(key), deque()).append((key, planned.entry))
        if queues:
            jobs, per_host = self.client.jobs, self.client.per_host
            run_by_host(queues, jobs, per_host, download, deliver, self._stop)
        return {url: results[url] for url in inputs}

    # -- one source ------------------------------------------------------------------------

    def _download_safely(
        self, url: str, entry: CacheEntry | None, stamp: str | None
    ) -> FetchResult:
        try:
            return self._download(url, entry, stamp)
        except Exception as exc:  # a bug here must cost one source, not the run
            log.warning("unexpected error while fetching %s", url, exc_info=True)
            return FetchResult(
                url=url,
                error_reason=Reason.UNEXPECTED_ERROR,
                error_detail=f"{type(exc).__name__}: {exc}",
            )

    def _download(self, url: str, entry: CacheEntry | None, stamp: str | None) -> FetchResult:
        validators = None
        if (
            entry is not None
            and entry.provenance == "fetched"
            and (entry.etag or entry.last_modified)
        ):
            validators = Validators(entry.final_url or url, entry.etag, entry.last_modified)
        outcome = self.client.get(url, url, validators)
        if outcome.kind == "not_modified" and entry is not None:
            revalidated = self._revalidated(url, outcome)
            if revalidated is not None:
                return revalidated
            outcome = self.client.get(url, url, None)  # the entry vanished: fetch it whole
        if outcome.reason == Reason.INTERRUPTED:
            return interrupted(url)
        if outcome.kind == "body":
            return commit(self.cache, url, outcome, entry, PageInfo(provenance="fetched"))
        return self._failed(url, outcome, entry, stamp)

    def _revalidated(self, url: str, outcome: Outcome) -> FetchResult | None:
        """The stored page confirmed by HTTP 304, or None when it vanished meanwhile."""
        touched = guarded(
            url,
            lambda: self.cache.touch(
                url,
                etag=outcome.headers.get("etag"),
                last_modified=outcome.headers.get("last-modified"),
            ),
        )
        if isinstance(touched, FetchResult):
            return touched
        if touched is None:
            return None
        return from_entry(url, touched, provenance="revalidated")

    def _failed(
        self, url: str, outcome: Outcome, entry: CacheEntry | None, stamp: str | None
    ) -> FetchResult:
        """A download that failed: the copy held before (stale), the archive's, or the failure
        recorded in the cache."""
        reason = outcome.reason or Reason.UNEXPECTED_ERROR
        detail = outcome.detail or reason
        if entry is not None:
            # one bad day of a website must not turn checked evidence into nothing
            note = f"refetch failed ({detail}); serving the copy fetched {entry.fetched_at}"
            return from_entry(url, entry, stale=True, live_error=reason, note=note)
        if worth_asking(self.settings, outcome):
            archived = from_archive(self.client, url, outcome, stamp)
            if archived.ok or archived.error_reason == Reason.INTERRUPTED:
                return archived
            detail = f"{detail}; {archived.error_detail}"
        info = PageInfo(
            final_url=outcome.final_url, redirects=outcome.redirects, status=outcome.status
        )
        stored = guarded(url, lambda: self.cache.put_failure(url, reason, detail, info))
        if isinstance(stored, CacheEntry) and stored.ok:
            return from_entry(url, stored)  # another process got it meanwhile
        return FetchResult(
            url=url,
            final_url=outcome.final_url,
            status=outcome.status,
            redirects=outcome.redirects,
            fetched_at=utc_now(),
            error_reason=reason,
            error_detail=detail,
        )
