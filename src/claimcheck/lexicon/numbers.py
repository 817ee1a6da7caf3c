"""Numbers written in words: cardinals ("twenty-five"), ordinals ("eighth"), the scales of
spoken amounts ("two point five million"), proportions ("a third of", "two-thirds"), and the
words that make a number negative ("minus ten").

The parser's grammar builds its number-word patterns from the same words; these tables give
their values.
"""

from __future__ import annotations

CARDINALS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
    "sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90, "hundredth": 100,
}  # fmt: skip
# power of ten by scale word in a spoken amount ("five hundred", "two point five million")
WORD_SCALES = {
    "hundred": 2, "thousand": 3, "lakh": 5, "crore": 7, "million": 6, "billion": 9, "trillion": 12,
}  # fmt: skip
# the digits a spoken decimal names after "point": "two point zero five"
DIGIT_WORDS = {
    "zero": 0, "oh": 0, **{w: n for w, n in CARDINALS.items() if n < 10},
}  # fmt: skip

# proportions in words: "a third of" is about 33.33%, "two-thirds of" about 66.67%
FRACTION_NUMERATORS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "nine": 9}
FRACTION_DENOMINATORS = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fourth": 4,
    "fourths": 4, "fifth": 5, "fifths": 5, "tenth": 10, "tenths": 10,
}  # fmt: skip
# "the second half of the year" is a period, not 50%
NOT_FRACTION_BEFORE = frozenset(
    "first second third fourth last next other latter former back front top bottom".split()
)

# "minus ten", "negative 5%": the sign, written out
SIGN_WORDS = frozenset({"minus", "negative"})
