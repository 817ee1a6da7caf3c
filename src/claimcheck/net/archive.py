"""The web archive as a fallback: a page that is gone (404/410) or blocked (403/451, 429, a bot
wall) is looked up in the Wayback Machine's raw mode, nearest to the date it was cited, and
served marked ``archived``.
"""

from __future__ import annotations

import re
from dataclasses import replace

from claimcheck.config import Settings
from claimcheck.model.vocab import Reason
from claimcheck.net.attempt import Client
from claimcheck.net.fetched import FetchResult
from claimcheck.net.keep import commit
from claimcheck.net.outcome import Outcome
from claimcheck.net.plan import interrupted
from claimcheck.store import PageInfo

# gone or blocked: worth asking the web archive
ARCHIVE_STATUSES = frozenset({403, 404, 410, 429, 451})
_TIMESTAMP = re.compile(r"^\d{1,14}$")


def worth_asking(settings: Settings, live: Outcome) -> bool:
    """The live page is gone or blocked, and the archive may be asked."""
    gone = live.status in ARCHIVE_STATUSES or live.reason == Reason.BLOCKED
    return settings.use_archive and gone


def archive_address(settings: Settings, url: str, stamp: str | None) -> str:
    """The raw snapshot of ``url`` nearest to ``stamp`` (a Wayback timestamp such as
    "20230115"; the newest when there is none)."""
    when = stamp if stamp and _TIMESTAMP.match(stamp) else "2"
    return f"{settings.archive_url.rstrip('/')}/{when}id_/{url}"


def from_archive(client: Client, url: str, live: Outcome, stamp: str | None) -> FetchResult:
    """The archive's copy of ``url`` in the cache, or why there is none."""
    outcome = client.get(archive_address(client.settings, url, stamp), url, None)
    if outcome.reason == Reason.INTERRUPTED:
        return interrupted(url)
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
    result = commit(client.cache, url, outcome, None, info)
    if not result.ok:
        return result
    return replace(
        result,
        provenance="archived",
        live_error=live.reason,
        note=f"{live.detail}; using the web archive's copy {outcome.final_url}",
    )
