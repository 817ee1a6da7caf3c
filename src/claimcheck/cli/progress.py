"""What a run has done so far: live progress on a terminal, and the line an interruption prints.

Progress goes to stderr and only when stderr is a terminal (CI logs stay clean); the counts are
kept either way, because an interrupted run says how far it got: "interrupted: 3 of 12 sources
fetched; run again to resume" (what was fetched is in the cache, so the next run starts there).
"""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from types import FrameType
from typing import Any

# reasons a source can have that mean "not settled": it was cut short, not fetched
_UNSETTLED = frozenset({"interrupted"})


class RunProgress:
    """Counts sources and figures as a run goes; draws bars on a terminal (see module docstring).

    Callbacks may come from worker threads; counting is locked.
    """

    def __init__(self, show: bool | None = None) -> None:
        self.show = sys.stderr.isatty() if show is None else show
        self.sources_total = 0
        self.sources_done = 0
        self.results: list[Any] = []  # FetchResults in the order they came
        self._lock = threading.Lock()
        self._bar: Any = None
        self._tasks: dict[str, Any] = {}

    def __enter__(self) -> RunProgress:
        if self.show:
            from rich.console import Console
            from rich.progress import Progress

            self._bar = Progress(transient=True, console=Console(stderr=True))
            self._bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    # -- stages ------------------------------------------------------------------------------

    def stage(self, label: str, total: int) -> Callable[[int], None]:
        """Start a bar (on a terminal); the returned function advances it by n."""
        if self._bar is None or total <= 0:
            return _ignore
        task = self._bar.add_task(label, total=total)
        self._tasks[label] = task

        def advance(n: int = 1) -> None:
            if self._bar is not None:
                self._bar.advance(task, n)

        return advance

    def fetching(self, total: int) -> Callable[[Any], None]:
        """The callback for each fetch result (a FetchResult)."""
        self.sources_total = total
        advance = self.stage("fetching sources", total)

        def tick(result: Any) -> None:
            if getattr(result, "error_reason", None) in _UNSETTLED:
                return
            with self._lock:
                self.sources_done += 1
                self.results.append(result)
            advance(1)

        return tick

    # -- interruption ------------------------------------------------------------------------

    def interrupted_line(self) -> str:
        done = min(self.sources_done, self.sources_total)
        noun = "source" if self.sources_total == 1 else "sources"
        return f"interrupted: {done} of {self.sources_total} {noun} fetched; run again to resume"


def _ignore(n: int = 1) -> None:
    """A stage that shows nothing (not a terminal, or nothing to count)."""


def _raise_interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt(signal.Signals(signum).name)


@contextlib.contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM takes the path of Ctrl-C (KeyboardInterrupt in the main thread), so that both
    stop downloads, keep what is committed and say how far the run got."""
    try:
        previous = signal.signal(signal.SIGTERM, _raise_interrupt)
    except ValueError:  # not the main thread (e.g. inside a test runner's worker)
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
