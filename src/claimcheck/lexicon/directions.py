"""Words that say which way a figure moved: "rose 5%", "a 5% decline", "down 3%".

Verbs stand before the figure ("revenue *grew* 26%"); nouns name a change ("a 12% *rise* in
sales", "*growth* of 5%"); adverbs either side ("*up* 5%", "5% *lower*"). The parser
reads the direction of a figure from them, the drafter drafts ``change:`` from them and the
matcher folds them to one token each ("increase", "decrease") so that "grew" and "rose" are the
same word when two passages are compared.
"""

from __future__ import annotations

from claimcheck.model.vocab import Direction

# verbs ("revenue *grew* 26%")
UP_VERBS = frozenset(
    """
    rose rises rising risen grew grow grows growing grown increased increasing jumped jumps
    jumping surged surges surging soared soar soars soaring climbed climb climbs climbing gained
    gaining added adding accelerated accelerating accelerate accelerates expanded expanding
    expands advanced advancing rallied rallying boosted boost boosts raised raise raises lifted
    lift lifts spiked skyrocketed improved improving widened widen widens widening
    """.split()
)
DOWN_VERBS = frozenset(
    """
    fell falls falling fallen declined declining decreased decreasing dropped dropping slid
    slides sliding slipped slips slipping dipped dips dipping plunged plunges plunging plummeted
    plummet plummeting tumbled tumble tumbling sank sink sinking sunk shrank shrink shrinks
    shrinking shrunk contracted contracting lost losing slumped slumping eased easing shed cut
    cuts cutting reduced reducing lowered slowed slowing retreated weakened tanked narrowed
    narrow narrows narrowing slide slip
    """.split()
)
# nouns that name a change ("a 12% *rise* in sales", "*growth* of 5%"); the drafter's `about`
# leaves them out and reads the direction from them
UP_NOUNS = frozenset(
    "growth increase increases rise gain gains jump surge hike uptick expansion".split()
)
DOWN_NOUNS = frozenset(
    """
    decline declines decrease decreases drop drops fall dip slump plunge contraction reduction
    """.split()
)
# "*up* 5%", "*higher*"
UP_ADVERBS = frozenset({"up", "higher"})
DOWN_ADVERBS = frozenset({"down", "lower"})
# after the figure: "26% growth", "a 5% drop", "3% higher"
UP_AFTER = UP_NOUNS | UP_ADVERBS | frozenset({"rises", "jumps", "climb", "improvement", "more"})
DOWN_AFTER = (
    DOWN_NOUNS | DOWN_ADVERBS | frozenset({"falls", "less", "fewer", "cut", "slide", "loss"})
)

# before the figure: any of them ("grew 5%", "up 5%", "an increase of 5%")
BEFORE: dict[str, Direction] = {
    **dict.fromkeys(UP_VERBS | UP_NOUNS | UP_ADVERBS, Direction.INCREASE),
    **dict.fromkeys(DOWN_VERBS | DOWN_NOUNS | DOWN_ADVERBS, Direction.DECREASE),
}
AFTER: dict[str, Direction] = {
    **dict.fromkeys(UP_AFTER, Direction.INCREASE),
    **dict.fromkeys(DOWN_AFTER, Direction.DECREASE),
}
# every word that says a direction, wherever it stands
ANY: dict[str, Direction] = {**AFTER, **BEFORE}

# words that may stand between a direction word and the figure it governs ("grew *by* 5%",
# "rose *sharply* to", "up 5% *year-over-year*"): they neither end nor change the direction
FILLERS_BEFORE = frozenset(
    """
    by to of a an another further sharply strongly slightly steeply significantly markedly
    modestly just only year-over-year year-on-year yoy y/y y-o-y annually sequentially record
    new
    """.split()
)
FILLERS_AFTER = frozenset(
    """
    year-over-year year-on-year yoy y/y y-o-y annual annualized sequential quarter-over-quarter
    quarter-on-quarter qoq q/q month-on-month organic overall
    """.split()
)

# Chinese: verbs written right before the figure, with fillers between ("增长了", "下降至")
CJK_UP = ("增长", "上升", "增加", "上涨", "提升", "提高", "攀升", "增", "升", "涨")
CJK_DOWN = ("下降", "减少", "下滑", "下跌", "降低", "回落", "缩减", "跌", "降", "减")
CJK_FILLERS = ("了", "至", "到", "为", "达")
