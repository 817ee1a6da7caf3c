"""``claimcheck run``: fetch what is missing, match every figure, write the reports, set the
exit code.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from claimcheck.cli.common import (
    AllowPrivateOpt,
    CacheDirOpt,
    DaskOpt,
    JobsOpt,
    MaxAgeOpt,
    OfflineOpt,
    PathsArg,
    RefreshOpt,
    TimeoutOpt,
    app,
    check_cache_dir,
    check_outputs,
    interruptible,
    load,
    locations,
    run_settings,
)
from claimcheck.cli.progress import RunProgress
from claimcheck.cli.reports import read_baseline, report_targets
from claimcheck.cli.scale import cluster_errors
from claimcheck.cli.status import EXIT_FOR
from claimcheck.cli.stream import StreamedLines, sink, streamed, write_rest
from claimcheck.config import Settings
from claimcheck.model.claims import Article
from claimcheck.model.results import Outcome, Report

EXAMPLES = (
    "\b\nExamples:\n"
    "  claimcheck run                        # claims/ -> table, exit code for CI\n"
    "  claimcheck run --offline --format json -o report.json\n"
    "  claimcheck run examples/quickstart --fail-on contradicted\n"
    "  claimcheck run --dask tcp://scheduler:8786 --cache-dir s3://audits/cc --format jsonl"
)


FormatOpt = Annotated[
    str | None,
    typer.Option(
        "--format",
        help="table | json | jsonl | markdown | junit | sarif | html (default: table); jsonl "
        "is written claim by claim as the run goes.",
    ),
]
OutputOpt = Annotated[Path | None, typer.Option("--output", "-o", help="Write the report here.")]
ReportsOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--report",
        metavar="FORMAT=PATH",
        help="Also write this format to this file (repeatable), e.g. html=report.html.",
    ),
]
BaselineOpt = Annotated[
    Path | None,
    typer.Option(
        "--baseline",
        help="An earlier JSON report: mark failures new or known, list fixed ones and "
        "sources that changed.",
    ),
]
FailOnOpt = Annotated[
    str | None,
    typer.Option("--fail-on", help="Verdicts that fail the run. Default: contradicted,unsupported"),
]


@app.command(epilog=EXAMPLES)
def run(
    paths: PathsArg = None,
    cache_dir: CacheDirOpt = None,
    offline: OfflineOpt = False,
    refresh: RefreshOpt = False,
    max_age: MaxAgeOpt = None,
    output_format: FormatOpt = None,
    output: OutputOpt = None,
    reports: ReportsOpt = None,
    baseline: BaselineOpt = None,
    fail_on: FailOnOpt = None,
    allow_private_hosts: AllowPrivateOpt = None,
    timeout: TimeoutOpt = None,
    jobs: JobsOpt = None,
    dask: DaskOpt = None,
) -> None:
    """Fetch what is missing, match every figure against its sources, report, set the exit code.

    Exit status: 0 when no claim has a verdict in --fail-on, 1 when one does, 2 when cited
    figures exist and not one could be checked (every cited source unreadable; the report is
    still written and says so first) or when the run could not be done as asked (bad
    arguments, invalid claims file, unwritable cache or output), 130 when interrupted.
    """
    settings = run_settings(
        cache_dir, offline, refresh, max_age, allow_private_hosts, timeout, jobs,
        fail_on=fail_on, dask=dask,
    )  # fmt: skip
    outputs = report_targets(output_format, output, reports)
    previous = read_baseline(baseline) if baseline is not None else None
    check_outputs(outputs)
    with interruptible() as progress:
        articles = load(paths, progress)
        lines = streamed(outputs, previous, settings)  # --format jsonl: written as it goes
        report = audit_articles(articles, settings, progress, lines)
    finish(report, progress, settings, lines, outputs, previous, baseline)


def audit_articles(
    articles: list[Article],
    settings: Settings,
    progress: RunProgress,
    lines: StreamedLines | None = None,
) -> Report:
    """Fetch what the articles cite and check every figure (run and check alike); with
    ``lines``, each claim is written there as its sources finish."""
    from claimcheck.pipeline import audit

    check_cache_dir(settings)
    tick = progress.fetching(len(locations(articles)))
    with cluster_errors():
        return audit(articles, settings, tick, stage=progress.stage, on_claim=sink(lines))


def finish(
    report: Report,
    progress: RunProgress,
    settings: Settings,
    lines: StreamedLines | None,
    outputs: list[tuple[str, Path | None]],
    previous: dict[str, Any] | None,
    baseline: Path | None,
) -> NoReturn:
    """Say what happened to the sources, write the reports, exit with the outcome's code."""
    from claimcheck.net import summarize

    typer.echo(summarize(progress.results), err=True)
    outcome = write_rest(report, lines, outputs, settings, previous, baseline)
    if outcome is Outcome.UNCHECKED:
        reasons = {reason for reason, _ in report.coverage().source_reasons}
        hint = "; run without --offline to fetch them" if reasons == {"not_cached"} else ""
        typer.echo(
            "claimcheck: not one cited figure could be checked: an audit that checked nothing "
            f"is not a pass (exit 2){hint}",
            err=True,
        )
    raise typer.Exit(EXIT_FOR[outcome])
