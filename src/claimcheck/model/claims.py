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


@dataclass(frozen=True, slots=True)
class Waiver:
    reason: str
    until: dt.date | None
    line: int

    def expired(self, today: dt.date) -> bool:
        return self.until is not None and today > self.until


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

    def source(self, key: str) -> Source:
        for src in self.sources:
            if src.key == key:
                return src
        raise KeyError(key)

    @property
    def figure_count(self) -> int:
        return sum(len(c.figures) for c in self.claims)
