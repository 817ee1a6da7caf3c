"""How `claimcheck run` reads its sources, end to end: real processes, real local servers, real
files. Short pages are sources; slow servers cost the deadline, no more; pages that are not the
source are said to be so, and are asked for again next run."""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

from clirun import claimcheck
from localserver import LocalServer, Reply

SETTINGS = "use-archive = false\nallow-private-hosts = true\n"


def project(folder: Path, sources: dict[str, str], claims: list[tuple[str, str, str]]) -> Path:
    """A claims file: ``sources`` key -> 'url: …' or 'path: …'; claims as (id, text, key)."""
    (folder / "claimcheck.toml").write_text(SETTINGS, encoding="utf-8")
    lines = ["sources:"] + [f"  {k}: {{{v}}}" for k, v in sources.items()] + ["claims:"]
    for claim_id, text, key in claims:
        lines += [f"  - id: {claim_id}", f'    text: "{text}"', f"    sources: [{key}]"]
    path = folder / "claims.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run(folder: Path, *extra: str) -> tuple[subprocess.CompletedProcess[str], dict]:
    result = claimcheck("run", "claims.yaml", "--format", "json", *extra, cwd=folder)
    assert result.stdout.startswith("{"), result.stderr
    return result, json.loads(result.stdout)


def figures(report: dict) -> dict[str, tuple[str, str]]:
    return {c["id"]: (c["figures"][0]["verdict"], c["figures"][0]["reason"]) for c in
            report["claims"]}  # fmt: skip


def test_short_pages_and_notes_are_sources(tmp_path: Path, server: LocalServer) -> None:
    one = server.add(
        "/brief",
        Reply(body="<p>Harbor Cloud revenue grew 18% to 12.3 billion yuan in the quarter.</p>"),
    )
    gbk = server.add(
        "/cn",
        Reply(
            body='<html><head><meta charset="gbk"></head><body><p>云业务收入增长18%。</p>'
            "<p>付费客户超过41,000家。</p></body></html>".encode("gbk"),
            content_type="text/html",
        ),
    )
    (tmp_path / "note.txt").write_text(
        "Call notes, 4 June\nThe CFO said paying customers passed 41,000.\n", encoding="utf-8"
    )
    project(
        tmp_path,
        {"1": f'url: "{one}"', "2": f'url: "{gbk}"', "3": "path: note.txt"},
        [
            ("growth", "Harbor Cloud revenue grew 18%", "1"),
            ("cn-growth", "云业务收入增长18%", "2"),
            ("customers", "paying customers passed 41,000", "3"),
        ],
    )
    result, report = run(tmp_path)
    assert result.returncode == 0, result.stderr
    assert {k: v[0] for k, v in figures(report).items()} == {
        "growth": "supported",
        "cn-growth": "supported",
        "customers": "supported",
    }


def test_a_slow_server_costs_the_deadline_and_no_more(tmp_path: Path, server: LocalServer) -> None:
    drip = server.add("/drip", Reply(body="x", headers={"X-Pad": "p" * 200}, header_drip=0.1))
    stall = server.add("/stall", Reply(body="x", delay=60))
    project(
        tmp_path,
        {"1": f'url: "{drip}"', "2": f'url: "{stall}"'},
        [("a", "revenue grew 18%", "1"), ("b", "revenue grew 18%", "2")],
    )
    started = time.monotonic()
    _, report = run(tmp_path, "--timeout", "1")
    assert time.monotonic() - started < 10  # both at once, each within its deadline
    assert set(figures(report).values()) == {("unverifiable", "timeout")}
    details = {c["figures"][0]["detail"] for c in report["claims"]}
    assert details == {"no complete response within 1 s (--timeout)"}


def test_a_bot_wall_is_unverifiable_and_asked_for_again_next_run(
    tmp_path: Path, server: LocalServer
) -> None:
    wall = Path(__file__).parents[1] / "fixtures" / "extract" / "challenge_cloudflare.html"
    page = "<p>Harbor Cloud revenue grew 18% to 12.3 billion yuan in the June quarter.</p>"
    url = server.add("/r", [Reply(body=wall.read_bytes()), Reply(body=page)])
    project(tmp_path, {"1": f'url: "{url}"'}, [("growth", "Harbor Cloud revenue grew 18%", "1")])
    _, first = run(tmp_path)
    assert figures(first) == {"growth": ("unverifiable", "blocked")}
    assert "claimcheck cache import" in first["claims"][0]["figures"][0]["detail"]
    _, second = run(tmp_path)
    assert figures(second) == {"growth": ("supported", "exact")}
