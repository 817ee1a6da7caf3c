"""A quantity as a text states it: its value, kind, currency, scale and precision, with the
words that bound it or say which way it moved.

Records only: :mod:`claimcheck.quantities` reads them from text, for claims and sources alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from claimcheck.model.vocab import Direction, Qualifier


class Kind(StrEnum):
    """What a quantity counts: a share, a change in points, an amount of money, ..."""

    PERCENT = "percent"
    PERCENTAGE_POINTS = "percentage_points"
    MONEY = "money"
    COUNT = "count"
    MULTIPLE = "multiple"
    ORDINAL = "ordinal"


@dataclass(frozen=True)
class Quantity:
    """One figure as written: the value with its scale applied, and how precisely it is stated.

    ``precision`` is the step of the last digit written, in the units of ``value`` ("33.4
    billion" -> 1E+8). For a range, ``value`` is the low end and ``upper`` the high end.
    """

    value: Decimal
    kind: Kind
    currency: str | None
    scale: int
    precision: Decimal
    span: tuple[int, int]
    text: str
    qualifier: Qualifier | None = None
    direction: Direction | None = None
    upper: Decimal | None = None
    # a unit of measure written glued to the number ("15.5km", "5year"), lower case
    unit: str | None = None
    upper_at: int | None = None  # for a range: where its high end is written in the text
