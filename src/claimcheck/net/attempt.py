"""One download over HTTP: redirects followed by hand (every hop gets the scheme and address
checks), retries with backoff within one wall-clock deadline, and what each response means.

The connection layer (:mod:`.connection`) resolves, checks and connects within the deadline;
:mod:`.schedule` decides when a host may be asked; this module asks.
"""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests

from claimcheck.config import Settings
from claimcheck.model.vocab import Reason, http_reason
from claimcheck.net import netsafety
from claimcheck.net.body import limit, stream_body
from claimcheck.net.connection import DeadlineAdapter
from claimcheck.net.deadline import (
    Deadline,
    DeadlineExpired,
    Stop,
    StopReason,
    call_within,
    is_ip_literal,
)
from claimcheck.net.httpfaults import (
    BOT_CHECK_STATUSES,
    bot_check,
    classify,
    http_detail,
    import_hint,
    retry_after,
)
from claimcheck.net.outcome import Outcome, Validators, failure, stopped
from claimcheck.net.schedule import HostGate
from claimcheck.store import PageStore, page_url

RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
SCHEMES = ("http", "https")
BACKOFF_BASE = 0.5  # seconds; doubled per retry, jittered
ACCEPT = "text/html,application/xhtml+xml,application/pdf;q=0.9,text/plain;q=0.8,*/*;q=0.5"


def url_problem(url: str) -> tuple[str, str] | None:
    """Why ``url`` cannot be fetched at all (reason, detail), or None."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError as exc:
        return Reason.INVALID_URL, f"{url!r} is not a valid URL: {exc}"
    if parts.scheme.lower() not in SCHEMES:
        if not parts.scheme:
            return Reason.UNSUPPORTED_SCHEME, f"{url!r} has no scheme; write it as https://…"
        detail = f"only http and https URLs are fetched, not {parts.scheme}:"
        return Reason.UNSUPPORTED_SCHEME, detail
    if not parts.hostname:
        return Reason.INVALID_URL, f"{url!r} has no host name"
    return None


def _port_of(parts: Any) -> int:
    return parts.port or (443 if parts.scheme == "https" else 80)


@dataclass
class Hops:
    """One try at a URL as it goes: the body is for ``store_as``, within ``deadline``; the URLs
    that redirected so far, and every URL seen (a redirect back to one is a loop)."""

    store_as: str
    deadline: Deadline
    redirects: list[str] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)


class Client:
    """Downloads for one run: one pooled session, the host gate, and the run's stop switch."""

    def __init__(
        self, settings: Settings, cache: PageStore, stop: Stop, backoff_base: float = BACKOFF_BASE
    ) -> None:
        self.settings = settings
        self.cache = cache
        self.stop = stop
        self.backoff_base = backoff_base
        self.jobs = max(1, settings.jobs)
        self.per_host = max(1, settings.per_host)
        self.gate = HostGate(self.per_host, max(0.0, settings.host_delay))
        self._session: requests.Session | None = None
        self._session_lock = threading.Lock()

    @property
    def session(self) -> requests.Session:
        with self._session_lock:
            if self._session is None:
                self._session = requests.Session()
                adapter = DeadlineAdapter(
                    pool_connections=max(10, self.jobs),
                    pool_maxsize=max(self.per_host, 2),
                    max_retries=0,  # retries are ours, with our backoff and reasons
                    guard=not self.settings.allow_private_hosts,
                )
                self._session.mount("http://", adapter)
                self._session.mount("https://", adapter)
            return self._session

    def close(self) -> None:
        with self._session_lock:
            if self._session is not None:
                self._session.close()
                self._session = None

    def get(self, url: str, store_as: str, validators: Validators | None) -> Outcome:
        """One download with retries, all within one deadline; the body (if any) is written
        for ``store_as``."""
        retries = max(0, self.settings.retries)
        with Deadline(max(0.001, self.settings.timeout), self.stop) as deadline:
            for attempt in range(retries + 1):
                outcome = self.attempt(url, store_as, validators, deadline)
                if outcome.kind != "error" or not outcome.retryable or attempt == retries:
                    break
                if not deadline.sleep(self._retry_wait(attempt, outcome.retry_after)):
                    if deadline.reason is StopReason.INTERRUPTED:
                        return stopped(url, [], StopReason.INTERRUPTED, limit(self.settings))
                    outcome.detail = (
                        f"{outcome.detail}; no time left for another attempt within "
                        f"{limit(self.settings)}"
                    )
                    break
            if outcome.kind == "error" and attempt:
                outcome.detail = f"{outcome.detail} (after {attempt + 1} attempts)"
            return outcome

    def _retry_wait(self, attempt: int, retry_after: float | None) -> float:
        cap = max(0.0, self.settings.retry_after_cap)
        if retry_after is not None:
            return min(retry_after, cap)
        backoff = self.backoff_base * (2.0**attempt) * random.uniform(0.5, 1.0)
        return min(backoff, cap)

    def attempt(
        self, url: str, store_as: str, validators: Validators | None, deadline: Deadline
    ) -> Outcome:
        """One try: the first request and every redirect after it."""
        s = self.settings
        hops = Hops(store_as, deadline, seen={url})
        current = url
        while True:
            problem = url_problem(current)
            if problem is not None:
                return failure(current, hops.redirects, problem[0], problem[1])
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
                    blocked = _check_host(current, hops.redirects, host, parts, deadline)
                    if blocked is not None:
                        return blocked
                with self.gate.slot(host, deadline):
                    answer = self._request(current, headers, conditional, hops)
            except DeadlineExpired as exc:
                return stopped(current, hops.redirects, exc.reason, limit(s))
            if isinstance(answer, Outcome):
                return answer
            current = answer  # a redirect to follow

    def _request(
        self, url: str, headers: dict[str, str], conditional: bool, hops: Hops
    ) -> Outcome | str:
        s = self.settings
        deadline = hops.deadline
        timeouts = (
            min(s.connect_timeout, max(deadline.remaining(), 0.001)),
            min(s.read_timeout, max(deadline.remaining(), 0.001)),
        )
        try:
            response = self.session.get(
                url, headers=headers, stream=True, allow_redirects=False, timeout=timeouts
            )
        except Exception as exc:
            return self.failed(exc, url, hops.redirects, deadline)
        try:
            return self._answer(response, url, conditional, hops)
        finally:
            response.close()

    def failed(
        self, exc: BaseException, url: str, redirects: list[str], deadline: Deadline
    ) -> Outcome:
        """The outcome of an exception from requests: a fired deadline explains any error."""
        reason = deadline.reason
        if reason is None and isinstance(exc, DeadlineExpired):
            reason = exc.reason
        if reason is not None:
            return stopped(url, redirects, reason, limit(self.settings))
        why, detail, retryable = classify(exc, url, self.settings)
        return failure(url, redirects, why, detail, retryable=retryable)

    def _answer(
        self, response: requests.Response, current: str, conditional: bool, hops: Hops
    ) -> Outcome | str:
        """What one response means: an outcome, or the URL of the next hop (``hops`` is updated
        for it)."""
        s = self.settings
        status = response.status_code
        redirects = hops.redirects
        if hops.deadline.reason is not None:  # the headers trickled in until the deadline
            return stopped(current, redirects, hops.deadline.reason, limit(s), status)
        location = response.headers.get("location")
        if status in REDIRECT_STATUSES and location:
            return _redirect(current, location, hops, s.max_redirects)
        found = {k.lower(): v for k, v in response.headers.items()}
        if status == 304 and conditional:
            return Outcome("not_modified", current, tuple(redirects), status, headers=found)
        if not 200 <= status < 300:
            wall = bot_check(response, found) if status in BOT_CHECK_STATUSES else None
            if wall is not None:
                hint = import_hint(hops.store_as)
                detail = f"the server answered HTTP {status}: {wall}; {hint}"
                return failure(current, redirects, Reason.BLOCKED, detail, status=status)
            return failure(
                current,
                redirects,
                http_reason(status),
                http_detail(status, response.reason),
                retryable=status in RETRY_STATUSES,
                status=status,
                retry_after=retry_after(found.get("retry-after")),
            )
        return stream_body(
            response, current, redirects, hops.store_as, found, hops.deadline, s, self.cache,
            self.failed,
        )  # fmt: skip


def _redirect(current: str, location: str, hops: Hops, most: int) -> Outcome | str:
    """The next hop of a redirect, or why it is not followed (a loop, too many)."""
    redirects, seen = hops.redirects, hops.seen
    target = page_url(urljoin(current, location))
    redirects.append(current)
    if target in seen:
        detail = f"redirect loop: {current} leads back to {target}"
        return failure(target, redirects, Reason.REDIRECT_LOOP, detail)
    if len(redirects) > most:
        return failure(target, redirects, Reason.TOO_MANY_REDIRECTS, f"more than {most} redirects")
    seen.add(target)
    return target


def _check_host(
    current: str, redirects: list[str], host: str, parts: Any, deadline: Deadline
) -> Outcome | None:
    """Resolve and check before anything is sent; see netsafety for the limits."""
    try:
        if is_ip_literal(host):
            netsafety.check_host(host, _port_of(parts))
        else:
            call_within(deadline, lambda: netsafety.check_host(host, _port_of(parts)), "dns")
    except netsafety.BlockedAddressError as exc:
        detail = f"refused: {exc} (allow_private_hosts permits it)"
        return failure(current, redirects, Reason.BLOCKED_ADDRESS, detail)
    except (OSError, UnicodeError):
        detail = f"the host name {host} does not resolve"
        return failure(current, redirects, Reason.DNS_ERROR, detail)
    return None
