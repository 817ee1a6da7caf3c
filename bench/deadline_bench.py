"""How well do deadlines and interruptions hold? Exact figures for what the tests bound loosely.

Part 1 fetches one URL from a local server that misbehaves in one way (drips its headers,
stalls half-way through them, never answers, drips its body with or without a length) or whose
name takes forever to resolve, with ``--timeout`` as the deadline and per-operation timeouts far
above it; it prints how long the download took and by how much it overran the deadline.

Part 2 starts ``claimcheck run`` as a real process against a server whose pages stall, sends
SIGINT to its process group once every download is in flight, and measures how long the process
takes to exit (and checks that it says "interrupted: …" and exits 130).

    python bench/deadline_bench.py                  # deadline 2 s, 5 interruptions
    python bench/deadline_bench.py --timeout 5 --runs 10
    python bench/deadline_bench.py --src /tmp/base/src   # another version (e.g. `git archive`)

Only loopback addresses are contacted. A download still running at 3x the deadline + 10 s is
reported as hung and abandoned (what an older version does with a dripping server).
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
_SRC = sys.argv[sys.argv.index("--src") + 1] if "--src" in sys.argv else str(HERE.parent / "src")
sys.path.insert(0, _SRC)
sys.path.insert(0, str(HERE.parent / "tests"))  # the test suite's local server

from claimcheck.config import Settings  # noqa: E402
from claimcheck.net import Fetcher  # noqa: E402
from claimcheck.store import Cache  # noqa: E402
from localserver import LocalServer, Reply  # noqa: E402

CASES = {
    "drip headers (1 byte / 100 ms)": Reply(
        body="x", headers={"X-Pad": "p" * 400}, header_drip=0.1
    ),
    "headers stall half-way": Reply(body="x", header_bytes=30),
    "never answers": Reply(body="x", delay=600),
    "drip body (1 byte / 50 ms)": Reply(body="b" * 5000, drip=0.05),
    "drip body, no length": Reply(body="b" * 5000, drip=0.05, no_length=True),
}
SLOW_NAME = "slow-dns.test"


def fetch_once(settings: Settings, url: str, cap: float) -> tuple[float, str]:
    result: list[str] = []

    def work() -> None:
        with Fetcher(settings, Cache(settings.cache_dir)) as fetcher:
            r = fetcher.fetch(url)
        result.append(r.error_reason or "ok")

    started = time.monotonic()
    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    worker.join(cap)
    elapsed = time.monotonic() - started
    return elapsed, result[0] if result else "hung"


def part1(timeout: float) -> None:
    cap = 3 * timeout + 10
    print(f"Part 1: one download, --timeout {timeout:g} s (connect/read timeouts 60 s)")
    print(f"{'server':<34} {'result':<10} {'took':>8} {'overrun':>9}")
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            cache_dir=Path(tmp), timeout=timeout, connect_timeout=60.0, read_timeout=60.0,
            retries=0, host_delay=0.0, allow_private_hosts=True, use_archive=False,
        )  # fmt: skip
        for name, reply in CASES.items():
            server = LocalServer().start()
            try:
                url = server.add("/slow", reply)
                elapsed, reason = fetch_once(settings, url, cap)
            finally:
                server.stop()
            shown = f"> {cap:.0f} s" if reason == "hung" else f"{elapsed:.3f} s"
            overrun = "" if reason == "hung" else f"{elapsed - timeout:+.3f} s"
            print(f"{name:<34} {reason:<10} {shown:>8} {overrun:>9}")
        release = threading.Event()
        real = socket.getaddrinfo

        def hanging(host: str, *args: object, **kwargs: object) -> object:
            if host == SLOW_NAME:
                release.wait(cap + 5)
                raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")
            return real(host, *args, **kwargs)  # type: ignore[arg-type]

        socket.getaddrinfo = hanging  # type: ignore[assignment]
        try:
            elapsed, reason = fetch_once(settings, f"http://{SLOW_NAME}/", cap)
        finally:
            release.set()
            socket.getaddrinfo = real
        shown = f"> {cap:.0f} s" if reason == "hung" else f"{elapsed:.3f} s"
        overrun = "" if reason == "hung" else f"{elapsed - timeout:+.3f} s"
        print(f"{'DNS lookup never returns':<34} {reason:<10} {shown:>8} {overrun:>9}")


def part2(runs: int) -> None:
    print(f"\nPart 2: SIGINT to `claimcheck run` with 8 downloads stalled ({runs} runs)")
    latencies: list[float] = []
    for _ in range(runs):
        server = LocalServer().start()
        try:
            urls = [server.add(f"/s{n}", Reply(body="x", header_bytes=25)) for n in range(8)]
            with tempfile.TemporaryDirectory() as tmp:
                folder = Path(tmp)
                (folder / "claimcheck.toml").write_text("use-archive = false\nper-host = 8\n")
                lines = ["sources:"] + [f'  {n}: {{url: "{u}"}}' for n, u in enumerate(urls, 1)]
                lines += ["claims:"] + [
                    f'  - id: c{n}\n    text: "revenue grew 5%"\n    sources: [{n}]'
                    for n in range(1, len(urls) + 1)
                ]
                (folder / "c.yaml").write_text("\n".join(lines) + "\n")
                env = {**os.environ, "PYTHONPATH": _SRC}
                proc = subprocess.Popen(
                    [sys.executable, "-m", "claimcheck", "run", "c.yaml", "--allow-private-hosts",
                     "--timeout", "600"],
                    cwd=folder, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                    text=True, start_new_session=True,
                )  # fmt: skip
                end = time.monotonic() + 30
                while sum(server.hits[f"/s{n}"] for n in range(8)) < 8:
                    if time.monotonic() > end:
                        raise SystemExit("the run never got its downloads going")
                    time.sleep(0.02)
                time.sleep(0.2)
                started = time.monotonic()
                os.killpg(proc.pid, signal.SIGINT)
                try:
                    _, err = proc.communicate(timeout=120)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    _, err = proc.communicate()
                latency = time.monotonic() - started
                said = "interrupted:" in err
                latencies.append(latency)
                print(f"  exit {proc.returncode} after {latency:.3f} s; message: {said}")
        finally:
            server.stop()
    print(
        f"interruption latency: median {statistics.median(latencies):.3f} s, "
        f"max {max(latencies):.3f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--timeout", type=float, default=2.0, help="the deadline (--timeout)")
    parser.add_argument("--runs", type=int, default=5, help="interruption runs")
    parser.add_argument("--src", help="import claimcheck from this src/ folder instead")
    args = parser.parse_args()
    part1(args.timeout)
    part2(args.runs)


if __name__ == "__main__":
    main()
