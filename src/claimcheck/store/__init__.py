"""The on-disk cache: fetched pages and what is derived from them, in plain files that can be
read without claimcheck and shared by two processes.

:mod:`.atomic` (files written whole or not at all, locks, stale temporary files, read-only
roots), :mod:`.entry` (a page's record), :mod:`.pages` (:class:`Cache`: pages and failures),
:mod:`.derived` (:class:`Derived`: extracted text, verdicts, file digests), and the same cache on
object storage: :mod:`.objects` (whole objects under a URL prefix, through fsspec) and
:mod:`.remote` (:class:`RemoteCache`). :func:`open_cache` picks one by the root it is given.
"""

from __future__ import annotations

from pathlib import Path

from claimcheck.store.atomic import PendingBody, atomic_write, declare_read_only, file_sha256
from claimcheck.store.derived import Derived
from claimcheck.store.entry import CacheEntry, PageInfo, page_url, url_key, utc_now
from claimcheck.store.objects import ObjectStoreMissing, is_url
from claimcheck.store.pages import Cache, guess_content_type
from claimcheck.store.remote import RemoteCache

# a cache folder, or a cache on object storage (the URL of its prefix)
CacheRoot = Path | str
PageStore = Cache | RemoteCache

__all__ = [
    "Cache",
    "CacheEntry",
    "CacheRoot",
    "Derived",
    "ObjectStoreMissing",
    "PageInfo",
    "PageStore",
    "PendingBody",
    "RemoteCache",
    "atomic_write",
    "declare_read_only",
    "file_sha256",
    "guess_content_type",
    "is_url",
    "open_cache",
    "page_url",
    "url_key",
    "utc_now",
]


def open_cache(root: CacheRoot) -> PageStore:
    """The page cache at ``root``: a folder (local files, as ever), or object storage for a URL
    such as ``s3://bucket/prefix``."""
    return RemoteCache(root) if isinstance(root, str) and is_url(root) else Cache(Path(root))
