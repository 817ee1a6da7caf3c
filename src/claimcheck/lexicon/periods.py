"""Period expressions: which quarter, half or fiscal year a passage or a claim is about.

"Q2", "2Q25", "second quarter", "the June quarter", "three months ended June 30", "H1",
"first half", "fiscal 2024", "FY24", "full year". Each is read as a token of one class
(quarter, half, quarter ending in a month, months to date, full year) and, where written, a
year. Two texts name different periods when they name periods of the same class and share none:
"Q1" against "Q2", "fiscal 2023" against "fiscal 2024". Years alone are compared by the matcher's
words (a passage "in 2023" shares the word "@2023" with a claim about 2023).
"""

from __future__ import annotations

import re
from functools import lru_cache

_ORD = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
_MONTHS = {
    m[:3].lower(): m[:3].lower()
    for m in "January February March April May June July August September October November "
    "December".split()
}
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_YEAR = r"(?:(?:19|20)[0-9]{2}|'[0-9]{2})"
_SPAN_MONTHS = {"three": 3, "six": 6, "nine": 9, "twelve": 12, "3": 3, "6": 6, "9": 9, "12": 12}

_PATTERNS = (
    # Q2, Q2 2025, Q2'25, Q2FY25, 2Q25, 2Q 2025
    ("quarter", re.compile(rf"\bq([1-4])(?:\s?(?:fy)?\s?({_YEAR}|[0-9]{{2}}))?\b")),
    ("quarter", re.compile(rf"\b([1-4])q(?:\s?({_YEAR}|[0-9]{{2}}))?\b")),
    # second quarter (of 2025), fourth-quarter
    (
        "quarter",
        re.compile(
            rf"\b(first|second|third|fourth|1st|2nd|3rd|4th)[\s-]quarter(?:\s+(?:of\s+)?({_YEAR}))?"
        ),
    ),
    # H1, 1H25, first half (of 2025)
    ("half", re.compile(rf"\bh([12])(?:\s?({_YEAR}|[0-9]{{2}}))?\b")),
    ("half", re.compile(rf"\b([12])h(?:\s?({_YEAR}|[0-9]{{2}}))?\b")),
    ("half", re.compile(rf"\b(first|second)[\s-]half(?:\s+(?:of\s+)?({_YEAR}))?")),
    # three months ended June 30 (, 2025); the June quarter (2025)
    (
        "ended",
        re.compile(
            rf"\b(three|six|nine|twelve|3|6|9|12)[\s-]months?\s+(?:ended|ending|to)\s+({_MONTH})"
            rf"(?:\s+[0-9]{{1,2}})?(?:,?\s+({_YEAR}))?"
        ),
    ),
    ("ended", re.compile(rf"\b({_MONTH})\s+quarter(?:\s+({_YEAR}))?")),
    # fiscal 2024, fiscal year 2024, FY2024, FY24, full year 2024
    ("year", re.compile(rf"\b(?:fiscal(?:\s+year)?|fy)\s?('?[0-9]{{2}}\b|{_YEAR})")),
    ("year", re.compile(rf"\bfull[\s-]year(?:\s+({_YEAR}))?")),
)


_HINT_RE = re.compile(r"q[1-4]|[1-4]q|quarter|half|h[12]\b|[12]h\b|fiscal|fy|full.year|months?\s")


def _year(raw: str | None) -> str | None:
    if not raw:
        return None
    digits = raw.strip("'")
    return digits if len(digits) == 4 else "20" + digits


Period = tuple[str, str, str | None]  # (class, unit, year): ("quarter", "q2", "2025")


@lru_cache(maxsize=1 << 14)
def periods(text: str) -> frozenset[Period]:
    """The periods ``text`` names, as (class, unit, year or None): ("quarter", "q2", "2025"),
    ("half", "h1", None), ("ended", "3m-jun", "2025"), ("year", "fy", "2024")."""
    low = text.lower()
    if _HINT_RE.search(low) is None:
        return frozenset()  # a cheap scan first: most clauses name no period
    found: set[Period] = set()
    for cls, pattern in _PATTERNS:
        for m in pattern.finditer(low):
            groups = m.groups()
            if cls in ("quarter", "half"):
                n = _ORD.get(groups[0]) or int(groups[0])
                found.add((cls, f"{cls[0]}{n}", _year(groups[1])))
            elif cls == "ended":
                if len(groups) == 3:
                    months, month, year_raw = _SPAN_MONTHS[groups[0]], groups[1], groups[2]
                else:
                    months, month, year_raw = 3, groups[0], groups[1]
                unit = f"{months}m-{_MONTHS.get(month[:3], month[:3])}"
                found.add((cls, unit, _year(year_raw)))
            else:
                found.add(("year", "fy", _year(groups[0]) if groups and groups[0] else None))
    return frozenset(found)


def conflict(a: frozenset[Period], b: frozenset[Period]) -> bool:
    """True when ``a`` and ``b`` name different periods of one class: "Q1" against "Q2" (no
    quarter in common), or "Q4 2021" against "Q4 2020" (the same quarter, only other years).
    "Q3 2020" against "Q3, up from Q2 2020" is no conflict: the third quarters agree, and the
    second quarter is what the source compares with."""
    for cls in {c for c, _, _ in a} & {c for c, _, _ in b}:
        units_a = {u for c, u, _ in a if c == cls}
        units_b = {u for c, u, _ in b if c == cls}
        if units_a.isdisjoint(units_b):
            return True
        for unit in units_a & units_b:
            years_a = {y for c, u, y in a if c == cls and u == unit and y}
            years_b = {y for c, u, y in b if c == cls and u == unit and y}
            if years_a and years_b and years_a.isdisjoint(years_b):
                return True
    return False
