"""What went wrong talking to a server, as a reason code and a sentence a user can act on.

Pure helpers of the fetcher (:mod:`.attempt`, :mod:`.body`): exceptions from requests/urllib3
to reasons (``timeout``, ``dns_error``, ``tls_error``…), ``Retry-After`` to seconds, and whether
a body is a bot wall or paywall stub standing in for the page (checked before it is cached, and
in the body of a 403/503, which then says ``blocked`` and how to get past it).
"""

from __future__ import annotations

import socket
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urlsplit

import requests
import urllib3.exceptions

from claimcheck.config import Settings
from claimcheck.extract.sniff import media_and_charset
from claimcheck.net import netsafety

# A body this small is checked for being a bot wall or paywall stub before it is cached (those
# pages are small; a bigger body is the page itself, and extracting it twice would cost time)
STAND_IN_MAX = 1 << 20
# error statuses whose body may be a bot check: read this much of it to tell
BOT_CHECK_STATUSES = frozenset({403, 503})
BOT_CHECK_BYTES = 64 * 1024


def host_of(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(0.0, (moment - datetime.now(UTC)).total_seconds())


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """The exception, its causes and the `.reason` urllib3 wraps inside MaxRetryError."""
    seen: set[int] = set()
    todo: list[BaseException | None] = [exc]
    while todo:
        item = todo.pop()
        if item is None or id(item) in seen:
            continue
        seen.add(id(item))
        yield item
        todo.extend([item.__cause__, item.__context__])
        reason = getattr(item, "reason", None)
        if isinstance(reason, BaseException):
            todo.append(reason)
        todo.extend(a for a in getattr(item, "args", ()) if isinstance(a, BaseException))


def classify(exc: BaseException, url: str, settings: Settings) -> tuple[str, str, bool]:
    """(reason, detail, retryable) for an exception raised while talking to a server."""
    host = host_of(url)
    causes = list(_chain(exc))
    for cause in causes:
        if isinstance(cause, netsafety.BlockedAddressError):
            return "blocked_address", f"refused: {cause} (allow_private_hosts permits it)", False
    if any(
        isinstance(c, requests.exceptions.SSLError | urllib3.exceptions.SSLError) for c in causes
    ):
        return "tls_error", f"TLS handshake or certificate check with {host} failed", False
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return "timeout", f"could not connect to {host} within {settings.connect_timeout:g} s", True
    if isinstance(exc, requests.exceptions.ReadTimeout | urllib3.exceptions.ReadTimeoutError):
        return "timeout", f"{host} sent nothing for {settings.read_timeout:g} s", False
    if any(isinstance(c, socket.gaierror) for c in causes) or any(
        type(c).__name__ == "NameResolutionError" for c in causes
    ):
        return "dns_error", f"the host name {host} does not resolve", False
    if isinstance(exc, requests.exceptions.ContentDecodingError | urllib3.exceptions.DecodeError):
        return "decode_error", "the body could not be decompressed (bad Content-Encoding)", False
    if isinstance(
        exc,
        requests.exceptions.InvalidURL
        | requests.exceptions.MissingSchema
        | requests.exceptions.InvalidSchema
        | ValueError,
    ):
        return "invalid_url", f"{url!r} is not a valid URL: {exc}", False
    if isinstance(
        exc, requests.exceptions.RequestException | urllib3.exceptions.HTTPError | OSError
    ):
        return "connection_error", f"the connection to {host} failed ({_short(exc)})", True
    return "unexpected_error", f"{type(exc).__name__}: {exc}", False


def _short(exc: BaseException) -> str:
    # the innermost cause says most ("Connection reset by peer"), the outer ones repeat the URL
    causes = list(_chain(exc))
    for cause in reversed(causes):
        if isinstance(cause, OSError) and cause.strerror:
            return cause.strerror
    text = str(causes[-1] if causes else exc)
    return text if len(text) < 160 else text[:157] + "..."


def http_detail(status: int, reason: str | None) -> str:
    return f"the server answered HTTP {status} {reason or ''}".rstrip()


def import_hint(url: str) -> str:
    return f"open it in a browser, save the page and run: claimcheck cache import {url} FILE"


def stand_in(path: Path, size: int, content_type: str | None, url: str) -> str | None:
    """Why a downloaded body is a bot wall or paywall stub instead of the page, or None."""
    media, charset = media_and_charset(content_type)
    if size > STAND_IN_MAX or (media or "").endswith("pdf"):
        return None
    try:
        body = path.read_bytes()
    except OSError:
        return None
    return _blocked_page(body, media, charset, url)


def bot_check(response: requests.Response, headers: Mapping[str, str]) -> str | None:
    """What an error page says when it is a bot check (a Cloudflare 403...), or None."""
    media, charset = media_and_charset(headers.get("content-type"))
    if media is not None and "html" not in media:
        return None
    try:
        body = response.raw.read(BOT_CHECK_BYTES, decode_content=True) or b""
    except Exception:  # a broken error page is just an error page
        return None
    return _blocked_page(body, media, charset, response.url)


def _blocked_page(body: bytes, media: str | None, charset: str | None, url: str) -> str | None:
    from claimcheck.extract import extract
    from claimcheck.model.document import ExtractFailure  # lxml: only when there is a body

    if body.lstrip()[:5] == b"%PDF-":
        return None
    result = extract(body, media, charset, url=url)
    if isinstance(result, ExtractFailure) and result.reason == "blocked":
        return result.detail
    return None
