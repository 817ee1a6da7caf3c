"""The decision: an ordered table of rules, each a name, a verdict, a reason and a test.

:func:`decide` walks :data:`RULES` top to bottom; the first rule whose test finds evidence gives
the verdict. A rule's test reads :class:`Facts`, which gathers what the source offers for one
figure (the candidates, their relations and alignment, computed once and only when a rule asks).
Each rule says in one line what a careful annotator would say; thresholds live in
:mod:`claimcheck.match.thresholds`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property

from claimcheck.match.align import (
    Counted,
    Scored,
    Topic,
    expand_near,
    near_match,
    score_candidates,
    significant_digits,
    stated_by_sibling,
)
from claimcheck.match.claimed import Claimed, sibling_near
from claimcheck.match.evidence import Evidence, literal_evidence
from claimcheck.match.index import SourceIndex
from claimcheck.match.relations import Relation, compatible, relate
from claimcheck.match.thresholds import T, Thresholds
from claimcheck.model.quantity import Kind
from claimcheck.model.results import Verdict
from claimcheck.model.vocab import BlockKind, Reason


class Facts:
    """What one source offers for one figure."""

    def __init__(self, claimed: Claimed, index: SourceIndex, t: Thresholds = T) -> None:
        self.claimed = claimed
        self.index = index
        self.t = t
        self.topic = Topic(index, claimed, t)
        self.scored = score_candidates(index, claimed, self.topic)
        if self.topic.unmentioned:
            # the source never names what the figure is about: its values are evidence of
            # nothing, and one that matches can only be reported as found elsewhere
            self.scored = [s for s in self.scored if s.relation.matching]

    # -- values that bear the figure out ------------------------------------------------------

    def threshold(self, s: Scored) -> float:
        """How well ``s`` must fit for its value to count as support (see Thresholds.support)."""
        q = self.claimed.quantity
        specificity = significant_digits(q.value)
        if q.kind is Kind.MONEY:
            specificity += self.t.money_specificity
        elif q.kind is Kind.PERCENT or q.scale:
            specificity += 1
        if s.counted is Counted.SAME:
            specificity += self.t.counted_specificity
        cq, sq = q.qualifier, s.cand.stated.qualifier
        if (
            cq is not None
            and sq is not None
            and (cq.lower_bound, cq.upper_bound)
            == (
                sq.lower_bound,
                sq.upper_bound,
            )
        ):
            specificity += 1  # "over 60" restated as "over 60"
        full = self.claimed.full_range
        stated = s.cand.stated
        if (
            full is not None
            and full.upper is not None
            and stated.upper is not None
            and {abs(stated.value), abs(stated.upper)} == {abs(full.value), abs(full.upper)}
        ):
            specificity += significant_digits(full.upper)
        return self.t.support_for(specificity)

    @cached_property
    def matching(self) -> list[Scored]:
        """Values that bear the figure out, where they are evidence at all; "at least $7" is
        not borne out, nor "$7" by rounding, by the "$7.50" the claim itself gives next."""
        return [
            s
            for s in self.scored
            if s.relation.matching
            and s.can_support
            and not (
                s.relation is not Relation.EXACT
                and stated_by_sibling(self.claimed, s.cand.stated, exactly=True)
            )
        ]

    @cached_property
    def agreeing(self) -> list[Scored]:
        """Matching values not given the other way."""
        return [s for s in self.matching if not self.opposite(s)]

    def opposite(self, s: Scored) -> bool:
        other = s.cand.quantity.direction
        direction = self.claimed.direction
        return direction is not None and other is not None and other != direction

    @cached_property
    def match(self) -> Scored | None:
        """The best-fitting agreeing value in a passage about the figure, if any."""
        if self.topic.unmentioned:
            return None
        on_topic = [s for s in self.matching if s.fit >= self.threshold(s)]
        # a passage that states the change outright outweighs a bare table cell with the value
        # (and a bare cell does not excuse a change the text gives the other way)
        stated = [s for s in on_topic if s.cand.quantity.direction is not None]
        if self.claimed.direction is not None and stated:
            on_topic = stated
        hit = best([s for s in on_topic if not self.opposite(s)])
        if hit is None:
            return None
        return self._exact_in_passage(hit)

    @cached_property
    def close(self) -> Scored | None:
        """The best-fitting value close to the figure (not at its precision) in a passage about
        it; not one the claim gives for another of its figures."""
        q = self.claimed.quantity
        return best(
            [
                s
                for s in self.scored
                if s.relation.close
                and s.can_support
                and compatible(q, s.cand.stated, strict=True)
                and s.fit >= self.threshold(s)
                and not self.opposite(s)
                and not stated_by_sibling(self.claimed, s.cand.stated, exactly=True)
            ]
        )

    def _exact_in_passage(self, hit: Scored) -> Scored:
        """When the sentence of a rounded match also states the claimed value exactly ("touched
        0.505%, breaching the 0.5% cap" for a claimed 0.5%), the claim's figure is that one (not
        so in a table row, whose neighbouring columns round alike routinely)."""
        if hit.relation is Relation.EXACT or self.in_table(hit):
            return hit
        exact = [
            s
            for s in self.agreeing
            if s.cand.passage == hit.cand.passage and s.relation is Relation.EXACT
        ]
        return max(exact, key=lambda s: s.fit, default=hit)

    def in_table(self, s: Scored) -> bool:
        return self.index.block_kind(s.cand) is BlockKind.TABLE_ROW

    # -- values that say otherwise ------------------------------------------------------------

    @cached_property
    def strong(self) -> list[Scored]:
        """Candidates in passages clearly about the figure, sharing two of its claim's words
        (none for a figure the parser could not place in its claim: its meaning is unknown)."""
        if not self.claimed.located or self.topic.foreign:
            return []
        return [
            s
            for s in self.scored
            if s.topic >= self.t.contradict
            and s.can_contradict
            and self.topic.shared(self.index.passages[s.cand.passage]) >= self.t.contradict_words
        ]

    @cached_property
    def rivals(self) -> list[Scored]:
        """Different values that the source gives for the figure (see :meth:`states_instead`);
        not a count of other things, nor a value the claim itself gives for another of its
        figures ("at 29 ... and at just 24"), nor a level a neighbouring sentence ties to a
        stated change."""
        if not self.claimed.located or self.topic.foreign:
            return []
        q = self.claimed.quantity
        return [
            s
            for s in self.scored
            if s.relation is Relation.DIFFERENT
            and compatible(q, s.cand.stated, strict=True)
            and self.states_instead(s) is not None
            and s.can_contradict
            and not self._level_against_change(s)
            and not stated_by_sibling(self.claimed, s.cand.stated)
        ]

    def states_instead(self, s: Scored) -> str | None:
        """Why a different value is the source's value for this figure, or None: its passage
        is clearly about the figure and shares two of the claim's words (direction words
        aside: "rose" or "Northwind" alone say little) — "passage"; or it stands where the
        claim's neighbouring words put the figure, one of them shared ("first quarter
        earnings per share was $5.52" for "Q1 earnings per share of $5.53", "Toby 3632" for
        "Toby 3662") — "neighbours"."""
        t = self.t
        if s.topic < t.contradict_near_topic:
            return None
        shared = self.topic.shared(self.index.passages[s.cand.passage])
        if s.topic >= t.contradict and shared >= t.contradict_words:
            return "passage"
        if shared and s.near >= t.contradict_near and s.fit >= t.contradict_fit:
            return "neighbours"
        return None

    def _level_against_change(self, s: Scored) -> bool:
        """A change ("grew 12%") is not contradicted by a level ("margin was 26.3%") that only a
        neighbouring sentence ties to the figure's topic."""
        if (
            self.claimed.direction is None
            or s.cand.quantity.direction is not None
            or not self.topic.keys
        ):
            return False
        return not self.topic.names_key(self.index.passages[s.cand.passage])

    def sibling_stays(self, rival: Scored, hit: Scored) -> bool:
        """When the rival's value is one the claim gives for another of its figures, the figures
        are swapped only if that one, too, sits better where the source puts this one's value:
        "from at least $2.50 to about $3.40" is no swap of "about $3.40, up from at least
        $2.50"."""
        for sibling in self.claimed.siblings:
            if relate(sibling, rival.cand.stated) is not Relation.EXACT:
                continue
            expanded = expand_near(self.index, sibling_near(self.claimed, sibling))
            if near_match(expanded, rival.cand, self.t) >= near_match(expanded, hit.cand, self.t):
                return True
        return False


def best(items: Sequence[Scored] | list[Scored]) -> Scored | None:
    return max(items, key=Scored.sort_key, default=None)


def closest(items: Sequence[Scored], target: float, band: float) -> Scored | None:
    """The best-fitting differing value; among fits within ``band`` of the best, the one
    closest in size."""
    if not items:
        return None
    top = max(s.fit for s in items)
    near = [s for s in items if s.fit >= top - band]

    def distance(s: Scored) -> float:
        a, b = abs(float(s.cand.stated.value)), abs(target)
        if a == 0 or b == 0:
            return math.inf
        return abs(math.log10(a / b))

    return min(near, key=lambda s: (distance(s), -s.fit))


# -- the rules ----------------------------------------------------------------------------------


def _literal(f: Facts) -> Evidence | None:
    """A figure the parser does not read ("24/7", "Part 2") is support where the source writes
    it the same way."""
    if f.claimed.literal is None:
        return None
    pattern = "".join(
        r"[-–—]" if c in "-–—" else r"\s+" if c.isspace() else re.escape(c)
        for c in " ".join(f.claimed.literal.split())
    )
    m = re.search(rf"(?<![\w.,]){pattern}(?![\w]|[.,][0-9])", f.index.document.text, re.I)
    return literal_evidence(f.index, m.span()) if m else None


def _swapped(f: Facts) -> Scored | None:
    """The source puts another value exactly where the claim puts this one, in the sentence
    that states this one elsewhere: the claim swapped two figures."""
    hit = f.match
    if hit is None or not f.claimed.located:
        return None
    q = f.claimed.quantity
    in_table = f.in_table(hit)
    same = [
        s
        for s in f.scored
        if s.cand.passage == hit.cand.passage
        and s.cand.stated.value != hit.cand.stated.value
        and s.relation is not Relation.EXACT
        and not (in_table and (s.relation.matching or s.relation.close))
        and compatible(q, s.cand.stated, strict=True)
        and s.can_contradict
    ]
    local = max(same, key=lambda r: (r.near, r.fit), default=None)
    margin = f.t.column_swap_margin if in_table else f.t.swap_margin
    if local is not None and local.near >= hit.near + margin and not f.sibling_stays(local, hit):
        return local
    return None


def _displaced(f: Facts) -> Scored | None:
    """The value the claim gives stands in the source, but another passage, clearly more about
    the figure, gives a different value: the claim took another segment's or period's figure."""
    hit = f.match
    if hit is None:
        return None
    others = [
        r
        for r in f.rivals
        if r.cand.passage != hit.cand.passage and f.states_instead(r) == "passage"
    ]
    for far in sorted(others, key=lambda r: -r.topic):
        if far.topic < hit.topic + f.t.displace_margin:
            break
        # without `about`, the topic of a one-sentence claim is a weak guide (summaries share
        # words with many passages): most of the claim's words next to the figure must stand
        # next to the rival, clearly more of them than next to the match
        if f.claimed.about or far.near >= max(
            hit.near + f.t.displace_near_margin, f.t.displace_near
        ):
            return far
    return None


def _supported(f: Facts) -> Scored | None:
    """A passage about the figure states its value (exactly, rounded, or within its bound)."""
    return f.match


def _within_range(f: Facts) -> Scored | None:
    """A single value inside the claimed range, in a passage clearly about it."""
    return best([s for s in f.scored if s.relation is Relation.WITHIN_RANGE
                 and s.can_support and s.topic >= f.t.within_range])  # fmt: skip


def _approximate(f: Facts) -> Scored | None:
    """A passage about the figure states it close, but not at the claim's precision."""
    return f.close


def _opposite_bound(f: Facts) -> Scored | None:
    """ "Fewer than 50" where the source says "over 50"."""
    if not f.claimed.located:
        return None
    return best([s for s in f.scored if s.relation is Relation.OPPOSITE_BOUND
                 and s.can_contradict and s.fit >= f.threshold(s)])  # fmt: skip


def _direction(f: Facts) -> Scored | None:
    """The source gives the value as a change the other way ("fell 5%" for "grew 5%")."""
    if not f.claimed.located:
        return None
    return best([s for s in f.matching if f.opposite(s) and s.fit >= f.threshold(s)])


def _unit(f: Facts) -> Scored | None:
    """The same number in percent where the claim says percentage points, or the reverse."""
    return best([s for s in f.strong if s.relation is Relation.UNIT])


def _scale_slip(f: Facts) -> Scored | None:
    """The value off by a power of a thousand: millions for billions (a slip of a scale word
    one side writes, between values of the same kind: a bare "3" is no slip of "$3.3 billion")."""
    q = f.claimed.quantity
    return best(
        [
            s
            for s in f.strong
            if s.relation is Relation.SCALE_SLIP
            and compatible(q, s.cand.stated, strict=True)
            and (q.scale or s.cand.quantity.scale or s.cand.scaled_by_note)
        ]
    )


def _different(f: Facts) -> Scored | None:
    """The source gives another value for the figure: what it says instead. When the claim's
    own value does stand in the source, only a passage clearly about the figure says
    otherwise (its neighbouring words alone do not: "Northwind paid $5 billion" is not
    contradicted by "Northwind Group reported revenue of $10.1 billion")."""
    rivals = f.rivals
    if any(s.relation.matching and s.can_support for s in f.scored):
        rivals = [r for r in rivals if f.states_instead(r) == "passage"]
    return closest(rivals, float(f.claimed.quantity.value), f.t.closest_band)


def _found_elsewhere(f: Facts) -> Scored | None:
    """The value appears, but only in passages about something else."""
    return best([s for s in f.scored if s.relation.matching and s.can_support])


Test = Callable[[Facts], "Scored | Evidence | None"]


@dataclass(frozen=True)
class Rule:
    name: str
    verdict: Verdict
    reason: Reason | None  # None: the relation of the evidence names it (exact, rounded, bound)
    test: Test

    @property
    def doc(self) -> str:
        return (self.test.__doc__ or "").strip()


RULES: tuple[Rule, ...] = (
    Rule("literal", Verdict.SUPPORTED, Reason.EXACT, _literal),
    Rule("swapped", Verdict.CONTRADICTED, Reason.SWAPPED, _swapped),
    Rule("displaced", Verdict.CONTRADICTED, Reason.DIFFERENT_VALUE, _displaced),
    Rule("supported", Verdict.SUPPORTED, None, _supported),
    Rule("within_range", Verdict.SUPPORTED, Reason.BOUND, _within_range),
    Rule("approximate", Verdict.APPROXIMATE, None, _approximate),
    Rule("opposite_bound", Verdict.CONTRADICTED, Reason.OPPOSITE_BOUND, _opposite_bound),
    Rule("direction", Verdict.CONTRADICTED, Reason.DIRECTION, _direction),
    Rule("unit_mismatch", Verdict.CONTRADICTED, Reason.UNIT_MISMATCH, _unit),
    Rule("scale_slip", Verdict.CONTRADICTED, Reason.SCALE_SLIP, _scale_slip),
    Rule("different_value", Verdict.CONTRADICTED, Reason.DIFFERENT_VALUE, _different),
    Rule("found_elsewhere", Verdict.UNSUPPORTED, Reason.FOUND_ELSEWHERE, _found_elsewhere),
)


@dataclass(frozen=True)
class Decision:
    rule: str
    verdict: Verdict
    reason: Reason
    hit: Scored | Evidence | None


def decide(facts: Facts) -> Decision:
    """The first rule whose test finds evidence; "not found" when none does."""
    for rule in RULES:
        hit = rule.test(facts)
        if hit is None:
            continue
        reason = rule.reason
        if reason is None:
            assert isinstance(hit, Scored)
            reason = Reason(hit.relation.value)
        return Decision(rule.name, rule.verdict, reason, hit)
    return Decision("not_found", Verdict.UNSUPPORTED, Reason.NOT_FOUND, closest_considered(facts))


def closest_considered(f: Facts) -> Scored | None:
    """For a figure not found: the value, in the passage most about the figure, that the rules
    weighed and set aside; shown to the reviewer, never evidence for the verdict. None when no
    passage with a comparable value shares a word with the figure's context."""
    near = [s for s in f.scored if s.topic > 0]
    return max(near, key=lambda s: (s.topic, -s.cand.passage), default=None)
