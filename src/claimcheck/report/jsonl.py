"""JSON Lines: one JSON object per line, for reports too large to hold in memory or in one
document. Streamed by ``claimcheck run --format jsonl``: a claim's line is written when its
sources are done, so the lines come in the order claims are finished, not in file order (sort
by ``file`` and ``line`` for that).

The lines, each ``{"record": ..., ...}`` (the JSON Schema's ``$defs/jsonl_line``, printed by
``claimcheck schema``):

* ``run`` first: ``schema`` (``claimcheck.jsonl/1``), ``tool``, ``generated_at``;
* ``claim``, one per claim: ``claim`` is the object the JSON report lists under ``claims``;
* ``source``, one per cited source: ``source`` as the JSON report lists it;
* ``summary`` last: ``coverage``, ``summary`` and ``figures`` as in the JSON report. A stream
  without it was cut short.
"""

from __future__ import annotations

import io
import json
from collections import Counter
from dataclasses import dataclass
from typing import Any, TextIO

from claimcheck.model.results import (
    SUMMARY_ORDER,
    ClaimResult,
    Coverage,
    FigureTally,
    Outcome,
    Report,
    SourceResult,
    Verdict,
)

LINES_ID = "claimcheck.jsonl/1"


@dataclass(frozen=True)
class Options:
    """JSON Lines has no options: like the JSON report, it is a contract."""


def render(report: Report, options: Options | None = None) -> str:
    """The whole report as lines (the claims in report order)."""
    out = io.StringIO()
    lines = JsonLines(out, report.tool_version, report.generated_at)
    for claim in report.claims:
        lines.claim(claim)
    lines.finish(report.sources)
    return out.getvalue()


class JsonLines:
    """Writes the lines as a run produces them and keeps only counts, never the claims: what
    the summary line, the coverage and the exit code need."""

    def __init__(
        self, out: TextIO, tool_version: str, generated_at: str, fail_on: tuple[str, ...] = ()
    ) -> None:
        self.out = out
        self.fail_on = fail_on
        self.claims: Counter[Verdict] = Counter()
        self.figures: Counter[Verdict] = Counter()
        self.tally = FigureTally()
        self.failed = False
        self._write({"record": "run", "schema": LINES_ID,
                     "tool": {"name": "claimcheck", "version": tool_version},
                     "generated_at": generated_at})  # fmt: skip

    def _write(self, line: dict[str, Any]) -> None:
        self.out.write(json.dumps(line, ensure_ascii=False) + "\n")

    def claim(self, claim: ClaimResult) -> None:
        self._write({"record": "claim", "claim": claim.to_json()})
        self.claims[claim.verdict] += 1
        self.figures.update(f.verdict for f in claim.figures)
        self.failed = self.failed or claim.fails(self.fail_on)
        self.tally.add(claim)

    def coverage(self, sources: tuple[SourceResult, ...]) -> Coverage:
        return Coverage.of(Report(claims=(), sources=sources), self.tally)

    def summaries(self) -> tuple[dict[str, int], dict[str, int]]:
        """The claims and the figures per verdict, as the JSON report's summary and figures."""
        claims = {"claims": sum(self.claims.values())}
        claims.update({v.value: self.claims.get(v, 0) for v in SUMMARY_ORDER})
        figures = {"figures": sum(self.figures.values())}
        figures.update({v.value: self.figures.get(v, 0) for v in SUMMARY_ORDER})
        return claims, figures

    def finish(self, sources: tuple[SourceResult, ...]) -> Outcome:
        """The source lines and the summary line; the run's outcome for ``fail_on``."""
        for src in sources:
            self._write({"record": "source", "source": src.to_json()})
        coverage = self.coverage(sources)
        claims, figures = self.summaries()
        self._write({"record": "summary", "coverage": coverage.to_json(), "summary": claims,
                     "figures": figures})  # fmt: skip
        self.out.flush()
        if coverage.checked_nothing:
            return Outcome.UNCHECKED
        return Outcome.FAILED if self.failed else Outcome.PASSED
