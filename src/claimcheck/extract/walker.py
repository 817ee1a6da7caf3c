"""One pass over a page's body: chrome dropped, inline text gathered, blocks emitted in
document order (headings, paragraphs, list items, quotes, captions, table rows).
"""

from __future__ import annotations

import re
from typing import Any

from claimcheck.extract.blocks import BR, Raw, clean_block, clean_line
from claimcheck.extract.chrome import BLOCK_TAGS, Chrome, text_of
from claimcheck.extract.tables import is_layout_table, table_blocks
from claimcheck.model.vocab import BlockKind

_MAX_DEPTH = 180  # deeper subtrees are read as flat text; keeps recursion bounded
_OWN_KIND: dict[str, BlockKind] = {
    **dict.fromkeys(("h1", "h2", "h3", "h4", "h5", "h6"), BlockKind.HEADING),
    **dict.fromkeys(("li", "dt", "dd"), BlockKind.LIST_ITEM),
    "blockquote": BlockKind.QUOTE,
    "figcaption": BlockKind.CAPTION,
    "caption": BlockKind.CAPTION,
}
# kinds that a nested <p>/<div> inherits (a <p> inside an <li> is still a list item)
STICKY_KINDS = frozenset(
    {BlockKind.HEADING, BlockKind.LIST_ITEM, BlockKind.QUOTE, BlockKind.CAPTION}
)


class HtmlWalker:
    """One pass over the body: prunes chrome and emits blocks in document order."""

    def __init__(self, body: Any) -> None:
        self.chrome = Chrome(body)
        self.out: list[Raw] = []
        self.buf: list[str] = []
        self.links = 0
        self.in_link = 0
        self.in_pre = 0
        self.in_main = 0

    # the pending inline text -------------------------------------------------------------

    def add(self, s: str) -> None:
        if self.in_pre:
            s = s.replace("\n", BR)
        self.buf.append(s)
        if self.in_link:
            self.links += len(s.strip())

    def flush(self, kind: BlockKind) -> None:
        if not self.buf:
            return
        text = clean_block("".join(self.buf))
        self.buf = []
        links, self.links = self.links, 0
        if text:
            self.out.append(Raw(kind, text, links=links))

    def drop(self, el: Any, tag: str) -> bool:
        return self.chrome.drop(el, tag, self.in_main > 0)

    # traversal ---------------------------------------------------------------------------

    def walk(self, el: Any, kind: BlockKind, depth: int) -> None:
        if el.text:
            self.add(el.text)
        for child in el:
            tag = child.tag
            if isinstance(tag, str):
                self.element(child, tag, kind, depth + 1)
            if child.tail:
                self.add(child.tail)

    def element(self, el: Any, tag: str, kind: BlockKind, depth: int) -> None:
        if self.drop(el, tag):
            return
        if depth > _MAX_DEPTH:
            # spaces between the pieces: block boundaries are unknown down here
            self.add(" " + " ".join(el.itertext()) + " ")
            return
        if tag == "br":
            self.buf.append(BR)
            return
        if tag == "table":
            self.flush(kind)
            self.table(el, kind, depth)
            return
        if tag in BLOCK_TAGS:
            self.flush(kind)
            own = _OWN_KIND.get(tag) or (kind if kind in STICKY_KINDS else BlockKind.PARAGRAPH)
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
        if script and self.buf and _footnote_gap(self.buf[-1][-8:], text_of(el)):
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
        return clean_line("".join(parts))

    def _collect(self, el: Any, parts: list[str], depth: int) -> None:
        """Inline text of a cell; blocks and <br> inside it become spaces."""
        if el.text:
            parts.append(el.text)
        for child in el:
            tag = child.tag
            if isinstance(tag, str) and not self.drop(child, tag):
                if depth > _MAX_DEPTH:
                    parts.append(" " + " ".join(child.itertext()) + " ")
                elif tag in BLOCK_TAGS or tag == "br" or tag in ("sup", "sub"):
                    parts.append(" ")
                    self._collect(child, parts, depth + 1)
                    parts.append(" ")
                else:
                    self._collect(child, parts, depth + 1)
            if child.tail:
                parts.append(child.tail)

    def table(self, el: Any, kind: BlockKind, depth: int) -> None:
        layout_kind = kind if kind in STICKY_KINDS else BlockKind.PARAGRAPH
        if is_layout_table(el):
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
                self.out.append(Raw(BlockKind.CAPTION, caption))
            return
        if not any(sum(1 for c in cells if c) >= 2 for cells, _, _ in rows) or any(
            len(c) > 800 for cells, _, _ in rows for c in cells
        ):
            # one column, or cells holding whole paragraphs: a layout grid, not data
            self.walk(el, layout_kind, depth)
            self.flush(layout_kind)
            return
        self.out.extend(table_blocks(caption, rows, self.out))

    def row(self, tr: Any, in_head: bool, depth: int) -> tuple[list[str], bool, bool]:
        cells = [
            c
            for c in tr
            if isinstance(c.tag, str) and c.tag in ("td", "th") and not self.drop(c, c.tag)
        ]
        texts = [self.cell_text(c, depth + 1) for c in cells]
        return texts, in_head, bool(cells) and all(c.tag == "th" for c in cells)


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
