"""claimcheck extract: articles -> drafted claims files (article parsing, drafting, YAML, merge)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from claimcheck.claimsfile import load_article, validate_file
from claimcheck.draft import (
    ArticleError,
    Draft,
    draft_article,
    draft_claims,
    find_markers,
    load_article_text,
    merge,
    merge_details,
    parse_source_entries,
    render_yaml,
)
from claimcheck.model.claims import Article
from claimcheck.quantities import parse_figure

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = Path(__file__).parents[1] / "fixtures" / "articles"
SEED = ROOT / "claims" / "alibaba-ai-cloud.article.txt"
SEED_CLAIMS = ROOT / "claims" / "alibaba-ai-cloud.yaml"
TODAY = dt.date(2025, 9, 1)


def draft_of(name: str) -> Draft:
    path = ARTICLES / name
    return draft_article(path.read_bytes(), path.suffix, origin=name)


def seed_draft() -> Draft:
    return draft_article(SEED.read_bytes(), ".txt", origin="alibaba-ai-cloud.article.txt")


def figures(draft: Draft) -> list[tuple[str, tuple[str, ...]]]:
    return [(f.value, c.sources) for c in draft.claims for f in c.figures]


def valid(tmp_path: Path, text: str, name: str = "draft.yaml") -> Article:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    article, problems = validate_file(path, parse_figure)
    assert problems == [], "\n".join(map(str, problems))
    assert article is not None
    return article


# -- the seed article ------------------------------------------------------------------------

SEED_FIGURES = [
    # summary bullets: no markers
    ("26%", ()), ("20%", ()), ("380B yuan", ()), ("$53B", ()), ("33%", ()), ("14%", ()),
    ("8%", ()),
    # body
    ("26%", ("1",)), ("33.4 billion yuan", ("1",)), ("$4.67 billion", ("1",)),
    ("over 20%", ("1",)),
    ("380 billion yuan", ("2",)), ("$53 billion", ("2",)), ("three-year", ("2",)),
    ("33%", ("2",)),
    ("eight consecutive quarters", ("3",)),
    ("14%", ("4",)),
    ("8.0%", ("6",)), ("9.9%", ("6",)),
    ("0.96%", ()), ("five days", ()), ("30%", ()),  # the uncited back-test sentence
    ("10%", ("8",)), ("21%", ("8",)),
    ("33%", ("10",)), ("$53 billion", ("10",)),
]  # fmt: skip


def test_seed_every_figure_with_its_citations() -> None:
    draft = seed_draft()
    assert figures(draft) == SEED_FIGURES
    assert draft.figure_count == 26


def test_seed_metadata_and_sources() -> None:
    draft = seed_draft()
    assert draft.title == (
        "Alibaba’s AI-Driven Cloud Unit: Can It Outperform E-Commerce in the Long Run?"
    )
    assert draft.published == "2025-08-30"
    assert draft.author == "Albert Fox (AI agent)"
    assert [s.key for s in draft.sources] == [str(i) for i in range(1, 12)]
    first = draft.sources[0]
    assert first.url == (
        "https://www.businesswire.com/news/home/20250829875486/en/"
        "Alibaba-Group-Announces-June-Quarter-2025-Results"
    )
    assert first.title == "Alibaba Group Announces June Quarter 2025 Results"
    assert draft.sources[10].title == "Alibaba’s AI-Driven Cloud Unit Shines Amid Rivalry"


def test_seed_summary_bullets_are_uncited_claims() -> None:
    summary = [c for c in seed_draft().claims if c.summary]
    assert len(summary) == 4
    assert all(c.sources == () and c.id.startswith("summary-") for c in summary)
    assert summary[0].text.startswith("Alibaba's AI-driven cloud unit grew 26% YoY")


def test_seed_marker_at_paragraph_end_is_not_spread() -> None:
    draft = seed_draft()
    backtest = next(c for c in draft.claims if any(f.value == "0.96%" for f in c.figures))
    assert backtest.sources == ()
    # the sentence a dropped link cut in two is whole again, and the join is reported
    assert "shows that when misses earnings expectations" in backtest.text
    assert any("shows that when" in w for w in draft.warnings)
    assert any(backtest.id in w and "not spread" in w for w in draft.warnings)


def test_seed_ids_are_readable_unique_and_stable() -> None:
    ids = [c.id for c in seed_draft().claims]
    assert ids == [c.id for c in seed_draft().claims]
    assert len(set(ids)) == len(ids)
    assert "cloud-unit-operating-margin" in ids and "cloud-unit-revenue-growth" in ids


def test_seed_abouts_and_changes() -> None:
    got = {(f.value, c.sources): f for c in seed_draft().claims for f in c.figures}
    assert got["26%", ("1",)].about == "cloud unit revenue growth year-over-year"
    assert got["26%", ("1",)].change == "increase"
    assert got["33.4 billion yuan", ("1",)].about == "cloud unit revenue"
    assert got["$4.67 billion", ("1",)].about == "cloud unit revenue"
    assert got["over 20%", ("1",)].about == "AI-related products share of external revenue"
    assert got["33%", ("2",)].about == "market share in China's AI cloud sector"
    assert got["14%", ("4",)].about == "adjusted EBITA decline year-over-year"
    assert got["14%", ("4",)].change == "decrease"
    assert got["8.0%", ("6",)].about == "cloud unit operating margin"
    assert got["8.0%", ("6",)].change == "decrease"
    assert got["9.9%", ("6",)].about == "cloud unit operating margin in the prior quarter"
    assert got["10%", ("8",)].change == "increase"
    assert got["21%", ("8",)].about == "decline in adjusted earnings"
    assert got["30%", ()].about == "win rate"


def test_seed_draft_covers_the_hand_written_claims() -> None:
    """Every figure of claims/alibaba-ai-cloud.yaml is drafted, in a claim citing the same."""
    hand = load_article(SEED_CLAIMS)
    drafted = seed_draft().claims
    for claim in hand.claims:
        values = [f.value for f in claim.figures]
        candidates = [d for d in drafted if {f.value for f in d.figures} >= set(values)]
        assert any(d.sources == claim.sources for d in candidates), claim.id


def test_seed_rendered_file_is_valid(tmp_path: Path) -> None:
    text = render_yaml(seed_draft(), today=TODAY)
    assert text.startswith("# DRAFT claims file")
    assert "from alibaba-ai-cloud.article.txt on 2025-09-01" in text
    article = valid(tmp_path, text)
    assert article.title is not None and article.title.startswith("Alibaba’s AI-Driven")
    assert article.published == "2025-08-30"
    assert len(article.sources) == 11 and article.figure_count == 26
    assert [c.id for c in article.claims] == [c.id for c in seed_draft().claims]
    assert all(f.about for c in article.claims for f in c.figures)


def test_render_is_deterministic() -> None:
    assert render_yaml(seed_draft(), today=TODAY) == render_yaml(seed_draft(), today=TODAY)


# -- source-list shapes ----------------------------------------------------------------------


def test_sources_on_one_line_after_source_label() -> None:
    draft = draft_of("inline_sources.txt")
    assert [(s.key, s.url, s.title) for s in draft.sources] == [
        ("1", "https://example.com/northwind/q4-2024-results",
         "Northwind Robotics Fourth Quarter 2024 Results"),
        ("2", "https://example.com/northwind/investor-day-2025",
         "Northwind Investor Day Presentation"),
        ("3", "https://example.org/news/northwind-plants", "Plant Expansion Announcement"),
        ("4", "https://example.net/markets/wrap-0304", "Market Wrap: Industrials Slip"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "[1] Quarterly Results. https://example.com/q1\n[2] Outlook. https://example.com/o",
            [("1", "https://example.com/q1", "Quarterly Results"),
             ("2", "https://example.com/o", "Outlook")],
        ),
        (
            "1. Quarterly Results https://example.com/q1\n2. Outlook https://example.com/o",
            [("1", "https://example.com/q1", "Quarterly Results"),
             ("2", "https://example.com/o", "Outlook")],
        ),
        (
            "1) Quarterly Results — https://example.com/q1\n2) Outlook - https://example.com/o",
            [("1", "https://example.com/q1", "Quarterly Results"),
             ("2", "https://example.com/o", "Outlook")],
        ),
        (
            "1. [Quarterly Results](https://example.com/q1)\n2. [Outlook](https://example.com/o)",
            [("1", "https://example.com/q1", "Quarterly Results"),
             ("2", "https://example.com/o", "Outlook")],
        ),
        (
            "- [Quarterly Results](https://example.com/q1)\n- [Outlook](https://example.com/o)",
            [("1", "https://example.com/q1", "Quarterly Results"),
             ("2", "https://example.com/o", "Outlook")],
        ),
        (
            "[^1]: Quarterly Results https://example.com/q1\n[^memo]: Board memo",
            [("1", "https://example.com/q1", "Quarterly Results"), ("memo", None, "Board memo")],
        ),
        (
            "[1] Quarterly Results [https://example.com/q1] [2] Outlook <https://example.com/o>",
            [("1", "https://example.com/q1", "Quarterly Results"),
             ("2", "https://example.com/o", "Outlook")],
        ),
        (
            "[3] https://example.com/q1 Quarterly Results",
            [("3", "https://example.com/q1", "Quarterly Results")],
        ),
    ],
)  # fmt: skip
def test_source_entry_shapes(text: str, expected: list[tuple[str, str | None, str]]) -> None:
    entries, warnings = parse_source_entries(text)
    assert [(e.key, e.url, e.title) for e in entries] == expected
    assert warnings == []


def test_numbered_reference_list_and_footnote_in_markdown() -> None:
    draft = draft_of("numbered_references.md")
    assert [(s.key, s.url, s.title) for s in draft.sources] == [
        ("1", "https://example.com/contoso/annual-report-2024",
         "Contoso Energy Annual Report 2024"),
        ("2", "https://example.com/contoso/cmd-2025", "Contoso Capital Markets Day"),
        ("3", "https://example.org/contoso/backlog", "Storage Backlog Update"),
        ("pr", "https://example.com/contoso/press/storage-revenue",
         "Contoso press release on storage revenue"),
    ]  # fmt: skip
    # front matter gives the metadata; the references heading ends the body
    assert (draft.title, draft.published, draft.author) == (
        "Contoso Energy Doubles Down on Storage",
        "2025-02-11",
        "Priya Raman",
    )


def test_markdown_link_list_under_sources_heading() -> None:
    draft = draft_of("markdown_links.md")
    assert [(s.key, s.url, s.title) for s in draft.sources] == [
        ("1", "https://example.com/fabrikam/winter-schedule", "Fabrikam Air Winter Schedule"),
        ("2", "https://example.com/fabrikam/traffic-january", "Fabrikam January Traffic Report"),
        ("3", "https://example.org/fuel/monitor", "Jet Fuel Price Monitor"),
    ]
    # "[[1]](url)" in the body is a citation marker, not a figure
    assert figures(draft) == [
        ("12", ("1",)), ("eight", ("1",)), ("6%", ("2",)), ("$3.10", ("2", "3")),
        ("2.5%", ("2", "3")),
    ]  # fmt: skip


def test_markdown_footnotes_numbered_and_named() -> None:
    draft = draft_of("footnotes.md")
    assert [s.key for s in draft.sources] == ["1", "2", "costs"]
    assert draft.sources[2].url == "https://example.net/resin/index-march"
    assert figures(draft) == [
        ("7%", ("1",)), ("15%", ("costs",)), ("two quarters", ("costs",)),
        ("3.2%", ("1", "2")), ("41 days", ()),
    ]  # fmt: skip


def test_html_reference_list_links_and_superscripts() -> None:
    path = ARTICLES / "references.html"
    article = load_article_text(path.read_bytes(), "text/html; charset=utf-8")
    assert article.kind == "html"
    assert article.title == "Litware Cloud Revenue Climbs"
    assert article.published == "2025-05-20" and article.author == "Sam Okafor"
    assert article.source_map == {
        "1": ("https://example.com/litware/q1-2025", "Litware First Quarter 2025 Results"),
        "2": ("https://example.org/litware/call", "Analyst call transcript, Litware Q1 call"),
        "3": ("https://example.net/litware/ai-revenue", "Litware AI revenue breakdown"),
    }
    draft = draft_claims(article)
    assert figures(draft) == [
        ("31%", ()), ("9.4%", ()),  # "Key points" bullets
        ("31%", ("1",)), ("$880 million", ("1",)),
        ("2.3 million", ("1", "2", "3")), ("12%", ("1", "2", "3")),
        ("9.4%", ("2",)), ("7.9%", ("2",)),
        ("$1.1 billion", ()),
    ]  # fmt: skip
    assert [c.summary for c in draft.claims][:3] == [True, True, False]
    # the inline link to the AI services page is no source and no marker
    assert "AI services made up 12% of sales" in draft.claims[3].text


def test_html_sources_paragraph_of_links() -> None:
    draft = draft_of("sources_paragraph.html")
    assert [(s.key, s.url, s.title) for s in draft.sources] == [
        ("1", "https://example.com/adatum/q2", "Adatum Q2 report"),
        ("2", "https://example.org/adatum/rail", "Rail outlook note"),
    ]
    assert figures(draft) == [
        ("14.2 million tonnes", ("1",)), ("5%", ("1",)), ("8%", ("1", "2")),
        ("$640 million", ("1", "2")), ("300", ("2",)),
    ]  # fmt: skip


@pytest.mark.parametrize(
    "name",
    [
        "inline_sources.txt",
        "numbered_references.md",
        "markdown_links.md",
        "footnotes.md",
        "references.html",
        "sources_paragraph.html",
    ],
)
def test_every_fixture_renders_a_valid_claims_file(tmp_path: Path, name: str) -> None:
    draft = draft_of(name)
    article = valid(tmp_path, render_yaml(draft, today=TODAY))
    assert article.figure_count == draft.figure_count > 0
    ids = [c.id for c in article.claims]
    assert len(ids) == len(set(ids))


# -- markers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        ("grew 5% [3].", [("3",)]),
        ("grew 5% [1][2].", [("1",), ("2",)]),
        ("grew 5% [1, 2].", [("1", "2")]),
        ("grew 5% [1-3].", [("1", "2", "3")]),
        ("grew 5% [2–4].", [("2", "3", "4")]),
        ("grew 5%[^2].", [("2",)]),
        ("grew 5%[^note].", [("note",)]),
        ("grew 5%¹.", [("1",)]),
        ("grew 5%¹².", [("12",)]),
        ("grew 5%¹,³.", [("1", "3")]),
        ("grew 5%¹⁻³.", [("1", "2", "3")]),
        ("covers 40 km² of land", []),
        ("the [sic] quote from [2025]", []),
    ],
)
def test_marker_shapes(text: str, keys: list[tuple[str, ...]]) -> None:
    assert [m.keys for m in find_markers(text)] == keys


def test_inline_article_markers_attach_to_their_sentences() -> None:
    draft = draft_of("inline_sources.txt")
    cited = {c.text: c.sources for c in draft.claims}
    assert cited[
        "Service contracts accounted for 35% of segment sales, up from 29% a year earlier."
    ] == ("1", "2")  # [1][2]
    assert cited[
        "The U.S. market made up approx. 60% of orders, while Europe contributed 25%."
    ] == ("1", "2")  # [1, 2]
    assert cited["The company plans to spend $2.5 billion over three years on two new plants."] == (
        "2",
        "3",
    )  # [2-3]
    # a marker after the full stop belongs to the sentence before it
    assert cited["Each plant will employ about 1,400 people."] == ("3",)
    assert cited["Shares fell 4.5% after the announcement, according to exchange data."] == ("4",)


def test_marker_missing_from_source_list_is_warned_and_dropped(tmp_path: Path) -> None:
    draft = draft_of("inline_sources.txt")
    claim = next(c for c in draft.claims if "14.2%" in c.text)
    assert claim.sources == ()
    assert any("[5]" in w and claim.id in w for w in draft.warnings)
    text = render_yaml(draft, today=TODAY)
    assert "# the article also cites [5], which is not in its source list" in text
    valid(tmp_path, text)


def test_source_without_url_is_kept_as_a_comment(tmp_path: Path) -> None:
    body = (
        "Revenue rose 12% in the year [1]. Costs fell 3% [2].\n\n"
        "References\n\n[1] Annual report https://example.com/annual\n[2] Internal memo, 2024\n"
    )
    draft = draft_article(body.encode(), "text/plain")
    assert [(s.key, s.url) for s in draft.sources] == [
        ("1", "https://example.com/annual"),
        ("2", None),
    ]
    assert [c.sources for c in draft.claims] == [("1",), ()]
    assert any("source [2] has no http(s) URL" in w for w in draft.warnings)
    text = render_yaml(draft, today=TODAY)
    assert "#   - source [2]" in text and "# 2: no URL in the article (Internal memo, 2024)" in text
    valid(tmp_path, text)


def test_no_source_list_at_all(tmp_path: Path) -> None:
    draft = draft_article(b"Sales grew 9% last year [1].\n", ".txt")
    assert draft.sources == () and draft.claims[0].sources == ()
    text = render_yaml(draft, today=TODAY)
    assert "sources: {}" in text
    valid(tmp_path, text)


# -- sentences, bylines, dates ---------------------------------------------------------------


def test_sentence_traps_do_not_split() -> None:
    texts = [c.text for c in draft_of("inline_sources.txt").claims if not c.summary]
    assert texts[0] == (
        "Northwind Robotics Inc. reported that its warehouse robotics unit lifted revenue 18% "
        "year-over-year to $1.2 billion in Q4 2024."
    )
    assert "The U.S. market made up approx. 60% of orders, while Europe contributed 25%." in texts
    assert (
        "Analysts at Example Capital Corp. expect operating margin to widen to 14.2% by 2026, "
        "from 11.8% in 2024." in texts
    )
    markdown = [c.text for c in draft_of("numbered_references.md").claims]
    assert (
        "The unit now serves more than 1,200 commercial sites across the E.U., up from 950 a "
        "year earlier." in markdown
    )


def test_decimals_and_abbreviations_in_one_paragraph() -> None:
    text = (
        "Acme Corp. said revenue rose 4.5% to $3.2 billion. Mr. Lee, approx. 20 years in the "
        "job, expects 2.1% growth in the U.S. next year. Dr. Ng disagreed."
    )
    draft = draft_article(text.encode(), ".txt")
    assert [c.text for c in draft.claims] == [
        "Acme Corp. said revenue rose 4.5% to $3.2 billion.",
        "Mr. Lee, approx. 20 years in the job, expects 2.1% growth in the U.S. next year.",
    ]
    assert [f.value for f in draft.claims[1].figures] == ["approx. 20 years", "2.1%"]


def test_bylines_dates_and_reading_times_are_no_figures() -> None:
    for name in ("inline_sources.txt", "numbered_references.md", "references.html"):
        draft = draft_of(name)
        values = [v for v, _ in figures(draft)]
        texts = " ".join(c.text for c in draft.claims)
        assert "read" not in texts and "By " not in texts, name
        assert not {"5", "4", "3", "9", "15", "30", "11", "37"} & set(values), name
    draft = draft_of("inline_sources.txt")
    assert (draft.published, draft.author) == ("2025-03-04", "Mara Quill (AI agent)")


def test_plain_byline_and_dateline() -> None:
    text = (
        "Quarterly Update\nBy Jane Doe\nUpdated Monday, 3 February 2025, 10:05 GMT | 6 min read\n\n"
        "Orders rose 11% in January.\n"
    )
    article = load_article_text(text.encode(), None)
    assert (article.title, article.author, article.published) == (
        "Quarterly Update",
        "Jane Doe",
        "2025-02-03",
    )
    draft = draft_claims(article)
    assert figures(draft) == [("11%", ())]


def test_summary_bullets_under_a_label_are_uncited() -> None:
    draft = draft_of("inline_sources.txt")
    summary = [c for c in draft.claims if c.summary]
    assert [c.id for c in summary] == ["summary-robotics-unit-growth", "summary-expansion-plan"]
    assert all(c.sources == () for c in summary)
    text = render_yaml(draft, today=TODAY)
    assert "# --- summary bullets (no citation markers: uncited) ---" in text


def test_content_type_and_suffix_forms() -> None:
    data = (ARTICLES / "footnotes.md").read_bytes()
    for hint in ("text/markdown", ".md", "md", "text/markdown; charset=utf-8", None):
        assert [s.key for s in load_article_text(data, hint).sources] == ["1", "2", "costs"]
    html = (ARTICLES / "sources_paragraph.html").read_bytes()
    for hint in ("text/html", ".html", None):
        assert load_article_text(html, hint).kind == "html"


def test_binary_is_refused() -> None:
    with pytest.raises(ArticleError):
        load_article_text(b"\x00\x01\x02binary\x00", "text/plain")


# -- merge -----------------------------------------------------------------------------------


def test_merge_seed_into_hand_written_file_changes_nothing() -> None:
    text = SEED_CLAIMS.read_text(encoding="utf-8")
    result = merge_details(text, seed_draft(), today=TODAY)
    assert result.text == text
    assert (result.added_claims, result.added_figures, result.added_sources) == ((), (), ())


REVIEWED = """\
# Reviewed by the desk; keep these notes.
article:
  title: Northwind Robotics
sources:
  1:
    url: https://example.com/northwind/q4-2024-results
    title: Results (checked)
  2: https://example.com/northwind/investor-day-2025
claims:
  # the headline figure
  - id: headline
    text: "its warehouse robotics unit lifted revenue 18% year-over-year to $1.2 billion"
    sources: [1]
    figures:
      - value: "18%"
        about: robotics unit revenue growth   # reviewer wording
        change: increase
        tolerance: 0.5%
  - id: contracts
    text: "Service contracts accounted for 35% of segment sales, up from 29% a year earlier."
    sources: [1]
    waive: {reason: "desk accepted", until: 2030-01-01}
  - id: reviewer-added
    text: "Northwind employs about 9,000 people"
    sources: []
    figures:
      - {value: "about 9,000", about: headcount}
"""


def test_merge_keeps_reviewer_edits_and_adds_what_is_new(tmp_path: Path) -> None:
    draft = draft_of("inline_sources.txt")
    result = merge_details(REVIEWED, draft, today=TODAY)
    out = result.text
    # every line the reviewer wrote is still there, in the same order
    remaining = iter(out.splitlines())
    assert all(line in remaining for line in REVIEWED.splitlines())
    # the $1.2 billion of the matched sentence joins the reviewer's claim, not a new one
    assert ("headline", "$1.2 billion") in result.added_figures
    # the claim without a figures list is parsed from its text and left alone; the reviewer's
    # own claim is kept although the article does not have it
    assert not any(cid == "contracts" for cid, _ in result.added_figures)
    assert any("reviewer-added" in w for w in result.warnings)
    assert result.added_sources == ("3", "4")
    assert "summary-robotics-unit-growth" in result.added_claims
    assert "headline" not in result.added_claims and "contracts" not in result.added_claims
    article = valid(tmp_path, out)
    headline = next(c for c in article.claims if c.id == "headline")
    assert [f.value for f in headline.figures] == ["18%", "$1.2 billion"]
    assert headline.figures[0].about == "robotics unit revenue growth"
    assert headline.figures[0].tolerance is not None
    contracts = next(c for c in article.claims if c.id == "contracts")
    assert contracts.sources == ("1",) and contracts.waive is not None
    assert article.source("1").title == "Results (checked)"
    assert "# --- added by `claimcheck extract --merge` on 2025-09-01: review these ---" in out
    # merging the same draft again adds nothing more
    again = merge_details(out, draft, today=TODAY)
    assert again.text == out and again.added_claims == () and again.added_figures == ()


def test_merge_ids_stay_unique_against_the_file(tmp_path: Path) -> None:
    existing = """\
sources: {}
claims:
  - id: revenue
    text: "something else entirely, 1 thing"
    sources: []
"""
    draft = draft_article(b"Revenue grew 12% in 2024.\n\nRevenue fell 2% in 2023.\n", ".txt")
    assert [c.id for c in draft.claims] == ["revenue-growth", "revenue-decline"]
    renamed = Draft(
        sources=draft.sources,
        claims=tuple(
            type(c)(**{**c.__dict__, "id": "revenue"}) if i == 0 else c
            for i, c in enumerate(draft.claims)
        ),
    )
    result = merge_details(existing, renamed, today=TODAY)
    assert result.added_claims == ("revenue-2", "revenue-decline")
    valid(tmp_path, result.text)


def test_merge_into_empty_lists(tmp_path: Path) -> None:
    existing = "# empty so far\nsources: {}\nclaims: []\n"
    draft = draft_of("footnotes.md")
    out = merge(existing, draft, today=TODAY)
    assert out.startswith("# empty so far\n")
    article = valid(tmp_path, out)
    assert [s.key for s in article.sources] == ["1", "2", "costs"]
    assert article.figure_count == draft.figure_count


def test_merge_refuses_non_mapping() -> None:
    with pytest.raises(ValueError, match="not a mapping"):
        merge("- just\n- a list\n", seed_draft())


def test_rendered_yaml_is_plain_safe_yaml() -> None:
    data = yaml.safe_load(render_yaml(draft_of("references.html"), today=TODAY))
    assert set(data) == {"article", "sources", "claims"}
    assert data["claims"][0]["figures"][0] == {
        "value": "31%",
        "about": "cloud revenue growth",
        "change": "increase",
    }


def test_prose_starting_with_by_is_no_byline() -> None:
    text = "Margins\n\nBy contrast, margins fell by two points last year [1].\n\n"
    text += "Sources: [1] Margin report https://example.com/margins\n"
    draft = draft_article(text.encode(), ".txt")
    assert figures(draft) == [("two points", ("1",))]
    assert draft.author is None


def test_html_superscript_units_are_not_markers() -> None:
    page = (
        b"<html><body><h1>Plant</h1><p>The plant covers 120,000 m<sup>2</sup> and cost "
        b"$40 million<sup>1</sup>.</p><h2>References</h2><ol><li>"
        b"<a href='https://example.com/plant'>Plant opening</a></li></ol></body></html>"
    )
    draft = draft_article(page, "text/html")
    assert draft.claims[0].sources == ("1",)
    assert draft.claims[0].text.startswith("The plant covers 120,000 m2 and cost $40 million")


def test_notes_heading_without_links_is_body_text() -> None:
    text = "Results\n\nSales rose 4% [1].\n\nNotes\n\n- Figures are unaudited.\n- Margin was 9%.\n"
    text += "\nReferences\n\n1. Sales release https://example.com/sales\n"
    draft = draft_article(text.encode(), ".txt")
    assert [s.key for s in draft.sources] == ["1"]
    assert figures(draft) == [("4%", ("1",)), ("9%", ())]
