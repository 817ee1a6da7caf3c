"""Words that bound or hedge a figure, as the parser reads them before a number.

"over 20%", "more than 5", "at least $6", "up to 10", "about $7.50", "nearly 40"; the symbols
"~", "≈", ">", "<", "≥", "≤"; and their Chinese forms. Longest phrases are tried first.
"""

from __future__ import annotations

from claimcheck.model.vocab import Qualifier

Q = Qualifier
PHRASES: dict[tuple[str, ...], Qualifier] = {
    ("over",): Q.OVER, ("above",): Q.OVER, ("exceeding",): Q.OVER, ("upwards", "of"): Q.OVER,
    ("in", "excess", "of"): Q.OVER, ("just", "over"): Q.OVER, ("well", "over"): Q.OVER,
    ("just", "above"): Q.OVER, ("well", "above"): Q.OVER, ("passed",): Q.OVER,
    ("surpassed",): Q.OVER, ("topped",): Q.OVER, ("exceeded",): Q.OVER,
    ("more", "than"): Q.MORE_THAN, ("greater", "than"): Q.MORE_THAN,
    ("about",): Q.ABOUT, ("around",): Q.ABOUT, ("approximately",): Q.ABOUT,
    ("approx.",): Q.ABOUT, ("approx",): Q.ABOUT, ("roughly",): Q.ABOUT, ("some",): Q.ABOUT,
    ("circa",): Q.ABOUT, ("ca.",): Q.ABOUT, ("c.",): Q.ABOUT, ("an", "estimated"): Q.ABOUT,
    ("estimated",): Q.ABOUT, ("nearly",): Q.NEARLY, ("close", "to"): Q.NEARLY,
    ("almost",): Q.ALMOST, ("under",): Q.UNDER, ("below",): Q.UNDER, ("just", "under"): Q.UNDER,
    ("just", "below"): Q.UNDER, ("less", "than"): Q.LESS_THAN, ("fewer", "than"): Q.LESS_THAN,
    ("at", "least"): Q.AT_LEAST, ("no", "less", "than"): Q.AT_LEAST,
    ("no", "fewer", "than"): Q.AT_LEAST, ("a", "minimum", "of"): Q.AT_LEAST,
    ("up", "to"): Q.UP_TO, ("as", "much", "as"): Q.UP_TO, ("as", "many", "as"): Q.UP_TO,
    ("as", "high", "as"): Q.UP_TO, ("at", "most"): Q.AT_MOST, ("no", "more", "than"): Q.AT_MOST,
    ("a", "maximum", "of"): Q.AT_MOST,
}  # fmt: skip
LENGTHS = (3, 2, 1)  # phrase lengths, longest first
SYMBOLS: dict[str, Qualifier] = {
    "~": Q.ABOUT, "≈": Q.ABOUT, ">": Q.OVER, "<": Q.UNDER, "≥": Q.AT_LEAST, "≤": Q.AT_MOST,
}  # fmt: skip
# after the number: "2,000+" is more than 2,000
SUFFIX_SYMBOLS: dict[str, Qualifier] = {"+": Q.OVER}
CJK: tuple[tuple[str, Qualifier], ...] = (
    ("超过", Q.OVER), ("逾", Q.OVER), ("超", Q.OVER), ("大约", Q.ABOUT), ("约", Q.ABOUT),
    ("将近", Q.NEARLY), ("接近", Q.NEARLY), ("近", Q.NEARLY), ("至少", Q.AT_LEAST),
    ("不少于", Q.AT_LEAST), ("不到", Q.LESS_THAN), ("不足", Q.LESS_THAN), ("最多", Q.AT_MOST),
    ("高达", Q.UP_TO), ("多达", Q.UP_TO),
)  # fmt: skip
# the words of every phrase, which say nothing about what a figure is about
WORDS = frozenset(w for phrase in PHRASES for w in phrase)
