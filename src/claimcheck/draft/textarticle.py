"""Plain-text and Markdown articles: front matter, paragraphs, headings (ATX and setext), list
items and footnote definitions, the source list at the end, and ``[[1]](URL)`` citations that
carry their own URL.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

import yaml

from claimcheck.draft.entries import URL, clean_url, parse_source_entries, text_source_region
from claimcheck.draft.markdown import BULLET_RE, clean_markdown, strip_bullet
from claimcheck.draft.meta import finish_article, is_byline, is_meta_line, is_summary_label
from claimcheck.draft.records import ArticleText, SourceEntry

_FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*\n", re.DOTALL)

_HEADING_RE = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")

_FOOTNOTE_DEF_RE = re.compile(r"^\s{0,3}\[\^([^\]\s]+)\]:\s*")

_SETEXT_RE = re.compile(r"^\s*(?:=+|-+)\s*$")


@dataclass
class _RawBlock:
    kind: str  # paragraph | list_item | heading | footnote
    raw: str  # as written, with bullets and Markdown
    key: str | None = None  # footnote label


def load_text(text: str, kind: str, url: str | None) -> ArticleText:
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
    cut, sources = text_source_region(blocks, warnings)
    footnote_text = "\n".join(f"[^{b.key}]: {b.raw}" for b in footnotes)
    if footnote_text:
        extra, notes = parse_source_entries(footnote_text)
        warnings.extend(notes)
        known = {s.key for s in sources}
        sources.extend(s for s in extra if s.key not in known)
    body = [
        (k, clean_markdown(raw) if kind == "markdown" else strip_bullet(raw, k))
        for k, raw in blocks[:cut]
    ]
    inline = _inline_citation_links(blocks[:cut]) if kind == "markdown" else []
    known = {s.key for s in sources}
    sources.extend(s for s in inline if s.key not in known)
    title = meta.get("title")
    if title is None:
        title = next((t for k, t in body if k == "heading"), None)
        if kind != "markdown" or title is None:
            lines = (t for _, t in body if not (is_byline(t) or is_meta_line(t)))
            first = next(lines, None)
            title = first if first and len(first.split()) <= 25 else title
    return finish_article(body, sources, warnings, title, meta, url, kind)


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
        elif BULLET_RE.match(line):
            end_para()
            current = _RawBlock("list_item", stripped)
            out.append(current)
        elif current is not None and line[:1].isspace():
            current.raw += " " + stripped  # an indented continuation line
        elif is_byline(stripped) or is_meta_line(stripped) or is_summary_label(stripped):
            # a byline or dateline is a line of its own even without a blank line around it
            end_para()
            out.append(_RawBlock("paragraph", stripped))
        else:
            if current is not None:
                current = None
            para.append(stripped)
    end_para()
    return out


def _inline_citation_links(blocks: Iterable[tuple[str, str]]) -> list[SourceEntry]:
    """``[[1]](https://...)`` in the body: a citation that carries its own URL."""
    out: dict[str, SourceEntry] = {}
    for _, raw in blocks:
        for m in re.finditer(rf"\[\[([0-9]{{1,3}})\]\]\(\s*({URL})\s*\)", raw):
            url = clean_url(m.group(2))
            if url is not None:
                out.setdefault(m.group(1), SourceEntry(m.group(1), url, None))
    return list(out.values())
