"""Scale words ("billion", "bn", "亿") and units of measure written after a number.

A scale multiplies the number by a power of ten: "33.4 billion" is 33.4 x 10^9. Single letters
("$53B", "£5m") are scales only glued to the digits, which the parser's grammar decides; a
table's unit note has its own spellings ("(RMB'000)", "in millions").
"""

from __future__ import annotations

# power of ten by scale word, as the parser reads it after a number
SCALE_WORDS: dict[str, int] = {
    "trillion": 12, "tn": 12, "trn": 12, "t": 12,
    "billion": 9, "bn": 9, "bln": 9, "b": 9,
    "million": 6, "mn": 6, "mln": 6, "m": 6,
    "thousand": 3, "k": 3, "hundred": 2,
    "lakh": 5, "lakhs": 5, "lac": 5, "lacs": 5, "crore": 7, "crores": 7, "cr": 7,
    "万亿": 12, "千亿": 11, "百亿": 10, "十亿": 9, "亿": 8, "千万": 7, "百万": 6, "十万": 5,
    "万": 4, "千": 3,
}  # fmt: skip

# power of ten by what a table's unit note writes ("(in thousands)", "RMB'000")
NOTE_SCALES: dict[str, int] = {
    "thousand": 3, "thousands": 3, "'000": 3, "’000": 3, "'000s": 3, "’000s": 3, "000s": 3,
    "000": 3, "k": 3, "million": 6, "millions": 6, "mn": 6, "m": 6, "mm": 6,
    "billion": 9, "billions": 9, "bn": 9, "b": 9, "trillion": 12, "trillions": 12,
    "lakh": 5, "lakhs": 5, "crore": 7, "crores": 7,
}  # fmt: skip


# Units of measure written glued to the number ("15.5km", "5year", "10kg"); letters glued to a
# number are otherwise a code ("5G", "3Q25"). Spaced units are ordinary words after a figure.
MEASURES = (
    "km", "kms", "kg", "kgs", "cm", "ft", "mph", "kph", "lb", "lbs", "oz", "ml", "mg", "gb",
    "tb", "kwh", "kw", "mwh", "mw", "gwh", "gw", "ghz", "mhz", "khz", "hz", "ha", "yr", "yrs",
    "year", "years", "day", "days", "hr", "hrs", "min", "mins", "sec", "secs", "tonne", "tonnes",
)  # fmt: skip
