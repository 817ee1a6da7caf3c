"""What became of one source: :class:`FetchResult`, a ``path:`` file read as one, and the summary
line ``12 sources: 8 fetched, 3 from cache, … 1 failed (http_404: 1)``.

Records only; :mod:`.fetcher` makes them from the network and the cache.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from claimcheck.model.vocab import Reason
from claimcheck.store import file_sha256, guess_content_type
from claimcheck.store.entry import read_object_body

Provenance = Literal["fetched", "cached", "revalidated", "archived", "imported", "local"]


@dataclass(frozen=True)
class FetchResult:
    """What became of one source.

    ``ok`` means a body is available at ``body_path``. ``from_cache`` means no new bytes were
    downloaded this run (served from the cache, or confirmed by HTTP 304: provenance
    "revalidated"). ``stale`` means a refetch failed (``live_error``) and the older cached copy
    is served. ``previous_*`` describe the last recorded drift, possibly from an earlier run;
    ``changed`` says it happened in this run. ``note`` is a human sentence for a caveat on an
    otherwise good result.
    """

    url: str
    final_url: str | None = None
    status: int | None = None
    content_type: str | None = None
    charset: str | None = None
    sha256: str | None = None
    size: int | None = None
    fetched_at: str | None = None
    from_cache: bool = False
    provenance: Provenance = "fetched"
    archive_url: str | None = None
    redirects: tuple[str, ...] = ()
    error_reason: str | None = None
    error_detail: str | None = None
    changed: bool = False
    previous_sha256: str | None = None
    previous_fetched_at: str | None = None
    body_path: Path | None = None
    body_url: str | None = None  # the body on object storage (a cache at a URL)
    stale: bool = False
    live_error: str | None = None
    note: str | None = None

    @property
    def ok(self) -> bool:
        has_body = self.body_path is not None or self.body_url is not None
        return self.error_reason is None and has_body

    def read_body(self) -> bytes:
        """The body bytes; raises ValueError for a failed source (OSError when unreadable)."""
        if not self.ok:
            raise ValueError(f"no body for {self.url}: {self.error_reason}")
        if self.body_url is not None and self.sha256 is not None:
            return read_object_body(self.body_url, self.sha256)
        assert self.body_path is not None
        return self.body_path.read_bytes()

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["redirects"] = list(self.redirects)
        data["body_path"] = None if self.body_path is None else str(self.body_path)
        data["ok"] = self.ok
        return data


def local_result(
    path: Path, url: str | None = None, hashes: dict[str, Any] | None = None
) -> FetchResult:
    """A ``path:`` source read from disk, shaped like a download.

    ``hashes`` remembers sha256 digests by path, size and modification time (like git's index),
    so that a warm re-audit of a thousand local pages does not read them all again; it is
    updated in place.
    """
    path = Path(path)
    name = url or f"path:{path}"
    try:
        if not path.is_file():
            why = "is a folder, not a file" if path.is_dir() else "does not exist"
            return _file_error(name, f"{path} {why}")
        stat = path.stat()
        stamp = [stat.st_size, stat.st_mtime_ns]
        known = hashes.get(str(path)) if hashes is not None else None
        if known is not None and known[:2] == stamp:
            sha, size = known[2], stat.st_size
        else:
            sha, size = file_sha256(path)
            if hashes is not None:
                hashes[str(path)] = [*stamp, sha]
        mtime = datetime.fromtimestamp(stat.st_mtime, UTC)
    except OSError as exc:
        return _file_error(name, f"cannot read {path}: {exc.strerror or exc}")
    return FetchResult(
        url=name,
        final_url=name,
        content_type=guess_content_type(path),
        sha256=sha,
        size=size,
        fetched_at=mtime.strftime("%Y-%m-%dT%H:%M:%SZ"),
        provenance="local",
        body_path=path.resolve(),
    )


def _file_error(name: str, detail: str) -> FetchResult:
    return FetchResult(
        url=name, provenance="local", error_reason=Reason.FILE_ERROR, error_detail=detail
    )


# -- summary -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FetchSummary:
    total: int = 0
    fetched: int = 0
    from_cache: int = 0
    revalidated: int = 0
    archived: int = 0
    local: int = 0
    failed: int = 0
    stale: int = 0
    failures: tuple[tuple[str, int], ...] = ()

    @classmethod
    def of(cls, results: Mapping[Any, FetchResult] | Iterable[FetchResult]) -> FetchSummary:
        items = list(results.values()) if isinstance(results, Mapping) else list(results)
        counts: Counter[str] = Counter()
        reasons: Counter[str] = Counter()
        for r in items:
            if not r.ok:
                counts["failed"] += 1
                reasons[r.error_reason or "unknown"] += 1
            elif r.provenance == "local":
                counts["local"] += 1
            elif r.provenance == "revalidated":
                counts["revalidated"] += 1
            elif r.from_cache:
                counts["from_cache"] += 1
            elif r.provenance == "archived":
                counts["archived"] += 1
            else:
                counts["fetched"] += 1
            if r.ok and r.stale:
                counts["stale"] += 1
        return cls(
            total=len(items),
            failures=tuple(sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0]))),
            **counts,
        )

    def line(self) -> str:
        noun = "source" if self.total == 1 else "sources"
        cached = f"{self.from_cache} from cache"
        if self.stale:
            cached += f" ({self.stale} stale)"
        parts = [f"{self.fetched} fetched", cached, f"{self.revalidated} revalidated"]
        parts.append(f"{self.archived} archived")
        if self.local:
            parts.append(f"{self.local} local")
        failed = f"{self.failed} failed"
        if self.failures:
            failed += " (" + ", ".join(f"{reason}: {n}" for reason, n in self.failures) + ")"
        parts.append(failed)
        return f"{self.total} {noun}: " + ", ".join(parts)

    def __str__(self) -> str:
        return self.line()


def summarize(results: Mapping[Any, FetchResult] | Iterable[FetchResult]) -> str:
    """One line, e.g. '12 sources: 8 fetched, 3 from cache, 0 revalidated, 0 archived,
    1 failed (http_404: 1)'."""
    return FetchSummary.of(results).line()
