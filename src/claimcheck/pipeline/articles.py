"""Articles checked as they are (``claimcheck check``, :func:`claimcheck.check_article`): the
claims are drafted in memory with the same code as ``claimcheck extract`` and validated with the
same code as a claims file, then audited like any other.

The drafted claims keep the article as their home: reports name the article file (or URL), and
every claim's and figure's line is the line of the article it was drafted from, so a reviewer
goes straight to the sentence. ``--save-claims`` writes the drafted file for a reviewer to carry
on with ``claimcheck run``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urljoin

from claimcheck.claimsfile import validate_text
from claimcheck.config import Settings
from claimcheck.draft import (
    ArticleError,
    Draft,
    SourceEntry,
    draft_claims,
    load_article_text,
    rebase_paths,
    render_yaml,
)
from claimcheck.extract.charset import decode, meta_charset
from claimcheck.extract.sniff import article_kind
from claimcheck.model.claims import Article, Claim, Problem
from claimcheck.quantities import parse_figure

ARTICLE_SUFFIXES = (".md", ".markdown", ".txt", ".text", ".html", ".htm")


@dataclass(frozen=True)
class ArticleInput:
    """An article as read: its bytes, content type or file suffix, and where it came from."""

    data: bytes
    kind: str | None  # a content type ("text/html; charset=gbk") or a suffix (".md")
    origin: str  # the file as given, or the URL
    url: str | None = None
    path: Path | None = None  # the local file, when it is one


@dataclass(frozen=True)
class DraftedArticle:
    """The claims drafted from one article: ready to audit, and the draft to save."""

    article: Article | None  # None when the drafted claims do not validate
    draft: Draft
    home: Path  # the folder the draft's local source paths are relative to
    warnings: tuple[str, ...]
    problems: tuple[Problem, ...]


def article_files(paths: Iterable[str]) -> list[str]:
    """Files and URLs as given; a folder is every article in it (Markdown, text, HTML)."""
    out: list[str] = []
    for spec in paths:
        folder = Path(spec)
        if not spec.startswith(("http://", "https://")) and folder.is_dir():
            found = sorted(p for p in folder.rglob("*") if p.suffix.lower() in ARTICLE_SUFFIXES)
            out.extend(str(p) for p in found if p.is_file())
        else:
            out.append(spec)
    return list(dict.fromkeys(out))


def read_article(spec: str, settings: Settings) -> ArticleInput:
    """An article file, or a URL fetched through the cache (offline: only what is cached)."""
    if not spec.startswith(("http://", "https://")):
        path = Path(spec)
        try:
            return ArticleInput(path.read_bytes(), path.suffix or None, spec, path=path)
        except OSError as exc:
            raise ArticleError(exc.strerror or str(exc)) from None
    from claimcheck.extract.sniff import with_charset
    from claimcheck.net import Fetcher
    from claimcheck.store import Cache

    with Fetcher(settings, Cache(settings.cache_dir)) as fetcher:
        result = fetcher.fetch(spec)
    if not result.ok:
        raise ArticleError(f"{result.error_reason}: {result.error_detail or ''}")
    # the HTTP charset goes along: the article reader weighs it as the extractor does
    kind = with_charset(result.content_type, result.charset)
    return ArticleInput(result.read_body(), kind, spec, url=spec)


def draft_for_check(
    source: ArticleInput,
    *,
    texts: Mapping[str, Path] | None = None,
    home: Path | None = None,
) -> DraftedArticle:
    """Draft the article's claims and validate them as the claims file ``extract`` would write,
    beside the article (``home``: by default the article's own folder).

    ``texts`` maps citation keys to local files the caller already has (inside ``home``): they
    stand in for the article's own source list.
    """
    text = load_article_text(source.data, source.kind, url=source.url)
    if texts is None:
        text = replace(text, sources=local_sources(text.sources, source))
    else:
        titles = {s.key: s.title for s in text.sources}
        given = tuple(
            SourceEntry(key, None, titles.get(key) or f"source {key}", path=str(p))
            for key, p in texts.items()
        )
        text = replace(text, sources=given)
    draft = draft_claims(text, origin=source.origin)
    article_dir = source.path.parent if source.path is not None else Path.cwd()
    home = home or article_dir
    draft = rebase_paths(draft, article_dir, home)
    virtual = home / f"{Path(source.origin).stem or 'article'}.claims.yaml"
    article, problems = validate_text(render_yaml(draft), virtual, figure_parser=parse_figure)
    if problems:
        article = None
    if article is not None:
        shown = source.origin if source.path is None else _shown(source.path)
        article = _into_the_article(article, draft, _article_text(source), shown)
    return DraftedArticle(article, draft, home, draft.warnings, tuple(problems))


def saved_claims(drafted: DraftedArticle, folder: Path, name: str) -> tuple[str, dict[str, Path]]:
    """The drafted claims as a claims file for ``folder``, and the source files to copy into
    ``<name>.sources/`` (by the name each gets there).

    A claims file may only name files inside its own folder, so a local source that would lie
    outside ``folder`` is copied into ``<name>.sources/`` beside the file (the saved claims
    then reproduce the check wherever the folder goes).
    """
    sources: list[SourceEntry] = []
    copies: dict[str, Path] = {}  # the copy's name in <name>.sources/ -> the file
    for s in drafted.draft.sources:
        if s.path is not None:
            target = (drafted.home / s.path).resolve()
            if not target.is_relative_to(folder.resolve()):
                copy = next((n for n, t in copies.items() if t == target), None)
                if copy is None:
                    copy = _free_name(target, copies)
                    copies[copy] = target
                s = replace(s, path=f"{name}.sources/{copy}")
            else:
                s = replace(s, path=target.relative_to(folder.resolve()).as_posix())
        sources.append(s)
    return render_yaml(replace(drafted.draft, sources=tuple(sources))), copies


def _free_name(target: Path, taken: Mapping[str, Path]) -> str:
    """The file's name, or ``stem-2.suffix`` and on when two sources share a name."""
    name, n = target.name, 1
    while name in taken:
        n += 1
        name = f"{target.stem}-{n}{target.suffix}"
    return name


def _shown(path: Path) -> str:
    """The article as reports name it: relative to the working directory when inside it."""
    cwd = Path.cwd()
    full = path.resolve()
    return str(full.relative_to(cwd)) if full.is_relative_to(cwd) else str(full)


def _article_text(source: ArticleInput) -> str:
    """The article's text as written (the one decoder's rule), to find its sentences in."""
    _, charset = article_kind(source.data, source.kind)
    return decode(source.data, charset, meta_charset(source.data))[0]


def _into_the_article(article: Article, draft: Draft, text: str, shown: str) -> Article:
    """The claims with the lines of the article they were drafted from (claims in order), and
    the citation markers that named no usable source (reported as ``not_listed``)."""
    finder = _Finder(text)
    claims: list[Claim] = []
    for claim, drafted in zip(article.claims, draft.claims, strict=True):
        start = finder.find(claim.text)
        figures = tuple(replace(f, line=finder.line_of(finder.find_after(f.value, start)))
                        for f in claim.figures)  # fmt: skip
        claims.append(
            replace(claim, line=finder.line_of(start), figures=figures,
                    unresolved=drafted.unresolved)
        )  # fmt: skip
    return replace(article, claims=tuple(claims), shown=shown)


def local_sources(
    entries: tuple[SourceEntry, ...], source: ArticleInput
) -> tuple[SourceEntry, ...]:
    """The source list with its file entries made safe to read.

    A page fetched from the web names its neighbours, not files on this machine: a relative
    entry is a URL relative to the page's. An article given as text has no folder, so it can
    name no file. A file article's entries must be files beside it (in its folder, as a
    claims file's ``path:`` sources must be); anything else is an :class:`ArticleError` naming
    the article's line.
    """
    out: list[SourceEntry] = []
    for entry in entries:
        if entry.path is None:
            out.append(entry)
            continue
        if source.url is not None:
            joined = urljoin(source.url, entry.path)
            usable = joined.startswith(("http://", "https://"))
            out.append(replace(entry, url=joined if usable else None, path=None))
            continue
        where = _line_naming(source, entry.path)
        if source.path is None:
            raise ArticleError(
                f"{where}source [{entry.key}] names a file ({entry.path}), but the article was "
                "given as text, with no folder to find it in: pass the article's file, or the "
                "page itself in sources="
            )
        folder = source.path.parent.resolve()
        target = (folder / entry.path).resolve()
        if not target.is_relative_to(folder):
            raise ArticleError(
                f"{where}source [{entry.key}] names {entry.path}, outside the article's folder; "
                "sources an article names must be files beside it"
            )
        if not target.is_file():
            raise ArticleError(f"{where}source [{entry.key}] names {entry.path}: no such file")
        out.append(entry)
    return tuple(out)


def _line_naming(source: ArticleInput, needle: str) -> str:
    """'line N: ' of the article's first line that names ``needle`` ('' when none does)."""
    for n, line in enumerate(_article_text(source).splitlines(), 1):
        if needle in line:
            return f"line {n}: "
    return ""


# markup and spacing the drafter does not keep: "**26%**", "[1]", line breaks inside a sentence
_NOISE_RE = re.compile(r"[\s*_`#>|]+")


class _Finder:
    """Finds drafted text in the article as written, forgiving of markup and spacing."""

    def __init__(self, text: str) -> None:
        self.lines = [m.start() for m in re.finditer(r"^", text, re.M)]
        pieces: list[str] = []
        self.offsets: list[int] = []  # original offset of each character of the flat text
        for m in re.finditer(r"[^\s*_`#>|]+", text):
            if pieces:
                pieces.append(" ")
                self.offsets.append(m.start())
            pieces.append(m.group())
            self.offsets.extend(range(m.start(), m.end()))
        self.flat = "".join(pieces).lower()
        self.cursor = 0  # claims come in article order: search on from the last one

    def find(self, snippet: str) -> int:
        """Original offset of ``snippet`` (or of its start), searched from the last hit."""
        flat = _NOISE_RE.sub(" ", snippet).strip().lower()
        for size in (60, 30, 15):
            at = self.flat.find(flat[:size], self.cursor)
            if at < 0:
                at = self.flat.find(flat[:size])
            if at >= 0:
                self.cursor = at + 1
                return self.offsets[at]
        return self.offsets[self.cursor] if self.cursor < len(self.offsets) else 0

    def find_after(self, snippet: str, start: int) -> int:
        flat = _NOISE_RE.sub(" ", snippet).strip().lower()
        begin = bisect_right(self.offsets, start) - 1
        at = self.flat.find(flat, max(begin, 0))
        return self.offsets[at] if at >= 0 else start

    def line_of(self, offset: int) -> int:
        return bisect_right(self.lines, offset)
