"""Evidence and detail text: the :class:`FigureResult` a verdict is reported with.

Every verdict that rests on text carries the value as the source writes it (``found``), its span
and a window of at most 300 characters around it in the extracted text, and one sentence saying
why ("the source states 33.4 billion yuan for this, not 34.4 billion yuan").
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, replace

from claimcheck.match.claimed import Claimed
from claimcheck.match.index import Passage, SourceIndex
from claimcheck.model.claims import Figure
from claimcheck.model.document import Block
from claimcheck.model.results import FigureResult, Verdict
from claimcheck.model.vocab import Direction, Reason

EVIDENCE_MAX = 300


@dataclass(frozen=True)
class Evidence:
    """What a verdict rests on: a span of the source's text, in its passage."""

    span: tuple[int, int]
    passage: Passage
    found: str
    score: float | None = None
    scaled_note: str | None = None  # the table note that scaled the value ("(in millions)")
    direction: Direction | None = None  # the direction the source gives the value


def result(
    claimed: Claimed,
    index: SourceIndex,
    evidence: Evidence | None,
    verdict: Verdict,
    reason: Reason,
    source_key: str,
    url: str | None,
) -> FigureResult:
    figure = claimed.figure
    plain = FigureResult(
        value=figure.value,
        verdict=verdict,
        reason=reason,
        detail=detail(claimed, evidence, verdict, reason),
        line=figure.line,
        about=figure.about,
        source=source_key,
        url=url,
    )
    if evidence is None:
        return plain
    text = index.document.text
    ev_start, ev_end = window(text, evidence.passage, evidence.span)
    block = index.document.blocks[evidence.passage.block] if index.document.blocks else None
    if reason is Reason.NOT_FOUND:
        # the closest passage considered: quoted for the reviewer, with no value "found" in it
        return replace(
            plain,
            evidence=text[ev_start:ev_end],
            evidence_span=(ev_start, ev_end),
            page=block.page if block is not None else None,
            score=evidence.score,
        )
    return replace(
        plain,
        found=evidence.found,
        evidence=text[ev_start:ev_end],
        span=evidence.span,
        evidence_span=(ev_start, ev_end),
        page=block.page if block is not None else None,
        score=evidence.score,
    )


def literal_evidence(index: SourceIndex, span: tuple[int, int]) -> Evidence:
    """Evidence for a figure found as written, in its passage (or block: the text may stand
    in a block without figures, which is not indexed)."""
    starts = [p.start for p in index.passages]
    slot = max(bisect_right(starts, span[0]) - 1, 0)
    passage = index.passages[slot] if index.passages else None
    if passage is None or not passage.start <= span[0] < passage.end:
        blocks = index.document.blocks
        b = next((i for i, blk in enumerate(blocks) if blk.start <= span[0] < blk.end), 0)
        start, end = (blocks[b].start, blocks[b].end) if blocks else (0, len(index.document.text))
        passage = Passage(start, end, frozenset(), frozenset(), b)
    return Evidence(span, passage, index.document.text[span[0] : span[1]])


def window(text: str, passage: Passage, span: tuple[int, int]) -> tuple[int, int]:
    """At most EVIDENCE_MAX characters of the passage around ``span``, no word cut in half."""
    start, end = passage.start, passage.end
    if end - start <= EVIDENCE_MAX:
        return start, end
    mid = (span[0] + span[1]) // 2
    start = max(passage.start, mid - EVIDENCE_MAX // 2)
    end = min(passage.end, start + EVIDENCE_MAX)
    start = max(passage.start, end - EVIDENCE_MAX)
    while start > passage.start and start < span[0] and not text[start - 1].isspace():
        start += 1
    while end < passage.end and end > span[1] and not text[end].isspace():
        end -= 1
    return start, end


def detail(claimed: Claimed, ev: Evidence | None, verdict: Verdict, reason: Reason) -> str:
    """One sentence saying why the verdict was given."""
    value = claimed.figure.value
    if claimed.range_end is not None and claimed.full_range is not None:
        value = f"{value} ({claimed.range_end} end of {claimed.full_range.text})"
    if ev is None:
        if reason is Reason.NOT_FOUND:
            return "the source does not state this figure, nor another value for the same thing"
        return reason.replace("_", " ")
    if reason is Reason.NOT_FOUND:
        # the passage that comes with it is the closest one weighed; formats label it so
        return "the source does not state this figure, nor another value for the same thing"
    found = ev.found
    note = f" (table note: {ev.scaled_note.strip().strip('()').strip()})" if ev.scaled_note else ""
    texts = {
        Reason.EXACT: f"the source states {found}{note}",
        Reason.BOUND: f"the source states {found}{note}, consistent with {value!r}",
        Reason.ROUNDED: f"the source states {found}{note}, which rounds to {value}",
        Reason.WITHIN_TOLERANCE: (
            f"the source states {found}{note}: close to {value} but not at its precision"
        ),
        Reason.COARSER_SOURCE: (
            f"the source states {found}{note}, less precisely than {value}: consistent, "
            "but the last digits are not confirmed"
        ),
        Reason.DIRECTION: (
            f"the source gives {found} as a{'n' if ev.direction == Direction.INCREASE else ''} "
            f"{ev.direction}"
        ),
        Reason.SCALE_SLIP: f"the source states {found}{note}: {value} is off by a power of ten",
        Reason.UNIT_MISMATCH: (
            f"the source states {found}: percent and percentage points are not the same"
        ),
        Reason.OPPOSITE_BOUND: f"the source states {found}: a bound from the other side than "
        f"{value!r}",
        Reason.SWAPPED: (
            f"the source puts {found}{note} where the claim puts {value}: the figures are swapped"
        ),
        Reason.DIFFERENT_VALUE: f"the source states {found}{note} for this, not {value}",
        Reason.FOUND_ELSEWHERE: (
            f"the value appears only in a passage about something else: {found}"
        ),
    }
    return texts.get(reason, f"the source states {found}{note}")


def unreadable(
    figure: Figure, source_key: str, url: str | None, reason: str, detail_text: str
) -> FigureResult:
    """The verdict for a figure whose source could not be read."""
    return FigureResult(
        value=figure.value,
        verdict=Verdict.UNVERIFIABLE,
        reason=reason,
        detail=detail_text,
        line=figure.line,
        about=figure.about,
        source=source_key,
        url=url,
    )


def scaled_note(index: SourceIndex, block_index: int, scaled: bool) -> str | None:
    block: Block = index.document.blocks[block_index]
    return block.unit_note if scaled and block.unit_note else None
