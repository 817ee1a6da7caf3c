"""``claimcheck fetch``: fill the cache with every cited source, without matching."""

from __future__ import annotations

import typer

from claimcheck.cli.common import (
    AllowPrivateOpt,
    CacheDirOpt,
    DaskOpt,
    JobsOpt,
    MaxAgeOpt,
    OfflineOpt,
    PathsArg,
    RefreshOpt,
    TimeoutOpt,
    app,
    check_cache_dir,
    interruptible,
    load,
    locations,
    run_settings,
)

EXAMPLES = (
    "\b\nExamples:\n"
    "  claimcheck fetch\n"
    "  claimcheck fetch claims/alibaba-ai-cloud.yaml --max-age 7d"
)


@app.command(epilog=EXAMPLES)
def fetch(
    paths: PathsArg = None,
    cache_dir: CacheDirOpt = None,
    offline: OfflineOpt = False,
    refresh: RefreshOpt = False,
    max_age: MaxAgeOpt = None,
    allow_private_hosts: AllowPrivateOpt = None,
    timeout: TimeoutOpt = None,
    jobs: JobsOpt = None,
    dask: DaskOpt = None,
) -> None:
    """Fill the cache with every cited source, without matching.

    Ends with one summary line: fetched, from cache, revalidated, archived, failed (by reason).
    Exits 0 even when some sources failed (their verdicts say so at `run`); 2 on bad input;
    130 when interrupted.
    With --dask the cluster also extracts each page's text into the cache as it arrives.
    """
    settings = run_settings(
        cache_dir, offline, refresh, max_age, allow_private_hosts, timeout, jobs, dask=dask
    )
    from claimcheck.net import summarize
    from claimcheck.pipeline import fetch_sources
    from claimcheck.store import open_cache

    with interruptible() as progress:
        articles = load(paths, progress)
        check_cache_dir(settings)
        tick = progress.fetching(len(locations(articles)))
        cache = open_cache(settings.cache_root)
        if settings.dask is None:
            results = fetch_sources(articles, settings, cache, tick)
        else:
            from claimcheck.cli.scale import cluster_errors
            from claimcheck.pipeline.cluster import fetch_and_check

            with cluster_errors():
                results, _ = fetch_and_check(
                    articles, settings, cache, {}, tick, progress.stage, "extracting text"
                )
    for loc, result in results.items():
        if result.error_reason:
            typer.echo(f"{loc}: {result.error_reason}: {result.error_detail or ''}", err=True)
    typer.echo(summarize(results))
