"""What running at scale needs before a run starts, checked so that a wrong setting costs a
second and exit 2, not an hour: the Dask extra for ``--dask``, and a cache on object storage
that can be reached (and written, unless ``--offline``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import typer

from claimcheck.cli.status import fail
from claimcheck.config import Settings

if TYPE_CHECKING:
    from claimcheck.store.objects import ObjectStore


def check_dask(settings: Settings) -> None:
    """``--dask`` needs distributed: without it, say how to install it (exit 2)."""
    if settings.dask is None:
        return
    try:
        import distributed  # noqa: F401
    except ImportError:
        fail(
            f"--dask {settings.dask} needs Dask's distributed scheduler, which is not installed: "
            "pip install 'claimcheck[dask]'"
        )


def check_object_cache(settings: Settings) -> None:
    """A cache at a URL: its filesystem installed, its bucket there and reachable, and a probe
    object written and removed. An offline run only reads pages, so a cache
    it may not write is read as it is; one it cannot read is exit 2 all the same."""
    url = settings.cache_url
    if url is None:
        return
    import secrets

    from claimcheck.store import declare_read_only

    store = readable_store(url)
    probe = f".claimcheck-probe/{secrets.token_hex(8)}"
    try:
        store.write(probe, b"claimcheck checks that it may write here\n")
        store.delete(probe)
    except Exception as exc:  # any client library's error: botocore, gcsfs, adlfs ...
        why = str(exc) or type(exc).__name__
        if settings.offline:
            declare_read_only(url)
            typer.echo(
                f"note: cache {url} is not writable ({why}); reading it as it is, storing "
                "nothing (--offline)",
                err=True,
            )
            return
        fail(f"cache {url} is not writable: {why}")


def readable_store(url: str) -> ObjectStore:
    """The object store at ``url``, or exit 2: its filesystem missing, no such bucket, or a
    store that cannot be reached (wrong endpoint, no credentials)."""
    from claimcheck.store import ObjectStoreMissing
    from claimcheck.store.objects import ObjectStore, require

    try:
        require(url)
    except ObjectStoreMissing as exc:
        fail(str(exc))
    store = ObjectStore(url)
    try:
        store.check_bucket()
    except FileNotFoundError:
        fail(f"cache {url}: there is no such bucket (create it, or correct --cache-dir)")
    except Exception as exc:  # any client library's error: botocore, gcsfs, adlfs ...
        fail(f"cache {url} cannot be read: {str(exc) or type(exc).__name__}")
    return store


@contextmanager
def cluster_errors() -> Iterator[None]:
    """A Dask cluster that cannot be used as asked is exit 2, with what to do about it."""
    try:
        yield
    except Exception as exc:
        from claimcheck.pipeline.cluster import ClusterError

        if not isinstance(exc, ClusterError):
            raise
        fail(str(exc))
