"""Getting every cited source: local files read from disk (their digests remembered by size and
modification time, so a warm run reads none of them again), web pages through the fetcher."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from claimcheck.config import Settings
from claimcheck.model.claims import Article
from claimcheck.net import Fetcher, FetchResult, local_result
from claimcheck.pipeline.plan import FigureJob, Location, SourceJob, cited_locations
from claimcheck.pipeline.workers import PagePool, SourceOutcome
from claimcheck.store import Derived, PageStore


def fetch_sources(
    articles: Sequence[Article],
    settings: Settings,
    cache: PageStore,
    progress: Callable[[FetchResult], None] | None = None,
    on_result: Callable[[Location, FetchResult], None] | None = None,
) -> dict[Location, FetchResult]:
    """What became of every cited source, local files first; ``progress`` sees each result,
    and so does ``on_result`` with its location (a cluster starts on a page as it arrives)."""
    locations = cited_locations(articles)
    results: dict[Location, FetchResult] = {}
    derived = Derived(cache.root)
    hashes = derived.get_json("local", "hashes")
    before = len(hashes)

    def tell(loc: Location, result: FetchResult) -> None:
        if progress:
            progress(result)
        if on_result:
            on_result(loc, result)

    for loc in locations:
        if loc.path is not None:
            results[loc] = local_result(loc.path, hashes=hashes)
            tell(loc, results[loc])
    if len(hashes) != before or any(
        hashes.get(str(loc.path), [None])[-1] != r.sha256 for loc, r in results.items() if r.ok
    ):
        derived.put_json("local", "hashes", hashes)
    urls = [loc.url for loc in locations if loc.url is not None]
    if urls:
        told = progress if on_result is None else (lambda r: tell(Location(url=r.url), r))
        with Fetcher(settings, cache, progress=told) as fetcher:
            fetched = fetcher.fetch_all(urls)
        results.update((Location(url=url), result) for url, result in fetched.items())
    return results


def check_as_fetched(
    articles: Sequence[Article],
    settings: Settings,
    cache: PageStore,
    by_source: Mapping[Location, list[FigureJob]],
    pool: PagePool,
    progress: Callable[[FetchResult], None] | None = None,
) -> tuple[dict[Location, FetchResult], list[SourceOutcome]]:
    """Fetch every cited source, handing each page to ``pool`` the moment it is there (with the
    figures that cite it); what became of the sources and every outcome."""

    def submit(loc: Location, fetched: FetchResult) -> None:
        pool.submit(SourceJob(loc, fetched, tuple(by_source.get(loc, ()))))

    fetched = fetch_sources(articles, settings, cache, progress, on_result=submit)
    return fetched, pool.finish()
