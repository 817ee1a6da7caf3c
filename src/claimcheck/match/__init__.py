"""Match claimed figures against a source's extracted text and decide a verdict with evidence.

The pipeline, one module each:

* :mod:`.index` — the source index: every quantity in its passage, with its neighbours;
* :mod:`.claimed` — the claimed figure with what its claim says it is about;
* :mod:`.relations` — how a stated value stands to the claimed one (pure arithmetic);
* :mod:`.align` — how sure we are that a passage states *this* figure;
* :mod:`.rules` — the ordered decision table; :mod:`.thresholds` — every number it uses;
* :mod:`.evidence` — the evidence snippet and the sentence that explains the verdict.

Everything here is pure: text in, verdicts out.
"""

from __future__ import annotations

from claimcheck.match.align import Scored
from claimcheck.match.claimed import Claimed, claimed_figure
from claimcheck.match.evidence import Evidence, result, scaled_note, unreadable
from claimcheck.match.index import SourceIndex, build_index
from claimcheck.match.relations import Relation, relate
from claimcheck.match.rules import RULES, Facts, decide
from claimcheck.match.thresholds import T, Thresholds
from claimcheck.model.results import FigureResult

__all__ = [
    "RULES",
    "Claimed",
    "Relation",
    "SourceIndex",
    "Thresholds",
    "build_index",
    "claimed_figure",
    "explain",
    "match_figure",
    "relate",
    "unreadable",
]


def match_figure(
    claimed: Claimed,
    index: SourceIndex,
    source_key: str,
    url: str | None,
    thresholds: Thresholds = T,
) -> FigureResult:
    """The verdict for one figure against one readable source."""
    decision = decide(Facts(claimed, index, thresholds))
    hit = decision.hit
    evidence = None
    if isinstance(hit, Evidence):
        evidence = hit
    elif isinstance(hit, Scored):
        cand = hit.cand
        passage = index.passages[cand.passage]
        evidence = Evidence(
            span=cand.quantity.span,
            passage=passage,
            found=cand.quantity.text,
            score=hit.topic,
            scaled_note=scaled_note(index, passage.block, cand.scaled_by_note),
            direction=cand.quantity.direction,
        )
    return result(claimed, index, evidence, decision.verdict, decision.reason, source_key, url)


def explain(claimed: Claimed, index: SourceIndex, thresholds: Thresholds = T) -> str:
    """Which rule decided (its name in RULES, or "not_found")."""
    return decide(Facts(claimed, index, thresholds)).rule
