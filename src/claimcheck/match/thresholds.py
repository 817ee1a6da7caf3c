"""Every threshold and weight the matcher uses, in one frozen object, each with why it has its
value and what pins it (a test in ``tests/match/`` or a benchmark half in ``../shared/bench``).

Scores are shares in 0..1: ``topic`` of a passage (the claim's words it holds), ``near`` of a
value's neighbours (the claim's words next to the figure that stand next to it); ``fit`` adds
them up with the bonuses below (so it may exceed 1).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Thresholds:
    # -- support ------------------------------------------------------------------------------
    # How well a matching value's place must fit the claim, by how telling the value is on its
    # own (significant digits, +2 for money, +1 for a percent or a scale word, +2 for a count
    # of the same things): "10" or "3%" turn up everywhere and need a passage clearly about the same
    # thing; "$1.65 billion" rarely appears by chance. Index: specificity 1, 2, 3, 4 or more.
    # Pinned by test_a_small_number_needs_its_context / test_a_specific_value_needs_little
    # and by bump-dev (paraphrased summaries) and summedits-dev (edited numbers).
    support: tuple[float, float, float, float] = (0.45, 0.35, 0.2, 0.1)
    # a sum of money stated as claimed rarely turns up by chance ("$500", "£10,000"): its
    # currency and amount together count as two digits more (bump-dev's paraphrased summaries:
    # "fined $500" for "ordered to pay $500")
    money_specificity: int = 2
    # a count of the same things ("100 pukao", "19 games") is as telling as two more digits
    counted_specificity: int = 2
    # a single value inside a claimed range is support only in a passage clearly about it
    within_range: float = 0.55

    # -- contradiction ------------------------------------------------------------------------
    # how on-topic a passage must be for a *different* value there to contradict the figure:
    # stricter than support, because a wrong "contradicted" sends a reviewer chasing a
    # correct figure (test_a_different_margin_is_contradicted, test_an_unrelated_value_...)
    contradict: float = 0.55
    # ... or a passage whose words next to the value are the claim's words next to the figure:
    # "first quarter earnings per share was $5.52" for "Q1 earnings per share of $5.53", a
    # name and its number ("Toby 3632" for "Toby 3662") (summedits-dev contradicted recall)
    contradict_fit: float = 0.6
    contradict_near: float = 0.25
    # ... in a passage that shares at least this much with the claim (the right neighbours in
    # an unrelated sentence are no evidence, and scoring the neighbours of every value of a
    # long page would cost most of a cold run)
    contradict_near_topic: float = 0.2
    # and in every case the passage must share this many of the claim's words (direction
    # words aside: "rose" or "open" alone say nothing of the subject), or one of them standing
    # next to the value as it stands next to the figure (contradict_near)
    contradict_words: int = 2
    # a different value displaces a matching one elsewhere only when its passage fits the
    # claim clearly better (the claim took another segment's or period's figure) ...
    displace_margin: float = 0.12
    # ... and, unless an explicit `about` makes topic scores firm, when a good part of the
    # claim's words next to the figure stand next to it, clearly more than next to the match
    # (bump-dev and summedits-dev: without it, summaries lose figures to passages that merely
    # share words; at 0.5, "a 92-year-old telephone operator" kept the 92 of her death notice
    # over "As a 19-year-old telephone operator")
    displace_near: float = 0.4
    displace_near_margin: float = 0.3
    # within one sentence, another value swapped into the claim's place: its neighbours must
    # match the claim's clearly better (a sentence listing several figures does not make each
    # one wrong); in a table row only the column headers tell cells apart
    swap_margin: float = 0.3
    column_swap_margin: float = 0.05
    # among differing values whose passages score within this of the best, the one closest in
    # size is reported as what the source says instead
    closest_band: float = 0.05

    # -- topic scores -------------------------------------------------------------------------
    frame_share: float = 0.6  # a claim word found only in the passage's frame counts this much
    # a passage that does not name one of the figure's two most specific `about` words is scored
    # down by this factor for each (another segment's sentence shares everything else);
    # test_the_groups_figure_given_for_a_segment, test_last_years_table_column_...
    missing_key_factor: float = 0.6
    key_words: int = 2
    # a claim word the source never uses weighs this (instead of its idf) in the total
    absent_word_idf: float = 0.5
    # a source that shares no word with the claim (another language): enough for a specific
    # value to count as support, never enough for a contradiction
    foreign_score: float = 0.3

    # -- fit ----------------------------------------------------------------------------------
    near_weight: float = 0.5  # fit = topic + near_weight * near + bonuses
    other_side_share: float = 0.5  # a claim word next to the value but on its other side
    # a count of the same things ("13 years", "100 pukao") says which figure it is
    counted_bonus: float = 0.25
    # a passage that also states another of the claim's figures is the one the claim restates
    anchor_bonus: float = 0.2

    def support_for(self, specificity: int) -> float:
        index = min(max(specificity, 1), len(self.support)) - 1
        return self.support[index]


T = Thresholds()
