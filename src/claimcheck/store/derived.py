"""Data derived from cached bodies, kept so that a warm run repeats no work: the extracted text
of a body (``text/``), and other derived data by namespace (``blobs/``): the verdicts of a page's
figures, the digests of local files.

Layout under the cache root::

    text/<s[:2]>/<s>-v<N>.json       the Document extracted from a body (s = sha256 of the body,
                                     N = extractor version), or why there is none
    blobs/<namespace>/<key[:2]>/<key>  other derived data: "results" (verdicts of a page's figures,
                                     keyed by the body and the matcher's code), "local" (sha256
                                     of local files by size and modification time)

Everything here is rebuilt when it is missing or damaged, so a read-only cache stores none of it
and an unreadable file counts as missing (one warning). Writes are atomic (:mod:`.atomic`).
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from claimcheck.model.document import Document, ExtractFailure
from claimcheck.model.results import FigureResult
from claimcheck.model.vocab import Reason
from claimcheck.store.atomic import atomic_write, dump_json, is_read_only
from claimcheck.store.entry import HEX64
from claimcheck.store.objects import ObjectStore, is_url
from claimcheck.store.warnings import WarnOnce

log = logging.getLogger("claimcheck")

DERIVED_FOLDERS = ("text", "blobs")
_SAFE_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$")


class Derived:
    """Extracted text and blobs under one cache root (see the module docstring)."""

    def __init__(self, root: Path | str) -> None:
        # a URL keeps the same layout as objects under that prefix (see :mod:`.objects`)
        self.store = ObjectStore(root) if isinstance(root, str) and is_url(root) else None
        self.root: Path | str = self.store.url if self.store is not None else Path(root)
        self.read_only = is_read_only(self.root)
        self.warn = WarnOnce()

    def _read(self, rel: str) -> bytes | None:
        if self.store is not None:
            return self.store.read(rel)
        try:
            return (Path(self.root) / rel).read_bytes()
        except FileNotFoundError:
            return None

    def _write(self, rel: str, data: bytes) -> None:
        if self.store is not None:
            self.store.write(rel, data)  # one PUT: visible whole or not at all
        else:
            atomic_write(Path(self.root) / rel, data)

    # -- extracted text ----------------------------------------------------------------------

    def text_name(self, sha256: str, version: str) -> str:
        """Where the text of body ``sha256`` is kept, relative to the root."""
        if not HEX64.match(sha256):
            raise ValueError(f"not a sha256 hex digest: {sha256!r}")
        version = str(version)
        if not _SAFE_NAME.match(version):
            raise ValueError(f"unsafe version string: {version!r}")
        return f"text/{sha256[:2]}/{sha256}-v{version}.json"

    def text_path(self, sha256: str, version: str) -> Path:
        return Path(self.root) / self.text_name(sha256, version)

    def get_text(self, sha256: str, version: str) -> dict[str, Any] | None:
        name = self.text_name(sha256, version)
        path = f"{self.root}/{name}"
        try:
            raw = self._read(name)
            if raw is None:
                return None
            data = json.loads(raw)
        except (OSError, ValueError) as exc:
            self.warn(str(path), f"unreadable extracted text {path}: {exc}")
            return None
        if not isinstance(data, dict):
            self.warn(str(path), f"extracted text {path} is not a JSON object")
            return None
        return data

    def put_text(self, sha256: str, version: str, data: Mapping[str, Any]) -> Path:
        """Store extracted text (not in a read-only cache: it is derived, and rebuilt anyway)."""
        name = self.text_name(sha256, version)
        if not self.read_only:
            self._write(name, dump_json(dict(data)))
        return Path(self.root) / name

    # -- blobs -------------------------------------------------------------------------------

    def blob_name(self, namespace: str, key: str) -> str:
        for part in (namespace, key):
            if not _SAFE_NAME.match(part):
                raise ValueError(f"unsafe blob name: {part!r}")
        return f"blobs/{namespace}/{key[:2]}/{key}"

    def blob_path(self, namespace: str, key: str) -> Path:
        return Path(self.root) / self.blob_name(namespace, key)

    def get_blob(self, namespace: str, key: str) -> bytes | None:
        return self._read(self.blob_name(namespace, key))

    def put_blob(self, namespace: str, key: str, data: bytes) -> Path:
        """Store derived data (not in a read-only cache, like :meth:`put_text`)."""
        name = self.blob_name(namespace, key)
        if not self.read_only:
            self._write(name, data)
        return Path(self.root) / name

    def get_json(self, namespace: str, key: str) -> dict[str, Any]:
        """A JSON object kept as a blob; a missing or damaged one is empty (and is rebuilt)."""
        raw = self.get_blob(namespace, key)
        if raw is None:
            return {}
        try:
            data = json.loads(raw)
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}

    def put_json(self, namespace: str, key: str, data: Mapping[str, Any]) -> None:
        """Keep a JSON object as a blob; a cache that cannot be written only costs the reuse."""
        try:
            self.put_blob(namespace, key, json.dumps(data).encode("utf-8"))
        except OSError as exc:
            log.warning("could not store %s data in the cache: %s", namespace, exc)


# -- the text cache ----------------------------------------------------------------------------


def cached_document(
    derived: Derived, sha256: str, version: str
) -> Document | ExtractFailure | None:
    """The Document (or failure) extracted from the body ``sha256`` by extractor ``version``;
    None when it is not cached or does not read back."""
    stored = derived.get_text(sha256, version)
    if stored is None:
        return None
    try:
        if "failure" in stored:
            failure = stored["failure"]
            return ExtractFailure(Reason(failure["reason"]), str(failure["detail"]))
        return Document.from_dict(stored)
    except (KeyError, TypeError, ValueError):
        return None  # an unreadable text cache entry is rebuilt by the caller


def keep_document(
    derived: Derived, sha256: str, version: str, document: Document | ExtractFailure
) -> None:
    """Cache what was extracted from the body ``sha256``, failures included."""
    if isinstance(document, Document):
        data = {"extractor_version": version, **document.to_dict()}
    else:
        data = {"failure": {"reason": document.reason.value, "detail": document.detail}}
    try:
        derived.put_text(sha256, version, data)
    except OSError as exc:
        log.warning("could not store extracted text in the cache: %s", exc)


# -- the verdict cache -------------------------------------------------------------------------

RESULTS = "results"


def cached_verdicts(derived: Derived, key: str) -> dict[str, dict[str, Any]]:
    """Cached verdicts of a page by figure signature; an entry that does not read back as a
    FigureResult (a damaged or foreign file) is left out, so its figure is checked again."""
    stored = derived.get_json(RESULTS, key)
    return {sig: value for sig, value in stored.items() if _readable_result(value)}


def keep_verdicts(derived: Derived, key: str, results: Mapping[str, dict[str, Any]]) -> None:
    derived.put_json(RESULTS, key, results)


def _readable_result(value: object) -> bool:
    try:
        FigureResult.from_json(value)  # type: ignore[arg-type]
    except (KeyError, TypeError, ValueError, IndexError, AttributeError):
        return False
    return True
