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
    ``http_<status>`` and are not members (:func:`http_reason`); every other reason the pipeline
    gives is one: matching, the claim, and why a source could not be fetched or read.
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
    NOT_LISTED = "not_listed"  # a drafted article cites [n] and lists no usable source [n]
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
    # unverifiable: the body is not text the extractor reads
    UNSUPPORTED_CONTENT_TYPE = "unsupported_content_type"
    DECODE_ERROR = "decode_error"
    PDF_ERROR = "pdf_error"
    # unverifiable: the download failed
    INVALID_URL = "invalid_url"
    UNSUPPORTED_SCHEME = "unsupported_scheme"
    BLOCKED_ADDRESS = "blocked_address"
    DNS_ERROR = "dns_error"
    TLS_ERROR = "tls_error"
    TIMEOUT = "timeout"
    CONNECTION_ERROR = "connection_error"
    REDIRECT_LOOP = "redirect_loop"
    TOO_MANY_REDIRECTS = "too_many_redirects"
    TOO_LARGE = "too_large"
    # a download the run stopped before it finished: never recorded, never reported
    INTERRUPTED = "interrupted"

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
    Reason.NOT_LISTED: "the article cites a source its source list does not name (or no URL)",
    Reason.NO_SOURCES: "the claim lists no sources",
    Reason.NOT_CACHED: "offline, and the page is not in the cache",
    Reason.BLOCKED: "a bot wall or paywall answered instead of the page",
    Reason.NO_TEXT: "no readable text could be extracted",
    Reason.FILE_ERROR: "the local file could not be read",
    Reason.CACHE_ERROR: "the cached copy could not be read",
    Reason.INTERNAL_ERROR: "claimcheck failed on this source (a bug; please report it)",
    Reason.UNEXPECTED_ERROR: "the download failed in an unexpected way",
    Reason.UNSUPPORTED_CONTENT_TYPE: "the page is not HTML, PDF or plain text",
    Reason.DECODE_ERROR: "the body could not be decoded or decompressed into text",
    Reason.PDF_ERROR: "the PDF could not be read (damaged, truncated or encrypted)",
    Reason.INVALID_URL: "the URL is not valid",
    Reason.UNSUPPORTED_SCHEME: "only http and https URLs are fetched",
    Reason.BLOCKED_ADDRESS: "the host resolves to a private or otherwise non-public address",
    Reason.DNS_ERROR: "the host name does not resolve",
    Reason.TLS_ERROR: "the TLS handshake or certificate check failed",
    Reason.TIMEOUT: "no complete response within the time allowed",
    Reason.CONNECTION_ERROR: "the connection to the server failed",
    Reason.REDIRECT_LOOP: "the redirects lead back to a page already visited",
    Reason.TOO_MANY_REDIRECTS: "too many redirects",
    Reason.TOO_LARGE: "the body is larger than the size limit",
    Reason.INTERRUPTED: "the run was interrupted before the download finished",
}


def http_reason(status: int) -> str:
    """The reason for an HTTP error status: ``http_404``, ``http_503``, ..."""
    return f"http_{status}"
