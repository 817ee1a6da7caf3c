"""Page chrome the walker drops by name and markup: navigation, cookie banners, share bars,
"related" boxes, hidden elements -- unless the element holds most of the page's prose (an
ASP.NET ``<form>`` around the whole page, a "page has-sidebar" wrapper).

Chrome that gives nothing away by name is found by structure in :mod:`.boilerplate`.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from lxml import etree

# dropped wherever they are
NOISE_TAGS = frozenset(
    {
        "noscript", "svg", "iframe", "frame", "button", "select", "option", "textarea", "input",
        "object", "embed", "canvas", "audio", "video", "map", "dialog", "head", "title", "math",
        "datalist", "meter", "progress",
    }
)  # fmt: skip
# page chrome: dropped unless it wraps the main content
_CHROME_TAGS = frozenset({"nav", "header", "footer", "aside", "form", "menu"})
_PROTECTED_TAGS = frozenset({"html", "body", "main", "article"})
BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "dir",
        "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2",
        "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "legend", "li", "main", "menu",
        "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "thead", "tfoot", "tr",
        "td", "th", "caption", "ul", "listing", "plaintext", "xmp",
    }
)  # fmt: skip
_DROP_ROLES = frozenset(
    {
        "navigation", "banner", "contentinfo", "complementary", "search", "dialog",
        "alertdialog", "menu", "menubar", "toolbar", "tooltip",
    }
)  # fmt: skip
_BOILER_TOKENS = frozenset(
    {
        "nav", "navbar", "navigation", "subnav", "topnav", "menu", "submenu", "megamenu",
        "menubar", "ad", "ads", "adv", "advert", "adverts", "advertisement", "advertising",
        "adslot", "adunit", "adsense", "sponsor", "sponsored", "sponsors", "share", "shares",
        "sharing", "sharebar", "social", "socials", "cookie", "cookies", "consent", "gdpr",
        "newsletter", "subscribe", "subscription", "related", "recommended", "recommendations",
        "recommendation", "breadcrumb", "breadcrumbs", "comment", "comments", "commentlist",
        "sidebar", "popup", "modal", "promo", "promos", "footer", "masthead", "toolbar", "skip",
        "skiplink", "trending", "outbrain", "taboola", "disqus", "signup",
    }
)  # fmt: skip
_BOILER_SUBSTRINGS = (
    "cookie", "consent", "newsletter", "breadcrumb", "sidebar", "advert", "sponsor", "recommend",
    "outbrain", "taboola", "onetrust", "socialshare", "sharebar", "sharethis", "addthis", "popup",
    "disqus",
)  # fmt: skip
_BOILER_EXACT = frozenset(
    {
        "header", "site-header", "global-header", "top-bar", "topbar", "hidden", "d-none",
        "is-hidden", "print-only",
    }
)  # fmt: skip
# "has-sidebar", "no-ads", "with-comments" describe a layout, not a box of chrome
_MODIFIER_PREFIXES = ("has-", "has_", "with-", "with_", "no-", "no_", "without-")
_HIDDEN_STYLE_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_CAMEL_RE = re.compile(r"(?<=[a-z])(?=[A-Z])")
_TOKEN_SPLIT_RE = re.compile(r"[-_:.\s]+")
_MAJORITY = 0.5  # a chrome candidate holding this share of the page's prose is kept


@lru_cache(maxsize=8192)
def names_are_boilerplate(value: str) -> bool:
    """True if a class/id/aria-label value names page chrome (cookie banner, share bar...)."""
    for name in value.split():
        lowered = name.lower()
        if lowered.startswith(_MODIFIER_PREFIXES):
            continue
        if lowered in _BOILER_EXACT:
            return True
        if any(s in lowered for s in _BOILER_SUBSTRINGS):
            return True
        tokens = _TOKEN_SPLIT_RE.split(_CAMEL_RE.sub("-", name).lower())
        if any(t in _BOILER_TOKENS for t in tokens):
            return True
    return False


def text_of(el: Any) -> str:
    return str(etree.tostring(el, method="text", encoding="unicode", with_tail=False))


def prose_len(el: Any) -> int:
    """Visible characters of ``el`` outside links: how much of the page's prose it holds."""
    total = len("".join(text_of(el).split()))
    links = sum(len("".join(text_of(a).split())) for a in el.iter("a"))
    return max(total - links, 0)


class Chrome:
    """Decides, element by element, what of one page's body is chrome."""

    def __init__(self, body: Any) -> None:
        self.body = body
        self._page_prose: int | None = None

    def page_prose(self) -> int:
        if self._page_prose is None:
            self._page_prose = max(prose_len(self.body), 1)
        return self._page_prose

    def wraps_content(self, el: Any) -> bool:
        """A chrome-looking element that is really the page (ASP.NET <form>, 'page has-x' divs)."""
        if el.find(".//main") is not None or el.find(".//*[@role='main']") is not None:
            return True
        return prose_len(el) >= _MAJORITY * self.page_prose()

    def drop(self, el: Any, tag: str, in_main: bool = False) -> bool:
        if tag in NOISE_TAGS:
            return True
        if tag in _PROTECTED_TAGS:
            return False
        candidate = False
        if tag in _CHROME_TAGS:
            # an article's own <header> holds its headline and byline
            candidate = not (tag == "header" and in_main)
        if not candidate:
            for key, value in el.items():
                if key == "class" or key == "id":
                    candidate = names_are_boilerplate(value)
                elif key == "aria-label":
                    # on a link inside prose it is a description, not a region name
                    candidate = tag in BLOCK_TAGS and names_are_boilerplate(value)
                elif key == "role":
                    role = value.strip().lower()
                    if role == "main":
                        return False
                    candidate = role in _DROP_ROLES
                elif key == "hidden":
                    candidate = True
                elif key == "aria-hidden" or key == "aria-modal":
                    candidate = value.strip().lower() == "true"
                elif key == "style":
                    candidate = _HIDDEN_STYLE_RE.search(value) is not None
                if candidate:
                    break
        return candidate and not self.wraps_content(el)
