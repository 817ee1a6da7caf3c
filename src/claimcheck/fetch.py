"""Download every cited page once, politely and safely, into the cache.

:class:`Fetcher` turns URLs into :class:`FetchResult` values; a source that cannot be had is a
result with an ``error_reason``, never an exception. Policy in short:

* one ``requests.Session``, at most ``jobs`` downloads in flight, at most ``per_host`` per host,
  ``host_delay`` seconds between two request starts to one host;
* (connect_timeout, read_timeout) per socket operation, and one wall-clock deadline,
  ``timeout``, for the whole download of a URL: DNS, connect, TLS, headers, body, redirects,
  retries and the waits between them. It holds however the server behaves (see
  :mod:`claimcheck.deadline`); a retry that would not fit in what is left is not started;
* up to ``retries`` retries on connection errors and 408/425/429/500/502/503/504, jittered
  exponential backoff or ``Retry-After``, both capped at ``retry_after_cap``; a timeout is not
  retried (the deadline is the budget the user gave one download);
* :meth:`Fetcher.interrupt` (the CLI calls it on SIGINT/SIGTERM) stops every download in flight
  within a moment; what was committed to the cache stays, nothing half-downloaded is kept or
  recorded as a failure (reason ``interrupted``), and the next run resumes;
* redirects are followed by hand so that every hop gets the scheme and address checks;
* the cache: offline serves only the cache; online a cached page is served while younger than
  ``max_age`` and revalidated (If-None-Match / If-Modified-Since) after that or with ``refresh``;
  a page gone or blocked (403/404/410/451, 429 after retries) is looked up in the web archive.

A refetch that fails for a page we already hold serves the held copy with ``stale=True`` and the
failure in ``live_error``: one bad day of a website must not turn checked evidence into nothing.
Pages imported by hand are never refetched (a bot wall answering 200 would replace them).
"""

from __future__ import annotations

import logging
import random
import re
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any, Literal
from urllib.parse import urljoin, urlsplit

import requests

from claimcheck import netsafety
from claimcheck.config import Settings
from claimcheck.connection import DeadlineAdapter
from claimcheck.deadline import (
    POLL_SLICE,
    Deadline,
    DeadlineExpired,
    Stop,
    StopReason,
    call_within,
    is_ip_literal,
)
from claimcheck.fetched import (
    FetchResult,
    FetchSummary,
    Provenance,
    local_result,
    summarize,
)
from claimcheck.httpfaults import (
    BOT_CHECK_STATUSES,
    bot_check,
    classify,
    host_of,
    http_detail,
    import_hint,
    media_and_charset,
    retry_after,
    stand_in,
)
from claimcheck.store import Cache, CacheEntry, PageInfo, PendingBody, page_url, utc_now

# the records live in claimcheck.fetched; they are part of this module's interface too
__all__ = [
    "FetchResult",
    "FetchSummary",
    "Fetcher",
    "Provenance",
    "fetch_all",
    "local_result",
    "summarize",
]

log = logging.getLogger("claimcheck")

RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
# gone or blocked: worth asking the web archive
ARCHIVE_STATUSES = frozenset({403, 404, 410, 429, 451})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
SCHEMES = ("http", "https")
CHUNK = 64 * 1024
BACKOFF_BASE = 0.5  # seconds; doubled per retry, jittered
ACCEPT = "text/html,application/xhtml+xml,application/pdf;q=0.9,text/plain;q=0.8,*/*;q=0.5"
_TIMESTAMP = re.compile(r"^\d{1,14}$")
# after an interruption, how long to wait for downloads in flight to hand back what they finished
# (each stops within POLL_SLICE of being told; this only bounds a wedged one)
INTERRUPT_GRACE = 1.0
INTERRUPTED = "interrupted"


# -- internals ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Download:
    entry: CacheEntry | None  # the stored page to revalidate, if any


@dataclass(frozen=True)
class _Validators:
    url: str  # the URL that gave them (the final URL of the stored entry)
    etag: str | None
    last_modified: str | None


@dataclass
class _Outcome:
    kind: Literal["body", "not_modified", "error"]
    final_url: str
    redirects: tuple[str, ...] = ()
    status: int | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    pending: PendingBody | None = None
    reason: str | None = None
    detail: str | None = None
    retryable: bool = False
    retry_after: float | None = None


class _HostGate:
    """At most ``per_host`` requests in flight per host, ``delay`` between request starts."""

    def __init__(self, per_host: int, delay: float) -> None:
        self.per_host = per_host
        self.delay = delay
        self._lock = threading.Lock()
        self._slots: dict[str, threading.BoundedSemaphore] = {}
        self._next_start: dict[str, float] = {}

    @contextmanager
    def slot(self, host: str, deadline: Deadline) -> Iterator[None]:
        """Raises DeadlineExpired when the wait for the slot would outlast the deadline."""
        with self._lock:
            sem = self._slots.setdefault(host, threading.BoundedSemaphore(self.per_host))
        while not sem.acquire(timeout=POLL_SLICE):
            deadline.check()
        try:
            if self.delay > 0:
                with self._lock:
                    now = time.monotonic()
                    start = max(now, self._next_start.get(host, 0.0))
                    self._next_start[host] = start + self.delay
                if start > now and not deadline.sleep(start - now):
                    raise DeadlineExpired(deadline.reason or StopReason.TIMEOUT)
            yield
        finally:
            sem.release()


def _port_of(parts: Any) -> int:
    return parts.port or (443 if parts.scheme == "https" else 80)


def _url_problem(url: str) -> tuple[str, str] | None:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError as exc:
        return "invalid_url", f"{url!r} is not a valid URL: {exc}"
    if parts.scheme.lower() not in SCHEMES:
        if not parts.scheme:
            return "unsupported_scheme", f"{url!r} has no scheme; write it as https://…"
        return "unsupported_scheme", f"only http and https URLs are fetched, not {parts.scheme}:"
    if not parts.hostname:
        return "invalid_url", f"{url!r} has no host name"
    return None


# -- the fetcher -------------------------------------------------------------------------------


class Fetcher:
    """Fetch sources into the cache; one instance is one run (each URL is fetched once).

    ``progress`` is called with each result, from the thread that called :meth:`fetch_all`.
    """

    def __init__(
        self,
        settings: Settings,
        cache: Cache,
        progress: Callable[[FetchResult], None] | None = None,
        *,
        backoff_base: float = BACKOFF_BASE,
    ) -> None:
        self.settings = settings
        self.cache = cache
        self.progress = progress
        self.backoff_base = backoff_base
        self.jobs = max(1, settings.jobs)
        self.per_host = max(1, settings.per_host)
        self._gate = _HostGate(self.per_host, max(0.0, settings.host_delay))
        self._done: dict[str, FetchResult] = {}
        self._session: requests.Session | None = None
        self._session_lock = threading.Lock()
        self._stop = Stop()

    # -- session ----------------------------------------------------------------------------

    @property
    def session(self) -> requests.Session:
        with self._session_lock:
            if self._session is None:
                self._session = self._make_session()
            return self._session

    def _make_session(self) -> requests.Session:
        session = requests.Session()
        adapter = DeadlineAdapter(
            pool_connections=max(10, self.jobs),
            pool_maxsize=max(self.per_host, 2),
            max_retries=0,  # retries are ours, with our backoff and reasons
            guard=not self.settings.allow_private_hosts,
        )
        session.mount("http://", adapter)
        session.mount("https://", adapter)
        return session

    def close(self) -> None:
        with self._session_lock:
            if self._session is not None:
                self._session.close()
                self._session = None

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

    # -- public ----------------------------------------------------------------------------

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

        queues: dict[str, deque[tuple[str, CacheEntry | None]]] = {}
        for key in by_key:
            if key in self._done:
                deliver(key, self._done[key])
                continue
            planned = self._plan(key)
            if isinstance(planned, FetchResult):
                deliver(key, planned)
            else:
                queues.setdefault(host_of(key), deque()).append((key, planned.entry))
        if queues:
            self._run(queues, deliver, stamps)
        return {url: results[url] for url in inputs}

    # -- planning (no network) -------------------------------------------------------------

    def _plan(self, url: str) -> FetchResult | _Download:
        problem = _url_problem(url)
        if problem is not None:
            return FetchResult(url=url, error_reason=problem[0], error_detail=problem[1])
        entry = self.cache.get(url)
        if self.settings.offline:
            if entry is not None:
                return self._from_entry(url, entry)
            return self._not_cached(url)
        if entry is not None and (entry.provenance == "imported" or not self._expired(entry)):
            return self._from_entry(url, entry)
        return _Download(entry)

    def _expired(self, entry: CacheEntry) -> bool:
        if self.settings.refresh:
            return True
        if self.settings.max_age is None:
            return False
        age = entry.age_seconds()
        return age is None or age > self.settings.max_age

    def _not_cached(self, url: str) -> FetchResult:
        detail = "offline, and the page is not in the cache"
        failure = self.cache.record(url)
        if failure is not None and failure.error_reason is not None:
            detail += (
                f"; the last online attempt ({failure.fetched_at}) failed: "
                f"{failure.error_detail or failure.error_reason}"
            )
        return FetchResult(
            url=url, provenance="cached", error_reason="not_cached", error_detail=detail
        )

    @staticmethod
    def _from_entry(url: str, entry: CacheEntry, **changes: Any) -> FetchResult:
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
        )
        return replace(result, **changes) if changes else result

    # -- scheduling ------------------------------------------------------------------------

    def _run(
        self,
        queues: dict[str, deque[tuple[str, CacheEntry | None]]],
        deliver: Callable[[str, FetchResult], None],
        stamps: Mapping[str, str],
    ) -> None:
        # hand out work host by host, never more than per_host per host, so that a long list
        # for one site cannot tie up the workers while other sites wait
        hosts = deque(queues)
        active: Counter[str] = Counter()
        total = sum(len(q) for q in queues.values())

        def next_job() -> tuple[str, str, CacheEntry | None] | None:
            # the least busy host first (it is the likeliest to be free of host_delay), ties in
            # round-robin order; the chosen host goes to the back of the line
            best: tuple[int, int] | None = None
            for index, host in enumerate(hosts):
                if active[host] < self.per_host and (best is None or active[host] < best[0]):
                    best = (active[host], index)
            if best is None:
                return None
            host = hosts[best[1]]
            del hosts[best[1]]
            key, entry = queues[host].popleft()
            if queues[host]:
                hosts.append(host)
            return host, key, entry

        inflight: dict[Future[FetchResult], tuple[str, str]] = {}
        workers = min(self.jobs, total)
        pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="claimcheck-fetch")
        try:
            while hosts or inflight:
                while len(inflight) < self.jobs and (job := next_job()) is not None:
                    host, key, entry = job
                    active[host] += 1
                    future = pool.submit(self._download_safely, key, entry, stamps.get(key))
                    inflight[future] = (host, key)
                done, _ = wait(inflight, return_when=FIRST_COMPLETED)
                for future in done:
                    host, key = inflight.pop(future)
                    active[host] -= 1
                    deliver(key, future.result())
        except BaseException:  # KeyboardInterrupt (SIGINT, or SIGTERM via the CLI's handler)
            self.interrupt()
            # downloads in flight now stop within a moment; keep what they finished meanwhile
            done, _ = wait(inflight, timeout=INTERRUPT_GRACE)
            for future in done:
                result = future.result()
                if result.error_reason != INTERRUPTED:
                    deliver(inflight[future][1], result)
            raise
        finally:
            pool.shutdown(wait=not self.interrupted, cancel_futures=True)

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
                error_reason="unexpected_error",
                error_detail=f"{type(exc).__name__}: {exc}",
            )

    def _download(self, url: str, entry: CacheEntry | None, stamp: str | None) -> FetchResult:
        validators = None
        if (
            entry is not None
            and entry.provenance == "fetched"
            and (entry.etag or entry.last_modified)
        ):
            validators = _Validators(entry.final_url or url, entry.etag, entry.last_modified)
        outcome = self._get(url, url, validators)
        if outcome.reason == INTERRUPTED:
            return self._interrupted(url)

        if outcome.kind == "not_modified" and entry is not None:
            touched = self._store(
                url,
                lambda: self.cache.touch(
                    url,
                    etag=outcome.headers.get("etag"),
                    last_modified=outcome.headers.get("last-modified"),
                ),
            )
            if isinstance(touched, FetchResult):
                return touched
            if touched is not None:
                return self._from_entry(url, touched, provenance="revalidated")
            outcome = self._get(url, url, None)  # the entry vanished meanwhile: fetch it whole
            if outcome.reason == INTERRUPTED:
                return self._interrupted(url)

        if outcome.kind == "body":
            return self._commit(url, outcome, entry, PageInfo(provenance="fetched"))

        reason = outcome.reason or "unexpected_error"
        detail = outcome.detail or reason
        if entry is not None:
            return self._from_entry(
                url,
                entry,
                stale=True,
                live_error=reason,
                note=f"refetch failed ({detail}); serving the copy fetched {entry.fetched_at}",
            )
        if self.settings.use_archive and (
            outcome.status in ARCHIVE_STATUSES or outcome.reason == "blocked"
        ):
            archived = self._from_archive(url, outcome, stamp)
            if archived.ok or archived.error_reason == INTERRUPTED:
                return archived
            detail = f"{detail}; {archived.error_detail}"
        info = PageInfo(
            final_url=outcome.final_url, redirects=outcome.redirects, status=outcome.status
        )
        stored = self._store(url, lambda: self.cache.put_failure(url, reason, detail, info))
        if isinstance(stored, CacheEntry) and stored.ok:
            return self._from_entry(url, stored)  # another process got it meanwhile
        return FetchResult(
            url=url,
            final_url=outcome.final_url,
            status=outcome.status,
            redirects=outcome.redirects,
            fetched_at=utc_now(),
            error_reason=reason,
            error_detail=detail,
        )

    @staticmethod
    def _interrupted(url: str) -> FetchResult:
        # never recorded in the cache: the next run fetches the page as if this one never began
        return FetchResult(
            url=url,
            error_reason=INTERRUPTED,
            error_detail="the run was interrupted before this download finished",
        )

    def _from_archive(self, url: str, live: _Outcome, stamp: str | None) -> FetchResult:
        when = stamp if stamp and _TIMESTAMP.match(stamp) else "2"
        archive_url = f"{self.settings.archive_url.rstrip('/')}/{when}id_/{url}"
        outcome = self._get(archive_url, url, None)
        if outcome.reason == INTERRUPTED:
            return self._interrupted(url)
        if outcome.kind != "body":
            return FetchResult(
                url=url,
                error_reason=outcome.reason,
                error_detail=f"no copy in the web archive either ({outcome.detail})",
            )
        info = PageInfo(
            final_url=live.final_url,
            redirects=live.redirects,
            provenance="archived",
            archive_url=outcome.final_url,
        )
        result = self._commit(url, outcome, None, info)
        if not result.ok:
            return result
        return replace(
            result,
            provenance="archived",
            live_error=live.reason,
            note=f"{live.detail}; using the web archive's copy {outcome.final_url}",
        )

    def _commit(
        self, url: str, outcome: _Outcome, entry: CacheEntry | None, info: PageInfo
    ) -> FetchResult:
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
            stored = self._store(url, lambda: self.cache.commit(pending, info))
        if isinstance(stored, FetchResult):
            return stored
        assert stored is not None
        changed = entry is not None and entry.sha256 != stored.sha256
        provenance: Provenance = "archived" if info.provenance == "archived" else "fetched"
        return self._from_entry(
            url, stored, from_cache=False, provenance=provenance, changed=changed
        )

    @staticmethod
    def _store(url: str, write: Callable[[], CacheEntry | None]) -> CacheEntry | FetchResult | None:
        try:
            return write()
        except OSError as exc:
            return FetchResult(
                url=url, error_reason="cache_error", error_detail=f"cannot write the cache: {exc}"
            )

    # -- HTTP ------------------------------------------------------------------------------

    def _get(self, url: str, store_as: str, validators: _Validators | None) -> _Outcome:
        """One download with retries, all within one deadline; the body (if any) is written
        for ``store_as``."""
        retries = max(0, self.settings.retries)
        with Deadline(max(0.001, self.settings.timeout), self._stop) as deadline:
            for attempt in range(retries + 1):
                outcome = self._attempt(url, store_as, validators, deadline)
                if outcome.kind != "error" or not outcome.retryable or attempt == retries:
                    break
                if not deadline.sleep(self._retry_wait(attempt, outcome.retry_after)):
                    if deadline.reason is StopReason.INTERRUPTED:
                        return self._stopped(url, [], StopReason.INTERRUPTED)
                    outcome.detail = (
                        f"{outcome.detail}; no time left for another attempt within {self._limit()}"
                    )
                    break
            if outcome.kind == "error" and attempt:
                outcome.detail = f"{outcome.detail} (after {attempt + 1} attempts)"
            return outcome

    def _limit(self) -> str:
        return f"{self.settings.timeout:g} s (--timeout)"

    def _stopped(
        self, url: str, redirects: list[str], reason: StopReason, status: int | None = None
    ) -> _Outcome:
        if reason is StopReason.INTERRUPTED:
            detail = "the run was interrupted before this download finished"
            return self._error(url, redirects, INTERRUPTED, detail, status=status)
        detail = f"no complete response within {self._limit()}"
        return self._error(url, redirects, "timeout", detail, status=status)

    def _failed(
        self, exc: BaseException, url: str, redirects: list[str], deadline: Deadline
    ) -> _Outcome:
        """The outcome of an exception from requests: a fired deadline explains any error."""
        reason = deadline.reason
        if reason is None and isinstance(exc, DeadlineExpired):
            reason = exc.reason
        if reason is not None:
            return self._stopped(url, redirects, reason)
        why, detail, retryable = classify(exc, url, self.settings)
        return self._error(url, redirects, why, detail, retryable=retryable)

    def _retry_wait(self, attempt: int, retry_after: float | None) -> float:
        cap = max(0.0, self.settings.retry_after_cap)
        if retry_after is not None:
            return min(retry_after, cap)
        backoff = self.backoff_base * (2.0**attempt) * random.uniform(0.5, 1.0)
        return min(backoff, cap)

    def _attempt(
        self, url: str, store_as: str, validators: _Validators | None, deadline: Deadline
    ) -> _Outcome:
        s = self.settings
        redirects: list[str] = []
        seen = {url}
        current = url
        while True:
            problem = _url_problem(current)
            if problem is not None:
                return self._error(current, redirects, problem[0], problem[1])
            parts = urlsplit(current)
            host = (parts.hostname or "").lower()
            headers = {"User-Agent": s.user_agent_for(host), "Accept": ACCEPT}
            conditional = validators is not None and current == validators.url
            if conditional and validators is not None:
                if validators.etag:
                    headers["If-None-Match"] = validators.etag
                if validators.last_modified:
                    headers["If-Modified-Since"] = validators.last_modified
            try:
                if not s.allow_private_hosts:
                    blocked = self._check_host(current, redirects, host, parts, deadline)
                    if blocked is not None:
                        return blocked
                with self._gate.slot(host, deadline):
                    try:
                        response = self.session.get(
                            current,
                            headers=headers,
                            stream=True,
                            allow_redirects=False,
                            timeout=(
                                min(s.connect_timeout, max(deadline.remaining(), 0.001)),
                                min(s.read_timeout, max(deadline.remaining(), 0.001)),
                            ),
                        )
                    except Exception as exc:
                        return self._failed(exc, current, redirects, deadline)
                    try:
                        answer = self._answer(
                            response, current, redirects, seen, conditional, store_as, deadline
                        )
                    finally:
                        response.close()
            except DeadlineExpired as exc:
                return self._stopped(current, redirects, exc.reason)
            if isinstance(answer, _Outcome):
                return answer
            current = answer  # a redirect to follow

    def _check_host(
        self,
        current: str,
        redirects: list[str],
        host: str,
        parts: Any,
        deadline: Deadline,
    ) -> _Outcome | None:
        """Resolve and check before anything is sent; see netsafety for the limits."""
        try:
            if is_ip_literal(host):
                netsafety.check_host(host, _port_of(parts))
            else:
                call_within(deadline, lambda: netsafety.check_host(host, _port_of(parts)), "dns")
        except netsafety.BlockedAddressError as exc:
            detail = f"refused: {exc} (allow_private_hosts permits it)"
            return self._error(current, redirects, "blocked_address", detail)
        except (OSError, UnicodeError):
            detail = f"the host name {host} does not resolve"
            return self._error(current, redirects, "dns_error", detail)
        return None

    def _answer(
        self,
        response: requests.Response,
        current: str,
        redirects: list[str],
        seen: set[str],
        conditional: bool,
        store_as: str,
        deadline: Deadline,
    ) -> _Outcome | str:
        """What one response means: an outcome, or the URL of the next hop (``redirects`` and
        ``seen`` are updated for it)."""
        s = self.settings
        status = response.status_code
        if deadline.reason is not None:  # the headers trickled in until the deadline
            return self._stopped(current, redirects, deadline.reason, status)
        location = response.headers.get("location")
        if status in REDIRECT_STATUSES and location:
            target = page_url(urljoin(current, location))
            redirects.append(current)
            if target in seen:
                detail = f"redirect loop: {current} leads back to {target}"
                return self._error(target, redirects, "redirect_loop", detail)
            if len(redirects) > s.max_redirects:
                detail = f"more than {s.max_redirects} redirects"
                return self._error(target, redirects, "too_many_redirects", detail)
            seen.add(target)
            return target
        found = {k.lower(): v for k, v in response.headers.items()}
        if status == 304 and conditional:
            return _Outcome("not_modified", current, tuple(redirects), status, headers=found)
        if not 200 <= status < 300:
            wall = bot_check(response, found) if status in BOT_CHECK_STATUSES else None
            if wall is not None:
                detail = f"the server answered HTTP {status}: {wall}; {import_hint(store_as)}"
                return self._error(current, redirects, "blocked", detail, status=status)
            return self._error(
                current,
                redirects,
                f"http_{status}",
                http_detail(status, response.reason),
                retryable=status in RETRY_STATUSES,
                status=status,
                retry_after=retry_after(found.get("retry-after")),
            )
        return self._read_body(response, current, redirects, store_as, found, deadline)

    def _read_body(
        self,
        response: requests.Response,
        current: str,
        redirects: list[str],
        store_as: str,
        headers: dict[str, str],
        deadline: Deadline,
    ) -> _Outcome:
        s = self.settings
        status = response.status_code

        def fail(reason: str, detail: str, retryable: bool = False) -> _Outcome:
            return self._error(current, redirects, reason, detail, retryable, status=status)

        too_large = f"the body is larger than the {s.max_bytes:,} byte limit (max_bytes)"
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > s.max_bytes:
            return fail("too_large", too_large)
        try:
            pending = self.cache.begin_body(store_as)
        except OSError as exc:
            return fail("cache_error", f"cannot write the cache: {exc}")
        keep = False
        try:
            # read1 returns whatever one socket read brings (decoded, at most CHUNK bytes); the
            # watchdog cuts the socket at the deadline, and then the read ends at once
            raw = response.raw
            read1 = getattr(raw, "read1", None)
            chunks: Iterator[bytes]
            if read1 is not None:
                chunks = iter(lambda: read1(CHUNK, decode_content=True) or b"", b"")
            else:  # urllib3 < 2.3
                chunks = response.iter_content(8192)
            for chunk in chunks:
                pending.write(chunk)
                if pending.size > s.max_bytes:
                    return fail("too_large", too_large)
                if deadline.reason is not None:
                    break
            # a cut socket looks like the end of a body sent without a length: never keep it
            if deadline.reason is not None:
                return self._stopped(current, redirects, deadline.reason, status)
            pending.finish()
            wall = stand_in(pending.path, pending.size, headers.get("content-type"), current)
            if wall is not None:
                # a bot wall answering 200 is an error, not the page: never cached as one
                return fail("blocked", f"{wall}; {import_hint(store_as)}")
            keep = True
            return _Outcome(
                "body", current, tuple(redirects), status, headers=headers, pending=pending
            )
        except Exception as exc:
            outcome = self._failed(exc, current, redirects, deadline)
            outcome.status = status
            return outcome
        finally:
            if not keep:
                pending.discard()

    @staticmethod
    def _error(
        url: str,
        redirects: list[str],
        reason: str,
        detail: str,
        retryable: bool = False,
        status: int | None = None,
        retry_after: float | None = None,
    ) -> _Outcome:
        return _Outcome(
            "error",
            url,
            tuple(redirects),
            status,
            reason=reason,
            detail=detail,
            retryable=retryable,
            retry_after=retry_after,
        )


def fetch_all(
    urls: Iterable[str],
    settings: Settings,
    cache: Cache | None = None,
    progress: Callable[[FetchResult], None] | None = None,
) -> dict[str, FetchResult]:
    """Convenience: one Fetcher for one batch of URLs."""
    with Fetcher(settings, cache or Cache(settings.cache_dir), progress) as fetcher:
        return fetcher.fetch_all(urls)
