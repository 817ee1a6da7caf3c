"""Files written so that a reader sees the old content or the new, never half: a unique
temporary name in the target's folder, flushed, fsynced and renamed into place; an advisory lock
per folder so that two processes never interleave their renames; a body streamed straight into
the cache (:class:`PendingBody`); temporary files a killed process left behind, removed once they
are an hour old; and the cache roots this process only reads (a CI cache restored read-only).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; the sha256 check still catches torn entries
    fcntl = None  # type: ignore[assignment]

TEMP_SUFFIX = ".tmp"
STALE_TEMP_SECONDS = 3600.0

# cache roots this process reads but must not write (see declare_read_only); forked workers
# inherit it
_READ_ONLY_ROOTS: set[Path | str] = set()


def _root_id(root: Path | str) -> Path | str:
    # a cache URL (object storage) as written, a folder by its resolved path
    return root.rstrip("/") if isinstance(root, str) and "://" in root else Path(root).resolve()


def declare_read_only(root: Path | str) -> None:
    """Treat the cache at ``root`` as read-only in this process: derived data is not stored."""
    _READ_ONLY_ROOTS.add(_root_id(root))


def is_read_only(root: Path | str) -> bool:
    return _root_id(root) in _READ_ONLY_ROOTS


def file_sha256(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def temp_name(path: Path) -> Path:
    # pid + random: two processes (or threads) writing the same entry never share a temp file
    return path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}{TEMP_SUFFIX}")


def _fsync_dir(folder: Path) -> None:
    # makes the rename itself durable; not possible (nor needed) everywhere
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = temp_name(path)
    try:
        with temp.open("wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    _fsync_dir(path.parent)


def dump_json(data: Any) -> bytes:
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


@contextlib.contextmanager
def folder_lock(folder: Path, shared: bool = False) -> Iterator[None]:
    """Advisory lock on a shard folder (flock on its directory fd: no lock files needed)."""
    if fcntl is None:
        yield
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        yield
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_SH if shared else fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


class PendingBody:
    """A body being downloaded straight into the cache folder, hashed on the way.

    Use as a context manager (or call :meth:`discard`): anything not committed is removed.
    """

    def __init__(self, url: str, final: Path) -> None:
        self.url = url
        self.final = final
        final.parent.mkdir(parents=True, exist_ok=True)
        self.path = temp_name(final)
        self._fh = self.path.open("wb")
        self._digest = hashlib.sha256()
        self.size = 0
        self.committed = False

    def write(self, chunk: bytes) -> None:
        self._fh.write(chunk)
        self._digest.update(chunk)
        self.size += len(chunk)

    @property
    def sha256(self) -> str:
        return self._digest.hexdigest()

    def finish(self) -> None:
        if not self._fh.closed:
            self._fh.flush()
            os.fsync(self._fh.fileno())
            self._fh.close()

    def discard(self) -> None:
        if not self._fh.closed:
            self._fh.close()
        if not self.committed:
            with contextlib.suppress(OSError):
                self.path.unlink()

    def __enter__(self) -> PendingBody:
        return self

    def __exit__(self, *exc: object) -> None:
        self.discard()


def remove_stale_temps(folder: Path, max_age: float = STALE_TEMP_SECONDS) -> int:
    """Remove the temporary files in ``folder`` older than ``max_age`` seconds; how many."""
    removed = 0
    cutoff = time.time() - max_age
    try:
        candidates = list(folder.glob(f".*{TEMP_SUFFIX}"))
    except OSError:
        return 0
    for temp in candidates:
        # only old ones: a fresh temp file may belong to a writer that is still busy
        with contextlib.suppress(OSError):
            if temp.stat().st_mtime < cutoff:
                temp.unlink()
                removed += 1
    return removed


def sweep_below(tops: list[Path], max_age: float = STALE_TEMP_SECONDS) -> int:
    """Remove old temporary files in every folder below ``tops``; how many."""
    removed = 0
    for base in tops:
        if base.is_dir():
            for folder in [base, *(p for p in base.rglob("*") if p.is_dir())]:
                removed += remove_stale_temps(folder, max_age)
    return removed


class Sweeper:
    """Removes what killed writers left in a folder, once per folder and process: enough to stop
    leftovers from piling up, and no rescan on every write."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._swept: set[Path] = set()

    def sweep(self, folder: Path, force: bool = False) -> None:
        if not force:
            with self._lock:
                if folder in self._swept:
                    return
                self._swept.add(folder)
        remove_stale_temps(folder)
