"""Checking figures against their sources, a source at a time: read the page (text cache, else
extraction), index it once, match every figure that cites it, keep the verdicts. Sources run in
worker processes when there are several cores and sources; a warm run answers from the verdict
cache without a worker.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, replace

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


def check_sources(
    jobs: list[SourceJob],
    cache_root: CacheRoot | None,
    workers: int,
    advance: Callable[[int], None] = no_advance,
    on_outcome: Callable[[SourceOutcome], None] | None = None,
) -> list[SourceOutcome]:
    """Run the source jobs, in worker processes when there are several cores and sources;
    ``on_outcome`` hears each outcome as it is done.

    Sources whose verdicts are all cached are answered here first: handing them to a worker
    would cost more than reading their verdicts.
    """
    cache = Derived(cache_root) if cache_root is not None else None
    done: list[SourceOutcome] = []
    pending: list[SourceJob] = []
    for job in jobs:
        outcome = cached_outcome(job, cache)
        if outcome is None:
            pending.append(job)
        else:
            done.append(heard(outcome, on_outcome))
    advance(len(done))

    def tick(outcome: SourceOutcome) -> SourceOutcome:
        advance(1)
        return heard(outcome, on_outcome)

    return done + _run_jobs(pending, cache_root, workers, tick)


def heard(
    outcome: SourceOutcome, on_outcome: Callable[[SourceOutcome], None] | None
) -> SourceOutcome:
    """The outcome to keep: whole, or without the results ``on_outcome`` took (so that a run
    streaming its report does not hold every figure's result to the end)."""
    if on_outcome is None:
        return outcome
    on_outcome(outcome)
    return replace(outcome, results=())


def _run_jobs(
    jobs: list[SourceJob],
    cache_root: CacheRoot | None,
    workers: int,
    tick: Callable[[SourceOutcome], SourceOutcome],
) -> list[SourceOutcome]:
    if workers <= 1 or len(jobs) < 4:
        return [tick(check_source(job, cache_root)) for job in jobs]
    import multiprocessing

    # big pages first, so that no worker is left with the largest one at the end
    ordered = sorted(jobs, key=lambda j: -(j.fetch.size or 0))
    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    pool = context.Pool(workers, initializer=_worker_signals)
    try:
        outcomes = []
        for outcome in pool.imap_unordered(_check, [(j, cache_root) for j in ordered], 4):
            outcomes.append(tick(outcome))
    except BaseException:  # Ctrl-C or SIGTERM: stop the workers now, not after their queue
        pool.terminate()  # a half-written cache file is a temp name nobody reads
        raise
    pool.close()
    pool.join()
    return outcomes


def _check(args: tuple[SourceJob, CacheRoot | None]) -> SourceOutcome:
    return check_source(*args)


def _worker_signals() -> None:
    # the parent decides what an interrupt means; a worker only ever ends by being terminated
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
