"""The keys cached verdicts are kept under: besides a figure's own signature
(:meth:`~claimcheck.pipeline.plan.FigureJob.signature`) and the page's body, a digest of every piece
of code and data that decides a verdict and of the libraries that code calls. A change to any of
them retires every cached verdict; a verdict is never stale.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
from functools import lru_cache
from pathlib import Path

from claimcheck.extract import EXTRACTOR_VERSION

# the code and data a verdict depends on, and the libraries that code calls: a change to any of
# them retires every cached verdict
# (the sentence rules are in lexicon; the text cache is keyed by the extractor's own version)
VERDICT_CODE = ("match", "lexicon", "model", "quantities", "extract", "claimsfile")
VERDICT_LIBRARIES = ("snowballstemmer", "rapidfuzz", "lxml", "pypdf", "charset-normalizer")


def verdict_inputs() -> list[tuple[str, bytes]]:
    """Everything besides the page and the claim that a verdict depends on, as named chunks:
    the source of every verdict module and package (data files included), the extractor's
    version and the versions of the libraries they call."""
    chunks = [("extractor", EXTRACTOR_VERSION.encode())]
    for name in VERDICT_CODE:
        spec = importlib.util.find_spec(f"claimcheck.{name}")
        if spec is None or not spec.origin:
            continue
        origin = Path(spec.origin)
        if spec.submodule_search_locations:  # a package: every file in it, data included
            files = sorted(p for p in origin.parent.rglob("*") if p.suffix in (".py", ".json"))
        else:
            files = [origin]
        for path in files:
            rel = path.relative_to(origin.parent).as_posix()
            chunks.append((f"{name}/{rel}" if spec.submodule_search_locations else name,
                           path.read_bytes()))  # fmt: skip
    for library in VERDICT_LIBRARIES:
        try:
            version = importlib.metadata.version(library)
        except importlib.metadata.PackageNotFoundError:
            version = "absent"
        chunks.append((f"library {library}", version.encode()))
    return chunks


@lru_cache(maxsize=1)
def matcher_version() -> str:
    """A digest of :func:`verdict_inputs`: cached verdicts die with any change to them."""
    digest = hashlib.sha256()
    for name, data in verdict_inputs():
        digest.update(f"{name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()[:16]


def results_key(sha: str) -> str:
    """The key of the verdicts of the page whose body has digest ``sha``."""
    return hashlib.sha256(f"{matcher_version()}:{sha}".encode()).hexdigest()
