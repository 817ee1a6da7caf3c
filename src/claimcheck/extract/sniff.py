"""What a body is, from its Content-Type and its first bytes: the one content-type parser.

Servers label PDFs as HTML or octet-stream, real pages as text/plain, and anything at all as
"application/octet-stream"; the magic number and the markup at the start of the body decide
where the label is vague or wrong. The article reader of ``claimcheck extract`` asks the same
questions of an article (:func:`article_kind`).
"""

from __future__ import annotations

import codecs
import re


def parse_content_type(value: str | None) -> tuple[str, str | None]:
    """'Text/HTML; Charset="GBK"' -> ('text/html', 'gbk'); ('', None) when there is none."""
    if not value:
        return "", None
    media, *params = value.split(";")
    charset = None
    for param in params:
        name, _, val = param.partition("=")
        if name.strip().lower() == "charset" and val.strip().strip("\"'"):
            charset = val.strip().strip("\"'").lower()
    return media.strip().lower(), charset


def with_charset(media: str | None, charset: str | None) -> str | None:
    """The Content-Type value for a media type and charset (the inverse of the parser)."""
    if not media:
        return None
    return f"{media}; charset={charset}" if charset else media


def media_and_charset(value: str | None) -> tuple[str | None, str | None]:
    """(media type or None, charset or None) of a Content-Type header."""
    media, charset = parse_content_type(value)
    return media or None, charset


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


def is_pdf(body: bytes) -> bool:
    if body.lstrip()[:5] == b"%PDF-":
        return True
    # the spec tolerates junk before the header within the first 1024 bytes
    return b"%PDF-" in body[:1024] and not looks_html(body)


def head_lower(body: bytes, size: int = 2048) -> bytes:
    head = body[:size]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16-le" if head.startswith(codecs.BOM_UTF16_LE) else "utf-16-be"
        head = head[2:].decode(encoding, "ignore").encode("ascii", "ignore")
    return head.lstrip(codecs.BOM_UTF8 + b" \t\r\n").lower()


def looks_html(body: bytes, strong: bool = False) -> bool:
    head = head_lower(body)
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


def classify(body: bytes, media: str, url: str | None) -> str:
    """Decide how to read the body: 'pdf', 'html', a text type, or the media type itself."""
    if is_pdf(body):
        # servers label PDFs as HTML or octet-stream often enough; the magic number wins
        return "pdf"
    if media in _PDF_TYPES:
        # a PDF URL that answered with an HTML page (login, error, challenge): read the page
        return "html" if looks_html(body) else "pdf"
    if media in _HTML_TYPES:
        return "html"
    if media in _TEXT_TYPES:
        # misconfigured servers send real pages as text/plain; only trust an unmistakable start
        return "html" if looks_html(body, strong=True) else _TEXT_TYPES[media]
    if media in ("text/xml", "application/xml"):
        return "html" if looks_html(body, strong=True) else media
    if media not in _VAGUE_TYPES:
        return media
    if not body.strip() or looks_html(body) or head_lower(body).startswith(b"<!--"):
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


# -- articles (claimcheck extract) --------------------------------------------------------------

_SUFFIX_KINDS = {
    "html": "html", "htm": "html", "xhtml": "html", "md": "markdown", "markdown": "markdown",
    "mdown": "markdown", "txt": "text", "text": "text",
}  # fmt: skip

_MEDIA_KINDS = {
    "text/html": "html", "application/xhtml+xml": "html", "text/markdown": "markdown",
    "text/x-markdown": "markdown", "text/plain": "text",
}  # fmt: skip


def article_kind(data: bytes, hint: str | None) -> tuple[str, str | None]:
    """How to read an article: ("html" | "markdown" | "text", charset or None). ``hint`` is a
    media type ("text/html; charset=utf-8"), a file suffix (".md", "html") or None; the bytes
    decide when it says nothing or calls an HTML page text."""
    charset = None
    kind = None
    if hint:
        media, charset = parse_content_type(hint)
        if "/" in media:
            kind = _MEDIA_KINDS.get(media)
        else:
            kind = _SUFFIX_KINDS.get(media.lstrip(".").rsplit(".", 1)[-1])
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if kind is None or (kind == "text" and head.startswith((b"<!doctype html", b"<html"))):
        if head.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<article")):
            kind = "html"
        elif re.search(rb"^#{1,6} |\]\(https?://|^\[\^", data[:65536], re.MULTILINE):
            kind = "markdown"
        else:
            kind = kind or "text"
    return kind, charset
