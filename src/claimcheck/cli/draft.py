"""``claimcheck extract``: draft a claims file from an article, or merge a draft into one."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from claimcheck.cli.common import (
    AllowPrivateOpt,
    CacheDirOpt,
    OfflineOpt,
    app,
    check_cache_dir,
    fail,
    plural,
    settings_with,
    write,
)
from claimcheck.config import Settings

EXAMPLES = (
    "\b\nExamples:\n"
    "  claimcheck extract article.txt -o claims/article.yaml\n"
    "  claimcheck extract https://example.com/story -o claims/story.yaml --merge"
)


@app.command(epilog=EXAMPLES)
def extract(
    article: Annotated[str, typer.Argument(help="A .txt, .md or .html file, or an http(s) URL.")],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the draft here.")
    ] = None,
    merge: Annotated[
        bool, typer.Option("--merge", help="Merge into an existing claims file, keeping edits.")
    ] = False,
    cache_dir: CacheDirOpt = None,
    offline: OfflineOpt = False,
    allow_private_hosts: AllowPrivateOpt = None,
) -> None:
    """Draft a claims file from an article with [n] citation markers.

    Finds every figure, attaches it to the citation markers of its sentence (figures without
    one are uncited), drafts `about` and `change`, and reads the article's source list. The
    draft is for a reviewer to correct; --merge adds what is new to a file already reviewed.
    """
    settings = settings_with(
        cache_dir=cache_dir, offline=offline or None, allow_private_hosts=allow_private_hosts
    )
    from claimcheck.draft import (
        ArticleError,
        draft_article,
        merge_details,
        rebase_paths,
        render_yaml,
    )

    data, kind = _article_bytes(article, settings)
    try:
        draft = draft_article(data, kind, origin=article, url=_url_or_none(article))
    except ArticleError as exc:
        fail(f"{article}: {exc}")
    if output is not None and _url_or_none(article) is None:
        # files the article names are beside it; path: in a claims file is relative to it
        draft = rebase_paths(draft, Path(article).parent, output.parent)
    for warning in draft.warnings:
        typer.echo(f"warning: {warning}", err=True)
    if merge:
        if output is None or not output.is_file():
            fail("--merge needs -o pointing at an existing claims file")
        try:
            merged = merge_details(output.read_text(encoding="utf-8"), draft)
        except ValueError as exc:
            fail(f"{output}: {exc}")
        for warning in merged.warnings:
            typer.echo(f"warning: {warning}", err=True)
        text = merged.text
    else:
        text = render_yaml(draft)
    write(text, output)
    if output is not None:
        _check_draft(output)


def _url_or_none(article: str) -> str | None:
    return article if article.startswith(("http://", "https://")) else None


def _article_bytes(article: str, settings: Settings) -> tuple[bytes, str | None]:
    """The article's bytes and content type: from a file, or fetched through the cache."""
    if _url_or_none(article) is None:
        path = Path(article)
        try:
            return path.read_bytes(), path.suffix or None
        except OSError as exc:
            fail(f"{article}: {exc.strerror or exc}")
    check_cache_dir(settings)
    from claimcheck.net import Fetcher
    from claimcheck.store import open_cache

    with Fetcher(settings, open_cache(settings.cache_root)) as fetcher:
        result = fetcher.fetch(article)
    if not result.ok:
        fail(f"{article}: {result.error_reason}: {result.error_detail or ''}")
    from claimcheck.extract.sniff import with_charset

    # the HTTP charset goes along: the article reader weighs it as the extractor does
    return result.read_body(), with_charset(result.content_type, result.charset)


def _check_draft(path: Path) -> None:
    from claimcheck.claimsfile import validate_file
    from claimcheck.quantities import parse_figure

    article, problems = validate_file(path, figure_parser=parse_figure)
    for problem in problems:
        typer.echo(f"warning: {problem}", err=True)
    if article is not None:
        typer.echo(
            f"{path}: {plural(len(article.claims), 'claim')}, "
            f"{plural(article.figure_count, 'figure')}, "
            f"{plural(len(article.sources), 'source')} (a draft: review it)",
            err=True,
        )
