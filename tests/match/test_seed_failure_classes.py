"""The seed article's failure classes, on a results release written for the purpose: a real
number attached to the wrong subject, measure, period or unit. Each is caught, and the right
claim beside it is borne out."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimcheck.extract import Document, extract
from claimcheck.match import SourceIndex, build_index, claimed_figure, match_figure
from claimcheck.model.claims import Claim, Figure
from claimcheck.model.results import FigureResult, Verdict

PAGE = Path(__file__).parents[1] / "fixtures" / "sources" / "lattice-results.html"


@pytest.fixture(scope="module")
def release() -> SourceIndex:
    doc = extract(PAGE.read_bytes(), "text/html; charset=utf-8")
    assert isinstance(doc, Document)
    return build_index(doc)


def check(index: SourceIndex, text: str, value: str, about: str | None = None,
          period: str | None = None) -> FigureResult:  # fmt: skip
    claim = Claim(id="c", text=text, line=1, sources=("1",), period=period)
    claimed = claimed_figure(Figure(value=value, line=2, about=about), claim, text.index(value))
    assert claimed is not None
    return match_figure(claimed, index, "1", None)


def test_a_segments_growth_given_for_the_group(release: SourceIndex) -> None:
    # claims files carry `about` (claimcheck extract drafts it); it is what tells the group's
    # total from the cloud segment when the source's words next to the value do not
    about = "total revenue growth year-over-year"
    text = "Lattice Group's total revenue grew 26% year-over-year."
    wrong = check(release, text, "26%", about=about)
    assert (wrong.verdict, wrong.found) == (Verdict.CONTRADICTED, "2%")
    right = check(release, text.replace("26%", "2%"), "2%", about=about)
    assert right.verdict is Verdict.SUPPORTED


def test_the_groups_figure_given_for_a_segment(release: SourceIndex) -> None:
    text = "The commerce segment's adjusted EBITA fell 14% year-over-year."
    wrong = check(release, text, "14%", about="commerce segment adjusted EBITA change")
    assert (wrong.verdict, wrong.found) == (Verdict.CONTRADICTED, "21%")
    right = check(release, text.replace("14%", "21%"), "21%")
    assert right.verdict is Verdict.SUPPORTED


def test_a_growth_rate_given_as_a_share(release: SourceIndex) -> None:
    text = "AI products accounted for 26% of external cloud revenue."
    wrong = check(release, text, "26%", about="AI products share of external cloud revenue")
    assert (wrong.verdict, wrong.found) == (Verdict.CONTRADICTED, "20%")
    right = check(release, text.replace("26%", "20%"), "20%")
    assert right.verdict is Verdict.SUPPORTED


def test_the_prior_quarters_margin_given_for_the_current_one(release: SourceIndex) -> None:
    text = "The cloud unit's adjusted EBITA margin was 9.9% in the second quarter."
    wrong = check(release, text, "9.9%")
    assert (wrong.verdict, wrong.found) == (Verdict.CONTRADICTED, "8.8%")
    assert check(release, text.replace("9.9%", "8.8%"), "8.8%").verdict is Verdict.SUPPORTED
    prior = check(release, "The cloud margin was 9.9% in the first quarter.", "9.9%")
    assert prior.verdict is Verdict.SUPPORTED


def test_last_years_table_column_given_for_this_year(release: SourceIndex) -> None:
    wrong = check(release, "Commerce adjusted EBITA was RMB44,512 million.", "RMB44,512 million",
                  about="commerce adjusted EBITA", period="Q2 2026")  # fmt: skip
    assert (wrong.verdict, wrong.found) == (Verdict.CONTRADICTED, "35,164")
    right = check(release, "Commerce adjusted EBITA was RMB35.2 billion.", "RMB35.2 billion",
                  about="commerce adjusted EBITA", period="Q2 2026")  # fmt: skip
    assert (right.verdict, right.reason) == (Verdict.SUPPORTED, "rounded")


def test_a_figure_in_another_currency(release: SourceIndex) -> None:
    # 33.4 is the yuan figure in billions; in dollars the release says US$4,662 million
    wrong = check(release, "Cloud revenue grew 26% to $33.4 billion.", "$33.4 billion")
    assert (wrong.verdict, wrong.found) == (Verdict.CONTRADICTED, "US$4,662 million")
    yuan = check(release, "Cloud revenue grew 26% to 33.4 billion yuan.", "33.4 billion yuan")
    assert (yuan.verdict, yuan.reason) == (Verdict.SUPPORTED, "rounded")
    dollars = check(release, "Cloud revenue grew 26% to $4.67 billion.", "$4.67 billion")
    assert dollars.verdict is Verdict.APPROXIMATE  # the release is more precise: $4.662 billion


def test_a_footer_figure_is_no_evidence(release: SourceIndex) -> None:
    r = check(release, "87% of readers say the cloud newsletter helps.", "87%")
    assert r.verdict is Verdict.UNSUPPORTED and r.found is None
