"""How a value a source states stands to a claimed figure: pure arithmetic, no context.

The policy (DESIGN.md, "Verdicts"):

* the same value is ``EXACT``; a source that states it more precisely and rounds (half up) to
  the claim at the claim's precision is ``ROUNDED`` ("25.8%" for "26%");
* a source that states it more precisely, or in another scale, and is within the tolerance of
  the claim without being its rounding is ``APPROXIMATE`` ("US$4,662 million" for "$4.67
  billion");
* a source that states it *less* precisely, and that the claim rounds to, is ``COARSER``
  ("$1.4 billion" for "$1.42 billion": consistent, but it cannot confirm the last digit);
* a source at the claim's precision (or coarser) that differs is ``DIFFERENT`` however close
  ("$1.42" against "$1.41", "612" against "611"), unless the figure's own ``tolerance`` or a
  hedge in the claim ("about 100") allows it;
* bounds: "over 20%" is met (``BOUND``) by a plain 23%, not by 40% (a strange way to say it),
  and is ``OPPOSITE_BOUND`` to "under 20%";
* ranges compare end to end; a single value inside a claimed range is only ``WITHIN_RANGE``
  (the matcher wants the passage clearly about the same thing before calling it support);
* off by a power of a thousand is a ``SCALE_SLIP``; the same number in percent against
  percentage points is ``UNIT``; money in two different currencies is ``INCOMPATIBLE`` (no
  exchange rates here).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal, localcontext
from enum import StrEnum

from claimcheck.model.claims import Tolerance
from claimcheck.model.quantity import Kind, Quantity
from claimcheck.model.vocab import Qualifier


class Relation(StrEnum):
    EXACT = "exact"
    ROUNDED = "rounded"
    BOUND = "bound"
    WITHIN_RANGE = "within_range"
    APPROXIMATE = "within_tolerance"
    COARSER = "coarser_source"
    OPPOSITE_BOUND = "opposite_bound"
    SCALE_SLIP = "scale_slip"
    UNIT = "unit_mismatch"
    DIFFERENT = "different_value"
    INCOMPATIBLE = "incompatible"

    @property
    def matching(self) -> bool:
        """The source bears the figure out at its precision."""
        return self in (Relation.EXACT, Relation.ROUNDED, Relation.BOUND)

    @property
    def close(self) -> bool:
        """The same quantity, but not at the claim's precision (``approximate``)."""
        return self in (Relation.APPROXIMATE, Relation.COARSER)


# best first: when a source range offers two ends, the better relation is kept
_RANK = {r: i for i, r in enumerate(Relation)}

DEFAULT_TOLERANCE = Tolerance(Decimal("0.01"), relative=True)
# "about 100" claims a round figure on purpose: 5% either way is what such a hedge usually
# covers ("about $7.50" for $7.62), unless the source hedges too (then the numbers are both
# round figures, and a changed one is a changed claim)
HEDGE_TOLERANCE = Decimal("0.05")
# "over 20%" is a natural way to say 23%, not 40%: a plain source value up to 1.5 times the
# bound bears it out; "under 20%" likewise down to half of it
BOUND_STRETCH = Decimal("1.5")
BOUND_SHRINK = Decimal("0.5")
_SCALE_SLIPS = (3, 6, 9, -3, -6, -9)
_MAGNITUDES = (Kind.PERCENT, Kind.PERCENTAGE_POINTS, Kind.MONEY)
# each slip's factor, with the ratios of claim to source it can explain (within a factor of two)
_SLIPS = tuple((Decimal(10) ** k, Decimal(10) ** k / 2, Decimal(10) ** k * 2) for k in _SCALE_SLIPS)
# a source one digit less precise than the claim can still be the same figure, rounded
COARSER_STEP = 10


@dataclass(frozen=True)
class Stated:
    """A value as a source states it, after a table's unit note is applied."""

    value: Decimal
    kind: Kind
    currency: str | None
    precision: Decimal
    upper: Decimal | None = None
    qualifier: Qualifier | None = None
    unit: str | None = None

    @classmethod
    def of(cls, q: Quantity, factor: Decimal = Decimal(1), kind: Kind | None = None,
           currency: str | None = None) -> Stated:  # fmt: skip
        return cls(
            value=q.value * factor,
            kind=kind or q.kind,
            currency=currency if currency is not None else q.currency,
            precision=q.precision * factor,
            upper=q.upper * factor if q.upper is not None else None,
            qualifier=q.qualifier,
            unit=q.unit,
        )


def round_half_up(value: Decimal, step: Decimal) -> Decimal:
    """``value`` rounded half up to a multiple of ``step``."""
    if step <= 0:
        return value
    with localcontext() as ctx:
        ctx.prec = 60
        return (value / step).to_integral_value(rounding=ROUND_HALF_UP) * step


def _points(kind: Kind, unit: str | None) -> bool:
    """Percentage points, or "N points" the text did not call percentage points."""
    return kind is Kind.PERCENTAGE_POINTS or (kind is Kind.COUNT and unit == "point")


def compatible(claimed: Quantity, stated: Stated, strict: bool) -> bool:
    """Whether the two can be compared at all; ``strict`` for a contradiction, which needs the
    same kind (a bare table cell may be money with no currency written, but a bare count in
    prose says nothing against money)."""
    ck, sk = claimed.kind, stated.kind
    if ck == sk:
        if ck is Kind.MONEY:
            return (
                claimed.currency is None
                or stated.currency is None
                or (claimed.currency == stated.currency)
            )
        return True
    if {ck, sk} <= {Kind.COUNT, Kind.ORDINAL}:
        return True
    if _points(ck, claimed.unit) and _points(sk, stated.unit):
        return True
    return not strict and {ck, sk} == {Kind.MONEY, Kind.COUNT}


def relate(
    claimed: Quantity,
    stated: Stated,
    tolerance: Tolerance | None = None,
    range_end: str | None = None,
) -> Relation:
    """How ``stated`` stands to ``claimed`` (``range_end`` "low"/"high" when the claimed figure
    is one end of a range written in the claim)."""
    percents = (Kind.PERCENT, Kind.PERCENTAGE_POINTS)
    if claimed.kind in percents and stated.kind in percents and claimed.kind != stated.kind:
        same = stated.value == claimed.value or round_half_up(
            stated.value, claimed.precision
        ) == abs(claimed.value)
        return Relation.UNIT if same else Relation.INCOMPATIBLE
    if not compatible(claimed, stated, strict=False):
        return Relation.INCOMPATIBLE
    if stated.upper is not None:
        low = replace(stated, upper=None)
        high = replace(stated, value=stated.upper, upper=None)
        if claimed.upper is not None:
            lo_claim = replace(claimed, upper=None)
            hi_claim = replace(claimed, value=claimed.upper, upper=None)
            return both_ends(_single(lo_claim, low, tolerance), _single(hi_claim, high, tolerance))
        if range_end == "low":
            return _single(claimed, low, tolerance)
        if range_end == "high":
            return _single(claimed, high, tolerance)
        # a single claimed value against a source range: the nearer end
        return min(_single(claimed, low, tolerance), _single(claimed, high, tolerance),
                   key=_RANK.__getitem__)  # fmt: skip
    if claimed.upper is not None:
        if abs(claimed.value) <= abs(stated.value) <= abs(claimed.upper):
            return Relation.WITHIN_RANGE
        return Relation.DIFFERENT
    return _single(claimed, stated, tolerance)


def both_ends(low: Relation, high: Relation) -> Relation:
    """A range against a range: as good as its worse end, and different if either end is."""
    ends = {low, high}
    if ends == {Relation.EXACT}:
        return Relation.EXACT
    if ends <= {Relation.EXACT, Relation.ROUNDED}:
        return Relation.ROUNDED
    if ends <= {Relation.EXACT, Relation.ROUNDED, Relation.APPROXIMATE, Relation.COARSER}:
        return Relation.APPROXIMATE
    if ends == {Relation.SCALE_SLIP}:
        return Relation.SCALE_SLIP
    return Relation.DIFFERENT


def _single(claimed: Quantity, stated: Stated, tolerance: Tolerance | None) -> Relation:
    # percentages, points and money are magnitudes (a sign is a direction); a count keeps its
    # sign: "minus ten" is not ten
    magnitude = claimed.kind in _MAGNITUDES
    target = abs(claimed.value) if magnitude else claimed.value
    value = abs(stated.value) if magnitude else stated.value
    cq, sq = claimed.qualifier, stated.qualifier
    if value == target:
        if (
            cq is not None
            and sq is not None
            and ((cq.lower_bound and sq.upper_bound) or (cq.upper_bound and sq.lower_bound))
        ):
            return Relation.OPPOSITE_BOUND
        return Relation.EXACT
    plain_source = sq is None or sq.hedge
    if cq is not None and plain_source and target:
        if cq.lower_bound and target < value <= target * BOUND_STRETCH:
            return Relation.BOUND
        if cq.upper_bound and target * BOUND_SHRINK <= value < target:
            return Relation.BOUND
    if stated.precision < claimed.precision:
        # the source is more precise: its rounding, or close to it
        if (
            round_half_up(value, claimed.precision) == target
            and _plausible_rounding(value, target)
            and not _stronger_bound(cq, sq, target, value)
        ):
            return Relation.ROUNDED
        if _within(claimed, target, value, tolerance, sq):
            return Relation.APPROXIMATE
    elif stated.precision > claimed.precision:
        # the source is coarser by a digit: consistent when the claim rounds to it ("$1.4
        # billion" for "$1.42 billion"); "$6" says nothing about "$5.53"
        if (
            stated.precision <= claimed.precision * COARSER_STEP
            and round_half_up(target, stated.precision) == value
        ):
            return Relation.COARSER
    elif (tolerance is not None or (cq is not None and cq.hedge)) and _within(
        claimed, target, value, tolerance, sq
    ):
        # the same precision: only the figure's own tolerance or a hedge in the claim allows a
        # difference; otherwise "$1.42" against "$1.41" is another value
        return Relation.APPROXIMATE
    if _scale_slip(claimed, target, value):
        return Relation.SCALE_SLIP
    return Relation.DIFFERENT


def _within(
    claimed: Quantity,
    target: Decimal,
    value: Decimal,
    tolerance: Tolerance | None,
    source_q: Qualifier | None,
) -> bool:
    tol = tolerance or DEFAULT_TOLERANCE
    # an absolute tolerance is in the figure's written units: 0.05 on "$4.67 billion" is 0.05
    # billion
    allowed = tol.amount * abs(target) if tol.relative else tol.amount.scaleb(claimed.scale)
    if (
        claimed.qualifier is not None
        and claimed.qualifier.hedge
        and not (source_q is not None and source_q.hedge)
    ):
        allowed = max(allowed, HEDGE_TOLERANCE * abs(target))
    return abs(value - target) <= allowed


def _plausible_rounding(value: Decimal, target: Decimal) -> bool:
    """Rounding may drop digits, not a third of the value: 0.5% is not "1%", $0.6bn not "$1bn"."""
    return abs(value - target) * 3 <= max(abs(value), abs(target))


def _stronger_bound(
    claimed: Qualifier | None, source: Qualifier | None, target: Decimal, value: Decimal
) -> bool:
    """A claim of "at least $3" rounds "at least $2.50" the wrong way: it claims more."""
    if claimed is None or source is None:
        return False
    if claimed.lower_bound and source.lower_bound:
        return target > value
    if claimed.upper_bound and source.upper_bound:
        return target < value
    return False


def _scale_slip(claimed: Quantity, target: Decimal, value: Decimal) -> bool:
    """ "$5 million" for a source's "$5 billion": the claim is the source's value times a power
    of a thousand, at the claim's precision."""
    if not target or not value:
        return False
    ratio = abs(target / value)
    for factor, low, high in _SLIPS:
        if not low <= ratio <= high:
            continue
        slipped = value * factor
        if round_half_up(slipped, claimed.precision) == target and _plausible_rounding(
            slipped, target
        ):
            return True
    return False


def rank(relation: Relation) -> int:
    return _RANK[relation]
