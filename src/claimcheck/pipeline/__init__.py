"""Run an audit end to end: load claims, fetch sources, extract text, match figures, build a Report.

This is the one code path behind ``claimcheck run`` and ``claimcheck fetch``. I/O (cache,
network, files) happens here; the decisions are made by the pure packages it calls
(:mod:`claimcheck.extract`, :mod:`claimcheck.match`).

:mod:`.plan` (claims, typed source locations, figure jobs), :mod:`.sources` (fetching),
:mod:`.keys` (what cached verdicts are keyed by), :mod:`.workers` (checking figures, a source at a
time) and :mod:`.verdicts` (per-claim verdicts, waivers, source results).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Sequence

from claimcheck import __version__
from claimcheck.config import Settings
from claimcheck.model.claims import Article
from claimcheck.model.results import ClaimResult, FigureResult, Report
from claimcheck.net import FetchResult
from claimcheck.pipeline.keys import VERDICT_CODE, matcher_version, verdict_inputs
from claimcheck.pipeline.plan import (
    FigureJob,
    Location,
    SourceJob,
    Stage,
    cited_locations,
    claim_figures,
    figure_jobs,
    load_articles,
    no_stage,
)
from claimcheck.pipeline.sources import check_as_fetched, fetch_sources
from claimcheck.pipeline.stream import ClaimStream
from claimcheck.pipeline.verdicts import check_claim, source_results
from claimcheck.pipeline.workers import PagePool, Slot, local_runner
from claimcheck.store import open_cache

__all__ = [
    "VERDICT_CODE",
    "FigureJob",
    "Location",
    "SourceJob",
    "Stage",
    "audit",
    "cited_locations",
    "claim_figures",
    "fetch_sources",
    "load_articles",
    "matcher_version",
    "verdict_inputs",
]


def audit(
    articles: Sequence[Article],
    settings: Settings,
    progress: Callable[[FetchResult], None] | None = None,
    today: dt.date | None = None,
    stage: Stage = no_stage,
    on_claim: Callable[[ClaimResult], None] | None = None,
) -> Report:
    """Fetch, read and match everything the articles cite; the Report every format renders.

    ``progress`` is called with each fetch result; ``stage`` starts the "checking figures"
    progress (one step per source). With ``on_claim`` each claim goes there as soon as its
    sources are done, and the Report holds the sources only (a report written as it goes)."""
    cache = open_cache(settings.cache_root)
    plan, by_source = figure_jobs(articles)
    day = today or dt.date.today()
    stream = ClaimStream(plan, day, on_claim) if on_claim is not None else None
    told = stream.add if stream is not None else None
    if settings.dask is not None:  # on a Dask cluster, each page as it arrives
        from claimcheck.pipeline.cluster import fetch_and_check

        fetched, outcomes = fetch_and_check(
            articles, settings, cache, by_source, progress, stage, on_outcome=told
        )
    else:
        # each page checked as its download lands, in worker processes, while the rest come
        workers = min(settings.jobs, os.cpu_count() or 1)
        sources = len(cited_locations(articles))
        advance = stage("checking figures", sources)
        runner = local_runner(settings.cache_root, workers, sources)
        with PagePool(settings.cache_root, runner, advance, told) as pool:
            fetched, outcomes = check_as_fetched(
                articles, settings, cache, by_source, pool, progress
            )
    errors = {o.location: o.error for o in outcomes}
    if stream is not None:
        assert stream.done, "every claim's sources were checked"
        return Report(
            claims=(),
            sources=tuple(source_results(articles, fetched, errors)),
            tool_version=__version__,
        )
    slots: dict[Slot, FigureResult] = {}
    for outcome in outcomes:
        slots.update(outcome.results)
    claims = []
    for c, (article, claim, figures) in enumerate(plan):
        per_source = [
            [slots[(c, f, s)] for s in range(len(claim.sources))] for f in range(len(figures))
        ]
        claims.append(check_claim(article, claim, figures, per_source, day))
    return Report(
        claims=tuple(claims),
        sources=tuple(source_results(articles, fetched, errors)),
        tool_version=__version__,
    )
