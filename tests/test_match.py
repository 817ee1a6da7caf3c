"""The matcher: every verdict a reviewer relies on, against pages written like real sources."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimcheck.claims import Claim, Figure, Tolerance
from claimcheck.extract import Document, extract
from claimcheck.match import SourceIndex, build_index, claimed_figure, match_figure
from claimcheck.results import FigureResult, Verdict

SOURCES = Path(__file__).parent / "fixtures" / "sources"


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
