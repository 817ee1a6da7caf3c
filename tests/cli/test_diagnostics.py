"""Diagnostics a user can act on: each names the line to fix and what to do, says the one thing
that is wrong (not a second, false thing), and fails before any work is wasted."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from clirun import ROOT, claimcheck
from localserver import LocalServer, html

QUICKSTART = ROOT / "examples" / "quickstart"
HEAD = 'sources:\n  1: {url: "https://example.com/results"}\nclaims:\n'


def validate(tmp_path: Path, body: bytes | str) -> subprocess.CompletedProcess[str]:
    path = tmp_path / "c.yaml"
    path.write_bytes(body.encode("utf-8") if isinstance(body, str) else body)
    return claimcheck("validate", str(path))


def problems(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [line.split(": ", 1)[0].rsplit(":", 1)[-1] + ": " + line.split(": ", 1)[1]
            for line in result.stdout.splitlines() if ".yaml:" in line]  # fmt: skip


# -- claims files ------------------------------------------------------------------------------


def test_a_path_source_that_is_a_folder_says_so_once(tmp_path: Path) -> None:
    (tmp_path / "pages").mkdir()
    result = validate(
        tmp_path,
        "sources:\n  1: {path: pages}\nclaims:\n"
        '  - id: a\n    text: "Revenue grew 5%"\n    sources: [1]\n',
    )
    assert result.returncode == 2
    # the entry's problem, and no second, false "claim cites source '1', which is not in sources"
    assert problems(result) == ["2: source 1.path 'pages' is a folder; point it at a file in it"]


def test_a_file_in_another_encoding_names_the_line_and_says_save_it_as_utf8(
    tmp_path: Path,
) -> None:
    body = HEAD + '  - id: a\n    text: "Revenue at the caf\xe9 grew 5%"\n    sources: [1]\n'
    result = validate(tmp_path, body.encode("latin-1"))
    assert result.returncode == 2
    [problem] = problems(result)
    assert problem.startswith("5: the file is not UTF-8 text (byte 0xe9 in column 30")
    assert problem.endswith("save it as UTF-8")


def test_a_utf8_file_with_a_byte_order_mark_is_fine(tmp_path: Path) -> None:
    body = HEAD + '  - id: a\n    text: "Revenue grew 5%"\n    sources: [1]\n'
    assert validate(tmp_path, b"\xef\xbb\xbf" + body.encode()).returncode == 0


def test_an_unclosed_quote_points_at_the_line_where_it_opens(tmp_path: Path) -> None:
    body = HEAD + (
        '  - id: a\n    text: "Revenue grew 5%\n    sources: [1]\n'
        '  - id: b\n    text: "Margin was 9%"\n    sources: [1]\n'
    )
    result = validate(tmp_path, body)
    assert problems(result) == [
        "5: YAML syntax error: the quote opened on this line is never closed"
    ]


def test_a_tab_in_the_indentation_says_tab(tmp_path: Path) -> None:
    result = validate(tmp_path, HEAD + '  - id: a\n\ttext: "Revenue grew 5%"\n')
    [problem] = problems(result)
    assert problem.startswith("5: YAML syntax error: a tab character;")
    assert "replace the tab with spaces" in problem


# -- flags and files -------------------------------------------------------------------------


def test_max_age_without_a_unit_is_an_error_with_an_example(tmp_path: Path) -> None:
    result = claimcheck("run", str(QUICKSTART), "--max-age", "7", "--cache-dir", str(tmp_path))
    assert result.returncode == 2
    assert "duration '7' has no unit; write e.g. 7d for 7 days" in result.stderr


def test_an_unwritable_output_fails_before_the_audit(tmp_path: Path, server: LocalServer) -> None:
    url = server.add("/r", html("<p>Harbor Cloud revenue grew 18%.</p>"))
    (tmp_path / "claimcheck.toml").write_text("use-archive = false\nallow-private-hosts = true\n")
    (tmp_path / "c.yaml").write_text(
        f'sources:\n  1: {{url: "{url}"}}\nclaims:\n  - id: a\n    text: "revenue grew 18%"\n'
        "    sources: [1]\n",
        encoding="utf-8",
    )
    (tmp_path / "blocker").write_text("a file where a folder should be")
    for flags in (["-o", "blocker/report.json", "--format", "json"],
                  ["--report", "html=blocker/r.html"], ["-o", "."]):  # fmt: skip
        result = claimcheck("run", "c.yaml", *flags, cwd=tmp_path)
        assert result.returncode == 2, flags
        assert "cannot write the report to " in result.stderr
    assert server.hits["/r"] == 0  # nothing was fetched
    assert not (tmp_path / "cache").exists()


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """Make ``folder`` really unwritable, for root too (chattr +i); skip where it cannot be."""
    os.chmod(folder, 0o555)
    for sub in folder.rglob("*"):
        if sub.is_dir():
            os.chmod(sub, 0o555)
    immutable = False
    probe = folder / ".probe"
    try:
        probe.touch()
    except OSError:
        pass
    else:
        probe.unlink()
        if (
            shutil.which("chattr") is None
            or subprocess.run(["chattr", "-R", "+i", str(folder)], capture_output=True).returncode
        ):
            pytest.skip("cannot make a folder read-only here (root, and no chattr +i)")
        immutable = True
    try:
        yield
    finally:
        if immutable:
            subprocess.run(["chattr", "-R", "-i", str(folder)], check=True)
        for sub in [folder, *folder.rglob("*")]:
            if sub.is_dir():
                os.chmod(sub, 0o755)


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p): (p.stat().st_size, p.stat().st_mtime_ns) for p in folder.rglob("*")}


def test_a_read_only_cache_works_offline(tmp_path: Path, server: LocalServer) -> None:
    url = server.add("/r", html("<p>Harbor Cloud revenue grew 18% in the June quarter.</p>"))
    (tmp_path / "claimcheck.toml").write_text("use-archive = false\nallow-private-hosts = true\n")
    (tmp_path / "c.yaml").write_text(
        f'sources:\n  1: {{url: "{url}"}}\nclaims:\n  - id: a\n'
        '    text: "Harbor Cloud revenue grew 18%"\n    sources: [1]\n',
        encoding="utf-8",
    )
    assert claimcheck("fetch", "c.yaml", cwd=tmp_path).returncode == 0  # pages only: no text yet
    cache = tmp_path / "cache"
    before = snapshot(cache)
    with read_only(cache):
        result = claimcheck("run", "c.yaml", "--offline", "--format", "json", cwd=tmp_path)
        online = claimcheck("run", "c.yaml", "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["claims"][0]["verdict"] == "supported"
    assert "not writable" in result.stderr and "--offline" in result.stderr
    assert "warning" not in result.stderr.lower() and "Traceback" not in result.stderr
    assert snapshot(cache) == before  # nothing was written, nothing lost
    assert online.returncode == 2 and "is not writable" in online.stderr  # online needs to write


def test_a_malformed_verdict_cache_entry_is_rebuilt(tmp_path: Path) -> None:
    folder = tmp_path / "qs"
    shutil.copytree(QUICKSTART, folder)
    cache = tmp_path / "cache"
    args = ("run", str(folder), "--format", "json", "--cache-dir", str(cache))
    first = json.loads(claimcheck(*args).stdout)
    blobs = list((cache / "blobs" / "results").rglob("*"))
    files = [b for b in blobs if b.is_file()]
    assert files
    for n, blob in enumerate(files):
        stored = json.loads(blob.read_bytes())
        damaged = [
            lambda v: {"value": v["value"]},  # fields missing
            lambda v: {**v, "span": "12"},  # a span that is not one
            lambda v: "garbage",  # not even an object
        ]
        blob.write_text(
            json.dumps({sig: damaged[(n + i) % 3](v) for i, (sig, v) in enumerate(stored.items())})
        )
    again = claimcheck(*args)
    assert "internal_error" not in again.stdout and "Traceback" not in again.stderr
    second = json.loads(again.stdout)
    assert [c["figures"] for c in second["claims"]] == [c["figures"] for c in first["claims"]]
    for blob in files:  # and the cache holds sound entries again
        entries = json.loads(blob.read_bytes()).values()
        assert all(isinstance(v, dict) and "verdict" in v for v in entries)
