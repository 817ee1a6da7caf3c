"""Sentence spans shared by the matcher and the article drafter: they do not split on decimals,
"U.S." or common abbreviations, and blank lines and list bullets always end a sentence.

Word forms for comparing texts are in :mod:`claimcheck.lexicon.words`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

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
