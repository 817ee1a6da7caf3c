"""``--format jsonl``: one JSON object per line, written claim by claim as the run goes; the same
claims, sources and counts as the JSON report, every line valid under the schema's
``$defs/jsonl_line``, and the same exit code."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from archive import run_json, serve_pages, write_archive
from claimcheck.report.schema import load_schema, validate_line
from clirun import claimcheck
from localserver import LocalServer, Reply, Request, html


def records(text: str) -> list[dict[str, Any]]:
    lines = [json.loads(line) for line in text.splitlines()]
    for line in lines:
        assert validate_line(line) == [], line
    return lines


def test_streamed_lines_say_what_the_json_report_says(
    tmp_path: Path, make_server: Callable[..., LocalServer]
) -> None:
    write_archive(tmp_path, serve_pages(make_server("127.0.0.2")))
    json_run, report = run_json(tmp_path, "--cache-dir", "cache")
    streamed = claimcheck(
        "run", "claims", "--format", "jsonl", "--allow-private-hosts", "--cache-dir", "c2",
        "--jobs", "2", cwd=tmp_path,
    )  # fmt: skip
    assert streamed.returncode == json_run.returncode == 1, streamed.stderr
    lines = records(streamed.stdout)
    kinds = [line["record"] for line in lines]
    assert kinds[0] == "run" and kinds[-1] == "summary"
    assert lines[0]["schema"] == "claimcheck.jsonl/1"
    claims = [line["claim"] for line in lines if line["record"] == "claim"]
    assert sorted(claims, key=lambda c: (c["file"], c["line"])) == sorted(
        report["claims"], key=lambda c: (c["file"], c["line"])
    )
    moment = ("fetched_at", "from_cache", "provenance")
    sources = [line["source"] for line in lines if line["record"] == "source"]
    assert [{k: v for k, v in s.items() if k not in moment} for s in sources] == [
        {k: v for k, v in s.items() if k not in moment} for s in report["sources"]
    ]
    summary = lines[-1]
    assert summary["summary"] == report["summary"] and summary["figures"] == report["figures"]
    assert summary["coverage"] == report["coverage"]
    assert summary["coverage"]["line"] in streamed.stderr  # the human lines go to stderr


def test_jsonl_beside_other_reports_is_written_from_the_whole_report(
    tmp_path: Path, make_server: Callable[..., LocalServer]
) -> None:
    write_archive(tmp_path, serve_pages(make_server("127.0.0.2")))
    _, report = run_json(tmp_path, "--cache-dir", "cache", "--report", "jsonl=out/lines.jsonl")
    lines = records((tmp_path / "out" / "lines.jsonl").read_text(encoding="utf-8"))
    claims = [line["claim"] for line in lines if line["record"] == "claim"]
    assert claims == report["claims"]  # in report order


def test_the_schema_documents_the_lines() -> None:
    schema = load_schema()
    assert "jsonl_line" in schema["$defs"] and "jsonl" in schema["description"]
    printed = claimcheck("schema")
    assert '"jsonl_line"' in printed.stdout


@pytest.mark.parametrize(
    ("quick", "where"),
    [(1, []), (4, []), (4, ["--dask", "local"])],
    ids=["checked-here", "worker-processes", "dask"],
)
def test_claim_lines_come_while_other_pages_are_still_downloading(
    tmp_path: Path, make_server: Callable[..., LocalServer], quick: int, where: list[str]
) -> None:
    if where:
        pytest.importorskip("distributed", reason="--dask needs claimcheck[dask]")
    server = make_server("127.0.0.2")
    release = threading.Event()

    def held(_: Request) -> Reply:  # answers only once the test has seen the other claims
        release.wait(60)
        return html("<p>The harbour handled 310 ships in March.</p>")

    urls = {quick + 1: server.add("/held", held)}
    claims = [
        f'  - {{id: ships, text: "The harbour handled 310 ships", sources: [{quick + 1}],\n'
        '     figures: [{value: "310", about: ships the harbour handled}]}'
    ]
    for n in range(1, quick + 1):
        page = f"<p>Ferry line {n} carried {n},800 passengers in March.</p>"
        urls[n] = server.add(f"/quick{n}", html(page))
        claims.append(
            f'  - {{id: line-{n}, text: "Ferry line {n} carried {n},800 passengers", '
            f'sources: [{n}],\n     figures: [{{value: "{n},800", '
            f"about: passengers of ferry line {n}}}]}}"
        )
    (tmp_path / "claims").mkdir()
    (tmp_path / "claims" / "port.yaml").write_text(
        "sources:\n"
        + "".join(f'  {n}: {{url: "{url}"}}\n' for n, url in urls.items())
        + "claims:\n"
        + "\n".join(claims)
        + "\n",
        encoding="utf-8",
    )
    run = subprocess.Popen(
        [sys.executable, "-m", "claimcheck", "run", "claims", "--format", "jsonl",
         "--allow-private-hosts", "--cache-dir", "c", "--jobs", "2", *where],
        cwd=tmp_path, env={**os.environ, "NO_COLOR": "1"}, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    lines: queue.SimpleQueue[str] = queue.SimpleQueue()
    threading.Thread(target=lambda: [lines.put(x) for x in run.stdout or ()], daemon=True).start()
    try:
        assert json.loads(lines.get(timeout=60))["record"] == "run"
        early = [json.loads(lines.get(timeout=60)) for _ in range(quick)]  # /held unanswered
        assert {e["claim"]["id"] for e in early} == {f"line-{n}" for n in range(1, quick + 1)}
        assert all(e["claim"]["figures"][0]["verdict"] == "supported" for e in early), early
        assert not release.is_set()
    finally:
        release.set()
    assert run.wait(timeout=60) == 0, run.stderr.read() if run.stderr else ""
    rest = [json.loads(lines.get(timeout=10)) for _ in range(quick + 3)]
    assert [r["record"] for r in rest] == ["claim"] + ["source"] * (quick + 1) + ["summary"]
    assert rest[0]["claim"]["id"] == "ships"  # and its page came in time: no download gave up
    assert rest[0]["claim"]["figures"][0]["verdict"] == "supported", rest[0]
