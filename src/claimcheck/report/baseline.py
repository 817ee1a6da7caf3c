"""What fails in a run, and what changed since a previous run (``--baseline previous.json``).

A scheduled audit re-checks the same claims every week; what its readers need is the difference:
which failures are new, which were already known, which were fixed, and which cited pages changed
under the article. :func:`compare` works on JSON report documents (``Report.to_json()``, or a
previous run's report loaded from disk) so that a baseline written by an older claimcheck can be
read without rebuilding result objects.

"Failing" is defined once here, for both the result objects (:func:`failures`, used by the
formats) and JSON documents (:func:`doc_failures`): a claim fails when its verdict is in
``fail_on`` and no live waiver covers it (exactly :meth:`Report.failing`, so the reports agree
with the exit code); within it, the failing figures are those whose own verdict is in ``fail_on``
and that are not waived. A failing claim without such a figure (no figures at all) is reported as
one finding with an empty figure value.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any

from claimcheck.config import DEFAULT_FAIL_ON
from claimcheck.model.results import SCHEMA_ID, ClaimResult, FigureResult, Report

Key = tuple[str, str, str, str]  # file, claim id, figure value, verdict


def failures(
    report: Report, fail_on: Iterable[str] = DEFAULT_FAIL_ON
) -> list[tuple[ClaimResult, FigureResult | None]]:
    """Every failing (claim, figure) of the report in report order; figure None = the claim."""
    wanted = tuple(fail_on)
    out: list[tuple[ClaimResult, FigureResult | None]] = []
    for claim in report.failing(wanted):
        figures = [f for f in claim.figures if f.verdict.value in wanted and not f.waived]
        if figures:
            out.extend((claim, f) for f in figures)
        else:
            out.append((claim, None))
    return out


def key(file: str, claim_id: str, value: str, verdict: str) -> Key:
    """The identity of a finding across runs (a changed verdict makes it a new finding)."""
    return (file, claim_id, value, verdict)


@dataclass(frozen=True)
class Finding:
    """One failing figure (or figureless claim) as read from a JSON report."""

    file: str
    claim: str
    value: str
    verdict: str
    reason: str
    line: int = 0
    found: str | None = None
    url: str | None = None
    # for a new finding: the verdict the same figure had in the previous run, if it failed then
    previous_verdict: str | None = None

    @property
    def key(self) -> Key:
        return key(self.file, self.claim, self.value, self.verdict)

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "claim": self.claim,
            "value": self.value,
            "verdict": self.verdict,
            "reason": self.reason,
            "line": self.line,
            "found": self.found,
            "url": self.url,
            "previous_verdict": self.previous_verdict,
        }


@dataclass(frozen=True)
class SourceChange:
    """A cited URL whose content hash differs between the two runs (None: it was not read)."""

    url: str
    previous_sha256: str | None
    sha256: str | None

    def to_json(self) -> dict[str, Any]:
        return {"url": self.url, "previous_sha256": self.previous_sha256, "sha256": self.sha256}


@dataclass(frozen=True)
class BaselineDiff:
    new: tuple[Finding, ...] = ()
    known: tuple[Finding, ...] = ()
    fixed: tuple[Finding, ...] = ()  # failed before; the figure is still there and passes now
    removed: tuple[Finding, ...] = ()  # failed before; the claim is gone from the claims files
    changed_sources: tuple[SourceChange, ...] = ()
    previous_generated_at: str | None = None

    @cached_property
    def _statuses(self) -> dict[Key, str]:
        out = {f.key: "known" for f in self.known}
        out.update({f.key: "new" for f in self.new})
        return out

    def status(self, file: str, claim_id: str, value: str, verdict: str) -> str | None:
        """``"new"`` or ``"known"`` for a current finding, None when it is not one."""
        return self._statuses.get(key(file, claim_id, value, verdict))

    def to_json(self) -> dict[str, Any]:
        return {
            "previous_generated_at": self.previous_generated_at,
            "counts": {
                "new": len(self.new),
                "known": len(self.known),
                "fixed": len(self.fixed),
                "removed": len(self.removed),
                "changed_sources": len(self.changed_sources),
            },
            "new": [f.to_json() for f in self.new],
            "known": [f.to_json() for f in self.known],
            "fixed": [f.to_json() for f in self.fixed],
            "removed": [f.to_json() for f in self.removed],
            "changed_sources": [s.to_json() for s in self.changed_sources],
        }


def _check(doc: Mapping[str, Any], which: str) -> None:
    if not isinstance(doc, Mapping) or not isinstance(doc.get("claims"), list):
        raise ValueError(f"the {which} document is not a claimcheck JSON report")
    if doc.get("schema") != SCHEMA_ID:
        raise ValueError(
            f"the {which} report has schema {doc.get('schema')!r}; expected {SCHEMA_ID!r}"
        )


def doc_failures(doc: Mapping[str, Any], fail_on: Iterable[str] = DEFAULT_FAIL_ON) -> list[Finding]:
    """The failing figures of a JSON report, by the same rule as :func:`failures`."""
    report = Report.from_json(dict(doc))
    return [
        Finding(
            file=claim.file,
            claim=claim.id,
            value=figure.value if figure else "",
            verdict=(figure.verdict if figure else claim.verdict).value,
            reason=figure.reason if figure else next((f.reason for f in claim.figures), ""),
            line=(figure.line if figure else 0) or claim.line,
            found=figure.found if figure else None,
            url=figure.url if figure else None,
        )
        for claim, figure in failures(report, fail_on)
    ]


def _hashes(doc: Mapping[str, Any]) -> dict[str, str | None]:
    # the same URL is listed once per citing file; any entry that was read gives its hash
    out: dict[str, str | None] = {}
    for src in doc.get("sources", []):
        url = src.get("url")
        if url is not None and out.get(url) is None:
            out[url] = src.get("sha256")
    return out


def compare(
    current: Mapping[str, Any],
    previous: Mapping[str, Any],
    fail_on: Iterable[str] = DEFAULT_FAIL_ON,
) -> BaselineDiff:
    """Classify the current run's failures against a previous run's JSON report.

    ``fail_on`` must be the current run's list: the previous report does not record which
    verdicts failed it, and a finding is compared by what fails *now*. Raises ValueError when
    either document is not a ``claimcheck.report/1`` report.
    """
    _check(current, "current")
    _check(previous, "previous")
    wanted = tuple(fail_on)
    now = doc_failures(current, wanted)
    before = doc_failures(previous, wanted)
    before_keys = {f.key for f in before}
    now_keys = {f.key for f in now}
    # a figure that still fails, with another verdict, is new but remembers what it was
    before_verdict = {(f.file, f.claim, f.value): f.verdict for f in before}
    failing_now = {(f.file, f.claim, f.value) for f in now}
    claims_now = {(c["file"], c["id"]) for c in current["claims"]}

    new: list[Finding] = []
    known: list[Finding] = []
    for f in now:
        if f.key in before_keys:
            known.append(f)
        else:
            was = before_verdict.get((f.file, f.claim, f.value))
            new.append(replace(f, previous_verdict=was))
    fixed: list[Finding] = []
    removed: list[Finding] = []
    for f in before:
        if f.key in now_keys or (f.file, f.claim, f.value) in failing_now:
            continue
        (fixed if (f.file, f.claim) in claims_now else removed).append(f)

    old_hashes = _hashes(previous)
    changed = [
        SourceChange(url, old_hashes[url], sha)
        for url, sha in _hashes(current).items()
        if url in old_hashes and old_hashes[url] != sha
    ]
    return BaselineDiff(
        new=tuple(new),
        known=tuple(known),
        fixed=tuple(fixed),
        removed=tuple(removed),
        changed_sources=tuple(changed),
        previous_generated_at=previous.get("generated_at"),
    )
