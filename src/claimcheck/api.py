"""The Python API: check an article, or audit claims files, in the same process.

    import claimcheck

    report = claimcheck.check_article("article.md")                 # a file, a URL, or text
    report = claimcheck.check_article(text, sources={"1": page_text})  # no network at all
    report = claimcheck.audit(["claims/"], offline=True)

Both return the one result model every report format renders (:class:`Report` with its
:class:`ClaimResult` and :class:`FigureResult` records); :func:`render` turns it into any of
the formats the command line writes. They run the same code as ``claimcheck check`` and
``claimcheck run``: settings come from ``[tool.claimcheck]`` / ``claimcheck.toml`` when there is
one, and the keyword arguments win.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

from claimcheck.claimsfile import ClaimsError
from claimcheck.config import Settings, load_settings
from claimcheck.draft import ArticleError
from claimcheck.model.results import ClaimResult, FigureResult, Report, Verdict
from claimcheck.pipeline import audit as run_audit
from claimcheck.pipeline import load_articles
from claimcheck.pipeline.articles import (
    ARTICLE_SUFFIXES,
    ArticleInput,
    draft_for_check,
    read_article,
)
from claimcheck.report import render

__all__ = [
    "ArticleError",
    "ClaimResult",
    "ClaimsError",
    "FigureResult",
    "Report",
    "Settings",
    "Verdict",
    "audit",
    "check_article",
    "load_settings",
    "render",
]

Text = str | bytes
PathLike = str | os.PathLike[str]


def check_article(
    text_or_path: str | bytes | os.PathLike[str],
    *,
    sources: Mapping[str, Text] | None = None,
    offline: bool = False,
    cache_dir: str | os.PathLike[str] | None = None,
    settings: Settings | None = None,
) -> Report:
    """Check an article's figures against the sources it cites.

    ``text_or_path`` is a path (``pathlib.Path``, or a one-line string ending in ``.md``,
    ``.txt``, ``.html`` ...), an http(s) URL, or the article itself as text or bytes (Markdown,
    plain text or HTML, with ``[n]`` citation markers). ``sources`` maps citation keys to the
    text (or bytes) of pages you already have: they stand in for the article's own source list,
    and nothing is fetched, or cached, at all. Raises :class:`ArticleError` for what is no
    readable article, a missing file, or a source entry naming a file the article may not read.
    """
    with tempfile.TemporaryDirectory(prefix="claimcheck-") as tmp:
        folder = Path(tmp)
        given = sources is not None
        # pages given need no cache: keep the run from making one in the working directory
        settings = _settings(
            settings,
            offline=offline or given,
            cache_dir=cache_dir if cache_dir is not None or not given else folder / "cache",
        )
        texts = _write_sources(sources, folder) if sources is not None else None
        drafted = draft_for_check(
            _article_input(text_or_path, settings),
            texts=texts,
            home=folder if texts is not None else None,
        )
        if drafted.article is None:
            raise ClaimsError(list(drafted.problems))
        return run_audit([drafted.article], settings)


def audit(
    paths: PathLike | Iterable[PathLike] = "claims",
    *,
    offline: bool = False,
    cache_dir: str | os.PathLike[str] | None = None,
    settings: Settings | None = None,
) -> Report:
    """Audit claims files (a file or folder, or several), as ``claimcheck run`` does. Raises
    :class:`ClaimsError` with every problem when a claims file does not validate."""
    settings = _settings(settings, offline=offline, cache_dir=cache_dir)
    many = [paths] if isinstance(paths, str | os.PathLike) else list(paths)
    articles, problems = load_articles([Path(p) for p in many])
    if problems:
        raise ClaimsError(problems)
    return run_audit(articles, settings)


def _settings(
    settings: Settings | None, *, offline: bool, cache_dir: str | os.PathLike[str] | None
) -> Settings:
    base = settings if settings is not None else load_settings()
    return base.with_overrides(
        offline=True if offline else None,
        cache_dir=Path(cache_dir) if cache_dir is not None else None,
    )


def _article_input(
    text_or_path: str | bytes | os.PathLike[str], settings: Settings
) -> ArticleInput:
    if isinstance(text_or_path, os.PathLike):
        return read_article(os.fspath(text_or_path), settings)
    if isinstance(text_or_path, bytes):
        return ArticleInput(text_or_path, None, "article")  # sniffed: HTML or text
    one_line = "\n" not in text_or_path and len(text_or_path) < 4096
    if one_line and text_or_path.startswith(("http://", "https://")):
        return read_article(text_or_path, settings)
    # a name like "drafts/story.md" is a file, and a missing one an error, not an article
    if one_line and (
        Path(text_or_path).is_file() or text_or_path.lower().endswith(ARTICLE_SUFFIXES)
    ):
        return read_article(text_or_path, settings)
    return ArticleInput(text_or_path.encode("utf-8"), ".md", "article")


def _write_sources(sources: Mapping[str, Text], folder: Path) -> dict[str, Path]:
    """The caller's pages as files, so they are read as any local source is."""
    out: dict[str, Path] = {}
    for n, (key, text) in enumerate(sources.items()):
        data = text.encode("utf-8") if isinstance(text, str) else text
        head = data[:512].lstrip().lower()
        # named for what the bytes are, as a saved page would be
        suffix = (
            ".pdf" if head.startswith(b"%pdf") else ".html" if head.startswith(b"<") else ".txt"
        )
        path = folder / f"source-{n}{suffix}"
        path.write_bytes(data)
        out[str(key)] = path
    return out
