"""The decision table: for every rule one case it decides and one it must leave alone, and every
threshold at its edge (the rule holds at the measured score and not a hair above it).

The source is a results update written for these tests (tests/fixtures/sources/
quarterly-update.txt); claims are placed at their offset, as figures parsed from claim text are.
"""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

import pytest

from claimcheck.extract import Document, extract
from claimcheck.match import RULES, SourceIndex, build_index, claimed_figure, explain, match_figure
from claimcheck.match.claimed import Claimed
from claimcheck.match.rules import Facts
from claimcheck.match.thresholds import T, Thresholds
from claimcheck.model.claims import Claim, Figure
from claimcheck.model.results import FigureResult, Verdict

SOURCE = Path(__file__).parents[1] / "fixtures" / "sources" / "quarterly-update.txt"


@pytest.fixture(scope="module")
def update() -> SourceIndex:
    doc = extract(SOURCE.read_bytes(), "text/plain; charset=utf-8")
    assert isinstance(doc, Document)
    return build_index(doc)


def figure(text: str, value: str, about: str | None = None, nth: int = 0) -> Claimed:
    position = -1
    for _ in range(nth + 1):
        position = text.index(value, position + 1)
    claim = Claim(id="c", text=text, line=1, sources=("1",))
    claimed = claimed_figure(Figure(value=value, line=1, about=about), claim, position)
    assert claimed is not None
    return claimed


def verdict(
    index: SourceIndex, text: str, value: str, t: Thresholds = T, nth: int = 0, **kw: str
) -> tuple[str, FigureResult]:
    claimed = figure(text, value, nth=nth, **kw)
    result = match_figure(claimed, index, "1", None, t)
    if result.span is not None:  # evidence always points into the extracted text
        assert index.document.text[result.span[0] : result.span[1]] == result.found
    return explain(claimed, index, t), result


def above(x: float) -> float:
    return math.nextafter(x, math.inf)


def test_every_rule_says_what_it_decides() -> None:
    names = [r.name for r in RULES]
    assert len(names) == len(set(names))
    assert all(r.doc for r in RULES), [r.name for r in RULES if not r.doc]


# -- one case each way per rule -----------------------------------------------------------------


def test_literal(update: SourceIndex) -> None:
    rule, r = verdict(update, "Northwind's support desk is open 24/7.", "24")
    assert (rule, r.verdict, r.found) == ("literal", Verdict.SUPPORTED, "24/7")
    rule, r = verdict(update, "Northwind's warehouse runs 9/5 shifts.", "9")
    assert rule != "literal" and r.verdict is Verdict.UNSUPPORTED


def test_swapped(update: SourceIndex) -> None:
    swapped = "Northwind plans to open over 80 stores, with over 200 of them in Texas, by 2027."
    rule, r = verdict(update, swapped, "80")
    assert (rule, r.verdict, r.reason, r.found) == (
        "swapped",
        Verdict.CONTRADICTED,
        "swapped",
        "200",
    )
    right = "Northwind plans to open over 200 stores, with over 80 of them in Texas, by 2027."
    rule, r = verdict(update, right, "80")
    assert (rule, r.verdict) == ("supported", Verdict.SUPPORTED)


def test_displaced_by_the_figure_of_the_right_segment(update: SourceIndex) -> None:
    # the seed article's failure: a segment's growth rate given for the group
    rule, r = verdict(update, "Northwind Group revenue rose 26%.", "26%", about="group revenue")
    assert (rule, r.verdict, r.found) == ("displaced", Verdict.CONTRADICTED, "2%")
    rule, r = verdict(
        update, "Cloud revenue rose 26% year-over-year.", "26%", about="cloud revenue"
    )
    assert (rule, r.verdict) == ("supported", Verdict.SUPPORTED)


def test_supported_reasons(update: SourceIndex) -> None:
    _, exact = verdict(update, "Cloud revenue reached $3.3 billion.", "$3.3 billion")
    _, rounded = verdict(update, "The group employs 48 thousand people.", "48 thousand")
    assert (exact.verdict, exact.reason) == (Verdict.SUPPORTED, "exact")
    assert (rounded.verdict, rounded.reason) == (Verdict.SUPPORTED, "exact")  # 48,000 = 48e3
    _, rounded = verdict(update, "The cloud operating margin was 16% in the quarter.", "16%")
    assert (rounded.verdict, rounded.reason) == (Verdict.SUPPORTED, "rounded")


def test_within_range(update: SourceIndex) -> None:
    text = "The cloud unit's operating margin was 15-17% in the second quarter."
    claim = Claim(id="c", text=text, line=1, sources=("1",))
    whole = claimed_figure(Figure(value="15-17%", line=1, about="cloud operating margin"), claim)
    assert whole is not None
    r = match_figure(whole, update, "1", None)
    assert (explain(whole, update), r.verdict, r.found) == (
        "within_range",
        Verdict.SUPPORTED,
        "16.2%",
    )
    # a claimed range that misses the value a passage clearly about it states is contradicted
    off = claimed_figure(Figure(value="40-45%", line=1, about="cloud operating margin"), claim)
    assert off is not None
    r = match_figure(off, update, "1", None)
    assert (explain(off, update), r.verdict, r.found) == (
        "different_value",
        Verdict.CONTRADICTED,
        "16.2%",
    )


def test_approximate(update: SourceIndex) -> None:
    rule, r = verdict(update, "The group bought back $4.67 billion of its shares.", "$4.67 billion")
    assert (rule, r.verdict, r.reason) == ("approximate", Verdict.APPROXIMATE, "within_tolerance")
    rule, r = verdict(update, "The group bought back $4.7 billion of its shares.", "$4.7 billion")
    assert (r.verdict, r.reason) == (Verdict.SUPPORTED, "rounded")


def test_opposite_bound(update: SourceIndex) -> None:
    text = "Northwind plans to open fewer than 200 stores by 2027."
    rule, r = verdict(update, text, "200")
    assert (rule, r.verdict, r.reason) == ("opposite_bound", Verdict.CONTRADICTED, "opposite_bound")
    rule, r = verdict(update, "Northwind plans to open over 200 stores by 2027.", "200")
    assert r.verdict is Verdict.SUPPORTED


def test_direction(update: SourceIndex) -> None:
    rule, r = verdict(update, "Logistics revenue rose 5% in the quarter.", "5%")
    assert (rule, r.verdict, r.reason) == ("direction", Verdict.CONTRADICTED, "direction")
    rule, r = verdict(update, "Logistics revenue fell 5% in the quarter.", "5%")
    assert r.verdict is Verdict.SUPPORTED


def test_unit_mismatch(update: SourceIndex) -> None:
    rule, r = verdict(update, "Gross margin widened by 2% to 41%.", "2%")
    assert (rule, r.verdict, r.reason) == ("unit_mismatch", Verdict.CONTRADICTED, "unit_mismatch")
    rule, r = verdict(update, "Gross margin widened by 2 points to 41%.", "2 points")
    assert r.verdict is Verdict.SUPPORTED  # "2 points" meets "2 percentage points"


def test_scale_slip(update: SourceIndex) -> None:
    rule, r = verdict(update, "The group repaid $5 million of bonds.", "$5 million")
    assert (rule, r.verdict, r.reason) == ("scale_slip", Verdict.CONTRADICTED, "scale_slip")
    _, r = verdict(update, "The group repaid $5 billion of bonds.", "$5 billion")
    assert r.verdict is Verdict.SUPPORTED


def test_different_value_says_what_the_source_states(update: SourceIndex) -> None:
    text = "The cloud unit's operating margin was 18.5% in the second quarter."
    rule, r = verdict(update, text, "18.5%")
    assert (rule, r.verdict, r.found) == ("different_value", Verdict.CONTRADICTED, "16.2%")
    assert r.detail == "the source states 16.2% for this, not 18.5%"


def test_found_elsewhere_and_not_found(update: SourceIndex) -> None:
    # "12" stands in the source only for the halls of a data centre
    rule, r = verdict(update, "Northwind won 12 awards for its annual report.", "12")
    assert (rule, r.verdict, r.reason) == (
        "found_elsewhere",
        Verdict.UNSUPPORTED,
        "found_elsewhere",
    )
    rule, r = verdict(update, "Northwind won 17 awards for its annual report.", "17")
    assert (rule, r.verdict, r.reason) == ("not_found", Verdict.UNSUPPORTED, "not_found")


# -- what never counts as evidence either way ---------------------------------------------------


def test_a_count_of_other_things_never_contradicts(update: SourceIndex) -> None:
    # "12 halls" says nothing against "9 data centres"
    _, r = verdict(update, "The new data centre in Oslo is one of 9 data centres.", "9")
    assert r.verdict is Verdict.UNSUPPORTED and r.reason == "not_found"


def test_someone_elses_age_never_contradicts(update: SourceIndex) -> None:
    # Tomas Lind is 39; the claim is about Ms Rivera, and no age of hers is given for 40
    _, r = verdict(update, "Ms Rivera, 44, leads the cloud unit.", "44")
    assert r.verdict is Verdict.SUPPORTED
    _, r = verdict(update, "Ms Rivera, at 44, leads the cloud unit.", "44")
    assert r.verdict is Verdict.SUPPORTED and r.found == "44"
    _, r = verdict(update, "Ana Rivera, 40, leads the cloud unit.", "40")
    assert r.verdict is Verdict.CONTRADICTED and r.found == "44"
    _, r = verdict(update, "Petra Holm, 40, will run the new data centre in Oslo.", "40")
    assert r.found != "39"  # Tomas Lind's age is not Petra Holm's


def test_another_periods_value_never_supports_nor_contradicts(update: SourceIndex) -> None:
    # 14.9% is the first quarter's margin; the claim gives it for the second
    text = "The cloud unit's operating margin was 14.9% in the second quarter."
    _, r = verdict(update, text, "14.9%")
    assert r.verdict is Verdict.CONTRADICTED and r.found == "16.2%"
    _, r = verdict(
        update, "The cloud unit's operating margin was 14.9% in the first quarter.", "14.9%"
    )
    assert r.verdict is Verdict.SUPPORTED


# -- thresholds at their edges ------------------------------------------------------------------


def test_support_threshold_edge(update: SourceIndex) -> None:
    text = "Northwind's volunteers planted 3 parks."
    claimed = figure(text, "3")
    hit = Facts(claimed, update).match
    assert hit is not None
    at = replace(T, support=(hit.fit,) * 4)
    past = replace(T, support=(above(hit.fit),) * 4)
    assert match_figure(claimed, update, "1", None, at).verdict is Verdict.SUPPORTED
    assert explain(claimed, update, past) == "found_elsewhere"


def test_specificity_bonuses_lower_the_bar(update: SourceIndex) -> None:
    facts = Facts(figure("Northwind repaid $5 billion of bonds.", "$5 billion"), update)
    hit = facts.match
    assert hit is not None
    plain = facts.threshold(hit)
    more = Facts(facts.claimed, update, replace(T, money_specificity=T.money_specificity + 1))
    assert more.threshold(hit) < plain
    counted = Facts(figure("Northwind's volunteers planted 3 parks.", "3"), update)
    hit = max(counted.agreeing, key=lambda s: s.fit)
    assert hit.counted.value == "same"
    fewer = Facts(counted.claimed, update, replace(T, counted_specificity=0))
    assert fewer.threshold(hit) > counted.threshold(hit)


def test_contradict_threshold_edge(update: SourceIndex) -> None:
    text = "The cloud unit's operating margin was 18.5% in the second quarter."
    claimed = figure(text, "18.5%")
    rival = max(Facts(claimed, update).rivals, key=lambda s: s.topic)
    no_near_route = {"contradict_fit": 99.0}
    at = replace(T, contradict=rival.topic, **no_near_route)
    past = replace(T, contradict=above(rival.topic), **no_near_route)
    assert explain(claimed, update, at) == "different_value"
    assert explain(claimed, update, past) == "not_found"


def test_contradict_by_neighbouring_words_edge(update: SourceIndex) -> None:
    text = "The cloud unit's operating margin was 18.5% in the second quarter."
    claimed = figure(text, "18.5%")
    rival = max(Facts(claimed, update).rivals, key=lambda s: s.fit)
    base = {"contradict": 99.0, "contradict_near": rival.near}
    assert explain(claimed, update, replace(T, contradict_fit=rival.fit, **base)) == (
        "different_value"
    )
    assert explain(claimed, update, replace(T, contradict_fit=above(rival.fit), **base)) == (
        "not_found"
    )
    near_past = replace(
        T, contradict=99.0, contradict_fit=rival.fit, contradict_near=above(rival.near)
    )
    assert explain(claimed, update, near_past) == "not_found"


def test_displace_margin_edge(update: SourceIndex) -> None:
    claimed = figure("Northwind Group revenue rose 26%.", "26%", about="group revenue")
    facts = Facts(claimed, update)
    hit = facts.match
    far = max(
        (r for r in facts.rivals if r.cand.passage != hit.cand.passage), key=lambda r: r.topic
    )
    margin = far.topic - hit.topic
    assert explain(claimed, update, replace(T, displace_margin=margin)) == "displaced"
    assert explain(claimed, update, replace(T, displace_margin=above(margin))) == "supported"


def test_swap_margin_edge(update: SourceIndex) -> None:
    text = "Northwind plans to open over 80 stores, with over 200 of them in Texas, by 2027."
    claimed = figure(text, "80")
    facts = Facts(claimed, update)
    hit = facts.match
    other = next(s for s in facts.scored if s.cand.quantity.text == "200")
    margin = other.near - hit.near
    assert explain(claimed, update, replace(T, swap_margin=margin)) == "swapped"
    assert explain(claimed, update, replace(T, swap_margin=above(margin))) == "supported"


def test_one_shared_word_is_no_evidence_of_the_same_subject(update: SourceIndex) -> None:
    # the store-opening sentence shares only "open" with the claim: 80 says nothing of regions
    _, r = verdict(update, "Customer support is open in 3 regions.", "3")
    assert r.verdict is Verdict.UNSUPPORTED and r.found != "80"
    # "rose" is all that "Staff numbers rose 5%" shares with "Cloud revenue rose 26%"
    _, r = verdict(update, "Staff numbers rose 5%.", "5%")
    assert r.verdict is not Verdict.CONTRADICTED


def test_a_value_that_stands_in_the_source_needs_a_clear_passage_against_it(
    update: SourceIndex,
) -> None:
    # $5 billion is in the source (the bonds repaid); the revenue sentence shares "Northwind"
    # and sits next to the name as the claim does, which is not enough to say "$10.1 billion"
    rule, r = verdict(update, "Northwind paid $5 billion.", "$5 billion")
    assert (rule, r.verdict, r.found) == ("found_elsewhere", Verdict.UNSUPPORTED, "$5 billion")


def test_a_bare_number_is_no_scale_slip_of_money(update: SourceIndex) -> None:
    # "3" against "$3.3 billion" is no millions-for-billions slip
    _, r = verdict(update, "Enterprise customers moved 3 workloads to the platform.", "3")
    assert r.reason != "scale_slip"


# -- cases near the thresholds: a third either way flips them (bench/threshold_mutants.py) -------


@pytest.mark.parametrize(
    ("text", "value", "expected", "found"),
    [
        # the support bar for a one-digit percentage: "costs" are not the group's revenue ...
        ("Costs were up 2%.", "2%", Verdict.UNSUPPORTED, "2%"),
        # ... while "sales up on last year" restates "revenue up 2% from a year earlier"
        ("Sales were up 2% on last year.", "2%", Verdict.SUPPORTED, "2%"),
        # what the source states instead, by its neighbouring words (contradict_fit/near)
        ("Northwind repaid $6 billion.", "$6 billion", Verdict.CONTRADICTED, "$5 billion"),
        # the stores sentence: 80 in Texas, not 90 (near_weight, closest_band)
        ("Over 90 of the new stores will be in Texas.", "90", Verdict.CONTRADICTED, "80"),
    ],
)
def test_cases_near_the_thresholds(
    update: SourceIndex, text: str, value: str, expected: Verdict, found: str
) -> None:
    _, r = verdict(update, text, value)
    assert (r.verdict, r.found) == (expected, found)


def test_counts_in_other_units_are_other_quantities(update: SourceIndex) -> None:
    # the source's 12 is halls; "12 months" and "12 days" are no paraphrase of each other
    text = "Northwind built the Oslo centre with 12 halls in 12 months."
    assert verdict(update, text, "12")[1].verdict is Verdict.SUPPORTED
    _, months = verdict(update, text, "12", nth=1)
    assert months.verdict is Verdict.UNSUPPORTED and months.reason == "not_found"


def test_a_unit_written_out_is_the_unit_abbreviated() -> None:
    doc = extract(b"The train ran at 600 kilometres per hour on the test track.", "text/plain")
    assert isinstance(doc, Document)
    index = build_index(doc)
    _, r = verdict(index, "The test train ran above 600 km per hour.", "600")
    assert (r.verdict, r.found) == (Verdict.SUPPORTED, "600")
