"""The cache on object storage, against a real S3 API on loopback (moto's server, in a thread
of the test process): the records round-trip, a foreign body is refused, and ``claimcheck run
--cache-dir s3://...`` fetches and stores cold, reads warm, reproduces offline, and two runs
writing one prefix at once corrupt nothing."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from archive import cluster, run_json, same_verdicts, serve_pages, write_archive
from clirun import ROOT, claimcheck
from localserver import LocalServer

moto_server = pytest.importorskip("moto.server", reason="the s3 tests need moto[server]")
boto3 = pytest.importorskip("boto3")
pytest.importorskip("s3fs", reason="a cache on S3 needs s3fs: pip install 'claimcheck[s3]'")

BUCKET = "claimcheck-audits"


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    """A real S3 API on 127.0.0.1 (moto in server mode), on a free port, for this module."""
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # a line per request otherwise
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3(s3_endpoint: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """The AWS environment a user sets (here, and so in every claimcheck process the test
    starts), a fresh bucket, and a client to look into it."""
    env = {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_ENDPOINT_URL": s3_endpoint,
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    client = boto3.client("s3", endpoint_url=s3_endpoint)
    client.create_bucket(Bucket=BUCKET)
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def keys(client: Any, prefix: str) -> list[str]:
    listed = client.list_objects_v2(Bucket=BUCKET, Prefix=prefix).get("Contents", [])
    return sorted(item["Key"][len(prefix) :] for item in listed)


def test_records_round_trip_and_a_foreign_body_is_refused(s3: Any, tmp_path: Path) -> None:
    from claimcheck.store import Derived, PageInfo, RemoteCache, open_cache

    cache = open_cache(f"s3://{BUCKET}/unit")
    assert isinstance(cache, RemoteCache)
    url = "https://example.com/report"
    stored = cache.put(url, b"<p>revenue 5%</p>", PageInfo(content_type="text/html"))
    again = cache.get(url)
    assert again == stored and again is not None and again.read_body() == b"<p>revenue 5%</p>"
    assert keys(s3, "unit/") == [
        f"bodies/{stored.sha256[:2]}/{stored.sha256}",
        f"pages/{stored.key[:2]}/{stored.key}.json",
    ]
    assert [e.url for e in cache.list_entries()] == [url]
    # a failure never replaces a good page
    assert cache.put_failure(url, "http_404", "gone").ok
    # an object under a body's digest that is not that body is an error, never evidence
    s3.put_object(Bucket=BUCKET, Key=f"unit/bodies/{stored.sha256[:2]}/{stored.sha256}", Body=b"x")
    with pytest.raises(ValueError, match="does not match its sha256"):
        again.read_body()
    derived = Derived(f"s3://{BUCKET}/unit")
    derived.put_json("results", "k" * 64, {"a": 1})
    assert derived.get_json("results", "k" * 64) == {"a": 1}
    assert derived.get_text("0" * 64, "3") is None
    assert cache.delete(url) and cache.get(url) is None
    saved = tmp_path / "saved.html"
    saved.write_bytes(b"<p>saved by hand past a bot wall</p>")
    imported = cache.import_file("https://example.com/walled", saved)
    assert imported.provenance == "imported" and imported.read_body() == saved.read_bytes()
    assert [e.provenance for e in cache.list_entries()] == ["imported"]


def test_run_cold_warm_offline_on_s3(
    tmp_path: Path, s3: Any, make_server: Callable[..., LocalServer]
) -> None:
    server = serve_pages(make_server("127.0.0.2"))
    write_archive(tmp_path, server)
    cache = f"s3://{BUCKET}/audit/weekly"
    cold, report = run_json(tmp_path, "--cache-dir", cache)
    assert cold.returncode == 1, cold.stderr
    assert "3 sources" not in cold.stderr and "2 fetched" in cold.stderr, cold.stderr
    stored = keys(s3, "audit/weekly/")
    assert sum(k.startswith("bodies/") for k in stored) == 2  # the two good pages
    assert sum(k.startswith("pages/") for k in stored) == 3  # and the 404, recorded
    assert any(k.startswith("text/") for k in stored)
    assert any(k.startswith("blobs/results/") for k in stored)
    assert not (tmp_path / "cache").exists()  # nothing went to a local folder
    hits = dict(server.hits)
    warm, again = run_json(tmp_path, "--cache-dir", cache)
    assert "2 from cache" in warm.stderr and "cache entry ignored" not in warm.stderr
    assert dict(server.hits) == {**hits, "/ir/old": hits["/ir/old"] + 1}  # only the 404 again
    same_verdicts(report, again)
    offline, replay = run_json(tmp_path, "--cache-dir", cache, "--offline")
    assert offline.returncode == 1 and "cache entry ignored" not in offline.stderr
    same_verdicts(report, replay, offline=True)
    _, mine = run_json(tmp_path, "--cache-dir", "cache")
    same_verdicts(report, mine)  # the same verdicts as with a cache folder


def test_two_runs_at_once_on_one_prefix(
    tmp_path: Path, s3: Any, make_server: Callable[..., LocalServer]
) -> None:
    server = serve_pages(make_server("127.0.0.2"))
    write_archive(tmp_path, server, pages=8, figures=80)
    cache = f"s3://{BUCKET}/shared"
    command = [sys.executable, "-m", "claimcheck", "run", "claims", "--format", "json",
               "--allow-private-hosts", "--cache-dir", cache, "--refresh"]  # fmt: skip
    env = {**os.environ, "NO_COLOR": "1"}
    runs = [
        subprocess.Popen(
            command,
            cwd=tmp_path,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=120) for run in runs]
    reports = []
    for run, (out, err) in zip(runs, outputs, strict=True):
        assert run.returncode == 1, err
        assert "cache entry ignored" not in err, err
        reports.append(json.loads(out))
    same_verdicts(reports[0], reports[1])
    result, replay = run_json(tmp_path, "--cache-dir", cache, "--offline")
    assert "cache entry ignored" not in result.stderr, result.stderr
    same_verdicts(reports[0], replay, offline=True)
    listed = claimcheck("cache", "list", "--cache-dir", cache, cwd=tmp_path)
    assert listed.returncode == 0 and "3 entries in" in listed.stderr, listed.stderr


def test_a_missing_bucket_is_exit_2_before_anything_runs(tmp_path: Path, s3: Any) -> None:
    quickstart = str(ROOT / "examples" / "quickstart")
    url = "s3://no-such-bucket-here/x"
    told = "claimcheck: error: cache s3://no-such-bucket-here/x: there is no such bucket"
    # offline too: a mistyped bucket is not an empty cache to read as it is
    for extra in ([], ["--offline"]):
        result = claimcheck("run", quickstart, "--cache-dir", url, *extra)
        assert result.returncode == 2 and result.stdout == "", result.stderr
        assert told in result.stderr and "sources:" not in result.stderr
    listed = claimcheck("cache", "list", "--cache-dir", url)
    assert listed.returncode == 2 and told in listed.stderr and "0 entries" not in listed.stderr
    empty = claimcheck("cache", "list", "--cache-dir", f"s3://{BUCKET}/nothing-yet")
    assert empty.returncode == 0 and "0 entries in" in empty.stderr  # a bucket, empty so far


def test_a_store_that_cannot_be_reached_is_exit_2_without_a_traceback(tmp_path: Path) -> None:
    env = {**os.environ, "AWS_ENDPOINT_URL": "http://127.0.0.1:9", "AWS_MAX_ATTEMPTS": "1",
           "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}  # fmt: skip
    quickstart = str(ROOT / "examples" / "quickstart")
    for command in (["run", quickstart, "--offline"], ["cache", "list"]):
        result = subprocess.run(
            [sys.executable, "-m", "claimcheck", *command, "--cache-dir", f"s3://{BUCKET}/x"],
            env=env, capture_output=True, text=True, cwd=tmp_path, timeout=120,
        )  # fmt: skip
        assert result.returncode == 2, result.stderr
        assert f"cache s3://{BUCKET}/x cannot be read: Could not connect" in result.stderr
        assert "Traceback" not in result.stderr and "internal error" not in result.stderr


@pytest.mark.slow
def test_workers_that_cannot_use_the_bucket_stop_the_run_before_it_fetches(
    tmp_path: Path, s3: Any, make_server: Callable[..., LocalServer]
) -> None:
    pytest.importorskip("distributed", reason="--dask needs claimcheck[dask]")
    server = serve_pages(make_server("127.0.0.2"))
    write_archive(tmp_path, server)
    # the workers were started without the AWS environment this client has
    bare = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    bare["AWS_SHARED_CREDENTIALS_FILE"] = bare["AWS_CONFIG_FILE"] = str(tmp_path / "none")
    bare["AWS_EC2_METADATA_DISABLED"] = "true"  # never ask a metadata service for credentials
    with cluster(tmp_path, env=bare) as (address, _):
        result = claimcheck(
            "run", "claims", "--allow-private-hosts", "--cache-dir", f"s3://{BUCKET}/w",
            "--dask", address, cwd=tmp_path,
        )  # fmt: skip
    assert result.returncode == 2 and result.stdout == "", result.stderr
    assert f"the Dask workers cannot use the cache s3://{BUCKET}/w" in result.stderr
    assert "AWS_ENDPOINT_URL" in result.stderr
    assert server.hits == {}  # stopped before a single page was fetched
    assert not keys(s3, "w/pages/")
