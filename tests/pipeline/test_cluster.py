"""Extraction and matching on Dask: ``--dask local`` (a LocalCluster) and ``--dask
tcp://127.0.0.1:PORT`` (a scheduler and two workers started here as processes, as a user starts
them) give the verdicts of a local run, byte for byte, even when a worker is killed mid-run;
``fetch --dask`` leaves the pages' text in the cache; and without distributed installed
``--dask`` is exit 2 with the install command."""

from __future__ import annotations

import contextlib
import json
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from archive import cluster, run_json, same_verdicts, serve_pages, write_archive
from clirun import ROOT, claimcheck, claimcheck_without
from localserver import LocalServer

pytest.importorskip("distributed", reason="--dask needs claimcheck[dask]")


@pytest.fixture
def archive(tmp_path: Path, make_server: Callable[..., LocalServer]) -> Path:
    write_archive(tmp_path, serve_pages(make_server("127.0.0.2")), pages=8, figures=80)
    return tmp_path


@pytest.fixture
def scheduler(tmp_path: Path) -> Iterator[str]:
    with cluster(tmp_path) as (address, _):
        yield address


@pytest.mark.slow
def test_local_cluster_gives_a_local_runs_verdicts(archive: Path) -> None:
    local, expected = run_json(archive, "--cache-dir", "cache-local", "--jobs", "2")
    result, report = run_json(archive, "--cache-dir", "cache-dask", "--dask", "local")
    assert result.returncode == local.returncode == 1, result.stderr
    same_verdicts(expected, report)
    # the workers kept text and verdicts in the cache: a warm run reads them, no cluster needed
    assert list((archive / "cache-dask" / "text").rglob("*.json"))
    _, again = run_json(archive, "--cache-dir", "cache-dask", "--offline")
    same_verdicts(expected, again, offline=True)


@pytest.mark.slow
def test_scheduler_and_workers_as_processes(archive: Path, scheduler: str) -> None:
    local, expected = run_json(archive, "--cache-dir", "cache-local")
    fetched = claimcheck(
        "fetch", "claims", "--allow-private-hosts", "--cache-dir", "cache-dask",
        "--dask", scheduler, cwd=archive,
    )  # fmt: skip
    assert fetched.returncode == 0, fetched.stderr
    texts = list((archive / "cache-dask" / "text").rglob("*.json"))
    assert len(texts) == 10  # the cluster extracted every page that was read (8 + 2 web pages)
    assert not (archive / "cache-dask" / "blobs" / "results").exists()  # and matched nothing
    result, report = run_json(archive, "--cache-dir", "cache-dask", "--dask", scheduler)
    assert result.returncode == local.returncode, result.stderr
    same_verdicts(expected, report)


@pytest.mark.slow
def test_check_on_a_local_cluster_gives_the_verdicts_of_check_here(tmp_path: Path) -> None:
    # `check` drafts in the client and hands pages to the cluster as `run` does
    article = ROOT / "examples" / "quickstart" / "article.md"
    here = claimcheck("check", str(article), "--format", "json", "--cache-dir", "c1", cwd=tmp_path)
    with socket.socket() as taken:  # the port a LocalCluster's HTTP server would take
        with contextlib.suppress(OSError):  # already taken by something else: the same case
            taken.bind(("", 8787))
            taken.listen()
        there = claimcheck("check", str(article), "--format", "jsonl", "--cache-dir", "c2",
                           "--dask", "local", cwd=tmp_path)  # fmt: skip
    assert "Warning" not in there.stderr, there.stderr  # distributed's notes stay out of it
    assert here.returncode == there.returncode == 1, there.stderr
    lines = [json.loads(line) for line in there.stdout.splitlines()]
    streamed = {c["claim"]["id"]: c["claim"]["figures"] for c in lines if c["record"] == "claim"}
    whole = {c["id"]: c["figures"] for c in json.loads(here.stdout)["claims"]}
    assert streamed == whole and len(whole) > 3
    # and it is the cluster that is asked: one that cannot be reached is exit 2, as for `run`
    away = claimcheck("check", str(article), "--dask", "tcp://127.0.0.1:9", cwd=tmp_path)
    assert away.returncode == 2 and "cannot reach the Dask scheduler" in away.stderr


def test_dask_from_the_config_file_and_its_errors(archive: Path) -> None:
    toml = archive / "claimcheck.toml"
    toml.write_text(toml.read_text() + 'dask = "tcp://127.0.0.1:9"\n', encoding="utf-8")
    result = claimcheck("run", "claims", "--allow-private-hosts", cwd=archive)
    assert result.returncode == 2 and result.stdout == ""
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in result.stderr
    here = claimcheck("run", "claims", "--allow-private-hosts", "--dask", "off", cwd=archive)
    assert here.returncode == 1 and "Dask" not in here.stderr, here.stderr  # run here, as asked
    toml.write_text("dask = 8786\n", encoding="utf-8")
    bad = claimcheck("run", "claims", cwd=archive)
    assert bad.returncode == 2 and "setting 'dask': expected a scheduler address" in bad.stderr


def test_without_distributed_dask_is_exit_2_with_the_install_command(tmp_path: Path) -> None:
    quickstart = str(ROOT / "examples" / "quickstart")
    result = claimcheck_without("distributed", "run", quickstart, "--dask", "local", cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert "pip install 'claimcheck[dask]'" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_a_worker_killed_mid_run_loses_nothing(
    tmp_path: Path, make_server: Callable[..., LocalServer]
) -> None:
    write_archive(tmp_path, serve_pages(make_server("127.0.0.2")), pages=24, figures=240, kb=60)
    _, expected = run_json(tmp_path, "--cache-dir", "cache-local")
    results = tmp_path / "cache-dask" / "blobs" / "results"
    with cluster(tmp_path, nanny=False) as (address, workers):
        run = subprocess.Popen(
            [sys.executable, "-m", "claimcheck", "run", "claims", "--format", "json",
             "--allow-private-hosts", "--cache-dir", "cache-dask", "--dask", address],
            cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        deadline = time.monotonic() + 90
        while run.poll() is None and time.monotonic() < deadline:
            if results.is_dir() and len(list(results.rglob("*"))) >= 6:
                break
            time.sleep(0.05)
        assert run.poll() is None, "the run ended before a worker could be killed"
        workers[0].kill()  # mid-run, with tasks in hand
        out, err = run.communicate(timeout=120)
    assert run.returncode == 1, err
    same_verdicts(expected, json.loads(out))  # its tasks ran again on the other worker
