"""What one download came to, before it becomes a FetchResult: a body on its way into the cache,
"not modified" (HTTP 304), or an error with a reason and a sentence.

Records and their constructors only; :mod:`.attempt` makes them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from claimcheck.model.vocab import Reason
from claimcheck.net.deadline import StopReason
from claimcheck.store import PendingBody


@dataclass(frozen=True)
class Validators:
    """What a stored page lets us ask with a conditional request."""

    url: str  # the URL that gave them (the final URL of the stored entry)
    etag: str | None
    last_modified: str | None


@dataclass
class Outcome:
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


def failure(
    url: str,
    redirects: list[str],
    reason: str,
    detail: str,
    retryable: bool = False,
    status: int | None = None,
    retry_after: float | None = None,
) -> Outcome:
    """An error outcome at ``url`` after ``redirects``."""
    return Outcome(
        "error",
        url,
        tuple(redirects),
        status,
        reason=reason,
        detail=detail,
        retryable=retryable,
        retry_after=retry_after,
    )


def stopped(
    url: str, redirects: list[str], reason: StopReason, limit: str, status: int | None = None
) -> Outcome:
    """The outcome of a download its deadline stopped: interrupted, or out of time (``limit``
    says which limit applied, e.g. "60 s (--timeout)")."""
    if reason is StopReason.INTERRUPTED:
        detail = "the run was interrupted before this download finished"
        return failure(url, redirects, Reason.INTERRUPTED, detail, status=status)
    detail = f"no complete response within {limit}"
    return failure(url, redirects, Reason.TIMEOUT, detail, status=status)
