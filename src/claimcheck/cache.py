"""The on-disk cache of downloaded pages, extracted text and other derived blobs.

Layout under the cache root (plain files, readable without claimcheck)::

    pages/<k[:2]>/<k>.body    raw bytes as received (after Content-Encoding is undone)
    pages/<k[:2]>/<k>.json    metadata, pretty JSON (below); k = sha256 hex of the URL
    text/<s[:2]>/<s>-v<version>.json   extracted text of a body; s = sha256 of the body
    blobs/<namespace>/<key[:2]>/<key>  other derived data (e.g. a per-page quantity index)
    README.md                 human notes; never touched here

The URL is hashed without its #fragment (a fragment is never sent to the server). Metadata keys:
url, final_url, redirects (URLs that answered with a redirect, in order), status, content_type,
charset, etag, last_modified, fetched_at (ISO 8601 UTC, "Z"), sha256 and size of the body,
error (null, or {reason, detail} for a failed fetch: such an entry has no body), provenance
("fetched", "imported" or "archived"), archive_url (the snapshot URL for archived pages) and
previous (null, or {sha256, fetched_at} of the body a later fetch replaced: drift).

Every file is written to a unique temporary name in its own folder, flushed, fsynced and renamed
into place, the body before the metadata. The metadata holds the body's sha256, so a reader that
finds a mismatch (or unparsable JSON) treats the entry as missing, logs one warning and never
crashes. Writers of one shard folder also take an advisory lock (POSIX) so that two processes
never interleave their body and metadata renames. A failure is never written over a good page.

A cache folder the process may not write (a CI cache restored read-only, a shared mount) can
still be read: :func:`declare_read_only` makes every Cache on that root skip storing derived
data (extracted text, verdicts, digests) instead of failing, which is all an offline run writes.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import logging
import mimetypes
import os
import re
import secrets
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urldefrag

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; the sha256 check still catches torn entries
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger("claimcheck")

StoredProvenance = Literal["fetched", "imported", "archived"]

TEMP_SUFFIX = ".tmp"
STALE_TEMP_SECONDS = 3600.0
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_SAFE_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$")
_META_KEYS = (
    "url",
    "final_url",
    "redirects",
    "status",
    "content_type",
    "charset",
    "etag",
    "last_modified",
    "fetched_at",
    "sha256",
    "size",
    "error",
    "provenance",
    "archive_url",
    "previous",
)
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


# cache roots this process reads but must not write (see declare_read_only); forked workers
# inherit it
_READ_ONLY_ROOTS: set[Path] = set()


def declare_read_only(root: Path) -> None:
    """Treat the cache at ``root`` as read-only in this process: derived data is not stored."""
    _READ_ONLY_ROOTS.add(Path(root).resolve())


def page_url(url: str) -> str:
    """The URL as stored and fetched: without its fragment."""
    return urldefrag(url.strip()).url


def url_key(url: str) -> str:
    return hashlib.sha256(page_url(url).encode("utf-8")).hexdigest()


def utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_time(stamp: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except (ValueError, AttributeError):
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def guess_content_type(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in _EXTRA_TYPES:
        return _EXTRA_TYPES[suffix]
    guessed, _ = mimetypes.guess_type(path.name)
    return guessed or "application/octet-stream"


def file_sha256(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


@dataclass(frozen=True)
class PageInfo:
    """What we know about a page besides its bytes (the caller fills it in)."""

    final_url: str | None = None
    redirects: tuple[str, ...] = ()
    status: int | None = None
    content_type: str | None = None
    charset: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    provenance: StoredProvenance = "fetched"
    archive_url: str | None = None


@dataclass(frozen=True)
class CacheEntry:
    """One page's metadata as stored; ``body_path`` is None for a recorded failure."""

    url: str
    key: str
    fetched_at: str
    final_url: str | None = None
    redirects: tuple[str, ...] = ()
    status: int | None = None
    content_type: str | None = None
    charset: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    sha256: str | None = None
    size: int | None = None
    error_reason: str | None = None
    error_detail: str | None = None
    provenance: StoredProvenance = "fetched"
    archive_url: str | None = None
    previous_sha256: str | None = None
    previous_fetched_at: str | None = None
    body_path: Path | None = field(default=None, compare=False)

    @property
    def ok(self) -> bool:
        return self.error_reason is None and self.body_path is not None

    def age_seconds(self, now: datetime | None = None) -> float | None:
        moment = parse_time(self.fetched_at)
        if moment is None:
            return None
        return ((now or datetime.now(UTC)) - moment).total_seconds()

    def read_body(self) -> bytes:
        if self.body_path is None:
            raise ValueError(f"no body stored for {self.url} ({self.error_reason})")
        return self.body_path.read_bytes()

    def to_json(self) -> dict[str, Any]:
        error = None
        if self.error_reason is not None:
            error = {"reason": self.error_reason, "detail": self.error_detail}
        previous = None
        if self.previous_sha256 is not None:
            previous = {"sha256": self.previous_sha256, "fetched_at": self.previous_fetched_at}
        return {
            "url": self.url,
            "final_url": self.final_url,
            "redirects": list(self.redirects),
            "status": self.status,
            "content_type": self.content_type,
            "charset": self.charset,
            "etag": self.etag,
            "last_modified": self.last_modified,
            "fetched_at": self.fetched_at,
            "sha256": self.sha256,
            "size": self.size,
            "error": error,
            "provenance": self.provenance,
            "archive_url": self.archive_url,
            "previous": previous,
        }

    @classmethod
    def from_json(cls, data: Any, key: str, body_path: Path | None) -> CacheEntry:
        """Parse stored metadata; raises ValueError (or TypeError/KeyError) when malformed."""
        if not isinstance(data, dict) or any(k not in data for k in _META_KEYS):
            raise ValueError("metadata is not an object with the expected keys")
        error = data["error"]
        previous = data["previous"]
        if error is not None and not isinstance(error, dict):
            raise ValueError("error must be null or an object")
        if previous is not None and not isinstance(previous, dict):
            raise ValueError("previous must be null or an object")
        if data["provenance"] not in ("fetched", "imported", "archived"):
            raise ValueError(f"unknown provenance {data['provenance']!r}")
        if not isinstance(data["url"], str) or not isinstance(data["fetched_at"], str):
            raise ValueError("url and fetched_at must be strings")
        if error is None and not (
            isinstance(data["sha256"], str)
            and _HEX64.match(data["sha256"])
            and isinstance(data["size"], int)
        ):
            raise ValueError("a page without error needs sha256 and size")
        redirects = data["redirects"]
        if not isinstance(redirects, list) or not all(isinstance(r, str) for r in redirects):
            raise ValueError("redirects must be a list of strings")
        return cls(
            url=data["url"],
            key=key,
            fetched_at=data["fetched_at"],
            final_url=data["final_url"],
            redirects=tuple(redirects),
            status=data["status"],
            content_type=data["content_type"],
            charset=data["charset"],
            etag=data["etag"],
            last_modified=data["last_modified"],
            sha256=data["sha256"],
            size=data["size"],
            error_reason=None if error is None else str(error.get("reason")),
            error_detail=None if error is None else error.get("detail"),
            provenance=data["provenance"],
            archive_url=data["archive_url"],
            previous_sha256=None if previous is None else previous.get("sha256"),
            previous_fetched_at=None if previous is None else previous.get("fetched_at"),
            body_path=body_path if error is None else None,
        )


def _temp_name(path: Path) -> Path:
    # pid + random: two processes (or threads) writing the same entry never share a temp file
    return path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}{TEMP_SUFFIX}")


def _fsync_dir(folder: Path) -> None:
    # makes the rename itself durable; not possible (nor needed) everywhere
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = _temp_name(path)
    try:
        with temp.open("wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    _fsync_dir(path.parent)


def _dump(data: Any) -> bytes:
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


@contextlib.contextmanager
def _folder_lock(folder: Path, shared: bool = False) -> Iterator[None]:
    """Advisory lock on a shard folder (flock on its directory fd: no lock files needed)."""
    if fcntl is None:
        yield
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        yield
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_SH if shared else fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


class PendingBody:
    """A body being downloaded straight into the cache folder, hashed on the way.

    Use as a context manager (or call :meth:`discard`): anything not committed is removed.
    """

    def __init__(self, url: str, final: Path) -> None:
        self.url = url
        self.final = final
        final.parent.mkdir(parents=True, exist_ok=True)
        self.path = _temp_name(final)
        self._fh = self.path.open("wb")
        self._digest = hashlib.sha256()
        self.size = 0
        self.committed = False

    def write(self, chunk: bytes) -> None:
        self._fh.write(chunk)
        self._digest.update(chunk)
        self.size += len(chunk)

    @property
    def sha256(self) -> str:
        return self._digest.hexdigest()

    def finish(self) -> None:
        if not self._fh.closed:
            self._fh.flush()
            os.fsync(self._fh.fileno())
            self._fh.close()

    def discard(self) -> None:
        if not self._fh.closed:
            self._fh.close()
        if not self.committed:
            with contextlib.suppress(OSError):
                self.path.unlink()

    def __enter__(self) -> PendingBody:
        return self

    def __exit__(self, *exc: object) -> None:
        self.discard()


class Cache:
    """Pages, failures, extracted text and blobs under one root folder (see module docstring)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.read_only = self.root.resolve() in _READ_ONLY_ROOTS
        self._warned: set[str] = set()
        self._lock = threading.Lock()
        self._cleaned: set[Path] = set()

    # -- paths -----------------------------------------------------------------------------

    @staticmethod
    def key_for(url: str) -> str:
        return url_key(url)

    def _folder(self, key: str) -> Path:
        return self.root / "pages" / key[:2]

    def body_path(self, url: str) -> Path:
        key = url_key(url)
        return self._folder(key) / f"{key}.body"

    def meta_path(self, url: str) -> Path:
        key = url_key(url)
        return self._folder(key) / f"{key}.json"

    # -- reading ---------------------------------------------------------------------------

    def get(self, url: str) -> CacheEntry | None:
        """The stored page for ``url`` if it is a good, intact one; else None."""
        entry = self.record(url)
        return entry if entry is not None and entry.ok else None

    def record(self, url: str) -> CacheEntry | None:
        """The stored entry, a good page or a recorded failure; None if missing or corrupt."""
        key = url_key(url)
        entry, problem = self._load(key)
        if problem is not None and "mismatch" in problem:
            # maybe another process is between its two renames: look again under its lock
            with _folder_lock(self._folder(key), shared=True):
                entry, problem = self._load(key)
        if problem is not None:
            self._warn(key, problem)
            return None
        if entry is not None and entry.url != page_url(url):
            self._warn(key, f"entry is for {entry.url!r}, not {page_url(url)!r}")
            return None
        return entry

    def _load(self, key: str) -> tuple[CacheEntry | None, str | None]:
        folder = self._folder(key)
        meta = folder / f"{key}.json"
        body = folder / f"{key}.body"
        try:
            raw = meta.read_bytes()
        except FileNotFoundError:
            return None, None
        except OSError as exc:
            return None, f"cannot read {meta}: {exc}"
        try:
            entry = CacheEntry.from_json(json.loads(raw), key, body)
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            return None, f"unreadable metadata {meta}: {exc}"
        if entry.error_reason is not None:
            return entry, None
        try:
            if body.stat().st_size != entry.size:
                return None, f"body/metadata mismatch in {body}: size differs"
            digest, _ = file_sha256(body)
        except OSError as exc:
            return None, f"body/metadata mismatch in {body}: {exc}"
        if digest != entry.sha256:
            return None, f"body/metadata mismatch in {body}: sha256 differs"
        return entry, None

    def _warn(self, key: str, problem: str) -> None:
        with self._lock:
            if key in self._warned:
                return
            self._warned.add(key)
        log.warning("cache entry ignored (will be fetched again): %s", problem)

    def list_entries(self) -> Iterator[CacheEntry]:
        """Every readable entry, good pages and recorded failures, in key order."""
        pages = self.root / "pages"
        if not pages.is_dir():
            return
        for folder in sorted(p for p in pages.iterdir() if p.is_dir()):
            self._clean_folder(folder, force=True)
            for meta in sorted(folder.glob("*.json")):
                key = meta.stem
                if not _HEX64.match(key):
                    continue
                entry, problem = self._load(key)
                if problem is not None:
                    self._warn(key, problem)
                elif entry is not None:
                    yield entry

    # -- writing pages ---------------------------------------------------------------------

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
        with _folder_lock(folder):
            old, _ = self._load(key)
            previous_sha = previous_at = None
            if old is not None and old.ok:
                if old.sha256 != pending.sha256:
                    previous_sha, previous_at = old.sha256, old.fetched_at
                else:
                    previous_sha, previous_at = old.previous_sha256, old.previous_fetched_at
            entry = CacheEntry(
                url=url,
                key=key,
                fetched_at=fetched_at or utc_now(),
                final_url=info.final_url or url,
                redirects=info.redirects,
                status=info.status,
                content_type=info.content_type,
                charset=info.charset,
                etag=info.etag,
                last_modified=info.last_modified,
                sha256=pending.sha256,
                size=pending.size,
                provenance=info.provenance,
                archive_url=info.archive_url,
                previous_sha256=previous_sha,
                previous_fetched_at=previous_at,
                body_path=folder / f"{key}.body",
            )
            os.replace(pending.path, folder / f"{key}.body")
            pending.committed = True
            atomic_write(folder / f"{key}.json", _dump(entry.to_json()))
        return entry

    def put(
        self, url: str, body: bytes, info: PageInfo | None = None, fetched_at: str | None = None
    ) -> CacheEntry:
        with self.begin_body(url) as pending:
            pending.write(body)
            return self.commit(pending, info or PageInfo(), fetched_at)

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
        with _folder_lock(folder):
            old, _ = self._load(key)
            if old is not None and old.ok:
                return old
            entry = CacheEntry(
                url=url,
                key=key,
                fetched_at=fetched_at or utc_now(),
                final_url=info.final_url,
                redirects=info.redirects,
                status=info.status,
                content_type=info.content_type,
                charset=info.charset,
                error_reason=reason,
                error_detail=detail,
                provenance=info.provenance,
                archive_url=info.archive_url,
            )
            atomic_write(folder / f"{key}.json", _dump(entry.to_json()))
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
        with _folder_lock(folder):
            old, _ = self._load(key)
            if old is None or not old.ok:
                return None
            entry = replace(
                old,
                fetched_at=fetched_at or utc_now(),
                etag=etag or old.etag,
                last_modified=last_modified or old.last_modified,
            )
            atomic_write(folder / f"{key}.json", _dump(entry.to_json()))
        return entry

    def delete(self, url: str) -> bool:
        key = url_key(url)
        folder = self._folder(key)
        removed = False
        with _folder_lock(folder):
            for name in (f"{key}.json", f"{key}.body"):  # metadata first: no orphan entry
                with contextlib.suppress(FileNotFoundError):
                    (folder / name).unlink()
                    removed = True
        return removed

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

    # -- temp files ------------------------------------------------------------------------

    def _clean_folder(self, folder: Path, force: bool = False) -> None:
        # once per folder and process: enough to stop leftovers from piling up
        if not force:
            with self._lock:
                if folder in self._cleaned:
                    return
                self._cleaned.add(folder)
        self._remove_stale_temps(folder)

    @staticmethod
    def _remove_stale_temps(folder: Path, max_age: float = STALE_TEMP_SECONDS) -> int:
        removed = 0
        cutoff = time.time() - max_age
        try:
            candidates = list(folder.glob(f".*{TEMP_SUFFIX}"))
        except OSError:
            return 0
        for temp in candidates:
            # only old ones: a fresh temp file may belong to a writer that is still busy
            with contextlib.suppress(OSError):
                if temp.stat().st_mtime < cutoff:
                    temp.unlink()
                    removed += 1
        return removed

    def cleanup_temp(self, max_age: float = STALE_TEMP_SECONDS) -> int:
        """Remove temporary files older than ``max_age`` seconds left by killed writers."""
        removed = 0
        for top in ("pages", "text", "blobs"):
            base = self.root / top
            if base.is_dir():
                for folder in [base, *(p for p in base.rglob("*") if p.is_dir())]:
                    removed += self._remove_stale_temps(folder, max_age)
        return removed

    # -- extracted text and other blobs ----------------------------------------------------

    def text_path(self, sha256: str, version: str) -> Path:
        if not _HEX64.match(sha256):
            raise ValueError(f"not a sha256 hex digest: {sha256!r}")
        version = str(version)
        if not _SAFE_NAME.match(version):
            raise ValueError(f"unsafe version string: {version!r}")
        return self.root / "text" / sha256[:2] / f"{sha256}-v{version}.json"

    def get_text(self, sha256: str, version: str) -> dict[str, Any] | None:
        path = self.text_path(sha256, version)
        try:
            data = json.loads(path.read_bytes())
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            self._warn(str(path), f"unreadable extracted text {path}: {exc}")
            return None
        if not isinstance(data, dict):
            self._warn(str(path), f"extracted text {path} is not a JSON object")
            return None
        return data

    def put_text(self, sha256: str, version: str, data: Mapping[str, Any]) -> Path:
        """Store extracted text (not in a read-only cache: it is derived, and rebuilt anyway)."""
        path = self.text_path(sha256, version)
        if not self.read_only:
            atomic_write(path, _dump(dict(data)))
        return path

    def blob_path(self, namespace: str, key: str) -> Path:
        for part in (namespace, key):
            if not _SAFE_NAME.match(part):
                raise ValueError(f"unsafe blob name: {part!r}")
        return self.root / "blobs" / namespace / key[:2] / key

    def get_blob(self, namespace: str, key: str) -> bytes | None:
        try:
            return self.blob_path(namespace, key).read_bytes()
        except FileNotFoundError:
            return None

    def put_blob(self, namespace: str, key: str, data: bytes) -> Path:
        """Store derived data (not in a read-only cache, like :meth:`put_text`)."""
        path = self.blob_path(namespace, key)
        if not self.read_only:
            atomic_write(path, data)
        return path
