"""Wall-clock deadlines for downloads, held whatever the server does, and prompt cancellation.

A socket timeout bounds one read, not a response: a server that sends its headers one byte a
second never trips a 30 s read timeout, and requests/urllib3 only check timeouts per socket
operation. So a download's deadline is enforced in two ways:

* every blocking step before a socket exists waits in short slices and looks at the deadline in
  between: the DNS lookup runs in a daemon thread that we simply stop waiting for (getaddrinfo
  cannot be cancelled), and the TCP connect is a non-blocking connect polled with select;
* once connected, the socket is *attached* to the deadline, and one watchdog thread shuts it down
  (``shutdown(SHUT_RDWR)``) the moment the deadline passes. That wakes the thread blocked on it
  at once, wherever it is: TLS handshake, status line, a header arriving byte by byte, the body.

Why not set the socket timeout to the remaining time before every read: http.client reads the
status line and headers through a buffered file object, TLS sockets read through the ssl module,
and neither offers a hook per recv; wrapping both is more code in more places than one watchdog,
and it would still leave no way to wake a blocked read when the user presses Ctrl-C. The
watchdog does both: :class:`Stop` fires every live deadline of a run at once.

A fired deadline records why (:class:`StopReason`); the reader then sees EOF or an error and
must not mistake a cut body for a complete one, so callers check :attr:`Deadline.fired` before
they keep anything.
"""

from __future__ import annotations

import contextlib
import errno
import heapq
import ipaddress
import itertools
import select
import socket
import threading
import time
from collections.abc import Callable, Iterator
from enum import StrEnum
from typing import Any

# how often a wait that cannot be woken directly (a DNS lookup, a connect) looks at the deadline;
# also the worst extra delay before such a step notices an interruption
POLL_SLICE = 0.05


class StopReason(StrEnum):
    TIMEOUT = "timeout"  # the download's deadline passed
    INTERRUPTED = "interrupted"  # the run was stopped (SIGINT/SIGTERM)


class DeadlineExpired(Exception):
    """Raised inside a download whose deadline fired.

    Deliberately not an OSError: urllib3 and requests would wrap it into a generic connection
    error (and retry it); it must reach the fetcher unchanged.
    """

    def __init__(self, reason: StopReason) -> None:
        super().__init__(reason.value)
        self.reason = reason


class Stop:
    """A run-wide stop switch: :meth:`set` fires every deadline registered with it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._event = threading.Event()
        self._live: set[Deadline] = set()

    def is_set(self) -> bool:
        return self._event.is_set()

    def set(self) -> None:
        with self._lock:
            self._event.set()
            live = list(self._live)
        for deadline in live:
            deadline.fire(StopReason.INTERRUPTED)

    def wait(self, seconds: float) -> bool:
        """Sleep up to ``seconds``; True if the run was stopped meanwhile."""
        return self._event.wait(max(0.0, seconds))

    def _register(self, deadline: Deadline) -> bool:
        with self._lock:
            if self._event.is_set():
                return False
            self._live.add(deadline)
            return True

    def _unregister(self, deadline: Deadline) -> None:
        with self._lock:
            self._live.discard(deadline)


class Deadline:
    """The wall-clock budget of one download. Use as a context manager around the download:
    while inside, the watchdog enforces it and :func:`current` returns it in this thread."""

    def __init__(
        self, seconds: float, stop: Stop | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.seconds = seconds
        self._clock = clock
        self.end = clock() + max(0.0, seconds)
        self.stop = stop
        self.fired: StopReason | None = None
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._woken = threading.Event()
        self._previous: Deadline | None = None

    # -- state -------------------------------------------------------------------------------

    def remaining(self) -> float:
        return max(0.0, self.end - self._clock())

    @property
    def reason(self) -> StopReason | None:
        """Why the download must stop now, or None while it may go on."""
        if self.fired is not None:
            return self.fired
        if self.stop is not None and self.stop.is_set():
            return StopReason.INTERRUPTED
        if self._clock() >= self.end:
            return StopReason.TIMEOUT
        return None

    def check(self) -> None:
        """Raise DeadlineExpired when the download must stop."""
        reason = self.reason
        if reason is not None:
            raise DeadlineExpired(reason)

    def sleep(self, seconds: float) -> bool:
        """Wait ``seconds`` unless the deadline would pass first or fires; True if it waited."""
        if seconds > self.remaining():
            return False
        self._woken.wait(seconds)
        return self.reason is None

    # -- sockets -----------------------------------------------------------------------------

    def attach(self, sock: socket.socket) -> None:
        """Shut ``sock`` down when the deadline fires (at once if it already has)."""
        with self._lock:
            if self.fired is None:
                if not any(s is sock for s in self._sockets):
                    self._sockets.append(sock)
                return
        _shut(sock)

    def fire(self, reason: StopReason) -> None:
        with self._lock:
            if self.fired is not None:
                return
            self.fired = reason
            sockets, self._sockets = self._sockets, []
        self._woken.set()
        for sock in sockets:
            _shut(sock)

    # -- scope -------------------------------------------------------------------------------

    def __enter__(self) -> Deadline:
        self._previous = getattr(_local, "deadline", None)
        _local.deadline = self
        if self.stop is not None and not self.stop._register(self):
            self.fire(StopReason.INTERRUPTED)
        _watchdog().arm(self)
        return self

    def __exit__(self, *exc: object) -> None:
        _watchdog().disarm(self)
        if self.stop is not None:
            self.stop._unregister(self)
        with self._lock:
            self._sockets = []  # pooled connections go on to serve other downloads
        _local.deadline = self._previous


def _shut(sock: socket.socket) -> None:
    # socket.socket.shutdown, not SSLSocket.shutdown: that one would also tear down the TLS
    # object under the feet of the thread reading from it
    with contextlib.suppress(OSError, ValueError):
        socket.socket.shutdown(sock, socket.SHUT_RDWR)


_local = threading.local()


def current() -> Deadline | None:
    """The deadline of the download running in this thread, if any."""
    return getattr(_local, "deadline", None)


class _Watchdog:
    """One daemon thread that fires deadlines when they pass."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._heap: list[tuple[float, int, Deadline]] = []
        self._armed: set[int] = set()
        self._ids = itertools.count()
        self._thread = threading.Thread(target=self._loop, name="claimcheck-deadline", daemon=True)
        self._thread.start()

    def arm(self, deadline: Deadline) -> None:
        with self._cond:
            heapq.heappush(self._heap, (deadline.end, next(self._ids), deadline))
            self._armed.add(id(deadline))
            self._cond.notify()

    def disarm(self, deadline: Deadline) -> None:
        with self._cond:
            self._armed.discard(id(deadline))

    def _loop(self) -> None:
        while True:
            due: list[Deadline] = []
            with self._cond:
                while not self._heap:
                    self._cond.wait()
                end, _, deadline = self._heap[0]
                wait = end - time.monotonic()
                if wait > 0:
                    self._cond.wait(wait)
                    continue
                heapq.heappop(self._heap)
                if id(deadline) in self._armed:
                    self._armed.discard(id(deadline))
                    due.append(deadline)
            for deadline in due:
                deadline.fire(StopReason.TIMEOUT)


_dog: _Watchdog | None = None
_dog_lock = threading.Lock()


def _watchdog() -> _Watchdog:
    global _dog
    with _dog_lock:
        if _dog is None or not _dog._thread.is_alive():  # e.g. in a forked child
            _dog = _Watchdog()
        return _dog


# -- blocking steps that have no socket to shut down -----------------------------------------


def call_within(deadline: Deadline | None, work: Callable[[], Any], name: str) -> Any:
    """Run ``work`` in a daemon thread and wait for it, but never past the deadline.

    For calls that cannot be interrupted (getaddrinfo): on expiry the thread is left to finish
    on its own and DeadlineExpired is raised.
    """
    if deadline is None:
        return work()
    box: dict[str, Any] = {}
    done = threading.Event()

    def run() -> None:
        try:
            box["value"] = work()
        except BaseException as exc:  # handed to the waiting thread
            box["error"] = exc
        finally:
            done.set()

    threading.Thread(target=run, name=f"claimcheck-{name}", daemon=True).start()
    while not done.wait(min(POLL_SLICE, max(deadline.remaining(), 0.001))):
        deadline.check()
    if "error" in box:
        raise box["error"]
    return box["value"]


def is_ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]").split("%", 1)[0])
    except ValueError:
        return False
    return True


_IN_PROGRESS = frozenset({errno.EINPROGRESS, errno.EWOULDBLOCK, errno.EALREADY, errno.EAGAIN})


def connect(
    address: str,
    port: int,
    deadline: Deadline | None,
    timeout: float | None,
    socket_options: Iterator[tuple[int, int, Any]] | list[tuple[int, int, Any]] | None = None,
    source_address: tuple[str, int] | None = None,
) -> socket.socket:
    """A TCP connection to one address, within ``timeout`` (connect timeout) and the deadline.

    Raises TimeoutError (socket.timeout) for the connect timeout, DeadlineExpired for the
    deadline, OSError for a refused or unreachable address.
    """
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        for level, option, value in socket_options or ():
            sock.setsockopt(level, option, value)
        if source_address:
            sock.bind(source_address)
        if deadline is None:
            sock.settimeout(timeout)
            sock.connect((address, port))
            return sock
        sock.setblocking(False)
        code = sock.connect_ex((address, port))
        limit = time.monotonic() + timeout if timeout is not None else None
        while code in _IN_PROGRESS:
            deadline.check()
            left = deadline.remaining()
            if limit is not None:
                left = min(left, limit - time.monotonic())
                if left <= 0:
                    raise TimeoutError(f"connect to {address} timed out")
            _, writable, failed = select.select([], [sock], [sock], min(POLL_SLICE, left))
            if writable or failed:
                code = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
                break
        if code:
            raise OSError(code, errno.errorcode.get(code, "connect failed"))
        deadline.check()
        sock.setblocking(True)
        sock.settimeout(timeout)
        return sock
    except BaseException:
        sock.close()
        raise
