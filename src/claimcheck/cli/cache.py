"""``claimcheck cache list`` and ``claimcheck cache import``; and ``claimcheck schema``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from claimcheck.cli.common import CacheDirOpt, app, cache_app, check_cache_dir, fail, settings_with


@app.command(epilog="\b\nExample:\n  claimcheck schema > claimcheck-report.schema.json")
def schema() -> None:
    """Print the JSON Schema of the JSON report (claimcheck.report/1)."""

    from claimcheck.report.schema import load_schema

    typer.echo(json.dumps(load_schema(), indent=2))


@cache_app.command("list", epilog="\b\nExample:\n  claimcheck cache list --cache-dir cache/")
def cache_list(cache_dir: CacheDirOpt = None) -> None:
    """List cached pages with their status, size and fetch time."""
    settings = settings_with(cache_dir=cache_dir)
    from claimcheck.store import open_cache

    if settings.cache_url is not None:  # a mistyped bucket is an error, not an empty cache
        from claimcheck.cli.scale import readable_store

        readable_store(settings.cache_url)
    elif not settings.cache_dir.is_dir():
        fail(f"no cache at {settings.cache_dir} (nothing has been fetched into it)")
    count = 0
    for entry in sorted(open_cache(settings.cache_root).list_entries(), key=lambda e: e.url):
        count += 1
        state = entry.error_reason or str(entry.status or "ok")
        size = f"{entry.size or 0:>10,}"
        typer.echo(
            f"{entry.fetched_at or '-':<20}  {state:<14} {size}  {entry.provenance:<9} {entry.url}"
        )
    noun = "entry" if count == 1 else "entries"
    typer.echo(f"{count} {noun} in {settings.cache_root}", err=True)


@cache_app.command(
    "import",
    epilog="\b\nExample:\n  claimcheck cache import https://example.com/report saved/report.html",
)
def cache_import(
    url: Annotated[str, typer.Argument(help="The URL the page was saved from.")],
    file: Annotated[Path, typer.Argument(help="The saved file (HTML, PDF or text).")],
    cache_dir: CacheDirOpt = None,
) -> None:
    """Store a page you saved by hand (paywalls, bot walls) as the cached copy of URL."""
    settings = settings_with(cache_dir=cache_dir)
    from urllib.parse import urlsplit

    from claimcheck.store import open_cache

    if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).hostname:
        fail(f"{url!r} is not an http(s) URL")
    if not file.is_file():
        fail(f"{file}: no such file")
    check_cache_dir(settings)
    entry = open_cache(settings.cache_root).import_file(url, file)
    typer.echo(f"imported {file} as {url} ({entry.size or 0:,} bytes, {entry.content_type})")
