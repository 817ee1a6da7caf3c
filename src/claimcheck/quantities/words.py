"""Quantities written in words: "twenty-five percent", "two point five million", "half a
million", "eighth consecutive", "tenfold"; and proportions before "of"/"the" read as hedged
percentages ("a third of" is about 33.33%, "two-thirds of" about 66.67%).
"""

from __future__ import annotations

import re
from decimal import Decimal

from claimcheck.lexicon import currencies, numbers
from claimcheck.model.quantity import Kind, Quantity
from claimcheck.model.vocab import Qualifier
from claimcheck.quantities import grammar
from claimcheck.quantities.atoms import Atom
from claimcheck.quantities.context import prefix_of
from claimcheck.quantities.numwords import cents_after, word_value
from claimcheck.quantities.ranges import finish


def from_words(
    text: str, m: re.Match[str], floor: int, lenient: bool
) -> tuple[Quantity | None, int]:
    start, end = m.span()
    phrase = m.group()
    unit: str | None = None
    currency: str | None = None
    decimals = 0
    if m.group("fold") is not None:
        value, scale, unit = Decimal(numbers.CARDINALS[phrase.lower()[:-4]]), 0, "mult"
    else:
        value, scale, ordinal, decimals = word_value(phrase)
        if ordinal:
            unit = "ord"
            if not lenient and not grammar.ORD_CONTEXT_RE.match(text, end):
                return None, end
        elif grammar.FRACTION_AFTER_RE.match(text, end) or is_fraction(text, start):
            return None, end  # "two-thirds", "three-quarters of": read as proportions
        else:
            um = grammar.UNIT_RE.match(text, end)
            if um is not None and um.lastgroup not in ("ordsfx", None):
                if um.lastgroup == "cursfx":
                    key = " ".join(um.group().split()).lower()
                    currency = currencies.SUFFIX.get(key) or currencies.CJK.get(key)
                else:
                    unit = um.lastgroup
                end = um.end()
            if currency is not None and not scale and not decimals:
                cents = cents_after(text, end)
                if cents is not None:
                    value, decimals, end = value + cents[0], 2, cents[1]
            if (
                not lenient
                and phrase.lower() == "one"
                and unit is None
                and currency is None
                and not grammar.ONE_IN_RE.match(text, end)
            ):
                return None, end  # "one of the biggest" (but "one in 12" is a figure)
            if scale and phrase[:2].lower() in ("a ", "an"):
                half = grammar.HALF_BEFORE_RE.search(text, max(floor, start - 8), start)
                if half is not None:  # "half a million"
                    value, decimals, start = value / 2, decimals + 1, half.start()
    atom = Atom(
        start=start,
        end=end,
        number=value.scaleb(-scale).quantize(Decimal(1).scaleb(-decimals)),
        decimals=decimals,
        negative=False,
        plus=False,
        currency=currency,
        scale=scale or None,
        unit=unit,
        plain_int=False,
    )
    prefix = prefix_of(text, start, floor)
    return finish(text, atom, None, prefix, start), end


def is_fraction(text: str, start: int) -> bool:
    m = grammar.FRACTION_RE.match(text, start)
    return m is not None and fraction(text, m) is not None


def fractions(text: str) -> list[Quantity]:
    """Proportions in words: "a third of", "two-thirds of", "half the", as percentages."""
    if grammar.FRACTION_HINT_RE.search(text) is None:
        return []  # a plain substring scan first: the full pattern is slow on long prose
    found = (fraction(text, m) for m in grammar.FRACTION_RE.finditer(text))
    return [q for q in found if q is not None]


def fraction(text: str, m: re.Match[str]) -> Quantity | None:
    before = text[max(0, m.start() - 24) : m.start()].split()
    if before and before[-1].lower() in numbers.NOT_FRACTION_BEFORE:
        return None  # "the second half of the year"
    num = 1 if m.group("half") else numbers.FRACTION_NUMERATORS[m.group("num").lower()]
    den_word = (m.group("den") or "half").lower()
    den = numbers.FRACTION_DENOMINATORS[den_word]
    if num >= den:
        return None
    if den_word == "quarters" and "-" not in m.group():
        return None  # "two quarters of growth" are periods; "three-quarters of" a share
    value = Decimal(100 * num) / Decimal(den)
    precision = Decimal(1) if value == value.to_integral_value() else Decimal("0.01")
    prefix = prefix_of(text, m.start(), 0)
    return Quantity(
        value=value.quantize(precision),
        kind=Kind.PERCENT,
        currency=None,
        scale=0,
        precision=precision,
        span=m.span(),
        text=m.group(),
        # a proportion in words is a round figure: "a third" stands for 31-36%
        qualifier=prefix.qualifier or Qualifier.ABOUT,
        direction=prefix.direction,
    )
