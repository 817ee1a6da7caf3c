"""The words around a figure, the same way in a claim and in a source passage.

A figure's neighbours say what it measures: "cloud revenue grew *26%*", "*25* machines". Words
are taken leftwards and rightwards from the figure, each with its distance in words, and with
whether clause punctuation or another figure stands between (past either, a word mostly
belongs to something else: "net sales rose 4-7%, with organic growth of 3-5%"). What a count
counts ("25 *machines*", "a 30-year-old", "Green, 13") and whose figure it is ("Jayda, 17")
are read here too.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from claimcheck.lexicon.words import SYNONYMS, stem, words

# clause punctuation: words across it mostly belong to another part of the sentence
CLAUSE_RE = re.compile(r"[,;:()\[\]\u2013\u2014]|\s-\s")


@dataclass(frozen=True, slots=True)
class Near:
    """One word near a figure: how far, whether a clause break or another figure stands
    between, and on which side."""

    word: str
    distance: int
    beyond_figure: bool
    across_clause: bool
    side: str  # "left" or "right"


def walk(
    text: str,
    anchor: tuple[int, int],
    figures: list[tuple[int, int]],
    bounds: tuple[int, int],
    limit: int | None,
) -> list[Near]:
    """The words of ``text[bounds]`` leftwards and rightwards from ``anchor`` (at most ``limit``
    each side). Past clause punctuation with another figure further on, words count as that
    figure's."""
    lo, hi = bounds
    inside = [(a, b) for a, b in figures if lo <= a and b <= hi]
    occupied = [*inside, anchor]
    cuts = [(a, b, True) for a, b in inside]
    for m in CLAUSE_RE.finditer(text, lo, hi):
        if not any(a <= m.start() < b for a, b in occupied):
            cuts.append((m.start(), m.end(), False))
    cuts.sort()
    left = [*reversed([c for c in cuts if c[1] <= anchor[0]]), (lo, lo, False)]
    right = [*[c for c in cuts if c[0] >= anchor[1]], (hi, hi, False)]
    out: list[Near] = []
    for side, cut_list in (("left", left), ("right", right)):
        pos = anchor[0] if side == "left" else anchor[1]
        distance, beyond, across = 0, False, False
        for i, (a, b, is_figure) in enumerate(cut_list):
            if side == "left":
                segment = words(text[max(b, lo) : pos]) if pos > b else []
                segment.reverse()
                pos = min(pos, a)
            else:
                segment = words(text[pos : min(a, hi)]) if a > pos else []
                pos = max(pos, b)
            for w in segment:
                if limit is not None and distance >= limit:
                    break
                out.append(Near(w, distance, beyond, across, side))
                distance += 1
            if limit is not None and distance >= limit:
                break
            if is_figure:
                beyond = True
            else:
                across = True
                beyond = beyond or any(c[2] for c in cut_list[i + 1 :])
    return out


def clause_bounds(masked: str, span: tuple[int, int], bounds: tuple[int, int]) -> tuple[int, int]:
    """The clause a figure stands in: up to the nearest clause punctuation on each side, within
    ``bounds`` (``masked`` has figures blanked, so "1,000" holds no comma)."""
    lo, hi = bounds
    left = lo
    for m in CLAUSE_RE.finditer(masked, lo, span[0]):
        left = m.end()
    after = CLAUSE_RE.search(masked, span[1], hi)
    return left, after.start() if after else hi


def nearby_figures(
    figures: list[tuple[int, int]], span: tuple[int, int], lo: int, hi: int
) -> list[tuple[int, int]]:
    """The other figure spans within [lo, hi) (``figures`` sorted)."""
    i = bisect_right(figures, (lo, lo))
    out = []
    while i < len(figures) and figures[i][0] < hi:
        if figures[i] != span and figures[i][1] <= hi:
            out.append(figures[i])
        i += 1
    return out


# -- what a count counts, and whose it is -------------------------------------------------------

_COUNTED_RE = re.compile(r"(?:-|[ \t]+)([^\W\d_]+)")
# words between a count and what it counts: "12 new stores", "eight consecutive quarters"
_COUNT_MODIFIERS = frozenset(
    """
    new more additional other full straight consecutive successive separate different extra
    further whole entire such large small major big others
    """.split()
)
# words that start a time phrase after a count ("3 parks last spring", "two days later")
_PHRASE_ENDERS = frozenset("last next ago later earlier since".split())
_TIME_NOUNS = frozenset(
    "year years quarter quarters month months week weeks day days hour hours minute minutes "
    "decade decades".split()
)
AGE = "age"
_AGE_AFTER_RE = re.compile(r"(?:\s?-\s?|\s+)(?:years?|yrs?)(?:\s?-\s?|\s+)olds?\b", re.IGNORECASE)
_AGE_BEFORE_RE = re.compile(r"(?:\baged?|\bage\s+of|\bAGE:)\s*$", re.IGNORECASE)
# "Kerry Green, 13," / "Winslet, at 31," / "Englander (30)": a person's age after their name
_APPOSITIVE_BEFORE_RE = re.compile(
    r"((?:[A-Z][\w'’.-]+\s+){0,2}[A-Z][\w'’.-]+)(?:,\s*(?:at\s+|aged\s+)?|\s+\()$"
)
_APPOSITIVE_AFTER_RE = re.compile(r"\s*(?:[,)]|$|\s(?:and|was|is|who|has|had)\b)")
_MAX_AGE = 120


def counted_nouns(text: str, start: int, end: int, limit: int | None = None) -> frozenset[str]:
    """What a count counts, folded like other words: the words right after it ("25 machines",
    "13 years", "a 24-hour show", at most two, up to the first function word or punctuation),
    or "age" for a person's age ("a 30-year-old", "aged 17", "Englander, 30,")."""
    stop = len(text) if limit is None else limit
    before = text[max(0, start - 16) : start]
    if _AGE_AFTER_RE.match(text, end, stop) or _AGE_BEFORE_RE.search(before):
        return frozenset({AGE})
    if owner_name(text, start, end):
        return frozenset({AGE})
    found: list[str] = []
    pos = end
    for _ in range(4):
        m = _COUNTED_RE.match(text, pos, stop)
        if m is None or len(found) == 2:
            break
        pos = m.end()
        word = m.group(1).lower()
        if word in _COUNT_MODIFIERS:
            continue
        if word in _PHRASE_ENDERS:
            break
        if word in _TIME_NOUNS:
            if not found:
                found.append(SYNONYMS.get(stem(word), stem(word)))
            break
        folded = words(word)
        if len(folded) != 1:
            break  # a function word ends the phrase
        found.append(folded[0])
    return frozenset(found)


def owner_name(text: str, start: int, end: int) -> frozenset[str]:
    """The person a number is given for as their age, when it is written after their name
    ("Jayda, 17", "Christian Englander, 30,"): the name's words, lower case."""
    digits = text[start:end]
    if not digits.isdigit() or not 0 < int(digits) <= _MAX_AGE:
        return frozenset()
    m = _APPOSITIVE_BEFORE_RE.search(text[max(0, start - 60) : start])
    if m is None or not _APPOSITIVE_AFTER_RE.match(text, end):
        return frozenset()
    names = [w.strip("'’.").lower() for w in m.group(1).split()]
    # "In 2023, 13 ..." or "Meanwhile, 13" are no names: a name is not a common sentence word
    if any(n in _NOT_NAMES for n in names):
        return frozenset()
    return frozenset(n for n in names if n)


_NOT_NAMES = frozenset(
    """
    in on at by for and but or so yet meanwhile however overall total also then now today
    yesterday since after before of the a an to with from about january february march april may
    june july august september october november december monday tuesday wednesday thursday
    friday saturday sunday
    """.split()
)
