"""The page cache: layout, atomic entries, drift, corruption handling, temp files, read-only."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimcheck.store import Cache, PageInfo, url_key

URL = "https://example.org/report?year=2023"
META_KEYS = {
    "url",
    "final_url",
    "redirects",
    "status",
    "content_type",
    "charset",
    "etag",
    "last_modified",
    "fetched_at",
    "sha256",
    "size",
    "error",
    "provenance",
    "archive_url",
    "previous",
}


def warnings_in(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]


def test_put_then_get_round_trips_and_uses_the_documented_layout(cache: Cache) -> None:
    info = PageInfo(
        final_url=URL, status=200, content_type="text/html", charset="utf-8", etag='"v1"'
    )
    entry = cache.put(URL, b"<p>Revenue rose 12%</p>", info)

    key = hashlib.sha256(URL.encode()).hexdigest()
    body = cache.root / "pages" / key[:2] / f"{key}.body"
    meta = cache.root / "pages" / key[:2] / f"{key}.json"
    assert body.read_bytes() == b"<p>Revenue rose 12%</p>"
    text = meta.read_text()
    assert text.startswith("{\n  ")  # pretty, for people reading the cache by hand
    data = json.loads(text)
    assert set(data) == META_KEYS
    assert data["sha256"] == hashlib.sha256(b"<p>Revenue rose 12%</p>").hexdigest()
    assert data["size"] == 23
    assert data["error"] is None and data["previous"] is None
    assert data["provenance"] == "fetched"
    assert data["fetched_at"].endswith("Z") and "T" in data["fetched_at"]

    got = cache.get(URL)
    assert got == entry
    assert got is not None and got.read_body() == b"<p>Revenue rose 12%</p>"
    assert got.etag == '"v1"' and got.charset == "utf-8"
    assert not list(body.parent.glob(".*.tmp"))  # no temp files left behind


def test_fragment_is_not_part_of_the_key(cache: Cache) -> None:
    cache.put(URL, b"x")
    assert url_key(URL + "#table-2") == url_key(URL)
    got = cache.get(URL + "#table-2")
    assert got is not None and got.url == URL


def test_missing_entry_is_none(cache: Cache) -> None:
    assert cache.get(URL) is None
    assert cache.record(URL) is None
    assert list(cache.list_entries()) == []


def test_garbage_metadata_is_treated_as_missing_with_one_warning(
    cache: Cache, caplog: pytest.LogCaptureFixture
) -> None:
    cache.put(URL, b"body")
    cache.meta_path(URL).write_text("{ this is not json")
    with caplog.at_level(logging.WARNING, logger="claimcheck"):
        assert cache.get(URL) is None
        assert cache.get(URL) is None
        assert list(cache.list_entries()) == []
    assert len(warnings_in(caplog)) == 1
    assert "unreadable metadata" in warnings_in(caplog)[0]


@pytest.mark.parametrize(
    "damage",
    [
        lambda p: p.write_bytes(b"other bytes, same length?"),
        lambda p: p.write_bytes(b"bod"),  # truncated
        lambda p: p.unlink(),
    ],
    ids=["other-body", "truncated", "body-missing"],
)
def test_body_not_matching_metadata_is_treated_as_missing(
    cache: Cache, caplog: pytest.LogCaptureFixture, damage: object
) -> None:
    cache.put(URL, b"body")
    damage(cache.body_path(URL))  # type: ignore[operator]
    with caplog.at_level(logging.WARNING, logger="claimcheck"):
        assert cache.get(URL) is None
        assert cache.record(URL) is None
    assert len(warnings_in(caplog)) == 1
    assert "mismatch" in warnings_in(caplog)[0]


def test_same_length_different_bytes_is_caught_by_sha256(cache: Cache) -> None:
    cache.put(URL, b"revenue 12%")
    cache.body_path(URL).write_bytes(b"revenue 13%")
    assert cache.get(URL) is None


@pytest.mark.parametrize(
    "text",
    ["[]", "{}", '{"url": 1}', "null", json.dumps({k: None for k in META_KEYS})],
)
def test_metadata_of_the_wrong_shape_is_treated_as_missing(cache: Cache, text: str) -> None:
    cache.put(URL, b"body")
    cache.meta_path(URL).write_text(text)
    assert cache.get(URL) is None


def test_metadata_for_another_url_is_not_served(cache: Cache) -> None:
    cache.put(URL, b"body")
    data = json.loads(cache.meta_path(URL).read_text())
    data["url"] = "https://example.org/other"
    cache.meta_path(URL).write_text(json.dumps(data))
    assert cache.get(URL) is None


def test_half_written_temp_files_are_ignored_and_old_ones_cleaned(cache: Cache) -> None:
    body = cache.body_path(URL)
    body.parent.mkdir(parents=True)
    old = body.with_name(f".{body.name}.4242.deadbeef.tmp")
    fresh = body.with_name(f".{body.name}.4243.cafef00d.tmp")
    old.write_bytes(b"<html><p>half a pa")
    fresh.write_bytes(b"<html><p>being writ")
    hour_ago = time.time() - 7200
    os.utime(old, (hour_ago, hour_ago))

    assert cache.get(URL) is None  # a temp file is never an entry
    assert list(cache.list_entries()) == []
    assert not old.exists()  # stale leftovers of a killed writer go
    assert fresh.exists()  # a temp file that may still be written stays

    cache.put(URL, b"whole page")
    assert cache.get(URL) is not None
    old.write_bytes(b"x")
    os.utime(old, (hour_ago, hour_ago))
    assert cache.cleanup_temp() == 1
    assert fresh.exists() and cache.cleanup_temp(max_age=0) == 1


def test_failure_is_recorded_but_never_served(cache: Cache) -> None:
    info = PageInfo(final_url=URL, status=404)
    cache.put_failure(URL, "http_404", "the server answered HTTP 404 Not Found", info)
    assert cache.get(URL) is None
    record = cache.record(URL)
    assert record is not None and not record.ok
    assert record.error_reason == "http_404" and record.status == 404
    data = json.loads(cache.meta_path(URL).read_text())
    assert data["error"] == {
        "reason": "http_404",
        "detail": "the server answered HTTP 404 Not Found",
    }
    assert data["sha256"] is None and not cache.body_path(URL).exists()
    assert [e.url for e in cache.list_entries()] == [URL]  # listed, for `cache list`


def test_failure_never_overwrites_a_good_page(cache: Cache) -> None:
    cache.put(URL, b"good")
    kept = cache.put_failure(URL, "timeout", "slow")
    assert kept.ok
    got = cache.get(URL)
    assert got is not None and got.read_body() == b"good"


def test_new_body_records_drift_and_same_body_keeps_the_record(cache: Cache) -> None:
    first = cache.put(URL, b"revenue 12%", fetched_at="2024-01-01T00:00:00Z")
    second = cache.put(URL, b"revenue 13%", fetched_at="2024-02-01T00:00:00Z")
    assert second.previous_sha256 == first.sha256
    assert second.previous_fetched_at == "2024-01-01T00:00:00Z"
    data = json.loads(cache.meta_path(URL).read_text())
    assert data["previous"] == {"sha256": first.sha256, "fetched_at": "2024-01-01T00:00:00Z"}

    third = cache.put(URL, b"revenue 13%", fetched_at="2024-03-01T00:00:00Z")
    assert third.previous_sha256 == first.sha256  # unchanged body: the last drift stays on record
    assert third.fetched_at == "2024-03-01T00:00:00Z"


def test_touch_updates_time_and_validators_only(cache: Cache) -> None:
    cache.put(
        URL,
        b"body",
        PageInfo(etag='"a"', last_modified="Mon, 01 Jan 2024 00:00:00 GMT"),
        fetched_at="2024-01-01T00:00:00Z",
    )
    touched = cache.touch(URL, fetched_at="2024-06-01T00:00:00Z", etag='"b"')
    assert touched is not None
    assert touched.fetched_at == "2024-06-01T00:00:00Z" and touched.etag == '"b"'
    assert touched.last_modified == "Mon, 01 Jan 2024 00:00:00 GMT"
    assert cache.get(URL) == touched
    assert cache.touch("https://example.org/none") is None


def test_delete(cache: Cache) -> None:
    cache.put(URL, b"body")
    assert cache.delete(URL)
    assert cache.get(URL) is None and not cache.body_path(URL).exists()
    assert not cache.delete(URL)


@pytest.mark.parametrize(
    ("name", "given_type", "expected"),
    [
        ("page.html", None, "text/html"),
        ("report.PDF", None, "application/pdf"),
        ("notes.txt", None, "text/plain"),
        ("blob.unknownext", None, "application/octet-stream"),
        ("saved.bin", "text/html", "text/html"),
    ],
)
def test_import_file(
    cache: Cache, tmp_path: Path, name: str, given_type: str | None, expected: str
) -> None:
    source = tmp_path / name
    source.write_bytes(b"saved by hand")
    entry = cache.import_file(URL, source, content_type=given_type)
    assert entry.provenance == "imported" and entry.content_type == expected
    got = cache.get(URL)
    assert got is not None and got.read_body() == b"saved by hand"
    assert json.loads(cache.meta_path(URL).read_text())["provenance"] == "imported"


def test_list_entries_yields_pages_and_failures_and_skips_corrupt(
    cache: Cache, caplog: pytest.LogCaptureFixture
) -> None:
    urls = [f"https://example.org/{i}" for i in range(5)]
    for url in urls[:3]:
        cache.put(url, url.encode())
    cache.put_failure(urls[3], "http_404", "gone")
    cache.put(urls[4], b"x")
    cache.body_path(urls[4]).write_bytes(b"y")
    with caplog.at_level(logging.WARNING, logger="claimcheck"):
        listed = {e.url: e.ok for e in cache.list_entries()}
    assert listed == {urls[0]: True, urls[1]: True, urls[2]: True, urls[3]: False}
    assert len(warnings_in(caplog)) == 1


def test_readme_in_the_cache_root_is_left_alone(cache: Cache) -> None:
    cache.root.mkdir(parents=True)
    readme = cache.root / "README.md"
    readme.write_text("# cache\n")
    cache.put(URL, b"x")
    cache.delete(URL)
    cache.cleanup_temp(max_age=0)
    list(cache.list_entries())
    assert readme.read_text() == "# cache\n"


def test_concurrent_writers_never_leave_a_torn_entry(cache: Cache) -> None:
    bodies = [f"version {i} ".encode() * (2000 + i) for i in range(6)]
    errors: list[BaseException] = []
    seen_bad: list[str] = []
    stop = threading.Event()

    def writer(body: bytes) -> None:
        try:
            for _ in range(15):
                cache.put(URL, body)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    def reader() -> None:
        while not stop.is_set():
            entry = cache.get(URL)
            if entry is not None and entry.read_body() not in bodies:
                seen_bad.append("body not one of the written ones")

    threads = [threading.Thread(target=writer, args=(b,)) for b in bodies]
    watcher = threading.Thread(target=reader)
    watcher.start()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    stop.set()
    watcher.join()
    assert not errors and not seen_bad
    final = cache.get(URL)
    assert final is not None and final.read_body() in bodies
    assert not list(cache.body_path(URL).parent.glob(".*.tmp"))


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    path=st.text(st.characters(blacklist_categories=("Cs",)), max_size=40),
    body=st.binary(max_size=2048),
)
def test_any_url_and_body_round_trip(cache: Cache, path: str, body: bytes) -> None:
    url = "https://example.org/" + path.replace("#", "")
    entry = cache.put(url, body)
    got = cache.get(url)
    assert got is not None and got == entry and got.read_body() == body
