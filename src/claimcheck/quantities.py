"""The one quantity parser, used on claimed figures and on source text alike.

Design: regexes compiled at import do the scanning, in one left-to-right pass. A master regex
finds either a *skip* token (URL, phone number, ISO or slash date, clock time, citation marker,
ISBN, ...) whose digits are never figures, or a *number core* (optional sign and currency
prefix, digits, optional scale word); beside it, a cheap scan of an ASCII-lower-cased copy of
the text finds where English number words start, and the two streams are merged in order.
Every hit is finished with anchored regexes at its end (unit, currency word, range end) and a
look at the few words just before it (qualifier, direction, label word such as "Section"), so
the Python work is per figure, never per character: 100 KB of prose takes about 10 ms.

Rules for the ambiguous cases:

* Digit grouping: "," followed by exactly three digits groups thousands ("3,350" is 3350). "." is
  a decimal point ("3.350" is 3.35, "0.960" is 0.96) unless the number is written European
  style: repeated dot groups ("1.234.567") or a dot group then a comma decimal ("3.350,5").
  Any other mix ("1,89", ",89", "1.2.3", "1,2345") is no figure at all: a wrong number is worse
  than a missing one.
* Years: a bare four-digit integer from 1900 to 2100 is a year unless a currency, scale word or
  unit comes with it ("$2025 million", "2025 yuan" are figures; "2025 employees" is a year,
  "2,025 employees" a count).
* Signs: for percentages, percentage points and money the value keeps its magnitude and the
  sign becomes the direction ("-14%", "−14%", "–14%", "(14)%" are 14 with DECREASE); for other
  kinds the value itself is negative ("-78", "minus ten").
* "¥" is CNY and a bare "$" is USD; parse_figure() turns them into JPY or another dollar when
  the figure itself says so ("¥500 billion (JPY)", "$10 (HKD)").
* Number words count from "two" up; "one" alone ("one of the biggest") is no figure unless a
  scale word or a unit follows ("one billion", "one percent"). Ordinals ("eighth", "8th") are
  figures only before "consecutive"/"straight"/"successive"/"in a row", so "third quarter" is a
  label; a count and an ordinal of the same number are the same number of periods.
* Spoken forms are read as written figures: "twenty - five" (transcripts space the hyphen),
  "two point five million", "two and a half million", "half a million", "twelve euros and
  fifty cents" (12.50 EUR), "twenty bucks". A proportion in words before "of"/"the" is a
  hedged percentage: "a third of" is about 33.33%, "two-thirds of" about 66.67%, "half the"
  about 50% ("the second half of the year" is a period, "two quarters of growth" periods).
* "to"/"-" between two numbers makes a range ("10-12%", "10% to 12%", "between 5 and 7
  million"), not after "from" ("rose from 5% to 7%" is two figures), and only when the units
  agree; "points"/"pts" alone are read as percentage points. Two bare whole numbers below
  1000 joined by a dash the wrong way round are a score, not figures ("won 5-4", "a 10–7
  lead"); "3800-3700 BC" stays a range written downwards.
* Bare numbers right after a label word ("Section 3.2", "No. 5", "Windows 11", and the rest of
  a list: "sections 2 and 3"), next to a month name ("Aug 30", "30 August"), before "am"/"pm",
  glued to letters ("Q1", "3Q25", "5G", "Qwen2.5", "GPT-4"), after "#", "/", "." or ",", with
  a leading zero ("02110", "007"), or used as list markers ("1. Definitions", "(2)") are not
  figures. A bracketed number of three or more digits, or with a separator, is an accounting
  negative as in tables: "(1,234)" is -1234.

parse_figure() reads one claimed figure with the same rules, but when they find nothing it
retries leniently: the caller says the text *is* a figure, so "2025", "eighth" or "one" count.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

from claimcheck.lexicon import directions, qualifiers
from claimcheck.model.quantity import Kind, Quantity
from claimcheck.model.vocab import Direction, Qualifier

__all__ = [
    "Direction",
    "Kind",
    "Qualifier",
    "Quantity",
    "parse_figure",
    "parse_quantities",
    "parse_scale_note",
]


# Kinds whose value is a magnitude: a sign in the text becomes the direction instead.
_MAGNITUDE_KINDS = frozenset({Kind.PERCENT, Kind.PERCENTAGE_POINTS, Kind.MONEY})


def _alternation(words: Iterable[str]) -> str:
    # Longest first, so "US$" wins over "$" and "HK$" is never read as "$".
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# --- currencies -------------------------------------------------------------------------------

_PREFIX_CURRENCIES: dict[str, str] = {
    "US$": "USD", "U.S.$": "USD", "USD": "USD", "$": "USD",
    "HK$": "HKD", "HKD": "HKD",
    "A$": "AUD", "AU$": "AUD", "AUD": "AUD",
    "C$": "CAD", "CA$": "CAD", "CAD": "CAD",
    "S$": "SGD", "SGD": "SGD",
    "NT$": "TWD", "TWD": "TWD",
    "NZ$": "NZD", "NZD": "NZD",
    "R$": "BRL", "BRL": "BRL",
    "MX$": "MXN", "MXN": "MXN",
    "RMB": "CNY", "CNY": "CNY", "CN¥": "CNY", "¥": "CNY", "￥": "CNY", "人民币": "CNY",
    "JP¥": "JPY", "JPY": "JPY",
    "€": "EUR", "EUR": "EUR",
    "£": "GBP", "GBP": "GBP",
    "₹": "INR", "Rs.": "INR", "Rs": "INR", "INR": "INR",
    "₩": "KRW", "KRW": "KRW",
    "CHF": "CHF",
}  # fmt: skip

# Words written after the number; keys are lower case with single spaces.
_SUFFIX_CURRENCIES: dict[str, str] = {
    "yuan": "CNY", "renminbi": "CNY", "rmb": "CNY", "cny": "CNY",
    "usd": "USD", "us dollars": "USD", "us dollar": "USD", "u.s. dollars": "USD",
    "u.s. dollar": "USD", "dollars": "USD", "dollar": "USD",
    "hkd": "HKD", "hong kong dollars": "HKD", "hong kong dollar": "HKD", "hk dollars": "HKD",
    "aud": "AUD", "australian dollars": "AUD", "cad": "CAD", "canadian dollars": "CAD",
    "sgd": "SGD", "singapore dollars": "SGD", "twd": "TWD", "new taiwan dollars": "TWD",
    "taiwan dollars": "TWD", "nt dollars": "TWD", "nzd": "NZD",
    "eur": "EUR", "euros": "EUR", "euro": "EUR",
    "gbp": "GBP", "pounds sterling": "GBP", "sterling": "GBP", "quid": "GBP",
    "bucks": "USD", "buck": "USD",
    "jpy": "JPY", "yen": "JPY",
    "inr": "INR", "rupees": "INR", "rupee": "INR",
    "krw": "KRW", "chf": "CHF", "swiss francs": "CHF",
}  # fmt: skip

_CJK_CURRENCIES: dict[str, str] = {
    "人民币": "CNY", "元": "CNY", "美元": "USD", "港元": "HKD", "港币": "HKD", "欧元": "EUR",
    "日元": "JPY", "英镑": "GBP", "韩元": "KRW", "新台币": "TWD", "澳元": "AUD", "加元": "CAD",
}  # fmt: skip

# Dollars other than the US one, as they may be written inside a claimed figure.
_OTHER_DOLLARS: dict[str, str] = {
    "HK$": "HKD", "HKD": "HKD", "HONG KONG": "HKD", "A$": "AUD", "AU$": "AUD", "AUD": "AUD",
    "AUSTRALIAN": "AUD", "C$": "CAD", "CA$": "CAD", "CAD": "CAD", "CANADIAN": "CAD",
    "S$": "SGD", "SGD": "SGD", "SINGAPORE": "SGD", "NT$": "TWD", "TWD": "TWD", "TAIWAN": "TWD",
    "NZ$": "NZD", "NZD": "NZD",
}  # fmt: skip


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


def _words_re(words: Iterable[str]) -> str:
    # Multi-word currency names may be split by any run of whitespace.
    return "|".join(
        re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True)
    )


_OTHER_DOLLAR_RE = re.compile(
    r"(?<![A-Za-z])(" + _words_re(_OTHER_DOLLARS) + r")(?![A-Za-z])", re.IGNORECASE
)
_YEN_RE = re.compile(r"\bJPY\b|\byen\b|円", re.IGNORECASE)


# --- scales -----------------------------------------------------------------------------------

_SCALE_WORDS: dict[str, int] = {
    "trillion": 12, "tn": 12, "trn": 12, "t": 12,
    "billion": 9, "bn": 9, "bln": 9, "b": 9,
    "million": 6, "mn": 6, "mln": 6, "m": 6,
    "thousand": 3, "k": 3, "hundred": 2,
    "lakh": 5, "lakhs": 5, "lac": 5, "lacs": 5, "crore": 7, "crores": 7, "cr": 7,
    "万亿": 12, "千亿": 11, "百亿": 10, "十亿": 9, "亿": 8, "千万": 7, "百万": 6, "十万": 5,
    "万": 4, "千": 3,
}  # fmt: skip

_SCALE = (
    r"(?:\s{0,2}(?i:trillion|billion|million|thousand|hundred|lakhs?|lacs?|crores?|bn|mn|mln|bln"
    r"|tn|trn|cr)\b"
    # single letters only glued to the digits ("$53B", "£5m"): "5 m" may be metres
    r"|[kKmMbBT](?![A-Za-z0-9])"
    r"|\s?(?:万亿|千亿|百亿|十亿|亿|千万|百万|十万|万|千))"
)

# --- units after the number -------------------------------------------------------------------

# Units of measure written glued to the number ("15.5km", "5year", "10kg"); letters glued to a
# number are otherwise a code ("5G", "3Q25"). Spaced units are ordinary words after a figure.
_MEASURES = (
    "km", "kms", "kg", "kgs", "cm", "ft", "mph", "kph", "lb", "lbs", "oz", "ml", "mg", "gb",
    "tb", "kwh", "kw", "mwh", "mw", "gwh", "gw", "ghz", "mhz", "khz", "hz", "ha", "yr", "yrs",
    "year", "years", "day", "days", "hr", "hrs", "min", "mins", "sec", "secs", "tonne", "tonnes",
)  # fmt: skip

_UNIT_RE = re.compile(
    r"(?P<bp>\s*(?i:basis[\s-]+points?|bps|bp)\b|\s?个?基点)"
    r"|(?P<pp>\s*(?i:percentage|pct\.?|per\s?cent(?:age)?)\s*(?i:points?|pts?)\b"
    r"|\s?[%％]\s?(?i:points|pts)\b|\s?(?i:ppts?|pp)\b|\s?个?百分点)"
    # "25 points" is a count of points unless the text says percentage points; the matcher may
    # still meet it with a figure in percentage points ("margin up 3 points")
    r"|(?P<pts>\s?(?i:points?|pts)\b)"
    r"|(?P<pct>\s?[%％]|\s*(?i:per\s?cent)\b|\s?(?:pc|pct)\b)"
    r"|(?P<mult>[x×](?![A-Za-z0-9])|\s?×|\s+(?i:times)\b|\s?-?\s?(?i:fold)\b|\s?倍)"
    rf"|(?P<measure>(?i:{_alternation(_MEASURES)})(?![A-Za-z0-9]))"
    r"|(?P<ordsfx>(?:st|nd|rd|th)\b)"
    rf"|(?P<cursfx>\s*(?i:{_words_re(_SUFFIX_CURRENCIES)})\b"
    rf"|\s?(?:{_alternation(_CJK_CURRENCIES)}))"
)

# "2,000+": more than 2,000 (not "2+2" or "+44")
_PLUS_AFTER_RE = re.compile(r"\+(?![0-9A-Za-z+])")
# Something glued to the end of a figure that makes it a code, not a figure: "5G", "7A", "10-K",
# "401(k)".
_GLUE_RE = re.compile(r"[A-Za-z0-9_]|-[A-Z](?![A-Za-z])|\([a-z]\)|[年月日号时]")

_DIGITS = r"[0-9]+(?:[.,][0-9]+)*"
_EN_NUMBER_RE = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?")
_EU_NUMBER_RE = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3}){2,}(?:,[0-9]+)?|[0-9]{1,3}\.[0-9]{3},[0-9]+")

_NUM_CORE = (
    rf"(?:\((?P<pdig>{_DIGITS})\)"  # accounting negative "(14)%", "(1,234)"
    r"|(?P<sign>[-−–+])?"  # typeset text writes minus as "−" or "–"
    rf"(?:(?P<cur>{_alternation(_PREFIX_CURRENCIES)})\s{{0,2}}(?P<sign2>[-−–])?)?"
    rf"(?P<dig>{_DIGITS}))"
    rf"(?P<scale>{_SCALE}|(?(cur)\s[mMbBkK](?![A-Za-z0-9])|(?!)))?"
)

# Digit runs that are never figures. They carry no look-behind: whatever they start on is
# swallowed whole so that none of their pieces is read on its own.
_SKIP = "|".join(
    (
        r"(?:https?://|www\.)[^\s<>\"')\]]+",
        r"ISBN(?:-1[03])?:?\s?[0-9][0-9\- ]{8,}[0-9Xx]",
        r"\+[0-9]{1,3}[\s.-]?\(?[0-9]{1,4}\)?(?:[\s.-]?[0-9]{2,4}){2,}",  # +1 (555) 123-4567
        r"\([0-9]{3}\)\s?[0-9]{3}[\s.-][0-9]{4}",  # (555) 123-4567
        r"\[\s*[0-9]+(?:\s*[,–-]\s*[0-9]+)*\s*\]",  # citation markers [3], [1, 2], [4-6]
        r"[0-9]+(?:-[0-9]+){2,}",  # 2025-08-29, 555-123-4567, ISBNs without the label
        r"[0-9]+(?:/[0-9]+)+",  # 8/29/2025, 24/7, 2024/25
        r"[0-9]+(?::[0-9]+)+(?:\s?[ap]\.?m\.?(?![A-Za-z]))?",  # 11:37 am, ratios 3:1
        r"[0-9]{3}-[0-9]{4}(?![0-9])",  # 555-1234
        r"[0-9]+\([a-z0-9]\)",  # 401(k)
    )
)

# --- number words -----------------------------------------------------------------------------

_UNITS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
    "sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90, "hundredth": 100,
}  # fmt: skip
_WORD_SCALES = {
    "hundred": 2, "thousand": 3, "lakh": 5, "crore": 7, "million": 6, "billion": 9, "trillion": 12,
}  # fmt: skip

_U = "one|two|three|four|five|six|seven|eight|nine"
_T = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_D = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
# transcripts space the hyphen of a compound number: "twenty - five"
_HY = r"(?:\s?-\s?|\s)"
_B100 = rf"(?:(?:{_D})(?:{_HY}(?:{_U}))?|{_T}|{_U})"
_B1000 = rf"(?:(?:{_B100}|an?)\s+hundred(?:\s+(?:and\s+)?{_B100})?|{_B100})"
# spoken decimals: "two point five million", "zero point five percent"
_DIGIT_WORDS = {"zero": 0, "oh": 0, **{w: _UNITS[w] for w in _U.split("|")}}
_POINT = (
    rf"(?:\s+(?:point|dot)(?:(?:\s+(?:zero|oh|{_U}))+(?!{_HY}(?:{_U})\b)"
    rf"|\s+(?:(?:{_D})(?:{_HY}(?:{_U}))?|{_T})))"
)
# "two and a half million"
_HALF = r"(?:\s+and\s+a\s+half)"
_DEC = rf"(?:{_B1000}(?:{_POINT}|{_HALF})?|zero{_POINT})"
_SC = "thousand|million|billion|trillion|lakh|crore"
_CARD = (
    rf"(?:(?:{_DEC}|an?)[\s-]+(?:{_SC})(?:\s+(?:and\s+)?{_B1000})?"
    rf"|(?:{_B100}|an?)\s+dozen|{_DEC})"
)
_OU = "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth"
_ORD = (
    rf"(?:(?:{_D}){_HY}(?:{_OU})|twentieth|thirtieth|fortieth|fiftieth|sixtieth|seventieth"
    r"|eightieth|ninetieth|hundredth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth"
    rf"|sixteenth|seventeenth|eighteenth|nineteenth|{_OU})"
)
_FOLD = rf"(?:{_D}|{_T}|{_U})fold"
_WORD_SPLIT_RE = re.compile(r"[\s-]+")
# "one in 12", "one out of every five": a proportion whose "one" is a figure
_ONE_IN_RE = re.compile(
    rf"\s+(?:in|out\s+of)\s+(?:every\s+)?(?:[0-9]|(?:{_D}|{_T}|{_U}|hundred)\b)", re.IGNORECASE
)

# --- the master regex -------------------------------------------------------------------------

# Every skip token and number core starts with one of these characters. Testing them in a
# look-ahead first lets the engine reject most positions with one cheap check.
_START_CHARS = "".join(
    re.escape(c) for c in sorted(set("0123456789+-−–([hwI") | {k[0] for k in _PREFIX_CURRENCIES})
)
_CURRENCY_SYMBOL = r"(?:US\$|HK\$|A\$|C\$|S\$|NT\$|[$€£¥₹₩￥])"
_MASTER = re.compile(
    rf"(?=[{_START_CHARS}])(?:(?P<skip>{_SKIP})"
    # no figure starts glued to a word, inside another number, or after "#", "/", "%", "§"
    rf"|(?:(?<=[)\]])(?={_CURRENCY_SYMBOL})|(?<![A-Za-z0-9_.,/#@&%§'’\-−–)\]^第]))"
    rf"(?P<num>{_NUM_CORE}))"
)
# Number words are found in an ASCII-lower-cased copy of the text (same offsets): a cheap scan
# for the first letters of a number word, then the full phrase regex only where one starts.
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_WORD_STARTS = sorted({w[:3] for w in (*_UNITS, *_ORDINALS, "zero")})
_WORD_START_RE = re.compile(
    rf"(?=[{''.join(sorted({w[0] for w in _WORD_STARTS}))}a])\b(?:{'|'.join(_WORD_STARTS)}|an?\s)"
)
_WORD_RE = re.compile(rf"(?:(?P<fold>{_FOLD})|(?P<ord>{_ORD})|{_CARD})\b")
_RANGE_NUM_RE = re.compile(_NUM_CORE)
_RANGE_SEP_RE = re.compile(r"-|\s?[–—~]\s?|\s+(?P<word>to|and|through)\s+")

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_MONTH_AFTER_RE = re.compile(rf"(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\b")
_MONTH_TOKEN_RE = re.compile(rf"{_MONTH}\.?")
_CLOCK_AFTER_RE = re.compile(r"\s?(?:[ap]\.?m\.?(?![A-Za-z])|noon\b|midnight\b)", re.IGNORECASE)
_ORD_CONTEXT_RE = re.compile(
    r"(?:[\s-]+[A-Za-z]+){0,2}?[\s-]+(?:consecutive|straight|successive|running)\b"
    r"|(?:\s+[A-Za-z]+){0,2}?\s+in\s+a\s+row\b",
    re.IGNORECASE,
)
_LIST_MARKER_RE = re.compile(r"[.)]\s+[A-Z(\"“]")
_LIST_MAX = 20  # the longest numbered list written inline ("... met: 1. X 2. Y")
_LIST_JOINERS = frozenset({",", "and", "or", "to", "through", "&", ", and", ", or"})
_FRACTION_AFTER_RE = re.compile(
    r"[\s-](?:halves|thirds?|fourths?|fifths?|sixths?|sevenths?|eighths?|ninths?|tenths?)\b",
    re.IGNORECASE,
)

# "twelve euros and fifty cents", "5 dollars and 25 cents": the cents belong to the amount
_CENTS_RE = re.compile(
    rf"\s+and\s+(?:(?P<digits>[0-9]{{1,2}})|(?P<words>{_B100}))\s+(?:cents?|centimes?|pence)\b",
    re.IGNORECASE,
)


def _cents(text: str, end: int) -> tuple[Decimal, int] | None:
    """The cents written after a whole amount of money, in units of it, and where they end."""
    m = _CENTS_RE.match(text, end)
    if m is None:
        return None
    if m.group("digits") is not None:
        cents = int(m.group("digits"))
    else:
        cents = int(_word_value(m.group("words"))[0])
    if not 0 < cents < 100:
        return None
    return Decimal(cents).scaleb(-2), m.end()


_FRACTION_NUMERATORS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "nine": 9}
_FRACTION_DENOMINATORS = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fourth": 4,
    "fourths": 4, "fifth": 5, "fifths": 5, "tenth": 10, "tenths": 10,
}  # fmt: skip
_FRACTION_RE = re.compile(
    r"\b(?:(?P<num>an?|one|two|three|four|nine)[\s-]+"
    r"(?P<den>halves|half|thirds?|quarters?|fourths?|fifths?|tenths?)|(?P<half>half))"
    r"(?=\s+(?:of|the|their|its|his|her|our|your|all|these|those)\b|\s*$)",
    re.IGNORECASE,
)
_HALF_RE = re.compile(r"\s+and\s+a\s+half\b")
_HALF_BEFORE_RE = re.compile(r"\bhalf[ \t-]+$", re.IGNORECASE)
_NOT_FRACTION_BEFORE = frozenset(
    "first second third fourth last next other latter former back front top bottom".split()
)

# --- words around a figure --------------------------------------------------------------------

_QUALIFIERS = qualifiers.PHRASES
_QUALIFIER_LENGTHS = qualifiers.LENGTHS
_SYMBOL_QUALIFIERS = qualifiers.SYMBOLS
_CJK_QUALIFIERS = qualifiers.CJK
_DIRECTION_BEFORE = directions.BEFORE
_DIRECTION_AFTER = directions.AFTER
_FILLERS_BEFORE = _wordset(
    "by to of a an another further sharply strongly slightly steeply significantly markedly "
    "modestly just only year-over-year year-on-year yoy y/y y-o-y annually sequentially record "
    "new"
)
_FILLERS_AFTER = _wordset(
    "year-over-year year-on-year yoy y/y y-o-y annual annualized sequential quarter-over-quarter "
    "quarter-on-quarter qoq q/q month-on-month organic overall"
)
_CJK_UP, _CJK_DOWN, _CJK_FILLERS = directions.CJK_UP, directions.CJK_DOWN, directions.CJK_FILLERS
_OPENERS = "([{\"'“‘"
_SIGN_WORDS = frozenset({"minus", "negative"})

# Bare numbers right after these words are labels, not figures ("Section 3.2", "Windows 11").
_LABELS = _wordset(
    "section sections sec. sect. § §§ item items no. nos. chapter chapters ch. table tables "
    "figure figures fig. figs. page pages p. pp. exhibit exhibits footnote footnotes article "
    "articles art. clause clauses paragraph paragraphs para. appendix annex vol. volume phase "
    "stage tier version ver. v. gen generation season episode fy cy fiscal"
)
# These are also ordinary words ("issue 500 shares", "release 5 products"), so they are labels
# only when written with a capital: "Form 4", "Windows 11", "iPhone 16", "S&P 500".
_TITLE_LABELS = _wordset(
    "note notes part rule form issue step level release series model mark mk type class "
    "category round line slide schedule route highway flight room suite no windows iphone ipad "
    "pixel galaxy android ios macos ubuntu python llama qwen gemini claude gpt boeing airbus "
    "playstation xbox s&p fortune russell ftse nasdaq dax nikkei csi stoxx cac"
)


# --- internals --------------------------------------------------------------------------------


@dataclass(slots=True)
class _Atom:
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


@dataclass(slots=True)
class _Prefix:
    qualifier: Qualifier | None = None
    direction: Direction | None = None
    negative_from: int | None = None  # start of a "minus" word
    last_word: str = ""  # lower-cased word right before the figure (after any qualifier)
    last_raw: str = ""


def _to_decimal(digits: str) -> tuple[Decimal, int] | None:
    if _EN_NUMBER_RE.fullmatch(digits):
        plain = digits.replace(",", "")
    elif _EU_NUMBER_RE.fullmatch(digits):
        plain = digits.replace(".", "").replace(",", ".")
    else:
        return None
    _, _, frac = plain.partition(".")
    return Decimal(plain), len(frac)


def _read_atom(text: str, m: re.Match[str]) -> _Atom | None:
    pdig = m.group("pdig")
    digits = pdig if pdig is not None else m.group("dig")
    parsed = _to_decimal(digits)
    if parsed is None:
        return None
    if digits[0] == "0" and digits[1:2].isdigit():
        return None  # a code such as "02110" or "007", not a written amount
    number, decimals = parsed
    sign = m.group("sign")
    cur_symbol = m.group("cur")
    currency = _PREFIX_CURRENCIES[cur_symbol] if cur_symbol else None
    scale_text = m.group("scale")
    scale = _SCALE_WORDS[_scale_key(scale_text)] if scale_text else None
    end = m.end()
    unit = None
    measure = None
    um = _UNIT_RE.match(text, end)
    if um is not None:
        kind = um.lastgroup
        if kind == "cursfx":
            suffix = _SUFFIX_CURRENCIES.get(" ".join(um.group().split()).lower()) or (
                _CJK_CURRENCIES.get(um.group().strip())
            )
            currency = _merge_currency(currency, cur_symbol, suffix)
            end = um.end()
            if scale is None and decimals == 0 and (cents := _cents(text, end)) is not None:
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
    at_least = _PLUS_AFTER_RE.match(text, end) is not None
    if at_least:
        end += 1
    return _Atom(
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


def _scale_key(scale_text: str) -> str:
    key = scale_text.strip()
    # Glued single letters are case sensitive in the regex; the table is lower case.
    return key if key in _SCALE_WORDS else key.lower()


def _merge_currency(prefix: str | None, symbol: str | None, suffix: str | None) -> str | None:
    if prefix is None:
        return suffix
    if suffix is None or suffix == prefix:
        return prefix
    # "¥1,000 yen" is yen; "$5 Hong Kong dollars" is HKD: only these generic symbols yield.
    if symbol in ("¥", "￥") and suffix == "JPY":
        return suffix
    if symbol == "$" and suffix not in ("USD", None) and suffix in _OTHER_DOLLARS.values():
        return suffix
    return prefix


def _kind_of(atom: _Atom) -> Kind:
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


def _is_year(atom: _Atom) -> bool:
    return (
        atom.bare
        and atom.plain_int
        and len(str(atom.number)) == 4
        and (1900 <= atom.number <= 2100)
    )


def _clean(value: Decimal) -> Decimal:
    # scaleb() leaves exponents ("3.34E+10"); show whole numbers plainly, keep stated decimals.
    if value.as_tuple().exponent > 0:  # type: ignore[operator]
        try:
            return value.quantize(Decimal(1))
        except InvalidOperation:
            return value
    return value


def _prefix(text: str, start: int, floor: int) -> _Prefix:
    """Qualifier, direction and sign words in the few words before ``start``."""
    result = _Prefix()
    lo = max(floor, start - 48)
    window = text[lo:start]
    if not window:
        return result
    symbol = window.rstrip()[-1:]
    if symbol in _SYMBOL_QUALIFIERS and len(window) - len(window.rstrip()) <= 1:
        result.qualifier = _SYMBOL_QUALIFIERS[symbol]
        window = window.rstrip()[:-1]
        if not window:
            return result
    last = window[-1]
    tail = window.rstrip()
    # Chinese has no spaces between words: look at the characters themselves.
    if tail and tail[-1] >= "\u2e80" and _cjk_prefix(tail, result):
        return result
    if not last.isspace():
        return result
    raw = tail.split()
    if lo > 0 and not text[lo - 1].isspace():
        raw = raw[1:]  # the window cut a word: "increased" must not read as "eased"
    # an opening bracket or quote does not hide a word: "(section 4)", "(up 5%)"
    raw = [w.lstrip(_OPENERS) for w in raw]
    words = [w.lower() for w in raw]
    i = len(words)
    if i and words[-1] in _SIGN_WORDS:
        result.negative_from = lo + len(tail) - len(raw[-1])
        i -= 1
    if result.qualifier is None:
        for n in _QUALIFIER_LENGTHS:
            if i >= n and (q := _QUALIFIERS.get(tuple(words[i - n : i]))) is not None:
                result.qualifier = q
                i -= n
                break
    if i:
        result.last_word, result.last_raw = words[i - 1], raw[i - 1]
    skipped = 0
    while i and skipped <= 4:
        word = words[i - 1]
        direction = _DIRECTION_BEFORE.get(word)
        if direction is not None:
            result.direction = direction
            break
        if word not in _FILLERS_BEFORE:
            break
        skipped += 1
        i -= 1
    return result


def _cjk_prefix(tail: str, result: _Prefix) -> bool:
    found = False
    for word, qualifier in _CJK_QUALIFIERS:
        if tail.endswith(word):
            if result.qualifier is None:
                result.qualifier = qualifier
            tail = tail[: -len(word)]
            found = True
            break
    for _ in range(2):
        for filler in _CJK_FILLERS:
            if tail.endswith(filler):
                tail = tail[: -len(filler)]
    if tail.endswith(_CJK_UP):
        result.direction = Direction.INCREASE
        return True
    if tail.endswith(_CJK_DOWN):
        result.direction = Direction.DECREASE
        return True
    return found


def _direction_after(text: str, end: int) -> Direction | None:
    if end >= len(text) or not text[end].isspace():
        return None
    words = text[end : end + 48].split()[:3]
    for word in words:
        bare = word.lower().rstrip(".,;:!?)")
        direction = _DIRECTION_AFTER.get(bare)
        if direction is not None:
            return direction
        if word.lower() not in _FILLERS_AFTER:
            return None
    return None


def _combine_range(
    text: str, low: _Atom, prefix: _Prefix, lenient: bool
) -> tuple[_Atom | None, _Atom | None]:
    """Extend ``low`` with a range end written right after it: (low, high or None).

    (None, high) means the pair is no figure at all ("2022-2025", "555-1234").
    """
    sep = _RANGE_SEP_RE.match(text, low.end)
    if sep is None:
        return low, None
    word = sep.group("word")
    if word == "and" and prefix.last_word != "between":
        return low, None
    if word in ("to", "through") and prefix.last_word == "from":
        return low, None
    hm = _RANGE_NUM_RE.match(text, sep.end())
    if hm is None:
        return low, None
    high = _read_atom(text, hm)
    if high is None or _GLUE_RE.match(text, high.end):
        return low, None
    if low.unit is not None and low.unit != high.unit:
        return low, None
    if low.measure != high.measure and (low.measure is not None or high.bare is False):
        return low, None  # "2 points to 41%", "5km to 10 miles": two figures
    if low.currency is not None and high.currency not in (None, low.currency):
        return low, None
    if low.scale is not None and high.scale is None:
        return low, None
    if not lenient and low.bare and high.bare:
        if _is_year(low) or _is_year(high):
            return None, high  # "2022-2025", "in 2022 to 2025"
        if (
            word is None
            and high.plain_int
            and len(str(low.number)) == 3
            and len(str(high.number)) == 4
        ):
            return None, high  # 555-1234 (but "800–1,100" is a range)
    if low.bare and not high.bare and _is_year(low):
        return low, None  # "in Q1 2025 to 33.4 billion yuan": a year, then another figure
    if low.unit is None:
        low.unit = high.unit
    if low.measure is None:
        low.measure = high.measure
    if low.currency is None:
        low.currency = high.currency
    if low.scale is None:
        low.scale = high.scale
    if high.currency is None:
        high.currency = low.currency
    lo_value = -low.number if low.negative else low.number
    hi_value = -high.number if high.negative else high.number
    if lo_value.scaleb(low.scale or 0) >= hi_value.scaleb(high.scale or 0):
        # "won 5-4", "a 10–7 lead": a score, neither number a figure (but "3800-3700 BC" is a
        # range written downwards)
        score = word is None and low.bare and high.bare and low.plain_int and high.plain_int
        if score and low.number < 1000:
            return None, high
        return low, None
    low.end = high.end
    return low, high


def _finish(
    text: str,
    atom: _Atom,
    high: _Atom | None,
    prefix: _Prefix,
    start: int,
) -> Quantity:
    kind = _kind_of(atom)
    scale = atom.scale or 0
    shift = -2 if atom.unit == "bp" else 0
    value = atom.number.scaleb(scale + shift)
    precision = Decimal(1).scaleb(scale + shift - atom.decimals)
    direction = prefix.direction
    magnitude = kind in _MAGNITUDE_KINDS
    negative = atom.negative or prefix.negative_from is not None
    if negative:
        if magnitude:
            direction = Direction.DECREASE
        else:
            value = -value
    elif atom.plus and magnitude:
        direction = Direction.INCREASE
    if direction is None:
        direction = _direction_after(text, atom.end)
    upper = None
    upper_at = None
    if high is not None:
        upper_at = high.start
        upper = high.number.scaleb((high.scale or 0) + shift)
        if high.negative and not magnitude:
            upper = -upper
        upper = _clean(upper)
        if upper < value:  # "-5% to -3%": the magnitudes run the other way
            value, upper = upper, value
    if prefix.negative_from is not None:
        start = min(start, prefix.negative_from)
    return Quantity(
        value=_clean(value),
        kind=kind,
        currency=atom.currency,
        scale=scale,
        precision=precision,
        span=(start, atom.end),
        text=text[start : atom.end],
        qualifier=prefix.qualifier or (Qualifier.OVER if atom.at_least else None),
        direction=direction,
        upper=upper,
        unit=atom.measure,
        upper_at=upper_at,
    )


def _from_number(
    text: str, m: re.Match[str], floor: int, label_end: int, lenient: bool
) -> tuple[Quantity | None, int, bool]:
    """The quantity at ``m`` (or None), where reading stopped, and whether it was a label."""
    atom = _read_atom(text, m)
    if atom is None:
        return None, m.end(), False
    prefix = _prefix(text, atom.start, floor)
    low, high = _combine_range(text, atom, prefix, lenient)
    if low is None:
        return None, high.end if high is not None else atom.end, False
    atom = low
    if _GLUE_RE.match(text, atom.end):
        return None, atom.end, False
    if lenient:
        return _finish(text, atom, high, prefix, atom.start), atom.end, False
    if _is_label(text, atom, prefix, label_end):
        return None, atom.end, True
    if _not_a_figure(text, atom, prefix):
        return None, atom.end, False
    return _finish(text, atom, high, prefix, atom.start), atom.end, False


def _is_label(text: str, atom: _Atom, prefix: _Prefix, label_end: int) -> bool:
    if not atom.bare:
        return False
    if prefix.last_word in _LABELS:
        return True
    if prefix.last_word in _TITLE_LABELS and prefix.last_raw != prefix.last_word:
        return True
    # "sections 2 and 3", "Notes 4, 5 or 6": the label covers the whole list
    return (
        0 <= atom.start - label_end <= 8 and text[label_end : atom.start].strip() in _LIST_JOINERS
    )


def _is_list_marker(text: str, atom: _Atom) -> bool:
    if not _LIST_MARKER_RE.match(text, atom.end):
        return False
    i = atom.start - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    # "1. Definitions" at the start of a line; after "met:" or "the end." only a short list's
    # number ("AGE: 27. CLUBS" states an age)
    return i < 0 or text[i] in "\n\r" or (text[i] in ".:;" and atom.number <= _LIST_MAX)


def _not_a_figure(text: str, atom: _Atom, prefix: _Prefix) -> bool:
    if atom.unit == "ord":
        return not _ORD_CONTEXT_RE.match(text, atom.end)
    if not atom.bare:
        return False
    if _is_year(atom):
        return True
    if atom.plain_int and atom.number < 1000 and _is_list_marker(text, atom):
        return True
    if not atom.plain_int or atom.number > 31:
        return False
    return bool(
        _MONTH_AFTER_RE.match(text, atom.end)
        or _MONTH_TOKEN_RE.fullmatch(prefix.last_raw)
        or (atom.number <= 12 and _CLOCK_AFTER_RE.match(text, atom.end))
    )


def _word_value(phrase: str) -> tuple[Decimal, int, bool, int]:
    """Value, scale, whether it is an ordinal, and the number of digits read after "point",
    for a phrase the word regex accepted."""
    total = current = Decimal(0)
    scale = 0
    ordinal = False
    decimals = 0
    in_fraction = False
    lowered = phrase.lower()
    if _HALF_RE.search(lowered):  # "two and a half million"
        lowered = _HALF_RE.sub(" point five", lowered)
    parts = _WORD_SPLIT_RE.split(lowered)
    for i, word in enumerate(parts):
        scale = 0
        if in_fraction and word in _DIGIT_WORDS:
            decimals += 1
            current += Decimal(_DIGIT_WORDS[word]).scaleb(-decimals)
            continue
        if in_fraction and word in _UNITS:
            # "eight dot forty", "point twenty five": the digits after the point as one number
            cents = _UNITS[word] + sum(_UNITS.get(w, 0) for w in parts[i + 1 : i + 2])
            return total + current + Decimal(cents).scaleb(-2), 0, False, 2
        in_fraction = False
        if word in ("point", "dot"):
            in_fraction = True
        elif word in ("a", "an"):
            current = Decimal(1)
        elif word in ("and", "zero", "oh"):
            continue
        elif word in _UNITS:
            current += _UNITS[word]
        elif word in _ORDINALS:
            current += _ORDINALS[word]
            ordinal = True
        elif word == "dozen":
            current = (current or Decimal(1)) * 12
        elif word == "hundred":
            current = (current or Decimal(1)) * 100
            scale = 2
        elif word in _WORD_SCALES:
            scale = _WORD_SCALES[word]
            total += (current or 1) * 10**scale
            current = Decimal(0)
    return total + current, scale, ordinal, decimals


def _from_words(
    text: str, m: re.Match[str], floor: int, lenient: bool
) -> tuple[Quantity | None, int]:
    start, end = m.span()
    phrase = m.group()
    unit: str | None = None
    currency: str | None = None
    decimals = 0
    if m.group("fold") is not None:
        value, scale, unit = Decimal(_UNITS[phrase.lower()[:-4]]), 0, "mult"
    else:
        value, scale, ordinal, decimals = _word_value(phrase)
        if ordinal:
            unit = "ord"
            if not lenient and not _ORD_CONTEXT_RE.match(text, end):
                return None, end
        elif _FRACTION_AFTER_RE.match(text, end) or _is_fraction(text, start):
            return None, end  # "two-thirds", "three-quarters of": read as proportions
        else:
            um = _UNIT_RE.match(text, end)
            if um is not None and um.lastgroup not in ("ordsfx", None):
                if um.lastgroup == "cursfx":
                    key = " ".join(um.group().split()).lower()
                    currency = _SUFFIX_CURRENCIES.get(key) or _CJK_CURRENCIES.get(key)
                else:
                    unit = um.lastgroup
                end = um.end()
            if currency is not None and not scale and not decimals:
                cents = _cents(text, end)
                if cents is not None:
                    value, decimals, end = value + cents[0], 2, cents[1]
            if (
                not lenient
                and phrase.lower() == "one"
                and unit is None
                and currency is None
                and not _ONE_IN_RE.match(text, end)
            ):
                return None, end  # "one of the biggest" (but "one in 12" is a figure)
            if scale and phrase[:2].lower() in ("a ", "an"):
                half = _HALF_BEFORE_RE.search(text, max(floor, start - 8), start)
                if half is not None:  # "half a million"
                    value, decimals, start = value / 2, decimals + 1, half.start()
    atom = _Atom(
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
    prefix = _prefix(text, start, floor)
    return _finish(text, atom, None, prefix, start), end


def _parse(text: str, lenient: bool) -> list[Quantity]:
    found: list[Quantity] = []
    lower = text.translate(_ASCII_LOWER)
    number_at = _MASTER.search
    word_at = _WORD_START_RE.search
    pos = floor = 0
    label_end = -1  # end of the last number read as a label ("Section 3"), for lists
    num = number_at(text)
    word = word_at(lower)
    while num is not None or word is not None:
        # Take whichever stream is next; a stale hit (inside text already read) is searched again.
        if num is not None and (word is None or num.start() <= word.start()):
            if num.start() < pos:
                num = number_at(text, pos)
                continue
            m, num = num, number_at(text, num.end())
            if m.group("skip") is not None:
                pos = floor = m.end()
                continue
            quantity, end, label = _from_number(text, m, floor, label_end, lenient)
            label_end = end if label else -1
        else:
            assert word is not None
            if word.start() < pos:
                word = word_at(lower, pos)
                continue
            start, word = word.start(), word_at(lower, word.start() + 1)
            wm = _WORD_RE.match(lower, start)
            if wm is None:
                continue
            quantity, end = _from_words(text, wm, floor, lenient)
        if quantity is not None:
            found.append(quantity)
        pos = floor = end
    fractions = _fractions(text)
    if fractions:
        taken = [q.span for q in found]
        found.extend(
            f for f in fractions if not any(a < f.span[1] and f.span[0] < b for a, b in taken)
        )
        found.sort(key=lambda q: q.span)
    return found


def _is_fraction(text: str, start: int) -> bool:
    m = _FRACTION_RE.match(text, start)
    return m is not None and _fraction(text, m) is not None


_FRACTION_HINT_RE = re.compile(r"half|halves|third|quarter|fourth|fifth|tenth", re.IGNORECASE)


def _fractions(text: str) -> list[Quantity]:
    """Proportions in words: "a third of", "two-thirds of", "half the", as percentages."""
    if _FRACTION_HINT_RE.search(text) is None:
        return []  # a plain substring scan first: the full pattern is slow on long prose
    found = (_fraction(text, m) for m in _FRACTION_RE.finditer(text))
    return [q for q in found if q is not None]


def _fraction(text: str, m: re.Match[str]) -> Quantity | None:
    before = text[max(0, m.start() - 24) : m.start()].split()
    if before and before[-1].lower() in _NOT_FRACTION_BEFORE:
        return None  # "the second half of the year"
    num = 1 if m.group("half") else _FRACTION_NUMERATORS[m.group("num").lower()]
    den_word = (m.group("den") or "half").lower()
    den = _FRACTION_DENOMINATORS[den_word]
    if num >= den:
        return None
    if den_word == "quarters" and "-" not in m.group():
        return None  # "two quarters of growth" are periods; "three-quarters of" a share
    value = Decimal(100 * num) / Decimal(den)
    precision = Decimal(1) if value == value.to_integral_value() else Decimal("0.01")
    prefix = _prefix(text, m.start(), 0)
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


# --- public API -------------------------------------------------------------------------------


def parse_quantities(text: str) -> list[Quantity]:
    """Every quantity in ``text``, in order and non-overlapping."""
    return _parse(text, lenient=False)


def parse_figure(value: str) -> Quantity | None:
    """The one quantity a claimed figure states ("33.4 billion yuan"), or None.

    With several, the most specific wins: one with a unit or currency over a bare count, then
    the longest, then the first. The figure's own words may name the currency that a generic
    "¥" or "$" leaves open.
    """
    found = _parse(value, lenient=False) or _parse(value, lenient=True)
    if not found:
        return None
    best = max(
        found,
        key=lambda q: (q.kind is not Kind.COUNT, q.span[1] - q.span[0], -q.span[0]),
    )
    if best.currency == "CNY" and ("¥" in best.text or "￥" in best.text) and _YEN_RE.search(value):
        return replace(best, currency="JPY")
    if best.currency == "USD" and "$" in best.text and "US" not in best.text.upper():
        other = _OTHER_DOLLAR_RE.search(value)
        if other is not None:
            key = " ".join(other.group(1).upper().split())
            return replace(best, currency=_OTHER_DOLLARS[key])
    return best


# --- scale notes ------------------------------------------------------------------------------

_NOTE_CURRENCIES: dict[str, str] = {
    **{k.lower(): v for k, v in _PREFIX_CURRENCIES.items()},
    **_SUFFIX_CURRENCIES,
    "dollars": "USD", "us$": "USD", "u.s. dollars": "USD", "renminbi": "CNY",
}  # fmt: skip
_NOTE_CUR = _words_re(_NOTE_CURRENCIES)
_NOTE_SCALES: dict[str, int] = {
    "thousand": 3, "thousands": 3, "'000": 3, "’000": 3, "'000s": 3, "’000s": 3, "000s": 3,
    "000": 3, "k": 3, "million": 6, "millions": 6, "mn": 6, "m": 6, "mm": 6,
    "billion": 9, "billions": 9, "bn": 9, "b": 9, "trillion": 12, "trillions": 12,
    "lakh": 5, "lakhs": 5, "crore": 7, "crores": 7,
}  # fmt: skip
_NOTE_SCALE_WORDS = r"thousands?|millions?|billions?|trillions?|lakhs?|crores?|['’]?000s?"
_SCALE_NOTE_RE = re.compile(
    # "(in millions)", "RMB in millions", "(US$ in billions)", "in thousands of US dollars"
    rf"(?:(?<![A-Za-z])(?P<c1>{_NOTE_CUR})\s*)?\bin\s+(?:(?P<c2>{_NOTE_CUR})\s*)?"
    rf"(?P<s1>{_NOTE_SCALE_WORDS})(?![A-Za-z0-9])(?:\s+of\s+(?P<c3>{_NOTE_CUR})(?![A-Za-z]))?"
    # "(RMB'000)", "(€m)", "(US$ million)", "(millions)"
    rf"|\(\s*(?:(?P<c4>{_NOTE_CUR})\s*)?(?P<s2>{_NOTE_SCALE_WORDS}|mn|mm|bn|m|b|k)\s*"
    rf"(?:of\s+(?P<c5>{_NOTE_CUR})\s*)?\)"
    # "RMB'000", "US$’000" outside brackets
    rf"|(?P<c6>{_NOTE_CUR})\s?(?P<s3>['’]000s?)",
    re.IGNORECASE,
)
_CJK_NOTE_RE = re.compile(
    r"(?P<label>单位\s*[:：]?\s*)?(?P<cur>人民币|美元|港币|港元|欧元|日元)?"
    r"(?P<scale>万亿|千亿|百亿|十亿|亿|千万|百万|十万|万|千)?"
    r"(?P<unit>美元|港元|港币|欧元|日元|英镑|元)"
)


def parse_scale_note(text: str) -> tuple[int, str | None] | None:
    """A table's unit note as (power of ten, ISO currency or None); None if there is none.

    "(in millions)" -> (6, None); "RMB in millions, except per share data" -> (6, "CNY");
    "单位：人民币百万元" -> (6, "CNY"). English prose that happens to say "in millions" is read
    as a note too: call this on captions and headers, not on body text.
    """
    m = _SCALE_NOTE_RE.search(text)
    if m is not None:
        scale_text = (m.group("s1") or m.group("s2") or m.group("s3")).lower()
        cur = next(
            (c for c in (m.group(f"c{i}") for i in range(1, 7)) if c is not None),
            None,
        )
        currency = _NOTE_CURRENCIES[" ".join(cur.split()).lower()] if cur else None
        return _NOTE_SCALES[scale_text], currency
    for cm in _CJK_NOTE_RE.finditer(text):
        before = text[cm.start() - 1 : cm.start()]
        if cm.group("label") is None and (
            (cm.group("cur") is None and cm.group("scale") is None) or before.isdigit()
        ):
            continue
        scale = _SCALE_WORDS[cm.group("scale")] if cm.group("scale") else 0
        unit = cm.group("unit")
        currency = _CJK_CURRENCIES[unit] if unit != "元" else None
        if currency is None:
            currency = _CJK_CURRENCIES[cm.group("cur")] if cm.group("cur") else "CNY"
        return scale, currency
    return None
