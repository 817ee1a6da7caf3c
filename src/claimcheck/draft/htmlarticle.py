"""HTML articles: the source list found by structure (an ``<ol>`` or paragraph of links under a
"References"/"Sources" heading, a references or footnotes section) and turned into the text
shapes, ``<sup>`` markers rewritten as ``[n]``, the body read by the extractor, the date and
author from the page's metadata.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml import html as lxml_html

from claimcheck.draft.entries import SOURCES_HEADER_RE, parse_source_entries, text_source_region
from claimcheck.draft.markers import UNIT_BEFORE_SUP_RE
from claimcheck.draft.meta import find_date, finish_article
from claimcheck.draft.records import ArticleError, ArticleText, SourceEntry
from claimcheck.extract import extract
from claimcheck.extract.charset import decode, meta_charset
from claimcheck.model.document import Document

_REF_TOKENS = re.compile(
    r"(?:^|[\s_-])(?:references?|footnotes?|sources?|citations?|endnotes|bibliography|reflist"
    r"|doc-endnotes|doc-bibliography)(?:$|[\s_-])",
    re.IGNORECASE,
)

_REF_HEADING_RE = re.compile(
    r"^\s*(?:sources?|references?|notes|footnotes|citations?|bibliography|works\s+cited"
    r"|endnotes|further\s+reading)\s*:?\s*$",
    re.IGNORECASE,
)

_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")

_META_DATE_KEYS = (
    "article:published_time", "datepublished", "date", "pubdate", "publishdate",
    "dc.date", "dc.date.issued", "sailthru.date", "parsely-pub-date",
)  # fmt: skip


def load_html(data: bytes, charset: str | None, url: str | None) -> ArticleText:
    text = decode(data, charset, meta_charset(data))[0]
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    try:
        root = lxml_html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise ArticleError(f"the HTML could not be parsed: {exc}") from None
    for bad in root.xpath("//script|//style|//template|//noscript"):
        bad.drop_tree()
    warnings: list[str] = []
    published = _html_published(root)
    author = _html_author(root)
    sources: list[SourceEntry] = []
    for region in _html_ref_regions(root):
        entries, notes = parse_source_entries(_region_text(region))
        warnings.extend(notes)
        known = {s.key for s in sources}
        sources.extend(e for e in entries if e.key not in known)
        for el in region:
            if el.getparent() is not None:
                el.drop_tree()
    _rewrite_sups(root)
    h1 = root.find(".//h1")
    title = " ".join(h1.text_content().split()) if h1 is not None else None
    body = lxml_html.tostring(root, encoding="utf-8")
    doc = extract(body, "text/html; charset=utf-8")
    blocks: list[tuple[str, str]] = []
    if isinstance(doc, Document):
        for b in doc.blocks:
            kind = b.kind if b.kind in ("heading", "list_item") else "paragraph"
            blocks.append((kind, " ".join(doc.text[b.start : b.end].split())))
    elif doc.reason == "no_text":
        # extract() wants a page's worth of prose; a short article is still an article
        blocks = _simple_blocks(root)
    if not blocks:
        detail = doc.detail if not isinstance(doc, Document) else "the page has no text"
        raise ArticleError(f"no article text in this HTML: {detail}")
    # a "Source: [1] ..." paragraph the structure did not give away: the text rules still apply
    cut, more = text_source_region(blocks, warnings)
    known = {s.key for s in sources}
    sources.extend(e for e in more if e.key not in known)
    meta = {k: v for k, v in (("published", published), ("author", author)) if v}
    fallback = doc.title if isinstance(doc, Document) else None
    return finish_article(blocks[:cut], sources, warnings, title or fallback, meta, url, "html")


def _simple_blocks(root: etree._Element) -> list[tuple[str, str]]:
    """Headings, paragraphs and list items in document order (outermost only)."""
    out: list[tuple[str, str]] = []
    for el in root.iter(*_HEADINGS, "p", "li"):
        text = " ".join(el.text_content().split())
        if not text or any(a.tag in ("p", "li") for a in el.iterancestors()):
            continue
        kind = "heading" if el.tag in _HEADINGS else "list_item" if el.tag == "li" else "paragraph"
        out.append((kind, text))
    return out


def _html_published(root: etree._Element) -> str | None:
    for meta in root.iter("meta"):
        name = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if name in _META_DATE_KEYS and meta.get("content"):
            date = find_date(meta.get("content", ""))
            if date:
                return date
    for el in root.iter("time"):
        date = find_date(el.get("datetime") or el.text_content())
        if date:
            return date
    return None


def _html_author(root: etree._Element) -> str | None:
    for meta in root.iter("meta"):
        if (meta.get("name") or "").lower() == "author" and meta.get("content"):
            return meta.get("content", "").strip() or None
    return None


def _html_ref_regions(root: etree._Element) -> list[list[etree._Element]]:
    """Groups of elements that hold the source list; each group is read and then removed."""
    regions: list[list[etree._Element]] = []
    taken: set[etree._Element] = set()
    for el in root.iter():
        if not isinstance(el.tag, str) or any(a in taken for a in el.iterancestors()):
            continue
        names = " ".join(filter(None, (el.get("id"), el.get("class"), el.get("role"))))
        if (
            el.tag in ("section", "div", "ol", "ul", "aside", "footer", "dl")
            and _REF_TOKENS.search(names)
            and el.xpath(".//a[starts-with(@href, 'http')]")
        ):
            regions.append([el])
            taken.add(el)
            continue
        text = " ".join(el.text_content().split()) if el.tag in (*_HEADINGS, "p") else ""
        if text and _REF_HEADING_RE.match(text):
            group = [el]
            for sib in el.itersiblings():
                if not isinstance(sib.tag, str) or sib.tag in _HEADINGS:
                    break
                if sib.tag in ("ol", "ul", "p", "div", "dl") and sib.xpath(".//a[@href]"):
                    group.append(sib)
                else:
                    break
            if len(group) > 1:
                regions.append(group)
                taken.update(group)
        elif (
            el.tag == "p"
            and re.match(r"^\s*sources?\s*:", text, re.IGNORECASE)
            and el.xpath(".//a[starts-with(@href, 'http')]")
        ):
            regions.append([el])
            taken.add(el)
    return regions


def _region_text(region: list[etree._Element]) -> str:
    """The source list as text in one of the shapes parse_source_entries reads."""
    lines: list[str] = []
    for el in region:
        items = el.xpath(".//li")
        if items:
            for li in items:
                key = _li_key(li)
                text = _inline_with_links(li)
                if re.match(r"^\s*\[?[0-9]{1,3}\]?[.)]?\s", text):
                    lines.append(text)  # the item states its own number
                else:
                    lines.append(f"[{key}] {text}")
        elif el.tag not in _HEADINGS:
            text = _inline_with_links(el)
            text = SOURCES_HEADER_RE.sub("", text, count=1)
            lines.append(text)
    return "\n".join(lines)


def _li_key(li: etree._Element) -> str:
    """An explicit value="3", an id like "fn3"/"cite_note-3", else the position in its list."""
    value = str(li.get("value", ""))
    if value.isdigit():
        return value
    m = re.search(r"(?:fn|note|ref|cite)[^0-9]*([0-9]{1,3})$", li.get("id", ""), re.IGNORECASE)
    if m:
        return m.group(1)
    parent = li.getparent()
    if parent is None:
        return "1"
    start = parent.get("start", "1")
    siblings = [c for c in parent if c.tag == "li"]
    return str((int(start) if start.isdigit() else 1) + siblings.index(li))


def _inline_with_links(el: etree._Element) -> str:
    """Text of ``el`` with each http link written as ``text <URL>``."""
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            if isinstance(child.tag, str):
                href = child.get("href", "") if child.tag == "a" else ""
                if href.startswith(("http://", "https://")):
                    label = " ".join(child.text_content().split())
                    shown = "" if label.startswith(("http://", "https://")) else label
                    parts.append(f" {shown} <{href}> ")
                elif child.tag == "a" and href.startswith("#"):
                    pass  # back-links and anchors ("↩")
                else:
                    walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(el)
    return " ".join("".join(parts).split())


_SUP_MARKER_RE = re.compile(r"^\[?\s*([0-9]{1,3}(?:\s*[,–-]\s*[0-9]{1,3})*)\s*\]?$")


def _rewrite_sups(root: etree._Element) -> None:
    """``<sup>1</sup>`` -> text "[1]", so the text rules see the marker (extract drops the tag)."""
    for sup in list(root.iter("sup")):
        content = " ".join(sup.text_content().split())
        m = _SUP_MARKER_RE.match(content)
        parent = sup.getparent()
        if m is None or parent is None:
            continue
        prev = sup.getprevious()
        before = (prev.tail if prev is not None else parent.text) or ""
        if UNIT_BEFORE_SUP_RE.search(before):
            continue  # "m<sup>2</sup>" is square metres
        replacement = f" [{m.group(1)}]"
        tail = sup.tail or ""
        if prev is not None:
            prev.tail = (prev.tail or "") + replacement + tail
        else:
            parent.text = (parent.text or "") + replacement + tail
        parent.remove(sup)
