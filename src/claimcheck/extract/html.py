"""HTML pages: decoded by the one charset rule, parsed once with lxml, pruned by structure
(:mod:`.boilerplate`) and walked once (:mod:`.walker`). Trees deeper than libxml2 will build are
read as tag-stripped text.
"""

from __future__ import annotations

import html
import re
from typing import Any

from lxml import etree

from claimcheck.extract import boilerplate, pagecheck
from claimcheck.extract.blocks import (
    assemble,
    check_page,
    clean_line,
    decode_failure,
    garbled,
    prune_blocks,
)
from claimcheck.extract.charset import decode, meta_charset
from claimcheck.extract.chrome import text_of
from claimcheck.extract.plaintext import text_blocks
from claimcheck.extract.walker import HtmlWalker
from claimcheck.model.document import Document, ExtractFailure
from claimcheck.model.vocab import BlockKind, Reason

# removed before anything else: never text a reader sees
_STRIP_FIRST = ("script", "style", "template")


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


def flat_html_text(text: str) -> str:
    """Tag-stripped text for trees deeper than libxml2 will build (thousands of open tags)."""
    text = _FLAT_DROP_RE.sub(" ", text)
    text = _FLAT_CELL_RE.sub(" ", _FLAT_BREAK_RE.sub("\n", text))
    return html.unescape(_FLAT_TAG_RE.sub("", text))


def extract_html(body: bytes, header_charset: str | None) -> Document | ExtractFailure:
    text, codec = decode(body, header_charset, meta_charset(body))
    if garbled(text):
        return decode_failure(codec)
    root, too_deep = _parse_html(text)
    if too_deep:
        flat_raws = text_blocks(flat_html_text(text))
        flat = assemble(flat_raws, None, "text/html", codec)
        return check_page(flat.text, flat_raws, None, None, None, body) or flat
    if root is None:
        return check_page("", (), None, None, None, body) or ExtractFailure(
            Reason.NO_TEXT, "the page is empty"
        )
    etree.strip_elements(root, *_STRIP_FIRST, with_tail=False)
    title = _html_title(root)
    body_el = root.find("body")
    if body_el is None:
        body_el = root
    # what is pruned below (a paywall prompt, a <noscript> notice) still tells what the page is
    all_text = text_of(body_el)
    boilerplate.prune(body_el)
    walker = HtmlWalker(body_el)
    walker.walk(body_el, BlockKind.PARAGRAPH, 0)
    walker.flush(BlockKind.PARAGRAPH)
    raws = prune_blocks(walker.out)
    doc = assemble(raws, title, "text/html", codec)
    heading = next((r.text for r in raws if r.kind == BlockKind.HEADING), None)
    visible = clean_line(all_text) if len(doc.text) < pagecheck.PAYWALL_PHRASE_LIMIT else None
    failure = check_page(doc.text, raws, title, heading, visible, body)
    if failure is not None:
        return failure
    return doc if doc.title else Document(doc.text, doc.blocks, heading, doc.content_type, codec)


def _html_title(root: Any) -> str | None:
    el = root.find("head/title")
    if el is None:
        el = root.find(".//title")
    if el is not None:
        title = clean_line(text_of(el))
        if title:
            return title
    for meta in root.iter("meta"):
        if meta.get("property") == "og:title" and meta.get("content"):
            return clean_line(meta.get("content")) or None
    return None
