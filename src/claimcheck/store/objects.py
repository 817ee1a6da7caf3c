"""Object storage under one URL prefix (``s3://bucket/prefix``, or any other fsspec URL), as the
cache needs it: whole objects read, written, listed and deleted.

Why whole objects are enough for the cache's guarantees: an object store makes an object visible
only once its upload is complete (a single PUT, or the last step of a multipart upload), so a
reader sees the old object or the new one, never half; the cache never updates an object in
place, it writes a new one whole.

fsspec (and s3fs for ``s3://``) is an optional extra, ``pip install 'claimcheck[s3]'``, imported
only when a cache URL is used. Credentials and endpoints come from the usual environment:
``AWS_ACCESS_KEY_ID``, ``AWS_SECRET_ACCESS_KEY``, ``AWS_PROFILE``, and ``AWS_ENDPOINT_URL`` (or
``AWS_ENDPOINT_URL_S3``) for an S3-compatible store such as MinIO, Ceph or R2.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from claimcheck.config import is_cache_url

# a URL with a scheme (s3://, gs://, az://, memory://, ...) is object storage; file:// and plain
# paths stay on the local code path, which is faster than going through fsspec
is_url = is_cache_url


# the schemes whose URLs start with a bucket or container that must exist beforehand
BUCKET_SCHEMES = frozenset({"s3", "s3a", "gs", "gcs", "az", "abfs", "abfss"})


class ObjectStoreMissing(RuntimeError):
    """fsspec (or the filesystem of the URL's scheme, e.g. s3fs) is not installed."""


def require(url: str) -> None:
    """Raise :class:`ObjectStoreMissing` with the install command when ``url`` cannot be used."""
    scheme = url.split("://", 1)[0].lower()
    try:
        import fsspec
    except ImportError:
        raise ObjectStoreMissing(_missing(url, scheme)) from None
    try:
        fsspec.get_filesystem_class(scheme)
    except ImportError as exc:  # a filesystem fsspec knows, whose package is not installed
        raise ObjectStoreMissing(f"{_missing(url, scheme)} ({exc})") from None
    except ValueError:
        raise ObjectStoreMissing(
            f"a cache at {url}: fsspec knows no filesystem for {scheme}:// (s3:// for S3 and "
            "S3-compatible stores, gs://, az://, ...)"
        ) from None


def _missing(url: str, scheme: str) -> str:
    if scheme in ("s3", "s3a"):
        return f"a cache at {url} needs fsspec and s3fs: pip install 'claimcheck[s3]'"
    return (
        f"a cache at {url} needs fsspec and the filesystem package for {scheme}:// (e.g. gcsfs "
        "for gs://, adlfs for az://): pip install 'claimcheck[s3]' and that package"
    )


class ObjectStore:
    """The objects under one URL prefix. Picklable: a Dask worker gets the URL and opens its own
    connection (the filesystem object is made on first use, not shipped)."""

    def __init__(self, url: str) -> None:
        self.url = url.rstrip("/")
        self._fs: Any = None
        self._base = ""

    def __getstate__(self) -> dict[str, Any]:
        return {"url": self.url}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["url"])  # type: ignore[misc]

    @property
    def fs(self) -> Any:
        if self._fs is None:
            require(self.url)
            from fsspec.core import url_to_fs

            self._fs, self._base = url_to_fs(self.url, **_options(self.url))
        return self._fs

    def path(self, rel: str) -> str:
        _ = self.fs  # sets _base
        return f"{self._base}/{rel}" if rel else self._base

    def check_bucket(self) -> None:
        """Raise FileNotFoundError when the URL's bucket (or container) does not exist, and the
        client library's own error when the store cannot be reached: a mistyped bucket must not
        read as an empty cache. Schemes without buckets are not checked."""
        if self.url.split("://", 1)[0].lower() not in BUCKET_SCHEMES:
            return
        self.fs.info(self.path("").lstrip("/").split("/", 1)[0])

    def object_url(self, rel: str) -> str:
        return f"{self.url}/{rel}"

    def read(self, rel: str) -> bytes | None:
        """The object's bytes; None when there is no such object."""
        try:
            data = self.fs.cat_file(self.path(rel))
        except FileNotFoundError:
            return None
        return bytes(data)

    def write(self, rel: str, data: bytes) -> None:
        """Store ``data`` as one object (visible whole, or not at all)."""
        self.fs.pipe_file(self.path(rel), data)

    def upload(self, rel: str, local: Path) -> None:
        """Store a local file as one object (multipart for big files: visible when complete)."""
        self.fs.put_file(str(local), self.path(rel))

    def exists(self, rel: str) -> bool:
        try:
            self.fs.info(self.path(rel))
        except FileNotFoundError:
            return False
        return True

    def delete(self, rel: str) -> bool:
        try:
            self.fs.rm_file(self.path(rel))
        except FileNotFoundError:
            return False
        return True

    def find(self, rel: str) -> list[str]:
        """Every object below ``rel``, as paths relative to the prefix, sorted."""
        base = self.path("")
        try:
            found = self.fs.find(self.path(rel))
        except FileNotFoundError:
            return []
        return sorted(str(p)[len(base) :].lstrip("/") for p in found)

    def invalidate(self) -> None:
        """Forget cached listings (another process may have written meanwhile)."""
        self.fs.invalidate_cache()


def _options(url: str) -> dict[str, Any]:
    """Storage options from the environment that not every client library reads by itself."""
    if not url.lower().startswith(("s3://", "s3a://")):
        return {}
    endpoint = os.environ.get("AWS_ENDPOINT_URL_S3") or os.environ.get("AWS_ENDPOINT_URL")
    options: dict[str, Any] = {}
    if endpoint:
        options["endpoint_url"] = endpoint
    # listings are re-read: another run may be writing into the same prefix
    options["use_listings_cache"] = False
    return options


def read_url(url: str) -> bytes:
    """One object by its full URL (a body a worker reads); raises OSError when it is missing."""
    prefix, _, name = url.rpartition("/")
    data = ObjectStore(prefix).read(name)
    if data is None:
        raise FileNotFoundError(f"no object {url}")
    return data
