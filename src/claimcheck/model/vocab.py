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
