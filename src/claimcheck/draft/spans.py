"""Where the claims of an article are: its sentences (with the citation markers that cover each)
and the figures in them, as written -- the qualifier included ("over 20%"), a counted unit
included ("three-year", "eight consecutive quarters"), years left out.

Citation convention: a marker covers the sentence it stands in, or the sentence it directly
follows ("... revenue [1]." and "... revenue.[1]" alike). Markers are never spread to other
sentences: a paragraph closing with "[7]" does not cite its earlier sentences (the seed article
marks every sentence it cites and leaves some uncited on purpose).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claimcheck.draft.markers import find_markers
from claimcheck.lexicon.sentences import sentence_spans
from claimcheck.model.quantity import Kind, Quantity
from claimcheck.quantities import parse_quantities


@dataclass(frozen=True)
class Sentence:
    text: str  # without markers
    keys: tuple[str, ...]
    block: int
    summary: bool


def sentences(text: str, block: int, summary: bool) -> list[Sentence]:
    """Sentences of one block with the markers that cover each (see the module docstring)."""
    markers = find_markers(text)
    # blank the markers out (same length, so offsets hold): "revenue.[1] This" then splits
    chars = list(text)
    for m in markers:
        chars[m.span[0] : m.span[1]] = " " * (m.span[1] - m.span[0])
    blanked = "".join(chars)
    spans = sentence_spans(blanked)
    if not spans:
        return []
    keys: list[list[str]] = [[] for _ in spans]
    for m in markers:
        at = m.span[0]
        # the sentence the marker stands in, else the one it follows, else the first
        index = next((i for i, (a, b) in enumerate(spans) if a <= at < b), None)
        if index is None:
            index = max((i for i, (_, b) in enumerate(spans) if b <= at), default=0)
        keys[index].extend(m.keys)
    out = []
    for (a, b), found in zip(spans, keys, strict=True):
        clean = _tidy(blanked[a:b])
        if clean:
            out.append(Sentence(clean, tuple(dict.fromkeys(found)), block, summary))
    return out


def _tidy(text: str) -> str:
    text = " ".join(text.split())
    return re.sub(r"\s+([.,;:!?)\]])", r"\1", text).strip()


_YEAR_RE = re.compile(r"(?:19|20)[0-9]{2}")

_TIME_UNIT = r"(?:years?|months?|weeks?|days?|quarters?|hours?|sessions?|trading\s+days?)"

_COUNTED_RE = re.compile(
    rf"(?i:-(?:year|month|week|day|quarter|hour)s?(?:-long)?\b"
    rf"|\s+(?:(?:consecutive|straight|successive)\s+)?{_TIME_UNIT}\b)"
    # physical units the parser leaves to the words: "3.4 GW", "14.2 million tonnes"
    r"|\s?(?:[kMGT]?Wh?|tonnes?|tons?|barrels?|bpd|km|kilomet(?:re|er)s?|miles?|kg|lbs?"
    r"|[KMGTP]B|mph|°[CF])(?![A-Za-z0-9])",
)


@dataclass(frozen=True)
class Fig:
    quantity: Quantity
    start: int  # of the value as written, qualifier included
    end: int  # counted unit included ("three-year", "eight consecutive quarters")
    value: str


def find_figures(text: str) -> list[Fig]:
    out: list[Fig] = []
    for q in parse_quantities(text):
        if _YEAR_RE.fullmatch(q.text.strip()):
            continue  # a year read as an amount ("Q1 2025 to 33.4 billion yuan")
        start, end = q.span
        counted = None
        if q.kind in (Kind.COUNT, Kind.ORDINAL) and q.currency is None:
            counted = _COUNTED_RE.match(text, end)
            if counted is not None:
                end = counted.end()
        if q.qualifier is not None and not (counted and q.qualifier == "over"):
            # "over five days" is a span of time, not "more than five"
            start = _qualifier_start(text, q)
        out.append(Fig(q, start, end, text[start:end]))
    return out


def _qualifier_start(text: str, q: Quantity) -> int:
    """Where the qualifier words of ``q`` begin ("over 20%", "more than 5", "~5%")."""
    lo = max(0, q.span[0] - 40)
    starts = [lo + m.start() for m in re.finditer(r"\S+", text[lo : q.span[0]])]
    if q.span[0] > 0 and text[q.span[0] - 1] in "~≈<>≥≤":
        starts.append(q.span[0] - 1)
    for k in sorted(starts, reverse=True):
        found = parse_quantities(text[k : q.span[1]])
        if found and found[-1].qualifier == q.qualifier and found[-1].span[0] == 0:
            return k
    for k in sorted(starts, reverse=True):
        found = parse_quantities(text[k : q.span[1]])
        if found and found[-1].qualifier == q.qualifier:
            return k
    return q.span[0]


PERIOD_RE = re.compile(
    r"\b(?:Q[1-4]|H[12]|[1-4]Q)(?:\s?(?:of\s+)?(?:FY\s?|fiscal\s+)?['’]?(?:[0-9]{4}|[0-9]{2}))?\b"
    r"|\b(?:first|second|third|fourth)[\s-]quarter(?:\s+of)?(?:\s+(?:fiscal\s+)?[0-9]{4})?\b"
    r"|\b(?:first|second)\s+half(?:\s+of)?(?:\s+[0-9]{4})?\b"
    r"|\b(?:FY|fiscal\s+(?:year\s+)?)\s?['’]?[0-9]{2,4}\b"
    r"|\b(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December)\s+quarter(?:\s+(?:of\s+)?[0-9]{4})?\b"
    r"|\b(?:19|20)[0-9]{2}\b",
    re.IGNORECASE,
)


def period_of(text: str) -> str | None:
    for m in PERIOD_RE.finditer(text):
        if not _YEAR_RE.fullmatch(m.group()):
            return " ".join(m.group().split())
    return None
