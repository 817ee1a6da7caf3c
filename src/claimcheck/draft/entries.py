"""The article's source list: where it starts, and its entries in their common text shapes -- a
"Source:" paragraph with ``[1] Title [URL] [2] ...`` on one line, numbered lists (``[1] Title.
URL``, ``1. Title URL``, ``1) Title - URL``), Markdown links ``[Title](URL)``, footnotes ``[^1]:
Title URL`` -- each a URL, or a local file the entry names instead.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from claimcheck.draft.records import SourceEntry

URL = r"https?://[^\s<>\[\]()\"']+"

_MD_LINK_RE = re.compile(rf"\[([^\]]*)\]\(\s*<?({URL})>?(?:\s+\"[^\"]*\")?\s*\)")

_WRAPPED_URL_RE = re.compile(rf"<({URL})>|\[({URL})\]|\(({URL})\)|({URL})")

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
        pieces = [(None, line) for line in text.splitlines() if re.search(URL, line)]
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
    url = clean_url(url)
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


def clean_url(url: str | None) -> str | None:
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


SOURCES_HEADER_RE = re.compile(
    r"^\s*(?:#{1,6}\s*)?(?:\*\*|__)?\s*(?:sources?|references?|notes|footnotes|citations?"
    r"|bibliography|works\s+cited|endnotes|further\s+reading)\s*(?:\*\*|__)?\s*:?\s*(?:\*\*|__)?"
    r"(?:\s+|$)",
    re.IGNORECASE,
)

_ENTRY_LIKE_RE = re.compile(rf"^\s*(?:\[\^?[0-9]{{1,3}}\]|[0-9]{{1,3}}[.)]\s|[-*+•·]\s|{URL})")


def _is_entry(raw: str) -> bool:
    return bool(_ENTRY_LIKE_RE.match(raw)) or bool(re.search(URL, raw))


def text_source_region(
    blocks: list[tuple[str, str]], warnings: list[str]
) -> tuple[int, list[SourceEntry]]:
    """Where the source list starts (the body ends) and its entries."""
    for i, (_, raw) in enumerate(blocks):
        header = SOURCES_HEADER_RE.match(raw)
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
        if re.match(r"^\s*(?:\[1\]|1[.)]\s)", raw) and re.search(URL, raw):
            j = i
            while j < len(blocks) and _is_entry(blocks[j][1]):
                j += 1
            if all(re.search(URL, b) for _, b in blocks[i:j]):
                entries, notes = parse_source_entries("\n".join(b for _, b in blocks[i:j]))
                warnings.extend(notes)
                return i, entries
    return len(blocks), []
