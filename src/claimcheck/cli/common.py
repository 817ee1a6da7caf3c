"""What every command shares: the typer apps, the common arguments and options, and the thin
helpers that turn a problem into ``claimcheck: error: ...`` and exit code 2.

Heavy modules (requests, lxml, pypdf, rapidfuzz) are imported inside the commands that use them
so that ``claimcheck --help`` and ``claimcheck validate`` start fast.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from claimcheck import __version__
from claimcheck.cli.progress import RunProgress, terminate_as_interrupt
from claimcheck.cli.status import ExitStatus, fail
from claimcheck.config import ConfigError, Settings, load_settings

app = typer.Typer(
    name="claimcheck",
    help=(
        "Check that the figures in an article are supported by the sources it cites.\n\n"
        "Claims live in claims/*.yaml; `claimcheck run` fetches every cited source into cache/, "
        "finds each figure in it and reports a verdict with evidence."
    ),
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
cache_app = typer.Typer(
    help="Inspect the cache, or store a page you saved by hand.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(cache_app, name="cache")

DEFAULT_PATHS = [Path("claims")]

PathsArg = Annotated[
    list[Path] | None,
    typer.Argument(help="Claims files or folders (searched for *.yaml). Default: claims/"),
]
CacheDirOpt = Annotated[
    str | None,  # not a Path: "s3://bucket/prefix" must keep its "//"
    typer.Option(
        "--cache-dir",
        metavar="DIR|URL",
        help="Cache folder, or object storage: s3://bucket/prefix (needs claimcheck[s3]). "
        "Default: cache/",
        show_default=False,
    ),
]
DaskOpt = Annotated[
    str | None,
    typer.Option(
        "--dask",
        metavar="ADDRESS",
        help="Extract and match on this Dask cluster: tcp://HOST:8786, 'local' for a "
        "LocalCluster on this machine (needs claimcheck[dask]), or 'off' to run here when the "
        "config names a cluster.",
    ),
]
OfflineOpt = Annotated[
    bool, typer.Option("--offline", help="Never touch the network; a missing page is unverifiable.")
]
RefreshOpt = Annotated[
    bool,
    typer.Option("--refresh", help="Re-fetch everything (conditional requests where possible)."),
]
MaxAgeOpt = Annotated[
    str | None,
    typer.Option("--max-age", help="Re-fetch cache entries older than this, e.g. 7d, 12h."),
]
AllowPrivateOpt = Annotated[
    bool | None,
    typer.Option(
        "--allow-private-hosts/--no-allow-private-hosts",
        help="Permit loopback, private and link-local addresses (off by default).",
        show_default=False,
    ),
]
TimeoutOpt = Annotated[
    float | None,
    typer.Option("--timeout", min=0.1, help="Deadline for one download, in seconds."),
]
JobsOpt = Annotated[
    int | None,
    typer.Option("--jobs", "-j", min=1, help="Parallel downloads and extraction workers."),
]


def settings_with(**overrides: object) -> Settings:
    try:
        return load_settings().with_overrides(**overrides)
    except ConfigError as exc:
        fail(str(exc))


def run_settings(
    cache_dir: str | Path | None,
    offline: bool,
    refresh: bool,
    max_age: str | None,
    allow_private_hosts: bool | None,
    timeout: float | None,
    jobs: int | None,
    **more: object,
) -> Settings:
    """The settings of a command that fetches (run, fetch): its flags over the config file."""
    settings = settings_with(
        cache_dir=cache_dir,
        offline=offline or None,
        refresh=refresh or None,
        max_age=max_age,
        allow_private_hosts=allow_private_hosts,
        timeout=timeout,
        jobs=jobs,
        **more,
    )
    from claimcheck.cli.scale import check_dask

    check_dask(settings)
    return settings


def version(value: bool) -> None:
    if value:
        typer.echo(f"claimcheck {__version__}")
        raise typer.Exit(ExitStatus.OK)


@app.callback()
def main_callback(
    version: Annotated[
        bool,
        typer.Option("--version", callback=version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Check that the figures in an article are supported by the sources it cites."""


def plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def load(paths: list[Path] | None, progress: RunProgress | None = None) -> list[Any]:
    from claimcheck.pipeline import load_articles

    if progress is None:
        articles, problems = load_articles(paths or DEFAULT_PATHS)
    else:
        articles, problems = load_articles(paths or DEFAULT_PATHS, progress.stage)
    if problems:
        for problem in problems:
            typer.echo(str(problem), err=True)
        fail(f"{len(problems)} problem(s) in the claims files; nothing was fetched")
    for article in articles:
        warn_unexplained_waivers(article)
    return articles


def warn_unexplained_waivers(article: Any) -> None:
    """A waiver pasted from the HTML report and never given its reason excuses nothing."""
    for waiver in article.unexplained_waivers():
        typer.echo(
            f"{article.location}:{waiver.line}: warning: the waiver's reason is still the "
            "placeholder; it excuses nothing until it says why the failure is accepted",
            err=True,
        )


def locations(articles: list[Any]) -> list[Any]:
    """The distinct sources the articles cite (what a run fetches)."""
    from claimcheck.pipeline import cited_locations

    return cited_locations(articles)


def check_outputs(outputs: list[tuple[str, Path | None]]) -> None:
    """Fail before the audit, not after it, when a report could not be written (exit 2)."""
    import tempfile

    for _, path in outputs:
        if path is None:
            continue
        if path.is_dir():
            fail(f"cannot write the report to {path}: it is a folder; name a file in it")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.TemporaryFile(dir=path.parent):
                pass
            if path.exists() and not os.access(path, os.W_OK):
                raise PermissionError(13, "Permission denied")
        except OSError as exc:
            fail(f"cannot write the report to {path}: {exc.strerror or exc}; nothing was run")


def check_cache_dir(settings: Settings) -> None:
    """A cache that cannot be written fails the run (exit 2), unless --offline: an offline run
    only reads pages, so a read-only cache is read as it is."""
    import tempfile

    if settings.cache_url is not None:
        from claimcheck.cli.scale import check_object_cache

        check_object_cache(settings)
        return

    try:
        settings.cache_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=settings.cache_dir):
            pass
    except OSError as exc:
        why = exc.strerror or str(exc)
        if settings.offline and not settings.cache_dir.is_file():
            from claimcheck.store import declare_read_only

            declare_read_only(settings.cache_dir)
            typer.echo(
                f"note: cache folder {settings.cache_dir} is not writable ({why}); reading it as "
                "it is, storing nothing (--offline)",
                err=True,
            )
            return
        fail(f"cache folder {settings.cache_dir} is not writable: {why}")


@contextmanager
def interruptible() -> Iterator[RunProgress]:
    """Progress on stderr (a terminal only); on SIGINT or SIGTERM, say how far the run got and
    exit 130. Downloads in flight stop within a moment; what is in the cache stays there."""
    progress = RunProgress()
    try:
        with terminate_as_interrupt(), progress:
            yield progress
    except KeyboardInterrupt:
        typer.echo(progress.interrupted_line(), err=True)
        raise typer.Exit(ExitStatus.INTERRUPTED) from None


def write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror or exc}")
