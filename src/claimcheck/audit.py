"""Run an audit end to end: load claims, fetch sources, extract text, match figures, build a Report.

This is the one code path behind ``claimcheck run`` and ``claimcheck fetch``. I/O (cache,
network, files) happens here; the decisions are made by the pure modules it calls
(:mod:`claimcheck.extract`, :mod:`claimcheck.match`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from claimcheck import __version__
from claimcheck.cache import Cache
from claimcheck.claims import Article, Claim, Figure, Problem, find_claim_files, validate_file
from claimcheck.config import Settings
from claimcheck.extract import EXTRACTOR_VERSION, Document, ExtractFailure, extract
from claimcheck.fetch import Fetcher, FetchResult, local_result
from claimcheck.match import SourceIndex, build_index, claimed_figure, match_figure, unreadable
from claimcheck.quantities import parse_figure, parse_quantities
from claimcheck.results import (
    ClaimResult,
    FigureResult,
    Report,
    SourceResult,
    Verdict,
    preferred,
    worst,
)

# verdicts a waiver can excuse (the rest do not need excusing)
_EXCUSABLE = (Verdict.CONTRADICTED, Verdict.UNSUPPORTED, Verdict.UNVERIFIABLE)


def load_articles(paths: Sequence[Path]) -> tuple[list[Article], list[Problem]]:
    """Every claims file under ``paths``, validated; problems of all files are returned together."""
    files, problems = find_claim_files(paths)
    articles: list[Article] = []
    for path in files:
        article, found = validate_file(path, figure_parser=parse_figure)
        problems.extend(found)
        if article is not None and not found:
            articles.append(article)
    return articles, problems


def location(article: Article, key: str) -> str:
    """The fetch key of a source: its URL, or ``path:<absolute path>`` for a local file."""
    src = article.source(key)
    return src.url if src.url is not None else f"path:{src.path}"


def cited_locations(articles: Iterable[Article]) -> list[str]:
    """Distinct entries of the articles' source lists, in order (each is fetched once)."""
    seen: dict[str, None] = {}
    for article in articles:
        for src in article.sources:
            seen.setdefault(location(article, src.key), None)
    return list(seen)


def fetch_sources(
    articles: Sequence[Article],
    settings: Settings,
    cache: Cache,
    progress: Callable[[FetchResult], None] | None = None,
) -> dict[str, FetchResult]:
    locations = cited_locations(articles)
    results: dict[str, FetchResult] = {}
    urls = [loc for loc in locations if not loc.startswith("path:")]
    for loc in locations:
        if loc.startswith("path:"):
            results[loc] = local_result(Path(loc[5:]))
            if progress:
                progress(results[loc])
    if urls:
        with Fetcher(settings, cache, progress=progress) as fetcher:
            results.update(fetcher.fetch_all(urls))
    return results


@dataclass(frozen=True)
class ReadSource:
    """A fetched source after extraction: an index to match against, or why there is none."""

    fetch: FetchResult
    index: SourceIndex | None
    failure: ExtractFailure | None = None

    @property
    def error(self) -> tuple[str, str] | None:
        if not self.fetch.ok:
            return self.fetch.error_reason or "unreadable", self.fetch.error_detail or ""
        if self.failure is not None:
            return self.failure.reason, self.failure.detail
        return None


def read_source(result: FetchResult, cache: Cache | None) -> ReadSource:
    """Extract (or take from the text cache) and index one fetched source."""
    if not result.ok:
        return ReadSource(result, None)
    document = _document(result, cache)
    if isinstance(document, ExtractFailure):
        return ReadSource(result, None, document)
    return ReadSource(result, build_index(document))


def _document(result: FetchResult, cache: Cache | None) -> Document | ExtractFailure:
    sha = result.sha256
    if cache is not None and sha:
        stored = cache.get_text(sha, EXTRACTOR_VERSION)
        if stored is not None:
            try:
                if "failure" in stored:
                    return ExtractFailure(**stored["failure"])
                return Document.from_dict(stored)
            except (KeyError, TypeError, ValueError):
                pass  # an unreadable text cache entry is rebuilt below
    try:
        body = result.read_body()
    except (OSError, ValueError) as exc:
        return ExtractFailure("file_error", f"cannot read the stored body: {exc}")
    document = extract(
        body, result.content_type, result.charset, url=result.final_url or result.url
    )
    if cache is not None and sha:
        if isinstance(document, Document):
            cache.put_text(sha, EXTRACTOR_VERSION, document.to_dict())
        else:
            cache.put_text(
                sha,
                EXTRACTOR_VERSION,
                {"failure": {"reason": document.reason, "detail": document.detail}},
            )
    return document


def claim_figures(claim: Claim) -> list[tuple[Figure, int | None]]:
    """The claim's figures, or when it lists none, every quantity in its text."""
    if claim.figures:
        return [(f, None) for f in claim.figures]
    return [
        (Figure(value=q.text, line=claim.line, parsed_from_text=True), q.span[0])
        for q in parse_quantities(claim.text)
    ]


def check_claim(
    article: Article,
    claim: Claim,
    sources: dict[str, ReadSource],
    today: dt.date,
) -> ClaimResult:
    figures = claim_figures(claim)
    results: list[FigureResult] = []
    for figure, position in figures:
        if not claim.cited:
            result = FigureResult(
                value=figure.value,
                verdict=Verdict.UNCITED,
                reason="no_sources",
                detail="the claim cites no source",
                line=figure.line,
                about=figure.about,
            )
        else:
            result = _check_figure(article, claim, figure, position, sources)
        results.append(_apply_waiver(result, figure.waive or claim.waive, today))
    if not claim.cited:
        verdict = Verdict.UNCITED
    elif not results:
        verdict = Verdict.UNVERIFIABLE
        results.append(
            FigureResult(
                value="",
                verdict=Verdict.UNVERIFIABLE,
                reason="no_figures",
                detail="the claim states no figure that could be checked",
                line=claim.line,
            )
        )
    else:
        verdict = worst([r.verdict for r in results])
    waived, expired = _claim_waiver(claim, results, verdict, today)
    return ClaimResult(
        file=str(article.path),
        line=claim.line,
        id=claim.id,
        text=claim.text,
        verdict=verdict,
        figures=tuple(results),
        sources=claim.sources,
        waived=waived,
        waiver_expired=expired,
    )


def _check_figure(
    article: Article,
    claim: Claim,
    figure: Figure,
    position: int | None,
    sources: dict[str, ReadSource],
) -> FigureResult:
    claimed = claimed_figure(figure, claim, position)
    per_source: list[FigureResult] = []
    for key in claim.sources:
        read = sources[location(article, key)]
        url = article.source(key).url or str(article.source(key).path)
        error = read.error
        if error is not None:
            reason, detail = error
            per_source.append(unreadable(figure, key, url, reason, detail))
        elif claimed is None:
            per_source.append(
                unreadable(figure, key, url, "unparsed", "no quantity could be read in the figure")
            )
        else:
            assert read.index is not None
            per_source.append(match_figure(claimed, read.index, key, url))
    return preferred(per_source)


def _apply_waiver(result: FigureResult, waiver: object, today: dt.date) -> FigureResult:
    from dataclasses import replace

    from claimcheck.claims import Waiver

    if not isinstance(waiver, Waiver) or result.verdict not in _EXCUSABLE:
        return result
    if waiver.expired(today):
        return replace(result, waiver_expired=str(waiver.until))
    return replace(result, waived=waiver.reason)


def _claim_waiver(
    claim: Claim, results: list[FigureResult], verdict: Verdict, today: dt.date
) -> tuple[str | None, str | None]:
    if verdict not in _EXCUSABLE:
        return None, None
    failing = [r for r in results if r.verdict in _EXCUSABLE]
    expired = next((r.waiver_expired for r in failing if r.waiver_expired), None)
    if failing and all(r.waived for r in failing):
        return failing[0].waived, None
    return None, expired


def source_results(
    articles: Sequence[Article], sources: dict[str, ReadSource]
) -> list[SourceResult]:
    out: list[SourceResult] = []
    for article in articles:
        for src in article.sources:
            read = sources.get(location(article, src.key))
            if read is None:
                continue
            f = read.fetch
            error = read.error
            out.append(
                SourceResult(
                    key=src.key,
                    url=src.location,
                    final_url=f.final_url,
                    status=f.status,
                    fetched_at=f.fetched_at,
                    sha256=f.sha256,
                    from_cache=f.from_cache,
                    provenance=f.provenance,
                    archive_url=f.archive_url,
                    content_type=f.content_type,
                    error=error[0] if error else None,
                    error_detail=error[1] if error else None,
                    changed=f.changed,
                    previous_sha256=f.previous_sha256,
                    previous_fetched_at=f.previous_fetched_at,
                    files=(str(article.path),),
                )
            )
    return out


def audit(
    articles: Sequence[Article],
    settings: Settings,
    progress: Callable[[FetchResult], None] | None = None,
    today: dt.date | None = None,
) -> Report:
    """Fetch, read and match everything the articles cite; the Report every format renders."""
    cache = Cache(settings.cache_dir)
    fetched = fetch_sources(articles, settings, cache, progress)
    sources = {loc: read_source(result, cache) for loc, result in fetched.items()}
    day = today or dt.date.today()
    claims = [check_claim(a, c, sources, day) for a in articles for c in a.claims]
    return Report(
        claims=tuple(claims),
        sources=tuple(source_results(articles, sources)),
        tool_version=__version__,
    )
