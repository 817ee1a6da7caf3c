"""The source index: every quantity of a document, placed in its passage with the words around it.

A passage is a sentence, or a table row with its caption, header and unit note; its frame is
the heading above it, the table's context and the sentence before it. Each quantity becomes a
:class:`Candidate` with the value as the source states it (a bare table cell under "(in
millions of RMB)" is RMB millions), the words right before and after it, what it counts, whose
age it is, and the periods its passage (or, in a table, its column) names.

Words are taken from the text with the figures blanked out, so that "million" or "RMB" never
make two passages look alike. Prose without a figure is not indexed at all: it holds no
candidate and frames none, and indexing it would cost most of the time of a long page.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import lru_cache

from rapidfuzz import fuzz, process

from claimcheck.lexicon.periods import Period, periods
from claimcheck.lexicon.sentences import sentence_spans
from claimcheck.lexicon.words import YEAR_MARK, words
from claimcheck.match.context import (
    clause_bounds,
    counted_nouns,
    nearby_figures,
    owner_name,
    walk,
)
from claimcheck.match.relations import Stated
from claimcheck.model.document import Block, Document
from claimcheck.model.quantity import Kind, Quantity
from claimcheck.model.vocab import BlockKind
from claimcheck.quantities import parse_quantities, parse_scale_note

NEAR = 5  # words each side of a figure that say what exactly it counts
# a word past clause punctuation, or past another figure, mostly describes something else
ACROSS_CLAUSE = 0.5
BEYOND_FIGURE = 0.3
# rapidfuzz ratio from which two spellings count as one word ("organisation"/"organization");
# only words of five letters or more, where one letter is a typo rather than another word
FUZZY_CUTOFF = 86
FUZZY_MIN_LENGTH = 5

Periods = frozenset[Period]


@dataclass(frozen=True)
class Passage:
    start: int
    end: int
    words: frozenset[str]
    context_words: frozenset[str]  # heading, table caption/header/unit note, previous sentence
    block: int


@dataclass(frozen=True)
class Candidate:
    quantity: Quantity
    stated: Stated  # the value as the source states it, after a table's unit note
    passage: int
    scaled_by_note: bool = False
    # words right before and right after the figure, within its passage, with their weight
    left: dict[str, float] = field(default_factory=dict, compare=False)
    right: dict[str, float] = field(default_factory=dict, compare=False)
    counted: frozenset[str] = frozenset()  # what a count counts: "stores" of "25 stores"
    owner: frozenset[str] = frozenset()  # whose age it is: "jayda" of "Jayda, 17"
    # the periods it is given for: its column header's in a table, else those its clause names,
    # else the heading's
    periods: Periods = frozenset()

    @property
    def kind(self) -> Kind:
        return self.stated.kind


# kinds a claimed figure of a kind may be related to (see relations.compatible)
RELATED_KINDS: dict[Kind, tuple[Kind, ...]] = {
    Kind.PERCENT: (Kind.PERCENT, Kind.PERCENTAGE_POINTS),
    Kind.PERCENTAGE_POINTS: (Kind.PERCENT, Kind.PERCENTAGE_POINTS, Kind.COUNT),
    Kind.MONEY: (Kind.MONEY, Kind.COUNT),
    Kind.COUNT: (Kind.COUNT, Kind.ORDINAL, Kind.MONEY, Kind.PERCENTAGE_POINTS),
    Kind.ORDINAL: (Kind.COUNT, Kind.ORDINAL),
    Kind.MULTIPLE: (Kind.MULTIPLE,),
}
COUNTS = (Kind.COUNT, Kind.ORDINAL)


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
    _by_passage: dict[int, list[Candidate]] | None = None
    _counted: dict[str, set[Decimal]] | None = None

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
        kinds = RELATED_KINDS.get(kind, (kind,))
        merged = [c for k in kinds for c in self._by_kind.get(k, ())]
        merged.sort(key=lambda c: c.quantity.span[0])
        return merged

    def in_passage(self, passage: int) -> list[Candidate]:
        """Every candidate of one passage, in text order."""
        if self._by_passage is None:
            by_passage: dict[int, list[Candidate]] = {}
            for cand in self.candidates:
                by_passage.setdefault(cand.passage, []).append(cand)
            self._by_passage = by_passage
        return self._by_passage.get(passage, [])

    def idf(self, token: str) -> float:
        n = max(len(self.passages), 1)
        return math.log(1 + n / (1 + self.df.get(token, 0)))

    def expand(self, token: str) -> frozenset[str]:
        """Document words that count as this query word (itself, or a close spelling)."""
        hit = self._fuzzy.get(token)
        if hit is None:
            found = {token} if token in self.df else set()
            if len(token) >= FUZZY_MIN_LENGTH and not token.startswith(YEAR_MARK):
                for match, _score, _i in process.extract(
                    token, self.vocab, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=8
                ):
                    found.add(match)
            hit = frozenset(found)
            self._fuzzy[token] = hit
        return hit

    def counted_values(self, nouns: frozenset[str]) -> int:
        """How many different values the source gives for counts of these things."""
        if self._counted is None:
            counted: dict[str, set[Decimal]] = {}
            for cand in self.candidates:
                for noun in cand.counted:
                    counted.setdefault(noun, set()).add(cand.stated.value)
            self._counted = counted
        return len(set().union(*(self._counted.get(n, set()) for n in nouns)))

    def block_kind(self, cand: Candidate) -> BlockKind:
        return BlockKind(self.document.blocks[self.passages[cand.passage].block].kind)


def build_index(document: Document) -> SourceIndex:
    """Place every quantity of the document in its passage, with the words around it."""
    builder = _Builder(document)
    for b_index, block in enumerate(document.blocks):
        builder.add(b_index, block)
    return SourceIndex(
        document, builder.passages, builder.candidates, builder.df, vocab=sorted(builder.df)
    )


@dataclass
class _Frame:
    """What frames the block being indexed: the last heading, the last table header."""

    heading_words: frozenset[str] = frozenset()
    heading_periods: Periods = frozenset()
    header_cells: list[str] = field(default_factory=list)


class _Builder:
    """Indexes a document block by block (the blocks before frame the ones after)."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.text = document.text
        self.passages: list[Passage] = []
        self.candidates: list[Candidate] = []
        self.df: Counter[str] = Counter()
        self.frame = _Frame()
        self.others = _other_row_labels(document)

    def add(self, b_index: int, block: Block) -> None:
        text, kind = self.text, BlockKind(block.kind)
        block_text = text[block.start : block.end]
        found = [_shift(q, block.start) for q in parse_quantities(block_text)]
        if not found and not kind.framing:
            return  # prose without a figure holds no candidate and frames none
        masked = _mask(text, block.start, block.end, found)
        if kind is BlockKind.HEADING:
            self.frame.heading_words = frozenset(words(block_text))
            self.frame.heading_periods = periods(block_text)
        elif kind is BlockKind.TABLE_HEADER:
            self.frame.header_cells = [text[a:b] for a, b in block.cells]
            found = []  # "Three months ended September 30" labels columns, it is no figure
        first = len(self.passages)
        spans = self._add_passages(b_index, block, kind, masked, found)
        starts = [a for a, _ in spans]
        local = [(q.span[0] - block.start, q.span[1] - block.start) for q in found]
        for q, span in zip(found, local, strict=True):
            slot = first + max(bisect_right(starts, q.span[0]) - 1, 0)
            if slot < len(self.passages):
                self.candidates.append(self._candidate(q, span, slot, block, kind, masked, local))

    def _add_passages(
        self, b_index: int, block: Block, kind: BlockKind, masked: str, found: list[Quantity]
    ) -> list[tuple[int, int]]:
        spans = _passage_spans(self.text, block, kind)
        starts = [a for a, _ in spans]
        # only sentences that hold a figure, and the one before each (their frame), are read
        holding = {max(bisect_right(starts, q.span[0]) - 1, 0) for q in found}
        wanted = holding | {i - 1 for i in holding if i > 0}
        block_context = frozenset(words(block.context)) if block.context else frozenset()
        # a table row is about its own label, not its neighbours': "Commerce" over a table
        # frames its "Total" row only until the table has a "Commerce" row of its own
        framing = self.frame.heading_words - self.others.get(b_index, frozenset())
        previous: frozenset[str] = frozenset()
        for i, (start, end) in enumerate(spans):
            own: frozenset[str] = frozenset()
            if i in wanted or kind.framing:
                own = frozenset(words(masked[start - block.start : end - block.start]))
                self.df.update(own)
            context = block_context | framing | (previous - self.others.get(b_index, frozenset()))
            self.passages.append(Passage(start, end, own, context, b_index))
            previous = own
        return spans

    def _candidate(
        self,
        q: Quantity,
        span: tuple[int, int],
        slot: int,
        block: Block,
        kind: BlockKind,
        masked: str,
        local: list[tuple[int, int]],
    ) -> Candidate:
        p = self.passages[slot]
        bounds = (p.start - block.start, p.end - block.start)
        if kind is BlockKind.TABLE_ROW:
            left, right, cand_periods = self._cell_context(q, span, block, masked, bounds)
        else:
            left, right = near_words(masked, bounds, span, local)
            a, b = clause_bounds(masked, span, bounds)
            cand_periods = periods(self.text[block.start + a : block.start + b])
        counted: frozenset[str] = frozenset()
        owner: frozenset[str] = frozenset()
        if q.kind in COUNTS:
            counted = counted_nouns(self.text, q.span[0], q.span[1], block.end)
            owner = owner_name(self.text, q.span[0], q.span[1])
        stated, scaled = _stated(q, kind, block)
        return Candidate(q, stated, slot, scaled, left, right, counted, owner,
                         cand_periods or self.frame.heading_periods)  # fmt: skip

    def _cell_context(
        self, q: Quantity, span: tuple[int, int], block: Block, masked: str,
        bounds: tuple[int, int],
    ) -> tuple[dict[str, float], dict[str, float], Periods]:  # fmt: skip
        """A cell is labelled by its row (left), by its column header (above, which is on
        neither side) and, less closely, by the table's caption."""
        left, right = near_words(masked, bounds, span, [])
        header = self.frame.header_cells
        column_text = _column_text(block, q.span, header)
        column = frozenset(words(column_text))
        context = frozenset(words(block.context)) if block.context else frozenset()
        # the caption's words: the table's context less its header row
        caption = context - frozenset(w for cell in header for w in words(cell))
        for side in (left, right):
            for w in caption:
                side[w] = max(side.get(w, 0.0), ACROSS_CLAUSE)
            side.update(dict.fromkeys(column, 1.0))
        return left, right, periods(column_text) if column_text else frozenset()


@lru_cache(maxsize=1024)
def _scale_note(note: str) -> tuple[int, str | None] | None:
    return parse_scale_note(note)  # every row of a table repeats its note


def _stated(q: Quantity, kind: BlockKind, block: Block) -> tuple[Stated, bool]:
    """The value as the source states it, and whether a table's unit note scaled it: a bare
    number in a table row under "(in millions of RMB)" is RMB millions."""
    note = _scale_note(block.unit_note) if block.unit_note else None
    if note and kind is BlockKind.TABLE_ROW and q.kind is Kind.COUNT and q.scale == 0:
        exponent, currency = note
        factor = Decimal(10) ** exponent
        return Stated.of(q, factor, Kind.MONEY if currency else Kind.COUNT, currency), True
    return Stated.of(q), False


def _other_row_labels(document: Document) -> dict[int, frozenset[str]]:
    """For each table row, the words that label the *other* rows of its table (and not it)."""
    labels: dict[int, frozenset[str]] = {}
    tables: list[list[int]] = []
    previous_table = False
    for i, block in enumerate(document.blocks):
        kind = BlockKind(block.kind)
        if kind.table:
            if not previous_table:
                tables.append([])
            if kind is BlockKind.TABLE_ROW and block.cells:
                a, b = block.cells[0]
                labels[i] = frozenset(words(document.text[a:b]))
                tables[-1].append(i)
        previous_table = kind.table
    out: dict[int, frozenset[str]] = {}
    for rows in tables:
        for i in rows:
            out[i] = frozenset().union(*(labels[j] for j in rows if j != i)) - labels[i]
    return out


def near_words(
    text: str, bounds: tuple[int, int], span: tuple[int, int], figures: list[tuple[int, int]]
) -> tuple[dict[str, float], dict[str, float]]:
    """Up to NEAR words before and after a figure within ``bounds``, each weighted down past
    clause punctuation or past another of ``figures``."""
    lo = max(bounds[0], span[0] - 150)
    hi = min(bounds[1], span[1] + 150)
    if lo > bounds[0]:
        lo = min(span[0], text.find(" ", lo) + 1 or span[0])  # no word cut in half
    if hi < bounds[1]:
        hi = max(span[1], text.rfind(" ", span[1], hi))
    sides: dict[str, dict[str, float]] = {"left": {}, "right": {}}
    for near in walk(text, span, nearby_figures(figures, span, lo, hi), (lo, hi), NEAR):
        weight = (BEYOND_FIGURE if near.beyond_figure else 1.0) * (
            ACROSS_CLAUSE if near.across_clause else 1.0
        )
        got = sides[near.side]
        got[near.word] = max(got.get(near.word, 0.0), weight)
    return sides["left"], sides["right"]


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


def _column_text(block: Block, span: tuple[int, int], header: list[str]) -> str:
    """A table cell is also about its column: the header cell above it."""
    if not header:
        return ""
    for i, (a, b) in enumerate(block.cells):
        if a <= span[0] < b:
            # rows and header usually have the same cells; if the header lacks the row label
            # column, it is shifted by one
            shift = len(block.cells) - len(header)
            j = i - shift if shift in (0, 1) else -1
            if 0 <= j < len(header):
                return header[j]
    return ""


def _passage_spans(text: str, block: Block, kind: BlockKind) -> list[tuple[int, int]]:
    if kind.table or kind in (BlockKind.HEADING, BlockKind.CAPTION):
        return [(block.start, block.end)]
    return sentence_spans(text, block.start, block.end) or [(block.start, block.end)]


def _shift(q: Quantity, offset: int) -> Quantity:
    upper_at = q.upper_at + offset if q.upper_at is not None else None
    return replace(q, span=(q.span[0] + offset, q.span[1] + offset), upper_at=upper_at)
