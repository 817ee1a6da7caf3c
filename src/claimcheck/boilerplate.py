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
LINK_LINE = 0.8  # link text share of a line that is a link, not a sentence
SHORT_LINE = 200  # characters: widgets, meta and legal lines are no longer
SNIPPET = 250  # a teaser's snippet is no longer than this
WIDGET = 400  # a quote or feedback widget holds no more text than this

_BLOCK = frozenset(
    {
        "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "section", "article", "aside", "header",
        "footer", "nav", "form", "figure", "figcaption", "blockquote", "table", "h1", "h2", "h3",
        "h4", "h5", "h6", "address", "details", "summary", "center", "main", "menu", "pre",
    }
)  # fmt: skip
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
_CITATION_RE = re.compile(
    r"\((?:19|20)\d\d[a-z]?\)|\b\d+\s?\(\d+\)|\bpp?\.\s?\d|\bdoi\b|\bet al\.|\bvol\.|"
    r"\bretrieved\b|\baccessed\b|\b(?:19|20)\d\d[a-z]?\)\.",
    re.IGNORECASE,
)
_LABEL_RE = re.compile(
    r"\s*(?:read more|read next|see also|related|more|also read|watch|listen|download|"
    r"full story)\s*[:»›→-]?\s*|\s*[»›→]\s*",
    re.IGNORECASE,
)
_FILE_NOTE_RE = re.compile(
    r"\s*[(\[]\s*(?:pdf|xlsx?|docx?|pptx?|csv|zip|mp3|mp4)\b[^()\[\]]{0,30}[)\]]\s*[.,]?\s*",
    re.IGNORECASE,
)
_TALLY_RE = re.compile(
    r"\d[\d,.]*\s*%|\b\d[\d,]*\s+(?:votes?|ratings?|users|readers|people|responses)\b|"
    r"\bout of (?:5|five|10|ten)\b|\bsaid (?:yes|no)\b|[👍👎★☆]",
    re.IGNORECASE,
)
_META_RE = re.compile(
    r"\b\d+\s*-?\s*min(?:ute)?s?\.?\s*(?:read|reading|listen)\b|\b\d[\d,]*\s+comments?\b",
    re.IGNORECASE,
)
_LEGAL_RE = re.compile(
    r"©|\(c\)\s*(?:19|20)\d\d|\bcopyright\b|\ball rights reserved\b|\bcompany (?:no|number)\b|"
    r"\bregistered in england\b|\borg(?:anisation)?\.?\s*no\b|\bcvr\b|\bvat (?:no|number|reg)|"
    r"\blicen[cs]e v\d|\b(?:data|quotes?|prices?) (?:are )?delayed\b|"
    r"\bdelayed (?:by )?(?:at least )?\d+ min|\b(?:call|tel\.?|phone)\s*:?\s*\+?\d[\d ()-]{6,}",
    re.IGNORECASE,
)
# an instrument's level and signed change: "DAX 18,402.1 −0.2%", "NVE 64.20 NOK ▲ 0.9%"
_QUOTE_RE = re.compile(
    r"[$€£¥]?\d[\d,]*\.\d+\s*(?:[A-Z]{3}\s*)?(?:[▲▼△▽]\s*)?[+\-−–]?\s?\d[\d,]*(?:\.\d+)?\s*%"
)
_SIGNED_RE = re.compile(r"(?:^|\s|\()(?:[+\-−–]\s?\d|[▲▼△▽]\s*\d)")
_QUESTION_SPLIT_RE = re.compile(r"(?<=\?)\s+")
_AUTHOR_BOX_RE = re.compile(r"\s*about the (?:authors?|writers?|reporters?)\b", re.IGNORECASE)
_SEPARATORS_RE = re.compile(r"[\s|·•,;/›»→–—:()-]*")
_NUMBER_RE = re.compile(r"\d")
_PROSE_WORD_RE = re.compile(r"\b[a-z]{4,}\b")
_TEMPERATURE_RE = re.compile(r"-?\d+\s?°\s?[CF]\b")


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


def _nchars(s: str | None) -> int:
    # visible characters, near enough for shares and limits (tabs and rarer spaces count)
    return len(s) - s.count(" ") - s.count("\n") if s else 0


def _measure(body: Any) -> dict[Any, _Stat]:
    stats: dict[Any, _Stat] = {}
    for _, el in etree.iterwalk(body, events=("end",)):
        st = _Stat(chars=_nchars(el.text))
        for child in el:
            if not isinstance(child.tag, str):
                st.chars += _nchars(child.tail)
                continue
            c = stats[child]
            st.chars += c.chars + _nchars(child.tail)
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


def _text(el: Any) -> str:
    return " ".join(etree.tostring(el, method="text", encoding="unicode", with_tail=False).split())


def _lines(el: Any) -> list[str]:
    """The element's text split at its block children (one line per box or paragraph)."""
    parts: list[str] = []
    buf: list[str] = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str) and child.tag in _BLOCK:
            parts.append(" ".join(buf))
            buf = []
            parts.extend(_lines(child))
        elif isinstance(child.tag, str):
            buf.append(_text(child))
        buf.append(child.tail or "")
    parts.append(" ".join(buf))
    return [" ".join(p.split()) for p in parts if p.strip()]


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
            return self.quote_table(el)
        if st.table:
            return False  # a box holding a table: the table is judged as a table
        if tag in _TEXT_BLOCKS:
            # a sentence may be half links; a link bar is links and separators only
            if st.links and st.chars <= SHORT_LINE * 2 and self.link_line(el, _text(el), st):
                return True
        elif st.links >= 2 and st.link >= LINK_DENSE * st.chars:
            return True  # menus, "most read", calendars of links
        if st.chars <= WIDGET and (self.quote_widget(el) or self.feedback(el)):
            return True
        if tag in ("ol", "ul") and self.citations(el):
            return True
        return st.chars <= SHORT_LINE and self.line_of_furniture(el, st)

    def line_of_furniture(self, el: Any, st: _Stat) -> bool:
        text = _text(el)
        if st.links and self.link_line(el, text, st):
            return True
        if _AUTHOR_BOX_RE.match(text):
            return True  # "About the author: … has covered ports for 12 years"
        if _META_RE.search(text) or _LEGAL_RE.search(text):
            return not self.sentence(text) or _LEGAL_RE.search(text) is not None
        return st.chars <= 40 and _TEMPERATURE_RE.search(text) is not None  # a weather widget

    @staticmethod
    def sentence(text: str) -> bool:
        return len(_PROSE_WORD_RE.findall(text)) >= 4 and text.rstrip()[-1:] in ".!?"

    def link_line(self, el: Any, text: str, st: _Stat) -> bool:
        """A line that is a link plus at most a label or a file note."""
        if st.link >= LINK_LINE * st.chars:
            return True
        rest = text
        for a in el.iter("a"):
            rest = rest.replace(" ".join(_text(a).split()), " ", 1)
        rest = _FILE_NOTE_RE.sub(" ", rest)
        return _SEPARATORS_RE.fullmatch(rest) is not None or _LABEL_RE.fullmatch(rest) is not None

    def quote_widget(self, el: Any) -> bool:
        """Index levels and signed changes, as a strip or as a box of short lines."""
        text = _text(el)
        quotes = _QUOTE_RE.findall(text)
        if len(quotes) >= 2 and sum(_nchars(q) for q in quotes) >= 0.5 * max(_nchars(text), 1):
            return True
        lines = _lines(el)
        if len(lines) < 3 or any(len(line) > 40 for line in lines):
            return False
        numeric = sum(1 for line in lines if _NUMBER_RE.search(line))
        signed = any(_SIGNED_RE.search(line) for line in lines)
        wordy = any(len(_PROSE_WORD_RE.findall(line)) >= 2 for line in lines)
        return signed and numeric >= 0.6 * len(lines) and not wordy

    def quote_table(self, table: Any) -> bool:
        """A table of linked instrument names with levels and signed changes, no header."""
        if table.find(".//th") is not None:
            return False
        rows = [r for r in table.iter("tr") if len(r) >= 2]
        if len(rows) < 2:
            return False
        for row in rows:
            cells = [c for c in row if isinstance(c.tag, str)]
            if not cells or cells[0].find(".//a") is None:
                return False
            rest = " ".join(_text(c) for c in cells[1:])
            if not _SIGNED_RE.search(" " + rest):
                return False
        return True

    def feedback(self, el: Any) -> bool:
        """A short question with answers tallied: "Was this useful? 87% said yes"."""
        # a question and its tallies may share one line ("Was this helpful? 👍 1,204 👎 37")
        lines = [part for line in _lines(el) for part in _QUESTION_SPLIT_RE.split(line) if part]
        if len(lines) < 2 or any(len(line) > 80 for line in lines):
            return False
        asks = any(line.endswith("?") for line in lines)
        tallies = any(_TALLY_RE.search(line) for line in lines if not line.endswith("?"))
        return asks and tallies

    def citations(self, el: Any) -> bool:
        items = [li for li in el if isinstance(li.tag, str) and li.tag == "li"]
        if len(items) < 2:
            return False
        cited = sum(1 for li in items if _CITATION_RE.search(_text(li)))
        return cited >= 0.6 * len(items)

    # -- rules on runs of siblings -----------------------------------------------------------

    def siblings(self, parent: Any) -> list[Any]:
        """Children to remove for what they are next to: a references section, teaser cards."""
        children = [c for c in parent if isinstance(c.tag, str)]
        doomed: list[Any] = []
        i = 0
        while i < len(children):
            child = children[i]
            level = _HEADINGS.get(child.tag)
            if level is not None and _REFERENCES_RE.fullmatch(_text(child)):
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
                if child.tag in _BLOCK and not self.essential(child) and self.furniture(child):
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
