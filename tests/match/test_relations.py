"""Value relations: how a value a source states stands to a claimed figure (pure arithmetic).

One table row per case of the policy in DESIGN.md ("Verdicts"), then each constant at its edge.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.match.relations import (
    Relation,
    Stated,
    relate,
    round_half_up,
)
from claimcheck.model.claims import Tolerance
from claimcheck.quantities import Kind, Quantity, parse_figure

D = Decimal
R = Relation


def q(text: str) -> Quantity:
    found = parse_figure(text)
    assert found is not None, text
    return found


def rel(claim: str, source: str, tolerance: str | None = None, end: str | None = None) -> R:
    tol = Tolerance.parse(tolerance) if tolerance else None
    return relate(q(claim), Stated.of(q(source)), tol, end)


@pytest.mark.parametrize(
    ("claim", "source", "expected"),
    [
        # the same value, or its rounding by a more precise source
        ("26%", "26%", R.EXACT),
        ("26%", "25.8%", R.ROUNDED),
        ("27%", "26.5%", R.ROUNDED),  # half up
        ("26%", "26.5%", R.DIFFERENT),  # half up only: 26.5 is 27, not 26
        ("33.4 billion yuan", "RMB33,398 million", R.ROUNDED),
        ("$4.67 billion", "US$4,665 million", R.ROUNDED),
        ("-14%", "-14.2%", R.ROUNDED),  # percentages are magnitudes; the sign is a direction
        ("8", "eighth consecutive", R.EXACT),  # a count and an ordinal of the same number
        # a more precise source, close but not the claim's rounding
        ("$4.67 billion", "US$4,662 million", R.APPROXIMATE),
        # a source at the claim's precision that differs contradicts it however close
        ("$1.42", "$1.41", R.DIFFERENT),
        ("612", "611", R.DIFFERENT),
        ("$86.3 million", "$85.3 million", R.DIFFERENT),
        ("18.3%", "18.2%", R.DIFFERENT),
        ("0.503%", "0.505%", R.DIFFERENT),
        ("12 euros", "12.50 euros", R.DIFFERENT),
        ("-78", "78", R.DIFFERENT),  # a count keeps its sign
        # a source one digit coarser that the claim rounds to: consistent, not confirmed
        ("$1.42 billion", "$1.4 billion", R.COARSER),
        ("$5.53", "$6", R.DIFFERENT),  # two digits coarser says nothing
        ("$1.46 billion", "$1.4 billion", R.DIFFERENT),  # 1.46 rounds to 1.5
        # bounds
        ("over 20%", "23%", R.BOUND),
        ("more than 100", "120", R.BOUND),
        ("under 20%", "15%", R.BOUND),
        ("over 20%", "over 20%", R.EXACT),
        ("fewer than 50", "over 50", R.OPPOSITE_BOUND),
        ("over 20%", "more than 25%", R.DIFFERENT),  # a restated bound with a changed number
        ("at least $3", "at least $2.50", R.DIFFERENT),  # it claims more than the source
        # a hedge in the claim allows 5%, unless the source hedges too
        ("about 100", "103", R.APPROXIMATE),
        ("about $7.50", "approximately $7.60", R.DIFFERENT),
        # units, scales, currencies
        ("$5 million", "$5 billion", R.SCALE_SLIP),
        ("33.4 million yuan", "RMB33.4 billion", R.SCALE_SLIP),
        ("5%", "5 percentage points", R.UNIT),
        ("5%", "6 percentage points", R.INCOMPATIBLE),
        ("3 percentage points", "3 points", R.EXACT),
        ("$5", "€5", R.INCOMPATIBLE),
        # ranges compare end to end; a single value inside a claimed range is only within it
        ("4-7%", "4% to 7%", R.EXACT),
        (
            "between $2.10 billion and $2.25 billion",
            "$2.10 billion to $2.45 billion",
            R.DIFFERENT,
        ),
        ("10-12%", "11.4%", R.WITHIN_RANGE),
        ("10-12%", "12.6%", R.DIFFERENT),
        ("7%", "4% to 7%", R.EXACT),  # a single figure meets the nearer end of a source range
    ],
)
def test_relation(claim: str, source: str, expected: Relation) -> None:
    assert rel(claim, source) is expected


def test_each_end_of_a_claimed_range_meets_its_own_end() -> None:
    source = Stated.of(q("between 2,400 and 2,600 units"))
    assert relate(q("2,450"), source, None, "low") is R.DIFFERENT
    assert relate(q("2,600"), source, None, "high") is R.EXACT
    assert relate(q("2,400"), source, None, "high") is R.DIFFERENT


def test_a_table_cell_is_compared_after_its_unit_note() -> None:
    cell = Stated.of(q("33,398"), D(10) ** 6, Kind.MONEY, "CNY")  # "(in millions of RMB)"
    assert relate(q("33.4 billion yuan"), cell) is R.ROUNDED
    assert relate(q("$33.4 billion"), cell) is R.INCOMPATIBLE  # yuan, not dollars


def test_a_figures_tolerance_widens_approximate_on_purpose() -> None:
    assert rel("$1.42", "$1.41", "1%") is R.APPROXIMATE
    assert rel("$4.67 billion", "US$4,600 million", "0.5%") is R.DIFFERENT
    assert rel("$4.67 billion", "US$4,600 million", "2%") is R.APPROXIMATE
    # an absolute tolerance is in the figure's written units: 0.1 billion here
    assert rel("$4.67 billion", "US$4,600 million", "0.1") is R.APPROXIMATE


# -- every constant at its edge -----------------------------------------------------------------


def test_bound_stretch_edge() -> None:
    assert rel("over 20%", "30%") is R.BOUND
    assert rel("over 20%", "30.1%") is R.DIFFERENT


def test_bound_shrink_edge() -> None:
    assert rel("under 20%", "10%") is R.BOUND
    assert rel("under 20%", "9.9%") is R.DIFFERENT


def test_hedge_tolerance_edge() -> None:
    assert rel("about 100", "105") is R.APPROXIMATE
    assert rel("about 100", "106") is R.DIFFERENT
    assert rel("100", "103") is R.DIFFERENT  # no hedge, the same precision


def test_default_tolerance_edge() -> None:
    assert rel("$4.67 billion", "US$4,623.3 million") is R.APPROXIMATE  # 1% of 4.67 billion
    assert rel("$4.67 billion", "US$4,623.2 million") is R.DIFFERENT


def test_coarser_step_edge() -> None:
    assert rel("$1.42 billion", "$1.4 billion") is R.COARSER  # one digit coarser
    assert rel("$1.423 billion", "$1.4 billion") is R.DIFFERENT  # two digits coarser


def test_rounding_may_not_stretch_a_value_by_a_third() -> None:
    assert rel("1%", "0.5%") is R.DIFFERENT  # half up to 1, but 0.5 is half of 1
    assert rel("1%", "0.7%") is R.ROUNDED


def test_round_half_up() -> None:
    assert round_half_up(D("26.5"), D(1)) == D(27)
    assert round_half_up(D("-14.5"), D(1)) == D(-15)
    assert round_half_up(D("4662e6"), D("1e7")) == D("466e7")
    assert round_half_up(D("3.14159"), D(0)) == D("3.14159")  # no step: the value itself


@settings(max_examples=200, deadline=None)
@given(
    st.integers(10, 10**6),  # two digits or more: rounding "1%" is limited by plausibility
    st.integers(-2, 3),
    st.sampled_from(["%", " million", "", " billion"]),
    st.integers(-499, 499),
)
def test_anything_within_half_a_step_rounds_to_the_claim(
    digits: int, decimals: int, unit: str, thousandths: int
) -> None:
    number = D(digits).scaleb(-decimals) if decimals > 0 else D(digits)
    claimed = q(f"{number}{unit}")
    step = claimed.precision
    fine = Stated(claimed.value + step * thousandths / 1000, claimed.kind, None, step / 1000)
    assert relate(claimed, fine) in (R.EXACT, R.ROUNDED)
    away = Stated(claimed.value + step, claimed.kind, None, step)
    assert relate(claimed, away) is not R.ROUNDED and relate(claimed, away) is not R.EXACT
