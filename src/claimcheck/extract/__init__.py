"""Turn the bytes of a fetched page into clean, structured text: a pure function, no I/O.

``extract(body, content_type)`` returns a :class:`Document` (text plus blocks with offsets into
it: headings, paragraphs, list items, table rows with their caption/header/unit note, PDF pages)
or an :class:`ExtractFailure` when the bytes are not the source (a bot wall, a paywall stub, a
JavaScript shell, an image...). HTML is parsed once with lxml and walked once; boilerplate is
pruned in the spirit of trafilatura: first by structure and link density (:mod:`.boilerplate`:
tickers, teasers, link bars, rails, reference lists, widgets), then on the walk by tag,
class/id/role and visibility (:mod:`.chrome`), keeping whatever holds most of the page's prose.
lxml is used directly rather than through BeautifulSoup, whose tree building alone costs about
twice our whole extraction. PDFs are read page by page with pypdf.

Bytes become text by the one rule in :mod:`.charset` (shared with the article reader of
``claimcheck extract``): BOM, HTTP charset, ``<meta>``, UTF-8, detection; what a body is comes
from :mod:`.sniff`, the one content-type parser.

The package: :mod:`.sniff`, :mod:`.charset`, :mod:`.html` (with :mod:`.walker`, :mod:`.chrome`,
:mod:`.tables` and :mod:`.boilerplate`), :mod:`.plaintext`, :mod:`.pdf`, :mod:`.blocks` (raw
blocks to a Document) and :mod:`.pagecheck` (a bot wall, a paywall stub, a shell, or the page).
"""

from __future__ import annotations

from claimcheck.extract.html import extract_html
from claimcheck.extract.pdf import extract_pdf
from claimcheck.extract.plaintext import extract_text
from claimcheck.extract.sniff import classify, parse_content_type
from claimcheck.model.document import Block, Document, ExtractFailure
from claimcheck.model.vocab import Reason

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
    kind = classify(body, media, url)
    if kind == "pdf":
        return extract_pdf(body)
    if kind == "html":
        return extract_html(body, header_charset)
    if kind in ("text/plain", "text/markdown"):
        return extract_text(body, header_charset, kind)
    shown = media or "unknown"
    return ExtractFailure(
        Reason.UNSUPPORTED_CONTENT_TYPE,
        f"the content type '{shown}' is not HTML, PDF or plain text, so there is no text to read",
    )
