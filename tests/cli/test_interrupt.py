"""Ctrl-C and SIGTERM stop a run at once, keep what was fetched, and the next run resumes.

Real processes against a real local server that stalls; the signal goes to the process group
(as a terminal's Ctrl-C does), to the process alone (as `kill` and CI runners do), or as a
Ctrl-C byte typed into a pseudo-terminal.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import signal
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

import pytest

from claimcheck.store import Cache
from clirun import claimcheck
from localserver import LocalServer, Reply, html

# generous: the run must stop "within about a second"; the benchmark measures the real figure
STOP_WITHIN = 3.0
PAGE = "<html><body><p>Harbor Cloud revenue grew 18% to 12.3 billion yuan.</p></body></html>"


def project(tmp_path: Path, server: LocalServer, stalls: int = 3) -> list[str]:
    """A claims file citing one quick page and ``stalls`` pages that never finish."""
    urls = [server.add("/fast", html(PAGE))]
    urls += [server.add(f"/stall{n}", Reply(body="x", header_bytes=25)) for n in range(stalls)]
    (tmp_path / "claimcheck.toml").write_text("use-archive = false\nallow-private-hosts = true\n")
    lines = ["sources:"] + [f'  {n}: {{url: "{u}"}}' for n, u in enumerate(urls, 1)]
    lines += ["claims:"]
    for n in range(1, len(urls) + 1):
        lines += [f"  - id: c{n}", '    text: "revenue grew 18%"', f"    sources: [{n}]"]
    (tmp_path / "claims").mkdir()
    (tmp_path / "claims" / "story.yaml").write_text("\n".join(lines) + "\n")
    return urls


def env() -> dict[str, str]:
    out = {**os.environ, "NO_COLOR": "1"}
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY"):
        out.pop(name, None)
    return out


def wait_for(condition: object, timeout: float = 30.0) -> None:
    end = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        if time.monotonic() > end:
            raise AssertionError("the run never got to the point under test")
        time.sleep(0.05)


def in_flight(tmp_path: Path, server: LocalServer, urls: list[str]) -> bool:
    """The quick page is committed to the cache and every stalling download has started."""
    stalled = all(server.hits[f"/stall{n}"] for n in range(len(urls) - 1))
    return stalled and Cache(tmp_path / "cache").get(urls[0]) is not None


def leftovers(tmp_path: Path) -> list[Path]:
    return list((tmp_path / "cache").rglob("*.tmp"))


@pytest.mark.parametrize("how", ["ctrl-c to the process group", "sigterm to the process"])
def test_a_signal_stops_the_run_promptly_and_the_next_run_resumes(
    tmp_path: Path, server: LocalServer, how: str
) -> None:
    urls = project(tmp_path, server)
    proc = subprocess.Popen(
        [sys.executable, "-m", "claimcheck", "run", "--timeout", "60", "--format", "json"],
        cwd=tmp_path,
        env=env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, like a job in a shell
    )
    try:
        wait_for(lambda: in_flight(tmp_path, server, urls))
        started = time.monotonic()
        if how.startswith("ctrl-c"):
            os.killpg(proc.pid, signal.SIGINT)
        else:
            proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=30)
        elapsed = time.monotonic() - started
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, err
    assert err.strip().splitlines()[-1] == (
        "interrupted: 1 of 4 sources fetched; run again to resume"
    )
    assert elapsed < STOP_WITHIN
    assert out == ""  # no report pretends to be complete
    cache = Cache(tmp_path / "cache")
    assert cache.get(urls[0]) is not None  # what was committed stays
    assert all(cache.record(u) is None for u in urls[1:])  # nothing half-done was recorded
    assert leftovers(tmp_path) == []

    for n in range(3):  # the slow site recovers; the next run fetches only what is missing
        server.add(f"/stall{n}", html(PAGE))
    again = claimcheck("fetch", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip().startswith("4 sources: 3 fetched, 1 from cache")


def test_ctrl_c_typed_at_a_terminal_stops_the_run(tmp_path: Path, server: LocalServer) -> None:
    urls = project(tmp_path, server)
    master, slave = pty.openpty()

    def own_terminal() -> None:
        # a new session whose controlling terminal is the pty: ^C there sends SIGINT to us
        os.setsid()
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    proc = subprocess.Popen(
        [sys.executable, "-m", "claimcheck", "run", "--timeout", "60"],
        cwd=tmp_path,
        env={**env(), "TERM": "xterm", "COLUMNS": "100"},
        stdin=slave,
        stdout=slave,
        stderr=slave,
        preexec_fn=own_terminal,
    )
    os.close(slave)
    screen: list[bytes] = []

    def drain() -> None:  # keep the terminal's buffer empty so the run never blocks on writes
        with contextlib.suppress(OSError):
            while chunk := os.read(master, 4096):
                screen.append(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        wait_for(lambda: in_flight(tmp_path, server, urls))
        started = time.monotonic()
        os.write(master, b"\x03")  # the user presses Ctrl-C
        proc.wait(timeout=30)
        elapsed = time.monotonic() - started
    finally:
        if proc.poll() is None:
            proc.kill()
        reader.join(2)
        os.close(master)
    text = b"".join(screen).decode("utf-8", "replace")
    assert proc.returncode == 130
    assert "interrupted: 1 of 4 sources fetched; run again to resume" in text
    assert elapsed < STOP_WITHIN
    assert leftovers(tmp_path) == []
