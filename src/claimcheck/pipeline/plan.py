"""Planning an audit, before any page is read: the claims files loaded, where each cited source
is read from (a typed :class:`Location`), each claim's figures (its own, or those of its text),
and the figure jobs grouped by source, each with the signature its cached verdict is kept under.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from claimcheck.claimsfile import find_claim_files, validate_file
from claimcheck.model.claims import Article, Claim, Figure, Problem, Source
from claimcheck.net import FetchResult
from claimcheck.quantities import parse_figure, parse_quantities

# (label, total) -> advance(n): how a stage of the run reports progress (see cli/progress.py)
Stage = Callable[[str, int], Callable[[int], None]]


def no_advance(n: int = 1) -> None:
    """Progress that nobody watches."""


def no_stage(label: str, total: int) -> Callable[[int], None]:
    return no_advance


@dataclass(frozen=True)
class Location:
    """Where a cited source is read from: a web page by its URL, or a local file (a ``path:``
    source, by its absolute path). Each distinct location is fetched once per run."""

    url: str | None = None
    path: Path | None = None

    @classmethod
    def of(cls, source: Source) -> Location:
        return cls(url=source.url) if source.url is not None else cls(path=source.path)

    @property
    def local(self) -> bool:
        return self.url is None

    def __str__(self) -> str:
        """As messages name it: the URL, or ``path:<absolute path>``."""
        return self.url if self.url is not None else f"path:{self.path}"


def load_articles(
    paths: Sequence[Path], stage: Stage = no_stage
) -> tuple[list[Article], list[Problem]]:
    """Every claims file under ``paths``, validated; problems of all files are returned together.
    Progress goes by bytes read, so that one file of 200,000 claims moves the bar too."""
    files, problems = find_claim_files(paths)
    articles: list[Article] = []
    advance = stage("loading claims", sum(_size(path) for path in files))
    for path in files:
        article, found = validate_file(path, figure_parser=parse_figure, advance=advance)
        problems.extend(found)
        if article is not None and not found:
            articles.append(article)
    return articles, problems


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # reported when it is read


def shown(src: Source) -> str:
    """How reports name a source: its URL, or a local file relative to the working directory
    (so a report means the same on every checkout), absolute only when it lies outside."""
    if src.url is not None or src.path is None:
        return src.location
    cwd = Path.cwd()
    return str(src.path.relative_to(cwd)) if src.path.is_relative_to(cwd) else str(src.path)


def cited_locations(articles: Iterable[Article]) -> list[Location]:
    """Distinct entries of the articles' source lists, in order (each is fetched once)."""
    seen: dict[Location, None] = {}
    for article in articles:
        for src in article.sources:
            seen.setdefault(Location.of(src), None)
    return list(seen)


def claim_figures(claim: Claim) -> list[tuple[Figure, int | None]]:
    """The claim's figures, or when it lists none, every quantity in its text, with its offset
    there. A range read from the text is two figures, one per end ("between 2,400 and 2,600
    units": 2,400 and 2,600), so that the report says which end the source bears out."""
    if claim.figures:
        return [(f, None) for f in claim.figures]
    out: list[tuple[Figure, int | None]] = []
    for q in parse_quantities(claim.text):
        if q.upper is None or q.upper_at is None:
            out.append((Figure(value=q.text, line=claim.line), q.span[0]))
            continue
        low = _RANGE_JOINT_RE.sub("", claim.text[q.span[0] : q.upper_at])
        high = claim.text[q.upper_at : q.span[1]]
        out.append((Figure(value=low, line=claim.line), q.span[0]))
        out.append((Figure(value=high, line=claim.line), q.upper_at))
    return out


# what joins the ends of a range ("4-7%", "5 to 7", "between 2,400 and 2,600")
_RANGE_JOINT_RE = re.compile(r"(?:\s*[-–—~]\s*|\s+(?:to|and|through)\s+)$")


@dataclass(frozen=True)
class FigureJob:
    """One figure to check against one source; ``slot`` finds its place in the report."""

    slot: tuple[int, int, int]  # (claim number, figure number, source number within the claim)
    figure: Figure
    claim: Claim
    position: int | None  # the figure's offset in the claim text when it was parsed from it
    source_key: str
    url: str

    def signature(self) -> str:
        """What the verdict depends on besides the source and the code: the results cache key.
        Every field the matcher reads is in it (waivers are applied after matching)."""
        f = self.figure
        tol = f"{f.tolerance.amount}{'r' if f.tolerance.relative else 'a'}" if f.tolerance else ""
        parts = (f.value, f.about or "", f.change or "", tol, self.position, f.line,
                 self.claim.text, self.claim.period or "", self.source_key, self.url)  # fmt: skip
        return hashlib.sha256(json.dumps(parts).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class SourceJob:
    """A fetched source and every figure that cites it: one unit of work for a worker."""

    location: Location
    fetch: FetchResult
    figures: tuple[FigureJob, ...]
    # the page itself, for a worker that cannot read the file where the client reads it (a
    # `path:` source checked on a cluster elsewhere); None: the worker reads fetch's body
    body: bytes | None = None


# every claim with its figures, in report order
ClaimPlan = list[tuple[Article, Claim, list[tuple[Figure, int | None]]]]


def figure_jobs(articles: Sequence[Article]) -> tuple[ClaimPlan, dict[Location, list[FigureJob]]]:
    """Every claim with its figures, and the figure jobs grouped by source location."""
    plan: ClaimPlan = []
    by_source: dict[Location, list[FigureJob]] = {}
    for article in articles:
        for claim in article.claims:
            c = len(plan)
            figures = claim_figures(claim)
            plan.append((article, claim, figures))
            for f, (figure, position) in enumerate(figures):
                for s, key in enumerate(claim.sources):
                    src = article.source(key)
                    job = FigureJob((c, f, s), figure, claim, position, key, shown(src))
                    by_source.setdefault(Location.of(src), []).append(job)
    return plan, by_source
