"""Run the claimcheck command as a user does: a real process, real exit code, no proxies."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_PROXIES = ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY")


def claimcheck(
    *args: str, cwd: Path = ROOT, columns: int = 200
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": str(columns)}
    for name in _PROXIES:
        env.pop(name, None)  # tests talk to loopback servers only
    return subprocess.run(
        [sys.executable, "-m", "claimcheck", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def claimcheck_without(module: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """claimcheck in a real process where ``import <module>`` fails, as it does where the
    optional extra that installs it is missing."""
    blocker = cwd / "blocked" / module
    blocker.mkdir(parents=True, exist_ok=True)
    (blocker / "__init__.py").write_text("raise ImportError('not installed')\n", encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "claimcheck", *args],
        env={"PYTHONPATH": str(blocker.parent), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=60,
    )
