"""Read an article (plain text, Markdown or HTML) into body blocks, citation markers and sources.

This is the parsing half of ``claimcheck extract``; :mod:`claimcheck.draft.drafting` turns the
result into a claims file. Pure functions over bytes: the caller reads files and fetches URLs.

* Body: a list of blocks (paragraphs, list items, headings) with the source list, Markdown
  footnote definitions, bylines, date lines and reading times taken out. A paragraph that ends
  without punctuation and is followed by one starting in lower case is one sentence cut in two
  (pages that drop a linked company name leave exactly that), so the two are joined.
* Sources: the list at the end of the article in its common shapes (:mod:`.entries`), and for
  HTML an ``<ol>``/paragraph of links under a "References"/"Sources" heading or in a
  references/footnotes section (:mod:`.htmlarticle`). HTML lists are turned into the text shapes
  first, so there is one entry parser.
* Markers: ``[3]``, ``[1][2]``, ``[1, 2]``, ``[1-3]``, ``[^2]``, superscripts (``¹²``, and
  ``<sup>1</sup>`` in HTML and Markdown) (:mod:`.markers`). Everything after the source list
  (comments, share buttons, related links) is page furniture and is left out.
"""

from __future__ import annotations

from claimcheck.draft.htmlarticle import load_html
from claimcheck.draft.records import ArticleError, ArticleText
from claimcheck.draft.textarticle import load_text
from claimcheck.extract.charset import decode
from claimcheck.extract.sniff import article_kind


def load_article_text(
    data: bytes, content_type_or_suffix: str | None = None, *, url: str | None = None
) -> ArticleText:
    """Read an article from bytes.

    ``content_type_or_suffix`` is a media type ("text/html; charset=utf-8"), a file suffix
    (".md", "html") or None to guess from the bytes. Raises :class:`ArticleError` for bytes that
    are no readable article.
    """
    kind, charset = article_kind(data, content_type_or_suffix)
    if kind == "html":
        return load_html(data, charset, url)
    # the extractor's rule, so that an article reads the same as a source page
    text = decode(data, charset, None)[0]
    if "\x00" in text:
        raise ArticleError("the article is binary, not text")
    return load_text(text, kind, url)
