"""Atoms: one number as written (digits, sign, currency, scale, unit), before the words around
it are taken into account; and the small rules every reading of an atom shares (what kind of
quantity it is, whether it is a year, how its value is shown).

Digit grouping is decided here: "," then exactly three digits groups thousands; "." is a decimal
point unless the number is written European style ("1.234.567", "3.350,5"); any other mix is no
figure at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from claimcheck.lexicon import currencies, scales
from claimcheck.model.quantity import Kind
from claimcheck.quantities import grammar
from claimcheck.quantities.numwords import cents_after


@dataclass(slots=True)
class Atom:
    """One number as written, before the words around it are taken into account."""

    start: int
    end: int
    number: Decimal  # unscaled magnitude as written
    decimals: int
    negative: bool
    plus: bool
    currency: str | None
    scale: int | None  # None: no scale word
    unit: str | None  # "pct", "pp", "bp", "mult", "ord"
    plain_int: bool  # digits only, no separators or decimals
    measure: str | None = None  # a glued unit of measure ("km" of "15.5km")
    at_least: bool = False  # written with a "+" after it: "2,000+"

    @property
    def bare(self) -> bool:
        return self.currency is None and self.scale is None and self.unit is None


def to_decimal(digits: str) -> tuple[Decimal, int] | None:
    if grammar.EN_NUMBER_RE.fullmatch(digits):
        plain = digits.replace(",", "")
    elif grammar.EU_NUMBER_RE.fullmatch(digits):
        plain = digits.replace(".", "").replace(",", ".")
    else:
        return None
    _, _, frac = plain.partition(".")
    return Decimal(plain), len(frac)


def read_atom(text: str, m: re.Match[str]) -> Atom | None:
    pdig = m.group("pdig")
    digits = pdig if pdig is not None else m.group("dig")
    parsed = to_decimal(digits)
    if parsed is None:
        return None
    if digits[0] == "0" and digits[1:2].isdigit():
        return None  # a code such as "02110" or "007", not a written amount
    number, decimals = parsed
    sign = m.group("sign")
    cur_symbol = m.group("cur")
    currency = currencies.PREFIX[cur_symbol] if cur_symbol else None
    scale_text = m.group("scale")
    scale = scales.SCALE_WORDS[scale_key(scale_text)] if scale_text else None
    end = m.end()
    unit = None
    measure = None
    um = grammar.UNIT_RE.match(text, end)
    if um is not None:
        kind = um.lastgroup
        if kind == "cursfx":
            suffix = currencies.SUFFIX.get(" ".join(um.group().split()).lower()) or (
                currencies.CJK.get(um.group().strip())
            )
            currency = merge_currency(currency, cur_symbol, suffix)
            end = um.end()
            if scale is None and decimals == 0 and (cents := cents_after(text, end)) is not None:
                number, decimals, end = number + cents[0], 2, cents[1]
        elif kind == "ordsfx":
            if scale is None and currency is None and decimals == 0:
                unit, end = "ord", um.end()
        elif kind == "measure":
            if scale is None and currency is None:
                measure, end = um.group().lower(), um.end()
        elif kind == "pts":
            if currency is None:
                measure, end = "point", um.end()
        else:
            unit, end = kind, um.end()
    if pdig is not None and unit is None and currency is None and len(digits) <= 2:
        return None  # "(1)", "(12)": enumeration markers in prose
    at_least = grammar.PLUS_AFTER_RE.match(text, end) is not None
    if at_least:
        end += 1
    return Atom(
        start=m.start(),
        end=end,
        number=number,
        decimals=decimals,
        negative=pdig is not None or sign in ("-", "−", "–") or m.group("sign2") is not None,
        plus=sign == "+",
        currency=currency,
        scale=scale,
        unit=unit,
        plain_int=digits.isdigit(),
        measure=measure,
        at_least=at_least,
    )


def scale_key(scale_text: str) -> str:
    key = scale_text.strip()
    # Glued single letters are case sensitive in the regex; the table is lower case.
    return key if key in scales.SCALE_WORDS else key.lower()


def merge_currency(prefix: str | None, symbol: str | None, suffix: str | None) -> str | None:
    if prefix is None:
        return suffix
    if suffix is None or suffix == prefix:
        return prefix
    # "¥1,000 yen" is yen; "$5 Hong Kong dollars" is HKD: only these generic symbols yield.
    if symbol in ("¥", "￥") and suffix == "JPY":
        return suffix
    if (
        symbol == "$"
        and suffix not in ("USD", None)
        and suffix in currencies.OTHER_DOLLARS.values()
    ):
        return suffix
    return prefix


def kind_of(atom: Atom) -> Kind:
    if atom.unit == "pct":
        return Kind.PERCENT
    if atom.unit in ("pp", "bp"):
        return Kind.PERCENTAGE_POINTS
    if atom.unit == "mult":
        return Kind.MULTIPLE
    if atom.unit == "ord":
        return Kind.ORDINAL
    if atom.currency is not None:
        return Kind.MONEY
    return Kind.COUNT


def is_year(atom: Atom) -> bool:
    return (
        atom.bare
        and atom.plain_int
        and len(str(atom.number)) == 4
        and (1900 <= atom.number <= 2100)
    )


def clean(value: Decimal) -> Decimal:
    # scaleb() leaves exponents ("3.34E+10"); show whole numbers plainly, keep stated decimals.
    if value.as_tuple().exponent > 0:  # type: ignore[operator]
        try:
            return value.quantize(Decimal(1))
        except InvalidOperation:
            return value
    return value
