"""Command-line interface: parse arguments, build objects, call the core, map outcomes to exits.

Heavy modules (requests, lxml, pypdf, rapidfuzz) are imported inside the commands that use them
so that ``claimcheck --help`` and ``claimcheck validate`` start fast.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from claimcheck import __version__
from claimcheck.config import ConfigError, Settings, load_settings
from claimcheck.model.results import Outcome
from claimcheck.progress import RunProgress, terminate_as_interrupt
from claimcheck.status import EXIT_FOR, ExitStatus

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
    float | None,
    typer.Option("--timeout", min=0.1, help="Deadline for one download, in seconds."),
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
    from claimcheck.audit import claim_figures
    from claimcheck.claimsfile import find_claim_files, validate_file
    from claimcheck.quantities import parse_figure

    files, problems = find_claim_files(paths or DEFAULT_PATHS)
    n_claims = n_figures = 0
    source_keys: set[tuple[Path, str]] = set()
    for path in files:
        article, found = validate_file(path, figure_parser=parse_figure)
        problems.extend(found)
        if article is not None:
            n_claims += len(article.claims)
            # claims without `figures:` are checked on the figures parsed from their text
            counts = [len(claim_figures(c)) for c in article.claims]
            n_figures += sum(counts)
            source_keys.update((path, s.key) for s in article.sources)
            for claim, n in zip(article.claims, counts, strict=True):
                if claim.cited and not n:
                    typer.echo(
                        f"{path}:{claim.line}: warning: claim {claim.id!r} states no figure that "
                        "can be checked; it will be reported as unverifiable (no_figures)",
                        err=True,
                    )
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
    reports: Annotated[
        list[str] | None,
        typer.Option(
            "--report",
            metavar="FORMAT=PATH",
            help="Also write this format to this file (repeatable), e.g. html=report.html.",
        ),
    ] = None,
    baseline: Annotated[
        Path | None,
        typer.Option(
            "--baseline",
            help="An earlier JSON report: mark failures new or known, list fixed ones and "
            "sources that changed.",
        ),
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
    """Fetch what is missing, match every figure against its sources, report, set the exit code.

    Exit status: 0 when no claim has a verdict in --fail-on, 1 when one does, 2 when cited
    figures exist and not one could be checked (every cited source unreadable; the report is
    still written and says so first) or when the run could not be done as asked (bad
    arguments, invalid claims file, unwritable cache or output), 130 when interrupted.
    """
    settings = _settings(
        cache_dir=cache_dir,
        offline=offline or None,
        refresh=refresh or None,
        max_age=max_age,
        fail_on=fail_on,
        allow_private_hosts=allow_private_hosts,
        timeout=timeout,
        jobs=jobs,
    )
    outputs = [(output_format or "table", output), *(_report_target(r) for r in reports or ())]
    from claimcheck.report import FORMATS

    for name, _ in outputs:
        if name not in FORMATS:
            _fail(f"unknown format {name!r}; choose from {', '.join(FORMATS)}")
    previous = _read_baseline(baseline) if baseline is not None else None
    _check_outputs(outputs)
    from claimcheck.audit import audit

    with _interruptible() as progress:
        articles = _load(paths, progress)
        _check_cache_dir(settings)
        tick = progress.fetching(len(_locations(articles)))
        report = audit(articles, settings, progress=tick, stage=progress.stage)
    from claimcheck.net import summarize

    typer.echo(summarize(progress.results), err=True)
    diff = None
    if previous is not None:
        from claimcheck.report.baseline import compare

        try:
            diff = compare(report.to_json(), previous, fail_on=settings.fail_on)
        except ValueError as exc:
            _fail(f"--baseline {baseline}: {exc}")
    for name, path in outputs:
        _emit(report, name, path, settings, diff)
    primary, primary_path = outputs[0]
    if primary_path is not None or primary != "table":
        # the report owns stdout (or went to a file): the human summary goes to stderr
        from claimcheck.report.table import summary_line

        typer.echo(report.coverage().line(), err=True)
        typer.echo(summary_line(report), err=True)
    outcome = report.outcome(settings.fail_on)
    if outcome is Outcome.UNCHECKED:
        reasons = {reason for reason, _ in report.coverage().source_reasons}
        hint = "; run without --offline to fetch them" if reasons == {"not_cached"} else ""
        typer.echo(
            "claimcheck: not one cited figure could be checked: an audit that checked nothing "
            f"is not a pass (exit 2){hint}",
            err=True,
        )
    raise typer.Exit(EXIT_FOR[outcome])


def _report_target(spec: str) -> tuple[str, Path | None]:
    name, sep, path = spec.partition("=")
    if not sep or not name.strip() or not path.strip():
        _fail(f"--report {spec!r}: write FORMAT=PATH, e.g. --report html=report.html")
    return name.strip(), Path(path.strip())


def _read_baseline(path: Path) -> dict[str, Any]:
    import json

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        _fail(f"--baseline {path}: {exc.strerror or exc}")
    except ValueError as exc:
        _fail(f"--baseline {path}: not a JSON report ({exc})")
    from claimcheck.model.results import SCHEMA_ID, Report

    # read back before the run, so a wrong file costs seconds, not a whole audit; older reports
    # with fewer fields are fine
    try:
        if not isinstance(data, dict) or data.get("schema") != SCHEMA_ID:
            raise ValueError(f"its schema is not {SCHEMA_ID}")
        Report.from_json(data)
    except KeyError as exc:
        _fail(f"--baseline {path}: not a claimcheck JSON report (missing key {exc.args[0]!r})")
    except (TypeError, ValueError, AttributeError) as exc:
        _fail(f"--baseline {path}: not a claimcheck JSON report ({exc!s})")
    return data


def _emit(report: Any, name: str, path: Path | None, settings: Settings, diff: Any) -> None:
    from claimcheck.report import render

    to_terminal = path is None and sys.stdout.isatty()
    options: dict[str, Any] = {
        "color": to_terminal and "NO_COLOR" not in os.environ,
        "fail_on": settings.fail_on,
        "baseline": diff,
    }
    if name == "html":
        options["cache_links"] = _cache_links(report, settings, path)
    if name == "table" and path is None:
        import shutil

        # COLUMNS first, then the terminal itself; a pipe without COLUMNS gets the default
        options["width"] = shutil.get_terminal_size((0, 0)).columns or None
    _write(render(report, name, **options), path)


def _cache_links(report: Any, settings: Settings, path: Path | None) -> dict[str, str]:
    """Source URL -> the cached copy, relative to the HTML file, so the report links to it."""
    from claimcheck.store import Cache

    cache = Cache(settings.cache_dir)
    base = (path.parent if path is not None else Path.cwd()).resolve()
    links: dict[str, str] = {}
    for src in report.sources:
        if not src.url.startswith(("http://", "https://")):
            continue
        entry = cache.get(src.url)
        if entry is not None and entry.body_path is not None:
            links[src.url] = os.path.relpath(entry.body_path.resolve(), base)
    return links


def _load(paths: list[Path] | None, progress: RunProgress | None = None) -> list[Any]:
    from claimcheck.audit import load_articles

    if progress is None:
        articles, problems = load_articles(paths or DEFAULT_PATHS)
    else:
        articles, problems = load_articles(paths or DEFAULT_PATHS, progress.stage)
    if problems:
        for problem in problems:
            typer.echo(str(problem), err=True)
        _fail(f"{len(problems)} problem(s) in the claims files; nothing was fetched")
    return articles


def _locations(articles: list[Any]) -> list[Any]:
    from claimcheck.audit import cited_locations

    return cited_locations(articles)


def _check_outputs(outputs: list[tuple[str, Path | None]]) -> None:
    """Fail before the audit, not after it, when a report could not be written (exit 2)."""
    import tempfile

    for _, path in outputs:
        if path is None:
            continue
        if path.is_dir():
            _fail(f"cannot write the report to {path}: it is a folder; name a file in it")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.TemporaryFile(dir=path.parent):
                pass
            if path.exists() and not os.access(path, os.W_OK):
                raise PermissionError(13, "Permission denied")
        except OSError as exc:
            _fail(f"cannot write the report to {path}: {exc.strerror or exc}; nothing was run")


def _check_cache_dir(settings: Settings) -> None:
    """A cache that cannot be written fails the run (exit 2), unless --offline: an offline run
    only reads pages, so a read-only cache is read as it is."""
    import tempfile

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
        _fail(f"cache folder {settings.cache_dir} is not writable: {why}")


@contextmanager
def _interruptible() -> Iterator[RunProgress]:
    """Progress on stderr (a terminal only); on SIGINT or SIGTERM, say how far the run got and
    exit 130. Downloads in flight stop within a moment; what is in the cache stays there."""
    progress = RunProgress()
    try:
        with terminate_as_interrupt(), progress:
            yield progress
    except KeyboardInterrupt:
        typer.echo(progress.interrupted_line(), err=True)
        raise typer.Exit(ExitStatus.INTERRUPTED) from None


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        _fail(f"cannot write {output}: {exc.strerror or exc}")


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
    """Fill the cache with every cited source, without matching.

    Ends with one summary line: fetched, from cache, revalidated, archived, failed (by reason).
    Exits 0 even when some sources failed (their verdicts say so at `run`); 2 on bad input.
    """
    settings = _settings(
        cache_dir=cache_dir,
        offline=offline or None,
        refresh=refresh or None,
        max_age=max_age,
        allow_private_hosts=allow_private_hosts,
        timeout=timeout,
        jobs=jobs,
    )
    from claimcheck.audit import fetch_sources
    from claimcheck.net import summarize
    from claimcheck.store import Cache

    with _interruptible() as progress:
        articles = _load(paths, progress)
        _check_cache_dir(settings)
        tick = progress.fetching(len(_locations(articles)))
        results = fetch_sources(articles, settings, Cache(settings.cache_dir), tick)
    for loc, result in results.items():
        if result.error_reason:
            typer.echo(f"{loc}: {result.error_reason}: {result.error_detail or ''}", err=True)
    typer.echo(summarize(results))


@app.command(
    epilog=(
        "\b\nExamples:\n"
        "  claimcheck extract article.txt -o claims/article.yaml\n"
        "  claimcheck extract https://example.com/story -o claims/story.yaml --merge"
    )
)
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
    settings = _settings(
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
        _fail(f"{article}: {exc}")
    if output is not None and _url_or_none(article) is None:
        # files the article names are beside it; path: in a claims file is relative to it
        draft = rebase_paths(draft, Path(article).parent, output.parent)
    for warning in draft.warnings:
        typer.echo(f"warning: {warning}", err=True)
    if merge:
        if output is None or not output.is_file():
            _fail("--merge needs -o pointing at an existing claims file")
        try:
            merged = merge_details(output.read_text(encoding="utf-8"), draft)
        except ValueError as exc:
            _fail(f"{output}: {exc}")
        for warning in merged.warnings:
            typer.echo(f"warning: {warning}", err=True)
        text = merged.text
    else:
        text = render_yaml(draft)
    _write(text, output)
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
            _fail(f"{article}: {exc.strerror or exc}")
    _check_cache_dir(settings)
    from claimcheck.net import Fetcher
    from claimcheck.store import Cache

    with Fetcher(settings, Cache(settings.cache_dir)) as fetcher:
        result = fetcher.fetch(article)
    if not result.ok:
        _fail(f"{article}: {result.error_reason}: {result.error_detail or ''}")
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
            f"{path}: {_plural(len(article.claims), 'claim')}, "
            f"{_plural(article.figure_count, 'figure')}, "
            f"{_plural(len(article.sources), 'source')} (a draft: review it)",
            err=True,
        )


@app.command(epilog="\b\nExample:\n  claimcheck schema > claimcheck-report.schema.json")
def schema() -> None:
    """Print the JSON Schema of the JSON report (claimcheck.report/1)."""
    import json

    from claimcheck.report.schema import load_schema

    typer.echo(json.dumps(load_schema(), indent=2))


@cache_app.command("list", epilog="\b\nExample:\n  claimcheck cache list --cache-dir cache/")
def cache_list(cache_dir: CacheDirOpt = None) -> None:
    """List cached pages with their status, size and fetch time."""
    settings = _settings(cache_dir=cache_dir)
    from claimcheck.store import Cache

    count = 0
    for entry in sorted(Cache(settings.cache_dir).list_entries(), key=lambda e: e.url):
        count += 1
        state = entry.error_reason or str(entry.status or "ok")
        size = f"{entry.size or 0:>10,}"
        typer.echo(
            f"{entry.fetched_at or '-':<20}  {state:<14} {size}  {entry.provenance:<9} {entry.url}"
        )
    noun = "entry" if count == 1 else "entries"
    typer.echo(f"{count} {noun} in {settings.cache_dir}", err=True)


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
    settings = _settings(cache_dir=cache_dir)
    from urllib.parse import urlsplit

    from claimcheck.store import Cache

    if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).hostname:
        _fail(f"{url!r} is not an http(s) URL")
    if not file.is_file():
        _fail(f"{file}: no such file")
    _check_cache_dir(settings)
    entry = Cache(settings.cache_dir).import_file(url, file)
    typer.echo(f"imported {file} as {url} ({entry.size or 0:,} bytes, {entry.content_type})")


def main() -> None:
    try:
        app(standalone_mode=True)
    except KeyboardInterrupt:
        typer.echo("claimcheck: interrupted", err=True)
        sys.exit(130)
    except Exception:  # a bug must not look like findings (exit 1) to a CI pipeline
        import traceback

        traceback.print_exc()
        typer.echo("claimcheck: internal error (a bug: please report it)", err=True)
        sys.exit(ExitStatus.ERROR)
