"""Tests for claimcheck.extract: page bytes -> clean text with blocks, or a failure reason.

Fixture pages live in tests/fixtures/extract/ and were written for these tests; pages in other
encodings (GBK, Big5, Shift-JIS) are built here from Python strings so their bytes are exact.
"""

from __future__ import annotations

import bisect
import io
import json
import random
import re
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader, PdfWriter

from claimcheck.extract import (
    Block,
    Document,
    ExtractFailure,
    extract,
)

FIXTURES = Path(__file__).parents[1] / "fixtures" / "extract"


def load(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def block_at(doc: Document, offset: int) -> Block | None:
    """The block whose span holds ``offset`` (None between blocks or out of range)."""
    i = bisect.bisect_right(doc.blocks, offset, key=lambda b: b.start) - 1
    if i >= 0 and doc.blocks[i].start <= offset < doc.blocks[i].end:
        return doc.blocks[i]
    return None


def doc_of(result: Document | ExtractFailure) -> Document:
    assert isinstance(result, Document), result
    return result


def failure_of(result: Document | ExtractFailure) -> ExtractFailure:
    assert isinstance(result, ExtractFailure), result.text if isinstance(result, Document) else ""
    return result


def block_text(doc: Document, block: Block) -> str:
    return doc.text[block.start : block.end]


def rows_of(doc: Document, kind: str = "table_row") -> list[Block]:
    return [b for b in doc.blocks if b.kind == kind]


def row_with(doc: Document, label: str) -> Block:
    for b in doc.blocks:
        if b.kind.startswith("table") and block_text(doc, b).startswith(label):
            return b
    raise AssertionError(f"no table row starting with {label!r}")


def assert_offsets(doc: Document) -> None:
    """Blocks are sorted, non-overlapping, trimmed spans; only whitespace lies between them."""
    pos = 0
    for b in doc.blocks:
        assert pos <= b.start < b.end <= len(doc.text), b
        assert doc.text[pos : b.start].strip() == "", doc.text[pos : b.start]
        piece = block_text(doc, b)
        assert piece == piece.strip()
        cell_texts = []
        for a, z in b.cells:
            assert b.start <= a < z <= b.end
            cell = doc.text[a:z]
            assert cell == cell.strip() and " | " not in cell
            cell_texts.append(cell)
        if b.cells:
            assert " | ".join(cell_texts) == piece
        assert block_at(doc, b.start) is b
        assert block_at(doc, b.end - 1) is b
        pos = b.end
    assert doc.text[pos:].strip() == ""


# -- a hand-written PDF -----------------------------------------------------------------------


def make_pdf(pages: list[list[str]], title: str | None = None) -> bytes:
    """A real PDF: catalog, page tree, Helvetica font, one content stream per page, exact xref."""

    def esc(s: str) -> str:
        return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    n = len(pages)
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(n))
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {n} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    for i, lines in enumerate(pages):
        ops = ["BT", "/F1 12 Tf", "14 TL", "72 720 Td"]
        for line in lines:
            ops += [f"({esc(line)}) Tj", "T*"]
        ops.append("ET")
        stream = "\n".join(ops).encode("cp1252")
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (5 + 2 * i)
        )
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
    info = ""
    if title is not None:
        objects.append(f"<< /Title ({esc(title)}) >>".encode("cp1252"))
        info = f" /Info {len(objects)} 0 R"
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, obj)
    xref_at = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R{info} >>\n".encode()
    out += b"startxref\n%d\n" % xref_at
    out += b"%%EOF\n"
    return bytes(out)


REPORT_PAGES = [
    ["Northwind Lakes Holdings", "Interim Report 2024", "Prepared for shareholders."],
    [
        "Financial review",
        "Revenue was RMB33,398 million (US$4,662 million) in the second quarter.",
        "Gross margin was 41.7%.",
    ],
    ["Outlook", "Third quarter revenue is expected to reach RMB34,000 million."],
]


# -- HTML: press release with boilerplate and a results table ---------------------------------


@pytest.fixture(scope="module")
def press() -> Document:
    return doc_of(extract(load("press_release.html"), "text/html; charset=utf-8"))


def test_press_release_keeps_prose_and_figures(press: Document) -> None:
    assert press.title == (
        "Northwind Lakes Holdings Reports Second Quarter 2024 Unaudited Financial Results"
    )
    assert press.content_type == "text/html"
    assert press.charset == "utf-8"
    assert (
        "Revenue was RMB33,398 million (US$4,662 million), an increase of 26% year-over-year."
        in press.text
    )
    assert "Operating expenses were RMB9,874 million, down 3%" in press.text
    assert "between RMB34,000 million and RMB35,200 million" in press.text
    # the article's own <header> (headline, dateline) stays although page <header>s go
    assert "HANGZHOU, China, August 20, 2024" in press.text
    headings = [block_text(press, b) for b in press.blocks if b.kind == "heading"]
    assert headings[:2] == [press.title, "Second Quarter 2024 Highlights"]
    items = [block_text(press, b) for b in press.blocks if b.kind == "list_item"]
    assert items[0].startswith("Revenue was RMB33,398 million")
    assert len(items) == 4


def test_press_release_drops_boilerplate(press: Document) -> None:
    for gone in (
        "We use cookies",
        "Accept all",
        "About Us",
        "Careers at Northwind",
        "Press Releases",  # breadcrumb
        "Share on X",
        "Tags: earnings",  # the article's footer
        "Investor Contacts",  # <aside class="sidebar">
        "Related press releases",
        "Northwind Lakes Reports First Quarter 2024 Results",
        "Stay informed",
        "All rights reserved",
        "Terms of use",
        "dataLayer",
        "NewsArticle",
        ".hero",
    ):
        assert gone not in press.text, gone


def test_press_release_text_is_normalised(press: Document) -> None:
    assert "\xa0" not in press.text and "\u2009" not in press.text
    assert "  " not in press.text
    assert "June 30, 2024." in press.text  # &nbsp; became a plain space
    assert "41.7% from 38.2%" in press.text  # a thin space too
    # a footnote marker never sticks to the figure or word before it
    assert "RMB5,120 million 1, compared" in press.text
    # <br> inside a div is a line break, not a joined word
    assert "Chief Executive Officer.\n“Our second half" in press.text
    assert_offsets(press)


def test_results_table_cells_never_merge(press: Document) -> None:
    revenue = row_with(press, "Revenue |")
    assert block_text(press, revenue) == "Revenue | 26,549 | 33,398 | 26%"
    assert "26,54933,398" not in press.text
    assert [press.text[a:z] for a, z in revenue.cells] == ["Revenue", "26,549", "33,398", "26%"]
    # a ")" alone in a cell closes the number before it, as the page shows it
    assert block_text(press, row_with(press, "Cost of revenue")) == (
        "Cost of revenue | (16,407) | (19,471) | 19%"
    )


def test_results_table_unit_note_and_header_context(press: Document) -> None:
    header = rows_of(press, "table_header")
    assert [block_text(press, b) for b in header] == ["Q2 2023 | Q2 2024 | YoY"]
    rows = rows_of(press)
    assert len(rows) == 4
    for row in rows:
        assert row.unit_note == "(in millions of RMB, except percentages)"
        assert "Q2 2023 | Q2 2024" in row.context
        assert "(in millions of RMB, except percentages)" in row.context
    assert header[0].unit_note == "(in millions of RMB, except percentages)"
    # prose blocks carry no table context
    prose = block_at(press, press.text.index("Revenue was RMB33,398"))
    assert prose is not None and prose.kind == "list_item" and prose.context == ""


# -- HTML: news page ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def news() -> Document:
    return doc_of(extract(load("news_article.html"), "text/html"))


def test_news_page_keeps_story_inside_sidebar_layout(news: Document) -> None:
    # <body class="has-sidebar"> and <div class="layout-with-sidebar"> wrap the whole story
    assert "River ports handled 412.5 million tonnes of cargo in the first half, up 8.4%" in (
        news.text
    )
    assert "grew to 1.06 billion tonnes a year" in news.text
    assert "Freight forwarders expect volumes of 820 million tonnes" in news.text
    assert (
        news.title == "Harbour freight volumes climb as river ports add capacity - The Daily Ledger"
    )


def test_news_page_drops_chrome_hidden_and_comments(news: Document) -> None:
    for gone in (
        "Skip to content",
        "Markets open",
        "Opinion",
        "Advertisement",
        "Hidden teaser",
        "Another hidden paragraph",
        "Decorative duplicate",
        "WhatsApp",
        "12 Comments",
        "rail numbers",
        "Most read",
        "grain futures",
        "You may also like",
        "$1 a week",
        "Advertise with us",
    ):
        assert gone not in news.text, gone


def test_news_page_block_boundaries_and_kinds(news: Document) -> None:
    # adjacent <div>s are separate lines, never "cargo.Bulk"
    assert "Container throughput rose faster than bulk cargo.\nBulk volumes were flat." in (
        news.text
    )
    assert "\u202f" not in news.text and "412.5 million" in news.text
    quote = block_at(news, news.text.index("Growth in the second half"))
    assert quote is not None and quote.kind == "quote"
    # a linked footnote marker after "expenses." does not become ".2"
    assert "expenses.2" not in news.text and "expenses. 2 Freight" in news.text
    # <pre> keeps its lines
    assert "Port H1 2024\nWuhan 96.2\nChongqing 81.7" in news.text
    assert_offsets(news)


def test_link_menus_without_class_names_are_dropped() -> None:
    menu = "".join(f'<div><a href="/s{i}">Section {i}</a></div>' for i in range(6))
    prose = "<p>" + "Cargo volumes at the inland port rose again this month. " * 6 + "</p>"
    page = f"<html><body><div>{menu}</div><article>{prose}</article></body></html>"
    doc = doc_of(extract(page.encode(), "text/html"))
    assert "Section 3" not in doc.text
    assert "Cargo volumes at the inland port" in doc.text


def test_main_content_is_never_dropped_by_a_wrapper() -> None:
    story = "<p>" + "The refinery processed 212,000 barrels a day in July. " * 8 + "</p>"
    page = (
        '<html><body><form id="aspnetForm" action="/page.aspx">'
        f'<div class="sidebar-wrapper"><div class="content">{story}</div>'
        '<div class="widget"><a href="/x">Other link</a></div></div>'
        "</form></body></html>"
    )
    doc = doc_of(extract(page.encode(), "text/html"))
    assert "212,000 barrels a day" in doc.text


def test_accessible_alternative_survives_when_the_visible_copy_is_aria_hidden() -> None:
    prose = "<p>" + "Shares of the port operator traded higher through the session. " * 5
    page = (
        f"<html><body>{prose}</p><p>Market value <span aria-hidden='true'>$4.6B</span>"
        "<span class='sr-only'>4.6 billion dollars</span> at the close.</p></body></html>"
    )
    doc = doc_of(extract(page.encode(), "text/html"))
    assert "Market value 4.6 billion dollars at the close." in doc.text


def test_links_inside_prose_keep_their_text() -> None:
    prose = "<p>" + "The operator published its annual report on Tuesday morning. " * 5 + "</p>"
    page = (
        f"<html><body>{prose}<p>Revenue is described in the <a href='/10k' "
        "aria-label='Related filing: annual report (PDF)'>annual report</a> and the "
        "<a class='inline-link' href='/q2'>second-quarter release</a>.</p></body></html>"
    )
    doc = doc_of(extract(page.encode(), "text/html"))
    assert "described in the annual report and the second-quarter release." in doc.text


def test_very_deep_pages_still_give_their_text() -> None:
    prose = "<p>" + "Throughput at the river terminal rose to 4,210 TEU per week. " * 5 + "</p>"
    for depth in (400, 5000):  # 5000 is past libxml2's limit of 2048 open elements
        page = "<html><body>" + "<div>" * depth + prose + "<p>Last &amp; final</p>"
        page += "</div>" * depth + "</body></html>"
        doc = doc_of(extract(page.encode(), "text/html"))
        assert "4,210 TEU per week" in doc.text and "Last & final" in doc.text
        assert_offsets(doc)


# -- HTML tables -------------------------------------------------------------------------------

TABLES_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Tables</title></head><body>
<p>Segment results for the six months ended June 30 are set out below, with comparatives.</p>
<table>
  <caption>Table 2: Segment revenue (in thousands of US$)</caption>
  <thead>
    <tr><th rowspan="2">Segment</th><th colspan="2">Six months ended June 30</th></tr>
    <tr><th>2023</th><th>2024</th></tr>
  </thead>
  <tbody>
    <tr><th scope="row">Parks</th><td>$</td><td>12,050</td><td>$</td><td>14,275</td></tr>
    <tr><th scope="row">Barges</th><td>8,410<sup>(a)</sup></td><td>9,902</td></tr>
    <tr><td></td><td></td><td></td></tr>
  </tbody>
</table>
<table>
  <tr><td colspan="3">(in millions of RMB, except per share data)</td></tr>
  <tr><th>Item</th><th>FY2023</th><th>FY2024</th></tr>
  <tr><td>Net income</td><td>3,904</td><td>5,120</td></tr>
  <tr><td>Diluted EPS (RMB)</td><td>1.21</td><td>1.58</td></tr>
</table>
<figure>
  <figcaption>Figure 3. Warehouse tenants by region</figcaption>
  <table>
    <tr><td>Region</td><td>Tenants</td></tr>
    <tr><td>East</td><td>11,200</td></tr>
    <tr><td>West</td><td>7,220</td></tr>
  </table>
</figure>
<table class="layout" width="100%"><tr><td>
  <p>Layout cell text about the quarter that sits beside the data table.</p>
  <table>
    <tr><td>(RMB in millions)</td><td>Q1</td><td>Q2</td></tr>
    <tr><td>Capex</td><td>1,020</td><td>1,340</td></tr>
  </table>
</td><td><p>Second layout column with a note.</p></td></tr></table>
<p>单位：人民币百万元</p>
<table>
  <tr><td>项目</td><td>2023年</td><td>2024年</td></tr>
  <tr><td>营业收入</td><td>26,549</td><td>33,398</td></tr>
</table>
<p>Closing remarks about dividends, which were 0.35 per share, fill out the page a little.</p>
</body></html>"""


@pytest.fixture(scope="module")
def tables() -> Document:
    return doc_of(extract(TABLES_PAGE.encode("utf-8"), "text/html"))


def test_table_caption_thead_and_colspan(tables: Document) -> None:
    caption = block_at(tables, tables.text.index("Table 2:"))
    assert caption is not None and caption.kind == "caption"
    headers = [block_text(tables, b) for b in rows_of(tables, "table_header")]
    assert "Segment | Six months ended June 30" in headers
    assert "2023 | 2024" in headers
    parks = row_with(tables, "Parks")
    # "$" cells are glued to their number; the two periods stay apart
    assert block_text(tables, parks) == "Parks | $12,050 | $14,275"
    assert parks.unit_note == "(in thousands of US$)"
    assert parks.context.splitlines() == [
        "Table 2: Segment revenue (in thousands of US$)",
        "Segment | Six months ended June 30",
        "2023 | 2024",
    ]
    barges = row_with(tables, "Barges")
    assert block_text(tables, barges) == "Barges | 8,410 (a) | 9,902"


def test_table_first_row_unit_note(tables: Document) -> None:
    row = row_with(tables, "Net income")
    assert block_text(tables, row) == "Net income | 3,904 | 5,120"
    assert row.unit_note == "(in millions of RMB, except per share data)"
    assert "Item | FY2023 | FY2024" in row.context
    assert "(in millions of RMB, except per share data)" in row.context
    note = block_at(tables, tables.text.index("(in millions of RMB, except per share"))
    assert note is not None and note.kind == "table_header"


def test_statement_table_with_title_and_note_rows() -> None:
    prose = "<p>" + "The company filed its interim statements with the exchange today. " * 4
    table = """<table>
      <tr><td colspan="7"><b>CONDENSED CONSOLIDATED STATEMENTS OF OPERATIONS</b></td></tr>
      <tr><td colspan="7">(In thousands, except per share data)</td></tr>
      <tr><td></td><td colspan="3">Three Months Ended June 30,</td></tr>
      <tr><td>&#160;</td><td colspan="2">2024</td><td colspan="2">2023</td></tr>
      <tr><td>Revenue</td><td>$</td><td>33,398</td><td>$</td><td>26,549</td></tr>
      <tr><td>Net loss</td><td>(</td><td>1,204</td><td>)</td><td>(2,310</td><td>)</td></tr>
      <tr><td>Net loss per share</td><td>$</td><td>(0.12</td><td>)</td><td>$</td>
          <td>(0.25</td><td>)</td></tr>
    </table>"""
    page = f"<html><body>{prose}</p>{table}</body></html>"
    doc = doc_of(extract(page.encode(), "text/html"))
    headers = [block_text(doc, b) for b in rows_of(doc, "table_header")]
    assert headers == [
        "CONDENSED CONSOLIDATED STATEMENTS OF OPERATIONS",
        "(In thousands, except per share data)",
        "Three Months Ended June 30,",
        "2024 | 2023",
    ]
    rows = {block_text(doc, b) for b in rows_of(doc)}
    assert rows == {
        "Revenue | $33,398 | $26,549",
        "Net loss | (1,204) | (2,310)",
        "Net loss per share | $(0.12) | $(0.25)",
    }
    for row in rows_of(doc):
        assert row.unit_note == "(In thousands, except per share data)"
        assert row.context.splitlines() == headers


def test_table_figcaption_becomes_caption(tables: Document) -> None:
    row = row_with(tables, "East")
    assert block_text(tables, row) == "East | 11,200"
    # a first row of labels over rows of figures is the header
    assert row.context == "Figure 3. Warehouse tenants by region\nRegion | Tenants"
    assert row.unit_note is None


def test_nested_tables_flatten_layout_and_keep_data(tables: Document) -> None:
    layout = block_at(tables, tables.text.index("Layout cell text"))
    assert layout is not None and layout.kind == "paragraph"
    assert "Second layout column with a note." in tables.text
    capex = row_with(tables, "Capex")
    assert block_text(tables, capex) == "Capex | 1,020 | 1,340"
    assert capex.unit_note == "(RMB in millions)"
    header = block_at(tables, tables.text.index("(RMB in millions) | Q1 | Q2"))
    assert header is not None and header.kind == "table_header"
    assert capex.context == "(RMB in millions) | Q1 | Q2"


def test_chinese_unit_note_line_above_table(tables: Document) -> None:
    row = row_with(tables, "营业收入")
    assert block_text(tables, row) == "营业收入 | 26,549 | 33,398"
    assert row.unit_note == "单位：人民币百万元"
    assert row.context == "项目 | 2023年 | 2024年\n单位：人民币百万元"
    assert_offsets(tables)


# -- charsets ----------------------------------------------------------------------------------

ZH_SIMPLIFIED = """<html><head>{meta}<title>北岸湖泊控股公布二零二四年第二季度业绩</title></head>
<body>
<div class="nav"><a href="/">首页</a><a href="/ir">投资者关系</a></div>
<h1>北岸湖泊控股公布二零二四年第二季度未经审计财务业绩</h1>
<p>本季度营业收入为人民币333.98亿元，同比增长百分之二十六，主要得益于新开园区的出租率持续提升。</p>
<p>毛利率由去年同期的百分之三十八点二提高至百分之四十一点七。公司管理层表示，下半年将继续扩大内河物流网络，并加强仓储自动化投入。</p>
<p>截至六月三十日，公司现金及现金等价物合计为人民币一百二十亿元。董事会认为，现有资金足以支持未来十二个月的资本开支计划。</p>
<p>喆堃先生获委任为独立非执行董事，任期三年。</p>
</body></html>"""

ZH_TRADITIONAL = """<html><head>{meta}<title>港灣物流集團公佈中期業績</title></head><body>
<h1>港灣物流集團公佈二零二四年中期業績</h1>
<p>集團期內收入為新臺幣四百一十二億元，較去年同期增長百分之八點四。</p>
<p>董事會建議派發中期股息每股一點二元，並將繼續投資於碼頭自動化及倉儲設施。</p>
<p>管理層預期下半年貨運量將保持穩定，但燃料成本仍然是主要風險。</p>
</body></html>"""

JA_PAGE = """<html><head>{meta}<title>湖畔ロジスティクス第２四半期決算</title></head><body>
<h1>湖畔ロジスティクス株式会社　２０２４年度第２四半期決算のお知らせ</h1>
<p>当四半期の売上高は前年同期比２６％増の３３３億９８００万円となりました。</p>
<p>①新倉庫の稼働、②既存顧客の取引拡大、③物流単価の改善が増収に寄与しました。</p>
<p>髙橋社長は「下期も投資を継続する」と述べています。通期の見通しに変更はありません。</p>
</body></html>"""


def not_utf8(body: bytes) -> bytes:
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    return body


def test_gbk_page_with_gb2312_meta_reads_gbk_only_characters() -> None:
    # 喆 and 堃 are outside GB2312: pages that say gb2312 are read as GB18030
    meta = '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
    body = not_utf8(ZH_SIMPLIFIED.format(meta=meta).encode("gbk"))
    doc = doc_of(extract(body, "text/html"))
    assert doc.charset == "gb18030"
    assert "本季度营业收入为人民币333.98亿元，同比增长百分之二十六" in doc.text
    assert "喆堃先生获委任为独立非执行董事" in doc.text
    assert "首页" not in doc.text
    assert doc.title == "北岸湖泊控股公布二零二四年第二季度业绩"


def test_gbk_page_without_any_declared_charset_is_detected() -> None:
    body = not_utf8(ZH_SIMPLIFIED.format(meta="").encode("gbk"))
    for content_type in ("text/html", None):
        doc = doc_of(extract(body, content_type))
        assert doc.charset == "gb18030"
        assert "现金及现金等价物合计为人民币一百二十亿元" in doc.text


def test_latin1_header_yields_to_gbk_meta() -> None:
    # servers send iso-8859-1 by default; it decodes anything, so a <meta> that decodes wins
    body = not_utf8(ZH_SIMPLIFIED.format(meta='<meta charset="gbk">').encode("gbk"))
    doc = doc_of(extract(body, "text/html; charset=iso-8859-1"))
    assert doc.charset == "gb18030"
    assert "同比增长百分之二十六" in doc.text


def test_wrong_utf8_header_falls_back_to_meta() -> None:
    body = not_utf8(ZH_SIMPLIFIED.format(meta='<meta charset="gbk">').encode("gbk"))
    doc = doc_of(extract(body, "text/html", charset="utf-8"))
    assert doc.charset == "gb18030"
    assert "毛利率由去年同期的百分之三十八点二" in doc.text


def test_charset_argument_beats_content_type_parameter() -> None:
    body = not_utf8(ZH_SIMPLIFIED.format(meta="").encode("gbk"))
    doc = doc_of(extract(body, "text/html; charset=utf-8", charset="GBK"))
    assert doc.charset == "gb18030" and "喆堃" in doc.text


def test_big5_page_from_header_and_from_meta() -> None:
    body = not_utf8(ZH_TRADITIONAL.format(meta="").encode("big5"))
    doc = doc_of(extract(body, "text/html; charset=big5"))
    assert doc.charset == "cp950"
    assert "集團期內收入為新臺幣四百一十二億元，較去年同期增長百分之八點四。" in doc.text
    meta_body = ZH_TRADITIONAL.format(meta='<meta charset="big5">').encode("big5")
    assert "董事會建議派發中期股息" in doc_of(extract(meta_body, "text/html")).text


def test_shift_jis_page_reads_windows_extensions() -> None:
    # ① and 髙 exist only in Windows-31J, which is what "Shift_JIS" pages really use
    meta = '<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">'
    body = not_utf8(JA_PAGE.format(meta=meta).encode("cp932"))
    doc = doc_of(extract(body, "text/html"))
    assert doc.charset == "cp932"
    assert "当四半期の売上高は前年同期比２６％増の３３３億９８００万円となりました。" in doc.text
    assert "①新倉庫の稼働" in doc.text and "髙橋社長" in doc.text
    assert "\u3000" not in doc.text  # the ideographic space is whitespace too


def test_bom_beats_a_wrong_header() -> None:
    page = "<html><body><p>" + "Umsatz stieg um 12 % auf 4.662 Mio. € – größer als erwartet. " * 5
    page += "</p></body></html>"
    doc = doc_of(extract(b"\xef\xbb\xbf" + page.encode("utf-8"), "text/html; charset=iso-8859-1"))
    assert doc.charset == "utf-8" and "4.662 Mio. € – größer" in doc.text
    doc16 = doc_of(extract(b"\xff\xfe" + page.encode("utf-16-le"), None))
    assert doc16.charset == "utf-16-le" and "größer als erwartet" in doc16.text


def test_real_latin1_page_keeps_latin1() -> None:
    page = "<html><body><p>" + "Le chiffre d'affaires a progressé de 7 % à 1 250 M€. " * 5
    body = (page + "</p></body></html>").encode("cp1252")
    doc = doc_of(extract(body, "text/html; charset=ISO-8859-1"))
    assert doc.charset == "cp1252" and "progressé de 7 % à 1 250 M€." in doc.text


def test_download_cut_inside_a_utf8_character_still_decodes() -> None:
    page = "<html><body><p>" + "Revenue rose 26% to €4,662 million in the quarter. " * 6 + "€"
    body = page.encode("utf-8")[:-1]  # half of the last euro sign
    doc = doc_of(extract(body, "text/html; charset=utf-8"))
    assert doc.charset == "utf-8" and "€4,662 million" in doc.text


# -- PDF ---------------------------------------------------------------------------------------


def test_handmade_pdf_is_valid() -> None:
    reader = PdfReader(io.BytesIO(make_pdf(REPORT_PAGES)), strict=True)
    assert len(reader.pages) == 3


def test_pdf_pages_and_page_numbers() -> None:
    body = make_pdf(REPORT_PAGES, title="Interim Report 2024")
    doc = doc_of(extract(body, "application/pdf"))
    assert doc.content_type == "application/pdf" and doc.charset is None
    assert doc.title == "Interim Report 2024"
    assert [b.page for b in doc.blocks] == [1, 2, 3]
    assert all(b.kind == "page" for b in doc.blocks)
    at = doc.text.index("RMB33,398 million")
    block = block_at(doc, at)
    assert block is not None and block.page == 2
    assert "Revenue was RMB33,398 million (US$4,662 million) in the second quarter." in (
        block_text(doc, block)
    )
    # lines of a page are joined by "\n", pages by a blank line
    assert block_text(doc, block).startswith("Financial review\nRevenue was")
    assert "\n\nOutlook\n" in doc.text
    assert_offsets(doc)


def test_pdf_is_sniffed_whatever_the_label() -> None:
    body = make_pdf(REPORT_PAGES)
    for content_type in (None, "application/octet-stream", "text/html", "binary/octet-stream"):
        doc = doc_of(extract(body, content_type))
        assert doc.content_type == "application/pdf"


def test_truncated_pdf_is_a_pdf_error() -> None:
    body = make_pdf(REPORT_PAGES)
    failure = failure_of(extract(body[: len(body) * 2 // 3], "application/pdf"))
    assert failure.reason == "pdf_error" and "truncated" in failure.detail


def test_garbage_pdf_is_a_pdf_error() -> None:
    body = b"%PDF-1.7\n" + bytes(random.Random(3).randrange(256) for _ in range(3000)) + b"%%EOF"
    failure = failure_of(extract(body, "application/pdf"))
    assert failure.reason == "pdf_error"
    not_pdf = failure_of(extract(b"\x00\x01binary stuff", "application/pdf"))
    assert not_pdf.reason == "pdf_error"


def encrypted_pdf(user_password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(REPORT_PAGES))))
    writer.encrypt(user_password, owner_password="owner-secret", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_encrypted_pdf_without_password_is_a_pdf_error() -> None:
    failure = failure_of(extract(encrypted_pdf("reader-secret"), "application/pdf"))
    assert failure.reason == "pdf_error" and "encrypted" in failure.detail


def test_pdf_encrypted_only_against_editing_opens() -> None:
    doc = doc_of(extract(encrypted_pdf(""), "application/pdf"))
    assert "RMB33,398 million" in doc.text


def test_pdf_without_text_is_no_text() -> None:
    failure = failure_of(extract(make_pdf([[], []]), "application/pdf"))
    assert failure.reason == "no_text" and "2 pages" in failure.detail


def test_html_page_served_as_pdf_is_read_as_html() -> None:
    failure = failure_of(extract(load("challenge_cloudflare.html"), "application/pdf"))
    assert failure.reason == "blocked"


# -- plain text and markdown -------------------------------------------------------------------


def test_plain_text_paragraphs() -> None:
    doc = doc_of(extract(load("plain_note.txt"), "text/plain"))
    assert doc.content_type == "text/plain" and doc.charset == "utf-8"
    assert [b.kind for b in doc.blocks] == ["paragraph"] * 3
    assert block_text(doc, doc.blocks[1]) == (
        "Revenue for the quarter was RMB33,398 million (US$4,662 million),\n"
        "an increase of 26% year-over-year."
    )
    assert "\n\nOperating expenses fell 3% to RMB9,874 million.\nWarehouse tenants: 18,420." in (
        doc.text
    )
    assert_offsets(doc)


def test_markdown_headings_lists_and_tables() -> None:
    doc = doc_of(extract(load("results_note.md"), "text/markdown; charset=utf-8"))
    assert doc.content_type == "text/markdown" and doc.title == "Results summary"
    kinds = [b.kind for b in doc.blocks]
    assert kinds == [
        "heading",
        "paragraph",
        "heading",
        "list_item",
        "list_item",
        "list_item",
        "table_header",
        "table_row",
        "table_row",
    ]
    revenue = row_with(doc, "Revenue")
    assert block_text(doc, revenue) == "Revenue | 1,050.2 | 1,204.6"
    assert revenue.context == "Metric | FY2023 | FY2024"
    assert_offsets(doc)


def test_plain_text_in_gbk_is_detected() -> None:
    text = "\n\n".join(
        re.sub(r"<[^>]+>", "", line) for line in ZH_SIMPLIFIED.format(meta="").splitlines()
    )
    doc = doc_of(extract(not_utf8(text.encode("gbk")), "text/plain"))
    assert doc.charset == "gb18030" and "喆堃先生" in doc.text


def test_local_file_suffix_guess_and_sniffing() -> None:
    md = doc_of(extract(load("results_note.md"), None, url="file:///notes/results_note.md"))
    assert md.content_type == "text/markdown"
    html = doc_of(extract(load("press_release.html"), "application/octet-stream"))
    assert html.content_type == "text/html" and "RMB33,398 million" in html.text
    txt = doc_of(extract(load("plain_note.txt"), None))
    assert txt.content_type == "text/plain"


# -- failures ----------------------------------------------------------------------------------


def test_cloudflare_challenge_is_blocked() -> None:
    failure = failure_of(extract(load("challenge_cloudflare.html"), "text/html"))
    assert failure.reason == "blocked"
    assert "Cloudflare" in failure.detail and "Just a moment..." in failure.detail


@pytest.mark.parametrize(
    ("page", "says"),
    [
        (
            "<html><head><title>Attention Required! | Cloudflare</title></head><body>"
            "<h1>Sorry, you have been blocked</h1><p>You are unable to access example.com</p>"
            "</body></html>",
            "Attention Required",
        ),
        (
            "<html><head><title>Access Denied</title></head><body><h1>Access Denied</h1>"
            "<p>You don't have permission to access this server.</p><p>Reference #18.4f2</p>"
            "</body></html>",
            "Access Denied",
        ),
        (
            "<html><head><title>example.com</title></head><body><div id='px-captcha'></div>"
            "<p>Press &amp; Hold to confirm you are a human (and not a bot).</p></body></html>",
            "Press & Hold",
        ),
        (
            "<html><head><title>Pardon Our Interruption</title></head><body><p>As you were "
            "browsing something about your browser made us think you were a bot.</p></body></html>",
            "Pardon Our Interruption",
        ),
        (
            "<html><head><title>Security</title></head><body><p>Please complete the security "
            "check to access the site.</p><div class='g-recaptcha'></div></body></html>",
            "security check",
        ),
        (
            "<html><head><title>Notice</title></head><body><h2>One more step</h2>"
            "<p>Please verify you are human by completing the captcha below.</p></body></html>",
            "verify you are human",
        ),
    ],
)
def test_bot_walls_are_blocked(page: str, says: str) -> None:
    failure = failure_of(extract(page.encode(), "text/html"))
    assert failure.reason == "blocked"
    assert says.lower() in failure.detail.lower()


def test_long_article_mentioning_captcha_and_subscribe_is_not_blocked() -> None:
    doc = doc_of(extract(load("long_article_mentions.html"), "text/html"))
    assert "The oldest tool is the captcha" in doc.text
    assert "cut fake sign-ups by 63% last year" in doc.text


def test_article_titled_like_an_error_is_not_blocked() -> None:
    body = "".join(
        f"<p>Paragraph {i}: regulators said access to the archive would be restricted to "
        f"researchers after {i + 12} complaints about privacy were filed this year.</p>"
        for i in range(50)
    )
    page = f"<html><head><title>Access denied: the fight over open data</title></head><body>{body}"
    doc = doc_of(extract(page.encode(), "text/html"))
    assert "Paragraph 49" in doc.text


def test_js_shell_is_no_text() -> None:
    failure = failure_of(extract(load("js_shell.html"), "text/html"))
    assert failure.reason == "no_text"
    assert "JavaScript" in failure.detail


@pytest.mark.parametrize(
    "body",
    [b"", b"   \n  ", b"<html><head><title>x</title></head><body></body></html>", b"<!-- c -->"],
)
def test_empty_pages_are_no_text(body: bytes) -> None:
    assert failure_of(extract(body, "text/html")).reason == "no_text"
    assert failure_of(extract(body, None)).reason == "no_text"


def test_meta_refresh_page_is_no_text_with_target() -> None:
    page = (
        b'<html><head><meta http-equiv="refresh" content="0; url=https://example.com/new">'
        b"</head><body><p>Redirecting...</p></body></html>"
    )
    failure = failure_of(extract(page, "text/html"))
    assert failure.reason == "no_text" and "https://example.com/new" in failure.detail


def test_paywall_stub_is_blocked_as_paywall() -> None:
    failure = failure_of(extract(load("paywall_stub.html"), "text/html"))
    assert failure.reason == "blocked"
    assert "paywall" in failure.detail and "Subscribe to continue reading" in failure.detail


def test_paywall_prompt_hidden_in_a_dropped_box_is_still_seen() -> None:
    page = (
        "<html><body><article><h1>Port fees rise</h1><p>Port fees rose 4% this year, the "
        "authority said on Friday.</p></article><div class='subscribe-box'><p>This article is "
        "for subscribers only.</p></div></body></html>"
    )
    failure = failure_of(extract(page.encode(), "text/html"))
    assert failure.reason == "blocked" and "paywall" in failure.detail


def test_paywall_seen_only_in_structured_data() -> None:
    page = (
        '<html><head><script type="application/ld+json">{"@type": "NewsArticle", '
        '"isAccessibleForFree": false}</script></head><body><article><h1>Tolls rise</h1>'
        "<p>Canal tolls will rise 6% from January, the operator said.</p></article></body></html>"
    )
    failure = failure_of(extract(page.encode(), "text/html"))
    assert failure.reason == "blocked" and "isAccessibleForFree" in failure.detail


def test_short_real_page_is_kept() -> None:
    page = (
        "<html><head><title>Dividend notice</title></head><body><p>The board declared a final "
        "dividend of HK$0.35 per share for 2024, payable on 12 June to shareholders on the "
        "register at 30 May. Investors may subscribe to e-mail alerts on the company website. "
        "The dividend will be paid in cash; no scrip option is offered this year.</p></body></html>"
    )
    doc = doc_of(extract(page.encode(), "text/html"))
    assert "HK$0.35 per share" in doc.text


# -- short pages are sources: a page is unreadable for what it is, never for being short ------


def test_a_one_sentence_page_is_a_source() -> None:
    sentence = "Harbor Cloud revenue grew 18% to 12.3 billion yuan in the June quarter."
    doc = doc_of(extract(f"<html><body><p>{sentence}</p></body></html>".encode(), "text/html"))
    assert doc.text == sentence


def test_a_two_line_note_is_a_source() -> None:
    note = b"Call notes, 4 June\nThe CFO said paying customers passed 41,000.\n"
    doc = doc_of(extract(note, "text/plain"))
    assert "passed 41,000" in doc.text


def test_a_short_chinese_page_in_gbk_is_a_source() -> None:
    page = (
        '<html><head><meta charset="gbk"><title>业绩简报</title></head><body>'
        "<p>云业务收入增长18%，达到123亿元。</p></body></html>"
    )
    doc = doc_of(extract(page.encode("gbk"), "text/html"))
    assert doc.text == "云业务收入增长18%，达到123亿元。"


@pytest.mark.parametrize(
    "body",
    [
        # an app shell showing only what every shell shows while scripts load
        '<html><body><div id="app"></div><p>Loading…</p><script src="/app.js"></script>'
        "</body></html>",
        # a server-rendered label above an empty mount point, no figure in sight
        '<html><body><p>Example Markets</p><div id="root"></div><noscript>Please enable '
        'JavaScript to use this site.</noscript><script src="/main.js"></script></body></html>',
        # only a copyright line and links survive
        '<html><body><div><a href="/">Home</a></div><p>© 2026 Example Markets. All rights '
        'reserved.</p><script src="/main.js"></script></body></html>',
    ],
    ids=["loading", "label-over-empty-root", "copyright-and-links"],
)
def test_script_built_shells_are_no_text_whatever_their_length(body: str) -> None:
    failure = failure_of(extract(body.encode(), "text/html"))
    assert failure.reason == "no_text" and "JavaScript" in failure.detail


def test_a_shell_that_states_a_figure_is_read() -> None:
    # the edge of the shell rule: evidence of scripts, and a sentence with a figure to check
    body = (
        '<html><body><p>Revenue rose 7% to $2.1 billion.</p><div id="root"></div>'
        '<script src="/main.js"></script></body></html>'
    )
    assert doc_of(extract(body.encode(), "text/html")).text == "Revenue rose 7% to $2.1 billion."


def test_a_unit_exponent_is_not_a_footnote_marker() -> None:
    page = b"<p>The plant covers 120,000 m<sup>2</sup> and cost $40 million<sup>1</sup>.</p>"
    doc = doc_of(extract(page, "text/html"))
    assert doc.text == "The plant covers 120,000 m2 and cost $40 million 1."


def test_bot_protection_markup_blocks_only_a_page_without_content() -> None:
    marker = '<script src="/cdn-cgi/challenge-platform/scripts/jsd/main.js"></script>'
    page = f"<html><body><p>Dividend: HK$0.35 per share.</p>{marker}</body></html>"
    assert doc_of(extract(page.encode(), "text/html")).text == "Dividend: HK$0.35 per share."
    wall = f"<html><body><p>One moment, please…</p>{marker}</body></html>"
    failure = failure_of(extract(wall.encode(), "text/html"))
    assert failure.reason == "blocked" and "Cloudflare" in failure.detail


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 64, "image/jpeg; charset=binary"),
        (b"PK\x03\x04" + b"\x00" * 64, "application/zip"),
        (b'{"revenue": 33398}', "application/json"),
        (b"\x00\x00\x00\x18ftypmp42", "video/mp4"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, None),
    ],
)
def test_unsupported_content_types(body: bytes, content_type: str | None) -> None:
    failure = failure_of(extract(body, content_type))
    assert failure.reason == "unsupported_content_type"


def test_compressed_body_labelled_html_is_a_decode_error() -> None:
    body = zlib.compress(("<html><body>" + "<p>hello world</p>" * 200).encode()) * 3
    failure = failure_of(extract(body, "text/html; charset=utf-8"))
    assert failure.reason == "decode_error"


# -- documents ---------------------------------------------------------------------------------


def test_documents_round_trip_through_json(press: Document) -> None:
    # the text cache stores Documents as JSON: what the extractor makes must come back whole
    data = json.loads(json.dumps(press.to_dict()))
    assert Document.from_dict(data) == press
    pdf = doc_of(extract(make_pdf(REPORT_PAGES), "application/pdf"))
    assert Document.from_dict(json.loads(json.dumps(pdf.to_dict()))) == pdf


def test_separators_and_the_ends_belong_to_no_block(press: Document) -> None:
    first = press.blocks[0]
    assert block_at(press, 0) is first
    assert block_at(press, first.end) is None  # the separator belongs to no block
    assert block_at(press, -1) is None
    assert block_at(press, len(press.text)) is None
    empty = Document("", ())
    assert block_at(empty, 0) is None


def test_dataclasses_are_frozen(press: Document) -> None:
    with pytest.raises(AttributeError):
        press.text = "x"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        press.blocks[0].start = 3  # type: ignore[misc]


# -- property: offsets always slice the text ---------------------------------------------------

WORDS = st.sampled_from(
    [
        "revenue",
        "margin",
        "tenants",
        "cargo",
        "营业收入",
        "増加",
        "&amp;",
        "a&nbsp;b",
        "x&#8201;y",
        "Q2",
        "(note)",
        "US$4,662",
        "26%",
    ]
)
NUMBERS = st.integers(min_value=0, max_value=10**7).map(lambda n: f"{n:,}")
PHRASE = st.lists(st.one_of(WORDS, NUMBERS), min_size=1, max_size=8).map(" ".join)
INLINE = st.one_of(
    PHRASE,
    PHRASE.map(lambda s: f"<b>{s}</b>"),
    PHRASE.map(lambda s: f"<span> {s} </span>"),
    PHRASE.map(lambda s: f"{s}<br>"),
    PHRASE.map(lambda s: f"<a href='#'>{s}</a>"),
    PHRASE.map(lambda s: f"{s}<sup>1</sup>"),
    PHRASE.map(lambda s: f"<span hidden>{s}</span>"),
)
CELL = st.one_of(NUMBERS, WORDS, st.just(""))


@st.composite
def html_pieces(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["p", "div", "li", "h2", "table", "blockquote", "pre", "nested"]))
    if kind == "nested":
        inner = draw(st.lists(html_pieces(), min_size=1, max_size=2))
        return "<table><tr><td>" + "".join(inner) + "</td><td>side</td></tr></table>"
    if kind == "table":
        width = draw(st.integers(min_value=2, max_value=4))
        rows = draw(
            st.lists(st.lists(CELL, min_size=width, max_size=width), min_size=1, max_size=4)
        )
        head = draw(st.booleans())
        body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
        header = "<thead><tr>" + "<th>a</th>" * width + "</tr></thead>" if head else ""
        return f"<table>{header}{body}</table>"
    inner = " ".join(draw(st.lists(INLINE, min_size=1, max_size=3)))
    if kind == "li":
        return f"<ul><li>{inner}</li></ul>"
    return f"<{kind}>{inner}</{kind}>"


FILLER = "<p>" + "The inland port authority publishes monthly cargo statistics. " * 5 + "</p>"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(html_pieces(), min_size=1, max_size=8))
def test_offsets_slice_text_exactly(pieces: list[str]) -> None:
    page = "<html><body>" + FILLER + "\n".join(pieces) + "</body></html>"
    doc = doc_of(extract(page.encode("utf-8"), "text/html"))
    assert_offsets(doc)
    # numbers of neighbouring cells are never joined into one token
    for piece in pieces:
        for cells in re.findall(r"<tr>(.*?)</tr>", piece):
            for number in re.findall(r"<td>([\d,]+)</td>", cells):
                assert re.search(rf"(?<![\d,]){re.escape(number)}(?![\d,])", doc.text), number


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.one_of(PHRASE, st.just(""), st.just("# Title"), st.just("- item 5")), max_size=12)
)
def test_text_offsets_slice_text_exactly(lines: list[str]) -> None:
    body = ("\n".join(lines) + "\n" + FILLER[3:-4]).encode("utf-8")
    assert_offsets(doc_of(extract(body, "text/plain")))


# -- speed -------------------------------------------------------------------------------------


def synthetic_page(target: int = 300_000, seed: int = 7) -> bytes:
    """A ~300 KB article page: menus, prose, lists, tables with unit notes, share bars."""
    rng = random.Random(seed)
    words = [
        *("revenue", "margin", "quarter", "growth", "tenant", "logistics", "park", "river"),
        *("cargo", "million", "billion", "increase", "decrease", "operating", "income"),
        *("expenses", "company", "results", "outlook", "board"),
    ]

    def sentence() -> str:
        picked = " ".join(rng.choice(words) for _ in range(rng.randint(8, 20)))
        return f"{picked} {rng.randint(1, 99999):,}."

    menu = "".join(f"<li><a href='/{i}'>Menu {i}</a></li>" for i in range(30))
    parts = [
        "<!doctype html><html><head><meta charset='utf-8'><title>Synthetic</title>",
        "<script>var x = 1;</script><style>p{}</style></head><body>",
        f"<header><nav><ul>{menu}</ul></nav></header><main><article>",
    ]
    size = sum(map(len, parts))
    i = 0
    while size < target:
        i += 1
        r = i % 6
        if r == 0:
            chunk = f"<h2>Section {i}</h2>"
        elif r == 1:
            rows = "".join(
                f"<tr><td>Item {j}</td><td>{rng.randint(1000, 99999):,}</td>"
                f"<td>{rng.randint(1000, 99999):,}</td></tr>"
                for j in range(8)
            )
            chunk = (
                "<p>(in millions)</p><table><thead><tr><th></th><th>2023</th><th>2024</th></tr>"
                f"</thead><tbody>{rows}</tbody></table>"
            )
        elif r == 2:
            chunk = "<ul>" + "".join(f"<li>{sentence()}</li>" for _ in range(4)) + "</ul>"
        elif r == 3:
            chunk = (
                f"<div class='text-block'><span>{sentence()}</span> <a href='#'>{sentence()}</a>"
                f"<br>{sentence()}</div>"
            )
        elif r == 4:
            chunk = (
                "<div class='share-tools'><a href='#'>Share</a><a href='#'>Tweet</a></div>"
                f"<p>{sentence()} <b>{sentence()}</b> {sentence()}</p>"
            )
        else:
            chunk = (
                f"<p>{sentence()} {sentence()}<sup>1</sup></p>"
                f"<aside class='related'><a href='#'>{sentence()}</a></aside>"
            )
        parts.append(chunk)
        size += len(chunk)
    parts.append("</article></main><footer><p>Footer text</p></footer></body></html>")
    return "\n".join(parts).encode("utf-8")


def test_large_synthetic_page_keeps_prose_and_table_notes() -> None:
    # speed on pages like this one is measured by bench/, not here
    body = synthetic_page()
    doc = doc_of(extract(body, "text/html; charset=utf-8"))
    assert "Menu 12" not in doc.text and "Share" not in doc.text
    assert rows_of(doc) and all(b.unit_note == "(in millions)" for b in rows_of(doc))
