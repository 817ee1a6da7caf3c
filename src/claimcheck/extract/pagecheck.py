"""What a fetched page is: the source, or something standing in its place.

A page is not the source when it is a bot check (a challenge page), a paywall stub, a shell that
JavaScript fills in the browser, or empty. Each is recognised by evidence of what it is -- a
challenge title or phrase, a bot-protection vendor's markup, a subscription prompt, an empty app
root or a ``<noscript>`` asking for JavaScript, a body of placeholders ("Loading…", a copyright
line) -- never by being short: a one-sentence note that states a figure is a source.

Pure functions over the extracted text and the raw bytes; :mod:`claimcheck.extract` turns the
answer into an ``ExtractFailure``, and the fetcher asks the same question of small bodies before
it caches them (a bot wall answering 200 is retried next run, like an error).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from claimcheck.model.vocab import Reason

# whole-title (or main heading) matches: challenge pages are titled exactly like this
_CHALLENGE_TITLE_RE = re.compile(
    r"\s*(?:just a moment|attention required!?(?: \| cloudflare)?|access denied|"
    r"checking your browser|please wait|one moment,? please|security check|"
    r"(?:re)?captcha(?: challenge)?|pardon our interruption|robot or human\??|"
    r"are you a robot\??|ddos-guard|verifying you are human|human verification|"
    r"bot verification|you have been blocked|request rejected|403 forbidden|forbidden|"
    r"access to this page has been denied\.?|too many requests|error 1020)\W*"
    r"(?:(?:\||\s[-–—])\s*[^|]{0,60})?",  # a site name after " | " or " - ", not a subtitle
    re.IGNORECASE,
)
# phrases that only challenge pages say; checked in all visible text of a page that is not long
_CHALLENGE_STRONG_RE = re.compile(
    r"checking (?:your browser|if the site connection is secure)|"
    r"verify(?:ing)? (?:that )?you are (?:a )?human|confirm (?:that )?you are (?:a )?human|"
    r"enable javascript and cookies to continue|please complete the security check|"
    r"pardon our interruption|why have i been blocked|you have been blocked|"
    r"performance (?:&|and) security by cloudflare|request unsuccessful\. incapsula|"
    r"access to this page has been denied|press (?:&|and) hold to confirm|"
    r"(?:our systems have )?detected unusual traffic|are you a robot|robot or human\?|"
    r"ddos protection by|please turn javascript on and reload the page",
    re.IGNORECASE,
)
# generic words: evidence only when the page says little else
_CHALLENGE_WEAK_RE = re.compile(
    r"\bcaptcha\b|\baccess denied\b|\bsecurity check\b|\bnot a robot\b|\bbot detection\b",
    re.IGNORECASE,
)
# markup of bot-protection services; alone it is evidence only on a page with no content of its
# own (Cloudflare injects its detection script into ordinary pages too)
_CHALLENGE_MARKERS = (
    (b"cdn-cgi/challenge-platform", "Cloudflare"),
    (b"cf_chl_opt", "Cloudflare"),
    (b"cf-browser-verification", "Cloudflare"),
    (b"challenges.cloudflare.com", "Cloudflare"),
    (b"_incapsula_resource", "Imperva Incapsula"),
    (b"px-captcha", "PerimeterX"),
    (b"captcha-delivery.com", "DataDome"),
    (b"ddos-guard", "DDoS-Guard"),
)
_PAYWALL_STRONG_RE = re.compile(
    r"subscribe (?:now )?to (?:continue|keep) reading|subscribe to read (?:the|this|more|on)|"
    r"subscribe (?:now )?to unlock|(?:continue|keep) reading (?:with|by subscribing)|"
    r"this (?:article|content|story|page) is (?:only )?(?:available|reserved|exclusively)? ?"
    r"(?:to|for) (?:our )?(?:paid |paying |premium )?(?:subscribers|members)|"
    r"for subscribers only|subscribers? only content|"
    r"to continue reading,? (?:please )?(?:log|sign) ?in|"
    r"(?:log|sign) ?in to (?:continue|keep) reading|"
    r"you(?:'ve| have) reached your (?:free )?(?:article|story|monthly) limit|"
    r"become a (?:member|subscriber) to (?:read|continue)|"
    r"create a free account to (?:continue|keep) reading|unlock this article",
    re.IGNORECASE,
)
_PAYWALL_WEAK_RE = re.compile(
    r"already a (?:subscriber|member)\?\s*(?:log|sign) ?in", re.IGNORECASE
)
_ACCESS_FALSE_RE = re.compile(rb'"isAccessibleForFree"\s*:\s*"?false', re.IGNORECASE)

# How much text a page may have and still be taken for a challenge or stub on the strength of a
# phrase. These bound how far a *phrase* is trusted, not which pages are read: an article
# titled "Access denied", or one that quotes "verify you are human", is long; the pages that
# say such things instead of content are not.
_TITLE_LIMIT = 5000
_CHALLENGE_PHRASE_LIMIT = 1500
_WEAK_PHRASE_LIMIT = 600
PAYWALL_PHRASE_LIMIT = 2500
_PAYWALL_MARKUP_LIMIT = 1200  # isAccessibleForFree:false with only a teaser of the article

# lines that hold no content of their own: what a shell, a redirect or a challenge shows
_PLACEHOLDER_RE = re.compile(
    r"(?:loading|please wait|one moment(?:,? please)?|redirecting|"
    r"you are being redirected|(?:click|tap) here if you are not redirected.*|"
    r"if you are not redirected.*|"
    r"(?:please )?(?:enable|turn on|activate) javascript.*|javascript is (?:required|disabled).*|"
    r"(?:this|the) (?:site|app|application|page|website) (?:requires|needs) javascript.*|"
    r"you need to enable javascript.*|"
    r"(?:©|\(c\)|copyright\b).*|all rights reserved|skip to (?:main )?content|menu|search)"
    r"[\W_]*",
    re.IGNORECASE,
)
# a client-side app's mount point left empty by the server, or a <noscript> asking for scripts
_SHELL_RE = re.compile(
    rb"""<div[^>]{0,200}\bid\s*=\s*["']?(?:root|app|__next|__nuxt|___gatsby|svelte|"""
    rb"""main-app|app-root)["']?[^>]{0,200}>\s*</div>"""
    rb"""|<noscript[^>]*>[^<]{0,300}\bjavascript\b""",
    re.IGNORECASE,
)
_META_REFRESH_RE = re.compile(
    rb"""<meta[^>]{0,100}http-equiv\s*=\s*["']?refresh["']?[^>]{0,100}?url\s*=\s*([^"'>\s]+)""",
    re.IGNORECASE,
)
_DIGIT_RE = re.compile(r"\d")
_WS_RE = re.compile(r"\s+")


@dataclass(frozen=True)
class Line:
    """One block of the extracted page as this module needs it."""

    text: str
    links: bool = False  # (nearly) all of it is link text


@dataclass(frozen=True)
class Verdict:
    reason: Reason  # blocked | no_text
    detail: str


def content_lines(lines: Iterable[Line]) -> Iterator[str]:
    """The lines that are content: not link text, not placeholders (lazily: a real page
    answers at its first line)."""
    return (x.text for x in lines if not x.links and not _PLACEHOLDER_RE.fullmatch(x.text.strip()))


def check(
    text: str,
    lines: Iterable[Line],
    title: str | None = None,
    heading: str | None = None,
    visible: str | None = None,
    raw: bytes | None = None,
) -> Verdict | None:
    """Why this page is not the source (a bot check, a paywall stub, no text), or None.

    ``text`` is the extracted text and ``lines`` its blocks; ``visible`` is all visible text,
    boxes the extractor dropped included (a paywall prompt is often in one); ``raw`` the body
    (HTML only: markup evidence).
    """
    content = content_lines(lines)
    first = next(content, None)
    n = len(text)
    vendor = ""
    if raw is not None and n < _CHALLENGE_PHRASE_LIMIT:
        low = raw[:200_000].lower()
        vendor = next((v for m, v in _CHALLENGE_MARKERS if m in low), "")
    if n < _TITLE_LIMIT:
        for label in (title, heading):
            if label and _CHALLENGE_TITLE_RE.fullmatch(label):
                return _blocked(vendor, f"titled '{quote(label)}'")
    if n < _CHALLENGE_PHRASE_LIMIT:
        hay = visible if visible is not None else text
        m = _CHALLENGE_STRONG_RE.search(hay)
        if m:
            return _blocked(vendor, f"saying '{quote(_around(hay, m))}'")
        if n < _WEAK_PHRASE_LIMIT:
            m = _CHALLENGE_WEAK_RE.search(text)
            if m:
                return _blocked(vendor, f"saying '{quote(_around(text, m))}'")
    if vendor and first is None:
        return _blocked(vendor, "with no content of its own")
    for label in (title, heading):
        if label and _PAYWALL_STRONG_RE.search(label):
            return _paywall(label, n)
    if n < PAYWALL_PHRASE_LIMIT:
        hay = visible if visible is not None else text
        m = _PAYWALL_STRONG_RE.search(hay) or _PAYWALL_WEAK_RE.search(text)
        # the article's own markup says it is not free, and we see only a teaser of it
        teaser = raw is not None and n < _PAYWALL_MARKUP_LIMIT
        if m is None and teaser and raw is not None and _ACCESS_FALSE_RE.search(raw):
            return _paywall("isAccessibleForFree: false", n)
        if m is not None:
            return _paywall(m.group(), n)
    return _no_text(first, content, raw)


def _no_text(first: str | None, rest: Iterator[str], raw: bytes | None) -> Verdict | None:
    shell = raw is not None and _SHELL_RE.search(raw[:200_000]) is not None
    if first is not None and not shell:
        return None
    content = [] if first is None else [first, *rest]
    if content and any(_DIGIT_RE.search(c) for c in content):
        return None
    # no content at all; or a script-built shell whose few server-rendered words state no figure
    # (judging figures against them would call every claim "unsupported")
    base = "the page has no text of its own" if not content else (
        f"the page shows only '{quote(' / '.join(content), 60)}' without the app's content"
    )  # fmt: skip
    if raw is not None:
        refresh = _META_REFRESH_RE.search(raw[:16384])
        if refresh:
            target = refresh.group(1).decode("ascii", "replace")
            detail = f"{base}; it only redirects (meta refresh) to {quote(target)}"
            return Verdict(Reason.NO_TEXT, detail)
        if shell or b"<script" in raw[:500_000].lower():
            return Verdict(Reason.NO_TEXT, f"{base}; it is built by JavaScript in the browser")
    return Verdict(Reason.NO_TEXT, base)


def _around(text: str, m: re.Match[str]) -> str:
    return text[max(m.start() - 20, 0) : m.end() + 30]


def quote(s: str, limit: int = 80) -> str:
    s = _WS_RE.sub(" ", s).strip()
    return s if len(s) <= limit else s[: limit - 1] + "…"


def _blocked(vendor: str, what: str) -> Verdict:
    by = f" by {vendor}" if vendor else ""
    return Verdict(Reason.BLOCKED, f"the page is a bot check{by} ({what}), not the source")


def _paywall(signal: str, n: int) -> Verdict:
    return Verdict(
        Reason.BLOCKED,
        f"the page is a paywall stub ('{quote(signal)}'); only {n} characters of text are visible",
    )
