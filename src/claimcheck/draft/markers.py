"""Citation markers: ``[3]``, ``[1][2]``, ``[1, 2]``, ``[1-3]``, ``[^2]`` and superscripts
(``¹²``), with the source keys each names.
"""

from __future__ import annotations

import re

from claimcheck.draft.records import Marker

_SUP_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"

_SUP_TABLE = str.maketrans(_SUP_DIGITS, "0123456789")

_KEY = r"\^?[0-9]{1,3}"

_MARKER_RE = re.compile(
    rf"\[\s*{_KEY}(?:\s*[,;–—-]\s*{_KEY})*\s*\]"  # [3] [1, 2] [1-3] [^2]
    r"|\[\^[A-Za-z][\w-]*\](?!:)"  # [^note]
    rf"|[{_SUP_DIGITS}]+(?:[,˒⁻–-][{_SUP_DIGITS}]+)*"  # ¹² ¹,³ ¹⁻³
)

# "km²" and "m³" are units, not citations
UNIT_BEFORE_SUP_RE = re.compile(r"(?:\b(?:k?m|cm|mm|ft|in|mi|sq|yd))$")

_MAX_RANGE = 50


def find_markers(text: str) -> list[Marker]:
    """Every citation marker in ``text`` with the source keys it names, in order."""
    out: list[Marker] = []
    for m in _MARKER_RE.finditer(text):
        raw = m.group()
        if raw[0] in _SUP_DIGITS and UNIT_BEFORE_SUP_RE.search(text, 0, m.start()):
            continue
        keys = _marker_keys(raw)
        if keys:
            out.append(Marker(m.span(), keys))
    return out


def _marker_keys(raw: str) -> tuple[str, ...]:
    body = raw.strip("[]").translate(_SUP_TABLE).replace("^", "").replace("˒", ",")
    body = body.replace("⁻", "-").strip()
    if not body[:1].isdigit():
        return (body,)  # a named footnote: [^note]
    keys: list[str] = []
    for part in re.split(r"\s*[,;]\s*", body):
        span = re.fullmatch(r"([0-9]+)\s*[–—-]\s*([0-9]+)", part)
        if span is None:
            keys.append(str(int(part)))
            continue
        a, b = int(span.group(1)), int(span.group(2))
        if a < b <= a + _MAX_RANGE:
            keys.extend(str(k) for k in range(a, b + 1))
        else:
            keys.extend((str(a), str(b)))
    return tuple(dict.fromkeys(keys))
