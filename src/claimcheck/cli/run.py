"""``claimcheck run``: fetch what is missing, match every figure, write the reports, set the
exit code.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from claimcheck.cli.common import (
    AllowPrivateOpt,
    CacheDirOpt,
    JobsOpt,
    MaxAgeOpt,
    OfflineOpt,
    PathsArg,
    RefreshOpt,
    TimeoutOpt,
    app,
    check_cache_dir,
    check_outputs,
    fail,
    interruptible,
    load,
    locations,
    settings_with,
)
from claimcheck.cli.reports import emit, read_baseline, report_target
from claimcheck.cli.status import EXIT_FOR
from claimcheck.model.results import Outcome


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
    settings = settings_with(
        cache_dir=cache_dir,
        offline=offline or None,
        refresh=refresh or None,
        max_age=max_age,
        fail_on=fail_on,
        allow_private_hosts=allow_private_hosts,
        timeout=timeout,
        jobs=jobs,
    )
    outputs = [(output_format or "table", output), *(report_target(r) for r in reports or ())]
    from claimcheck.report import FORMATS

    for name, _ in outputs:
        if name not in FORMATS:
            fail(f"unknown format {name!r}; choose from {', '.join(FORMATS)}")
    previous = read_baseline(baseline) if baseline is not None else None
    check_outputs(outputs)
    from claimcheck.audit import audit

    with interruptible() as progress:
        articles = load(paths, progress)
        check_cache_dir(settings)
        tick = progress.fetching(len(locations(articles)))
        report = audit(articles, settings, progress=tick, stage=progress.stage)
    from claimcheck.net import summarize

    typer.echo(summarize(progress.results), err=True)
    diff = None
    if previous is not None:
        from claimcheck.report.baseline import compare

        try:
            diff = compare(report.to_json(), previous, fail_on=settings.fail_on)
        except ValueError as exc:
            fail(f"--baseline {baseline}: {exc}")
    for name, path in outputs:
        emit(report, name, path, settings, diff)
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
