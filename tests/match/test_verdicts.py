"""The matcher: every verdict a reviewer relies on, against pages written like real sources."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimcheck.extract import Document, extract
from claimcheck.match import SourceIndex, build_index, claimed_figure, match_figure
from claimcheck.model.claims import Claim, Figure, Tolerance
from claimcheck.model.results import FigureResult, Verdict

SOURCES = Path(__file__).parents[1] / "fixtures" / "sources"


def index_of(name: str, content_type: str = "text/html") -> SourceIndex:
    doc = extract((SOURCES / name).read_bytes(), content_type)
    assert isinstance(doc, Document), doc
    return build_index(doc)


@pytest.fixture(scope="module")
def release() -> SourceIndex:
    return index_of("release.html")


@pytest.fixture(scope="module")
def news() -> SourceIndex:
    return index_of("news.html")


def check(
    index: SourceIndex,
    value: str,
    about: str | None,
    text: str,
    change: str | None = None,
    tolerance: str | None = None,
) -> FigureResult:
    figure = Figure(
        value=value,
        line=3,
        about=about,
        change=change,
        tolerance=Tolerance.parse(tolerance) if tolerance else None,
    )
    claim = Claim(id="c", text=text, line=1, sources=("1",))
    claimed = claimed_figure(figure, claim)
    assert claimed is not None
    result = match_figure(claimed, index, "1", "https://example.test/release")
    if result.verdict is not Verdict.UNSUPPORTED or result.found:
        # evidence always points into the extracted text
        assert result.span is not None and result.evidence_span is not None
        text_ = index.document.text
        assert text_[result.span[0] : result.span[1]] == result.found
        assert text_[result.evidence_span[0] : result.evidence_span[1]] == result.evidence
        assert len(result.evidence or "") <= 300
    return result


CLOUD = "Lantern's cloud revenue grew 31% to 21.9 billion yuan ($3.07 billion) in the quarter"


def test_rounded_money_in_another_scale_is_supported(release: SourceIndex) -> None:
    r = check(release, "21.9 billion yuan", "cloud revenue", CLOUD)
    assert (r.verdict, r.reason) == (Verdict.SUPPORTED, "rounded")
    assert r.found == "RMB21,874 million"
    assert "Revenue from Lantern Cloud" in (r.evidence or "")
    assert r.source == "1" and r.url == "https://example.test/release" and r.line == 3


def test_percent_with_direction_is_supported_exactly(release: SourceIndex) -> None:
    r = check(release, "31%", "cloud revenue growth year-over-year", CLOUD, change="increase")
    assert (r.verdict, r.reason, r.found) == (Verdict.SUPPORTED, "exact", "31%")
    assert r.score is not None and r.score >= 0.45


def test_converted_dollars_off_in_the_last_digit_are_approximate(release: SourceIndex) -> None:
    ok = check(release, "$3.07 billion", "cloud revenue", CLOUD)
    assert (ok.verdict, ok.found) == (Verdict.SUPPORTED, "US$3,072 million")
    near = check(release, "$3.08 billion", "cloud revenue", CLOUD.replace("3.07", "3.08"))
    assert (near.verdict, near.reason) == (Verdict.APPROXIMATE, "within_tolerance")
    assert near.found == "US$3,072 million"


def test_per_figure_tolerance_narrows_approximate(release: SourceIndex) -> None:
    r = check(
        release, "$3.08 billion", "cloud revenue", CLOUD.replace("3.07", "3.08"), tolerance="0.1%"
    )
    assert r.verdict is Verdict.CONTRADICTED
    assert r.found == "US$3,072 million"


def test_a_different_margin_is_contradicted_with_what_the_source_says(release: SourceIndex) -> None:
    text = "The cloud unit's adjusted EBITA margin slipped to 8.0% from 9.9% a year earlier"
    r = check(release, "8.0%", "cloud adjusted EBITA margin", text)
    assert (r.verdict, r.reason, r.found) == (Verdict.CONTRADICTED, "different_value", "9.0%")
    assert "9.0%" in r.detail and "8.0%" in r.detail
    prior = check(release, "9.9%", "cloud adjusted EBITA margin a year earlier", text)
    assert (prior.verdict, prior.found) == (Verdict.SUPPORTED, "9.9%")


def test_opposite_direction_is_contradicted(release: SourceIndex) -> None:
    text = "Adjusted EBITA of the marketplace rose 12% year-over-year"
    r = check(release, "12%", "marketplace adjusted EBITA", text, change="increase")
    assert (r.verdict, r.reason, r.found) == (Verdict.CONTRADICTED, "direction", "12%")
    assert "decrease" in r.detail


def test_a_factor_of_a_thousand_is_a_scale_slip(release: SourceIndex) -> None:
    text = "Lantern Cloud revenue reached 21.9 million yuan"
    r = check(release, "21.9 million yuan", "cloud revenue", text)
    assert (r.verdict, r.reason) == (Verdict.CONTRADICTED, "scale_slip")
    assert r.found == "RMB21,874 million"


def test_table_cells_take_the_tables_unit_note(release: SourceIndex) -> None:
    text = "A year earlier Lantern Cloud revenue was 16.7 billion yuan"
    r = check(release, "16.7 billion yuan", "Lantern Cloud revenue September 30, 2025", text)
    assert (r.verdict, r.reason, r.found) == (Verdict.SUPPORTED, "rounded", "16,698")
    assert "in millions of RMB" in r.detail


def test_another_segments_figure_in_a_table_is_contradicted(release: SourceIndex) -> None:
    text = "Logistics revenue rose 6% year-over-year"
    r = check(release, "6%", "logistics revenue growth", text, change="increase")
    assert (r.verdict, r.found) == (Verdict.CONTRADICTED, "3%")


def test_count_and_ordinal_compare_as_periods(release: SourceIndex) -> None:
    text = "AI product revenue grew at a triple-digit pace for eight consecutive quarters"
    r = check(release, "eight consecutive quarters", "consecutive quarters of AI growth", text)
    assert (r.verdict, r.found) == (Verdict.CONTRADICTED, "sixth")
    same = check(
        release,
        "six consecutive quarters",
        "consecutive quarters of AI growth",
        text.replace("eight", "six"),
    )
    assert same.verdict is Verdict.SUPPORTED


def test_qualified_claims_against_a_source_bound(release: SourceIndex) -> None:
    # the source says "more than 25%"
    text = "AI products made up over 25% of external cloud revenue"
    same = check(release, "over 25%", "AI share of external cloud revenue", text)
    assert (same.verdict, same.reason, same.found) == (Verdict.SUPPORTED, "exact", "25%")
    # a different bound restates the source with a changed number: a reviewer must see it
    other = check(release, "over 20%", "AI share of external cloud revenue", text)
    assert (other.verdict, other.found) == (Verdict.CONTRADICTED, "25%")


def test_a_qualified_claim_is_met_by_a_plain_value(release: SourceIndex) -> None:
    text = "Cloud revenue grew more than 30% year-over-year"
    r = check(release, "more than 30%", "cloud revenue growth", text, change="increase")
    assert (r.verdict, r.reason, r.found) == (Verdict.SUPPORTED, "bound", "31%")


def test_value_only_in_an_unrelated_passage_is_found_elsewhere(release: SourceIndex) -> None:
    text = "Employee headcount grew 19% over the year"
    r = check(release, "19%", "employee headcount growth", text)
    assert (r.verdict, r.reason) == (Verdict.UNSUPPORTED, "found_elsewhere")
    assert r.found == "19%" and "EBITA" in (r.evidence or "")


def test_a_figure_the_source_does_not_state_is_not_found(release: SourceIndex) -> None:
    r = check(release, "5,200 employees", "employee headcount", "Lantern employs 5,200 people")
    assert (r.verdict, r.reason) == (Verdict.UNSUPPORTED, "not_found")
    assert r.found is None and r.evidence is None


def test_a_figure_not_found_quotes_the_closest_passage_weighed(release: SourceIndex) -> None:
    text = "Logistics adjusted EBITA was RMB3,000 million"
    r = check(release, "RMB3,000 million", "Logistics adjusted EBITA", text)
    assert (r.verdict, r.reason) == (Verdict.UNSUPPORTED, "not_found")
    # no value is "found": the passage is there for the reviewer, not as evidence
    assert r.found is None and r.span is None
    assert r.evidence is not None and r.evidence.startswith("Adjusted EBITA of Lantern Cloud")
    assert r.evidence_span is not None
    start, end = r.evidence_span
    assert release.document.text[start:end] == r.evidence
    assert r.closest_only


def test_boilerplate_numbers_are_not_evidence(release: SourceIndex) -> None:
    # "Save 20%" sits in a cookie banner and "up 40%" in the footer: both removed by extraction
    r = check(release, "40%", "share price gain this year", "Lantern shares are up 40% this year")
    assert r.verdict is Verdict.UNSUPPORTED and r.reason == "not_found"


def test_news_style_source(news: SourceIndex) -> None:
    text = "The group plans to invest 420 billion yuan ($59 billion) over three years"
    money = check(news, "420 billion yuan", "AI and cloud infrastructure investment", text)
    assert (money.verdict, money.found) == (Verdict.SUPPORTED, "420 billion yuan")
    usd = check(news, "$59 billion", "AI and cloud infrastructure investment", text)
    assert usd.verdict is Verdict.SUPPORTED
    share = check(
        news, "33%", "share of China's AI cloud market", "Lantern holds 33% of the market"
    )
    assert (share.verdict, share.found) == (Verdict.CONTRADICTED, "29%")


def test_chinese_page_supports_english_claim_by_value() -> None:
    index = index_of("release-gbk.html", "text/html")
    r = check(index, "21.87 billion yuan", "cloud revenue", "Cloud revenue was 21.87 billion yuan")
    assert r.verdict is Verdict.SUPPORTED
    assert r.found is not None and "亿元" in r.found
    pct = check(index, "31%", "cloud revenue growth", "Cloud revenue grew 31%", change="increase")
    assert pct.verdict is Verdict.SUPPORTED


def test_figure_parsed_from_claim_text_uses_surrounding_words(release: SourceIndex) -> None:
    claim = Claim(
        id="c", text="Marketplace revenue rose 6% to 88.4 billion yuan", line=1, sources=("1",)
    )
    figure = Figure(value="6%", line=1)
    claimed = claimed_figure(figure, claim)
    assert claimed is not None and claimed.direction is not None
    r = match_figure(claimed, release, "1", None)
    assert (r.verdict, r.found) == (Verdict.SUPPORTED, "6%")
    assert "Marketplace" in (r.evidence or "")


# -- figures placed by their offset in the claim, against plain-text pages --------------------


@pytest.fixture(scope="module")
def transcript() -> SourceIndex:
    return index_of("meeting-transcript.txt", "text/plain; charset=utf-8")


@pytest.fixture(scope="module")
def call() -> SourceIndex:
    return index_of("outlook-call.txt", "text/plain; charset=utf-8")


@pytest.fixture(scope="module")
def noisy() -> SourceIndex:
    return index_of("noisy-page.txt", "text/plain; charset=utf-8")


def check_at(index: SourceIndex, text: str, value: str, nth: int = 0) -> FigureResult:
    """Check the ``nth`` occurrence of ``value`` in the claim ``text``, placed by its offset."""
    position = -1
    for _ in range(nth + 1):
        position = text.index(value, position + 1)
    claim = Claim(id="c", text=text, line=1, sources=("1",))
    claimed = claimed_figure(Figure(value=value, line=1), claim, position)
    assert claimed is not None
    result = match_figure(claimed, index, "1", None)
    if result.span is not None:
        assert index.document.text[result.span[0] : result.span[1]] == result.found
    return result


def test_spoken_figures_in_a_transcript(transcript: SourceIndex) -> None:
    r = check_at(transcript, "At one workshop there were 25 machines.", "25")
    assert (r.verdict, r.found) == (Verdict.SUPPORTED, "twenty - five")
    wrong = check_at(transcript, "At one workshop there were 20 machines.", "20")
    assert (wrong.verdict, wrong.found) == (Verdict.CONTRADICTED, "twenty - five")
    cost = check_at(transcript, "Each unit may cost at most 12.50 euros to make.", "12.50 euros")
    assert (cost.verdict, cost.found) == (Verdict.SUPPORTED, "twelve euros and fifty cents")
    units = check_at(transcript, "The old model sold 2.5 million units last year.", "2.5 million")
    assert (units.verdict, units.found) == (Verdict.SUPPORTED, "two point five million")


SWAPPED = (
    "The company plans to open over 80 stores, with over 200 of them in Texas, by the end of 2026."
)


def test_numbers_swapped_within_a_sentence_are_contradicted(call: SourceIndex) -> None:
    for value, other in (("80", "200"), ("200", "80")):
        r = check_at(call, SWAPPED, value)
        assert (r.verdict, r.reason, r.found) == (Verdict.CONTRADICTED, "swapped", other)
    right = SWAPPED.replace("80", "#").replace("200", "80").replace("#", "200")
    for value in ("80", "200"):
        assert check_at(call, right, value).verdict is Verdict.SUPPORTED


def test_a_value_the_source_states_exactly_nearby_takes_the_claims_figure(
    call: SourceIndex,
) -> None:
    # "climbed to 4.21%, above the 4% ceiling": a claimed 4% is the ceiling, not 4.21% rounded
    text = "The bond yield climbed to 4%, above the 4.21% ceiling set by the board."
    low = check_at(call, text, "4%")
    assert (low.verdict, low.found) == (Verdict.CONTRADICTED, "4.21%")
    high = check_at(call, text, "4.21%")
    assert (high.verdict, high.found) == (Verdict.CONTRADICTED, "4%")
    rounded = check_at(call, "The bond yield climbed to 4.2% this week.", "4.2%")
    assert (rounded.verdict, rounded.reason) == (Verdict.SUPPORTED, "rounded")


def test_a_reordered_pair_is_no_swap(call: SourceIndex) -> None:
    # the source says "approximately $3.40, up from at least $2.50"
    text = "The company raised its earnings per share outlook from at least $2.50 to about $3.40."
    assert check_at(call, text, "$2.50").verdict is Verdict.SUPPORTED
    assert check_at(call, text, "$3.40").verdict is Verdict.SUPPORTED


def test_a_bound_or_rounding_is_not_borne_out_by_the_claims_other_figure(
    call: SourceIndex,
) -> None:
    text = "The company raised its earnings per share outlook from at least $3 to about $3.40."
    r = check_at(call, text, "$3")
    assert r.verdict is Verdict.CONTRADICTED and r.found != "$3.40"


def test_a_hedged_claim_does_not_stretch_a_hedged_source(call: SourceIndex) -> None:
    text = "The company now expects earnings per share of approximately $3.50."
    r = check_at(call, text, "$3.50")
    assert (r.verdict, r.found) == (Verdict.CONTRADICTED, "$3.40")


def test_rounding_may_not_double_a_value(call: SourceIndex) -> None:
    # 0.5% rounds half up to 1%, but no reader would call the two the same
    r = check_at(call, "The board kept the cap on annual fee increases at 1%.", "1%")
    assert (r.verdict, r.found) == (Verdict.CONTRADICTED, "0.5%")


def test_opposite_bounds_are_contradicted(call: SourceIndex) -> None:
    r = check_at(call, "Fewer than 300 volunteers joined the river clean-up.", "300")
    assert (r.verdict, r.reason, r.found) == (Verdict.CONTRADICTED, "opposite_bound", "300")
    same = check_at(call, "More than 300 volunteers joined the river clean-up.", "300")
    assert same.verdict is Verdict.SUPPORTED


def test_each_end_of_a_range_meets_its_own_range(call: SourceIndex) -> None:
    text = (
        "Net sales are expected to increase by 4-7%, with organic growth within the long-term "
        "target range of 3-5%."
    )
    for value, found in (("4", "4% to 7%"), ("7%", "4% to 7%"), ("3", "3% to 5%")):
        r = check_at(call, text, value)
        assert (r.verdict, r.found) == (Verdict.SUPPORTED, found)
    assert check_at(call, text, "5%").found == "3% to 5%"


def test_a_claimed_range_is_met_end_to_end(call: SourceIndex) -> None:
    r = check_at(call, "Net sales are expected to grow 4-6% in 2026.", "4-6%")
    assert r.verdict is Verdict.CONTRADICTED


def test_direction_of_a_record_level(call: SourceIndex) -> None:
    r = check_at(call, "Sales fell to a record $2.1 billion in the quarter.", "$2.1 billion")
    assert (r.verdict, r.reason) == (Verdict.CONTRADICTED, "direction")
    ok = check_at(call, "Sales rose to a record $2.1 billion in the quarter.", "$2.1 billion")
    assert ok.verdict is Verdict.SUPPORTED


def test_the_year_next_to_a_figure_picks_its_passage(call: SourceIndex) -> None:
    # both $5.1 billion (2025) and $4.8 billion (2026) round to "about $5 billion"
    r = check_at(call, "Revenue came to about $5 billion in 2026.", "$5 billion")
    assert (r.verdict, r.reason, r.found) == (Verdict.SUPPORTED, "rounded", "$4.8 billion")
    r = check_at(call, "Revenue came to about $5 billion in 2025.", "$5 billion")
    assert r.found == "$5.1 billion"


def test_counts_of_the_same_things(noisy: SourceIndex) -> None:
    r = check_at(noisy, "The museum reopened with 14 galleries.", "14")
    assert (r.verdict, r.found) == (Verdict.CONTRADICTED, "12")
    bands = check_at(noisy, "The opening weekend drew 30 local bands.", "30")
    assert (bands.verdict, bands.found) == (Verdict.CONTRADICTED, "25")
    # "3 cafes" sits right there, but the galleries were 12
    cafes = check_at(noisy, "The museum has 3 galleries.", "3")
    assert (cafes.verdict, cafes.found) == (Verdict.CONTRADICTED, "12")


def test_a_count_of_other_things_contradicts_nothing(transcript: SourceIndex) -> None:
    # the transcript counts machines; it says nothing about how many people sent jobs
    r = check_at(transcript, "At one workshop 20 people sent jobs to the machines.", "20")
    assert r.verdict is Verdict.UNSUPPORTED


def test_proportions_and_spoken_amounts_in_words(noisy: SourceIndex) -> None:
    share = check_at(noisy, "About 33% of the visitors came from outside the county.", "33%")
    assert (share.verdict, share.found) == (Verdict.SUPPORTED, "a third")
    crowd = check_at(noisy, "The museum had 500,000 visitors in its last full year.", "500,000")
    assert (crowd.verdict, crowd.found) == (Verdict.SUPPORTED, "Half a million")


def test_a_figure_the_parser_does_not_read_is_looked_up_as_written(noisy: SourceIndex) -> None:
    r = check_at(noisy, "Harbour FM broadcasts 24/7 from the museum.", "24")
    assert (r.verdict, r.found) == (Verdict.SUPPORTED, "24/7")
    part = check_at(noisy, "Harbour Stories Part 2 opens in the spring.", "2")
    assert (part.verdict, part.found) == (Verdict.SUPPORTED, "Part 2")
    code = check_at(noisy, "Visitors who come on the X15 bus get in free.", "15")
    assert (code.verdict, code.found) == (Verdict.SUPPORTED, "X15")
    score = check_at(noisy, "The staff team took a 10-7 lead in the charity match.", "7")
    assert (score.verdict, score.found) == (Verdict.SUPPORTED, "10-7")
    # a figure of unknown meaning is never contradicted, only looked up
    other = check_at(noisy, "The staff team took a 10-6 lead in the charity match.", "6")
    assert (other.verdict, other.reason) == (Verdict.UNSUPPORTED, "not_found")


def test_a_rounded_table_cell_is_not_displaced_by_its_neighbour() -> None:
    # 4.9% (2024) rounds to the claimed 5%; the 5.0% beside it is 2025's figure
    index = index_of("growth-table.html")
    r = check_at(index, "Passengers on the north pier route grew 5% in 2024.", "5%")
    assert (r.verdict, r.found) == (Verdict.SUPPORTED, "4.9%")
    other = check_at(index, "Passengers on the island loop route grew 3.4% in 2024.", "3.4%")
    assert (other.verdict, other.found) == (Verdict.CONTRADICTED, "2.1%")


def test_an_absolute_tolerance_is_in_the_figures_written_units(release: SourceIndex) -> None:
    # the source says US$3,072 million; 0.02 on "$3.09 billion" is 0.02 billion
    text = CLOUD.replace("3.07", "3.09")
    near = check(release, "$3.09 billion", "cloud revenue", text, tolerance="0.02")
    assert (near.verdict, near.found) == (Verdict.APPROXIMATE, "US$3,072 million")
    far = check(release, "$3.09 billion", "cloud revenue", text, tolerance="0.01")
    assert far.verdict is Verdict.CONTRADICTED


def test_a_level_in_the_next_sentence_does_not_contradict_a_change() -> None:
    text = "Acme cloud revenue was $4.71 billion in the quarter. Acme margin was 26.3%.\n" * 3
    doc = extract(text.encode("utf-8"), "text/plain")
    assert isinstance(doc, Document)
    r = check(build_index(doc), "12%", "cloud revenue growth", "Acme cloud revenue grew 12%",
              change="increase")  # fmt: skip
    assert r.verdict is Verdict.UNSUPPORTED
