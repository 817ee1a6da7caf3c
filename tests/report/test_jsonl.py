"""``--format jsonl``: one JSON object per line, written claim by claim as the run goes; the same
claims, sources and counts as the JSON report, every line valid under the schema's
``$defs/jsonl_line``, and the same exit code."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from archive import run_json, serve_pages, write_archive
from claimcheck.report.schema import load_schema, validate_line
from clirun import claimcheck
from localserver import LocalServer


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
