"""Command-line interface: parse arguments, build objects, call the core, map outcomes to exits.

Heavy modules (requests, lxml, pypdf, rapidfuzz) are imported inside the commands that use them
so that ``claimcheck --help`` and ``claimcheck validate`` start fast.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from claimcheck import __version__
from claimcheck.config import ConfigError, Settings, load_settings
from claimcheck.status import ExitStatus

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
    Path | None,
    typer.Option("--cache-dir", help="Cache folder. Default: cache/", show_default=False),
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
    float | None, typer.Option("--timeout", help="Deadline for one download, in seconds.")
]
JobsOpt = Annotated[
    int | None,
    typer.Option("--jobs", "-j", min=1, help="Parallel downloads and extraction workers."),
]


def _fail(message: str) -> NoReturn:
    typer.echo(f"claimcheck: error: {message}", err=True)
    raise typer.Exit(ExitStatus.ERROR)


def _settings(**overrides: object) -> Settings:
    try:
        return load_settings().with_overrides(**overrides)
    except ConfigError as exc:
        _fail(str(exc))


def _not_yet(command: str, issue: int) -> NoReturn:
    _fail(f"`claimcheck {command}` is not available yet (planned in issue #{issue}).")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"claimcheck {__version__}")
        raise typer.Exit(ExitStatus.OK)


@app.callback()
def main_callback(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Check that the figures in an article are supported by the sources it cites."""


@app.command(epilog="\b\nExample:\n  claimcheck validate claims/alibaba-ai-cloud.yaml")
def validate(paths: PathsArg = None) -> None:
    """Check claims files without touching the network.

    Prints a one-line summary and exits 0, or lists every problem as file:line: message
    and exits 2.
    """
    from claimcheck.claims import find_claim_files, validate_file

    files, problems = find_claim_files(paths or DEFAULT_PATHS)
    n_claims = n_figures = 0
    source_keys: set[tuple[Path, str]] = set()
    for path in files:
        article, found = validate_file(path)
        problems.extend(found)
        if article is not None:
            n_claims += len(article.claims)
            n_figures += article.figure_count
            source_keys.update((path, s.key) for s in article.sources)
    if problems:
        for problem in problems:
            typer.echo(str(problem))
        noun = "problem" if len(problems) == 1 else "problems"
        typer.echo(f"{len(problems)} {noun} in {_plural(len(files), 'file')}", err=True)
        raise typer.Exit(ExitStatus.ERROR)
    typer.echo(
        f"{_plural(len(files), 'file')}, {_plural(n_claims, 'claim')}, "
        f"{_plural(n_figures, 'figure')}, {_plural(len(source_keys), 'source')}"
    )


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


@app.command(
    epilog=(
        "\b\nExamples:\n"
        "  claimcheck run                        # claims/ -> table, exit code for CI\n"
        "  claimcheck run --offline --format json -o report.json\n"
        "  claimcheck run examples/quickstart --fail-on contradicted"
    )
)
def run(
    paths: PathsArg = None,
    cache_dir: CacheDirOpt = None,
    offline: OfflineOpt = False,
    refresh: RefreshOpt = False,
    max_age: MaxAgeOpt = None,
    output_format: Annotated[
        str | None,
        typer.Option(
            "--format", help="table | json | markdown | junit | sarif | html (default: table)."
        ),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the report here.")
    ] = None,
    fail_on: Annotated[
        str | None,
        typer.Option(
            "--fail-on", help="Verdicts that fail the run. Default: contradicted,unsupported"
        ),
    ] = None,
    allow_private_hosts: AllowPrivateOpt = None,
    timeout: TimeoutOpt = None,
    jobs: JobsOpt = None,
) -> None:
    """Fetch what is missing, match every figure against its sources, report, set the exit code."""
    _settings(
        cache_dir=cache_dir,
        offline=offline or None,
        refresh=refresh or None,
        max_age=max_age,
        fail_on=fail_on,
        allow_private_hosts=allow_private_hosts,
        timeout=timeout,
        jobs=jobs,
    )
    _not_yet("run", 4)


@app.command(
    epilog=(
        "\b\nExamples:\n"
        "  claimcheck fetch\n"
        "  claimcheck fetch claims/alibaba-ai-cloud.yaml --max-age 7d"
    )
)
def fetch(
    paths: PathsArg = None,
    cache_dir: CacheDirOpt = None,
    offline: OfflineOpt = False,
    refresh: RefreshOpt = False,
    max_age: MaxAgeOpt = None,
    allow_private_hosts: AllowPrivateOpt = None,
    timeout: TimeoutOpt = None,
    jobs: JobsOpt = None,
) -> None:
    """Fill the cache with every cited source, without matching."""
    _settings(
        cache_dir=cache_dir,
        offline=offline or None,
        refresh=refresh or None,
        max_age=max_age,
        allow_private_hosts=allow_private_hosts,
        timeout=timeout,
        jobs=jobs,
    )
    _not_yet("fetch", 3)


@app.command(epilog="\b\nExample:\n  claimcheck extract article.txt -o claims/article.yaml")
def extract(
    article: Annotated[str, typer.Argument(help="A .txt, .md or .html file, or an http(s) URL.")],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the draft here.")
    ] = None,
    merge: Annotated[
        bool, typer.Option("--merge", help="Merge into an existing claims file, keeping edits.")
    ] = False,
) -> None:
    """Draft a claims file from an article with [n] citation markers."""
    _not_yet("extract", 6)


@cache_app.command("list", epilog="\b\nExample:\n  claimcheck cache list --cache-dir cache/")
def cache_list(cache_dir: CacheDirOpt = None) -> None:
    """List cached pages with their status, size and fetch time."""
    _settings(cache_dir=cache_dir)
    _not_yet("cache list", 3)


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
    _settings(cache_dir=cache_dir)
    _not_yet("cache import", 3)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("claimcheck: interrupted", err=True)
        sys.exit(130)
