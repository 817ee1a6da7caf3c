"""Page furniture goes by structure and link density, not only by class names; headlines,
sentences and tables stay. The twelve annotated pages are the benchmark's (bench/
extract_quality.py); the small pages below pin each rule at its edge."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from claimcheck.extract import Document, extract

FIXTURES = Path(__file__).parents[1] / "fixtures" / "boilerplate"
EXPECTED = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))["pages"]
# a paragraph long enough to be the page's content
ARTICLE = (
    "<h1>Harbor Cloud grows revenue</h1><p>Harbor Cloud Group said on Tuesday that revenue in "
    "the June quarter rose 18% to 12.3 billion yuan, helped by demand from banks and retailers, "
    "and that it would open a third data centre in Johor before the end of the year.</p>"
)


def text_of(page: str | bytes) -> str:
    body = page.encode("utf-8") if isinstance(page, str) else page
    doc = extract(body, "text/html")
    assert isinstance(doc, Document), doc
    return " ".join(doc.text.split())


def has(needle: str, text: str) -> bool:
    return re.search(rf"(?<![A-Za-z0-9]){re.escape(needle)}(?![A-Za-z0-9])", text) is not None


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_annotated_pages_keep_their_content_and_lose_their_furniture(name: str) -> None:
    text = text_of((FIXTURES / name).read_bytes())
    assert [k for k in EXPECTED[name]["keep"] if not has(k, text)] == []
    assert [d for d in EXPECTED[name]["drop"] if has(d, text)] == []


def page(extra: str, before: str = "") -> str:
    return f"<html><body>{before}<div class='story'>{ARTICLE}</div>{extra}</body></html>"


# -- links -------------------------------------------------------------------------------------


def test_a_sentence_with_links_stays_and_a_link_bar_goes() -> None:
    sentence = (
        "<p>Details are in the <a href='/r'>annual report</a> and the "
        "<a href='/q'>second-quarter release</a>.</p>"
    )
    bar = "<p><a href='/m'>Markets</a> | <a href='/t'>Top 50 funds</a></p>"
    text = text_of(f"<html><body><div>{ARTICLE}{sentence}{bar}</div></body></html>")
    assert "Details are in the annual report and the second-quarter release." in text
    assert "Top 50" not in text


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        ("<p><strong>Read more:</strong> <a href='/x'>Why rates fell 30% in 2023</a></p>", False),
        ("<p><a href='/f.pdf'>Q2 report</a> (PDF, 1.8 MB)</p>", False),
        # the edge: words besides the link make it a sentence
        ("<p>Rates fell 30% in 2023, <a href='/x'>the regulator said</a>.</p>", True),
    ],
)
def test_cross_reference_and_download_lines(line: str, kept: bool) -> None:
    text = text_of(f"<html><body><div>{ARTICLE}{line}</div></body></html>")
    assert has("30%", text) is kept or has("1.8 MB", text) is kept


def test_teaser_cards_go_even_one_of_them_and_headlines_stay() -> None:
    card = "<h3><a href='/s'>Port strike ends after 9 days</a></h3><p>Dockers won a 6.5% raise.</p>"
    text = text_of(f"<html><body><div>{ARTICLE}<h2>Demand</h2><p>Banks bought 41% of it.</p>"
                   f"{card}</div></body></html>")  # fmt: skip
    assert "9 days" not in text and "6.5%" not in text
    assert "Harbor Cloud grows revenue" in text and "Demand" in text and "41%" in text
    linked_headline = text_of(
        "<html><body><h1><a href='/self'>Tolls rise 6%</a></h1>"
        "<p>Canal tolls will rise 6% from January.</p></body></html>"
    )
    assert linked_headline.startswith("Tolls rise 6%")


# -- widgets -----------------------------------------------------------------------------------


def test_quote_widgets_go_and_key_figures_stay() -> None:
    strip = "<div><span>DAX 18,402.1 −0.2%</span> <span>Brent $82.17 +1.1%</span></div>"
    box = "<div><p>HBCL</p><p>142.35 USD</p><p>+2.18 (1.56%)</p><p>Volume 3,204,118</p></div>"
    facts = (
        "<div><p>Revenue US$1,715 million</p><p>Net profit up 12% to US$96 million</p>"
        "<p>Customers 41,200</p></div>"
    )
    text = text_of(f"<html><body><div>{ARTICLE}{strip}{box}{facts}</div></body></html>")
    assert "18,402.1" not in text and "142.35" not in text and "3,204,118" not in text
    assert "Net profit up 12% to US$96 million" in text and "Customers 41,200" in text


def test_a_quote_table_goes_and_data_tables_stay() -> None:
    quotes = "".join(
        f"<tr><td><a href='/q/{n}'>{n}</a></td><td>{v}</td><td>{c}</td></tr>"
        for n, v, c in (("Nikkei", "39,880.25", "+0.8%"), ("Hang Seng", "17,455.90", "-0.3%"))
    )
    linked = (
        "<table><tr><th>Company</th><th>Close</th><th>Change</th></tr>"
        "<tr><td><a href='/s'>Sakura Motors</a></td><td>3,412</td><td>+4.6%</td></tr>"
        "<tr><td><a href='/h'>Hoshi</a></td><td>1,877</td><td>+3.9%</td></tr></table>"
    )
    plain = "<table><tr><td>Wuhan</td><td>96.2</td></tr><tr><td>Chongqing</td><td>81.7</td></tr>"
    tables = f"<table>{quotes}</table>{linked}{plain}</table>"
    text = text_of(f"<html><body><div>{ARTICLE}{tables}</div></body></html>")
    assert "39,880.25" not in text
    assert "Sakura Motors | 3,412 | +4.6%" in text and "Chongqing | 81.7" in text


@pytest.mark.parametrize(
    ("widget", "kept"),
    [
        ("<div><p>Was this article useful?</p><p>87% of readers said yes</p></div>", False),
        ("<div><span>Was this helpful?</span> <span>👍 1,204</span> <span>👎 37</span></div>",
         False),
        ("<div><p>Should the dockyard include a park?</p><p>Yes 62%</p><p>No 38%</p></div>", False),
        # the edge: a question answered in prose is the article's, not a poll
        ("<div><p>Why did margins rise?</p><p>Power costs fell 12% after the company signed "
         "long-term contracts with two wind farms in the region.</p></div>", True),
    ],
)  # fmt: skip
def test_feedback_widgets_and_polls(widget: str, kept: bool) -> None:
    text = text_of(f"<html><body><div>{ARTICLE}{widget}</div></body></html>")
    figures = re.findall(r"\d[\d,]*%?", re.sub(r"<[^>]+>", " ", widget))
    assert all(has(f, text) is kept for f in figures)


# -- lists and lines ---------------------------------------------------------------------------


def test_a_reference_list_goes_and_footnotes_stay() -> None:
    refs = (
        "<h2>References</h2><ol><li>Lindqvist, A. (2022). Freight cycles. Maritime Economics, "
        "14(2), 33–51.</li><li>Port statistics 2024, p. 12.</li></ol>"
    )
    notes = "<h2>Notes</h2><p>(1) Operating margin excludes restructuring costs of 48 million.</p>"
    text = text_of(f"<html><body><div>{ARTICLE}{notes}{refs}</div></body></html>")
    assert "restructuring costs of 48 million" in text
    assert "33–51" not in text and "p. 12" not in text


def test_a_list_of_citations_goes_without_a_heading() -> None:
    refs = (
        "<ul><li>Okafor, C. (2019). Fleet growth. Transport Review, 41(7), 802–819.</li>"
        "<li>Reyes, M. et al. (2021). Rates. doi:10.1000/x</li></ul>"
    )
    assert "802–819" not in text_of(f"<html><body><div>{ARTICLE}{refs}</div></body></html>")


@pytest.mark.parametrize(
    ("line", "figure"),
    [
        ("<p>Research note · 14 May 2026 · 9 min read</p>", "9 min read"),
        ("<p><span>Jonas Weber</span> <a href='#c'>34 comments</a></p>", "34 comments"),
        ("<p>About the author: Maria Ortiz has run warehouses for 12 years.</p>", "12 years"),
        ("<p>© 2026 Alder Pharma A/S · CVR 12 34 56 78</p>", "12 34 56 78"),
        ("<p>Data delayed at least 20 minutes.</p>", "20 minutes"),
    ],
)
def test_meta_author_and_legal_lines_go(line: str, figure: str) -> None:
    text = text_of(f"<html><body><div>{ARTICLE}{line}</div></body></html>")
    assert not has(figure, text) and "rose 18% to 12.3 billion yuan" in text


# -- where things stand ------------------------------------------------------------------------


def test_boxes_outside_the_content_go_and_loose_sentences_stay() -> None:
    more = "<p>" + "The group expects demand from banks to stay strong next year. " * 4 + "</p>"
    story = f"<div class='story'>{ARTICLE}{more}</div>"
    rail = "<div class='r'><p>Shipowners ordered 41 vessels in May.</p></div>"
    loose = "<p>Shares closed 5.8% higher.</p>"
    # the rest of the article after an ad slot: the container's own kind, so not furniture
    continued = "<div class='story'><p>Capex will reach 9 billion yuan.</p></div>"
    text = text_of(f"<html><body>{story}{rail}{loose}{continued}</body></html>")
    assert "41 vessels" not in text
    assert "Shares closed 5.8% higher." in text and "Capex will reach 9 billion yuan." in text


def test_the_masthead_above_the_headline_goes() -> None:
    mast = "<div><a href='/'>Westbay Post</a> <span>Westbay 18°C</span></div>"
    text = text_of(page("", before=mast))
    assert "18°C" not in text and text.startswith("Harbor Cloud grows revenue")
