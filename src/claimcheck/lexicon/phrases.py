"""The drafter's words for finding what a figure measures in a sentence: where a clause ends,
which words join a noun phrase, which are function words or verbs (and so never part of it),
time phrases and fillers, and the metrics that say little without whose they are ("revenue").

Direction words are in :mod:`.directions`; these tables add what only phrase-finding needs.
"""

from __future__ import annotations

BOUNDARY_PUNCT = frozenset(',;:()—–-"“”.!?[]')

BOUNDARY_WORDS = frozenset(
    """
    while whereas but as which that who whom when because although though if after before since
    despite amid due thanks compared versus vs than so yet where unlike including such
    """.split()
)

CONNECTORS = frozenset({"of", "in", "for", "and", "on", "&"})

DETERMINERS = frozenset("a an the its their his her our this that these those each every".split())

STOP = frozenset(
    """
    a an the and or but nor of in on at to for from by with as is are was were be been being it
    its this that these those which who whom whose what when where why how than then there their
    they them he she his her we our us you your i me my into over under about after before during
    while also not no so such can could will would shall should may might must do does did has
    have had having up down out off again further more most less least very just only own same
    other another each both all any some few many much per via amid among compared versus said
    says according reported however meanwhile conversely moreover furthermore additionally still
    yet thus therefore overall notably instead indeed nonetheless nevertheless similarly likewise
    finally ultimately historically currently now today contrast roughly approximately around
    nearly almost estimated well close across through within toward towards against
    """.split()
)

# verbs that are rarely nouns; "plan", "record", "win" or "report" are left out on purpose
VERBS = frozenset(
    """
    is are was were be been being has have had do does did will would can could may might shall
    should must aims shows signals reflect reflects reflecting underscore underscores remain
    remains faces suggest suggests offers require requires represent represents depend depends
    hinge hinges mirror mirrors drives mean means help helps expect expects say says adds make
    makes made making take takes took gives see sees reach reaches came comes emerge emerges
    generate generates deliver delivers leads led outpace outpaces beats exceed exceeds unlock
    unlocks capture captures strengthen strengthens solidify reduce reduces become becomes became
    continue continues keep keeps kept puts gets got bring brings brought hold holds held pay
    pays paid spend spends spent earn earns sell sells sold buy buys bought allocate allocates
    invest invests serve serves cover covers stand stands stood employ employs targets retire
    """.split()
)

TIME_FILLERS = {
    "yoy": "year-over-year", "y/y": "year-over-year", "y-o-y": "year-over-year",
    "year-over-year": "year-over-year", "year-on-year": "year-on-year",
    "qoq": "quarter-over-quarter", "q/q": "quarter-over-quarter",
    "quarter-over-quarter": "quarter-over-quarter", "quarter-on-quarter": "quarter-on-quarter",
    "sequentially": "sequentially", "annually": "annually", "month-on-month": "month-on-month",
    "month-over-month": "month-over-month",
}  # fmt: skip

# words that start a time phrase ("last year", "a year earlier"), never what a figure measures
TIME_WORDS = frozenset(
    "last next previous prior year years quarter quarters month months week weeks day days "
    "period ago earlier later annual".split()
)

# -ed/-ing words that are nouns more often than verbs
NOUNISH = frozenset(
    """
    earnings funding spending pricing holdings offering offerings rating ratings listing
    listings shipping housing banking marketing advertising trading operating outstanding
    financing billing bookings computing processing manufacturing consulting building buildings
    """.split()
)

MAKE = frozenset({"make", "makes", "made", "making"})

LEVEL_BEFORE = frozenset({"to", "from", "at", "of", "was", "is", "were", "are", "be"})

COMPLEMENT_START = frozenset({"in", "during", "over", "for", "on"})

# metrics that say little without whose they are: "revenue" -> "cloud unit revenue"
GENERIC = frozenset(
    """
    revenue revenues sales income profit profits earnings margin margins investment investments
    spending cost costs share stake value price prices funding capex expenditure budget loss
    losses debt cash valuation turnover ebitda ebita ebit average median total
    """.split()
)
