"""Extraction and matching on a Dask cluster (``--dask ADDRESS``): each source page is one task,
submitted through ``distributed`` as soon as its download is committed, so the cluster reads
pages while the client is still fetching.

What stays on the client and why:

* **fetching**, with the per-host limits of :mod:`claimcheck.net` (in flight per host, a delay
  between two requests to one host, one deadline per download, Ctrl-C within a moment).
  Politeness needs one view of each host's queue, and downloads are I/O-bound: one process's
  threads fill a network link long before they fill a core. Spreading them over workers would
  make a site see many clients, and a ``distributed.Semaphore`` per host would bound only the
  concurrency (not the spacing of requests) at a scheduler round trip per request;
* **cached verdicts**: a source whose verdicts are all in the cache is answered here, which is
  cheaper than a task;
* **the report**: outcomes come back as records, and the report is assembled from them exactly
  as a local run assembles it, so its verdicts are the same byte for byte.

What the workers need: the claimcheck code (the same version: checked, because verdicts are
keyed by a digest of it) and the pages. They read pages and keep extracted text and verdicts
in the cache, so the cache must be where they can reach it: a local folder serves a
``LocalCluster`` or a cluster on this machine (or on a shared mount at the same path, checked
with a probe file); a cluster elsewhere needs the cache on object storage (``--cache-dir
s3://...``). ``path:`` sources a worker cannot read are shipped to it with the task.

A worker that dies loses only the task it was running: Dask runs that task again elsewhere,
and everything finished is in the cache already, so a rerun after a lost cluster starts there.
A page that kills every worker it is given (out of memory, say) costs that page's verdicts
(``internal_error``), as any page that breaks the checker does, not the audit.
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import tempfile
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from claimcheck.config import Settings
from claimcheck.match import unreadable
from claimcheck.model.claims import Article
from claimcheck.net import FetchResult
from claimcheck.pipeline.keys import matcher_version
from claimcheck.pipeline.plan import (
    FigureJob,
    Location,
    SourceJob,
    Stage,
    cited_locations,
    no_stage,
)
from claimcheck.pipeline.sources import check_as_fetched
from claimcheck.pipeline.workers import Landed, PagePool, SourceOutcome, check_source
from claimcheck.store import Cache, PageStore
from claimcheck.store.objects import ObjectStore

LOCAL = "local"  # --dask local: a LocalCluster on this machine
CONNECT_TIMEOUT = "20s"
# Task retries cover errors raised by the task itself on a worker; a worker that dies is handled
# by the scheduler, which gives the task to another (up to distributed.scheduler.allowed-failures)
RETRIES = 1


class ClusterError(RuntimeError):
    """The cluster could not be used as asked (unreachable, other code, cannot see the cache)."""


@contextlib.contextmanager
def connect(address: str, workers: int) -> Iterator[Any]:
    """A ``distributed.Client`` for ``address``; ``local`` starts a LocalCluster of ``workers``
    processes with one thread each (extraction and matching are Python code that holds the GIL:
    threads of one process would take turns; a process per core runs them side by side, and an
    odd page that exhausts memory takes down one worker, which its nanny restarts)."""
    from distributed import Client, LocalCluster

    if address == LOCAL:
        with warnings.catch_warnings():
            # the scheduler's HTTP server (metrics) moves off a taken port by itself and says
            # so as a warning: noise on a run's stderr, and nothing the user has to do
            warnings.filterwarnings("ignore", message="Port .* is already in use")
            cluster = LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
        with cluster, Client(cluster) as client:
            yield client
        return
    try:
        client = Client(address, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as exc:
        raise ClusterError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
    with client:
        yield client


def fetch_and_check(
    articles: Sequence[Article],
    settings: Settings,
    cache: PageStore,
    by_source: Mapping[Location, list[FigureJob]],
    progress: Callable[[FetchResult], None] | None = None,
    stage: Stage = no_stage,
    label: str = "checking figures",
    on_outcome: Callable[[SourceOutcome], None] | None = None,
) -> tuple[dict[Location, FetchResult], list[SourceOutcome]]:
    """Fetch every source here and check each on the cluster ``settings.dask`` as it arrives;
    with ``by_source`` empty the workers only extract (and cache) each page's text.
    ``on_outcome`` hears each outcome as it is done (on this thread)."""
    assert settings.dask is not None
    if isinstance(cache, Cache):  # workers have working folders of their own
        cache = Cache(cache.root.resolve())
    root = cache.root
    workers = min(settings.jobs, os.cpu_count() or 1)
    with connect(settings.dask, workers) as client:
        ships = settings.dask != LOCAL and not _workers_see(client, settings)
        advance = stage(label, len(cited_locations(articles)))
        with PagePool(root, DaskRunner(client, root, ships), advance, on_outcome) as pool:
            return check_as_fetched(articles, settings, cache, by_source, pool, progress)


class DaskRunner:
    """Each job a task on the cluster, its outcome handed back from the task's done callback
    (which distributed runs on a thread of its own)."""

    def __init__(self, client: Any, root: Path | str, ships: bool) -> None:
        self.client = client
        self.root = root
        self.ships = ships  # the workers cannot read this machine's files: send path: bodies
        self.futures: dict[str, Any] = {}

    def __call__(self, job: SourceJob, landed: Landed) -> None:
        if self.ships and job.location.local:
            job = replace(job, body=job.fetch.read_body())
        key = f"check-source-{secrets.token_hex(8)}"
        future = self.client.submit(
            check_source, job, self.root, key=key, retries=RETRIES, pure=False
        )
        self.futures[key] = future
        future.add_done_callback(lambda done: self._done(done, job, landed))

    def _done(self, future: Any, job: SourceJob, landed: Landed) -> None:
        try:
            outcome: SourceOutcome | BaseException = _outcome(future, job)
        except BaseException as exc:  # the cluster lost: the run stops with it
            outcome = exc
        self.futures.pop(future.key, None)
        future.release()
        landed(outcome)

    def close(self, failed: bool) -> None:
        if failed:  # Ctrl-C: what finished is in the cache; stop the rest now
            with contextlib.suppress(Exception):
                self.client.cancel(list(self.futures.values()))


def _outcome(future: Any, job: SourceJob) -> SourceOutcome:
    """A finished task's outcome; a task the cluster could not finish costs its own figures."""
    if future.status == "finished":
        outcome: SourceOutcome = future.result()
        return outcome
    if future.status == "cancelled":
        raise ClusterError("lost the Dask cluster; run again to resume (the cache holds what "
                           "finished)")  # fmt: skip
    exc = future.exception()
    detail = f"the Dask cluster could not check this source ({type(exc).__name__}: {exc})"
    error = ("internal_error", detail)
    results = tuple(
        (fj.slot, unreadable(fj.figure, fj.source_key, fj.url, *error)) for fj in job.figures
    )
    return SourceOutcome(job.location, error, results)


def _workers_see(client: Any, settings: Settings) -> bool:
    """Whether the workers read this machine's files where it does, checked with a probe file;
    also refuses workers with other checker code (their verdicts would be keyed apart)."""
    versions = set(client.run(matcher_version).values())
    if versions - {matcher_version()}:
        raise ClusterError(
            "the Dask workers run other claimcheck code than this client (matcher "
            f"{', '.join(sorted(versions))}; here {matcher_version()}): install the same "
            "claimcheck on them"
        )
    if settings.cache_url is not None:
        _workers_use(client, settings.cache_url)
    local_cache = settings.cache_url is None
    folder = Path(settings.cache_dir) if local_cache else Path(tempfile.gettempdir())
    token = secrets.token_hex(16)
    probe = folder / f".claimcheck-probe-{token}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe.write_text(token, encoding="utf-8")
        seen = client.run(_reads, str(probe.resolve()), token)
    finally:
        with contextlib.suppress(OSError):
            probe.unlink()
    if all(seen.values()):
        return True
    if local_cache:
        blind = sorted(address for address, ok in seen.items() if not ok)
        raise ClusterError(
            f"the Dask workers {', '.join(blind)} cannot read the cache folder "
            f"{settings.cache_dir}: put the cache on object storage (--cache-dir "
            "s3://bucket/prefix) or on a folder every worker mounts at the same path"
        )
    return False


def _workers_use(client: Any, url: str) -> None:
    """Every worker reads and writes the cache on object storage, or the run stops before it
    fetches anything: a worker without the credentials or the endpoint would fail every page."""
    token = secrets.token_hex(16)
    store = ObjectStore(url)
    probe = f".claimcheck-probe/{token}"
    store.write(probe, token.encode())
    try:
        problems = {a: p for a, p in client.run(_uses_store, url, probe, token).items() if p}
    finally:
        with contextlib.suppress(Exception):
            store.delete(probe)
    if problems:
        told = "; ".join(f"{address}: {why}" for address, why in sorted(problems.items()))
        raise ClusterError(
            f"the Dask workers cannot use the cache {url} ({told}): give them the "
            "credentials and endpoint this client has (AWS_ACCESS_KEY_ID, "
            "AWS_SECRET_ACCESS_KEY or AWS_PROFILE, AWS_ENDPOINT_URL)"
        )


def _uses_store(url: str, probe: str, token: str) -> str | None:
    """On a worker: None when it reads the client's probe object and writes one of its own;
    else what went wrong."""
    store = ObjectStore(url)
    mine = f"{probe}-{secrets.token_hex(4)}"
    try:
        if store.read(probe) != token.encode():
            return "the probe object this client wrote is not there"
        store.write(mine, b"")
        store.delete(mine)
    except Exception as exc:  # any client library's error: botocore, gcsfs, adlfs ...
        return str(exc) or type(exc).__name__
    return None


def _reads(path: str, token: str) -> bool:
    """On a worker: does ``path`` hold ``token``?"""
    try:
        return Path(path).read_text(encoding="utf-8") == token
    except OSError:
        return False
