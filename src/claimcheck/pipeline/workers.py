"""Checking figures against their sources, a source at a time: read the page (text cache, else
extraction), index it once, match every figure that cites it, keep the verdicts. Sources run in
worker processes when there are several cores and sources; a warm run answers from the verdict
cache without a worker.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Protocol

from claimcheck.extract import EXTRACTOR_VERSION, extract
from claimcheck.match import build_index, claimed_figure, match_figure, unreadable
from claimcheck.model.document import Document, ExtractFailure
from claimcheck.model.results import FigureResult
from claimcheck.model.vocab import Reason
from claimcheck.net import FetchResult
from claimcheck.pipeline.keys import results_key
from claimcheck.pipeline.plan import Location, SourceJob, no_advance
from claimcheck.store import CacheRoot, Derived
from claimcheck.store.derived import (
    cached_document,
    cached_verdicts,
    keep_document,
    keep_verdicts,
)

log = logging.getLogger("claimcheck")

# below this many sources a pool costs more to start than it saves
MIN_POOL_SOURCES = 4

Slot = tuple[int, int, int]  # (claim number, figure number, source number within the claim)


@dataclass(frozen=True)
class SourceOutcome:
    location: Location
    error: tuple[str, str] | None  # (reason, detail) when the source could not be read
    results: tuple[tuple[Slot, FigureResult], ...]


def check_source(job: SourceJob, cache_root: CacheRoot | None) -> SourceOutcome:
    """Read one source (text cache, else extraction) and check every figure that cites it.

    Verdicts are kept per source body in the cache, keyed by the matcher's code version, so a
    warm re-audit neither parses nor indexes a page whose figures it has already checked. A bug
    met on one odd page costs that page's verdicts (unverifiable, ``internal_error``, with the
    traceback logged), not the whole audit.
    """
    try:
        return _check_source(job, cache_root)
    except Exception as exc:  # one page must not sink a thousand-page audit
        log.warning("internal error while checking %s", job.location, exc_info=True)
        return internal_error(job, exc)


def internal_error(job: SourceJob, exc: BaseException) -> SourceOutcome:
    """The outcome of a source the checker broke on: every figure unverifiable, with why."""
    error = ("internal_error", f"claimcheck failed on this source ({exc!r}); please report it")
    return SourceOutcome(job.location, error, _unreadable_all(job, error))


def _check_source(job: SourceJob, cache_root: CacheRoot | None) -> SourceOutcome:
    cache = Derived(cache_root) if cache_root is not None else None
    f = job.fetch
    if not f.ok:
        unread = (f.error_reason or "unreadable", f.error_detail or "")
        return SourceOutcome(job.location, unread, _unreadable_all(job, unread))
    stored = _load_results(cache, f.sha256)
    results: dict[str, dict] = dict(stored)
    missing = [fj for fj in job.figures if fj.signature() not in results]
    if missing or not job.figures:
        document = _document(f, cache, job.body)
        if isinstance(document, ExtractFailure):
            failed = (document.reason, document.detail)
            return SourceOutcome(job.location, failed, _unreadable_all(job, failed))
        index = build_index(document) if missing else None
        for fj in missing:
            assert index is not None
            claimed = claimed_figure(fj.figure, fj.claim, fj.position)
            if claimed is None:
                result = unreadable(
                    fj.figure, fj.source_key, fj.url, "unparsed", "no quantity in the figure"
                )
            else:
                result = match_figure(claimed, index, fj.source_key, fj.url)
            results[fj.signature()] = result.to_json()
        if missing and cache is not None and f.sha256:
            keep_verdicts(cache, results_key(f.sha256), results)
    out = tuple((fj.slot, FigureResult.from_json(results[fj.signature()])) for fj in job.figures)
    return SourceOutcome(job.location, None, out)


def _unreadable_all(
    job: SourceJob, error: tuple[str, str]
) -> tuple[tuple[Slot, FigureResult], ...]:
    reason, detail = error
    return tuple(
        (fj.slot, unreadable(fj.figure, fj.source_key, fj.url, reason, detail))
        for fj in job.figures
    )


def _load_results(derived: Derived | None, sha: str | None) -> dict[str, dict]:
    if derived is None or not sha:
        return {}
    return cached_verdicts(derived, results_key(sha))


def _document(
    result: FetchResult, derived: Derived | None, shipped: bytes | None = None
) -> Document | ExtractFailure:
    """The source's extracted text: from the text cache, else extracted (and then cached)."""
    sha = result.sha256
    if derived is not None and sha:
        stored = cached_document(derived, sha, EXTRACTOR_VERSION)
        if stored is not None:
            return stored
    try:
        body = shipped if shipped is not None else result.read_body()
    except (OSError, ValueError) as exc:
        return ExtractFailure(Reason.FILE_ERROR, f"cannot read the stored body: {exc}")
    document = extract(
        body, result.content_type, result.charset, url=result.final_url or result.url
    )
    if derived is not None and sha:
        keep_document(derived, sha, EXTRACTOR_VERSION, document)
    return document


def cached_outcome(job: SourceJob, cache: Derived | None) -> SourceOutcome | None:
    """The outcome without reading the page, when every verdict it needs is cached."""
    f = job.fetch
    if not f.ok or not job.figures:
        return None
    stored = _load_results(cache, f.sha256)
    try:
        out = tuple((fj.slot, FigureResult.from_json(stored[fj.signature()])) for fj in job.figures)
    except (KeyError, TypeError, ValueError):
        return None
    return SourceOutcome(job.location, None, out)


# a finished job's outcome, or what stopped the run (a cluster lost mid-run)
Landed = Callable[[SourceOutcome | BaseException], None]


class Runner(Protocol):
    """Where the jobs a PagePool hands out run: worker processes here, or a Dask cluster."""

    def __call__(self, job: SourceJob, landed: Landed) -> None:
        """Start ``job``; call ``landed`` (from any thread) once it is done."""

    def close(self, failed: bool) -> None:
        """Wait for nothing more; with ``failed`` (Ctrl-C, an error) stop what still runs."""


class ProcessRunner:
    """Jobs in worker processes of this machine."""

    def __init__(self, cache_root: CacheRoot | None, workers: int) -> None:
        self.cache_root = cache_root
        # started before any download thread, so that forking copies no thread's lock
        context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
        self.pool = context.Pool(workers, initializer=_worker_signals)

    def __call__(self, job: SourceJob, landed: Landed) -> None:
        self.pool.apply_async(
            _check,
            ((job, self.cache_root),),
            callback=landed,
            # what check_source does not catch (an outcome that cannot be sent back)
            error_callback=lambda exc: landed(internal_error(job, exc)),
        )

    def close(self, failed: bool) -> None:
        if failed:  # a half-written cache file is a temp name nobody reads
            self.pool.terminate()
        else:
            self.pool.close()
        self.pool.join()


def local_runner(cache_root: CacheRoot | None, workers: int, sources: int) -> Runner | None:
    """Worker processes when there are several cores and sources; else None (checked inline)."""
    if workers > 1 and sources >= MIN_POOL_SOURCES:
        return ProcessRunner(cache_root, workers)
    return None


class PagePool:
    """Source jobs checked as they are handed in, on a Runner (or inline without one), while
    the caller goes on fetching the next pages. ``on_outcome`` hears each outcome the moment
    it is done, under a lock (from the caller's thread, or the runner's).

    Sources whose verdicts are all cached, and sources that could not be read, are answered
    here at once: handing them out would cost more than the answer. Use it as a context
    manager: leaving it by an exception (Ctrl-C) stops the runner at once, not after its queue.
    """

    def __init__(
        self,
        cache_root: CacheRoot | None,
        runner: Runner | None,
        advance: Callable[[int], None] = no_advance,
        on_outcome: Callable[[SourceOutcome], None] | None = None,
    ) -> None:
        self.cache_root = cache_root
        self.cache = Derived(cache_root) if cache_root is not None else None
        self.runner = runner
        self.advance = advance
        self.on_outcome = on_outcome
        self.done: list[SourceOutcome] = []
        self.lock = threading.Condition()  # an RLock inside: _keep runs within _landed
        self.running = 0
        self.failure: BaseException | None = None  # met on the runner's thread, raised here

    def __enter__(self) -> PagePool:
        return self

    def __exit__(self, kind: object, *_: object) -> None:
        if self.runner is not None:
            self.runner.close(failed=kind is not None)

    def submit(self, job: SourceJob) -> None:
        self._raise()
        outcome = cached_outcome(job, self.cache)
        if outcome is not None:
            self._keep(outcome)
        elif self.runner is None or not job.fetch.ok:
            self._keep(check_source(job, self.cache_root))  # unread pages cost nothing here
        else:
            with self.lock:
                self.running += 1
            self.runner(job, self._landed)

    def finish(self) -> list[SourceOutcome]:
        """Every outcome, once the last job handed in is done."""
        with self.lock:
            while self.running and self.failure is None:
                self.lock.wait(0.2)  # a timeout, so that Ctrl-C is heard while workers work
        self._raise()
        return self.done

    def _landed(self, outcome: SourceOutcome | BaseException) -> None:
        # on the runner's thread: an exception here would stop it hearing any other job
        try:
            if isinstance(outcome, BaseException):
                raise outcome
            self._keep(outcome)
        except BaseException as exc:
            self.failure = self.failure or exc
        finally:
            with self.lock:
                self.running -= 1
                self.lock.notify_all()

    def _keep(self, outcome: SourceOutcome) -> None:
        with self.lock:
            self.advance(1)
            self.done.append(heard(outcome, self.on_outcome))

    def _raise(self) -> None:
        if self.failure is not None:
            raise self.failure


def heard(
    outcome: SourceOutcome, on_outcome: Callable[[SourceOutcome], None] | None
) -> SourceOutcome:
    """The outcome to keep: whole, or without the results ``on_outcome`` took (so that a run
    streaming its report does not hold every figure's result to the end)."""
    if on_outcome is None:
        return outcome
    on_outcome(outcome)
    return replace(outcome, results=())


def _check(args: tuple[SourceJob, CacheRoot | None]) -> SourceOutcome:
    return check_source(*args)


def _worker_signals() -> None:
    # the parent decides what an interrupt means; a worker only ever ends by being terminated
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
