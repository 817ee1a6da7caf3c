"""Download every cited page once, politely and safely, into the cache.

:class:`Fetcher` turns URLs into :class:`FetchResult` values; a source that cannot be had is a
result with an ``error_reason``, never an exception. Policy in short:

* one ``requests.Session``, at most ``jobs`` downloads in flight, at most ``per_host`` per host,
  ``host_delay`` seconds between two request starts to one host;
* (connect_timeout, read_timeout) per socket operation, and one wall-clock deadline,
  ``timeout``, for the whole download of a URL: DNS, connect, TLS, headers, body, redirects,
  retries and the waits between them. It holds however the server behaves (see
  :mod:`.deadline`); a retry that would not fit in what is left is not started;
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

The package: :mod:`.fetcher` (the run), :mod:`.plan` (what each URL needs, no network),
:mod:`.schedule` (per-host politeness and concurrency), :mod:`.attempt` (one download: redirects,
retries, what a response means), :mod:`.body` (streaming a body into the cache), :mod:`.keep`
(committing it), :mod:`.archive` (the web archive fallback), :mod:`.deadline` and
:mod:`.connection` (one wall-clock deadline per download, held at the socket), :mod:`.netsafety`
(no private addresses), :mod:`.httpfaults` (errors and bot walls in words), :mod:`.outcome` and
:mod:`.fetched` (the records).
"""

from __future__ import annotations

from claimcheck.net.fetched import FetchResult, FetchSummary, Provenance, local_result, summarize
from claimcheck.net.fetcher import Fetcher

__all__ = [
    "FetchResult",
    "FetchSummary",
    "Fetcher",
    "Provenance",
    "local_result",
    "summarize",
]
