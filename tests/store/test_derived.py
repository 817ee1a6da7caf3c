"""Data derived from cached bodies: the text cache (Documents and failures, keyed by body and
extractor version), blobs and JSON blobs; damaged files count as missing, with one warning."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

import pytest

from claimcheck.model.document import Block, Document, ExtractFailure
from claimcheck.model.vocab import BlockKind, Reason
from claimcheck.store import Derived
from claimcheck.store.derived import cached_document, keep_document


def warnings_in(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]


SHA = hashlib.sha256(b"page").hexdigest()


@pytest.fixture
def derived(cache_dir: Path) -> Derived:
    return Derived(cache_dir)


def test_text_cache_round_trip_and_layout(derived: Derived) -> None:
    assert derived.get_text(SHA, "3") is None
    data = {"blocks": [{"text": "Revenue rose 12%", "page": 1}], "title": "Q4 – résumé"}
    path = derived.put_text(SHA, "3", data)
    assert path == derived.root / "text" / SHA[:2] / f"{SHA}-v3.json"
    assert derived.get_text(SHA, "3") == data
    assert derived.get_text(SHA, "4") is None  # another extractor version is another entry


def test_the_text_cache_keeps_documents_failures_and_the_extractor_version(
    derived: Derived,
) -> None:
    doc = Document("Revenue rose 12%", (Block(BlockKind.PARAGRAPH, 0, 16),), "Q4")
    assert cached_document(derived, SHA, "3") is None
    keep_document(derived, SHA, "3", doc)
    assert cached_document(derived, SHA, "3") == doc
    assert derived.get_text(SHA, "3")["extractor_version"] == "3"  # type: ignore[index]
    failure = ExtractFailure(Reason.BLOCKED, "a bot check")
    keep_document(derived, SHA, "4", failure)
    assert cached_document(derived, SHA, "4") == failure
    derived.put_text(SHA, "5", {"failure": {"reason": "no such reason", "detail": ""}})
    assert cached_document(derived, SHA, "5") is None  # not read back: extracted again


def test_text_cache_corrupt_file_is_missing_with_a_warning(
    derived: Derived, caplog: pytest.LogCaptureFixture
) -> None:
    path = derived.put_text(SHA, "1", {"a": 1})
    path.write_text('{"a": ')
    with caplog.at_level(logging.WARNING, logger="claimcheck"):
        assert derived.get_text(SHA, "1") is None
    assert len(warnings_in(caplog)) == 1


@pytest.mark.parametrize(
    ("sha", "version"), [("../../etc", "1"), (SHA, "../x"), (SHA.upper(), "1")]
)
def test_text_cache_rejects_unsafe_names(derived: Derived, sha: str, version: str) -> None:
    with pytest.raises(ValueError):
        derived.put_text(sha, version, {})


def test_blobs(derived: Derived) -> None:
    assert derived.get_blob("results", SHA) is None
    path = derived.put_blob("results", SHA, b"\x00\x01verdicts")
    assert path == derived.root / "blobs" / "results" / SHA[:2] / SHA
    assert derived.get_blob("results", SHA) == b"\x00\x01verdicts"
    with pytest.raises(ValueError):
        derived.put_blob("../escape", SHA, b"")
    with pytest.raises(ValueError):
        derived.put_blob("results", "a/b", b"")


def test_json_blobs_that_do_not_read_back_are_empty(derived: Derived) -> None:
    assert derived.get_json("local", "hashes") == {}
    derived.put_json("local", "hashes", {"a.html": [1, 2, SHA]})
    assert derived.get_json("local", "hashes") == {"a.html": [1, 2, SHA]}
    derived.put_blob("local", "hashes", b"[1, 2]")  # not an object
    assert derived.get_json("local", "hashes") == {}
    derived.put_blob("local", "hashes", b"{")
    assert derived.get_json("local", "hashes") == {}
