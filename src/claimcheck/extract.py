"""Turn the bytes of a fetched page into clean, structured text: a pure function, no I/O.

``extract(body, content_type)`` returns a :class:`Document` (text plus blocks with offsets into
it: headings, paragraphs, list items, table rows with their caption/header/unit note, PDF pages)
or an :class:`ExtractFailure` when the bytes are not the source (a bot wall, a paywall stub, a
JavaScript shell, an image...). HTML is parsed once with lxml and walked once; boilerplate is
pruned in the spirit of trafilatura: first by structure and link density (:mod:`claimcheck.
boilerplate`: tickers, teasers, link bars, rails, reference lists, widgets), then on the walk by
tag, class/id/role and visibility, keeping whatever holds most of the page's prose. lxml is
used directly rather than through BeautifulSoup, whose tree building alone costs about twice our
whole extraction. PDFs are read page by page with pypdf.

Bytes become text by the one rule in :mod:`claimcheck.charsets` (shared with the article
reader of ``claimcheck extract``): BOM, HTTP charset, ``<meta>``, UTF-8, detection.
"""

from __future__ import annotations

import codecs
import html
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from lxml import etree
from pypdf import PdfReader

from claimcheck import boilerplate, pagecheck
from claimcheck.charsets import decode, meta_charset, parse_content_type
from claimcheck.model.document import Block, Document, ExtractFailure
from claimcheck.model.vocab import BlockKind, Reason

__all__ = [
    "EXTRACTOR_VERSION",
    "Block",
    "Document",
    "ExtractFailure",
    "extract",
]

EXTRACTOR_VERSION = "3"  # bump when output changes; the cache keys extracted text by it


def extract(
    body: bytes, content_type: str | None, charset: str | None = None, url: str | None = None
) -> Document | ExtractFailure:
    """Extract clean text with structure from a fetched body (see the module docstring)."""
    media, declared = parse_content_type(content_type)
    header_charset = charset or declared
    kind = _classify(body, media, url)
    if kind == "pdf":
        return _extract_pdf(body)
    if kind == "html":
        return _extract_html(body, header_charset)
    if kind in ("text/plain", "text/markdown"):
        return _extract_text(body, header_charset, kind)
    shown = media or "unknown"
    return ExtractFailure(
        Reason.UNSUPPORTED_CONTENT_TYPE,
        f"the content type '{shown}' is not HTML, PDF or plain text, so there is no text to read",
    )


# -- content type ---------------------------------------------------------------------------

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", "application/html"})
_PDF_TYPES = frozenset({"application/pdf", "application/x-pdf", "application/acrobat"})
_TEXT_TYPES = {
    "text/plain": "text/plain",
    "text/markdown": "text/markdown",
    "text/x-markdown": "text/markdown",
    "text/csv": "text/plain",
    "text/tab-separated-values": "text/plain",
}
# labels that say "we don't know": sniff the bytes instead
_VAGUE_TYPES = frozenset(
    {
        "",
        "application/octet-stream",
        "binary/octet-stream",
        "application/unknown",
        "application/download",
        "application/force-download",
        "application/x-download",
    }
)
_HTML_SNIFF = (b"<!doctype html", b"<html", b"<head", b"<body", b"<p", b"<div", b"<title")
_STRONG_HTML_SNIFF = (b"<!doctype html", b"<html")
_SUFFIX_TYPES = {
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".pdf": "pdf",
    ".txt": "text/plain",
    ".text": "text/plain",
    ".md": "text/markdown",
    ".markdown": "text/markdown",
}


def _is_pdf(body: bytes) -> bool:
    if body.lstrip()[:5] == b"%PDF-":
        return True
    # the spec tolerates junk before the header within the first 1024 bytes
    return b"%PDF-" in body[:1024] and not _looks_html(body)


def _head_lower(body: bytes, size: int = 2048) -> bytes:
    head = body[:size]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16-le" if head.startswith(codecs.BOM_UTF16_LE) else "utf-16-be"
        head = head[2:].decode(encoding, "ignore").encode("ascii", "ignore")
    return head.lstrip(codecs.BOM_UTF8 + b" \t\r\n").lower()


def _looks_html(body: bytes, strong: bool = False) -> bool:
    head = _head_lower(body)
    if strong:
        return head.startswith(_STRONG_HTML_SNIFF) or (
            head.startswith(b"<?xml") and b"<html" in head
        )
    return any(marker in head for marker in _HTML_SNIFF)


def _looks_binary(body: bytes) -> bool:
    sample = body[:4096]
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    return b"\x00" in sample


def _classify(body: bytes, media: str, url: str | None) -> str:
    """Decide how to read the body: 'pdf', 'html', a text type, or the media type itself."""
    if _is_pdf(body):
        # servers label PDFs as HTML or octet-stream often enough; the magic number wins
        return "pdf"
    if media in _PDF_TYPES:
        # a PDF URL that answered with an HTML page (login, error, challenge): read the page
        return "html" if _looks_html(body) else "pdf"
    if media in _HTML_TYPES:
        return "html"
    if media in _TEXT_TYPES:
        # misconfigured servers send real pages as text/plain; only trust an unmistakable start
        return "html" if _looks_html(body, strong=True) else _TEXT_TYPES[media]
    if media in ("text/xml", "application/xml"):
        return "html" if _looks_html(body, strong=True) else media
    if media not in _VAGUE_TYPES:
        return media
    if not body.strip() or _looks_html(body) or _head_lower(body).startswith(b"<!--"):
        return "html"  # an empty body then fails as "no_text", which is what it is
    suffix = _url_suffix(url)
    if suffix in _SUFFIX_TYPES:
        return _SUFFIX_TYPES[suffix]
    if body and not _looks_binary(body):
        return "text/plain"
    return media or "application/octet-stream"


def _url_suffix(url: str | None) -> str:
    if not url:
        return ""
    path = re.split(r"[?#]", url, maxsplit=1)[0]
    name = path.rsplit("/", 1)[-1].lower()
    return name[name.rfind(".") :] if "." in name else ""


_GARBAGE_RE = re.compile("[\x00-\x08\x0b\x0e-\x1f\ufffd]")


def _garbled(text: str) -> bool:
    """Binary read as text: many control or replacement characters."""
    sample = text[:65536]
    if not sample:
        return False
    return len(_GARBAGE_RE.findall(sample)) > len(sample) * 0.05


def _decode_failure(codec: str) -> ExtractFailure:
    return ExtractFailure(
        Reason.DECODE_ERROR,
        f"the body does not read as text (decoded as {codec} it is mostly control or "
        "replacement characters); it may be binary or compressed",
    )


# -- whitespace -----------------------------------------------------------------------------

_WS_RE = re.compile(r"\s+")  # str \s covers nbsp, thin and ideographic spaces, \u2028...
_ZERO_WIDTH = {0x200B: None, 0x2060: None, 0xFEFF: None, 0x00AD: None}
_BR = "\x1e"  # a line break inside a block; never survives into the text


def _clean_line(s: str) -> str:
    return _WS_RE.sub(" ", s.translate(_ZERO_WIDTH)).strip()


def _clean_block(s: str) -> str:
    s = s.translate(_ZERO_WIDTH)
    if _BR not in s:
        return _WS_RE.sub(" ", s).strip()
    lines = (_WS_RE.sub(" ", line).strip() for line in s.split(_BR))
    return "\n".join(line for line in lines if line)


# -- HTML -----------------------------------------------------------------------------------

# removed before anything else: never text a reader sees
_STRIP_FIRST = ("script", "style", "template")
# dropped wherever they are
_NOISE_TAGS = frozenset(
    {
        "noscript", "svg", "iframe", "frame", "button", "select", "option", "textarea", "input",
        "object", "embed", "canvas", "audio", "video", "map", "dialog", "head", "title", "math",
        "datalist", "meter", "progress",
    }
)  # fmt: skip
# page chrome: dropped unless it wraps the main content
_CHROME_TAGS = frozenset({"nav", "header", "footer", "aside", "form", "menu"})
_PROTECTED_TAGS = frozenset({"html", "body", "main", "article"})
_BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "dir",
        "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2",
        "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "legend", "li", "main", "menu",
        "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "thead", "tfoot", "tr",
        "td", "th", "caption", "ul", "listing", "plaintext", "xmp",
    }
)  # fmt: skip
_OWN_KIND = {
    "h1": "heading", "h2": "heading", "h3": "heading", "h4": "heading", "h5": "heading",
    "h6": "heading", "li": "list_item", "dt": "list_item", "dd": "list_item",
    "blockquote": "quote", "figcaption": "caption", "caption": "caption",
}  # fmt: skip
# kinds that a nested <p>/<div> inherits (a <p> inside an <li> is still a list item)
_STICKY_KINDS = frozenset({"heading", "list_item", "quote", "caption"})
_DROP_ROLES = frozenset(
    {
        "navigation", "banner", "contentinfo", "complementary", "search", "dialog",
        "alertdialog", "menu", "menubar", "toolbar", "tooltip",
    }
)  # fmt: skip
_BOILER_TOKENS = frozenset(
    {
        "nav", "navbar", "navigation", "subnav", "topnav", "menu", "submenu", "megamenu",
        "menubar", "ad", "ads", "adv", "advert", "adverts", "advertisement", "advertising",
        "adslot", "adunit", "adsense", "sponsor", "sponsored", "sponsors", "share", "shares",
        "sharing", "sharebar", "social", "socials", "cookie", "cookies", "consent", "gdpr",
        "newsletter", "subscribe", "subscription", "related", "recommended", "recommendations",
        "recommendation", "breadcrumb", "breadcrumbs", "comment", "comments", "commentlist",
        "sidebar", "popup", "modal", "promo", "promos", "footer", "masthead", "toolbar", "skip",
        "skiplink", "trending", "outbrain", "taboola", "disqus", "signup",
    }
)  # fmt: skip
_BOILER_SUBSTRINGS = (
    "cookie", "consent", "newsletter", "breadcrumb", "sidebar", "advert", "sponsor", "recommend",
    "outbrain", "taboola", "onetrust", "socialshare", "sharebar", "sharethis", "addthis", "popup",
    "disqus",
)  # fmt: skip
_BOILER_EXACT = frozenset(
    {
        "header", "site-header", "global-header", "top-bar", "topbar", "hidden", "d-none",
        "is-hidden", "print-only",
    }
)  # fmt: skip
# "has-sidebar", "no-ads", "with-comments" describe a layout, not a box of chrome
_MODIFIER_PREFIXES = ("has-", "has_", "with-", "with_", "no-", "no_", "without-")
_HIDDEN_STYLE_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_CAMEL_RE = re.compile(r"(?<=[a-z])(?=[A-Z])")
_TOKEN_SPLIT_RE = re.compile(r"[-_:.\s]+")
_MAX_DEPTH = 180  # deeper subtrees are read as flat text; keeps recursion bounded
_MAJORITY = 0.5  # a chrome candidate holding this share of the page's prose is kept


@lru_cache(maxsize=8192)
def _names_are_boilerplate(value: str) -> bool:
    """True if a class/id/aria-label value names page chrome (cookie banner, share bar...)."""
    for name in value.split():
        lowered = name.lower()
        if lowered.startswith(_MODIFIER_PREFIXES):
            continue
        if lowered in _BOILER_EXACT:
            return True
        if any(s in lowered for s in _BOILER_SUBSTRINGS):
            return True
        tokens = _TOKEN_SPLIT_RE.split(_CAMEL_RE.sub("-", name).lower())
        if any(t in _BOILER_TOKENS for t in tokens):
            return True
    return False


def _text_of(el: Any) -> str:
    return str(etree.tostring(el, method="text", encoding="unicode", with_tail=False))


def _prose_len(el: Any) -> int:
    """Visible characters of ``el`` outside links: how much of the page's prose it holds."""
    total = len("".join(_text_of(el).split()))
    links = sum(len("".join(_text_of(a).split())) for a in el.iter("a"))
    return max(total - links, 0)


@dataclass(slots=True)
class _Raw:
    kind: str
    text: str
    links: int = 0
    context: str = ""
    unit_note: str | None = None
    cells: tuple[tuple[int, int], ...] = ()
    page: int | None = None
    gap: bool = False  # a blank line before it (plain text)


class _HtmlWalker:
    """One pass over the body: prunes chrome and emits blocks in document order."""

    def __init__(self, body: Any) -> None:
        self.body = body
        self.out: list[_Raw] = []
        self.buf: list[str] = []
        self.links = 0
        self.in_link = 0
        self.in_pre = 0
        self.in_main = 0
        self._page_prose: int | None = None

    # the pending inline text -------------------------------------------------------------

    def add(self, s: str) -> None:
        if self.in_pre:
            s = s.replace("\n", _BR)
        self.buf.append(s)
        if self.in_link:
            self.links += len(s.strip())

    def flush(self, kind: str) -> None:
        if not self.buf:
            return
        text = _clean_block("".join(self.buf))
        self.buf = []
        links, self.links = self.links, 0
        if text:
            self.out.append(_Raw(kind, text, links=links))

    # pruning -----------------------------------------------------------------------------

    def page_prose(self) -> int:
        if self._page_prose is None:
            self._page_prose = max(_prose_len(self.body), 1)
        return self._page_prose

    def wraps_content(self, el: Any) -> bool:
        """A chrome-looking element that is really the page (ASP.NET <form>, 'page has-x' divs)."""
        if el.find(".//main") is not None or el.find(".//*[@role='main']") is not None:
            return True
        return _prose_len(el) >= _MAJORITY * self.page_prose()

    def drop(self, el: Any, tag: str) -> bool:
        if tag in _NOISE_TAGS:
            return True
        if tag in _PROTECTED_TAGS:
            return False
        candidate = False
        if tag in _CHROME_TAGS:
            # an article's own <header> holds its headline and byline
            candidate = not (tag == "header" and self.in_main)
        if not candidate:
            for key, value in el.items():
                if key == "class" or key == "id":
                    candidate = _names_are_boilerplate(value)
                elif key == "aria-label":
                    # on a link inside prose it is a description, not a region name
                    candidate = tag in _BLOCK_TAGS and _names_are_boilerplate(value)
                elif key == "role":
                    role = value.strip().lower()
                    if role == "main":
                        return False
                    candidate = role in _DROP_ROLES
                elif key == "hidden":
                    candidate = True
                elif key == "aria-hidden" or key == "aria-modal":
                    candidate = value.strip().lower() == "true"
                elif key == "style":
                    candidate = _HIDDEN_STYLE_RE.search(value) is not None
                if candidate:
                    break
        return candidate and not self.wraps_content(el)

    # traversal ---------------------------------------------------------------------------

    def walk(self, el: Any, kind: str, depth: int) -> None:
        if el.text:
            self.add(el.text)
        for child in el:
            tag = child.tag
            if isinstance(tag, str):
                self.element(child, tag, kind, depth + 1)
            if child.tail:
                self.add(child.tail)

    def element(self, el: Any, tag: str, kind: str, depth: int) -> None:
        if self.drop(el, tag):
            return
        if depth > _MAX_DEPTH:
            # spaces between the pieces: block boundaries are unknown down here
            self.add(" " + " ".join(el.itertext()) + " ")
            return
        if tag == "br":
            self.buf.append(_BR)
            return
        if tag == "table":
            self.flush(kind)
            self.table(el, kind, depth)
            return
        if tag in _BLOCK_TAGS:
            self.flush(kind)
            own = _OWN_KIND.get(tag) or (kind if kind in _STICKY_KINDS else "paragraph")
            pre = tag in ("pre", "listing", "plaintext", "xmp")
            main = tag in ("main", "article") or el.get("role") == "main"
            self.in_pre += pre
            self.in_main += main
            self.walk(el, own, depth)
            self.flush(own)
            self.in_pre -= pre
            self.in_main -= main
            return
        script = tag in ("sup", "sub")
        if script and self.buf and _footnote_gap(self.buf[-1][-8:], _text_of(el)):
            # "RMB33,398<sup>1</sup>" must not read as RMB33,3981
            self.buf.append(" ")
        link = tag == "a"
        self.in_link += link
        self.walk(el, kind, depth)
        self.in_link -= link
        if script and el.tail and el.tail[:1].isdigit():
            self.buf.append(" ")

    # tables ------------------------------------------------------------------------------

    def cell_text(self, cell: Any, depth: int) -> str:
        parts: list[str] = []
        self._collect(cell, parts, depth)
        return _clean_line("".join(parts))

    def _collect(self, el: Any, parts: list[str], depth: int) -> None:
        """Inline text of a cell; blocks and <br> inside it become spaces."""
        if el.text:
            parts.append(el.text)
        for child in el:
            tag = child.tag
            if isinstance(tag, str) and not self.drop(child, tag):
                if depth > _MAX_DEPTH:
                    parts.append(" " + " ".join(child.itertext()) + " ")
                elif tag in _BLOCK_TAGS or tag == "br" or tag in ("sup", "sub"):
                    parts.append(" ")
                    self._collect(child, parts, depth + 1)
                    parts.append(" ")
                else:
                    self._collect(child, parts, depth + 1)
            if child.tail:
                parts.append(child.tail)

    def table(self, el: Any, kind: str, depth: int) -> None:
        layout_kind = kind if kind in _STICKY_KINDS else "paragraph"
        if _is_layout_table(el):
            self.walk(el, layout_kind, depth)
            self.flush(layout_kind)
            return
        caption: str | None = None
        rows: list[tuple[list[str], bool, bool]] = []  # cells, in <thead>, all <th>
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or self.drop(child, tag):
                continue
            if tag == "caption":
                caption = self.cell_text(child, depth + 1) or caption
            elif tag in ("thead", "tbody", "tfoot"):
                for tr in child:
                    if tr.tag == "tr" and not self.drop(tr, "tr"):
                        rows.append(self.row(tr, tag == "thead", depth + 2))
            elif tag == "tr":
                rows.append(self.row(child, False, depth + 1))
        rows = [r for r in rows if any(r[0])]
        if not rows:
            if caption:
                self.out.append(_Raw("caption", caption))
            return
        if not any(sum(1 for c in cells if c) >= 2 for cells, _, _ in rows) or any(
            len(c) > 800 for cells, _, _ in rows for c in cells
        ):
            # one column, or cells holding whole paragraphs: a layout grid, not data
            self.walk(el, layout_kind, depth)
            self.flush(layout_kind)
            return
        self.emit_table(caption, rows)

    def row(self, tr: Any, in_head: bool, depth: int) -> tuple[list[str], bool, bool]:
        cells = [
            c
            for c in tr
            if isinstance(c.tag, str) and c.tag in ("td", "th") and not self.drop(c, c.tag)
        ]
        texts = [self.cell_text(c, depth + 1) for c in cells]
        return texts, in_head, bool(cells) and all(c.tag == "th" for c in cells)

    def emit_table(self, caption: str | None, rows: list[tuple[list[str], bool, bool]]) -> None:
        own_caption = caption is not None
        if caption is None and self.out and self.out[-1].kind == "caption":
            caption = self.out[-1].text  # a <figcaption> right before the table
        n_header = _header_rows(rows)
        rendered = [_join_cells(cells) for cells, _, _ in rows]
        header_texts = [rendered[i][0] for i in range(n_header)]
        unit_note = _table_unit_note(caption, header_texts, rows, self.out)
        parts = [caption] if caption else []
        parts += header_texts
        if unit_note and not any(unit_note in p for p in parts):
            parts.append(unit_note)
        context = "\n".join(parts)
        if own_caption and caption:
            self.out.append(_Raw("caption", caption, unit_note=unit_note))
        for i, (text, spans) in enumerate(rendered):
            if i < n_header:
                head_ctx = [caption] if caption else []
                if (
                    unit_note
                    and unit_note not in text
                    and not any(unit_note in p for p in head_ctx)
                ):
                    head_ctx.append(unit_note)
                self.out.append(
                    _Raw("table_header", text, context="\n".join(head_ctx), unit_note=unit_note,
                         cells=spans)
                )  # fmt: skip
            else:
                self.out.append(
                    _Raw("table_row", text, context=context, unit_note=unit_note, cells=spans)
                )


# "1st", "2nd", French "1er"/"2e"; footnote letters after figures ("8,410a") are far commoner
# than other languages' ordinals in the sources we read
_ORDINAL_SUFFIXES = frozenset({"st", "nd", "rd", "th", "er", "re", "e", "ème"})


# "120,000 m<sup>2</sup>" is square metres: an exponent after a unit, not a footnote
_UNIT_BEFORE_EXPONENT_RE = re.compile(r"(?:^|[\s\d])(?:k?m|cm|mm|ft|in|mi|sq|yd)$")


def _footnote_gap(before: str, script: str) -> bool:
    """A superscript after a figure or word is a footnote marker unless it is '1st'-style or
    an exponent of a unit (``before`` is the text just before it)."""
    prev = before[-1:]
    first = script.strip()[:1]
    if not prev or prev.isspace() or prev in "([" or not first:
        return False
    if script.strip() in ("2", "3") and _UNIT_BEFORE_EXPONENT_RE.search(before):
        return False
    if first.isdigit() or first in "([*†‡§":
        return True
    return prev.isdigit() and script.strip().lower() not in _ORDINAL_SUFFIXES


def _is_layout_table(el: Any) -> bool:
    role = (el.get("role") or "").strip().lower()
    return role in ("presentation", "none") or el.find(".//table") is not None


def _header_rows(rows: list[tuple[list[str], bool, bool]]) -> int:
    """How many leading rows are header rows: <thead>, title/unit-note rows of one cell, rows
    of <th>, rows with a blank label cell over period columns, or a row of labels over figures.
    """
    if any(in_head for _, in_head, _ in rows):
        n = 0
        while n < len(rows) and rows[n][1]:
            n += 1
        return n
    n = 0
    # "CONDENSED STATEMENTS OF INCOME" / "(in thousands, except per share data)" spanning rows
    while n < min(len(rows) - 1, 3) and sum(1 for c in rows[n][0] if c) == 1:
        n += 1
    start = n
    while n < len(rows) and n - start < 3 and rows[n][2]:
        n += 1
    if n == start and len(rows) - start >= 3:
        # financial tables: "        | 2023 | 2024" -- an empty label cell over the row names
        while n < len(rows) - 1 and n - start < 3:
            cells = rows[n][0]
            if cells and not cells[0] and any(cells[1:]):
                n += 1
            else:
                break
    if n == start and len(rows) - start >= 2:
        # "Item | 2023年 | 2024年" over rows of figures: labels and periods, no data of its own
        first = [c for c in rows[start][0] if c]
        if not any(_is_figure(c) for c in first) and any(
            _is_figure(c) for cells, _, _ in rows[start + 1 :] for c in cells
        ):
            n += 1
    return n


_FIGURE_RE = re.compile(r"[(\-–−]?\s*(?:[A-Z]{0,3}\$|[¥€£])?\s*\d[\d,.]*\s*\)?\s*%?")
_PERIOD_RE = re.compile(r"(?:FY|Q[1-4]\s*|H[12]\s*)?(?:19|20)\d\d(?:年|年度|E|A)?|Q[1-4]|H[12]")


def _is_figure(cell: str) -> bool:
    """A cell holding a number that is data, not a year or period label."""
    return bool(_FIGURE_RE.fullmatch(cell)) and not _PERIOD_RE.fullmatch(cell)


_PREFIX_CELL_RE = re.compile(r"(?:US|HK|NT|A|C|S|NZ|R)?\$|[¥€£₩₹]|RMB|CNY|USD|HKD|EUR|GBP|JPY|\(")
_SUFFIX_CELL_RE = re.compile(r"\)|%|\)%|%\)|pp|bps")
_NUMBER_START_RE = re.compile(r"\(?-?[\d.,]*\d")


def _join_cells(cells: list[str]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Cells joined by ' | ', empty ones dropped, '$' and ')' cells glued to their number."""
    merged: list[str] = []
    pending = ""
    nonempty = [c for c in cells if c]
    for i, cell in enumerate(nonempty):
        nxt = nonempty[i + 1] if i + 1 < len(nonempty) else ""
        if _PREFIX_CELL_RE.fullmatch(cell) and _NUMBER_START_RE.match(nxt):
            pending += cell + (" " if cell[-1].isalpha() else "")
            continue
        if (
            not pending
            and merged
            and _SUFFIX_CELL_RE.fullmatch(cell)
            and (merged[-1][-1:].isdigit() or merged[-1].endswith("%"))
        ):
            merged[-1] += cell
            continue
        merged.append(pending + cell)
        pending = ""
    spans: list[tuple[int, int]] = []
    pos = 0
    for cell in merged:
        spans.append((pos, pos + len(cell)))
        pos += len(cell) + 3
    return " | ".join(merged), tuple(spans)


# -- unit notes -----------------------------------------------------------------------------

_UNIT_RE = re.compile(
    r"\bin\s+(?:(?:US|U\.S\.|HK|NT|RMB|A|C|S)?\$\s*|RMB\s+|USD\s+|EUR\s+|HKD\s+)?"
    r"(?:thousands|millions|billions|hundreds\s+of\s+millions|mn|bn)\b"
    r"|\((?:[^()]{0,40}\s)?(?:thousands|millions|billions|'000s?|000s)\)"
    r"|\bexcept\s+(?:for\s+)?(?:per[\s-]share|share\s+and\s+per[\s-]share)\b"
    r"|\b(?:RMB|US\$|USD|HK\$|HKD|EUR|GBP|CNY|JPY)\s*(?:'000|000s|thousands|millions|billions)\b"
    r"|\bamounts?\s+in\s+(?:thousands|millions|billions)\b"
    r"|百万元|百萬元|千元|亿元|億元|万元|萬元|单位|單位|単位|百万円|千円|億円",
    re.IGNORECASE,
)
_MAX_NOTE = 160


def _unit_note(text: str) -> str | None:
    """The raw unit/scale note in ``text``: its parenthesised clause, or the short line itself."""
    m = _UNIT_RE.search(text)
    if not m:
        return None
    open_at = max(text.rfind("(", 0, m.start() + 1), text.rfind("（", 0, m.start() + 1))
    if open_at >= 0 and not re.search(r"[)）]", text[open_at + 1 : m.start()]):
        close = re.search(r"[)）]", text[m.end() - 1 :])
        if close:
            end = m.end() - 1 + close.end()
            if end - open_at <= _MAX_NOTE:
                return text[open_at:end]
    if len(text) <= _MAX_NOTE:
        return text.strip()
    # a long line: the clause around the match
    start = max(text.rfind(sep, 0, m.start()) for sep in ".;。；\n") + 1
    stops = [i for i in (text.find(sep, m.end()) for sep in ".;。；\n") if i >= 0]
    end = min(stops) if stops else len(text)
    return text[start:end].strip()[:_MAX_NOTE]


def _table_unit_note(
    caption: str | None,
    header_texts: list[str],
    rows: list[tuple[list[str], bool, bool]],
    before: list[_Raw],
) -> str | None:
    candidates: list[str] = [caption] if caption else []
    candidates += header_texts
    if rows and rows[0][0]:
        first = next((c for c in rows[0][0] if c), "")
        candidates.append(first)
    for raw in reversed(before[-2:]):
        # "a line right above the table": short, and not another table's row
        if raw.kind.startswith("table") or len(raw.text) > 200:
            break
        candidates.append(raw.text)
    for text in candidates:
        note = _unit_note(text)
        if note:
            return note
    return None


# -- post-processing ------------------------------------------------------------------------

_JUNK_LINE_RE = re.compile(
    r"(?:advertisement|sponsored(?: content)?|share(?: this(?: article| story| page)?)?|"
    r"print(?: this page)?|e-?mail|tweet|skip to (?:main )?content|back to top|scroll to top|"
    r"read more|cookie settings|follow us(?: on \w+)?|loading\.*)\W*",
    re.IGNORECASE,
)
_COOKIE_LINE_RE = re.compile(
    r"\b(?:we|this (?:web)?site) uses? cookies\b|\baccept (?:all )?cookies\b"
    r"|\bcookie (?:policy|settings|preferences)\b",
    re.IGNORECASE,
)
_RELATED_HEADING_RE = re.compile(
    r"related|recommended|more (?:from|stories|news|on)|read next|see also|you may also|"
    r"popular|trending|latest news",
    re.IGNORECASE,
)


def _prune_blocks(raws: list[_Raw]) -> list[_Raw]:
    """Text-level chrome that carries no class name: link lists, 'Advertisement', cookie lines."""
    linky = [
        not r.kind.startswith("table")
        and len(r.text) <= 80
        and r.links >= 0.8 * len(r.text.replace(" ", ""))
        for r in raws
    ]
    keep = [True] * len(raws)
    i = 0
    while i < len(raws):
        if not linky[i]:
            i += 1
            continue
        j = i
        while j < len(raws) and linky[j]:
            j += 1
        if j - i >= 3:  # a run of short all-link lines is a menu, not prose
            keep[i:j] = [False] * (j - i)
            if (
                i > 0
                and raws[i - 1].kind == "heading"
                and _RELATED_HEADING_RE.search(raws[i - 1].text)
            ):
                keep[i - 1] = False
        i = j
    out = []
    for ok, r in zip(keep, raws, strict=True):
        if not ok or r.kind.startswith("table"):
            if ok:
                out.append(r)
            continue
        if _JUNK_LINE_RE.fullmatch(r.text):
            continue
        if len(r.text) < 400 and _COOKIE_LINE_RE.search(r.text):
            continue
        out.append(r)
    return out


def _assemble(
    raws: Iterable[_Raw],
    title: str | None,
    content_type: str,
    charset: str | None,
    sep: str = "\n",
    gap_sep: str = "\n\n",
) -> Document:
    parts: list[str] = []
    blocks: list[Block] = []
    pos = 0
    for raw in raws:
        if parts:
            s = gap_sep if raw.gap else sep
            parts.append(s)
            pos += len(s)
        start = pos
        parts.append(raw.text)
        pos += len(raw.text)
        cells = tuple((start + a, start + b) for a, b in raw.cells)
        blocks.append(
            Block(BlockKind(raw.kind), start, pos, raw.context, raw.unit_note, raw.page, cells)
        )
    return Document("".join(parts), tuple(blocks), title, content_type, charset)


# -- failures: bot walls, paywalls, empty shells (decided in pagecheck) --------------------

_LINKY = 0.8  # a block this much link text is a link, not prose (menus, teasers, link bars)


def _lines(raws: Iterable[_Raw]) -> Iterator[pagecheck.Line]:
    return (
        pagecheck.Line(r.text, r.links >= _LINKY * max(len(r.text.replace(" ", "")), 1))
        for r in raws
    )


def _check_page(
    text: str,
    raws: Iterable[_Raw],
    title: str | None,
    heading: str | None,
    visible: str | None,
    raw: bytes | None,
) -> ExtractFailure | None:
    """Blocked (challenge or paywall) or no_text, or None for a real page (see pagecheck)."""
    verdict = pagecheck.check(text, _lines(raws), title, heading, visible, raw)
    return None if verdict is None else ExtractFailure(verdict.reason, verdict.detail)


_quote = pagecheck.quote


# -- the three readers ----------------------------------------------------------------------


def _parse_html(text: str) -> tuple[Any, bool]:
    """(root or None, whether libxml2 gave up on a too-deep tree)."""
    # a parser per call: lxml parsers must not be shared between threads; plain etree elements
    # because lxml.html's element-class lookup costs a Python call per node
    parser = etree.HTMLParser(
        encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True, huge_tree=True
    )
    try:
        root = etree.fromstring(text.encode("utf-8", "replace"), parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        root = None
    too_deep = any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log)
    return root, too_deep


_FLAT_DROP_RE = re.compile(
    r"<(head|script|style|template|noscript|svg)\b.*?</\1\s*>|<!--.*?-->", re.IGNORECASE | re.DOTALL
)
_FLAT_BREAK_RE = re.compile(
    r"<(?:br|/?(?:p|div|li|tr|h[1-6]|table|section|article|blockquote|ul|ol|dd|dt))\b[^>]*>",
    re.IGNORECASE,
)
_FLAT_CELL_RE = re.compile(r"</t[dh]\s*>", re.IGNORECASE)
_FLAT_TAG_RE = re.compile(r"<[^>]*>")


def _flat_html_text(text: str) -> str:
    """Tag-stripped text for trees deeper than libxml2 will build (thousands of open tags)."""
    text = _FLAT_DROP_RE.sub(" ", text)
    text = _FLAT_CELL_RE.sub(" ", _FLAT_BREAK_RE.sub("\n", text))
    return html.unescape(_FLAT_TAG_RE.sub("", text))


def _extract_html(body: bytes, header_charset: str | None) -> Document | ExtractFailure:
    text, codec = decode(body, header_charset, meta_charset(body))
    if _garbled(text):
        return _decode_failure(codec)
    root, too_deep = _parse_html(text)
    if too_deep:
        flat_raws = _text_blocks(_flat_html_text(text))
        flat = _assemble(flat_raws, None, "text/html", codec)
        return _check_page(flat.text, flat_raws, None, None, None, body) or flat
    if root is None:
        return _check_page("", (), None, None, None, body) or ExtractFailure(
            Reason.NO_TEXT, "the page is empty"
        )
    etree.strip_elements(root, *_STRIP_FIRST, with_tail=False)
    title = _html_title(root)
    body_el = root.find("body")
    if body_el is None:
        body_el = root
    # what is pruned below (a paywall prompt, a <noscript> notice) still tells what the page is
    all_text = _text_of(body_el)
    boilerplate.prune(body_el)
    walker = _HtmlWalker(body_el)
    walker.walk(body_el, "paragraph", 0)
    walker.flush("paragraph")
    raws = _prune_blocks(walker.out)
    doc = _assemble(raws, title, "text/html", codec)
    heading = next((r.text for r in raws if r.kind == "heading"), None)
    visible = _clean_line(all_text) if len(doc.text) < pagecheck.PAYWALL_PHRASE_LIMIT else None
    failure = _check_page(doc.text, raws, title, heading, visible, body)
    if failure is not None:
        return failure
    return doc if doc.title else Document(doc.text, doc.blocks, heading, doc.content_type, codec)


def _html_title(root: Any) -> str | None:
    el = root.find("head/title")
    if el is None:
        el = root.find(".//title")
    if el is not None:
        title = _clean_line(_text_of(el))
        if title:
            return title
    for meta in root.iter("meta"):
        if meta.get("property") == "og:title" and meta.get("content"):
            return _clean_line(meta.get("content")) or None
    return None


_MD_HEADING_RE = re.compile(r"#{1,6}\s+\S")
_MD_LIST_RE = re.compile(r"(?:[-*+•]|\d{1,3}[.)])\s+\S")
_MD_TABLE_RULE_RE = re.compile(r"\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?")


def _extract_text(body: bytes, header_charset: str | None, media: str) -> Document | ExtractFailure:
    text, codec = decode(body, header_charset, None)
    if _garbled(text):
        return _decode_failure(codec)
    raws = _text_blocks(text)
    doc = _assemble(raws, None, media, codec)
    heading = next((doc.text[b.start : b.end] for b in doc.blocks if b.kind == "heading"), None)
    failure = _check_page(doc.text, raws, None, heading, None, None)
    if failure is not None:
        return failure
    title = heading.lstrip("# ").strip() if heading else None
    return Document(doc.text, doc.blocks, title, media, codec)


def _text_blocks(text: str) -> list[_Raw]:
    """Paragraphs split at blank lines; markdown headings, list items and tables on their own."""
    out: list[_Raw] = []
    para: list[str] = []
    table: list[str] = []
    gap = False

    def push(raw: _Raw) -> None:
        nonlocal gap
        raw.gap = gap and bool(out)
        out.append(raw)
        gap = False

    def end_para() -> None:
        if para:
            push(_Raw("paragraph", "\n".join(para)))
            para.clear()

    def end_table() -> None:
        if table:
            before = out[-1:] if out and not out[-1].kind.startswith("table") else []
            for raw in _markdown_table(table, before):
                push(raw)
            table.clear()

    for line in text.splitlines():
        clean = _clean_line(line)
        is_row = clean.startswith("|") and clean.count("|") >= 2
        if not is_row:
            end_table()
        if not clean:
            end_para()
            gap = True
        elif is_row:
            end_para()
            table.append(clean)
        elif clean.startswith("#") and _MD_HEADING_RE.match(clean):
            end_para()
            push(_Raw("heading", clean))
        elif _MD_LIST_RE.match(clean):
            end_para()
            push(_Raw("list_item", clean))
        else:
            para.append(clean)
    end_table()
    end_para()
    return out


def _markdown_table(lines: list[str], before: list[_Raw]) -> list[_Raw]:
    """'| a | b |' lines; a row followed by a '|---|' rule is the header."""
    rows: list[list[str]] = []
    n_header = 0
    for line in lines:
        if _MD_TABLE_RULE_RE.fullmatch(line):
            n_header = n_header or len(rows)
            continue
        rows.append([c.strip() for c in line.strip("|").split("|")])
    rendered = [_join_cells(r) for r in rows]
    header_texts = [text for text, _ in rendered[:n_header]]
    unit_note = _table_unit_note(None, header_texts, [(r, False, False) for r in rows], before)
    parts = list(header_texts)
    if unit_note and not any(unit_note in p for p in parts):
        parts.append(unit_note)
    context = "\n".join(parts)
    out = []
    for i, (text, spans) in enumerate(rendered):
        if not text:
            continue
        if i < n_header:
            out.append(_Raw("table_header", text, unit_note=unit_note, cells=spans))
        else:
            out.append(_Raw("table_row", text, context=context, unit_note=unit_note, cells=spans))
    return out


def _extract_pdf(body: bytes) -> Document | ExtractFailure:
    if not _is_pdf(body):
        return ExtractFailure(Reason.PDF_ERROR, "the body is not a PDF (no %PDF- header)")
    if b"%%EOF" not in body[-2048:]:
        # a cut-off download parses partially; half a report would pass for the whole one
        return ExtractFailure(
            Reason.PDF_ERROR, "the PDF is truncated (no %%EOF marker at the end of the file)"
        )
    try:
        reader = PdfReader(io.BytesIO(body), strict=False)
        if reader.is_encrypted and not _pdf_unlock(reader):
            return ExtractFailure(
                Reason.PDF_ERROR, "the PDF is encrypted and cannot be opened without a password"
            )
        pages = list(reader.pages)
    except Exception as exc:  # pypdf raises many kinds on damaged files
        return ExtractFailure(Reason.PDF_ERROR, f"the PDF could not be parsed ({_quote(str(exc))})")
    raws: list[_Raw] = []
    failed = 0
    for number, page in enumerate(pages, start=1):
        try:
            page_text = page.extract_text() or ""
        except Exception:  # one damaged page should not lose the others
            failed += 1
            continue
        lines = (_clean_line(line) for line in page_text.splitlines())
        joined = "\n".join(line for line in lines if line)
        if joined:
            raws.append(_Raw("page", joined, page=number, gap=True))
    if pages and failed == len(pages):
        return ExtractFailure(
            Reason.PDF_ERROR, f"none of the PDF's {len(pages)} pages could be read"
        )
    title = _pdf_title(reader)
    doc = _assemble(raws, title, "application/pdf", None, sep="\n\n")
    if not doc.text:
        return ExtractFailure(
            Reason.NO_TEXT,
            f"the PDF has no extractable text ({len(pages)} pages; scanned images without OCR?)",
        )
    return doc


def _pdf_unlock(reader: PdfReader) -> bool:
    # many PDFs are "encrypted" only against editing, with an empty user password
    try:
        return bool(reader.decrypt(""))
    except Exception:  # missing AES backend, malformed encryption dictionary
        return False


def _pdf_title(reader: PdfReader) -> str | None:
    try:
        meta = reader.metadata
        title = meta.title if meta else None
    except Exception:  # a broken info dictionary is not worth failing the document for
        return None
    if not title:
        return None
    return _clean_line(str(title)) or None
