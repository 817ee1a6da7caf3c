"""A cached page's record: :class:`CacheEntry` as stored in ``pages/<k[:2]>/<k>.json``, what a
writer knows of a page besides its bytes (:class:`PageInfo`), the URL key, and reading one entry
back with its body checked against the metadata.

Metadata keys: url, final_url, redirects (URLs that answered with a redirect, in order), status,
content_type, charset, etag, last_modified, fetched_at (ISO 8601 UTC, "Z"), sha256 and size of
the body, error (null, or {reason, detail} for a failed fetch: such an entry has no body),
provenance ("fetched", "imported" or "archived"), archive_url (the snapshot URL for archived
pages) and previous (null, or {sha256, fetched_at} of the body a later fetch replaced: drift).
The URL is hashed without its #fragment (a fragment is never sent to the server).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urldefrag

from claimcheck.store.atomic import PendingBody, file_sha256
from claimcheck.store.objects import read_url

StoredProvenance = Literal["fetched", "imported", "archived"]

HEX64 = re.compile(r"^[0-9a-f]{64}$")
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
    # the body on object storage (a cache at a URL), named by its sha256: see :mod:`.remote`
    body_url: str | None = field(default=None, compare=False)

    @property
    def ok(self) -> bool:
        has_body = self.body_path is not None or self.body_url is not None
        return self.error_reason is None and has_body

    def age_seconds(self, now: datetime | None = None) -> float | None:
        moment = parse_time(self.fetched_at)
        if moment is None:
            return None
        return ((now or datetime.now(UTC)) - moment).total_seconds()

    def read_body(self) -> bytes:
        if self.body_url is not None and self.sha256 is not None:
            return read_object_body(self.body_url, self.sha256)
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
            and HEX64.match(data["sha256"])
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


def page_entry(
    url: str,
    key: str,
    info: PageInfo,
    body: PendingBody,
    body_path: Path,
    old: CacheEntry | None,
    fetched_at: str,
) -> CacheEntry:
    """The entry for a new body of ``url``. When a good entry ``old`` with a different body is
    replaced, its sha256 and fetched_at become ``previous`` (drift); with the same body the
    earlier drift record is kept."""
    previous_sha = previous_at = None
    if old is not None and old.ok:
        if old.sha256 != body.sha256:
            previous_sha, previous_at = old.sha256, old.fetched_at
        else:
            previous_sha, previous_at = old.previous_sha256, old.previous_fetched_at
    return CacheEntry(
        url=url,
        key=key,
        fetched_at=fetched_at,
        final_url=info.final_url or url,
        redirects=info.redirects,
        status=info.status,
        content_type=info.content_type,
        charset=info.charset,
        etag=info.etag,
        last_modified=info.last_modified,
        sha256=body.sha256,
        size=body.size,
        provenance=info.provenance,
        archive_url=info.archive_url,
        previous_sha256=previous_sha,
        previous_fetched_at=previous_at,
        body_path=body_path,
    )


def failure_entry(
    url: str, key: str, reason: str, detail: str | None, info: PageInfo, fetched_at: str
) -> CacheEntry:
    """The entry that records a failed fetch of ``url``: no body."""
    return CacheEntry(
        url=url,
        key=key,
        fetched_at=fetched_at,
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


def load_entry(folder: Path, key: str) -> tuple[CacheEntry | None, str | None]:
    """The entry stored under ``key`` in its shard ``folder`` with its body checked, or the
    problem that makes it count as missing; (None, None) when there is none."""
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


def read_object_body(url: str, sha256: str) -> bytes:
    """A body kept on object storage under its sha256, checked against it: a reader never uses
    bytes that are not the page (a foreign or damaged object is an error, like a torn file)."""
    data = read_url(url)
    if hashlib.sha256(data).hexdigest() != sha256:
        raise ValueError(f"the stored body {url} does not match its sha256")
    return data
