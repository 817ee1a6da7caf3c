"""Read an article (plain text, Markdown or HTML) into body blocks, citation markers and sources.

This is the parsing half of ``claimcheck extract``; :mod:`claimcheck.draft` turns the result into
a claims file. Pure functions over bytes: the caller reads files and fetches URLs.

* Body: a list of :class:`Block` (paragraphs, list items, headings) with the source list, Markdown
  footnote definitions, bylines, date lines and reading times taken out. A paragraph that ends
  without punctuation and is followed by one starting in lower case is one sentence cut in two
  (pages that drop a linked company name leave exactly that), so the two are joined.
* Sources: the list at the end of the article in its common shapes -- a "Source:" paragraph with
  ``[1] Title [URL] [2] ...`` on one line, numbered lists (``[1] Title. URL``, ``1. Title URL``,
  ``1) Title - URL``), Markdown links ``[Title](URL)``, footnotes ``[^1]: Title URL``, and for
  HTML an ``<ol>``/paragraph of links under a "References"/"Sources" heading or in a
  references/footnotes section. HTML lists are turned into the text shapes first, so there is one
  entry parser.
* Markers: ``[3]``, ``[1][2]``, ``[1, 2]``, ``[1-3]``, ``[^2]``, superscripts (``¹²``, and
  ``<sup>1</sup>`` in HTML and Markdown). Everything after the source list (comments, share
  buttons, related links) is page furniture and is left out.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import yaml
from lxml import etree
from lxml import html as lxml_html

from claimcheck.extract import extract
from claimcheck.extract.charset import decode, meta_charset
from claimcheck.extract.sniff import parse_content_type
from claimcheck.model.document import Document
from claimcheck.quantities import parse_quantities

__all__ = [
    "ArticleError",
    "ArticleText",
    "Block",
    "Marker",
    "SourceEntry",
    "find_markers",
    "load_article_text",
    "parse_source_entries",
]


class ArticleError(ValueError):
    """The bytes are not an article we can read (binary, a bot wall, no text)."""


@dataclass(frozen=True)
class SourceEntry:
    key: str
    url: str | None
    title: str | None
    path: str | None = None  # a local file the entry names instead of a URL, as written

    @property
    def citable(self) -> bool:
        """It names something claimcheck can read: a web page or a local file."""
        return self.url is not None or self.path is not None


@dataclass(frozen=True)
class Block:
    """One paragraph, list item or heading of the body, as clean text."""

    kind: str  # paragraph | list_item | heading
    text: str
    summary: bool = False  # a bullet under a "Summary"/"Key takeaways" label
    joined: bool = False  # two paragraphs joined because a sentence ran across them


@dataclass(frozen=True)
class Marker:
    span: tuple[int, int]
    keys: tuple[str, ...]


@dataclass(frozen=True)
class ArticleText:
    blocks: tuple[Block, ...]
    sources: tuple[SourceEntry, ...] = ()
    title: str | None = None
    published: str | None = None  # ISO date
    author: str | None = None
    url: str | None = None
    kind: str = "text"  # text | markdown | html
    warnings: tuple[str, ...] = field(default=())

    @property
    def source_map(self) -> dict[str, tuple[str | None, str | None]]:
        """Ordered key -> (url or None, title)."""
        return {s.key: (s.url, s.title) for s in self.sources}


# -- citation markers ------------------------------------------------------------------------

_SUP_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUP_TABLE = str.maketrans(_SUP_DIGITS, "0123456789")
_KEY = r"\^?[0-9]{1,3}"
_MARKER_RE = re.compile(
    rf"\[\s*{_KEY}(?:\s*[,;–—-]\s*{_KEY})*\s*\]"  # [3] [1, 2] [1-3] [^2]
    r"|\[\^[A-Za-z][\w-]*\](?!:)"  # [^note]
    rf"|[{_SUP_DIGITS}]+(?:[,˒⁻–-][{_SUP_DIGITS}]+)*"  # ¹² ¹,³ ¹⁻³
)
# "km²" and "m³" are units, not citations
_UNIT_BEFORE_SUP_RE = re.compile(r"(?:\b(?:k?m|cm|mm|ft|in|mi|sq|yd))$")
_MAX_RANGE = 50


def find_markers(text: str) -> list[Marker]:
    """Every citation marker in ``text`` with the source keys it names, in order."""
    out: list[Marker] = []
    for m in _MARKER_RE.finditer(text):
        raw = m.group()
        if raw[0] in _SUP_DIGITS and _UNIT_BEFORE_SUP_RE.search(text, 0, m.start()):
            continue
        keys = _marker_keys(raw)
        if keys:
            out.append(Marker(m.span(), keys))
    return out


def _marker_keys(raw: str) -> tuple[str, ...]:
    body = raw.strip("[]").translate(_SUP_TABLE).replace("^", "").replace("˒", ",")
    body = body.replace("⁻", "-").strip()
    if not body[:1].isdigit():
        return (body,)  # a named footnote: [^note]
    keys: list[str] = []
    for part in re.split(r"\s*[,;]\s*", body):
        span = re.fullmatch(r"([0-9]+)\s*[–—-]\s*([0-9]+)", part)
        if span is None:
            keys.append(str(int(part)))
            continue
        a, b = int(span.group(1)), int(span.group(2))
        if a < b <= a + _MAX_RANGE:
            keys.extend(str(k) for k in range(a, b + 1))
        else:
            keys.extend((str(a), str(b)))
    return tuple(dict.fromkeys(keys))


# -- source entries --------------------------------------------------------------------------

_URL = r"https?://[^\s<>\[\]()\"']+"
_MD_LINK_RE = re.compile(rf"\[([^\]]*)\]\(\s*<?({_URL})>?(?:\s+\"[^\"]*\")?\s*\)")
_WRAPPED_URL_RE = re.compile(rf"<({_URL})>|\[({_URL})\]|\(({_URL})\)|({_URL})")
# Where one entry starts: "[n]" anywhere after a space; "n." / "n)" / "[^x]:" / bullets at a line
# start. A title may contain "[...]" but not a bare bracketed number.
_ENTRY_START_RE = re.compile(
    r"(?:^|(?<=\s))\[(?P<b>[0-9]{1,3})\](?!\()\s*:?"
    r"|(?m:^)[ \t]*(?:\[\^(?P<f>[^\]\s]+)\]:"
    r"|(?P<n>[0-9]{1,3})[.)](?=\s)"
    r"|\^(?P<c>[0-9]{1,3})\s"
    r"|(?P<bullet>[-*+•·])(?=\s))"
)
_TITLE_NOISE_RE = re.compile(
    r"\b(?:available\s+(?:at|online)|retrieved\s+(?:from|on)|accessed(?:\s+on)?|url|link|"
    r"online)\s*:?\s*$|[↩↑⤴]|\^\s*$",
    re.IGNORECASE,
)
_TRIM = " \t\n-–—:;,.|*_\"'“”‘’<>"


def parse_source_entries(text: str) -> tuple[list[SourceEntry], list[str]]:
    """The entries of a source list in any of the text shapes the module docstring names.

    Bullets without numbers are keyed by position (1, 2, ...). Returns entries and warnings.
    """
    warnings: list[str] = []
    starts = list(_ENTRY_START_RE.finditer(text))
    pieces: list[tuple[str | None, str]] = []
    if not starts:
        pieces = [(None, line) for line in text.splitlines() if re.search(_URL, line)]
    for i, m in enumerate(starts):
        end = starts[i + 1].start() if i + 1 < len(starts) else len(text)
        key = m.group("b") or m.group("f") or m.group("n") or m.group("c")
        pieces.append((key, text[m.end() : end]))
    entries: dict[str, SourceEntry] = {}
    position = 0
    for key, body in pieces:
        position += 1
        entry = _entry(key or str(position), body)
        if entry is None:
            continue
        if entry.key in entries:
            warnings.append(f"the source list has entry [{entry.key}] twice; the first is kept")
            continue
        entries[entry.key] = entry
    return list(entries.values()), warnings


def _entry(key: str, body: str) -> SourceEntry | None:
    body = " ".join(body.split())
    if not body:
        return None
    url = title = None
    link = _MD_LINK_RE.search(body)
    if link is not None:
        url = link.group(2)
        label = link.group(1).strip()
        rest = (body[: link.start()] + " " + body[link.end() :]).strip()
        title = label if label and not label.startswith(("http://", "https://")) else None
        if title is None:
            title = rest or None
    else:
        wrapped = _WRAPPED_URL_RE.search(body)
        if wrapped is not None:
            url = next(g for g in wrapped.groups() if g)
            before, after = body[: wrapped.start()], body[wrapped.end() :]
            # "Title URL" is the common order; "URL Title" also occurs
            title = before if before.strip(_TRIM) else after
        else:
            title = body
    url = _clean_url(url)
    path = None
    if url is None and title is not None:
        # "Harbor Cloud results — sources/results.html": a saved copy beside the article
        local = _LOCAL_FILE_RE.search(title)
        if local is not None:
            path = local.group(1)
            title = title[: local.start()] or None
    title = _clean_title(title)
    if url is None and path is None and title is None:
        return None
    return SourceEntry(key, url, title, path)


# a relative path to a page saved as a file, ending an entry that has no URL
_LOCAL_FILE_RE = re.compile(
    r"(?:^|(?<=\s))((?:\.{1,2}/)*(?:[\w.-]+/)*[\w-][\w.-]*\."
    r"(?:html?|xhtml|txt|md|markdown|pdf|csv|json|xml))\s*[.,;]?\s*$",
    re.IGNORECASE,
)


def _clean_url(url: str | None) -> str | None:
    if url is None:
        return None
    url = url.rstrip(".,;:!?'\"”’")
    parts = urlsplit(url)
    return url if parts.scheme in ("http", "https") and parts.hostname else None


def _clean_title(title: str | None) -> str | None:
    if title is None:
        return None
    text = " ".join(title.split())
    for _ in range(3):
        text = _TITLE_NOISE_RE.sub("", text).strip(_TRIM)
    emphasis = re.fullmatch(r"\*\*(.+)\*\*|__(.+)__|\*(.+)\*", text)
    if emphasis is not None:
        text = next(g for g in emphasis.groups() if g)
    return text or None


# -- reading the bytes -----------------------------------------------------------------------

_SUFFIX_KINDS = {
    "html": "html", "htm": "html", "xhtml": "html", "md": "markdown", "markdown": "markdown",
    "mdown": "markdown", "txt": "text", "text": "text",
}  # fmt: skip
_MEDIA_KINDS = {
    "text/html": "html", "application/xhtml+xml": "html", "text/markdown": "markdown",
    "text/x-markdown": "markdown", "text/plain": "text",
}  # fmt: skip


def load_article_text(
    data: bytes, content_type_or_suffix: str | None = None, *, url: str | None = None
) -> ArticleText:
    """Read an article from bytes.

    ``content_type_or_suffix`` is a media type ("text/html; charset=utf-8"), a file suffix
    (".md", "html") or None to guess from the bytes. Raises :class:`ArticleError` for bytes that
    are no readable article.
    """
    kind, charset = _kind_of(data, content_type_or_suffix)
    if kind == "html":
        return _load_html(data, charset, url)
    text = _decode(data, charset)
    if "\x00" in text:
        raise ArticleError("the article is binary, not text")
    return _load_text(text, kind, url)


def _kind_of(data: bytes, hint: str | None) -> tuple[str, str | None]:
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


def _decode(data: bytes, charset: str | None, meta: str | None = None) -> str:
    # the extractor's rule, so that an article reads the same as a source page
    return decode(data, charset, meta)[0]


# -- plain text and Markdown -----------------------------------------------------------------

_FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*\n", re.DOTALL)
_HEADING_RE = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET_RE = re.compile(r"^(\s*)(?:[-*+•·]|\d{1,3}[.)])\s+")
_FOOTNOTE_DEF_RE = re.compile(r"^\s{0,3}\[\^([^\]\s]+)\]:\s*")
_SETEXT_RE = re.compile(r"^\s*(?:=+|-+)\s*$")


@dataclass
class _RawBlock:
    kind: str  # paragraph | list_item | heading | footnote
    raw: str  # as written, with bullets and Markdown
    key: str | None = None  # footnote label


def _load_text(text: str, kind: str, url: str | None) -> ArticleText:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    meta: dict[str, str] = {}
    fm = _FRONT_MATTER_RE.match(text)
    if kind == "markdown" and fm is not None:
        meta = _front_matter(fm.group(1))
        text = text[fm.end() :]
    raws = _text_blocks(text)
    footnotes = [b for b in raws if b.kind == "footnote"]
    raws = [b for b in raws if b.kind != "footnote"]
    blocks = [(b.kind, b.raw) for b in raws]
    warnings: list[str] = []
    cut, sources = _text_source_region(blocks, warnings)
    footnote_text = "\n".join(f"[^{b.key}]: {b.raw}" for b in footnotes)
    if footnote_text:
        extra, notes = parse_source_entries(footnote_text)
        warnings.extend(notes)
        known = {s.key for s in sources}
        sources.extend(s for s in extra if s.key not in known)
    body = [
        (k, _clean_markdown(raw) if kind == "markdown" else _strip_bullet(raw, k))
        for k, raw in blocks[:cut]
    ]
    inline = _inline_citation_links(blocks[:cut]) if kind == "markdown" else []
    known = {s.key for s in sources}
    sources.extend(s for s in inline if s.key not in known)
    title = meta.get("title")
    if title is None:
        title = next((t for k, t in body if k == "heading"), None)
        if kind != "markdown" or title is None:
            lines = (t for _, t in body if not (_is_byline(t) or _is_meta_line(t)))
            first = next(lines, None)
            title = first if first and len(first.split()) <= 25 else title
    return _finish(body, sources, warnings, title, meta, url, kind)


def _front_matter(text: str) -> dict[str, str]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return {}
    if not isinstance(data, dict):
        return {}
    out: dict[str, str] = {}
    for key, names in (("title", ("title",)), ("published", ("date", "published")),
                       ("author", ("author", "authors"))):  # fmt: skip
        for name in names:
            value = data.get(name)
            if isinstance(value, list):
                value = ", ".join(str(v) for v in value)
            if value:
                out[key] = value.isoformat()[:10] if isinstance(value, dt.date) else str(value)
                break
    return out


def _text_blocks(text: str) -> list[_RawBlock]:
    out: list[_RawBlock] = []
    para: list[str] = []
    current: _RawBlock | None = None  # a list item or footnote that may continue

    def end_para() -> None:
        nonlocal current
        if para:
            out.append(_RawBlock("paragraph", " ".join(para)))
            para.clear()
        current = None

    for line in text.split("\n"):
        stripped = line.strip()
        if not stripped:
            end_para()
            continue
        if _SETEXT_RE.match(line):
            if len(para) == 1:  # "Title" underlined with === or ---
                out.append(_RawBlock("heading", para.pop()))
            end_para()  # otherwise a thematic break
            continue
        heading = _HEADING_RE.match(line)
        footnote = _FOOTNOTE_DEF_RE.match(line)
        if heading is not None:
            end_para()
            out.append(_RawBlock("heading", heading.group(2)))
        elif footnote is not None:
            end_para()
            current = _RawBlock("footnote", line[footnote.end() :].strip(), footnote.group(1))
            out.append(current)
        elif _BULLET_RE.match(line):
            end_para()
            current = _RawBlock("list_item", stripped)
            out.append(current)
        elif current is not None and line[:1].isspace():
            current.raw += " " + stripped  # an indented continuation line
        elif _is_byline(stripped) or _is_meta_line(stripped) or _is_summary_label(stripped):
            # a byline or dateline is a line of its own even without a blank line around it
            end_para()
            out.append(_RawBlock("paragraph", stripped))
        else:
            if current is not None:
                current = None
            para.append(stripped)
    end_para()
    return out


def _strip_bullet(raw: str, kind: str) -> str:
    return _BULLET_RE.sub("", raw, count=1) if kind == "list_item" else raw


_IMAGE_RE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_CITE_LINK_RE = re.compile(r"\[\[(\^?[0-9]{1,3})\]\]\([^)]*\)|\[(\^?[0-9]{1,3})\]\([^)]*\)")
_LINK_RE = re.compile(r"\[([^\]]+)\]\([^)\s]*(?:\s+\"[^\"]*\")?\)")
_REF_LINK_RE = re.compile(r"\[([^\]]*[^\]\d\s^][^\]]*)\]\[[^\]]*\]")
_SUP_TAG_RE = re.compile(
    r"<sup[^>]*>\s*\[?([0-9]{1,3}(?:\s*[,–-]\s*[0-9]{1,3})*)\]?\s*</sup>", re.IGNORECASE
)
_TAG_RE = re.compile(r"</?[A-Za-z][^>]*>")
_STRONG_RE = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EM_RE = re.compile(
    r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])|(?<!\w)_(?=\S)([^_]+?)(?<=\S)_(?!\w)"
)
_CODE_RE = re.compile(r"`([^`]*)`")


def _clean_markdown(raw: str) -> str:
    text = _strip_bullet(raw, "list_item") if _BULLET_RE.match(raw) else raw
    text = re.sub(r"^>\s?", "", text)
    text = _IMAGE_RE.sub("", text)
    text = _SUP_TAG_RE.sub(lambda m: f"[{m.group(1)}]", text)
    text = _CITE_LINK_RE.sub(lambda m: f"[{m.group(1) or m.group(2)}]", text)
    text = _LINK_RE.sub(r"\1", text)
    text = _REF_LINK_RE.sub(r"\1", text)
    text = _TAG_RE.sub("", text)
    text = _CODE_RE.sub(r"\1", text)
    text = _STRONG_RE.sub(r"\2", text)
    text = _EM_RE.sub(lambda m: m.group(1) or m.group(2), text)
    return html.unescape(" ".join(text.split()))


def _inline_citation_links(blocks: Iterable[tuple[str, str]]) -> list[SourceEntry]:
    """``[[1]](https://...)`` in the body: a citation that carries its own URL."""
    out: dict[str, SourceEntry] = {}
    for _, raw in blocks:
        for m in re.finditer(rf"\[\[([0-9]{{1,3}})\]\]\(\s*({_URL})\s*\)", raw):
            url = _clean_url(m.group(2))
            if url is not None:
                out.setdefault(m.group(1), SourceEntry(m.group(1), url, None))
    return list(out.values())


_SOURCES_HEADER_RE = re.compile(
    r"^\s*(?:#{1,6}\s*)?(?:\*\*|__)?\s*(?:sources?|references?|notes|footnotes|citations?"
    r"|bibliography|works\s+cited|endnotes|further\s+reading)\s*(?:\*\*|__)?\s*:?\s*(?:\*\*|__)?"
    r"(?:\s+|$)",
    re.IGNORECASE,
)
_ENTRY_LIKE_RE = re.compile(rf"^\s*(?:\[\^?[0-9]{{1,3}}\]|[0-9]{{1,3}}[.)]\s|[-*+•·]\s|{_URL})")


def _is_entry(raw: str) -> bool:
    return bool(_ENTRY_LIKE_RE.match(raw)) or bool(re.search(_URL, raw))


def _text_source_region(
    blocks: list[tuple[str, str]], warnings: list[str]
) -> tuple[int, list[SourceEntry]]:
    """Where the source list starts (the body ends) and its entries."""
    for i, (_, raw) in enumerate(blocks):
        header = _SOURCES_HEADER_RE.match(raw)
        if header is None:
            continue
        rest = raw[header.end() :]
        if rest.strip() and not _is_entry(rest):
            continue  # "Sources say the deal ..." is prose
        parts = [rest] if rest.strip() else []
        j = i + 1
        while j < len(blocks) and _is_entry(blocks[j][1]):
            parts.append(blocks[j][1])
            j += 1
        if not parts:
            continue
        entries, notes = parse_source_entries("\n".join(parts))
        # a "Notes" heading over a list of remarks is no source list: it needs a link or file
        if any(e.citable for e in entries):
            warnings.extend(notes)
            return i, entries
    # no header: a run of numbered entries with URLs that closes the article
    for i, (_, raw) in enumerate(blocks):
        if re.match(r"^\s*(?:\[1\]|1[.)]\s)", raw) and re.search(_URL, raw):
            j = i
            while j < len(blocks) and _is_entry(blocks[j][1]):
                j += 1
            if all(re.search(_URL, b) for _, b in blocks[i:j]):
                entries, notes = parse_source_entries("\n".join(b for _, b in blocks[i:j]))
                warnings.extend(notes)
                return i, entries
    return len(blocks), []


# -- bylines, dates and reading times --------------------------------------------------------

_MONTH_NAMES = (
    "jan january", "feb february", "mar march", "apr april", "may", "jun june", "jul july",
    "aug august", "sep sept september", "oct october", "nov november", "dec december",
)  # fmt: skip
_MONTHS = {m: i + 1 for i, names in enumerate(_MONTH_NAMES) for m in names.split()}
_MONTH_RE = r"(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")"
_DATE_RES = (
    re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?:[T ][\d:.]+(?:Z|[+-][\d:]+)?)?\b"),
    re.compile(
        rf"\b(?P<mon>{_MONTH_RE})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})\b",
        re.IGNORECASE,
    ),
    re.compile(
        rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<mon>{_MONTH_RE})\.?,?\s+(?P<y>\d{{4}})\b",
        re.IGNORECASE,
    ),
)
_WEEKDAY_RE = re.compile(
    r"\b(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\b\.?", re.IGNORECASE
)
_TIME_RE = re.compile(
    r"\b\d{1,2}:\d{2}(?::\d{2})?\s*(?:(?i:[ap]\.?m\.?))?\s*(?:[A-Z]{2,4}(?![a-z]))?"
)
_READING_RE = re.compile(r"\d+\s*-?\s*min(?:ute)?s?\.?\s*(?:read|reading)\b", re.IGNORECASE)
_META_WORDS_RE = re.compile(
    r"\b(?:updated|published|posted|last|modified|on|at|am|pm|et|est|edt|pt|utc|gmt)\b|[|·•,/-]",
    re.IGNORECASE,
)
_BYLINE_RE = re.compile(
    r"^(?i:(?:generated|written|reported|reviewed|edited|posted|compiled)\s+by|by|authors?\s*:)"
    r"\s*(?=[A-Z])"
)
# what may follow "By": capitalised names ("Jane Doe and Li Wei"), then a separator and more
_NAMES_RE = re.compile(
    r"[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|and|de|van|von|der|la|le|&))*\s*(?:[,|·–-].*)?"
)
_SUMMARY_LABEL_RE = re.compile(
    r"\b(?:summary|key\s+(?:takeaways|points|facts)|takeaways|highlights|tl;?\s?dr|at\s+a\s+glance"
    r"|in\s+brief|the\s+bottom\s+line)\b",
    re.IGNORECASE,
)


def find_date(text: str) -> str | None:
    """The first calendar date written in ``text``, as YYYY-MM-DD."""
    found: list[tuple[int, str]] = []
    for rx in _DATE_RES:
        m = rx.search(text)
        if m is None:
            continue
        month = int(m.group("m")) if "m" in m.groupdict() and m.group("m") else None
        if month is None:
            month = _MONTHS[m.group("mon").lower()]
        try:
            day = dt.date(int(m.group("y")), month, int(m.group("d")))
        except ValueError:
            continue
        found.append((m.start(), day.isoformat()))
    return min(found)[1] if found else None


def _strip_meta(text: str) -> tuple[str, bool]:
    """``text`` without its dates, times and reading times; and whether it had any."""
    rest = text.replace("*", " ").replace("_", " ")
    hit = False
    for rx in (*_DATE_RES, _TIME_RE, _READING_RE):
        rest, n = rx.subn(" ", rest)
        hit = hit or n > 0
    rest = _WEEKDAY_RE.sub(" ", rest) if hit else rest
    return " ".join(rest.split()).strip(" |·•,-"), hit


def _is_meta_line(text: str) -> bool:
    """A dateline, timestamp or reading time with nothing else of substance (or a byline)."""
    if len(text.split()) > 16:
        return False
    rest, hit = _strip_meta(text)
    if not hit:
        return False
    if _is_byline(rest):
        return True
    rest = _META_WORDS_RE.sub(" ", rest)
    return len(rest.split()) <= 2 and not parse_quantities(rest)


def _is_byline(text: str) -> bool:
    """ "By Jane Doe", "Generated by AI Agent...": and not "By contrast, margins fell ..."."""
    text = text.replace("*", "").replace("_", "").strip()
    prefix = _BYLINE_RE.match(text)
    return (
        prefix is not None
        and _NAMES_RE.fullmatch(text, prefix.end()) is not None
        and len(text.split()) <= 12
        and not any(c.isdigit() for c in text)
        and not re.search(r"[.!?]\s+\S", text)
    )


def _is_summary_label(text: str) -> bool:
    short = len(text.split()) <= 6 and not text.rstrip().endswith((".", "?", "!"))
    return short and _SUMMARY_LABEL_RE.search(text) is not None


def _author(byline: str) -> str | None:
    rest, _ = _strip_meta(byline)
    if not _is_byline(rest):
        return None
    name = _BYLINE_RE.sub("", rest.replace("*", "").replace("_", "").strip(), count=1)
    name = name.strip(" :,|·")
    m = re.match(r"^AI\s*Agent\s*(.+)$", name, re.IGNORECASE)
    if m:
        return f"{m.group(1).strip()} (AI agent)"
    return name or None


def _finish(
    body: list[tuple[str, str]],
    sources: list[SourceEntry],
    warnings: list[str],
    title: str | None,
    meta: dict[str, str],
    url: str | None,
    kind: str,
) -> ArticleText:
    """Drop bylines and datelines, mark summary bullets, mend split sentences."""
    published = meta.get("published")
    author = meta.get("author")
    kept: list[Block] = []
    in_summary = False
    for block_kind, text in body:
        if not text.strip():
            continue
        if _is_byline(text):
            author = author or _author(text)
            continue
        if _is_meta_line(text):
            published = published or find_date(text)
            author = author or _author(text)
            continue
        if block_kind == "list_item":
            kept.append(Block("list_item", text, summary=in_summary))
            continue
        in_summary = _is_summary_label(text)
        prev = kept[-1] if kept else None
        if (
            prev is not None
            and prev.kind == "paragraph"
            and block_kind == "paragraph"
            and not re.search(r"[.!?:;\"'”’)\]]\s*$", prev.text)
            and text[:1].islower()
        ):
            tail = " ".join(prev.text.split()[-3:])
            warnings.append(
                f"joined a sentence split across paragraphs after '{tail}': a word (a dropped "
                "link?) may be missing there"
            )
            kept[-1] = Block("paragraph", f"{prev.text} {text}", joined=True)
            continue
        kept.append(Block(block_kind, text))
    return ArticleText(
        blocks=tuple(kept),
        sources=tuple(sources),
        title=_clean_title_line(title),
        published=published,
        author=author,
        url=url,
        kind=kind,
        warnings=tuple(warnings),
    )


def _clean_title_line(title: str | None) -> str | None:
    if not title:
        return None
    text = _clean_markdown(title)
    return text or None


# -- HTML ------------------------------------------------------------------------------------

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


def _load_html(data: bytes, charset: str | None, url: str | None) -> ArticleText:
    text = _decode(data, charset, meta_charset(data))
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
    cut, more = _text_source_region(blocks, warnings)
    known = {s.key for s in sources}
    sources.extend(e for e in more if e.key not in known)
    meta = {k: v for k, v in (("published", published), ("author", author)) if v}
    fallback = doc.title if isinstance(doc, Document) else None
    return _finish(blocks[:cut], sources, warnings, title or fallback, meta, url, "html")


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
            text = _SOURCES_HEADER_RE.sub("", text, count=1)
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
        if _UNIT_BEFORE_SUP_RE.search(before):
            continue  # "m<sup>2</sup>" is square metres
        replacement = f" [{m.group(1)}]"
        tail = sup.tail or ""
        if prev is not None:
            prev.tail = (prev.tail or "") + replacement + tail
        else:
            parent.text = (parent.text or "") + replacement + tail
        parent.remove(sup)
