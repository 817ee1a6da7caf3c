"""Match claimed figures against a source's extracted text and decide a verdict with evidence.

A source is indexed once (:func:`build_index`): every quantity the one parser finds, placed in
its passage (a sentence, or a table row with its header and unit note) with the passage's words,
the words right before and after it (weighted down past clause punctuation or another figure),
and, for a count, the noun it counts ("25 *machines*").

A claimed figure (:func:`claimed_figure`) carries the claim's words weighted by how near they
stand to it (less past a comma, much less past another figure, whose words they mostly are), the
words right around it by side, and the claim's other figures.

:func:`match_figure` relates each compatible candidate's value to the claimed one (exact,
rounded, bound, within tolerance, the other side of a bound, off by a power of a thousand,
different), scores its passage against the figure's ``about`` words and the claim text, and
decides:

* supported: a matching value in an on-topic passage, unless the source puts another value
  exactly where the claim puts this one (two figures swapped within a sentence, or, with
  clearly better surroundings, another passage's figure);
* approximate, then contradicted by the other side of a bound, the opposite direction, percent
  against points, a scale slip, or a different value in a passage clearly about the same
  thing; never by a value the claim itself gives for another of its figures, nor by a count of
  other things;
* a figure the parser does not read at its place in the claim ("24/7", "Part 2", a score) is
  looked up as written and never contradicted;
* else unsupported: found elsewhere, or not found.

Everything here is pure.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import Enum
from functools import lru_cache

from rapidfuzz import fuzz, process

from claimcheck.claims import Claim, Figure, Tolerance
from claimcheck.extract import Block, Document
from claimcheck.quantities import (
    Direction,
    Kind,
    Quantity,
    parse_figure,
    parse_quantities,
    parse_scale_note,
    rounds_to,
)
from claimcheck.results import FigureResult, Verdict
from claimcheck.textutil import (
    DIGIT_SUFFIX_FORMS,
    YEAR_OR_WORD_RE,
    sentence_spans,
    stem,
    token_words,
)

ON_TOPIC = 0.45  # passage score from which a figure's value there counts as support
CONTRADICTS = 0.55  # stricter: a *different* value needs a passage clearly about the same thing
# topic score of every passage of a source that shares no word with the claim (another
# language): enough for a specific value to count as support, never enough for a contradiction
FOREIGN_SCORE = 0.3
OUTRANKS = 0.12  # how much more on-topic another value's passage must be to displace a match
DISPLACES = 0.3  # how much better another value's neighbouring words must match to displace it
COLUMN_DISPLACES = 0.05  # the same for another cell of a table row, told apart by its header
DEFAULT_TOLERANCE = Tolerance(Decimal("0.01"), relative=True)
EVIDENCE_MAX = 300
_SCALE_SLIPS = (3, 6, 9, -3, -6, -9)
# a slip by 10**k leaves the claim within a factor of two of the source value times 10**k
_SLIP_LOW = {k: Decimal(10) ** k / 2 for k in _SCALE_SLIPS}
_SLIP_HIGH = {k: Decimal(10) ** k * 2 for k in _SCALE_SLIPS}

# Words that say the same thing in financial writing, folded to one token before comparing.
_SYNONYMS = {
    **dict.fromkeys(
        """
    grew grow growth rose rise risen increas gain jump climb surg soar accelerat up expand
    higher boost
    """.split(),
        "increase",
    ),
    **dict.fromkeys(
        """
    fell fall fallen declin drop down decreas dip slid slip lower shrank shrink contract plung
    tumbl reduc
    """.split(),
        "decrease",
    ),
    **dict.fromkeys("sale turnover".split(), "revenue"),
    **dict.fromkeys("earning profit".split(), "profit"),
    **dict.fromkeys("invest investment capex spending spend".split(), "invest"),
    **dict.fromkeys("yuan rmb cny renminbi".split(), "yuan"),
    **dict.fromkeys("dollar usd".split(), "dollar"),
}


_DIRECTION_WORDS = frozenset({"increase", "decrease"})
DIRECTION_WEIGHT = 0.5


@lru_cache(maxsize=1 << 18)
def _norm(token: str) -> str:
    syn = _SYNONYMS.get(token)
    if syn:
        return syn
    for prefix, target in _SYNONYM_PREFIXES:
        if token.startswith(prefix):
            return target
    return token


_SYNONYM_PREFIXES = tuple(
    (k, v) for k, v in _SYNONYMS.items() if k in {"increas", "declin", "decreas", "accelerat"}
)


_YOY_RE = re.compile(r"\b(?:year[-\s]+(?:over|on)[-\s]+year|y/y|yoy)\b", re.IGNORECASE)


YEAR_MARK = "@"


@lru_cache(maxsize=1 << 18)
def _forms(raw: str) -> tuple[str, ...]:
    """The folded content words of one raw token (memoised: pages repeat their vocabulary)."""
    return tuple(_norm(w) for w in token_words(raw))


def words(text: str) -> list[str]:
    """Content words, folded: synonyms to one token, "year-over-year" and "YoY" to "yoy", and
    years as tokens of their own ("@2023")."""
    text = _YOY_RE.sub(" yoy ", text)
    out: list[str] = []
    for m in YEAR_OR_WORD_RE.finditer(text):
        year, raw = m.group(1, 2)
        if year:
            out.append(YEAR_MARK + year)
        elif raw in DIGIT_SUFFIX_FORMS and m.start() and text[m.start() - 1].isdigit():
            continue  # "9th", "1990s": what a digit leaves behind is no word
        else:
            out.extend(_forms(raw))
    return out


# -- the source index ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Passage:
    start: int
    end: int
    words: frozenset[str]
    context_words: frozenset[str]  # table caption/header/unit note, heading, previous sentence
    block: int


@dataclass(frozen=True)
class Candidate:
    quantity: Quantity
    value: Decimal  # after a table's unit note is applied
    kind: Kind
    currency: str | None
    passage: int
    scaled_by_note: bool = False
    # words right before and right after the figure, within its passage, with their weight
    # (less past clause punctuation or another figure)
    left: dict[str, float] = field(default_factory=dict, compare=False)
    right: dict[str, float] = field(default_factory=dict, compare=False)
    counted: frozenset[str] = frozenset()  # what a count counts: "stores" of "25 stores"


@dataclass
class SourceIndex:
    document: Document
    passages: list[Passage]
    candidates: list[Candidate]
    df: Counter[str]
    vocab: list[str] = field(default_factory=list)
    _fuzzy: dict[str, frozenset[str]] = field(default_factory=dict)
    _postings: dict[str, list[int]] | None = None
    _by_kind: dict[Kind, list[Candidate]] | None = None

    def passages_with(self, forms: Iterable[frozenset[str]]) -> set[int]:
        """Passages whose own or framing words include one of these words (inverted index)."""
        if self._postings is None:
            postings: dict[str, list[int]] = {}
            for i, p in enumerate(self.passages):
                for w in p.words | p.context_words:
                    postings.setdefault(w, []).append(i)
            self._postings = postings
        out: set[int] = set()
        for group in forms:
            for w in group:
                out.update(self._postings.get(w, ()))
        return out

    def candidates_for(self, kind: Kind) -> list[Candidate]:
        """Candidates whose kind can relate to a claimed figure of this kind (in text order)."""
        if self._by_kind is None:
            by_kind: dict[Kind, list[Candidate]] = {}
            for cand in self.candidates:
                by_kind.setdefault(cand.kind, []).append(cand)
            self._by_kind = by_kind
        kinds = _RELATED_KINDS.get(kind, (kind,))
        if len(kinds) == 1:
            return self._by_kind.get(kind, [])
        merged = [c for k in kinds for c in self._by_kind.get(k, ())]
        merged.sort(key=lambda c: c.quantity.span[0])
        return merged

    def idf(self, token: str) -> float:
        n = max(len(self.passages), 1)
        return math.log(1 + n / (1 + self.df.get(token, 0)))

    def shares_words(self, claimed: Claimed) -> bool:
        """False when none of the figure's topic words occur in the source at all: a page in
        another language, where word overlap says nothing either way."""
        return any(self.expand(w) for w, _ in claimed.query)

    def expand(self, token: str) -> frozenset[str]:
        """Document words that count as this query word (itself, or a close spelling)."""
        hit = self._fuzzy.get(token)
        if hit is None:
            found = {token} if token in self.df else set()
            if len(token) >= 5 and not token.startswith(YEAR_MARK):
                for match, _score, _i in process.extract(
                    token, self.vocab, scorer=fuzz.ratio, score_cutoff=86, limit=8
                ):
                    found.add(match)
            hit = frozenset(found)
            self._fuzzy[token] = hit
        return hit


def build_index(document: Document) -> SourceIndex:
    """Place every quantity of the document in its passage, with the words around it.

    Words are taken from the text with the figures blanked out, so that "million" or "RMB"
    never make two passages look alike.
    """
    text = document.text
    passages: list[Passage] = []
    candidates: list[Candidate] = []
    df: Counter[str] = Counter()
    heading_words: frozenset[str] = frozenset()
    header_cells: list[str] = []
    for b_index, block in enumerate(document.blocks):
        block_text = text[block.start : block.end]
        found = [_shift(q, block.start) for q in parse_quantities(block_text)]
        if not found and block.kind not in _FRAMING_BLOCKS:
            # prose without a figure holds no candidate and frames none: indexing it would cost
            # most of the time of a long page and change no verdict
            continue
        masked = _mask(text, block.start, block.end, found)
        if block.kind == "heading":
            heading_words = frozenset(words(block_text))
        elif block.kind == "table_header":
            header_cells = [text[a:b] for a, b in block.cells]
            found = []  # "Three months ended September 30" labels columns, it is no figure
        note = parse_scale_note(block.unit_note) if block.unit_note else None
        block_context = frozenset(words(block.context)) if block.context else frozenset()
        first = len(passages)
        spans = _passage_spans(text, block)
        # only sentences that hold a figure, and the one before each (their frame), are read
        span_starts = [a for a, _ in spans]
        holding = {max(bisect_right(span_starts, q.span[0]) - 1, 0) for q in found}
        wanted = holding | {i - 1 for i in holding if i > 0}
        previous: frozenset[str] = frozenset()
        for i, (start, end) in enumerate(spans):
            own: frozenset[str] = frozenset()
            if i in wanted or block.kind in _FRAMING_BLOCKS:
                own = frozenset(words(masked[start - block.start : end - block.start]))
                df.update(own)
            context = block_context | heading_words | previous
            passages.append(Passage(start, end, own, context, b_index))
            previous = own
        starts = span_starts
        local = [(q.span[0] - block.start, q.span[1] - block.start) for q in found]
        for q, span in zip(found, local, strict=True):
            slot = first + max(bisect_right(starts, q.span[0]) - 1, 0)
            if slot >= len(passages):
                continue
            p = passages[slot]
            bounds = (p.start - block.start, p.end - block.start)
            if block.kind == "table_row":
                # a cell is labelled by its row (left) and by its column header (above, which is
                # on neither side)
                left, right = _near_words(masked, bounds, span, [])
                column = _column_words(block, q.span, header_cells)
                left.update(dict.fromkeys(column, 1.0))
                right.update(dict.fromkeys(column, 1.0))
            else:
                left, right = _near_words(masked, bounds, span, local)
            cand = _candidate(q, slot, block, note, (left, right))
            if cand.kind in _COUNTS:
                cand = replace(cand, counted=counted_nouns(text, q.span[1], block.end))
            candidates.append(cand)
    return SourceIndex(document, passages, candidates, df, vocab=sorted(df))


_FRAMING_BLOCKS = frozenset({"heading", "table_header", "caption"})


def _mask(text: str, start: int, end: int, found: list[Quantity]) -> str:
    """The block's text with every figure replaced by spaces (offsets unchanged)."""
    parts: list[str] = []
    pos = start
    for q in found:
        parts.append(text[pos : q.span[0]])
        parts.append(" " * (q.span[1] - q.span[0]))
        pos = q.span[1]
    parts.append(text[pos:end])
    return "".join(parts)


def _column_words(block: Block, span: tuple[int, int], header: list[str]) -> frozenset[str]:
    """A table cell is also about its column: the header cell above it."""
    if not header:
        return frozenset()
    for i, (a, b) in enumerate(block.cells):
        if a <= span[0] < b:
            # rows and header usually have the same cells; if the header lacks the row label
            # column, it is shifted by one
            shift = len(block.cells) - len(header)
            j = i - shift if shift in (0, 1) else -1
            if 0 <= j < len(header):
                return frozenset(words(header[j]))
    return frozenset()


def _passage_spans(text: str, block: Block) -> list[tuple[int, int]]:
    if block.kind.startswith("table") or block.kind in ("heading", "caption"):
        return [(block.start, block.end)]
    return sentence_spans(text, block.start, block.end) or [(block.start, block.end)]


def _shift(q: Quantity, offset: int) -> Quantity:
    return replace(q, span=(q.span[0] + offset, q.span[1] + offset))


_COUNTS = (Kind.COUNT, Kind.ORDINAL)
_COUNTED_RE = re.compile(r"(?:-|[ \t]+)([^\W\d_]+)")
# words between a count and what it counts: "12 new stores", "eight consecutive quarters"
_COUNT_MODIFIERS = frozenset(
    """
    new more additional other full straight consecutive successive separate different extra
    further whole entire such large small major big others
    """.split()
)
_TIME_NOUNS = frozenset(
    "year years quarter quarters month months week weeks day days hour hours minute minutes "
    "decade decades".split()
)


def counted_nouns(text: str, end: int, limit: int | None = None) -> frozenset[str]:
    """The words right after a count that say what it counts ("25 machines", "13 years", "a
    24-hour show", "130 million worldwide sales"), folded like other words: at most two, up to
    the first function word or punctuation."""
    found: list[str] = []
    pos = end
    stop = len(text) if limit is None else limit
    for _ in range(4):
        m = _COUNTED_RE.match(text, pos, stop)
        if m is None or len(found) == 2:
            break
        pos = m.end()
        word = m.group(1).lower()
        if word in _COUNT_MODIFIERS:
            continue
        if word in _TIME_NOUNS:
            if not found:
                found.append(stem(word))
            break
        folded = words(word)
        if len(folded) != 1:
            break  # a function word ends the phrase
        found.append(folded[0])
    return frozenset(found)


NEAR = 5  # words each side of a figure that say what exactly it counts


def _near_words(
    text: str, bounds: tuple[int, int], span: tuple[int, int], figures: list[tuple[int, int]]
) -> tuple[dict[str, float], dict[str, float]]:
    """Up to NEAR words before and after a figure within ``bounds``, each weighted by what
    stands between: a word past clause punctuation or past another of ``figures`` mostly
    describes something else."""
    lo = max(bounds[0], span[0] - 150)
    hi = min(bounds[1], span[1] + 150)
    if lo > bounds[0]:
        lo = min(span[0], text.find(" ", lo) + 1 or span[0])  # no word cut in half
    if hi < bounds[1]:
        hi = max(span[1], text.rfind(" ", span[1], hi))
    i = bisect_right(figures, (lo, lo))
    nearby = []
    while i < len(figures) and figures[i][0] < hi:
        if figures[i] != span and figures[i][1] <= hi:
            nearby.append(figures[i])
        i += 1
    sides: dict[str, dict[str, float]] = {"left": {}, "right": {}}
    for word, _distance, beyond, across, side in _walk(text, span, nearby, (lo, hi), NEAR):
        weight = (BEYOND_FIGURE if beyond else 1.0) * (ACROSS_CLAUSE if across else 1.0)
        got = sides[side]
        got[word] = max(got.get(word, 0.0), weight)
    return sides["left"], sides["right"]


def _candidate(
    q: Quantity,
    passage: int,
    block: Block,
    note: tuple[int, str | None] | None,
    near: tuple[dict[str, float], dict[str, float]],
) -> Candidate:
    # a bare number in a table row whose note says "(in millions of RMB)" is RMB millions
    if note and block.kind == "table_row" and q.kind == Kind.COUNT and q.scale == 0:
        exponent, currency = note
        kind = Kind.MONEY if currency else Kind.COUNT
        value = q.value * Decimal(10) ** exponent
        return Candidate(q, value, kind, currency, passage, True, *near)
    return Candidate(q, q.value, q.kind, q.currency, passage, False, *near)


# -- the claimed side ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Claimed:
    figure: Figure
    quantity: Quantity
    direction: Direction | None
    query: tuple[tuple[str, float], ...]  # (word, weight)
    # the words right around the figure in the claim: (word, weight, "left" or "right")
    near: tuple[tuple[str, float, str], ...] = ()
    about: tuple[str, ...] = ()  # the figure's `about` words, direction words left out
    range_end: str | None = None  # "low" or "high" when the figure is one end of a range
    # the whole range ("4-7%") a figure that is one end of it belongs to
    full_range: Quantity | None = None
    siblings: tuple[Quantity, ...] = ()  # the claim's other figures
    # each of them with the words right around it, as ``near``
    siblings_near: tuple[tuple[Quantity, tuple[tuple[str, float, str], ...]], ...] = ()
    counted: frozenset[str] = frozenset()  # what a count counts: "machines" of "25 machines"
    # what the claim's other counts count ("at 31, ... five Oscar nominations")
    siblings_count: frozenset[str] = frozenset()
    # False when the claim text, at the figure's given position, holds no figure the parser
    # reads (part of a date, a code, a label, a list marker): its meaning is unknown, so a
    # different value in the source cannot contradict it
    located: bool = True
    # for a figure that is not located: how it reads in the claim ("Part 2", "24/7"), to be
    # looked up as written
    literal: str | None = None


# clause punctuation: words across it mostly belong to another part of the sentence
_CLAUSE_RE = re.compile(r"[,;:()\[\]\u2013\u2014]|\s-\s")
ACROSS_CLAUSE = 0.5
BEYOND_FIGURE = 0.3


def claimed_figure(figure: Figure, claim: Claim, position: int | None = None) -> Claimed | None:
    """The parsed figure with its direction and the words that say what it is about.

    ``position`` is the figure's offset in the claim text when known (else it is looked up).
    Claim words weigh more the nearer they stand to the figure, less past clause punctuation
    and much less past another figure; ``about`` words weigh most.
    """
    q = parse_figure(figure.value)
    if q is None:
        return None
    in_claim = parse_quantities(claim.text)
    in_text = _locate(figure.value, q, in_claim, position)
    range_end = None
    full_range = None
    if in_text is not None:
        q, range_end = _complete(q, in_text, position)
        if range_end is not None:
            full_range = in_text
    direction: Direction | None = None
    if figure.change:
        direction = Direction(figure.change)
    elif q.direction is not None:
        direction = q.direction
    elif in_text is not None:
        direction = in_text.direction
    anchor = in_text.span if in_text is not None else None
    weights, near = _weigh_context(claim.text, anchor, in_claim)
    # the claim's period ("Q2 2025") says when: its year is a word a passage can share
    for w in words(claim.period or ""):
        weights[w] = max(weights.get(w, 0.0), 1.0)
    for w in words(figure.about or ""):
        weights[w] = 2.0 * DIRECTION_WEIGHT if w in _DIRECTION_WORDS else 2.0
    # the figure's own unit words say nothing about the topic
    own = set(words(q.text))
    for w in own:
        weights.pop(w, None)
    about = tuple(w for w in dict.fromkeys(words(figure.about or "")) if w not in _DIRECTION_WORDS)
    noun: frozenset[str] = frozenset()
    if q.kind in _COUNTS:
        if in_text is not None:
            noun = counted_nouns(claim.text, in_text.span[1])
        else:
            noun = counted_nouns(figure.value, q.span[1])
    # with no place in the claim text, which of its figures this one restates is unknown
    siblings = tuple(o for o in in_claim if o is not in_text) if in_text is not None else ()
    siblings_near = tuple(
        (o, _near_tuple(_weigh_context(claim.text, o.span, in_claim)[1])) for o in siblings
    )
    others_count = frozenset[str]().union(
        *(counted_nouns(claim.text, o.span[1]) for o in siblings if o.kind in _COUNTS)
    )
    return Claimed(
        figure,
        q,
        direction,
        query=tuple(weights.items()),
        near=_near_tuple({k: v for k, v in near.items() if k[0] not in own}),
        about=about,
        range_end=range_end,
        full_range=full_range,
        siblings=siblings,
        siblings_near=siblings_near,
        located=in_text is not None or position is None,
        literal=_literal(claim.text, position)
        if in_text is None and position is not None
        else None,
        counted=noun,
        siblings_count=others_count - noun,
    )


_TOKEN_EDGE = "\"'“”‘’([{)]}.,;:!?"
_JOINED_RE = re.compile(r"[0-9][-–—/:][0-9]")
_LABEL_RE = re.compile(r"[A-Z][A-Za-z]+")
# a code with letters and digits: "COVID-19", "3Q25", "A320neo"
_CODE_RE = re.compile(r"(?=[\w.\-–]*[^\W\d_])(?=[\w.\-–]*[0-9])[\w.\-–]+")


def _literal(text: str, position: int) -> str | None:
    """The figure at ``position`` as it reads in the claim, when the parser does not read it as a
    quantity: a joined token ("24/7", "10–7"), a code ("COVID-19"), or a capitalised label and
    its number ("Part 2", "Series 4"). None for anything else (a list marker "3)" is not worth
    looking up)."""
    if not 0 <= position < len(text) or not text[position].isdigit():
        return None
    start = position
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    end = position
    while end < len(text) and not text[end].isspace():
        end += 1
    token = text[start:end].strip(_TOKEN_EDGE)
    if _JOINED_RE.search(token) or _CODE_RE.fullmatch(token):
        return token
    if not token.isdigit():
        return None
    before = text[:start].rstrip().rsplit(None, 1)
    if before and _LABEL_RE.fullmatch(before[-1]) and start > 0 and text[start - 1] == " ":
        return f"{before[-1]} {token}"
    return None


def _find_literal(index: SourceIndex, literal: str) -> tuple[int, int] | None:
    """Where the source says ``literal`` as written (any dash for a dash, any run of spaces for
    a space, any case), as a whole token."""
    pattern = "".join(
        r"[-–—]" if c in "-–—" else r"\s+" if c.isspace() else re.escape(c)
        for c in " ".join(literal.split())
    )
    m = re.search(rf"(?<![\w.,]){pattern}(?![\w]|[.,][0-9])", index.document.text, re.IGNORECASE)
    return m.span() if m else None


def _weigh_context(
    text: str, anchor: tuple[int, int] | None, in_claim: list[Quantity]
) -> tuple[dict[str, float], dict[tuple[str, str], float]]:
    """The claim's words for the figure at ``anchor``: every word of its sentence with a weight,
    and the words right around it by side."""
    weights: dict[str, float] = {}
    near: dict[tuple[str, str], float] = {}
    others = [o.span for o in in_claim if o.span != anchor]
    for word, distance, beyond, across, side in _context_words(text, anchor, others):
        # words past a neighbouring figure mostly describe that figure; words across a comma
        # often belong to the next clause's figure
        weight = (BEYOND_FIGURE if beyond else 1.0) * (ACROSS_CLAUSE if across else 1.0)
        weight /= 1.0 + distance / 4.0
        # "grew" or "fell" says which way, not what: direction is checked on its own
        if word in _DIRECTION_WORDS:
            weight *= DIRECTION_WEIGHT
        weights[word] = max(weights.get(word, 0.0), weight)
        if anchor is not None and distance < NEAR:
            near[word, side] = max(near.get((word, side), 0.0), weight)
    return weights, near


def _near_tuple(near: dict[tuple[str, str], float]) -> tuple[tuple[str, float, str], ...]:
    return tuple((w, weight, side) for (w, side), weight in near.items())


def _context_words(
    text: str, anchor: tuple[int, int] | None, others: list[tuple[int, int]]
) -> list[tuple[str, int, bool, bool, str]]:
    """Content words of the figure's sentence, each with its distance in words from the figure,
    whether another figure or clause punctuation stands between, and its side of the figure."""
    if anchor is None:
        return [(w, 6, False, False, "") for w in words(text)]
    sentence = (0, len(text))
    for a, b in sentence_spans(text):
        if a <= anchor[0] < b:
            sentence = (a, b)
            break
    return _walk(text, anchor, others, sentence, None)


def _walk(
    text: str,
    anchor: tuple[int, int],
    figures: list[tuple[int, int]],
    bounds: tuple[int, int],
    limit: int | None,
) -> list[tuple[str, int, bool, bool, str]]:
    """The words of ``text[bounds]`` leftwards and rightwards from ``anchor`` (at most ``limit``
    each side): (word, distance in words, another figure between, clause punctuation between,
    "left" or "right"). Past clause punctuation with another figure further on, words count as
    that figure's: "net sales rose 4-7%, with organic growth of 3-5%"."""
    lo, hi = bounds
    inside = [(a, b) for a, b in figures if lo <= a and b <= hi]
    occupied = [*inside, anchor]
    cuts = [(a, b, True) for a, b in inside]
    for m in _CLAUSE_RE.finditer(text, lo, hi):
        if not any(a <= m.start() < b for a, b in occupied):
            cuts.append((m.start(), m.end(), False))
    cuts.sort()
    left = [*reversed([c for c in cuts if c[1] <= anchor[0]]), (lo, lo, False)]
    right = [*[c for c in cuts if c[0] >= anchor[1]], (hi, hi, False)]
    out: list[tuple[str, int, bool, bool, str]] = []
    for side, walk in (("left", left), ("right", right)):
        pos = anchor[0] if side == "left" else anchor[1]
        distance, beyond, across = 0, False, False
        for i, (a, b, is_figure) in enumerate(walk):
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
                out.append((w, distance, beyond, across, side))
                distance += 1
            if limit is not None and distance >= limit:
                break
            if is_figure:
                beyond = True
            else:
                across = True
                beyond = beyond or any(c[2] for c in walk[i + 1 :])
    return out


def _locate(
    value: str, q: Quantity, found: list[Quantity], position: int | None
) -> Quantity | None:
    """The quantity in the claim text that the figure refers to: the one at ``position`` when it
    is given, else the first with the same surface, else the first with the same value."""
    if position is not None:
        for cand in found:
            if cand.span[0] <= position < cand.span[1]:
                return cand
        return None
    for cand in found:
        if cand.text == value or cand.text.strip() == q.text.strip():
            return cand
    for cand in found:
        if cand.value == q.value and cand.kind == q.kind:
            return cand
    return None


def _complete(q: Quantity, in_text: Quantity, position: int | None) -> tuple[Quantity, str | None]:
    """Give a bare end of a range ("4" of "4-7%") the unit and scale the range states."""
    if in_text.upper is None or q.upper is not None:
        return (in_text if in_text.text.strip() == q.text.strip() else q), None
    upper_part = position is not None and position > in_text.span[0]
    if position is None:
        upper_part = q.value != in_text.value and abs(q.value) != abs(in_text.value)
    end = "high" if upper_part else "low"
    value = in_text.upper if upper_part else in_text.value
    if (q.kind == Kind.COUNT and in_text.kind != Kind.COUNT) or q.scale < in_text.scale:
        assert value is not None
        return replace(in_text, value=value, upper=None, precision=in_text.precision), end
    return q, end


# -- relating values ----------------------------------------------------------------------------


class Relation(Enum):
    EXACT = "exact"
    ROUNDED = "rounded"
    BOUND = "bound"  # "over 20%" and the source says 23%
    APPROXIMATE = "within_tolerance"
    OPPOSITE_BOUND = "opposite_bound"  # "fewer than 50" and the source says "over 50"
    SCALE_SLIP = "scale_slip"
    UNIT = "unit"  # same number, percent vs percentage points
    DIFFERENT = "different_value"
    INCOMPATIBLE = "incompatible"


_MATCHING = (Relation.EXACT, Relation.ROUNDED, Relation.BOUND)
_AGREEING = (*_MATCHING, Relation.APPROXIMATE)


def compatible(claimed: Quantity, kind: Kind, currency: str | None, strict: bool) -> bool:
    ck = claimed.kind
    if ck == kind:
        if ck == Kind.MONEY:
            return claimed.currency is None or currency is None or claimed.currency == currency
        return True
    counts = {Kind.COUNT, Kind.ORDINAL}
    if ck in counts and kind in counts:
        return True
    # money written without a currency on one side ("33.4 billion", a table cell)
    return not strict and {ck, kind} == {Kind.MONEY, Kind.COUNT}


def relate(
    claimed: Quantity,
    cand: Candidate,
    tolerance: Tolerance | None,
    range_end: str | None = None,
    full: Quantity | None = None,
) -> Relation:
    """How a candidate's value stands to the claimed one; a range candidate offers both ends.

    A claimed range is compared with a source range end to end ("4-7%" is not "3% to 5%"); a
    figure that is one end of a claimed range with the same end of a source range ("5" of "5-8%"
    is not borne out by "3% to 5%"). A range claim is met by a single source value within it.
    ``full`` (the whole claimed range) is accepted for callers that relate a range end.
    """
    if claimed.kind in _PERCENTS and cand.kind in _PERCENTS and claimed.kind != cand.kind:
        same = abs(cand.value) == abs(claimed.value) or rounds_to(abs(cand.value), claimed)
        return Relation.UNIT if same else Relation.INCOMPATIBLE
    if not compatible(claimed, cand.kind, cand.currency, strict=False):
        return Relation.INCOMPATIBLE
    upper = cand.quantity.upper
    qualified = cand.quantity.qualifier
    scale = cand.value / cand.quantity.value if cand.quantity.value else Decimal(1)
    if upper is not None:
        if claimed.upper is not None:
            low = replace(claimed, upper=None)
            high = replace(claimed, value=claimed.upper, upper=None)
            return _both_ends(
                _relate_value(low, abs(cand.value), tolerance, qualified),
                _relate_value(high, abs(upper * scale), tolerance, qualified),
            )
        if range_end == "high":
            return _relate_value(claimed, abs(upper * scale), tolerance, qualified)
    relation = _relate_value(claimed, abs(cand.value), tolerance, qualified)
    if upper is not None and range_end is None and relation not in _MATCHING:
        other = _relate_value(claimed, abs(upper * scale), tolerance, qualified)
        if _RELATION_RANK[other] < _RELATION_RANK[relation]:
            return other
    if relation in (Relation.EXACT, Relation.ROUNDED) and _opposite_bounds(
        claimed.qualifier, qualified
    ):
        return Relation.OPPOSITE_BOUND
    return relation


def _both_ends(low: Relation, high: Relation) -> Relation:
    """A range against a range: as good as its worse end, and different if either end is."""
    ends = {low, high}
    if ends == {Relation.EXACT}:
        return Relation.EXACT
    if ends <= {Relation.EXACT, Relation.ROUNDED}:
        return Relation.ROUNDED
    if ends <= {Relation.EXACT, Relation.ROUNDED, Relation.APPROXIMATE}:
        return Relation.APPROXIMATE
    if ends == {Relation.SCALE_SLIP}:
        return Relation.SCALE_SLIP
    return Relation.DIFFERENT


_PERCENTS = (Kind.PERCENT, Kind.PERCENTAGE_POINTS)


_AT_LEAST = ("over", "more_than", "at_least")
_AT_MOST = ("under", "less_than", "up_to", "at_most")
_HEDGES = ("about", "nearly", "almost", "around", "approximately", "roughly")


def _opposite_bounds(claimed: str | None, source: str | None) -> bool:
    """ "fewer than 50" against "over 50": the same number, bounded from the other side."""
    return (claimed in _AT_LEAST and source in _AT_MOST) or (
        claimed in _AT_MOST and source in _AT_LEAST
    )


def _stronger_bound(
    claimed: str | None, source: str | None, target: Decimal, value: Decimal
) -> bool:
    """A claim of "at least $3" rounds "at least $2.50" the wrong way: it claims more."""
    if claimed in _AT_LEAST and source in _AT_LEAST:
        return target > value
    if claimed in _AT_MOST and source in _AT_MOST:
        return target < value
    return False


def _plausible_rounding(value: Decimal, target: Decimal) -> bool:
    """Rounding may drop digits, not a third of the value: 0.5% is not "1%", $0.6bn not "$1bn"."""
    return abs(value - target) * 3 <= max(abs(value), abs(target))


def _relate_value(
    claimed: Quantity, value: Decimal, tolerance: Tolerance | None, source_qualifier: str | None
) -> Relation:
    target = abs(claimed.value)
    if claimed.upper is not None and target <= value <= abs(claimed.upper):
        return Relation.BOUND
    if value == target:
        return Relation.EXACT
    # rounding to the claim's precision moves a value by at most half a step of it
    near_enough = claimed.upper is not None or abs(value - target) <= claimed.precision
    if (
        near_enough
        and rounds_to(value, claimed)
        and _plausible_rounding(value, target)
        and not _stronger_bound(claimed.qualifier, source_qualifier, target, value)
    ):
        return Relation.ROUNDED
    qualifier = claimed.qualifier or ""
    # "over 20%" is borne out by a plain 23%, not by a value so far above it that the claim would
    # be a strange way to say it; and a source that gives a bound of its own ("more than 25%")
    # is restated, not borne out, by another bound: a changed number a reviewer should see
    plain = source_qualifier in (None, "about", "nearly", "almost")
    if target and plain and qualifier in _AT_LEAST and target <= value <= target * Decimal("1.5"):
        return Relation.BOUND
    if target and plain and qualifier in _AT_MOST and target * Decimal("0.5") <= value <= target:
        return Relation.BOUND
    tol = tolerance or DEFAULT_TOLERANCE
    # an absolute tolerance is in the figure's own written units: 0.05 on "$4.67 billion" is
    # 0.05 billion
    allowed = tol.amount * target if tol.relative else tol.amount.scaleb(claimed.scale)
    # a hedged claim ("about $7.5") allows more than a plain one, unless the source hedges too:
    # "approximately $7.60" restates "approximately $7.50" with a changed number
    if qualifier in _HEDGES and source_qualifier not in _HEDGES:
        allowed = max(allowed, Decimal("0.05") * target)
    if abs(value - target) <= allowed:
        return Relation.APPROXIMATE
    if target and value:
        ratio = target / value
        for k in _SCALE_SLIPS:
            if not _SLIP_LOW[k] <= ratio <= _SLIP_HIGH[k]:
                continue
            slipped = value * Decimal(10) ** k
            if rounds_to(slipped, claimed) and _plausible_rounding(slipped, target):
                return Relation.SCALE_SLIP
    return Relation.DIFFERENT


_RELATION_RANK = {r: i for i, r in enumerate(Relation)}


# -- scoring context ----------------------------------------------------------------------------


def near_score(index: SourceIndex, claimed: Claimed, cand: Candidate) -> float:
    """Share of the claim's words next to the figure that stand next to the candidate.

    A word on the same side of the value counts fully, on the other side half: "over 100 stores,
    with over 50 completed" puts "stores" after 100 and before 50, which is how a sentence that
    swaps the two numbers is told from the original.
    """
    if not index.shares_words(claimed):
        return 0.0
    return _near_match(index, claimed.near, cand)


def _near_match(
    index: SourceIndex, near: tuple[tuple[str, float, str], ...], cand: Candidate
) -> float:
    total = got = 0.0
    for word, weight, side in near:
        forms = index.expand(word)
        total += weight
        same, other = (cand.left, cand.right) if side == "left" else (cand.right, cand.left)
        here = max((same.get(f, 0.0) for f in forms), default=0.0)
        there = max((other.get(f, 0.0) for f in forms), default=0.0)
        got += weight * max(here, 0.5 * there)
    return got / total if total else 0.0


class _Topic:
    """A figure's context words, looked up in one source once, to score its passages."""

    def __init__(self, index: SourceIndex, claimed: Claimed) -> None:
        self.foreign = not index.shares_words(claimed)
        about_forms = [index.expand(w) for w in claimed.about]
        present = [f for f in about_forms if f]
        # the source never mentions what the figure measures: no passage can be about it
        self.unmentioned = bool(about_forms) and not present
        self.words: list[tuple[frozenset[str], float]] = []
        self.total = 0.0
        for word, weight in claimed.query:
            forms = index.expand(word)
            w = weight * (index.idf(word) if forms else 0.5)
            self.total += w
            if forms:
                self.words.append((forms, w))
        # the most specific things the figure is about ("logistics" rather than "revenue") must
        # be named in the passage or its frame; another segment's sentence shares everything else
        self.keys = sorted(present, key=lambda f: -max(index.idf(x) for x in f))[:2]

    def score(self, passage: Passage) -> float:
        if self.foreign:
            return FOREIGN_SCORE
        if self.unmentioned or not self.total:
            return 0.0
        got = 0.0
        for forms, w in self.words:
            if not forms.isdisjoint(passage.words):
                got += w
            elif not forms.isdisjoint(passage.context_words):
                got += 0.6 * w
        score = got / self.total
        if self.keys and not any(
            not k.isdisjoint(passage.words) or not k.isdisjoint(passage.context_words)
            for k in self.keys
        ):
            score *= 0.6
        return score


# kinds a claimed figure of a kind may be related to (see `compatible` and `relate`)
_RELATED_KINDS: dict[Kind, tuple[Kind, ...]] = {
    Kind.PERCENT: (Kind.PERCENT, Kind.PERCENTAGE_POINTS),
    Kind.PERCENTAGE_POINTS: (Kind.PERCENT, Kind.PERCENTAGE_POINTS),
    Kind.MONEY: (Kind.MONEY, Kind.COUNT),
    Kind.COUNT: (Kind.COUNT, Kind.ORDINAL, Kind.MONEY),
    Kind.ORDINAL: (Kind.COUNT, Kind.ORDINAL),
}


def support_threshold(q: Quantity, extra: int = 0) -> float:
    """How on-topic a passage must be for the claimed value there to count as support.

    A value as specific as "$1.65 billion" or "25.8%" rarely appears by chance, so a passage that
    shares a few words with the claim is enough; "10" or "3%" turn up everywhere and need a passage
    clearly about the same thing. ``extra`` adds specificity the value alone does not show (both
    ends of a range met).
    """
    specificity = _digits(q.value) + extra
    specificity += 1 if q.kind in (Kind.MONEY, Kind.PERCENT) or q.scale else 0
    return {1: ON_TOPIC, 2: 0.35, 3: 0.25}.get(specificity, 0.15)


def _digits(value: Decimal) -> int:
    """Significant digits as written: 1,650 has three, 0.505 three, 400 one."""
    if value == value.to_integral_value():
        return len(str(int(abs(value))).rstrip("0")) or 1
    return len(str(abs(value).normalize()).replace(".", "").replace("-", "").lstrip("0"))


def _threshold(claimed: Claimed, cand: Candidate) -> float:
    """The support threshold for this candidate: a source range that meets both ends of the
    claim's range ("4% to 7%" for "4-7%") is as specific as the two numbers together, and a
    count of the same things as the claim's more specific than the bare number."""
    full = claimed.full_range
    # a count of the same things ("13 years", "25 machines") is twice as telling
    extra = 2 if claimed.counted & cand.counted else 0
    if full is not None and full.upper is not None and cand.quantity.upper is not None:
        scale = cand.value / cand.quantity.value if cand.quantity.value else Decimal(1)
        low, high = abs(cand.value), abs(cand.quantity.upper * scale)
        if {low, high} == {abs(full.value), abs(full.upper)}:
            extra += _digits(full.upper)
    return support_threshold(claimed.quantity, extra)


# -- the verdict --------------------------------------------------------------------------------


class _Scored:
    """A candidate for a figure: its relation, how on-topic its passage is, and (computed when
    first asked for) how well the words right around it match those in the claim."""

    __slots__ = ("_claimed", "_index", "_near", "cand", "relation", "score")

    def __init__(
        self,
        cand: Candidate,
        relation: Relation,
        score: float,
        index: SourceIndex,
        claimed: Claimed,
    ) -> None:
        self.cand = cand
        self.relation = relation
        self.score = score
        self._index = index
        self._claimed = claimed
        self._near: float | None = None

    @property
    def near(self) -> float:
        if self._near is None:
            self._near = near_score(self._index, self._claimed, self.cand)
        return self._near

    @property
    def fit(self) -> float:
        return self.score + 0.5 * self.near


def match_figure(
    claimed: Claimed, index: SourceIndex, source_key: str, url: str | None
) -> FigureResult:
    """The verdict for one figure against one readable source."""
    q = claimed.quantity
    topic = _Topic(index, claimed)
    # a passage that shares no word with the figure's context scores 0: a different value there
    # can neither contradict the figure nor displace a match, so it is not even related
    relevant = None if topic.foreign else index.passages_with(f for f, _ in topic.words)
    passage_scores: dict[int, float] = {}
    scored: list[_Scored] = []
    for cand in index.candidates_for(q.kind):
        if relevant is not None and cand.passage not in relevant:
            relation = relate(q, cand, claimed.figure.tolerance, claimed.range_end,
                              claimed.full_range)  # fmt: skip
            if relation is Relation.INCOMPATIBLE or relation is Relation.DIFFERENT:
                continue
            scored.append(_Scored(cand, relation, 0.0, index, claimed))
            continue
        relation = relate(q, cand, claimed.figure.tolerance, claimed.range_end, claimed.full_range)
        if relation is Relation.INCOMPATIBLE:
            continue
        score = passage_scores.get(cand.passage)
        if score is None:
            score = passage_scores[cand.passage] = topic.score(index.passages[cand.passage])
        scored.append(_Scored(cand, relation, score, index, claimed))

    def best(items: Iterable[_Scored]) -> _Scored | None:
        return max(items, key=lambda s: (s.fit, -s.cand.quantity.span[0]), default=None)

    def result(hit: _Scored, verdict: Verdict, reason: str) -> FigureResult:
        return _result(claimed, index, hit, verdict, reason, source_key, url)

    base = support_threshold(q)
    plain = not claimed.counted and claimed.full_range is None
    on_topic = [s for s in scored if s.score >= (base if plain else _threshold(claimed, s.cand))]
    # "at least $7" is not borne out, nor "$7" by rounding, by the "$7.50" that the claim itself
    # gives next
    matching = [
        s
        for s in on_topic
        if s.relation in _MATCHING
        and not (s.relation is not Relation.EXACT and _stated_by_sibling(claimed, s.cand, True))
    ]
    # a passage that states the direction outright outweighs a bare table cell with the value
    stated = [s for s in matching if s.cand.quantity.direction is not None]
    if claimed.direction is not None and stated:
        agreeing = [s for s in stated if not _opposite(claimed.direction, s.cand)]
    else:
        agreeing = [s for s in matching if not _opposite(claimed.direction, s.cand)]
    strong = [s for s in scored if s.score >= CONTRADICTS] if claimed.located else []
    differing = [
        s
        for s in strong
        if s.relation is Relation.DIFFERENT
        and compatible(q, s.cand.kind, s.cand.currency, strict=True)
        and not _counts_other_things(claimed, s.cand)
        and not _level_against_change(index, topic, claimed, s.cand)
    ]
    # a figure the parser does not read at its place in the claim is looked up as written first
    if claimed.literal is not None and (span := _find_literal(index, claimed.literal)):
        return _literal_result(claimed, index, span, source_key, url)
    if hit := best(agreeing):
        hit = _exact_in_passage(
            index, [s for s in matching if not _opposite(claimed.direction, s.cand)], hit
        )
        if rival := _displacing(index, scored, differing, hit, claimed):
            return result(rival, Verdict.CONTRADICTED, "different_value")
        reason = "exact" if hit.relation is Relation.EXACT else hit.relation.value
        return result(hit, Verdict.SUPPORTED, reason)
    if hit := best(s for s in on_topic if s.relation is Relation.APPROXIMATE):
        return result(hit, Verdict.APPROXIMATE, "within_tolerance")
    if claimed.located:
        if hit := best(s for s in on_topic if s.relation is Relation.OPPOSITE_BOUND):
            return result(hit, Verdict.CONTRADICTED, "opposite_bound")
        if hit := best(matching):
            return result(hit, Verdict.CONTRADICTED, "direction")
    for relation in (Relation.UNIT, Relation.SCALE_SLIP):
        if hit := best(s for s in strong if s.relation is relation):
            reason = "unit_mismatch" if relation is Relation.UNIT else "scale_slip"
            return result(hit, Verdict.CONTRADICTED, reason)
    # a value the claim itself states for another of its figures contradicts none of them
    unexplained = [s for s in differing if not _stated_by_sibling(claimed, s.cand)]
    if hit := _closest(unexplained, q.value):
        return result(hit, Verdict.CONTRADICTED, "different_value")
    if hit := best(s for s in scored if s.relation in _MATCHING):
        return result(hit, Verdict.UNSUPPORTED, "found_elsewhere")
    return FigureResult(
        value=claimed.figure.value,
        verdict=Verdict.UNSUPPORTED,
        reason="not_found",
        detail="the source does not state this figure, nor another value for the same thing",
        line=claimed.figure.line,
        about=claimed.figure.about,
        source=source_key,
        url=url,
    )


def _level_against_change(
    index: SourceIndex, topic: _Topic, claimed: Claimed, cand: Candidate
) -> bool:
    """A change ("grew 12%") is not contradicted by a level ("margin was 26.3%") that only a
    neighbouring sentence ties to the figure's topic: a stated change is contradicted by a
    change, or by a value whose own sentence names what the figure is about."""
    if claimed.direction is None or cand.quantity.direction is not None or not topic.keys:
        return False
    own = index.passages[cand.passage].words
    return not any(not key.isdisjoint(own) for key in topic.keys)


def _sibling_stays(index: SourceIndex, claimed: Claimed, rival: _Scored, hit: _Scored) -> bool:
    """When the rival's value is one the claim gives for another of its figures, the figures are
    swapped only if that one, too, sits better where the source puts this one's value: "from at
    least $2.50 to about $3.40" is not a swap of "about $3.40, up from at least $2.50"."""
    for sibling, near in claimed.siblings_near:
        if relate(sibling, rival.cand, None) is Relation.EXACT and _near_match(
            index, near, rival.cand
        ) >= _near_match(index, near, hit.cand):
            return True
    return False


def _counts_other_things(claimed: Claimed, cand: Candidate) -> bool:
    """Two counts of different things ("25 machines", "20 people") do not contradict each other;
    nor does a count of what another figure of the claim counts ("two nominations" against the
    "31" of "at 31, ... five nominations")."""
    if not cand.counted or cand.counted & claimed.counted:
        return False
    return bool(claimed.counted) or bool(cand.counted & claimed.siblings_count)


def _stated_by_sibling(claimed: Claimed, cand: Candidate, exactly: bool = False) -> bool:
    """The candidate's value is one the claim gives for another of its figures: exactly, or
    (unless ``exactly``) rounded to a figure precise enough to tell ("$5.5 billion", not
    "$6")."""
    for sibling in claimed.siblings:
        relation = relate(sibling, cand, None)
        if relation is Relation.EXACT or (
            not exactly and relation is Relation.ROUNDED and _digits(sibling.value) >= 2
        ):
            return True
    return False


def _exact_in_passage(index: SourceIndex, agreeing: Sequence[_Scored], hit: _Scored) -> _Scored:
    """When the sentence of a rounded match also states the claimed value exactly ("touched
    0.505%, breaching the 0.5% cap" for a claimed 0.5%), the claim's figure is that one (not so
    in a table row, whose neighbouring columns round alike routinely)."""
    if hit.relation is Relation.EXACT or _in_table(index, hit):
        return hit
    exact = [
        s for s in agreeing if s.cand.passage == hit.cand.passage and s.relation is Relation.EXACT
    ]
    return max(exact, key=lambda s: s.fit, default=hit)


def _in_table(index: SourceIndex, s: _Scored) -> bool:
    return index.document.blocks[index.passages[s.cand.passage].block].kind == "table_row"


def _displacing(
    index: SourceIndex,
    scored: Sequence[_Scored],
    differing: Sequence[_Scored],
    hit: _Scored,
    claimed: Claimed,
) -> _Scored | None:
    """A different value the source puts exactly where the claim puts this one, if any.

    Within one passage (swapped figures): another value of the same kind whose surroundings
    match the claim's clearly better than those of the matching value; a sentence listing
    several figures does not make each one wrong. Across passages (the claim took another
    segment's or period's figure): a value whose passage is clearly more about the figure's
    topic, and, unless an explicit ``about`` makes topic scores firm, whose surroundings match
    most of the claim's words around the figure, and clearly more of them.
    """
    if not claimed.located:
        return None
    q = claimed.quantity
    # a sentence that gives both 0.505% and 0.5% tells them apart, so a claimed 0.5% is the one
    # it puts there, not the other rounded; neighbouring table columns round alike routinely
    in_table = _in_table(index, hit)
    same = [
        s
        for s in scored
        if s.cand.passage == hit.cand.passage
        and s.cand.value != hit.cand.value
        and s.relation is not Relation.EXACT
        and not (in_table and s.relation in _AGREEING)
        and compatible(q, s.cand.kind, s.cand.currency, strict=True)
        and not _counts_other_things(claimed, s.cand)
    ]
    local = max(same, key=lambda r: (r.near, r.fit), default=None)
    # the cells of a table row share its label: only their column headers tell them apart
    margin = COLUMN_DISPLACES if in_table else DISPLACES
    if (
        local is not None
        and local.near >= hit.near + margin
        and not _sibling_stays(index, claimed, local, hit)
    ):
        return local
    other = [r for r in differing if r.cand.passage != hit.cand.passage]
    for far in sorted(other, key=lambda r: -r.score):
        if far.score < hit.score + OUTRANKS:
            break
        # without `about`: most of the claim's neighbouring words stand next to the rival,
        # clearly more of them than next to the matching value
        if claimed.about or (far.near >= max(hit.near + DISPLACES, 0.5)):
            return far
    return None


def _opposite(direction: Direction | None, cand: Candidate) -> bool:
    other = cand.quantity.direction
    return direction is not None and other is not None and other != direction


def _closest(items: Sequence[_Scored], target: Decimal) -> _Scored | None:
    """Best-scoring differing value; among near-equal scores, the one closest in size."""
    if not items:
        return None
    top = max(s.score for s in items)
    near = [s for s in items if s.score >= top - 0.05]

    def distance(s: _Scored) -> float:
        a, b = abs(float(s.cand.value)), abs(float(target))
        if a == 0 or b == 0:
            return math.inf
        return abs(math.log10(a / b))

    return min(near, key=lambda s: (distance(s), -s.score))


def _result(
    claimed: Claimed,
    index: SourceIndex,
    hit: _Scored,
    verdict: Verdict,
    reason: str,
    source_key: str,
    url: str | None,
) -> FigureResult:
    text = index.document.text
    q = hit.cand.quantity
    passage = index.passages[hit.cand.passage]
    ev_start, ev_end = _evidence_window(text, passage, q.span)
    block = index.document.blocks[passage.block]
    return FigureResult(
        value=claimed.figure.value,
        verdict=verdict,
        reason=reason,
        detail=_detail(claimed, hit, verdict, reason, block),
        line=claimed.figure.line,
        about=claimed.figure.about,
        source=source_key,
        url=url,
        found=q.text,
        evidence=text[ev_start:ev_end],
        span=q.span,
        evidence_span=(ev_start, ev_end),
        page=block.page,
        score=hit.score,
    )


def _literal_result(
    claimed: Claimed, index: SourceIndex, span: tuple[int, int], source_key: str, url: str | None
) -> FigureResult:
    """Support for a figure the parser does not read as a quantity, found as written."""
    text = index.document.text
    starts = [p.start for p in index.passages]
    slot = max(bisect_right(starts, span[0]) - 1, 0)
    passage = index.passages[slot] if index.passages else None
    if passage is None or not passage.start <= span[0] < passage.end:
        # the text was found in a block without figures, which is not indexed
        blocks = index.document.blocks
        b = next((i for i, blk in enumerate(blocks) if blk.start <= span[0] < blk.end), 0)
        start, end = (blocks[b].start, blocks[b].end) if blocks else (0, len(text))
        passage = Passage(start, end, frozenset(), frozenset(), b)
    ev_start, ev_end = _evidence_window(text, passage, span)
    found = text[span[0] : span[1]]
    return FigureResult(
        value=claimed.figure.value,
        verdict=Verdict.SUPPORTED,
        reason="exact",
        detail=f"the source states {found} as the claim writes it",
        line=claimed.figure.line,
        about=claimed.figure.about,
        source=source_key,
        url=url,
        found=found,
        evidence=text[ev_start:ev_end],
        span=span,
        evidence_span=(ev_start, ev_end),
        page=index.document.blocks[passage.block].page if index.document.blocks else None,
    )


def _evidence_window(text: str, passage: Passage, span: tuple[int, int]) -> tuple[int, int]:
    start, end = passage.start, passage.end
    if end - start <= EVIDENCE_MAX:
        return start, end
    mid = (span[0] + span[1]) // 2
    start = max(passage.start, mid - EVIDENCE_MAX // 2)
    end = min(passage.end, start + EVIDENCE_MAX)
    start = max(passage.start, end - EVIDENCE_MAX)
    # do not cut words in half at either edge
    while start > passage.start and start < span[0] and not text[start - 1].isspace():
        start += 1
    while end < passage.end and end > span[1] and not text[end].isspace():
        end -= 1
    return start, end


def _detail(claimed: Claimed, hit: _Scored, verdict: Verdict, reason: str, block: Block) -> str:
    found = hit.cand.quantity.text
    note = (
        f" (table in {block.unit_note.strip()})"
        if hit.cand.scaled_by_note and block.unit_note
        else ""
    )
    value = claimed.figure.value
    if verdict is Verdict.SUPPORTED:
        if reason == "exact":
            return f"the source states {found}{note}"
        if reason == "bound":
            return f"the source states {found}{note}, consistent with {value!r}"
        return f"the source states {found}{note}, which rounds to {value}"
    if verdict is Verdict.APPROXIMATE:
        return f"the source states {found}{note}: close to {value} but not at its precision"
    if reason == "direction":
        said = hit.cand.quantity.direction
        return f"the source gives {found} as a{'n' if said == Direction.INCREASE else ''} {said}"
    if reason == "scale_slip":
        return f"the source states {found}{note}: {value} is off by a power of a thousand"
    if reason == "unit_mismatch":
        return f"the source states {found}: percent and percentage points are not the same"
    if reason == "opposite_bound":
        return f"the source states {found}: a bound from the other side than {value!r}"
    if verdict is Verdict.CONTRADICTED:
        return f"the source states {found}{note} for this, not {value}"
    return f"the value appears only in a passage about something else: {found}"


def unreadable(
    figure: Figure, source_key: str, url: str | None, reason: str, detail: str
) -> FigureResult:
    return FigureResult(
        value=figure.value,
        verdict=Verdict.UNVERIFIABLE,
        reason=reason,
        detail=detail,
        line=figure.line,
        about=figure.about,
        source=source_key,
        url=url,
    )
