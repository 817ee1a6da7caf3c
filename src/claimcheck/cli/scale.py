"""What running at scale needs before a run starts, checked so that a wrong setting costs a
second and exit 2, not an hour: the Dask extra for ``--dask``, and a cache on object storage
that can be reached (and written, unless ``--offline``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn

import typer

from claimcheck.cli.status import ExitStatus
from claimcheck.config import Settings


def fail(message: str) -> NoReturn:
    # as cli.common.fail says it (common calls into this module, so it cannot be imported here)
    typer.echo(f"claimcheck: error: {message}", err=True)
    raise typer.Exit(ExitStatus.ERROR)


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
    """A cache at a URL: its filesystem installed, and a probe object written and removed. An
    offline run only reads pages, so a cache it may not write is read as it is."""
    url = settings.cache_url
    if url is None:
        return
    import secrets

    from claimcheck.store import ObjectStoreMissing, declare_read_only
    from claimcheck.store.objects import ObjectStore, require

    try:
        require(url)
    except ObjectStoreMissing as exc:
        fail(str(exc))
    store = ObjectStore(url)
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
