"""The claimed side: a figure with what its claim says it is about.

:func:`claimed_figure` reads the figure with the one quantity parser, finds it in the claim text
(at its given offset when it was parsed from there, else by its surface), and collects what a
source passage must share with it: the claim's words weighted by how near they stand to the
figure (less past a comma, much less past another figure, whose words they mostly are), the
words right around it by side, the figure's ``about`` words (weighing most), the claim's
period, what a count counts, whose age it is, and the claim's other figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from claimcheck.lexicon.periods import Period, periods
from claimcheck.lexicon.sentences import sentence_spans
from claimcheck.lexicon.words import DIRECTION_TOKENS, words
from claimcheck.match.context import clause_bounds, counted_nouns, owner_name, walk
from claimcheck.match.index import COUNTS, NEAR, Periods
from claimcheck.model.claims import Claim, Figure
from claimcheck.model.quantity import Kind, Quantity
from claimcheck.model.vocab import Direction
from claimcheck.quantities import parse_figure, parse_quantities

ACROSS_CLAUSE = 0.5
BEYOND_FIGURE = 0.3
# "grew" or "fell" says which way, not what: direction is checked on its own
DIRECTION_WEIGHT = 0.5
ABOUT_WEIGHT = 2.0  # the figure's own `about` words say what it measures
PERIOD_WEIGHT = 1.0  # the claim's `period` ("Q2 2025"): its year is a word passages share

NearWords = tuple[tuple[str, float, str], ...]  # (word, weight, "left" or "right")


@dataclass(frozen=True)
class Claimed:
    figure: Figure
    quantity: Quantity
    direction: Direction | None
    query: tuple[tuple[str, float], ...]  # (word, weight)
    near: NearWords = ()  # the words right around the figure in the claim
    about: tuple[str, ...] = ()  # the figure's `about` words, direction words left out
    range_end: str | None = None  # "low" or "high" when the figure is one end of a range
    full_range: Quantity | None = None  # the whole range ("4-7%") it is an end of
    siblings: tuple[Quantity, ...] = ()  # the claim's other figures
    claim_text: str = ""  # the claim's text (its siblings' spans point into it)
    counted: frozenset[str] = frozenset()  # what a count counts: "machines" of "25 machines"
    siblings_count: frozenset[str] = frozenset()  # what the claim's other counts count
    owner: frozenset[str] = frozenset()  # whose age it is ("Kerry Green, 13")
    claim_tokens: frozenset[str] = frozenset()  # every word of the claim, lower case
    periods: Periods = frozenset()  # its claim's `period`, and the periods its clause names
    # False when the claim text, at the figure's given position, holds no figure the parser
    # reads (part of a date, a code, a label, a list marker): its meaning is unknown, so a
    # different value in the source cannot contradict it
    located: bool = True
    literal: str | None = None  # such a figure as the claim writes it ("Part 2", "24/7")


_TOKEN_RE = re.compile(r"[^\W\d_]+")


def claimed_figure(figure: Figure, claim: Claim, position: int | None = None) -> Claimed | None:
    """The parsed figure with its direction and the words that say what it is about, or None
    when the figure states no quantity."""
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
    weights, near = weigh_context(claim.text, anchor, in_claim)
    for w in words(claim.period or ""):
        weights[w] = max(weights.get(w, 0.0), PERIOD_WEIGHT)
    about_words = words(figure.about or "")
    for w in about_words:
        weights[w] = ABOUT_WEIGHT * (DIRECTION_WEIGHT if w in DIRECTION_TOKENS else 1.0)
    # the figure's own unit words say nothing about the topic
    own = set(words(q.text))
    for w in own:
        weights.pop(w, None)
    noun, owner = _counted(figure, claim, q, in_text)
    # with no place in the claim text, which of its figures this one restates is unknown
    siblings = tuple(o for o in in_claim if o is not in_text) if in_text is not None else ()
    others_count = frozenset[str]().union(
        *(counted_nouns(claim.text, o.span[0], o.span[1]) for o in siblings if o.kind in COUNTS)
    )
    return Claimed(
        figure,
        q,
        direction,
        query=tuple(weights.items()),
        near=near_tuple({k: v for k, v in near.items() if k[0] not in own}),
        about=tuple(w for w in dict.fromkeys(about_words) if w not in DIRECTION_TOKENS),
        range_end=range_end,
        full_range=full_range,
        siblings=siblings,
        claim_text=claim.text,
        counted=noun,
        siblings_count=others_count - noun,
        owner=owner,
        claim_tokens=frozenset(_TOKEN_RE.findall(claim.text.lower())),
        periods=periods(claim.period or "") | _clause_periods(claim.text, anchor, in_claim),
        located=in_text is not None or position is None,
        literal=literal(claim.text, position) if in_text is None and position is not None else None,
    )


def _counted(
    figure: Figure, claim: Claim, q: Quantity, in_text: Quantity | None
) -> tuple[frozenset[str], frozenset[str]]:
    """What a count counts ("12 *months*", "40 *km*") and whose it is, for counts only."""
    noun: frozenset[str] = frozenset()
    owner: frozenset[str] = frozenset()
    if q.kind in COUNTS:
        if q.unit and q.unit != "point":
            noun = frozenset(words(q.unit)) or frozenset({q.unit})
        elif in_text is not None:
            noun = counted_nouns(claim.text, in_text.span[0], in_text.span[1])
            owner = owner_name(claim.text, in_text.span[0], in_text.span[1])
        else:
            noun = counted_nouns(figure.value, q.span[0], q.span[1])
    return noun, owner


def _clause_periods(
    text: str, anchor: tuple[int, int] | None, in_claim: list[Quantity]
) -> frozenset[Period]:
    """The periods named in the figure's clause (in the whole claim when it has no place)."""
    if anchor is None:
        return periods(text)
    masked = _mask(text, in_claim)
    a, b = clause_bounds(masked, anchor, _sentence_bounds(text, anchor))
    return periods(text[a:b])


def weigh_context(
    text: str, anchor: tuple[int, int] | None, in_claim: list[Quantity]
) -> tuple[dict[str, float], dict[tuple[str, str], float]]:
    """The claim's words for the figure at ``anchor``: every word of its sentence with a weight,
    and the words right around it by side."""
    weights: dict[str, float] = {}
    near: dict[tuple[str, str], float] = {}
    if anchor is None:
        for w in words(text):
            weights[w] = max(weights.get(w, 0.0), 1.0 / 2.5)
        return weights, near
    others = [o.span for o in in_claim if o.span != anchor]
    for n in walk(text, anchor, others, _sentence_bounds(text, anchor), None):
        # words past a neighbouring figure mostly describe that figure; words across a comma
        # often belong to the next clause's figure
        weight = (BEYOND_FIGURE if n.beyond_figure else 1.0) * (
            ACROSS_CLAUSE if n.across_clause else 1.0
        )
        weight /= 1.0 + n.distance / 4.0
        if n.word in DIRECTION_TOKENS:
            weight *= DIRECTION_WEIGHT
        weights[n.word] = max(weights.get(n.word, 0.0), weight)
        if n.distance < NEAR:
            near[n.word, n.side] = max(near.get((n.word, n.side), 0.0), weight)
    return weights, near


def sibling_near(claimed: Claimed, sibling: Quantity) -> NearWords:
    """The words right around another of the claim's figures (computed only when a rule asks)."""
    in_claim = [*claimed.siblings, claimed.full_range or claimed.quantity]
    return near_tuple(weigh_context(claimed.claim_text, sibling.span, in_claim)[1])


def near_tuple(near: dict[tuple[str, str], float]) -> NearWords:
    return tuple((w, weight, side) for (w, side), weight in near.items())


def _sentence_bounds(text: str, anchor: tuple[int, int]) -> tuple[int, int]:
    for a, b in sentence_spans(text):
        if a <= anchor[0] < b:
            return a, b
    return 0, len(text)


def _mask(text: str, found: list[Quantity]) -> str:
    """``text`` with every figure blanked (offsets unchanged): "1,000" holds no clause comma."""
    chars = list(text)
    for q in found:
        chars[q.span[0] : q.span[1]] = " " * (q.span[1] - q.span[0])
    return "".join(chars)


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
    if position is not None and in_text.upper_at is not None:
        upper_part = position >= in_text.upper_at
    elif position is not None:
        upper_part = position > in_text.span[0]
    else:
        upper_part = q.value != in_text.value and abs(q.value) != abs(in_text.value)
    end = "high" if upper_part else "low"
    value = in_text.upper if upper_part else in_text.value
    assert value is not None
    if (
        (q.kind is Kind.COUNT and in_text.kind is not Kind.COUNT)
        or q.scale < in_text.scale
        or (value != q.value)
    ):
        return replace(in_text, value=value, upper=None, upper_at=None), end
    return replace(q, qualifier=q.qualifier or in_text.qualifier), end


_TOKEN_EDGE = "\"'“”‘’([{)]}.,;:!?"
_JOINED_RE = re.compile(r"[0-9][-–—/:][0-9]")
_LABEL_RE = re.compile(r"[A-Z][A-Za-z]+")
# a code with letters and digits: "COVID-19", "3Q25", "A320neo"
_CODE_RE = re.compile(r"(?=[\w.\-–]*[^\W\d_])(?=[\w.\-–]*[0-9])[\w.\-–]+")


def literal(text: str, position: int | None) -> str | None:
    """The figure at ``position`` as it reads in the claim, when the parser does not read it as a
    quantity: a joined token ("24/7", "10–7"), a code ("COVID-19"), or a capitalised label and
    its number ("Part 2", "Series 4"). None for anything else (a list marker "3)" is not worth
    looking up)."""
    if position is None or not 0 <= position < len(text) or not text[position].isdigit():
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
