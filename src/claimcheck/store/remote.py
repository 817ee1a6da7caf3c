"""The page cache on object storage (``--cache-dir s3://bucket/prefix``): the same records as the
local cache (:mod:`.pages`), laid out so that whole-object writes are all it needs.

Layout under the prefix::

    pages/<k[:2]>/<k>.json    the page's metadata, as in a local cache (k = sha256 of the URL)
    bodies/<s[:2]>/<s>        the body, named by its own sha256 (content-addressed)
    text/..., blobs/...       derived data, as in a local cache (:mod:`.derived`)

Why bodies are named by their content: a local cache renames a body and its metadata into place
under a folder lock, and object storage has neither renames nor locks. Here a body is uploaded
before the metadata that names it, and an object under a digest only ever holds those bytes,
so every metadata object a reader can see names a body that is there whole. Two runs writing the
same page write the same body object and race only on the metadata, where the last writer wins
with an equivalent record; nothing is deleted (a body that a later fetch replaced stays, like
an old file in a content-addressed store). A reader checks a body against its digest when it
reads it, so a foreign object is an error, never evidence.
"""

from __future__ import annotations

import contextlib
import errno
import json
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from claimcheck.store.atomic import PendingBody, dump_json, is_read_only
from claimcheck.store.entry import (
    HEX64,
    CacheEntry,
    PageInfo,
    failure_entry,
    page_entry,
    page_url,
    url_key,
    utc_now,
)
from claimcheck.store.objects import ObjectStore
from claimcheck.store.pages import PageStoreBase
from claimcheck.store.warnings import WarnOnce


class RemoteCache(PageStoreBase):
    """Pages and recorded failures under one object-storage prefix (see the module docstring);
    the same methods as :class:`~claimcheck.store.pages.Cache`."""

    def __init__(self, url: str) -> None:
        self.root = url.rstrip("/")
        self.store = ObjectStore(self.root)
        self.read_only = is_read_only(self.root)
        self.warn = WarnOnce()
        # bodies are spooled here while they download, then uploaded whole
        self._spool = Path(tempfile.gettempdir())

    @staticmethod
    def _meta(key: str) -> str:
        return f"pages/{key[:2]}/{key}.json"

    @staticmethod
    def _body(sha256: str) -> str:
        return f"bodies/{sha256[:2]}/{sha256}"

    def _load(self, key: str) -> tuple[CacheEntry | None, str | None]:
        where = self.store.object_url(self._meta(key))
        try:
            raw = self.store.read(self._meta(key))
        except OSError as exc:
            return None, f"cannot read {where}: {exc}"
        if raw is None:
            return None, None
        try:
            entry = CacheEntry.from_json(json.loads(raw), key, None)
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            return None, f"unreadable metadata {where}: {exc}"
        if entry.error_reason is None and entry.sha256 is not None:
            # the body is checked against its digest when it is read (FetchResult.read_body):
            # looking at every body here would cost a request per page on every run
            entry = replace(entry, body_url=self.store.object_url(self._body(entry.sha256)))
        return entry, None

    def list_entries(self) -> Iterator[CacheEntry]:
        for name in self.store.find("pages"):
            key = name.rsplit("/", 1)[-1].removesuffix(".json")
            if not name.endswith(".json") or not HEX64.match(key):
                continue
            entry, problem = self._load(key)
            if problem is not None:
                self.warn(key, problem)
            elif entry is not None:
                yield entry

    def _writable(self) -> None:
        if self.read_only:
            raise OSError(errno.EROFS, f"the cache {self.root} is read-only in this run")

    def begin_body(self, url: str) -> PendingBody:
        """Spool a body for ``url`` to a local temporary file; :meth:`commit` uploads it."""
        self._writable()
        return PendingBody(page_url(url), self._spool / f"claimcheck-{url_key(url)}.body")

    def commit(
        self, pending: PendingBody, info: PageInfo, fetched_at: str | None = None
    ) -> CacheEntry:
        """Upload the body (unless an object with its digest is there), then the metadata."""
        pending.finish()
        url = pending.url
        key = url_key(url)
        old, _ = self._load(key)
        body = self._body(pending.sha256)
        if not self.store.exists(body):
            self.store.upload(body, pending.path)
        entry = page_entry(url, key, info, pending, Path(body), old, fetched_at or utc_now())
        entry = replace(entry, body_path=None, body_url=self.store.object_url(body))
        self.store.write(self._meta(key), dump_json(entry.to_json()))
        pending.committed = True
        with contextlib.suppress(OSError):
            pending.path.unlink()  # the spooled copy; the object is the body now
        return entry

    def put_failure(
        self,
        url: str,
        reason: str,
        detail: str | None,
        info: PageInfo | None = None,
        fetched_at: str | None = None,
    ) -> CacheEntry:
        """Record a failed fetch. A good page already stored is kept and returned."""
        self._writable()
        url = page_url(url)
        key = url_key(url)
        old, _ = self._load(key)
        if old is not None and old.ok:
            return old
        entry = failure_entry(url, key, reason, detail, info or PageInfo(), fetched_at or utc_now())
        self.store.write(self._meta(key), dump_json(entry.to_json()))
        return entry

    def touch(
        self,
        url: str,
        fetched_at: str | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> CacheEntry | None:
        """Mark a good entry as confirmed now (HTTP 304)."""
        self._writable()
        old, _ = self._load(url_key(url))
        if old is None or not old.ok:
            return None
        entry = replace(
            old,
            fetched_at=fetched_at or utc_now(),
            etag=etag or old.etag,
            last_modified=last_modified or old.last_modified,
        )
        self.store.write(self._meta(old.key), dump_json(entry.to_json()))
        return entry

    def delete(self, url: str) -> bool:
        # the metadata only: the body object may be named by another entry too
        return self.store.delete(self._meta(url_key(url)))

    def cleanup_temp(self, max_age: float = 0.0) -> int:
        """Nothing to clean: an upload that did not complete never became an object."""
        return 0
