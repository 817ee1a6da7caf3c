"""The claims file as records: an Article with its numbered Sources and its Claims, each Claim
with the Figures it states; Tolerance and Waiver as written in the file; and Problem, one
located thing wrong with a file.

Records only: :mod:`claimcheck.claimsfile` reads and validates the YAML that makes them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from claimcheck.model.vocab import Direction


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a claims file, located at a line (1-based)."""

    file: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


@dataclass(frozen=True, slots=True)
class Tolerance:
    """How far off a figure may be and still count as ``approximate``."""

    amount: Decimal
    relative: bool  # True: a fraction of the claimed value (0.5% -> 0.005); False: absolute units

    @classmethod
    def parse(cls, raw: str) -> Tolerance:
        text = raw.strip()
        relative = text.endswith("%")
        number = text[:-1].strip() if relative else text
        amount = Decimal(number)  # InvalidOperation propagates to the validator
        if amount < 0:
            raise InvalidOperation
        return cls(amount / 100 if relative else amount, relative)


# the reason of a waiver copied from the HTML report, until a reviewer writes the real one
WAIVER_PLACEHOLDER = "TODO: say why this figure is accepted"


@dataclass(frozen=True, slots=True)
class Waiver:
    reason: str
    until: dt.date | None
    line: int

    def expired(self, today: dt.date) -> bool:
        return self.until is not None and today > self.until

    @property
    def unexplained(self) -> bool:
        """The reason is still the placeholder the report's waiver block comes with."""
        return self.reason.strip() == WAIVER_PLACEHOLDER


@dataclass(frozen=True, slots=True)
class Figure:
    value: str
    line: int
    about: str | None = None
    change: Direction | None = None
    tolerance: Tolerance | None = None
    waive: Waiver | None = None


@dataclass(frozen=True, slots=True)
class Source:
    key: str
    line: int
    url: str | None = None
    path: Path | None = None  # resolved absolute path for local `path:` sources
    title: str | None = None

    @property
    def location(self) -> str:
        """The URL, or the local path as written in reports."""
        return self.url if self.url is not None else str(self.path)


@dataclass(frozen=True, slots=True)
class Claim:
    id: str
    text: str
    line: int
    sources: tuple[str, ...] = ()
    figures: tuple[Figure, ...] = ()
    period: str | None = None
    waive: Waiver | None = None
    note: str | None = None
    # citation markers of a drafted article that name no usable source (`claimcheck check`
    # only: in a claims file such a citation is an error)
    unresolved: tuple[str, ...] = ()

    @property
    def cited(self) -> bool:
        return bool(self.sources)


@dataclass(frozen=True)
class Article:
    path: Path
    title: str | None = None
    published: str | None = None
    url: str | None = None
    sources: tuple[Source, ...] = ()
    claims: tuple[Claim, ...] = ()
    # how reports name where the claims come from when that is not ``path``: the article
    # itself (a file or URL) for claims ``claimcheck check`` drafted from it
    shown: str | None = None

    @property
    def location(self) -> str:
        return self.shown if self.shown is not None else str(self.path)

    def source(self, key: str) -> Source:
        for src in self.sources:
            if src.key == key:
                return src
        raise KeyError(key)

    @property
    def figure_count(self) -> int:
        return sum(len(c.figures) for c in self.claims)

    def unexplained_waivers(self) -> list[Waiver]:
        """Waivers still giving the placeholder reason: they excuse nothing until reviewed."""
        waivers = [w for c in self.claims for w in (c.waive, *(f.waive for f in c.figures))]
        return [w for w in waivers if w is not None and w.unexplained]
