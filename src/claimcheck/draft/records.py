"""The drafter's records: an article as it reads it (body blocks, citation markers, source list
entries) and the draft it makes of it (claims with figures), and what a merge added.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from claimcheck.model.vocab import BlockKind, Direction


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
class ArticleBlock:
    """One paragraph, list item or heading of the body, as clean text."""

    kind: BlockKind  # paragraph, list_item or heading
    text: str
    summary: bool = False  # a bullet under a "Summary"/"Key takeaways" label
    joined: bool = False  # two paragraphs joined because a sentence ran across them


@dataclass(frozen=True)
class Marker:
    span: tuple[int, int]
    keys: tuple[str, ...]


@dataclass(frozen=True)
class ArticleText:
    blocks: tuple[ArticleBlock, ...]
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


@dataclass(frozen=True)
class DraftFigure:
    value: str  # as written, with its qualifier ("over 20%")
    about: str
    change: Direction | None = None


@dataclass(frozen=True)
class DraftClaim:
    id: str
    text: str
    sources: tuple[str, ...]
    figures: tuple[DraftFigure, ...]
    period: str | None = None
    summary: bool = False  # a summary bullet at the top of the article
    notes: tuple[str, ...] = ()  # written as comments above the claim
    unresolved: tuple[str, ...] = ()  # markers naming no usable entry of the source list


@dataclass(frozen=True)
class Draft:
    sources: tuple[SourceEntry, ...]
    claims: tuple[DraftClaim, ...]
    warnings: tuple[str, ...] = ()
    title: str | None = None
    published: str | None = None
    author: str | None = None
    url: str | None = None
    origin: str | None = None  # the file or URL the article came from, for the header

    @property
    def figure_count(self) -> int:
        return sum(len(c.figures) for c in self.claims)


@dataclass(frozen=True)
class MergeResult:
    text: str
    added_claims: tuple[str, ...] = ()
    added_figures: tuple[tuple[str, str], ...] = ()  # (claim id, value)
    added_sources: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
