"""Small boxes of page furniture recognised by what they hold, not by their names: link lines,
quote widgets (index levels with signed changes), feedback widgets and polls, citation lists,
and lines of meta or legal text. Pure functions over one element of the parsed page; the pruner
(:mod:`.boilerplate`) decides where to ask.
"""

from __future__ import annotations

import re
from typing import Any

from claimcheck.extract.chrome import text_of

LINK_LINE = 0.8  # link text share of a line that is a link, not a sentence
# the tags that start a line of their own (a box, a paragraph, a list item)
BLOCK = frozenset(
    {
        "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "section", "article", "aside", "header",
        "footer", "nav", "form", "figure", "figcaption", "blockquote", "table", "h1", "h2", "h3",
        "h4", "h5", "h6", "address", "details", "summary", "center", "main", "menu", "pre",
    }
)  # fmt: skip

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


def nchars(s: str | None) -> int:
    # visible characters, near enough for shares and limits (tabs and rarer spaces count)
    return len(s) - s.count(" ") - s.count("\n") if s else 0


def flat_text(el: Any) -> str:
    """The element's text with its white space folded."""
    return " ".join(text_of(el).split())


def lines_of(el: Any) -> list[str]:
    """The element's text split at its block children (one line per box or paragraph)."""
    parts: list[str] = []
    buf: list[str] = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str) and child.tag in BLOCK:
            parts.append(" ".join(buf))
            buf = []
            parts.extend(lines_of(child))
        elif isinstance(child.tag, str):
            buf.append(flat_text(child))
        buf.append(child.tail or "")
    parts.append(" ".join(buf))
    return [" ".join(p.split()) for p in parts if p.strip()]


def sentence(text: str) -> bool:
    """Prose: four words or more, ending like a sentence."""
    return len(_PROSE_WORD_RE.findall(text)) >= 4 and text.rstrip()[-1:] in ".!?"


def link_line(el: Any, text: str, link: int, chars: int) -> bool:
    """A line that is a link plus at most a label or a file note."""
    if link >= LINK_LINE * chars:
        return True
    rest = text
    for a in el.iter("a"):
        rest = rest.replace(" ".join(flat_text(a).split()), " ", 1)
    rest = _FILE_NOTE_RE.sub(" ", rest)
    return _SEPARATORS_RE.fullmatch(rest) is not None or _LABEL_RE.fullmatch(rest) is not None


def quote_widget(el: Any) -> bool:
    """Index levels and signed changes, as a strip or as a box of short lines."""
    text = flat_text(el)
    quotes = _QUOTE_RE.findall(text)
    if len(quotes) >= 2 and sum(nchars(q) for q in quotes) >= 0.5 * max(nchars(text), 1):
        return True
    lines = lines_of(el)
    if len(lines) < 3 or any(len(line) > 40 for line in lines):
        return False
    numeric = sum(1 for line in lines if _NUMBER_RE.search(line))
    signed = any(_SIGNED_RE.search(line) for line in lines)
    wordy = any(len(_PROSE_WORD_RE.findall(line)) >= 2 for line in lines)
    return signed and numeric >= 0.6 * len(lines) and not wordy


def quote_table(table: Any) -> bool:
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
        rest = " ".join(flat_text(c) for c in cells[1:])
        if not _SIGNED_RE.search(" " + rest):
            return False
    return True


def feedback(el: Any) -> bool:
    """A short question with answers tallied: "Was this useful? 87% said yes"."""
    # a question and its tallies may share one line ("Was this helpful? 👍 1,204 👎 37")
    lines = [part for line in lines_of(el) for part in _QUESTION_SPLIT_RE.split(line) if part]
    if len(lines) < 2 or any(len(line) > 80 for line in lines):
        return False
    asks = any(line.endswith("?") for line in lines)
    tallies = any(_TALLY_RE.search(line) for line in lines if not line.endswith("?"))
    return asks and tallies


def citations(el: Any) -> bool:
    items = [li for li in el if isinstance(li.tag, str) and li.tag == "li"]
    if len(items) < 2:
        return False
    cited = sum(1 for li in items if _CITATION_RE.search(flat_text(li)))
    return cited >= 0.6 * len(items)


def furniture_line(el: Any, links: int, link: int, chars: int) -> bool:
    """A short line that is a link, an author box, a meta or legal line, or a weather widget
    (``links`` counts its links, ``link`` and ``chars`` its characters of link text and in all)."""
    text = flat_text(el)
    if links and link_line(el, text, link, chars):
        return True
    if _AUTHOR_BOX_RE.match(text):
        return True  # "About the author: … has covered ports for 12 years"
    if _META_RE.search(text) or _LEGAL_RE.search(text):
        return not sentence(text) or _LEGAL_RE.search(text) is not None
    return chars <= 40 and _TEMPERATURE_RE.search(text) is not None  # a weather widget
