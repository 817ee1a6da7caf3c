"""Run an audit end to end: load claims, fetch sources, extract text, match figures, build a Report.

This is the one code path behind ``claimcheck run`` and ``claimcheck fetch``. I/O (cache,
network, files) happens here; the decisions are made by the pure modules it calls
(:mod:`claimcheck.extract`, :mod:`claimcheck.match`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.metadata
import importlib.util
import json
import logging
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from claimcheck import __version__
from claimcheck.claimsfile import find_claim_files, validate_file
from claimcheck.config import Settings
from claimcheck.extract import EXTRACTOR_VERSION, extract
from claimcheck.fetch import Fetcher, FetchResult, local_result
from claimcheck.match import build_index, claimed_figure, match_figure, unreadable
from claimcheck.model.claims import Article, Claim, Figure, Problem, Source
from claimcheck.model.document import Document, ExtractFailure
from claimcheck.model.results import (
    ClaimResult,
    FigureResult,
    Report,
    SourceResult,
    Verdict,
    preferred,
    worst,
)
from claimcheck.model.vocab import Reason
from claimcheck.quantities import parse_figure, parse_quantities
from claimcheck.store import Cache, Derived
from claimcheck.store.derived import (
    cached_document,
    cached_verdicts,
    keep_document,
    keep_verdicts,
)

log = logging.getLogger("claimcheck")

# verdicts a waiver can excuse (the rest do not need excusing)
# (every verdict but supported: whichever of them --fail-on names, a waiver can excuse it)
_EXCUSABLE = frozenset(Verdict) - {Verdict.SUPPORTED}

# (label, total) -> advance(n): how a stage of the run reports progress (see progress.py)
Stage = Callable[[str, int], Callable[[int], None]]


def _no_advance(n: int = 1) -> None:
    """Progress that nobody watches."""


def _no_stage(label: str, total: int) -> Callable[[int], None]:
    return _no_advance


def load_articles(
    paths: Sequence[Path], stage: Stage = _no_stage
) -> tuple[list[Article], list[Problem]]:
    """Every claims file under ``paths``, validated; problems of all files are returned together."""
    files, problems = find_claim_files(paths)
    articles: list[Article] = []
    advance = stage("loading claims", len(files))
    for path in files:
        article, found = validate_file(path, figure_parser=parse_figure)
        problems.extend(found)
        if article is not None and not found:
            articles.append(article)
        advance(1)
    return articles, problems


def location(article: Article, key: str) -> str:
    """The fetch key of a source: its URL, or ``path:<absolute path>`` for a local file."""
    src = article.source(key)
    return src.url if src.url is not None else f"path:{src.path}"


def shown(src: Source) -> str:
    """How reports name a source: its URL, or a local file relative to the working directory
    (so a report means the same on every checkout), absolute only when it lies outside."""
    if src.url is not None or src.path is None:
        return src.location
    cwd = Path.cwd()
    return str(src.path.relative_to(cwd)) if src.path.is_relative_to(cwd) else str(src.path)


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
    derived = Derived(cache.root)
    hashes = derived.get_json("local", "hashes")
    before = len(hashes)
    for loc in locations:
        if loc.startswith("path:"):
            results[loc] = local_result(Path(loc[5:]), hashes=hashes)
            if progress:
                progress(results[loc])
    if len(hashes) != before or any(
        hashes.get(loc[5:], [None])[-1] != r.sha256 for loc, r in results.items() if r.ok
    ):
        derived.put_json("local", "hashes", hashes)
    if urls:
        with Fetcher(settings, cache, progress=progress) as fetcher:
            results.update(fetcher.fetch_all(urls))
    return results


@dataclass(frozen=True)
class FigureJob:
    """One figure to check against one source; ``slot`` finds its place in the report."""

    slot: tuple[int, int, int]  # (claim number, figure number, source number within the claim)
    figure: Figure
    claim: Claim
    position: int | None  # the figure's offset in the claim text when it was parsed from it
    source_key: str
    url: str

    def signature(self) -> str:
        """What the verdict depends on besides the source and the code: the results cache key.
        Every field the matcher reads is in it (waivers are applied after matching)."""
        f = self.figure
        tol = f"{f.tolerance.amount}{'r' if f.tolerance.relative else 'a'}" if f.tolerance else ""
        parts = (f.value, f.about or "", f.change or "", tol, self.position, f.line,
                 self.claim.text, self.claim.period or "", self.source_key, self.url)  # fmt: skip
        return hashlib.sha256(json.dumps(parts).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class SourceJob:
    """A fetched source and every figure that cites it: one unit of work for a worker."""

    location: str
    fetch: FetchResult
    figures: tuple[FigureJob, ...]


@dataclass(frozen=True)
class SourceOutcome:
    location: str
    error: tuple[str, str] | None  # (reason, detail) when the source could not be read
    results: tuple[tuple[tuple[int, int, int], FigureResult], ...]


def check_source(job: SourceJob, cache_root: Path | None) -> SourceOutcome:
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


def _check_source(job: SourceJob, cache_root: Path | None) -> SourceOutcome:
    cache = Derived(cache_root) if cache_root is not None else None
    f = job.fetch
    if not f.ok:
        unread = (f.error_reason or "unreadable", f.error_detail or "")
        return SourceOutcome(job.location, unread, _unreadable_all(job, unread))
    stored = _load_results(cache, f.sha256)
    results: dict[str, dict] = dict(stored)
    missing = [fj for fj in job.figures if fj.signature() not in results]
    if missing or not job.figures:
        document = _document(f, cache)
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
            keep_verdicts(cache, _results_key(f.sha256), results)
    out = tuple((fj.slot, FigureResult.from_json(results[fj.signature()])) for fj in job.figures)
    return SourceOutcome(job.location, None, out)


def _unreadable_all(
    job: SourceJob, error: tuple[str, str]
) -> tuple[tuple[tuple[int, int, int], FigureResult], ...]:
    reason, detail = error
    return tuple(
        (fj.slot, unreadable(fj.figure, fj.source_key, fj.url, reason, detail))
        for fj in job.figures
    )


def _results_key(sha: str) -> str:
    return hashlib.sha256(f"{matcher_version()}:{sha}".encode()).hexdigest()


def _load_results(derived: Derived | None, sha: str | None) -> dict[str, dict]:
    if derived is None or not sha:
        return {}
    return cached_verdicts(derived, _results_key(sha))


def _document(result: FetchResult, derived: Derived | None) -> Document | ExtractFailure:
    """The source's extracted text: from the text cache, else extracted (and then cached)."""
    sha = result.sha256
    if derived is not None and sha:
        stored = cached_document(derived, sha, EXTRACTOR_VERSION)
        if stored is not None:
            return stored
    try:
        body = result.read_body()
    except (OSError, ValueError) as exc:
        return ExtractFailure(Reason.FILE_ERROR, f"cannot read the stored body: {exc}")
    document = extract(
        body, result.content_type, result.charset, url=result.final_url or result.url
    )
    if derived is not None and sha:
        keep_document(derived, sha, EXTRACTOR_VERSION, document)
    return document


# the code and data a verdict depends on, and the libraries that code calls: a change to any of
# them retires every cached verdict
VERDICT_CODE = (
    "match", "lexicon", "model", "quantities", "extract", "claimsfile",
)  # fmt: skip
VERDICT_LIBRARIES = ("snowballstemmer", "rapidfuzz", "lxml", "pypdf", "charset-normalizer")


def verdict_inputs() -> list[tuple[str, bytes]]:
    """Everything besides the page and the claim that a verdict depends on, as named chunks:
    the source of every verdict module and package (data files included), the extractor's
    version and the versions of the libraries they call."""
    chunks = [("extractor", EXTRACTOR_VERSION.encode())]
    for name in VERDICT_CODE:
        spec = importlib.util.find_spec(f"claimcheck.{name}")
        if spec is None or not spec.origin:
            continue
        origin = Path(spec.origin)
        if spec.submodule_search_locations:  # a package: every file in it, data included
            files = sorted(p for p in origin.parent.rglob("*") if p.suffix in (".py", ".json"))
        else:
            files = [origin]
        for path in files:
            rel = path.relative_to(origin.parent).as_posix()
            chunks.append((f"{name}/{rel}" if spec.submodule_search_locations else name,
                           path.read_bytes()))  # fmt: skip
    for library in VERDICT_LIBRARIES:
        try:
            version = importlib.metadata.version(library)
        except importlib.metadata.PackageNotFoundError:
            version = "absent"
        chunks.append((f"library {library}", version.encode()))
    return chunks


@lru_cache(maxsize=1)
def matcher_version() -> str:
    """A digest of :func:`verdict_inputs`: cached verdicts die with any change to them."""
    digest = hashlib.sha256()
    for name, data in verdict_inputs():
        digest.update(f"{name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()[:16]


def claim_figures(claim: Claim) -> list[tuple[Figure, int | None]]:
    """The claim's figures, or when it lists none, every quantity in its text, with its offset
    there. A range read from the text is two figures, one per end ("between 2,400 and 2,600
    units": 2,400 and 2,600), so that the report says which end the source bears out."""
    if claim.figures:
        return [(f, None) for f in claim.figures]
    out: list[tuple[Figure, int | None]] = []
    for q in parse_quantities(claim.text):
        if q.upper is None or q.upper_at is None:
            out.append((Figure(value=q.text, line=claim.line), q.span[0]))
            continue
        low = _RANGE_JOINT_RE.sub("", claim.text[q.span[0] : q.upper_at])
        high = claim.text[q.upper_at : q.span[1]]
        out.append((Figure(value=low, line=claim.line), q.span[0]))
        out.append((Figure(value=high, line=claim.line), q.upper_at))
    return out


# what joins the ends of a range ("4-7%", "5 to 7", "between 2,400 and 2,600")
_RANGE_JOINT_RE = re.compile(r"(?:\s*[-–—~]\s*|\s+(?:to|and|through)\s+)$")


def figure_jobs(
    articles: Sequence[Article],
) -> tuple[
    list[tuple[Article, Claim, list[tuple[Figure, int | None]]]], dict[str, list[FigureJob]]
]:
    """Every claim with its figures, and the figure jobs grouped by source location."""
    plan: list[tuple[Article, Claim, list[tuple[Figure, int | None]]]] = []
    by_source: dict[str, list[FigureJob]] = {}
    for article in articles:
        for claim in article.claims:
            c = len(plan)
            figures = claim_figures(claim)
            plan.append((article, claim, figures))
            for f, (figure, position) in enumerate(figures):
                for s, key in enumerate(claim.sources):
                    src = article.source(key)
                    job = FigureJob((c, f, s), figure, claim, position, key, shown(src))
                    by_source.setdefault(location(article, key), []).append(job)
    return plan, by_source


def check_claim(
    article: Article,
    claim: Claim,
    figures: list[tuple[Figure, int | None]],
    per_source: list[list[FigureResult]],
    today: dt.date,
) -> ClaimResult:
    """The claim's verdict from its figures' per-source results (best source per figure)."""
    results: list[FigureResult] = []
    for (figure, _), found in zip(figures, per_source, strict=True):
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
            result = preferred(found)
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
        period=claim.period,
    )


def _apply_waiver(result: FigureResult, waiver: object, today: dt.date) -> FigureResult:
    from dataclasses import replace

    from claimcheck.model.claims import Waiver

    if not isinstance(waiver, Waiver) or result.verdict not in _EXCUSABLE:
        return result
    if waiver.expired(today):
        return replace(result, waiver_expired=str(waiver.until))
    return replace(result, waived=waiver.reason)


def _claim_waiver(
    claim: Claim, results: list[FigureResult], verdict: Verdict, today: dt.date
) -> tuple[str | None, str | None]:
    """The claim is waived when every figure that is not supported is waived."""
    if verdict not in _EXCUSABLE:
        return None, None
    failing = [r for r in results if r.verdict in _EXCUSABLE]
    if not failing and claim.waive is not None:
        # a claim with no figure to carry the waiver (uncited, nothing to check)
        if claim.waive.expired(today):
            return None, str(claim.waive.until)
        return claim.waive.reason, None
    expired = next((r.waiver_expired for r in failing if r.waiver_expired), None)
    if failing and all(r.waived for r in failing):
        return failing[0].waived, None
    return None, expired


def source_results(
    articles: Sequence[Article],
    fetched: dict[str, FetchResult],
    errors: dict[str, tuple[str, str] | None],
) -> list[SourceResult]:
    out: list[SourceResult] = []
    for article in articles:
        for src in article.sources:
            loc = location(article, src.key)
            f = fetched.get(loc)
            if f is None:
                continue
            error = errors.get(loc)
            if error is None and not f.ok:
                error = (f.error_reason or "unreadable", f.error_detail or "")
            out.append(
                SourceResult(
                    key=src.key,
                    url=shown(src),
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
                    stale=f.stale,
                    live_error=f.live_error,
                )
            )
    return out


def _cached_outcome(job: SourceJob, cache: Derived | None) -> SourceOutcome | None:
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
    cache_root: Path | None,
    workers: int,
    advance: Callable[[int], None] = _no_advance,
) -> list[SourceOutcome]:
    """Run the source jobs, in worker processes when there are several cores and sources.

    Sources whose verdicts are all cached are answered here first: handing them to a worker
    would cost more than reading their verdicts.
    """
    cache = Derived(cache_root) if cache_root is not None else None
    done: list[SourceOutcome] = []
    pending: list[SourceJob] = []
    for job in jobs:
        outcome = _cached_outcome(job, cache)
        if outcome is None:
            pending.append(job)
        else:
            done.append(outcome)
    advance(len(done))
    return done + _run_jobs(pending, cache_root, workers, advance)


def _run_jobs(
    jobs: list[SourceJob],
    cache_root: Path | None,
    workers: int,
    advance: Callable[[int], None],
) -> list[SourceOutcome]:
    if workers <= 1 or len(jobs) < 4:
        outcomes = []
        for job in jobs:
            outcomes.append(check_source(job, cache_root))
            advance(1)
        return outcomes
    import multiprocessing

    # big pages first, so that no worker is left with the largest one at the end
    ordered = sorted(jobs, key=lambda j: -(j.fetch.size or 0))
    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    pool = context.Pool(workers, initializer=_worker_signals)
    try:
        outcomes = []
        for outcome in pool.imap_unordered(_check, [(j, cache_root) for j in ordered], 4):
            outcomes.append(outcome)
            advance(1)
    except BaseException:  # Ctrl-C or SIGTERM: stop the workers now, not after their queue
        pool.terminate()  # a half-written cache file is a temp name nobody reads
        raise
    pool.close()
    pool.join()
    return outcomes


def _check(args: tuple[SourceJob, Path | None]) -> SourceOutcome:
    return check_source(*args)


def _worker_signals() -> None:
    # the parent decides what an interrupt means; a worker only ever ends by being terminated
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def audit(
    articles: Sequence[Article],
    settings: Settings,
    progress: Callable[[FetchResult], None] | None = None,
    today: dt.date | None = None,
    stage: Stage = _no_stage,
) -> Report:
    """Fetch, read and match everything the articles cite; the Report every format renders.

    ``progress`` is called with each fetch result; ``stage`` starts the "checking figures"
    progress (one step per source)."""
    cache = Cache(settings.cache_dir)
    fetched = fetch_sources(articles, settings, cache, progress)
    plan, by_source = figure_jobs(articles)
    jobs = [SourceJob(loc, f, tuple(by_source.get(loc, ()))) for loc, f in fetched.items()]
    workers = min(settings.jobs, os.cpu_count() or 1)
    advance = stage("checking figures", len(jobs))
    outcomes = check_sources(jobs, settings.cache_dir, workers, advance)
    slots: dict[tuple[int, int, int], FigureResult] = {}
    for outcome in outcomes:
        slots.update(outcome.results)
    day = today or dt.date.today()
    claims = []
    for c, (article, claim, figures) in enumerate(plan):
        per_source = [
            [slots[(c, f, s)] for s in range(len(claim.sources))] for f in range(len(figures))
        ]
        claims.append(check_claim(article, claim, figures, per_source, day))
    return Report(
        claims=tuple(claims),
        sources=tuple(source_results(articles, fetched, {o.location: o.error for o in outcomes})),
        tool_version=__version__,
    )
