"""The one result model every report format renders: verdicts per figure, claim and source.

Verdicts are decided here and in the matcher, never in a formatter: formatters only read these
records (or the JSON document :func:`Report.to_json` builds from them).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import Any

SCHEMA_ID = "claimcheck.report/1"


class Verdict(StrEnum):
    SUPPORTED = "supported"
    APPROXIMATE = "approximate"
    CONTRADICTED = "contradicted"
    UNSUPPORTED = "unsupported"
    UNVERIFIABLE = "unverifiable"
    UNCITED = "uncited"


# A claim is as bad as its worst figure (the contract's order, worst first).
CLAIM_SEVERITY = (
    Verdict.CONTRADICTED,
    Verdict.UNSUPPORTED,
    Verdict.UNVERIFIABLE,
    Verdict.APPROXIMATE,
    Verdict.SUPPORTED,
)
# Among a figure's sources the most useful answer wins: support first; a contradiction is positive
# evidence and beats silence; an unread source might say it, so it beats "the read ones don't".
SOURCE_PREFERENCE = (
    Verdict.SUPPORTED,
    Verdict.APPROXIMATE,
    Verdict.CONTRADICTED,
    Verdict.UNVERIFIABLE,
    Verdict.UNSUPPORTED,
)
SUMMARY_ORDER = (
    Verdict.SUPPORTED,
    Verdict.APPROXIMATE,
    Verdict.CONTRADICTED,
    Verdict.UNSUPPORTED,
    Verdict.UNVERIFIABLE,
    Verdict.UNCITED,
)
# verdicts that mean a source was read and the figure judged against it
CHECKED = frozenset(
    {Verdict.SUPPORTED, Verdict.APPROXIMATE, Verdict.CONTRADICTED, Verdict.UNSUPPORTED}
)


class Outcome(StrEnum):
    """What a run amounts to; :mod:`claimcheck.cli.status` maps it to an exit code."""

    PASSED = "passed"  # no claim fails --fail-on
    FAILED = "failed"  # some claim fails --fail-on
    UNCHECKED = "unchecked"  # cited figures exist and not one could be checked


@dataclass(frozen=True)
class FigureResult:
    """The verdict for one figure, with the evidence it rests on."""

    value: str
    verdict: Verdict
    reason: str  # machine code: exact, rounded, within_tolerance, scale_slip, direction, ...
    detail: str  # one human sentence saying why
    line: int = 0
    about: str | None = None
    source: str | None = None  # source key in the claims file
    url: str | None = None
    found: str | None = None  # the figure as the source writes it (what it says instead, if other)
    evidence: str | None = None  # <= 300 characters around the found figure
    span: tuple[int, int] | None = None  # of `found` in the extracted text of the source
    evidence_span: tuple[int, int] | None = None  # of `evidence` in the extracted text
    page: int | None = None
    score: float | None = None  # context similarity 0..1 of the evidence passage
    waived: str | None = None  # waiver reason when a waiver applies and has not expired
    waiver_expired: str | None = None  # the until date of an expired waiver

    @property
    def closest_only(self) -> bool:
        """The evidence is not evidence: the figure was not found, and the passage quoted is
        the closest one the matcher weighed, for the reviewer to read."""
        return self.evidence is not None and self.found is None and self.reason == "not_found"

    def to_json(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "verdict": self.verdict.value,
            "reason": self.reason,
            "detail": self.detail,
            "line": self.line,
            "about": self.about,
            "source": self.source,
            "url": self.url,
            "found": self.found,
            "evidence": self.evidence,
            "span": list(self.span) if self.span else None,
            "evidence_span": list(self.evidence_span) if self.evidence_span else None,
            "page": self.page,
            "score": round(self.score, 3) if self.score is not None else None,
            "waived": self.waived,
            "waiver_expired": self.waiver_expired,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FigureResult:
        """The inverse of :meth:`to_json` (for verdicts kept in the cache, and baselines).

        Raises ValueError (or KeyError) for anything that is not such a document: a damaged
        cache entry must be recomputed, not rendered.
        """
        if not isinstance(data, dict):
            raise ValueError("a figure result must be an object")
        return cls(
            value=_str(data["value"]),
            verdict=Verdict(data["verdict"]),
            reason=_str(data["reason"]),
            detail=_str(data.get("detail", "")),
            line=_int(data.get("line", 0)),
            about=_opt_str(data.get("about")),
            source=_opt_str(data.get("source")),
            url=_opt_str(data.get("url")),
            found=_opt_str(data.get("found")),
            evidence=_opt_str(data.get("evidence")),
            span=_span(data.get("span")),
            evidence_span=_span(data.get("evidence_span")),
            page=None if data.get("page") is None else _int(data["page"]),
            score=_score(data.get("score")),
            waived=_opt_str(data.get("waived")),
            waiver_expired=_opt_str(data.get("waiver_expired")),
        )


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected a string, not {value!r}")
    return value


def _opt_str(value: Any) -> str | None:
    return None if value is None else _str(value)


def _int(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError(f"expected a whole number, not {value!r}")
    return value


def _span(value: Any) -> tuple[int, int] | None:
    if not value:
        return None
    if not isinstance(value, list | tuple) or len(value) != 2:
        raise ValueError(f"expected a span [start, end], not {value!r}")
    return _int(value[0]), _int(value[1])


def _score(value: Any) -> float | None:
    if value is None:
        return None
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise ValueError(f"expected a number, not {value!r}")
    return float(value)


@dataclass(frozen=True)
class ClaimResult:
    file: str
    line: int
    id: str
    text: str
    verdict: Verdict
    figures: tuple[FigureResult, ...]
    sources: tuple[str, ...] = ()
    waived: str | None = None
    waiver_expired: str | None = None
    period: str | None = None

    def fails(self, fail_on: tuple[str, ...] | list[str]) -> bool:
        """Some figure has a verdict in ``fail_on`` that no live waiver covers (a claim
        without figures: its own verdict)."""
        if self.waived:
            return False
        if not self.figures:
            return self.verdict.value in fail_on
        return any(f.verdict.value in fail_on and not f.waived for f in self.figures)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ClaimResult:
        return cls(
            file=data["file"],
            line=data.get("line", 0),
            id=data["id"],
            text=data.get("text", ""),
            verdict=Verdict(data["verdict"]),
            figures=tuple(FigureResult.from_json(f) for f in data.get("figures", [])),
            sources=tuple(data.get("sources", [])),
            waived=data.get("waived"),
            waiver_expired=data.get("waiver_expired"),
            period=data.get("period"),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "line": self.line,
            "id": self.id,
            "text": self.text,
            "period": self.period,
            "verdict": self.verdict.value,
            "sources": list(self.sources),
            "waived": self.waived,
            "waiver_expired": self.waiver_expired,
            "figures": [f.to_json() for f in self.figures],
        }


@dataclass(frozen=True)
class SourceResult:
    """What happened when a cited source was fetched and read."""

    key: str
    url: str
    final_url: str | None = None
    status: int | None = None
    fetched_at: str | None = None
    sha256: str | None = None
    from_cache: bool = False
    provenance: str | None = None  # fetched, cached, revalidated, archived, imported, local
    archive_url: str | None = None
    content_type: str | None = None
    error: str | None = None  # reason code when the source could not be read
    error_detail: str | None = None
    changed: bool = False
    previous_sha256: str | None = None
    previous_fetched_at: str | None = None
    files: tuple[str, ...] = ()  # claims files citing it
    # a refetch failed (e.g. the page is gone) and the verdicts rest on the copy cached before
    stale: bool = False
    live_error: str | None = None

    @property
    def readable(self) -> bool:
        return self.error is None

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SourceResult:
        names = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in names}
        values["files"] = tuple(values.get("files", ()))
        values.setdefault("key", "")
        values.setdefault("url", "")
        return cls(**values)

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "url": self.url,
            "final_url": self.final_url,
            "status": self.status,
            "fetched_at": self.fetched_at,
            "sha256": self.sha256,
            "from_cache": self.from_cache,
            "provenance": self.provenance,
            "archive_url": self.archive_url,
            "content_type": self.content_type,
            "error": self.error,
            "error_detail": self.error_detail,
            "changed": self.changed,
            "previous_sha256": self.previous_sha256,
            "previous_fetched_at": self.previous_fetched_at,
            "files": list(self.files),
            "stale": self.stale,
            "live_error": self.live_error,
        }


def worst(verdicts: list[Verdict]) -> Verdict:
    for verdict in CLAIM_SEVERITY:
        if verdict in verdicts:
            return verdict
    return Verdict.SUPPORTED


def preferred(results: list[FigureResult]) -> FigureResult:
    """The best per-source result for one figure (see SOURCE_PREFERENCE), higher score first."""
    rank = {v: i for i, v in enumerate(SOURCE_PREFERENCE)}
    return min(results, key=lambda r: (rank.get(r.verdict, 99), -(r.score or 0.0)))


@dataclass
class FigureTally:
    """The cited figures counted claim by claim (mutable: a streamed report adds each claim as
    it is written and keeps only these counts)."""

    cited: int = 0
    checked: int = 0
    unchecked: Counter[str] = field(default_factory=Counter)

    def add(self, claim: ClaimResult) -> None:
        if claim.verdict is Verdict.UNCITED:
            return
        for fig in claim.figures:
            if fig.reason == "no_figures":
                continue  # a placeholder for a claim with nothing to check, not a figure
            self.cited += 1
            if fig.verdict in CHECKED:
                self.checked += 1
            else:
                self.unchecked[fig.reason] += 1


@dataclass(frozen=True)
class Coverage:
    """How many cited figures could actually be checked: what every report says first.

    A figure is cited when its claim cites a source (a claim stating no figure has none); it is
    checked when a source was read and judged it (supported, approximate, contradicted or
    unsupported). An audit that checked nothing is not a pass, whatever --fail-on says.
    """

    figures_cited: int
    figures_checked: int
    sources: int  # distinct cited sources
    sources_unreadable: int
    # why cited figures went unchecked, and why sources could not be read; commonest first
    figure_reasons: tuple[tuple[str, int], ...] = ()
    source_reasons: tuple[tuple[str, int], ...] = ()

    @property
    def checked_nothing(self) -> bool:
        return self.figures_cited > 0 and self.figures_checked == 0

    @classmethod
    def of(cls, report: Report, figures: FigureTally | None = None) -> Coverage:
        """The report's coverage; ``figures`` counted already when its claims were streamed
        out and are not in ``report``."""
        if figures is None:
            figures = FigureTally()
            for claim in report.claims:
                figures.add(claim)
        errors: dict[str, str | None] = {}
        for src in report.sources:
            errors.setdefault(src.url, src.error)
        return cls(
            figures_cited=figures.cited,
            figures_checked=figures.checked,
            sources=len(errors),
            sources_unreadable=sum(1 for e in errors.values() if e),
            figure_reasons=_commonest(figures.unchecked),
            source_reasons=_commonest(Counter(e for e in errors.values() if e)),
        )

    def line(self) -> str:
        """'26 figures cited; 0 could be checked: every cited source was unreadable (…)'."""
        cited = self.figures_cited
        if cited == 0:
            return "no cited figures to check"
        head = f"{cited} figure{'s' if cited != 1 else ''} cited; {self.figures_checked} could "
        head += "be checked"
        if self.figures_checked == cited:
            return head
        if self.checked_nothing and self.sources and self.sources_unreadable == self.sources:
            return f"{head}: every cited source was unreadable ({_counts(self.source_reasons)})"
        missing = cited - self.figures_checked
        return f"{head} ({missing} could not: {_counts(self.figure_reasons)})"

    def to_json(self) -> dict[str, Any]:
        return {
            "figures_cited": self.figures_cited,
            "figures_checked": self.figures_checked,
            "sources": self.sources,
            "sources_unreadable": self.sources_unreadable,
            "checked_nothing": self.checked_nothing,
            "line": self.line(),
        }


def _commonest(counts: Counter[str]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _counts(pairs: tuple[tuple[str, int], ...]) -> str:
    return ", ".join(f"{reason}: {n}" for reason, n in pairs)


@dataclass(frozen=True)
class Report:
    claims: tuple[ClaimResult, ...]
    sources: tuple[SourceResult, ...] = ()
    generated_at: str = field(
        default_factory=lambda: dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    )
    tool_version: str = ""

    def summary(self) -> dict[str, int]:
        counts = Counter(c.verdict for c in self.claims)
        out = {"claims": len(self.claims)}
        out.update({v.value: counts.get(v, 0) for v in SUMMARY_ORDER})
        return out

    def figure_summary(self) -> dict[str, int]:
        counts = Counter(f.verdict for c in self.claims for f in c.figures)
        out = {"figures": sum(counts.values())}
        out.update({v.value: counts.get(v, 0) for v in SUMMARY_ORDER})
        return out

    def failing(self, fail_on: tuple[str, ...]) -> list[ClaimResult]:
        """Claims that fail the run (see :meth:`ClaimResult.fails`)."""
        return [c for c in self.claims if c.fails(fail_on)]

    def coverage(self) -> Coverage:
        return Coverage.of(self)

    def outcome(self, fail_on: tuple[str, ...]) -> Outcome:
        """The run's outcome: an audit that checked nothing is neither a pass nor a finding."""
        if self.coverage().checked_nothing:
            return Outcome.UNCHECKED
        return Outcome.FAILED if self.failing(fail_on) else Outcome.PASSED

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Report:
        """A report read back from its JSON document (e.g. the baseline of a scheduled audit)."""
        return cls(
            claims=tuple(ClaimResult.from_json(c) for c in data["claims"]),
            sources=tuple(SourceResult.from_json(s) for s in data.get("sources", [])),
            generated_at=data.get("generated_at", ""),
            tool_version=data.get("tool", {}).get("version", ""),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA_ID,
            "tool": {"name": "claimcheck", "version": self.tool_version},
            "generated_at": self.generated_at,
            "coverage": self.coverage().to_json(),
            "summary": self.summary(),
            "figures": self.figure_summary(),
            "claims": [c.to_json() for c in self.claims],
            "sources": [s.to_json() for s in self.sources],
        }
