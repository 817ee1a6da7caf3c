"""Bytes to text: the one charset rule of claimcheck (the one decoder).

Used by the extractor (``run``) and the article reader (``extract``) alike, so that a page reads
the same in both. The rule, first that applies: a byte-order mark; then the declared charsets,
the HTTP one before ``<meta>`` -- except that a "default-looking" HTTP charset (iso-8859-1,
us-ascii, windows-1252, which servers send when unconfigured) yields to a ``<meta>`` charset --
each taken only if it decodes the body without errors; then strict UTF-8; then detection with
charset-normalizer. A weak HTTP charset with no ``<meta>`` is kept unless detection finds a
multi-byte encoding that decodes cleanly. GB2312/GBK are read as GB18030, Big5 as CP950 (then
Big5-HKSCS), Shift_JIS as CP932, as browsers do, because pages use characters outside the labels
they declare.
"""

from __future__ import annotations

import codecs
import re
from functools import lru_cache

from charset_normalizer import from_bytes

# label -> codecs to try in order; WHATWG-style supersets because pages under-declare
_CHARSET_ALIASES: dict[str, tuple[str, ...]] = {}
for _labels, _codecs in (
    (
        "gb2312 gbk x-gbk gb_2312-80 gb_2312 csgb2312 cp936 ms936 windows-936 euc-cn chinese "
        "iso-ir-58 gb18030 csiso58gb231280",
        ("gb18030",),
    ),
    ("big5 big5-hkscs big5hkscs cn-big5 x-x-big5 csbig5 cp950 x-big5", ("cp950", "big5hkscs")),
    (
        "shift_jis shift-jis sjis x-sjis ms_kanji csshiftjis windows-31j cp932 ms932 ms-kanji",
        ("cp932", "shift_jis_2004"),
    ),
    ("euc-jp x-euc-jp cseucpkdfmtjapanese", ("euc_jp", "euc_jis_2004")),
    ("euc-kr ks_c_5601-1987 ks_c_5601-1989 ksc5601 korean csksc56011987 cp949", ("cp949",)),
    (
        "iso-8859-1 iso8859-1 latin1 latin-1 l1 us-ascii ascii windows-1252 cp1252 x-cp1252 "
        "iso_8859-1 cp819 ibm819 csisolatin1",
        ("cp1252", "latin-1"),
    ),
    ("utf-8 utf8 unicode-1-1-utf-8 x-unicode20utf8", ("utf-8",)),
    # a <meta> that says UTF-16 on ASCII-compatible bytes is wrong by construction
    ("utf-16 utf-16le utf-16be ucs-2 unicode", ("utf-8",)),
):
    for _label in _labels.split():
        _CHARSET_ALIASES[_label] = _codecs
_WEAK_CHARSETS = frozenset({"cp1252", "latin-1"})
# text codecs that are not charsets a web page could really be in
_REFUSED_CODECS = frozenset(
    {"idna", "punycode", "unicode_escape", "raw_unicode_escape", "undefined", "utf-7", "mbcs"}
)
_MULTI_BYTE = frozenset(
    {
        "gb18030", "gbk", "gb2312", "cp950", "big5", "big5hkscs", "cp932", "shift_jis",
        "shift_jis_2004", "euc_jp", "euc_jis_2004", "cp949", "euc_kr", "johab", "utf-8",
    }
)  # fmt: skip
_META_CHARSET_RE = re.compile(
    rb"""<meta[^>]{0,300}?charset\s*=\s*["']?\s*([a-z0-9_.:\-]+)"""
    rb"""|^\s*<\?xml[^>]{0,100}?encoding\s*=\s*["']([a-z0-9_.:\-]+)""",
    re.IGNORECASE,
)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


@lru_cache(maxsize=256)
def _codecs_for(label: str | None) -> tuple[str, ...]:
    """Python codecs for a charset label, supersets first; () when unknown or unsafe."""
    if not label:
        return ()
    key = label.strip().strip("\"'").lower()
    if key in _CHARSET_ALIASES:
        return _CHARSET_ALIASES[key]
    try:
        info = codecs.lookup(key)
    except LookupError:
        return ()
    if not getattr(info, "_is_text_encoding", True) or info.name in _REFUSED_CODECS:
        return ()
    return (info.name,)


def _strict(body: bytes, codec: str) -> str | None:
    """Decode without errors; an incomplete last character (a cut-off download) is tolerated."""
    try:
        return codecs.getincrementaldecoder(codec)("strict").decode(body, final=False)
    except (UnicodeDecodeError, LookupError):
        return None


def meta_charset(body: bytes) -> str | None:
    """The charset a page declares in <meta> (or an XML declaration), if any."""
    m = _META_CHARSET_RE.search(body[:16384])
    if not m:
        return None
    return (m.group(1) or m.group(2)).decode("ascii", "ignore")


def decode(body: bytes, header: str | None, meta: str | None) -> tuple[str, str]:
    """(text, codec used), by the rule in the module docstring. ``header`` is the HTTP
    charset (or one given with a file), ``meta`` the page's own declaration."""
    for bom, codec in _BOMS:
        if body.startswith(bom):
            return body[len(bom) :].decode(codec, "replace"), codec
    header_codecs = _codecs_for(header)
    meta_codecs = _codecs_for(meta)
    weak_header = bool(header_codecs) and header_codecs[0] in _WEAK_CHARSETS
    if weak_header and meta_codecs and meta_codecs != header_codecs:
        ordered = [*meta_codecs, *header_codecs]
    elif weak_header:
        ordered = []  # decided below, after UTF-8 and detection had their say
    else:
        ordered = [*header_codecs, *meta_codecs]
    for codec in ordered:
        text = _strict(body, codec)
        if text is not None:
            return text, codec
    if body.isascii():
        return body.decode("ascii"), header_codecs[0] if header_codecs else "utf-8"
    text = _strict(body, "utf-8")
    if text is not None:
        return text, "utf-8"
    guessed = _detect(body)
    if weak_header:
        # trust "latin-1" unless the bytes are clearly a multi-byte encoding
        if guessed in _MULTI_BYTE:
            text = _strict(body, guessed)
            if text is not None:
                return text, guessed
        for codec in header_codecs:
            text = _strict(body, codec)
            if text is not None:
                return text, codec
        return body.decode("latin-1"), "latin-1"
    if guessed:
        text = _strict(body, guessed)
        if text is not None:
            return text, guessed
    # nothing decodes cleanly: take the first plausible codec with few replacement characters
    for codec in [*ordered, *([guessed] if guessed else []), "utf-8"]:
        text = body.decode(codec, "replace")
        if text.count("\ufffd") <= max(2, len(text) // 500):
            return text, codec
    return body.decode("utf-8", "replace"), "utf-8"


def _detect(body: bytes) -> str | None:
    best = from_bytes(body).best()
    if best is None:
        return None
    found = _codecs_for(best.encoding)
    return found[0] if found else None
