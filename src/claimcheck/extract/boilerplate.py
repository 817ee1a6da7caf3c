"""Page furniture that class names do not give away, found by structure and link density.

Runs on the parsed HTML body before the extractor walks it (the walker already drops chrome
that names itself: ``<nav>``, ``class="sidebar"``, cookie banners). What is left of the
furniture carries figures that a matcher would otherwise take for the page's: a ticker's index
levels, a teaser's "6.5% raise", a poll's "62%". One bottom-up pass measures every element
(visible characters, how many of them are link text, how many links); then, top-down:

* **outside the content**: the content container is the smallest element holding most of the
  page's prose (text outside links); what lies outside it is masthead, rails and footer, and
  goes -- except the headline, data tables with a header row, and anything that reads like the
  article continued (a long paragraph, or a sibling of the container's own kind);
* **above the headline**: blocks before the page's ``<h1>`` that hold little prose (tickers,
  breadcrumbs, dates, weather, link bars);
* **link-dense boxes**: an element of two or more links whose text is mostly link text (menus,
  link bars, "most read", calendars) -- tables are judged as tables;
* **teaser cards**: a sub-heading that is a link, and the short snippet after it;
* **cross-references and downloads**: a line that is a link and a label ("Read more:") or a
  file note ("(PDF, 1.8 MB)");
* **quote widgets**: index levels with signed changes, in a strip, a box or a table of linked
  instrument names;
* **feedback widgets and polls**: a short question with tallies ("87% said yes", "2,480 votes");
* **reference lists**: a "References"/"Bibliography" section, or a list of citations;
* **meta and legal lines**: reading times, comment counts, author boxes, copyright,
  registration numbers, "data delayed 15 minutes".

Headlines and table structure are kept: nothing here removes an ``<h1>``, and data tables are
only removed when they are quote widgets or lie outside the content.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from lxml import etree

from claimcheck.extract.widgets import (
    BLOCK,
    LINK_LINE,
    citations,
    feedback,
    flat_text,
    furniture_line,
    link_line,
    nchars,
    quote_table,
    quote_widget,
)

# Share of the page's prose an element must hold to be the content container (descending from
# <body> while one child still holds this much). Below it the page has no dominant container
# and "outside the content" removes nothing.
CONTENT_SHARE = 0.6
# A paragraph outside the container with this much prose reads like the article continued
# (split by an ad slot, say): it is kept and left to the other rules.
LONG_PARAGRAPH = 120
# Blocks above the headline holding at most this share of the page's prose are masthead.
MASTHEAD_SHARE = 0.15
LINK_DENSE = 0.5  # link text share of a box that is a menu, not prose
SHORT_LINE = 200  # characters: widgets, meta and legal lines are no longer
SNIPPET = 250  # a teaser's snippet is no longer than this
WIDGET = 400  # a quote or feedback widget holds no more text than this

# what can be the content container: elements that group blocks, not a paragraph of text
_GROUPING = frozenset({"div", "section", "article", "main", "td", "form", "center"})
# what lies outside the container and goes: boxes of furniture. Loose paragraphs, headings and
# tables outside it are judged by the other rules only (a short sentence next to an article's
# body is more often the article than furniture)
_BOXES = frozenset(
    {"div", "section", "aside", "article", "ul", "ol", "dl", "header", "footer", "nav", "form",
     "figure", "menu", "center", "address", "details"}
)  # fmt: skip
# blocks of running text: a link in them is part of a sentence unless nothing else is there
_TEXT_BLOCKS = frozenset(
    {"p", "li", "dt", "dd", "h2", "h3", "h4", "h5", "h6", "blockquote", "figcaption", "address"}
)
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_KEEP_TAGS = frozenset({"html", "body", "main"})

_REFERENCES_RE = re.compile(
    r"\s*(?:references|bibliography|works cited|literature(?: cited)?|further reading|"
    r"citations|sources and references|reference list|endnotes)\s*:?\s*",
    re.IGNORECASE,
)


@dataclass(slots=True)
class _Stat:
    chars: int = 0  # visible characters (no whitespace) inside, children's tails included
    link: int = 0  # of them inside <a>
    links: int = 0  # <a> elements with text
    h1: bool = False  # contains an <h1>
    table: bool = False  # contains a <table>

    @property
    def prose(self) -> int:
        return self.chars - self.link


def _measure(body: Any) -> dict[Any, _Stat]:
    stats: dict[Any, _Stat] = {}
    for _, el in etree.iterwalk(body, events=("end",)):
        st = _Stat(chars=nchars(el.text))
        for child in el:
            if not isinstance(child.tag, str):
                st.chars += nchars(child.tail)
                continue
            c = stats[child]
            st.chars += c.chars + nchars(child.tail)
            st.link += c.link
            st.links += c.links
            st.h1 = st.h1 or c.h1
            st.table = st.table or c.table
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "a":
            st.link = st.chars
            st.links += 1 if st.chars else 0
        st.h1 = st.h1 or tag == "h1"
        st.table = st.table or tag == "table"
        stats[el] = st
    return stats


def _remove(el: Any) -> None:
    """Remove ``el`` but keep its tail text (it belongs to what follows)."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


class _Pruner:
    def __init__(self, body: Any) -> None:
        self.body = body
        self.stats = _measure(body)
        self.page = max(self.stats[body].prose, 1)
        self.h1 = next(body.iter("h1"), None)

    def st(self, el: Any) -> _Stat:
        return self.stats.get(el) or _Stat()

    # -- guards ------------------------------------------------------------------------------

    def essential(self, el: Any) -> bool:
        """Never removed: the headline, the page's bulk, and the structural roots."""
        st = self.st(el)
        return (
            el.tag in _KEEP_TAGS
            or st.h1
            or (el.get("role") or "").lower() == "main"
            or st.prose >= CONTENT_SHARE * self.page
        )

    # -- the content container ---------------------------------------------------------------

    def container(self) -> Any | None:
        node = self.body
        found = None
        while True:
            nxt = None
            for child in node:
                if child.tag in _GROUPING and self.st(child).prose >= CONTENT_SHARE * self.page:
                    nxt = child
                    break
            if nxt is None:
                return found
            found = node = nxt

    def outside(self, container: Any) -> Iterator[Any]:
        """Elements outside the container: siblings of it and of each of its ancestors."""
        node = container
        while node is not None and node is not self.body:
            parent = node.getparent()
            if parent is None:
                return
            for sibling in parent:
                if sibling is not node and isinstance(sibling.tag, str):
                    yield sibling
            node = parent

    def continues_content(self, el: Any, container: Any) -> bool:
        kind = el.get("class")
        if el.tag == container.tag and kind and kind == container.get("class"):
            return True
        if self.st(el).h1:
            return True
        for p in el.iter("p", "li", "blockquote"):
            st = self.stats.get(p)
            if st is not None and st.prose >= LONG_PARAGRAPH:
                return True
        # a table is judged as a table (quote widgets go, data stays), wherever it stands
        return self.st(el).table

    # -- rules on one element ----------------------------------------------------------------

    def furniture(self, el: Any) -> bool:
        st = self.st(el)
        tag = el.tag
        if tag == "table":
            return quote_table(el)
        if st.table:
            return False  # a box holding a table: the table is judged as a table
        if tag in _TEXT_BLOCKS:
            # a sentence may be half links; a link bar is links and separators only
            if (
                st.links
                and st.chars <= SHORT_LINE * 2
                and link_line(el, flat_text(el), st.link, st.chars)
            ):
                return True
        elif st.links >= 2 and st.link >= LINK_DENSE * st.chars:
            return True  # menus, "most read", calendars of links
        if st.chars <= WIDGET and (quote_widget(el) or feedback(el)):
            return True
        if tag in ("ol", "ul") and citations(el):
            return True
        return st.chars <= SHORT_LINE and furniture_line(el, st.links, st.link, st.chars)

    # -- rules on runs of siblings -----------------------------------------------------------

    def siblings(self, parent: Any) -> list[Any]:
        """Children to remove for what they are next to: a references section, teaser cards."""
        children = [c for c in parent if isinstance(c.tag, str)]
        doomed: list[Any] = []
        i = 0
        while i < len(children):
            child = children[i]
            level = _HEADINGS.get(child.tag)
            if level is not None and _REFERENCES_RE.fullmatch(flat_text(child)):
                j = i + 1
                while j < len(children) and _HEADINGS.get(children[j].tag, 9) > level:
                    j += 1
                doomed.extend(children[i:j])
                i = j
                continue
            if self.card_head(child):
                doomed.append(child)
                j = i + 1
                while (
                    j < len(children)
                    and j - i <= 2
                    and children[j].tag not in _HEADINGS
                    and not self.card_head(children[j])
                    and self.st(children[j]).chars <= SNIPPET
                    and not self.st(children[j]).table
                ):
                    doomed.append(children[j])
                    j += 1
                i = j
                continue
            i += 1
        return [c for c in doomed if not self.essential(c)]

    def card_head(self, el: Any) -> bool:
        """A teaser's headline: a sub-heading that is a link, or a link around a heading."""
        st = self.st(el)
        if el.tag in _HEADINGS and el.tag != "h1":
            return st.links >= 1 and st.link >= LINK_LINE * max(st.chars, 1)
        if el.tag == "a":
            return any(h.tag in _HEADINGS and h.tag != "h1" for h in el.iter(*_HEADINGS))
        return False

    # -- the pass ----------------------------------------------------------------------------

    def run(self) -> None:
        doomed: list[Any] = []
        container = self.container()
        if container is not None:
            for el in self.outside(container):
                if (
                    el.tag in _BOXES
                    and not self.essential(el)
                    and not self.continues_content(el, container)
                ):
                    doomed.append(el)
        if self.h1 is not None:
            doomed.extend(self.masthead())
        gone = set(doomed)
        stack = [self.body]
        while stack:
            node = stack.pop()
            for child in self.siblings(node):
                if child not in gone:
                    doomed.append(child)
                    gone.add(child)
            for child in node:
                if not isinstance(child.tag, str) or child in gone:
                    continue
                # boxes and lines only: inline elements are parts of sentences
                if child.tag in BLOCK and not self.essential(child) and self.furniture(child):
                    doomed.append(child)
                    gone.add(child)
                else:
                    stack.append(child)
        for el in doomed:
            _remove(el)

    def masthead(self) -> list[Any]:
        """Blocks before the headline, outside its ancestors, holding little prose."""
        assert self.h1 is not None
        ancestors = set(self.h1.iterancestors())
        out = []
        node = self.h1
        while node is not None and node is not self.body:
            sibling = node.getprevious()
            while sibling is not None:
                if (
                    isinstance(sibling.tag, str)
                    and sibling not in ancestors
                    and self.st(sibling).prose <= MASTHEAD_SHARE * self.page
                    and not self.st(sibling).table
                ):
                    out.append(sibling)
                sibling = sibling.getprevious()
            node = node.getparent()
        return out


def prune(body: Any) -> None:
    """Remove page furniture from the parsed ``body`` in place (see the module docstring)."""
    _Pruner(body).run()
