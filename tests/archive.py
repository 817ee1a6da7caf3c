"""A small archive for the tests of running at scale: claims files over local pages (made by
``bench/workload.py``, as the scale benchmark makes its larger ones) and a claims file citing
web pages on a loopback server, one of them gone (404)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from clirun import ROOT, claimcheck
from localserver import LocalServer, Reply

SOURCES = Path(__file__).parent / "fixtures" / "sources"
DASK = Path(sys.executable).with_name("dask")  # the command the distributed package installs


def serve_pages(server: LocalServer) -> LocalServer:
    server.add("/ir/q3-2026", Reply(body=(SOURCES / "release.html").read_bytes()))
    server.add("/cloud", Reply(body=(SOURCES / "news.html").read_bytes(), gzip=True))
    server.add("/ir/old", Reply(status=404, body="<html><body>Not found</body></html>"))
    return server


def write_archive(
    folder: Path, server: LocalServer, pages: int = 6, figures: int = 60, kb: int = 8
) -> Path:
    """``folder``/claims: the workload's batch files and pages (``kb`` to 5x that each), and
    lantern.yaml citing ``server``; a claimcheck.toml that keeps the run on loopback."""
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "workload.py"), str(folder),
         "--pages", str(pages), "--figures", str(figures),
         "--min-kb", str(kb), "--max-kb", str(5 * kb)],
        check=True, capture_output=True,
    )  # fmt: skip
    (folder / "claimcheck.toml").write_text("use-archive = false\n", encoding="utf-8")
    (folder / "claims" / "lantern.yaml").write_text(
        f"""\
article:
  title: Lantern's cloud quarter
sources:
  1: {{url: "{server.url("/ir/q3-2026")}"}}
  2: {{url: "{server.url("/cloud")}"}}
  3: {{url: "{server.url("/ir/old")}"}}
claims:
  - id: cloud-revenue
    text: "Lantern's cloud revenue grew 31% to 21.9 billion yuan ($3.07 billion)"
    sources: [1]
  - id: cloud-margin
    text: "The cloud unit's adjusted EBITA margin was 8.0%"
    sources: [1]
  - id: investment
    text: "Lantern will spend 420 billion yuan over three years"
    sources: [2]
  - id: moved
    text: "Marketplace revenue rose 6%"
    sources: [3]
""",
        encoding="utf-8",
    )
    return folder / "claims"


def run_json(folder: Path, *args: str) -> tuple[subprocess.CompletedProcess[str], dict[str, Any]]:
    result = claimcheck(
        "run", "claims", "--format", "json", "--allow-private-hosts", *args, cwd=folder
    )
    assert result.stdout.startswith("{"), result.stderr
    return result, json.loads(result.stdout)


def same_verdicts(one: dict[str, Any], other: dict[str, Any], offline: bool = False) -> None:
    """The two reports agree claim by claim, byte for byte, and on every source but when it was
    fetched and whether this run fetched it or found it in the cache. ``offline``: ``other``
    is an offline run, where the page that failed online (the 404) is "not cached" instead."""
    moment = ("fetched_at", "from_cache", "provenance")  # "fetched" once, "cached" after

    def claims(report: dict[str, Any]) -> list[dict[str, Any]]:
        return [c for c in report["claims"] if not (offline and c["id"] == "moved")]

    def sources(report: dict[str, Any]) -> list[dict[str, Any]]:
        listed = [s for s in report["sources"] if not (offline and s["error"])]
        return [{k: v for k, v in s.items() if k not in moment} for s in listed]

    assert json.dumps(claims(one)) == json.dumps(claims(other))
    assert sources(one) == sources(other)
    if not offline:
        assert one["summary"] == other["summary"] and one["coverage"] == other["coverage"]


@contextmanager
def cluster(
    folder: Path, nanny: bool = True, env: dict[str, str] | None = None
) -> Iterator[tuple[str, list[subprocess.Popen]]]:
    """``dask scheduler`` on a free loopback port and two ``dask worker`` processes of one
    thread each, as a user starts them (in ``env``, else this environment); the scheduler's
    address and the worker processes."""
    info = folder / "scheduler.json"
    quiet: dict[str, Any] = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "env": env}
    scheduler = subprocess.Popen(
        [str(DASK), "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
         "--scheduler-file", str(info)], **quiet,
    )  # fmt: skip
    workers: list[subprocess.Popen] = []
    try:
        deadline = time.monotonic() + 60
        while not info.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        address = json.loads(info.read_text())["address"]
        for n in range(2):
            worker = [str(DASK), "worker", address, "--nthreads", "1", "--name", f"w{n}",
                      "--no-dashboard", "--local-directory", str(folder / f"w{n}"),
                      *([] if nanny else ["--no-nanny"])]  # fmt: skip
            workers.append(subprocess.Popen(worker, **quiet))
        yield address, workers
    finally:
        for proc in [*workers, scheduler]:
            proc.terminate()
        for proc in [*workers, scheduler]:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
