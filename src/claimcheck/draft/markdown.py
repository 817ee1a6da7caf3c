"""Inline Markdown to plain text: links, images, emphasis, code, ``<sup>`` citations and list
bullets.
"""

from __future__ import annotations

import html
import re

BULLET_RE = re.compile(r"^(\s*)(?:[-*+•·]|\d{1,3}[.)])\s+")


def strip_bullet(raw: str, kind: str) -> str:
    return BULLET_RE.sub("", raw, count=1) if kind == "list_item" else raw


_IMAGE_RE = re.compile(r"!\[[^\]]*\]\([^)]*\)")

_CITE_LINK_RE = re.compile(r"\[\[(\^?[0-9]{1,3})\]\]\([^)]*\)|\[(\^?[0-9]{1,3})\]\([^)]*\)")

_LINK_RE = re.compile(r"\[([^\]]+)\]\([^)\s]*(?:\s+\"[^\"]*\")?\)")

_REF_LINK_RE = re.compile(r"\[([^\]]*[^\]\d\s^][^\]]*)\]\[[^\]]*\]")

_SUP_TAG_RE = re.compile(
    r"<sup[^>]*>\s*\[?([0-9]{1,3}(?:\s*[,–-]\s*[0-9]{1,3})*)\]?\s*</sup>", re.IGNORECASE
)

_TAG_RE = re.compile(r"</?[A-Za-z][^>]*>")

_STRONG_RE = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")

_EM_RE = re.compile(
    r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])|(?<!\w)_(?=\S)([^_]+?)(?<=\S)_(?!\w)"
)

_CODE_RE = re.compile(r"`([^`]*)`")


def clean_markdown(raw: str) -> str:
    text = strip_bullet(raw, "list_item") if BULLET_RE.match(raw) else raw
    text = re.sub(r"^>\s?", "", text)
    text = _IMAGE_RE.sub("", text)
    text = _SUP_TAG_RE.sub(lambda m: f"[{m.group(1)}]", text)
    text = _CITE_LINK_RE.sub(lambda m: f"[{m.group(1) or m.group(2)}]", text)
    text = _LINK_RE.sub(r"\1", text)
    text = _REF_LINK_RE.sub(r"\1", text)
    text = _TAG_RE.sub("", text)
    text = _CODE_RE.sub(r"\1", text)
    text = _STRONG_RE.sub(r"\2", text)
    text = _EM_RE.sub(lambda m: m.group(1) or m.group(2), text)
    return html.unescape(" ".join(text.split()))
