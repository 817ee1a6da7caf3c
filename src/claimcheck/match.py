"""Match claimed figures against a source's extracted text and decide a verdict with evidence.

A source is indexed once (:func:`build_index`): every quantity the one parser finds, placed in
its passage (a sentence, or a table row with its header and unit note) with the passage's words.
A figure then looks up its candidates of a compatible kind, relates each value to the claimed one
(exact, rounded, within tolerance, off by a power of a thousand, other) and scores the passage
against the figure's ``about`` words and the claim text. Everything here is pure.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum

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
from claimcheck.textutil import content_words, sentence_spans

INDEX_VERSION = "1"
ON_TOPIC = 0.45  # passage score from which a figure's value there counts as support
CONTRADICTS = 0.55  # stricter: a *different* value needs a passage clearly about the same thing
# topic score of every passage of a source that shares no word with the claim (another
# language): enough for a specific value to count as support, never enough for a contradiction
FOREIGN_SCORE = 0.3
OUTRANKS = 0.12  # how much more on-topic another value's passage must be to displace a match
DEFAULT_TOLERANCE = Tolerance(Decimal("0.01"), relative=True)
EVIDENCE_MAX = 300
_SCALE_SLIPS = (3, 6, 9, -3, -6, -9)

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


def words(text: str) -> list[str]:
    """Content words, folded: synonyms to one token, "year-over-year" and "YoY" to "yoy"."""
    return [_norm(w) for w in content_words(_YOY_RE.sub(" yoy ", text))]


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
    near: frozenset[str] = frozenset()  # words right around the figure, within its passage


@dataclass
class SourceIndex:
    document: Document
    passages: list[Passage]
    candidates: list[Candidate]
    df: Counter[str]
    vocab: list[str] = field(default_factory=list)
    _fuzzy: dict[str, frozenset[str]] = field(default_factory=dict)

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
            if len(token) >= 5:
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
        masked = _mask(text, block.start, block.end, found)
        if block.kind == "heading":
            heading_words = frozenset(words(block_text))
        elif block.kind == "table_header":
            header_cells = [text[a:b] for a, b in block.cells]
            found = []  # "Three months ended September 30" labels columns, it is no figure
        note = parse_scale_note(block.unit_note) if block.unit_note else None
        block_context = frozenset(words(block.context)) if block.context else frozenset()
        first = len(passages)
        previous: frozenset[str] = frozenset()
        for start, end in _passage_spans(text, block):
            own = frozenset(words(masked[start - block.start : end - block.start]))
            df.update(own)
            context = block_context | heading_words | previous
            passages.append(Passage(start, end, own, context, b_index))
            previous = own
        starts = [p.start for p in passages[first:]]
        for q in found:
            slot = first + max(bisect_right(starts, q.span[0]) - 1, 0)
            if slot >= len(passages):
                continue
            p = passages[slot]
            near = _near_words(masked, block.start, p.start, p.end, q.span)
            if block.kind == "table_row":
                near |= _column_words(block, q.span, header_cells)
            candidates.append(_candidate(q, slot, block, note, near))
    return SourceIndex(document, passages, candidates, df, vocab=sorted(df))


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
    from dataclasses import replace

    return replace(q, span=(q.span[0] + offset, q.span[1] + offset))


NEAR = 5  # words each side of a figure that say what exactly it counts


def _near_words(
    masked: str, offset: int, start: int, end: int, span: tuple[int, int]
) -> frozenset[str]:
    """Up to NEAR words each side of a figure, within its passage (``masked`` starts at offset)."""
    left = max(start, span[0] - 120) - offset
    before_text = masked[left : span[0] - offset]
    if left > start - offset:
        before_text = before_text.split(" ", 1)[-1]  # drop a word cut in half
    after_text = masked[span[1] - offset : min(end, span[1] + 120) - offset]
    if span[1] + 120 < end:
        after_text = after_text.rsplit(" ", 1)[0]
    return frozenset(words(before_text)[-NEAR:] + words(after_text)[:NEAR])


def _candidate(
    q: Quantity,
    passage: int,
    block: Block,
    note: tuple[int, str | None] | None,
    near: frozenset[str],
) -> Candidate:
    # a bare number in a table row whose note says "(in millions of RMB)" is RMB millions
    if note and block.kind == "table_row" and q.kind == Kind.COUNT and q.scale == 0:
        exponent, currency = note
        kind = Kind.MONEY if currency else Kind.COUNT
        value = q.value * Decimal(10) ** exponent
        return Candidate(q, value, kind, currency, passage, True, near)
    return Candidate(q, q.value, q.kind, q.currency, passage, near=near)


# -- the claimed side ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Claimed:
    figure: Figure
    quantity: Quantity
    direction: Direction | None
    query: tuple[tuple[str, float], ...]  # (word, weight)
    near: tuple[tuple[str, float], ...] = ()  # the words right around the figure in the claim
    about: tuple[str, ...] = ()  # the figure's `about` words, direction words left out
    range_end: str | None = None  # "low" or "high" when the figure is one end of a range


def claimed_figure(figure: Figure, claim: Claim, position: int | None = None) -> Claimed | None:
    """The parsed figure with its direction and the words that say what it is about.

    ``position`` is the figure's offset in the claim text when known (else it is looked up).
    Claim words weigh more the nearer they stand to the figure; ``about`` words weigh most.
    """
    q = parse_figure(figure.value)
    if q is None:
        return None
    in_claim = parse_quantities(claim.text)
    in_text = _locate(figure.value, q, in_claim, position)
    range_end = None
    if in_text is not None:
        q, range_end = _complete(q, in_text, position)
    direction: Direction | None = None
    if figure.change:
        direction = Direction(figure.change)
    elif q.direction is not None:
        direction = q.direction
    elif in_text is not None:
        direction = in_text.direction
    weights: dict[str, float] = {}
    near: dict[str, float] = {}
    anchor = in_text.span if in_text is not None else None
    others = [o.span for o in in_claim if o.span != anchor]
    for word, distance, beyond in _words_with_distance(claim.text, anchor, others):
        # words past a neighbouring figure mostly describe that figure
        weight = (0.3 if beyond else 1.0) / (1.0 + distance / 4.0)
        weights[word] = max(weights.get(word, 0.0), weight)
        if anchor is not None and distance < NEAR:
            near[word] = max(near.get(word, 0.0), weight)
    for w in words(figure.about or ""):
        weights[w] = 2.0
    # "grew" or "fell" says which way, not what: direction is checked on its own
    for w in _DIRECTION_WORDS & weights.keys():
        weights[w] *= DIRECTION_WEIGHT
        if w in near:
            near[w] *= DIRECTION_WEIGHT
    # the figure's own unit words say nothing about the topic
    for w in words(q.text):
        weights.pop(w, None)
        near.pop(w, None)
    about = tuple(w for w in dict.fromkeys(words(figure.about or "")) if w not in _DIRECTION_WORDS)
    return Claimed(
        figure,
        q,
        direction,
        query=tuple(weights.items()),
        near=tuple(near.items()),
        about=about,
        range_end=range_end,
    )


def _words_with_distance(
    text: str, anchor: tuple[int, int] | None, others: list[tuple[int, int]]
) -> list[tuple[str, int, bool]]:
    """Content words of the figure's sentence: (word, distance in words, past another figure)."""
    if anchor is None:
        return [(w, 6, False) for w in words(text)]
    sentence = (0, len(text))
    for a, b in sentence_spans(text):
        if a <= anchor[0] < b:
            sentence = (a, b)
            break
    left = max([e for s, e in others if e <= anchor[0] and e > sentence[0]], default=sentence[0])
    right = min([s for s, e in others if s >= anchor[1] and s < sentence[1]], default=sentence[1])
    near_before = words(text[left : anchor[0]])
    far_before = words(text[sentence[0] : left])
    near_after = words(text[anchor[1] : right])
    far_after = words(text[right : sentence[1]])
    out = [(w, len(near_before) - i - 1, False) for i, w in enumerate(near_before)]
    out += [(w, len(near_before) + len(far_before) - i - 1, True) for i, w in enumerate(far_before)]
    out += [(w, i, False) for i, w in enumerate(near_after)]
    out += [(w, len(near_after) + i, True) for i, w in enumerate(far_after)]
    return out


def _locate(
    value: str, q: Quantity, found: list[Quantity], position: int | None
) -> Quantity | None:
    """The quantity in the claim text that the figure refers to (same surface, else same value)."""
    if position is not None:
        for cand in found:
            if cand.span[0] <= position < cand.span[1]:
                return cand
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
    from dataclasses import replace

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
    SCALE_SLIP = "scale_slip"
    UNIT = "unit"  # same number, percent vs percentage points
    DIFFERENT = "different_value"
    INCOMPATIBLE = "incompatible"


_MATCHING = (Relation.EXACT, Relation.ROUNDED, Relation.BOUND)


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
) -> Relation:
    """How a candidate's value stands to the claimed one; a range candidate offers both ends.

    When the claim's figure is itself one end of a range, a source range is compared end to end
    ("5" of "5-8%" is not borne out by "3% to 5%").
    """
    if claimed.kind in _PERCENTS and cand.kind in _PERCENTS and claimed.kind != cand.kind:
        same = abs(cand.value) == abs(claimed.value) or rounds_to(abs(cand.value), claimed)
        return Relation.UNIT if same else Relation.INCOMPATIBLE
    if not compatible(claimed, cand.kind, cand.currency, strict=False):
        return Relation.INCOMPATIBLE
    upper = cand.quantity.upper
    if claimed.upper is not None and upper is not None:
        low_same = abs(cand.value) == abs(claimed.value)
        scale = cand.value / cand.quantity.value if cand.quantity.value else Decimal(1)
        if low_same and upper * scale == claimed.upper:
            return Relation.EXACT
    qualified = cand.quantity.qualifier
    scale = cand.value / cand.quantity.value if cand.quantity.value else Decimal(1)
    if upper is not None and range_end == "high":
        return _relate_value(claimed, abs(upper * scale), tolerance, qualified)
    relation = _relate_value(claimed, abs(cand.value), tolerance, qualified)
    if upper is not None and range_end is None and relation not in _MATCHING:
        scale = cand.value / cand.quantity.value if cand.quantity.value else Decimal(1)
        other = _relate_value(claimed, abs(upper * scale), tolerance, qualified)
        if _RELATION_RANK[other] < _RELATION_RANK[relation]:
            return other
    return relation


_PERCENTS = (Kind.PERCENT, Kind.PERCENTAGE_POINTS)


_AT_LEAST = ("over", "more_than", "at_least")
_AT_MOST = ("under", "less_than", "up_to", "at_most")


def _relate_value(
    claimed: Quantity, value: Decimal, tolerance: Tolerance | None, source_qualifier: str | None
) -> Relation:
    target = abs(claimed.value)
    if claimed.upper is not None and target <= value <= abs(claimed.upper):
        return Relation.BOUND
    if value == target:
        return Relation.EXACT
    if rounds_to(value, claimed):
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
    allowed = tol.amount * target if tol.relative else tol.amount
    if qualifier in ("about", "nearly", "almost", "around", "approximately", "roughly"):
        allowed = max(allowed, Decimal("0.05") * target)
    if abs(value - target) <= allowed:
        return Relation.APPROXIMATE
    if target and value:
        for k in _SCALE_SLIPS:
            if rounds_to(value * Decimal(10) ** k, claimed):
                return Relation.SCALE_SLIP
    return Relation.DIFFERENT


_RELATION_RANK = {r: i for i, r in enumerate(Relation)}


# -- scoring context ----------------------------------------------------------------------------


def near_score(index: SourceIndex, claimed: Claimed, cand: Candidate) -> float:
    """Share of the claim's words next to the figure that stand next to the candidate."""
    if not index.shares_words(claimed):
        return 0.0
    total = got = 0.0
    for word, weight in claimed.near:
        forms = index.expand(word)
        total += weight
        if forms & cand.near:
            got += weight
    return got / total if total else 0.0


def topic_score(index: SourceIndex, claimed: Claimed, passage: Passage) -> float:
    """Weighted share of the figure's context words found in the passage (0..1).

    Words common to every passage of the source weigh little (idf); words of the table header or
    the previous sentence count at 60%, since they frame the passage rather than state it.
    """
    if not index.shares_words(claimed):
        return FOREIGN_SCORE
    about_forms = [index.expand(w) for w in claimed.about]
    present = [f for f in about_forms if f]
    if about_forms and not present:
        # the source never mentions what the figure measures: no passage can be about it
        return 0.0
    total = 0.0
    got = 0.0
    for word, weight in claimed.query:
        forms = index.expand(word)
        w = weight * (index.idf(word) if forms else 0.5)
        total += w
        if forms & passage.words:
            got += w
        elif forms & passage.context_words:
            got += 0.6 * w
    score = got / total if total else 0.0
    if present:
        # the most specific things the figure is about ("logistics" rather than "revenue") must be
        # named in the passage or its frame; another segment's sentence shares everything else
        keys = sorted(present, key=lambda f: -max(index.idf(x) for x in f))[:2]
        seen = passage.words | passage.context_words
        if not any(k & seen for k in keys):
            score *= 0.6
    return score


def support_threshold(q: Quantity) -> float:
    """How on-topic a passage must be for the claimed value there to count as support.

    A value as specific as "$1.65 billion" or "25.8%" rarely appears by chance, so a passage that
    shares a few words with the claim is enough; "10" or "3%" turn up everywhere and need a passage
    clearly about the same thing.
    """
    digits = len(str(abs(q.value).normalize()).replace(".", "").replace("-", "").lstrip("0"))
    if q.value == q.value.to_integral_value():
        digits = len(str(int(abs(q.value))).rstrip("0")) or 1
    specificity = digits + (1 if q.kind in (Kind.MONEY, Kind.PERCENT) or q.scale else 0)
    return {1: ON_TOPIC, 2: 0.35, 3: 0.25}.get(specificity, 0.15)


# -- the verdict --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Scored:
    cand: Candidate
    relation: Relation
    score: float  # how well the passage is about the figure's topic
    near: float = 0.0  # how well the words right around the value match those in the claim

    @property
    def fit(self) -> float:
        return self.score + 0.5 * self.near


def match_figure(
    claimed: Claimed, index: SourceIndex, source_key: str, url: str | None
) -> FigureResult:
    """The verdict for one figure against one readable source."""
    q = claimed.quantity
    scored: list[_Scored] = []
    for cand in index.candidates:
        relation = relate(q, cand, claimed.figure.tolerance, claimed.range_end)
        if relation is Relation.INCOMPATIBLE:
            continue
        passage = index.passages[cand.passage]
        score = topic_score(index, claimed, passage)
        scored.append(_Scored(cand, relation, score, near_score(index, claimed, cand)))

    def best(items: Iterable[_Scored]) -> _Scored | None:
        return max(items, key=lambda s: (s.fit, -s.cand.quantity.span[0]), default=None)

    on_topic = [s for s in scored if s.score >= support_threshold(q)]
    matching = [s for s in on_topic if s.relation in _MATCHING]
    # a passage that states the direction outright outweighs a bare table cell with the value
    stated = [s for s in matching if s.cand.quantity.direction is not None]
    if claimed.direction is not None and stated:
        agreeing = [s for s in stated if not _opposite(claimed.direction, s.cand)]
    else:
        agreeing = [s for s in matching if not _opposite(claimed.direction, s.cand)]
    strong = [s for s in scored if s.score >= CONTRADICTS]
    differing = [
        s
        for s in strong
        if s.relation is Relation.DIFFERENT
        and compatible(q, s.cand.kind, s.cand.currency, strict=True)
    ]
    if hit := best(agreeing):
        rival = best(differing)
        if rival is not None and _displaces(rival, hit, bool(claimed.about)):
            return _result(
                claimed, index, rival, Verdict.CONTRADICTED, "different_value", source_key, url
            )
        reason = "exact" if hit.relation is Relation.EXACT else hit.relation.value
        return _result(claimed, index, hit, Verdict.SUPPORTED, reason, source_key, url)
    if hit := best(s for s in on_topic if s.relation is Relation.APPROXIMATE):
        return _result(
            claimed, index, hit, Verdict.APPROXIMATE, "within_tolerance", source_key, url
        )
    if hit := best(matching):
        return _result(claimed, index, hit, Verdict.CONTRADICTED, "direction", source_key, url)
    for relation in (Relation.UNIT, Relation.SCALE_SLIP):
        if hit := best(s for s in strong if s.relation is relation):
            reason = "unit_mismatch" if relation is Relation.UNIT else "scale_slip"
            return _result(claimed, index, hit, Verdict.CONTRADICTED, reason, source_key, url)
    if hit := _closest(differing, q.value):
        return _result(
            claimed, index, hit, Verdict.CONTRADICTED, "different_value", source_key, url
        )
    if hit := best(s for s in scored if s.relation in _MATCHING):
        return _result(claimed, index, hit, Verdict.UNSUPPORTED, "found_elsewhere", source_key, url)
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


def _displaces(rival: _Scored, hit: _Scored, told_topic: bool) -> bool:
    """The source puts another value exactly where the claim puts this one (swapped figures).

    Within one passage: when the other value's surroundings match the claim's clearly better than
    those of the matching value (a sentence listing several figures does not make each one
    wrong). Across passages: when the other value's passage is clearly more about the figure's
    topic (the claim took another segment's figure).
    """
    if rival.cand.passage == hit.cand.passage:
        return rival.near >= hit.near + 0.3 and rival.fit >= hit.fit + 0.15
    # only an explicit `about` makes topic scores firm enough to prefer another passage
    return told_topic and rival.score >= hit.score + OUTRANKS


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
