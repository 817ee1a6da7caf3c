"""Writing the reports of a run: ``--format``/``-o`` and ``--report FORMAT=PATH``, each with the
options its format takes, and ``--baseline`` read back before the run.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimcheck.cli.common import fail, write
from claimcheck.config import Settings

if TYPE_CHECKING:  # imported for their types only: `claimcheck --help` stays fast
    from claimcheck.model.results import Report
    from claimcheck.report.baseline import BaselineDiff


def report_targets(
    output_format: str | None, output: Path | None, reports: list[str] | None
) -> list[tuple[str, Path | None]]:
    """Every report to write, (format, path or None for stdout), the primary one first; an
    unknown format fails before anything runs."""
    outputs = [(output_format or "table", output), *(report_target(r) for r in reports or ())]
    from claimcheck.report import FORMATS

    for name, _ in outputs:
        if name not in FORMATS:
            fail(f"unknown format {name!r}; choose from {', '.join(FORMATS)}")
    return outputs


def report_target(spec: str) -> tuple[str, Path | None]:
    name, sep, path = spec.partition("=")
    if not sep or not name.strip() or not path.strip():
        fail(f"--report {spec!r}: write FORMAT=PATH, e.g. --report html=report.html")
    return name.strip(), Path(path.strip())


def read_baseline(path: Path) -> dict[str, Any]:
    import json

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        fail(f"--baseline {path}: {exc.strerror or exc}")
    except ValueError as exc:
        fail(f"--baseline {path}: not a JSON report ({exc})")
    from claimcheck.model.results import SCHEMA_ID, Report

    # read back before the run, so a wrong file costs seconds, not a whole audit; older reports
    # with fewer fields are fine
    try:
        if not isinstance(data, dict) or data.get("schema") != SCHEMA_ID:
            raise ValueError(f"its schema is not {SCHEMA_ID}")
        Report.from_json(data)
    except KeyError as exc:
        fail(f"--baseline {path}: not a claimcheck JSON report (missing key {exc.args[0]!r})")
    except (TypeError, ValueError, AttributeError) as exc:
        fail(f"--baseline {path}: not a claimcheck JSON report ({exc!s})")
    return data


def write_reports(
    report: Report,
    outputs: list[tuple[str, Path | None]],
    settings: Settings,
    previous: dict[str, Any] | None,
    baseline: Path | None,
) -> None:
    """Write every report (compared with the ``previous`` report read from ``baseline``); when
    the primary report does not own the terminal, the coverage and summary lines go to stderr."""
    import typer

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


def emit(
    report: Report, name: str, path: Path | None, settings: Settings, diff: BaselineDiff | None
) -> None:
    """Write the report in format ``name`` to ``path`` (None: stdout), with what the run knows
    that this format takes (see each format's ``Options``)."""
    from claimcheck.report import option_names, render

    takes = option_names(name)
    to_terminal = path is None and sys.stdout.isatty()
    known: dict[str, Any] = {
        "color": to_terminal and "NO_COLOR" not in os.environ,
        "fail_on": settings.fail_on,
        "baseline": diff,
    }
    if "cache_links" in takes:
        known["cache_links"] = cache_links(report, settings, path)
    if "width" in takes and path is None:
        import shutil

        # COLUMNS first, then the terminal itself; a pipe without COLUMNS gets the default
        known["width"] = shutil.get_terminal_size((0, 0)).columns or None
    write(render(report, name, **{k: v for k, v in known.items() if k in takes}), path)


def cache_links(report: Report, settings: Settings, path: Path | None) -> dict[str, str]:
    """Source URL -> the cached copy, relative to the HTML file, so the report links to it."""
    from claimcheck.store import open_cache

    cache = open_cache(settings.cache_root)
    base = (path.parent if path is not None else Path.cwd()).resolve()
    links: dict[str, str] = {}
    for src in report.sources:
        if not src.url.startswith(("http://", "https://")):
            continue
        entry = cache.get(src.url)
        if entry is not None and entry.body_path is not None:
            links[src.url] = os.path.relpath(entry.body_path.resolve(), base)
    return links
