"""Reading a response body into the cache: streamed, capped on its decoded size, cut at the
deadline, and checked for being a bot wall before it is kept.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import requests

from claimcheck.config import Settings
from claimcheck.model.vocab import Reason
from claimcheck.net.deadline import Deadline
from claimcheck.net.httpfaults import import_hint, stand_in
from claimcheck.net.outcome import Outcome, failure, stopped
from claimcheck.store import PageStore

CHUNK = 64 * 1024


def stream_body(
    response: requests.Response,
    url: str,
    redirects: list[str],
    store_as: str,
    headers: dict[str, str],
    deadline: Deadline,
    settings: Settings,
    cache: PageStore,
    failed: Callable[[BaseException, str, list[str], Deadline], Outcome],
) -> Outcome:
    """The body of a 2xx ``response`` from ``url``, written for ``store_as`` (not committed yet:
    the outcome holds it); or why it is not kept. ``failed`` explains an exception."""
    status = response.status_code

    def fail(reason: str, detail: str, retryable: bool = False) -> Outcome:
        return failure(url, redirects, reason, detail, retryable, status=status)

    too_large = f"the body is larger than the {settings.max_bytes:,} byte limit (max_bytes)"
    length = headers.get("content-length", "")
    if length.isdigit() and int(length) > settings.max_bytes:
        return fail(Reason.TOO_LARGE, too_large)
    try:
        pending = cache.begin_body(store_as)
    except OSError as exc:
        return fail(Reason.CACHE_ERROR, f"cannot write the cache: {exc}")
    keep = False
    try:
        for chunk in _chunks(response):
            pending.write(chunk)
            if pending.size > settings.max_bytes:
                return fail(Reason.TOO_LARGE, too_large)
            if deadline.reason is not None:
                break
        # a cut socket looks like the end of a body sent without a length: never keep it
        if deadline.reason is not None:
            return stopped(url, redirects, deadline.reason, limit(settings), status)
        pending.finish()
        wall = stand_in(pending.path, pending.size, headers.get("content-type"), url)
        if wall is not None:
            # a bot wall answering 200 is an error, not the page: never cached as one
            return fail(Reason.BLOCKED, f"{wall}; {import_hint(store_as)}")
        keep = True
        return Outcome("body", url, tuple(redirects), status, headers=headers, pending=pending)
    except Exception as exc:
        outcome = failed(exc, url, redirects, deadline)
        outcome.status = status
        return outcome
    finally:
        if not keep:
            pending.discard()


def _chunks(response: requests.Response) -> Iterator[bytes]:
    # read1 returns whatever one socket read brings (decoded, at most CHUNK bytes); the
    # watchdog cuts the socket at the deadline, and then the read ends at once
    read1 = getattr(response.raw, "read1", None)
    if read1 is not None:
        return iter(lambda: read1(CHUNK, decode_content=True) or b"", b"")
    return response.iter_content(8192)  # urllib3 < 2.3


def limit(settings: Settings) -> str:
    """The limit a timed-out download ran into, as the error says it."""
    return f"{settings.timeout:g} s (--timeout)"
