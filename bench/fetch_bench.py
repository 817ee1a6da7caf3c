"""Benchmark the fetcher against slow local hosts: sequential versus the default concurrency.

Starts one HTTP server per loopback address (127.0.0.11, 127.0.0.12, …), each answering after a
fixed delay, spreads the pages over them, and fetches them all into a fresh cache twice: with
jobs=1, per_host=1 and with the default settings. Only loopback addresses are ever contacted.

    python bench/fetch_bench.py                 # 100 pages on 10 hosts, 200 ms per response
    python bench/fetch_bench.py --large         # 200 pages on 20 hosts
    python bench/fetch_bench.py --pages 50 --hosts 5 --delay 0.1
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))  # reuse the test suite's local server

from claimcheck.config import Settings  # noqa: E402
from claimcheck.net import Fetcher, summarize  # noqa: E402
from claimcheck.store import Cache  # noqa: E402
from localserver import ConcurrencyTracker, LocalServer, Reply  # noqa: E402


@dataclass(frozen=True)
class Row:
    name: str
    jobs: int
    per_host: int
    host_delay: float
    seconds: float
    per_host_max: int
    overall_max: int
    summary: str


def measure(name: str, settings: Settings, hosts: list[str], pages: int, delay: float) -> Row:
    tracker = ConcurrencyTracker()
    servers = [LocalServer(host, shared=tracker).start() for host in hosts]
    try:
        body = "<html><body>" + "Revenue rose 12% to 4.1 billion. " * 300 + "</body></html>"
        for server in servers:
            server.add_prefix("/page/", Reply(body=body, delay=delay))
        urls = [servers[i % len(servers)].url(f"/page/{i}") for i in range(pages)]
        with tempfile.TemporaryDirectory(prefix="claimcheck-bench-") as folder:
            run_settings = replace(settings, cache_dir=Path(folder))
            started = time.perf_counter()
            with Fetcher(run_settings, Cache(Path(folder))) as fetcher:
                results = fetcher.fetch_all(urls)
            seconds = time.perf_counter() - started
        failed = [r for r in results.values() if not r.ok]
        if failed:
            raise SystemExit(f"{name}: {len(failed)} pages failed, e.g. {failed[0]}")
        return Row(
            name=name,
            jobs=settings.jobs,
            per_host=settings.per_host,
            host_delay=settings.host_delay,
            seconds=seconds,
            per_host_max=max(s.max_concurrent for s in servers),
            overall_max=tracker.max_concurrent,
            summary=summarize(results),
        )
    finally:
        for server in servers:
            server.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hosts", type=int, default=10, help="loopback hosts (default 10)")
    parser.add_argument("--pages", type=int, default=100, help="pages in all (default 100)")
    parser.add_argument("--delay", type=float, default=0.2, help="seconds per response")
    parser.add_argument("--large", action="store_true", help="200 pages on 20 hosts")
    parser.add_argument("--skip-sequential", action="store_true", help="only the default run")
    args = parser.parse_args(argv)
    if args.large:
        args.hosts, args.pages = 20, 200
    if not 1 <= args.hosts <= 200:
        parser.error("--hosts must be between 1 and 200")
    hosts = [f"127.0.0.{11 + i}" for i in range(args.hosts)]

    base = Settings(allow_private_hosts=True, use_archive=False, retries=0)
    runs = [("default", base)]
    if not args.skip_sequential:
        runs.insert(0, ("sequential", replace(base, jobs=1, per_host=1)))
    print(
        f"{args.pages} pages on {args.hosts} hosts ({hosts[0]} … {hosts[-1]}), "
        f"{args.delay * 1000:.0f} ms per response"
    )
    rows = [measure(name, s, hosts, args.pages, args.delay) for name, s in runs]

    header = f"{'run':<11} {'jobs':>4} {'per_host':>8} {'delay':>6} {'wall s':>8} "
    header += f"{'speed-up':>8} {'max/host':>8} {'max all':>7}"
    print(header)
    print("-" * len(header))
    slowest = rows[0].seconds
    for row in rows:
        print(
            f"{row.name:<11} {row.jobs:>4} {row.per_host:>8} {row.host_delay:>6.2f} "
            f"{row.seconds:>8.2f} {slowest / row.seconds:>7.1f}x {row.per_host_max:>8} "
            f"{row.overall_max:>7}"
        )
    print(rows[-1].summary)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
