"""One warning per damaged cache file and process: a run that meets a torn entry a thousand
times says so once, and carries on as if the entry were missing."""

from __future__ import annotations

import logging
import threading

log = logging.getLogger("claimcheck")


class WarnOnce:
    """Log "cache entry ignored (will be fetched again): <problem>" once per key."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._warned: set[str] = set()

    def __call__(self, key: str, problem: str) -> None:
        with self._lock:
            if key in self._warned:
                return
            self._warned.add(key)
        log.warning("cache entry ignored (will be fetched again): %s", problem)
