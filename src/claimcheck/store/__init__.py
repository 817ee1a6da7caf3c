"""The on-disk cache: fetched pages and what is derived from them, in plain files that can be
read without claimcheck and shared by two processes.

:mod:`.atomic` (files written whole or not at all, locks, stale temporary files, read-only
roots), :mod:`.entry` (a page's record), :mod:`.pages` (:class:`Cache`: pages and failures) and
:mod:`.derived` (:class:`Derived`: extracted text, verdicts, file digests).
"""

from __future__ import annotations

from claimcheck.store.atomic import PendingBody, atomic_write, declare_read_only, file_sha256
from claimcheck.store.derived import Derived
from claimcheck.store.entry import CacheEntry, PageInfo, page_url, url_key, utc_now
from claimcheck.store.pages import Cache, guess_content_type

__all__ = [
    "Cache",
    "CacheEntry",
    "Derived",
    "PageInfo",
    "PendingBody",
    "atomic_write",
    "declare_read_only",
    "file_sha256",
    "guess_content_type",
    "page_url",
    "url_key",
    "utc_now",
]
