"""The quantity parser reads the same figure the same way in a claim and in a source."""

from __future__ import annotations

import itertools
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.quantities import (
    Direction,
    Kind,
    Quantity,
    parse_figure,
    parse_quantities,
    parse_scale_note,
)

D = Decimal


def only(text: str) -> Quantity:
    found = parse_quantities(text)
    assert len(found) == 1, found
    return found[0]


# --- percentages and money --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("26%", "26", "1"),
        ("26 percent", "26", "1"),
        ("26 per cent", "26", "1"),
        ("26pc", "26", "1"),
        ("26 %", "26", "1"),
        ("8.0%", "8.0", "0.1"),
        ("0.96%", "0.96", "0.01"),
    ],
)
def test_percent_forms(text: str, value: str, precision: str) -> None:
    q = only(text)
    assert q.kind is Kind.PERCENT
    assert q.value == D(value)
    assert q.precision == D(precision)
    assert q.currency is None
    assert q.text == text
    assert q.span == (0, len(text))


@pytest.mark.parametrize(
    ("text", "value", "kind", "currency", "scale", "precision"),
    [
        ("RMB33,398 million", "33398e6", Kind.MONEY, "CNY", 6, "1e6"),
        ("RMB 33.4 billion", "33.4e9", Kind.MONEY, "CNY", 9, "1e8"),
        ("33.4 billion yuan", "33.4e9", Kind.MONEY, "CNY", 9, "1e8"),
        ("¥33.4B", "33.4e9", Kind.MONEY, "CNY", 9, "1e8"),
        ("CNY 33.4bn", "33.4e9", Kind.MONEY, "CNY", 9, "1e8"),
        ("US$4,662 million", "4662e6", Kind.MONEY, "USD", 6, "1e6"),
        ("$4.67 billion", "4.67e9", Kind.MONEY, "USD", 9, "1e7"),
        ("$53B", "53e9", Kind.MONEY, "USD", 9, "1e9"),
        ("€1.2 mn", "1.2e6", Kind.MONEY, "EUR", 6, "1e5"),
        ("1.5 trillion", "1.5e12", Kind.COUNT, None, 12, "1e11"),
        ("380B yuan", "380e9", Kind.MONEY, "CNY", 9, "1e9"),
        ("HK$10", "10", Kind.MONEY, "HKD", 0, "1"),
        ("£5m", "5e6", Kind.MONEY, "GBP", 6, "1e6"),
        ("Rs 500 crore", "500e7", Kind.MONEY, "INR", 7, "1e7"),
        ("₹2 lakh", "2e5", Kind.MONEY, "INR", 5, "1e5"),
        ("US$ 5 million", "5e6", Kind.MONEY, "USD", 6, "1e6"),
        ("5 million dollars", "5e6", Kind.MONEY, "USD", 6, "1e6"),
        ("5 Hong Kong dollars", "5", Kind.MONEY, "HKD", 0, "1"),
        ("¥1,000 yen", "1000", Kind.MONEY, "JPY", 0, "1"),
        ("$2.5 trillion", "2.5e12", Kind.MONEY, "USD", 12, "1e11"),
    ],
)
def test_money_and_scale_forms(
    text: str, value: str, kind: Kind, currency: str | None, scale: int, precision: str
) -> None:
    q = only(text)
    assert (q.value, q.kind, q.currency, q.scale, q.precision) == (
        D(value),
        kind,
        currency,
        scale,
        D(precision),
    )
    assert q.text == text


def test_scaled_values_are_plain_integers() -> None:
    assert str(only("33.4 billion yuan").value) == "33400000000"


def test_both_figures_of_a_converted_amount() -> None:
    text = "cloud revenue grew 26% to 33.4 billion yuan ($4.67 billion)"
    pct, cny, usd = parse_quantities(text)
    assert (pct.kind, pct.value, pct.direction) == (Kind.PERCENT, D(26), Direction.INCREASE)
    assert (cny.currency, cny.value, cny.direction) == ("CNY", D("33.4e9"), None)
    assert (usd.currency, usd.value, usd.text) == ("USD", D("4.67e9"), "$4.67 billion")
    assert text[usd.span[0] : usd.span[1]] == usd.text


# --- digits -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("1,234,567.890", "1234567.890", "0.001"),
        ("3,350", "3350", "1"),
        ("1,234", "1234", "1"),
        # one dot and three digits is a decimal point in English text ...
        ("3.350", "3.350", "0.001"),
        ("0.960", "0.960", "0.001"),
        # ... and a thousands separator only when the number is written European style
        ("1.234.567", "1234567", "1"),
        ("3.350,5", "3350.5", "0.1"),
        ("1,000,000", "1000000", "1"),
    ],
)
def test_digit_grouping(text: str, value: str, precision: str) -> None:
    q = only(text)
    assert (q.value, q.precision, q.kind) == (D(value), D(precision), Kind.COUNT)


@pytest.mark.parametrize(
    "text", [",89", "the price was ,89 today", "it cost $1,89 then", "version 1.2.3", "1,2345"]
)
def test_fragments_and_odd_groupings_are_not_figures(text: str) -> None:
    assert parse_quantities(text) == []


def test_count_next_to_a_price() -> None:
    pairs, price = parse_quantities("2 pairs from $349")
    assert (pairs.kind, pairs.value) == (Kind.COUNT, D(2))
    assert (price.kind, price.value, price.currency, price.direction) == (
        Kind.MONEY,
        D(349),
        "USD",
        None,
    )


# --- signs ------------------------------------------------------------------------------------


def test_minus_word() -> None:
    q = only("minus ten")
    assert (q.value, q.kind, q.text) == (D(-10), Kind.COUNT, "minus ten")


def test_negative_range_start() -> None:
    q = only("-78 to 0")
    assert (q.value, q.upper, q.kind) == (D(-78), D(0), Kind.COUNT)


@pytest.mark.parametrize("text", ["(14)%", "−14%", "-14%", "–14%", "minus 14%"])
def test_negative_percentages_keep_magnitude(text: str) -> None:
    q = only(text)
    assert (q.value, q.kind, q.direction, q.text) == (
        D(14),
        Kind.PERCENT,
        Direction.DECREASE,
        text,
    )


def test_signed_money_and_plus() -> None:
    money = only("−$5 million")
    assert (money.value, money.currency, money.direction) == (D("5e6"), "USD", Direction.DECREASE)
    plus = only("+26%")
    assert (plus.value, plus.direction) == (D(26), Direction.INCREASE)


def test_negative_percentage_range_keeps_low_below_high() -> None:
    q = only("-5% to -3%")
    assert (q.value, q.upper, q.direction) == (D(3), D(5), Direction.DECREASE)


def test_extra_spaces_inside_a_figure() -> None:
    q = only("RMB  33.4  billion")
    assert (q.value, q.currency, q.text) == (D("33.4e9"), "CNY", "RMB  33.4  billion")


def test_parenthesised_percent_is_positive() -> None:
    q = only("profit (14%) rose")
    assert (q.value, q.direction) == (D(14), None)


# --- number words and ordinals ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "kind", "figure"),
    [
        ("eight consecutive quarters", "8", Kind.COUNT, "eight"),
        ("eighth consecutive quarter", "8", Kind.ORDINAL, "eighth"),
        ("for the 8th consecutive quarter", "8", Kind.ORDINAL, "8th"),
        ("the fourth year in a row", "4", Kind.ORDINAL, "fourth"),
        ("twenty-first straight month", "21", Kind.ORDINAL, "twenty-first"),
        ("twenty-five", "25", Kind.COUNT, "twenty-five"),
        ("a hundred", "100", Kind.COUNT, "a hundred"),
        ("three-year", "3", Kind.COUNT, "three"),
        ("a dozen", "12", Kind.COUNT, "a dozen"),
        ("Twenty-five thousand dollars", "25000", Kind.MONEY, "Twenty-five thousand dollars"),
        ("two hundred and fifty stores", "250", Kind.COUNT, "two hundred and fifty"),
        ("one billion people", "1e9", Kind.COUNT, "one billion"),
        ("one percent", "1", Kind.PERCENT, "one percent"),
        ("tenfold", "10", Kind.MULTIPLE, "tenfold"),
        ("three times", "3", Kind.MULTIPLE, "three times"),
    ],
)
def test_number_words(text: str, value: str, kind: Kind, figure: str) -> None:
    q = only(text)
    assert (q.value, q.kind, q.text) == (D(value), kind, figure)


@pytest.mark.parametrize(
    "text",
    [
        "one of the biggest",
        "the third quarter",
        "a second look",
        "two-thirds majority",
        "the second half of the year",
    ],
)
def test_words_that_are_not_figures(text: str) -> None:
    assert parse_quantities(text) == []


# "two-thirds of sales" used to be no figure at all; it states a share as surely as "67%" does,
# so it is now read as one (see test_proportions_in_words)


@pytest.mark.parametrize(
    ("text", "value", "kind", "figure"),
    [
        # transcripts space the hyphen of a compound number
        ("they got twenty - five machines", "25", Kind.COUNT, "twenty - five"),
        ("one hundred and twenty - three", "123", Kind.COUNT, "one hundred and twenty - three"),
        ("the twenty - first straight month", "21", Kind.ORDINAL, "twenty - first"),
        # spoken decimals
        ("two point five million users", "2.5e6", Kind.COUNT, "two point five million"),
        ("thirty point five percent", "30.5", Kind.PERCENT, "thirty point five percent"),
        ("zero point five percent", "0.5", Kind.PERCENT, "zero point five percent"),
        # cents spoken after the whole amount
        ("twelve euros and fifty cents", "12.50", Kind.MONEY, "twelve euros and fifty cents"),
        ("5 dollars and 25 cents", "5.25", Kind.MONEY, "5 dollars and 25 cents"),
        ("half a million people", "5e5", Kind.COUNT, "half a million"),
        ("two and a half million users", "2.5e6", Kind.COUNT, "two and a half million"),
        ("it costs twenty bucks", "20", Kind.MONEY, "twenty bucks"),
    ],
)
def test_spoken_numbers(text: str, value: str, kind: Kind, figure: str) -> None:
    q = only(text)
    assert (q.value, q.kind, q.text) == (D(value), kind, figure)


def test_spoken_numbers_keep_their_precision() -> None:
    assert only("two point five million users").precision == D("1e5")
    money = only("twelve euros and fifty cents")
    assert (money.currency, money.precision) == ("EUR", D("0.01"))


@pytest.mark.parametrize(
    ("text", "value", "qualifier", "figure"),
    [
        ("a third of staff", "33.33", "about", "a third"),
        ("two-thirds of sales", "66.67", "about", "two-thirds"),
        ("half of revenue", "50", "about", "half"),
        ("more than half of the votes", "50", "more_than", "half"),
        ("nearly a quarter of all sales", "25", "nearly", "a quarter"),
        ("three-quarters of respondents", "75", "about", "three-quarters"),
    ],
)
def test_proportions_in_words(text: str, value: str, qualifier: str, figure: str) -> None:
    q = only(text)
    assert (q.value, q.kind, q.qualifier, q.text) == (D(value), Kind.PERCENT, qualifier, figure)


def test_quarters_as_periods_stay_counts() -> None:
    assert only("three quarters of growth").value == D(3)
    assert only("three quarters in a row").kind is Kind.COUNT


@pytest.mark.parametrize("text", ["won 5-4 at home", "a 10–7 lead overnight", "the 3-2 vote"])
def test_scores_are_not_figures(text: str) -> None:
    assert parse_quantities(text) == []


def test_a_range_written_downwards_is_still_read() -> None:
    assert only("between 3800-3700 BC").value == D(3800)


def test_noon_is_a_clock_time() -> None:
    assert parse_quantities("the show starts at 12 noon") == []


def test_direction_reaches_past_a_record() -> None:
    q = only("sales fell slightly to a record $1.6 billion")
    assert q.direction is Direction.DECREASE


def test_word_scale_and_precision() -> None:
    q = only("twenty-five thousand")
    assert (q.value, q.scale, q.precision) == (D(25000), 3, D(1000))


def test_count_and_ordinal_of_periods_read_the_same_number() -> None:
    count = only("eight consecutive quarters")
    ordinal = only("eighth consecutive quarter")
    assert (count.value, count.kind) == (D(8), Kind.COUNT)
    assert (ordinal.value, ordinal.kind) == (D(8), Kind.ORDINAL)


# --- Chinese ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "kind", "currency", "scale", "precision"),
    [
        ("333.98亿元", "33.398e9", Kind.MONEY, "CNY", 8, "1e6"),
        ("5万", "5e4", Kind.COUNT, None, 4, "1e4"),
        ("人民币100亿元", "100e8", Kind.MONEY, "CNY", 8, "1e8"),
        ("10亿美元", "1e9", Kind.MONEY, "USD", 8, "1e8"),
        ("3.2个百分点", "3.2", Kind.PERCENTAGE_POINTS, None, 0, "0.1"),
    ],
)
def test_chinese_figures(
    text: str, value: str, kind: Kind, currency: str | None, scale: int, precision: str
) -> None:
    q = only(text)
    assert (q.value, q.kind, q.currency, q.scale, q.precision, q.text) == (
        D(value),
        kind,
        currency,
        scale,
        D(precision),
        text,
    )


@pytest.mark.parametrize(
    ("text", "direction"),
    [
        ("增长26%", Direction.INCREASE),
        ("收入同比增长26%", Direction.INCREASE),
        ("上升26%", Direction.INCREASE),
        ("增加26%", Direction.INCREASE),
        ("下降26%", Direction.DECREASE),
        ("减少26%", Direction.DECREASE),
        ("下滑了26%", Direction.DECREASE),
    ],
)
def test_chinese_direction(text: str, direction: Direction) -> None:
    q = only(text)
    assert (q.kind, q.value, q.direction, q.text) == (Kind.PERCENT, D(26), direction, "26%")


def test_chinese_sentence() -> None:
    pct, money = parse_quantities("阿里云收入同比增长26%至333.98亿元。")
    assert (pct.value, pct.direction) == (D(26), Direction.INCREASE)
    assert (money.value, money.currency, money.direction) == (D("33398e6"), "CNY", None)


def test_chinese_qualifiers() -> None:
    assert only("约100亿元").qualifier == "about"
    assert only("超过5万").qualifier == "over"


@pytest.mark.parametrize("text", ["2025年8月29日", "第3季度"])
def test_chinese_dates_and_labels(text: str) -> None:
    assert parse_quantities(text) == []


# --- ranges, points, multiples ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "low", "high", "kind"),
    [
        ("10-12%", "10", "12", Kind.PERCENT),
        ("10% to 12%", "10", "12", Kind.PERCENT),
        ("10–12%", "10", "12", Kind.PERCENT),
        ("between 10% and 12%", "10", "12", Kind.PERCENT),
        ("between 5 and 7 million", "5e6", "7e6", Kind.COUNT),
        ("$5-7 billion", "5e9", "7e9", Kind.MONEY),
        ("12,000-15,000 jobs", "12000", "15000", Kind.COUNT),
    ],
)
def test_ranges(text: str, low: str, high: str, kind: Kind) -> None:
    q = only(text)
    assert (q.value, q.upper, q.kind) == (D(low), D(high), kind)


def test_between_range_precision_uses_the_shared_scale() -> None:
    q = only("between 5 and 7 million")
    assert (q.scale, q.precision, q.text) == (6, D("1e6"), "5 and 7 million")


@pytest.mark.parametrize(
    "text",
    [
        "rose from 5% to 7%",  # a change, not a range
        "grew 26% to 33.4 billion",  # different units
    ],
)
def test_not_ranges(text: str) -> None:
    found = parse_quantities(text)
    assert len(found) == 2
    assert all(q.upper is None for q in found)


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("800 basis points", "8", "0.01"),
        ("800 bps", "8", "0.01"),
        ("800bp", "8", "0.01"),
        ("50bps", "0.5", "0.01"),
        ("3 percentage points", "3", "1"),
        ("1 percentage point", "1", "1"),
        ("3 ppts", "3", "1"),
        ("3pp", "3", "1"),
    ],
)
def test_points(text: str, value: str, precision: str) -> None:
    q = only(text)
    assert (q.kind, q.value, q.precision, q.text) == (
        Kind.PERCENTAGE_POINTS,
        D(value),
        D(precision),
        text,
    )


@pytest.mark.parametrize(
    ("text", "value"), [("2x", "2"), ("2.5 times", "2.5"), ("3-fold", "3"), ("3.5×", "3.5")]
)
def test_multiples(text: str, value: str) -> None:
    q = only(text)
    assert (q.kind, q.value, q.text) == (Kind.MULTIPLE, D(value), text)


# --- qualifiers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "qualifier", "figure", "hedge"),
    [
        ("over 20%", "over", "20%", False),
        ("more than 100 stores", "more_than", "100", False),
        ("about $5 billion", "about", "$5 billion", True),
        ("roughly $5 billion", "about", "$5 billion", True),
        ("approximately 5%", "about", "5%", True),
        ("nearly 9%", "nearly", "9%", True),
        ("almost 9%", "almost", "9%", True),
        ("under 10", "under", "10", False),
        ("at least 3", "at_least", "3", False),
        ("up to 40%", "up_to", "40%", False),
        ("less than 5%", "less_than", "5%", False),
        ("no more than 5%", "at_most", "5%", False),
        ("~5%", "about", "5%", True),
    ],
)
def test_qualifiers(text: str, qualifier: str, figure: str, hedge: bool) -> None:
    q = only(text)
    assert (q.qualifier, q.text, q.qualifier is not None and q.qualifier.hedge) == (
        qualifier,
        figure,
        hedge,
    )


def test_up_to_is_a_qualifier_not_a_direction() -> None:
    assert only("up to 40%").direction is None


def test_qualifier_and_direction_together() -> None:
    q = only("revenue rose by more than 26%")
    assert (q.qualifier, q.direction) == ("more_than", Direction.INCREASE)


# --- things that are not figures --------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "2025",
        "in 2022 to 2025",
        "between 2020 and 2025",
        "the 2022-23 season",
        "FY2025",
        "fiscal 2024",
        "2025 employees",
        "the 1990s",
        "Aug 30, 2025",
        "Aug. 30",
        "30 August",
        "on 5th of May",
        "2025-08-29",
        "8/29/2025",
        "11:37 am",
        "at 5 pm",
        "Q1",
        "Q2 2025",
        "1QFY26",
        "3Q25",
        "H1",
        "1H 2025",
        "[3]",
        "[1][2]",
        "[1, 2]",
        "+1 (555) 123-4567",
        "555-123-4567",
        "call 555-1234",
        "Section 3.2",
        "§ 4",
        "Item 7A",
        "No. 5",
        "ranked #1",
        "Qwen2.5",
        "Qwen 2.5",
        "GPT-4",
        "COVID-19",
        "Windows 11",
        "3G and 5G networks",
        "ISBN 978-3-16-148410-0",
        "978-3-16-148410-0",
        "https://example.com/2025/08/report-26?id=5",
        "see www.example.com/page-5",
        "revenue grew3 and growth.4 and billion,2",
        "the 10-K and 401(k) plans",
        "S&P 500",
        "24/7 support and a 3:1 split",
        "1. Definitions.",
        "  2) Grant of licence",
        "the conditions are met: 1. Redistributions",
        "the MMC, (1) had no cover texts, and (2) were thus",
        "Boston, MA 02110-1301 USA",
        "agent 007",
        "see sections 2 and 3, and Notes 4, 5 or 6",
        "the requirement (section 4) applies",
    ],
)
def test_not_figures(text: str) -> None:
    assert parse_quantities(text) == []


@pytest.mark.parametrize(
    ("text", "figure", "value"),
    [
        ("to issue 500 new shares", "500", "500"),  # lower-case "issue" is a verb, not a label
        ("The company has 3. Next year it plans more.", "3", "3"),
        ("Section 4 says that 7 stores closed", "7", "7"),
        ("a net loss of (1,234) in the table", "(1,234)", "-1234"),
    ],
)
def test_near_misses_are_still_figures(text: str, figure: str, value: str) -> None:
    q = only(text)
    assert (q.text, q.value) == (figure, D(value))


@pytest.mark.parametrize(
    ("text", "value", "kind"),
    [
        ("$2025 million", "2025e6", Kind.MONEY),
        ("2,025 stores", "2025", Kind.COUNT),
        ("2025 yuan", "2025", Kind.MONEY),
        ("2025 million", "2025e6", Kind.COUNT),
        ("2025%", "2025", Kind.PERCENT),
    ],
)
def test_year_shaped_numbers_with_a_unit_are_figures(text: str, value: str, kind: Kind) -> None:
    q = only(text)
    assert (q.value, q.kind) == (D(value), kind)


def test_figure_next_to_a_date_survives() -> None:
    found = parse_quantities("On Aug 30, 2025, Alibaba said revenue rose 26% [3].")
    assert [q.text for q in found] == ["26%"]


# --- precision --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "precision"),
    [
        ("33.40 billion", "1e7"),
        ("33.4 billion", "1e8"),
        ("26%", "1"),
        ("1,234", "1"),
        ("$4.67 billion", "1e7"),
        ("RMB33,398 million", "1e6"),
    ],
)
def test_precision_is_the_step_of_the_last_digit(text: str, precision: str) -> None:
    assert only(text).precision == D(precision)


# --- direction --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "rose 26%",
        "grew 26%",
        "up 26%",
        "jumped 26%",
        "an increase of 26%",
        "26% increase",
        "26% growth",
        "a 26% year-over-year increase",
        "accelerating 26%",
        "Revenue Rose 26%",
    ],
)
def test_increase(text: str) -> None:
    assert only(text).direction is Direction.INCREASE


@pytest.mark.parametrize(
    "text",
    [
        "fell 14%",
        "declined 14%",
        "down 14%",
        "dropped 14%",
        "a 14% decline",
        "decreased by 14%",
        "14% lower",
        "-14%",
        "down nearly 14%",
    ],
)
def test_decrease(text: str) -> None:
    assert only(text).direction is Direction.DECREASE


@pytest.mark.parametrize("text", ["margin was up 3 points", "margin was up 3 pts"])
def test_points_alone_are_a_count_of_points(text: str) -> None:
    # "scored 25 points" is no percentage; the matcher meets "3 points" with "3 percentage points"
    q = only(text)
    assert (q.kind, q.value, q.unit, q.direction) == (Kind.COUNT, D(3), "point", Direction.INCREASE)


def test_direction_applies_to_the_nearest_figure_only() -> None:
    now, before = parse_quantities("Margin dipped to 8.0% from 9.9%.")
    assert (now.value, now.direction) == (D("8.0"), Direction.DECREASE)
    assert (before.value, before.direction) == (D("9.9"), None)


def test_direction_does_not_cross_a_figure() -> None:
    first, second = parse_quantities("Sales rose 5% and 26% of buyers were new")
    assert first.direction is Direction.INCREASE
    assert second.direction is None


def test_direction_does_not_cross_a_sentence() -> None:
    assert only("Sales rose. 26% of buyers were new").direction is None
    assert only("Sales were 26%. Decline followed").direction is None


def test_direction_word_cut_by_the_window_is_ignored() -> None:
    text = "x" * 30 + " it increased " + "y" * 40 + " 26%"
    assert only(text).direction is None


# --- parse_figure -----------------------------------------------------------------------------


def test_parse_figure_reads_one_figure() -> None:
    q = parse_figure("33.4 billion yuan")
    assert q is not None
    assert (q.value, q.currency, q.precision) == (D("33.4e9"), "CNY", D("1e8"))


def test_parse_figure_prefers_the_specific_figure() -> None:
    q = parse_figure("2 pairs from $349")
    assert q is not None and q.kind is Kind.MONEY
    first = parse_figure("33.4 billion yuan ($4.67 billion)")
    assert first is not None and first.currency == "CNY"


def test_parse_figure_words_and_ordinals() -> None:
    count = parse_figure("eight consecutive quarters")
    ordinal = parse_figure("eighth")
    assert count is not None and ordinal is not None
    assert (count.kind, ordinal.kind) == (Kind.COUNT, Kind.ORDINAL)
    assert count.value == ordinal.value == D(8)


def test_parse_figure_is_lenient_when_the_strict_rules_find_nothing() -> None:
    year = parse_figure("2025")
    assert year is not None and year.value == D(2025)
    one = parse_figure("one")
    assert one is not None and one.value == D(1)


def test_parse_figure_currency_hints() -> None:
    yen = parse_figure("¥500 billion (JPY)")
    assert yen is not None and yen.currency == "JPY"
    cny = parse_figure("¥500 billion")
    assert cny is not None and cny.currency == "CNY"
    hkd = parse_figure("$10 (HKD)")
    assert hkd is not None and hkd.currency == "HKD"
    usd = parse_figure("US$10")
    assert usd is not None and usd.currency == "USD"
    not_cad = parse_figure("$5 billion cadence")
    assert not_cad is not None and not_cad.currency == "USD"
    spaced = parse_figure("$10 (Hong  Kong dollars)")
    assert spaced is not None and spaced.currency == "HKD"


@pytest.mark.parametrize("text", ["", "no figure here", "Q1"])
def test_parse_figure_none(text: str) -> None:
    assert parse_figure(text) is None


# --- scale notes ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(in millions)", (6, None)),
        ("RMB in millions, except per share data", (6, "CNY")),
        ("in thousands of US dollars", (3, "USD")),
        ("(US$ in billions)", (9, "USD")),
        ("(in US$ millions)", (6, "USD")),
        ("(in millions of RMB)", (6, "CNY")),
        ("Dollars in thousands", (3, "USD")),
        ("In millions, except per share amounts", (6, None)),
        ("(Expressed in thousands of Canadian dollars)", (3, "CAD")),
        ("(RMB'000)", (3, "CNY")),
        ("US$’000", (3, "USD")),
        ("(€m)", (6, "EUR")),
        ("(HK$ million)", (6, "HKD")),
        ("人民币百万元", (6, "CNY")),
        ("单位：百万元", (6, "CNY")),
        ("单位：千元", (3, "CNY")),
        ("单位：百万美元", (6, "USD")),
        ("单位：元", (0, "CNY")),
        ("Revenue was 5 million", None),
        ("人民币100亿元", None),
        ("no note", None),
    ],
)
def test_parse_scale_note(text: str, expected: tuple[int, str | None] | None) -> None:
    assert parse_scale_note(text) == expected


# --- whole-text behaviour ---------------------------------------------------------------------


def test_results_are_ordered_and_do_not_overlap() -> None:
    text = (
        "In the quarter ended June 30, 2025, revenue rose 26% to RMB33,398 million "
        "(US$4,662 million), the eighth consecutive quarter of growth, and margins "
        "expanded 800 basis points; the company has over 5,000 employees in 12 countries [4]."
    )
    found = parse_quantities(text)
    assert [q.text for q in found] == [
        "26%",
        "RMB33,398 million",
        "US$4,662 million",
        "eighth",
        "800 basis points",
        "5,000",
        "12",
    ]
    ends = [q.span for q in found]
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(ends))
    assert all(text[q.span[0] : q.span[1]] == q.text for q in found)


# --- properties -------------------------------------------------------------------------------

_SCALES = [("", 0), (" million", 6), (" billion", 9), ("bn", 9), (" bn", 9), ("B", 9), ("m", 6)]
_CURRENCIES = [
    ("$", "", "USD"),
    ("US$", "", "USD"),
    ("RMB", "", "CNY"),
    ("RMB ", "", "CNY"),
    ("", " yuan", "CNY"),
    ("€", "", "EUR"),
    ("CNY ", "", "CNY"),
]
_PERCENTS = ["%", " percent", " per cent", "pc"]


@st.composite
def written_quantities(draw: st.DrawFn) -> tuple[str, Decimal, Kind, str | None, Decimal]:
    integer = draw(st.integers(0, 9_999_999))
    decimals = draw(st.integers(0, 3))
    fraction = f".{draw(st.integers(0, 10**decimals - 1)):0{decimals}d}" if decimals else ""
    # grouped digits, so no bare integer is ever year-shaped
    digits = f"{integer:,}{fraction}"
    number = Decimal(f"{integer}{fraction}")
    style = draw(st.sampled_from(["count", "money", "percent"]))
    if style == "percent":
        text = digits + draw(st.sampled_from(_PERCENTS))
        return text, number, Kind.PERCENT, None, Decimal(1).scaleb(-decimals)
    word, scale = draw(st.sampled_from(_SCALES))
    value, precision = number.scaleb(scale), Decimal(1).scaleb(scale - decimals)
    if style == "count":
        return digits + word, value, Kind.COUNT, None, precision
    prefix, suffix, currency = draw(st.sampled_from(_CURRENCIES))
    return prefix + digits + word + suffix, value, Kind.MONEY, currency, precision


@settings(max_examples=200, deadline=None)
@given(written_quantities())
def test_round_trip_in_a_sentence(case: tuple[str, Decimal, Kind, str | None, Decimal]) -> None:
    figure, value, kind, currency, precision = case
    sentence = f"Revenue was {figure} in the quarter."
    q = only(sentence)
    assert (q.value, q.kind, q.currency, q.precision) == (value, kind, currency, precision)
    assert q.span == (12, 12 + len(figure))
    assert q.text == figure
    assert (q.qualifier, q.direction, q.upper) == (None, None, None)
    alone = parse_figure(figure)
    assert alone is not None
    assert (alone.value, alone.kind, alone.currency, alone.precision) == (
        value,
        kind,
        currency,
        precision,
    )
    assert alone.span == (0, len(figure))


@settings(max_examples=200, deadline=None)
@given(written_quantities(), written_quantities())
def test_two_figures_keep_their_order_and_spans(
    first: tuple[str, Decimal, Kind, str | None, Decimal],
    second: tuple[str, Decimal, Kind, str | None, Decimal],
) -> None:
    text = f"Revenue was {first[0]}, and profit was {second[0]}."
    a, b = parse_quantities(text)
    assert (a.text, a.value, b.text, b.value) == (first[0], first[1], second[0], second[1])


@settings(max_examples=100, deadline=None)
@given(st.integers(1900, 2100), st.sampled_from(["in {}", "FY{}", "fiscal {}", "{}-08-29"]))
def test_years_are_never_figures(year: int, template: str) -> None:
    assert parse_quantities(template.format(year)) == []


_PIECES = st.sampled_from(
    [
        "1", "23", "4,567", ".", ",", "-", "−", "–", "(", ")", "%", " ", "$", "US$", "¥", "RMB",
        "yuan", " million", "bn", "B", "m", "x", "亿", "万", "元", "增长", "约", "over ", "rose ",
        " to ", " and ", "between ", "from ", "two", "eighth", " consecutive", "a ", "hundred",
        "one", "minus ", "[", "]", "/", ":", "2025", "Q", "Section ", "\n", "bps", "pc", "Aug ",
        "0", "~", "in millions", "单位：", "百万",
    ]
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.lists(_PIECES, max_size=25).map("".join))
def test_any_text_gives_consistent_spans(text: str) -> None:
    last = 0
    for q in parse_quantities(text):
        assert text[q.span[0] : q.span[1]] == q.text
        assert last <= q.span[0] < q.span[1]
        assert q.upper is None or q.value <= q.upper
        last = q.span[1]
    parse_figure(text)
    parse_scale_note(text)


def test_a_year_before_to_and_a_figure_is_not_a_range() -> None:
    text = "revenue accelerating 26% year-over-year in Q1 2025 to 33.4 billion yuan ($4.67 billion)"
    found = [(q.text, q.kind, q.value) for q in parse_quantities(text)]
    assert [t for t, _, _ in found] == ["26%", "33.4 billion yuan", "$4.67 billion"]
    assert found[1][2] == Decimal("33400000000")


@pytest.mark.parametrize("verb", ["passed", "surpassed", "topped", "exceeded"])
def test_verbs_of_passing_a_mark_make_a_lower_bound(verb: str) -> None:
    (q,) = parse_quantities(f"paying customers {verb} 41,000 in the quarter")
    assert (q.value, q.qualifier) == (Decimal("41000"), "over")


# --- readings added with the matcher's paraphrase support -------------------------------------


@pytest.mark.parametrize(
    ("text", "figure", "value", "kind"),
    [
        ("each ticket cost eight dot forty euros", "eight dot forty euros", "8.40", Kind.MONEY),
        ("a fee of two point fifteen dollars", "two point fifteen dollars", "2.15", Kind.MONEY),
        ("rates of eight point five percent", "eight point five percent", "8.5", Kind.PERCENT),
        ("crowds of 2,000+ gathered", "2,000+", "2000", Kind.COUNT),
        ("paid (in cash)$150,000 for it", "$150,000", "150000", Kind.MONEY),
        ("a 5year contract", "5year", "5", Kind.COUNT),
        ("struck at a depth of 15.5km", "15.5km", "15.5", Kind.COUNT),
        ("one in 12 drivers", "one", "1", Kind.COUNT),
        ("Barcelona bid £ 50 m for him", "£ 50 m", "50000000", Kind.MONEY),
        ("AGE: 27. CLUBS: Rayo", "27", "27", Kind.COUNT),
    ],
)
def test_readings_the_parser_used_to_miss(text: str, figure: str, value: str, kind: Kind) -> None:
    q = parse_quantities(text)[0]
    assert (q.text, q.value, q.kind) == (figure, D(value), kind)


def test_a_plus_after_a_number_is_a_lower_bound() -> None:
    assert only("crowds of 2,000+ gathered").qualifier == "over"
    assert [q.text for q in parse_quantities("2+2 is 4")] == ["2", "2", "4"]


def test_a_unit_glued_to_a_number_is_kept_and_ends_a_range_only_if_shared() -> None:
    assert only("a depth of 15.5km").unit == "km"
    assert only("5-7km walks").upper == D(7) and only("5-7km walks").unit == "km"
    found = parse_quantities("widened by 2 points to 41%")
    assert [(q.text, q.upper) for q in found] == [("2 points", None), ("41%", None)]
    assert parse_quantities("the 5G network") == []  # letters that are no unit make a code


def test_one_is_a_figure_only_in_a_proportion() -> None:
    assert [q.text for q in parse_quantities("one in 12 truckies")] == ["one", "12"]
    assert [q.text for q in parse_quantities("one out of every five")] == ["one", "five"]
    assert parse_quantities("one of the biggest") == []


def test_a_range_with_a_grouped_high_end_is_no_phone_number() -> None:
    q = only("brains of 800–1,100 cubic centimetres")
    assert (q.value, q.upper) == (D(800), D(1100))
    assert parse_quantities("call 555-1234") == []


def test_a_list_number_mid_line_is_a_marker_only_in_a_short_list() -> None:
    assert [q.text for q in parse_quantities("the terms are met: 1. Scope")] == []
    assert only("AGE: 27. CLUBS").value == D(27)
