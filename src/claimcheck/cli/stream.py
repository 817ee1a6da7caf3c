"""``claimcheck run --format jsonl``: the report written line by line as claims are finished,
for audits whose report is too large to hold. It streams when it is the only report of the run
(another format, or ``--baseline``, needs the whole report, and then the lines are written from
it at the end like any format)."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import typer

from claimcheck import __version__
from claimcheck.config import Settings

if TYPE_CHECKING:  # for their types only: `claimcheck --help` stays fast
    from claimcheck.model.results import ClaimResult, Outcome, Report
    from claimcheck.report.jsonl import JsonLines


class StreamedLines:
    """The lines of one run going to stdout or a file as the claims come."""

    def __init__(self, path: Path | None, settings: Settings) -> None:
        from claimcheck.report.jsonl import JsonLines

        self.path = path
        self.out: IO[str] = sys.stdout if path is None else path.open("w", encoding="utf-8")
        stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        self.lines: JsonLines = JsonLines(self.out, __version__, stamp, settings.fail_on)

    def claim(self, claim: ClaimResult) -> None:
        self.lines.claim(claim)

    def close(self, report: Report) -> Outcome:
        """The source lines and the summary; the coverage and summary lines to stderr."""
        from claimcheck.report.table import counts_line

        outcome = self.lines.finish(report.sources)
        if self.path is not None:
            self.out.close()
        typer.echo(self.lines.coverage(report.sources).line(), err=True)
        typer.echo(counts_line(*self.lines.summaries()), err=True)
        return outcome


def streamed(
    outputs: list[tuple[str, Path | None]], previous: dict[str, Any] | None, settings: Settings
) -> StreamedLines | None:
    """The streamed lines, when JSON Lines is the run's one report and nothing compares it."""
    if len(outputs) != 1 or outputs[0][0] != "jsonl" or previous is not None:
        return None
    return StreamedLines(outputs[0][1], settings)


def sink(lines: StreamedLines | None) -> Callable[[ClaimResult], None] | None:
    """Where the audit hands each finished claim: the streamed lines, or nowhere (the report
    is written whole at the end)."""
    return lines.claim if lines is not None else None


def write_rest(
    report: Report,
    lines: StreamedLines | None,
    outputs: list[tuple[str, Path | None]],
    settings: Settings,
    previous: dict[str, Any] | None,
    baseline: Path | None,
) -> Outcome:
    """Write what is left of the reports; the run's outcome."""
    if lines is not None:
        return lines.close(report)
    from claimcheck.cli.reports import write_reports

    write_reports(report, outputs, settings, previous, baseline)
    return report.outcome(settings.fail_on)
