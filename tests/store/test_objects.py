"""Object storage that cannot be used as given is exit 2 before anything runs: ``--cache-dir
s3://...`` where fsspec is not installed, with the install command (a real process in which
``import fsspec`` fails, as it does where the extra is missing), and a scheme no filesystem
serves."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from clirun import ROOT, claimcheck_without


def test_a_cache_url_without_the_s3_extra_is_exit_2_with_the_install_command(
    tmp_path: Path,
) -> None:
    quickstart = str(ROOT / "examples" / "quickstart")
    result = claimcheck_without(
        "fsspec", "run", quickstart, "--cache-dir", "s3://audits/claimcheck", cwd=tmp_path
    )
    assert result.returncode == 2, result.stderr
    assert "pip install 'claimcheck[s3]'" in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""


def test_an_unknown_scheme_is_named_and_no_extra_is_offered(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "claimcheck", "run", str(ROOT / "examples" / "quickstart"),
         "--cache-dir", "nosuchfs://bucket/x"],
        capture_output=True, text=True, cwd=tmp_path, timeout=60,
    )  # fmt: skip
    assert result.returncode == 2, result.stderr
    assert "fsspec knows no filesystem for nosuchfs://" in result.stderr
    assert "pip install" not in result.stderr and "Traceback" not in result.stderr
