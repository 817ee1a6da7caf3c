"""The closed vocabularies of the pipeline, one copy each.

They are string enums, so a value compares equal to its code ("over", "table_row") and
serialises as it: the JSON report, the cache and the claims file keep their plain strings.
"""

from __future__ import annotations

from enum import StrEnum


class Direction(StrEnum):
    """Which way a figure moved ("rose 5%", "a 5% decline")."""

    INCREASE = "increase"
    DECREASE = "decrease"


class Qualifier(StrEnum):
    """The words that bound or hedge a figure: "over 20%", "about $5", "up to 10"."""

    OVER = "over"
    MORE_THAN = "more_than"
    AT_LEAST = "at_least"
    UNDER = "under"
    LESS_THAN = "less_than"
    UP_TO = "up_to"
    AT_MOST = "at_most"
    ABOUT = "about"
    NEARLY = "nearly"
    ALMOST = "almost"

    @property
    def lower_bound(self) -> bool:
        """The figure is a floor: the true value is at or above it."""
        return self in (Qualifier.OVER, Qualifier.MORE_THAN, Qualifier.AT_LEAST)

    @property
    def upper_bound(self) -> bool:
        """The figure is a ceiling: the true value is at or below it."""
        return self in (Qualifier.UNDER, Qualifier.LESS_THAN, Qualifier.UP_TO, Qualifier.AT_MOST)

    @property
    def hedge(self) -> bool:
        """The figure is rounded on purpose ("about", "nearly", "almost")."""
        return self in (Qualifier.ABOUT, Qualifier.NEARLY, Qualifier.ALMOST)


class BlockKind(StrEnum):
    """What a span of extracted text is; the matcher reads tables and headings differently."""

    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"
    QUOTE = "quote"
    CAPTION = "caption"
    TABLE_HEADER = "table_header"
    TABLE_ROW = "table_row"
    PAGE = "page"

    @property
    def framing(self) -> bool:
        """Blocks that label what follows them rather than state figures of their own."""
        return self in (BlockKind.HEADING, BlockKind.TABLE_HEADER, BlockKind.CAPTION)

    @property
    def table(self) -> bool:
        return self in (BlockKind.TABLE_HEADER, BlockKind.TABLE_ROW)


class Reason(StrEnum):
    """Why a figure got its verdict (the ``reason`` of every figure in the report).

    Source-level reasons with an open set of values (``http_404``, ``http_503``) are written as
    ``http_<status>`` and are not members; every other reason the pipeline gives is one.
    """

    # supported / approximate
    EXACT = "exact"
    ROUNDED = "rounded"
    BOUND = "bound"
    WITHIN_TOLERANCE = "within_tolerance"
    COARSER_SOURCE = "coarser_source"
    # contradicted
    DIFFERENT_VALUE = "different_value"
    SWAPPED = "swapped"
    OPPOSITE_BOUND = "opposite_bound"
    DIRECTION = "direction"
    SCALE_SLIP = "scale_slip"
    UNIT_MISMATCH = "unit_mismatch"
    # unsupported
    FOUND_ELSEWHERE = "found_elsewhere"
    NOT_FOUND = "not_found"
    # unverifiable: the claim or the figure
    NO_FIGURES = "no_figures"
    UNPARSED = "unparsed"
    # uncited
    NO_SOURCES = "no_sources"
    # unverifiable: the source
    NOT_CACHED = "not_cached"
    BLOCKED = "blocked"
    NO_TEXT = "no_text"
    FILE_ERROR = "file_error"
    CACHE_ERROR = "cache_error"
    INTERNAL_ERROR = "internal_error"
    UNEXPECTED_ERROR = "unexpected_error"

    @property
    def text(self) -> str:
        """One phrase saying what the reason means (SARIF rule texts, report legends)."""
        return _REASON_TEXT[self]


_REASON_TEXT = {
    Reason.EXACT: "the source states the same value",
    Reason.ROUNDED: "the source states it more precisely, and it rounds to the claim",
    Reason.BOUND: "the source's value is within the claim's bound or range",
    Reason.WITHIN_TOLERANCE: "within the tolerance but not at the claim's precision",
    Reason.COARSER_SOURCE: "the source states it less precisely: consistent, not confirmed",
    Reason.DIFFERENT_VALUE: "a passage about the same thing states another value",
    Reason.SWAPPED: "the source puts another of the claim's figures in this one's place",
    Reason.OPPOSITE_BOUND: "the source bounds the value from the other side",
    Reason.DIRECTION: "the source gives the change in the opposite direction",
    Reason.SCALE_SLIP: "the value is off by a power of a thousand (millions vs billions)",
    Reason.UNIT_MISMATCH: "percent and percentage points are confused",
    Reason.FOUND_ELSEWHERE: "the value appears only in a passage about something else",
    Reason.NOT_FOUND: "neither the figure nor another value for it is in the source",
    Reason.NO_FIGURES: "the claim states no figure that could be checked",
    Reason.UNPARSED: "no quantity could be read in the figure",
    Reason.NO_SOURCES: "the claim lists no sources",
    Reason.NOT_CACHED: "offline, and the page is not in the cache",
    Reason.BLOCKED: "a bot wall or paywall answered instead of the page",
    Reason.NO_TEXT: "no readable text could be extracted",
    Reason.FILE_ERROR: "the local file could not be read",
    Reason.CACHE_ERROR: "the cached copy could not be read",
    Reason.INTERNAL_ERROR: "claimcheck failed on this source (a bug; please report it)",
    Reason.UNEXPECTED_ERROR: "the download failed in an unexpected way",
}
