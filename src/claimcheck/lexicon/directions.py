"""Words that say which way a figure moved: "rose 5%", "a 5% decline", "down 3%".

Verbs stand before the figure ("revenue *grew* 26%"); the after-words follow it ("26%
*growth*", "5% *lower*"); nouns name a change in a phrase ("a 12% *rise* in sales"). The parser
reads the direction of a figure from them, the drafter drafts ``change:`` from them and the
matcher folds them to one token each ("increase", "decrease") so that "grew" and "rose" are the
same word when two passages are compared.
"""

from __future__ import annotations

from claimcheck.model.vocab import Direction

UP_VERBS = frozenset(
    """
    rose rise rises rising risen grew grow grows growing grown growth up increase increased
    increases increasing jumped jump jumps jumping surged surge surges surging soared soar soars
    soaring climbed climb climbs climbing gained gain gains gaining added adding accelerated
    accelerating accelerate accelerates expanded expanding expands expansion advanced advancing
    rallied rallying boosted boost boosts raised lifted spiked skyrocketed improved improving
    higher widened widen widens widening raise raises lift lifts
    """.split()
)
DOWN_VERBS = frozenset(
    """
    fell fall falls falling fallen declined decline declines declining decreased decrease
    decreases decreasing down dropped drop drops dropping slid slide slides sliding slipped slip
    slips slipping dipped dip dips dipping plunged plunge plunges plunging plummeted plummet
    plummeting tumbled tumble tumbling sank sink sinking sunk shrank shrink shrinks shrinking
    shrunk contracted contracting contraction lost losing slumped slump slumping eased easing
    shed cut cuts cutting reduced reducing reduction lowered lower slowed slowing retreated
    weakened tanked narrowed narrow narrows narrowing
    """.split()
)
# after the figure: "26% growth", "a 5% drop", "3% higher"
UP_AFTER = frozenset(
    """
    increase increases rise rises growth gain gains jump jumps surge climb hike uptick higher up
    improvement expansion more
    """.split()
)
DOWN_AFTER = frozenset(
    """
    decline declines decrease decreases drop drops fall falls dip slump plunge lower down less
    fewer reduction cut contraction slide loss
    """.split()
)
# nouns that name a change ("a 12% rise in sales"): the drafter's ``about`` leaves them out
UP_NOUNS = frozenset("growth increase increases rise gain gains jump surge hike uptick".split())
DOWN_NOUNS = frozenset(
    "decline declines decrease decreases drop drops fall dip slump plunge contraction".split()
)

BEFORE: dict[str, Direction] = {
    **dict.fromkeys(UP_VERBS, Direction.INCREASE),
    **dict.fromkeys(DOWN_VERBS, Direction.DECREASE),
}
AFTER: dict[str, Direction] = {
    **dict.fromkeys(UP_AFTER, Direction.INCREASE),
    **dict.fromkeys(DOWN_AFTER, Direction.DECREASE),
}
# every word that says a direction, wherever it stands
ANY: dict[str, Direction] = {**AFTER, **BEFORE}

# Chinese: verbs written right before the figure, with fillers between ("增长了", "下降至")
CJK_UP = ("增长", "上升", "增加", "上涨", "提升", "提高", "攀升", "增", "升", "涨")
CJK_DOWN = ("下降", "减少", "下滑", "下跌", "降低", "回落", "缩减", "跌", "降", "减")
CJK_FILLERS = ("了", "至", "到", "为", "达")
