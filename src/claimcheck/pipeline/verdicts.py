"""Verdicts per claim: each figure's best answer among its sources, the claim as bad as its
worst figure, waivers applied (a live waiver excuses a failure, an expired one says so), and what
became of each cited source as the report lists it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace

from claimcheck.model.claims import Article, Claim, Figure, Waiver
from claimcheck.model.results import (
    ClaimResult,
    FigureResult,
    SourceResult,
    Verdict,
    preferred,
    worst,
)
from claimcheck.model.vocab import Reason
from claimcheck.net import FetchResult
from claimcheck.pipeline.plan import Location, shown

# verdicts a waiver can excuse (the rest do not need excusing)
# (every verdict but supported: whichever of them --fail-on names, a waiver can excuse it)
_EXCUSABLE = frozenset(Verdict) - {Verdict.SUPPORTED}


def check_claim(
    article: Article,
    claim: Claim,
    figures: list[tuple[Figure, int | None]],
    per_source: list[list[FigureResult]],
    today: dt.date,
) -> ClaimResult:
    """The claim's verdict from its figures' per-source results (best source per figure)."""
    results = [
        _apply_waiver(_figure_result(claim, figure, found), figure.waive or claim.waive, today)
        for (figure, _), found in zip(figures, per_source, strict=True)
    ]
    if not claim.cited and not claim.unresolved:
        verdict = Verdict.UNCITED
    elif not results:
        verdict = Verdict.UNVERIFIABLE
        results.append(
            FigureResult(
                value="",
                verdict=Verdict.UNVERIFIABLE,
                reason=Reason.NO_FIGURES,
                detail="the claim states no figure that could be checked",
                line=claim.line,
            )
        )
    else:
        verdict = worst([r.verdict for r in results])
    waived, expired = _claim_waiver(claim, results, verdict, today)
    return ClaimResult(
        file=article.location,
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


def _figure_result(claim: Claim, figure: Figure, found: list[FigureResult]) -> FigureResult:
    """The figure's verdict: its best source's, or why it has no source to be checked against."""
    if claim.cited:
        return preferred(found)
    if claim.unresolved:
        marks = ", ".join(f"[{k}]" for k in claim.unresolved)
        return FigureResult(
            value=figure.value,
            verdict=Verdict.UNVERIFIABLE,
            reason=Reason.NOT_LISTED,
            detail=f"the article cites {marks} here, but lists no source it can read as {marks}",
            line=figure.line,
            about=figure.about,
            source=claim.unresolved[0],
        )
    return FigureResult(
        value=figure.value,
        verdict=Verdict.UNCITED,
        reason=Reason.NO_SOURCES,
        detail="the claim cites no source",
        line=figure.line,
        about=figure.about,
    )


def _apply_waiver(result: FigureResult, waiver: Waiver | None, today: dt.date) -> FigureResult:
    # a waiver still giving the placeholder reason has not been reviewed: it excuses nothing
    if waiver is None or waiver.unexplained or result.verdict not in _EXCUSABLE:
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
    if not failing and claim.waive is not None and not claim.waive.unexplained:
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
    fetched: dict[Location, FetchResult],
    errors: dict[Location, tuple[str, str] | None],
) -> list[SourceResult]:
    out: list[SourceResult] = []
    for article in articles:
        for src in article.sources:
            loc = Location.of(src)
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
                    files=(article.location,),
                    stale=f.stale,
                    live_error=f.live_error,
                )
            )
    return out
