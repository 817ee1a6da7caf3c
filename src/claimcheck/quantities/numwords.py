"""The values of numbers written in words: "twenty-five", "two point five million", "two and a
half", "a dozen", and the cents after a whole amount ("twelve euros and fifty cents").

Pure arithmetic over phrases the grammar's number-word pattern accepted.
"""

from __future__ import annotations

from decimal import Decimal

from claimcheck.lexicon import numbers
from claimcheck.quantities import grammar


def word_value(phrase: str) -> tuple[Decimal, int, bool, int]:
    """Value, scale, whether it is an ordinal, and the number of digits read after "point",
    for a phrase the word regex accepted."""
    total = current = Decimal(0)
    scale = 0
    ordinal = False
    decimals = 0
    in_fraction = False
    lowered = phrase.lower()
    if grammar.HALF_RE.search(lowered):  # "two and a half million"
        lowered = grammar.HALF_RE.sub(" point five", lowered)
    parts = grammar.WORD_SPLIT_RE.split(lowered)
    for i, word in enumerate(parts):
        scale = 0
        if in_fraction and word in numbers.DIGIT_WORDS:
            decimals += 1
            current += Decimal(numbers.DIGIT_WORDS[word]).scaleb(-decimals)
            continue
        if in_fraction and word in numbers.CARDINALS:
            # "eight dot forty", "point twenty five": the digits after the point as one number
            cents = numbers.CARDINALS[word] + sum(
                numbers.CARDINALS.get(w, 0) for w in parts[i + 1 : i + 2]
            )
            return total + current + Decimal(cents).scaleb(-2), 0, False, 2
        in_fraction = False
        if word in ("point", "dot"):
            in_fraction = True
        elif word in ("a", "an"):
            current = Decimal(1)
        elif word in ("and", "zero", "oh"):
            continue
        elif word in numbers.CARDINALS:
            current += numbers.CARDINALS[word]
        elif word in numbers.ORDINALS:
            current += numbers.ORDINALS[word]
            ordinal = True
        elif word == "dozen":
            current = (current or Decimal(1)) * 12
        elif word == "hundred":
            current = (current or Decimal(1)) * 100
            scale = 2
        elif word in numbers.WORD_SCALES:
            scale = numbers.WORD_SCALES[word]
            total += (current or 1) * 10**scale
            current = Decimal(0)
    return total + current, scale, ordinal, decimals


def cents_after(text: str, end: int) -> tuple[Decimal, int] | None:
    """The cents written after a whole amount of money, in units of it, and where they end."""
    m = grammar.CENTS_RE.match(text, end)
    if m is None:
        return None
    if m.group("digits") is not None:
        cents = int(m.group("digits"))
    else:
        cents = int(word_value(m.group("words"))[0])
    if not 0 < cents < 100:
        return None
    return Decimal(cents).scaleb(-2), m.end()
