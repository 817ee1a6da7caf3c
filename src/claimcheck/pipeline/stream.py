"""Claims finished as the outcomes of their sources arrive, for a report written as the run goes
(``--format jsonl``): a claim is judged the moment its last source is done and handed on, and
its per-source results are dropped, so what a run holds does not grow with the report.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from claimcheck.model.results import ClaimResult, FigureResult
from claimcheck.pipeline.plan import ClaimPlan
from claimcheck.pipeline.verdicts import check_claim
from claimcheck.pipeline.workers import Slot, SourceOutcome


class ClaimStream:
    """Collects each claim's per-source results; ``emit`` gets the claim when they are all in."""

    def __init__(
        self, plan: ClaimPlan, today: dt.date, emit: Callable[[ClaimResult], None]
    ) -> None:
        self.plan = plan
        self.today = today
        self.emit = emit
        self.slots: dict[Slot, FigureResult] = {}
        self.missing: dict[int, int] = {}
        for c, (_, claim, figures) in enumerate(plan):
            self.missing[c] = len(figures) * len(claim.sources)
        for c in [c for c, n in self.missing.items() if n == 0]:
            self._finish(c)  # uncited, or nothing to check: nothing to wait for

    def add(self, outcome: SourceOutcome) -> None:
        for slot, result in outcome.results:
            self.slots[slot] = result
            c = slot[0]
            self.missing[c] -= 1
            if self.missing[c] == 0:
                self._finish(c)

    def _finish(self, c: int) -> None:
        article, claim, figures = self.plan[c]
        per_source = [
            [self.slots.pop((c, f, s)) for s in range(len(claim.sources))]
            for f in range(len(figures))
        ]
        del self.missing[c]
        self.emit(check_claim(article, claim, figures, per_source, self.today))

    @property
    def done(self) -> bool:
        return not self.missing
