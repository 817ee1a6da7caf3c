"""Word forms for comparing a claim's wording with a source passage.

Content words only (stopwords dropped), lower-cased, stemmed with the Snowball English stemmer
(so "evacuated" and "evacuations" meet as "evacu"), then folded through a small table of words
that say the same thing in the writing claimcheck checks ("grew" and "rose", "sales" and
"revenue", "spent" and "cost"). Years are tokens of their own ("@2023"): a year is a word two
passages about the same thing share. Chinese text is compared by character pairs.

Everything is memoised per raw token: pages repeat their vocabulary.
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

import snowballstemmer

from claimcheck.model.vocab import Direction

STOPWORDS = frozenset(
    """
    a an the and or but of in on at to for from by with as is are was were be been being it its
    this that these those which who whom whose what when where why how than then there their
    they them he she his her we our us you your i me my mine into over under about after before
    during while also not no nor so such can could will would shall should may might must do
    does did has have had having up down out off again further more most less least very just
    only own same other another each both all any some few many much per via vs amid among year
    years quarter quarters q1 q2 q3 q4 compared versus said says according reported percent per
    cent inc ltd approximately approx roughly around nearly almost circa
    greater fewer exceeding upwards excess
    """.split()
)

# Words that mean the same thing here, by the token they fold to. Of the direction words only
# verbs and nouns of motion fold ("loss", "lower" or "cut" say more than which way a figure
# went).
_MOTION_UP = """
    grew grow growth rose rise risen increase increased increases increasing gain gained jump
    jumped climb climbed surge surged soar soared accelerate accelerated expand expanded
    boost boosted
"""
_MOTION_DOWN = """
    fell fall fallen decline declined drop dropped decrease decreased dip dipped slid slide
    slip slipped shrank shrink contract contracted plunge plunged tumble tumbled reduce reduced
"""
_SAME = {
    Direction.INCREASE.value: _MOTION_UP,
    Direction.DECREASE.value: _MOTION_DOWN,
    "revenue": "revenue revenues sales sale turnover",
    "profit": "profit profits earnings earning",
    "invest": "invest investment investments capex spending",
    "spend": "spend spent cost costs paid pay paying expenditure outlay",
    "find": "find found discovered discover",
    "death": "death deaths dead died die dies killed kill fatalities",
    "age": "age aged",
    "yuan": "yuan rmb cny renminbi",
    # units as written out and abbreviated ("600 km per hour", "600 kilometres per hour")
    "km": "km kms kilometre kilometres kilometer kilometers",
    "kg": "kg kgs kilogram kilograms kilo kilos",
    "metre": "metre metres meter meters",
    "mile": "mile miles",
    "tonne": "tonne tonnes ton tons",
    "litre": "litre litres liter liters",
    "hour": "hour hours hr hrs",
    "minute": "minute minutes min mins",
    "year": "year years yr yrs",
    "dollar": "dollar dollars usd",
}

_STEMMER = snowballstemmer.stemmer("english")


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """The Snowball stem of one lower-case word."""
    return str(_STEMMER.stemWord(word))


SYNONYMS: dict[str, str] = {
    stem(word): token for token, listed in _SAME.items() for word in listed.split()
}
# the tokens the direction words fold to: the codes of the Direction enum
INCREASE, DECREASE = Direction.INCREASE.value, Direction.DECREASE.value
# words that say how a figure is measured rather than what it is about ("revenue *change*",
# "growth *rate*"): never the most specific thing an `about` names
MEASURE_WORDS = frozenset(
    stem(w) for w in "change changes rate rates level levels amount number figure value yoy".split()
)
# units of time and measure as counted nouns ("12 *months*", "40 *km*"): two counts in
# different units are different quantities, never a paraphrase of each other
UNIT_NOUNS = frozenset(
    SYNONYMS.get(stem(w), stem(w))
    for w in """second seconds minute minutes hour hours day days week weeks month months year
    years decade decades century centuries km kilometre kilometres kilometer kilometers mile miles
    metre metres meter meters foot feet inch inches kg kilogram kilograms tonne tonnes ton tons
    litre litres liter liters hectare hectares acre acres mph""".split()
)
# words that say when, relative to something: never what a figure is about ("margin a year
# *earlier*", "the *prior* quarter")
TIME_WORDS = frozenset(
    stem(w)
    for w in """earlier prior previous preceding last ago later current next year-earlier
    annual annually monthly weekly daily quarterly period""".split()
)
DIRECTION_TOKENS = frozenset({INCREASE, DECREASE})

_CJK_RE = re.compile(r"[\u4e00-\u9fff\u3040-\u30ff]")
# what a digit leaves behind as a "word": "9th", "3rd", "1990s"
DIGIT_SUFFIX_FORMS = frozenset(
    f for s in ("st", "nd", "rd", "th", "s") for f in (s, s.upper(), s.title())
)
_WORD_PATTERN = r"[^\W\d_]+(?:[-'’][^\W\d_]+)*"
# group 1 a year, group 2 a word
YEAR_OR_WORD_RE = re.compile(
    r"(?<![0-9.,$€£¥])((?:19|20)[0-9]{2})(?![0-9]|[.,][0-9]|\s?%)|(" + _WORD_PATTERN + ")"
)
YEAR_MARK = "@"
_YOY_RE = re.compile(r"\b(?:year[-\s]+(?:over|on)[-\s]+year|y/y|yoy)\b", re.IGNORECASE)


@lru_cache(maxsize=1 << 18)
def token_words(raw: str) -> tuple[str, ...]:
    """The folded content words one raw token stands for ("Year-old" -> ("age",))."""
    token = raw.lower().replace("’", "'")
    if token.endswith("'s"):
        token = token[:-2]
    if _CJK_RE.search(token):
        chars = [c for c in token if _CJK_RE.match(c)]
        return tuple(a + b for a, b in itertools.pairwise(chars))
    if token == "year-old" or token == "years-old":
        return ("age",)
    out = []
    for part in token.split("-"):
        if len(part) < 2 or part in STOPWORDS:
            continue
        s = stem(part)
        out.append(SYNONYMS.get(s, s))
    return tuple(out)


def words(text: str) -> list[str]:
    """The content words of ``text``, folded, with years as tokens ("@2023") and
    "year-over-year" / "YoY" as "yoy"."""
    return list(_words(text))


@lru_cache(maxsize=1 << 16)
def _words(text: str) -> tuple[str, ...]:
    # memoised: table contexts, header cells and labels repeat on every row
    text = _YOY_RE.sub(" yoy ", text)
    out: list[str] = []
    for m in YEAR_OR_WORD_RE.finditer(text):
        year, raw = m.group(1, 2)
        if year:
            out.append(YEAR_MARK + year)
        elif raw in DIGIT_SUFFIX_FORMS and m.start() and text[m.start() - 1].isdigit():
            continue  # "9th", "1990s": what a digit leaves behind is no word
        else:
            out.extend(token_words(raw))
    return tuple(out)
