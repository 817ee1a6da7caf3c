"""Alignment: how sure the matcher is that a source passage states *this* figure.

For every candidate value the matcher looks at what its passage shares with the claim:

* ``topic`` — the claim's words (weighted by nearness to the figure, and by how rare they are
  in the source) found in the passage (fully) or its frame (heading, table header, previous
  sentence: partly); a passage that never names the figure's most specific ``about`` words is
  marked down, and one of a source that never names them at all scores nothing;
* ``near`` — the claim's words right next to the figure found right next to the value, on the
  same side (fully) or the other side (half): "over 100 *stores*, with over 50 completed" puts
  "stores" after 100 and before 50;
* ``counted`` — what each counts ("25 *machines*", an age): the same things, other things, or
  unknown; a count of other things is never evidence either way;
* ``owner`` — a value given as someone's age ("Jayda, 17") whose name the claim never writes
  is about someone else;
* ``periods`` — the quarter, half or fiscal year each names; different ones mean another
  period's figure;
* ``anchors`` — the claim's other figures found in the same passage: a sentence that restates
  two of the claim's numbers is the one the claim restates.

``fit`` combines them; the decision rules compare fits and thresholds
(:mod:`claimcheck.match.thresholds`).
"""

from __future__ import annotations

from decimal import Decimal
from enum import Enum

from claimcheck.lexicon import periods as period_lexicon
from claimcheck.lexicon.words import DIRECTION_TOKENS, MEASURE_WORDS, TIME_WORDS, UNIT_NOUNS
from claimcheck.match.claimed import Claimed, NearWords
from claimcheck.match.index import Candidate, Passage, SourceIndex
from claimcheck.match.relations import Relation, Stated, relate
from claimcheck.match.thresholds import T, Thresholds

_ANCHORING = (Relation.EXACT, Relation.ROUNDED)


class Counted(Enum):
    SAME = "same"  # both count the same things ("13 years" and "13 years")
    OTHER = "other"  # both say what they count, and it differs ("25 machines", "20 people")
    OTHER_UNIT = "other_unit"  # another unit, or a unit and things: "12 months", "12 days"
    UNKNOWN = "unknown"


class Topic:
    """A figure's context words, looked up in one source once, to score its passages."""

    def __init__(self, index: SourceIndex, claimed: Claimed, t: Thresholds = T) -> None:
        self.t = t
        self.index = index
        self.claimed = claimed
        self.near = expand_near(index, claimed.near)
        self._siblings_in: dict[int, list[Candidate]] = {}
        self.foreign = not any(index.expand(w) for w, _ in claimed.query)
        about = [w for w in claimed.about if w not in MEASURE_WORDS and w not in TIME_WORDS]
        about_forms = [index.expand(w) for w in about]
        present = [f for f in about_forms if f]
        # the source never mentions what the figure measures: no passage can be about it
        self.unmentioned = not self.foreign and bool(about_forms) and not present
        self.words: list[tuple[frozenset[str], float]] = []
        self.direction_words: list[tuple[frozenset[str], float]] = []
        self.total = 0.0
        for word, weight in claimed.query:
            forms = index.expand(word)
            w = weight * (index.idf(word) if forms else t.absent_word_idf)
            self.total += w
            if forms and word not in DIRECTION_TOKENS:
                self.words.append((forms, w))
            elif forms:
                self.direction_words.append((forms, w))
        # the most specific things the figure is about ("commerce" rather than "revenue") must be
        # named in the passage or its frame, each of them: another segment's sentence, or the
        # group's, shares everything else
        self.keys = sorted(present, key=lambda f: -max(index.idf(x) for x in f))[: t.key_words]

    def score(self, passage: Passage) -> float:
        if self.foreign:
            return self.t.foreign_score
        if self.unmentioned or not self.total:
            return 0.0
        got = 0.0
        for forms, w in (*self.words, *self.direction_words):
            if not forms.isdisjoint(passage.words):
                got += w
            elif not forms.isdisjoint(passage.context_words):
                got += self.t.frame_share * w
        score = got / self.total
        for key in self.keys:
            if key.isdisjoint(passage.words) and key.isdisjoint(passage.context_words):
                score *= self.t.missing_key_factor
        return score

    def shared(self, passage: Passage) -> int:
        """How many of the claim's words, other than direction words, the passage or its
        frame holds: one shared word ("rose", "open") is no evidence of the same subject."""
        return sum(
            1
            for forms, _ in self.words
            if not forms.isdisjoint(passage.words) or not forms.isdisjoint(passage.context_words)
        )

    def stated_siblings(self, passage: int) -> list[Candidate]:
        """For each of the claim's other figures the passage states (exactly or rounded), the
        first value that states it; computed once per passage."""
        found = self._siblings_in.get(passage)
        if found is None:
            here = self.index.in_passage(passage)
            found = []
            for sibling in self.claimed.siblings:
                if sibling.value == 0:
                    continue
                hit = next((c for c in here if relate(sibling, c.stated) in _ANCHORING), None)
                if hit is not None:
                    found.append(hit)
            self._siblings_in[passage] = found
        return found

    def names_key(self, passage: Passage) -> bool:
        """The passage's own sentence names one of the figure's most specific ``about`` words."""
        return any(not k.isdisjoint(passage.words) for k in self.keys)


ExpandedNear = tuple[tuple[frozenset[str], float, bool], ...]  # (forms, weight, on the left)


def expand_near(index: SourceIndex, near: NearWords) -> ExpandedNear:
    """The claim's words next to a figure, each with the source words that count as it."""
    return tuple((index.expand(word), weight, side == "left") for word, weight, side in near)


def near_match(expanded: ExpandedNear, cand: Candidate, t: Thresholds = T) -> float:
    """Share of the claim's words next to the figure that stand next to the candidate (the same
    side fully, the other side half)."""
    total = got = 0.0
    left, right = cand.left, cand.right
    for forms, weight, on_left in expanded:
        total += weight
        if not forms:
            continue
        same, other = (left, right) if on_left else (right, left)
        here = there = 0.0
        for f in forms:
            here = max(here, same.get(f, 0.0))
            there = max(there, other.get(f, 0.0))
        got += weight * max(here, t.other_side_share * there)
    return got / total if total else 0.0


class Scored:
    """One candidate for one figure: its relation, the simple signals (what it counts, whose
    age, which period), and, computed when first asked for, its neighbouring words and fit."""

    __slots__ = ("_fit", "_near", "_topic", "cand", "counted", "other_period", "relation",
                 "someone_else", "topic")  # fmt: skip

    def __init__(self, cand: Candidate, relation: Relation, score: float, topic: Topic) -> None:
        claimed = topic.claimed
        self.cand = cand
        self.relation = relation
        self.topic = score
        self._topic = topic
        self._near: float | None = None
        self._fit: float | None = None
        mine, theirs = claimed.counted, cand.counted
        if mine and theirs:
            if mine & theirs:
                self.counted = Counted.SAME
            elif mine & UNIT_NOUNS or theirs & UNIT_NOUNS:
                # 12 months is not 12 days, nor 12 halls: a unit makes another quantity
                self.counted = Counted.OTHER_UNIT
            else:
                self.counted = Counted.OTHER
        elif theirs and theirs & claimed.siblings_count:
            # "at 31, ... five Oscar nominations": a count of what another of the claim's
            # figures counts
            self.counted = Counted.OTHER
        else:
            self.counted = Counted.UNKNOWN
        # given as the age of a person the claim never names
        self.someone_else = bool(cand.owner) and cand.owner.isdisjoint(claimed.claim_tokens)
        self.other_period = bool(claimed.periods) and period_lexicon.conflict(
            claimed.periods, cand.periods
        )

    @property
    def near(self) -> float:
        if self._near is None:
            near = self._topic.near
            self._near = near_match(near, self.cand, self._topic.t) if near else 0.0
        return self._near

    @property
    def anchors(self) -> int:
        """How many of the claim's other figures its passage states exactly (or rounded)."""
        return sum(
            1
            for sibling in self._topic.stated_siblings(self.cand.passage)
            if sibling is not self.cand
        )

    @property
    def fit(self) -> float:
        """How well the candidate's place in the source matches the figure's place in the
        claim, all signals together."""
        if self._fit is None:
            t = self._topic.t
            fit = self.topic + t.near_weight * self.near
            if self.counted is Counted.SAME:
                fit += t.counted_bonus
            if self._topic.claimed.siblings and self.anchors:
                fit += t.anchor_bonus
            self._fit = fit
        return self._fit

    @property
    def can_support(self) -> bool:
        """Evidence for the figure at all: not another period's value, nor a count in another
        unit. (A count written with other words may still be the same count: "19 games" and
        "played 19 times".)"""
        return not self.other_period and self.counted is not Counted.OTHER_UNIT

    @property
    def can_contradict(self) -> bool:
        """Evidence against the figure: not a count of other things, nor someone else's age,
        nor another period's value."""
        return (
            self.counted not in (Counted.OTHER, Counted.OTHER_UNIT)
            and not self.someone_else
            and not self.other_period
        )

    def sort_key(self) -> tuple[float, int]:
        return (self.fit, -self.cand.quantity.span[0])


def score_candidates(index: SourceIndex, claimed: Claimed, topic: Topic) -> list[Scored]:
    """Every candidate whose value can be compared with the figure, scored."""
    q = claimed.quantity
    tolerance = claimed.figure.tolerance
    # a passage that shares no word with the figure's context can neither contradict the figure
    # nor displace a match: a different value there is not even kept
    relevant = None if topic.foreign else index.passages_with(f for f, _ in topic.words)
    passage_scores: dict[int, float] = {}
    out: list[Scored] = []
    for cand in index.candidates_for(q.kind):
        relation = relate(q, cand.stated, tolerance, claimed.range_end)
        if relation is Relation.INCOMPATIBLE:
            continue
        if relevant is not None and cand.passage not in relevant:
            if relation is Relation.DIFFERENT:
                continue
            out.append(Scored(cand, relation, 0.0, topic))
            continue
        score = passage_scores.get(cand.passage)
        if score is None:
            score = passage_scores[cand.passage] = topic.score(index.passages[cand.passage])
        out.append(Scored(cand, relation, score, topic))
    return out


def stated_by_sibling(claimed: Claimed, stated: Stated, exactly: bool = False) -> bool:
    """The value is one the claim gives for another of its figures: exactly, or (unless
    ``exactly``) rounded to a figure precise enough to tell ("$5.5 billion", not "$6")."""
    for sibling in claimed.siblings:
        relation = relate(sibling, stated)
        if relation is Relation.EXACT or (
            not exactly and relation is Relation.ROUNDED and significant_digits(sibling.value) >= 2
        ):
            return True
    return False


def significant_digits(value: Decimal) -> int:
    """Significant digits as written: 1,650 has three, 0.505 three, 400 one."""
    if value == value.to_integral_value():
        return len(str(int(abs(value))).rstrip("0")) or 1
    return len(str(abs(value).normalize()).replace(".", "").replace("-", "").lstrip("0"))
