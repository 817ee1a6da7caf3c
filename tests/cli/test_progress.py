"""Progress on a terminal covers every stage of a run, not only fetching; a pipe gets none."""

from __future__ import annotations

import contextlib
import os
import pty
import subprocess
import sys
import threading
from pathlib import Path

from clirun import ROOT, claimcheck

QUICKSTART = ROOT / "examples" / "quickstart"


def run_with_terminal_stderr(*args: str) -> tuple[int, str, str]:
    """Run claimcheck with stderr on a pseudo-terminal (as at a shell) and stdout on a pipe."""
    master, slave = pty.openpty()
    env = {**os.environ, "TERM": "xterm", "COLUMNS": "100"}
    env.pop("NO_COLOR", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "claimcheck", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=slave,
        stdin=subprocess.DEVNULL,
        text=True,
    )
    os.close(slave)
    screen: list[bytes] = []

    def drain() -> None:
        with contextlib.suppress(OSError):
            while chunk := os.read(master, 4096):
                screen.append(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    out, _ = proc.communicate(timeout=60)
    reader.join(5)
    os.close(master)
    return proc.returncode, out, b"".join(screen).decode("utf-8", "replace")


def test_progress_shows_loading_fetching_and_checking_on_a_terminal(tmp_path: Path) -> None:
    code, out, screen = run_with_terminal_stderr(
        "run", str(QUICKSTART), "--cache-dir", str(tmp_path / "c"), "--format", "json"
    )
    assert code == 1 and out.startswith("{")
    for stage in ("loading claims", "fetching sources", "checking figures"):
        assert stage in screen, stage


def test_no_progress_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    result = claimcheck("run", str(QUICKSTART), "--cache-dir", str(tmp_path / "c"))
    for stage in ("loading claims", "fetching sources", "checking figures"):
        assert stage not in result.stderr
