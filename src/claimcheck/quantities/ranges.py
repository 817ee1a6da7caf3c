"""Ranges ("10-12%", "between 5 and 7 million") and the finished Quantity.

A range joins two atoms when the units agree and the separator allows it; scores ("won 5-4"),
year spans ("2022-2025") and phone numbers are refused. :func:`finish` turns an atom (and a
range end) with the words before it into a :class:`Quantity`: scale applied, precision from the
last digit written, sign folded into the direction for magnitudes.
"""

from __future__ import annotations

from decimal import Decimal

from claimcheck.model.quantity import Kind, Quantity
from claimcheck.model.vocab import Direction, Qualifier
from claimcheck.quantities import grammar
from claimcheck.quantities.atoms import Atom, clean, is_year, kind_of, read_atom
from claimcheck.quantities.context import Prefix, direction_after

# Kinds whose value is a magnitude: a sign in the text becomes the direction instead.
MAGNITUDE_KINDS = frozenset({Kind.PERCENT, Kind.PERCENTAGE_POINTS, Kind.MONEY})


def combine_range(
    text: str, low: Atom, prefix: Prefix, lenient: bool
) -> tuple[Atom | None, Atom | None]:
    """Extend ``low`` with a range end written right after it: (low, high or None).

    (None, high) means the pair is no figure at all ("2022-2025", "555-1234").
    """
    sep = grammar.RANGE_SEP_RE.match(text, low.end)
    if sep is None:
        return low, None
    word = sep.group("word")
    if word == "and" and prefix.last_word != "between":
        return low, None
    if word in ("to", "through") and prefix.last_word == "from":
        return low, None
    hm = grammar.RANGE_NUM_RE.match(text, sep.end())
    if hm is None:
        return low, None
    high = read_atom(text, hm)
    if high is None or grammar.GLUE_RE.match(text, high.end):
        return low, None
    if not _units_agree(low, high):
        return low, None
    if not lenient and low.bare and high.bare:
        if is_year(low) or is_year(high):
            return None, high  # "2022-2025", "in 2022 to 2025"
        if (
            word is None
            and high.plain_int
            and len(str(low.number)) == 3
            and len(str(high.number)) == 4
        ):
            return None, high  # 555-1234 (but "800–1,100" is a range)
    if low.bare and not high.bare and is_year(low):
        return low, None  # "in Q1 2025 to 33.4 billion yuan": a year, then another figure
    _share_units(low, high)
    lo_value = -low.number if low.negative else low.number
    hi_value = -high.number if high.negative else high.number
    if lo_value.scaleb(low.scale or 0) >= hi_value.scaleb(high.scale or 0):
        # "won 5-4", "a 10–7 lead": a score, neither number a figure (but "3800-3700 BC" is a
        # range written downwards)
        score = word is None and low.bare and high.bare and low.plain_int and high.plain_int
        if score and low.number < 1000:
            return None, high
        return low, None
    low.end = high.end
    return low, high


def _units_agree(low: Atom, high: Atom) -> bool:
    """The two ends may be one range: no unit, measure, currency or scale says otherwise."""
    if low.unit is not None and low.unit != high.unit:
        return False
    if low.measure != high.measure and (low.measure is not None or high.bare is False):
        return False  # "2 points to 41%", "5km to 10 miles": two figures
    if low.currency is not None and high.currency not in (None, low.currency):
        return False
    return not (low.scale is not None and high.scale is None)


def _share_units(low: Atom, high: Atom) -> None:
    """What one end writes holds for both: "10-12%", "$5 to 7 million"."""
    if low.unit is None:
        low.unit = high.unit
    if low.measure is None:
        low.measure = high.measure
    if low.currency is None:
        low.currency = high.currency
    if low.scale is None:
        low.scale = high.scale
    if high.currency is None:
        high.currency = low.currency


def finish(
    text: str,
    atom: Atom,
    high: Atom | None,
    prefix: Prefix,
    start: int,
) -> Quantity:
    kind = kind_of(atom)
    scale = atom.scale or 0
    shift = -2 if atom.unit == "bp" else 0
    value = atom.number.scaleb(scale + shift)
    precision = Decimal(1).scaleb(scale + shift - atom.decimals)
    direction = prefix.direction
    magnitude = kind in MAGNITUDE_KINDS
    negative = atom.negative or prefix.negative_from is not None
    if negative:
        if magnitude:
            direction = Direction.DECREASE
        else:
            value = -value
    elif atom.plus and magnitude:
        direction = Direction.INCREASE
    if direction is None:
        direction = direction_after(text, atom.end)
    upper = None
    upper_at = None
    if high is not None:
        upper_at = high.start
        upper = high.number.scaleb((high.scale or 0) + shift)
        if high.negative and not magnitude:
            upper = -upper
        upper = clean(upper)
        if upper < value:  # "-5% to -3%": the magnitudes run the other way
            value, upper = upper, value
    if prefix.negative_from is not None:
        start = min(start, prefix.negative_from)
    return Quantity(
        value=clean(value),
        kind=kind,
        currency=atom.currency,
        scale=scale,
        precision=precision,
        span=(start, atom.end),
        text=text[start : atom.end],
        qualifier=prefix.qualifier or (Qualifier.OVER if atom.at_least else None),
        direction=direction,
        upper=upper,
        unit=atom.measure,
        upper_at=upper_at,
    )
