"""Politeness and concurrency: at most ``jobs`` downloads in flight, at most ``per_host`` to one
host, ``host_delay`` between two request starts to one host, and work handed out host by host so
that a long list for one site cannot tie up the workers while other sites wait.
"""

from __future__ import annotations

import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import contextmanager

from claimcheck.model.vocab import Reason
from claimcheck.net.deadline import POLL_SLICE, Deadline, DeadlineExpired, Stop, StopReason
from claimcheck.net.fetched import FetchResult
from claimcheck.store import CacheEntry

# after an interruption, how long to wait for downloads in flight to hand back what they finished
# (each stops within POLL_SLICE of being told; this only bounds a wedged one)
INTERRUPT_GRACE = 1.0

# host -> the (url, stored entry) pairs waiting for it
Queues = dict[str, deque[tuple[str, CacheEntry | None]]]


class HostGate:
    """At most ``per_host`` requests in flight per host, ``delay`` between request starts."""

    def __init__(self, per_host: int, delay: float) -> None:
        self.per_host = per_host
        self.delay = delay
        self._lock = threading.Lock()
        self._slots: dict[str, threading.BoundedSemaphore] = {}
        self._next_start: dict[str, float] = {}

    @contextmanager
    def slot(self, host: str, deadline: Deadline) -> Iterator[None]:
        """Raises DeadlineExpired when the wait for the slot would outlast the deadline."""
        with self._lock:
            sem = self._slots.setdefault(host, threading.BoundedSemaphore(self.per_host))
        while not sem.acquire(timeout=POLL_SLICE):
            deadline.check()
        try:
            if self.delay > 0:
                with self._lock:
                    now = time.monotonic()
                    start = max(now, self._next_start.get(host, 0.0))
                    self._next_start[host] = start + self.delay
                if start > now and not deadline.sleep(start - now):
                    raise DeadlineExpired(deadline.reason or StopReason.TIMEOUT)
            yield
        finally:
            sem.release()


class _Turns:
    """Whose turn it is: the least busy host first (it is the likeliest to be free of
    host_delay), ties in round-robin order; the chosen host goes to the back of the line."""

    def __init__(self, queues: Queues, per_host: int) -> None:
        self.queues = queues
        self.per_host = per_host
        self.hosts = deque(queues)
        self.active: Counter[str] = Counter()

    def next(self) -> tuple[str, str, CacheEntry | None] | None:
        best: tuple[int, int] | None = None
        for index, host in enumerate(self.hosts):
            busy = self.active[host]
            if busy < self.per_host and (best is None or busy < best[0]):
                best = (busy, index)
        if best is None:
            return None
        host = self.hosts[best[1]]
        del self.hosts[best[1]]
        key, entry = self.queues[host].popleft()
        if self.queues[host]:
            self.hosts.append(host)
        return host, key, entry


def run_by_host(
    queues: Queues,
    jobs: int,
    per_host: int,
    download: Callable[[str, CacheEntry | None], FetchResult],
    deliver: Callable[[str, FetchResult], None],
    stop: Stop,
) -> None:
    """Download everything queued, ``deliver``-ing each result from this thread as it comes.

    On KeyboardInterrupt (SIGINT, or SIGTERM via the CLI's handler) every download in flight is
    stopped, what they finished meanwhile is delivered, and the interrupt goes on up.
    """
    turns = _Turns(queues, per_host)
    total = sum(len(q) for q in queues.values())
    inflight: dict[Future[FetchResult], tuple[str, str]] = {}
    pool = ThreadPoolExecutor(max_workers=min(jobs, total), thread_name_prefix="claimcheck-fetch")
    try:
        while turns.hosts or inflight:
            while len(inflight) < jobs and (job := turns.next()) is not None:
                host, key, entry = job
                turns.active[host] += 1
                inflight[pool.submit(download, key, entry)] = (host, key)
            done, _ = wait(inflight, return_when=FIRST_COMPLETED)
            for future in done:
                host, key = inflight.pop(future)
                turns.active[host] -= 1
                deliver(key, future.result())
    except BaseException:
        stop.set()
        # downloads in flight now stop within a moment; keep what they finished meanwhile
        done, _ = wait(inflight, timeout=INTERRUPT_GRACE)
        for future in done:
            result = future.result()
            if result.error_reason != Reason.INTERRUPTED:
                deliver(inflight[future][1], result)
        raise
    finally:
        pool.shutdown(wait=not stop.is_set(), cancel_futures=True)
