"""A small threaded HTTP server on a loopback address, for tests that must never leave the box.

Routes map a path to a canned :class:`Reply`, a list of replies (served in turn, the last one
repeating), or a handler ``(Request) -> Reply``. A reply can be delayed, drip-fed (body or
headers), stalled part-way through its headers, gzipped, chunked, cut short or answered with a
TCP reset; ``ETag``/``Last-Modified`` in its headers make
the server answer conditional requests with 304. The server counts hits per path and the
largest number of requests it was handling at once. :meth:`LocalServer.serve_dir` serves a
folder as static files.

Any loopback address works on Linux without setup (127.0.0.2, 127.0.0.3, …), so one server per
address stands in for one host.
"""

from __future__ import annotations

import contextlib
import gzip as gzip_module
import mimetypes
import socket
import struct
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit


@dataclass(frozen=True)
class Request:
    method: str
    path: str  # as sent, query string included
    headers: Mapping[str, str]  # lower-cased names
    client: str
    hit: int  # 1 for the first request to this path, 2 for the second, …
    received: float  # time.monotonic() when the request line had been read

    @property
    def route(self) -> str:
        return urlsplit(self.path).path


@dataclass(frozen=True)
class Reply:
    status: int = 200
    body: bytes | str = b""
    headers: Mapping[str, str] = field(default_factory=dict)
    content_type: str | None = "text/html; charset=utf-8"
    delay: float = 0.0  # seconds before the status line
    drip: float = 0.0  # seconds between pieces of the body
    drip_size: int = 1
    gzip: bool = False  # Content-Encoding: gzip
    chunked: bool = False  # Transfer-Encoding: chunked, no Content-Length
    no_length: bool = False  # neither length nor chunking: the body ends when we close
    content_length: int | None = None  # announce this length instead of the real one
    truncate: int | None = None  # send only this many body bytes, then reset the connection
    reset: bool = False  # reset the connection instead of answering
    header_drip: float = 0.0  # seconds between bytes of the status line and headers
    header_bytes: int | None = None  # send only this many bytes of the headers, then stall

    def payload(self) -> bytes:
        data = self.body.encode("utf-8") if isinstance(self.body, str) else self.body
        return gzip_module.compress(data) if self.gzip else data


Handler = Callable[[Request], Reply]
Route = Reply | Sequence[Reply] | Handler


def redirect(location: str, status: int = 302) -> Reply:
    return Reply(status=status, headers={"Location": location}, content_type=None)


def html(text: str, **kwargs: Any) -> Reply:
    return Reply(body=f"<!doctype html><html><body>{text}</body></html>", **kwargs)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep test output clean

    def do_GET(self) -> None:
        owner = self.server.owner
        with owner._lock:
            owner._active += 1
            owner.max_concurrent = max(owner.max_concurrent, owner._active)
        if owner.shared is not None:
            owner.shared.enter()
        try:
            self._answer(owner)
        except OSError:
            self.close_connection = True  # the client went away; nothing to do
        finally:
            with owner._lock:
                owner._active -= 1
            if owner.shared is not None:
                owner.shared.exit()

    do_HEAD = do_GET

    def _answer(self, owner: LocalServer) -> None:
        route = urlsplit(self.path).path
        with owner._lock:
            owner.hits[route] += 1
            hit = owner.hits[route]
            request = Request(
                method=self.command,
                path=self.path,
                headers={k.lower(): v for k, v in self.headers.items()},
                client=self.client_address[0],
                hit=hit,
                received=time.monotonic(),
            )
            owner.requests.append(request)
        reply = owner.resolve(request)
        if reply.delay:
            owner._stopping.wait(reply.delay)
        if reply.reset:
            self._reset()
            return
        if reply.status < 300 and _not_modified(request, reply):
            self.send_response(304)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        payload = reply.payload()
        self.send_response(reply.status)
        if reply.content_type and reply.status != 304:
            self.send_header("Content-Type", reply.content_type)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        if reply.gzip:
            self.send_header("Content-Encoding", "gzip")
        if reply.chunked:
            self.send_header("Transfer-Encoding", "chunked")
        elif reply.no_length:
            self.send_header("Connection", "close")
            self.close_connection = True
        else:
            length = len(payload) if reply.content_length is None else reply.content_length
            self.send_header("Content-Length", str(length))
        if not self._end_headers(owner, reply):
            return
        if self.command == "HEAD":
            return
        if reply.truncate is not None:
            self.wfile.write(payload[: reply.truncate])
            self.wfile.flush()
            self._reset()
            return
        self._send_body(owner, reply, payload)

    def _end_headers(self, owner: LocalServer, reply: Reply) -> bool:
        """Send the header block (slowly, or only part of it); False when the reply ends here."""
        if not reply.header_drip and reply.header_bytes is None:
            self.end_headers()
            return True
        self._headers_buffer.append(b"\r\n")  # type: ignore[attr-defined]
        block = b"".join(self._headers_buffer)  # type: ignore[attr-defined]
        self._headers_buffer = []  # type: ignore[attr-defined]
        if reply.header_bytes is not None:
            block = block[: reply.header_bytes]
        for i in range(len(block)):
            self.wfile.write(block[i : i + 1])
            self.wfile.flush()
            if reply.header_drip and owner._stopping.wait(reply.header_drip):
                self.close_connection = True
                return False
        if reply.header_bytes is not None:
            owner._stopping.wait()  # stall until the server stops
            self.close_connection = True
            return False
        return True

    def _send_body(self, owner: LocalServer, reply: Reply, payload: bytes) -> None:
        size = reply.drip_size if reply.drip else max(len(payload), 1)
        for start in range(0, len(payload), size):
            piece = payload[start : start + size]
            if reply.chunked:
                piece = f"{len(piece):x}\r\n".encode() + piece + b"\r\n"
            self.wfile.write(piece)
            self.wfile.flush()
            if reply.drip and owner._stopping.wait(reply.drip):
                self.close_connection = True
                return
        if reply.chunked:
            self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()

    def _reset(self) -> None:
        # SO_LINGER with zero timeout turns close() into a TCP RST
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True
        self.connection.close()

    def finish(self) -> None:
        with contextlib.suppress(OSError):  # the socket was reset on purpose
            super().finish()


def _not_modified(request: Request, reply: Reply) -> bool:
    headers = {k.lower(): v for k, v in reply.headers.items()}
    etag = headers.get("etag")
    if etag and "if-none-match" in request.headers:
        tags = [t.strip() for t in request.headers["if-none-match"].split(",")]
        return etag in tags or "*" in tags
    modified = headers.get("last-modified")
    return bool(modified) and request.headers.get("if-modified-since") == modified


class ConcurrencyTracker:
    """Counts requests in flight across several servers (e.g. several hosts)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.active = 0
        self.max_concurrent = 0

    def enter(self) -> None:
        with self._lock:
            self.active += 1
            self.max_concurrent = max(self.max_concurrent, self.active)

    def exit(self) -> None:
        with self._lock:
            self.active -= 1


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    owner: LocalServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], OSError):  # resets and vanished clients are normal
            super().handle_error(request, client_address)


class LocalServer:
    """An HTTP server on ``host`` (a loopback address) and a free port; start() / stop()."""

    def __init__(
        self, host: str = "127.0.0.1", port: int = 0, shared: ConcurrencyTracker | None = None
    ) -> None:
        self.host = host
        self.port = port
        self.shared = shared
        self.routes: dict[str, Route] = {}
        self.prefixes: list[tuple[str, Route]] = []
        self.hits: Counter[str] = Counter()
        self.requests: list[Request] = []
        self.max_concurrent = 0
        self._active = 0
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ---------------------------------------------------------------------

    def start(self) -> LocalServer:
        httpd = _Server((self.host, self.port), _Handler)
        httpd.owner = self
        self.port = httpd.server_address[1]
        self._httpd = httpd
        self._thread = threading.Thread(
            target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> LocalServer:
        return self.start() if self._httpd is None else self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- routes ------------------------------------------------------------------------

    @property
    def base(self) -> str:
        return f"http://{self.host}:{self.port}"

    def url(self, path: str = "/") -> str:
        return self.base + (path if path.startswith("/") else "/" + path)

    def add(self, path: str, route: Route) -> str:
        """Serve ``route`` at ``path``; returns the full URL."""
        self.routes[path] = route
        return self.url(path)

    def add_prefix(self, prefix: str, route: Route) -> str:
        """Serve ``route`` for every path starting with ``prefix`` (longest prefix wins)."""
        self.prefixes.append((prefix, route))
        self.prefixes.sort(key=lambda item: -len(item[0]))
        return self.url(prefix)

    def serve_dir(self, folder: Path, prefix: str = "/") -> str:
        """Serve the files under ``folder`` at ``prefix`` (404 for anything else)."""
        root = Path(folder).resolve()
        prefix = prefix if prefix.endswith("/") else prefix + "/"

        def handler(request: Request) -> Reply:
            relative = unquote(request.route[len(prefix) :])
            target = (root / relative).resolve()
            if root not in target.parents or not target.is_file():
                return Reply(status=404, body="not found", content_type="text/plain")
            kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
            return Reply(body=target.read_bytes(), content_type=kind)

        return self.add_prefix(prefix, handler)

    def resolve(self, request: Request) -> Reply:
        route = self.routes.get(request.route)
        if route is None:
            for prefix, candidate in self.prefixes:
                if request.route.startswith(prefix):
                    route = candidate
                    break
        if route is None:
            return Reply(status=404, body="no such route", content_type="text/plain")
        if isinstance(route, Reply):
            return route
        if callable(route):
            return route(request)
        replies = list(route)
        return replies[min(request.hit, len(replies)) - 1]

    def requests_to(self, path: str) -> list[Request]:
        with self._lock:
            return [r for r in self.requests if r.route == path]

    def wait_idle(self, timeout: float = 2.0) -> None:
        """Wait until no request is being handled (e.g. before reading counters)."""
        end = time.monotonic() + timeout
        while self._active and time.monotonic() < end:
            time.sleep(0.01)
