"""Blocks on their way to a Document: the raw block every reader emits, whitespace rules, the
text-level chrome no class name gives away (link lists, "Advertisement", cookie lines), the
assembly into one text with offsets, and the question whether the page is the source at all
(asked of :mod:`claimcheck.extract.pagecheck`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from claimcheck.extract import pagecheck
from claimcheck.model.document import Block, Document, ExtractFailure
from claimcheck.model.vocab import BlockKind, Reason


@dataclass(slots=True)
class Raw:
    """A block as a reader emits it, before offsets: its kind, clean text and table data."""

    kind: BlockKind
    text: str
    links: int = 0  # characters of link text in it
    context: str = ""
    unit_note: str | None = None
    cells: tuple[tuple[int, int], ...] = ()
    page: int | None = None
    gap: bool = False  # a blank line before it (plain text)


_GARBAGE_RE = re.compile("[\x00-\x08\x0b\x0e-\x1f\ufffd]")


def garbled(text: str) -> bool:
    """Binary read as text: many control or replacement characters."""
    sample = text[:65536]
    if not sample:
        return False
    return len(_GARBAGE_RE.findall(sample)) > len(sample) * 0.05


def decode_failure(codec: str) -> ExtractFailure:
    return ExtractFailure(
        Reason.DECODE_ERROR,
        f"the body does not read as text (decoded as {codec} it is mostly control or "
        "replacement characters); it may be binary or compressed",
    )


# -- whitespace -----------------------------------------------------------------------------

_WS_RE = re.compile(r"\s+")  # str \s covers nbsp, thin and ideographic spaces, \u2028...
_ZERO_WIDTH = {0x200B: None, 0x2060: None, 0xFEFF: None, 0x00AD: None}
BR = "\x1e"  # a line break inside a block; never survives into the text


def clean_line(s: str) -> str:
    return _WS_RE.sub(" ", s.translate(_ZERO_WIDTH)).strip()


def clean_block(s: str) -> str:
    s = s.translate(_ZERO_WIDTH)
    if BR not in s:
        return _WS_RE.sub(" ", s).strip()
    lines = (_WS_RE.sub(" ", line).strip() for line in s.split(BR))
    return "\n".join(line for line in lines if line)


# -- post-processing ------------------------------------------------------------------------

_JUNK_LINE_RE = re.compile(
    r"(?:advertisement|sponsored(?: content)?|share(?: this(?: article| story| page)?)?|"
    r"print(?: this page)?|e-?mail|tweet|skip to (?:main )?content|back to top|scroll to top|"
    r"read more|cookie settings|follow us(?: on \w+)?|loading\.*)\W*",
    re.IGNORECASE,
)
_COOKIE_LINE_RE = re.compile(
    r"\b(?:we|this (?:web)?site) uses? cookies\b|\baccept (?:all )?cookies\b"
    r"|\bcookie (?:policy|settings|preferences)\b",
    re.IGNORECASE,
)
_RELATED_HEADING_RE = re.compile(
    r"related|recommended|more (?:from|stories|news|on)|read next|see also|you may also|"
    r"popular|trending|latest news",
    re.IGNORECASE,
)


def prune_blocks(raws: list[Raw]) -> list[Raw]:
    """Text-level chrome that carries no class name: link lists, 'Advertisement', cookie lines."""
    linky = [
        not r.kind.table and len(r.text) <= 80 and r.links >= 0.8 * len(r.text.replace(" ", ""))
        for r in raws
    ]
    keep = [True] * len(raws)
    i = 0
    while i < len(raws):
        if not linky[i]:
            i += 1
            continue
        j = i
        while j < len(raws) and linky[j]:
            j += 1
        if j - i >= 3:  # a run of short all-link lines is a menu, not prose
            keep[i:j] = [False] * (j - i)
            if (
                i > 0
                and raws[i - 1].kind == BlockKind.HEADING
                and _RELATED_HEADING_RE.search(raws[i - 1].text)
            ):
                keep[i - 1] = False
        i = j
    out = []
    for ok, r in zip(keep, raws, strict=True):
        if not ok or r.kind.table:
            if ok:
                out.append(r)
            continue
        if _JUNK_LINE_RE.fullmatch(r.text):
            continue
        if len(r.text) < 400 and _COOKIE_LINE_RE.search(r.text):
            continue
        out.append(r)
    return out


def assemble(
    raws: Iterable[Raw],
    title: str | None,
    content_type: str,
    charset: str | None,
    sep: str = "\n",
    gap_sep: str = "\n\n",
) -> Document:
    parts: list[str] = []
    blocks: list[Block] = []
    pos = 0
    for raw in raws:
        if parts:
            s = gap_sep if raw.gap else sep
            parts.append(s)
            pos += len(s)
        start = pos
        parts.append(raw.text)
        pos += len(raw.text)
        cells = tuple((start + a, start + b) for a, b in raw.cells)
        blocks.append(Block(raw.kind, start, pos, raw.context, raw.unit_note, raw.page, cells))
    return Document("".join(parts), tuple(blocks), title, content_type, charset)


# -- failures: bot walls, paywalls, empty shells (decided in pagecheck) --------------------

_LINKY = 0.8  # a block this much link text is a link, not prose (menus, teasers, link bars)


def _lines(raws: Iterable[Raw]) -> Iterator[pagecheck.Line]:
    return (
        pagecheck.Line(r.text, r.links >= _LINKY * max(len(r.text.replace(" ", "")), 1))
        for r in raws
    )


def check_page(
    text: str,
    raws: Iterable[Raw],
    title: str | None,
    heading: str | None,
    visible: str | None,
    raw: bytes | None,
) -> ExtractFailure | None:
    """Blocked (challenge or paywall) or no_text, or None for a real page (see pagecheck)."""
    verdict = pagecheck.check(text, _lines(raws), title, heading, visible, raw)
    return None if verdict is None else ExtractFailure(verdict.reason, verdict.detail)


quote = pagecheck.quote
