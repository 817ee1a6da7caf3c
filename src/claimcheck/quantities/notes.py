"""A table's unit note: "(in millions)", "RMB in millions, except per share data", "(RMB'000)",
"单位：人民币百万元". It says the power of ten (and often the currency) of every figure in the
table, which the matcher applies to the bare numbers of its rows.
"""

from __future__ import annotations

import re

from claimcheck.lexicon import currencies, scales
from claimcheck.quantities.grammar import words_re

_NOTE_CUR = words_re(currencies.NOTE)
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
        currency = currencies.NOTE[" ".join(cur.split()).lower()] if cur else None
        return scales.NOTE_SCALES[scale_text], currency
    for cm in _CJK_NOTE_RE.finditer(text):
        before = text[cm.start() - 1 : cm.start()]
        if cm.group("label") is None and (
            (cm.group("cur") is None and cm.group("scale") is None) or before.isdigit()
        ):
            continue
        scale = scales.SCALE_WORDS[cm.group("scale")] if cm.group("scale") else 0
        unit = cm.group("unit")
        currency = currencies.CJK[unit] if unit != "元" else None
        if currency is None:
            currency = currencies.CJK[cm.group("cur")] if cm.group("cur") else "CNY"
        return scale, currency
    return None
