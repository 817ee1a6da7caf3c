"""The on-disk cache of downloaded pages: the raw bytes of every cited page and what we know
about each (:class:`~claimcheck.store.entry.CacheEntry`), and the failures of the last attempt.

Layout under the cache root (plain files, readable without claimcheck)::

    pages/<k[:2]>/<k>.body    raw bytes as received (after Content-Encoding is undone)
    pages/<k[:2]>/<k>.json    metadata, pretty JSON (see :mod:`.entry`); k = sha256 hex of the URL
    text/..., blobs/...       data derived from the bodies (:mod:`.derived`)
    README.md                 human notes; never touched here

Every file is written to a unique temporary name in its own folder, flushed, fsynced and renamed
into place, the body before the metadata (:mod:`.atomic`). The metadata holds the body's sha256,
so a reader that finds a mismatch (or unparsable JSON) treats the entry as missing, logs one
warning and never crashes. Writers of one shard folder also take an advisory lock (POSIX) so that
two processes never interleave their body and metadata renames. A failure is never written over
a good page.

A cache folder the process may not write (a CI cache restored read-only, a shared mount) can
still be read: :func:`~claimcheck.store.atomic.declare_read_only` makes every store on that root
skip storing derived data (extracted text, verdicts, digests) instead of failing, which is all an
offline run writes.
"""

from __future__ import annotations

import contextlib
import errno
import mimetypes
import os
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from claimcheck.store.atomic import (
    STALE_TEMP_SECONDS,
    PendingBody,
    Sweeper,
    atomic_write,
    dump_json,
    folder_lock,
    is_read_only,
    sweep_below,
)
from claimcheck.store.derived import DERIVED_FOLDERS
from claimcheck.store.entry import (
    HEX64,
    CacheEntry,
    PageInfo,
    failure_entry,
    load_entry,
    page_entry,
    page_url,
    url_key,
    utc_now,
)
from claimcheck.store.warnings import WarnOnce

_EXTRA_TYPES = {
    ".html": "text/html",
    ".htm": "text/html",
    ".xhtml": "application/xhtml+xml",
    ".pdf": "application/pdf",
    ".txt": "text/plain",
    ".md": "text/markdown",
    ".json": "application/json",
    ".csv": "text/csv",
    ".xml": "application/xml",
}


def guess_content_type(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in _EXTRA_TYPES:
        return _EXTRA_TYPES[suffix]
    guessed, _ = mimetypes.guess_type(path.name)
    return guessed or "application/octet-stream"


class PageStoreBase:
    """What both page stores (this folder cache and the one on object storage) do the same way
    on top of their own ``_load``, ``begin_body`` and ``commit``: look an entry up, store a
    body given whole or a file."""

    warn: WarnOnce

    def _load(self, key: str) -> tuple[CacheEntry | None, str | None]:
        """The entry stored under ``key``, or the problem that makes it count as missing."""
        raise NotImplementedError

    def get(self, url: str) -> CacheEntry | None:
        """The stored page for ``url`` if it is a good, intact one; else None."""
        entry = self.record(url)
        return entry if entry is not None and entry.ok else None

    def record(self, url: str) -> CacheEntry | None:
        """The stored entry, a good page or a recorded failure; None if missing or corrupt."""
        key = url_key(url)
        entry, problem = self._load(key)
        if problem is not None:
            self.warn(key, problem)
            return None
        if entry is not None and entry.url != page_url(url):
            self.warn(key, f"entry is for {entry.url!r}, not {page_url(url)!r}")
            return None
        return entry

    def begin_body(self, url: str) -> PendingBody:
        raise NotImplementedError

    def commit(
        self, pending: PendingBody, info: PageInfo, fetched_at: str | None = None
    ) -> CacheEntry:
        raise NotImplementedError

    def put(
        self, url: str, body: bytes, info: PageInfo | None = None, fetched_at: str | None = None
    ) -> CacheEntry:
        with self.begin_body(url) as pending:
            pending.write(body)
            return self.commit(pending, info or PageInfo(), fetched_at)

    def import_file(self, url: str, path: Path, content_type: str | None = None) -> CacheEntry:
        """Store a page saved by hand (e.g. from a browser past a bot wall) as ``url``."""
        path = Path(path)
        info = PageInfo(
            final_url=page_url(url),
            content_type=content_type or guess_content_type(path),
            provenance="imported",
        )
        with self.begin_body(url) as pending, path.open("rb") as fh:
            while chunk := fh.read(1 << 20):
                pending.write(chunk)
            return self.commit(pending, info)


class Cache(PageStoreBase):
    """Pages and recorded failures under one root folder (see the module docstring)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.read_only = is_read_only(self.root)
        self.warn = WarnOnce()
        self._sweeper = Sweeper()

    def _folder(self, key: str) -> Path:
        return self.root / "pages" / key[:2]

    def body_path(self, url: str) -> Path:
        key = url_key(url)
        return self._folder(key) / f"{key}.body"

    def meta_path(self, url: str) -> Path:
        key = url_key(url)
        return self._folder(key) / f"{key}.json"

    def _load(self, key: str) -> tuple[CacheEntry | None, str | None]:
        entry, problem = load_entry(self._folder(key), key)
        if problem is not None and "mismatch" in problem:
            # maybe another process is between its two renames: look again under its lock
            with folder_lock(self._folder(key), shared=True):
                entry, problem = load_entry(self._folder(key), key)
        return entry, problem

    def list_entries(self) -> Iterator[CacheEntry]:
        """Every readable entry, good pages and recorded failures, in key order."""
        pages = self.root / "pages"
        if not pages.is_dir():
            return
        for folder in sorted(p for p in pages.iterdir() if p.is_dir()):
            self._clean_folder(folder, force=True)
            for meta in sorted(folder.glob("*.json")):
                key = meta.stem
                if not HEX64.match(key):
                    continue
                entry, problem = load_entry(self._folder(key), key)
                if problem is not None:
                    self.warn(key, problem)
                elif entry is not None:
                    yield entry

    def _writable(self) -> None:
        if self.read_only:
            raise OSError(errno.EROFS, f"the cache {self.root} is read-only in this run")

    def begin_body(self, url: str) -> PendingBody:
        """Start writing a body for ``url``; finish with :meth:`commit` (or discard it)."""
        self._writable()
        return PendingBody(page_url(url), self.body_path(url))

    def commit(
        self, pending: PendingBody, info: PageInfo, fetched_at: str | None = None
    ) -> CacheEntry:
        """Move a downloaded body into place and write its metadata.

        When a good entry with a different body is replaced, its sha256 and fetched_at become
        ``previous`` (drift); with the same body the earlier drift record is kept.
        """
        pending.finish()
        url = pending.url
        key = url_key(url)
        folder = self._folder(key)
        self._clean_folder(folder)
        with folder_lock(folder):
            old, _ = load_entry(folder, key)
            body = folder / f"{key}.body"
            entry = page_entry(url, key, info, pending, body, old, fetched_at or utc_now())
            os.replace(pending.path, body)
            pending.committed = True
            atomic_write(folder / f"{key}.json", dump_json(entry.to_json()))
        return entry

    def put_failure(
        self,
        url: str,
        reason: str,
        detail: str | None,
        info: PageInfo | None = None,
        fetched_at: str | None = None,
    ) -> CacheEntry:
        """Record a failed fetch (no body). A good page already stored is kept and returned."""
        self._writable()
        info = info or PageInfo()
        url = page_url(url)
        key = url_key(url)
        folder = self._folder(key)
        folder.mkdir(parents=True, exist_ok=True)
        with folder_lock(folder):
            old, _ = load_entry(folder, key)
            if old is not None and old.ok:
                return old
            entry = failure_entry(url, key, reason, detail, info, fetched_at or utc_now())
            atomic_write(folder / f"{key}.json", dump_json(entry.to_json()))
            with contextlib.suppress(FileNotFoundError):
                (folder / f"{key}.body").unlink()  # a stray body without metadata
        return entry

    def touch(
        self,
        url: str,
        fetched_at: str | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> CacheEntry | None:
        """Mark a good entry as confirmed now (HTTP 304); new validators replace old ones."""
        self._writable()
        key = url_key(url)
        folder = self._folder(key)
        with folder_lock(folder):
            old, _ = load_entry(folder, key)
            if old is None or not old.ok:
                return None
            entry = replace(
                old,
                fetched_at=fetched_at or utc_now(),
                etag=etag or old.etag,
                last_modified=last_modified or old.last_modified,
            )
            atomic_write(folder / f"{key}.json", dump_json(entry.to_json()))
        return entry

    def delete(self, url: str) -> bool:
        key = url_key(url)
        folder = self._folder(key)
        removed = False
        with folder_lock(folder):
            for name in (f"{key}.json", f"{key}.body"):  # metadata first: no orphan entry
                with contextlib.suppress(FileNotFoundError):
                    (folder / name).unlink()
                    removed = True
        return removed

    def _clean_folder(self, folder: Path, force: bool = False) -> None:
        self._sweeper.sweep(folder, force)

    def cleanup_temp(self, max_age: float = STALE_TEMP_SECONDS) -> int:
        """Remove temporary files older than ``max_age`` seconds left by killed writers."""
        return sweep_below([self.root / top for top in ("pages", *DERIVED_FOLDERS)], max_age)
