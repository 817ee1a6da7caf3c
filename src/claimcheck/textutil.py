"""Small text helpers shared by the matcher and the article drafter.

Sentence spans (that do not split on decimals, "U.S." or common abbreviations) and the word
normalisation (stopwords, a light stemmer, memoised per token) used to compare a figure's
context with a source passage.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from functools import lru_cache

# A sentence ends at . ! ? or a CJK full stop, followed by space (or end) and a capital, digit,
# quote or bracket; the abbreviation check below vetoes false ends.
_END_RE = re.compile(r"[.!?。！？]+[\"'”’)\]]*(?=\s+|$)|[。！？]")
_ABBREV = frozenset(
    """
    mr mrs ms dr prof sr jr st vs etc inc ltd co corp plc llc no nos fig figs approx est jan feb
    mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun u.s u.k u.n e.g i.e a.m
    p.m dept gov sen rep gen col lt sgt mt ft al
    """.split()
)
_LINE_BREAK_RE = re.compile(r"\n\s*\n|\n(?=\s*(?:[-*•·]|\d+[.)]\s|#))")


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` into sentence spans (offsets into ``text``), trimmed of space."""
    stop = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    for chunk_start, chunk_end in _chunks(text, start, stop):
        begin = chunk_start
        for m in _END_RE.finditer(text, chunk_start, chunk_end):
            if not _is_real_end(text, m.start(), m.end(), chunk_end):
                continue
            spans.append((begin, m.end()))
            begin = m.end()
        spans.append((begin, chunk_end))
    return [s for s in (_trim(text, a, b) for a, b in spans) if s[1] > s[0]]


def _chunks(text: str, start: int, stop: int) -> Iterator[tuple[int, int]]:
    """Blank lines and list bullets always end a sentence, whatever the punctuation."""
    pos = start
    for m in _LINE_BREAK_RE.finditer(text, start, stop):
        yield pos, m.start()
        pos = m.end()
    yield pos, stop


def _is_real_end(text: str, dot: int, after: int, limit: int) -> bool:
    mark = text[dot]
    if mark in "。！？!?":
        return True
    # "3.5" never reaches here (the lookahead needs a space), but "U.S. officials" does
    word_start = dot
    while word_start > 0 and (text[word_start - 1].isalpha() or text[word_start - 1] == "."):
        word_start -= 1
    word = text[word_start:dot].lower()
    # a lone letter is an initial ("J. Smith"), unless it ends a longer token ("SG&A.")
    initial = len(word) == 1 and word.isalpha()
    if (
        initial
        and word_start > 0
        and (text[word_start - 1].isalnum() or text[word_start - 1] in "&'’")
    ):
        initial = False
    if word in _ABBREV or initial:
        # an abbreviation ends a sentence only when a capitalised word that is not a name follows;
        # we cannot tell names apart, so keep the sentence together unless a paragraph ends
        nxt = text[after:limit].lstrip()
        return not nxt
    nxt = text[after:limit].lstrip()
    if not nxt:
        return True
    first = nxt[0]
    # a lowercase continuation after "." is not a new sentence ("approx. 5", "e.g. this")
    return not first.islower()


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


STOPWORDS = frozenset(
    """
    a an the and or but of in on at to for from by with as is are was were be been being it its
    this that these those which who whom whose what when where why how than then there their
    they them he she his her we our us you your i me my mine into over under about after before
    during while also not no nor so such can could will would shall should may might must do
    does did has have had having up down out off again further more most less least very just
    only own same other another each both all any some few many much per via vs amid among year
    years quarter quarters q1 q2 q3 q4 compared versus said says according reported percent per
    cent company group inc ltd approximately approx roughly around nearly almost circa
    greater fewer exceeding upwards excess
    """.split()
)
# what a digit leaves behind as a "word": "9th", "3rd", "1990s"
DIGIT_SUFFIX_FORMS = frozenset(
    f for s in ("st", "nd", "rd", "th", "s") for f in (s, s.upper(), s.title())
)

_WORD_PATTERN = r"[^\W\d_]+(?:[-'’][^\W\d_]+)*"
# a year says when, which two passages about the same thing share ("sales of $5bn in 2023");
# matched with words in one pass: group 1 a year, group 2 a word
YEAR_OR_WORD_RE = re.compile(
    r"(?<![0-9.,$€£¥])((?:19|20)[0-9]{2})(?![0-9]|[.,][0-9]|\s?%)|(" + _WORD_PATTERN + ")"
)
_CJK_RE = re.compile(r"[\u4e00-\u9fff\u3040-\u30ff]")


def stem(word: str) -> str:
    """A light English stemmer: enough to meet 'margins'/'margin', 'sales'/'sale'."""
    w = word
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("sses", "xes", "zes", "ches", "shes")):
        return w[:-2]
    if w.endswith("ing") and len(w) > 5:
        return w[:-3]
    if w.endswith("ed") and len(w) > 4:
        return w[:-2]
    if w.endswith("ied") and len(w) == 4:  # "died", "tied", "lied" meet "dies", "ties", "lies"
        return w[:-1]
    if w.endswith("s") and not w.endswith(("ss", "us", "is")) and len(w) > 3:
        return w[:-1]
    return w


@lru_cache(maxsize=1 << 18)
def token_words(raw: str) -> tuple[str, ...]:
    """The content words one raw token stands for (memoised: pages repeat their vocabulary)."""
    token = raw.lower().replace("’", "'")
    if token.endswith("'s"):
        token = token[:-2]
    if _CJK_RE.search(token):
        chars = [c for c in token if _CJK_RE.match(c)]
        return tuple(a + b for a, b in itertools.pairwise(chars))
    return tuple(
        stem(part) for part in token.split("-") if len(part) >= 2 and part not in STOPWORDS
    )
