"""The grammar of written quantities: every regular expression the parser runs, compiled at
import from the vocabularies in :mod:`claimcheck.lexicon`.

The master regex finds either a *skip* token (URL, phone number, ISO or slash date, clock time,
citation marker, ISBN, ...) whose digits are never figures, or a *number core* (optional sign
and currency prefix, digits, optional scale word). Number words are found separately, in an
ASCII-lower-cased copy of the text. Everything else here is anchored at a figure's end or start:
units, range separators, month names, list markers, ordinal contexts, cents.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from claimcheck.lexicon import currencies, numbers, scales


def alternation(words: Iterable[str]) -> str:
    # Longest first, so "US$" wins over "$" and "HK$" is never read as "$".
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def words_re(words: Iterable[str]) -> str:
    # Multi-word currency names may be split by any run of whitespace.
    return "|".join(
        re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True)
    )


# --- currencies and scales --------------------------------------------------------------------

OTHER_DOLLAR_RE = re.compile(
    r"(?<![A-Za-z])(" + words_re(currencies.OTHER_DOLLARS) + r")(?![A-Za-z])", re.IGNORECASE
)
YEN_RE = re.compile(r"\bJPY\b|\byen\b|円", re.IGNORECASE)

_SCALE = (
    r"(?:\s{0,2}(?i:trillion|billion|million|thousand|hundred|lakhs?|lacs?|crores?|bn|mn|mln|bln"
    r"|tn|trn|cr)\b"
    # single letters only glued to the digits ("$53B", "£5m"): "5 m" may be metres
    r"|[kKmMbBT](?![A-Za-z0-9])"
    r"|\s?(?:万亿|千亿|百亿|十亿|亿|千万|百万|十万|万|千))"
)

# --- units after the number -------------------------------------------------------------------

UNIT_RE = re.compile(
    r"(?P<bp>\s*(?i:basis[\s-]+points?|bps|bp)\b|\s?个?基点)"
    r"|(?P<pp>\s*(?i:percentage|pct\.?|per\s?cent(?:age)?)\s*(?i:points?|pts?)\b"
    r"|\s?[%％]\s?(?i:points|pts)\b|\s?(?i:ppts?|pp)\b|\s?个?百分点)"
    # "25 points" is a count of points unless the text says percentage points; the matcher may
    # still meet it with a figure in percentage points ("margin up 3 points")
    r"|(?P<pts>\s?(?i:points?|pts)\b)"
    r"|(?P<pct>\s?[%％]|\s*(?i:per\s?cent)\b|\s?(?:pc|pct)\b)"
    r"|(?P<mult>[x×](?![A-Za-z0-9])|\s?×|\s+(?i:times)\b|\s?-?\s?(?i:fold)\b|\s?倍)"
    rf"|(?P<measure>(?i:{alternation(scales.MEASURES)})(?![A-Za-z0-9]))"
    r"|(?P<ordsfx>(?:st|nd|rd|th)\b)"
    rf"|(?P<cursfx>\s*(?i:{words_re(currencies.SUFFIX)})\b"
    rf"|\s?(?:{alternation(currencies.CJK)}))"
)

# "2,000+": more than 2,000 (not "2+2" or "+44")
PLUS_AFTER_RE = re.compile(r"\+(?![0-9A-Za-z+])")
# Something glued to the end of a figure that makes it a code, not a figure: "5G", "7A", "10-K",
# "401(k)".
GLUE_RE = re.compile(r"[A-Za-z0-9_]|-[A-Z](?![A-Za-z])|\([a-z]\)|[年月日号时]")

_DIGITS = r"[0-9]+(?:[.,][0-9]+)*"
EN_NUMBER_RE = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?")
EU_NUMBER_RE = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3}){2,}(?:,[0-9]+)?|[0-9]{1,3}\.[0-9]{3},[0-9]+")

_NUM_CORE = (
    rf"(?:\((?P<pdig>{_DIGITS})\)"  # accounting negative "(14)%", "(1,234)"
    r"|(?P<sign>[-−–+])?"  # typeset text writes minus as "−" or "–"
    rf"(?:(?P<cur>{alternation(currencies.PREFIX)})\s{{0,2}}(?P<sign2>[-−–])?)?"
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

_U = "one|two|three|four|five|six|seven|eight|nine"
_T = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_D = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
# transcripts space the hyphen of a compound number: "twenty - five"
_HY = r"(?:\s?-\s?|\s)"
_B100 = rf"(?:(?:{_D})(?:{_HY}(?:{_U}))?|{_T}|{_U})"
_B1000 = rf"(?:(?:{_B100}|an?)\s+hundred(?:\s+(?:and\s+)?{_B100})?|{_B100})"
# spoken decimals: "two point five million", "zero point five percent"
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
WORD_SPLIT_RE = re.compile(r"[\s-]+")
# "one in 12", "one out of every five": a proportion whose "one" is a figure
ONE_IN_RE = re.compile(
    rf"\s+(?:in|out\s+of)\s+(?:every\s+)?(?:[0-9]|(?:{_D}|{_T}|{_U}|hundred)\b)", re.IGNORECASE
)

# --- the master regex -------------------------------------------------------------------------

# Every skip token and number core starts with one of these characters. Testing them in a
# look-ahead first lets the engine reject most positions with one cheap check.
_START_CHARS = "".join(
    re.escape(c) for c in sorted(set("0123456789+-−–([hwI") | {k[0] for k in currencies.PREFIX})
)
_CURRENCY_SYMBOL = r"(?:US\$|HK\$|A\$|C\$|S\$|NT\$|[$€£¥₹₩￥])"
MASTER = re.compile(
    rf"(?=[{_START_CHARS}])(?:(?P<skip>{_SKIP})"
    # no figure starts glued to a word, inside another number, or after "#", "/", "%", "§"
    rf"|(?:(?<=[)\]])(?={_CURRENCY_SYMBOL})|(?<![A-Za-z0-9_.,/#@&%§'’\-−–)\]^第]))"
    rf"(?P<num>{_NUM_CORE}))"
)
# Number words are found in an ASCII-lower-cased copy of the text (same offsets): a cheap scan
# for the first letters of a number word, then the full phrase regex only where one starts.
ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_WORD_STARTS = sorted({w[:3] for w in (*numbers.CARDINALS, *numbers.ORDINALS, "zero")})
WORD_START_RE = re.compile(
    rf"(?=[{''.join(sorted({w[0] for w in _WORD_STARTS}))}a])\b(?:{'|'.join(_WORD_STARTS)}|an?\s)"
)
WORD_RE = re.compile(rf"(?:(?P<fold>{_FOLD})|(?P<ord>{_ORD})|{_CARD})\b")
RANGE_NUM_RE = re.compile(_NUM_CORE)
RANGE_SEP_RE = re.compile(r"-|\s?[–—~]\s?|\s+(?P<word>to|and|through)\s+")

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
MONTH_AFTER_RE = re.compile(rf"(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\b")
MONTH_TOKEN_RE = re.compile(rf"{_MONTH}\.?")
CLOCK_AFTER_RE = re.compile(r"\s?(?:[ap]\.?m\.?(?![A-Za-z])|noon\b|midnight\b)", re.IGNORECASE)
ORD_CONTEXT_RE = re.compile(
    r"(?:[\s-]+[A-Za-z]+){0,2}?[\s-]+(?:consecutive|straight|successive|running)\b"
    r"|(?:\s+[A-Za-z]+){0,2}?\s+in\s+a\s+row\b",
    re.IGNORECASE,
)
LIST_MARKER_RE = re.compile(r"[.)]\s+[A-Z(\"“]")
LIST_MAX = 20  # the longest numbered list written inline ("... met: 1. X 2. Y")
LIST_JOINERS = frozenset({",", "and", "or", "to", "through", "&", ", and", ", or"})
FRACTION_AFTER_RE = re.compile(
    r"[\s-](?:halves|thirds?|fourths?|fifths?|sixths?|sevenths?|eighths?|ninths?|tenths?)\b",
    re.IGNORECASE,
)

# "twelve euros and fifty cents", "5 dollars and 25 cents": the cents belong to the amount
CENTS_RE = re.compile(
    rf"\s+and\s+(?:(?P<digits>[0-9]{{1,2}})|(?P<words>{_B100}))\s+(?:cents?|centimes?|pence)\b",
    re.IGNORECASE,
)


# proportions in words: "a third of", "two-thirds of", "half the"
FRACTION_RE = re.compile(
    r"\b(?:(?P<num>an?|one|two|three|four|nine)[\s-]+"
    r"(?P<den>halves|half|thirds?|quarters?|fourths?|fifths?|tenths?)|(?P<half>half))"
    r"(?=\s+(?:of|the|their|its|his|her|our|your|all|these|those)\b|\s*$)",
    re.IGNORECASE,
)
HALF_RE = re.compile(r"\s+and\s+a\s+half\b")
HALF_BEFORE_RE = re.compile(r"\bhalf[ \t-]+$", re.IGNORECASE)
FRACTION_HINT_RE = re.compile(r"half|halves|third|quarter|fourth|fifth|tenth", re.IGNORECASE)
# an opening bracket or quote does not hide the word before a figure: "(section 4)", "(up 5%)"
OPENERS = "([{\"'“‘"
